//! The read half of Kryo 5 as Redisson's `Kryo5Codec` writes it: one value,
//! `kryo.writeClassAndObject(output, value)` with references off. The primitive encodings,
//! class tags, strings and most serializers are Kryo 4's ([`crate::read`] reads them); what
//! differs is here: no reference markers (a null marker only where `writeObjectOrNull` meets
//! a serializer that does not accept null), collections with their size flags (`Arrays.asList`
//! among them), maps with size plus one, `Class` without the primitive byte for ordinary
//! classes, and Kryo 5's own serializers for `UUID`, `String[]`, `URI`, `Pattern` and the
//! atomics. Little-endian numbers and the shorter ASCII string form are the wire layer's.

use crate::read::ClassName;
use jsess_javaser::jdk::Builder;
use jsess_model::graph::SC_WRITE_METHOD;
use jsess_model::jdk::CollectionKind;
use jsess_model::{Elements, JdkValue, Limit, Limits, NodeId, Ref, Value};

use crate::classes::{accepts_null, null_body, Dialect, RedissonRelease, Ser};
use crate::error::ReadError;
use crate::generics::{nested, nested_last, Generics};
use crate::read::Reader;
use crate::schema::Schemas;

/// One value read from Kryo 5 bytes: the objects, built as Java serialization would write
/// them, and the value (`None` for null).
#[derive(Debug)]
pub struct Kryo5Value {
    /// The Java objects; `builder.write_object(value)` and `finish` make the Java stream.
    pub builder: Builder,
    /// The value.
    pub value: Ref,
}

/// Reads `kryo.writeClassAndObject(output, value)` as Redisson's `Kryo5Codec` wrote it (one
/// hash value); every byte must belong to the value. Application classes need their layouts
/// in `schemas`, as for Kryo 4. The codec as Redisson 3.46 and later configure it
/// ([`read_value_for`] for an older release).
pub fn read_value(
    bytes: &[u8],
    schemas: &Schemas,
    limits: &Limits,
) -> Result<Kryo5Value, ReadError> {
    read_value_for(bytes, schemas, limits, RedissonRelease::LATEST)
}

/// [`read_value`] as the `Kryo5Codec` of Redisson `release` wrote the value (its default
/// serializers changed: [`RedissonRelease`]).
pub fn read_value_for(
    bytes: &[u8],
    schemas: &Schemas,
    limits: &Limits,
    release: RedissonRelease,
) -> Result<Kryo5Value, ReadError> {
    if bytes.len() > limits.max_stream_bytes {
        return Err(ReadError::Limit {
            offset: 0,
            limit: Limit::StreamBytes,
            value: bytes.len() as u64,
        });
    }
    let mut reader = Reader::new(bytes, schemas, limits, Dialect::Redisson5, release);
    let value = reader.class_and_object(None)?;
    if reader.input.remaining() != 0 {
        return Err(ReadError::TrailingBytes {
            offset: reader.input.position(),
            count: reader.input.remaining(),
        });
    }
    Ok(Kryo5Value {
        builder: reader.builder,
        value,
    })
}

impl Reader<'_, '_> {
    /// `readObjectOrNull` (when `nullable`) or `readObject` without references: a null marker
    /// only before serializers that do not accept null.
    pub(crate) fn object5(
        &mut self,
        class: &str,
        ser: Ser,
        generics: Generics,
        nullable: bool,
    ) -> Result<Ref, ReadError> {
        if nullable {
            let offset = self.input.position();
            if accepts_null(ser) {
                if self.input.peek() == Some(null_body(ser)) {
                    self.input.byte()?;
                    return Ok(None);
                }
            } else {
                match self.input.byte()? {
                    0 => return Ok(None),
                    1 => {}
                    other => {
                        return Err(self.malformed(
                            offset,
                            format!("null marker {other} (Kryo writes 0 or 1)"),
                        ))
                    }
                }
            }
        }
        self.nested(|r| r.body(class, ser, generics, None))
            .map(Some)
    }

