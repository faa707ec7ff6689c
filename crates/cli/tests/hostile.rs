//! The hand-made hostile inputs of `corpora/hostile/crafted/`, each run through the `jsess`
//! binary: the outcome `expected.json` names, within 256 MB of memory and 10 s of processor time
//! each (bounds that only a loop or a runaway allocation could break; the kernel enforces the
//! processor time, so a loaded machine cannot fail the test).

mod support;

use std::path::Path;

use support::{children_max_rss_kb, jsess, limit_cpu};

const MAX_RSS_KB: i64 = 256 * 1024;
/// Processor seconds a run may use; a hostile input that made jsess loop would reach it, an
/// honest run of these small files uses a few milliseconds.
const MAX_CPU_SECONDS: u64 = 10;

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
        let out = limit_cpu(&mut jsess(), MAX_CPU_SECONDS)
            .args(["inspect", "--json", path.to_str().expect("utf-8 path")])
            .output()
            .expect("run jsess");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            out.status.code().is_some(),
            "{name}: ended by a signal ({:?}): processor time or memory ran out",
            out.status
        );
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
        let out = jsess()
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
