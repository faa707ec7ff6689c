//! One stored value, whatever it is: [`read`] and the JSON view.

use jsess_javaser::json::{json_object, stream_to_json_with_depth};
use jsess_model::{Envelope, Session, Stream};
use jsess_msm::json::{envelope_to_json, session_to_json, JsonOptions};
use jsess_msm::{read_session_with, sniff, AttributesError, Kind, Transport, Validity};
use serde_json::{json, Value as Json};

use crate::{Error, Options};

/// A stored value, read: what it is, and the wrappings that came off first.
#[derive(Debug)]
pub struct Stored {
    /// Base64 and gzip wrappings removed before reading, outermost first.
    pub transport: Vec<Transport>,
    /// The value without its wrappings.
    pub bytes: Vec<u8>,
    /// What the value is.
    pub value: Value,
}

/// What a stored value is.
#[derive(Debug)]
pub enum Value {
    /// A session read completely.
    Session {
        /// Its format's registry name (`msm-java`, `msm-kryo`, `postcard`, …).
        format: &'static str,
        /// The session.
        session: Session<'static>,
    },
    /// A session whose attributes could not be read: its envelope (msm writes the same header
    /// for every transcoder) and the attributes read before the error, where the format can
    /// stop between attributes.
    Unreadable {
        /// Its format's registry name, or `msm-unknown`.
        format: &'static str,
        /// The msm header, read from the bytes alone (`None` for a compact blob).
        envelope: Option<Envelope<'static>>,
        /// The attributes read before the error.
        partial: Option<Box<Session<'static>>>,
        /// Why, typed.
        error: AttributesError,
    },
    /// A bare Java serialization stream (what `ObjectOutputStream` wrote), with the objects
    /// read before an error and the error.
    JavaStream {
        /// The top-level contents read.
        stream: Stream<'static>,
        /// Why reading stopped early, if it did.
        error: Option<jsess_javaser::Error>,
    },
    /// Sessions in Tomcat's own stream: a `FileStore` `.session` file or a JDBC row (one
    /// session), or `SESSIONS.ser` (several, one handle table), or the Redis value of a session
    /// manager built on it (jcoleman, ran-jit, chexagon; one session): `docs/tomcat.md`.
    Tomcat(jsess_tomcat::Persisted<'static>),
    /// The `"null"` jcoleman and ran-jit `SETNX` to reserve a new session id before its first
    /// save: no session yet ([`jsess_tomcat::managers::PLACEHOLDER`]).
    Reserved,
    /// The one-byte value msm's non-sticky ping leaves when the session key had vanished.
    Ping,
    /// msm's session lock value (`locked`).
    Lock,
    /// msm's validity value (`validity:<id>`).
    Validity(Validity),
}

impl Stored {
    /// The format's name (`msm-kryo`, `java`, `ping`, …).
    pub fn format(&self) -> &'static str {
        match &self.value {
            Value::Session { format, .. } | Value::Unreadable { format, .. } => format,
            Value::JavaStream { .. } => "java",
            Value::Tomcat(persisted) => persisted.container.layout(),
            Value::Reserved => "reserved",
            Value::Ping => "ping",
            Value::Lock => "lock",
            Value::Validity(_) => "validity",
        }
    }

    /// The session, when the value is one and was read completely; why not otherwise.
    pub fn session(&self) -> Result<&Session<'static>, Error> {
        match &self.value {
            Value::Session { session, .. } => Ok(session),
            Value::Unreadable { format, error, .. } => Err(Error::Attributes {
                format,
                error: error.clone(),
            }),
            _ => Err(Error::NotASession(self.format())),
        }
    }

    /// [`Stored::session`], taking the session out rather than borrowing it.
    pub fn into_session(self) -> Result<Session<'static>, Error> {
        match self.value {
            Value::Session { session, .. } => Ok(session),
            // Not a complete session: the same error `session` gives.
            _ => Err(self
                .session()
                .err()
                .unwrap_or(Error::NotASession(self.format()))),
        }
    }

    /// The session's envelope (id, times, principal), also for a session whose attributes
    /// could not be read.
    pub fn envelope(&self) -> Option<&Envelope<'static>> {
        match &self.value {
            Value::Session { session, .. } => Some(&session.envelope),
            Value::Unreadable {
                envelope, partial, ..
            } => envelope
                .as_ref()
                .or(partial.as_deref().map(|p| &p.envelope)),
            _ => None,
        }
    }
}

/// Reads a stored value (a Redis value, a file): an msm session in any transcoder's format, a
/// compact blob, a bare Java stream, msm's ping, lock and validity values, each possibly
/// wrapped in Base64 or gzip.
///
/// A session whose attributes cannot be read is still a value ([`Value::Unreadable`], with its
/// envelope); an error means the bytes are none of these.
pub fn read(bytes: &[u8], options: &Options) -> Result<Stored, Error> {
    let limits = options.get_limits();
    let (bytes, transport) =
        jsess_msm::unwrap_transport(bytes, limits).map_err(Error::Transport)?;
    let value = value(&bytes, options)?;
    Ok(Stored {
        transport,
        bytes,
        value,
    })
}

