//! The `jsess` binary as a user runs it: outputs, files and exit codes.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn jsess(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_jsess"))
        .args(args)
        .output()
        .expect("run jsess")
}

fn corpus(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../corpora/java")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("jsess-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir.join(name)
}

#[test]
fn inspect_json_shows_plain_values() {
    let out = jsess(&["inspect", "--json", &corpus("session_camunda.ser")]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON output");
    assert_eq!(json["format"], "java");
    assert_eq!(json["contents"][0], 2);
    assert_eq!(json["contents"][1], "authenticatedUser");
    let user = &json["contents"][2]["fields"]["authentications"]["default"];
    assert_eq!(
        user["class"],
        "org.camunda.bpm.webapp.impl.security.auth.UserAuthentication"
    );
    assert_eq!(user["fields"]["identityId"], "demo");
    assert_eq!(
        user["fields"]["groupIds"],
        serde_json::json!(["camunda-admin", "management"])
    );
}

#[test]
fn inspect_marks_cycles_instead_of_expanding_them() {
    let out = jsess(&["inspect", "--json", &corpus("cycle_list_self.ser")]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("\"$ref\": 1") && text.contains("\"$id\": 1"),
        "{text}"
    );
}

#[test]
fn inspect_tree_is_the_default() {
    let out = jsess(&["inspect", &corpus("hashmap.ser")]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("java stream, "), "{text}");
}

#[test]
fn convert_java_to_java_is_byte_identical() {
    for case in [
        "session_ecommerce.ser",
        "exception_mid_object.ser",
        "reset_between_writes.ser",
    ] {
        let out_path = temp(case);
        let out = jsess(&[
            "convert",
            "--from",
            "java",
            "--to",
            "java",
            &corpus(case),
            out_path.to_str().expect("utf-8 path"),
        ]);
        assert!(
            out.status.success(),
            "{case}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(
            std::fs::read(&out_path).expect("output"),
            std::fs::read(corpus(case)).expect("input")
        );
    }
}

#[test]
fn rejected_input_exits_1_with_offset() {
    let bad = temp("truncated.ser");
    let bytes = std::fs::read(corpus("hashmap.ser")).expect("input");
    std::fs::write(&bad, &bytes[..bytes.len() - 3]).expect("write");
    let out = jsess(&["inspect", bad.to_str().expect("utf-8 path")]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("at byte"), "{err}");

    // The objects before a protocol-1 Externalizable are still shown.
    let out = jsess(&[
        "inspect",
        "--json",
        &corpus("externalizable_protocol_1.ser"),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("protocol 1"));
    let shown: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON of the prefix");
    assert_eq!(shown["contents"].as_array().map(Vec::len), Some(1));

    let deep = temp("limit.ser");
    std::fs::write(&deep, &bytes).expect("write");
    let out = jsess(&[
        "inspect",
        "--max-handles",
        "2",
        deep.to_str().expect("utf-8 path"),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("max_handles"));
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(jsess(&["inspect"]).status.code(), Some(2));
    assert_eq!(
        jsess(&["convert", "--from", "kryo", "--to", "java", "a", "b"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(jsess(&["frobnicate"]).status.code(), Some(2));
}

#[test]
fn unknown_bytes_are_named_not_guessed() {
    let path = temp("unknown.bin");
    std::fs::write(&path, b"hello world").expect("write");
    let out = jsess(&["inspect", path.to_str().expect("utf-8 path")]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unrecognised format"));
}
