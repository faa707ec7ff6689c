//! The read half: msm's Kryo attribute map into the model, as the Java objects Java
//! serialization would then write.

use std::borrow::Cow;
use std::rc::Rc;
use std::sync::Arc;

use jsess_javaser::jdk::{writes_only_default_fields, BuildError, Builder, Descriptor};
use jsess_model::graph::SC_WRITE_METHOD;
use jsess_model::jdk::CollectionKind;
use jsess_model::{
    deep, ClassData, Elements, FieldType, JdkValue, Limit, Limits, NodeId, Ref, Unknowns, Value,
};

use crate::classes::{
    is_tracked, ClassCache, Dialect, RedissonRelease, Ser, PROXY_ID, REGISTERED, TAG_NAME, TAG_NULL,
};
use crate::error::ReadError;
use crate::generics::{field_generics, known_element_class, scope_for, Generics, Scope};
use crate::memo::{ClassMemo, Map};
use crate::numbers::from_twos_complement;
use crate::schema::{ChainError, JavaType, Origin, Schemas, TypeKind};
use crate::wire::Input;

mod body;
mod objects;

/// msm's attribute map read from Kryo: the objects, built as Java would write them, and the
/// attributes (name string, value) in the order Kryo wrote them.
#[derive(Debug)]
pub struct KryoAttributes {
    /// The Java objects; add the msm framing and finish it into a stream.
    pub builder: Builder,
    /// Attribute name and value, in the Kryo map's order.
    pub attributes: Vec<(NodeId, Ref)>,
}

/// Reads `kryo.writeObject(output, attributesMap)` as msm wrote it: every byte must belong to
/// the map.
pub fn read_attributes(
    bytes: &[u8],
    schemas: &Schemas,
    limits: &Limits,
) -> Result<KryoAttributes, ReadError> {
    match read_attributes_prefix(bytes, schemas, limits) {
        (read, None) => Ok(read),
        (_, Some(error)) => Err(error),
    }
}

/// Reads the attribute map as far as it can: the attributes before the first error (each
/// complete), and that error. Kryo bytes cannot be skipped past a value that cannot be read
/// (its length is nowhere), so a class without a layout ends the reading there; what came
/// before is still shown.
pub fn read_attributes_prefix(
    bytes: &[u8],
    schemas: &Schemas,
    limits: &Limits,
) -> (KryoAttributes, Option<ReadError>) {
    Reader::new(
        bytes,
        schemas,
        limits,
        Dialect::Msm,
        RedissonRelease::LATEST,
    )
    .attributes(bytes.len())
}

/// A class name as the reader met it: a registered class's, or one the stream named (shared
/// with the reader's table of names), so passing it on copies no text.
#[derive(Debug, Clone)]
pub(crate) enum ClassName {
    Registered(&'static str),
    Named(Rc<str>),
}

impl std::ops::Deref for ClassName {
    type Target = str;

