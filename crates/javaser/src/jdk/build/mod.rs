//! Building streams from values.
//!
//! [`Builder`] creates nodes in a fresh graph the way `ObjectOutputStream` would write the same
//! objects under JDK 17: one class descriptor per class per stream, with the JDK's
//! serialVersionUIDs, flags and field lists (from the census the JDK itself printed,
//! `corpora/census`), shared field-type strings, and each class's `writeObject` layout
//! with the sizes and capacities a freshly filled JDK collection has.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use jsess_model::jdk::Temporal;
use jsess_model::{
    Array, BlockData, ClassData, ClassDesc, ClassKind, ClassObject, Content, DescOrigin, Elements,
    EnumConstant, FieldType, Graph, JavaString, JdkValue, Node, NodeId, Object, Ref, StringNode,
    Unknowns, Value,
};

use super::time;
use crate::constants::MAX_BLOCK_SIZE;
use crate::Stream;

mod collections;
mod descriptors;
mod instances;
mod places;
mod referents;
pub(super) mod stored;
mod untyped;
mod values;

pub use places::FieldPlaces;
pub use referents::Referents;
pub use untyped::{is_untyped, untyped_children, UntypedChild, CLASS_ATTRIBUTE, UNTYPED_CLASS};

/// A class descriptor to create: what a class's `ObjectStreamClass` says.
#[derive(Debug, Clone, PartialEq)]
pub struct Descriptor {
    /// Binary class name (`com.shop.Cart`, `[I`).
    pub name: String,
    /// serialVersionUID.
    pub suid: i64,
    /// `SC_*` flags.
    pub flags: u8,
    /// Fields in stream order: type, name, and for references the JVM signature.
    pub fields: Vec<(FieldType, String, Option<String>)>,
    /// The superclass's name, described by an earlier spec or the JDK table: the next
    /// serializable one, or (for formats that keep them) a non-serializable one with fields.
    pub super_class: Option<String>,
    /// Where these facts come from.
    pub origin: DescOrigin,
    /// Which facts the source did not know.
    pub unknown: Unknowns,
}

impl Descriptor {
    /// A class known only by what a format's text showed (FlexJSON's bean properties,
    /// Javolution's attributes and elements): its name and its fields' names in the order
    /// shown, each a reference of unknown type. Everything Java serialization needs besides
    /// (serialVersionUID, serial form, field types, superclasses) is marked unknown, so a Java
    /// writer refuses its objects naming what is missing.
    pub fn inferred(class: &str, fields: impl IntoIterator<Item = String>) -> Descriptor {
        Descriptor {
            name: class.to_string(),
            suid: 0,
            flags: 0,
            fields: fields
                .into_iter()
                .map(|name| (FieldType::Object, name, None))
                .collect(),
            super_class: None,
            origin: DescOrigin::Inferred,
            unknown: Unknowns::ALL,
        }
    }

    /// Merges the field names one element of a class known only by its text shows into those
    /// shown before, each new name after the one shown before it (elements leave null fields
    /// out, so each may show fields another does not). The flag of a name is kept only while
    /// every element showing it sets it. At most [`MAX_INFERRED_FIELDS`] names: the rest are
    /// left for the reader to refuse as unknown fields.
    pub fn merge_shown<N: Eq + std::hash::Hash>(
        fields: &mut Vec<(N, bool)>,
        shown: impl IntoIterator<Item = (N, bool)>,
    ) {
        let mut index = ShownIndex::default();
        let mut after: Option<usize> = None;
        for (name, flag) in shown {
            after = Some(match index.position(fields, &name) {
                Some(at) => {
                    fields[at].1 &= flag;
                    at
                }
                None if fields.len() >= MAX_INFERRED_FIELDS => break,
                None => {
                    let at = after.map_or(0, |a| a + 1);
                    fields.insert(at, (name, flag));
                    index.moved();
                    at
                }
            });
        }
    }

