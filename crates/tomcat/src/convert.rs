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
    notes, Attribute, AttributeValue, Container, Error, Notes, Objects, Persisted, Profile,
    Scratch, TomcatSession,
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

/// What a conversion may drop instead of refusing.
#[derive(Debug, Clone, Copy, Default)]
pub struct Allow {
    /// Drop the login (principal and authentication type) where the target cannot hold it:
    /// the user has to log in again.
    pub lost_login: bool,
    /// Leave out attributes whose values did not serialize, as Tomcat's loader does (msm's own
    /// loader cannot read a session holding one at all).
    pub skipped_values: bool,
}

/// An msm session (Java attributes) as a `FileStore` file of `profile` would hold it.
pub fn from_msm(
    session: &Session<'_>,
    profile: Profile,
    allow: Allow,
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
    let mut dropped = vec!["lastBackupTime"];
    let list = jsess_msm::attributes(&session.attributes)?;
    let names = attribute_names(&list, &session.attributes.graph, allow, &lose, &mut dropped)?;
    let auth_type = match envelope.auth_type {
        0 => None,
        n => Some(envelope.auth_type_name().ok_or_else(|| {
            lose(format!(
                "field authType: msm's authentication type id {n}, which names no type"
            ))
        })?),
    };
    let login = login(envelope, &id, profile, allow, limits)?;
    let saved = saved_request(envelope, profile, limits, &mut dropped);
    if login.is_none() && (auth_type.is_some() || !envelope.principal.is_empty()) {
        dropped.extend(["principal", "authType"]);
    }
    let auth_type = auth_type.filter(|_| login.is_some());

    let mut builder = Builder::new();
    let header = header(&mut builder, envelope, &id)?;
    let auth_node = auth_type.map(|name| builder.string(name));
    let request = match saved {
        Some(_) => Some(notes::empty(&mut builder).map_err(|e| Error::Write {
            session: id.clone(),
            message: e.to_string(),
        })?),
        None => None,
    };
    let kept = list
        .entries
        .iter()
        .filter(|e| matches!(e.value, MsmValue::Written(_)))
        .count();
    // The count msm wrote stays the count unless values were left out.
    let new_count = if kept == list.entries.len() {
        None
    } else {
        let kept =
            i32::try_from(kept).map_err(|_| lose("more attributes than an int counts".into()))?;
        Some(builder.boxed(Value::Int(kept)).map_err(|e| Error::Write {
            session: id.clone(),
            message: e.to_string(),
        })?)
    };
    let mut stream = builder.finish();

    let principal = match login {
        Some(Some((root, principal_stream))) => {
            let map = append(&mut stream.graph, principal_stream.graph);
            map.get(root.index()).copied()
        }
        _ => None,
    };

    let map = append(
        &mut stream.graph,
        session.attributes.clone().into_owned().graph,
    );
    let moved = |node: NodeId| map.get(node.index()).copied();
    let count = match new_count {
        Some(count) => count,
        None => moved(list.count).ok_or_else(|| lose("the attribute count".into()))?,
    };
    let mut attributes = Vec::with_capacity(kept);
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
    let notes = match (saved, request) {
        (Some(saved), Some(request)) => {
            saved
                .attach(&mut stream.graph, request)
                .ok_or_else(|| lose("the saved form-login request".into()))?;
            Some(Notes {
                session_id: Some(header[6]),
                saved_request: Some(request),
            })
        }
        _ => (profile == Profile::LoginNotes).then(Notes::default),
    };
    let tomcat = TomcatSession {
        id,
        creation_time: envelope.creation_time,
        last_accessed_time: envelope.last_accessed_time,
        max_inactive_interval: envelope.max_inactive_interval,
        is_new: envelope.is_new == b'1',
        is_valid: envelope.is_valid == b'1',
        this_accessed_time: envelope.this_accessed_time,
        auth_type: auth_type.map(str::to_string),
        principal,
        notes,
        attributes,
        profile,
        objects: Objects {
            header,
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
            frame: None,
        },
        dropped,
    })
}

/// The attributes' names as text; a value that failed to serialize is refused unless `allow`
/// lets it be left out, as Tomcat's loader does (and then said in `dropped`).
fn attribute_names(
    list: &jsess_msm::Attributes,
    source: &jsess_model::Graph<'_>,
    allow: Allow,
    lose: &dyn Fn(String) -> Error,
    dropped: &mut Vec<&'static str>,
) -> Result<Vec<String>, Error> {
    let mut names = Vec::with_capacity(list.entries.len());
    for entry in &list.entries {
        let name = source
            .string(entry.name)
            .and_then(|s| s.to_str().map(|t| t.into_owned()))
            .ok_or_else(|| lose("an attribute name that is not text".into()))?;
        if let MsmValue::Failed { .. } = entry.value {
            if !allow.skipped_values {
                return Err(lose(format!(
                    "attribute {name:?}: its value failed to serialize and msm wrote its marker after the exception"
                )));
            }
            if !dropped.contains(&SKIPPED) {
                dropped.push(SKIPPED);
            }
        }
        names.push(name);
    }
    Ok(names)
}

/// msm's saved form request, for the one profile that keeps it (as the `REQUEST` note, with
/// the session's id as the `SESSION_ID` note the login expects). What cannot move is reported.
fn saved_request(
    envelope: &Envelope<'_>,
    profile: Profile,
    limits: &Limits,
    dropped: &mut Vec<&'static str>,
) -> Option<notes::MsmRequest> {
    if !envelope.saved_principal.is_empty() {
        dropped.push("the saved form-login principal (Tomcat keeps none)");
    }
    if envelope.saved_request.is_empty() {
        return None;
    }
    if profile != Profile::LoginNotes {
        dropped.push("the saved form-login request (only the login-notes profile keeps it)");
        return None;
    }
    let read = notes::MsmRequest::read(&envelope.saved_request, limits);
    if read.is_none() {
        dropped.push("the saved form-login request, which is not the objects msm writes");
    }
    read
}

