//! The bodies of values, sequences and maps: what each of Kryo's serializers wrote, read into
//! the objects Java serialization would write.

use jsess_model::jdk::{BigInt, CollectionKind};
use jsess_model::{Elements, JavaString, JdkValue, Limit, NodeId, Value};

use crate::classes::component_class;
use crate::classes::{wrapper_ordinal, Ser};
use crate::error::ReadError;
use crate::generics::Generics;

use super::*;

impl Reader<'_, '_> {
    /// Values: boxed primitives, strings, numbers, dates, classes, enum constants, text.
    pub(super) fn value_body(&mut self, class: &str, ser: Ser) -> Result<NodeId, ReadError> {
        match ser {
            Ser::Boxed(code) => {
                let v = self.primitive(code)?;
                self.builder.boxed(v).map_err(|e| self.build(e))
            }
            Ser::String => {
                let offset = self.input.position();
                let text = self
                    .input
                    .java_string()?
                    .ok_or_else(|| self.malformed(offset, "a null string body"))?;
                Ok(self.builder.java_string(text))
            }
            Ser::BigInteger => {
                let (signum, magnitude) = self.big_integer()?;
                self.jdk(
                    None,
                    JdkValue::BigInteger(BigInt {
                        signum,
                        magnitude: &magnitude,
                    }),
                )
            }
            Ser::BigDecimal => {
                let (signum, magnitude) = self.big_integer()?;
                let scale = self.input.var_int(false)?;
                self.jdk(
                    None,
                    JdkValue::BigDecimal {
                        unscaled: BigInt {
                            signum,
                            magnitude: &magnitude,
                        },
                        scale,
                    },
                )
            }
            Ser::Class => {
                let offset = self.input.position();
                let (name, _) = self
                    .class()?
                    .ok_or_else(|| self.malformed(offset, "a null class"))?;
                // Primitive classes share their wrapper's registration; this byte tells them apart.
                let name = match (self.input.byte()?, &*name) {
                    (1, "java.lang.Integer") => ClassName::Registered("int"),
                    (1, "java.lang.Long") => ClassName::Registered("long"),
                    (1, "java.lang.Short") => ClassName::Registered("short"),
                    (1, "java.lang.Byte") => ClassName::Registered("byte"),
                    (1, "java.lang.Character") => ClassName::Registered("char"),
                    (1, "java.lang.Boolean") => ClassName::Registered("boolean"),
                    (1, "java.lang.Float") => ClassName::Registered("float"),
                    (1, "java.lang.Double") => ClassName::Registered("double"),
                    (1, "java.lang.Void") => ClassName::Registered("void"),
                    _ => name,
                };
                self.ensure_class_object(&name)?;
                self.builder.class_object(&name).map_err(|e| self.build(e))
            }
            Ser::Date => {
                let millis = self.input.var_long(true)?;
                let value = if class == "java.sql.Timestamp" {
                    let seconds = millis.div_euclid(1000);
                    let rest = millis.rem_euclid(1000);
                    JdkValue::Timestamp {
                        millis: seconds * 1000,
                        nanos: (rest * 1_000_000) as i32,
                    }
                } else {
                    JdkValue::Date { class, millis }
                };
                self.jdk(None, value)
            }
            Ser::Enum => {
                let offset = self.input.position();
                let ordinal = self.input.var_int(true)?;
                if ordinal <= 0 {
                    return Err(self.malformed(offset, "a null or negative enum ordinal"));
                }
                let enum_class = self.schemas.enum_type(class).unwrap_or(class).to_string();
                self.enum_constant(&enum_class, (ordinal - 1) as usize, offset)
            }
            Ser::Currency => {
                let offset = self.input.position();
                let code = self
                    .input
                    .string()?
                    .ok_or_else(|| self.malformed(offset, "a null currency code"))?;
                let code = self.builder.java_string(JavaString::from_utf16(&code));
                let data = self.builder.serial(&[Value::Ref(Some(code))], None);
                self.builder
                    .instance(class, vec![data])
                    .map_err(|e| self.build(e))
            }
            Ser::Text => {
                let offset = self.input.position();
                let units = self
                    .input
                    .string()?
                    .ok_or_else(|| self.malformed(offset, "a null text body"))?;
                self.jdk(None, JdkValue::Text { class, units })
            }
            Ser::Locale => {
                let mut parts = Vec::with_capacity(3);
                for _ in 0..3 {
                    let units = self.input.string()?.unwrap_or_default();
                    parts.push(JavaString::from_utf16(&units));
                }
                let empty = JavaString::from_text("");
                self.jdk(
                    None,
                    JdkValue::Locale {
                        language: &parts[0],
                        country: &parts[1],
                        variant: &parts[2],
                        script: &empty,
                        extensions: &empty,
                    },
                )
            }
            Ser::Time => {
                let t = crate::time::read(&mut self.input, class)?;
                self.jdk(None, JdkValue::Time(t))
            }
            other => Err(self.unsupported(class, misrouted(other))),
        }
    }

