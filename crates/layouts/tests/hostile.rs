//! Damaged and foreign hashes: a typed error or a session, never a panic.

use jsess_javaser::Limits;
use jsess_layouts::convert::{recode, to_msm};
use jsess_layouts::{redisson, spring, Error, Field, ValueCodec};
use jsess_testkit::dump::{self, Contents};

const LIMITS: Limits = Limits::DEFAULT;

fn sessions() -> Vec<(Vec<u8>, Vec<Field>)> {
    let mut out = Vec::new();
    for file in [
        "layouts/spring-session.json",
        "layouts/redisson-java.json",
        "redisson-kryo5/sessions.json",
    ] {
        for entry in dump::read(file) {
            if let Contents::Hash(fields) = entry.contents {
                out.push((entry.key, fields));
            }
        }
    }
    out
}

/// The application classes and Tomcat layouts of `corpora/redisson-kryo5`.
fn kryo5_schemas() -> jsess_classpath::Schemas {
    let root =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpora/redisson-kryo5");
    let mut schemas = jsess_classpath::Schemas::new();
    schemas
        .add_classpath(root.join("app-classes.jar").to_str().expect("path"))
        .expect("app classes");
    schemas
        .load_file(&root.join("tomcat-schema.json"))
        .expect("Tomcat schema");
    schemas
}

fn read(key: &[u8], fields: &[Field]) -> Result<jsess_layouts::HashSession, Error> {
    if redisson::id_of(key).is_some() {
        redisson::read(key, fields, &LIMITS)
    } else {
        let namespace = if key.starts_with(b"shop:") {
            "shop:session"
        } else {
            spring::NAMESPACE
        };
        spring::read(key, namespace, fields, &LIMITS)
    }
}

#[test]
fn truncated_and_flipped_values_never_panic() {
    for (key, fields) in sessions() {
        for index in 0..fields.len() {
            let original = fields[index].1.clone();
            let mut cuts: Vec<usize> = (0..original.len().min(40)).collect();
            cuts.extend((original.len().saturating_sub(8))..original.len());
            for cut in cuts {
                let mut damaged = fields.clone();
                damaged[index].1.truncate(cut);
                exercise(&key, &damaged);
                let mut flipped = fields.clone();
                if let Some(byte) = flipped[index].1.get_mut(cut) {
                    *byte ^= 0x5A;
                }
                exercise(&key, &flipped);
            }
        }
    }
}

fn exercise(key: &[u8], fields: &[Field]) {
    if let Ok(session) = read(key, fields) {
        let _ = jsess_layouts::json::to_json(&session, &LIMITS);
        let _ = to_msm(&session, &LIMITS);
        if session.codec == ValueCodec::Kryo5 {
            let schemas = kryo5_schemas();
            let _ = jsess_layouts::json::to_json_with(&session, &schemas, &LIMITS);
            let _ = recode(&session, ValueCodec::Java, &schemas, &LIMITS);
        }
    }
}

#[test]
fn missing_fields_and_other_codecs_are_named() {
    let (key, fields) = sessions().remove(0);
    let without: Vec<_> = fields
        .iter()
        .filter(|(n, _)| n != b"maxInactiveInterval")
        .cloned()
        .collect();
    assert!(matches!(
        read(&key, &without),
        Err(Error::Missing {
            field: "maxInactiveInterval",
            ..
        })
    ));
    // Kryo5Codec's `Long` 1700000000000, as Redisson 3.19+ writes it by default.
    let mut kryo = fields.clone();
    kryo[0].1 = vec![0x09, 0x80, 0xA0, 0xAB, 0xFE, 0xF9, 0x62];
    let error = read(&key, &kryo).expect_err("not Java");
    assert!(error.to_string().contains("kryo5"), "{error}");
    // River (MarshallingCodec, Redisson 3.13–3.18).
    kryo[0].1 = vec![0x04, 0x4C, 0, 0, 1, 0x8B, 0xCF, 0xE5, 0x68, 0];
    assert!(read(&key, &kryo)
        .expect_err("not Java")
        .to_string()
        .contains("jboss-marshalling"));
    // Not a session key at all.
    assert!(matches!(
        spring::read(
            b"spring:session:sessions:expires:x",
            spring::NAMESPACE,
            &fields,
            &LIMITS
        ),
        Err(Error::NotASession { .. })
    ));
    assert_eq!(
        redisson::id_of(b"redisson:tomcat_session:redisson:tomcat_sso"),
        None
    );
}
