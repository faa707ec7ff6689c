//! The streams in `corpora/tomcat/`, written by Tomcat 9.0.70's own `FileStore` and
//! `StandardManager` (`bash corpora/tomcat/generate.sh`): every file reads, renders and writes
//! back byte for byte; the other profiles are reached from them and read back; msm's corpus
//! goes to Tomcat's stream and back.

use jsess_javaser::Limits;
use jsess_tomcat::convert::{from_msm, to_msm, Allow};
use jsess_tomcat::{
    json, read_file, read_jdbc_data, read_sessions_ser, sniff, write, AttributeValue, Container,
    Error, Persisted, Profile,
};

const LIMITS: Limits = Limits::DEFAULT;

fn corpus() -> Vec<(String, Vec<u8>)> {
    let dir = jsess_testkit::corpora().join("tomcat");
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .expect("corpora/tomcat")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "session" || e == "ser"))
        .map(|p| {
            let name = p.file_name().expect("name").to_string_lossy().into_owned();
            (name, std::fs::read(&p).expect("read"))
        })
        .collect();
    out.sort();
    out
}

fn read<'a>(name: &str, bytes: &'a [u8]) -> Persisted<'a> {
    if name == "SESSIONS.ser" {
        read_sessions_ser(bytes, &LIMITS).expect(name)
    } else {
        read_file(bytes, &LIMITS).expect(name)
    }
}

fn file<'a>(corpus: &'a [(String, Vec<u8>)], name: &str) -> Persisted<'a> {
    let (_, bytes) = corpus.iter().find(|(n, _)| n == name).expect(name);
    read(name, bytes)
}

#[test]
fn every_file_reads_renders_and_writes_back_byte_for_byte() {
    let corpus = corpus();
    assert_eq!(corpus.len(), 7);
    let mut sessions = 0;
    for (name, bytes) in &corpus {
        let persisted = read(name, bytes);
        assert_eq!(write(&persisted).expect("writes"), *bytes, "{name}");
        for (index, session) in persisted.sessions.iter().enumerate() {
            let json = json::to_json(&persisted, index, &LIMITS);
            assert_eq!(json["format"], "java");
            assert_eq!(json["session"]["id"], session.id.as_str());
            assert_eq!(
                json["attributes"].as_array().map(Vec::len),
                Some(session.attributes.len()),
                "{name}"
            );
            if name.ends_with(".session") {
                assert_eq!(format!("{}.session", session.id), *name);
            }
            sessions += 1;
        }
        if name.ends_with(".session") {
            // A JDBCStore row's data column holds the same stream.
            let row = read_jdbc_data(bytes, &LIMITS).expect("row");
            assert_eq!(write(&row).expect("row writes"), *bytes);
            assert_eq!(json::to_json(&row, 0, &LIMITS)["layout"], "tomcat-jdbc");
        }
    }
    println!("{} files, {sessions} sessions", corpus.len());
    assert_eq!(sessions, 9);
}

#[test]
fn sessions_ser_holds_three_sessions_on_one_handle_table() {
    let corpus = corpus();
    let ser = file(&corpus, "SESSIONS.ser");
    assert_eq!(ser.sessions.len(), 3);
    let ids: Vec<&str> = ser.sessions.iter().map(|s| s.id.as_str()).collect();
    assert!(ids.contains(&"5E55105E55105E55105E55105E551002"));
    // Boolean.FALSE is one object: every session's isNew/isValid points at the cached boxes.
    let flags: std::collections::HashSet<_> = ser
        .sessions
        .iter()
        .flat_map(|s| [s.objects.header[3], s.objects.header[4]])
        .collect();
    assert_eq!(flags.len(), 2);
    // The "user" name string is interned: one node across sessions.
    let users: std::collections::HashSet<_> = ser
        .sessions
        .iter()
        .filter_map(|s| s.attribute("user").map(|a| a.name_node))
        .collect();
    assert_eq!(users.len(), 1);
    let json = json::to_json(&ser, 0, &LIMITS);
    assert_eq!(json["layout"], "tomcat-sessions-ser");
    assert_eq!(json::all_to_json(&ser, &LIMITS).len(), 3);
    // Each becomes an msm session of its own, holding only what its attributes reach.
    let all = jsess_tomcat::convert::to_msm_all(&ser, Default::default());
    assert_eq!(all.len(), 3);
    for (index, converted) in all.into_iter().enumerate() {
        let msm = converted.expect("converts").value;
        let blob = jsess_msm::encode(&msm).expect("msm blob");
        let again = jsess_msm::decode(&blob, &LIMITS).expect("msm reads it");
        let view =
            jsess_msm::json::session_to_json("msm-java", &again, &LIMITS, Default::default())
                .expect("msm view");
        assert_eq!(
            view["attributes"],
            json::to_json(&ser, index, &LIMITS)["attributes"]
        );
        assert!(again.attributes.graph.len() < ser.stream.graph.len());
    }
}

