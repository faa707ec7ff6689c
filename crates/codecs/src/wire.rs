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
use std::collections::HashMap;

use jsess_javaser::Limits;
use jsess_model::{
    Array, BlockData, ClassData, ClassDesc, ClassKind, ClassObject, Content, DescOrigin, Elements,
    EnumConstant, Envelope, FieldDesc, FieldType, Graph, JavaString, Node, NodeId, Object, Ref,
    Session, Stream, StringNode, Unknowns, Value,
};
use serde::{Deserialize, Serialize};
use serde_bytes::ByteBuf;

use crate::dictionary::{DictClass, Dictionary, Lookups};
use crate::error::Error;

/// Layout version written in every blob; a reader refuses others.
pub const LAYOUT_VERSION: u8 = 1;

/// A whole session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WireSession {
    /// [`LAYOUT_VERSION`].
    pub layout: u8,
    /// Id of the [`Dictionary`] the blob needs (0: none). String indexes below the
    /// dictionary's string count refer to it; local strings follow.
    pub dictionary: u64,
    /// The header fields.
    pub envelope: WireEnvelope,
    /// Distinct strings, in first-use order; entries that are not valid UTF-8 are empty here
    /// and given in `raw_strings`.
    pub strings: Vec<String>,
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

    fn origin(self) -> Result<(DescOrigin, Unknowns), Error> {
        let origin = match self.origin {
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

/// Converts a session, referring to `dictionary` where it has the strings and classes.
pub fn to_wire(
    session: &Session<'_>,
    limits: &Limits,
    dictionary: Option<&Dictionary>,
) -> Result<WireSession, Error> {
    let mut writer = WireWriter::new(dictionary);
    let e = &session.envelope;
    let envelope = WireEnvelope {
        version: e.version,
        creation_time: e.creation_time,
        last_accessed_delta: e.last_accessed_time.wrapping_sub(e.creation_time),
        max_inactive_interval: e.max_inactive_interval,
        is_new: e.is_new,
        is_valid: e.is_valid,
        this_accessed_delta: e.this_accessed_time.wrapping_sub(e.creation_time),
        last_backup_delta: e.last_backup_time.wrapping_sub(e.creation_time),
        id: ByteBuf::from(e.id.to_vec()),
        auth_type: e.auth_type,
        padding: ByteBuf::from(e.padding.to_vec()),
    };
    let parts = [&e.principal, &e.saved_request, &e.saved_principal]
        .map(|bytes| nested_stream(bytes, limits));
    for stream in parts.iter().flatten().chain([&session.attributes]) {
        writer.count_strings(stream);
    }
    let [principal, saved_request, saved_principal] =
        [&e.principal, &e.saved_request, &e.saved_principal]
            .into_iter()
            .zip(&parts)
            .map(|(bytes, stream)| match stream {
                _ if bytes.is_empty() => WirePart::Absent,
                Some(stream) => WirePart::Stream(writer.stream(stream)),
                None => WirePart::Raw(ByteBuf::from(bytes.to_vec())),
            })
            .collect::<Vec<_>>()
            .try_into()
            .map_err(|_| Error::Invalid("three envelope parts".into()))?;
    let attributes = writer.stream(&session.attributes);
    let (strings, raw_strings) = writer.finish_strings();
    Ok(WireSession {
        layout: LAYOUT_VERSION,
        dictionary: dictionary.map_or(0, Dictionary::id),
        envelope,
        strings,
        raw_strings,
        principal,
        saved_request,
        saved_principal,
        attributes,
    })
}

/// Session → wire state: the string table (after the dictionary's strings) and the
/// dictionary's indexes.
struct WireWriter<'d> {
    dict: Option<&'d Lookups>,
    base: u32,
    index: HashMap<Vec<u8>, u32>,
    entries: Vec<Vec<u8>>,
    uses: HashMap<Vec<u8>, u32>,
}

/// A nested Java stream (principal, saved request) when it re-encodes exactly.
fn nested_stream<'b>(bytes: &'b [u8], limits: &Limits) -> Option<Stream<'b>> {
    if bytes.is_empty() {
        return None;
    }
    let stream = jsess_javaser::decode(bytes, limits).ok()?;
    jsess_javaser::encode(&stream)
        .is_ok_and(|b| b == bytes)
        .then_some(stream)
}

impl<'d> WireWriter<'d> {
    fn new(dictionary: Option<&'d Dictionary>) -> Self {
        WireWriter {
            base: dictionary.map_or(0, |d| d.strings.len() as u32),
            dict: dictionary.map(Dictionary::lookups),
            index: HashMap::new(),
            entries: Vec::new(),
            uses: HashMap::new(),
        }
    }

    fn string(&mut self, s: &JavaString<'_>) -> u32 {
        let bytes = s.as_mutf8();
        if let Some(&id) = self.dict_string(bytes) {
            return id;
        }
        if let Some(&id) = self.index.get(bytes) {
            return id;
        }
        let id = self.base + self.entries.len() as u32;
        self.entries.push(bytes.to_vec());
        self.index.insert(bytes.to_vec(), id);
        id
    }