    /// The values a new instance's fields hold before anything sets them: Java's defaults.
    pub fn default_values(&self) -> Vec<Value> {
        self.fields
            .iter()
            .map(|(ty, _, _)| match ty {
                FieldType::Byte => Value::Byte(0),
                FieldType::Char => Value::Char(0),
                FieldType::Double => Value::Double(0.0),
                FieldType::Float => Value::Float(0.0),
                FieldType::Int => Value::Int(0),
                FieldType::Long => Value::Long(0),
                FieldType::Short => Value::Short(0),
                FieldType::Boolean => Value::Boolean(0),
                FieldType::Object | FieldType::Array => Value::Ref(None),
            })
            .collect()
    }
}

/// Where a name stands among the field names merged so far ([`Descriptor::merge_shown`]): a
/// look along the list while it is short, then a table by the name's hash, made when first
/// needed and again after an insertion moves the names. An element may show millions of
/// children (each a lookup) against up to [`MAX_INFERRED_FIELDS`] names, so looking along the
/// list every time would cost a billion comparisons.
#[derive(Default)]
struct ShownIndex {
    state: foldhash::fast::RandomState,
    /// The position of the first name with each hash; `None` until built.
    by_hash: Option<HashMap<u64, usize>>,
}

impl ShownIndex {
    /// Lists up to this long are searched along.
    const SCAN: usize = 16;

    fn position<N: Eq + std::hash::Hash>(
        &mut self,
        fields: &[(N, bool)],
        name: &N,
    ) -> Option<usize> {
        if fields.len() <= Self::SCAN {
            return fields.iter().position(|(f, _)| f == name);
        }
        use std::hash::BuildHasher;
        let state = &self.state;
        let table = self.by_hash.get_or_insert_with(|| {
            let mut table = HashMap::with_capacity(fields.len());
            for (at, (f, _)) in fields.iter().enumerate() {
                table.entry(state.hash_one(f)).or_insert(at);
            }
            table
        });
        match table.get(&state.hash_one(name)) {
            Some(&at) if fields.get(at).is_some_and(|(f, _)| f == name) => Some(at),
            // Absent, or another name with the same hash: the list decides.
            Some(_) => fields.iter().position(|(f, _)| f == name),
            None => None,
        }
    }

    /// The names moved (one was inserted): the table is made again when next needed.
    fn moved(&mut self) {
        self.by_hash = None;
    }
}

/// The most superclasses a class built from specs may have (the JDK's deepest serializable
/// hierarchies are a dozen classes).
const MAX_HIERARCHY: usize = 64;

/// The most fields a class known only by its text is given (merging names is quadratic in it).
pub const MAX_INFERRED_FIELDS: usize = 1024;

/// Class descriptor specs by class name: what a reader knows about application classes that
/// the bytes name without describing (gathered with [`descriptors_of`]). Make one with
/// `Descriptors::default()`. Every class a builder describes is looked up here first, JDK
/// classes included, so it is hashed as the builder's own tables are.
pub type Descriptors = HashMap<String, Descriptor, foldhash::fast::RandomState>;

/// The builder's own tables, keyed by names and texts from the input: hashed with a per-map
/// random seed.
pub(crate) type Map<K, V> = HashMap<K, V, foldhash::fast::RandomState>;

/// Why a value could not be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BuildError {
    /// A class jsess has no descriptor for.
    #[error("no class descriptor known for {0}; describe it with Builder::define")]
    UnknownClass(String),
    /// A value that this class cannot hold.
    #[error("cannot build {class}: {reason}")]
    Unsupported {
        /// The class.
        class: String,
        /// Why.
        reason: String,
    },
}

