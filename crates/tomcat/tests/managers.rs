//! The Redis session managers' values in corpora/managers (written by their own classes on
//! Tomcat 9.0.70): read, written back byte for byte, shown as JSON, converted to msm and back;
//! cut and flipped bytes give typed errors, never a panic.

use std::path::{Path, PathBuf};

use jsess_javaser::Limits;
use jsess_tomcat::convert::{to_msm, Allow};
use jsess_tomcat::managers::{self, Frame};
use jsess_tomcat::{Container, Profile};

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpora/managers")
}

/// Every value of the corpus with the container its folder stands for.
fn values() -> Vec<(Container, String, Vec<u8>)> {
    let mut out = Vec::new();
    for (dir, container) in [
        ("jcoleman", Container::Jcoleman),
        ("jcoleman-1", Container::JcolemanLegacy),
        ("ran-jit", Container::RanJit),
        ("chexagon", Container::Chexagon),
    ] {
        let mut files: Vec<_> = std::fs::read_dir(corpus().join(dir))
            .expect("corpus folder")
            .map(|e| e.expect("entry").path())
            .collect();
        files.sort();
        for file in files {
            let key = file
                .file_name()
                .expect("name")
                .to_string_lossy()
                .into_owned();
            out.push((container, key, std::fs::read(&file).expect("read")));
        }
    }
    out
}

