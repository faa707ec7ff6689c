//! # jsess-codecs
//!
//! Compact, lossless encodings of a [`Session`]: the same layout (`wire`, specified in
//! `docs/compact-codecs.md`) written by four serde formats, and the smaller `packed` layout (`docs/packed.md`).
//!
//! | codec | format | blob starts with |
//! |---|---|---|
//! | `bincode` | bincode 1.3, varint integers | `F0 4A 53 62` (`\xF0JSb`) |
//! | `msgpack` | rmp-serde, structs as arrays | `F0 4A 53 6D` (`\xF0JSm`) |
//! | `postcard` | postcard 1 | `F0 4A 53 70` (`\xF0JSp`) |
//! | `json` | serde_json | `{"jsess":` |
//! | `packed` | its own (`docs/packed.md`): what the JDK writer's rules would not recreate | `F0 4A 53 50` (`\xF0JSP`) |
//!
//! Every codec keeps everything needed to write the session's original msm/Java bytes again,
//! byte for byte: `msm blob → codec → msm blob` is the identity. With a [`Dictionary`] (derived
//! from a store's sessions, kept once per store) blobs carry only values and dictionary indexes.

mod dictionary;
mod error;
mod map;
mod packed;
mod wire;

use std::sync::Arc;

use bincode::Options as _;
use jsess_model::{Codec, CodecError, Limits, Session};
use serde::{Deserialize, Serialize};

pub use dictionary::{DictClass, Dictionary};
pub use error::Error;
use wire::{from_wire, to_wire, WireSession};

/// The serde formats the compact layout is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// bincode 1.3, varint integers, little endian.
    Bincode,
    /// MessagePack (rmp-serde), structs as arrays.
    MessagePack,
    /// postcard 1.
    Postcard,
    /// serde_json.
    Json,
    /// The packed layout (not serde): what the JDK writer's rules would not recreate.
    Packed,
}

impl Format {
    /// All formats.
    pub const ALL: [Format; 5] = [
        Format::Bincode,
        Format::MessagePack,
        Format::Postcard,
        Format::Json,
        Format::Packed,
    ];

    /// The name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Format::Bincode => "bincode",
            Format::MessagePack => "msgpack",
            Format::Postcard => "postcard",
            Format::Json => "json",
            Format::Packed => "packed",
        }
    }

    fn description(self) -> &'static str {
        match self {
            Format::Bincode => "jsess compact session layout in bincode 1.3 (varint integers)",
            Format::MessagePack => "jsess compact session layout in MessagePack (rmp-serde)",
            Format::Postcard => "jsess compact session layout in postcard (varints throughout)",
            Format::Json => "jsess compact session layout as JSON text",
            Format::Packed => {
                "jsess packed session layout: only what the JDK writer's rules would not recreate"
            }
        }
    }

    /// Magic bytes: `F0 'J' 'S'` and a letter for the binary formats, the opening of the
    /// document for JSON.
    fn magic(self) -> &'static [u8] {
        match self {
            Format::Bincode => b"\xF0JSb",
            Format::MessagePack => b"\xF0JSm",
            Format::Postcard => b"\xF0JSp",
            Format::Json => b"{\"jsess\":",
            Format::Packed => packed::MAGIC,
        }
    }

    fn serialize(self, wire: &WireSession) -> Result<Vec<u8>, Error> {
        let fail = |e: &dyn std::fmt::Display| Error::Format {
            format: self.name(),
            message: e.to_string(),
        };
        match self {
            Format::Bincode => {
                let mut out = self.magic().to_vec();
                bincode_options(u64::MAX)
                    .serialize_into(&mut out, wire)
                    .map_err(|e| fail(&e))?;
                Ok(out)
            }
            Format::MessagePack => {
                let mut out = self.magic().to_vec();
                wire.serialize(&mut rmp_serde::Serializer::new(&mut out))
                    .map_err(|e| fail(&e))?;
                Ok(out)
            }
            Format::Postcard => {
                let mut out = self.magic().to_vec();
                out.extend_from_slice(&postcard::to_stdvec(wire).map_err(|e| fail(&e))?);
                Ok(out)
            }
            Format::Json => {
                let doc = JsonDocument {
                    jsess: JSON_MARKER.into(),
                    session: wire.clone(),
                };
                serde_json::to_vec(&doc).map_err(|e| fail(&e))
            }
            Format::Packed => Err(fail(&"the packed layout is not a serde format")),
        }
    }

    fn deserialize<'a>(self, bytes: &'a [u8], limits: &Limits) -> Result<WireSession<'a>, Error> {
        let fail = |e: &dyn std::fmt::Display| Error::Format {
            format: self.name(),
            message: e.to_string(),
        };
        let trailing = || Error::Format {
            format: self.name(),
            message: "trailing bytes".into(),
        };
        if bytes.len() > limits.max_stream_bytes {
            return Err(Error::Invalid(format!(
                "blob of {} bytes exceeds max_stream_bytes",
                bytes.len()
            )));
        }
        if self == Format::Json {
            let doc: JsonDocument = serde_json::from_slice(bytes).map_err(|e| fail(&e))?;
            if doc.jsess != JSON_MARKER {
                return Err(Error::Format {
                    format: "json",
                    message: format!("unknown document kind {:?}", doc.jsess),
                });
            }
            return Ok(doc.session);
        }
        let body = bytes
            .strip_prefix(self.magic())
            .ok_or(Error::Magic(self.name()))?;
        match self {
            Format::Bincode => {
                // Bounds what bincode will read (and so allocate) to a multiple of the input.
                let limit = body.len() as u64 * 8 + 1024;
                bincode_options(limit)
                    .deserialize(body)
                    .map_err(|e| fail(&e))
            }
            Format::MessagePack => {
                let mut de = rmp_serde::Deserializer::new(std::io::Cursor::new(body));
                let wire = WireSession::deserialize(&mut de).map_err(|e| fail(&e))?;
                if de.position() as usize != body.len() {
                    return Err(trailing());
                }
                Ok(wire)
            }
            Format::Postcard => {
                let (wire, rest) = postcard::take_from_bytes(body).map_err(|e| fail(&e))?;
                if !rest.is_empty() {
                    return Err(trailing());
                }
                Ok(wire)
            }
            Format::Json | Format::Packed => Err(fail(&"handled by the caller")),
        }
    }
}

