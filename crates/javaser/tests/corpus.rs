//! Every stream in `corpora/java/` was written by a real JDK. Each must decode, re-encode byte
//! for byte, and decode to exactly what Java's own `ObjectInputStream` read from it, as recorded
//! by the Java side in `<case>.json` (shape: `corpora/java/DESCRIPTION.md`).

mod describe;

use std::path::{Path, PathBuf};

use describe::{describe_classes, unordered, Describer};
use jsess_javaser::{decode, decode_prefix, encode, ErrorKind, Limits};
use serde_json::{json, Value as Json};

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpora/java")
}

fn cases() -> Vec<(String, Vec<u8>, Json)> {
    let mut cases = Vec::new();
    for entry in std::fs::read_dir(corpus_dir()).expect("corpus directory") {
        let path = entry.expect("dir entry").path();
        if path.extension().is_some_and(|e| e == "ser") {
            let bytes = std::fs::read(&path).expect("stream");
            let description =
                std::fs::read_to_string(path.with_extension("json")).expect("description");
            let name = path
                .file_stem()
                .expect("stem")
                .to_string_lossy()
                .into_owned();
            cases.push((
                name,
                bytes,
                serde_json::from_str(&description).expect("description JSON"),
            ));
        }
    }
    cases.sort_by(|a, b| a.0.cmp(&b.0));
    cases
}

#[test]
fn corpus_is_large_enough() {
    assert!(cases().len() >= 50, "corpus has {} streams", cases().len());
}

#[test]
fn every_stream_matches_what_java_read() {
    let mut failures = Vec::new();
    for (name, bytes, expected) in cases() {
        if let Err(problem) = check(&bytes, &expected) {
            failures.push(format!("{name}: {problem}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} case(s) differ:\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

/// A reader keeps its working buffers per thread between streams: a stream read after others,
/// including ones cut off mid-object (which leave those buffers part-filled), reads exactly as
/// it does on a thread that never read anything.
#[test]
fn streams_read_after_others_read_as_on_a_fresh_thread() {
    let cases = cases();
    let fresh: Vec<String> = cases
        .iter()
        .map(|(_, bytes, _)| {
            std::thread::scope(|s| {
                s.spawn(|| format!("{:?}", decode(bytes, &Limits::DEFAULT)))
                    .join()
                    .expect("decode on a new thread")
            })
        })
        .collect();
    for (i, (name, bytes, _)) in cases.iter().enumerate() {
        // Cut the previous stream in the middle, so this thread's buffers held items when its
        // reader stopped.
        let (_, previous, _) = &cases[(i + cases.len() - 1) % cases.len()];
        let _ = decode(&previous[..previous.len() * 2 / 3], &Limits::DEFAULT);
        let again = format!("{:?}", decode(bytes, &Limits::DEFAULT));
        assert!(
            again == fresh[i],
            "{name} reads differently after other streams"
        );
    }
}

fn check(bytes: &[u8], expected: &Json) -> Result<(), String> {
    if expected["bytes"] != json!(bytes.len()) {
        return Err(format!(
            "file is {} bytes, description says {}",
            bytes.len(),
            expected["bytes"]
        ));
    }
    if let Some(error) = expected["error"].as_str() {
        // What Java read before the error must still be recoverable.
        let (prefix, got) = decode_prefix(bytes, &Limits::DEFAULT);
        let expected_kind = |e: &jsess_javaser::Error| match error {
            "externalizable-protocol-1" => {
                matches!(e.kind, ErrorKind::ExternalizableProtocol1 { .. })
            }
            _ => false,
        };
        if !got.as_ref().is_some_and(expected_kind) {
            return Err(format!("expected error {error}, got {got:?}"));
        }
        let contents = Describer::describe_contents(&prefix);
        if contents != expected["contents"] {
            return Err(format!(
                "contents before the error differ\n  ours: {contents}\n  java: {}",
                expected["contents"]
            ));
        }
        return Ok(());
    }
    let stream = decode(bytes, &Limits::DEFAULT).map_err(|e| format!("decode: {e}"))?;
    let reencoded = encode(&stream).map_err(|e| format!("encode: {e}"))?;
    if reencoded != bytes {
        let at = reencoded
            .iter()
            .zip(bytes)
            .position(|(a, b)| a != b)
            .unwrap_or(bytes.len().min(reencoded.len()));
        return Err(format!(
            "re-encoding differs at byte {at} ({} vs {} bytes)",
            reencoded.len(),
            bytes.len()
        ));
    }
    let classes = describe_classes(&stream.graph);
    if classes != expected["classes"] {
        return Err(format!(
            "class descriptors differ\n  ours: {}\n  java: {}",
            json!(classes),
            expected["classes"]
        ));
    }
    let contents = unordered(Describer::describe_contents(&stream));
    if contents != unordered(expected["contents"].clone()) {
        return Err(format!(
            "contents differ\n  ours: {contents}\n  java: {}",
            expected["contents"]
        ));
    }
    Ok(())
}
