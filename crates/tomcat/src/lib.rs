//! # jsess-tomcat
//!
//! Tomcat's own session stream: what `StandardSession.writeObjectData` writes and
//! `readObjectData` reads, in the three places Tomcat keeps it (`docs/tomcat.md`):
//!
//! - a `FileStore` file, `<id>.session`: one session ([`read_file`]);
//! - `SESSIONS.ser`, written by `StandardManager` on stop: an `Integer` count, then that many
//!   sessions on one `ObjectOutputStream`, so every session shares one handle table
//!   ([`read_sessions_ser`]);
//! - a `JDBCStore`/`DataSourceStore` row's data column: the same bytes as a `.session` file
//!   ([`read_jdbc_data`]).
//!
//! [`sniff`] tells a session stream from `SESSIONS.ser` by its first object; [`read`] reads
//! either. [`managers`] reads the Redis values of the session managers built on the same
//! stream (jcoleman 2.0 and 1.x, ran-jit, chexagon) into the same model.
//!
//! A session is a sequence of top-level objects, not one object: the times, flags and id as
//! boxed values, then (depending on the Tomcat version, see [`Profile`]) the login and the
//! saved-login notes, then an `Integer` count and name/value pairs. The whole stream is one
//! [`Stream`] (one object graph); a [`TomcatSession`] says which of its objects are which, so
//! an object two attributes share, or two sessions of `SESSIONS.ser` share, stays one node.
//! [`write()`] writes the stream back byte for byte; [`Persisted::set_profile`] moves a session
//! to another profile or says which fact the profile cannot hold; [`json`] renders sessions in
//! the shape every jsess session has; [`convert`] goes to and from msm sessions.
//!
//! ```
//! use jsess_javaser::Limits;
//!
//! // Written by Tomcat 9.0.70's FileStore (corpora/tomcat/generate.sh).
//! let bytes = include_bytes!("../../../corpora/tomcat/A1B2C3D4E5F60718293A4B5C6D7E8F90.session");
//! let file = jsess_tomcat::read_file(bytes, &Limits::DEFAULT)?;
//! let session = &file.sessions[0];
//! assert_eq!(session.id, "A1B2C3D4E5F60718293A4B5C6D7E8F90");
//! assert_eq!(session.auth_type.as_deref(), Some("FORM"));
//! assert_eq!(session.profile, jsess_tomcat::Profile::Login);
//! assert!(session.attribute("cart").is_some());
//!
//! let json = jsess_tomcat::json::to_json(&file, 0, &Limits::DEFAULT);
//! assert_eq!(json["layout"], "tomcat-file");
//! assert_eq!(json["session"]["principal"]["name"], "alice");
//! assert_eq!(jsess_tomcat::write(&file)?, bytes);
//! # Ok::<(), jsess_tomcat::Error>(())
//! ```

pub mod convert;
mod error;
pub mod json;
pub mod managers;
mod notes;
mod read;
mod write;

pub use error::Error;
pub use read::{read, read_file, read_jdbc_data, read_sessions_ser, sniff};
pub use write::write;

use jsess_model::{ClassData, Content, Graph, Node, NodeId, Ref, Stream, Value};

/// What `StandardSession` writes in place of a value that failed to serialize, in Tomcat 6
/// and up to 7.0.64 (`StandardSession.NOT_SERIALIZED`); those readers skip it. Later versions
/// (BZ 58284; every 8.5, 9 and later release) write nothing themselves: the JDK's
/// `TC_EXCEPTION` record stands where the value was.
pub const NOT_SERIALIZED: &str = "___NOT_SERIALIZABLE_EXCEPTION___";

/// Which items a session's sequence holds, a range of Tomcat versions each. The stream does
/// not say which version wrote it; Tomcat's reader (and jsess's) tells the profiles apart by
/// whether the object after the id is an `Integer`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Profile {
    /// No login: up to 7.0.100, 8.5.51 and 9.0.31.
    NoLogin,
    /// `authType` and principal (each may be null): 7.0.101+, 8.5.52+, 9.0.32+, 10.0.x.
    Login,
    /// The login and the saved-login notes (expected session id, saved form request): 8.5.83+,
    /// 9.0.66+ and 10.0.24+ with `persistAuthenticationNotes="true"`; always in 10.1, 11 and 12.
    LoginNotes,
}

impl Profile {
    /// How JSON and messages name it.
    pub fn name(self) -> &'static str {
        match self {
            Profile::NoLogin => "no-login",
            Profile::Login => "login",
            Profile::LoginNotes => "login-notes",
        }
    }

    /// The Tomcat versions that write it.
    pub fn versions(self) -> &'static str {
        match self {
            Profile::NoLogin => "Tomcat up to 7.0.100, 8.5.51 and 9.0.31",
            Profile::Login => "Tomcat 7.0.101+, 8.5.52+, 9.0.32+ and 10.0",
            Profile::LoginNotes => {
                "Tomcat 8.5.83+, 9.0.66+ and 10.0.24+ with persistAuthenticationNotes, and 10.1+"
            }
        }
    }
}

