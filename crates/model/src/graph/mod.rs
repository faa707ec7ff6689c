//! The object graph: an arena of nodes addressed by [`NodeId`].
//!
//! A node is one Java object as the serialization stream defines it (a string, an object, an
//! array, an enum constant, a `Class`, a class descriptor). Every edge is a [`Ref`], so a shared
//! object or a cycle is one node with several edges, never a copy, and memory stays linear in the
//! input. Nodes also record the few legal-but-free choices a writer made (long string headers,
//! block-data chunking, resets, aborted writes) so a stream can be re-emitted byte for byte.

use std::borrow::Cow;

use crate::string::JavaString;

mod desc;

pub use desc::{ClassDesc, ClassKind, DescOrigin, FieldDesc, FieldType, Unknowns};

/// Index of a node in a [`Graph`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NodeId(u32);

impl NodeId {
    /// The id of the node at `index` (which a graph may or may not have: look it up with
    /// [`Graph::get`] when it comes from untrusted data).
    pub fn new(index: u32) -> NodeId {
        NodeId(index)
    }

    /// The node's position in the arena.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// An edge: `None` is Java's `null`.
pub type Ref = Option<NodeId>;

/// Class descriptor flag: the class has a `writeObject` method (an annotation follows its fields).
pub const SC_WRITE_METHOD: u8 = 0x01;
/// Class descriptor flag: the class is `Serializable`.
pub const SC_SERIALIZABLE: u8 = 0x02;
/// Class descriptor flag: the class is `Externalizable`.
pub const SC_EXTERNALIZABLE: u8 = 0x04;
/// Class descriptor flag: externalizable data is written in block-data mode (protocol 2).
pub const SC_BLOCK_DATA: u8 = 0x08;
/// Class descriptor flag: the class is an enum type.
pub const SC_ENUM: u8 = 0x10;

/// A run of items in one of a graph's pools: an object's [`ClassData`] or one class's field
/// [`Value`]s. Only the graph that made a span can resolve it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Span {
    start: u32,
    len: u32,
}

impl Span {
    /// Number of items.
    pub fn len(self) -> usize {
        self.len as usize
    }

    /// Whether the span holds no items.
    pub fn is_empty(self) -> bool {
        self.len == 0
    }

    /// The same run after `by` items were put before it (a pool appended to another).
    pub(crate) fn shifted(self, by: usize) -> Span {
        span(self.start as usize + by, self.len as usize)
    }

    fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.start as usize + self.len as usize
    }
}

/// Empties `list` and hands back its memory as a list of `U`, where `U` is `T` with its
/// borrowed lifetime replaced (`Content<'a>` to `Content<'static>`, through `to_static`).
/// Readers keep working lists between streams of different inputs this way: the list has no
/// items left to convert, and the standard library collects such a map in place, so the
/// allocation is kept.
pub fn emptied<T, U>(mut list: Vec<T>, to_static: impl FnMut(T) -> U) -> Vec<U> {
    list.clear();
    list.into_iter().map(to_static).collect()
}

/// An arena of nodes, and the pools their variable-length parts live in: every object's class
/// data and every class's field values are runs in two flat vectors rather than allocations of
/// their own, so reading a session costs a few growing vectors, not one allocation per object.
#[derive(Debug, Clone, Default)]
pub struct Graph<'a> {
    nodes: Vec<Node<'a>>,
    /// Field values, a [`Span`] per [`ClassData::Serial`].
    values: Vec<Value>,
    /// Class data, a [`Span`] per [`Object`].
    data: Vec<ClassData<'a>>,
}

impl<'a> Graph<'a> {
    /// An empty graph.
    pub fn new() -> Self {
        Graph::default()
    }

    /// An empty graph with room for `nodes` nodes.
    pub fn with_capacity(nodes: usize) -> Self {
        Graph {
            nodes: Vec::with_capacity(nodes),
            values: Vec::with_capacity(nodes),
            data: Vec::with_capacity(nodes / 2),
        }
    }