    fn deref(&self) -> &str {
        match self {
            ClassName::Registered(name) => name,
            ClassName::Named(name) => name,
        }
    }
}

/// About one node per 8 bytes of Kryo (a typical session's objects, strings and the
/// descriptors Java would write for them), capped so that a large blob grows as it goes.
fn expected_nodes(bytes: &[u8]) -> usize {
    (bytes.len() / 8 + 16).min(1 << 14)
}

pub(crate) struct Reader<'a, 's> {
    pub(crate) input: Input<'a>,
    pub(crate) schemas: &'s Schemas,
    pub(crate) limits: Limits,
    pub(crate) builder: Builder,
    pub(crate) dialect: Dialect,
    /// Elements Kryo 5 may still write in no bytes at all (nulls of an all-null collection,
    /// empty bodies): bounded by `max_handles`, as nothing else in the input bounds them.
    pub(crate) free_elements: u64,
    /// Objects by Kryo reference id (`None` while an object is being read).
    refs: Vec<Option<NodeId>>,
    /// Class names by name id, with their serializers: a value names its class by id, and
    /// the id finds the serializer again without matching the name.
    names: Vec<(Rc<str>, Ser)>,
    /// The serializers of the registered classes met so far, by registration id.
    registered: [Option<Ser>; REGISTERED.len()],
    /// One node per enum constant, as the JVM has one object per constant.
    enums: Map<(String, usize), NodeId>,
    depth: u32,
    pub(crate) classes: ClassCache<'s>,
    /// The Java descriptors of each application class read so far, most derived first.
    java_chains: Map<String, Arc<[Descriptor]>>,
    /// What is kept across blobs, when the caller keeps it.
    memo: Option<&'s ClassMemo>,
    /// The field values of the objects being read, each in its class's layout order and
    /// each object's above those of the objects it is nested in: one buffer for the whole
    /// blob rather than a map per object.
    field_values: Vec<Value>,
    /// One class's field values in Java's order, while an object is built from its plan.
    slot_values: Vec<Value>,
    /// An object's class data, while it is built from its plan.
    class_data: Vec<ClassData<'static>>,
}

/// A field's value, keyed by the class declaring it and its name.
pub(crate) type FieldValue<'s> = ((&'s str, &'s str), Value);

impl<'a, 's> Reader<'a, 's> {
    pub(crate) fn new(
        bytes: &'a [u8],
        schemas: &'s Schemas,
        limits: &Limits,
        dialect: Dialect,
        release: RedissonRelease,
    ) -> Self {
        let builder = Builder::new().with_capacity(expected_nodes(bytes));
        let classes = ClassCache::for_release(schemas, false, dialect, release);
        Reader::with_builder(bytes, schemas, limits, dialect, builder, classes)
    }

    /// A reader that builds into `builder`.
    fn with_builder(
        bytes: &'a [u8],
        schemas: &'s Schemas,
        limits: &Limits,
        dialect: Dialect,
        builder: Builder,
        classes: ClassCache<'s>,
    ) -> Self {
        let input = match dialect {
            Dialect::Msm => Input::new(bytes, limits.max_string_bytes),
            Dialect::Redisson5 => Input::kryo5(bytes, limits.max_string_bytes),
        };
        Reader {
            input,
            schemas,
            limits: *limits,
            builder,
            dialect,
            free_elements: u64::from(limits.max_handles),
            refs: Vec::new(),
            names: Vec::new(),
            registered: [None; REGISTERED.len()],
            enums: Map::default(),
            depth: 0,
            classes,
            java_chains: Map::default(),
            memo: None,
            field_values: Vec::new(),
            slot_values: Vec::new(),
            class_data: Vec::new(),
        }
    }

    /// A reader of one blob that starts from, and adds to, what `memo` remembers.
    pub(crate) fn over_memo(bytes: &'a [u8], memo: &'s ClassMemo, limits: &Limits) -> Self {
        let builder =
            Builder::with_classes(memo.descriptors()).with_capacity(expected_nodes(bytes));
        // The cache is made once, over the memo (a reader made whole and then given another
        // cache made and dropped one of its own for every blob).
        let classes = ClassCache::over_memo(memo, false);
        let mut reader = Reader::with_builder(
            bytes,
            memo.schemas(),
            limits,
            memo.dialect(),
            builder,
            classes,
        );
        reader.memo = Some(memo);
        reader
    }