    fn dict_string(&self, bytes: &[u8]) -> Option<&u32> {
        self.dict?.string_ids.get(bytes)
    }

    fn finish_strings(self) -> (Vec<String>, Vec<(u32, ByteBuf)>) {
        let mut raw = Vec::new();
        let text = self
            .entries
            .into_iter()
            .enumerate()
            .map(|(i, bytes)| {
                String::from_utf8(bytes).unwrap_or_else(|e| {
                    raw.push((i as u32, ByteBuf::from(e.into_bytes())));
                    String::new()
                })
            })
            .collect();
        (text, raw)
    }

    /// Counts string values, so that a string used once is written inline rather than through
    /// the table.
    fn count_strings(&mut self, stream: &Stream<'_>) {
        for (_, node) in stream.graph.iter() {
            match node {
                Node::String(s) => *self.uses.entry(s.value.as_mutf8().to_vec()).or_insert(0) += 1,
                // Descriptor strings always go through the table (they recur across classes).
                Node::ClassDesc(d) => {
                    if let ClassKind::Class { name, fields, .. } = &d.kind {
                        for text in std::iter::once(name).chain(fields.iter().map(|f| &f.name)) {
                            *self.uses.entry(text.as_mutf8().to_vec()).or_insert(0) += 2;
                        }
                    }
                }
                _ => {}
            }
        }
    }

    /// A string node: inline when used once and valid UTF-8, else through the table.
    fn string_node(&mut self, s: &jsess_model::StringNode<'_>) -> WireNode {
        let bytes = s.value.as_mutf8();
        let once = self.uses.get(bytes) == Some(&1) && self.dict_string(bytes).is_none();
        match (once, std::str::from_utf8(bytes)) {
            (true, Ok(text)) if s.long => WireNode::LongText(text.to_string()),
            (true, Ok(text)) => WireNode::Text(text.to_string()),
            _ if s.long => WireNode::LongString(self.string(&s.value)),
            _ => WireNode::String(self.string(&s.value)),
        }
    }

    fn stream(&mut self, stream: &Stream<'_>) -> WireStream {
        let graph = &stream.graph;
        let mut type_names = TypeNames::new(&stream.contents);
        let mut nodes = Vec::with_capacity(graph.len());
        let mut implicit_until = 0usize;
        for (id, node) in graph.iter() {
            if id.index() < implicit_until {
                continue;
            }
            let wire = match node {
                Node::ClassDesc(d) if d.origin != DescOrigin::Stream => node_to_wire(node, self),
                Node::Object(o) if o.complete && !follows_flags(graph, o.class, &o.data) => {
                    WireNode::DetailedObject(
                        node_ref(Some(o.class)),
                        o.data.iter().map(data_to_wire).collect(),
                    )
                }
                Node::ClassDesc(d) => match self.dict_class(graph, d) {
                    Some(entry) => {
                        let canonical = type_names.canonical(graph, id, d);
                        if let Some(end) = canonical {
                            implicit_until = end;
                        }
                        WireNode::DictClass(WireDictClass {
                            entry,
                            super_class: node_ref(d.super_class),
                            type_names: match canonical {
                                Some(_) => None,
                                None => Some(
                                    d.fields()
                                        .iter()
                                        .filter(|f| f.ty.is_reference())
                                        .map(|f| node_ref(f.type_name))
                                        .collect(),
                                ),
                            },
                        })
                    }
                    None => node_to_wire(node, self),
                },
                _ => node_to_wire(node, self),
            };
            if let Node::ClassDesc(d) = node {
                type_names.record(graph, d);
            }
            nodes.push(wire);
        }
        WireStream {
            nodes,
            contents: contents_to_wire(&stream.contents),
        }
    }

    /// The dictionary entry of a descriptor, if the dictionary has it exactly.
    fn dict_class(&self, graph: &Graph<'_>, desc: &ClassDesc<'_>) -> Option<u32> {
        let dict = self.dict?;
        if !desc.annotation.is_empty() {
            return None;
        }
        let ClassKind::Class {
            name,
            suid,
            flags,
            fields,
        } = &desc.kind
        else {
            return None;
        };
        let key = DictClass {
            name: *self.dict_string(name.as_mutf8())?,
            suid: *suid,
            flags: *flags,
            fields: fields
                .iter()
                .map(|f| {
                    let signature = match f.type_name {
                        Some(t) => Some(*self.dict_string(graph.string(t)?.as_mutf8())?),
                        None if f.ty.is_reference() => return None,
                        None => None,
                    };
                    Some((
                        f.ty.code(),
                        *self.dict_string(f.name.as_mutf8())?,
                        signature,
                    ))
                })
                .collect::<Option<Vec<_>>>()?,
        };
        dict.class_ids.get(&key).copied()
    }
}