    /// The field values behind a span of [`ClassData::Serial`].
    ///
    /// # Panics
    /// When the span does not come from this graph.
    pub fn values(&self, span: Span) -> &[Value] {
        &self.values[span.range()]
    }

    /// The field values behind a span, mutably.
    pub fn values_mut(&mut self, span: Span) -> &mut [Value] {
        &mut self.values[span.range()]
    }

    /// Stores field values and returns their span.
    pub fn push_values(&mut self, values: &[Value]) -> Span {
        let start = self.values.len();
        self.values.extend_from_slice(values);
        span(start, values.len())
    }

    /// An object's class data, superclass first.
    ///
    /// # Panics
    /// When the object does not come from this graph.
    pub fn class_data(&self, object: &Object) -> &[ClassData<'a>] {
        &self.data[object.data.range()]
    }

    /// An object's class data, mutably.
    pub fn class_data_mut(&mut self, object: &Object) -> &mut [ClassData<'a>] {
        &mut self.data[object.data.range()]
    }

    /// The value of an object's field by name, from the first class of its chain (superclass
    /// first) that declares one so named; `None` when the node is not an object or no class
    /// has the field.
    pub fn field(&self, object: NodeId, name: &str) -> Option<Value> {
        let Some(Node::Object(o)) = self.get(object) else {
            return None;
        };
        let data = self.data.get(o.data.range())?;
        self.class_chain(o.class)
            .iter()
            .zip(data)
            .find_map(|(desc, data)| {
                let ClassData::Serial { fields, .. } = data else {
                    return None;
                };
                let pos = self
                    .class_desc(*desc)?
                    .fields()
                    .iter()
                    .position(|f| f.name.eq_str(name))?;
                self.values.get(fields.range())?.get(pos).copied()
            })
    }

    /// Stores one object's class data and returns its span.
    pub fn push_class_data(&mut self, data: impl IntoIterator<Item = ClassData<'a>>) -> Span {
        let start = self.data.len();
        self.data.extend(data);
        span(start, self.data.len() - start)
    }

    /// Moves the class data on `stack` from `mark` on (a reader's, innermost object's last) to
    /// the graph as one object's, and returns its span.
    ///
    /// The same as [`Graph::push_class_data`] of a drain, without setting up a drain for the
    /// one class most objects have data for.
    pub fn take_class_data(&mut self, stack: &mut Vec<ClassData<'a>>, mark: usize) -> Span {
        let start = self.data.len();
        if stack.len() == mark + 1 {
            self.data.extend(stack.pop());
        } else if stack.len() > mark {
            self.data.extend(stack.drain(mark..));
        }
        span(start, self.data.len() - start)
    }

