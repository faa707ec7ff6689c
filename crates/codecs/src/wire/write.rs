//! Sessions to the compact layout.

use jsess_javaser::Limits;
use jsess_model::{
    ClassData, ClassDesc, ClassKind, Content, DescOrigin, Elements, Graph, JavaString, Node,
    NodeId, Ref, Session, Stream, Value,
};
use serde_bytes::ByteBuf;

use crate::dictionary::Dictionary;
use crate::error::Error;
use crate::map::Map;

use super::*;

/// Converts a session, referring to `dictionary` where it has the strings and classes.
pub fn to_wire(
    session: &Session<'_>,
    limits: &Limits,
    dictionary: Option<&Dictionary>,
) -> Result<WireSession<'static>, Error> {
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
    let mut writer = WireWriter::new(dictionary);
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
/// Strings are borrowed from the session (`'s`) while it is written.
struct WireWriter<'d, 's> {
    dictionary: Option<&'d Dictionary>,
    base: u32,
    index: Map<&'s [u8], u32>,
    entries: Vec<&'s [u8]>,
    uses: Map<&'s [u8], u32>,
}

/// A nested Java stream (principal, saved request) when it re-encodes exactly.
pub(crate) fn nested_stream<'b>(bytes: &'b [u8], limits: &Limits) -> Option<Stream<'b>> {
    if bytes.is_empty() {
        return None;
    }
    let stream = jsess_javaser::decode(bytes, limits).ok()?;
    jsess_javaser::encode(&stream)
        .is_ok_and(|b| b == bytes)
        .then_some(stream)
}

impl<'d, 's> WireWriter<'d, 's> {
    fn new(dictionary: Option<&'d Dictionary>) -> Self {
        WireWriter {
            base: dictionary.map_or(0, |d| d.strings.len() as u32),
            dictionary,
            index: Map::default(),
            entries: Vec::new(),
            uses: Map::default(),
        }
    }

    fn string(&mut self, s: &'s JavaString<'_>) -> u32 {
        let bytes = s.as_mutf8();
        if let Some(id) = self.dict_string(bytes) {
            return id;
        }
        if let Some(&id) = self.index.get(bytes) {
            return id;
        }
        let id = self.base + self.entries.len() as u32;
        self.entries.push(bytes);
        self.index.insert(bytes, id);
        id
    }

    fn dict_string(&self, bytes: &[u8]) -> Option<u32> {
        self.dictionary?.string_id(bytes)
    }

    // Owned: the principal's and saved request's strings live in streams decoded for this
    // conversion only.
    fn finish_strings(self) -> (Vec<WireStr<'static>>, Vec<(u32, ByteBuf)>) {
        let mut raw = Vec::new();
        let text = self
            .entries
            .into_iter()
            .enumerate()
            .map(|(i, bytes)| match std::str::from_utf8(bytes) {
                Ok(text) => WireStr(Cow::Owned(text.to_string())),
                Err(_) => {
                    raw.push((i as u32, ByteBuf::from(bytes.to_vec())));
                    WireStr(Cow::Borrowed(""))
                }
            })
            .collect();
        (text, raw)
    }

    /// Counts string values, so that a string used once is written inline rather than through
    /// the table.
    fn count_strings(&mut self, stream: &'s Stream<'_>) {
        // About one distinct string per node or fewer: sized once rather than regrown.
        self.uses.reserve(stream.graph.len());
        for (_, node) in stream.graph.iter() {
            match node {
                Node::String(s) => *self.uses.entry(s.value.as_mutf8()).or_insert(0) += 1,
                // Descriptor strings always go through the table (they recur across classes).
                Node::ClassDesc(d) => {
                    if let ClassKind::Class { name, fields, .. } = &d.kind {
                        for text in std::iter::once(name).chain(fields.iter().map(|f| &f.name)) {
                            *self.uses.entry(text.as_mutf8()).or_insert(0) += 2;
                        }
                    }
                }
                _ => {}
            }
        }
    }