    /// The attribute map, as far as it can be read.
    pub(crate) fn attributes(mut self, len: usize) -> (KryoAttributes, Option<ReadError>) {
        let mut attributes = Vec::new();
        let error = self.map(len, &mut attributes).err();
        (
            KryoAttributes {
                builder: self.builder,
                attributes,
            },
            error,
        )
    }
}

impl Reader<'_, '_> {
    /// The attribute map: count, then name/value pairs; each complete pair goes to `out`.
    fn map(&mut self, len: usize, out: &mut Vec<(NodeId, Ref)>) -> Result<(), ReadError> {
        if len > self.limits.max_stream_bytes {
            return Err(ReadError::Limit {
                offset: 0,
                limit: Limit::StreamBytes,
                value: len as u64,
            });
        }
        let offset = self.input.position();
        if self.input.var_int(true)? != 1 {
            return Err(ReadError::Malformed {
                offset,
                reason: "the attribute map must start with a new-object marker (01)".to_string(),
            });
        }
        self.refs.push(None);
        let count = self
            .input
            .count(self.limits.max_array_length, 2, "attribute count")?;
        out.reserve(count.min(1024));
        for _ in 0..count {
            let offset = self.input.position();
            let name = match self.class_and_object(None)? {
                Some(id)
                    if matches!(self.builder.graph().node(id), jsess_model::Node::String(_)) =>
                {
                    id
                }
                _ => {
                    return Err(ReadError::Malformed {
                        offset,
                        reason: "an attribute name is not a string".to_string(),
                    })
                }
            };
            let value = self.class_and_object(None)?;
            out.push((name, value));
        }
        if self.input.remaining() != 0 {
            return Err(ReadError::TrailingBytes {
                offset: self.input.position(),
                count: self.input.remaining(),
            });
        }
        Ok(())
    }

    pub(crate) fn malformed(&self, offset: usize, reason: impl Into<String>) -> ReadError {
        ReadError::Malformed {
            offset,
            reason: reason.into(),
        }
    }

    pub(crate) fn unsupported(&self, class: &str, reason: impl Into<String>) -> ReadError {
        ReadError::Unsupported {
            offset: self.input.position(),
            class: class.to_string(),
            reason: reason.into(),
        }
    }

    pub(crate) fn schema(&self, class: &str, need: String) -> ReadError {
        ReadError::Schema {
            offset: self.input.position(),
            class: class.to_string(),
            need,
        }
    }

    pub(crate) fn build(&self, e: BuildError) -> ReadError {
        match e {
            BuildError::UnknownClass(class) => self.schema(
                &class,
                "no Java class descriptor is known for it (serialVersionUID, fields): pass \
                 --classpath, a --schema file or --schema-from a Java-serialized session"
                    .to_string(),
            ),
            BuildError::Unsupported { class, reason } => self.unsupported(&class, reason),
        }
    }

    /// `readClass`: `None` for null.
    pub(crate) fn class(&mut self) -> Result<Option<(ClassName, Ser)>, ReadError> {
        let offset = self.input.position();
        let tag = self.input.var_int(true)? as u32;
        if tag == TAG_NULL {
            return Ok(None);
        }
        if tag == TAG_NAME {
            return self.named_class().map(Some);
        }
        let id = tag - 2;
        if id == PROXY_ID && self.dialect == Dialect::Msm {
            return Ok(Some((
                ClassName::Registered("java.lang.reflect.Proxy"),
                Ser::Proxy,
            )));
        }
        let name = *REGISTERED[..self.dialect.registered()]
            .get(id as usize)
            .ok_or_else(|| {
                self.malformed(offset, format!("no class is registered with id {id}"))
            })?;
        let ser = match self.registered[id as usize] {
            Some(ser) => ser,
            None => {
                let ser = self.classes.serializer(name);
                self.registered[id as usize] = Some(ser);
                ser
            }
        };
        Ok(Some((ClassName::Registered(name), ser)))
    }

    /// A class written by name: its name id, then the name itself the first time.
    fn named_class(&mut self) -> Result<(ClassName, Ser), ReadError> {
        let id_offset = self.input.position();
        let id = self.input.var_int(true)? as u32 as usize;
        if let Some((name, ser)) = self.names.get(id) {
            return Ok((ClassName::Named(Rc::clone(name)), *ser));
        }
        if id != self.names.len() {
            return Err(self.malformed(id_offset, format!("class name id {id} was never defined")));
        }
        let text = self
            .input
            .java_string()?
            .ok_or_else(|| self.malformed(id_offset, "a null class name"))?;
        let name = text
            .to_str()
            .ok_or_else(|| self.malformed(id_offset, "a class name that is not text"))?;
        if name.is_empty() || name.len() > 1024 {
            return Err(self.malformed(id_offset, "an impossible class name"));
        }
        let name: Rc<str> = Rc::from(&*name);
        let ser = self.classes.serializer(&name);
        self.names.push((Rc::clone(&name), ser));
        Ok((ClassName::Named(name), ser))
    }