    /// Adds a serializable class's share of an object (see [`ClassData::Serial`]).
    pub fn serial(
        &mut self,
        fields: &[Value],
        annotation: Option<Vec<Content<'a>>>,
    ) -> ClassData<'a> {
        ClassData::Serial {
            fields: self.push_values(fields),
            annotation,
        }
    }

    /// Adds a complete object with its class data and returns its id.
    pub fn add_object(
        &mut self,
        class: NodeId,
        data: impl IntoIterator<Item = ClassData<'a>>,
    ) -> NodeId {
        let data = self.push_class_data(data);
        self.add(Node::Object(Object {
            class,
            data,
            complete: true,
        }))
    }

    /// Puts a complete object with its class data in `target`'s slot, replacing what was
    /// there (a placeholder a reader reserved before the object's children existed), and
    /// returns `false` (changing nothing) when the graph has no such node. Unlike filling the
    /// slot with [`Graph::move_last_into`], the object is never added and moved.
    pub fn put_object(
        &mut self,
        target: NodeId,
        class: NodeId,
        data: impl IntoIterator<Item = ClassData<'a>>,
    ) -> bool {
        if target.index() >= self.nodes.len() {
            return false;
        }
        let data = self.push_class_data(data);
        self.nodes[target.index()] = Node::Object(Object {
            class,
            data,
            complete: true,
        });
        true
    }

    /// Adds a node and returns its id.
    ///
    /// # Panics
    /// When the graph already holds `u32::MAX` nodes; readers enforce a far smaller limit.
    pub fn add(&mut self, node: Node<'a>) -> NodeId {
        let id = NodeId(u32::try_from(self.nodes.len()).expect("graph node count fits in u32"));
        self.nodes.push(node);
        id
    }

    /// The node behind an id.
    ///
    /// # Panics
    /// When the id does not come from this graph.
    pub fn node(&self, id: NodeId) -> &Node<'a> {
        &self.nodes[id.index()]
    }

    /// The node behind an id, mutably.
    pub fn node_mut(&mut self, id: NodeId) -> &mut Node<'a> {
        &mut self.nodes[id.index()]
    }

    /// Moves the most recently added node into `target`'s slot, replacing what was there, and
    /// returns `false` (changing nothing) when `target` is the last node or out of range. Lets
    /// a reader reserve a node before its children exist (children may point back at it) and
    /// fill it once they do.
    pub fn move_last_into(&mut self, target: NodeId) -> bool {
        if target.index() + 1 >= self.nodes.len() {
            return false;
        }
        match self.nodes.pop() {
            Some(node) => {
                self.nodes[target.index()] = node;
                true
            }
            None => false,
        }
    }

    /// The nodes in the order they were added (an id is an index into them), with the class
    /// data and field values their spans point into.
    pub fn into_parts(self) -> (Vec<Node<'a>>, Vec<ClassData<'a>>, Vec<Value>) {
        (self.nodes, self.data, self.values)
    }

    /// Appends another graph's pools, shifting the field spans of its class data to where its
    /// values land, and returns how far its objects' data spans must shift.
    pub(crate) fn append_pools(
        &mut self,
        data: impl IntoIterator<Item = ClassData<'a>>,
        values: impl IntoIterator<Item = Value>,
    ) -> usize {
        let (value_base, data_base) = (self.values.len(), self.data.len());
        self.values.extend(values);
        self.data.extend(data.into_iter().map(|d| match d {
            ClassData::Serial { fields, annotation } => ClassData::Serial {
                fields: fields.shifted(value_base),
                annotation,
            },
            external => external,
        }));
        data_base
    }

    /// The node behind an id, or `None` for an id this graph has not handed out.
    pub fn get(&self, id: NodeId) -> Option<&Node<'a>> {
        self.nodes.get(id.index())
    }

    /// Number of nodes.
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// Whether the graph has no nodes.
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    /// All nodes with their ids, in the order they were added.
    pub fn iter(&self) -> impl Iterator<Item = (NodeId, &Node<'a>)> {
        self.iter_from(0)
    }

    /// [`Graph::iter`] from the node at index `start` on, without walking the ones before it
    /// (`iter().skip(start)` steps through each of them).
    pub fn iter_from(&self, start: usize) -> impl Iterator<Item = (NodeId, &Node<'a>)> {
        let start = start.min(self.nodes.len());
        self.nodes[start..]
            .iter()
            .enumerate()
            .map(move |(i, n)| (NodeId((start + i) as u32), n))
    }

    /// The string node behind an id, if it is one.
    pub fn string(&self, id: NodeId) -> Option<&JavaString<'a>> {
        match self.get(id)? {
            Node::String(s) => Some(&s.value),
            _ => None,
        }
    }

    /// The class descriptor behind an id, if it is one.
    pub fn class_desc(&self, id: NodeId) -> Option<&ClassDesc<'a>> {
        match self.get(id)? {
            Node::ClassDesc(d) => Some(d),
            _ => None,
        }
    }

    /// The class name of a descriptor (`None` for proxy descriptors).
    pub fn class_name(&self, desc: NodeId) -> Option<&JavaString<'a>> {
        match &self.class_desc(desc)?.kind {
            ClassKind::Class { name, .. } => Some(name),
            ClassKind::Proxy { .. } => None,
        }
    }

    /// The descriptor chain of a class, superclass first, as its instances' data is laid out.
    /// Stops at a missing or non-descriptor link and caps the walk at the graph size, so a
    /// hand-built cyclic chain cannot loop forever.
    pub fn class_chain(&self, desc: NodeId) -> Vec<NodeId> {
        let mut chain = Vec::new();
        let mut next = Some(desc);
        while let Some(id) = next {
            let Some(d) = self.class_desc(id) else { break };
            if chain.len() > self.nodes.len() {
                break;
            }
            chain.push(id);
            next = d.super_class;
        }
        chain.reverse();
        chain
    }

    /// The same chain as [`Graph::class_chain`] from the other end, the class itself first,
    /// without collecting it (same bounds).
    pub fn class_chain_up(&self, desc: NodeId) -> impl Iterator<Item = NodeId> + '_ {
        let mut next = Some(desc);
        let mut left = self.nodes.len() + 1;
        std::iter::from_fn(move || {
            let id = next?;
            let d = self.class_desc(id)?;
            left = left.checked_sub(1)?;
            next = d.super_class;
            Some(id)
        })
    }

    /// The first reference (in a node or in `contents`) to a node this graph does not have:
    /// graphs rebuilt from untrusted data check this before use.
    pub fn dangling_reference(&self, contents: &[Content<'_>]) -> Option<NodeId> {
        let len = self.nodes.len();
        let mut refs: Vec<NodeId> = Vec::new();
        let push_contents = |refs: &mut Vec<NodeId>, contents: &[Content<'_>]| {
            for c in contents {
                match c {
                    Content::Object(Some(id)) | Content::Exception(id) => refs.push(*id),
                    _ => {}
                }
            }
        };
        push_contents(&mut refs, contents);
        for node in &self.nodes {
            match node {
                Node::String(_) => {}
                Node::ClassDesc(d) => {
                    refs.extend(d.super_class);
                    refs.extend(d.fields().iter().filter_map(|f| f.type_name));
                    push_contents(&mut refs, &d.annotation);
                }
                Node::Object(o) => {
                    refs.push(o.class);
                    let data = self.data.get(o.data.range()).unwrap_or_default();
                    for data in data {
                        match data {
                            ClassData::Serial { fields, annotation } => {
                                let fields = self.values.get(fields.range()).unwrap_or_default();
                                refs.extend(fields.iter().filter_map(|v| v.as_ref().flatten()));
                                if let Some(a) = annotation {
                                    push_contents(&mut refs, a);
                                }
                            }
                            ClassData::External(c) => push_contents(&mut refs, c),
                        }
                    }
                }
                Node::Array(a) => {
                    refs.push(a.class);
                    if let Elements::Object(items) = &a.elements {
                        refs.extend(items.iter().flatten());
                    }
                }
                Node::Enum(e) => refs.extend([e.class, e.name]),
                Node::Class(c) => refs.push(c.class),
            }
            if let Some(bad) = refs.iter().find(|id| id.index() >= len) {
                return Some(*bad);
            }
            refs.clear();
        }
        refs.into_iter().find(|id| id.index() >= len)
    }

    /// Detaches every node from the input it borrows.
    pub fn into_owned(self) -> Graph<'static> {
        Graph {
            nodes: self.nodes.into_iter().map(Node::into_owned).collect(),
            values: self.values,
            data: self.data.into_iter().map(ClassData::into_owned).collect(),
        }
    }
}