/// Where Java puts the type-signature strings of a descriptor's object fields: a signature
/// already written in this stream is a back-reference to that string, a new one is a new
/// string right after the descriptor. Streams with resets or aborted writes (which clear the
/// handle table) always spell the references out.
struct TypeNames {
    enabled: bool,
    seen: HashMap<Vec<u8>, NodeId>,
}

impl TypeNames {
    fn new(contents: &[Content<'_>]) -> Self {
        TypeNames {
            enabled: !contents
                .iter()
                .any(|c| matches!(c, Content::Reset | Content::Exception(_))),
            seen: HashMap::new(),
        }
    }

    /// When `desc` (node `id`) follows the rule, the index after its implicit string nodes.
    fn canonical(&self, graph: &Graph<'_>, id: NodeId, desc: &ClassDesc<'_>) -> Option<usize> {
        if !self.enabled {
            return None;
        }
        let mut next = id.index() + 1;
        let mut fresh: HashMap<&[u8], NodeId> = HashMap::new();
        for f in desc.fields().iter().filter(|f| f.ty.is_reference()) {
            let t = f.type_name?;
            let text = graph.string(t)?.as_mutf8();
            match self.seen.get(text).or_else(|| fresh.get(text)) {
                Some(known) if *known == t => {}
                Some(_) => return None,
                None => {
                    let expected = NodeId::new(next as u32);
                    match graph.get(expected) {
                        Some(Node::String(s)) if t == expected && !s.long => {}
                        _ => return None,
                    }
                    fresh.insert(text, t);
                    next += 1;
                }
            }
        }
        Some(next)
    }

    /// Remembers a descriptor's signatures (first one wins), as the reader does.
    fn record(&mut self, graph: &Graph<'_>, desc: &ClassDesc<'_>) {
        for f in desc.fields() {
            if let Some(t) = f.type_name {
                if let Some(s) = graph.string(t) {
                    self.seen.entry(s.as_mutf8().to_vec()).or_insert(t);
                }
            }
        }
    }
}

fn node_ref(r: Ref) -> u32 {
    r.map_or(0, |id| id.index() as u32 + 1)
}

fn contents_to_wire(contents: &[Content<'_>]) -> Vec<WireContent> {
    contents
        .iter()
        .map(|c| match c {
            Content::Object(r) => WireContent::Object(node_ref(*r)),
            Content::Block(b) if b.long => WireContent::LongBlock(ByteBuf::from(b.bytes.to_vec())),
            Content::Block(b) => WireContent::Block(ByteBuf::from(b.bytes.to_vec())),
            Content::Reset => WireContent::Reset,
            Content::Exception(n) => WireContent::Exception(node_ref(Some(*n))),
        })
        .collect()
}

fn node_to_wire(node: &Node<'_>, strings: &mut WireWriter<'_>) -> WireNode {
    match node {
        Node::String(s) => strings.string_node(s),
        Node::ClassDesc(d) => {
            let annotation = contents_to_wire(&d.annotation);
            let super_class = node_ref(d.super_class);
            match &d.kind {
                ClassKind::Class {
                    name,
                    suid,
                    flags,
                    fields,
                } => {
                    let class = WireClass {
                        name: strings.string(name),
                        suid: *suid,
                        flags: *flags,
                        fields: fields
                            .iter()
                            .map(|f| WireField {
                                code: f.ty.code(),
                                name: strings.string(&f.name),
                                type_name: node_ref(f.type_name),
                            })
                            .collect(),
                        annotation,
                        super_class,
                    };
                    match WireOrigin::of(d) {
                        Some(origin) => WireNode::LayoutClass(class, origin),
                        None => WireNode::Class(class),
                    }
                }
                ClassKind::Proxy { interfaces } => WireNode::Proxy(WireProxy {
                    interfaces: interfaces.iter().map(|i| strings.string(i)).collect(),
                    annotation,
                    super_class,
                }),
            }
        }
        Node::Object(o) => {
            let class = node_ref(Some(o.class));
            match o.data.as_slice() {
                [ClassData::External(c)] if o.complete => {
                    WireNode::External(class, contents_to_wire(c))
                }
                data if o.complete
                    && data.iter().all(|d| matches!(d, ClassData::Serial { .. })) =>
                {
                    let mut object = WireObject {
                        class,
                        primitives: Vec::new(),
                        references: Vec::new(),
                        annotations: Vec::new(),
                    };
                    for d in data {
                        if let ClassData::Serial { fields, annotation } = d {
                            split_values(fields, &mut object.primitives, &mut object.references);
                            if let Some(a) = annotation {
                                object.annotations.push(contents_to_wire(a));
                            }
                        }
                    }
                    WireNode::Object(object)
                }
                data => WireNode::PartialObject(class, data.iter().map(data_to_wire).collect()),
            }
        }
        Node::Array(a) => {
            let class = node_ref(Some(a.class));
            let elements = match &a.elements {
                Elements::Primitive { ty, raw } => {
                    WireElements::Primitive(ty.code(), ByteBuf::from(raw.to_vec()))
                }
                Elements::Object(refs) => {
                    WireElements::Object(refs.iter().map(|r| node_ref(*r)).collect())
                }
            };
            match a.aborted_length {
                None => WireNode::Array(class, elements),
                Some(declared) => WireNode::PartialArray(class, elements, declared),
            }
        }
        Node::Enum(e) => WireNode::Enum(node_ref(Some(e.class)), node_ref(Some(e.name))),
        Node::Class(c) => WireNode::ClassObject(node_ref(Some(c.class))),
    }
}

/// Primitive values as integers (floating point by its bits), references as node references.
fn split_values(fields: &[Value], primitives: &mut Vec<i64>, references: &mut Vec<u32>) {
    for v in fields {
        match *v {
            Value::Ref(r) => references.push(node_ref(r)),
            Value::Byte(x) => primitives.push(i64::from(x)),
            Value::Char(x) => primitives.push(i64::from(x)),
            Value::Short(x) => primitives.push(i64::from(x)),
            Value::Int(x) => primitives.push(i64::from(x)),
            Value::Long(x) => primitives.push(x),
            Value::Boolean(x) => primitives.push(i64::from(x)),
            Value::Float(x) => primitives.push(i64::from(x.to_bits())),
            Value::Double(x) => primitives.push(x.to_bits() as i64),
        }
    }
}

fn data_to_wire(data: &ClassData<'_>) -> WireData {
    match data {
        ClassData::Serial { fields, annotation } => {
            let mut primitives = Vec::new();
            let mut references = Vec::new();
            split_values(fields, &mut primitives, &mut references);
            WireData::Serial {
                primitives,
                references,
                annotation: annotation.as_deref().map(contents_to_wire),
            }
        }
        ClassData::External(c) => WireData::External(contents_to_wire(c)),
    }
}

// ---- wire → session -------------------------------------------------------------------------

/// Converts back, checking every index so hostile input gets an error, not a wrong session.
/// A blob written with a dictionary needs that very dictionary.
pub fn from_wire(
    wire: WireSession,
    limits: &Limits,
    dictionary: Option<&Dictionary>,
) -> Result<Session<'static>, Error> {
    if wire.layout != LAYOUT_VERSION {
        return Err(Error::Layout(wire.layout));
    }
    let dictionary = match (wire.dictionary, dictionary) {
        (0, _) => None,
        (needed, None) => return Err(Error::MissingDictionary(needed)),
        (needed, Some(d)) if d.id() != needed => {
            return Err(Error::WrongDictionary {
                needed,
                given: d.id(),
            })
        }
        (_, Some(d)) => Some(d),
    };
    let strings = Strings::new(dictionary, wire.strings, wire.raw_strings, limits)?;
    let e = wire.envelope;
    let envelope = Envelope {
        version: e.version,
        creation_time: e.creation_time,
        last_accessed_time: e.creation_time.wrapping_add(e.last_accessed_delta),
        max_inactive_interval: e.max_inactive_interval,
        is_new: e.is_new,
        is_valid: e.is_valid,
        this_accessed_time: e.creation_time.wrapping_add(e.this_accessed_delta),
        last_backup_time: e.creation_time.wrapping_add(e.last_backup_delta),
        id: Cow::Owned(e.id.into_vec()),
        auth_type: e.auth_type,
        principal: Cow::Owned(part_bytes(wire.principal, &strings, limits)?),
        saved_request: Cow::Owned(part_bytes(wire.saved_request, &strings, limits)?),
        saved_principal: Cow::Owned(part_bytes(wire.saved_principal, &strings, limits)?),
        padding: Cow::Owned(e.padding.into_vec()),
    };
    let attributes = stream_from_wire(wire.attributes, &strings, limits)?;
    Ok(Session {
        envelope,
        attributes,
    })
}

fn part_bytes(part: WirePart, strings: &Strings, limits: &Limits) -> Result<Vec<u8>, Error> {
    match part {
        WirePart::Absent => Ok(Vec::new()),
        WirePart::Raw(bytes) => Ok(bytes.into_vec()),
        WirePart::Stream(s) => {
            let stream = stream_from_wire(s, strings, limits)?;
            jsess_javaser::encode(&stream)
                .map_err(|e| Error::Invalid(format!("nested stream: {e}")))
        }
    }
}

struct Strings<'d> {
    /// The dictionary's strings (indexes below their count).
    shared: &'d [JavaString<'static>],
    /// The blob's own strings.
    values: Vec<JavaString<'static>>,
    classes: &'d [DictClass],
}