    /// The serializers whose Kryo 5 bytes differ from Kryo 4's; `None` for the others.
    pub(crate) fn body5(
        &mut self,
        class: &str,
        ser: Ser,
        generics: &Generics,
    ) -> Option<Result<NodeId, ReadError>> {
        Some(match ser {
            Ser::Collection | Ser::TreeSet => self.collection5(class, ser, generics),
            Ser::ArraysAsList => self.arrays_as_list5(class, generics),
            Ser::Map | Ser::TreeMap => self.map5(class, ser, generics),
            Ser::Class => self.class5(),
            Ser::Uuid => self.uuid5(),
            Ser::StringArray => self.string_array5(class),
            Ser::Atomic => self.atomic5(class),
            Ser::Uri | Ser::Pattern => self.text_value5(class, ser),
            _ => return None,
        })
    }

    /// Counts elements read from no bytes against `max_handles`.
    fn spend_free(&mut self, n: usize, offset: usize) -> Result<(), ReadError> {
        self.free_elements = self
            .free_elements
            .checked_sub(n as u64)
            .ok_or(ReadError::Limit {
                offset,
                limit: Limit::Handles,
                value: n as u64,
            })?;
        Ok(())
    }

    /// A length + 1 (0 is null, which the caller has ruled out), checked against the limits.
    fn length5(&mut self, length: u32, offset: usize, what: &str) -> Result<usize, ReadError> {
        if length == 0 {
            return Err(self.malformed(offset, format!("a null {what} body")));
        }
        let n = length - 1;
        if n > self.limits.max_array_length {
            return Err(ReadError::Limit {
                offset,
                limit: Limit::ArrayLength,
                value: u64::from(n),
            });
        }
        Ok(n as usize)
    }

    /// `CollectionSerializer`: `writeVarIntFlag(flag, size + 1)`, the header (a `TreeSet`'s
    /// comparator), then the elements. With a final element class from the generics the
    /// flag says whether any element is null; otherwise it says all elements have one class,
    /// written once (then a byte saying whether any is null).
    fn collection5(
        &mut self,
        class: &str,
        ser: Ser,
        generics: &Generics,
    ) -> Result<NodeId, ReadError> {
        let (elements, comparator) = self.collection_parts5(ser, generics)?;
        self.collection_value(class, elements, comparator)
    }

    /// `ArraysAsListSerializer` is Kryo 5's `CollectionSerializer`; Kryo reads the list back
    /// over an `Object[]` (`Arrays.asList(list.toArray())`), and so does jsess.
    fn arrays_as_list5(&mut self, class: &str, generics: &Generics) -> Result<NodeId, ReadError> {
        let (elements, _) = self.collection_parts5(Ser::Collection, generics)?;
        let array_class = "[Ljava.lang.Object;";
        self.ensure_array(array_class)?;
        let array = self
            .builder
            .array(array_class, Elements::Object(elements))
            .map_err(|e| self.build(e))?;
        let data = self.builder.serial(&[Value::Ref(Some(array))], None);
        self.builder
            .instance(class, vec![data])
            .map_err(|e| self.build(e))
    }

    /// A collection's elements and (for a `TreeSet`) comparator.
    fn collection_parts5(
        &mut self,
        ser: Ser,
        generics: &Generics,
    ) -> Result<(Vec<Ref>, Ref), ReadError> {
        let known = self.element_class(generics, 0)?;
        // Kryo 5 hands the element type's own arguments on to the elements.
        let inner = nested_last(generics);
        let offset = self.input.position();
        let (flag, length) = self.input.var_int_flag()?;
        let n = self.length5(length, offset, "collection")?;
        let comparator = if ser == Ser::TreeSet {
            self.class_and_object(None)?
        } else {
            None
        };
        let mut elements = Vec::with_capacity(n.min(self.input.remaining()));
        if n > 0 {
            let element_class = match known {
                Some(c) => {
                    let ser = self.classes.serializer(&c);
                    Some((ClassName::Named(c.into()), ser, flag))
                }
                None if flag => {
                    let offset = self.input.position();
                    match self.class()? {
                        // All elements are null: no byte each.
                        None => {
                            self.spend_free(n, offset)?;
                            None
                        }
                        Some((c, s)) => {
                            let can_be_null = match self.input.byte()? {
                                0 => false,
                                1 => true,
                                _ => return Err(self.malformed(offset, "not a boolean")),
                            };
                            Some((c, s, can_be_null))
                        }
                    }
                }
                None => {
                    for _ in 0..n {
                        elements.push(self.class_and_object(inner.clone())?);
                    }
                    return Ok((elements, comparator));
                }
            };
            for _ in 0..n {
                elements.push(match &element_class {
                    None => None,
                    Some((c, s, can_be_null)) => self.object(c, *s, inner.clone(), *can_be_null)?,
                });
            }
        }
        Ok((elements, comparator))
    }