/// The seven fixed items as `doWriteObject` boxes them: `Long.valueOf`, `Integer.valueOf` and
/// `Boolean.valueOf`, so the builder's box caches stand in for the JDK's.
fn header(builder: &mut Builder, envelope: &Envelope<'_>, id: &str) -> Result<[NodeId; 7], Error> {
    let write_error = |e: jsess_javaser::jdk::BuildError| Error::Write {
        session: id.to_string(),
        message: e.to_string(),
    };
    let flag = |b: u8| Value::Boolean(u8::from(b == b'1'));
    let mut boxed = |value: Value| builder.boxed(value).map_err(write_error);
    let created = boxed(Value::Long(envelope.creation_time))?;
    let last = boxed(Value::Long(envelope.last_accessed_time))?;
    let max = boxed(Value::Int(envelope.max_inactive_interval))?;
    let new = boxed(flag(envelope.is_new))?;
    let valid = boxed(flag(envelope.is_valid))?;
    let this = boxed(Value::Long(envelope.this_accessed_time))?;
    let id_node = builder.string(id);
    Ok([created, last, max, new, valid, this, id_node])
}

const SKIPPED: &str = "attribute values that did not serialize (Tomcat skips them on load)";

/// The login the target keeps: `None` when it is dropped, `Some(None)` when there is none,
/// `Some(Some(principal))` with the principal's root and stream.
type Login = Option<Option<(NodeId, jsess_model::Stream<'static>)>>;

fn login(
    envelope: &Envelope<'_>,
    id: &str,
    profile: Profile,
    allow: Allow,
    limits: &Limits,
) -> Result<Login, Error> {
    let has_login = envelope.auth_type != 0 || !envelope.principal.is_empty();
    let refuse = |field: &str, fact: &str| Error::CannotHold {
        session: id.to_string(),
        profile: profile.name(),
        field: field.to_string(),
        fact: fact.to_string(),
    };
    if profile == Profile::NoLogin && has_login {
        if allow.lost_login {
            return Ok(None);
        }
        return Err(refuse(
            "principal",
            "the login (principal and authType): the user would have to log in again",
        ));
    }
    if envelope.principal.is_empty() {
        return Ok(Some(None));
    }
    let (p, principal_stream) = jsess_msm::principal(&envelope.principal, limits)?;
    if p.form != PrincipalForm::Tomcat8 {
        if allow.lost_login {
            return Ok(None);
        }
        return Err(Error::WouldLose {
            session: id.to_string(),
            target: profile.name(),
            fact: "field principal: msm's Tomcat 7 form (block data, not the principal object Tomcat's stream holds)".into(),
        });
    }
    match principal_stream.contents.as_slice() {
        [Content::Object(Some(root))] => Ok(Some(Some((*root, principal_stream.into_owned())))),
        _ => Err(Error::WouldLose {
            session: id.to_string(),
            target: profile.name(),
            fact: "field principal: a stream that is not one object".into(),
        }),
    }
}

/// Session `index` of `persisted` as msm keeps it. msm's `lastBackupTime` takes
/// `thisAccessedTime`. The attributes become a stream of their own, holding only what they
/// reach.
pub fn to_msm(
    persisted: &Persisted<'_>,
    index: usize,
    allow: Allow,
) -> Result<Converted<Session<'static>>, Error> {
    let Some(session) = persisted.sessions.get(index) else {
        return Err(Error::Container(format!(
            "there is no session {} (the stream holds {})",
            index + 1,
            persisted.sessions.len()
        )));
    };
    session_to_msm(session, allow, &mut Scratch::new(&persisted.stream.graph))
}

/// Every session of `persisted` as msm keeps it, in stream order: for `SESSIONS.ser`, one
/// session each, the graph they share copied once.
pub fn to_msm_all(
    persisted: &Persisted<'_>,
    allow: Allow,
) -> Vec<Result<Converted<Session<'static>>, Error>> {
    let mut scratch = Scratch::new(&persisted.stream.graph);
    persisted
        .sessions
        .iter()
        .map(|session| session_to_msm(session, allow, &mut scratch))
        .collect()
}

fn session_to_msm<'a>(
    session: &TomcatSession,
    allow: Allow,
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
    crate::notes::notes_to_msm(session, scratch, &mut envelope, &mut dropped)?;
    let mut contents = Vec::with_capacity(1 + 2 * session.attributes.len());
    for attribute in &session.attributes {
        let value = match attribute.value {
            AttributeValue::Written(r) => r,
            AttributeValue::Marker(id) => Some(id),
            AttributeValue::NotSerializable { .. } if allow.skipped_values => {
                if !dropped.contains(&SKIPPED) {
                    dropped.push(SKIPPED);
                }
                continue;
            }
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
    let count = if contents.len() / 2 == session.attributes.len() {
        session.objects.count
    } else {
        let kept = i32::try_from(contents.len() / 2)
            .map_err(|_| lose("more attributes than an int counts".into()))?;
        scratch
            .recount(session.objects.count, kept)
            .ok_or_else(|| lose("the attribute count is not an Integer".into()))?
    };
    contents.insert(0, Content::Object(Some(count)));
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