impl<'d> Strings<'d> {
    /// The dictionary's strings, then the blob's.
    fn new(
        dictionary: Option<&'d Dictionary>,
        text: Vec<String>,
        raw: Vec<(u32, ByteBuf)>,
        limits: &Limits,
    ) -> Result<Strings<'d>, Error> {
        let shared: &'d [JavaString<'static>] =
            dictionary.map_or(&[][..], |d| &d.lookups().strings);
        let mut values = Vec::with_capacity(text.len());
        for s in text {
            if s.len() as u64 > limits.max_string_bytes {
                return Err(Error::Invalid("string longer than max_string_bytes".into()));
            }
            let value = JavaString::from_mutf8(s.into_bytes())
                .map_err(|e| Error::Invalid(format!("string table: {e}")))?;
            values.push(value);
        }
        for (i, bytes) in raw {
            let slot = values
                .get_mut(i as usize)
                .ok_or_else(|| Error::Invalid(format!("raw string index {i} out of range")))?;
            *slot = JavaString::from_mutf8(bytes.into_vec())
                .map_err(|e| Error::Invalid(format!("string table: {e}")))?;
        }
        Ok(Strings {
            shared,
            values,
            classes: dictionary.map_or(&[][..], |d| &d.classes),
        })
    }

    fn get(&self, i: u32) -> Result<JavaString<'static>, Error> {
        let i = i as usize;
        let value = match i.checked_sub(self.shared.len()) {
            None => self.shared.get(i),
            Some(local) => self.values.get(local),
        };
        value
            .cloned()
            .ok_or_else(|| Error::Invalid(format!("string index {i} out of range")))
    }
}

