//! `jsess scan` as a user runs it: a store's formats, sizes and classes, and the envelope of
//! every session, read or not.

mod support;

use std::path::{Path, PathBuf};

use support::{corpus_file, kryo, msm, run as jsess, temp_file as temp};

#[test]
fn scan_reports_formats_sizes_classes_and_failures() {
    let out = jsess(&[
        "scan",
        "--json",
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../corpora/msm")
            .to_str()
            .expect("utf-8 path"),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(json["by_format"]["msm-java"], 45);
    assert_eq!(json["by_format"]["ping"], 1);
    assert_eq!(json["by_format"]["msm-kryo"], 1);
    assert_eq!(json["sessions_decoded"], 46);
    assert_eq!(json["session_bytes"]["max"], 1_004_336);
    assert_eq!(json["heaviest_attributes"][0]["attribute"], "exportLog");
    assert!(json["top_classes_by_count"]
        .as_array()
        .is_some_and(|c| !c.is_empty()));
    assert_eq!(json["undecodable"]["count"], 0);
}

/// The envelope facts of a session as `jsess scan` reports them.
fn envelope_of(path: &str) -> (String, i32) {
    let bytes = std::fs::read(path).expect("blob");
    let (envelope, _) = jsess_msm::decode_envelope(&bytes).expect("msm envelope");
    (
        String::from_utf8_lossy(&envelope.id).into_owned(),
        envelope.max_inactive_interval,
    )
}

/// One store, six values in five formats: Java, XStream and Javolution (read with nothing
/// given: they name every class), Kryo holding application classes (not read without their
/// layouts), attributes no transcoder writes, and a ping.
fn mixed_store(name: &str) -> PathBuf {
    let dir = temp(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("dir");
    let files = [
        ("java.bin", msm("camunda.bin")),
        ("kryo.bin", kryo("ecommerce.bin")),
        ("xstream.bin", corpus_file("xstream", "camunda.bin")),
        (
            "javolution.bin",
            corpus_file("javolution", "attribute_references_other.bin"),
        ),
        ("ping.bin", msm("ping_1byte.bin")),
    ];
    for (name, source) in &files {
        std::fs::copy(source, dir.join(name)).expect("copy");
    }
    let unknown = {
        let bytes = std::fs::read(msm("example_v2.bin")).expect("blob");
        let (envelope, _) = jsess_msm::decode_envelope(&bytes).expect("envelope");
        let mut blob = Vec::new();
        jsess_msm::encode_envelope(&envelope, &mut blob).expect("header");
        blob.extend_from_slice(b"\x7fno transcoder writes this");
        blob
    };
    std::fs::write(dir.join("unknown.bin"), &unknown).expect("write");
    dir
}

/// `jsess scan --json` of the mixed store, which must succeed.
fn scan_json(dir: &Path) -> serde_json::Value {
    let out = jsess(&["scan", "--json", dir.to_str().expect("utf-8 path")]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON")
}

#[test]
fn scan_counts_the_envelope_of_sessions_whose_attributes_it_cannot_read() {
    let dir = mixed_store("scan-mixed-counts");
    let json = scan_json(&dir);
    // The fields scripts read are all still there.
    for field in [
        "values",
        "by_format",
        "sessions_decoded",
        "session_bytes",
        "max_inactive_interval",
        "top_classes_by_count",
        "top_classes_by_bytes",
        "heaviest_attributes",
        "undecodable",
    ] {
        assert!(json.get(field).is_some(), "{field} missing: {json}");
    }
    assert_eq!(json["values"], 6);
    for format in [
        "msm-java",
        "msm-kryo",
        "msm-xstream",
        "msm-javolution",
        "msm-unknown",
        "ping",
    ] {
        assert_eq!(json["by_format"][format], 1, "{format}: {json}");
    }
    assert_eq!(json["sessions"], 5, "{json}");
    // XStream's and Javolution's XML name every class: they read with nothing given.
    assert_eq!(json["sessions_decoded"], 3, "{json}");
    assert_eq!(json["sessions_attributes_unreadable"], 2, "{json}");
    assert_eq!(json["session_bytes"]["count"], 5);
    // Every session's lifetime counts, read attributes or not.
    let lifetimes: u64 = json["max_inactive_interval"]
        .as_object()
        .expect("lifetimes")
        .values()
        .filter_map(|n| n.as_u64())
        .sum();
    assert_eq!(lifetimes, 5, "{json}");
    // The Kryo session is the FORM-authenticated one.
    assert_eq!(json["auth_types"]["FORM"], 1, "{json}");
    assert_eq!(json["auth_types"]["none"], 4, "{json}");

    let undecodable = &json["undecodable"];
    assert_eq!(undecodable["count"], 2);
    assert_eq!(undecodable["attributes_unreadable"], 2);
    assert_eq!(undecodable["by_reason"]["unknown class"], 1, "{json}");
    assert_eq!(
        undecodable["by_reason"]["attributes not decoded"], 1,
        "{json}"
    );
    for format in ["msm-kryo", "msm-unknown"] {
        assert_eq!(undecodable["attributes_unreadable_by_format"][format], 1);
    }
    for format in ["msm-xstream", "msm-javolution"] {
        assert!(undecodable["attributes_unreadable_by_format"][format].is_null());
    }
}

#[test]
fn scan_names_the_class_each_unreadable_session_lacks() {
    let dir = mixed_store("scan-mixed-examples");
    let json = scan_json(&dir);
    let undecodable = &json["undecodable"];
    let example = |file: &str| -> serde_json::Value {
        let path = dir.join(file).display().to_string();
        undecodable["examples"]
            .as_array()
            .expect("examples")
            .iter()
            .find(|e| e["file"] == path.as_str())
            .cloned()
            .unwrap_or_else(|| panic!("{file} not listed: {json}"))
    };
    let (file, format, class) = ("kryo.bin", "msm-kryo", "com.shop.model.Cart");
    let e = example(file);
    let (id, max_inactive) = envelope_of(dir.join(file).to_str().expect("utf-8 path"));
    assert_eq!(e["format"], format, "{e}");
    assert_eq!(e["attributes_error"], "unknown class", "{e}");
    assert_eq!(e["class"], class, "{e}");
    assert!(
        e["reason"].as_str().is_some_and(|r| r.contains(class)),
        "{e}"
    );
    assert_eq!(e["session"]["id"], id.as_str(), "{e}");
    assert_eq!(e["session"]["max_inactive_interval"], max_inactive, "{e}");
    assert!(e["session"]["creation_time"].is_i64(), "{e}");
    assert!(e["session"]["last_accessed_time"].is_i64(), "{e}");
    let kryo_session = &example("kryo.bin")["session"];
    assert_eq!(kryo_session["auth_type"], "FORM");
    assert_eq!(kryo_session["principal"], "sherlock");
    let e = example("unknown.bin");
    assert_eq!(e["format"], "msm-unknown");
    assert_eq!(e["attributes_error"], "attributes not decoded");
    assert_eq!(
        e["session"]["id"],
        envelope_of(&msm("example_v2.bin")).0.as_str()
    );
}

#[test]
fn scan_text_report_counts_the_same() {
    let dir = mixed_store("scan-mixed-text");
    let dir_arg = dir.to_str().expect("utf-8 path");
    let out = jsess(&["scan", dir_arg]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("sessions: 5 (3 decoded, 2 with attributes not read)"),
        "{text}"
    );
    let kryo_id = envelope_of(&kryo("ecommerce.bin")).0;
    assert!(
        text.contains(&format!(
            "msm-kryo session {kryo_id}: attributes not read (unknown class)"
        )),
        "{text}"
    );
}

#[test]
fn scan_reads_more_sessions_given_the_application_classes() {
    let dir = mixed_store("scan-mixed-classes");
    let dir_arg = dir.to_str().expect("utf-8 path");
    // With the application's classes, Kryo is read too (XStream and Javolution need none).
    let out = jsess(&[
        "scan",
        "--json",
        "--classpath",
        &kryo("app-classes.jar"),
        dir_arg,
    ]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(json["sessions"], 5, "{json}");
    assert_eq!(json["sessions_decoded"], 4, "{json}");
    assert!(
        json["undecodable"]["by_reason"]["unknown class"].is_null(),
        "{json}"
    );
    let out = jsess(&[
        "scan",
        "--json",
        "--classpath",
        &kryo("app-classes.jar"),
        "--schema-from",
        &msm("attribute_references_other.bin"),
        dir_arg,
    ]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(json["sessions_decoded"], 4, "{json}");
    assert_eq!(json["sessions_attributes_unreadable"], 1, "{json}");
}
