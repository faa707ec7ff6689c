//! The hand-made hostile inputs of `corpora/hostile/crafted/`, each run through the `jsess`
//! binary: the outcome `expected.json` names, within 256 MB of memory and 1 s each (bounds that
//! only a hang or a runaway allocation could break).

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

const MAX_RSS_KB: i64 = 256 * 1024;
const MAX_TIME: Duration = Duration::from_secs(1);

/// Largest resident set of any child process that has finished, in KiB.
fn children_max_rss_kb() -> i64 {
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: getrusage writes a complete rusage into the pointer it is given.
    let usage = unsafe {
        libc::getrusage(libc::RUSAGE_CHILDREN, usage.as_mut_ptr());
        usage.assume_init()
    };
    usage.ru_maxrss
}

#[test]
fn crafted_inputs_get_their_outcome_within_bounds() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpora/hostile/crafted");
    let expected: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.join("expected.json")).expect("expected.json"),
    )
    .expect("JSON");
    let cases = expected.as_object().expect("object");
    assert!(cases.len() >= 10);
    for (name, expect) in cases {
        let path = dir.join(name);
        let started = Instant::now();
        let out = Command::new(env!("CARGO_BIN_EXE_jsess"))
            .args(["inspect", "--json", path.to_str().expect("utf-8 path")])
            .output()
            .expect("run jsess");
        let elapsed = started.elapsed();
        let stderr = String::from_utf8_lossy(&out.stderr);
        match expect["outcome"].as_str() {
            Some("rejected") => {
                assert_eq!(out.status.code(), Some(1), "{name}: {stderr}");
                let message = expect["message"].as_str().unwrap_or_default();
                assert!(
                    stderr.contains(message),
                    "{name}: expected {message:?} in {stderr}"
                );
            }
            Some("decodes") => assert!(out.status.success(), "{name}: {stderr}"),
            other => panic!("{name}: unknown outcome {other:?}"),
        }
        assert!(elapsed < MAX_TIME, "{name} took {elapsed:?}");
        assert!(
            children_max_rss_kb() < MAX_RSS_KB,
            "{name} pushed peak memory to {} KiB",
            children_max_rss_kb()
        );
    }
}

#[test]
fn serialdos_inputs_are_audit_findings() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpora/hostile/crafted");
    for (name, kind) in [
        ("fan_out_2_40.bin", "reference-fan-out"),
        ("nested_sets_1000.bin", "nested-collections"),
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_jsess"))
            .args([
                "audit",
                "--json",
                dir.join(name).to_str().expect("utf-8 path"),
            ])
            .output()
            .expect("run jsess");
        assert_eq!(out.status.code(), Some(3), "{name}");
        assert!(
            String::from_utf8_lossy(&out.stdout).contains(kind),
            "{name}"
        );
    }
}
