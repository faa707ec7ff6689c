//! Redisson's Tomcat sessions in its default codec, `Kryo5Codec` (`corpora/redisson-kryo5`,
//! written by Kryo 5.6.2 configured as Redisson 4.7.0 configures it): every session reads,
//! renders, writes back the same fields byte for byte, converts to Java serialization (the
//! same bytes `SerializationCodec` wrote for the same objects in `corpora/layouts`) and
//! through msm and back.

use std::path::Path;

use jsess_classpath::Schemas;
use jsess_javaser::Limits;
use jsess_layouts::convert::{from_msm_in, recode, to_msm_with, Allow};
use jsess_layouts::{redisson, same_fields, Field, HashSession, ValueCodec};
use jsess_testkit::dump::{self, Contents};

const LIMITS: Limits = Limits::DEFAULT;

/// The corpus's application classes and Tomcat's `GenericPrincipal`.
fn schemas() -> Schemas {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpora/redisson-kryo5");
    let mut schemas = Schemas::new();
    schemas
        .add_classpath(root.join("app-classes.jar").to_str().expect("path"))
        .expect("app classes");
    schemas
        .load_file(&root.join("tomcat-schema.json"))
        .expect("Tomcat schema");
    schemas
}

fn hashes(file: &str) -> Vec<(Vec<u8>, Vec<Field>)> {
    dump::read(file)
        .into_iter()
        .filter_map(|e| match e.contents {
            Contents::Hash(fields) => Some((e.key, fields)),
            _ => None,
        })
        .collect()
}

fn sessions() -> Vec<(HashSession, Vec<Field>)> {
    hashes("redisson-kryo5/sessions.json")
        .into_iter()
        .map(|(key, fields)| {
            let session = redisson::read(&key, &fields, &LIMITS).expect("the session reads");
            (session, fields)
        })
        .collect()
}

#[test]
fn every_session_reads_renders_and_writes_back_its_fields() {
    let schemas = schemas();
    let sessions = sessions();
    assert_eq!(sessions.len(), 4);
    for (session, fields) in &sessions {
        assert_eq!(session.codec, ValueCodec::Kryo5);
        let json = jsess_layouts::json::to_json_with(session, &schemas, &LIMITS);
        assert_eq!(json["format"], "kryo5");
        for attribute in json["attributes"].as_array().expect("attributes") {
            assert!(attribute.get("error").is_none(), "{attribute}");
            assert!(attribute["class"].is_string(), "{attribute}");
        }
        let back = redisson::fields(session).expect("fields");
        assert!(same_fields(&back, fields), "{}", session.id);
    }
    let (first, _) = &sessions[0];
    assert_eq!(first.creation_time, 1_700_000_000_000);
    assert_eq!(first.max_inactive_interval, 1800);
    assert_eq!(first.is_new, Some(false));
    assert_eq!(first.auth_type.as_deref(), Some("FORM"));
    let json = jsess_layouts::json::to_json_with(first, &schemas, &LIMITS);
    assert_eq!(json["session"]["principal"]["name"], "alice");
    assert_eq!(
        json["session"]["principal"]["roles"],
        serde_json::json!(["admin", "user"])
    );
    let attribute = |name: &str| {
        json["attributes"]
            .as_array()
            .and_then(|a| a.iter().find(|a| a["name"] == name))
            .cloned()
            .expect(name)
    };
    assert_eq!(attribute("user")["value"], "alice");
    assert_eq!(attribute("step")["value"], "PAID");
    assert_eq!(attribute("profile")["class"], "com.example.app.Profile");
    assert_eq!(
        attribute("prefs")["value"]["tags"],
        serde_json::json!(["new", "sale"])
    );
    assert_eq!(sessions[2].0.other_fields.len(), 1);
    assert_eq!(sessions[3].0.max_inactive_interval, -1);
}

#[test]
fn without_the_application_classes_the_json_names_what_is_missing() {
    let (session, _) = &sessions()[0];
    let json = jsess_layouts::json::to_json(session, &LIMITS);
    let attributes = json["attributes"].as_array().expect("attributes");
    let cart = attributes
        .iter()
        .find(|a| a["name"] == "cart")
        .expect("cart");
    let error = cart["error"].as_str().expect("an error");
    assert!(error.contains("com.example.shop.Cart"), "{error}");
    let user = attributes
        .iter()
        .find(|a| a["name"] == "user")
        .expect("user");
    assert_eq!(user["value"], "alice");
}

/// The first Redisson session of `corpora/layouts/redisson-java.json` holds the same objects
/// (principal, user, cart, prefs, step) in `SerializationCodec`: converting either codec
/// into the other gives the bytes the other codec wrote.
#[test]
fn java_and_kryo5_values_convert_into_each_other_byte_for_byte() {
    let schemas = schemas();
    let (java_key, java_fields) = hashes("layouts/redisson-java.json").remove(0);
    let java = redisson::read(&java_key, &java_fields, &LIMITS).expect("Java session");
    let (kryo, _) = sessions().remove(0);
    let as_java = recode(&kryo, ValueCodec::Java, &schemas, &LIMITS);
    // The Kryo session also holds a Profile, which is not Serializable.
    let error = as_java.expect_err("refused").to_string();
    assert!(error.contains("\"profile\""), "{error}");
    assert!(error.contains("com.example.app.Profile"), "{error}");
    let mut shared = kryo.clone();
    shared.attributes.retain(|a| a.name != "profile");
    let as_java = recode(&shared, ValueCodec::Java, &schemas, &LIMITS).expect("to Java");
    assert_eq!(as_java.codec, ValueCodec::Java);
    assert_eq!(as_java.principal, java.principal, "principal");
    for attribute in &as_java.attributes {
        let original = java
            .attributes
            .iter()
            .find(|a| a.name == attribute.name)
            .expect("the same attribute");
        assert_eq!(attribute.value, original.value, "{}", attribute.name);
    }
    assert!(same_fields(
        &redisson::fields(&as_java).expect("fields"),
        &java_fields
    ));
    let as_kryo = recode(&java, ValueCodec::Kryo5, &schemas, &LIMITS).expect("to Kryo 5");
    assert_eq!(as_kryo.principal, shared.principal, "principal");
    for attribute in &as_kryo.attributes {
        let original = shared
            .attributes
            .iter()
            .find(|a| a.name == attribute.name)
            .expect("the same attribute");
        assert_eq!(attribute.value, original.value, "{}", attribute.name);
    }
}

#[test]
fn kryo5_sessions_go_through_msm_and_come_back_the_same() {
    let schemas = schemas();
    for (session, fields) in sessions() {
        let mut session = session;
        // Profile is not Serializable: msm's Java stream cannot hold it.
        session.attributes.retain(|a| a.name != "profile");
        let msm = to_msm_with(&session, &schemas, &LIMITS)
            .expect("to msm")
            .value;
        let blob = jsess_msm::encode(&msm).expect("msm blob");
        let again = jsess_msm::decode(&blob, &LIMITS).expect("msm reads it");
        let back = from_msm_in(
            &again,
            redisson::LAYOUT,
            ValueCodec::Kryo5,
            Allow::default(),
            &schemas,
            &LIMITS,
        )
        .expect("back to Redisson with Kryo 5")
        .value;
        let mut expected = fields.clone();
        expected.retain(|(name, _)| name != b"profile" && name != b"session:isExpirationLocked");
        assert!(
            same_fields(&redisson::fields(&back).expect("fields"), &expected),
            "{}",
            session.id
        );
    }
}
