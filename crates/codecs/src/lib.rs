//! # jsess-codecs
//!
//! Compact, lossless encodings of a [`Session`]: the same layout (`wire`, specified in
//! `docs/compact-codecs.md`) written by four serde formats.
//!
//! | codec | format | blob starts with |
//! |---|---|---|
//! | [`Bincode`] | bincode 1.3, varint integers | `F0 4A 53 62` (`\xF0JSb`) |
//! | [`MessagePack`] | rmp-serde, structs as arrays | `F0 4A 53 6D` (`\xF0JSm`) |
//! | [`Postcard`] | postcard 1 | `F0 4A 53 70` (`\xF0JSp`) |
//! | [`Json`] | serde_json | `{"jsess":` |
//!
//! Every codec keeps everything needed to write the session's original msm/Java bytes again,
//! byte for byte: `msm blob → codec → msm blob` is the identity.

mod error;
pub mod wire;

use jsess_model::{Codec, CodecError, Limits, Session};
use serde::{Deserialize, Serialize};

pub use error::Error;
use wire::{from_wire, to_wire, WireSession};

/// The four compact codecs.
pub fn all() -> [&'static dyn Codec; 4] {
    [&Bincode, &MessagePack, &Postcard, &Json]
}

/// Magic bytes of the binary codecs: `F0 'J' 'S'` and a format letter.
fn magic(letter: u8) -> [u8; 4] {
    [0xF0, b'J', b'S', letter]
}

fn strip_magic<'b>(bytes: &'b [u8], letter: u8, name: &'static str) -> Result<&'b [u8], Error> {
    bytes
        .strip_prefix(&magic(letter)[..])
        .ok_or(Error::Magic(name))
}

fn format_error(format: &'static str) -> impl Fn(&dyn std::fmt::Display) -> Error {
    move |e| Error::Format {
        format,
        message: e.to_string(),
    }
}

/// Encodes the wire form of `session`, prefixed by `prefix`.
fn encode_with(
    session: &Session<'_>,
    prefix: &[u8],
    serialize: impl FnOnce(&WireSession, &mut Vec<u8>) -> Result<(), Error>,
) -> Result<Vec<u8>, CodecError> {
    let wire = to_wire(session, &Limits::DEFAULT)?;
    let mut out = prefix.to_vec();
    serialize(&wire, &mut out)?;
    Ok(out)
}

/// bincode 1.3 with varint integers.
pub struct Bincode;

impl Bincode {
    fn options(limit: u64) -> impl bincode::Options {
        use bincode::Options;
        bincode::DefaultOptions::new()
            .with_varint_encoding()
            .with_little_endian()
            .reject_trailing_bytes()
            .with_limit(limit)
    }
}

impl Codec for Bincode {
    fn name(&self) -> &'static str {
        "bincode"
    }
    fn description(&self) -> &'static str {
        "jsess compact layout in bincode 1.3 (varint integers)"
    }
    fn sniff(&self, bytes: &[u8]) -> bool {
        bytes.starts_with(&magic(b'b'))
    }
    fn encode(&self, session: &Session<'_>) -> Result<Vec<u8>, CodecError> {
        use bincode::Options;
        encode_with(session, &magic(b'b'), |wire, out| {
            Self::options(u64::MAX)
                .serialize_into(out, wire)
                .map_err(|e| format_error("bincode")(&e))
        })
    }
    fn decode<'a>(&self, bytes: &'a [u8], limits: &Limits) -> Result<Session<'a>, CodecError> {
        use bincode::Options;
        let body = strip_magic(bytes, b'b', "bincode")?;
        let limit = body.len().min(limits.max_stream_bytes) as u64 * 8 + 1024;
        let wire: WireSession = Self::options(limit)
            .deserialize(body)
            .map_err(|e| format_error("bincode")(&e))?;
        Ok(from_wire(wire, limits)?)
    }
}

/// MessagePack (rmp-serde), structs as arrays.
pub struct MessagePack;