    fn collection_value(
        &mut self,
        class: &str,
        elements: Vec<Ref>,
        comparator: Ref,
    ) -> Result<NodeId, ReadError> {
        let kind = if class.ends_with("Set") || class.contains("Set$") {
            CollectionKind::Set
        } else {
            CollectionKind::List
        };
        self.jdk(
            None,
            JdkValue::Collection {
                kind,
                class,
                elements,
                comparator,
                element_type: None,
            },
        )
    }

    /// `MapSerializer`: size + 1, the header (a `TreeMap`'s comparator), then key and value
    /// of each entry (without class tags where the generics give a final class).
    fn map5(&mut self, class: &str, ser: Ser, generics: &Generics) -> Result<NodeId, ReadError> {
        let offset = self.input.position();
        let length = self.input.var_int(true)? as u32;
        let n = self.length5(length, offset, "map")?;
        // A key and a value take a byte each at least (a class tag, a null marker or a body
        // that says null).
        if n.saturating_mul(2) > self.input.remaining() {
            return Err(ReadError::Truncated {
                offset,
                what: "a map",
            });
        }
        let comparator = if ser == Ser::TreeMap {
            self.class_and_object(None)?
        } else {
            None
        };
        let known_key = self.element_class(generics, 0)?;
        let known_value = self.element_class(generics, 1)?;
        // Kryo 5 hands the key type's arguments to the keys, the value type's to the values.
        let (key_generics, value_generics) = (nested(generics, 0), nested_last(generics));
        let mut entries = Vec::with_capacity(n.min(self.input.remaining()));
        for _ in 0..n {
            let k = self.element(&known_key, key_generics.clone())?;
            let v = self.element(&known_value, value_generics.clone())?;
            entries.push((k, v));
        }
        if jsess_javaser::jdk::stream_reverses_iteration(class) {
            entries.reverse();
        }
        self.jdk(
            None,
            JdkValue::Map {
                class,
                entries,
                comparator,
                key_type: None,
                access_order: false,
                defaults: None,
            },
        )
    }

    /// `ClassSerializer`: the class tag, then for a primitive or wrapper class a boolean
    /// saying which (both share one registration).
    fn class5(&mut self) -> Result<NodeId, ReadError> {
        let offset = self.input.position();
        let (name, _) = self
            .class()?
            .ok_or_else(|| self.malformed(offset, "a null class"))?;
        // Kryo 5's Util.isWrapperClass: the eight wrappers, not Void.
        let primitive = match &*name {
            "java.lang.Integer" => Some("int"),
            "java.lang.Long" => Some("long"),
            "java.lang.Short" => Some("short"),
            "java.lang.Byte" => Some("byte"),
            "java.lang.Character" => Some("char"),
            "java.lang.Boolean" => Some("boolean"),
            "java.lang.Float" => Some("float"),
            "java.lang.Double" => Some("double"),
            _ => None,
        };
        let name = match primitive {
            Some(p) if self.input.byte()? == 1 => ClassName::Registered(p),
            _ => name,
        };
        self.ensure_class_object(&name)?;
        self.builder.class_object(&name).map_err(|e| self.build(e))
    }

