//! The write half: a model's attributes as the Kryo bytes msm's Kryo transcoder writes for the
//! same Java objects.

use std::collections::HashMap;

use jsess_javaser::jdk::interpret;
use jsess_model::graph::SC_WRITE_METHOD;
use jsess_model::jdk::BigInt;
use jsess_model::{
    deep, ClassData, ClassDesc, ClassKind, Elements, FieldDesc, FieldType, Graph, JavaString,
    JdkValue, Node, NodeId, Ref, Value,
};

use crate::classes::{
    is_tracked, registration_id, wrapper_ordinal, ClassCache, Dialect, RedissonRelease, Ser,
    PROXY_ID, TAG_NAME, TAG_NULL,
};
use crate::error::WriteError;
use crate::generics::{field_generics, known_element_class, scope_for, Generics, Scope};
use crate::schema::{JavaType, Schemas};
use crate::wire::Output;

/// Writes msm's attribute map: `kryo.writeObject(output, attributes)` of a `ConcurrentHashMap`
/// holding `attributes` in the given order, appended to `out`.
pub fn write_attributes(
    graph: &Graph<'_>,
    attributes: &[(NodeId, Ref)],
    schemas: &Schemas,
    out: Vec<u8>,
) -> Result<Vec<u8>, WriteError> {
    let mut writer = Writer::new(
        graph,
        schemas,
        Output::wrap(out),
        Dialect::Msm,
        RedissonRelease::LATEST,
    );
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

pub(crate) struct Writer<'w, 'g> {
    pub(crate) graph: &'w Graph<'g>,
    pub(crate) schemas: &'w Schemas,
    pub(crate) out: Output,
    pub(crate) dialect: Dialect,
    /// Reference id + 1 of each node written so far (0: not yet written).
    refs: Vec<u32>,
    next_ref: u32,
    /// Name ids of classes written by name in this graph.
    names: HashMap<String, u32>,
    pub(crate) classes: ClassCache<'w>,
}

impl<'w, 'g> Writer<'w, 'g> {
    pub(crate) fn new(
        graph: &'w Graph<'g>,
        schemas: &'w Schemas,
        out: Output,
        dialect: Dialect,
        release: RedissonRelease,
    ) -> Self {
        Writer {
            graph,
            schemas,
            out,
            dialect,
            refs: vec![0; graph.len()],
            next_ref: 0,
            names: HashMap::new(),
            classes: ClassCache::for_release(schemas, true, dialect, release),
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
    pub(crate) fn runtime_class(&self, id: NodeId) -> Result<(String, Ser), WriteError> {
        let class = match self.graph.node(id) {
            Node::String(_) => "java.lang.String".to_string(),
            Node::Class(_) => "java.lang.Class".to_string(),
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
                return Ok((class, Ser::Enum));
            }
            Node::Array(a) => self.class_name(a.class),
            Node::ClassDesc(_) => {
                return Err(unsupported(
                    "java.io.ObjectStreamClass",
                    "a class descriptor object has no Kryo form",
                ))
            }
            Node::Object(o) => {
                if let Some(desc) = self.graph.class_desc(o.class) {
                    if matches!(desc.kind, ClassKind::Proxy { .. }) {
                        if self.dialect == Dialect::Redisson5 {
                            return Err(unsupported(
                                "java.lang.reflect.Proxy",
                                "Kryo 5 has no serializer for proxies",
                            ));
                        }
                        return Ok(("java.lang.reflect.Proxy".to_string(), Ser::Proxy));
                    }
                }
                let name = self.class_name(o.class);
                match name.as_str() {
                    "java.util.EnumSet$SerializationProxy" => {
                        return Ok((self.enum_set_class(id)?, Ser::EnumSet))
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
                                Ok((crate::time::class_of(&t).to_string(), Ser::Time))
                            }
                            _ => Err(unsupported("java.time", "an unreadable java.time.Ser form")),
                        }
                    }
                    "java.util.Collections$UnmodifiableList"
                    | "java.util.Collections$SynchronizedList" => {
                        jsess_javaser::jdk::wrapper_runtime_class(self.graph, id).unwrap_or(name)
                    }
                    _ => name,
                }
            }
        };
        let ser = self.classes.serializer(&class);
        if let Ser::Unsupported(reason) = ser {
            return Err(unsupported(&class, reason));
        }
        Ok((class, ser))
    }

    fn class_name(&self, desc: NodeId) -> String {
        self.graph
            .class_name(desc)
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "?".to_string())
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
                let units: Vec<u16> = class.encode_utf16().collect();
                // Kryo 5 writes an ASCII name with writeAscii (the ASCII form at any length).
                if self.dialect == Dialect::Redisson5 && class.is_ascii() {
                    self.out.ascii(Some(&units));
                } else {
                    self.out.string(Some(&units));
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
            Ser::Boxed(_) => match self.jdk(id, class)? {
                JdkValue::Boxed(v) => {
                    self.primitive(v);
                    Ok(())
                }
                _ => Err(unsupported(class, "not a boxed primitive")),
            },
            Ser::String => match self.graph.node(id) {
                Node::String(s) => {
                    self.out.java_string(&s.value);
                    Ok(())
                }
                _ => Err(unsupported(class, "not a string")),
            },
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
            Ser::BigInteger => match self.jdk(id, class)? {
                JdkValue::BigInteger(b) => {
                    self.big_integer(&b);
                    Ok(())
                }
                _ => Err(unsupported(class, "not a BigInteger")),
            },
            Ser::BigDecimal => match self.jdk(id, class)? {
                JdkValue::BigDecimal { unscaled, scale } => {
                    self.big_integer(&unscaled);
                    self.out.var_int(scale, false);
                    Ok(())
                }
                _ => Err(unsupported(class, "not a BigDecimal")),
            },
            Ser::Class => match self.jdk(id, class)? {
                JdkValue::Class(Some(name)) => {
                    let name = name.to_string_lossy().into_owned();
                    let ser = self.classes.serializer(&name);
                    self.class_tag(&name, ser)?;
                    let primitive = matches!(
                        name.as_str(),
                        "int"
                            | "long"
                            | "short"
                            | "byte"
                            | "char"
                            | "boolean"
                            | "float"
                            | "double"
                            | "void"
                    );
                    self.out.byte(u8::from(primitive));
                    Ok(())
                }
                _ => Err(unsupported(class, "a proxy class object has no Kryo form")),
            },
            Ser::Date => match self.jdk(id, class)? {
                JdkValue::Date { millis, .. } => {
                    self.out.var_long(millis, true);
                    Ok(())
                }
                JdkValue::Timestamp { millis, nanos } => {
                    if nanos % 1_000_000 != 0 {
                        return Err(unsupported(
                            class,
                            format!("Kryo keeps milliseconds only; {nanos} ns would be lost"),
                        ));
                    }
                    self.out
                        .var_long(millis + i64::from(nanos / 1_000_000), true);
                    Ok(())
                }
                _ => Err(unsupported(class, "not a date")),
            },
            Ser::Enum => match self.jdk(id, class)? {
                JdkValue::Enum {
                    class: enum_class,
                    name,
                } => {
                    let enum_class = enum_class.to_string_lossy();
                    let ordinal = self.ordinal(&enum_class, &name.to_string_lossy())?;
                    self.out.var_int(ordinal as i32 + 1, true);
                    Ok(())
                }
                _ => Err(unsupported(class, "not an enum constant")),
            },
            Ser::EnumSet => self.enum_set(id, class),
            Ser::Currency => {
                let code = self.string_field(id, "java.util.Currency", "currencyCode")?;
                self.out.string(code.as_deref());
                Ok(())
            }
            Ser::Text => match self.jdk(id, class)? {
                JdkValue::Text { units, .. } => {
                    self.out.char_sequence(Some(&units));
                    Ok(())
                }
                _ => Err(unsupported(class, "not a character sequence")),
            },
            Ser::Empty => Ok(()),
            Ser::Singleton => match self.jdk(id, class)? {
                JdkValue::Collection { elements, .. } if elements.len() == 1 => {
                    self.class_and_object(elements[0], None)
                }
                _ => Err(unsupported(class, "not a singleton")),
            },
            Ser::SingletonMap => match self.jdk(id, class)? {
                JdkValue::Map { entries, .. } if entries.len() == 1 => {
                    self.class_and_object(entries[0].0, None)?;
                    self.class_and_object(entries[0].1, None)
                }
                _ => Err(unsupported(class, "not a singleton map")),
            },
            Ser::TreeSet | Ser::Collection => self.collection(id, class, ser, generics),
            Ser::TreeMap | Ser::Map => self.map(id, class, ser, generics),
            Ser::EnumMap => self.enum_map(id, class),
            Ser::Locale => match self.jdk(id, class)? {
                JdkValue::Locale {
                    language,
                    country,
                    variant,
                    script,
                    extensions,
                } => {
                    if script.utf16_len() != 0 || extensions.utf16_len() != 0 {
                        return Err(unsupported(
                            class,
                            "Kryo's LocaleSerializer keeps language, country and variant only; the script or extensions would be lost",
                        ));
                    }
                    let language: Vec<u16> = language.utf16_units().collect();
                    let country: Vec<u16> = country.utf16_units().collect();
                    let variant: Vec<u16> = variant.utf16_units().collect();
                    if !language.iter().chain(&country).all(|&u| u < 0x80) {
                        return Err(unsupported(class, "a non-ASCII language or country"));
                    }
                    self.out.ascii(Some(&language));
                    self.out.ascii(Some(&country));
                    self.out.string(Some(&variant));
                    Ok(())
                }
                _ => Err(unsupported(class, "not a locale")),
            },
            Ser::Time => match self.jdk(id, class)? {
                JdkValue::Time(t) => {
                    crate::time::check(&t).map_err(|reason| unsupported(class, reason))?;
                    crate::time::write(&mut self.out, &t);
                    Ok(())
                }
                _ => Err(unsupported(class, "not a java.time value")),
            },
            Ser::Field => self.fields(id, class, generics),
            Ser::Uuid | Ser::StringArray | Ser::Atomic | Ser::Uri | Ser::Pattern => Err(
                unsupported(class, "only Kryo 5 writes it with this serializer"),
            ),
            Ser::Unsupported(reason) => Err(unsupported(class, reason)),
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

    /// An object's class data, one block per class of its descriptor chain.
    fn class_blocks(&self, id: NodeId, class: &str) -> Result<Vec<ClassBlock<'w>>, WriteError> {
        let Node::Object(object) = self.graph.node(id) else {
            return Err(unsupported(class, "not an object"));
        };
        let chain = self.graph.class_chain(object.class);
        Ok(chain
            .iter()
            .zip(&object.data)
            .filter_map(|(desc_id, data)| match self.graph.class_desc(*desc_id) {
                Some(ClassDesc {
                    kind:
                        ClassKind::Class {
                            name,
                            fields,
                            flags,
                            ..
                        },
                    ..
                }) => Some(ClassBlock {
                    name,
                    fields,
                    flags: *flags,
                    data,
                }),
                _ => None,
            })
            .collect())
    }

    fn arrays_as_list(&mut self, id: NodeId, class: &str) -> Result<(), WriteError> {
        let array = match self.field_value(id, class, "a")? {
            Value::Ref(Some(a)) => a,
            _ => return Err(unsupported(class, "no backing array")),
        };
        let Node::Array(a) = self.graph.node(array) else {
            return Err(unsupported(class, "backing store is not an array"));
        };
        let component = component_class(&self.class_name(a.class));
        let Elements::Object(elements) = &a.elements else {
            return Err(unsupported(class, "a list over a primitive array"));
        };
        self.out.var_int(elements.len() as i32, true);
        let ser = self.classes.serializer(&component);
        self.class_tag(&component, ser)?;
        for e in elements {
            self.class_and_object(*e, None)?;
        }
        Ok(())
    }

    fn proxy(&mut self, id: NodeId) -> Result<(), WriteError> {
        let Node::Object(object) = self.graph.node(id) else {
            return Err(unsupported("java.lang.reflect.Proxy", "not an object"));
        };
        let interfaces: Vec<String> = match self.graph.class_desc(object.class).map(|d| &d.kind) {
            Some(ClassKind::Proxy { interfaces }) => interfaces
                .iter()
                .map(|i| i.to_string_lossy().into_owned())
                .collect(),
            _ => return Err(unsupported("java.lang.reflect.Proxy", "not a proxy")),
        };
        let handler = self.field_value(id, "java.lang.reflect.Proxy", "h")?;
        self.class_and_object(handler.as_ref().flatten(), None)?;
        // writeObject(Class[]): a new array object, each Class element a new object.
        self.next_ref += 1;
        self.out.var_int(1, true);
        self.out.var_int(interfaces.len() as i32 + 1, true);
        for interface in interfaces {
            self.next_ref += 1;
            self.out.var_int(1, true);
            let ser = self.classes.serializer(&interface);
            self.class_tag(&interface, ser)?;
            self.out.byte(0);
        }
        Ok(())
    }

    fn array(&mut self, id: NodeId, class: &str) -> Result<(), WriteError> {
        let Node::Array(a) = self.graph.node(id) else {
            return Err(unsupported(class, "not an array"));
        };
        self.out.var_int(a.elements.len() as i32 + 1, true);
        match &a.elements {
            Elements::Primitive { ty, .. } => {
                for v in a.elements.iter() {
                    match (ty, v) {
                        // Array serializers write ints and longs as zigzag varints too.
                        (FieldType::Boolean, Value::Boolean(b)) => self.out.byte(u8::from(b != 0)),
                        _ => self.primitive(v),
                    }
                }
                Ok(())
            }
            Elements::Object(elements) => {
                let component = component_class(class);
                let component_final = self
                    .schemas
                    .is_final(&component)
                    .map_err(|need| schema_error(&component, need))?;
                for e in elements {
                    if component_final {
                        self.object_or_null(*e, &component, None)?;
                    } else {
                        self.class_and_object(*e, None)?;
                    }
                }
                Ok(())
            }
        }
    }

    fn enum_set(&mut self, id: NodeId, class: &str) -> Result<(), WriteError> {
        let Some(JdkValue::Collection {
            elements,
            element_type,
            ..
        }) = interpret(self.graph, id)
        else {
            return Err(unsupported(class, "unexpected EnumSet form"));
        };
        let enum_class = self.class_object_name(element_type)?;
        let mut ordinals = Vec::with_capacity(elements.len());
        for e in elements {
            match e.and_then(|e| interpret(self.graph, e)) {
                Some(JdkValue::Enum { name, .. }) => {
                    ordinals.push(self.ordinal(&enum_class, &name.to_string_lossy())?)
                }
                _ => return Err(unsupported(class, "an element is not an enum constant")),
            }
        }
        ordinals.sort_unstable();
        // EnumSetSerializer writes the class of the first element, or of the first constant
        // of the complement when the set is empty.
        let constants = self
            .schemas
            .enum_constants(&enum_class)
            .map_err(|need| schema_error(&enum_class, need))?;
        let first = match ordinals.first() {
            Some(&o) => o,
            None if !constants.is_empty() => 0,
            None => {
                return Err(unsupported(
                    &enum_class,
                    "an empty EnumSet of an enum without constants",
                ))
            }
        };
        let first_class = self
            .schemas
            .enum_constant_class(&enum_class, &constants[first])
            .map_err(|need| schema_error(&enum_class, need))?;
        self.class_tag(&first_class, Ser::Enum)?;
        self.out.var_int(ordinals.len() as i32, true);
        for o in ordinals {
            self.out.var_int(o as i32 + 1, true);
        }
        Ok(())
    }

    /// Elements written with a known final class carry no class tag.
    pub(crate) fn element_class(
        &self,
        generics: &Generics,
        index: usize,
    ) -> Result<Option<String>, WriteError> {
        known_element_class(self.schemas, generics, index)
            .map_err(|(class, need)| schema_error(&class, need))
    }

    pub(crate) fn element(
        &mut self,
        r: Ref,
        known: &Option<String>,
        generics: Generics,
    ) -> Result<(), WriteError> {
        match known {
            Some(class) => self.object_or_null(r, class, generics),
            None => self.class_and_object(r, generics),
        }
    }

    fn collection(
        &mut self,
        id: NodeId,
        class: &str,
        ser: Ser,
        generics: Generics,
    ) -> Result<(), WriteError> {
        let JdkValue::Collection {
            elements,
            comparator,
            ..
        } = self.jdk(id, class)?
        else {
            return Err(unsupported(class, "not a collection"));
        };
        if ser == Ser::TreeSet {
            self.class_and_object(comparator, None)?;
        } else if comparator.is_some() {
            return Err(unsupported(
                class,
                "Kryo's CollectionSerializer rebuilds it without its comparator",
            ));
        }
        if let Some(factor) = jsess_javaser::jdk::custom_load_factor(self.graph, id) {
            return Err(unsupported(
                class,
                format!(
                    "Kryo's CollectionSerializer rebuilds it with load factor 0.75, not {factor}"
                ),
            ));
        }
        let known = self.element_class(&generics, 0)?;
        self.out.var_int(elements.len() as i32, true);
        for e in elements {
            self.element(e, &known, None)?;
        }
        Ok(())
    }

    fn map(
        &mut self,
        id: NodeId,
        class: &str,
        ser: Ser,
        generics: Generics,
    ) -> Result<(), WriteError> {
        let JdkValue::Map {
            entries,
            comparator,
            access_order,
            defaults,
            ..
        } = self.jdk(id, class)?
        else {
            return Err(unsupported(class, "not a map"));
        };
        if access_order {
            return Err(unsupported(
                class,
                "Kryo's MapSerializer drops a LinkedHashMap's access order",
            ));
        }
        if let Some(factor) = jsess_javaser::jdk::custom_load_factor(self.graph, id) {
            return Err(unsupported(
                class,
                format!("Kryo's MapSerializer rebuilds it with load factor 0.75, not {factor}"),
            ));
        }
        if defaults.is_some() {
            return Err(unsupported(
                class,
                "Kryo's MapSerializer drops the defaults of Properties",
            ));
        }
        if ser == Ser::TreeMap {
            self.class_and_object(comparator, None)?;
        } else if comparator.is_some() {
            return Err(unsupported(
                class,
                "Kryo's MapSerializer rebuilds it without its comparator",
            ));
        }
        let known_key = self.element_class(&generics, 0)?;
        let known_value = self.element_class(&generics, 1)?;
        self.out.var_int(entries.len() as i32, true);
        // MapSerializer iterates the map; Java wrote some maps' entries the other way round.
        let mut entries = entries;
        if jsess_javaser::jdk::stream_reverses_iteration(class) {
            entries.reverse();
        }
        for (k, v) in entries {
            self.element(k, &known_key, None)?;
            self.element(v, &known_value, None)?;
        }
        Ok(())
    }

    fn enum_map(&mut self, id: NodeId, class: &str) -> Result<(), WriteError> {
        let JdkValue::Map {
            entries, key_type, ..
        } = self.jdk(id, class)?
        else {
            return Err(unsupported(class, "not an EnumMap"));
        };
        let enum_class = self.class_object_name(key_type)?;
        let ser = self.classes.serializer(&enum_class);
        self.class_tag(&enum_class, ser)?;
        self.out.var_int(entries.len() as i32, true);
        for (k, v) in entries {
            let name = match k.and_then(|k| interpret(self.graph, k)) {
                Some(JdkValue::Enum { name, .. }) => name.to_string_lossy().into_owned(),
                _ => return Err(unsupported(class, "a key is not an enum constant")),
            };
            let ordinal = self.ordinal(&enum_class, &name)?;
            self.out.var_int(ordinal as i32, true);
            self.class_and_object(v, None)?;
        }
        Ok(())
    }

    /// FieldSerializer: every field in Kryo's order, by declared type.
    fn fields(&mut self, id: NodeId, class: &str, generics: Generics) -> Result<(), WriteError> {
        if let Node::Object(o) = self.graph.node(id) {
            if !o.complete {
                return Err(unsupported(
                    class,
                    "the Java stream holds only part of this object",
                ));
            }
        }
        // A BitSet read from Kryo holds the words FieldSerializer stored and writes back as
        // they were; one from a Java stream would be read back empty by msm.
        let java_form = match self.graph.node(id) {
            Node::Object(o) => self
                .graph
                .class_desc(o.class)
                .is_some_and(|d| !d.unknown.contains(jsess_model::Unknowns::JAVA_FORM)),
            _ => false,
        };
        if class == "java.util.BitSet" && java_form {
            return Err(unsupported(
                class,
                "Kryo 4 has no BitSet serializer: FieldSerializer writes its words without the \
                 transient word count, so msm reads it back empty",
            ));
        }
        if self.schemas.resolves(class) && jsess_javaser::jdk::census::census_class(class).is_none()
        {
            return Err(unsupported(
                class,
                "it has readResolve: Java reads it back as the object readResolve returns (the \
                 original of a serial proxy, a singleton), Kryo as this object",
            ));
        }
        let fields = self
            .classes
            .kryo_fields(class)
            .map_err(|need| schema_error(class, need))?;
        let scope = scope_for(self.schemas, class, &generics);
        let blocks = self.class_blocks(id, class)?;
        let values = fields
            .iter()
            .map(|f| value_in(&blocks, f.owner, &f.field.name))
            .collect::<Result<Vec<_>, _>>()?;
        for (field, value) in fields.iter().zip(values) {
            self.field(
                class,
                field.owner,
                &field.field.name,
                &field.field.ty,
                field.field.generics_unknown,
                value,
                &scope,
            )
            .map_err(|e| match e {
                WriteError::Schema { class: c, need } => WriteError::Schema {
                    class: c,
                    need: format!("{need} (field {}.{})", field.owner, field.field.name),
                },
                other => other,
            })?;
        }
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    fn field(
        &mut self,
        class: &str,
        owner: &str,
        name: &str,
        ty: &JavaType,
        generics_unknown: bool,
        value: Value,
        scope: &Scope,
    ) -> Result<(), WriteError> {
        if let JavaType::Primitive(c) = ty {
            if value.field_type().code() as char != *c {
                return Err(unsupported(
                    class,
                    format!("field {owner}.{name} holds {value:?}, not a {c}"),
                ));
            }
            self.primitive(value);
            return Ok(());
        }
        let Value::Ref(r) = value else {
            return Err(unsupported(
                class,
                format!("field {owner}.{name} holds a primitive, the schema says {ty}"),
            ));
        };
        let (declared, field_generics) = field_generics(
            self.schemas,
            ty,
            scope,
            generics_unknown,
            self.dialect == Dialect::Redisson5 || crate::generics::OPTIMIZED_GENERICS,
        )
        .map_err(|need| schema_error(owner, need))?;
        let is_final = self
            .schemas
            .is_final(&declared)
            .map_err(|need| schema_error(&declared, need))?;
        if is_final {
            return self.object_or_null(r, &declared, field_generics);
        }
        let Some(id) = r else {
            self.out.var_int(TAG_NULL as i32, true);
            return Ok(());
        };
        let (runtime, ser) = self.runtime_class(id)?;
        self.class_tag(&runtime, ser)?;
        self.object(id, &runtime, ser, field_generics)
    }
}

/// One class's part of an object: its descriptor's fields and the data written for them.
struct ClassBlock<'w> {
    name: &'w JavaString<'w>,
    fields: &'w [FieldDesc<'w>],
    flags: u8,
    data: &'w ClassData<'w>,
}