/// Builds a stream's graph and contents from values.
#[derive(Debug, Default)]
pub struct Builder {
    graph: Graph<'static>,
    contents: Vec<Content<'static>>,
    /// Classes defined for this stream (and facts marked on them), ahead of `shared`.
    specs: Map<String, Descriptor>,
    /// Application classes a reader knows for every stream it builds: shared, not copied.
    shared: Option<Arc<Descriptors>>,
    /// Descriptor nodes by class name, and field type signature strings by their text: keys
    /// from the JDK table are borrowed from it.
    descs: Map<Cow<'static, str>, NodeId>,
    signatures: Map<Cow<'static, str>, NodeId>,
    /// How many classes [`Builder::with_capacity`] expects the stream to name: the room
    /// `signatures` gets when its first entry comes (many small streams never need one).
    expected_classes: usize,
    /// Boxes Java hands out from its caches (`Integer.valueOf(7)` is always the same object).
    cached_boxes: Map<u64, NodeId>,
    /// Each box class's descriptor and class chain length, by primitive type.
    box_classes: [Option<(NodeId, usize)>; 8],
    /// Interned strings (`String.intern()`: one object per text in the JVM), by their modified
    /// UTF-8 bytes.
    interned: Map<Vec<u8>, NodeId>,
    /// The JDK singletons built so far, by class.
    singletons: Map<&'static str, NodeId>,
    /// Proxy class descriptors, by their interfaces (the JVM makes one class per list).
    proxies: Map<Vec<String>, NodeId>,
    /// Serial proxy classes the source format named the replaced class of.
    stands_for: Map<String, String>,
}

impl Builder {
    /// An empty stream.
    pub fn new() -> Self {
        Builder::default()
    }

    /// An empty stream whose builder knows the classes of `specs` besides the JDK's. They are
    /// shared, not copied: a reader builds every session's stream over the same classes.
    pub fn with_classes(specs: Arc<Descriptors>) -> Self {
        Builder {
            shared: Some(specs),
            ..Builder::default()
        }
    }

    /// The same builder with room for `nodes` nodes, for a reader that can estimate how many
    /// its input makes: growing the graph node by node copies it several times over.
    pub fn with_capacity(mut self, nodes: usize) -> Self {
        if self.graph.is_empty() {
            self.graph = Graph::with_capacity(nodes);
            // A stream of a few dozen objects names a dozen classes or so: grown from empty,
            // these tables would be rehashed three or four times per stream.
            let classes = (nodes / 8).clamp(4, 64);
            self.descs.reserve(classes);
            self.expected_classes = classes;
        }
        self
    }

    /// Records that a class's descriptor lacks a fact (what its `writeObject` data is, when a
    /// format recorded it ambiguously), in its spec and in the descriptor if it exists.
    pub fn mark_unknown(&mut self, class: &str, unknown: Unknowns) {
        if let Some(mut spec) = self.spec(class).cloned() {
            spec.unknown = spec.unknown.union(unknown);
            self.specs.insert(class.to_string(), spec);
        }
        if let Some(&id) = self.descs.get(class) {
            if let Node::ClassDesc(d) = self.graph.node_mut(id) {
                d.unknown = d.unknown.union(unknown);
            }
        }
    }

    /// Records that objects of `proxy` stand for objects of `original` (a serial proxy its
    /// `writeReplace` returns, where the format named the class it replaced); refused when the
    /// format named another class before.
    pub fn mark_stands_for(&mut self, proxy: &str, original: &str) -> Result<(), BuildError> {
        match self.stands_for.get(proxy) {
            Some(known) if known != original => {
                return Err(BuildError::Unsupported {
                    class: proxy.to_string(),
                    reason: format!("a serial proxy written for both {known} and {original}"),
                })
            }
            Some(_) => return Ok(()),
            None => {}
        }
        self.stands_for
            .insert(proxy.to_string(), original.to_string());
        if let Some(&id) = self.descs.get(proxy) {
            if let Node::ClassDesc(d) = self.graph.node_mut(id) {
                d.stands_for = Some(JavaString::from_text(original));
            }
        }
        Ok(())
    }

    /// Makes a class descriptor known (application classes; JDK classes are built in).
    pub fn define(&mut self, spec: Descriptor) {
        self.specs.insert(spec.name.clone(), spec);
    }

    /// A placeholder node for an object whose children are built next and may refer back to
    /// it; [`Builder::settle`] puts the finished object in its place.
    pub fn reserve(&mut self) -> NodeId {
        self.graph.add(Node::String(StringNode {
            value: JavaString::from_text(""),
            long: false,
        }))
    }

