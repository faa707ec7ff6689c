//! The write half of Kryo 5 as Redisson's `Kryo5Codec` writes it: one value,
//! `kryo.writeClassAndObject(output, value)` with references off, through the Kryo 4 writer
//! configured as [`Dialect::Redisson5`]; the serializers whose bytes differ are here (see
//! [`crate::read5`] for the list).

use jsess_model::{deep, Elements, Graph, JdkValue, Node, NodeId, Ref, Value};

use crate::classes::{accepts_null, null_body, Dialect, RedissonRelease, Ser};
use crate::error::WriteError;
use crate::generics::{nested, nested_last, Generics};
use crate::schema::Schemas;
use crate::wire::Output;
use crate::write::{unsupported, Writer};

/// Writes `r` as Redisson's `Kryo5Codec` would (3.46 and later): the bytes of one hash value. Application
/// classes need their layouts in `schemas` (from class files: finality and generic field
/// types decide which class tags Kryo omits).
pub fn write_value(graph: &Graph<'_>, r: Ref, schemas: &Schemas) -> Result<Vec<u8>, WriteError> {
    write_value_for(graph, r, schemas, RedissonRelease::LATEST)
}

/// [`write_value`] as the `Kryo5Codec` of Redisson `release` writes it (its default
/// serializers changed: [`RedissonRelease`]).
pub fn write_value_for(
    graph: &Graph<'_>,
    r: Ref,
    schemas: &Schemas,
    release: RedissonRelease,
) -> Result<Vec<u8>, WriteError> {
    let mut writer = Writer::new(graph, schemas, Output::kryo5(), Dialect::Redisson5, release);
    writer.class_and_object(r, None)?;
    Ok(writer.out.into_bytes())
}

impl Writer<'_, '_> {
    /// Kryo 5's `writeObjectOrNull` without references: a null marker only before a
    /// serializer that does not accept null; one that does writes null itself.
    pub(crate) fn object_or_null5(
        &mut self,
        r: Ref,
        declared: &str,
        generics: Generics,
    ) -> Result<(), WriteError> {
        let declared_ser = self.classes.serializer(declared);
        let Some(id) = r else {
            self.out.byte(if accepts_null(declared_ser) {
                null_body(declared_ser)
            } else {
                0
            });
            return Ok(());
        };
        let (class, ser) = self.runtime_class(id)?;
        if !accepts_null(ser) {
            self.out.byte(1);
        }
        deep::guard(|| self.body(id, &class, ser, generics))
    }

    /// The serializers whose Kryo 5 bytes differ from Kryo 4's; `None` for the others.
    pub(crate) fn body5(
        &mut self,
        id: NodeId,
        class: &str,
        ser: Ser,
        generics: &Generics,
    ) -> Option<Result<(), WriteError>> {
        Some(match ser {
            Ser::Collection | Ser::TreeSet => self.collection5(id, class, ser, generics),
            Ser::ArraysAsList => self.arrays_as_list5(id, class, generics),
            Ser::Map | Ser::TreeMap => self.map5(id, class, ser, generics),
            Ser::Class => self.class5(id, class),
            Ser::Uuid => match self.jdk(id, class) {
                Ok(JdkValue::Uuid { most, least }) => {
                    self.out.long(most);
                    self.out.long(least);
                    Ok(())
                }
                Ok(_) => Err(unsupported(class, "not a UUID")),
                Err(e) => Err(e),
            },
            Ser::StringArray => self.string_array5(id, class),
            // Kryo 5 writes the text as a String (ASCII form included), Kryo 4 as a
            // CharSequence (always the length form).
            Ser::Text => match self.jdk(id, class) {
                Ok(JdkValue::Text { units, .. }) => {
                    self.out.string(Some(&units));
                    Ok(())
                }
                Ok(_) => Err(unsupported(class, "not a character sequence")),
                Err(e) => Err(e),
            },
            Ser::Uri => self.string_field(id, class, "string").and_then(|text| {
                let text = text.ok_or_else(|| unsupported(class, "no URI text"))?;
                self.out.string(Some(&text));
                Ok(())
            }),
            Ser::Pattern => self.pattern5(id, class),
            Ser::Atomic
                if class.ends_with("AtomicBoolean") || class.ends_with("AtomicReference") =>
            {
                self.atomic_object5(id, class)
            }
            Ser::Atomic => match self.jdk(id, class) {
                Ok(JdkValue::Atomic(Value::Int(v))) => {
                    self.out.int(v);
                    Ok(())
                }
                Ok(JdkValue::Atomic(Value::Long(v))) => {
                    self.out.long(v);
                    Ok(())
                }
                Ok(_) => Err(unsupported(class, "not an atomic number")),
                Err(e) => Err(e),
            },
            _ => return None,
        })
    }