fn value(bytes: &[u8], options: &Options) -> Result<Value, Error> {
    let limits = options.get_limits();
    if let Some(stored) = read_session_with(bytes, options.formats(), limits) {
        return Ok(match stored.read {
            Ok(session) => Value::Session {
                format: stored.format,
                session: session.into_owned(),
            },
            Err(unreadable) => Value::Unreadable {
                format: stored.format,
                envelope: unreadable.envelope.map(Envelope::into_owned),
                partial: unreadable.partial.map(|p| Box::new(p.into_owned())),
                error: unreadable.error,
            },
        });
    }
    // Tomcat's stream is a Java stream of several objects, told apart by its first one; one
    // that does not read as Tomcat's is shown as the stream it is.
    // The Redis session managers built on it (jcoleman, ran-jit, chexagon) likewise.
    let tomcat =
        jsess_tomcat::read(bytes, limits).or_else(|| jsess_tomcat::managers::read(bytes, limits));
    if let Some(Ok(persisted)) = tomcat {
        return Ok(Value::Tomcat(jsess_tomcat::Persisted {
            container: persisted.container,
            stream: persisted.stream.into_owned(),
            count: persisted.count,
            sessions: persisted.sessions,
            frame: persisted.frame,
        }));
    }
    if jsess_tomcat::managers::is_placeholder(bytes) {
        return Ok(Value::Reserved);
    }
    Ok(match sniff(bytes) {
        Kind::JavaStream => {
            let (stream, error) = jsess_javaser::decode_prefix(bytes, limits);
            if error.is_some() && stream.contents.is_empty() {
                if let Some(error) = error {
                    return Err(Error::JavaStream(error));
                }
            }
            Value::JavaStream {
                stream: stream.into_owned(),
                error,
            }
        }
        Kind::Ping => Value::Ping,
        Kind::Lock => Value::Lock,
        Kind::Validity => match Validity::decode(bytes) {
            Some(v) => Value::Validity(v),
            None => return Err(unrecognised(bytes)),
        },
        Kind::Session(_) | Kind::Unknown => return Err(unrecognised(bytes)),
    })
}

fn unrecognised(bytes: &[u8]) -> Error {
    let head: Vec<String> = bytes.iter().take(8).map(|b| format!("{b:02x}")).collect();
    Error::Unrecognised {
        len: bytes.len(),
        head: head.join(" "),
    }
}

/// The JSON view of a stored value, as `jsess inspect --json` prints it (`docs/json.md`):
/// `{"format", "session": {…}, "attributes": [{"name", "class", "value"}]}` for a session (with
/// `"error"` and what could be read for one whose attributes could not), the stream's contents
/// for a Java stream, and `"transport"` when wrappings came off.
pub fn to_json(stored: &Stored, options: &Options) -> Result<Json, Error> {
    to_json_with(stored, options, JsonOptions::default())
}

/// [`to_json`] with view options (attribute sizes, nesting depth).
pub fn to_json_with(stored: &Stored, options: &Options, view: JsonOptions) -> Result<Json, Error> {
    let limits = options.get_limits();
    let session = |format: &str, s: &Session<'_>| {
        session_to_json(format, s, limits, view).map_err(Error::Msm)
    };
    let mut json = match &stored.value {
        Value::Session { format, session: s } => session(format, s)?,
        Value::Unreadable {
            format,
            envelope,
            partial,
            error,
        } => {
            let mut json = match (partial, envelope) {
                (Some(p), _) => session(format, p)?,
                (None, envelope) => json_object([
                    ("format", json!(format)),
                    (
                        "session",
                        envelope
                            .as_ref()
                            .map_or(Json::Null, |e| envelope_to_json(e, limits)),
                    ),
                    ("attributes", Json::Null),
                ]),
            };
            insert(&mut json, "error", json!(error.message));
            json
        }
        Value::JavaStream { stream, error } => {
            let mut json = stream_to_json_with_depth(stream, view.max_depth);
            if let Some(error) = error {
                insert(&mut json, "error", json!(error.to_string()));
            }
            json
        }
        Value::Tomcat(persisted) => match persisted.sessions.len() {
            1 => jsess_tomcat::json::to_json(persisted, 0, limits),
            _ => json!({
                "format": "java",
                "layout": persisted.container.layout(),
                "sessions": jsess_tomcat::json::all_to_json(persisted, limits),
            }),
        },
        Value::Reserved => json!({
            "format": "reserved",
            "note": "the \"null\" jcoleman and ran-jit SETNX to reserve a new session id; no session yet"
        }),
        Value::Ping => json!({
            "format": "ping",
            "note": "1-byte value msm's non-sticky ping leaves when the session key had vanished"
        }),
        Value::Lock => json!({"format": "lock"}),
        Value::Validity(v) => json!({
            "format": "validity",
            "max_inactive_interval": v.max_inactive_interval,
            "last_accessed_time": v.last_accessed_time,
            "this_accessed_time": v.this_accessed_time,
        }),
    };
    if !stored.transport.is_empty() {
        let names: Vec<&str> = stored.transport.iter().map(|t| t.name()).collect();
        insert(&mut json, "transport", json!(names));
    }
    Ok(json)
}

fn insert(json: &mut Json, key: &str, value: Json) {
    if let Json::Object(map) = json {
        map.insert(key.into(), value);
    }
}