    /// `readClassAndObject`.
    pub(crate) fn class_and_object(&mut self, generics: Generics) -> Result<Ref, ReadError> {
        match self.class()? {
            None => Ok(None),
            Some((class, ser)) => self.object(&class, ser, generics, false),
        }
    }

    /// `readObjectOrNull` of a known (final) class.
    pub(crate) fn object_or_null(
        &mut self,
        class: &str,
        generics: Generics,
    ) -> Result<Ref, ReadError> {
        let ser = self.classes.serializer(class);
        self.object(class, ser, generics, true)
    }

    /// The reference marker (when tracked or nullable), then the body.
    pub(crate) fn object(
        &mut self,
        class: &str,
        ser: Ser,
        generics: Generics,
        nullable: bool,
    ) -> Result<Ref, ReadError> {
        if let Ser::Unsupported(reason) = ser {
            return Err(self.unsupported(class, reason));
        }
        if self.dialect == Dialect::Redisson5 {
            return self.object5(class, ser, generics, nullable);
        }
        let offset = self.input.position();
        if !is_tracked(ser) {
            if nullable {
                match self.input.var_int(true)? {
                    0 => return Ok(None),
                    1 => {}
                    other => {
                        return Err(self.malformed(
                            offset,
                            format!("marker {other} before an untracked value"),
                        ))
                    }
                }
            }
            return self
                .nested(|r| r.body(class, ser, generics, None))
                .map(Some);
        }
        let marker = self.input.var_int(true)? as u32;
        match marker {
            0 if nullable => Ok(None),
            0 => Err(self.malformed(offset, "null marker where an object is required")),
            1 => {
                if self.refs.len() as u64 >= u64::from(self.limits.max_handles) {
                    return Err(ReadError::Limit {
                        offset,
                        limit: Limit::Handles,
                        value: self.refs.len() as u64,
                    });
                }
                let slot = self.refs.len();
                self.refs.push(None);
                let id = self.nested(|r| r.body(class, ser, generics, Some(slot)))?;
                self.refs[slot] = Some(id);
                Ok(Some(id))
            }
            n => {
                let id = (n - 2) as usize;
                match self.refs.get(id) {
                    Some(Some(node)) => Ok(Some(*node)),
                    Some(None) => Err(self.malformed(offset, format!("reference {id} to an object still being read that cannot refer to itself"))),
                    None => Err(self.malformed(offset, format!("reference {id} to an object not read yet"))),
                }
            }
        }
    }

    pub(crate) fn nested<T>(
        &mut self,
        f: impl FnOnce(&mut Self) -> Result<T, ReadError>,
    ) -> Result<T, ReadError> {
        self.depth += 1;
        if self.depth > self.limits.max_depth {
            return Err(ReadError::Limit {
                offset: self.input.position(),
                limit: Limit::Depth,
                value: u64::from(self.depth),
            });
        }
        let depth = self.depth;
        let result = deep::guard_at(depth, || f(self));
        self.depth -= 1;
        result
    }

    /// A placeholder for a container whose children may point back at it.
    fn reserve(&mut self, slot: Option<usize>) -> Option<NodeId> {
        let slot = slot?;
        let id = self.builder.reserve();
        self.refs[slot] = Some(id);
        Some(id)
    }

    fn settle(&mut self, reserved: Option<NodeId>, built: NodeId) -> Result<NodeId, ReadError> {
        match reserved {
            Some(r) => self.builder.settle(r, built).map_err(|e| self.build(e)),
            None => Ok(built),
        }
    }