    /// `UUIDSerializer`: the most, then the least significant bits, fixed-width.
    fn uuid5(&mut self) -> Result<NodeId, ReadError> {
        let most = self.input.long()?;
        let least = self.input.long()?;
        self.jdk(None, JdkValue::Uuid { most, least })
    }

    /// `StringArraySerializer`: length + 1, then each element as `writeString` (null too).
    fn string_array5(&mut self, class: &str) -> Result<NodeId, ReadError> {
        let offset = self.input.position();
        let length = self.input.var_int(true)? as u32;
        let n = self.length5(length, offset, "array")?;
        if n > self.input.remaining() {
            return Err(ReadError::Truncated {
                offset,
                what: "a String array",
            });
        }
        let mut elements = Vec::with_capacity(n);
        for _ in 0..n {
            elements.push(
                self.input
                    .java_string()?
                    .map(|text| self.builder.java_string(text)),
            );
        }
        self.ensure_array(class)?;
        self.builder
            .array(class, Elements::Object(elements))
            .map_err(|e| self.build(e))
    }

    /// The atomic serializers: `AtomicInteger`/`AtomicLong` fixed-width, `AtomicBoolean` a
    /// boolean, `AtomicReference` its value with class.
    fn atomic5(&mut self, class: &str) -> Result<NodeId, ReadError> {
        let value = match class.rsplit('.').next() {
            Some("AtomicLong") => Value::Long(self.input.long()?),
            Some("AtomicBoolean") => {
                let offset = self.input.position();
                match self.input.byte()? {
                    b @ (0 | 1) => Value::Int(i32::from(b)),
                    _ => return Err(self.malformed(offset, "a boolean that is neither 0 nor 1")),
                }
            }
            Some("AtomicReference") => Value::Ref(self.class_and_object(None)?),
            _ => Value::Int(self.input.int()?),
        };
        match value {
            Value::Int(_) | Value::Long(_) if !class.ends_with("AtomicBoolean") => {
                self.jdk(None, JdkValue::Atomic(value))
            }
            _ => self.java_instance(class, &[((class, "value"), value)]),
        }
    }

    /// `URISerializer` (the URI as a string) and `PatternSerializer` (the pattern, then the
    /// flags as a positive varint), into the fields Java serialization writes.
    fn text_value5(&mut self, class: &str, ser: Ser) -> Result<NodeId, ReadError> {
        let offset = self.input.position();
        let text = self
            .input
            .java_string()?
            .ok_or_else(|| self.malformed(offset, "a null string"))?;
        let text = Value::Ref(Some(self.builder.java_string(text)));
        let values = if ser == Ser::Pattern {
            let flags = Value::Int(self.input.var_int(true)?);
            vec![("pattern", text), ("flags", flags)]
        } else {
            vec![("string", text)]
        };
        self.jdk_instance(class, &values)
    }

    /// An instance of a JDK class with the fields of its Java descriptor (the schemas' layout
    /// of these classes is Kryo 4's FieldSerializer form, which Kryo 5 does not use here).
    fn jdk_instance(&mut self, class: &str, values: &[(&str, Value)]) -> Result<NodeId, ReadError> {
        let spec = jsess_javaser::jdk::jdk_class(class)
            .ok_or_else(|| self.unsupported(class, "no Java descriptor is known for it"))?
            .clone();
        let mut fields = Vec::with_capacity(spec.fields.len());
        for (_, name, _) in &spec.fields {
            let value = values
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| *v)
                .ok_or_else(|| self.unsupported(class, format!("no value for field {name}")))?;
            fields.push(value);
        }
        // URI.writeObject is defineString() then defaultWriteObject(): the fields, no more.
        let annotation = (spec.flags & SC_WRITE_METHOD != 0
            && (class == "java.net.URI" || jsess_javaser::jdk::writes_only_default_fields(class)))
        .then(Vec::new);
        self.builder.define(spec);
        let data = self.builder.serial(&fields, annotation);
        self.builder
            .instance(class, vec![data])
            .map_err(|e| self.build(e))
    }
}
