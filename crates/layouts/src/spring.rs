//! Spring Session Data Redis: `<namespace>:sessions:<id>` hashes.
//!
//! Both repositories (`RedisSessionRepository`, the 3.x default, and
//! `RedisIndexedSessionRepository`) write the same hash: `creationTime` and
//! `lastAccessedTime` (`Long` milliseconds), `maxInactiveInterval` (`Integer` seconds) and one
//! `sessionAttr:<name>` field per attribute, every value through the template's value
//! serializer (`JdkSerializationRedisSerializer` unless the application sets another). A
//! removed attribute stays behind as an empty value. The indexed repository also keeps
//! `<namespace>:sessions:expires:<id>`, the per-minute `<namespace>:expirations:<ms>` sets and
//! the principal-name index; those are not sessions ([`id_of`] skips them).

use jsess_javaser::Limits;

use crate::scalar::{self, Scalar};
use crate::{Error, Field, HashAttribute, HashSession, Layout, ValueCodec};

/// The layout.
pub const LAYOUT: Layout = Layout {
    name: "spring-session",
};
/// The default namespace (`spring.session.redis.namespace`).
pub const NAMESPACE: &str = "spring:session";
/// Where attribute fields start.
pub const ATTRIBUTE_PREFIX: &str = "sessionAttr:";

const CREATION_TIME: &str = "creationTime";
const LAST_ACCESSED_TIME: &str = "lastAccessedTime";
const MAX_INACTIVE_INTERVAL: &str = "maxInactiveInterval";

/// The key of session `id`.
pub fn key(namespace: &str, id: &str) -> Vec<u8> {
    format!("{namespace}:sessions:{id}").into_bytes()
}

/// The session id a key names; `None` for any other key (the indexed repository's
/// `sessions:expires:` keys included).
pub fn id_of<'k>(key: &'k [u8], namespace: &str) -> Option<&'k str> {
    let rest = key.strip_prefix(namespace.as_bytes())?;
    let id = rest.strip_prefix(b":sessions:")?;
    let id = std::str::from_utf8(id).ok()?;
    (!id.is_empty() && !id.starts_with("expires:")).then_some(id)
}

/// Reads a session hash (`HGETALL`'s fields) stored under `key`.
pub fn read(
    key: &[u8],
    namespace: &str,
    fields: &[Field],
    limits: &Limits,
) -> Result<HashSession, Error> {
    let id = id_of(key, namespace).ok_or_else(|| Error::NotASession {
        key: String::from_utf8_lossy(key).into_owned(),
        layout: LAYOUT.name,
    })?;
    let field = |name: &'static str| {
        fields
            .iter()
            .find(|(f, _)| f == name.as_bytes())
            .map(|(_, v)| v.as_slice())
            .ok_or(Error::Missing {
                session: id.to_string(),
                field: name,
            })
    };
    let creation = field(CREATION_TIME)?;
    match ValueCodec::sniff_long(creation) {
        Some(ValueCodec::Java) => {}
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
                "not a value any known serializer writes",
            ))
        }
    }
    let mut session = HashSession::new(LAYOUT, id, number(id, CREATION_TIME, creation, limits)?, 0);
    session.last_accessed_time =
        number(id, LAST_ACCESSED_TIME, field(LAST_ACCESSED_TIME)?, limits)?;
    let interval = number(
        id,
        MAX_INACTIVE_INTERVAL,
        field(MAX_INACTIVE_INTERVAL)?,
        limits,
    )?;
    session.max_inactive_interval = i32::try_from(interval)
        .map_err(|_| field_error(id, MAX_INACTIVE_INTERVAL, "out of range for an int"))?;
    for (name, value) in fields {
        if let Some(attribute) = name.strip_prefix(ATTRIBUTE_PREFIX.as_bytes()) {
            let attribute = String::from_utf8(attribute.to_vec())
                .map_err(|_| field_error(id, &String::from_utf8_lossy(name), "not UTF-8"))?;
            if value.is_empty() {
                session.removed.push(attribute);
            } else {
                session.attributes.push(HashAttribute {
                    name: attribute,
                    value: value.clone(),
                });
            }
        } else if ![CREATION_TIME, LAST_ACCESSED_TIME, MAX_INACTIVE_INTERVAL]
            .iter()
            .any(|known| name == known.as_bytes())
        {
            session.other_fields.push((name.clone(), value.clone()));
        }
    }
    Ok(session)
}

/// The hash fields Spring Session would hold for `session` (values in Java serialization).
pub fn fields(session: &HashSession) -> Result<Vec<Field>, Error> {
    let mut out = vec![
        scalar_field(session, CREATION_TIME, Scalar::Long(session.creation_time))?,
        scalar_field(
            session,
            LAST_ACCESSED_TIME,
            Scalar::Long(session.last_accessed_time),
        )?,
        scalar_field(
            session,
            MAX_INACTIVE_INTERVAL,
            Scalar::Int(session.max_inactive_interval),
        )?,
    ];
    for attribute in &session.attributes {
        out.push((
            format!("{ATTRIBUTE_PREFIX}{}", attribute.name).into_bytes(),
            attribute.value.clone(),
        ));
    }
    for name in &session.removed {
        out.push((format!("{ATTRIBUTE_PREFIX}{name}").into_bytes(), Vec::new()));
    }
    out.extend(session.other_fields.iter().cloned());
    Ok(out)
}

fn scalar_field(session: &HashSession, name: &str, value: Scalar) -> Result<Field, Error> {
    let bytes = scalar::encode(&value).map_err(|e| with_session(e, &session.id))?;
    Ok((name.as_bytes().to_vec(), bytes))
}

/// Reads a `Long` or `Integer` field.
pub(crate) fn number(id: &str, field: &str, bytes: &[u8], limits: &Limits) -> Result<i64, Error> {
    match scalar::decode(bytes, limits) {
        Ok(Some(value)) => value
            .as_i64()
            .ok_or_else(|| field_error(id, field, &format!("holds {value:?}, not a number"))),
        Ok(None) => Err(field_error(
            id,
            field,
            "holds an object that is not a number",
        )),
        Err(e) => Err(field_error(id, field, &e.to_string())),
    }
}

pub(crate) fn field_error(id: &str, field: &str, reason: &str) -> Error {
    Error::Field {
        session: id.to_string(),
        field: field.to_string(),
        reason: reason.to_string(),
    }
}

pub(crate) fn with_session(error: Error, id: &str) -> Error {
    match error {
        Error::Write { message, .. } => Error::Write {
            session: id.to_string(),
            message,
        },
        other => other,
    }
}
