//! The compact layout back to sessions, checked as it is read.

use std::borrow::Cow;

use jsess_javaser::Limits;
use jsess_model::{
    Array, BlockData, ClassData, ClassDesc, ClassKind, ClassObject, Content, DescOrigin, Elements,
    EnumConstant, Envelope, FieldDesc, FieldType, Graph, JavaString, Node, NodeId, Object, Ref,
    Session, Stream, StringNode, Unknowns, Value,
};
use serde_bytes::ByteBuf;

use crate::dictionary::{DictClass, Dictionary};
use crate::error::Error;
use crate::map::Map;

use super::*;

/// Converts back, checking every index so hostile input gets an error, not a wrong session.
/// A blob written with a dictionary needs that very dictionary.
pub fn from_wire<'a>(
    wire: WireSession<'a>,
    limits: &Limits,
    dictionary: Option<&Dictionary>,
) -> Result<Session<'a>, Error> {
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

fn part_bytes(
    part: WirePart,
    strings: &Strings<'_, '_>,
    limits: &Limits,
) -> Result<Vec<u8>, Error> {
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

struct Strings<'d, 'a> {
    /// The dictionary's strings (indexes below their count).
    shared: &'d [JavaString<'static>],
    /// The blob's own strings, borrowed from it where the format allowed.
    values: Vec<JavaString<'a>>,
    classes: &'d [DictClass],
}

impl<'d, 'a> Strings<'d, 'a> {
    /// The dictionary's strings, then the blob's.
    fn new(
        dictionary: Option<&'d Dictionary>,
        text: Vec<WireStr<'a>>,
        raw: Vec<(u32, ByteBuf)>,
        limits: &Limits,
    ) -> Result<Strings<'d, 'a>, Error> {
        let shared: &'d [JavaString<'static>] =
            dictionary.map_or(&[][..], |d| &d.lookups().strings);
        let mut values = Vec::with_capacity(text.len());
        for WireStr(s) in text {
            if s.len() as u64 > limits.max_string_bytes {
                return Err(Error::Invalid("string longer than max_string_bytes".into()));
            }
            let bytes = match s {
                Cow::Borrowed(s) => Cow::Borrowed(s.as_bytes()),
                Cow::Owned(s) => Cow::Owned(s.into_bytes()),
            };
            let value = JavaString::from_mutf8(bytes)
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

    fn get(&self, i: u32) -> Result<JavaString<'a>, Error> {
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

fn stream_from_wire<'a>(
    wire: WireStream,
    strings: &Strings<'_, 'a>,
    limits: &Limits,
) -> Result<Stream<'a>, Error> {
    if wire.nodes.len() as u64 > u64::from(limits.max_handles) {
        return Err(Error::Invalid(format!(
            "{} nodes exceed max_handles",
            wire.nodes.len()
        )));
    }
    let count = wire.nodes.len();
    let (r, id, contents) = (wire_ref, wire_id, contents_from_wire);
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
            WireNode::Class(c) => class_node(
                c,
                (DescOrigin::Stream, Unknowns::NONE),
                strings,
                &r,
                &contents,
            )?,
            WireNode::LayoutClass(c, origin) if origin.origin != 0 => {
                class_node(c, origin.origin()?, strings, &r, &contents)?
            }
            WireNode::LayoutClass(..) => {
                return Err(Error::Invalid(
                    "a layout descriptor of origin code 0".into(),
                ))
            }
            WireNode::StandingClass(c, origin, original) => {
                let mut node = class_node(c, origin.origin()?, strings, &r, &contents)?;
                if let Node::ClassDesc(d) = &mut node {
                    d.stands_for = Some(strings.get(original)?);
                }
                node
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
                stands_for: None,
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
                detailed_from_wire(&mut graph, id(class)?, data, &contents, &r)?
            }
            WireNode::Object(o) => object_from_wire(&mut graph, o, &contents, &r)?,
            WireNode::External(class, c) => {
                let class = id(class)?;
                let data = graph.push_class_data([ClassData::External(contents(c)?)]);
                Node::Object(Object {
                    class,
                    data,
                    complete: true,
                })
            }
            WireNode::PartialObject(class, data) => {
                partial_from_wire(&mut graph, id(class)?, data, &contents, &r)?
            }
            plain => plain_node(plain, strings, limits)?,
        };
        let is_desc = matches!(node, Node::ClassDesc(_));
        let id = graph.add(node);
        if is_desc {
            type_names.pending.push(id);
        }
    }
    for (slot, node) in deferred {
        let built = match node {
            WireNode::Object(o) => object_from_wire(&mut graph, o, &contents, &r)?,
            WireNode::PartialObject(class, data) => {
                partial_from_wire(&mut graph, id(class)?, data, &contents, &r)?
            }
            WireNode::DetailedObject(class, data) => {
                detailed_from_wire(&mut graph, id(class)?, data, &contents, &r)?
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

/// A node reference as the layout writes it: 0 is null, n is node n - 1. References are checked
/// once the graph is complete (implicit nodes make it larger than the node list).
fn wire_ref(x: u32) -> Result<Ref, Error> {
    Ok(x.checked_sub(1).map(NodeId::new))
}

/// A reference that must not be null.
fn wire_id(x: u32) -> Result<NodeId, Error> {
    wire_ref(x)?.ok_or_else(|| Error::Invalid("null where a node is required".into()))
}

/// Top-level contents, class annotations and custom data.
fn contents_from_wire(items: Vec<WireContent>) -> Result<Vec<Content<'static>>, Error> {
    items
        .into_iter()
        .map(|c| {
            Ok(match c {
                WireContent::Object(x) => Content::Object(wire_ref(x)?),
                WireContent::Block(b) => Content::Block(BlockData {
                    bytes: Cow::Owned(b.into_vec()),
                    long: false,
                }),
                WireContent::LongBlock(b) => Content::Block(BlockData {
                    bytes: Cow::Owned(b.into_vec()),
                    long: true,
                }),
                WireContent::Reset => Content::Reset,
                WireContent::Exception(x) => Content::Exception(wire_id(x)?),
            })
        })
        .collect()
}

/// The nodes that need nothing from the graph built so far: strings, arrays, enum constants,
/// class objects.
fn plain_node<'a>(
    node: WireNode,
    strings: &Strings<'_, 'a>,
    limits: &Limits,
) -> Result<Node<'a>, Error> {
    let (r, id) = (wire_ref, wire_id);
    Ok(match node {
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
        _ => return Err(Error::Invalid("a node that needs the graph".into())),
    })
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
    seen: Map<Vec<u8>, NodeId>,
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
fn dict_class_from_wire<'a>(
    graph: &mut Graph<'a>,
    d: WireDictClass,
    strings: &Strings<'_, 'a>,
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
        stands_for: None,
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
fn class_node<'a>(
    c: WireClass,
    (origin, unknown): (DescOrigin, Unknowns),
    strings: &Strings<'_, 'a>,
    r: &impl Fn(u32) -> Result<Ref, Error>,
    contents: &impl Fn(Vec<WireContent>) -> Result<Vec<Content<'static>>, Error>,
) -> Result<Node<'a>, Error> {
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
        stands_for: None,
    }))
}