/// Where a stream came from: which container frames it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Container {
    /// A `FileStore` file, `<id>.session`.
    File,
    /// `StandardManager`'s `SESSIONS.ser`.
    SessionsSer,
    /// The data column of a `JDBCStore`/`DataSourceStore` row.
    JdbcRow,
    /// A jcoleman/tomcat-redis-session-manager 2.0 value: its metadata object, the sequence,
    /// then the creation time as block data ([`managers`]).
    Jcoleman,
    /// A jcoleman 1.x value (`com.radiadesign.catalina.session`): the creation time as block
    /// data, then the sequence.
    JcolemanLegacy,
    /// A ran-jit/tomcat-cluster-redis-session-manager value: jcoleman 2.0's shape with its own
    /// metadata class.
    RanJit,
    /// A chexagon/redis-session-manager value: the whole `RedisSession` default-serialized.
    Chexagon,
}

impl Container {
    /// The layout name of its sessions in JSON.
    pub fn layout(self) -> &'static str {
        match self {
            Container::File => "tomcat-file",
            Container::SessionsSer => "tomcat-sessions-ser",
            Container::JdbcRow => "tomcat-jdbc",
            Container::Jcoleman => "jcoleman",
            Container::JcolemanLegacy => "jcoleman-1",
            Container::RanJit => "ran-jit",
            Container::Chexagon => "chexagon",
        }
    }
}

/// The saved-login notes ([`Profile::LoginNotes`]): what a FORM login in progress keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Notes {
    /// `org.apache.catalina.authenticator.SESSION_ID`: the session id the login expects.
    pub session_id: Ref,
    /// `org.apache.catalina.authenticator.REQUEST`: the `SavedRequest` to replay.
    pub saved_request: Ref,
}

/// An attribute's value in the stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttributeValue {
    /// A value written completely.
    Written(Ref),
    /// Writing the value failed part-way (Tomcat 7.0.65+): the JDK wrote what it had, then a
    /// `TC_EXCEPTION` record, and cleared its handle table. Tomcat's reader skips the attribute.
    NotSerializable {
        /// The object left half-written, if the failure happened inside one.
        partial: Option<NodeId>,
        /// The `Throwable` in the `TC_EXCEPTION` record.
        exception: NodeId,
    },
    /// [`NOT_SERIALIZED`], what Tomcat up to 7.0.64 wrote for such a value (the string node).
    Marker(NodeId),
}

/// One attribute.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attribute {
    /// The name.
    pub name: String,
    /// The name's string node.
    pub name_node: NodeId,
    /// The value.
    pub value: AttributeValue,
}

/// One session: its fields as values, and which stream objects hold them.
///
/// The writer writes the stream's objects, not these values: a session whose fields were
/// changed is refused ([`Error::Edited`]) rather than silently written as it was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TomcatSession {
    /// The session id.
    pub id: String,
    /// Milliseconds since the epoch.
    pub creation_time: i64,
    /// Milliseconds since the epoch.
    pub last_accessed_time: i64,
    /// Seconds; zero or negative means the session never expires.
    pub max_inactive_interval: i32,
    /// Whether the client has not yet joined the session.
    pub is_new: bool,
    /// Whether the session was valid when written.
    pub is_valid: bool,
    /// Milliseconds since the epoch: the start of the last request.
    pub this_accessed_time: i64,
    /// The authentication type (`FORM`, `BASIC`, …); `None` also when the profile has none.
    pub auth_type: Option<String>,
    /// The principal object (`GenericPrincipal$SerializablePrincipal` for a Tomcat realm).
    pub principal: Ref,
    /// The saved-login notes, when the profile has them.
    pub notes: Option<Notes>,
    /// The attributes in stream order.
    pub attributes: Vec<Attribute>,
    /// The profile the sequence has.
    pub profile: Profile,
    /// The objects of the seven fixed items (creationTime … id) and of the attribute count.
    pub objects: Objects,
}

/// The stream objects of a session's fixed items.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Objects {
    /// creationTime, lastAccessedTime, maxInactiveInterval, isNew, isValid, thisAccessedTime,
    /// id, in that order.
    pub header: [NodeId; 7],
    /// The `authType` string (null is `None`).
    pub auth_type: Ref,
    /// The attribute count.
    pub count: NodeId,
}

impl TomcatSession {
    /// The attribute called `name`.
    pub fn attribute(&self, name: &str) -> Option<&Attribute> {
        self.attributes.iter().find(|a| a.name == name)
    }