/// One Java object.
#[derive(Debug, Clone, PartialEq)]
pub enum Node<'a> {
    /// A `java.lang.String`.
    String(StringNode<'a>),
    /// A class descriptor (`ObjectStreamClass`); also addressable as an object.
    ClassDesc(ClassDesc<'a>),
    /// An instance of a serializable or externalizable class.
    Object(Object),
    /// An array.
    Array(Array<'a>),
    /// An enum constant.
    Enum(EnumConstant),
    /// A `java.lang.Class` object.
    Class(ClassObject),
}

impl Node<'_> {
    fn into_owned(self) -> Node<'static> {
        match self {
            Node::String(s) => Node::String(StringNode {
                value: s.value.into_owned(),
                long: s.long,
            }),
            Node::ClassDesc(d) => Node::ClassDesc(d.into_owned()),
            Node::Object(o) => Node::Object(o),
            Node::Array(a) => Node::Array(Array {
                class: a.class,
                elements: match a.elements {
                    Elements::Primitive { ty, raw } => Elements::Primitive {
                        ty,
                        raw: Cow::Owned(raw.into_owned()),
                    },
                    Elements::Object(v) => Elements::Object(v),
                },
                aborted_length: a.aborted_length,
            }),
            Node::Enum(e) => Node::Enum(e),
            Node::Class(c) => Node::Class(c),
        }
    }
}