fn stream_from_wire(
    wire: WireStream,
    strings: &Strings,
    limits: &Limits,
) -> Result<Stream<'static>, Error> {
    if wire.nodes.len() as u64 > u64::from(limits.max_handles) {
        return Err(Error::Invalid(format!(
            "{} nodes exceed max_handles",
            wire.nodes.len()
        )));
    }
    let count = wire.nodes.len();
    // References are checked once the graph is complete (implicit nodes make it larger than
    // the node list).
    let r = |x: u32| -> Result<Ref, Error> { Ok(x.checked_sub(1).map(NodeId::new)) };
    let id = |x: u32| -> Result<NodeId, Error> {
        r(x)?.ok_or_else(|| Error::Invalid("null where a node is required".into()))
    };
    let contents = |items: Vec<WireContent>| -> Result<Vec<Content<'static>>, Error> {
        items
            .into_iter()
            .map(|c| {
                Ok(match c {
                    WireContent::Object(x) => Content::Object(r(x)?),
                    WireContent::Block(b) => Content::Block(BlockData {
                        bytes: Cow::Owned(b.into_vec()),
                        long: false,
                    }),
                    WireContent::LongBlock(b) => Content::Block(BlockData {
                        bytes: Cow::Owned(b.into_vec()),
                        long: true,
                    }),
                    WireContent::Reset => Content::Reset,
                    WireContent::Exception(x) => Content::Exception(id(x)?),
                })
            })
            .collect()
    };
    let mut graph = Graph::with_capacity(count);
    let mut type_names = SeenTypeNames {
        implicit_allowed: !wire
            .contents
            .iter()
            .any(|c| matches!(c, WireContent::Reset | WireContent::Exception(_))),
        ..SeenTypeNames::default()
    };
    // Objects whose class descriptor comes later in the node list (a graph built from another
    // format may reserve an object's slot before its class is described): their slot is held
    // and they are filled in once every descriptor exists.
    let mut deferred: Vec<(NodeId, WireNode)> = Vec::new();
    for node in wire.nodes {
        if graph.len() as u64 >= u64::from(limits.max_handles) {
            return Err(Error::Invalid("more nodes than max_handles".into()));
        }
        let node = match node {
            WireNode::DictClass(d) => {
                type_names.catch_up(&graph);
                dict_class_from_wire(&mut graph, d, strings, &mut type_names, &r)?;
                continue;
            }
            WireNode::String(s) => Node::String(StringNode {
                value: strings.get(s)?,
                long: false,
            }),
            WireNode::Text(t) => Node::String(StringNode {
                value: inline_string(t, limits)?,
                long: false,
            }),
            WireNode::LongText(t) => Node::String(StringNode {
                value: inline_string(t, limits)?,
                long: true,
            }),
            WireNode::LongString(s) => Node::String(StringNode {
                value: strings.get(s)?,
                long: true,
            }),
            WireNode::Class(c) => class_node(
                c,
                (DescOrigin::Stream, Unknowns::NONE),
                strings,
                &r,
                &contents,
            )?,
            WireNode::LayoutClass(c, origin) => {
                class_node(c, origin.origin()?, strings, &r, &contents)?
            }
            WireNode::Proxy(p) => Node::ClassDesc(ClassDesc {
                kind: ClassKind::Proxy {
                    interfaces: p
                        .interfaces
                        .into_iter()
                        .map(|i| strings.get(i))
                        .collect::<Result<_, _>>()?,
                },
                annotation: contents(p.annotation)?,
                super_class: r(p.super_class)?,
                origin: DescOrigin::Stream,
                unknown: Unknowns::NONE,
            }),
            WireNode::Object(o) if described_later(&graph, o.class) => {
                let slot = graph.add(placeholder());
                deferred.push((slot, WireNode::Object(o)));
                continue;
            }
            WireNode::PartialObject(class, data) if described_later(&graph, class) => {
                let slot = graph.add(placeholder());
                deferred.push((slot, WireNode::PartialObject(class, data)));
                continue;
            }
            WireNode::DetailedObject(class, data) if described_later(&graph, class) => {
                let slot = graph.add(placeholder());
                deferred.push((slot, WireNode::DetailedObject(class, data)));
                continue;
            }
            WireNode::DetailedObject(class, data) => {
                detailed_from_wire(&graph, id(class)?, data, &contents, &r)?
            }
            WireNode::Object(o) => object_from_wire(&graph, o, &contents, &r)?,
            WireNode::External(class, c) => {
                let class = id(class)?;
                Node::Object(Object {
                    class,
                    data: vec![ClassData::External(contents(c)?)],
                    complete: true,
                })
            }
            WireNode::PartialObject(class, data) => {
                partial_from_wire(&graph, id(class)?, data, &contents, &r)?
            }
            WireNode::Array(class, elements) => Node::Array(Array {
                class: id(class)?,
                elements: elements_from_wire(elements, &r, limits)?,
                aborted_length: None,
            }),
            WireNode::PartialArray(class, elements, declared) => Node::Array(Array {
                class: id(class)?,
                elements: elements_from_wire(elements, &r, limits)?,
                aborted_length: Some(declared),
            }),
            WireNode::Enum(class, name) => Node::Enum(EnumConstant {
                class: id(class)?,
                name: id(name)?,
            }),
            WireNode::ClassObject(class) => Node::Class(ClassObject { class: id(class)? }),
        };
        let is_desc = matches!(node, Node::ClassDesc(_));
        let id = graph.add(node);
        if is_desc {
            type_names.pending.push(id);
        }
    }
    for (slot, node) in deferred {
        let built = match node {
            WireNode::Object(o) => object_from_wire(&graph, o, &contents, &r)?,
            WireNode::PartialObject(class, data) => {
                partial_from_wire(&graph, id(class)?, data, &contents, &r)?
            }
            WireNode::DetailedObject(class, data) => {
                detailed_from_wire(&graph, id(class)?, data, &contents, &r)?
            }
            _ => continue,
        };
        *graph.node_mut(slot) = built;
    }
    let contents = contents(wire.contents)?;
    if let Some(bad) = graph.dangling_reference(&contents) {
        return Err(Error::Invalid(format!(
            "reference to node {} which does not exist",
            bad.index() + 1
        )));
    }
    Ok(Stream { graph, contents })
}

