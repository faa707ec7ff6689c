//! The `jsess` binary as a user runs it: outputs, files and exit codes.

mod support;

use std::path::{Path, PathBuf};

use support::{corpus_file, kryo, msm, run as jsess, temp_file as temp};

fn corpus(name: &str) -> String {
    corpus_file("java", name)
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

#[test]
fn inspect_msm_session_json_has_the_documented_shape() {
    let out = jsess(&["inspect", "--json", "--sizes", &msm("form_tc8.bin")]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(json["format"], "msm-java");
    for key in [
        "version",
        "id",
        "creation_time",
        "last_accessed_time",
        "max_inactive_interval",
        "is_new",
        "is_valid",
        "this_accessed_time",
        "last_backup_time",
        "auth_type",
        "principal",
    ] {
        assert!(json["session"].get(key).is_some(), "session.{key} missing");
    }
    assert_eq!(json["session"]["auth_type"], "FORM");
    assert_eq!(json["session"]["principal"]["form"], "tc8");
    let attributes = json["attributes"].as_array().expect("attributes");
    assert!(!attributes.is_empty());
    for a in attributes {
        assert!(a["name"].is_string() && a.get("class").is_some() && a.get("value").is_some());
        assert!(a["size"].as_u64().is_some_and(|s| s > 0));
    }
}

#[test]
fn store_artifacts_are_named() {
    for (file, format) in [
        ("ping_1byte.bin", "ping"),
        ("lock.bin", "lock"),
        ("validity_example.bin", "validity"),
    ] {
        let out = jsess(&["inspect", "--json", &msm(file)]);
        assert!(out.status.success());
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
        assert_eq!(json["format"], format);
    }
    let out = jsess(&["inspect", "--json", &msm("kryo_example.bin")]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(json["format"], "msm-kryo");
    assert_eq!(json["attributes"][0]["name"], "foo");
    assert_eq!(json["attributes"][0]["value"], "bar");
}

#[test]
fn convert_a_directory_through_a_dictionary_and_back() {
    let dir = temp("store");
    let input = dir.join("in");
    std::fs::create_dir_all(&input).expect("dir");
    for name in [
        "camunda.bin",
        "ecommerce.bin",
        "form_login_saved_post.bin",
        "validity_example.bin",
    ] {
        std::fs::copy(msm(name), input.join(name)).expect("copy");
    }
    let path = |p: &PathBuf| p.to_str().expect("utf-8 path").to_string();
    let dict = dir.join("store.dict");
    let out = jsess(&["dictionary", "--out", &path(&dict), &path(&input)]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let compact = dir.join("compact");
    let out = jsess(&[
        "convert",
        "--from",
        "msm-java",
        "--to",
        "postcard",
        "--dictionary",
        &path(&dict),
        &path(&input),
        &path(&compact),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(
        table.contains("bytes before") && table.contains("skipped (not the input format): 1"),
        "{table}"
    );
    // Without the dictionary the compact blobs are refused by name.
    let out = jsess(&["inspect", &path(&compact.join("camunda.bin"))]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("needs class dictionary"));
    let back = dir.join("back");
    let out = jsess(&[
        "convert",
        "--from",
        "postcard",
        "--to",
        "msm-java",
        "--dictionary",
        &path(&dict),
        &path(&compact),
        &path(&back),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for name in ["camunda.bin", "ecommerce.bin", "form_login_saved_post.bin"] {
        assert_eq!(
            std::fs::read(back.join(name)).expect("out"),
            std::fs::read(msm(name)).expect("in"),
            "{name}"
        );
    }
}

#[test]
fn audit_exits_3_on_gadgets_and_0_on_the_clean_corpus() {
    let hostile = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../corpora/hostile/gadget_commons_collections6_attributes.ser");
    let out = jsess(&["audit", "--json", hostile.to_str().expect("utf-8 path")]);
    assert_eq!(
        out.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let findings = json["findings"].as_array().expect("findings");
    assert!(
        findings
            .iter()
            .all(|f| f["item"] == "attribute \"payload\""),
        "{findings:?}"
    );
    assert!(findings
        .iter()
        .any(|f| f["family"] == "commons-collections"));
    let clean = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpora/msm");
    let out = jsess(&["audit", clean.to_str().expect("utf-8 path")]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

/// The hostile CommonsCollections6 attribute stream (a cart and a `payload` attribute holding
/// the chain) framed as an msm-java session, written to `name`.
fn gadget_session(name: &str) -> PathBuf {
    let bytes = std::fs::read(corpus_file(
        "hostile",
        "gadget_commons_collections6_attributes.ser",
    ))
    .expect("gadget stream");
    let attributes =
        jsess_javaser::decode(&bytes, &jsess_javaser::Limits::DEFAULT).expect("attribute stream");
    let session = jsess::Session {
        envelope: jsess::Envelope::new(
            &b"0123456789ABCDEF0123456789ABCDEF"[..],
            1_700_000_000_000,
            1800,
        ),
        attributes,
    };
    let path = temp(name);
    std::fs::write(&path, jsess_msm::encode(&session).expect("msm blob")).expect("write");
    path
}

fn audit_json(args: &[&str]) -> (Option<i32>, serde_json::Value) {
    let out = jsess(&[&["audit", "--json"], args].concat());
    let json = serde_json::from_slice(&out.stdout).unwrap_or_else(|_| {
        panic!(
            "no JSON: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.code(), json)
}

#[test]
fn audit_finds_a_gadget_whatever_format_the_session_was_converted_to() {
    let java = gadget_session("gadget.msm-java.bin");
    let java = java.to_str().expect("utf-8 path");
    for format in ["msm-xstream", "postcard"] {
        let converted = temp(&format!("gadget.{format}.bin"));
        let converted = converted.to_str().expect("utf-8 path");
        let out = jsess(&[
            "convert", "--from", "msm-java", "--to", format, java, converted,
        ]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        // Read with the Java descriptors of the original (what --schema-from gives).
        let (code, json) = audit_json(&["--schema-from", java, converted]);
        assert_eq!(code, Some(3), "{format}: {json}");
        let findings = json["findings"].as_array().expect("findings");
        for class in [
            "org.apache.commons.collections.functors.InvokerTransformer",
            "org.apache.commons.collections.map.LazyMap",
            "java.lang.Runtime",
        ] {
            assert!(
                findings.iter().any(|f| f["class"] == class
                    && f["item"] == "attribute \"payload\""
                    && f["kind"] == "gadget"
                    && f["format"] == format),
                "{format}: {class} not found: {json}"
            );
        }
        assert_eq!(json["skipped"], serde_json::json!([]), "{json}");
        assert_eq!(json["attributes_unreadable"], 0);
    }

    // Without the descriptors too: XStream's XML names every class the gadget holds.
    let xml = temp("gadget.msm-xstream.bin");
    let (code, json) = audit_json(&[xml.to_str().expect("utf-8 path")]);
    assert_eq!(code, Some(3), "{json}");
    assert_eq!(json["skipped"], serde_json::json!([]), "{json}");
    assert_eq!(json["attributes_unreadable"], 0);
    assert!(
        json["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .any(|f| f["class"] == "java.lang.Runtime" && f["item"] == "attribute \"payload\""),
        "{json}"
    );
}

#[test]
fn audit_reads_kryo_sessions_with_the_application_classes() {
    let jar = kryo("app-classes.jar");
    let ecommerce = kryo("ecommerce.bin");
    let deny = temp("deny-shop.txt");
    std::fs::write(&deny, "com.shop.model.**\n").expect("write");
    let deny = deny.to_str().expect("utf-8 path");

    // Read with the classes: clean by default, and every class of the graph is judged.
    let (code, json) = audit_json(&["--classpath", &jar, &ecommerce]);
    assert_eq!(code, Some(0), "{json}");
    assert_eq!(json["skipped"], serde_json::json!([]), "{json}");
    let (code, json) = audit_json(&["--classpath", &jar, "--deny", deny, &ecommerce]);
    assert_eq!(code, Some(3), "{json}");
    let findings = json["findings"].as_array().expect("findings");
    assert!(
        findings.iter().any(|f| f["family"] == "denied"
            && f["class"] == "com.shop.model.Cart"
            && f["item"] == "attribute \"cart\""
            && f["format"] == "msm-kryo"),
        "{json}"
    );
    let allow = temp("allow-java.txt");
    std::fs::write(&allow, "java.**\n").expect("write");
    let (code, json) = audit_json(&[
        "--classpath",
        &jar,
        "--allow",
        allow.to_str().expect("utf-8 path"),
        &ecommerce,
    ]);
    assert_eq!(code, Some(3), "{json}");
    assert!(
        json["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .any(|f| f["kind"] == "not-allowed" && f["class"] == "com.shop.model.Cart"),
        "{json}"
    );

    // Without them: not audited, with why; the class named where reading stopped still meets
    // the deny list.
    let (code, json) = audit_json(&[&ecommerce]);
    assert_eq!(code, Some(0), "{json}");
    assert_eq!(
        json["skipped"][0]["attributes_error"], "unknown class",
        "{json}"
    );
    assert_eq!(json["skipped"][0]["class"], "com.shop.model.Cart", "{json}");
    let (code, json) = audit_json(&["--deny", deny, &ecommerce]);
    assert_eq!(code, Some(3), "{json}");

    // The whole Kryo and XStream corpora are clean.
    for dir in ["kryo", "xstream"] {
        let (code, json) = audit_json(&["--classpath", &jar, &corpus_file(dir, "")]);
        assert_eq!(code, Some(0), "{dir}: {json}");
    }
}

#[test]
fn bench_json_has_the_documented_fields() {
    let dir = temp("bench");
    std::fs::create_dir_all(&dir).expect("dir");
    for name in ["example_v2.bin", "camunda.bin"] {
        std::fs::copy(msm(name), dir.join(name)).expect("copy");
    }
    let chart = dir.join("chart.svg");
    let out = jsess(&[
        "bench",
        dir.to_str().expect("utf-8 path"),
        "--formats",
        "msm-java,postcard+dict",
        "--json",
        "--chart",
        chart.to_str().expect("utf-8 path"),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let results = json["results"].as_array().expect("results");
    for op in ["decode", "encode", "transcode"] {
        let r = results
            .iter()
            .find(|r| r["format"] == "postcard+dict" && r["operation"] == op)
            .expect(op);
        for key in [
            "files",
            "input_bytes",
            "output_bytes",
            "median_ns",
            "median_session_ns",
            "mb_per_s",
            "sessions_per_s",
            "median_size_ratio",
        ] {
            assert!(r.get(key).is_some(), "{op}: {key} missing");
        }
        assert_eq!(r["files"], 2);
        assert_eq!(r["class"], "all");
    }
    // Per kind of session: the kinds' sessions add up to the set.
    let kinds = json["sessions"].as_array().expect("sessions");
    let sessions: u64 = kinds.iter().filter_map(|k| k["sessions"].as_u64()).sum();
    assert_eq!(sessions, 2);
    let classes = json["classes"].as_array().expect("classes");
    for kind in kinds {
        for op in ["decode", "encode"] {
            let row = classes
                .iter()
                .find(|r| {
                    r["format"] == "postcard+dict"
                        && r["operation"] == op
                        && r["class"] == kind["class"]
                })
                .unwrap_or_else(|| panic!("{op} {kind}"));
            assert_eq!(row["files"], kind["sessions"], "{op} {kind}");
        }
    }
    // The attribute stream alone, beside the whole blob: the same sessions, each stream
    // shorter than its blob by msm's envelope.
    let row = |format: &str| {
        results
            .iter()
            .find(|r| r["format"] == format && r["operation"] == "decode")
            .unwrap_or_else(|| panic!("{format} decode"))
    };
    let (stream, blob) = (row("java-stream"), row("msm-java"));
    assert_eq!(stream["files"], 2);
    assert_eq!(stream["input_bytes"], blob["input_bytes"]);
    assert!(stream["output_bytes"].as_u64() < blob["output_bytes"].as_u64());
    assert!(std::fs::read_to_string(&chart)
        .expect("chart")
        .contains("<svg"));
}

#[test]
fn base64_and_gzip_wrapped_streams_are_read_and_audited() {
    use std::io::Write;

    let java = std::fs::read(corpus("hashmap.ser")).expect("stream");
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(&java).expect("gzip");
    let wrapped = base64::Engine::encode(
        &base64::engine::general_purpose::STANDARD,
        gz.finish().expect("gzip"),
    );
    let path = temp("wrapped.txt");
    std::fs::write(&path, wrapped).expect("write");
    let out = jsess(&["inspect", "--json", path.to_str().expect("utf-8 path")]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(json["format"], "java");
    assert_eq!(json["transport"], serde_json::json!(["base64", "gzip"]));

    let gadget = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../corpora/hostile/gadget_commons_collections6.ser");
    let text = base64::Engine::encode(
        &base64::engine::general_purpose::STANDARD,
        std::fs::read(gadget).expect("gadget"),
    );
    let path = temp("gadget.b64");
    std::fs::write(&path, text).expect("write");
    assert_eq!(
        jsess(&["audit", path.to_str().expect("utf-8 path")])
            .status
            .code(),
        Some(3)
    );
}

/// A Kryo session read without the class of one attribute: the envelope and the attributes
/// before it are shown, the class is named, and the exit code says the input was rejected.
#[test]
fn inspect_shows_what_a_kryo_session_holds_before_an_unknown_class() {
    let out = jsess(&["inspect", "--json", &kryo("ecommerce.bin")]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("class com.shop.model.Cart is not known: pass --classpath"),
        "{stderr}"
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(json["session"]["id"], "398A64A6C865FDAE6EB9211520FCFBAB");
    let names: Vec<&str> = json["attributes"]
        .as_array()
        .expect("attributes")
        .iter()
        .filter_map(|a| a["name"].as_str())
        .collect();
    assert_eq!(
        names,
        [
            "recentlyViewed",
            "csrfToken",
            "pageViews",
            "lastVisit",
            "locale"
        ]
    );
    assert!(json["error"]
        .as_str()
        .is_some_and(|e| e.contains("com.shop.model.Cart")));
}
