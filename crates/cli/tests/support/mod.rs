//! The shared test kit, and the `jsess` binary under test.
#![allow(dead_code)]

pub use jsess_testkit::*;

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
    serde_json::from_slice(&out.stdout).unwrap_or(serde_json::Value::Null)
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