/// A field's value among an object's class blocks, by declaring class and name.
fn value_in(blocks: &[ClassBlock<'_>], owner: &str, field: &str) -> Result<Value, WriteError> {
    let block = blocks.iter().find(|b| b.name.eq_str(owner)).ok_or_else(|| {
        unsupported(
            owner,
            format!(
                "field {owner}.{field} is not in the Java stream (the class is not serializable), so its value is not known"
            ),
        )
    })?;
    // An Externalizable object read from a Java stream holds what writeExternal wrote; one
    // read from Kryo (or another format that stores fields) holds its fields.
    let ClassData::Serial {
        fields: values,
        annotation,
    } = block.data
    else {
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
    let index = block
        .fields
        .iter()
        .position(|f| f.name.eq_str(field))
        .ok_or_else(|| {
            schema_error(
                owner,
                format!(
                    "field {field} of the class schema is not in the Java stream's descriptor of {owner}"
                ),
            )
        })?;
    values
        .get(index)
        .copied()
        .ok_or_else(|| unsupported(owner, "field values missing"))
}

/// The component class of an array class name (`[Ljava.lang.String;` → `java.lang.String`,
/// `[[I` → `[I`, `[I` → `int`).
pub(crate) fn component_class(array_class: &str) -> String {
    let component = array_class.strip_prefix('[').unwrap_or(array_class);
    if let Some(name) = component.strip_prefix('L') {
        return name.trim_end_matches(';').to_string();
    }
    if component.starts_with('[') {
        return component.to_string();
    }
    component
        .chars()
        .next()
        .map(|c| crate::schema::primitive_name(c).to_string())
        .unwrap_or_default()
}

/// `BigInteger.toByteArray()`: minimal big-endian two's complement.
pub(crate) fn twos_complement(b: &BigInt<'_>) -> Vec<u8> {
    let start = b
        .magnitude
        .iter()
        .position(|&x| x != 0)
        .unwrap_or(b.magnitude.len());
    let magnitude = &b.magnitude[start..];
    if magnitude.is_empty() || b.signum == 0 {
        return vec![0];
    }
    if b.signum > 0 {
        let mut out = Vec::with_capacity(magnitude.len() + 1);
        if magnitude[0] & 0x80 != 0 {
            out.push(0);
        }
        out.extend_from_slice(magnitude);
        return out;
    }
    // Negate: invert and add one, then drop redundant leading 0xff bytes.
    let mut out: Vec<u8> = Vec::with_capacity(magnitude.len() + 1);
    out.push(0);
    out.extend_from_slice(magnitude);
    let mut carry = true;
    for byte in out.iter_mut().rev() {
        let inverted = !*byte;
        let (sum, overflow) = inverted.overflowing_add(u8::from(carry));
        *byte = sum;
        carry = carry && overflow;
    }
    while out.len() > 1 && out[0] == 0xff && out[1] & 0x80 != 0 {
        out.remove(0);
    }
    out
}
