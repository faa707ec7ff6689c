//! Javolution sessions against real bytes (`corpora/javolution`: msm's own `ReflectionBinding`
//! on Javolution 5.4.3.1 wrote the XML twins of the msm corpus):
//! - every twin decodes to what Javolution read back in Java (`<case>.json`), with the
//!   application classes described by the Java twin, or is refused naming what msm's binding
//!   made unreadable (a `Locale` written without its fields), a class the Java twin lacks, or
//!   `java.time` values (which jsess does not read from Javolution XML);
//! - every Java-serialized session jsess writes as msm-javolution is byte for byte what msm's
//!   binding wrote for the same session, and every session it refuses holds a value the
//!   binding changes (`same_as_java: false`) or cannot write (`skipped.txt`);
//! - Java → Javolution → Java keeps every value.

mod twins;

use std::sync::Arc;

use jsess_classpath::Schemas;
use jsess_javaser::jdk::descriptors_of;
use jsess_javaser::Limits;
use jsess_model::{Codec, Session};
use jsess_msm::{decode, decode_envelope, sniff, AttributeFormat, Kind, MsmJavolution};
use serde_json::{json, Value as Json};
use twins::describe::unordered;
use twins::{
    cases, compared_apart, corpus, described, held_by_names_shown, read_alone_and_through_compact,
};

/// The corpus application classes, for their fields' declaration order.
fn app_schemas() -> Arc<Schemas> {
    let mut schemas = Schemas::new();
    let jar = corpus("kryo").join("app-classes.jar");
    schemas
        .add_classpath(jar.to_str().expect("path"))
        .expect("app-classes.jar");
    Arc::new(schemas)
}

fn codec_for(java: &Session<'_>, schemas: &Arc<Schemas>) -> MsmJavolution {
    MsmJavolution::new(
        Arc::new(descriptors_of(&java.attributes.graph)),
        Arc::clone(schemas),
    )
}

fn java_twin(name: &str) -> Vec<u8> {
    std::fs::read(corpus("msm").join(format!("{name}.bin"))).expect("Java twin")
}