    /// The names of the attributes whose values did not serialize.
    pub fn not_serializable(&self) -> Vec<&str> {
        self.attributes
            .iter()
            .filter(|a| !matches!(a.value, AttributeValue::Written(_)))
            .map(|a| a.name.as_str())
            .collect()
    }

    /// Whether the session holds a login (an `authType` or a principal).
    pub fn has_login(&self) -> bool {
        self.auth_type.is_some() || self.principal.is_some()
    }
}

/// A container's worth of sessions: the stream and the sessions in it.
#[derive(Debug, Clone)]
pub struct Persisted<'a> {
    /// Which container it came from.
    pub container: Container,
    /// The whole stream: one graph, one handle table.
    pub stream: Stream<'a>,
    /// `SESSIONS.ser`: the count object written first.
    pub count: Option<NodeId>,
    /// The sessions in stream order.
    pub sessions: Vec<TomcatSession>,
    /// What a Redis session manager writes around the sequence (`None` for Tomcat's own
    /// containers).
    pub frame: Option<managers::Frame>,
}

impl Persisted<'_> {
    /// Moves session `index` to `profile`, or says which fact `profile` cannot hold. Items a
    /// profile adds are nulls, which take no handle, so the other objects keep their bytes.
    pub fn set_profile(&mut self, index: usize, profile: Profile) -> Result<(), Error> {
        let Some(session) = self.sessions.get_mut(index) else {
            return Err(Error::Container(format!(
                "there is no session {} (the stream holds {})",
                index + 1,
                self.sessions.len()
            )));
        };
        let refuse = |field: &str, fact: &str| Error::CannotHold {
            session: session.id.clone(),
            profile: profile.name(),
            field: field.to_string(),
            fact: fact.to_string(),
        };
        if profile == Profile::NoLogin {
            if session.objects.auth_type.is_some() {
                return Err(refuse("authType", "the authentication type of the login"));
            }
            if session.principal.is_some() {
                return Err(refuse("principal", "the logged-in user"));
            }
        }
        if profile < Profile::LoginNotes {
            if let Some(notes) = session.notes {
                if notes.session_id.is_some() {
                    return Err(refuse("notes", "the session id a FORM login expects"));
                }
                if notes.saved_request.is_some() {
                    return Err(refuse("notes", "the request a FORM login saved"));
                }
            }
            session.notes = None;
        } else if session.notes.is_none() {
            session.notes = Some(Notes::default());
        }
        session.profile = profile;
        Ok(())
    }
}

/// One copy of a stream's graph, made when first needed, to write parts of it as streams of
/// their own (a principal, one session's attributes) without copying the graph for each part:
/// the writer walks only what the contents reach.
pub(crate) struct Scratch<'g, 'a> {
    graph: &'g Graph<'a>,
    copy: Option<Stream<'a>>,
}

impl<'g, 'a> Scratch<'g, 'a> {
    pub(crate) fn new(graph: &'g Graph<'a>) -> Self {
        Scratch { graph, copy: None }
    }

    pub(crate) fn graph(&self) -> &'g Graph<'a> {
        self.graph
    }

    fn copy(&mut self) -> &mut Stream<'a> {
        let graph = self.graph;
        self.copy.get_or_insert_with(|| Stream {
            graph: graph.clone(),
            contents: Vec::new(),
        })
    }

    /// The bytes of a stream holding `contents` over the graph.
    pub(crate) fn encode(
        &mut self,
        contents: Vec<Content<'a>>,
    ) -> Result<Vec<u8>, jsess_javaser::WriteError> {
        let stream = self.copy();
        stream.contents = contents;
        jsess_javaser::encode(stream)
    }

    /// A new `Integer` like `count` (same class descriptor) holding `value`; `None` when
    /// `count` is not an `Integer`.
    pub(crate) fn recount(&mut self, count: NodeId, value: i32) -> Option<NodeId> {
        let graph = &mut self.copy().graph;
        let Some(&Node::Object(object)) = graph.get(count) else {
            return None;
        };
        // The copy gets class data and a value of its own: spans are never shared.
        let mut data = graph.class_data(&object).to_vec();
        let slot = data.iter_mut().find_map(|data| match data {
            ClassData::Serial { fields, .. } if fields.len() == 1 => Some(fields),
            _ => None,
        })?;
        if !matches!(graph.values(*slot).first(), Some(Value::Int(_))) {
            return None;
        }
        *slot = graph.push_values(&[Value::Int(value)]);
        let data = graph.push_class_data(data);
        Some(graph.add(Node::Object(jsess_model::Object { data, ..object })))
    }
}

/// The value of a boxed `Integer` node (counts in the stream, which reading and writing share).
pub(crate) fn int(graph: &Graph<'_>, id: NodeId) -> Option<i32> {
    match jsess_javaser::jdk::interpret(graph, id) {
        Some(jsess_model::JdkValue::Boxed(Value::Int(n))) => Some(n),
        _ => None,
    }
}
