//! msm stores in a real redis-server for the CLI's Redis tests: the corpus loaded under msm's
//! keys, reads of keys and times to live, and what migrations leave behind.

use std::collections::HashMap;

use super::{corpus, corpus_sessions};

/// A key and its value.
pub type KeyValue = (Vec<u8>, Vec<u8>);

/// Session lifetime given to loaded sessions: 30 minutes, as msm's non-sticky 2 × 15 min.
pub const SESSION_TTL_MS: u64 = 1_800_000;

/// The corpus under msm keys, with the values msm keeps beside sessions and a few foreign keys.
/// Returns the session keys (with their blobs) and the other keys.
pub fn load(conn: &mut impl redis::ConnectionLike, prefix: &str) -> (Vec<KeyValue>, Vec<KeyValue>) {
    let sessions = corpus_sessions(prefix);
    let blobs: HashMap<String, Vec<u8>> = corpus().into_iter().collect();
    let first_id = String::from_utf8_lossy(&sessions[0].0[prefix.len()..]).into_owned();
    let others: Vec<(Vec<u8>, Vec<u8>)> = vec![
        (
            format!("validity:{prefix}{first_id}").into_bytes(),
            blobs["validity_example"].clone(),
        ),
        (
            format!("lock:{prefix}{first_id}").into_bytes(),
            blobs["lock"].clone(),
        ),
        (
            format!("{prefix}PINGED0000000000000000000000000").into_bytes(),
            blobs["ping_1byte"].clone(),
        ),
        (b"app:counter".to_vec(), b"17".to_vec()),
        (b"kryo-session".to_vec(), blobs["kryo_example"].clone()),
    ];
    for (i, (key, blob)) in sessions.iter().enumerate() {
        // Every fifth session never expires (maxInactiveInterval <= 0 gives a plain SET).
        if i % 5 == 4 {
            let _: () = conn
                .req_command(redis::cmd("SET").arg(key).arg(blob))
                .map(|_| ())
                .expect("SET");
        } else {
            conn.req_command(
                redis::cmd("SET")
                    .arg(key)
                    .arg(blob)
                    .arg("PX")
                    .arg(SESSION_TTL_MS),
            )
            .expect("SET PX");
        }
    }
    for (key, value) in &others {
        conn.req_command(redis::cmd("SET").arg(key).arg(value).arg("PX").arg(60_000))
            .expect("SET");
    }
    conn.req_command(redis::cmd("HSET").arg("spring:session:x").arg("f").arg("v"))
        .expect("HSET");
    (sessions, others)
}

pub fn get(conn: &mut impl redis::ConnectionLike, key: &[u8]) -> Option<Vec<u8>> {
    match conn.req_command(redis::cmd("GET").arg(key)).expect("GET") {
        redis::Value::BulkString(b) => Some(b),
        _ => None,
    }
}

pub fn pttl(conn: &mut impl redis::ConnectionLike, key: &[u8]) -> i64 {
    match conn.req_command(redis::cmd("PTTL").arg(key)).expect("PTTL") {
        redis::Value::Int(n) => n,
        other => panic!("PTTL gave {other:?}"),
    }
}

/// The value read back as the original msm-java bytes (what Tomcat's Java transcoder wrote).
pub fn as_msm_java(bytes: &[u8]) -> Vec<u8> {
    let codec = jsess_msm::detect(bytes, None).expect("a registry format");
    let session = codec
        .decode(bytes, &jsess_javaser::Limits::DEFAULT)
        .expect("decodes");
    jsess_msm::codec("msm-java", None)
        .expect("msm-java")
        .encode(&session)
        .expect("re-encodes")
}

pub fn format_of(bytes: &[u8]) -> Option<&'static str> {
    jsess_msm::detect(bytes, None).map(|c| c.name())
}

/// Snapshot of every string key: value and PTTL.
pub fn snapshot(conn: &mut redis::Connection) -> HashMap<Vec<u8>, (Vec<u8>, i64)> {
    let keys: Vec<Vec<u8>> = redis::cmd("KEYS").arg("*").query(conn).expect("KEYS");
    keys.into_iter()
        .filter_map(|k| {
            let v = get(conn, &k)?;
            let t = pttl(conn, &k);
            Some((k, (v, t)))
        })
        .collect()
}

/// `n` keys `s0`, `s1`, … holding the corpus's smaller sessions in turn, half with a TTL.
pub fn load_many(conn: &mut redis::Connection, n: usize) -> Vec<Vec<u8>> {
    let small: Vec<Vec<u8>> = corpus_sessions("")
        .into_iter()
        .map(|(_, b)| b)
        .filter(|b| b.len() < 4096)
        .collect();
    let mut pipe = redis::pipe();
    let mut values = Vec::with_capacity(n);
    for i in 0..n {
        let blob = small[i % small.len()].clone();
        if i % 2 == 0 {
            pipe.cmd("SET")
                .arg(format!("s{i}"))
                .arg(&blob)
                .arg("PX")
                .arg(SESSION_TTL_MS)
                .ignore();
        } else {
            pipe.cmd("SET").arg(format!("s{i}")).arg(&blob).ignore();
        }
        values.push(blob);
        if pipe.len() >= 1000 || i + 1 == n {
            pipe.query::<()>(conn).expect("load");
            pipe = redis::pipe();
        }
    }
    values
}

pub fn checkpoint_migrated(backup: &std::path::Path) -> u64 {
    let path = format!("{}.checkpoint", backup.display());
    std::fs::read(path)
        .ok()
        .and_then(|b| serde_json::from_slice::<serde_json::Value>(&b).ok())
        .and_then(|c| c["counters"]["migrated"].as_u64())
        .unwrap_or(0)
}

/// Every key holds its session, in `format`, equal to the original once read back.
pub fn assert_all_migrated(conn: &mut redis::Connection, originals: &[Vec<u8>], format: &str) {
    for (i, original) in originals.iter().enumerate() {
        let key = format!("s{i}");
        let value = get(conn, key.as_bytes()).unwrap_or_else(|| panic!("{key} is gone"));
        assert_eq!(format_of(&value), Some(format), "{key}");
        assert_eq!(&as_msm_java(&value), original, "{key}");
    }
}

/// `blob` as the same session backed up again `later_ms` after its last backup.
pub fn backed_up_later(blob: &[u8], later_ms: i64) -> Vec<u8> {
    let mut session = jsess_msm::decode(blob, &jsess_javaser::Limits::DEFAULT).expect("decodes");
    session.envelope.last_backup_time += later_ms;
    jsess_msm::encode(&session).expect("encodes")
}

/// The corpus file a session blob came from.
pub fn corpus_name(blob: &[u8]) -> String {
    corpus()
        .into_iter()
        .find(|(_, b)| b == blob)
        .map(|(name, _)| name)
        .unwrap_or_default()
}
