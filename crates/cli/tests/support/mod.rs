//! The shared test kit, and the `jsess` binary under test.
#![allow(dead_code)]

pub use jsess_testkit::*;

pub mod msm;

use std::process::Command;

/// The `jsess` binary this package builds.
pub fn jsess() -> Command {
    Command::new(env!("CARGO_BIN_EXE_jsess"))
}

/// The JSON a command printed, after checking it succeeded (`Null` when it printed none).
pub fn ok(out: &std::process::Output) -> serde_json::Value {
    assert!(
        out.status.success(),
        "status {:?}\nstdout {}\nstderr {}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    if out.stdout.iter().all(u8::is_ascii_whitespace) {
        return serde_json::Value::Null;
    }
    parse_json(&out.stdout)
}

/// Polls `done` until it holds, failing the test after a minute.
pub fn wait_for(what: &str, mut done: impl FnMut() -> bool) {
    let started = std::time::Instant::now();
    while !done() {
        assert!(
            started.elapsed() < std::time::Duration::from_secs(60),
            "gave up waiting: {what}"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

/// Runs the `jsess` binary with `args` and waits for it.
pub fn run(args: &[&str]) -> std::process::Output {
    jsess().args(args).output().expect("run jsess")
}

/// A file of one of the corpora, as a path string.
pub fn corpus_file(corpus: &str, name: &str) -> String {
    corpora()
        .join(corpus)
        .join(name)
        .to_string_lossy()
        .into_owned()
}

/// A path in this test process's scratch directory.
pub fn temp_file(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("jsess-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir.join(name)
}

/// A session of the msm corpus.
pub fn msm(name: &str) -> String {
    corpus_file("msm", name)
}

/// A session of the Kryo corpus.
pub fn kryo(name: &str) -> String {
    corpus_file("kryo", name)
}
