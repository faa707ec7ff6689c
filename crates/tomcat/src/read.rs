//! Reading the sequence `StandardSession.readObjectData` reads, with its rule for telling the
//! profiles apart: after the id, an `Integer` is the attribute count; anything else (a null
//! too) is the `authType`, then the principal; after those, anything but an `Integer` is the
//! notes pair.

use crate::int;
use jsess_javaser::jdk::interpret;
use jsess_javaser::Limits;
use jsess_model::{Content, Graph, JdkValue, Node, NodeId, Ref, Value};

use crate::{
    Attribute, AttributeValue, Container, Error, Notes, Objects, Persisted, Profile, TomcatSession,
    NOT_SERIALIZED,
};

/// The container a stream's first bytes suggest: a session starts with its creation time (a
/// `Long`), `SESSIONS.ser` with its count (an `Integer`). A `.session` file and a JDBC row's
/// data are the same bytes: both are [`Container::File`] here. `None` for anything else.
pub fn sniff(bytes: &[u8]) -> Option<Container> {
    const LONG: &[u8] = b"\xAC\xED\x00\x05\x73\x72\x00\x0Ejava.lang.Long";
    const INTEGER: &[u8] = b"\xAC\xED\x00\x05\x73\x72\x00\x11java.lang.Integer";
    if bytes.starts_with(LONG) {
        Some(Container::File)
    } else if bytes.starts_with(INTEGER) {
        Some(Container::SessionsSer)
    } else {
        None
    }
}

/// Reads whichever container [`sniff`] finds; `None` when it finds none.
pub fn read<'a>(bytes: &'a [u8], limits: &Limits) -> Option<Result<Persisted<'a>, Error>> {
    match sniff(bytes)? {
        Container::SessionsSer => Some(read_sessions_ser(bytes, limits)),
        _ => Some(read_file(bytes, limits)),
    }
}

/// Reads a `FileStore` file (`<id>.session`): one session.
pub fn read_file<'a>(bytes: &'a [u8], limits: &Limits) -> Result<Persisted<'a>, Error> {
    single(bytes, limits, Container::File)
}

/// Reads the data column of a `JDBCStore`/`DataSourceStore` row: one session, the same bytes
/// as a `.session` file.
pub fn read_jdbc_data<'a>(bytes: &'a [u8], limits: &Limits) -> Result<Persisted<'a>, Error> {
    single(bytes, limits, Container::JdbcRow)
}

fn single<'a>(
    bytes: &'a [u8],
    limits: &Limits,
    container: Container,
) -> Result<Persisted<'a>, Error> {
    let stream = jsess_javaser::decode(bytes, limits)?;
    let mut items = Items::new(&stream.contents);
    let session = read_session(&stream.graph, &mut items, "#1".into())?;
    items.finish(1)?;
    Ok(Persisted {
        container,
        count: None,
        sessions: vec![session],
        stream,
        frame: None,
    })
}

/// Reads `StandardManager`'s `SESSIONS.ser`: an `Integer` count, then that many sessions on
/// the one stream.
pub fn read_sessions_ser<'a>(bytes: &'a [u8], limits: &Limits) -> Result<Persisted<'a>, Error> {
    let stream = jsess_javaser::decode(bytes, limits)?;
    let mut items = Items::new(&stream.contents);
    let count = match items.next() {
        Some(Content::Object(Some(id))) => *id,
        other => {
            return Err(Error::Container(format!(
                "SESSIONS.ser starts with the session count, found {}",
                describe(&stream.graph, other)
            )))
        }
    };
    let n = match int(&stream.graph, count) {
        Some(n) if n >= 0 => n as usize,
        _ => {
            return Err(Error::Container(
                "SESSIONS.ser's first object is not a non-negative Integer count".into(),
            ))
        }
    };
    // A session takes at least nine top-level items: a count larger than the stream can hold
    // fails at the first missing item without reserving room for it.
    let mut sessions = Vec::with_capacity(n.min(stream.contents.len() / 9));
    for index in 0..n {
        sessions.push(read_session(
            &stream.graph,
            &mut items,
            format!("#{}", index + 1),
        )?);
    }
    items.finish(n)?;
    Ok(Persisted {
        container: Container::SessionsSer,
        count: Some(count),
        sessions,
        stream,
        frame: None,
    })
}

