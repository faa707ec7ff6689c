//! JDK classes as plain values.
//!
//! [`interpret`] reads the serialized form of the JDK classes sessions hold (each class's
//! `writeObject` layout, from the OpenJDK sources and checked against JDK 17 bytes) into a
//! [`JdkValue`]. It is strict: when an object's layout differs from what the JDK writes, or
//! carries state the plain value cannot express (a `Properties` with defaults), it returns
//! `None` and the object stays an ordinary object with its fields, so nothing is lost or
//! guessed. [`Builder`] goes the other way, creating the objects and descriptors Java 17 writes.

mod annotation;
mod build;
pub mod census;
pub mod text;
pub mod time;

pub use build::{
    descriptors_of, descriptors_of_classes, is_binary_class_name, is_untyped, jdk_class,
    untyped_children, writes_only_default_fields, BuildError, Builder, Descriptor, Descriptors,
    FieldPlaces, Referents, UntypedChild, CLASS_ATTRIBUTE, MAX_INFERRED_FIELDS, UNTYPED_CLASS,
};

use jsess_model::jdk::{BigInt, CollectionKind};
use jsess_model::{
    ClassData, Content, Elements, FieldType, Graph, JdkValue, Node, NodeId, Object, Ref, Value,
};

use annotation::AnnotationReader;

/// The plain meaning of a node, when it is a JDK value jsess understands.
pub fn interpret<'g>(graph: &'g Graph<'g>, id: NodeId) -> Option<JdkValue<'g>> {
    match graph.get(id)? {
        Node::Enum(e) => Some(JdkValue::Enum {
            class: graph.class_name(e.class)?,
            name: graph.string(e.name)?,
        }),
        Node::Class(c) => Some(JdkValue::Class(graph.class_name(c.class))),
        Node::Object(object) if object.complete => {
            let name = graph.class_name(object.class)?.as_ascii()?;
            ObjectView { graph, object }
                .interpret(name)
                .or_else(|| build::stored::interpret(graph, object, name))
        }
        _ => None,
    }
}

/// The value of a `java.lang.Integer` object, as [`interpret`] reads it, without trying
/// the other classes `interpret` knows: what reading an attribute stream's count needs for
/// every session.
pub fn boxed_int(graph: &Graph<'_>, id: NodeId) -> Option<i32> {
    const INTEGER: &str = "java.lang.Integer";
    let Node::Object(object) = graph.get(id)? else {
        return None;
    };
    // The exact bytes, as `interpret` matches the class name (an overlong spelling is not it).
    if !object.complete || graph.class_name(object.class)?.as_mutf8() != INTEGER.as_bytes() {
        return None;
    }
    match (ObjectView { graph, object }).boxed_as(FieldType::Int)? {
        Value::Int(n) => Some(n),
        _ => None,
    }
}

/// The load factor of a hash-based JDK map or set, when it is not the default 0.75 every
/// no-argument constructor uses: formats that rebuild maps and sets from their entries (Kryo's
/// MapSerializer and CollectionSerializer, XStream's converters) drop it.
pub fn custom_load_factor(graph: &Graph<'_>, id: NodeId) -> Option<f32> {
    let Node::Object(object) = graph.get(id)? else {
        return None;
    };
    let view = ObjectView { graph, object };
    let class = graph.class_name(object.class)?.as_ascii()?;
    let factor = match class {
        "java.util.HashMap"
        | "java.util.LinkedHashMap"
        | "java.util.Hashtable"
        | "java.util.Properties" => match view.field("loadFactor")? {
            Value::Float(f) => f,
            _ => return None,
        },
        "java.util.HashSet" | "java.util.LinkedHashSet" => {
            let mut r = view.annotation_reader(0)?;
            let (_capacity, factor) = (r.i32()?, r.f32()?);
            factor
        }
        _ => return None,
    };
    (factor != 0.75).then_some(factor)
}

/// Whether Java writes a map's entries in the reverse of its iteration order: `Properties`
/// (JDK 9+: a `ConcurrentHashMap` inside, written from a stack), where formats that iterate
/// the map (Kryo, XStream) list them the other way round.
pub fn stream_reverses_iteration(class: &str) -> bool {
    class == "java.util.Properties"
}

