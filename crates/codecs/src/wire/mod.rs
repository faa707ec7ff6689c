//! The compact session layout every serde format here writes (spec: `docs/compact-codecs.md`).
//!
//! One string table per session (class names, field names, type signatures and string values,
//! each distinct byte sequence once); the object graph as a flat list of nodes in handle order
//! that refer to each other and to strings by index (0 is null, so references are one varint);
//! primitive field values as the big-endian bytes Java wrote; times as deltas from the creation
//! time. The principal, saved request and saved principal are Java streams too and share the
//! string table. Everything needed to write the original Java bytes back is kept, so the
//! conversion is lossless by construction.

use std::borrow::Cow;

use jsess_model::{ClassData, ClassDesc, DescOrigin, Graph, NodeId, Unknowns};
use serde::{Deserialize, Serialize};
use serde_bytes::ByteBuf;

use crate::error::Error;

mod read;
mod write;

pub use read::from_wire;
pub(crate) use write::nested_stream;
pub use write::to_wire;

/// Layout version written in every blob; a reader refuses others.
pub const LAYOUT_VERSION: u8 = 1;

/// A string of the string table: borrowed from the blob where the format allows it (postcard,
/// bincode and MessagePack hold UTF-8 as it is; JSON text with escapes is unescaped into an
/// owned one), so reading a table allocates nothing per string.
#[derive(Debug, Clone, PartialEq)]
pub struct WireStr<'a>(pub Cow<'a, str>);

impl Serialize for WireStr<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for WireStr<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Text;
        impl<'de> serde::de::Visitor<'de> for Text {
            type Value = WireStr<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(WireStr(Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
                Ok(WireStr(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
                Ok(WireStr(Cow::Owned(v)))
            }
        }
        deserializer.deserialize_str(Text)
    }
}

/// A whole session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WireSession<'a> {
    /// [`LAYOUT_VERSION`].
    pub layout: u8,
    /// Id of the [`Dictionary`] the blob needs (0: none). String indexes below the
    /// dictionary's string count refer to it; local strings follow.
    pub dictionary: u64,
    /// The header fields.
    pub envelope: WireEnvelope,
    /// Distinct strings, in first-use order; entries that are not valid UTF-8 are empty here
    /// and given in `raw_strings`.
    #[serde(borrow)]
    pub strings: Vec<WireStr<'a>>,
    /// `(index, modified UTF-8 bytes)` for strings that are not valid UTF-8.
    pub raw_strings: Vec<(u32, ByteBuf)>,
    /// The principal blob.
    pub principal: WirePart,
    /// The saved request blob.
    pub saved_request: WirePart,
    /// The saved principal blob.
    pub saved_principal: WirePart,
    /// The attributes.
    pub attributes: WireStream,
}

/// Envelope fields; times after the first are deltas from `creation_time`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WireEnvelope {
    pub version: u16,
    pub creation_time: i64,
    pub last_accessed_delta: i64,
    pub max_inactive_interval: i32,
    pub is_new: u8,
    pub is_valid: u8,
    pub this_accessed_delta: i64,
    pub last_backup_delta: i64,
    pub id: ByteBuf,
    pub auth_type: u16,
    pub padding: ByteBuf,
}

/// A Java stream inside the envelope: absent, as a graph, or as bytes (when they are not a
/// stream jsess re-encodes exactly).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum WirePart {
    Absent,
    Stream(WireStream),
    Raw(ByteBuf),
}

/// A Java serialization stream: its nodes and top-level contents.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WireStream {
    pub nodes: Vec<WireNode>,
    pub contents: Vec<WireContent>,
}

/// A node; references are node index + 1 (0 = null), strings are string-table indexes.
/// Variant names are short because MessagePack and JSON spell them out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum WireNode {
    /// A string (`TC_STRING`).
    #[serde(rename = "s")]
    String(u32),
    /// A string written with `TC_LONGSTRING`.
    #[serde(rename = "S")]
    LongString(u32),
    /// A string used once, inline.
    #[serde(rename = "t")]
    Text(String),
    /// A string used once, inline, written with `TC_LONGSTRING`.
    #[serde(rename = "T")]
    LongText(String),
    /// A class descriptor.
    #[serde(rename = "c")]
    Class(WireClass),
    /// A class descriptor kept in the dictionary.
    #[serde(rename = "d")]
    DictClass(WireDictClass),
    /// A class descriptor that no Java stream carried (from class files, a schema, the JDK
    /// table, or inferred from XML): the descriptor, its origin and the facts it lacks.
    #[serde(rename = "l")]
    LayoutClass(WireClass, WireOrigin),
    /// A dynamic proxy class descriptor.
    #[serde(rename = "p")]
    Proxy(WireProxy),
    /// A serializable object: its values laid out by its class descriptors.
    #[serde(rename = "o")]
    Object(WireObject),
    /// An externalizable object: class and what `writeExternal` wrote.
    #[serde(rename = "x")]
    External(u32, Vec<WireContent>),
    /// An object the writer abandoned at a `TC_EXCEPTION`, slot by slot.
    #[serde(rename = "O")]
    PartialObject(u32, Vec<WireData>),
    /// A complete object whose class data does not follow its descriptors' flags (read from
    /// a format that stores fields: a class with `writeObject` whose data the format did not
    /// carry), slot by slot.
    #[serde(rename = "D")]
    DetailedObject(u32, Vec<WireData>),
    /// An array.
    #[serde(rename = "a")]
    Array(u32, WireElements),
    /// An array the writer abandoned: class, elements written, declared length.
    #[serde(rename = "A")]
    PartialArray(u32, WireElements, u32),
    /// An enum constant: class, name string node.
    #[serde(rename = "e")]
    Enum(u32, u32),
    /// A `Class` object.
    #[serde(rename = "k")]
    ClassObject(u32),
    /// A class descriptor of a serial proxy that names the class it stands for (string-table
    /// index): its origin (code 0 for a Java stream, else as [`WireOrigin`]) and facts it
    /// lacks. Added in a later version of the layout, after every other variant, so blobs
    /// without it read as before.
    #[serde(rename = "r")]
    StandingClass(WireClass, WireOrigin, u32),
}

