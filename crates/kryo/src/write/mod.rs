//! The write half: a model's attributes as the Kryo bytes msm's Kryo transcoder writes for the
//! same Java objects.

use jsess_javaser::jdk::interpret;
use jsess_model::graph::SC_WRITE_METHOD;
use jsess_model::jdk::BigInt;
use jsess_model::{
    deep, ClassData, ClassKind, FieldDesc, Graph, JavaString, JdkValue, Node, NodeId, Ref, Value,
};
use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use crate::classes::{
    is_tracked, registration_id, wrapper_ordinal, ClassCache, Dialect, FieldLayout,
    RedissonRelease, Ser, PROXY_ID, TAG_NAME, TAG_NULL,
};
use crate::error::WriteError;
use crate::generics::Generics;
use crate::layout::LayoutField;
use crate::memo::{ClassMemo, Map};
use crate::numbers::twos_complement;
use crate::schema::Schemas;
use crate::wire::Output;

mod containers;
mod fields;
mod values;

/// Writes msm's attribute map: `kryo.writeObject(output, attributes)` of a `ConcurrentHashMap`
/// holding `attributes` in the given order, appended to `out`.
pub fn write_attributes(
    graph: &Graph<'_>,
    attributes: &[(NodeId, Ref)],
    schemas: &Schemas,
    out: Vec<u8>,
) -> Result<Vec<u8>, WriteError> {
    let writer = Writer::new(
        graph,
        schemas,
        Output::wrap(out),
        Dialect::Msm,
        RedissonRelease::LATEST,
    );
    write_map(writer, attributes)
}

/// The attribute map, with `writer` fresh.
pub(crate) fn write_map(
    mut writer: Writer<'_, '_>,
    attributes: &[(NodeId, Ref)],
) -> Result<Vec<u8>, WriteError> {
    let graph = writer.graph;
    // The map itself is reference #0.
    writer.next_ref = 1;
    writer.out.var_int(1, true);
    writer.out.var_int(attributes.len() as i32, true);
    for (name, value) in attributes {
        let attribute_error = |e: WriteError| WriteError::Attribute {
            attribute: graph
                .string(*name)
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default(),
            source: Box::new(e),
        };
        writer
            .class_and_object(Some(*name), None)
            .map_err(attribute_error)?;
        writer
            .class_and_object(*value, None)
            .map_err(attribute_error)?;
    }
    Ok(writer.out.into_bytes())
}

/// A value's class as Kryo names it, and its serializer.
type RuntimeClass<'w> = (Cow<'w, str>, Ser);

pub(crate) struct Writer<'w, 'g> {
    pub(crate) graph: &'w Graph<'g>,
    pub(crate) schemas: &'w Schemas,
    pub(crate) out: Output,
    pub(crate) dialect: Dialect,
    /// Reference id + 1 of each node written so far (0: not yet written).
    refs: Vec<u32>,
    next_ref: u32,
    /// Name ids of classes written by name in this graph.
    names: Map<String, u32>,
    pub(crate) classes: ClassCache<'w>,
    /// By descriptor node: the class and serializer of its instances, for classes whose
    /// instances all write the same way (most of them), so a session with many objects of a
    /// class names and looks it up once.
    plain_classes: RefCell<Vec<Option<RuntimeClass<'w>>>>,
    /// By descriptor node: what the writer keeps about its FieldSerializer instances from the
    /// second on ([`DescFields`]).
    desc_fields: Vec<DescFields>,
    /// The field values of the objects being written, each object's above those of the
    /// objects it is nested in: one buffer for the whole graph.
    field_values: Vec<Value>,
}

/// What the writer keeps about the FieldSerializer instances of one descriptor.
#[derive(Clone, Default)]
pub(super) enum DescFields {
    /// No instance written yet.
    #[default]
    Unseen,
    /// One instance written, its class checked and its fields looked up by name (a class with
    /// one instance in a session, the most common case, is not worth keeping more for).
    Once,
    /// From the second instance on ([`KnownFields`]).
    Known(Rc<KnownFields>),
}

