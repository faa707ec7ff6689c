//! Redisson's Tomcat manager: `[keyPrefix:]redisson:tomcat_session:<id>` hashes.
//!
//! Metadata fields are `session:creationTime`, `session:lastAccessedTime`,
//! `session:thisAccessedTime` (`Long`), `session:maxInactiveInterval` (`Integer`),
//! `session:isValid`, `session:isNew` (`Boolean`), and since 3.13 `session:principal` (the
//! principal object) and `session:authtype` (`String`); each attribute is a field under its
//! bare name. Values are in the configured codec; field names are plain UTF-8 since 3.10.1
//! and were encoded with the codec before. jsess reads and writes `SerializationCodec` (Java
//! serialization) and names the others ([`ValueCodec::sniff_long`]).

use jsess_javaser::Limits;

use crate::scalar::{self, Scalar};
use crate::spring::{field_error, with_session};
use crate::{Error, Field, HashAttribute, HashSession, Layout, ValueCodec};

/// The layout.
pub const LAYOUT: Layout = Layout { name: "redisson" };
/// What every session key holds after the optional `keyPrefix:`.
pub const KEY_PART: &str = "redisson:tomcat_session:";

const CREATION_TIME: &str = "session:creationTime";
const LAST_ACCESSED_TIME: &str = "session:lastAccessedTime";
const THIS_ACCESSED_TIME: &str = "session:thisAccessedTime";
const MAX_INACTIVE_INTERVAL: &str = "session:maxInactiveInterval";
const IS_VALID: &str = "session:isValid";
const IS_NEW: &str = "session:isNew";
const PRINCIPAL: &str = "session:principal";
const AUTH_TYPE: &str = "session:authtype";

/// The key of session `id` under `prefix` (the manager's `keyPrefix`, usually empty).
pub fn key(prefix: &str, id: &str) -> Vec<u8> {
    let sep = if prefix.is_empty() { "" } else { ":" };
    format!("{prefix}{sep}{KEY_PART}{id}").into_bytes()
}

/// The key prefix and session id a key names; `None` for other keys (the single sign-on map
/// `…redisson:tomcat_session:redisson:tomcat_sso` included).
pub fn id_of(key: &[u8]) -> Option<(&str, &str)> {
    let key = std::str::from_utf8(key).ok()?;
    let at = key.find(KEY_PART)?;
    let prefix = match at {
        0 => "",
        _ => key[..at].strip_suffix(':')?,
    };
    let id = &key[at + KEY_PART.len()..];
    (!id.is_empty() && !id.contains(':')).then_some((prefix, id))
}

/// Reads a session hash (`HGETALL`'s fields) stored under `key`.
pub fn read(key: &[u8], fields: &[Field], limits: &Limits) -> Result<HashSession, Error> {
    let (_, id) = id_of(key).ok_or_else(|| Error::NotASession {
        key: String::from_utf8_lossy(key).into_owned(),
        layout: LAYOUT.name,
    })?;
    let encoded_names = fields
        .iter()
        .any(|(name, _)| name.starts_with(&[0xAC, 0xED, 0x00, 0x05]));
    let mut named = Vec::with_capacity(fields.len());
    for (name, value) in fields {
        let name = field_name(id, name, encoded_names, limits)?;
        named.push((name, value.as_slice()));
    }
    let field = |name: &'static str| named.iter().find(|(n, _)| n == name).map(|(_, v)| *v);
    let creation = field(CREATION_TIME).ok_or(Error::Missing {
        session: id.to_string(),
        field: CREATION_TIME,
    })?;
    let codec = match ValueCodec::sniff_long(creation) {
        Some(codec @ (ValueCodec::Java | ValueCodec::Kryo5)) => codec,
        Some(codec) => {
            return Err(Error::UnsupportedCodec {
                session: id.to_string(),
                codec: codec.name(),
            })
        }
        None => {
            return Err(field_error(
                id,
                CREATION_TIME,
                "not a value any Redisson codec writes",
            ))
        }
    };
    let creation_time = number(codec, id, CREATION_TIME, creation, limits)?;
    let mut session = HashSession::new(LAYOUT, id, creation_time, 0);
    session.codec = codec;
    session.encoded_names = encoded_names;
    for (name, value) in &named {
        read_field(&mut session, name, value, limits)?;
    }
    Ok(session)
}