    /// Moves `built`, which must be the node created last, into the `reserved` slot.
    pub fn settle(&mut self, reserved: NodeId, built: NodeId) -> Result<NodeId, BuildError> {
        if built == reserved {
            return Ok(reserved);
        }
        if built.index() + 1 == self.graph.len() && self.graph.move_last_into(reserved) {
            return Ok(reserved);
        }
        Err(BuildError::Unsupported {
            class: "(reserved object)".to_string(),
            reason: "the object was not the last one built".to_string(),
        })
    }

    /// Whether a descriptor for `class` is known (defined or in the JDK table).
    pub fn knows(&self, class: &str) -> bool {
        self.specs.contains_key(class)
            || self.shared.as_ref().is_some_and(|s| s.contains_key(class))
            || jdk_classes().contains_key(class)
    }

    /// The descriptor of `class` among those shared by every stream ([`Builder::with_classes`]).
    pub fn shared_spec(&self, class: &str) -> Option<&Descriptor> {
        self.shared.as_ref()?.get(class)
    }

    /// The graph built so far.
    pub fn graph(&self) -> &Graph<'static> {
        &self.graph
    }

    /// The class descriptor spec for `class`: a defined one, else the JDK table's.
    pub fn descriptor(&self, class: &str) -> Option<Descriptor> {
        self.spec(class).cloned()
    }

    /// The descriptor specs of `class` and its serializable superclasses, superclass first:
    /// what an instance's class data follows.
    pub fn class_chain(&self, class: &str) -> Result<Vec<Descriptor>, BuildError> {
        let mut chain = Vec::new();
        let mut next = Some(class.to_string());
        while let Some(name) = next {
            if chain.len() > MAX_HIERARCHY {
                return Err(unsupported(class, "class hierarchy too deep"));
            }
            let spec = self
                .descriptor(&name)
                .ok_or(BuildError::UnknownClass(name))?;
            next = spec.super_class.clone();
            chain.push(spec);
        }
        chain.reverse();
        Ok(chain)
    }

    /// Appends a top-level object.
    pub fn write_object(&mut self, r: Ref) {
        self.contents.push(Content::Object(r));
    }

    /// Appends top-level primitive data, chunked as `ObjectOutputStream` does.
    pub fn write_block_data(&mut self, bytes: &[u8]) {
        self.contents.extend(block_records(bytes));
    }

    /// The finished stream.
    pub fn finish(self) -> Stream<'static> {
        Stream {
            graph: self.graph,
            contents: self.contents,
        }
    }

    // ---- leaves ----------------------------------------------------------------------------

    /// A new `String` object (a long-string header when its encoding needs one).
    pub fn string(&mut self, text: &str) -> NodeId {
        self.java_string(JavaString::from_text(text))
    }

    /// A new `String` object from Java text.
    pub fn java_string(&mut self, value: JavaString<'_>) -> NodeId {
        let long = value.as_mutf8().len() > usize::from(u16::MAX);
        self.graph.add(Node::String(StringNode {
            value: value.into_owned(),
            long,
        }))
    }

    /// The one `String` object a JVM has for an interned text.
    pub fn interned_string(&mut self, value: &JavaString<'_>) -> NodeId {
        if let Some(id) = self.interned.get(value.as_mutf8()) {
            return *id;
        }
        let id = self.java_string(value.clone());
        self.interned.insert(value.as_mutf8().to_vec(), id);
        id
    }

    /// A boxed primitive (`Integer` for `Value::Int`, …), as autoboxing makes it: values in
    /// the JDK's box caches (booleans, bytes, chars up to 127, shorts, ints and longs in
    /// -128..=127) are one shared object per stream, the way `valueOf` returns them.
    pub fn boxed(&mut self, value: Value) -> Result<NodeId, BuildError> {
        let key = box_cache_key(&value);
        if let Some(id) = key.and_then(|k| self.cached_boxes.get(&k)) {
            return Ok(*id);
        }
        let id = self.new_box(value)?;
        if let Some(k) = key {
            self.cached_boxes.insert(k, id);
        }
        Ok(id)
    }

    fn new_box(&mut self, value: Value) -> Result<NodeId, BuildError> {
        let (desc, chain_len) = self.box_class(value)?;
        // The superclasses (`Number`, or none) hold no fields; the box's own class holds the
        // value.
        let empty = serial(&mut self.graph, &[]);
        let own = serial(&mut self.graph, &[value]);
        let data = std::iter::repeat_n(empty, chain_len - 1).chain([own]);
        Ok(self.graph.add_object(desc, data))
    }

    /// The descriptor of a box's class and the length of its class chain, found once per
    /// stream: a session of many boxed values asks for them once per value.
    fn box_class(&mut self, value: Value) -> Result<(NodeId, usize), BuildError> {
        let ty = value.field_type();
        let class = ty
            .box_class()
            .ok_or_else(|| unsupported("java.lang.Object", "a reference is not a primitive"))?;
        // The eight primitive types come first among the type codes.
        let slot = ty as usize;
        if let Some(Some(known)) = self.box_classes.get(slot) {
            return Ok(*known);
        }
        let desc = self.desc(class)?;
        let known = (desc, self.graph.class_chain_up(desc).count());
        if let Some(cached) = self.box_classes.get_mut(slot) {
            *cached = Some(known);
        }
        Ok(known)
    }

    /// A dynamic proxy (`java.lang.reflect.Proxy.newProxyInstance`) implementing `interfaces`
    /// with the invocation handler `handler`: Java writes a proxy class descriptor naming the
    /// interfaces, over `java.lang.reflect.Proxy`'s, whose field `h` holds the handler.
    pub fn proxy(&mut self, interfaces: &[String], handler: Ref) -> Result<NodeId, BuildError> {
        let desc = match self.proxies.get(interfaces) {
            Some(desc) => *desc,
            None => {
                let base = self.desc("java.lang.reflect.Proxy")?;
                let desc = self.graph.add(Node::ClassDesc(ClassDesc {
                    kind: ClassKind::Proxy {
                        interfaces: interfaces
                            .iter()
                            .map(|i| JavaString::from_text(i))
                            .collect(),
                    },
                    annotation: vec![],
                    super_class: Some(base),
                    origin: DescOrigin::Jdk,
                    unknown: Unknowns::NONE,
                    stands_for: None,
                }));
                self.proxies.insert(interfaces.to_vec(), desc);
                desc
            }
        };
        let data = [
            serial(&mut self.graph, &[Value::Ref(handler)]),
            serial(&mut self.graph, &[]),
        ];
        Ok(self.graph.add_object(desc, data))
    }

    /// An enum constant.
    pub fn enum_constant(&mut self, class: &str, name: &str) -> Result<NodeId, BuildError> {
        let desc = self.enum_desc(class)?;
        let name = self.string(name);
        Ok(self
            .graph
            .add(Node::Enum(EnumConstant { class: desc, name })))
    }

    /// A `Class` object for a class with a known descriptor (or an enum, or an array class).
    pub fn class_object(&mut self, class: &str) -> Result<NodeId, BuildError> {
        let desc = self.desc(class)?;
        Ok(self.graph.add(Node::Class(ClassObject { class: desc })))
    }

    /// A `Class` object for an enum type: its descriptor is the one every enum type has
    /// (serialVersionUID 0, no fields, `java.lang.Enum` as superclass).
    pub fn enum_class_object(&mut self, class: &str) -> Result<NodeId, BuildError> {
        let desc = self.enum_desc(class)?;
        Ok(self.graph.add(Node::Class(ClassObject { class: desc })))
    }

    /// An array of the given class (`[I`, `[Ljava.lang.String;`).
    pub fn array(&mut self, class: &str, elements: Elements<'_>) -> Result<NodeId, BuildError> {
        let desc = self.array_desc(class)?;
        let elements = match elements {
            Elements::Primitive { ty, raw } => Elements::Primitive {
                ty,
                raw: Cow::Owned(raw.into_owned()),
            },
            Elements::Object(refs) => Elements::Object(refs),
        };
        Ok(self.graph.add(Node::Array(Array {
            class: desc,
            elements,
            aborted_length: None,
        })))
    }

    // ---- descriptors -----------------------------------------------------------------------

    /// Creates an instance of `class`, with class data made by `data` from the chain length.
    fn instance_with(
        &mut self,
        class: &str,
        data: impl FnOnce(&mut Graph<'static>, usize) -> Result<Vec<ClassData<'static>>, BuildError>,
    ) -> Result<NodeId, BuildError> {
        let desc = self.desc(class)?;
        let chain_len = self.graph.class_chain_up(desc).count();
        let data = data(&mut self.graph, chain_len)?;
        Ok(self.graph.add_object(desc, data))
    }
}