#[test]
fn corpus_reads_and_writes_back() {
    let mut sessions = 0;
    let mut placeholders = 0;
    for (container, key, bytes) in values() {
        if managers::is_placeholder(&bytes) {
            assert_eq!(managers::sniff(&bytes), None, "{key}");
            placeholders += 1;
            continue;
        }
        assert_eq!(managers::sniff(&bytes), Some(container), "{key}");
        assert_eq!(
            jsess_tomcat::sniff(&bytes),
            None,
            "{key}: not a plain Tomcat stream"
        );
        let persisted = managers::read(&bytes, &Limits::DEFAULT)
            .expect("sniffed")
            .unwrap_or_else(|e| panic!("{key}: {e}"));
        assert_eq!(persisted.container, container);
        let session = &persisted.sessions[0];
        let id = key.strip_prefix("_rsm_").unwrap_or(&key);
        assert_eq!(session.id, id);
        assert_eq!(
            jsess_tomcat::write(&persisted).expect("write"),
            bytes,
            "{key}"
        );
        let json = jsess_tomcat::json::to_json(&persisted, 0, &Limits::DEFAULT);
        assert_eq!(json["layout"], container.layout());
        assert_eq!(json["session"]["id"], id);
        // To msm and back into the same manager: the same session.
        let msm = to_msm(&persisted, 0, Allow::default()).expect("to msm");
        let back = managers::from_msm(
            &msm.value,
            container,
            session.profile,
            Allow::default(),
            &Limits::DEFAULT,
        )
        .unwrap_or_else(|e| panic!("{key}: {e}"));
        let again = &back.value.sessions[0];
        assert_eq!(again.id, session.id);
        assert_eq!(again.creation_time, session.creation_time);
        assert_eq!(again.auth_type, session.auth_type);
        let names = |s: &jsess_tomcat::TomcatSession| {
            s.attributes
                .iter()
                .map(|a| a.name.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(names(again), names(session), "{key}");
        let json_back = jsess_tomcat::json::to_json(&back.value, 0, &Limits::DEFAULT);
        assert_eq!(json_back["attributes"], json["attributes"], "{key}");
        assert_eq!(
            json_back["session"]["principal"],
            json["session"]["principal"]
        );
        let written = jsess_tomcat::write(&back.value).expect("write back");
        match (container, persisted.frame) {
            // chexagon's value has nothing jsess does not rebuild: the same bytes.
            (Container::Chexagon, _) => assert_eq!(written, bytes, "{key}"),
            // The attributes hash is zeros, not the MD5 (and the principal's descriptors, which
            // msm keeps in a stream of their own, are written again).
            (_, Some(Frame::Metadata { .. })) => {
                assert_eq!(managers::attributes_hash(&back.value), Some(&[0u8; 16][..]));
            }
            _ => {}
        }
        sessions += 1;
    }
    assert_eq!((sessions, placeholders), (6, 2));
}

/// Every cut and a spread of byte flips of every value: a value or a typed error, never a
/// panic; what reads writes back to the bytes it was read from.
#[test]
fn cuts_and_flips_are_typed_errors() {
    let limits = Limits::DEFAULT;
    let mut errors = 0;
    for (_, key, bytes) in values() {
        let mut cases: Vec<Vec<u8>> = (0..bytes.len()).map(|n| bytes[..n].to_vec()).collect();
        for at in (0..bytes.len()).step_by(7) {
            for mask in [0x01, 0x80, 0xFF] {
                let mut flipped = bytes.clone();
                flipped[at] ^= mask;
                cases.push(flipped);
            }
        }
        for case in cases {
            match managers::read(&case, &limits) {
                None => {}
                Some(Err(_)) => errors += 1,
                Some(Ok(persisted)) => {
                    if let Ok(written) = jsess_tomcat::write(&persisted) {
                        assert_eq!(written, case, "{key}");
                    }
                    let _ = jsess_tomcat::json::to_json(&persisted, 0, &limits);
                    let _ = to_msm(&persisted, 0, Allow::default());
                }
            }
        }
    }
    assert!(errors > 1000, "{errors}");
}

#[test]
fn framing_errors_name_what_is_wrong() {
    let bytes = std::fs::read(corpus().join("jcoleman/2C0DE2C0DE2C0DE2C0DE2C0DE2C0DE02.node1"))
        .expect("corpus");
    // Without the trailing creation time.
    let cut = &bytes[..bytes.len() - 10];
    let error = managers::read(cut, &Limits::DEFAULT)
        .expect("sniffed")
        .unwrap_err();
    assert!(error.to_string().contains("creation time"), "{error}");
    // The sequence alone is Tomcat's stream, not a manager's value.
    assert_eq!(managers::sniff(b"null"), None);
    assert!(managers::is_placeholder(b"null"));
    // A jcoleman 1.x value whose block is not 8 bytes.
    let mut legacy = std::fs::read(corpus().join("jcoleman-1/1C0DE1C0DE1C0DE1C0DE1C0DE1C0DE01"))
        .expect("corpus");
    legacy[5] = 0x07;
    assert_eq!(managers::sniff(&legacy), None);
    let error = managers::read_as(&legacy, Container::JcolemanLegacy, &Limits::DEFAULT)
        .expect_err("a 7-byte block");
    assert!(!error.to_string().is_empty());
    // A chexagon value read as jcoleman's.
    let chexagon = std::fs::read(corpus().join("chexagon/_rsm_4C0DE4C0DE4C0DE4C0DE4C0DE4C0DE02"))
        .expect("corpus");
    let error = managers::read_as(&chexagon, Container::Jcoleman, &Limits::DEFAULT).unwrap_err();
    assert!(error.to_string().contains("metadata"), "{error}");
}

#[test]
fn jcoleman_value_as_docs_show_it() {
    let bytes = std::fs::read(corpus().join("jcoleman/2C0DE2C0DE2C0DE2C0DE2C0DE2C0DE02.node1"))
        .expect("corpus");
    let persisted = managers::read(&bytes, &Limits::DEFAULT)
        .expect("sniffed")
        .expect("read");
    let json = jsess_tomcat::json::to_json(&persisted, 0, &Limits::DEFAULT);
    assert_eq!(json["session"]["profile"], "login");
    assert_eq!(json["session"]["auth_type"], serde_json::Value::Null);
    assert_eq!(
        json["session"]["manager"]["metadata_class"],
        managers::JCOLEMAN_METADATA
    );
    assert_eq!(
        json["session"]["manager"]["creation_time"],
        json["session"]["creation_time"]
    );
    assert_eq!(json["attributes"][1]["name"], "user");
    assert_eq!(json["attributes"][1]["value"], "bob");
    let login = std::fs::read(corpus().join("chexagon/_rsm_4C0DE4C0DE4C0DE4C0DE4C0DE4C0DE01"))
        .expect("corpus");
    let persisted = managers::read(&login, &Limits::DEFAULT)
        .expect("sniffed")
        .expect("read");
    let session = &persisted.sessions[0];
    assert_eq!(session.profile, Profile::NoLogin);
    assert!(
        !session.has_login(),
        "the login is transient in StandardSession"
    );
    assert_eq!(session.attributes.len(), 10);
}

#[test]
fn edited_sessions_are_refused_not_written_as_read() {
    let bytes = std::fs::read(corpus().join("chexagon/_rsm_4C0DE4C0DE4C0DE4C0DE4C0DE4C0DE01"))
        .expect("corpus");
    let read = managers::read(&bytes, &Limits::DEFAULT)
        .expect("sniffed")
        .expect("read");
    let mut fewer = read.clone();
    fewer.sessions[0].attributes.pop();
    assert!(matches!(
        jsess_tomcat::write(&fewer),
        Err(jsess_tomcat::Error::Edited {
            field: "attributes",
            ..
        })
    ));
    let mut older = read.clone();
    older.sessions[0].creation_time -= 1;
    assert!(matches!(
        jsess_tomcat::write(&older),
        Err(jsess_tomcat::Error::Edited { .. })
    ));
    let mut login = read;
    login.sessions[0].auth_type = Some("FORM".into());
    assert!(jsess_tomcat::write(&login).is_err());

    let bytes =
        std::fs::read(corpus().join("ran-jit/3C0DE3C0DE3C0DE3C0DE3C0DE3C0DE01")).expect("corpus");
    let mut read = managers::read(&bytes, &Limits::DEFAULT)
        .expect("sniffed")
        .expect("read");
    read.sessions[0].id.push('x');
    assert!(matches!(
        jsess_tomcat::write(&read),
        Err(jsess_tomcat::Error::Edited { field: "id", .. })
    ));
}

/// ran-jit's older metadata class names, put in place of 4.0's in a real value (the name is no
/// handle, so the rest of the stream stays valid): each is ran-jit's, and writes back.
#[test]
fn every_ran_jit_metadata_name_is_recognised() {
    let bytes =
        std::fs::read(corpus().join("ran-jit/3C0DE3C0DE3C0DE3C0DE3C0DE3C0DE01")).expect("corpus");
    let current = managers::RAN_JIT_METADATA[2].as_bytes();
    let rest = &bytes[8 + current.len()..];
    for name in managers::RAN_JIT_METADATA {
        let mut value = bytes[..6].to_vec();
        value.extend((name.len() as u16).to_be_bytes());
        value.extend(name.as_bytes());
        value.extend(rest);
        assert_eq!(managers::sniff(&value), Some(Container::RanJit), "{name}");
        let persisted = managers::read(&value, &Limits::DEFAULT)
            .expect("sniffed")
            .expect("reads");
        let json = jsess_tomcat::json::to_json(&persisted, 0, &Limits::DEFAULT);
        assert_eq!(json["session"]["manager"]["metadata_class"], name);
        assert_eq!(jsess_tomcat::write(&persisted).expect("writes"), value);
    }
}