fn inline_string(text: String, limits: &Limits) -> Result<JavaString<'static>, Error> {
    if text.len() as u64 > limits.max_string_bytes {
        return Err(Error::Invalid("string longer than max_string_bytes".into()));
    }
    JavaString::from_mutf8(text.into_bytes()).map_err(|e| Error::Invalid(format!("string: {e}")))
}

/// The reader's side of [`TypeNames`]: signatures seen so far, first one wins.
#[derive(Default)]
struct SeenTypeNames {
    implicit_allowed: bool,
    seen: HashMap<Vec<u8>, NodeId>,
    /// Descriptors whose signatures are not recorded yet (their string nodes come after them).
    pending: Vec<NodeId>,
}

impl SeenTypeNames {
    fn catch_up(&mut self, graph: &Graph<'_>) {
        for desc in self.pending.drain(..) {
            for f in graph.class_desc(desc).map(|d| d.fields()).unwrap_or(&[]) {
                if let Some(s) = f.type_name.and_then(|t| graph.string(t).map(|s| (s, t))) {
                    self.seen.entry(s.0.as_mutf8().to_vec()).or_insert(s.1);
                }
            }
        }
    }
}

/// A dictionary descriptor, followed by the signature strings Java would have written new.
fn dict_class_from_wire(
    graph: &mut Graph<'static>,
    d: WireDictClass,
    strings: &Strings<'_>,
    type_names: &mut SeenTypeNames,
    r: &impl Fn(u32) -> Result<Ref, Error>,
) -> Result<(), Error> {
    let class = strings
        .classes
        .get(d.entry as usize)
        .ok_or_else(|| Error::Invalid(format!("dictionary class {} out of range", d.entry)))?;
    let desc_id = NodeId::new(graph.len() as u32);
    let mut explicit = d.type_names.map(|v| v.into_iter());
    if explicit.is_none() && !type_names.implicit_allowed {
        return Err(Error::Invalid(
            "implicit type names in a stream with resets".into(),
        ));
    }
    let mut new_strings = Vec::new();
    let mut fields = Vec::with_capacity(class.fields.len());
    for (code, name, signature) in &class.fields {
        let ty = FieldType::from_code(*code)
            .ok_or_else(|| Error::Invalid(format!("field type code {code}")))?;
        let type_name = match (&mut explicit, signature) {
            (_, None) => None,
            (Some(refs), Some(_)) => r(refs
                .next()
                .ok_or_else(|| Error::Invalid("missing type name".into()))?)?,
            (None, Some(sig)) => {
                let text = strings.get(*sig)?;
                match type_names.seen.get(text.as_mutf8()) {
                    Some(known) => Some(*known),
                    None => {
                        let id = NodeId::new(desc_id.index() as u32 + 1 + new_strings.len() as u32);
                        type_names.seen.insert(text.as_mutf8().to_vec(), id);
                        new_strings.push(text);
                        Some(id)
                    }
                }
            }
        };
        fields.push(FieldDesc {
            ty,
            name: strings.get(*name)?,
            type_name,
        });
    }
    graph.add(Node::ClassDesc(ClassDesc {
        kind: ClassKind::Class {
            name: strings.get(class.name)?,
            suid: class.suid,
            flags: class.flags,
            fields,
        },
        annotation: Vec::new(),
        super_class: r(d.super_class)?,
        origin: DescOrigin::Stream,
        unknown: Unknowns::NONE,
    }));
    for value in new_strings {
        graph.add(Node::String(StringNode { value, long: false }));
    }
    if explicit.is_some() {
        type_names.pending.push(desc_id);
    }
    Ok(())
}

