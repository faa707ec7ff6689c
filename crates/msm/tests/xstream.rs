//! XStream sessions against real bytes:
//! - every Java-serialized session of `corpora/msm` transcodes to XStream XML and back to the
//!   same values (compared as the Java-side descriptions of `corpora/java/DESCRIPTION.md`);
//! - every XStream twin in `corpora/xstream` (written by XStream 1.4.20 from the same Tomcat
//!   sessions) decodes to what XStream read back in Java (`<case>.json`), with the application
//!   classes described by the Java twin, or is refused naming a class the Java twin lacks;
//! - the classes jsess warns about are exactly where msm's plain `new XStream()` failed.

mod twins;

use std::sync::Arc;

use jsess_javaser::jdk::descriptors_of;
use jsess_javaser::Limits;
use jsess_model::{Codec, Session};
use jsess_msm::{
    attributes, decode, decode_envelope, sniff, AttributeFormat, AttributeValue, Descriptors, Kind,
    MsmXStream,
};
use serde_json::{json, Value as Json};
use twins::describe::unordered;
use twins::{
    cases, compared_apart, corpus, described, held_by_names_shown, read_alone_and_through_compact,
};

fn java_session(bytes: &[u8]) -> Session<'_> {
    decode(bytes, &Limits::DEFAULT).expect("Java session decodes")
}

