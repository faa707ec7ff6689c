//! Converting to and from msm's XML and JSON transcoders' formats (XStream, FlexJSON,
//! Javolution) with the `jsess` binary, and benchmarking them.

mod support;

use std::path::Path;

use support::{kryo, msm, run as jsess, temp_file as temp};

/// Checks a run succeeded; its stderr.
fn succeeded(out: &std::process::Output) -> String {
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{stderr}");
    stderr
}

/// `jsess convert` of the msm corpus session `session` from msm-java to `format`, into `to`.
fn to_format(session: &str, format: &str, to: &Path, extra: &[&str]) -> String {
    let to = to.to_str().expect("utf-8 path");
    let input = msm(session);
    let args = [
        &["convert", "--from", "msm-java", "--to", format][..],
        extra,
        &[&input, to],
    ];
    succeeded(&jsess(&args.concat()))
}

/// `jsess inspect --json` of `file`, with the Java descriptors of the corpus session `session`.
fn inspect_with_schema(session: &str, file: &Path) -> serde_json::Value {
    let file = file.to_str().expect("utf-8 path");
    let out = jsess(&["inspect", "--json", "--schema-from", &msm(session), file]);
    succeeded(&out);
    serde_json::from_slice(&out.stdout).expect("JSON")
}

/// `jsess convert` of `file` from `format` back to msm-java into `back`, with the Java
/// descriptors of the corpus session `session`.
fn back_to_java(format: &str, session: &str, file: &Path, back: &Path) {
    let (file, back) = (file.to_str().expect("utf-8"), back.to_str().expect("utf-8"));
    let schema = msm(session);
    let args = [
        "convert",
        "--from",
        format,
        "--to",
        "msm-java",
        "--schema-from",
        &schema,
    ];
    succeeded(&jsess(&[&args[..], &[file, back]].concat()));
}

