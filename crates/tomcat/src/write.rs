//! Writing sessions back: the sequence each session's profile has, from the stream's own
//! objects, so a stream read and written again is the same bytes.

use jsess_javaser::jdk::interpret;
use jsess_model::{BlockData, Content, Graph, JdkValue, NodeId, Stream, Value};

use crate::managers::Frame;
use crate::{AttributeValue, Error, Persisted, Profile, TomcatSession};

/// The container's bytes: for `SESSIONS.ser` the count then every session, otherwise the one
/// session. Refuses a session whose fields were changed after reading (the writer writes the
/// stream's objects) or whose profile cannot hold what it holds.
pub fn write(persisted: &Persisted<'_>) -> Result<Vec<u8>, Error> {
    let mut contents = Vec::new();
    match persisted.frame {
        Some(Frame::Object { root }) => return crate::managers::write_object(persisted, root),
        Some(Frame::Metadata { metadata, .. }) => contents.push(Content::Object(Some(metadata))),
        Some(Frame::Leading { creation_time }) => contents.push(long_block(creation_time)),
        None => {}
    }
    if let Some(count) = persisted.count {
        let n = crate::int(&persisted.stream.graph, count);
        if n.and_then(|n| usize::try_from(n).ok()) != Some(persisted.sessions.len()) {
            return Err(Error::Container(format!(
                "the SESSIONS.ser count object says {n:?}, but there are {} sessions",
                persisted.sessions.len()
            )));
        }
        contents.push(Content::Object(Some(count)));
    } else if persisted.sessions.len() != 1 {
        return Err(Error::Container(format!(
            "a {} holds one session, not {}",
            persisted.container.layout(),
            persisted.sessions.len()
        )));
    }
    for session in &persisted.sessions {
        check_fields(&persisted.stream.graph, session)?;
        sequence(session, &mut contents)?;
    }
    if let Some(Frame::Metadata { creation_time, .. }) = persisted.frame {
        contents.push(long_block(creation_time));
    }
    let stream = Stream {
        graph: persisted.stream.graph.clone(),
        contents,
    };
    jsess_javaser::encode(&stream).map_err(|e| Error::Write {
        session: persisted
            .sessions
            .first()
            .map(|s| s.id.clone())
            .unwrap_or_default(),
        message: e.to_string(),
    })
}

/// What `ObjectOutputStream.writeLong` writes outside an object: one 8-byte block record.
fn long_block(value: i64) -> Content<'static> {
    Content::Block(BlockData {
        bytes: value.to_be_bytes().to_vec().into(),
        long: false,
    })
}

/// Appends one session's items.
pub(crate) fn sequence(
    session: &TomcatSession,
    out: &mut Vec<Content<'static>>,
) -> Result<(), Error> {
    let refuse = |field: &str, fact: &str| Error::CannotHold {
        session: session.id.clone(),
        profile: session.profile.name(),
        field: field.to_string(),
        fact: fact.to_string(),
    };
    out.extend(
        session
            .objects
            .header
            .iter()
            .map(|id| Content::Object(Some(*id))),
    );
    match session.profile {
        Profile::NoLogin => {
            if session.objects.auth_type.is_some() || session.auth_type.is_some() {
                return Err(refuse("authType", "the authentication type of the login"));
            }
            if session.principal.is_some() {
                return Err(refuse("principal", "the logged-in user"));
            }
        }
        Profile::Login | Profile::LoginNotes => {
            out.push(Content::Object(session.objects.auth_type));
            out.push(Content::Object(session.principal));
        }
    }
    match (session.profile, session.notes) {
        (Profile::LoginNotes, notes) => {
            let notes = notes.unwrap_or_default();
            out.push(Content::Object(notes.session_id));
            out.push(Content::Object(notes.saved_request));
        }
        (_, Some(notes)) if notes.session_id.is_some() || notes.saved_request.is_some() => {
            return Err(refuse("notes", "the saved-login notes of a FORM login"));
        }
        _ => {}
    }
    out.push(Content::Object(Some(session.objects.count)));
    for attribute in &session.attributes {
        out.push(Content::Object(Some(attribute.name_node)));
        match attribute.value {
            AttributeValue::Written(r) => out.push(Content::Object(r)),
            AttributeValue::Marker(id) => out.push(Content::Object(Some(id))),
            AttributeValue::NotSerializable { partial, exception } => {
                if let Some(partial) = partial {
                    out.push(Content::Object(Some(partial)));
                }
                out.push(Content::Exception(exception));
            }
        }
    }
    Ok(())
}

/// Refuses a session whose public fields no longer say what its objects hold.
pub(crate) fn check_fields(graph: &Graph<'_>, s: &TomcatSession) -> Result<(), Error> {
    let [created, last, max, new, valid, this, id] = s.objects.header;
    let boxed = |node: NodeId| match interpret(graph, node) {
        Some(JdkValue::Boxed(v)) => Some(v),
        _ => None,
    };
    let text = |node: Option<NodeId>| {
        node.and_then(|n| graph.string(n))
            .and_then(|t| t.to_str().map(|t| t.into_owned()))
    };
    let checks: [(&'static str, Option<Value>, Value); 6] = [
        ("creationTime", boxed(created), Value::Long(s.creation_time)),
        (
            "lastAccessedTime",
            boxed(last),
            Value::Long(s.last_accessed_time),
        ),
        (
            "maxInactiveInterval",
            boxed(max),
            Value::Int(s.max_inactive_interval),
        ),
        ("isNew", boxed(new), Value::Boolean(u8::from(s.is_new))),
        (
            "isValid",
            boxed(valid),
            Value::Boolean(u8::from(s.is_valid)),
        ),
        (
            "thisAccessedTime",
            boxed(this),
            Value::Long(s.this_accessed_time),
        ),
    ];
    for (field, stream, wanted) in checks {
        let same = match (stream, wanted) {
            // Java reads any non-zero byte as true.
            (Some(Value::Boolean(a)), Value::Boolean(b)) => (a != 0) == (b != 0),
            (Some(a), b) => a.same(&b),
            (None, _) => false,
        };
        if !same {
            return Err(edited(s, field, format!("{stream:?}")));
        }
    }
    if text(Some(id)).as_deref() != Some(s.id.as_str()) {
        return Err(edited(s, "id", format!("{:?}", text(Some(id)))));
    }
    if text(s.objects.auth_type) != s.auth_type {
        return Err(edited(
            s,
            "authType",
            format!("{:?}", text(s.objects.auth_type)),
        ));
    }
    for attribute in &s.attributes {
        if text(Some(attribute.name_node)).as_deref() != Some(attribute.name.as_str()) {
            return Err(edited(
                s,
                "attribute name",
                format!("{:?}", text(Some(attribute.name_node))),
            ));
        }
    }
    Ok(())
}

fn edited(s: &TomcatSession, field: &'static str, stream: String) -> Error {
    Error::Edited {
        session: s.id.clone(),
        field,
        stream,
    }
}