    /// A string node: inline when used once and valid UTF-8, else through the table.
    fn string_node(&mut self, s: &'s jsess_model::StringNode<'_>) -> WireNode {
        let bytes = s.value.as_mutf8();
        let once = self.uses.get(bytes) == Some(&1) && self.dict_string(bytes).is_none();
        match (once, std::str::from_utf8(bytes)) {
            (true, Ok(text)) if s.long => WireNode::LongText(text.to_string()),
            (true, Ok(text)) => WireNode::Text(text.to_string()),
            _ if s.long => WireNode::LongString(self.string(&s.value)),
            _ => WireNode::String(self.string(&s.value)),
        }
    }

    fn stream(&mut self, stream: &'s Stream<'_>) -> WireStream {
        let graph = &stream.graph;
        let mut type_names = TypeNames::new(&stream.contents);
        let mut nodes = Vec::with_capacity(graph.len());
        let mut implicit_until = 0usize;
        for (id, node) in graph.iter() {
            if id.index() < implicit_until {
                continue;
            }
            let wire = match node {
                Node::ClassDesc(d) if d.origin != DescOrigin::Stream || d.stands_for.is_some() => {
                    node_to_wire(graph, node, self)
                }
                Node::Object(o)
                    if o.complete && !follows_flags(graph, o.class, graph.class_data(o)) =>
                {
                    WireNode::DetailedObject(
                        node_ref(Some(o.class)),
                        graph
                            .class_data(o)
                            .iter()
                            .map(|d| data_to_wire(graph, d))
                            .collect(),
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
                    None => node_to_wire(graph, node, self),
                },
                _ => node_to_wire(graph, node, self),
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
        self.dictionary?.entry_of(graph, desc)
    }
}

/// Where Java puts the type-signature strings of a descriptor's object fields: a signature
/// already written in this stream is a back-reference to that string, a new one is a new
/// string right after the descriptor. Streams with resets or aborted writes (which clear the
/// handle table) always spell the references out.
struct TypeNames {
    enabled: bool,
    seen: Map<Vec<u8>, NodeId>,
}

impl TypeNames {
    fn new(contents: &[Content<'_>]) -> Self {
        TypeNames {
            enabled: !contents
                .iter()
                .any(|c| matches!(c, Content::Reset | Content::Exception(_))),
            seen: Map::default(),
        }
    }

    /// When `desc` (node `id`) follows the rule, the index after its implicit string nodes.
    fn canonical(&self, graph: &Graph<'_>, id: NodeId, desc: &ClassDesc<'_>) -> Option<usize> {
        if !self.enabled {
            return None;
        }
        let mut next = id.index() + 1;
        let mut fresh: Map<&[u8], NodeId> = Map::default();
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

fn node_to_wire<'s>(
    graph: &Graph<'_>,
    node: &'s Node<'_>,
    strings: &mut WireWriter<'_, 's>,
) -> WireNode {
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
                    match (&d.stands_for, WireOrigin::of(d)) {
                        (Some(original), _) => WireNode::StandingClass(
                            class,
                            WireOrigin::of_any(d),
                            strings.string(original),
                        ),
                        (None, Some(origin)) => WireNode::LayoutClass(class, origin),
                        (None, None) => WireNode::Class(class),
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
            match graph.class_data(o) {
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
                            split_values(
                                graph.values(*fields),
                                &mut object.primitives,
                                &mut object.references,
                            );
                            if let Some(a) = annotation {
                                object.annotations.push(contents_to_wire(a));
                            }
                        }
                    }
                    WireNode::Object(object)
                }
                data => WireNode::PartialObject(
                    class,
                    data.iter().map(|d| data_to_wire(graph, d)).collect(),
                ),
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

fn data_to_wire(graph: &Graph<'_>, data: &ClassData<'_>) -> WireData {
    match data {
        ClassData::Serial { fields, annotation } => {
            let mut primitives = Vec::new();
            let mut references = Vec::new();
            split_values(graph.values(*fields), &mut primitives, &mut references);
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