#[test]
fn javolution_twins_decode_to_what_javolution_read() {
    let schemas = app_schemas();
    let mut matched = 0;
    let mut shown_only = Vec::new();
    let mut failures = Vec::new();
    for (name, bytes, expected) in cases("javolution") {
        assert_eq!(expected["bytes"], json!(bytes.len()), "{name}");
        assert_eq!(
            sniff(&bytes),
            Kind::Session(AttributeFormat::Javolution),
            "{name}"
        );
        let java_blob = java_twin(&name);
        let java = decode(&java_blob, &Limits::DEFAULT).expect("Java twin decodes");
        let session = match codec_for(&java, &schemas).decode(&bytes, &Limits::DEFAULT) {
            Ok(s) => s,
            Err(e) => {
                failures.push(format!("{name}: {e}"));
                continue;
            }
        };
        let (envelope, _) = decode_envelope(&bytes).expect("envelope");
        assert_eq!(session.envelope, envelope, "{name}");
        let ours: Vec<Json> = described(&session)
            .into_iter()
            .map(|(n, v)| json!({"name": n, "value": v}))
            .collect();
        let theirs: Vec<Json> = expected["attributes"]
            .as_array()
            .expect("attributes")
            .iter()
            .map(|a| json!({"name": a["name"], "value": a["value"]}))
            .collect();
        // A value of a class jsess knows only by what the XML shows (a Locale written without
        // its fields, a Subject's inner set, java.time's internal fields, List.of's fields, a
        // class Java never wrote) is kept as that object: compared apart.
        let inferred = held_by_names_shown(&session);
        // Javolution also stores List.of/Map.of by their fields, where Java describes the
        // CollSer it reads back, and writes an EnumSet Java cannot read back (not described).
        let inferred: Vec<bool> = inferred
            .iter()
            .zip(&ours)
            .zip(&theirs)
            .map(|((&shown, ours), theirs)| {
                shown
                    || theirs["value"]["not_described"].is_string()
                    || ours["value"]["class"]
                        .as_str()
                        .is_some_and(|c| c.starts_with("java.util.ImmutableCollections$"))
            })
            .collect();
        let (ours, theirs) = compared_apart(&name, ours, theirs, &inferred, &mut shown_only);
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
    eprintln!("{matched} twins decode to what Javolution read; values only the XML shows in {shown_only:?}");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert_eq!(matched, 45);
    assert_eq!(
        shown_only,
        [
            "anonymous_visitor.locale",
            "ecommerce.locale",
            "excluded_and_non_serializable.javax.security.auth.subject",
            "excluded_and_non_serializable.connection",
            "jdk_collections.listOf1",
            "jdk_collections.enumSet",
            "jdk_collections.mapOf1",
            "jdk_types.locale",
            "jdk_types.zoned",
            "not_serializable_marker.job",
        ],
    );
}

/// Attribute names whose values msm's binding changes or cannot write, per case.
fn lossy_cases() -> Vec<String> {
    let mut out = Vec::new();
    for (name, _, expected) in cases("javolution") {
        let changed = expected["attributes"]
            .as_array()
            .expect("attributes")
            .iter()
            .any(|a| a["same_as_java"] == json!(false));
        if changed {
            out.push(name);
        }
    }
    let skipped =
        std::fs::read_to_string(corpus("javolution").join("skipped.txt")).expect("skipped.txt");
    out.extend(
        skipped
            .lines()
            .filter_map(|l| l.split('\t').next())
            .map(String::from),
    );
    out
}

#[test]
fn java_sessions_written_as_javolution_equal_what_msm_wrote() {
    let schemas = app_schemas();
    let lossy = lossy_cases();
    // A reduced twin (`"omitted"`) lacks attributes the Java session has: no bytes to match.
    let twins: Vec<String> = cases("javolution")
        .into_iter()
        .filter(|c| c.2["omitted"].is_null())
        .map(|c| c.0)
        .collect();
    let mut identical = 0;
    let mut refused = 0;
    let mut failures = Vec::new();
    for (name, bytes, expected) in cases("msm") {
        if expected["kind"] != "session" || !expected["attributes_error"].is_null() {
            continue;
        }
        let java = decode(&bytes, &Limits::DEFAULT).expect("Java session decodes");
        let codec = codec_for(&java, &schemas);
        match codec.encode(&java) {
            Ok(ours) => {
                assert_eq!(
                    sniff(&ours),
                    Kind::Session(AttributeFormat::Javolution),
                    "{name}"
                );
                if !twins.contains(&name) {
                    continue;
                }
                let twin =
                    std::fs::read(corpus("javolution").join(format!("{name}.bin"))).expect("twin");
                if ours == twin {
                    identical += 1;
                } else if name != "excluded_and_non_serializable" {
                    // That twin also holds what msm's Java transcoder leaves out.
                    failures.push(format!(
                        "{name}: bytes differ\n  ours: {}\n  msm:  {}",
                        String::from_utf8_lossy(&ours),
                        String::from_utf8_lossy(&twin)
                    ));
                }
            }
            Err(e) => {
                if lossy.contains(&name) || name == "jdk_collections" {
                    refused += 1;
                } else {
                    failures.push(format!("{name}: refused, but msm's binding kept it: {e}"));
                }
            }
        }
    }
    eprintln!("{identical} sessions byte-identical to msm's binding, {refused} refused");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert!(
        identical >= 30,
        "only {identical} byte-identical ({refused} refused)"
    );
}

#[test]
fn java_sessions_transcode_to_javolution_and_back_unchanged() {
    let schemas = app_schemas();
    let mut checked = 0;
    let mut failures = Vec::new();
    for (name, bytes, expected) in cases("msm") {
        if expected["kind"] != "session" || !expected["attributes_error"].is_null() {
            continue;
        }
        let session = decode(&bytes, &Limits::DEFAULT).expect("Java session decodes");
        let codec = codec_for(&session, &schemas);
        let Ok(xml) = codec.encode(&session) else {
            continue;
        };
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
        let again = codec.encode(&back).expect("re-encode");
        if again != xml {
            failures.push(format!("{name}: XML changed on the second trip"));
        }
        checked += 1;
    }
    eprintln!("{checked} sessions went Java → Javolution → Java unchanged");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert!(checked >= 30, "only {checked} sessions checked");
}

/// Every twin reads with nothing given (no Java twin, no class files) and goes to json, postcard
/// and packed and back to the bytes real msm wrote: values msm's binding reads back changed
/// are read as what it reads back (a `Timestamp` in the epoch's first second, `List.of` by its
/// fields), which writes back as it was.
#[test]
fn javolution_twins_read_with_nothing_and_survive_the_compact_formats() {
    assert_eq!(
        read_alone_and_through_compact("javolution", &MsmJavolution::default()),
        45
    );
}
