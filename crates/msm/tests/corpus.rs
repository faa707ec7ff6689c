//! Every value in `corpora/msm/` was written the way msm writes it, from real Tomcat 9
//! sessions. Each must be recognised, decode to what Java read (`<case>.json`, shape:
//! `corpora/msm/DESCRIPTION.md`), re-encode byte for byte, and survive every compact codec
//! (with and without a class dictionary) byte-identically.

#[path = "../../javaser/tests/describe/mod.rs"]
mod describe;

use std::path::Path;
use std::sync::Arc;

use describe::{unordered, Describer};
use jsess_classpath::Schemas;
use jsess_codecs::{Compact, Dictionary, Format};
use jsess_javaser::{decode as decode_java, Limits};
use jsess_model::{Codec, Content, Ref, Session, Stream};
use jsess_msm::json::class_of;
use jsess_msm::{
    attributes, decode, decode_envelope, encode, principal, sniff, AttributeFormat, AttributeValue,
    Kind, MsmKryo,
};
use serde_json::{json, Value as Json};

/// Every `<case>.bin` of a corpus directory with its `<case>.json` description, by name.
fn load_cases(dir: &Path) -> Vec<(String, Vec<u8>, Json)> {
    let mut cases: Vec<_> = std::fs::read_dir(dir)
        .expect("corpus directory")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "bin"))
        .map(|p| {
            let bytes = std::fs::read(&p).expect("blob");
            let description =
                std::fs::read_to_string(p.with_extension("json")).expect("description");
            let name = p.file_stem().expect("stem").to_string_lossy().into_owned();
            (
                name,
                bytes,
                jsess_testkit::parse_json(description.as_bytes()),
            )
        })
        .collect();
    cases.sort_by(|a, b| a.0.cmp(&b.0));
    cases
}