/// The class of a JDK value the JVM has one instance of (what `readResolve` returns).
fn singleton_class(value: &JdkValue<'_>) -> Option<&'static str> {
    const SINGLETONS: [&str; 3] = [
        "java.util.Collections$EmptyList",
        "java.util.Collections$EmptySet",
        "java.util.Collections$EmptyMap",
    ];
    let class = match value {
        JdkValue::Collection {
            class, elements, ..
        } if elements.is_empty() => *class,
        JdkValue::Map { class, entries, .. } if entries.is_empty() => *class,
        _ => return None,
    };
    SINGLETONS.into_iter().find(|s| *s == class)
}

/// A key for values that `Byte/Short/Integer/Long/Character/Boolean.valueOf` take from a cache.
fn box_cache_key(value: &Value) -> Option<u64> {
    let small = |v: i64| (-128..=127).contains(&v).then_some(v as u8 as u64);
    let (kind, bits) = match *value {
        Value::Boolean(b) => (0, Some(u64::from(b != 0))),
        Value::Byte(v) => (1, small(i64::from(v))),
        Value::Short(v) => (2, small(i64::from(v))),
        Value::Int(v) => (3, small(i64::from(v))),
        Value::Long(v) => (4, small(v)),
        Value::Char(c) => (5, (c <= 127).then_some(u64::from(c))),
        _ => (0, None),
    };
    bits.map(|b| (kind << 8) | b)
}

/// `HashMap`'s table length after `n` puts into `new HashMap()` (16, doubling past 3/4 full).
fn hash_map_capacity(n: usize) -> usize {
    grown_capacity(n, 16, |c| c * 2, |c| c * 3 / 4)
}

/// A table's capacity after `n` insertions, starting at `initial` and growing with `grow`
/// whenever the size passes `threshold(capacity)`.
fn grown_capacity(
    n: usize,
    initial: usize,
    grow: impl Fn(usize) -> usize,
    threshold: impl Fn(usize) -> usize,
) -> usize {
    let mut capacity = initial;
    while n > threshold(capacity) {
        capacity = grow(capacity);
    }
    capacity
}

/// Splits primitive data into records of at most 1024 bytes, as `ObjectOutputStream` does.
fn block_records(bytes: &[u8]) -> Vec<Content<'static>> {
    bytes
        .chunks(MAX_BLOCK_SIZE)
        .map(|chunk| {
            Content::Block(BlockData {
                bytes: Cow::Owned(chunk.to_vec()),
                long: chunk.len() > 255,
            })
        })
        .collect()
}

