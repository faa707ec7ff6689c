//! # jsess-layouts
//!
//! Sessions as the other session managers keep them in Redis: one hash per session, each
//! value a stream of its own.
//!
//! - [`spring`]: Spring Session Data Redis (`spring:session:sessions:<id>`, fields
//!   `creationTime`, `lastAccessedTime`, `maxInactiveInterval`, `sessionAttr:<name>`), values
//!   through `JdkSerializationRedisSerializer`.
//! - [`redisson`]: Redisson's Tomcat manager (`[prefix:]redisson:tomcat_session:<id>`, fields
//!   `session:*` and the attributes under their own names), values in `SerializationCodec`
//!   or `Kryo5Codec` ([`kryo5`]); the other codecs are recognised and named.
//! - [`convert`]: an msm session into a hash session and back, saying which facts the target
//!   cannot hold.
//!
//! ```
//! use jsess_layouts::{spring, HashSession};
//! use jsess_javaser::Limits;
//!
//! // What Spring Session writes for a session holding one string attribute.
//! let mut session = HashSession::new(spring::LAYOUT, "5f1c0d4e", 1_700_000_000_000, 1800);
//! session.attributes.push(jsess_layouts::HashAttribute::string("user", "alice")?);
//! let fields = spring::fields(&session)?;
//! let key = spring::key(spring::NAMESPACE, &session.id);
//! assert_eq!(key, b"spring:session:sessions:5f1c0d4e");
//!
//! let back = spring::read(&key, spring::NAMESPACE, &fields, &Limits::DEFAULT)?;
//! assert_eq!(back, session);
//! let json = jsess_layouts::json::to_json(&back, &Limits::DEFAULT);
//! assert_eq!(json["attributes"][0]["value"], "alice");
//! # Ok::<(), jsess_layouts::Error>(())
//! ```

pub mod convert;
mod error;
pub mod json;
pub mod kryo5;
mod principal5;
pub mod redisson;
pub mod scalar;
pub mod spring;

pub use error::Error;

/// A hash field: name and value bytes.
pub type Field = (Vec<u8>, Vec<u8>);

/// A session manager's layout of a session in Redis.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Layout {
    /// How commands and JSON name it: `spring-session`, `redisson`.
    pub name: &'static str,
}

/// How the values of a hash are encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ValueCodec {
    /// Java serialization, one stream per value (Spring's `JdkSerializationRedisSerializer`,
    /// Redisson's `SerializationCodec`).
    Java,
    /// Redisson's `Kryo5Codec` (the default since Redisson 3.19).
    Kryo5,
    /// Redisson's `MarshallingCodec` (JBoss River; the default of 3.13–3.18).
    Marshalling,
    /// Redisson's `FstCodec` (the default of 3.10–3.12).
    Fst,
    /// Jackson JSON with type ids (Redisson before 3.10, Spring's
    /// `GenericJackson2JsonRedisSerializer`).
    Json,
}

impl ValueCodec {
    /// The codec's name in messages and JSON.
    pub fn name(self) -> &'static str {
        match self {
            ValueCodec::Java => "java",
            ValueCodec::Kryo5 => "kryo5",
            ValueCodec::Marshalling => "jboss-marshalling",
            ValueCodec::Fst => "fst",
            ValueCodec::Json => "jackson-json",
        }
    }

    /// Recognises a codec from the bytes of a value it wrote: a `Long` for the field both
    /// layouts have (`creationTime`).
    pub fn sniff_long(bytes: &[u8]) -> Option<ValueCodec> {
        match bytes {
            [0xAC, 0xED, 0x00, 0x05, ..] => Some(ValueCodec::Java),
            // Kryo 5's class tag for a `Long` (registered id 7, written +2).
            [0x09, ..] => Some(ValueCodec::Kryo5),
            // River's protocol version 4, then ID_LONG_OBJECT.
            [0x04, 0x4C, ..] => Some(ValueCodec::Marshalling),
            // FST's BIG_LONG tag (-10).
            [0xF6, ..] => Some(ValueCodec::Fst),
            [b'[' | b'{' | b'0'..=b'9' | b'-', ..] => Some(ValueCodec::Json),
            _ => None,
        }
    }
}

/// One attribute: its name and its value as one complete stream in the session's codec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HashAttribute {
    /// The attribute name.
    pub name: String,
    /// The value's bytes (a Java serialization stream for [`ValueCodec::Java`], a
    /// `writeClassAndObject` for [`ValueCodec::Kryo5`]).
    pub value: Vec<u8>,
}

impl HashAttribute {
    /// A `String` attribute, as Java serialization writes it.
    pub fn string(name: &str, value: &str) -> Result<HashAttribute, Error> {
        Ok(HashAttribute {
            name: name.to_string(),
            value: scalar::encode(&scalar::Scalar::String(value.to_string()))?,
        })
    }
}