/// The `java.util.Collections` list wrappers whose `RandomAccess` variant Java serialization
/// writes under the plain name (`writeReplace`), as (runtime class, serialized class).
const RANDOM_ACCESS_WRAPPERS: [(&str, &str); 2] = [
    (
        "java.util.Collections$UnmodifiableRandomAccessList",
        "java.util.Collections$UnmodifiableList",
    ),
    (
        "java.util.Collections$SynchronizedRandomAccessList",
        "java.util.Collections$SynchronizedList",
    ),
];

/// JDK lists that implement `RandomAccess` (what the wrappers' factories test for).
const RANDOM_ACCESS_LISTS: [&str; 7] = [
    "java.util.ArrayList",
    "java.util.Vector",
    "java.util.Stack",
    "java.util.Arrays$ArrayList",
    "java.util.concurrent.CopyOnWriteArrayList",
    "java.util.Collections$SingletonList",
    "java.util.Collections$EmptyList",
];

/// The class a `Collections` wrapper had in the JVM: `unmodifiableList` and `synchronizedList`
/// of a `RandomAccess` list make the random-access wrapper, which Java serialization writes as
/// the plain one. `None` when `id` is not a wrapper.
pub fn wrapper_runtime_class(graph: &Graph<'_>, id: NodeId) -> Option<String> {
    let Some(JdkValue::Wrapper { class, inner }) = interpret(graph, id) else {
        return None;
    };
    let random_access = inner.is_some_and(|inner| is_random_access_list(graph, inner));
    Some(
        RANDOM_ACCESS_WRAPPERS
            .iter()
            .find(|(_, serial)| *serial == class && random_access)
            .map_or(class, |(runtime, _)| runtime)
            .to_string(),
    )
}

/// The class Java serialization writes for a wrapper's runtime class (the inverse of
/// [`wrapper_runtime_class`]).
pub fn serialized_wrapper_class(class: &str) -> &str {
    RANDOM_ACCESS_WRAPPERS
        .iter()
        .find(|(runtime, _)| *runtime == class)
        .map_or(class, |(_, serial)| serial)
}

fn is_random_access_list(graph: &Graph<'_>, id: NodeId) -> bool {
    if let Some(runtime) = wrapper_runtime_class(graph, id) {
        return RANDOM_ACCESS_WRAPPERS.iter().any(|(r, _)| *r == runtime);
    }
    let class = match (interpret(graph, id), graph.get(id)) {
        (Some(JdkValue::Collection { class, .. }), _) => class.to_string(),
        (_, Some(Node::Object(o))) => match graph.class_name(o.class) {
            Some(name) => name.to_string_lossy().into_owned(),
            None => return false,
        },
        _ => return false,
    };
    RANDOM_ACCESS_LISTS.contains(&class.as_str())
}

/// An object together with the graph it lives in.
struct ObjectView<'g> {
    graph: &'g Graph<'g>,
    object: &'g Object,
}