/// What the writer keeps about a descriptor's FieldSerializer instances from the second on:
/// the class's name and layout (having passed the checks that depend on the class alone)
/// and, where every field's name matched (and the class is not wide), where each Kryo field
/// sits in the instances' class data.
pub(super) struct KnownFields {
    pub class: Box<str>,
    pub layout: Rc<FieldLayout>,
    pub slots: Option<Box<[FieldSlot]>>,
}

/// Where a Kryo field's value sits in an instance's class data: the position in its
/// descriptor chain (superclass first), the field's position in that class's descriptor, and
/// whether the class has a `writeObject` method (whose annotation must then be empty).
#[derive(Debug, Clone, Copy)]
pub(super) struct FieldSlot {
    class: u32,
    field: u32,
    write_method: bool,
}

impl<'w, 'g> Writer<'w, 'g> {
    pub(crate) fn new(
        graph: &'w Graph<'g>,
        schemas: &'w Schemas,
        out: Output,
        dialect: Dialect,
        release: RedissonRelease,
    ) -> Self {
        let classes = ClassCache::for_release(schemas, true, dialect, release);
        Writer::with_classes(graph, schemas, out, dialect, classes)
    }

    /// A writer of one blob that starts from, and adds to, what `memo` remembers.
    pub(crate) fn over_memo(graph: &'w Graph<'g>, memo: &'w ClassMemo, out: Output) -> Self {
        let classes = ClassCache::over_memo(memo, true);
        Writer::with_classes(graph, memo.schemas(), out, memo.dialect(), classes)
    }

    /// The writer over `classes` (made once: a writer built whole and then given another
    /// cache made and dropped one of its own for every blob).
    fn with_classes(
        graph: &'w Graph<'g>,
        schemas: &'w Schemas,
        out: Output,
        dialect: Dialect,
        classes: ClassCache<'w>,
    ) -> Self {
        Writer {
            graph,
            schemas,
            out,
            dialect,
            refs: vec![0; graph.len()],
            next_ref: 0,
            names: Map::default(),
            classes,
            plain_classes: RefCell::new(Vec::new()),
            desc_fields: Vec::new(),
            field_values: Vec::new(),
        }
    }

    /// Whether instances of a serializer's classes get reference markers (never in Kryo 5
    /// as Redisson configures it: references are off).
    fn tracks(&self, ser: Ser) -> bool {
        self.dialect == Dialect::Msm && is_tracked(ser)
    }
}

pub(crate) fn unsupported(class: &str, reason: impl Into<String>) -> WriteError {
    WriteError::Unsupported {
        class: class.to_string(),
        reason: reason.into(),
    }
}

pub(crate) fn schema_error(class: &str, need: String) -> WriteError {
    WriteError::Schema {
        class: class.to_string(),
        need,
    }
}