    pub(crate) fn jdk(
        &mut self,
        reserved: Option<NodeId>,
        value: JdkValue<'_>,
    ) -> Result<NodeId, ReadError> {
        // Kryo stores only the elements of collections and maps: one whose Java form cannot be
        // rebuilt from them (a checked or navigable wrapper, `List.of`) is kept as stored.
        let built = self
            .builder
            .jdk_or_stored(&value)
            .map_err(|e| self.build(e))?;
        self.settle(reserved, built)
    }

    pub(crate) fn primitive(&mut self, code: char) -> Result<Value, ReadError> {
        Ok(match code {
            'I' => Value::Int(self.input.var_int(false)?),
            'J' => Value::Long(self.input.var_long(false)?),
            'S' => Value::Short(self.input.short()?),
            'B' => Value::Byte(self.input.byte()? as i8),
            'C' => Value::Char(self.input.char()?),
            'Z' => Value::Boolean(u8::from(self.input.byte()? == 1)),
            'F' => Value::Float(f32::from_bits(self.input.int()? as u32)),
            'D' => Value::Double(f64::from_bits(self.input.long()? as u64)),
            other => {
                return Err(
                    self.malformed(self.input.position(), format!("no primitive type {other}"))
                )
            }
        })
    }

    pub(crate) fn count(&mut self, what: &'static str) -> Result<usize, ReadError> {
        self.input.count(self.limits.max_array_length, 1, what)
    }

    pub(crate) fn body(
        &mut self,
        class: &str,
        ser: Ser,
        generics: Generics,
        slot: Option<usize>,
    ) -> Result<NodeId, ReadError> {
        if self.dialect == Dialect::Redisson5 {
            if let Some(read) = self.body5(class, ser, &generics) {
                return read;
            }
        }
        match ser {
            Ser::PrimitiveArray(code) => self.primitive_array(class, code),
            Ser::Field => self.fields(class, generics, slot),
            Ser::Uuid | Ser::StringArray | Ser::Atomic | Ser::Uri | Ser::Pattern => {
                Err(self.unsupported(class, "only Kryo 5 writes it with this serializer"))
            }
            Ser::Unsupported(reason) => Err(self.unsupported(class, reason)),
            Ser::Boxed(_)
            | Ser::String
            | Ser::BigInteger
            | Ser::BigDecimal
            | Ser::Class
            | Ser::Date
            | Ser::Enum
            | Ser::Currency
            | Ser::Text
            | Ser::Locale
            | Ser::Time => self.value_body(class, ser),
            _ => self.container_body(class, ser, generics, slot),
        }
    }

    /// The names of the classes in an array of `Class` objects.
    fn class_names(&self, array: Ref) -> Option<Vec<String>> {
        let graph = self.builder.graph();
        let jsess_model::Node::Array(a) = graph.get(array?)? else {
            return None;
        };
        let Elements::Object(items) = &a.elements else {
            return None;
        };
        items
            .iter()
            .map(|item| match graph.get((*item)?)? {
                jsess_model::Node::Class(c) => {
                    Some(graph.class_name(c.class)?.to_string_lossy().into_owned())
                }
                _ => None,
            })
            .collect()
    }

