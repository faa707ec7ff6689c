//! Writing arrays, collections, maps, enum sets and proxies as Kryo's serializers do.

use jsess_javaser::jdk::interpret;
use jsess_model::{ClassKind, Elements, FieldType, JdkValue, Node, NodeId, Ref, Value};

use crate::classes::{component_class, Ser};
use crate::error::WriteError;
use crate::generics::{known_element_class, Generics};

use super::*;

impl<'w, 'g> Writer<'w, 'g> {
    pub(super) fn arrays_as_list(&mut self, id: NodeId, class: &str) -> Result<(), WriteError> {
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

    pub(super) fn proxy(&mut self, id: NodeId) -> Result<(), WriteError> {
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

    pub(super) fn array(&mut self, id: NodeId, class: &str) -> Result<(), WriteError> {
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

    pub(super) fn enum_set(&mut self, id: NodeId, class: &str) -> Result<(), WriteError> {
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

    pub(super) fn collection(
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
        self.rebuilt_the_same(id, class, comparator, ser == Ser::TreeSet)?;
        if ser == Ser::TreeSet {
            self.class_and_object(comparator, None)?;
        }
        let known = self.element_class(&generics, 0)?;
        self.out.var_int(elements.len() as i32, true);
        for e in elements {
            self.element(e, &known, None)?;
        }
        Ok(())
    }

    pub(super) fn map(
        &mut self,
        id: NodeId,
        class: &str,
        ser: Ser,
        generics: Generics,
    ) -> Result<(), WriteError> {
        let (entries, comparator) = self.kryo_map(id, class, ser == Ser::TreeMap)?;
        // Kryo 4 writes a TreeMap's comparator before the size.
        if ser == Ser::TreeMap {
            self.class_and_object(comparator, None)?;
        }
        let known_key = self.element_class(&generics, 0)?;
        let known_value = self.element_class(&generics, 1)?;
        self.out.var_int(entries.len() as i32, true);
        for (k, v) in entries {
            self.element(k, &known_key, None)?;
            self.element(v, &known_value, None)?;
        }
        Ok(())
    }

    /// A map's entries in the order Kryo's `MapSerializer` iterates them (Java wrote some maps'
    /// entries the other way round), and its comparator; refused where Kryo 4 and 5 alike
    /// would rebuild it differently (access order, `Properties` defaults, a comparator of an
    /// unsorted map, a custom load factor).
    pub(crate) fn kryo_map(
        &self,
        id: NodeId,
        class: &str,
        sorted: bool,
    ) -> Result<(Vec<(Ref, Ref)>, Ref), WriteError> {
        let JdkValue::Map {
            mut entries,
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
        if defaults.is_some() {
            return Err(unsupported(
                class,
                "Kryo's MapSerializer drops the defaults of Properties",
            ));
        }
        self.rebuilt_the_same(id, class, comparator, sorted)?;
        if jsess_javaser::jdk::stream_reverses_iteration(class) {
            entries.reverse();
        }
        Ok((entries, comparator))
    }
    /// Refuses what Kryo's collection and map serializers would rebuild differently.
    pub(crate) fn rebuilt_the_same(
        &self,
        id: NodeId,
        class: &str,
        comparator: Ref,
        sorted: bool,
    ) -> Result<(), WriteError> {
        if comparator.is_some() && !sorted {
            return Err(unsupported(
                class,
                "Kryo's collection and map serializers rebuild it without its comparator",
            ));
        }
        if let Some(factor) = jsess_javaser::jdk::custom_load_factor(self.graph, id) {
            return Err(unsupported(
                class,
                format!("Kryo rebuilds it with load factor 0.75, not {factor}"),
            ));
        }
        Ok(())
    }

    pub(super) fn enum_map(&mut self, id: NodeId, class: &str) -> Result<(), WriteError> {
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
}