    /// `PatternSerializer`: the pattern, then the flags as a positive varint.
    fn pattern5(&mut self, id: NodeId, class: &str) -> Result<(), WriteError> {
        let pattern = self
            .string_field(id, class, "pattern")?
            .ok_or_else(|| unsupported(class, "no pattern"))?;
        let Value::Int(flags) = self.field_value(id, class, "flags")? else {
            return Err(unsupported(class, "flags is not an int"));
        };
        self.out.string(Some(&pattern));
        self.out.var_int(flags, true);
        Ok(())
    }

    /// `AtomicBooleanSerializer` (a boolean) and `AtomicReferenceSerializer` (the value with
    /// its class).
    fn atomic_object5(&mut self, id: NodeId, class: &str) -> Result<(), WriteError> {
        match self.field_value(id, class, "value")? {
            Value::Int(v @ (0 | 1)) => {
                self.out.byte(v as u8);
                Ok(())
            }
            Value::Ref(r) => self.class_and_object(r, None),
            other => Err(unsupported(class, format!("value {other:?}"))),
        }
    }

    /// `CollectionSerializer` (see the reader for the layout).
    fn collection5(
        &mut self,
        id: NodeId,
        class: &str,
        ser: Ser,
        generics: &Generics,
    ) -> Result<(), WriteError> {
        let JdkValue::Collection {
            elements,
            comparator,
            ..
        } = self.jdk(id, class)?
        else {
            return Err(unsupported(class, "not a collection"));
        };
        self.rebuilt_the_same(id, class, comparator, ser == Ser::TreeSet)?;
        self.collection_body5(ser, elements, comparator, generics)
    }

    /// `ArraysAsListSerializer` is `CollectionSerializer`: the backing array's elements (its
    /// component class is not written; Kryo reads the list back over an `Object[]`).
    fn arrays_as_list5(
        &mut self,
        id: NodeId,
        class: &str,
        generics: &Generics,
    ) -> Result<(), WriteError> {
        let array = match self.field_value(id, class, "a")? {
            Value::Ref(Some(a)) => a,
            _ => return Err(unsupported(class, "no backing array")),
        };
        let Node::Array(a) = self.graph.node(array) else {
            return Err(unsupported(class, "backing store is not an array"));
        };
        let Elements::Object(elements) = &a.elements else {
            return Err(unsupported(class, "a list over a primitive array"));
        };
        self.collection_body5(Ser::Collection, elements.clone(), None, generics)
    }

    /// Size and flag, header, elements.
    fn collection_body5(
        &mut self,
        ser: Ser,
        elements: Vec<Ref>,
        comparator: Ref,
        generics: &Generics,
    ) -> Result<(), WriteError> {
        let header = |w: &mut Self| -> Result<(), WriteError> {
            if ser == Ser::TreeSet {
                w.class_and_object(comparator, None)?;
            }
            Ok(())
        };
        let length = elements.len() as u32 + 1;
        if elements.is_empty() {
            self.out.byte(1);
            return header(self);
        }
        let has_null = elements.iter().any(Option::is_none);
        // Kryo 5 hands the element type's own arguments on to the elements.
        let inner = nested_last(generics);
        if let Some(known) = self.element_class(generics, 0)? {
            self.out.var_int_flag(has_null, length);
            header(self)?;
            return self.elements_of(&elements, &known, has_null, &inner);
        }
        // Are all elements of one class? Then it is written once.
        let mut element_class: Option<String> = None;
        for e in elements.iter().flatten() {
            let (c, _) = self.runtime_class(*e)?;
            match &element_class {
                None => element_class = Some(c.into_owned()),
                Some(first) if *first != c => {
                    self.out.var_int_flag(false, length);
                    header(self)?;
                    for e in &elements {
                        self.class_and_object(*e, inner.clone())?;
                    }
                    return Ok(());
                }
                Some(_) => {}
            }
        }
        self.out.var_int_flag(true, length);
        header(self)?;
        let Some(element_class) = element_class else {
            // All elements are null.
            self.out.byte(0);
            return Ok(());
        };
        let element_ser = self.classes.serializer(&element_class);
        self.class_tag(&element_class, element_ser)?;
        self.out.byte(u8::from(has_null));
        self.elements_of(&elements, &element_class, has_null, &inner)
    }