impl<'w, 'g> Writer<'w, 'g> {
    /// The class Kryo would see at run time for a node, and its serializer.
    pub(crate) fn runtime_class(&self, id: NodeId) -> Result<RuntimeClass<'w>, WriteError> {
        let class = match self.graph.node(id) {
            Node::String(_) => Cow::Borrowed("java.lang.String"),
            Node::Class(_) => Cow::Borrowed("java.lang.Class"),
            Node::Enum(e) => {
                let enum_class = self.class_name(e.class);
                let constant = self
                    .graph
                    .string(e.name)
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let class = self
                    .schemas
                    .enum_constant_class(&enum_class, &constant)
                    .map_err(|need| schema_error(&enum_class, need))?;
                return Ok((Cow::Owned(class), Ser::Enum));
            }
            Node::Array(a) => self.class_name(a.class),
            Node::ClassDesc(_) => {
                return Err(unsupported(
                    "java.io.ObjectStreamClass",
                    "a class descriptor object has no Kryo form",
                ))
            }
            Node::Object(o) => {
                if let Some(Some(known)) = self.plain_classes.borrow().get(o.class.index()) {
                    return Ok(known.clone());
                }
                if let Some(desc) = self.graph.class_desc(o.class) {
                    if matches!(desc.kind, ClassKind::Proxy { .. }) {
                        if self.dialect == Dialect::Redisson5 {
                            return Err(unsupported(
                                "java.lang.reflect.Proxy",
                                "Kryo 5 has no serializer for proxies",
                            ));
                        }
                        return Ok((Cow::Borrowed("java.lang.reflect.Proxy"), Ser::Proxy));
                    }
                }
                let name = self.class_name(o.class);
                match &*name {
                    "java.util.EnumSet$SerializationProxy" => {
                        return Ok((Cow::Owned(self.enum_set_class(id)?), Ser::EnumSet))
                    }
                    "java.util.CollSer" => {
                        return Err(unsupported(
                            "java.util.ImmutableCollections",
                            "List.of/Set.of/Map.of collections cannot be rebuilt by Kryo 4 \
                             (CollectionSerializer adds to an immutable collection)",
                        ))
                    }
                    "java.time.Ser" => {
                        return match interpret(self.graph, id) {
                            Some(JdkValue::Time(t)) => {
                                Ok((Cow::Borrowed(crate::time::class_of(&t)), Ser::Time))
                            }
                            _ => Err(unsupported("java.time", "an unreadable java.time.Ser form")),
                        }
                    }
                    "java.util.Collections$UnmodifiableList"
                    | "java.util.Collections$SynchronizedList" => {
                        jsess_javaser::jdk::wrapper_runtime_class(self.graph, id)
                            .map_or(name, Cow::Owned)
                    }
                    _ => {
                        let ser = self.serializer(&name)?;
                        let mut plain = self.plain_classes.borrow_mut();
                        if plain.len() <= o.class.index() {
                            plain.resize(o.class.index() + 1, None);
                        }
                        plain[o.class.index()] = Some((name.clone(), ser));
                        return Ok((name, ser));
                    }
                }
            }
        };
        let ser = self.serializer(&class)?;
        Ok((class, ser))
    }

    /// The serializer of a class Kryo can write.
    fn serializer(&self, class: &str) -> Result<Ser, WriteError> {
        match self.classes.serializer(class) {
            Ser::Unsupported(reason) => Err(unsupported(class, reason)),
            ser => Ok(ser),
        }
    }

    fn class_name(&self, desc: NodeId) -> Cow<'w, str> {
        self.graph
            .class_name(desc)
            .map_or(Cow::Borrowed("?"), |n| n.to_string_lossy())
    }

    fn enum_set_class(&self, id: NodeId) -> Result<String, WriteError> {
        let Some(JdkValue::Collection { element_type, .. }) = interpret(self.graph, id) else {
            return Err(unsupported(
                "java.util.EnumSet",
                "unexpected serialized form",
            ));
        };
        let enum_class = self.class_object_name(element_type)?;
        let constants = self
            .schemas
            .enum_constants(&enum_class)
            .map_err(|need| schema_error(&enum_class, need))?;
        Ok(if constants.len() <= 64 {
            "java.util.RegularEnumSet".to_string()
        } else {
            "java.util.JumboEnumSet".to_string()
        })
    }

    pub(crate) fn class_object_name(&self, r: Ref) -> Result<String, WriteError> {
        match r.and_then(|id| interpret(self.graph, id)) {
            Some(JdkValue::Class(Some(name))) => Ok(name.to_string_lossy().into_owned()),
            _ => Err(unsupported("java.lang.Class", "expected a class object")),
        }
    }

    /// `writeClass`.
    pub(crate) fn class_tag(&mut self, class: &str, ser: Ser) -> Result<(), WriteError> {
        if ser == Ser::Proxy {
            self.out.var_int((PROXY_ID + 2) as i32, true);
            return Ok(());
        }
        if let Some(id) =
            registration_id(class).filter(|id| (*id as usize) < self.dialect.registered())
        {
            self.out.var_int((id + 2) as i32, true);
            return Ok(());
        }
        self.out.var_int(TAG_NAME as i32, true);
        match self.names.get(class) {
            Some(&id) => self.out.var_int(id as i32, true),
            None => {
                let id = self.names.len() as u32;
                self.names.insert(class.to_string(), id);
                self.out.var_int(id as i32, true);
                // Kryo 5 writes an ASCII name with writeAscii (the ASCII form at any length).
                if self.dialect == Dialect::Redisson5 && class.is_ascii() {
                    self.out.ascii_str(class);
                } else {
                    self.out.str(class);
                }
            }
        }
        Ok(())
    }

    /// `writeReferenceOrNull` for a tracked object: a back-reference (and `true`: the body is
    /// skipped) or a new-object marker.
    fn reference(&mut self, id: NodeId) -> bool {
        let slot = &mut self.refs[id.index()];
        if *slot != 0 {
            let back = *slot - 1;
            self.out.var_int((back + 2) as i32, true);
            return true;
        }
        *slot = self.next_ref + 1;
        self.next_ref += 1;
        self.out.var_int(1, true);
        false
    }

    /// `writeClassAndObject`.
    pub(crate) fn class_and_object(
        &mut self,
        r: Ref,
        generics: Generics,
    ) -> Result<(), WriteError> {
        let Some(id) = r else {
            self.out.var_int(TAG_NULL as i32, true);
            return Ok(());
        };
        let (class, ser) = self.runtime_class(id)?;
        self.class_tag(&class, ser)?;
        if self.tracks(ser) && self.reference(id) {
            return Ok(());
        }
        deep::guard(|| self.body(id, &class, ser, generics))
    }

    /// `writeObjectOrNull` with the serializer of a final declared type.
    pub(crate) fn object_or_null(
        &mut self,
        r: Ref,
        declared: &str,
        generics: Generics,
    ) -> Result<(), WriteError> {
        if self.dialect == Dialect::Redisson5 {
            return self.object_or_null5(r, declared, generics);
        }
        let Some(id) = r else {
            self.out.var_int(0, true);
            return Ok(());
        };
        let (class, ser) = self.runtime_class(id)?;
        if is_tracked(ser) {
            if self.reference(id) {
                return Ok(());
            }
        } else {
            self.out.var_int(1, true);
        }
        deep::guard(|| self.body(id, &class, ser, generics))
    }

    /// `writeObject` after a class tag written by the caller.
    pub(crate) fn object(
        &mut self,
        id: NodeId,
        class: &str,
        ser: Ser,
        generics: Generics,
    ) -> Result<(), WriteError> {
        if self.tracks(ser) && self.reference(id) {
            return Ok(());
        }
        deep::guard(|| self.body(id, class, ser, generics))
    }

    pub(crate) fn jdk(&self, id: NodeId, class: &str) -> Result<JdkValue<'w>, WriteError> {
        interpret(self.graph, id).ok_or_else(|| {
            unsupported(
                class,
                "its serialized form is not the one the JDK writes, so its value is not known",
            )
        })
    }

    /// The body of an object of `class`, written by the serializer `ser`.
    pub(crate) fn body(
        &mut self,
        id: NodeId,
        class: &str,
        ser: Ser,
        generics: Generics,
    ) -> Result<(), WriteError> {
        if self.dialect == Dialect::Redisson5 {
            if let Some(written) = self.body5(id, class, ser, &generics) {
                return written;
            }
        }
        match ser {
            Ser::ArraysAsList => self.arrays_as_list(id, class),
            Ser::Proxy => self.proxy(id),
            Ser::Wrapper => match self.jdk(id, class)? {
                JdkValue::Wrapper { inner, .. } => {
                    let (_, ordinal) = wrapper_ordinal(class)
                        .ok_or_else(|| unsupported(class, "unknown wrapper"))?;
                    self.out.var_int(i32::from(ordinal), true);
                    self.class_and_object(inner, None)
                }
                _ => Err(unsupported(class, "unexpected wrapper form")),
            },
            Ser::PrimitiveArray(_) | Ser::ObjectArray => self.array(id, class),
            Ser::EnumSet => self.enum_set(id, class),
            Ser::Empty => Ok(()),
            Ser::TreeSet | Ser::Collection => self.collection(id, class, ser, generics),
            Ser::TreeMap | Ser::Map => self.map(id, class, ser, generics),
            Ser::EnumMap => self.enum_map(id, class),
            Ser::Field => self.fields(id, class, generics),
            Ser::Uuid | Ser::StringArray | Ser::Atomic | Ser::Uri | Ser::Pattern => Err(
                unsupported(class, "only Kryo 5 writes it with this serializer"),
            ),
            Ser::Unsupported(reason) => Err(unsupported(class, reason)),
            Ser::Boxed(_)
            | Ser::String
            | Ser::BigInteger
            | Ser::BigDecimal
            | Ser::Class
            | Ser::Date
            | Ser::Enum
            | Ser::Currency
            | Ser::Text
            | Ser::Singleton
            | Ser::SingletonMap
            | Ser::Locale
            | Ser::Time => self.value_body(id, class, ser),
        }
    }

    pub(crate) fn primitive(&mut self, v: Value) {
        match v {
            Value::Int(i) => self.out.var_int(i, false),
            Value::Long(l) => self.out.var_long(l, false),
            Value::Short(s) => self.out.short(s),
            Value::Byte(b) => self.out.byte(b as u8),
            Value::Char(c) => self.out.char(c),
            Value::Boolean(b) => self.out.byte(u8::from(b != 0)),
            Value::Float(f) => self.out.int(f.to_bits() as i32),
            Value::Double(d) => self.out.long(d.to_bits() as i64),
            Value::Ref(_) => {}
        }
    }

    fn ordinal(&self, enum_class: &str, name: &str) -> Result<usize, WriteError> {
        let constants = self
            .schemas
            .enum_constants(enum_class)
            .map_err(|need| schema_error(enum_class, need))?;
        constants.iter().position(|c| c == name).ok_or_else(|| {
            schema_error(
                enum_class,
                format!("the schema of enum {enum_class} has no constant {name}"),
            )
        })
    }

    fn big_integer(&mut self, b: &BigInt<'_>) {
        let bytes = twos_complement(b);
        self.out.var_int(bytes.len() as i32 + 1, true);
        self.out.raw(&bytes);
    }

    pub(crate) fn string_field(
        &self,
        id: NodeId,
        owner: &str,
        field: &str,
    ) -> Result<Option<Vec<u16>>, WriteError> {
        let value = self.field_value(id, owner, field)?;
        match value {
            Value::Ref(None) => Ok(None),
            Value::Ref(Some(s)) => match self.graph.node(s) {
                Node::String(s) => Ok(Some(s.value.utf16_units().collect())),
                _ => Err(unsupported(owner, format!("field {field} is not a string"))),
            },
            _ => Err(unsupported(owner, format!("field {field} is not a string"))),
        }
    }

    /// A field's value in a Java object's data, by declaring class and name.
    pub(crate) fn field_value(
        &self,
        id: NodeId,
        owner: &str,
        field: &str,
    ) -> Result<Value, WriteError> {
        value_in(&self.class_blocks(id, owner)?, owner, field)
    }
}

