//! The Spring Session and Redisson (Java codec) contents in `corpora/layouts/`, written by JDK
//! 17 as the two projects write them: every session reads, renders, writes back the same
//! fields, and survives a trip through msm's layout; msm's corpus goes to both layouts and back.

use jsess_javaser::Limits;
use jsess_layouts::convert::{from_msm, to_msm, Allow};
use jsess_layouts::{redisson, same_fields, spring, HashSession};
use jsess_testkit::dump::{self, Contents};

const LIMITS: Limits = Limits::DEFAULT;

fn read_any(key: &[u8], fields: &[(Vec<u8>, Vec<u8>)]) -> Option<HashSession> {
    jsess_layouts::read(key, fields, &LIMITS).map(|r| r.expect("the session reads"))
}

fn write_back(session: &HashSession) -> Vec<(Vec<u8>, Vec<u8>)> {
    if session.layout == redisson::LAYOUT {
        redisson::fields(session).expect("Redisson fields")
    } else {
        spring::fields(session).expect("Spring fields")
    }
}

#[test]
fn every_session_reads_renders_and_writes_back_its_fields() {
    let mut sessions = 0;
    for file in ["layouts/spring-session.json", "layouts/redisson-java.json"] {
        for entry in dump::read(file) {
            let Contents::Hash(fields) = &entry.contents else {
                assert!(
                    read_any(&entry.key, &[]).is_none(),
                    "{:?} is not a session key",
                    String::from_utf8_lossy(&entry.key)
                );
                continue;
            };
            let session = read_any(&entry.key, fields).expect("a session key");
            sessions += 1;
            let json = jsess_layouts::json::to_json(&session, &LIMITS);
            for attribute in json["attributes"].as_array().expect("attributes") {
                assert!(attribute.get("error").is_none(), "{attribute}");
                assert!(attribute["class"].is_string(), "{attribute}");
            }
            assert_eq!(json["session"]["id"], session.id.as_str());
            assert!(
                same_fields(&write_back(&session), fields),
                "{}: fields differ after writing back",
                session.id
            );
        }
    }
    assert_eq!(sessions, 8);
}

#[test]
fn every_session_goes_through_msm_and_comes_back_the_same() {
    for file in ["layouts/spring-session.json", "layouts/redisson-java.json"] {
        for entry in dump::read(file) {
            let Contents::Hash(fields) = &entry.contents else {
                continue;
            };
            let session = read_any(&entry.key, fields).expect("a session key");
            let msm = to_msm(&session, &LIMITS).expect("to msm").value;
            let blob = jsess_msm::encode(&msm).expect("msm blob");
            let again = jsess_msm::decode(&blob, &LIMITS).expect("msm reads it");
            let allow = Allow::default();
            let mut back = from_msm(&again, session.layout, allow, &LIMITS)
                .expect("back to the layout")
                .value;
            // What msm has no place for.
            back.removed = session.removed.clone();
            back.other_fields = session.other_fields.clone();
            back.encoded_names = session.encoded_names;
            if session.layout == spring::LAYOUT {
                assert_eq!(back, session);
            } else {
                assert!(same_fields(&write_back(&back), fields), "{}", session.id);
            }
        }
    }
}

#[test]
fn spring_keys_and_values_are_the_documented_ones() {
    let entries = dump::read("layouts/spring-session.json");
    let Contents::Hash(fields) = &entries[0].contents else {
        panic!("the first entry is a session hash");
    };
    let session = spring::read(&entries[0].key, spring::NAMESPACE, fields, &LIMITS).expect("reads");
    assert_eq!(session.id, "0b7d3f6e-8c1a-4d2b-9e5f-1a2b3c4d5e6f");
    assert_eq!(session.creation_time, 1_700_000_000_000);
    assert_eq!(session.last_accessed_time, 1_700_000_060_000);
    assert_eq!(session.max_inactive_interval, 1800);
    assert_eq!(session.removed, ["promo"]);
    let names: Vec<&str> = session.attributes.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(
        names,
        ["user", "cart", "locale", "lastSeen", "visits", "step"]
    );
    // The JDK's bytes for `Long` 1700000000000 (reference notes, §2.4).
    assert_eq!(fields[0].1.len(), 82);
    assert_eq!(&fields[0].1[..4], &[0xAC, 0xED, 0x00, 0x05]);
}