#[test]
fn sniff_tells_the_containers_apart() {
    for (name, bytes) in corpus() {
        let expected = if name == "SESSIONS.ser" {
            Container::SessionsSer
        } else {
            Container::File
        };
        assert_eq!(sniff(&bytes), Some(expected), "{name}");
        let persisted = jsess_tomcat::read(&bytes, &LIMITS)
            .expect("recognised")
            .expect("reads");
        assert_eq!(persisted.container, expected);
    }
    // An msm blob, a lone Java string: not Tomcat streams.
    assert_eq!(sniff(b"\xAC\xED\x00\x05\x74\x00\x01a"), None);
    for (_, blob) in jsess_testkit::corpus() {
        assert_eq!(sniff(&blob), None);
    }
}

#[test]
fn fields_login_sharing_and_cycles_are_as_tomcat_wrote_them() {
    let corpus = corpus();
    let plain = file(&corpus, "8F3A2C1B4D5E6F708192A3B4C5D6E7F8.session");
    let s = &plain.sessions[0];
    assert_eq!(s.creation_time, 1_700_000_000_000);
    assert_eq!(s.last_accessed_time, 1_700_000_060_000);
    assert_eq!(s.this_accessed_time, 1_700_000_061_000);
    assert_eq!(s.max_inactive_interval, 1800);
    assert!(!s.is_new && s.is_valid);
    // 9.0.70 writes the login items even when it does not persist the login: two nulls.
    assert_eq!(s.profile, Profile::Login);
    assert_eq!((s.auth_type.as_deref(), s.principal), (None, None));
    // The non-Serializable value was left out by Tomcat itself.
    assert!(s.attribute("socket").is_none());
    let value = |name: &str| match s.attribute(name).expect(name).value {
        AttributeValue::Written(r) => r,
        other => panic!("{name}: {other:?}"),
    };
    assert_eq!(value("cart"), value("checkoutCart"));
    let json = json::to_json(&plain, 0, &LIMITS);
    let text = json.to_string();
    assert!(text.contains("com.example.shop.Cart"), "{text}");
    assert!(text.contains("\"$ref\"") || text.contains("$id"), "{text}");

    let login = file(&corpus, "A1B2C3D4E5F60718293A4B5C6D7E8F90.session");
    let json = json::to_json(&login, 0, &LIMITS);
    assert_eq!(json["session"]["auth_type"], "FORM");
    assert_eq!(json["session"]["principal"]["name"], "alice");
    assert_eq!(json["session"]["principal"]["roles"][0], "admin");

    let notes = file(&corpus, "C0FFEE00C0FFEE00C0FFEE00C0FFEE00.session");
    assert_eq!(notes.sessions[0].profile, Profile::LoginNotes);
    let json = json::to_json(&notes, 0, &LIMITS);
    assert_eq!(
        json["session"]["notes"]["session_id"],
        "C0FFEE00C0FFEE00C0FFEE00C0FFEE00"
    );
    assert!(json["session"]["notes"]["saved_request"].is_object());
}

#[test]
fn a_value_that_aborted_is_named_and_what_follows_reads() {
    let corpus = corpus();
    let broken = file(&corpus, "B0B0B0B0B0B0B0B0B0B0B0B0B0B0B0B0.session");
    let s = &broken.sessions[0];
    assert_eq!(s.not_serializable(), vec!["held"]);
    assert!(matches!(
        s.attribute("held").expect("held").value,
        AttributeValue::NotSerializable {
            partial: Some(_),
            ..
        }
    ));
    // Attributes after the abort were written with a fresh handle table; they read.
    assert_eq!(s.attributes.len(), 5);
    let json = json::to_json(&broken, 0, &LIMITS);
    assert_eq!(json["session"]["not_serializable"][0], "held");
    let again = json["attributes"]
        .as_array()
        .expect("attributes")
        .iter()
        .find(|a| a["name"] == "again")
        .expect("again");
    assert_eq!(again["value"], "alice");

    // Here what follows the abort shares descriptors and strings among itself: Tomcat 9.0.70's
    // own loader fails on this file (tests/tomcat_readback.rs); jsess reads every value.
    let lost = file(&corpus, "B1B1B1B1B1B1B1B1B1B1B1B1B1B1B1B1.session");
    let s = &lost.sessions[0];
    assert_eq!(s.not_serializable(), vec!["held"]);
    assert_eq!(s.attributes.len(), 19);
    let json = json::to_json(&lost, 0, &LIMITS);
    let text5 = json["attributes"]
        .as_array()
        .expect("attributes")
        .iter()
        .find(|a| a["name"] == "text5")
        .expect("text5");
    assert_eq!(text5["value"], "same");
}