impl<'g> ObjectView<'g> {
    /// The object's class data, superclass first.
    fn data(&self) -> &'g [ClassData<'g>] {
        self.graph.class_data(self.object)
    }

    fn interpret(&self, class: &'g str) -> Option<JdkValue<'g>> {
        match class {
            "java.lang.Integer"
            | "java.lang.Long"
            | "java.lang.Short"
            | "java.lang.Byte"
            | "java.lang.Double"
            | "java.lang.Float"
            | "java.lang.Boolean"
            | "java.lang.Character" => self.boxed(class).map(JdkValue::Boxed),
            "java.util.concurrent.atomic.AtomicInteger"
            | "java.util.concurrent.atomic.AtomicLong" => {
                self.only_fields(&[&["value"]])?;
                let value = self.field("value")?;
                matches!(value, Value::Int(_) | Value::Long(_)).then_some(JdkValue::Atomic(value))
            }
            "java.util.Date" => {
                self.shape(&[("java.util.Date", &[])])?;
                Some(JdkValue::Date {
                    class,
                    millis: self.date_millis()?,
                })
            }
            "java.sql.Date" | "java.sql.Time" => {
                self.shape(&[("java.util.Date", &[]), (class, &[])])?;
                Some(JdkValue::Date {
                    class,
                    millis: self.date_millis()?,
                })
            }
            "java.sql.Timestamp" => {
                self.shape(&[("java.util.Date", &[]), ("java.sql.Timestamp", &["nanos"])])?;
                let Value::Int(nanos) = self.field("nanos")? else {
                    return None;
                };
                Some(JdkValue::Timestamp {
                    millis: self.date_millis()?,
                    nanos,
                })
            }
            "java.math.BigInteger" => self.big_integer().map(JdkValue::BigInteger),
            "java.math.BigDecimal" => {
                self.shape(&[
                    ("java.lang.Number", &[]),
                    ("java.math.BigDecimal", &["scale", "intVal"]),
                ])?;
                let Value::Int(scale) = self.field("scale")? else {
                    return None;
                };
                let int_val = self.ref_field("intVal")??;
                let Node::Object(inner) = self.graph.get(int_val)? else {
                    return None;
                };
                let inner = ObjectView {
                    graph: self.graph,
                    object: inner,
                };
                if self.graph.class_name(inner.object.class)?.as_ascii()? != "java.math.BigInteger"
                {
                    return None;
                }
                Some(JdkValue::BigDecimal {
                    unscaled: inner.big_integer()?,
                    scale,
                })
            }
            "java.util.UUID" => {
                self.shape(&[("java.util.UUID", &["leastSigBits", "mostSigBits"])])?;
                let (Value::Long(least), Value::Long(most)) =
                    (self.field("leastSigBits")?, self.field("mostSigBits")?)
                else {
                    return None;
                };
                Some(JdkValue::Uuid { most, least })
            }
            "java.util.Locale" => self.locale(),
            "java.lang.StringBuilder" => self.string_builder(),
            "java.lang.StringBuffer" => self.string_buffer(),
            "java.time.Ser" => self.temporal(),
            _ => self.collection(class),
        }
    }

    fn collection(&self, class: &'g str) -> Option<JdkValue<'g>> {
        self.map_class(class)
            .or_else(|| self.list_or_set_class(class))
    }

    /// The JDK maps (hash, linked, tree, skip-list and concurrent maps, `Hashtable`,
    /// `Properties`, `EnumMap`) and the skip-list set built on one.
    fn map_class(&self, class: &'g str) -> Option<JdkValue<'g>> {
        use CollectionKind::Set;
        match class {
            "java.util.HashMap" => {
                self.shape(&[("java.util.HashMap", &["loadFactor", "threshold"])])?;
                self.map(class, self.hash_map_entries()?, None, None, false)
            }
            "java.util.LinkedHashMap" => {
                self.shape(&[
                    ("java.util.HashMap", &["loadFactor", "threshold"]),
                    ("java.util.LinkedHashMap", &["accessOrder"]),
                ])?;
                let Value::Boolean(access_order) = self.field("accessOrder")? else {
                    return None;
                };
                self.map(
                    class,
                    self.hash_map_entries()?,
                    None,
                    None,
                    access_order != 0,
                )
            }
            "java.util.concurrent.ConcurrentSkipListMap" => {
                self.shape(&[(
                    "java.util.concurrent.ConcurrentSkipListMap",
                    &["comparator"],
                )])?;
                // Key/value pairs until a null key.
                let mut r = self.annotation_reader(0)?;
                let mut entries = Vec::new();
                while let Some(key) = r.object()? {
                    entries.push((Some(key), r.object()?));
                }
                r.end()?;
                self.map(class, entries, self.ref_field("comparator")?, None, false)
            }
            "java.util.concurrent.ConcurrentSkipListSet" => {
                self.shape(&[("java.util.concurrent.ConcurrentSkipListSet", &["m"])])?;
                // The set is its map's keys, each mapped to Boolean.TRUE.
                let map = self.ref_field("m")??;
                let Some(JdkValue::Map {
                    class: "java.util.concurrent.ConcurrentSkipListMap",
                    entries,
                    comparator,
                    ..
                }) = interpret(self.graph, map)
                else {
                    return None;
                };
                let all_true = entries.iter().all(|(_, v)| {
                    v.is_some_and(|v| {
                        matches!(
                            interpret(self.graph, v),
                            Some(JdkValue::Boxed(Value::Boolean(1)))
                        )
                    })
                });
                all_true.then(|| {
                    collection(
                        Set,
                        class,
                        entries.into_iter().map(|(k, _)| k).collect(),
                        comparator,
                        None,
                    )
                })
            }
            "java.util.TreeMap" => {
                self.shape(&[("java.util.TreeMap", &["comparator"])])?;
                let mut r = self.annotation_reader(0)?;
                let size = r.size()?;
                let entries = r.pairs(size)?;
                r.end()?;
                self.map(class, entries, self.ref_field("comparator")?, None, false)
            }
            "java.util.Hashtable" | "java.util.Properties" => {
                if class == "java.util.Properties" {
                    self.shape(&[
                        ("java.util.Hashtable", &["loadFactor", "threshold"]),
                        ("java.util.Properties", &["defaults"]),
                    ])?;
                } else {
                    self.shape(&[("java.util.Hashtable", &["loadFactor", "threshold"])])?;
                }
                let mut r = self.annotation_reader(0)?;
                let _length = r.i32()?;
                let count = r.size()?;
                let entries = r.pairs(count)?;
                r.end()?;
                let defaults = if class == "java.util.Properties" {
                    self.ref_field("defaults")?
                } else {
                    None
                };
                Some(JdkValue::Map {
                    class,
                    entries,
                    comparator: None,
                    key_type: None,
                    access_order: false,
                    defaults,
                })
            }
            "java.util.concurrent.ConcurrentHashMap" => {
                self.only_fields(&[&["segmentMask", "segmentShift", "segments"]])?;
                let mut r = self.annotation_reader(0)?;
                let mut entries = Vec::new();
                loop {
                    let (key, value) = (r.object()?, r.object()?);
                    if key.is_none() && value.is_none() {
                        break;
                    }
                    entries.push((key, value));
                }
                r.end()?;
                self.map(class, entries, None, None, false)
            }
            "java.util.EnumMap" => {
                self.shape(&[("java.util.EnumMap", &["keyType"])])?;
                let mut r = self.annotation_reader(0)?;
                let size = r.size()?;
                let entries = r.pairs(size)?;
                r.end()?;
                self.map(class, entries, None, self.ref_field("keyType")?, false)
            }
            _ => None,
        }
    }

    /// The JDK lists, sets and queues, `EnumSet`'s and `List.of`'s serial forms, and the
    /// `Collections` singletons, empties and wrappers.
    fn list_or_set_class(&self, class: &'g str) -> Option<JdkValue<'g>> {
        use CollectionKind::{List, Set};
        let list = |elements| Some(collection(List, class, elements, None, None));
        let set = |elements| Some(collection(Set, class, elements, None, None));
        match class {
            "java.util.HashSet" | "java.util.LinkedHashSet" => {
                if class == "java.util.LinkedHashSet" {
                    self.shape(&[("java.util.HashSet", &[]), ("java.util.LinkedHashSet", &[])])?;
                } else {
                    self.shape(&[("java.util.HashSet", &[])])?;
                }
                let mut r = self.annotation_reader(0)?;
                let (_capacity, _load_factor) = (r.i32()?, r.f32()?);
                let size = r.size()?;
                let elements = r.objects(size)?;
                r.end()?;
                set(elements)
            }
            "java.util.TreeSet" => {
                self.shape(&[("java.util.TreeSet", &[])])?;
                let mut r = self.annotation_reader(0)?;
                let comparator = r.object()?;
                let size = r.size()?;
                let elements = r.objects(size)?;
                r.end()?;
                Some(collection(Set, class, elements, comparator, None))
            }
            "java.util.ArrayList" => {
                self.shape(&[("java.util.ArrayList", &["size"])])?;
                let Value::Int(size) = self.field("size")? else {
                    return None;
                };
                let mut r = self.annotation_reader(0)?;
                let _capacity = r.i32()?;
                let elements = r.objects(usize::try_from(size).ok()?)?;
                r.end()?;
                list(elements)
            }
            "java.util.LinkedList"
            | "java.util.ArrayDeque"
            | "java.util.concurrent.CopyOnWriteArrayList" => {
                self.shape(&[(class, &[])])?;
                let mut r = self.annotation_reader(0)?;
                let size = r.size()?;
                let elements = r.objects(size)?;
                r.end()?;
                list(elements)
            }
            "java.util.PriorityQueue" => {
                self.shape(&[("java.util.PriorityQueue", &["size", "comparator"])])?;
                let Value::Int(size) = self.field("size")? else {
                    return None;
                };
                let mut r = self.annotation_reader(0)?;
                let _array_length = r.i32()?;
                let elements = r.objects(usize::try_from(size).ok()?)?;
                r.end()?;
                Some(collection(
                    List,
                    class,
                    elements,
                    self.ref_field("comparator")?,
                    None,
                ))
            }
            "java.util.Vector" | "java.util.Stack" => {
                let vector = (
                    "java.util.Vector",
                    &["capacityIncrement", "elementCount", "elementData"][..],
                );
                if class == "java.util.Stack" {
                    self.shape(&[vector, ("java.util.Stack", &[])])?;
                } else {
                    self.shape(&[vector])?;
                }
                let Value::Int(count) = self.field("elementCount")? else {
                    return None;
                };
                let data = self.ref_field("elementData")??;
                let elements = self.object_array(data)?;
                let count = usize::try_from(count)
                    .ok()
                    .filter(|&c| c <= elements.len())?;
                self.annotation_reader(0)?.end()?;
                list(elements[..count].to_vec())
            }
            "java.util.EnumSet$SerializationProxy" => {
                self.shape(&[(
                    "java.util.EnumSet$SerializationProxy",
                    &["elementType", "elements"],
                )])?;
                let elements = self.object_array(self.ref_field("elements")??)?;
                Some(collection(
                    Set,
                    class,
                    elements,
                    None,
                    self.ref_field("elementType")?,
                ))
            }
            "java.util.CollSer" => {
                self.shape(&[("java.util.CollSer", &["tag"])])?;
                let Value::Int(tag) = self.field("tag")? else {
                    return None;
                };
                let mut r = self.annotation_reader(0)?;
                let len = r.size()?;
                let items = r.objects(len)?;
                r.end()?;
                match tag & 0xFF {
                    1 | 4 => list(items),
                    2 => set(items),
                    3 if items.len() % 2 == 0 => {
                        let entries = items.chunks_exact(2).map(|kv| (kv[0], kv[1])).collect();
                        self.map(class, entries, None, None, false)
                    }
                    _ => None,
                }
            }
            "java.util.Arrays$ArrayList" => {
                self.shape(&[("java.util.Arrays$ArrayList", &["a"])])?;
                list(self.object_array(self.ref_field("a")??)?)
            }
            "java.util.Collections$EmptyList" => self.empty(class, Some(List)),
            "java.util.Collections$EmptySet" => self.empty(class, Some(Set)),
            "java.util.Collections$EmptyMap" => self.empty(class, None),
            "java.util.Collections$SingletonList" | "java.util.Collections$SingletonSet" => {
                self.shape(&[(class, &["element"])])?;
                let element = self.ref_field("element")?;
                if class.ends_with("List") {
                    list(vec![element])
                } else {
                    set(vec![element])
                }
            }
            "java.util.Collections$SingletonMap" => {
                self.shape(&[(class, &["k", "v"])])?;
                let entry = (self.ref_field("k")?, self.ref_field("v")?);
                self.map(class, vec![entry], None, None, false)
            }
            _ if is_collections_wrapper(class) => {
                let inner = self.ref_field("m").or_else(|| self.ref_field("c"))?;
                Some(JdkValue::Wrapper { class, inner })
            }
            _ => None,
        }
    }

    fn empty(&self, class: &'g str, kind: Option<CollectionKind>) -> Option<JdkValue<'g>> {
        self.shape(&[(class, &[])])?;
        match kind {
            Some(kind) => Some(collection(kind, class, Vec::new(), None, None)),
            None => self.map(class, Vec::new(), None, None, false),
        }
    }

    fn map(
        &self,
        class: &'g str,
        entries: Vec<(Ref, Ref)>,
        comparator: Ref,
        key_type: Ref,
        access_order: bool,
    ) -> Option<JdkValue<'g>> {
        Some(JdkValue::Map {
            class,
            entries,
            comparator,
            key_type,
            access_order,
            defaults: None,
        })
    }

    // ---- layout checks -------------------------------------------------------------------

    /// Checks that the descriptor chain is exactly these classes with exactly these fields (in
    /// any order), so a different class version is never misread.
    fn shape(&self, expected: &[(&str, &[&str])]) -> Option<()> {
        (self.data().len() == expected.len()).then_some(())?;
        let mut classes = 0;
        // Most derived class first, against `expected` (superclass first) from its end.
        for (k, desc_id) in self.graph.class_chain_up(self.object.class).enumerate() {
            let (name, fields) = expected.get(expected.len().checked_sub(k + 1)?)?;
            let desc = self.graph.class_desc(desc_id)?;
            self.graph.class_name(desc_id)?.eq_str(name).then_some(())?;
            let actual = desc.fields();
            (actual.len() == fields.len()).then_some(())?;
            actual
                .iter()
                .all(|f| fields.iter().any(|n| f.name.eq_str(n)))
                .then_some(())?;
            classes += 1;
        }
        (classes == expected.len()).then_some(())
    }

    /// Like [`Self::shape`] for classes whose superclass descriptors are not checked by name.
    fn only_fields(&self, fields_per_class: &[&[&str]]) -> Option<()> {
        let desc = self.graph.class_desc(self.object.class)?;
        let expected = fields_per_class.last()?;
        (desc.fields().len() == expected.len()
            && desc
                .fields()
                .iter()
                .all(|f| expected.iter().any(|n| f.name.eq_str(n))))
        .then_some(())
    }

    /// The value of the named field, looked up from the most derived class up.
    fn field(&self, name: &str) -> Option<Value> {
        // Class data is laid out superclass first: the class `k` steps up from the object's
        // own sits at `len - 1 - k`.
        let len = self.graph.class_chain_up(self.object.class).count();
        for (k, desc_id) in self.graph.class_chain_up(self.object.class).enumerate() {
            let desc = self.graph.class_desc(desc_id)?;
            if let Some(pos) = desc.fields().iter().position(|f| f.name.eq_str(name)) {
                let ClassData::Serial { fields, .. } = self.data().get(len - 1 - k)? else {
                    return None;
                };
                return self.graph.values(*fields).get(pos).copied();
            }
        }
        None
    }

    /// A reference field: `None` when absent, `Some(None)` when null.
    fn ref_field(&self, name: &str) -> Option<Ref> {
        self.field(name)?.as_ref()
    }

    fn annotation_reader(&self, index: usize) -> Option<AnnotationReader<'g>> {
        let contents: &'g [Content<'g>] = match self.data().get(index)? {
            ClassData::Serial { annotation, .. } => annotation.as_deref()?,
            ClassData::External(contents) => contents,
        };
        Some(AnnotationReader::new(contents))
    }

    fn object_array(&self, id: NodeId) -> Option<Vec<Ref>> {
        match self.graph.get(id)? {
            Node::Array(array) if array.aborted_length.is_none() => match &array.elements {
                Elements::Object(refs) => Some(refs.clone()),
                Elements::Primitive { .. } => None,
            },
            _ => None,
        }
    }

    fn primitive_array(&self, id: NodeId, ty: FieldType) -> Option<&'g [u8]> {
        match self.graph.get(id)? {
            Node::Array(array) => match &array.elements {
                Elements::Primitive { ty: t, raw } if *t == ty => Some(raw),
                _ => None,
            },
            _ => None,
        }
    }

    // ---- value classes -------------------------------------------------------------------

    /// A boxed primitive: its own class (already matched by name) declares exactly the field
    /// `value`, numbers extend a field-less `java.lang.Number` and `Boolean` and `Character`
    /// extend nothing serializable. Checked directly rather than through [`Self::shape`]: msm's
    /// attribute count and many attribute values are boxes, so every session meets several.
    fn boxed(&self, class: &str) -> Option<Value> {
        let (ty, _) = FieldType::BOXES.iter().find(|(_, c)| *c == class)?;
        self.boxed_as(*ty)
    }

    /// [`Self::boxed`] for the box of primitive type `ty` (the caller checked the class name):
    /// the attribute count of every msm session is read this way.
    fn boxed_as(&self, ty: FieldType) -> Option<Value> {
        let graph = self.graph;
        let own = graph.class_desc(self.object.class)?;
        let [field] = own.fields() else {
            return None;
        };
        field.name.eq_str("value").then_some(())?;
        let parent = own
            .super_class
            .and_then(|id| graph.class_desc(id).map(|d| (id, d)));
        let data = self.data();
        if matches!(ty, FieldType::Boolean | FieldType::Char) {
            (parent.is_none() && data.len() == 1).then_some(())?;
        } else {
            let (number, desc) = parent?;
            let top = desc.super_class.and_then(|id| graph.class_desc(id));
            (top.is_none()
                && desc.fields().is_empty()
                && graph.class_name(number)?.eq_str("java.lang.Number")
                && data.len() == 2)
                .then_some(())?;
        }
        let ClassData::Serial { fields, .. } = data.last()? else {
            return None;
        };
        let value = *graph.values(*fields).first()?;
        (value.field_type() == ty).then_some(value)
    }

    fn date_millis(&self) -> Option<i64> {
        let mut r = self.annotation_reader(0)?;
        let millis = r.i64()?;
        r.end()?;
        Some(millis)
    }

    fn big_integer(&self) -> Option<BigInt<'g>> {
        self.shape(&[
            ("java.lang.Number", &[]),
            (
                "java.math.BigInteger",
                &[
                    "bitCount",
                    "bitLength",
                    "firstNonzeroByteNum",
                    "lowestSetBit",
                    "signum",
                    "magnitude",
                ],
            ),
        ])?;
        let Value::Int(signum) = self.field("signum")? else {
            return None;
        };
        let magnitude = self.primitive_array(self.ref_field("magnitude")??, FieldType::Byte)?;
        (-1..=1).contains(&signum).then_some(())?;
        Some(BigInt { signum, magnitude })
    }

    fn locale(&self) -> Option<JdkValue<'g>> {
        self.shape(&[(
            "java.util.Locale",
            &[
                "hashcode",
                "country",
                "extensions",
                "language",
                "script",
                "variant",
            ],
        )])?;
        let text = |name: &str| -> Option<&'g jsess_model::JavaString<'g>> {
            self.graph.string(self.ref_field(name)??)
        };
        Some(JdkValue::Locale {
            language: text("language")?,
            country: text("country")?,
            variant: text("variant")?,
            script: text("script")?,
            extensions: text("extensions")?,
        })
    }

    fn string_builder(&self) -> Option<JdkValue<'g>> {
        self.shape(&[("java.lang.StringBuilder", &[])])?;
        let mut r = self.annotation_reader(0)?;
        let count = r.size()?;
        let chars = r.object()??;
        r.end()?;
        let raw = self.primitive_array(chars, FieldType::Char)?;
        Some(JdkValue::Text {
            class: "java.lang.StringBuilder",
            units: utf16_prefix(raw, count)?,
        })
    }

    fn string_buffer(&self) -> Option<JdkValue<'g>> {
        self.shape(&[("java.lang.StringBuffer", &["count", "shared", "value"])])?;
        let Value::Int(count) = self.field("count")? else {
            return None;
        };
        let raw = self.primitive_array(self.ref_field("value")??, FieldType::Char)?;
        self.annotation_reader(0)?.end()?;
        Some(JdkValue::Text {
            class: "java.lang.StringBuffer",
            units: utf16_prefix(raw, usize::try_from(count).ok()?)?,
        })
    }

    fn temporal(&self) -> Option<JdkValue<'g>> {
        let [ClassData::External(contents)] = self.data() else {
            return None;
        };
        let bytes = AnnotationReader::new(contents).remaining_block_bytes()?;
        time::decode(&bytes).map(JdkValue::Time)
    }

    fn hash_map_entries(&self) -> Option<Vec<(Ref, Ref)>> {
        let mut r = self.annotation_reader(0)?;
        let _buckets = r.i32()?;
        let size = r.size()?;
        let entries = r.pairs(size)?;
        r.end()?;
        Some(entries)
    }
}

fn collection<'g>(
    kind: CollectionKind,
    class: &'g str,
    elements: Vec<Ref>,
    comparator: Ref,
    element_type: Ref,
) -> JdkValue<'g> {
    JdkValue::Collection {
        kind,
        class,
        elements,
        comparator,
        element_type,
    }
}

fn utf16_prefix(raw: &[u8], count: usize) -> Option<Vec<u16>> {
    let bytes = raw.get(..count.checked_mul(2)?)?;
    Some(
        bytes
            .chunks_exact(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect(),
    )
}

/// `java.util.Collections` wrappers whose only state is the wrapped collection (plus a mutex
/// for the synchronized ones, a type for the checked ones).
fn is_collections_wrapper(class: &str) -> bool {
    class
        .strip_prefix("java.util.Collections$")
        .is_some_and(|rest| {
            rest.starts_with("Unmodifiable")
                || rest.starts_with("Synchronized")
                || rest.starts_with("Checked")
        })
}

#[cfg(test)]
mod tests;