fn object_from_wire<'a>(
    graph: &mut Graph<'a>,
    o: WireObject,
    contents: &impl Fn(Vec<WireContent>) -> Result<Vec<Content<'static>>, Error>,
    r: &impl Fn(u32) -> Result<Ref, Error>,
) -> Result<Node<'a>, Error> {
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
        data.push(graph.serial(&fields, annotation));
    }
    if primitives.next().is_some() || references.next().is_some() || annotations.next().is_some() {
        return Err(Error::Invalid(
            "more object values than its classes have fields".into(),
        ));
    }
    Ok(Node::Object(Object {
        class,
        data: graph.push_class_data(data),
        complete: true,
    }))
}

/// An abandoned object, slot by slot.
fn partial_from_wire<'a>(
    graph: &mut Graph<'a>,
    class: NodeId,
    slots: Vec<WireData>,
    contents: &impl Fn(Vec<WireContent>) -> Result<Vec<Content<'static>>, Error>,
    r: &impl Fn(u32) -> Result<Ref, Error>,
) -> Result<Node<'a>, Error> {
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
                let annotation = annotation.map(contents).transpose()?;
                graph.serial(&fields, annotation)
            }
            WireData::External(c) => ClassData::External(contents(c)?),
        });
    }
    Ok(Node::Object(Object {
        class,
        data: graph.push_class_data(data),
        complete: false,
    }))
}

/// A complete object given slot by slot ([`WireNode::DetailedObject`]): one slot per class.
fn detailed_from_wire<'a>(
    graph: &mut Graph<'a>,
    class: NodeId,
    slots: Vec<WireData>,
    contents: &impl Fn(Vec<WireContent>) -> Result<Vec<Content<'static>>, Error>,
    r: &impl Fn(u32) -> Result<Ref, Error>,
) -> Result<Node<'a>, Error> {
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

/// Whether a class reference points past the nodes read so far (checked against the whole
/// graph once it is complete).
fn described_later(graph: &Graph<'_>, class: u32) -> bool {
    class as usize > graph.len()
}

/// What holds a deferred object's slot until it is built.
fn placeholder<'a>() -> Node<'a> {
    Node::String(StringNode {
        value: JavaString::from_text(""),
        long: false,
    })
}

fn descriptor_chain(graph: &Graph<'_>, class: NodeId) -> Result<Vec<NodeId>, Error> {
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