#[test]
fn every_session_moves_between_profiles_or_names_what_it_would_lose() {
    let corpus = corpus();
    let mut figures = std::collections::BTreeMap::new();
    for (name, bytes) in &corpus {
        let original = read(name, bytes);
        for index in 0..original.sessions.len() {
            for profile in [Profile::NoLogin, Profile::Login, Profile::LoginNotes] {
                let mut moved = original.clone();
                match moved.set_profile(index, profile) {
                    Err(Error::CannotHold { session, field, .. }) => {
                        assert_eq!(session, original.sessions[index].id);
                        assert!(!field.is_empty());
                        *figures.entry((profile.name(), "refused")).or_insert(0) += 1;
                        continue;
                    }
                    Err(e) => panic!("{name}: {e}"),
                    Ok(()) => {}
                }
                let written = write(&moved).expect("writes");
                let back = read(name, &written);
                assert_eq!(back.sessions[index].profile, profile, "{name}");
                assert_eq!(
                    json::to_json(&back, index, &LIMITS)["attributes"],
                    json::to_json(&original, index, &LIMITS)["attributes"],
                    "{name}"
                );
                // And back to where it was, byte for byte.
                let mut restored = back.clone();
                restored
                    .set_profile(index, original.sessions[index].profile)
                    .expect("back");
                assert_eq!(write(&restored).expect("writes"), *bytes, "{name}");
                *figures.entry((profile.name(), "written")).or_insert(0) += 1;
            }
        }
    }
    println!("{figures:?}");
    // The sessions with a login cannot go to the profile before 9.0.32.
    assert_eq!(figures.get(&("no-login", "refused")), Some(&3));
}

#[test]
fn a_refusal_names_session_field_and_fact() {
    let corpus = corpus();
    let mut login = file(&corpus, "A1B2C3D4E5F60718293A4B5C6D7E8F90.session");
    let message = login
        .set_profile(0, Profile::NoLogin)
        .expect_err("refused")
        .to_string();
    assert!(
        message.contains("A1B2C3D4E5F60718293A4B5C6D7E8F90"),
        "{message}"
    );
    assert!(message.contains("no-login"), "{message}");
    assert!(message.contains("authType") || message.contains("principal"));
    // A changed field is refused rather than written as it was read.
    login.sessions[0].max_inactive_interval = 60;
    assert!(matches!(
        write(&login),
        Err(Error::Edited {
            field: "maxInactiveInterval",
            ..
        })
    ));
}

#[test]
fn tomcat_sessions_go_to_msm_and_back() {
    let corpus = corpus();
    let mut figures = std::collections::BTreeMap::new();
    let skip = Allow {
        lost_login: false,
        skipped_values: true,
    };
    for (name, bytes) in &corpus {
        let persisted = read(name, bytes);
        for index in 0..persisted.sessions.len() {
            let session = &persisted.sessions[index];
            let failed = session.not_serializable();
            match to_msm(&persisted, index, Allow::default()) {
                Err(e) => {
                    assert!(!failed.is_empty(), "{name}: {e}");
                    assert!(e.to_string().contains("did not serialize"), "{name}: {e}");
                    *figures.entry("refused").or_insert(0) += 1;
                }
                Ok(_) => *figures.entry("converted").or_insert(0) += 1,
            }
            // Allowed to, the values Tomcat would skip on load are left out.
            let msm = to_msm(&persisted, index, skip).expect("converts");
            let skipped = msm.dropped.iter().any(|d| d.contains("did not serialize"));
            assert_eq!(!failed.is_empty(), skipped, "{name}");
            let blob = jsess_msm::encode(&msm.value).expect("msm blob");
            let again = jsess_msm::decode(&blob, &LIMITS).expect("msm reads it");
            let back = from_msm(&again, session.profile, Allow::default(), &LIMITS).expect("back");
            let before = json::to_json(&persisted, index, &LIMITS);
            let after = json::to_json(&back.value, 0, &LIMITS);
            let loaded: Vec<&serde_json::Value> = before["attributes"]
                .as_array()
                .expect("attributes")
                .iter()
                .filter(|a| a.get("not_serializable").is_none())
                .collect();
            let after_attributes: Vec<&serde_json::Value> = after["attributes"]
                .as_array()
                .expect("attributes")
                .iter()
                .collect();
            assert_eq!(loaded, after_attributes, "{name}");
            assert_eq!(
                before["session"]["principal"],
                after["session"]["principal"]
            );
            assert_eq!(before["session"]["id"], after["session"]["id"]);
        }
    }
    println!("{figures:?}");
    assert_eq!(figures.get("converted"), Some(&7));
    assert_eq!(figures.get("refused"), Some(&2));
}

