//! The `packed` layout (spec: `docs/packed.md`): a session as the Java stream it is, minus what
//! the JDK writer would have written anyway.
//!
//! The wire layout of the serde codecs lists every node and every class descriptor. `packed`
//! instead walks the graph in the order a Java writer does and writes only what that writer
//! could not have predicted: which class each new object has (an index into the classes this
//! session has used, or a dictionary entry), its field values packed by their declared types
//! (varints, no tags, no class for a value of the declared class), strings by dictionary index
//! or inline. Everything Java writes by rule (handles, descriptor order, field type strings,
//! block-data chunking, string headers) is recreated by the reader by the same rule.
//!
//! JDK-written streams follow those rules, so nearly every session packs. A session that
//! departs from them anywhere (a reset, an aborted write, a descriptor from a class file, a
//! node order no writer produces) is kept whole in the wire layout behind the same header, so
//! `packed` is lossless for every session.

use std::sync::Arc;

use jsess_model::{Limits, Session};

use crate::dictionary::Dictionary;
use crate::error::Error;

mod classes;
mod envelope;
mod io;
mod kept;
mod read;
mod tables;
mod write;

/// Magic bytes of a packed blob: `F0 'J' 'S' 'P'`.
pub(crate) const MAGIC: &[u8; 4] = b"\xF0JSP";
/// Layout version, in the header byte's low four bits.
const LAYOUT: u8 = 1;
/// Header bit: a 4-byte dictionary id follows.
const HAS_DICTIONARY: u8 = 0x10;
/// Header bit: the body is the wire layout in postcard (the session departs from the JDK
/// writer's rules somewhere).
const WIRE_BODY: u8 = 0x20;

/// Why a session cannot be packed (it is then kept in the wire layout). Internal: the caller
/// sees a packed blob either way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Departure(pub &'static str);

/// Writes a session in the packed layout, referring to `dictionary` where it can.
pub(crate) fn encode(
    session: &Session<'_>,
    dictionary: Option<&Dictionary>,
) -> Result<Vec<u8>, Error> {
    let mut out = io::Out::with_capacity(jsess_model::room::capacity());
    out.bytes(MAGIC);
    let dict_bit = if dictionary.is_some() {
        HAS_DICTIONARY
    } else {
        0
    };
    let header_at = out.len();
    out.byte(LAYOUT | dict_bit);
    if let Some(d) = dictionary {
        out.bytes(&dict_id32(d).to_le_bytes());
    }
    let body_at = out.len();
    match write::session(&mut out, session, dictionary) {
        Ok(()) => {
            jsess_model::room::learn(out.len());
            Ok(out.into_vec())
        }
        Err(_departure) => {
            let wire = crate::wire::to_wire(session, &Limits::DEFAULT, dictionary)?;
            let body = postcard::to_stdvec(&wire).map_err(|e| Error::Format {
                format: "packed",
                message: e.to_string(),
            })?;
            let mut out = out.into_vec();
            out.truncate(body_at);
            out[header_at] |= WIRE_BODY;
            out.extend_from_slice(&body);
            Ok(out)
        }
    }
}

/// Why [`encode`] would keep a session in the wire layout, or `None` when it packs.
pub(crate) fn departure(
    session: &Session<'_>,
    dictionary: Option<&Dictionary>,
) -> Option<&'static str> {
    let mut out = io::Out::with_capacity(256);
    write::session(&mut out, session, dictionary)
        .err()
        .map(|d| d.0)
}

/// Reads a packed blob.
pub(crate) fn decode<'a>(
    bytes: &'a [u8],
    limits: &Limits,
    dictionary: Option<&Arc<Dictionary>>,
) -> Result<Session<'a>, Error> {
    if bytes.len() > limits.max_stream_bytes {
        return Err(Error::Invalid(format!(
            "blob of {} bytes exceeds max_stream_bytes",
            bytes.len()
        )));
    }
    let body = bytes
        .strip_prefix(&MAGIC[..])
        .ok_or(Error::Magic("packed"))?;
    let (&header, mut body) = body
        .split_first()
        .ok_or_else(|| Error::Invalid("packed: no header byte".into()))?;
    if header & 0x0F != LAYOUT || header & !(0x0F | HAS_DICTIONARY | WIRE_BODY) != 0 {
        return Err(Error::Layout(header & 0x0F));
    }
    let dictionary = if header & HAS_DICTIONARY != 0 {
        let (id, rest) = body
            .split_first_chunk::<4>()
            .ok_or_else(|| Error::Invalid("packed: dictionary id cut short".into()))?;
        body = rest;
        let needed = u32::from_le_bytes(*id);
        match dictionary {
            None => return Err(Error::MissingDictionary(u64::from(needed))),
            Some(d) if dict_id32(d) != needed => {
                return Err(Error::WrongDictionary {
                    needed: u64::from(needed),
                    given: u64::from(dict_id32(d)),
                })
            }
            Some(d) => Some(d),
        }
    } else {
        None
    };
    if header & WIRE_BODY != 0 {
        let (wire, rest) = postcard::take_from_bytes(body).map_err(|e| Error::Format {
            format: "packed",
            message: e.to_string(),
        })?;
        if !rest.is_empty() {
            return Err(Error::Invalid("packed: trailing bytes".into()));
        }
        return crate::wire::from_wire(wire, limits, dictionary.map(|d| &**d));
    }
    read::session(body, limits, dictionary)
}

/// The 32 bits of a dictionary's id a packed blob names.
fn dict_id32(dictionary: &Dictionary) -> u32 {
    dictionary.id() as u32
}