fn serial(graph: &mut Graph<'static>, fields: &[Value]) -> ClassData<'static> {
    graph.serial(fields, None)
}

fn with_annotation(
    graph: &mut Graph<'static>,
    fields: &[Value],
    annotation: Vec<Content<'static>>,
) -> ClassData<'static> {
    graph.serial(fields, Some(annotation))
}

fn unsupported(class: &str, reason: &str) -> BuildError {
    BuildError::Unsupported {
        class: class.to_string(),
        reason: reason.to_string(),
    }
}

/// The JDK 17 descriptor of a serializable JDK class (from the census).
pub fn jdk_class(name: &str) -> Option<&'static Descriptor> {
    jdk_classes().get(name)
}

/// JDK classes whose `writeObject` writes their serializable fields and nothing else (their
/// annotation is empty), so formats that store fields hold everything Java writes for them.
/// `Throwable.writeObject` only fills in the stack trace before `defaultWriteObject`.
pub fn writes_only_default_fields(class: &str) -> bool {
    matches!(class, "java.lang.Throwable")
}

/// Whether `class` is a binary class name a format may name: dot-separated Java identifiers
/// (`$` for nested classes), no array or path syntax.
pub fn is_binary_class_name(class: &str) -> bool {
    class.split('.').all(|part| {
        let mut chars = part.chars();
        chars
            .next()
            .is_some_and(|c| c.is_alphabetic() || c == '_' || c == '$')
            && chars.all(|c| c.is_alphanumeric() || c == '_' || c == '$')
    })
}