#[test]
fn msm_corpus_goes_to_tomcat_and_back() {
    let mut figures = std::collections::BTreeMap::new();
    for (name, blob) in jsess_testkit::corpus() {
        let Ok(session) = jsess_msm::decode(&blob, &LIMITS) else {
            continue;
        };
        for profile in [Profile::NoLogin, Profile::Login, Profile::LoginNotes] {
            let outcome = match from_msm(&session, profile, Allow::default(), &LIMITS) {
                Err(e) => {
                    let message = e.to_string();
                    assert!(
                        message.contains("log in again")
                            || message.contains("failed to serialize")
                            || message.contains("Tomcat 7 form")
                            || message.contains("not text")
                            || message.contains("not UTF-8")
                            || message.contains("names no type"),
                        "{name} → {}: {message}",
                        profile.name()
                    );
                    println!("{name} → {}: {message}", profile.name());
                    "refused"
                }
                Ok(converted) => {
                    let tomcat = write(&converted.value).expect("Tomcat bytes");
                    let read_back = read_file(&tomcat, &LIMITS).expect("reads back");
                    assert_eq!(read_back.sessions[0].profile, profile);
                    let back = to_msm(&read_back, 0, Allow::default())
                        .expect("back to msm")
                        .value;
                    let mut expected = session.envelope.clone();
                    expected.last_backup_time = expected.this_accessed_time;
                    // Only the login-notes profile keeps msm's saved request, byte for byte;
                    // Tomcat keeps no saved principal.
                    if profile != Profile::LoginNotes {
                        expected.saved_request = back.envelope.saved_request.clone();
                    } else if !expected.saved_request.is_empty() {
                        *figures
                            .entry(("login-notes", "saved request kept"))
                            .or_insert(0) += 1;
                    }
                    expected.saved_principal = back.envelope.saved_principal.clone();
                    expected.version = back.envelope.version;
                    expected.padding = back.envelope.padding.clone();
                    assert_eq!(back.envelope, expected, "{name}");
                    let same_attributes = jsess_javaser::encode(&back.attributes).ok()
                        == jsess_javaser::encode(&session.attributes).ok();
                    let same_blob = jsess_msm::encode(&back).ok() == Some(blob.clone());
                    if same_blob {
                        "same msm bytes"
                    } else if same_attributes {
                        "same attribute bytes"
                    } else {
                        let before = jsess_msm::json::session_to_json(
                            "msm-java",
                            &session,
                            &LIMITS,
                            Default::default(),
                        )
                        .expect("json");
                        let after = jsess_msm::json::session_to_json(
                            "msm-java",
                            &back,
                            &LIMITS,
                            Default::default(),
                        )
                        .expect("json");
                        assert_eq!(before["attributes"], after["attributes"], "{name}");
                        "same values"
                    }
                }
            };
            *figures.entry((profile.name(), outcome)).or_insert(0) += 1;
        }
    }
    println!("{figures:?}");
    // Allowed to drop a login the profile cannot hold and values that did not serialize,
    // every session converts; what is left is what Tomcat would load.
    let all = Allow {
        lost_login: true,
        skipped_values: true,
    };
    let mut allowed = 0;
    for (name, blob) in jsess_testkit::corpus() {
        let Ok(session) = jsess_msm::decode(&blob, &LIMITS) else {
            continue;
        };
        for profile in [Profile::NoLogin, Profile::Login, Profile::LoginNotes] {
            let converted = from_msm(&session, profile, all, &LIMITS).expect(&name);
            let tomcat = write(&converted.value).expect("Tomcat bytes");
            let read_back = read_file(&tomcat, &LIMITS).expect("reads back");
            let had_login =
                session.envelope.auth_type != 0 || !session.envelope.principal.is_empty();
            if had_login && !read_back.sessions[0].has_login() {
                assert!(converted.dropped.contains(&"principal"), "{name}");
            }
            to_msm(&read_back, 0, Allow::default()).expect("back to msm");
            allowed += 1;
        }
    }
    println!("{allowed} conversions with a lost login and skipped values allowed");
    assert_eq!(
        figures.get(&("login-notes", "saved request kept")),
        Some(&5)
    );
    assert_eq!(allowed, 3 * 45);
    assert!(
        figures
            .get(&("login", "same attribute bytes"))
            .copied()
            .unwrap_or(0)
            + figures
                .get(&("login", "same msm bytes"))
                .copied()
                .unwrap_or(0)
            >= 30
    );
}