impl Codec for MessagePack {
    fn name(&self) -> &'static str {
        "msgpack"
    }
    fn description(&self) -> &'static str {
        "jsess compact layout in MessagePack (rmp-serde, structs as arrays)"
    }
    fn sniff(&self, bytes: &[u8]) -> bool {
        bytes.starts_with(&magic(b'm'))
    }
    fn encode(&self, session: &Session<'_>) -> Result<Vec<u8>, CodecError> {
        encode_with(session, &magic(b'm'), |wire, out| {
            let mut ser = rmp_serde::Serializer::new(out);
            wire.serialize(&mut ser)
                .map_err(|e| format_error("msgpack")(&e))
        })
    }
    fn decode<'a>(&self, bytes: &'a [u8], limits: &Limits) -> Result<Session<'a>, CodecError> {
        let body = strip_magic(bytes, b'm', "msgpack")?;
        let mut de = rmp_serde::Deserializer::new(std::io::Cursor::new(body));
        let wire = WireSession::deserialize(&mut de).map_err(|e| format_error("msgpack")(&e))?;
        if de.position() as usize != body.len() {
            return Err(Error::Format {
                format: "msgpack",
                message: "trailing bytes".into(),
            }
            .into());
        }
        Ok(from_wire(wire, limits)?)
    }
}

/// postcard 1.
pub struct Postcard;

impl Codec for Postcard {
    fn name(&self) -> &'static str {
        "postcard"
    }
    fn description(&self) -> &'static str {
        "jsess compact layout in postcard (varints throughout)"
    }
    fn sniff(&self, bytes: &[u8]) -> bool {
        bytes.starts_with(&magic(b'p'))
    }
    fn encode(&self, session: &Session<'_>) -> Result<Vec<u8>, CodecError> {
        encode_with(session, &magic(b'p'), |wire, out| {
            let body = postcard::to_stdvec(wire).map_err(|e| format_error("postcard")(&e))?;
            out.extend_from_slice(&body);
            Ok(())
        })
    }
    fn decode<'a>(&self, bytes: &'a [u8], limits: &Limits) -> Result<Session<'a>, CodecError> {
        let body = strip_magic(bytes, b'p', "postcard")?;
        let (wire, rest): (WireSession, _) =
            postcard::take_from_bytes(body).map_err(|e| format_error("postcard")(&e))?;
        if !rest.is_empty() {
            return Err(Error::Format {
                format: "postcard",
                message: "trailing bytes".into(),
            }
            .into());
        }
        Ok(from_wire(wire, limits)?)
    }
}

/// JSON (serde_json): the same layout as text, for people and for tools without a binary
/// decoder.
pub struct Json;

/// The JSON document: a marker first so the format can be told from FlexJSON sessions.
#[derive(Serialize, Deserialize)]
struct JsonDocument {
    jsess: String,
    session: WireSession,
}

const JSON_MARKER: &str = "compact-session/1";

impl Codec for Json {
    fn name(&self) -> &'static str {
        "json"
    }
    fn description(&self) -> &'static str {
        "jsess compact layout as JSON text"
    }
    fn sniff(&self, bytes: &[u8]) -> bool {
        bytes.starts_with(b"{\"jsess\":")
    }
    fn encode(&self, session: &Session<'_>) -> Result<Vec<u8>, CodecError> {
        let doc = JsonDocument {
            jsess: JSON_MARKER.into(),
            session: to_wire(session, &Limits::DEFAULT)?,
        };
        Ok(serde_json::to_vec(&doc).map_err(|e| format_error("json")(&e))?)
    }
    fn decode<'a>(&self, bytes: &'a [u8], limits: &Limits) -> Result<Session<'a>, CodecError> {
        let doc: JsonDocument =
            serde_json::from_slice(bytes).map_err(|e| format_error("json")(&e))?;
        if doc.jsess != JSON_MARKER {
            return Err(Error::Format {
                format: "json",
                message: format!("unknown document kind {:?}", doc.jsess),
            }
            .into());
        }
        Ok(from_wire(doc.session, limits)?)
    }
}
