//! Every value in `corpora/msm/` was written the way msm writes it, from real Tomcat 9
//! sessions. Each must be recognised, decode to what Java read (`<case>.json`, shape:
//! `corpora/msm/DESCRIPTION.md`), re-encode byte for byte, and survive every compact codec
//! (with and without a class dictionary) byte-identically.

#[path = "../../javaser/tests/describe/mod.rs"]
mod describe;

use std::path::Path;
use std::sync::Arc;

use describe::{unordered, Describer};
use jsess_codecs::{Compact, Dictionary, Format};
use jsess_javaser::{decode as decode_java, Limits};
use jsess_model::{Codec, Content, Node, Ref, Session, Stream};
use jsess_msm::json::class_of;
use jsess_msm::{
    attributes, decode, decode_envelope, encode, principal, sniff, AttributeFormat, AttributeValue,
    Kind,
};
use serde_json::{json, Value as Json};

fn cases() -> Vec<(String, Vec<u8>, Json)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpora/msm");
    let mut cases: Vec<_> = std::fs::read_dir(dir)
        .expect("corpora/msm")
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
                serde_json::from_str(&description).expect("JSON"),
            )
        })
        .collect();
    cases.sort_by(|a, b| a.0.cmp(&b.0));
    cases
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
            let Some(Node::Object(o)) = graph.get(*id) else {
                return None;
            };
            let chain = graph.class_chain(o.class);
            chain.iter().zip(&o.data).find_map(|(desc, data)| {
                let jsess_model::ClassData::Serial { fields, .. } = data else {
                    return None;
                };
                let at = graph
                    .class_desc(*desc)?
                    .fields()
                    .iter()
                    .position(|f| f.name.eq_str("principal"))?;
                fields.get(at)?.as_ref()
            })?
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