/// A class descriptor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WireClass {
    pub name: u32,
    pub suid: i64,
    pub flags: u8,
    pub fields: Vec<WireField>,
    pub annotation: Vec<WireContent>,
    pub super_class: u32,
}

/// Where a [`WireNode::LayoutClass`] descriptor came from: the origin's code (1 JDK table,
/// 2 class files, 3 schema file, 4 inferred) and the bits of the facts it lacks.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct WireOrigin {
    pub origin: u8,
    pub unknown: u8,
}

impl WireOrigin {
    fn of(desc: &ClassDesc<'_>) -> Option<WireOrigin> {
        let origin = match desc.origin {
            DescOrigin::Stream => return None,
            DescOrigin::Jdk => 1,
            DescOrigin::ClassFile => 2,
            DescOrigin::SchemaFile => 3,
            DescOrigin::Inferred => 4,
        };
        Some(WireOrigin {
            origin,
            unknown: desc.unknown.bits(),
        })
    }

    /// [`WireOrigin::of`], with code 0 for a descriptor from a Java stream.
    fn of_any(desc: &ClassDesc<'_>) -> WireOrigin {
        WireOrigin::of(desc).unwrap_or(WireOrigin {
            origin: 0,
            unknown: 0,
        })
    }

    fn origin(self) -> Result<(DescOrigin, Unknowns), Error> {
        let origin = match self.origin {
            0 => DescOrigin::Stream,
            1 => DescOrigin::Jdk,
            2 => DescOrigin::ClassFile,
            3 => DescOrigin::SchemaFile,
            4 => DescOrigin::Inferred,
            other => return Err(Error::Invalid(format!("descriptor origin code {other}"))),
        };
        Ok((origin, Unknowns::from_bits(self.unknown)))
    }
}

/// A class descriptor by dictionary entry, with the node references each stream has of its own.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WireDictClass {
    pub entry: u32,
    pub super_class: u32,
    /// References to the type-signature string nodes of the object fields; `None` when they are
    /// where Java puts them (see the spec), so the reader recreates them.
    pub type_names: Option<Vec<u32>>,
}

/// A proxy class descriptor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WireProxy {
    pub interfaces: Vec<u32>,
    pub annotation: Vec<WireContent>,
    pub super_class: u32,
}

/// A field descriptor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WireField {
    pub code: u8,
    pub name: u32,
    /// Node reference to the type-signature string (0 for primitives).
    pub type_name: u32,
}

/// A complete serializable object. The class descriptors say how many values of which type
/// each class holds and which classes have `writeObject` data, so none of that is repeated.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WireObject {
    pub class: u32,
    /// Every primitive field, superclass first: integers as themselves (zigzag varints in the
    /// binary formats), `float`/`double` as their bit patterns.
    pub primitives: Vec<i64>,
    /// Every object field, superclass first.
    pub references: Vec<u32>,
    /// The `writeObject` data of each class that has it, superclass first.
    pub annotations: Vec<Vec<WireContent>>,
}

/// One class's data in a partial object.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum WireData {
    #[serde(rename = "f")]
    Serial {
        primitives: Vec<i64>,
        references: Vec<u32>,
        annotation: Option<Vec<WireContent>>,
    },
    #[serde(rename = "x")]
    External(Vec<WireContent>),
}

/// Array elements.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum WireElements {
    /// Primitive elements: type code and the big-endian bytes Java wrote.
    #[serde(rename = "p")]
    Primitive(u8, ByteBuf),
    /// References.
    #[serde(rename = "o")]
    Object(Vec<u32>),
}

/// A content item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum WireContent {
    #[serde(rename = "o")]
    Object(u32),
    #[serde(rename = "b")]
    Block(ByteBuf),
    #[serde(rename = "B")]
    LongBlock(ByteBuf),
    #[serde(rename = "r")]
    Reset,
    #[serde(rename = "x")]
    Exception(u32),
}

// ---- session → wire -------------------------------------------------------------------------

/// Whether a complete object's class data is what its descriptors' flags say Java writes:
/// field values for each class, `writeObject` data exactly where the class has `writeObject`,
/// no Externalizable class (the compact object form relies on it).
pub(super) fn follows_flags(graph: &Graph<'_>, class: NodeId, data: &[ClassData<'_>]) -> bool {
    let chain = graph.class_chain(class);
    if let [ClassData::External(_)] = data {
        return true;
    }
    chain.len() == data.len()
        && chain.iter().zip(data).all(|(desc, d)| {
            let flags = graph.class_desc(*desc).map_or(0, |d| d.flags());
            match d {
                ClassData::Serial { annotation, .. } => {
                    flags & jsess_model::graph::SC_EXTERNALIZABLE == 0
                        && annotation.is_some()
                            == (flags & jsess_model::graph::SC_WRITE_METHOD != 0)
                }
                ClassData::External(_) => false,
            }
        })
}
