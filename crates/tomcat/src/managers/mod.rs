//! The string values of the older Redis session managers built on Tomcat's own session stream
//! (`docs/tomcat.md`, "Redis session managers"):
//!
//! - jcoleman/tomcat-redis-session-manager 2.0 ([`Container::Jcoleman`]): key = the session id;
//!   value = a `SessionSerializationMetadata` object (an MD5 of the attributes as block data),
//!   then `StandardSession.writeObjectData`'s sequence on the same stream (handles continue),
//!   then `writeLong(creationTime)`;
//! - jcoleman 1.x ([`Container::JcolemanLegacy`]): `writeLong(creationTime)` first, then the
//!   sequence;
//! - ran-jit/tomcat-cluster-redis-session-manager ([`Container::RanJit`]): jcoleman 2.0's
//!   shape with its own metadata class (three names over its versions, one explicit SUID);
//! - chexagon/redis-session-manager ([`Container::Chexagon`]): key `_rsm_` + id; value = the
//!   whole `com.crimsonhexagon.rsm.RedisSession` default-serialized, so `StandardSession`'s
//!   non-transient fields and a `ConcurrentHashMap` of attributes. Its login and notes are
//!   transient: the session has none ([`crate::Profile::NoLogin`]).
//!
//! Each reads into the [`Persisted`]/[`crate::TomcatSession`] model every Tomcat container has, with a
//! [`Frame`] for what the manager adds; [`crate::write()`] writes it back byte for byte,
//! [`crate::json`] shows it and [`crate::convert::to_msm`] converts it. [`from_msm`] goes the
//! other way. jcoleman and ran-jit reserve a new id with `SETNX id "null"`: [`is_placeholder`]
//! tells that value apart; it is not a session.

mod chexagon;
mod convert;

pub use convert::from_msm;

use jsess_javaser::Limits;
use jsess_model::{ClassData, Content, Graph, Node, NodeId, Stream};

use crate::read::{describe, read_session, Items};
use crate::{Container, Error, Persisted};

/// The value jcoleman and ran-jit `SETNX` to reserve a new session id before its first save.
pub const PLACEHOLDER: &[u8] = b"null";

/// Whether `bytes` is the id reservation [`PLACEHOLDER`]: no session yet.
pub fn is_placeholder(bytes: &[u8]) -> bool {
    bytes == PLACEHOLDER
}

/// jcoleman 2.0's metadata class (no declared SUID; the computed one is in `docs/tomcat.md`).
pub const JCOLEMAN_METADATA: &str =
    "com.orangefunction.tomcat.redissessions.SessionSerializationMetadata";

/// ran-jit's metadata classes: 1.0–1.1.1, 2.0–3.0.3 (but 3.0.1.1), 3.0.1.1 and 3.0.4+.
pub const RAN_JIT_METADATA: [&str; 3] = [
    "com.r.tomcat.session.management.SessionSerializationMetadata",
    "tomcat.request.session.SessionMetadata",
    "tomcat.request.session.model.SessionMetadata",
];

/// chexagon's session class.
pub const CHEXAGON_SESSION: &str = "com.crimsonhexagon.rsm.RedisSession";

/// What a manager writes around (or instead of) the sequence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Frame {
    /// jcoleman 2.0 and ran-jit: the metadata object first, the creation time last.
    Metadata {
        /// The metadata object.
        metadata: NodeId,
        /// What `writeLong(creationTime)` wrote after the sequence. jcoleman's loader sets the
        /// session's creation time from it, after the sequence's.
        creation_time: i64,
    },
    /// jcoleman 1.x: the creation time first.
    Leading {
        /// What `writeLong(creationTime)` wrote before the sequence.
        creation_time: i64,
    },
    /// chexagon: one object, the session itself. The session's boxed items are objects jsess
    /// added to the graph for the model; they are not written.
    Object {
        /// The `RedisSession` object.
        root: NodeId,
    },
}

/// The manager whose value `bytes` looks like, from its first bytes: the first object's class
/// name, or for jcoleman 1.x an 8-byte block followed by a `Long`. `None` for anything else
/// (the [`PLACEHOLDER`] too).
pub fn sniff(bytes: &[u8]) -> Option<Container> {
    const HEADER: &[u8] = b"\xAC\xED\x00\x05";
    const LONG: &[u8] = b"\x73\x72\x00\x0Ejava.lang.Long";
    let rest = bytes.strip_prefix(HEADER)?;
    if let Some(after) = rest.strip_prefix(b"\x77\x08") {
        return after
            .get(8..)?
            .starts_with(LONG)
            .then_some(Container::JcolemanLegacy);
    }
    let rest = rest.strip_prefix(b"\x73\x72")?;
    let len = usize::from(u16::from_be_bytes([*rest.first()?, *rest.get(1)?]));
    let name = rest.get(2..2 + len)?;
    if name == JCOLEMAN_METADATA.as_bytes() {
        Some(Container::Jcoleman)
    } else if RAN_JIT_METADATA.iter().any(|n| n.as_bytes() == name) {
        Some(Container::RanJit)
    } else if name == CHEXAGON_SESSION.as_bytes() {
        Some(Container::Chexagon)
    } else {
        None
    }
}