fn cases() -> Vec<(String, Vec<u8>, Json)> {
    load_cases(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpora/msm"))
}

#[test]
fn corpus_has_the_sessions_the_issue_asks_for() {
    let sessions = cases().iter().filter(|c| c.2["kind"] == "session").count();
    assert!(sessions >= 30, "{sessions} sessions");
}

#[test]
fn every_value_matches_what_java_read() {
    let mut failures = Vec::new();
    for (name, bytes, expected) in cases() {
        if let Err(problem) = check(&bytes, &expected) {
            failures.push(format!("{name}: {problem}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} case(s) differ:\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

#[test]
fn every_session_survives_every_codec_byte_for_byte() {
    let blobs: Vec<(String, Vec<u8>)> = cases()
        .into_iter()
        .filter(|c| c.2["kind"] == "session")
        .map(|(n, b, _)| (n, b))
        .collect();
    let sessions: Vec<(&str, &[u8], Session<'_>)> = blobs
        .iter()
        .map(|(n, b)| {
            (
                n.as_str(),
                b.as_slice(),
                decode(b, &Limits::DEFAULT).expect("session decodes"),
            )
        })
        .collect();
    let dictionary = Arc::new(Dictionary::build(sessions.iter().map(|(_, _, s)| s)));
    for format in Format::ALL {
        for codec in [
            Compact::new(format),
            Compact::with_dictionary(format, Arc::clone(&dictionary)),
        ] {
            for (name, original, session) in &sessions {
                let blob = codec
                    .encode(session)
                    .unwrap_or_else(|e| panic!("{name}: {}: {e}", format.name()));
                let back = codec
                    .decode(&blob, &Limits::DEFAULT)
                    .unwrap_or_else(|e| panic!("{name}: {}: {e}", format.name()));
                let again =
                    encode(&back).unwrap_or_else(|e| panic!("{name}: {}: {e}", format.name()));
                assert!(
                    again == *original,
                    "{name}: {} changed the msm bytes",
                    format.name()
                );
            }
        }
    }
}

fn check(bytes: &[u8], expected: &Json) -> Result<(), String> {
    if expected["bytes"] != json!(bytes.len()) {
        return Err("length differs from the description".into());
    }
    let kind = sniff(bytes);
    match expected["kind"].as_str() {
        Some("ping") => expect_kind(kind, Kind::Ping),
        Some("lock") => expect_kind(kind, Kind::Lock),
        Some("validity") => {
            expect_kind(kind, Kind::Validity)?;
            let field = |at: usize, n: usize| {
                bytes[at..at + n]
                    .iter()
                    .fold(0i64, |acc, b| (acc << 8) | i64::from(*b))
            };
            let ours = json!({
                "max_inactive_interval": field(0, 4) as i32,
                "last_accessed_time": field(4, 8),
                "this_accessed_time": field(12, 8),
            });
            same("validity", &ours, &expected["validity"])
        }
        Some("kryo-session") => {
            expect_kind(kind, Kind::Session(AttributeFormat::Kryo))?;
            let (envelope, _) = decode_envelope(bytes).map_err(|e| e.to_string())?;
            same(
                "session",
                &envelope_json(bytes, &envelope)?,
                &expected["session"],
            )
        }
        Some("session") => {
            expect_kind(kind, Kind::Session(AttributeFormat::Java))?;
            check_session(bytes, expected)
        }
        other => Err(format!("unknown kind {other:?}")),
    }
}

fn expect_kind(got: Kind, want: Kind) -> Result<(), String> {
    if got == want {
        Ok(())
    } else {
        Err(format!("sniffed {got:?}, expected {want:?}"))
    }
}

fn same(what: &str, ours: &Json, java: &Json) -> Result<(), String> {
    if unordered(ours.clone()) == unordered(java.clone()) {
        Ok(())
    } else {
        Err(format!("{what} differs\n  ours: {ours}\n  java: {java}"))
    }
}

fn check_session(bytes: &[u8], expected: &Json) -> Result<(), String> {
    let session = decode(bytes, &Limits::DEFAULT).map_err(|e| format!("decode: {e}"))?;
    if encode(&session).map_err(|e| format!("encode: {e}"))? != bytes {
        return Err("re-encoding differs".into());
    }
    same(
        "session",
        &envelope_json(bytes, &session.envelope)?,
        &expected["session"],
    )?;
    let (attributes_json, error_json) = attributes_json(&session.attributes)?;
    same("attributes", &attributes_json, &expected["attributes"])?;
    same(
        "attributes_error",
        &error_json,
        &expected["attributes_error"],
    )
}

fn envelope_json(bytes: &[u8], e: &jsess_model::Envelope<'_>) -> Result<Json, String> {
    let (_, attribute_bytes) = decode_envelope(bytes).map_err(|e| e.to_string())?;
    Ok(json!({
        "version": e.version,
        "header_length": bytes.len() - attribute_bytes.len(),
        "creation_time": e.creation_time,
        "last_accessed_time": e.last_accessed_time,
        "max_inactive_interval": e.max_inactive_interval,
        "is_new": e.is_new == b'1',
        "is_valid": e.is_valid == b'1',
        "this_accessed_time": e.this_accessed_time,
        "last_backup_time": e.last_backup_time,
        "id": String::from_utf8_lossy(&e.id),
        "auth_type": e.auth_type_name(),
        "principal": principal_json(&e.principal)?,
        "saved_request": saved_request_json(&e.saved_request)?,
        "saved_principal": principal_json(&e.saved_principal)?,
    }))
}

fn principal_json(bytes: &[u8]) -> Result<Json, String> {
    if bytes.is_empty() {
        return Ok(Json::Null);
    }
    let (p, stream) = principal(bytes, &Limits::DEFAULT).map_err(|e| format!("principal: {e}"))?;
    let user = user_principal(&stream);
    let mut describer = Describer::new(&stream.graph);
    let user_principal = describer.values(&[user]).remove(0);
    Ok(json!({
        "form": p.form.name(),
        "bytes": bytes.len(),
        "name": p.name,
        "roles": p.roles,
        "password": p.password,
        "user_principal": user_principal,
    }))
}

/// Tomcat 7: the object after the block data; Tomcat 8+: the `principal` field.
fn user_principal(stream: &Stream<'_>) -> Ref {
    match stream.contents.first() {
        Some(Content::Block(_)) => stream.contents.iter().find_map(|c| match c {
            Content::Object(r) => Some(*r),
            _ => None,
        })?,
        Some(Content::Object(Some(id))) => {
            let graph = &stream.graph;
            graph.field(*id, "principal")?.as_ref()?
        }
        _ => None,
    }
}

fn saved_request_json(bytes: &[u8]) -> Result<Json, String> {
    if bytes.is_empty() {
        return Ok(Json::Null);
    }
    let stream = decode_java(bytes, &Limits::DEFAULT).map_err(|e| format!("saved request: {e}"))?;
    Ok(json!({"bytes": bytes.len(), "contents": Describer::describe_contents(&stream)}))
}

/// The attribute list and, after an aborted value, the error, in one identity scope.
fn attributes_json(stream: &Stream<'_>) -> Result<(Json, Json), String> {
    let graph = &stream.graph;
    let list = attributes(stream).map_err(|e| e.to_string())?;
    let failed_at = list
        .entries
        .iter()
        .position(|a| matches!(a.value, AttributeValue::Failed { .. }));
    let written = &list.entries[..failed_at.unwrap_or(list.entries.len())];
    let mut refs: Vec<Ref> = written
        .iter()
        .map(|a| match a.value {
            AttributeValue::Written(r) => r,
            AttributeValue::Failed { .. } => None,
        })
        .collect();
    // What Java reads after the exception: every top-level object that follows it.
    let rest: Vec<Ref> = match failed_at {
        Some(_) => {
            let after = stream
                .contents
                .iter()
                .position(|c| matches!(c, Content::Exception(_)))
                .unwrap_or(0)
                + 1;
            stream.contents[after..]
                .iter()
                .filter_map(|c| match c {
                    Content::Object(r) => Some(*r),
                    _ => None,
                })
                .collect()
        }
        None => Vec::new(),
    };
    let written_count = refs.len();
    refs.extend(&rest);
    let mut describer = Describer::new(graph);
    let mut described = describer.values(&refs);
    let rest_described = described.split_off(written_count);
    let items: Vec<Json> = written
        .iter()
        .zip(described)
        .map(|(a, value)| {
            let r = match a.value {
                AttributeValue::Written(r) => r,
                AttributeValue::Failed { .. } => None,
            };
            json!({
                "name": graph.string(a.name).map(|s| s.to_string()),
                "class": class_of(graph, r),
                "value": value,
            })
        })
        .collect();
    let error = match failed_at.map(|i| &list.entries[i]) {
        Some(a) => {
            let AttributeValue::Failed { exception, .. } = a.value else {
                unreachable!("failed entry")
            };
            let exception = describer.exception(exception)["exception"].clone();
            json!({"name": graph.string(a.name).map(|s| s.to_string()), "exception": exception, "rest": rest_described})
        }
        None => Json::Null,
    };
    Ok((Json::Array(items), error))
}

// ---- msm-kryo ------------------------------------------------------------------------------

fn kryo_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpora/kryo")
}

/// `corpora/kryo/`: Kryo twins of the msm sessions and Kryo-only cases, written by real msm's
/// `KryoTranscoder` with Kryo 4.0.0 (corpora/kryo/README.md).
fn kryo_cases() -> Vec<(String, Vec<u8>, Json)> {
    load_cases(&kryo_dir())
}

/// The application's classes, read from the corpus jar without a JVM.
fn kryo_codec() -> MsmKryo {
    let mut schemas = Schemas::new();
    let jar = kryo_dir().join("app-classes.jar");
    schemas
        .add_classpath(jar.to_str().expect("path"))
        .expect("app-classes.jar");
    MsmKryo::new(Arc::new(schemas))
}

#[test]
fn kryo_corpus_has_twins_and_kryo_only_cases() {
    let cases = kryo_cases();
    let twins = cases
        .iter()
        .filter(|c| {
            kryo_dir()
                .join("../msm")
                .join(format!("{}.bin", c.0))
                .exists()
        })
        .count();
    assert!(twins >= 40, "{twins} twins");
    assert!(cases.len() >= 50, "{} cases", cases.len());
}

/// Every blob real Kryo wrote decodes to what Java read back from it.
#[test]
fn every_kryo_value_matches_what_java_read() {
    let codec = kryo_codec();
    let mut failures = Vec::new();
    let mut unsupported = Vec::new();
    for (name, bytes, expected) in kryo_cases() {
        let session = match codec.decode(&bytes, &Limits::DEFAULT) {
            Ok(s) => s,
            Err(e) => {
                unsupported.push(format!("{name}: {e}"));
                continue;
            }
        };
        let check = || -> Result<(), String> {
            same(
                "session",
                &envelope_json(&bytes, &session.envelope)?,
                &expected["session"],
            )?;
            let (attributes, error) = attributes_json(&session.attributes)?;
            same(
                "attributes",
                &attributes,
                &serialized_class_names(&expected["attributes"]),
            )?;
            same("attributes_error", &error, &expected["attributes_error"])
        };
        if let Err(problem) = check() {
            failures.push(format!("{name}: {problem}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // What jsess refuses to read, it refuses by name; only the documented gaps remain.
    assert!(unsupported.is_empty(), "{unsupported:#?}");
}

/// Kryo bytes decode and encode back to themselves.
#[test]
fn kryo_blobs_re_encode_byte_for_byte() {
    let codec = kryo_codec();
    for (name, bytes, _) in kryo_cases() {
        let Ok(session) = codec.decode(&bytes, &Limits::DEFAULT) else {
            continue;
        };
        let again = codec.encode(&session).expect("encode");
        assert!(again == bytes, "{name}: re-encoding differs");
    }
}

/// The codec keeps what it works out about each class from one blob to the next (as msm's
/// `KryoTranscoder` keeps one `Kryo`): a blob read and written by a codec that has seen every
/// other blob, in either order and from two threads at once, gives what a fresh codec gives.
#[test]
fn what_earlier_blobs_taught_the_kryo_codec_changes_nothing() {
    let fresh = |bytes: &[u8]| {
        let codec = kryo_codec();
        let session = codec.decode(bytes, &Limits::DEFAULT).ok()?;
        Some((encode(&session).ok(), codec.encode(&session).ok()))
    };
    let cases = kryo_cases();
    let expected: Vec<_> = cases.iter().map(|(_, bytes, _)| fresh(bytes)).collect();
    let warm = Arc::new(kryo_codec());
    let pass = |order: Vec<usize>| {
        let warm = Arc::clone(&warm);
        let cases = &cases;
        let expected = &expected;
        move || {
            for i in order {
                let (name, bytes, _) = &cases[i];
                let got = warm
                    .decode(bytes, &Limits::DEFAULT)
                    .ok()
                    .map(|s| (encode(&s).ok(), warm.encode(&s).ok()));
                assert!(
                    got == expected[i],
                    "{name}: differs once the codec has seen others"
                );
            }
        }
    };
    let forward: Vec<usize> = (0..cases.len()).collect();
    let backward: Vec<usize> = forward.iter().rev().copied().collect();
    std::thread::scope(|scope| {
        scope.spawn(pass(forward.clone()));
        scope.spawn(pass(backward));
    });
    pass(forward)();
    assert!(expected.iter().filter(|e| e.is_some()).count() >= 40);
}

/// A Java-serialized session written as Kryo gives exactly the bytes real Kryo wrote for the
/// same objects, and converting back to Java keeps every value.
#[test]
fn java_to_kryo_gives_real_kryo_bytes_and_back() {
    let codec = kryo_codec();
    let mut compared = 0;
    for (name, bytes, expected) in cases() {
        if expected["kind"] != "session" {
            continue;
        }
        let session = decode(&bytes, &Limits::DEFAULT).expect("msm-java");
        let kryo = match codec.encode(&session) {
            Ok(k) => k,
            Err(e) => {
                // Refusals name the attribute and class, and are the documented ones.
                let e = e.to_string();
                assert!(
                    [
                        "milliseconds only",
                        "ImmutableCollections",
                        "failed to serialize"
                    ]
                    .iter()
                    .any(|w| e.contains(w)),
                    "{name}: {e}"
                );
                continue;
            }
        };
        let twin = kryo_dir().join(format!("{name}.bin"));
        if twin.exists() {
            let real = std::fs::read(&twin).expect("twin");
            assert!(kryo == real, "{name}: differs from what Kryo wrote");
            compared += 1;
        }
        let back = codec.decode(&kryo, &Limits::DEFAULT).expect("own Kryo");
        let java = encode(&back).expect("msm-java");
        let again = decode(&java, &Limits::DEFAULT).expect("re-read");
        let (ours, _) = attributes_json(&again.attributes).expect("attributes");
        same(
            "attributes after Java → Kryo → Java",
            &ours,
            &expected["attributes"],
        )
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    }
    assert!(
        compared >= 40,
        "{compared} sessions compared with real Kryo bytes"
    );
}

/// The Kryo corpus names each attribute's class as the JVM holds it after reading; a Java
/// stream names some of those classes differently (what `writeReplace` substitutes, and an
/// enum's own class for a constant with a body). Maps the former to the latter.
fn serialized_class_names(attributes: &Json) -> Json {
    let mut attributes = attributes.clone();
    for a in attributes.as_array_mut().into_iter().flatten() {
        let value_enum = a["value"]["enum"].as_str().map(str::to_string);
        let Some(class) = a["class"].as_str() else {
            continue;
        };
        let serialized = match class {
            "java.util.RegularEnumSet" | "java.util.JumboEnumSet" => {
                "java.util.EnumSet$SerializationProxy".to_string()
            }
            c if c.ends_with("RandomAccessList") => c.replace("RandomAccessList", "List"),
            // A proxy's generated class is named by its interfaces.
            "java.lang.reflect.Proxy" if a["value"]["proxy"].is_array() => {
                let names: Vec<&str> = a["value"]["proxy"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(Json::as_str)
                    .collect();
                format!("$Proxy({})", names.join(", "))
            }
            // java.time values are written by their serial proxy.
            c if c.starts_with("java.time.") && a["value"]["value"].is_string() => {
                "java.time.Ser".to_string()
            }
            c if value_enum
                .as_deref()
                .is_some_and(|e| c.starts_with(&format!("{e}$"))) =>
            {
                value_enum.clone().unwrap_or_default()
            }
            c => c.to_string(),
        };
        a["class"] = json!(serialized);
    }
    attributes
}