/// The top-level contents, one at a time.
pub(crate) struct Items<'s, 'a> {
    contents: &'s [Content<'a>],
    position: usize,
}

impl<'s, 'a> Items<'s, 'a> {
    pub(crate) fn new(contents: &'s [Content<'a>]) -> Self {
        Items {
            contents,
            position: 0,
        }
    }

    pub(crate) fn next(&mut self) -> Option<&'s Content<'a>> {
        let item = self.contents.get(self.position)?;
        self.position += 1;
        Some(item)
    }

    fn peek(&self) -> Option<&'s Content<'a>> {
        self.contents.get(self.position)
    }

    pub(crate) fn finish(&self, sessions: usize) -> Result<(), Error> {
        let left = self.contents.len() - self.position;
        if left == 0 {
            Ok(())
        } else {
            Err(Error::Container(format!(
                "{left} top-level items follow the last of {sessions} session(s)"
            )))
        }
    }
}

/// One session's sequence.
struct SessionReader<'g, 's, 'a> {
    graph: &'g Graph<'a>,
    items: &'g mut Items<'s, 'a>,
    label: String,
}

impl SessionReader<'_, '_, '_> {
    fn framing(&self, item: &str, reason: String) -> Error {
        Error::Framing {
            session: self.label.clone(),
            item: item.to_string(),
            reason,
        }
    }

    /// The next item, which must be an object or null.
    fn object(&mut self, item: &str) -> Result<Ref, Error> {
        match self.items.next() {
            Some(Content::Object(r)) => Ok(*r),
            other => Err(self.framing(
                item,
                format!("expected an object, found {}", describe(self.graph, other)),
            )),
        }
    }

    fn boxed(&mut self, item: &str, class: &str) -> Result<(NodeId, Value), Error> {
        let r = self.object(item)?;
        let value = r.and_then(|id| match interpret(self.graph, id) {
            Some(JdkValue::Boxed(v)) if v.boxed_class() == Some(class) => Some((id, v)),
            _ => None,
        });
        value.ok_or_else(|| {
            self.framing(
                item,
                format!("expected a {class}, found {}", describe_ref(self.graph, r)),
            )
        })
    }

    fn long(&mut self, item: &str) -> Result<(NodeId, i64), Error> {
        match self.boxed(item, "java.lang.Long")? {
            (id, Value::Long(v)) => Ok((id, v)),
            _ => Err(self.framing(item, "expected a java.lang.Long".into())),
        }
    }

    fn boolean(&mut self, item: &str) -> Result<(NodeId, bool), Error> {
        match self.boxed(item, "java.lang.Boolean")? {
            (id, Value::Boolean(b)) => Ok((id, b != 0)),
            _ => Err(self.framing(item, "expected a java.lang.Boolean".into())),
        }
    }

    fn string(&mut self, item: &str, r: Ref) -> Result<String, Error> {
        match r.and_then(|id| self.graph.string(id)) {
            Some(s) => s
                .to_str()
                .map(|t| t.into_owned())
                .ok_or_else(|| self.framing(item, "a string that is not valid UTF-16 text".into())),
            None => Err(self.framing(
                item,
                format!("expected a String, found {}", describe_ref(self.graph, r)),
            )),
        }
    }
}