/// A string and the header it was written with.
#[derive(Debug, Clone, PartialEq)]
pub struct StringNode<'a> {
    /// The text.
    pub value: JavaString<'a>,
    /// Written with `TC_LONGSTRING` (an 8-byte length) rather than `TC_STRING`.
    pub long: bool,
}

/// A field value or array element.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Value {
    /// `byte`
    Byte(i8),
    /// `char` (one UTF-16 unit)
    Char(u16),
    /// `double`
    Double(f64),
    /// `float`
    Float(f32),
    /// `int`
    Int(i32),
    /// `long`
    Long(i64),
    /// `short`
    Short(i16),
    /// `boolean` as its raw byte (Java reads any non-zero byte as `true`).
    Boolean(u8),
    /// An object reference.
    Ref(Ref),
}

impl Value {
    /// The field type this value has.
    pub fn field_type(&self) -> FieldType {
        match self {
            Value::Byte(_) => FieldType::Byte,
            Value::Char(_) => FieldType::Char,
            Value::Double(_) => FieldType::Double,
            Value::Float(_) => FieldType::Float,
            Value::Int(_) => FieldType::Int,
            Value::Long(_) => FieldType::Long,
            Value::Short(_) => FieldType::Short,
            Value::Boolean(_) => FieldType::Boolean,
            Value::Ref(_) => FieldType::Object,
        }
    }

    /// The reference, if this is one.
    pub fn as_ref(&self) -> Option<Ref> {
        match self {
            Value::Ref(r) => Some(*r),
            _ => None,
        }
    }

    /// The class Java boxes this primitive in (`java.lang.Integer` for an `int`).
    pub fn boxed_class(&self) -> Option<&'static str> {
        self.field_type().box_class()
    }

    /// Whether two values are the same, comparing floating point by bits.
    pub fn same(&self, other: &Value) -> bool {
        match (self, other) {
            (Value::Double(a), Value::Double(b)) => a.to_bits() == b.to_bits(),
            (Value::Float(a), Value::Float(b)) => a.to_bits() == b.to_bits(),
            _ => self == other,
        }
    }
}

/// An instance's data.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Object {
    /// The most derived class's descriptor.
    pub class: NodeId,
    /// One entry per class in the descriptor chain, superclass first; for an externalizable
    /// object a single [`ClassData::External`]. In the graph's pool: [`Graph::class_data`].
    pub data: Span,
    /// `false` when the writer aborted in the middle of this object (a `TC_EXCEPTION` follows
    /// what was written); `data` then holds only what was written.
    pub complete: bool,
}

/// The data one class in an instance's hierarchy contributed.
#[derive(Debug, Clone, PartialEq)]
pub enum ClassData<'a> {
    /// Field values in descriptor order, then (for classes with `writeObject`) the annotation.
    Serial {
        /// Field values, in the graph's pool: [`Graph::values`].
        fields: Span,
        /// What `writeObject` wrote after the fields, when the class has `SC_WRITE_METHOD`.
        annotation: Option<Vec<Content<'a>>>,
    },
    /// What `writeExternal` wrote (protocol 2 block data and objects).
    External(Vec<Content<'a>>),
}