#[test]
fn convert_to_xstream_and_back_with_inspect_and_warnings() {
    let xml = temp("ecommerce.xstream.bin");
    let back = temp("ecommerce.back.bin");
    let stderr = to_format("ecommerce.bin", "msm-xstream", &xml, &[]);
    // Application classes are outside msm's XStream allow-list: said per session and attribute.
    assert!(
        stderr.contains("warning: session 398A64A6C865FDAE6EB9211520FCFBAB: attribute \"cart\": com.shop.model.Cart"),
        "{stderr}"
    );
    assert!(std::fs::read(&xml)
        .expect("xml")
        .windows(21)
        .any(|w| w == b"<concurrent-hash-map>"));

    // It reads back with nothing given: fields XStream wrote by their declared types are
    // shown as the elements they are; the class files type them.
    let out = jsess(&["inspect", xml.to_str().expect("utf-8 path")]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains(".deliverTo = <declared type>"), "{text}");
    assert!(text.contains("<street> \"221B Baker Street\""), "{text}");
    let out = jsess(&[
        "inspect",
        "--classpath",
        &kryo("app-classes.jar"),
        xml.to_str().expect("utf-8 path"),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("221B Baker Street"));
    let json = inspect_with_schema("ecommerce.bin", &xml);
    assert_eq!(json["format"], "msm-xstream");
    assert_eq!(json["session"]["auth_type"], "FORM");
    let cart = json["attributes"]
        .as_array()
        .expect("attributes")
        .iter()
        .find(|a| a["name"] == "cart")
        .expect("cart");
    assert_eq!(cart["class"], "com.shop.model.Cart");

    back_to_java("msm-xstream", "ecommerce.bin", &xml, &back);
    let out = jsess(&["inspect", "--json", back.to_str().expect("utf-8 path")]);
    assert!(out.status.success());
    let again: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(again["format"], "msm-java");
    assert_eq!(again["attributes"].as_array().map(Vec::len), Some(7));
}

#[test]
fn convert_to_flexjson_and_back_with_inspect_warnings_and_refusals() {
    let fj = temp("camunda.flexjson.bin");
    let back = temp("camunda.flexjson.back.bin");
    let stderr = to_format("camunda.bin", "msm-flexjson", &fj, &[]);
    // Beans are written from their fields: said per session, attribute and class.
    assert!(
        stderr.contains("warning: session E750913608AC1811DCD16AB61FB6E21F: attribute \"authenticatedUser\": org.camunda.bpm.webapp.impl.security.auth.Authentications"),
        "{stderr}"
    );
    let json = inspect_with_schema("camunda.bin", &fj);
    assert_eq!(json["format"], "msm-flexjson");
    back_to_java("msm-flexjson", "camunda.bin", &fj, &back);
    let out = jsess(&["inspect", "--json", back.to_str().expect("utf-8 path")]);
    let again: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(again["format"], "msm-java");

    // A value FlexJSON would change is refused, naming session, attribute and class.
    let out = jsess(&[
        "convert",
        "--from",
        "msm-java",
        "--to",
        "msm-flexjson",
        &msm("ecommerce.bin"),
        temp("ecommerce.flexjson.bin").to_str().expect("utf-8 path"),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("398A64A6C865FDAE6EB9211520FCFBAB")
            && stderr.contains("attribute \"recentlyViewed\": java.util.LinkedList"),
        "{stderr}"
    );
}

#[test]
fn convert_to_javolution_and_back_with_inspect_and_refusals() {
    let classpath = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../corpora/kryo/app-classes.jar")
        .to_str()
        .expect("utf-8 path")
        .to_string();
    let jv = temp("shared.javolution.bin");
    let back = temp("shared.javolution.back.bin");
    let session = "shared_value_two_attributes.bin";
    to_format(session, "msm-javolution", &jv, &["--classpath", &classpath]);
    // Byte for byte what msm's binding wrote for the same session.
    let twin = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../corpora/javolution/shared_value_two_attributes.bin"),
    )
    .expect("twin");
    assert_eq!(std::fs::read(&jv).expect("written"), twin);
    let json = inspect_with_schema(session, &jv);
    assert_eq!(json["format"], "msm-javolution");
    back_to_java("msm-javolution", session, &jv, &back);
    assert_eq!(
        std::fs::read(&back).expect("back"),
        std::fs::read(msm("shared_value_two_attributes.bin")).expect("original")
    );

    // A Date would come back as 1970: refused, naming session, attribute and class.
    let out = jsess(&[
        "convert",
        "--from",
        "msm-java",
        "--to",
        "msm-javolution",
        &msm("ecommerce.bin"),
        temp("ecommerce.javolution.bin")
            .to_str()
            .expect("utf-8 path"),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("398A64A6C865FDAE6EB9211520FCFBAB") && stderr.contains("java.util.Date"),
        "{stderr}"
    );
}

/// `jsess bench` measures every XML and JSON format on sessions it can write (table-driven:
/// one row a format, the sessions it holds without refusing).
#[test]
fn bench_measures_the_xml_and_json_formats() {
    for (format, sessions) in [
        ("msm-xstream", ["example_v2.bin", "camunda.bin"]),
        ("msm-flexjson", ["example_v2.bin", "camunda.bin"]),
        ("msm-javolution", ["example_v2.bin", "attribute_cycle.bin"]),
    ] {
        let dir = temp(&format!("bench-{format}"));
        std::fs::create_dir_all(&dir).expect("dir");
        for name in sessions {
            std::fs::copy(msm(name), dir.join(name)).expect("copy");
        }
        let dir = dir.to_str().expect("utf-8 path");
        let out = jsess(&["bench", dir, "--formats", format, "--json"]);
        assert!(
            out.status.success(),
            "{format}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
        let results = json["results"].as_array().expect("results");
        for op in ["decode", "encode", "transcode"] {
            let r = results
                .iter()
                .find(|r| r["format"] == format && r["operation"] == op)
                .unwrap_or_else(|| panic!("{format} {op}"));
            assert_eq!(r["files"], 2, "{format} {op}");
            assert!(
                r["output_bytes"].as_u64().is_some_and(|b| b > 0),
                "{format} {op}"
            );
        }
    }
}