/// A complete object: its values distributed over the classes of its descriptor chain (a
/// descriptor always precedes its instances, so the chain is already in the graph).
/// A class descriptor node from its wire form.
fn class_node(
    c: WireClass,
    (origin, unknown): (DescOrigin, Unknowns),
    strings: &Strings,
    r: &impl Fn(u32) -> Result<Ref, Error>,
    contents: &impl Fn(Vec<WireContent>) -> Result<Vec<Content<'static>>, Error>,
) -> Result<Node<'static>, Error> {
    let fields = c
        .fields
        .into_iter()
        .map(|f| {
            let ty = FieldType::from_code(f.code)
                .ok_or_else(|| Error::Invalid(format!("field type code {}", f.code)))?;
            Ok(FieldDesc {
                ty,
                name: strings.get(f.name)?,
                type_name: r(f.type_name)?,
            })
        })
        .collect::<Result<Vec<_>, Error>>()?;
    Ok(Node::ClassDesc(ClassDesc {
        kind: ClassKind::Class {
            name: strings.get(c.name)?,
            suid: c.suid,
            flags: c.flags,
            fields,
        },
        annotation: contents(c.annotation)?,
        super_class: r(c.super_class)?,
        origin,
        unknown,
    }))
}

fn object_from_wire(
    graph: &Graph<'static>,
    o: WireObject,
    contents: &impl Fn(Vec<WireContent>) -> Result<Vec<Content<'static>>, Error>,
    r: &impl Fn(u32) -> Result<Ref, Error>,
) -> Result<Node<'static>, Error> {
    let class = r(o.class)?.ok_or_else(|| Error::Invalid("object without a class".into()))?;
    let chain = descriptor_chain(graph, class)?;
    let mut primitives = o.primitives.into_iter();
    let mut references = o.references.into_iter();
    let mut annotations = o.annotations.into_iter();
    let mut data = Vec::with_capacity(chain.len());
    for desc in &chain {
        let desc = graph
            .class_desc(*desc)
            .ok_or_else(|| Error::Invalid("class chain".into()))?;
        let fields = take_fields(desc.fields(), &mut primitives, &mut references, r)?;
        if fields.len() != desc.fields().len() {
            return Err(Error::Invalid(
                "fewer object values than its classes have fields".into(),
            ));
        }
        let annotation = if desc.flags() & jsess_model::graph::SC_WRITE_METHOD != 0 {
            let a = annotations
                .next()
                .ok_or_else(|| Error::Invalid("missing writeObject data".into()))?;
            Some(contents(a)?)
        } else {
            None
        };
        data.push(ClassData::Serial { fields, annotation });
    }
    if primitives.next().is_some() || references.next().is_some() || annotations.next().is_some() {
        return Err(Error::Invalid(
            "more object values than its classes have fields".into(),
        ));
    }
    Ok(Node::Object(Object {
        class,
        data,
        complete: true,
    }))
}

/// An abandoned object, slot by slot.
fn partial_from_wire(
    graph: &Graph<'static>,
    class: NodeId,
    slots: Vec<WireData>,
    contents: &impl Fn(Vec<WireContent>) -> Result<Vec<Content<'static>>, Error>,
    r: &impl Fn(u32) -> Result<Ref, Error>,
) -> Result<Node<'static>, Error> {
    let chain = descriptor_chain(graph, class)?;
    let mut data = Vec::with_capacity(slots.len());
    for (i, slot) in slots.into_iter().enumerate() {
        data.push(match slot {
            WireData::Serial {
                primitives,
                references,
                annotation,
            } => {
                let desc = chain
                    .get(i)
                    .and_then(|c| graph.class_desc(*c))
                    .ok_or_else(|| Error::Invalid("more class data than classes".into()))?;
                let (mut p, mut refs) = (primitives.into_iter(), references.into_iter());
                let fields = take_fields(desc.fields(), &mut p, &mut refs, r)?;
                ClassData::Serial {
                    fields,
                    annotation: annotation.map(contents).transpose()?,
                }
            }
            WireData::External(c) => ClassData::External(contents(c)?),
        });
    }
    Ok(Node::Object(Object {
        class,
        data,
        complete: false,
    }))
}