impl ClassData<'_> {
    /// Detaches the data from the input it borrows.
    pub fn into_owned(self) -> ClassData<'static> {
        match self {
            ClassData::Serial { fields, annotation } => ClassData::Serial {
                fields,
                annotation: annotation.map(owned_contents),
            },
            ClassData::External(c) => ClassData::External(owned_contents(c)),
        }
    }
}

/// An array.
#[derive(Debug, Clone, PartialEq)]
pub struct Array<'a> {
    /// The array class's descriptor (`[I`, `[Ljava.lang.String;`).
    pub class: NodeId,
    /// The elements.
    pub elements: Elements<'a>,
    /// `Some(n)` when the writer declared `n` elements but aborted after those in `elements`
    /// (a `TC_EXCEPTION` follows); `None` for a complete array.
    pub aborted_length: Option<u32>,
}

/// Array elements.
#[derive(Debug, Clone, PartialEq)]
pub enum Elements<'a> {
    /// Primitive elements, kept as their big-endian bytes.
    Primitive {
        /// Element type.
        ty: FieldType,
        /// `len × size` bytes, big-endian.
        raw: Cow<'a, [u8]>,
    },
    /// Object references.
    Object(Vec<Ref>),
}

impl Elements<'_> {
    /// Number of elements.
    pub fn len(&self) -> usize {
        match self {
            Elements::Primitive { ty, raw } => raw.len() / ty.primitive_size().unwrap_or(1),
            Elements::Object(v) => v.len(),
        }
    }

    /// Whether there are no elements.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The element at `index` as a value.
    pub fn get(&self, index: usize) -> Option<Value> {
        match self {
            Elements::Object(v) => v.get(index).map(|r| Value::Ref(*r)),
            Elements::Primitive { ty, raw } => {
                let size = ty.primitive_size()?;
                let bytes = raw.get(index * size..index * size + size)?;
                Some(decode_primitive(*ty, bytes))
            }
        }
    }

    /// Iterates the elements as values.
    pub fn iter(&self) -> impl Iterator<Item = Value> + '_ {
        (0..self.len()).filter_map(move |i| self.get(i))
    }
}

/// Decodes one big-endian primitive of type `ty` from exactly its size in bytes.
///
/// # Panics
/// When `bytes` is shorter than the type's size or `ty` is a reference type.
pub fn decode_primitive(ty: FieldType, bytes: &[u8]) -> Value {
    let arr = |n: usize| -> [u8; 8] {
        let mut a = [0u8; 8];
        a[..n].copy_from_slice(&bytes[..n]);
        a
    };
    match ty {
        FieldType::Byte => Value::Byte(bytes[0] as i8),
        FieldType::Boolean => Value::Boolean(bytes[0]),
        FieldType::Char => Value::Char(u16::from_be_bytes([bytes[0], bytes[1]])),
        FieldType::Short => Value::Short(i16::from_be_bytes([bytes[0], bytes[1]])),
        FieldType::Int => Value::Int(i32::from_be_bytes([bytes[0], bytes[1], bytes[2], bytes[3]])),
        FieldType::Float => Value::Float(f32::from_bits(u32::from_be_bytes([
            bytes[0], bytes[1], bytes[2], bytes[3],
        ]))),
        FieldType::Long => Value::Long(i64::from_be_bytes(arr(8))),
        FieldType::Double => Value::Double(f64::from_bits(u64::from_be_bytes(arr(8)))),
        FieldType::Object | FieldType::Array => panic!("decode_primitive on a reference type"),
    }
}