/// Reads whichever manager's value [`sniff`] finds; `None` when it finds none.
pub fn read<'a>(bytes: &'a [u8], limits: &Limits) -> Option<Result<Persisted<'a>, Error>> {
    let container = sniff(bytes)?;
    Some(read_as(bytes, container, limits))
}

/// Reads `bytes` as `container`'s value: one of the manager containers.
pub fn read_as<'a>(
    bytes: &'a [u8],
    container: Container,
    limits: &Limits,
) -> Result<Persisted<'a>, Error> {
    let stream = jsess_javaser::decode(bytes, limits)?;
    match container {
        Container::Jcoleman | Container::RanJit => metadata_first(stream, container),
        Container::JcolemanLegacy => time_first(stream),
        Container::Chexagon => chexagon::read(stream),
        other => Err(Error::Container(format!(
            "{} is not a Redis session manager's value",
            other.layout()
        ))),
    }
}

fn metadata_first(stream: Stream<'_>, container: Container) -> Result<Persisted<'_>, Error> {
    let mut items = Items::new(&stream.contents);
    let metadata = match items.next() {
        Some(Content::Object(Some(id))) => *id,
        other => {
            return Err(Error::Container(format!(
                "a {} value starts with its metadata object, found {}",
                container.layout(),
                describe(&stream.graph, other)
            )))
        }
    };
    if metadata_class(&stream.graph, metadata).is_none() {
        return Err(Error::Container(format!(
            "a {} value starts with its metadata object, found {}",
            container.layout(),
            crate::read::describe_ref(&stream.graph, Some(metadata))
        )));
    }
    let session = read_session(&stream.graph, &mut items, "#1".into())?;
    let creation_time = long_block(&stream.graph, items.next(), "after the session")?;
    items.finish(1)?;
    Ok(Persisted {
        container,
        count: None,
        sessions: vec![session],
        frame: Some(Frame::Metadata {
            metadata,
            creation_time,
        }),
        stream,
    })
}

fn time_first(stream: Stream<'_>) -> Result<Persisted<'_>, Error> {
    let mut items = Items::new(&stream.contents);
    let creation_time = long_block(&stream.graph, items.next(), "before the session")?;
    let session = read_session(&stream.graph, &mut items, "#1".into())?;
    items.finish(1)?;
    Ok(Persisted {
        container: Container::JcolemanLegacy,
        count: None,
        sessions: vec![session],
        frame: Some(Frame::Leading { creation_time }),
        stream,
    })
}

/// The creation time `writeLong` wrote: one block record of exactly 8 bytes.
fn long_block(graph: &Graph<'_>, item: Option<&Content<'_>>, place: &str) -> Result<i64, Error> {
    if let Some(Content::Block(block)) = item {
        if let Ok(bytes) = <[u8; 8]>::try_from(block.bytes.as_ref()) {
            return Ok(i64::from_be_bytes(bytes));
        }
    }
    Err(Error::Container(format!(
        "expected the creation time (8 bytes of block data) {place}, found {}",
        describe(graph, item)
    )))
}

/// The metadata object's class name, when it is one of the known metadata classes.
pub fn metadata_class(graph: &Graph<'_>, metadata: NodeId) -> Option<&'static str> {
    let Some(Node::Object(object)) = graph.get(metadata) else {
        return None;
    };
    let name = graph.class_name(object.class)?.to_str()?;
    std::iter::once(JCOLEMAN_METADATA)
        .chain(RAN_JIT_METADATA)
        .find(|known| *known == name)
}

/// The attributes hash the metadata object holds (jcoleman's and ran-jit's dirty check: an
/// MD5 of the attributes): what its `writeObject` wrote after the length, `None` when the
/// object's data is not a length and that many bytes.
pub fn attributes_hash<'p>(persisted: &'p Persisted<'_>) -> Option<&'p [u8]> {
    let Some(Frame::Metadata { metadata, .. }) = persisted.frame else {
        return None;
    };
    let Some(Node::Object(object)) = persisted.stream.graph.get(metadata) else {
        return None;
    };
    let graph = &persisted.stream.graph;
    let annotation = graph
        .class_data(object)
        .iter()
        .find_map(|data| match data {
            ClassData::Serial {
                annotation: Some(annotation),
                ..
            } => Some(annotation),
            _ => None,
        })?;
    let [Content::Block(block)] = annotation.as_slice() else {
        return None;
    };
    let (len, hash) = block.bytes.split_first_chunk::<4>()?;
    (usize::try_from(i32::from_be_bytes(*len)).ok()? == hash.len()).then_some(hash)
}

/// Writes a chexagon value: the session object as read, once its fields are checked.
pub(crate) fn write_object(persisted: &Persisted<'_>, root: NodeId) -> Result<Vec<u8>, Error> {
    chexagon::write(persisted, root)
}
