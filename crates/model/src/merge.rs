//! Several streams' objects in one graph, and one object's part of a graph as a stream of its
//! own.
//!
//! Session managers disagree on how attributes share a stream. msm and Tomcat write every
//! attribute into one stream with one handle table; Spring Session and Redisson write each
//! attribute as a stream of its own. Moving a session from one to the other means merging
//! graphs ([`append`]) or cutting one apart ([`standalone`]).
//!
//! Merging keeps what a Java `ObjectOutputStream` writing the merged objects would have
//! shared: class descriptors (one per class in a stream) and the interned type-signature
//! strings of their fields. Nothing else is shared: objects from different streams were
//! different objects.

use std::collections::HashMap;

use crate::graph::{
    Array, ClassData, ClassDesc, ClassKind, ClassObject, Content, Elements, EnumConstant,
    FieldDesc, Graph, Node, NodeId, Object, Ref, Stream, Value,
};

/// Adds every node of `other` to `into` and returns where each landed (`map[i]` is the new id
/// of `other`'s node `i`). A class descriptor equal to one `into` already has (same class,
/// layout and superclasses) is not added again: it maps to the existing one.
pub fn append<'a>(into: &mut Graph<'a>, other: Graph<'a>) -> Vec<NodeId> {
    Merger::default().append(into, other)
}

/// [`append`] for several graphs in turn into the same one: what it learns of `into`'s
/// descriptors is kept from one graph to the next (a session's attributes, each a stream of
/// its own, merged into one).
#[derive(Debug, Default)]
pub struct Merger {
    /// Descriptors of `into` by what makes them the same class (the first of equal ones).
    existing: HashMap<Vec<u8>, NodeId>,
    /// `into`'s type-signature strings by their bytes.
    type_names: HashMap<Vec<u8>, NodeId>,
    /// How many of `into`'s nodes are indexed.
    indexed: usize,
}

impl Merger {
    /// [`append`], `into` being the graph every earlier call of this merger appended to.
    pub fn append<'a>(&mut self, into: &mut Graph<'a>, other: Graph<'a>) -> Vec<NodeId> {
        self.index(into);
        let mut keys = HashMap::new();
        let mut map: Vec<Option<NodeId>> = vec![None; other.len()];
        // Descriptors first: a reused descriptor takes its field type strings with it.
        for (id, node) in other.iter() {
            if let Node::ClassDesc(_) = node {
                let key = descriptor_key(&other, id, &mut keys);
                if let Some(&found) = self.existing.get(&key) {
                    map[id.index()] = Some(found);
                    map_type_names(&other, id, into, found, &mut map);
                }
            }
        }
        // Type-signature strings of descriptors that stay: Java interns them, so one node
        // serves every descriptor of the stream.
        for (_, node) in other.iter() {
            if let Node::ClassDesc(desc) = node {
                for field in desc.fields() {
                    if let Some(t) = field.type_name {
                        if map[t.index()].is_none() {
                            if let Some(Node::String(s)) = other.get(t) {
                                if let Some(&found) = self.type_names.get(s.value.as_mutf8()) {
                                    map[t.index()] = Some(found);
                                }
                            }
                        }
                    }
                }
            }
        }
        let reused: Vec<bool> = map.iter().map(Option::is_some).collect();
        let mut next = into.len() as u32;
        let map: Vec<NodeId> = map
            .into_iter()
            .map(|m| {
                m.unwrap_or_else(|| {
                    let id = NodeId::new(next);
                    next += 1;
                    id
                })
            })
            .collect();
        // Objects are never shared between streams, so the other graph's pools move whole.
        let (nodes, data, values) = other.into_parts();
        let data_base = into.append_pools(
            data.into_iter().map(|d| match d {
                ClassData::Serial { fields, annotation } => ClassData::Serial {
                    fields,
                    annotation: annotation.map(|a| remap_contents(a, &map)),
                },
                ClassData::External(c) => ClassData::External(remap_contents(c, &map)),
            }),
            values.into_iter().map(|v| remap_value(v, &map)),
        );
        for (node, reused) in nodes.into_iter().zip(reused) {
            if !reused {
                into.add(remap_node(node, &map, data_base));
            }
        }
        map
    }

    /// Indexes the descriptors and type strings `into` gained since the last call.
    fn index(&mut self, into: &Graph<'_>) {
        let mut keys = HashMap::new();
        // From where the last call stopped: merging n streams stays linear in their nodes.
        for (id, node) in into.iter_from(self.indexed) {
            if let Node::ClassDesc(desc) = node {
                let key = descriptor_key(into, id, &mut keys);
                self.existing.entry(key).or_insert(id);
                for field in desc.fields() {
                    if let Some(t) = field.type_name {
                        if let Some(Node::String(s)) = into.get(t) {
                            self.type_names
                                .entry(s.value.as_mutf8().to_vec())
                                .or_insert(t);
                        }
                    }
                }
            }
        }
        self.indexed = into.len();
    }
}

/// The part of `stream` reachable from `root`, as a stream holding only `root`: what Java
/// writes when that one object is written to a new `ObjectOutputStream`. The graph is shared
/// with the original; the writer walks only what the root reaches.
pub fn standalone<'a>(graph: &Graph<'a>, root: Ref) -> Stream<'a> {
    Stream {
        graph: graph.clone(),
        contents: vec![Content::Object(root)],
    }
}