#[test]
fn redisson_principal_auth_type_and_encoded_names() {
    let entries = dump::read("layouts/redisson-java.json");
    let Contents::Hash(fields) = &entries[0].contents else {
        panic!("hash");
    };
    let session = redisson::read(&entries[0].key, fields, &LIMITS).expect("reads");
    assert_eq!(session.auth_type.as_deref(), Some("FORM"));
    let json = jsess_layouts::json::to_json(&session, &LIMITS);
    assert_eq!(json["session"]["principal"]["name"], "alice");
    assert_eq!(
        json["session"]["principal"]["roles"],
        serde_json::json!(["admin", "user"])
    );
    assert_eq!(json["layout"], "redisson");

    let prefixed = &entries[2];
    assert_eq!(
        redisson::id_of(&prefixed.key),
        Some(("shop", "FEDCBA9876543210FEDCBA9876543210"))
    );
    let Contents::Hash(fields) = &entries[3].contents else {
        panic!("hash");
    };
    let old = redisson::read(&entries[3].key, fields, &LIMITS).expect("reads");
    assert!(old.encoded_names);
    assert_eq!(old.attributes.len(), 2);
    // msm's Tomcat 8+ principal blob is exactly the stream Redisson stores.
    let msm = to_msm(&session, &LIMITS).expect("to msm").value;
    assert_eq!(msm.envelope.auth_type, 4);
    let (principal, _) = jsess_msm::principal(&msm.envelope.principal, &LIMITS).expect("principal");
    assert_eq!(principal.name, "alice");
}

#[test]
fn msm_corpus_goes_to_both_layouts_and_back() {
    let mut figures = std::collections::BTreeMap::new();
    for (name, blob) in jsess_testkit::corpus() {
        let Ok(session) = jsess_msm::decode(&blob, &LIMITS) else {
            continue;
        };
        for layout in [spring::LAYOUT, redisson::LAYOUT] {
            let allow = Allow {
                lost_login: true,
                split_shared: false,
            };
            let outcome = match from_msm(&session, layout, allow, &LIMITS) {
                Err(e) => {
                    let message = e.to_string();
                    assert!(
                        message.contains("shared by attributes")
                            || message.contains("not text")
                            || message.contains("failed to serialize")
                            || message.contains("isValid false")
                            || message.contains("Tomcat 7 form")
                            || message.contains("not UTF-8"),
                        "{name} → {}: {message}",
                        layout.name
                    );
                    println!("{name} → {}: {message}", layout.name);
                    "refused"
                }
                Ok(converted) => {
                    let back = to_msm(&converted.value, &LIMITS)
                        .expect("back to msm")
                        .value;
                    let before = attributes_json(&session);
                    let after = attributes_json(&back);
                    assert_eq!(before, after, "{name} via {}", layout.name);
                    let exact = jsess_javaser::encode(&back.attributes).ok()
                        == jsess_javaser::encode(&session.attributes).ok();
                    if exact {
                        "same bytes"
                    } else {
                        "same values"
                    }
                }
            };
            *figures.entry((layout.name, outcome)).or_insert(0) += 1;
        }
    }
    println!("{figures:?}");
    // Allowed to, a conversion copies what attributes share; the values stay the same.
    let (_, blob) = jsess_testkit::corpus()
        .into_iter()
        .find(|(name, _)| name == "ecommerce")
        .expect("the ecommerce case");
    let session = jsess_msm::decode(&blob, &LIMITS).expect("decodes");
    let allow = Allow {
        lost_login: true,
        split_shared: true,
    };
    let converted = from_msm(&session, spring::LAYOUT, allow, &LIMITS).expect("copies");
    assert!(converted.dropped.iter().any(|d| d.contains("shared")));
    let back = to_msm(&converted.value, &LIMITS).expect("back").value;
    let before = attributes_json(&session);
    let after = attributes_json(&back);
    assert_eq!(
        before.as_array().map(Vec::len),
        after.as_array().map(Vec::len)
    );
    assert!(
        figures
            .get(&("spring-session", "same bytes"))
            .copied()
            .unwrap_or(0)
            >= 30
    );
}

fn attributes_json(session: &jsess_model::Session<'_>) -> serde_json::Value {
    let json = jsess_msm::json::session_to_json("msm-java", session, &LIMITS, Default::default())
        .expect("session JSON");
    json["attributes"].clone()
}