/// A session as a hash layout holds it. Fields a layout does not have are `None`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HashSession {
    /// The layout it was read from or is written in.
    pub layout: Layout,
    /// How its values are encoded.
    pub codec: ValueCodec,
    /// The session id (from the key: neither layout stores it in the hash).
    pub id: String,
    /// Milliseconds since the epoch.
    pub creation_time: i64,
    /// Milliseconds since the epoch.
    pub last_accessed_time: i64,
    /// Seconds; negative means never.
    pub max_inactive_interval: i32,
    /// Redisson: `session:thisAccessedTime`.
    pub this_accessed_time: Option<i64>,
    /// Redisson: `session:isNew`.
    pub is_new: Option<bool>,
    /// Redisson: `session:isValid`.
    pub is_valid: Option<bool>,
    /// Redisson (3.13+): `session:authtype`.
    pub auth_type: Option<String>,
    /// Redisson (3.13+): `session:principal`, the principal object's stream.
    pub principal: Option<Vec<u8>>,
    /// The attributes, in the order the hash gave them.
    pub attributes: Vec<HashAttribute>,
    /// Spring: attributes removed since the session was saved (empty values the repository
    /// leaves behind).
    pub removed: Vec<String>,
    /// Fields kept as they are: Redisson's `session:isExpirationLocked`, and anything else the
    /// layout does not define.
    pub other_fields: Vec<Field>,
    /// Redisson before 3.10.1 encoded field names with the codec too.
    pub encoded_names: bool,
}

impl HashSession {
    /// A session of `layout` in Java serialization with no attributes, last accessed when it
    /// was created.
    pub fn new(layout: Layout, id: &str, creation_time: i64, max_inactive_interval: i32) -> Self {
        HashSession {
            layout,
            codec: ValueCodec::Java,
            id: id.to_string(),
            creation_time,
            last_accessed_time: creation_time,
            max_inactive_interval,
            this_accessed_time: None,
            is_new: None,
            is_valid: None,
            auth_type: None,
            principal: None,
            attributes: Vec::new(),
            removed: Vec::new(),
            other_fields: Vec::new(),
            encoded_names: false,
        }
    }
}

/// Reads a session hash in whichever layout holds it: Redisson's by its key, Spring Session's
/// by its fields (`creationTime` and `maxInactiveInterval`), the namespace being what comes
/// before `:sessions:` in the key. `None` when the hash is neither.
pub fn read(
    key: &[u8],
    fields: &[Field],
    limits: &jsess_javaser::Limits,
) -> Option<Result<HashSession, Error>> {
    if redisson::id_of(key).is_some() {
        return Some(redisson::read(key, fields, limits));
    }
    let has = |name: &[u8]| fields.iter().any(|(n, _)| n == name);
    if !(has(b"creationTime") && has(b"maxInactiveInterval")) {
        return None;
    }
    let text = std::str::from_utf8(key).ok()?;
    let namespace = &text[..text.rfind(":sessions:")?];
    Some(spring::read(key, namespace, fields, limits))
}

/// One hash value as the Java stream of the object it holds: Java serialization as it is, a
/// Kryo 5 value read with the application's class layouts `schemas` (Kryo bytes name no
/// fields). Other codecs are not read. Errors are text naming what stopped the read.
pub fn value_stream<'a>(
    codec: ValueCodec,
    bytes: &'a [u8],
    schemas: &jsess_classpath::Schemas,
    limits: &jsess_javaser::Limits,
) -> Result<jsess_model::Stream<'a>, String> {
    match codec {
        ValueCodec::Java => jsess_javaser::decode(bytes, limits).map_err(|e| e.to_string()),
        ValueCodec::Kryo5 => kryo5::to_stream(bytes, schemas, limits).map_err(|e| e.to_string()),
        other => Err(format!(
            "values in {}, a codec jsess does not read",
            other.name()
        )),
    }
}

/// Whether `key` names a session hash of a layout jsess reads (Redisson's
/// `…redisson:tomcat_session:ID`, Spring Session's `…:sessions:ID`): what is worth fetching
/// when a store is walked; an application's other hashes are left unread.
pub fn is_session_key(key: &[u8]) -> bool {
    if redisson::id_of(key).is_some() {
        return true;
    }
    let Ok(text) = std::str::from_utf8(key) else {
        return false;
    };
    text.rfind(":sessions:")
        .is_some_and(|at| spring::id_of(key, &text[..at]).is_some())
}

/// Hash fields compared as Redis compares them: as a set, whatever order `HGETALL` gave.
pub fn same_fields(a: &[Field], b: &[Field]) -> bool {
    let mut a: Vec<&Field> = a.iter().collect();
    let mut b: Vec<&Field> = b.iter().collect();
    a.sort();
    b.sort();
    a == b
}

#[cfg(test)]
mod tests {
    use super::is_session_key;

    #[test]
    fn session_keys_are_told_from_other_hashes() {
        for key in [
            &b"redisson:tomcat_session:5C1D4E3F2A1B0C9D8E7F6A5B4C3D2E1F"[..],
            b"shop:redisson:tomcat_session:ABC.node1",
            b"spring:session:sessions:0b7d3f6e-8c1a-4d2b-9e5f-1a2b3c4d5e6f",
            b"shop:session:sessions:e1d2",
        ] {
            assert!(is_session_key(key), "{}", String::from_utf8_lossy(key));
        }
        for key in [
            &b"app:cache"[..],
            b"spring:session:sessions:expires:0b7d",
            b"spring:session:expirations:1700001900000",
            b"redisson:tomcat_session:redisson:tomcat_sso",
            b"\xff\xfe:sessions:x",
        ] {
            assert!(!is_session_key(key), "{}", String::from_utf8_lossy(key));
        }
    }
}