#[test]
fn java_sessions_transcode_to_xstream_and_back_unchanged() {
    let mut checked = 0;
    let mut failures = Vec::new();
    for (name, bytes, expected) in cases("msm") {
        if expected["kind"] != "session" || !expected["attributes_error"].is_null() {
            continue;
        }
        let session = java_session(&bytes);
        let schema: Descriptors = descriptors_of(&session.attributes.graph);
        let codec = MsmXStream::with_descriptors(Arc::new(schema));
        let xml = match codec.encode(&session) {
            Ok(xml) => xml,
            Err(e) => {
                failures.push(format!("{name}: encode: {e}"));
                continue;
            }
        };
        assert_eq!(
            sniff(&xml),
            Kind::Session(AttributeFormat::XStream),
            "{name}"
        );
        let back = match codec.decode(&xml, &Limits::DEFAULT) {
            Ok(back) => back,
            Err(e) => {
                failures.push(format!("{name}: decode: {e}"));
                continue;
            }
        };
        assert_eq!(back.envelope, session.envelope, "{name}: envelope");
        let (ours, original) = (described(&back), described(&session));
        if unordered(json!(ours)) != unordered(json!(original)) {
            failures.push(format!(
                "{name}: values differ\n  back: {}\n  java: {}",
                json!(ours),
                json!(original)
            ));
        }
        // Java → XStream → Java again gives the same XML: the XML is a function of the values.
        let again = codec.encode(&back).expect("re-encode");
        if again != xml {
            failures.push(format!(
                "{name}: XML changed on the second trip\n{}\n----\n{}",
                String::from_utf8_lossy(&xml),
                String::from_utf8_lossy(&again)
            ));
        }
        checked += 1;
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert!(checked >= 38, "only {checked} sessions checked");
}

#[test]
fn xstream_twins_decode_to_what_java_read() {
    let mut matched = 0;
    let mut refused = 0;
    let mut shown_only = Vec::new();
    let mut failures = Vec::new();
    for (name, bytes, expected) in cases("xstream") {
        assert_eq!(expected["bytes"], json!(bytes.len()), "{name}");
        assert_eq!(
            sniff(&bytes),
            Kind::Session(AttributeFormat::XStream),
            "{name}"
        );
        let java_blob =
            std::fs::read(corpus("msm").join(format!("{name}.bin"))).expect("Java twin");
        let java = java_session(&java_blob);
        let schema = descriptors_of(&java.attributes.graph);
        let codec = MsmXStream::with_descriptors(Arc::new(schema.clone()));
        let session = match codec.decode(&bytes, &Limits::DEFAULT) {
            Ok(s) => s,
            Err(e) => {
                // Only a class the Java twin never wrote may be missing (XStream writes
                // attributes msm's Java transcoder leaves out).
                let message = e.to_string();
                let names_missing = expected["attributes"]
                    .as_array()
                    .expect("attributes")
                    .iter()
                    .any(|a| {
                        a["value"]["not_described"].is_string() || message.contains("DbConnection")
                    });
                if message.contains("no class layout") && names_missing {
                    refused += 1;
                } else {
                    failures.push(format!("{name}: {message}"));
                }
                continue;
            }
        };
        let (envelope, _) = decode_envelope(&bytes).expect("envelope");
        assert_eq!(session.envelope, envelope, "{name}");
        let ours: Vec<Json> = described(&session)
            .into_iter()
            .map(|(n, v)| json!({"name": n, "value": v}))
            .collect();
        let theirs = expected["attributes"]
            .as_array()
            .expect("attributes")
            .clone();
        // A value of a class known only by the XML (a class the Java twin never wrote), or one
        // the Java side could not describe, is compared apart.
        let apart: Vec<bool> = held_by_names_shown(&session)
            .into_iter()
            .zip(&theirs)
            .map(|(shown, t)| shown || t["value"]["not_described"].is_string())
            .collect();
        let (ours, theirs) = compared_apart(&name, ours, theirs, &apart, &mut shown_only);
        if unordered(json!(ours)) != unordered(json!(theirs)) {
            failures.push(format!(
                "{name}: differs\n  ours: {}\n  java: {}",
                json!(ours),
                json!(theirs)
            ));
            continue;
        }
        matched += 1;
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert!(
        matched >= 40,
        "only {matched} twins matched ({refused} refused)"
    );
    assert_eq!(
        shown_only,
        [
            "excluded_and_non_serializable.javax.security.auth.subject",
            "excluded_and_non_serializable.connection",
            "not_serializable_marker.job",
        ]
    );
}

#[test]
fn warnings_match_what_msm_could_not_read() {
    let mut compared = 0;
    for (name, _, expected) in cases("xstream") {
        let java_blob =
            std::fs::read(corpus("msm").join(format!("{name}.bin"))).expect("Java twin");
        let java = java_session(&java_blob);
        // Only where both transcoders wrote the same attributes.
        let mut java_names: Vec<String> = described(&java).into_iter().map(|(n, _)| n).collect();
        let mut twin_names: Vec<String> = expected["attributes"]
            .as_array()
            .expect("attributes")
            .iter()
            .map(|a| a["name"].as_str().expect("name").to_string())
            .collect();
        java_names.sort();
        twin_names.sort();
        let complete = attributes(&java.attributes)
            .expect("framing")
            .entries
            .iter()
            .all(|a| matches!(a.value, AttributeValue::Written(_)));
        if java_names != twin_names || !complete {
            continue;
        }
        compared += 1;
        let (_, warnings) = MsmXStream::default()
            .encode_reporting(&java)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let refused = !expected["msm_reads"].is_null();
        assert_eq!(
            !warnings.is_empty(),
            refused,
            "{name}: warnings {warnings:?}, msm's XStream {}",
            if refused { "refused it" } else { "read it" }
        );
    }
    assert!(compared >= 40, "{compared}");
}

/// The application's class files, as `--classpath` gives them.
fn app_layouts() -> Arc<jsess_classpath::Schemas> {
    let mut layouts = jsess_classpath::Schemas::new();
    let jar = corpus("kryo").join("app-classes.jar");
    layouts
        .add_classpath(jar.to_str().expect("utf-8 path"))
        .expect("app-classes.jar reads");
    Arc::new(layouts)
}

/// XStream names the classes of attribute values but not of fields that hold their declared
/// type: the class files (`--classpath`) are enough to read every twin, without any Java
/// session, to what Java read; and with them the fields are written back in declaration order,
/// so the twin re-encodes to its own bytes.
#[test]
fn xstream_twins_read_with_the_classpath_alone_and_reencode_byte_for_byte() {
    let codec = MsmXStream::new(Arc::new(Descriptors::default()), app_layouts());
    let mut matched = 0;
    let mut identical = 0;
    let mut failures = Vec::new();
    for (name, bytes, expected) in cases("xstream") {
        let session = match codec.decode(&bytes, &Limits::DEFAULT) {
            Ok(s) => s,
            Err(e) => {
                // Only javax.security.auth.Subject, whose converter XStream has and jsess does not.
                if !e.to_string().contains("javax.security.auth.Subject") {
                    failures.push(format!("{name}: {e}"));
                }
                continue;
            }
        };
        let ours: Vec<Json> = described(&session)
            .into_iter()
            .map(|(n, v)| json!({"name": n, "value": v}))
            .collect();
        let theirs: Vec<Json> = expected["attributes"]
            .as_array()
            .expect("attributes")
            .iter()
            .filter(|a| a["value"]["not_described"].is_null())
            .cloned()
            .collect();
        // The describer of these twins lists no fields for an object of a non-Serializable
        // class (DbConnection); XStream wrote them and jsess reads them.
        let describer_blind = name == "not_serializable_marker";
        if !describer_blind && theirs.len() == expected["attributes"].as_array().map_or(0, Vec::len)
        {
            if unordered(json!(ours)) != unordered(json!(theirs)) {
                failures.push(format!(
                    "{name}: differs\n  ours: {}\n  java: {theirs:?}",
                    json!(ours)
                ));
                continue;
            }
            matched += 1;
        }
        match jsess_msm::transcode(&codec, &codec, &bytes, &Limits::DEFAULT) {
            Ok(_) => identical += 1,
            Err(e) => failures.push(format!("{name}: {e}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert!(matched >= 40, "only {matched} twins matched");
    assert!(
        identical >= 41,
        "only {identical} twins re-encoded byte for byte"
    );
}

/// With the class files, Java → XStream writes the bytes real msm's XStream transcoder wrote
/// for the same Tomcat session: every twin, except the one whose Java blob holds fewer
/// attributes (msm's Java transcoder leaves out what Tomcat excludes and what is not
/// Serializable) and the one whose value failed to serialize, which is refused by name.
#[test]
fn java_sessions_convert_to_the_bytes_real_msm_wrote_with_xstream() {
    let codec = MsmXStream::new(Arc::new(Descriptors::default()), app_layouts());
    let mut identical = 0;
    let mut failures = Vec::new();
    for (name, twin, _) in cases("xstream") {
        let java = std::fs::read(corpus("msm").join(format!("{name}.bin"))).expect("Java twin");
        match (
            name.as_str(),
            jsess_msm::transcode(&jsess_msm::MsmJava, &codec, &java, &Limits::DEFAULT),
        ) {
            (_, Ok(done)) if done.bytes == twin => identical += 1,
            ("excluded_and_non_serializable", Ok(done)) => assert!(done.bytes.len() < twin.len()),
            ("not_serializable_marker", Err(e)) => {
                assert!(e.to_string().contains("attribute \"job\""), "{e}")
            }
            (_, Ok(_)) => failures.push(format!("{name}: other bytes than msm's")),
            (_, Err(e)) => failures.push(format!("{name}: {e}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(identical, 43);
}

/// With nothing given (no Java twin, no class files), every twin reads: application classes
/// are known by the fields their elements show, and what XStream wrote by a field's declared
/// type (a list, a map, a nested bean without a `class` attribute) is kept as the untyped
/// element it is. Everything goes through json, postcard and packed and back to the bytes
/// real msm wrote.
#[test]
fn xstream_twins_read_with_nothing() {
    assert_eq!(
        read_alone_and_through_compact("xstream", &MsmXStream::default()),
        45
    );
}

/// What XStream wrote by a field's declared type (kept as an untyped element when no class
/// layout names that type) is refused by every other format, naming what is missing: Java and
/// Kryo need the layout of the class holding it first, FlexJSON and Javolution (which write
/// classes known only by their names) the value's own class.
#[test]
fn untyped_elements_are_refused_by_other_formats_naming_what_is_missing() {
    let (_, bytes, _) = cases("xstream")
        .into_iter()
        .find(|(name, _, _)| name == "not_serializable_marker")
        .expect("twin");
    let session = MsmXStream::default()
        .decode(&bytes, &Limits::DEFAULT)
        .expect("reads with nothing given");
    for (format, missing) in [
        (
            "msm-java",
            "class com.acme.app.ReportJob is known only by the names",
        ),
        ("msm-kryo", "class com.acme.app.ReportJob is not known"),
        ("msm-javolution", "a value's class is not known"),
        ("msm-flexjson", "a value's class is not known"),
    ] {
        let codec = jsess_msm::codec(format, None).expect("format");
        let err = codec.encode(&session).expect_err(format).to_string();
        assert!(
            err.contains("session E88F22A01A3EDE4B7120E1B08506C12A: attribute \"job\""),
            "{err}"
        );
        assert!(err.contains(missing), "{format}: {err}");
    }
}