/// Appends the big-endian bytes of a primitive value (nothing for a reference).
pub fn encode_primitive(value: &Value, out: &mut Vec<u8>) {
    match *value {
        Value::Byte(v) => out.push(v as u8),
        Value::Boolean(v) => out.push(v),
        Value::Char(v) => out.extend_from_slice(&v.to_be_bytes()),
        Value::Short(v) => out.extend_from_slice(&v.to_be_bytes()),
        Value::Int(v) => out.extend_from_slice(&v.to_be_bytes()),
        Value::Float(v) => out.extend_from_slice(&v.to_bits().to_be_bytes()),
        Value::Long(v) => out.extend_from_slice(&v.to_be_bytes()),
        Value::Double(v) => out.extend_from_slice(&v.to_bits().to_be_bytes()),
        Value::Ref(_) => {}
    }
}

/// An enum constant: its enum type and the constant's name (a string node).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EnumConstant {
    /// The enum type's descriptor.
    pub class: NodeId,
    /// A string node with the constant's name.
    pub name: NodeId,
}

/// A `java.lang.Class` object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClassObject {
    /// The descriptor of the class it denotes.
    pub class: NodeId,
}

/// One item of a content sequence: the top level of a stream, a class or object annotation, or
/// externalizable data.
#[derive(Debug, Clone, PartialEq)]
pub enum Content<'a> {
    /// An object (or null, or a back-reference: the writer decides from what it has written).
    Object(Ref),
    /// A block-data record.
    Block(BlockData<'a>),
    /// `TC_RESET`: the handle table was cleared here.
    Reset,
    /// `TC_EXCEPTION`: the writer aborted and wrote this `Throwable`.
    Exception(NodeId),
}

/// A block-data record.
#[derive(Debug, Clone, PartialEq)]
pub struct BlockData<'a> {
    /// The record's bytes.
    pub bytes: Cow<'a, [u8]>,
    /// Written with `TC_BLOCKDATALONG` (a 4-byte length) rather than `TC_BLOCKDATA`.
    pub long: bool,
}

impl Content<'_> {
    /// Detaches the content from the input it borrows.
    pub fn into_owned(self) -> Content<'static> {
        match self {
            Content::Object(r) => Content::Object(r),
            Content::Block(b) => Content::Block(BlockData {
                bytes: Cow::Owned(b.bytes.into_owned()),
                long: b.long,
            }),
            Content::Reset => Content::Reset,
            Content::Exception(n) => Content::Exception(n),
        }
    }
}

fn span(start: usize, len: usize) -> Span {
    // Readers cap a graph far below u32::MAX items, as they do its node count.
    Span {
        start: u32::try_from(start).expect("graph pool fits in u32"),
        len: u32::try_from(len).expect("graph pool fits in u32"),
    }
}

fn owned_contents(contents: Vec<Content<'_>>) -> Vec<Content<'static>> {
    contents.into_iter().map(Content::into_owned).collect()
}

/// A serialization stream's worth of objects: the graph and the top-level contents in order.
#[derive(Debug, Clone, Default)]
pub struct Stream<'a> {
    /// Every object the stream holds.
    pub graph: Graph<'a>,
    /// Top-level objects, block data, resets and exceptions, in order.
    pub contents: Vec<Content<'a>>,
}

impl Stream<'_> {
    /// Detaches the stream from the input it borrows.
    pub fn into_owned(self) -> Stream<'static> {
        Stream {
            graph: self.graph.into_owned(),
            contents: self.contents.into_iter().map(Content::into_owned).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn class_data_taken_from_a_stack_keeps_its_order() {
        let external = |n: u8| ClassData::External(vec![Content::Reset; usize::from(n)]);
        let mut graph = Graph::new();
        let mut stack: Vec<ClassData<'_>> = (1..=4).map(external).collect();
        let two = graph.take_class_data(&mut stack, 2);
        let one = graph.take_class_data(&mut stack, 1);
        let none = graph.take_class_data(&mut stack, 1);
        let rest = graph.take_class_data(&mut stack, 0);
        assert!(stack.is_empty());
        let taken = |span: Span| graph.data[span.range()].to_vec();
        assert_eq!(taken(two), vec![external(3), external(4)]);
        assert_eq!(taken(one), vec![external(2)]);
        assert_eq!(taken(none), vec![]);
        assert_eq!(taken(rest), vec![external(1)]);
    }
}
