//! An msm session into a Tomcat session stream and back.
//!
//! Both keep every attribute in one Java stream with one handle table, so objects attributes
//! share and cycles stay as they are: msm's attribute objects move into the Tomcat stream's
//! graph as they are (class descriptors merged, as one `ObjectOutputStream` shares them), and
//! come back the same way. The header differs: msm's `lastBackupTime` has no place in Tomcat's
//! stream (going back, `thisAccessedTime` stands in), and Tomcat's saved-login notes none in
//! msm's header. What is dropped is listed in [`Converted::dropped`]; what would change what
//! the application or the user sees (a login the profile cannot hold, a principal in msm's
//! Tomcat 7 form, a value that failed to serialize) is refused naming the session and the
//! attribute or field.

use jsess_javaser::jdk::Builder;
use jsess_javaser::Limits;
use jsess_model::merge::append;
use jsess_model::{Content, Envelope, NodeId, Session, Value};
use jsess_msm::{AttributeValue as MsmValue, PrincipalForm};

use crate::{
    Attribute, AttributeValue, Container, Error, Notes, Objects, Persisted, Profile, Scratch,
    TomcatSession,
};

/// A converted session and what the target has no place for.
#[derive(Debug, Clone)]
pub struct Converted<T> {
    /// The session in the target.
    pub value: T,
    /// The facts dropped, each said once.
    pub dropped: Vec<&'static str>,
}

const AUTH_TYPES: [&str; 4] = ["BASIC", "CLIENT_CERT", "DIGEST", "FORM"];

/// An msm session (Java attributes) as a `FileStore` file of `profile` would hold it.
pub fn from_msm(
    session: &Session<'_>,
    profile: Profile,
    limits: &Limits,
) -> Result<Converted<Persisted<'static>>, Error> {
    let envelope = &session.envelope;
    let id = String::from_utf8(envelope.id.to_vec()).map_err(|_| Error::WouldLose {
        session: String::from_utf8_lossy(&envelope.id).into_owned(),
        target: profile.name(),
        fact: "a session id that is not UTF-8".into(),
    })?;
    let lose = |fact: String| Error::WouldLose {
        session: id.clone(),
        target: profile.name(),
        fact,
    };
    let list = jsess_msm::attributes(&session.attributes)?;
    let source = &session.attributes.graph;
    let mut names = Vec::with_capacity(list.entries.len());
    for entry in &list.entries {
        let name = source
            .string(entry.name)
            .and_then(|s| s.to_str().map(|t| t.into_owned()))
            .ok_or_else(|| lose("an attribute name that is not text".into()))?;
        if let MsmValue::Failed { .. } = entry.value {
            return Err(lose(format!(
                "attribute {name:?}: its value failed to serialize and msm wrote its marker after the exception"
            )));
        }
        names.push(name);
    }
    let auth_type = match envelope.auth_type {
        0 => None,
        n => Some(envelope.auth_type_name().ok_or_else(|| {
            lose(format!(
                "field authType: msm's authentication type id {n}, which names no type"
            ))
        })?),
    };
    if profile == Profile::NoLogin && (auth_type.is_some() || !envelope.principal.is_empty()) {
        return Err(Error::CannotHold {
            session: id.clone(),
            profile: profile.name(),
            field: "principal".into(),
            fact: "the login (principal and authType): the user would have to log in again".into(),
        });
    }

    let write_error = |e: jsess_javaser::jdk::BuildError| Error::Write {
        session: id.clone(),
        message: e.to_string(),
    };
    let mut builder = Builder::new();
    let long = |b: &mut Builder, v: i64| b.boxed(Value::Long(v));
    let created = long(&mut builder, envelope.creation_time).map_err(write_error)?;
    let last = long(&mut builder, envelope.last_accessed_time).map_err(write_error)?;
    let max = builder
        .boxed(Value::Int(envelope.max_inactive_interval))
        .map_err(write_error)?;
    let is_new = envelope.is_new == b'1';
    let is_valid = envelope.is_valid == b'1';
    let new = builder
        .boxed(Value::Boolean(u8::from(is_new)))
        .map_err(write_error)?;
    let valid = builder
        .boxed(Value::Boolean(u8::from(is_valid)))
        .map_err(write_error)?;
    let this = long(&mut builder, envelope.this_accessed_time).map_err(write_error)?;
    let id_node = builder.string(&id);
    let auth_node = auth_type.map(|name| builder.string(name));
    let mut stream = builder.finish();

    let principal = if envelope.principal.is_empty() {
        None
    } else {
        let (p, principal_stream) = jsess_msm::principal(&envelope.principal, limits)?;
        if p.form != PrincipalForm::Tomcat8 {
            return Err(lose(
                "field principal: msm's Tomcat 7 form (block data, not the principal object Tomcat's stream holds)"
                    .into(),
            ));
        }
        let root = match principal_stream.contents.as_slice() {
            [Content::Object(Some(root))] => *root,
            _ => {
                return Err(lose(
                    "field principal: a stream that is not one object".into(),
                ))
            }
        };
        let map = append(&mut stream.graph, principal_stream.into_owned().graph);
        map.get(root.index()).copied()
    };

    let map = append(
        &mut stream.graph,
        session.attributes.clone().into_owned().graph,
    );
    let moved = |node: NodeId| map.get(node.index()).copied();
    let count = moved(list.count).ok_or_else(|| lose("the attribute count".into()))?;
    let mut attributes = Vec::with_capacity(list.entries.len());
    for (entry, name) in list.entries.iter().zip(names) {
        let MsmValue::Written(value) = entry.value else {
            continue;
        };
        let name_node = moved(entry.name).ok_or_else(|| lose(format!("attribute {name:?}")))?;
        attributes.push(Attribute {
            name,
            name_node,
            value: AttributeValue::Written(value.and_then(moved)),
        });
    }
    let mut dropped = vec!["lastBackupTime"];
    if !envelope.saved_request.is_empty() || !envelope.saved_principal.is_empty() {
        dropped.push("the saved form-login request (msm's form, not Tomcat's notes)");
    }
    let tomcat = TomcatSession {
        id,
        creation_time: envelope.creation_time,
        last_accessed_time: envelope.last_accessed_time,
        max_inactive_interval: envelope.max_inactive_interval,
        is_new,
        is_valid,
        this_accessed_time: envelope.this_accessed_time,
        auth_type: auth_type.map(str::to_string),
        principal,
        notes: (profile == Profile::LoginNotes).then(Notes::default),
        attributes,
        profile,
        objects: Objects {
            header: [created, last, max, new, valid, this, id_node],
            auth_type: auth_node,
            count,
        },
    };
    let mut contents = Vec::new();
    crate::write::sequence(&tomcat, &mut contents)?;
    stream.contents = contents;
    Ok(Converted {
        value: Persisted {
            container: Container::File,
            stream,
            count: None,
            sessions: vec![tomcat],
        },
        dropped,
    })
}