pub(crate) fn read_session<'a>(
    graph: &Graph<'a>,
    items: &mut Items<'_, 'a>,
    label: String,
) -> Result<TomcatSession, Error> {
    let mut r = SessionReader {
        graph,
        items,
        label,
    };
    let (creation, creation_time) = r.long("creationTime")?;
    let (last, last_accessed_time) = r.long("lastAccessedTime")?;
    let (max, max_inactive_interval) = match r.boxed("maxInactiveInterval", "java.lang.Integer")? {
        (id, Value::Int(v)) => (id, v),
        _ => return Err(r.framing("maxInactiveInterval", "expected an Integer".into())),
    };
    let (new, is_new) = r.boolean("isNew")?;
    let (valid, is_valid) = r.boolean("isValid")?;
    let (this, this_accessed_time) = r.long("thisAccessedTime")?;
    let id_ref = r.object("id")?;
    let id = r.string("id", id_ref)?;
    let id_node = id_ref.ok_or_else(|| r.framing("id", "null".into()))?;
    r.label = id.clone();

    let mut profile = Profile::NoLogin;
    let mut auth_type = (None, None);
    let mut principal = None;
    let mut notes = None;
    let mut next = r.object("authType or the attribute count")?;
    if !is_int(graph, next) {
        profile = Profile::Login;
        auth_type = match next {
            None => (None, None),
            Some(_) => (next, Some(r.string("authType", next)?)),
        };
        principal = r.object("principal")?;
        next = r.object("the notes or the attribute count")?;
        if !is_int(graph, next) {
            profile = Profile::LoginNotes;
            let saved_request = r.object("the saved request note")?;
            notes = Some(Notes {
                session_id: next,
                saved_request,
            });
            next = r.object("the attribute count")?;
        }
    }
    let count = match next.and_then(|id| int(graph, id).map(|n| (id, n))) {
        Some((id, n)) if n >= 0 => (id, n as usize),
        _ => {
            return Err(r.framing(
                "the attribute count",
                format!(
                    "expected a non-negative Integer, found {}",
                    describe_ref(graph, next)
                ),
            ))
        }
    };
    let attributes = read_attributes(&mut r, count.1)?;
    Ok(TomcatSession {
        id,
        creation_time,
        last_accessed_time,
        max_inactive_interval,
        is_new,
        is_valid,
        this_accessed_time,
        auth_type: auth_type.1,
        principal,
        notes,
        attributes,
        profile,
        objects: Objects {
            header: [creation, last, max, new, valid, this, id_node],
            auth_type: auth_type.0,
            count: count.0,
        },
    })
}

fn read_attributes(r: &mut SessionReader<'_, '_, '_>, n: usize) -> Result<Vec<Attribute>, Error> {
    // Each attribute takes at least two items: the count cannot reserve more than are left.
    let left = r.items.contents.len() - r.items.position;
    let mut attributes = Vec::with_capacity(n.min(left / 2));
    for index in 0..n {
        let item = format!("attribute {} of {n}", index + 1);
        let name_ref = r.object(&item)?;
        let name = r.string(&item, name_ref)?;
        let name_node = name_ref.ok_or_else(|| r.framing(&item, "a null name".into()))?;
        let item = format!("attribute {name:?}");
        let value = match r.items.next() {
            Some(Content::Exception(exception)) => AttributeValue::NotSerializable {
                partial: None,
                exception: *exception,
            },
            Some(Content::Object(value)) => match (r.items.peek(), value) {
                (Some(Content::Exception(exception)), Some(partial)) => {
                    r.items.next();
                    AttributeValue::NotSerializable {
                        partial: Some(*partial),
                        exception: *exception,
                    }
                }
                (_, Some(id)) if is_marker(r.graph, *id) => AttributeValue::Marker(*id),
                _ => AttributeValue::Written(*value),
            },
            other => {
                return Err(r.framing(
                    &item,
                    format!("expected the value, found {}", describe(r.graph, other)),
                ))
            }
        };
        attributes.push(Attribute {
            name,
            name_node,
            value,
        });
    }
    Ok(attributes)
}

fn is_marker(graph: &Graph<'_>, id: NodeId) -> bool {
    graph
        .string(id)
        .is_some_and(|s| s.as_mutf8() == NOT_SERIALIZED.as_bytes())
}

fn is_int(graph: &Graph<'_>, r: Ref) -> bool {
    r.is_some_and(|id| int(graph, id).is_some())
}

pub(crate) fn describe(graph: &Graph<'_>, item: Option<&Content<'_>>) -> String {
    match item {
        None => "the end of the stream".into(),
        Some(Content::Object(r)) => describe_ref(graph, *r),
        Some(Content::Block(b)) => format!("{} bytes of block data", b.bytes.len()),
        Some(Content::Reset) => "a TC_RESET".into(),
        Some(Content::Exception(_)) => "a TC_EXCEPTION record".into(),
    }
}

pub(crate) fn describe_ref(graph: &Graph<'_>, r: Ref) -> String {
    match r.and_then(|id| graph.get(id)) {
        None => "null".into(),
        Some(Node::String(_)) => "a java.lang.String".into(),
        Some(_) => format!(
            "a {}",
            jsess_msm::json::class_of(graph, r).unwrap_or_else(|| "value".into())
        ),
    }
}
