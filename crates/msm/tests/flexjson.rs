//! FlexJSON sessions against real bytes: every Java-serialized session of `corpora/msm` either
//! transcodes to FlexJSON and back to the same values (compared as the Java-side descriptions
//! of `corpora/java/DESCRIPTION.md`), or is refused with an error naming the session, the
//! attribute and the class FlexJSON would change. Sniffing tells the XML and JSON transcoders
//! apart on real blobs.

mod twins;

use std::sync::Arc;

use jsess_javaser::jdk::descriptors_of;
use jsess_javaser::Limits;
use jsess_model::Codec;
use jsess_msm::{
    attribute_format, decode, decode_envelope, sniff, AttributeFormat, Descriptors, Kind,
    MsmFlexJson,
};
use serde_json::json;
use twins::describe::unordered;
use twins::{cases, corpus, described};

#[test]
fn java_sessions_transcode_to_flexjson_and_back_or_are_refused_by_name() {
    let (mut checked, mut refused) = (0, 0);
    let mut failures = Vec::new();
    for (name, bytes, expected) in cases("msm") {
        if expected["kind"] != "session" || !expected["attributes_error"].is_null() {
            continue;
        }
        let session = decode(&bytes, &Limits::DEFAULT).expect("Java session decodes");
        let schema: Descriptors = descriptors_of(&session.attributes.graph);
        let codec = MsmFlexJson::with_descriptors(Arc::new(schema));
        let blob = match codec.encode(&session) {
            Ok(blob) => blob,
            Err(e) => {
                // A refusal names the session and the attribute (and, for a value FlexJSON
                // would change, the class).
                let message = e.to_string();
                let id = String::from_utf8_lossy(&session.envelope.id).into_owned();
                if message.contains(&id) && message.contains("attribute \"") {
                    refused += 1;
                } else {
                    failures.push(format!("{name}: refusal without names: {message}"));
                }
                continue;
            }
        };
        assert_eq!(
            sniff(&blob),
            Kind::Session(AttributeFormat::FlexJson),
            "{name}"
        );
        let back = match codec.decode(&blob, &Limits::DEFAULT) {
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
        if again != blob {
            failures.push(format!("{name}: JSON changed on the second trip"));
        }
        checked += 1;
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert!(checked >= 28, "only {checked} sessions round-tripped");
    assert!(refused >= 10, "only {refused} sessions refused");
    eprintln!("{checked} round trips, {refused} refusals");
}

/// The camunda session (real Tomcat bytes, application beans in a map in a bean) as jsess
/// writes it from the Java fields: properties sorted by name with `class` among them, a `long`
/// as an integer, a `HashMap` as an object and `ArrayList`s as arrays. Real msm writes less
/// (`corpora/flexjson/camunda.bin`: `Authentications` has no getter for its field), which is
/// why both beans get a warning.
#[test]
fn camunda_session_is_written_as_flexjson_lays_it_out() {
    let bytes = std::fs::read(corpus("msm").join("camunda.bin")).expect("blob");
    let session = decode(&bytes, &Limits::DEFAULT).expect("decodes");
    let codec = MsmFlexJson::with_descriptors(Arc::new(descriptors_of(&session.attributes.graph)));
    let (blob, warnings) = codec.encode_reporting(&session).expect("encodes");
    let (_, json) = decode_envelope(&blob).expect("envelope");
    let expected = concat!(
        r#"{"authenticatedUser":{"authentications":{"default":{"authorizedApps":["admin","tasklist","welcome","cockpit"],"#,
        r#""cacheValidationTime":1700000300000,"class":"org.camunda.bpm.webapp.impl.security.auth.UserAuthentication","#,
        r#""groupIds":["camunda-admin","management"],"identityId":"demo","processEngineName":"default","tenantIds":[]}},"#,
        r#""class":"org.camunda.bpm.webapp.impl.security.auth.Authentications"},"#,
        r#""CAMUNDA_CSRF_TOKEN":"8F3A1C9E5B7D2F4A6C0E1B3D5F7A9C2E"}"#
    );
    assert_eq!(String::from_utf8_lossy(json), expected);
    // Both beans are named: jsess cannot see their getters and setters.
    let classes: Vec<&str> = warnings.iter().map(|w| w.class.as_str()).collect();
    assert_eq!(
        classes,
        [
            "org.camunda.bpm.webapp.impl.security.auth.Authentications",
            "org.camunda.bpm.webapp.impl.security.auth.UserAuthentication"
        ]
    );
    assert!(warnings.iter().all(|w| w.attribute == "authenticatedUser"));
}

#[test]
fn integer_attribute_is_refused_by_attribute_and_class() {
    let bytes = std::fs::read(corpus("msm").join("digest_tc8.bin")).expect("blob");
    let session = decode(&bytes, &Limits::DEFAULT).expect("decodes");
    let err = MsmFlexJson::default()
        .encode(&session)
        .expect_err("an Integer would come back a Long");
    let message = err.to_string();
    assert!(message.contains("\"nonceCount\""), "{message}");
    assert!(message.contains("java.lang.Integer"), "{message}");
    assert!(message.contains("Long"), "{message}");
}

#[test]
fn sniffing_tells_the_text_transcoders_apart() {
    // Real XStream blobs (XStream 1.4.20 through msm's transcoder).
    for (name, bytes, _) in cases("xstream") {
        assert_eq!(
            sniff(&bytes),
            Kind::Session(AttributeFormat::XStream),
            "{name}"
        );
    }
    // FlexJSON blobs over real headers.
    let bytes = std::fs::read(corpus("msm").join("basic_tc8.bin")).expect("blob");
    let session = decode(&bytes, &Limits::DEFAULT).expect("decodes");
    let blob = MsmFlexJson::default().encode(&session).expect("encodes");
    assert_eq!(sniff(&blob), Kind::Session(AttributeFormat::FlexJson));
    // The same header before the other transcoders' first bytes.
    let (_, attrs) = decode_envelope(&blob).expect("envelope");
    let header = &blob[..blob.len() - attrs.len()];
    for (payload, format) in [
        (
            &b"<attributes>\n</attributes>"[..],
            AttributeFormat::Javolution,
        ),
        (
            &b"<?xml version=\"1.0\" ?><attributes/>"[..],
            AttributeFormat::Javolution,
        ),
        (&b"<concurrent-hash-map/>"[..], AttributeFormat::XStream),
        (&b"{}"[..], AttributeFormat::FlexJson),
        (&b"\xAC\xED\x00\x05"[..], AttributeFormat::Java),
    ] {
        assert_eq!(attribute_format(payload), format);
        let mut blob = header.to_vec();
        blob.extend_from_slice(payload);
        assert_eq!(sniff(&blob), Kind::Session(format), "{format:?}");
    }
}

/// FlexJSON names a bean's class but not its serialVersionUID or fields' declared types: with
/// no Java-serialized session to take descriptors from, the application's class files give
/// them (`--classpath`), and the session reads back as the Java one; without them it reads by
/// the names the JSON shows and is refused as Java. (Camunda's is the corpus
/// session with application beans that FlexJSON holds unchanged.)
#[test]
fn flexjson_reads_application_classes_from_the_classpath_alone() {
    let mut layouts = jsess_classpath::Schemas::new();
    let jar = corpus("kryo").join("app-classes.jar");
    layouts
        .add_classpath(jar.to_str().expect("utf-8 path"))
        .expect("jar");
    let classpath_only = MsmFlexJson::new(Arc::default(), Arc::new(layouts));
    let bytes = std::fs::read(corpus("msm").join("camunda.bin")).expect("blob");
    let session = decode(&bytes, &Limits::DEFAULT).expect("decodes");
    let writer = MsmFlexJson::with_descriptors(Arc::new(descriptors_of(&session.attributes.graph)));
    let blob = writer.encode(&session).expect("FlexJSON holds it");
    // Without descriptors or class files the beans are read by the names the JSON shows, and
    // cannot be written as Java: the class and the missing facts are named.
    let inferred = MsmFlexJson::default()
        .decode(&blob, &Limits::DEFAULT)
        .expect("read by the names the JSON shows");
    let refused = jsess_msm::MsmJava
        .encode(&inferred)
        .expect_err("no Java facts")
        .to_string();
    assert!(
        refused.contains("org.camunda.bpm.webapp.impl.security.auth.Authentications")
            && refused.contains("serialVersionUID")
            && refused.contains("--classpath"),
        "{refused}"
    );
    let back = classpath_only
        .decode(&blob, &Limits::DEFAULT)
        .expect("reads with the class files");
    let difference = jsess_msm::value_difference("msm-flexjson", &session, &back, &Limits::DEFAULT);
    assert_eq!(difference, None);
}