    /// Elements whose serializer is known: `writeObjectOrNull` when any is null, else
    /// `writeObject` (no marker at all).
    fn elements_of(
        &mut self,
        elements: &[Ref],
        class: &str,
        nullable: bool,
        generics: &Generics,
    ) -> Result<(), WriteError> {
        for e in elements {
            match (e, nullable) {
                (_, true) => self.object_or_null(*e, class, generics.clone())?,
                (Some(id), false) => {
                    let (c, s) = self.runtime_class(*id)?;
                    self.object(*id, &c, s, generics.clone())?;
                }
                (None, false) => return Err(unsupported(class, "a null element counted as none")),
            }
        }
        Ok(())
    }

    /// `MapSerializer`: size + 1, the header (a `TreeMap`'s comparator), then the entries.
    fn map5(
        &mut self,
        id: NodeId,
        class: &str,
        ser: Ser,
        generics: &Generics,
    ) -> Result<(), WriteError> {
        let (entries, comparator) = self.kryo_map(id, class, ser == Ser::TreeMap)?;
        self.out.var_int(entries.len() as i32 + 1, true);
        if ser == Ser::TreeMap {
            self.class_and_object(comparator, None)?;
        }
        let known_key = self.element_class(generics, 0)?;
        let known_value = self.element_class(generics, 1)?;
        // Kryo 5 hands the key type's arguments to the keys, the value type's to the values.
        let (key_generics, value_generics) = (nested(generics, 0), nested_last(generics));
        for (k, v) in entries {
            self.element(k, &known_key, key_generics.clone())?;
            self.element(v, &known_value, value_generics.clone())?;
        }
        Ok(())
    }

    /// `ClassSerializer`: the class tag, and for a primitive or wrapper class whether it is
    /// the primitive.
    fn class5(&mut self, id: NodeId, class: &str) -> Result<(), WriteError> {
        let JdkValue::Class(Some(name)) = self.jdk(id, class)? else {
            return Err(unsupported(class, "a proxy class object has no Kryo form"));
        };
        let name = name.to_string_lossy().into_owned();
        let ser = self.classes.serializer(&name);
        self.class_tag(&name, ser)?;
        let primitive = match name.as_str() {
            "int" | "long" | "short" | "byte" | "char" | "boolean" | "float" | "double" => {
                Some(true)
            }
            "java.lang.Integer"
            | "java.lang.Long"
            | "java.lang.Short"
            | "java.lang.Byte"
            | "java.lang.Character"
            | "java.lang.Boolean"
            | "java.lang.Float"
            | "java.lang.Double" => Some(false),
            _ => None,
        };
        if let Some(p) = primitive {
            self.out.byte(u8::from(p));
        }
        Ok(())
    }

    /// `StringArraySerializer`: length + 1, then each element as `writeString`.
    fn string_array5(&mut self, id: NodeId, class: &str) -> Result<(), WriteError> {
        let Node::Array(a) = self.graph.node(id) else {
            return Err(unsupported(class, "not an array"));
        };
        let Elements::Object(elements) = &a.elements else {
            return Err(unsupported(class, "not an array of strings"));
        };
        self.out.var_int(elements.len() as i32 + 1, true);
        for e in elements {
            match e.map(|e| self.graph.node(e)) {
                None => self.out.string(None),
                Some(Node::String(s)) => self.out.java_string(&s.value),
                Some(_) => return Err(unsupported(class, "an element is not a string")),
            }
        }
        Ok(())
    }
}