    fn primitive_array(&mut self, class: &str, code: char) -> Result<NodeId, ReadError> {
        let offset = self.input.position();
        let length = self.input.var_int(true)?;
        if length == 0 {
            return Err(self.malformed(offset, "a null array body"));
        }
        let n = (length as u32 - 1) as usize;
        if n > self.limits.max_array_length as usize || n > self.input.remaining() {
            return Err(ReadError::Limit {
                offset,
                limit: Limit::ArrayLength,
                value: n as u64,
            });
        }
        let ty = FieldType::from_code(code as u8)
            .ok_or_else(|| self.malformed(offset, "bad array type"))?;
        let width = ty.primitive_size().unwrap_or(1);
        let mut raw = Vec::with_capacity(n * width);
        for _ in 0..n {
            match self.primitive(code)? {
                Value::Int(v) => raw.extend_from_slice(&v.to_be_bytes()),
                Value::Long(v) => raw.extend_from_slice(&v.to_be_bytes()),
                Value::Short(v) => raw.extend_from_slice(&v.to_be_bytes()),
                Value::Byte(v) => raw.push(v as u8),
                Value::Char(v) => raw.extend_from_slice(&v.to_be_bytes()),
                Value::Boolean(v) => raw.push(v),
                Value::Float(v) => raw.extend_from_slice(&v.to_bits().to_be_bytes()),
                Value::Double(v) => raw.extend_from_slice(&v.to_bits().to_be_bytes()),
                Value::Ref(_) => {}
            }
        }
        self.builder
            .array(
                class,
                Elements::Primitive {
                    ty,
                    raw: Cow::Owned(raw),
                },
            )
            .map_err(|e| self.build(e))
    }

    fn big_integer(&mut self) -> Result<(i32, Vec<u8>), ReadError> {
        let offset = self.input.position();
        let length = self.input.var_int(true)?;
        if length <= 0 {
            return Err(self.malformed(offset, "a null big integer"));
        }
        let bytes = self.input.take((length - 1) as usize, "a big integer")?;
        if bytes.is_empty() {
            return Err(self.malformed(offset, "a big integer without bytes"));
        }
        Ok(from_twos_complement(bytes))
    }

    fn enum_constant(
        &mut self,
        class: &str,
        ordinal: usize,
        offset: usize,
    ) -> Result<NodeId, ReadError> {
        if let Some(id) = self.enums.get(&(class.to_string(), ordinal)) {
            return Ok(*id);
        }
        let constants = self
            .schemas
            .enum_constants(class)
            .map_err(|need| self.schema(class, need))?;
        let name = constants
            .get(ordinal)
            .ok_or_else(|| {
                self.malformed(
                    offset,
                    format!("{class} has no constant with ordinal {ordinal}"),
                )
            })?
            .clone();
        let id = self
            .builder
            .enum_constant(class, &name)
            .map_err(|e| self.build(e))?;
        self.enums.insert((class.to_string(), ordinal), id);
        Ok(id)
    }

    pub(crate) fn element_class(
        &self,
        generics: &Generics,
        index: usize,
    ) -> Result<Option<String>, ReadError> {
        known_element_class(self.schemas, generics, index)
            .map_err(|(class, need)| self.schema(&class, need))
    }

    pub(crate) fn element(
        &mut self,
        known: &Option<String>,
        generics: Generics,
    ) -> Result<Ref, ReadError> {
        match known {
            Some(class) => self.object_or_null(class, generics),
            None => self.class_and_object(generics),
        }
    }
}

/// The message for a serializer sent to a reader of the other family (`body` routes each to
/// one): unreachable from input, said rather than panicked on.
fn misrouted(ser: Ser) -> String {
    format!("serializer {ser:?} is not read here")
}

fn array_of(component: &str) -> String {
    match component {
        "int" => "[I".into(),
        "long" => "[J".into(),
        "short" => "[S".into(),
        "byte" => "[B".into(),
        "char" => "[C".into(),
        "boolean" => "[Z".into(),
        "float" => "[F".into(),
        "double" => "[D".into(),
        c if c.starts_with('[') => format!("[{c}"),
        c => format!("[L{c};"),
    }
}

fn collection_kind(class: &str) -> CollectionKind {
    if class.ends_with("Set") || class.contains("Set$") {
        CollectionKind::Set
    } else {
        CollectionKind::List
    }
}

fn empty_map(class: &str, entries: Vec<(Ref, Ref)>) -> JdkValue<'_> {
    JdkValue::Map {
        class,
        entries,
        comparator: None,
        key_type: None,
        access_order: false,
        defaults: None,
    }
}