/// One class's part of an object: its descriptor's fields and the data written for them.
pub(super) struct ClassBlock<'w> {
    name: &'w JavaString<'w>,
    fields: &'w [FieldDesc<'w>],
    flags: u8,
    data: &'w ClassData<'w>,
    /// The field values of `data` (none for Externalizable data).
    values: &'w [Value],
}

/// A field's value among an object's class blocks, by declaring class and name.
fn value_in(blocks: &[ClassBlock<'_>], owner: &str, field: &str) -> Result<Value, WriteError> {
    let (_, block) = block_of(blocks, owner, field)?;
    let index = block.fields.iter().position(|f| f.name.eq_str(field));
    field_value(block, owner, field, index)
}

/// Pushes the values of `fields` (in Kryo's order) among an object's class blocks onto
/// `out`, as [`value_in`] finds each (on an error, some may have been pushed). A wide class's
/// fields are found through a table of each block's names, made once per block: looking
/// along a block of thousands of fields for each would be quadratic.
pub(super) fn values_in(
    blocks: &[ClassBlock<'_>],
    fields: &[LayoutField],
    out: &mut Vec<Value>,
) -> Result<(), WriteError> {
    /// Classes up to this many fields are looked along.
    const ALONG: usize = 32;
    if fields.len() <= ALONG {
        for f in fields {
            out.push(value_in(blocks, &f.owner, &f.field.name)?);
        }
        return Ok(());
    }
    let mut tables: Vec<Option<HashMap<Cow<'_, str>, usize>>> = vec![None; blocks.len()];
    for f in fields {
        let (owner, name) = (&*f.owner, f.field.name.as_str());
        let (at, block) = block_of(blocks, owner, name)?;
        // The first field of each name, as looking along finds it; a name that is not
        // Unicode (an unpaired surrogate) equals no Rust string, so it is left out.
        let table = tables[at].get_or_insert_with(|| {
            let mut table = HashMap::with_capacity(block.fields.len());
            for (i, f) in block.fields.iter().enumerate() {
                if let Some(text) = f.name.to_str() {
                    table.entry(text).or_insert(i);
                }
            }
            table
        });
        let index = table.get(name).copied();
        out.push(field_value(block, owner, name, index)?);
    }
    Ok(())
}

/// The class block of `owner` and its place among `blocks`, checked to hold fields Kryo's
/// FieldSerializer can write.
fn block_of<'b, 'w>(
    blocks: &'b [ClassBlock<'w>],
    owner: &str,
    field: &str,
) -> Result<(usize, &'b ClassBlock<'w>), WriteError> {
    let (at, block) = blocks.iter().enumerate().find(|(_, b)| b.name.eq_str(owner)).ok_or_else(|| {
        unsupported(
            owner,
            format!(
                "field {owner}.{field} is not in the Java stream (the class is not serializable), so its value is not known"
            ),
        )
    })?;
    // An Externalizable object read from a Java stream holds what writeExternal wrote; one
    // read from Kryo (or another format that stores fields) holds its fields.
    let ClassData::Serial { annotation, .. } = block.data else {
        return Err(unsupported(
            owner,
            "Externalizable: Kryo's FieldSerializer cannot write what writeExternal writes",
        ));
    };
    if block.flags & SC_WRITE_METHOD != 0 && annotation.as_ref().is_some_and(|a| !a.is_empty()) {
        return Err(unsupported(
            owner,
            "its writeObject method wrote data of its own, which Kryo's FieldSerializer would drop",
        ));
    }
    Ok((at, block))
}

/// The value at `index` of a block's fields, or why there is none.
fn field_value(
    block: &ClassBlock<'_>,
    owner: &str,
    field: &str,
    index: Option<usize>,
) -> Result<Value, WriteError> {
    let index = index.ok_or_else(|| {
        schema_error(
            owner,
            format!(
                "field {field} of the class schema is not in the Java stream's descriptor of {owner}"
            ),
        )
    })?;
    block
        .values
        .get(index)
        .copied()
        .ok_or_else(|| unsupported(owner, "field values missing"))
}