    /// Containers: arrays, collections, maps, wrappers, proxies, singletons.
    pub(super) fn container_body(
        &mut self,
        class: &str,
        ser: Ser,
        generics: Generics,
        slot: Option<usize>,
    ) -> Result<NodeId, ReadError> {
        match ser {
            Ser::Proxy
            | Ser::Wrapper
            | Ser::SingletonMap
            | Ser::TreeMap
            | Ser::Map
            | Ser::EnumMap => self.map_body(class, ser, generics, slot),
            _ => self.sequence_body(class, ser, generics, slot),
        }
    }

    /// Arrays, lists, sets, `EnumSet`s, the empty and singleton collections.
    pub(super) fn sequence_body(
        &mut self,
        class: &str,
        ser: Ser,
        generics: Generics,
        slot: Option<usize>,
    ) -> Result<NodeId, ReadError> {
        match ser {
            Ser::ArraysAsList => {
                let n = self.count("list length")?;
                let offset = self.input.position();
                let (component, _) = self
                    .class()?
                    .ok_or_else(|| self.malformed(offset, "a null element class"))?;
                let reserved = self.reserve(slot);
                let mut elements = Vec::with_capacity(n);
                for _ in 0..n {
                    elements.push(self.class_and_object(None)?);
                }
                let array_class = array_of(&component);
                self.ensure_array(&array_class)?;
                let array = self
                    .builder
                    .array(&array_class, Elements::Object(elements))
                    .map_err(|e| self.build(e))?;
                let data = self.builder.serial(&[Value::Ref(Some(array))], None);
                let list = self
                    .builder
                    .instance(class, vec![data])
                    .map_err(|e| self.build(e))?;
                self.settle(reserved, list)
            }
            Ser::ObjectArray => self.object_array(class, slot),
            Ser::EnumSet => {
                let offset = self.input.position();
                // The class of the first element (or of the first constant not in an empty
                // set): a constant's body class stands for its enum.
                let (first_class, _) = self
                    .class()?
                    .ok_or_else(|| self.malformed(offset, "a null enum type"))?;
                let enum_class = self
                    .schemas
                    .enum_type(&first_class)
                    .unwrap_or(&first_class)
                    .to_string();
                let n = self.count("enum set size")?;
                let mut elements = Vec::with_capacity(n);
                for _ in 0..n {
                    let offset = self.input.position();
                    let ordinal = self.input.var_int(true)?;
                    if ordinal <= 0 {
                        return Err(self.malformed(offset, "a null enum in an EnumSet"));
                    }
                    elements.push(Some(self.enum_constant(
                        &enum_class,
                        (ordinal - 1) as usize,
                        offset,
                    )?));
                }
                let element_type = self
                    .builder
                    .class_object(&enum_class)
                    .map_err(|e| self.build(e))?;
                self.jdk(
                    None,
                    JdkValue::Collection {
                        kind: CollectionKind::Set,
                        class: "java.util.EnumSet$SerializationProxy",
                        elements,
                        comparator: None,
                        element_type: Some(element_type),
                    },
                )
            }
            Ser::Empty => {
                let value = match class {
                    "java.util.Collections$EmptyMap" => empty_map(class, vec![]),
                    _ => JdkValue::Collection {
                        kind: collection_kind(class),
                        class,
                        elements: vec![],
                        comparator: None,
                        element_type: None,
                    },
                };
                self.jdk(None, value)
            }
            Ser::Singleton => {
                let reserved = self.reserve(slot);
                let element = self.class_and_object(None)?;
                self.jdk(
                    reserved,
                    JdkValue::Collection {
                        kind: collection_kind(class),
                        class,
                        elements: vec![element],
                        comparator: None,
                        element_type: None,
                    },
                )
            }
            Ser::TreeSet | Ser::Collection => {
                let reserved = self.reserve(slot);
                let comparator = if ser == Ser::TreeSet {
                    self.class_and_object(None)?
                } else {
                    None
                };
                let known = self.element_class(&generics, 0)?;
                let n = self.count("collection size")?;
                let mut elements = Vec::with_capacity(n);
                for _ in 0..n {
                    elements.push(self.element(&known, None)?);
                }
                self.jdk(
                    reserved,
                    JdkValue::Collection {
                        kind: collection_kind(class),
                        class,
                        elements,
                        comparator,
                        element_type: None,
                    },
                )
            }
            other => Err(self.unsupported(class, misrouted(other))),
        }
    }