/// Session `index` of `persisted` as msm keeps it. msm's `lastBackupTime` takes
/// `thisAccessedTime`. The attributes become a stream of their own, holding only what they
/// reach.
pub fn to_msm(
    persisted: &Persisted<'_>,
    index: usize,
) -> Result<Converted<Session<'static>>, Error> {
    let Some(session) = persisted.sessions.get(index) else {
        return Err(Error::Container(format!(
            "there is no session {} (the stream holds {})",
            index + 1,
            persisted.sessions.len()
        )));
    };
    session_to_msm(session, &mut Scratch::new(&persisted.stream.graph))
}

/// Every session of `persisted` as msm keeps it, in stream order: for `SESSIONS.ser`, one
/// session each, the graph they share copied once.
pub fn to_msm_all(persisted: &Persisted<'_>) -> Vec<Result<Converted<Session<'static>>, Error>> {
    let mut scratch = Scratch::new(&persisted.stream.graph);
    persisted
        .sessions
        .iter()
        .map(|session| session_to_msm(session, &mut scratch))
        .collect()
}

fn session_to_msm<'a>(
    session: &TomcatSession,
    scratch: &mut Scratch<'_, 'a>,
) -> Result<Converted<Session<'static>>, Error> {
    let lose = |fact: String| Error::WouldLose {
        session: session.id.clone(),
        target: "msm",
        fact,
    };
    let mut envelope = Envelope::new(
        session.id.clone().into_bytes(),
        session.creation_time,
        session.max_inactive_interval,
    );
    envelope.last_accessed_time = session.last_accessed_time;
    envelope.this_accessed_time = session.this_accessed_time;
    envelope.last_backup_time = session.this_accessed_time;
    envelope.is_new = if session.is_new { b'1' } else { b'0' };
    envelope.is_valid = if session.is_valid { b'1' } else { b'0' };
    if let Some(name) = &session.auth_type {
        let index = AUTH_TYPES.iter().position(|t| t == name).ok_or_else(|| {
            lose(format!(
                "field authType {name:?} (msm knows BASIC, CLIENT_CERT, DIGEST, FORM)"
            ))
        })?;
        envelope.auth_type = index as u16 + 1;
    }
    if session.principal.is_some() {
        let bytes = scratch
            .encode(vec![Content::Object(session.principal)])
            .map_err(|e| lose(format!("field principal: {e}")))?;
        envelope.principal = bytes.into();
    }
    let mut dropped = Vec::new();
    if session
        .notes
        .is_some_and(|n| n.session_id.is_some() || n.saved_request.is_some())
    {
        dropped.push("the saved-login notes (a FORM login in progress)");
    }
    let mut contents = vec![Content::Object(Some(session.objects.count))];
    for attribute in &session.attributes {
        let value = match attribute.value {
            AttributeValue::Written(r) => r,
            AttributeValue::Marker(id) => Some(id),
            AttributeValue::NotSerializable { .. } => {
                return Err(lose(format!(
                    "attribute {:?}: its value did not serialize (Tomcat skips it on load)",
                    attribute.name
                )))
            }
        };
        contents.push(Content::Object(Some(attribute.name_node)));
        contents.push(Content::Object(value));
    }
    let bytes = scratch
        .encode(contents)
        .map_err(|e| lose(format!("the attributes: {e}")))?;
    // jsess's own writing of a graph it read: no larger than what was read.
    let attributes = jsess_javaser::decode(&bytes, &Limits::NONE)?.into_owned();
    Ok(Converted {
        value: Session {
            envelope,
            attributes,
        },
        dropped,
    })
}