fn bincode_options(limit: u64) -> impl bincode::Options {
    use bincode::Options;
    bincode::DefaultOptions::new()
        .with_varint_encoding()
        .with_little_endian()
        .reject_trailing_bytes()
        .with_limit(limit)
}

/// The JSON document: a marker first so the format can be told from FlexJSON sessions.
#[derive(Serialize, Deserialize)]
struct JsonDocument<'a> {
    jsess: String,
    #[serde(borrow)]
    session: WireSession<'a>,
}

const JSON_MARKER: &str = "compact-session/1";

/// A compact codec: one format, optionally with a shared class dictionary.
#[derive(Debug, Clone)]
pub struct Compact {
    format: Format,
    dictionary: Option<Arc<Dictionary>>,
}

impl Compact {
    /// Self-contained blobs.
    pub const fn new(format: Format) -> Compact {
        Compact {
            format,
            dictionary: None,
        }
    }

    /// Blobs that refer to `dictionary` (and need it to be read).
    pub fn with_dictionary(format: Format, dictionary: Arc<Dictionary>) -> Compact {
        Compact {
            format,
            dictionary: Some(dictionary),
        }
    }

    /// The format.
    pub fn format(&self) -> Format {
        self.format
    }
}

impl Codec for Compact {
    fn name(&self) -> &'static str {
        self.format.name()
    }
    fn description(&self) -> &'static str {
        self.format.description()
    }
    fn sniff(&self, bytes: &[u8]) -> bool {
        bytes.starts_with(self.format.magic())
    }
    fn encode(&self, session: &Session<'_>) -> Result<Vec<u8>, CodecError> {
        if self.format == Format::Packed {
            return Ok(packed::encode(session, self.dictionary.as_deref())?);
        }
        let wire = to_wire(session, &Limits::DEFAULT, self.dictionary.as_deref())?;
        Ok(self.format.serialize(&wire)?)
    }
    fn decode<'a>(&self, bytes: &'a [u8], limits: &Limits) -> Result<Session<'a>, CodecError> {
        if self.format == Format::Packed {
            return Ok(packed::decode(bytes, limits, self.dictionary.as_ref())?);
        }
        let wire = self.format.deserialize(bytes, limits)?;
        Ok(from_wire(wire, limits, self.dictionary.as_deref())?)
    }
}

static BINCODE: Compact = Compact::new(Format::Bincode);
static MESSAGE_PACK: Compact = Compact::new(Format::MessagePack);
static POSTCARD: Compact = Compact::new(Format::Postcard);
static JSON: Compact = Compact::new(Format::Json);
static PACKED: Compact = Compact::new(Format::Packed);

/// The five compact codecs, self-contained.
pub fn all() -> [&'static dyn Codec; 5] {
    [&BINCODE, &MESSAGE_PACK, &POSTCARD, &JSON, &PACKED]
}

/// Why the packed layout would keep `session` whole in the wire layout (somewhere it departs
/// from what the JDK writer would write for its graph), or `None` when it packs.
pub fn packed_departure(
    session: &Session<'_>,
    dictionary: Option<&Dictionary>,
) -> Option<&'static str> {
    packed::departure(session, dictionary)
}