/// A complete object given slot by slot ([`WireNode::DetailedObject`]): one slot per class.
fn detailed_from_wire(
    graph: &Graph<'static>,
    class: NodeId,
    slots: Vec<WireData>,
    contents: &impl Fn(Vec<WireContent>) -> Result<Vec<Content<'static>>, Error>,
    r: &impl Fn(u32) -> Result<Ref, Error>,
) -> Result<Node<'static>, Error> {
    let classes = descriptor_chain(graph, class)?.len();
    if slots.len() != classes {
        return Err(Error::Invalid(format!(
            "{} class data slots for {classes} classes",
            slots.len()
        )));
    }
    match partial_from_wire(graph, class, slots, contents, r)? {
        Node::Object(mut o) => {
            o.complete = true;
            Ok(Node::Object(o))
        }
        other => Ok(other),
    }
}

/// Whether a complete object's class data is what its descriptors' flags say Java writes:
/// field values for each class, `writeObject` data exactly where the class has `writeObject`,
/// no Externalizable class (the compact object form relies on it).
fn follows_flags(graph: &Graph<'_>, class: NodeId, data: &[ClassData<'_>]) -> bool {
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

/// Whether a class reference points past the nodes read so far (checked against the whole
/// graph once it is complete).
fn described_later(graph: &Graph<'static>, class: u32) -> bool {
    class as usize > graph.len()
}

/// What holds a deferred object's slot until it is built.
fn placeholder() -> Node<'static> {
    Node::String(StringNode {
        value: JavaString::from_text(""),
        long: false,
    })
}

fn descriptor_chain(graph: &Graph<'static>, class: NodeId) -> Result<Vec<NodeId>, Error> {
    if graph.class_desc(class).is_none() {
        return Err(Error::Invalid(
            "object whose class is not an earlier descriptor".into(),
        ));
    }
    Ok(graph.class_chain(class))
}

/// Takes one class's field values in descriptor order (primitives first, as descriptors list
/// them). A partial object may run out of references; primitives are always complete.
fn take_fields(
    fields: &[FieldDesc<'_>],
    primitives: &mut impl Iterator<Item = i64>,
    references: &mut impl Iterator<Item = u32>,
    r: &impl Fn(u32) -> Result<Ref, Error>,
) -> Result<Vec<Value>, Error> {
    let mut values = Vec::with_capacity(fields.len());
    for f in fields {
        if f.ty.is_reference() {
            match references.next() {
                Some(x) => values.push(Value::Ref(r(x)?)),
                None => break,
            }
        } else {
            let v = primitives
                .next()
                .ok_or_else(|| Error::Invalid("missing primitive field value".into()))?;
            values.push(primitive(f.ty, v)?);
        }
    }
    Ok(values)
}

fn primitive(ty: FieldType, v: i64) -> Result<Value, Error> {
    let range = || Error::Invalid(format!("{v} out of range for a {:?} field", ty));
    Ok(match ty {
        FieldType::Byte => Value::Byte(i8::try_from(v).map_err(|_| range())?),
        FieldType::Char => Value::Char(u16::try_from(v).map_err(|_| range())?),
        FieldType::Short => Value::Short(i16::try_from(v).map_err(|_| range())?),
        FieldType::Int => Value::Int(i32::try_from(v).map_err(|_| range())?),
        FieldType::Long => Value::Long(v),
        FieldType::Boolean => Value::Boolean(u8::try_from(v).map_err(|_| range())?),
        FieldType::Float => Value::Float(f32::from_bits(u32::try_from(v).map_err(|_| range())?)),
        FieldType::Double => Value::Double(f64::from_bits(v as u64)),
        FieldType::Object | FieldType::Array => return Err(range()),
    })
}

fn elements_from_wire(
    elements: WireElements,
    r: &impl Fn(u32) -> Result<Ref, Error>,
    limits: &Limits,
) -> Result<Elements<'static>, Error> {
    let len_ok = |n: usize| {
        if n as u64 > u64::from(limits.max_array_length) {
            Err(Error::Invalid(format!(
                "array of {n} elements exceeds max_array_length"
            )))
        } else {
            Ok(())
        }
    };
    Ok(match elements {
        WireElements::Primitive(code, raw) => {
            let ty = FieldType::from_code(code)
                .filter(|t| !t.is_reference())
                .ok_or_else(|| Error::Invalid(format!("array element code {code}")))?;
            let size = ty.primitive_size().unwrap_or(1);
            if raw.len() % size != 0 {
                return Err(Error::Invalid(
                    "primitive array bytes not a whole number of elements".into(),
                ));
            }
            len_ok(raw.len() / size)?;
            Elements::Primitive {
                ty,
                raw: Cow::Owned(raw.into_vec()),
            }
        }
        WireElements::Object(refs) => {
            len_ok(refs.len())?;
            Elements::Object(refs.into_iter().map(r).collect::<Result<_, _>>()?)
        }
    })
}