/// Maps the type-signature strings of a descriptor that is being replaced by an equal one to
/// the strings of the one that replaces it.
fn map_type_names(
    other: &Graph<'_>,
    id: NodeId,
    into: &Graph<'_>,
    found: NodeId,
    map: &mut [Option<NodeId>],
) {
    let (Some(Node::ClassDesc(a)), Some(Node::ClassDesc(b))) = (other.get(id), into.get(found))
    else {
        return;
    };
    for (fa, fb) in a.fields().iter().zip(b.fields()) {
        if let (Some(ta), Some(tb)) = (fa.type_name, fb.type_name) {
            map[ta.index()] = Some(tb);
        }
    }
}

/// Everything that makes two descriptors the same class to a Java reader: name, UID, flags,
/// fields and their types, superclasses. Descriptors with annotations are never merged
/// (`annotateClass` output is the writer's business).
fn descriptor_key(graph: &Graph<'_>, id: NodeId, keys: &mut HashMap<NodeId, Vec<u8>>) -> Vec<u8> {
    if let Some(key) = keys.get(&id) {
        return key.clone();
    }
    let mut key = Vec::new();
    let mut at = Some(id);
    let mut depth = 0;
    // A superclass chain is short in any real stream; the bound keeps a hostile cycle finite.
    while let (Some(current), true) = (at, depth < 64) {
        depth += 1;
        let Some(Node::ClassDesc(desc)) = graph.get(current) else {
            key.extend_from_slice(b"\0?");
            break;
        };
        if !desc.annotation.is_empty() {
            key.extend_from_slice(format!("\0annotated#{}", id.index()).as_bytes());
        }
        push_kind(graph, desc, &mut key);
        at = desc.super_class;
    }
    keys.insert(id, key.clone());
    key
}

fn push_kind(graph: &Graph<'_>, desc: &ClassDesc<'_>, key: &mut Vec<u8>) {
    match &desc.kind {
        ClassKind::Class {
            name,
            suid,
            flags,
            fields,
        } => {
            key.push(0);
            key.extend_from_slice(name.as_mutf8());
            key.extend_from_slice(&suid.to_be_bytes());
            key.push(*flags);
            for field in fields {
                key.push(field.ty.code());
                key.extend_from_slice(field.name.as_mutf8());
                key.push(1);
                if let Some(Node::String(s)) = field.type_name.and_then(|t| graph.get(t)) {
                    key.extend_from_slice(s.value.as_mutf8());
                }
                key.push(2);
            }
        }
        ClassKind::Proxy { interfaces } => {
            key.extend_from_slice(b"\0proxy");
            for interface in interfaces {
                key.push(1);
                key.extend_from_slice(interface.as_mutf8());
            }
        }
    }
    key.push(0);
    key.extend_from_slice(desc.origin.name().as_bytes());
    key.push(desc.unknown.bits());
    if let Some(original) = &desc.stands_for {
        key.push(3);
        key.extend_from_slice(original.as_mutf8());
    }
}

/// Where `map` moved a node. An id the appended graph did not have (a graph built by hand can
/// dangle) stays dangling: past the end of the merged graph, where writers report it.
fn moved(map: &[NodeId], n: NodeId) -> NodeId {
    map.get(n.index()).copied().unwrap_or(NodeId::new(u32::MAX))
}

fn remap_node<'a>(node: Node<'a>, map: &[NodeId], data_base: usize) -> Node<'a> {
    let id = |n: NodeId| moved(map, n);
    let r = |r: Ref| r.map(id);
    match node {
        Node::String(s) => Node::String(s),
        Node::ClassDesc(desc) => Node::ClassDesc(ClassDesc {
            kind: match desc.kind {
                ClassKind::Class {
                    name,
                    suid,
                    flags,
                    fields,
                } => ClassKind::Class {
                    name,
                    suid,
                    flags,
                    fields: fields
                        .into_iter()
                        .map(|f| FieldDesc {
                            type_name: r(f.type_name),
                            ..f
                        })
                        .collect(),
                },
                proxy => proxy,
            },
            annotation: remap_contents(desc.annotation, map),
            super_class: r(desc.super_class),
            ..desc
        }),
        Node::Object(o) => Node::Object(Object {
            class: id(o.class),
            data: o.data.shifted(data_base),
            complete: o.complete,
        }),
        Node::Array(a) => Node::Array(Array {
            class: id(a.class),
            elements: match a.elements {
                Elements::Object(refs) => Elements::Object(refs.into_iter().map(r).collect()),
                primitive => primitive,
            },
            aborted_length: a.aborted_length,
        }),
        Node::Enum(e) => Node::Enum(EnumConstant {
            class: id(e.class),
            name: id(e.name),
        }),
        Node::Class(c) => Node::Class(ClassObject { class: id(c.class) }),
    }
}

fn remap_value(value: Value, map: &[NodeId]) -> Value {
    match value {
        Value::Ref(r) => Value::Ref(r.map(|n| moved(map, n))),
        other => other,
    }
}

fn remap_contents<'a>(contents: Vec<Content<'a>>, map: &[NodeId]) -> Vec<Content<'a>> {
    contents
        .into_iter()
        .map(|c| remap_content(c, map))
        .collect()
}

/// Moves a content item of the appended graph to the ids [`append`] gave its nodes.
pub fn remap_content<'a>(content: Content<'a>, map: &[NodeId]) -> Content<'a> {
    match content {
        Content::Object(r) => Content::Object(r.map(|n| moved(map, n))),
        Content::Exception(n) => Content::Exception(moved(map, n)),
        other => other,
    }
}
