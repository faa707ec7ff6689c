//! What the store's engine tests share: a plan that knows no session format, their settings,
//! and a directory's files.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Mutex;

use jsess_store::{Decision, Plan, Settings};

/// Values starting with `S` are sessions; the new form is the value + `!`.
#[derive(Default)]
pub struct Mark {
    /// Keys whose value the "application" replaces while the plan decides (how many times).
    pub concurrent: Mutex<BTreeMap<Vec<u8>, usize>>,
    pub url: Option<String>,
}

impl Plan for Mark {
    fn decide(&self, key: &[u8], bytes: &[u8]) -> Decision {
        if let (Some(url), Some(left)) = (
            &self.url,
            self.concurrent.lock().expect("not poisoned").get_mut(key),
        ) {
            if *left > 0 {
                *left -= 1;
                let mut conn = redis::Client::open(url.as_str())
                    .and_then(|c| c.get_connection())
                    .expect("connection");
                redis::cmd("SET")
                    .arg(key)
                    .arg([b"S-app-", &[b'0' + *left as u8][..]].concat())
                    .exec(&mut conn)
                    .expect("SET");
            }
        }
        match bytes.first() {
            Some(b'S') if bytes.ends_with(b"!") => Decision::AlreadyTarget {
                format: "marked".into(),
                id: key.to_vec(),
                written_at: 0,
            },
            Some(b'S') => Decision::Write {
                bytes: [bytes, b"!"].concat(),
                id: key.to_vec(),
                written_at: written_at(bytes),
                dropped: Vec::new(),
            },
            Some(b'X') => Decision::Fail("cannot be rewritten".into()),
            _ => Decision::Skip("not a session".into()),
        }
    }

    fn written_at(&self, bytes: &[u8]) -> Option<i64> {
        (bytes.first() == Some(&b'S')).then(|| written_at(bytes))
    }
}

/// A "session"'s time: its digits.
pub fn written_at(bytes: &[u8]) -> i64 {
    let digits: String = bytes
        .iter()
        .filter(|b| b.is_ascii_digit())
        .map(|&b| b as char)
        .collect();
    digits.parse().unwrap_or(0)
}

/// In place, batches of 2, job `test`.
pub fn settings(backup: PathBuf) -> Settings {
    Settings {
        batch_size: 2,
        job: "test".into(),
        ..Settings::new(backup)
    }
}

/// A directory's files by name.
pub fn files(dir: &std::path::Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .expect("dir")
        .map(|e| {
            let p = e.expect("entry").path();
            (
                p.file_name().expect("name").to_string_lossy().into_owned(),
                std::fs::read(&p).expect("file"),
            )
        })
        .collect()
}

/// How many calls of `command` an `INFO commandstats` reply counts.
pub fn calls(stats: &str, command: &str) -> u64 {
    stats
        .lines()
        .find_map(|l| l.strip_prefix(&format!("cmdstat_{command}:calls=")))
        .and_then(|rest| rest.split(',').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

/// How many times `conn`'s server ran `command`.
pub fn server_calls(conn: &mut redis::Connection, command: &str) -> u64 {
    let info: String = redis::cmd("INFO")
        .arg("commandstats")
        .query(conn)
        .expect("INFO");
    calls(&info, command)
}

/// `SET key value [PX px]`.
pub fn set(conn: &mut redis::Connection, key: &str, value: &[u8], px: Option<i64>) {
    let mut cmd = redis::cmd("SET");
    cmd.arg(key).arg(value);
    if let Some(px) = px {
        cmd.arg("PX").arg(px);
    }
    cmd.exec(conn).expect("SET");
}

/// k0…k249 holding v0…v249, every other one (k0, k2, …) with 600 s to live, and a hash
/// `a-hash`: the keys the batched reads and writes are tested over.
pub fn two_hundred_fifty_keys(conn: &mut redis::Connection) {
    for i in 0..250 {
        let px = (i % 2 == 0).then_some(600_000);
        set(conn, &format!("k{i}"), format!("v{i}").as_bytes(), px);
    }
    redis::cmd("HSET")
        .arg("a-hash")
        .arg("f")
        .arg("v")
        .exec(conn)
        .expect("HSET");
}