fn read_field(
    session: &mut HashSession,
    name: &str,
    value: &[u8],
    limits: &Limits,
) -> Result<(), Error> {
    let id = session.id.clone();
    let codec = session.codec;
    let flag = |field: &str| match scalar::decode_in(codec, value, limits) {
        Ok(Some(Scalar::Bool(b))) => Ok(b),
        _ => Err(field_error(&id, field, "not a Boolean")),
    };
    let number = |name: &str| number(codec, &id, name, value, limits);
    match name {
        CREATION_TIME => {}
        LAST_ACCESSED_TIME => session.last_accessed_time = number(name)?,
        THIS_ACCESSED_TIME => session.this_accessed_time = Some(number(name)?),
        MAX_INACTIVE_INTERVAL => {
            session.max_inactive_interval = i32::try_from(number(name)?)
                .map_err(|_| field_error(&id, name, "out of range for an int"))?
        }
        IS_VALID => session.is_valid = Some(flag(name)?),
        IS_NEW => session.is_new = Some(flag(name)?),
        AUTH_TYPE => match scalar::decode_in(codec, value, limits) {
            Ok(Some(Scalar::String(s))) => session.auth_type = Some(s),
            _ => return Err(field_error(&id, name, "not a String")),
        },
        PRINCIPAL => session.principal = Some(value.to_vec()),
        _ if name.starts_with("session:") => session
            .other_fields
            .push((name.as_bytes().to_vec(), value.to_vec())),
        _ => session.attributes.push(HashAttribute {
            name: name.to_string(),
            value: value.to_vec(),
        }),
    }
    Ok(())
}

/// A `Long` or `Integer` field (Redisson's `load()` takes any `Number`).
fn number(
    codec: ValueCodec,
    id: &str,
    field: &str,
    bytes: &[u8],
    limits: &Limits,
) -> Result<i64, Error> {
    match scalar::decode_in(codec, bytes, limits) {
        Ok(Some(value)) => value
            .as_i64()
            .ok_or_else(|| field_error(id, field, &format!("holds {value:?}, not a number"))),
        Ok(None) => Err(field_error(
            id,
            field,
            "holds an object that is not a number",
        )),
        Err(e) => Err(field_error(id, field, &e)),
    }
}

fn field_name(id: &str, name: &[u8], encoded: bool, limits: &Limits) -> Result<String, Error> {
    let lossy = || String::from_utf8_lossy(name).into_owned();
    if !encoded {
        return String::from_utf8(name.to_vec())
            .map_err(|_| field_error(id, &lossy(), "not UTF-8"));
    }
    match scalar::decode(name, limits) {
        Ok(Some(Scalar::String(s))) => Ok(s),
        _ => Err(field_error(
            id,
            &lossy(),
            "field names are Java-serialized (Redisson before 3.10.1) but this one is not a String",
        )),
    }
}

/// The hash fields Redisson would hold for `session`, metadata in the session's codec
/// (`SerializationCodec` or `Kryo5Codec`; attribute and principal bytes are kept as they are,
/// already in that codec; field names encoded too when the session was read so).
pub fn fields(session: &HashSession) -> Result<Vec<Field>, Error> {
    let codec = match session.codec {
        ValueCodec::Java | ValueCodec::Kryo5 => session.codec,
        other => {
            return Err(Error::UnsupportedCodec {
                session: session.id.clone(),
                codec: other.name(),
            })
        }
    };
    let mut named: Vec<(String, Vec<u8>)> = Vec::new();
    let mut put = |name: &str, value: Scalar| -> Result<(), Error> {
        let bytes = scalar::encode_in(codec, &value).map_err(|e| with_session(e, &session.id))?;
        named.push((name.to_string(), bytes));
        Ok(())
    };
    put(CREATION_TIME, Scalar::Long(session.creation_time))?;
    put(LAST_ACCESSED_TIME, Scalar::Long(session.last_accessed_time))?;
    if let Some(t) = session.this_accessed_time {
        put(THIS_ACCESSED_TIME, Scalar::Long(t))?;
    }
    put(
        MAX_INACTIVE_INTERVAL,
        Scalar::Int(session.max_inactive_interval),
    )?;
    if let Some(v) = session.is_valid {
        put(IS_VALID, Scalar::Bool(v))?;
    }
    if let Some(v) = session.is_new {
        put(IS_NEW, Scalar::Bool(v))?;
    }
    if let Some(a) = &session.auth_type {
        put(AUTH_TYPE, Scalar::String(a.clone()))?;
    }
    if let Some(p) = &session.principal {
        named.push((PRINCIPAL.to_string(), p.clone()));
    }
    for attribute in &session.attributes {
        named.push((attribute.name.clone(), attribute.value.clone()));
    }
    // Names of other fields were decoded on reading (they are `session:*` text).
    for (name, value) in &session.other_fields {
        named.push((String::from_utf8_lossy(name).into_owned(), value.clone()));
    }
    let mut out = Vec::with_capacity(named.len());
    for (name, value) in named {
        let name = if session.encoded_names {
            scalar::encode_in(codec, &Scalar::String(name))
                .map_err(|e| with_session(e, &session.id))?
        } else {
            name.into_bytes()
        };
        out.push((name, value));
    }
    Ok(out)
}