/// The class descriptors a stream carries, as specs [`Builder::define`] takes: what a decoded
/// Java-serialized session says about its application classes (serialVersionUIDs, flags, field
/// types), for formats whose bytes do not say it.
pub fn descriptors_of(graph: &Graph<'_>) -> Descriptors {
    descriptors_of_classes(graph, |_| true)
}

/// [`descriptors_of`] for the classes `wanted` accepts (by name): the others cost nothing.
pub fn descriptors_of_classes(graph: &Graph<'_>, wanted: impl Fn(&str) -> bool) -> Descriptors {
    let mut specs = Descriptors::default();
    for (_, node) in graph.iter() {
        let Node::ClassDesc(desc) = node else {
            continue;
        };
        let ClassKind::Class {
            name,
            suid,
            flags,
            fields,
        } = &desc.kind
        else {
            continue;
        };
        let name = name.to_string_lossy();
        if !wanted(&name) {
            continue;
        }
        let fields = fields
            .iter()
            .map(|f| {
                let signature = f
                    .type_name
                    .and_then(|t| graph.string(t))
                    .map(|s| s.to_string_lossy().into_owned());
                (f.ty, f.name.to_string_lossy().into_owned(), signature)
            })
            .collect();
        let super_class = desc
            .super_class
            .and_then(|s| graph.class_name(s))
            .map(|n| n.to_string_lossy().into_owned());
        let name = name.into_owned();
        specs.insert(
            name.clone(),
            Descriptor {
                name,
                suid: *suid,
                flags: *flags,
                fields,
                super_class,
                origin: desc.origin,
                unknown: desc.unknown,
            },
        );
    }
    specs
}

/// The JDK class table: the descriptor Java 17 writes for every serializable class of the
/// census (`census.jsonl`, generated by the JDK itself), built once.
fn jdk_classes() -> &'static Map<String, Descriptor> {
    static TABLE: OnceLock<Map<String, Descriptor>> = OnceLock::new();
    TABLE.get_or_init(|| {
        super::census::census()
            .values()
            .filter(|c| c.is_serializable())
            .filter_map(census_spec)
            .map(|spec| (spec.name.clone(), spec))
            .collect()
    })
}

/// A census class's Java descriptor.
fn census_spec(class: &super::census::CensusClass) -> Option<Descriptor> {
    let fields = class
        .fields
        .iter()
        .map(|field| {
            let name = field.first()?.clone();
            let ty_text = field.get(1)?;
            let ty = FieldType::from_code(*ty_text.as_bytes().first()?)?;
            Some((ty, name, ty.is_reference().then(|| ty_text.clone())))
        })
        .collect::<Option<Vec<_>>>()?;
    Some(Descriptor {
        name: class.name.clone(),
        suid: class.suid,
        flags: class.flags,
        fields,
        super_class: class.serializable_super().map(str::to_string),
        origin: DescOrigin::Jdk,
        unknown: Unknowns::NONE,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_holds_every_serializable_census_class() {
        // 1000 serializable classes of java.base and java.sql, less the interfaces, plus arrays.
        assert!(jdk_classes().len() > 950, "{}", jdk_classes().len());
        let timestamp = &jdk_classes()["java.sql.Timestamp"];
        assert_eq!(timestamp.super_class.as_deref(), Some("java.util.Date"));
        let hash_map = &jdk_classes()["java.util.HashMap"];
        assert_eq!(hash_map.suid, 362498820763181265);
        assert_eq!(hash_map.flags, 0x03);
    }

    #[test]
    fn capacities_follow_the_jdk() {
        assert_eq!(hash_map_capacity(0), 16);
        assert_eq!(hash_map_capacity(12), 16);
        assert_eq!(hash_map_capacity(13), 32);
        assert_eq!(grown_capacity(9, 11, |c| c * 2 + 1, |c| c * 3 / 4), 23);
    }
}