    /// An `Object[]` (or array of a reference type): the length + 1, then each element, its
    /// class written only where the component type is not final.
    pub(super) fn object_array(
        &mut self,
        class: &str,
        slot: Option<usize>,
    ) -> Result<NodeId, ReadError> {
        let offset = self.input.position();
        let length = self.input.var_int(true)?;
        if length == 0 {
            return Err(self.malformed(offset, "a null array body"));
        }
        self.input.position();
        let n = (length as u32 - 1) as usize;
        if n > self.limits.max_array_length as usize || n > self.input.remaining() {
            return Err(ReadError::Limit {
                offset,
                limit: Limit::ArrayLength,
                value: n as u64,
            });
        }
        let component = component_class(class);
        let component_final = self
            .schemas
            .is_final(&component)
            .map_err(|need| self.schema(&component, need))?;
        let reserved = self.reserve(slot);
        let mut elements = Vec::with_capacity(n);
        for _ in 0..n {
            elements.push(if component_final {
                self.object_or_null(&component, None)?
            } else {
                self.class_and_object(None)?
            });
        }
        self.ensure_array(class)?;
        let array = self
            .builder
            .array(class, Elements::Object(elements))
            .map_err(|e| self.build(e))?;
        self.settle(reserved, array)
    }

    /// Maps, `EnumMap`s, the singleton map, `Collections` wrappers and dynamic proxies.
    pub(super) fn map_body(
        &mut self,
        class: &str,
        ser: Ser,
        generics: Generics,
        slot: Option<usize>,
    ) -> Result<NodeId, ReadError> {
        match ser {
            Ser::Proxy => {
                // kryo-serializers' JdkProxySerializer: the invocation handler, then
                // writeObject(Class[]) of the interfaces.
                let reserved = self.reserve(slot);
                let handler = self.class_and_object(None)?;
                let offset = self.input.position();
                let array = self.object_or_null("[Ljava.lang.Class;", None)?;
                let interfaces = self.class_names(array).ok_or_else(|| {
                    self.malformed(offset, "a proxy's interfaces are not classes")
                })?;
                let proxy = self
                    .builder
                    .proxy(&interfaces, handler)
                    .map_err(|e| self.build(e))?;
                self.settle(reserved, proxy)
            }
            Ser::Wrapper => {
                let offset = self.input.position();
                let ordinal = self.input.var_int(true)?;
                let (_, expected) = wrapper_ordinal(class)
                    .ok_or_else(|| self.malformed(offset, "unknown wrapper"))?;
                if ordinal != i32::from(expected) {
                    return Err(
                        self.malformed(offset, format!("wrapper kind {ordinal} for {class}"))
                    );
                }
                let reserved = self.reserve(slot);
                let inner = self.class_and_object(None)?;
                // Java writes a random-access wrapper as the plain list wrapper (writeReplace).
                let java_class = jsess_javaser::jdk::serialized_wrapper_class(class);
                self.jdk(
                    reserved,
                    JdkValue::Wrapper {
                        class: java_class,
                        inner,
                    },
                )
            }
            Ser::SingletonMap => {
                let reserved = self.reserve(slot);
                let key = self.class_and_object(None)?;
                let value = self.class_and_object(None)?;
                self.jdk(reserved, empty_map(class, vec![(key, value)]))
            }
            Ser::TreeMap | Ser::Map => {
                let reserved = self.reserve(slot);
                let comparator = if ser == Ser::TreeMap {
                    self.class_and_object(None)?
                } else {
                    None
                };
                let known_key = self.element_class(&generics, 0)?;
                let known_value = self.element_class(&generics, 1)?;
                let n = self
                    .input
                    .count(self.limits.max_array_length, 2, "map size")?;
                let mut entries = Vec::with_capacity(n);
                for _ in 0..n {
                    let k = self.element(&known_key, None)?;
                    let v = self.element(&known_value, None)?;
                    entries.push((k, v));
                }
                if jsess_javaser::jdk::stream_reverses_iteration(class) {
                    entries.reverse();
                }
                let mut value = empty_map(class, entries);
                if let JdkValue::Map { comparator: c, .. } = &mut value {
                    *c = comparator;
                }
                self.jdk(reserved, value)
            }
            Ser::EnumMap => {
                let offset = self.input.position();
                let (enum_class, _) = self
                    .class()?
                    .ok_or_else(|| self.malformed(offset, "a null key type"))?;
                let reserved = self.reserve(slot);
                let n = self
                    .input
                    .count(self.limits.max_array_length, 2, "map size")?;
                let mut entries = Vec::with_capacity(n);
                for _ in 0..n {
                    let offset = self.input.position();
                    let ordinal = self.input.var_int(true)?;
                    let key = self.enum_constant(&enum_class, ordinal as u32 as usize, offset)?;
                    let value = self.class_and_object(None)?;
                    entries.push((Some(key), value));
                }
                let key_type = self
                    .builder
                    .class_object(&enum_class)
                    .map_err(|e| self.build(e))?;
                let mut value = empty_map(class, entries);
                if let JdkValue::Map { key_type: k, .. } = &mut value {
                    *k = Some(key_type);
                }
                self.jdk(reserved, value)
            }
            other => Err(self.unsupported(class, misrouted(other))),
        }
    }
}
