//! The read half: XStream XML to the model.
//!
//! The document is parsed into a bounded element tree ([`dom`]); `reference` paths are resolved
//! against it before anything is built, and every element then becomes the Java object Java
//! serialization would write for what XStream reads back, built with JDK 17 descriptors
//! ([`Builder`]) and, for application classes, the descriptors of a [`Schema`].

pub mod dom;

use std::borrow::Cow;
use std::collections::HashMap;

use base64::Engine;
use jsess_classpath::{ChainError, Schemas, TypeKind};
use jsess_javaser::jdk::{Builder, ClassSpec};
use jsess_model::graph::{SC_ENUM, SC_EXTERNALIZABLE, SC_WRITE_METHOD};
use jsess_model::jdk::{BigInt, CollectionKind, JdkValue, Temporal};
use jsess_model::{
    deep, BlockData, ClassData, Content, Elements, FieldType, JavaString, Limit, Limits, NodeId,
    Ref, Unknowns, Value,
};

use crate::error::Error;
use crate::names::{
    class_of, class_of_attribute, decode_name, default_implementation, outer_class_field,
    signature_class,
};
use crate::text;
use dom::{Dom, Element};

/// Java class descriptors by class name: what jsess knows about application classes.
pub type Schema = jsess_javaser::jdk::ClassSpecs;

/// Attributes read from XStream XML: the objects (in a [`Builder`], ready for msm's attribute
/// framing) and the (name, value) pairs in document order.
#[derive(Debug)]
pub struct Decoded {
    /// The graph built so far.
    pub builder: Builder,
    /// Attribute names and values, in the order the XML lists them.
    pub attributes: Vec<(String, Ref)>,
}

/// Reads the XML msm's `XStreamTranscoder` writes: a `<concurrent-hash-map>` of `<entry>`
/// elements, each a `<string>` name and a value. Application classes are described by
/// `schema` (Java descriptors from sessions) or, failing that, by `layouts` (class files or
/// schema files: declared field types, so text reads as the type the field has).
pub fn decode(
    xml: &[u8],
    schema: &Schema,
    layouts: &Schemas,
    limits: &Limits,
) -> Result<Decoded, Error> {
    let dom = dom::parse(xml, limits)?;
    let builder = Builder::with_classes(schema);
    let mut reader = Reader {
        dom: &dom,
        builder,
        layouts,
        references: HashMap::new(),
        targets: vec![false; dom.elements.len()],
        done: HashMap::new(),
        pending: HashMap::new(),
        limits,
    };
    reader.resolve_references()?;
    let root = &dom.elements[0];
    if root.name != "concurrent-hash-map" || !root.text.trim().is_empty() {
        return Err(Error::shape(
            "java.util.concurrent.ConcurrentHashMap",
            root.offset,
            format!(
                "msm's XStream root is <concurrent-hash-map>, not <{}>",
                root.name
            ),
        ));
    }
    let mut attributes = Vec::with_capacity(root.children.len());
    for &entry in &root.children {
        let (key, value) = reader.entry(entry)?;
        let name = key
            .and_then(|k| reader.builder.graph().string(k))
            .and_then(|s| s.to_str().map(Cow::into_owned))
            .ok_or_else(|| {
                Error::shape(
                    "java.util.concurrent.ConcurrentHashMap",
                    dom.elements[entry].offset,
                    "an attribute name must be a string",
                )
            })?;
        if value.is_none() {
            return Err(Error::shape(
                "java.util.concurrent.ConcurrentHashMap",
                dom.elements[entry].offset,
                "a ConcurrentHashMap holds no null values",
            ));
        }
        attributes.push((name, value));
    }
    Ok(Decoded {
        builder: reader.builder,
        attributes,
    })
}

struct Reader<'d> {
    dom: &'d Dom,
    builder: Builder,
    /// Class layouts for application classes no descriptor describes.
    layouts: &'d Schemas,
    /// Referencing element → referenced element.
    references: HashMap<usize, usize>,
    /// Elements some `reference` names.
    targets: Vec<bool>,
    done: HashMap<usize, Ref>,
    /// Reference targets being built: the id reserved for them.
    pending: HashMap<usize, NodeId>,
    limits: &'d Limits,
}

/// How many leading primitive elements a JDK class's custom section holds before its objects:
/// XStream writes `writeInt(n)` and `writeObject(Integer)` alike, so only the class's known
/// layout tells them apart.
fn leading_primitives(class: &str) -> Option<usize> {
    match class {
        "java.util.CollSer"
        | "java.util.concurrent.CopyOnWriteArrayList"
        | "java.util.ArrayDeque"
        | "java.util.PriorityQueue" => Some(1),
        // Keys and values, then a null: objects only.
        "java.util.concurrent.ConcurrentSkipListMap" => Some(0),
        c if c.starts_with("java.util.Collections$") => Some(0),
        _ => None,
    }
}

fn primitive_type(name: &str) -> Option<FieldType> {
    Some(match name {
        "int" => FieldType::Int,
        "long" => FieldType::Long,
        "short" => FieldType::Short,
        "byte" => FieldType::Byte,
        "char" => FieldType::Char,
        "boolean" => FieldType::Boolean,
        "float" => FieldType::Float,
        "double" => FieldType::Double,
        _ => return None,
    })
}

impl<'d> Reader<'d> {
    fn el(&self, id: usize) -> &'d Element {
        &self.dom.elements[id]
    }

    fn resolve_references(&mut self) -> Result<(), Error> {
        for (id, element) in self.dom.elements.iter().enumerate() {
            let Some(path) = element.attr("reference") else {
                continue;
            };
            if self.references.len() >= self.limits.max_back_references as usize {
                return Err(Error::Limit {
                    limit: Limit::BackReferences,
                    offset: element.offset,
                });
            }
            let bad = || Error::BadReference {
                path: path.to_string(),
                offset: element.offset,
            };
            let target = self.follow(id, path).ok_or_else(bad)?;
            // XStream only refers back, to an object that is not itself a reference and not
            // of a type it never shares (strings, boxed numbers, big numbers).
            let t = &self.dom.elements[target];
            let class = t
                .attr("class")
                .map(class_of_attribute)
                .unwrap_or_else(|| class_of(&t.name));
            if target >= id
                || t.attr("reference").is_some()
                || boxed_type(&class).is_some()
                || matches!(
                    class.as_str(),
                    "java.lang.String" | "java.math.BigInteger" | "java.math.BigDecimal"
                )
            {
                return Err(bad());
            }
            self.references.insert(id, target);
            self.targets[target] = true;
        }
        Ok(())
    }

    /// Follows an XPath-like path (`../../entry[2]/list`, or absolute `/root/...`).
    fn follow(&self, from: usize, path: &str) -> Option<usize> {
        let (mut at, steps) = match path.strip_prefix('/') {
            Some(rest) => {
                let mut steps = rest.split('/');
                let root = steps.next()?;
                let (name, index) = step(root)?;
                if name != self.dom.elements[0].name || index != 1 {
                    return None;
                }
                (0, steps)
            }
            None => (from, path.split('/')),
        };
        for s in steps {
            match s {
                "" | "." => {}
                ".." => at = self.dom.elements[at].parent?,
                s => {
                    let (name, index) = step(s)?;
                    at = *self.dom.elements[at]
                        .children
                        .iter()
                        .filter(|&&c| self.dom.elements[c].name == name)
                        .nth(index.checked_sub(1)?)?;
                }
            }
        }
        Some(at)
    }

    fn entry(&mut self, entry: usize) -> Result<(Ref, Ref), Error> {
        let e = self.el(entry);
        match (e.name.as_str(), e.children.as_slice()) {
            ("entry", [k, v]) => Ok((self.convert(*k, None)?, self.convert(*v, None)?)),
            _ => Err(Error::shape(
                "java.util.Map$Entry",
                e.offset,
                "expected <entry> with a key and a value element",
            )),
        }
    }

    fn convert(&mut self, id: usize, declared: Option<&str>) -> Result<Ref, Error> {
        deep::guard(|| self.convert_inner(id, declared))
    }

    fn convert_inner(&mut self, id: usize, declared: Option<&str>) -> Result<Ref, Error> {
        let e = self.el(id);
        if let Some(&target) = self.references.get(&id) {
            if let Some(r) = self.done.get(&target) {
                return Ok(*r);
            }
            if let Some(&reserved) = self.pending.get(&target) {
                return Ok(Some(reserved));
            }
            return Err(Error::BadReference {
                path: e.attr("reference").unwrap_or_default().to_string(),
                offset: e.offset,
            });
        }
        if e.name == "null" && declared.is_none() {
            return Ok(None);
        }
        let class = if let Some(r) = e.attr("resolves-to") {
            class_of_attribute(r)
        } else if let Some(c) = e.attr("class") {
            class_of_attribute(c)
        } else if let Some(d) = declared {
            default_implementation(d).to_string()
        } else {
            class_of(&e.name)
        };
        let reserved = if self.targets[id] {
            let r = self.builder.reserve();
            self.pending.insert(id, r);
            Some(r)
        } else {
            None
        };
        let built = self.build(e, &class)?;
        let result = match (reserved, built) {
            (Some(r), Some(b)) => {
                self.builder.settle(r, b).map_err(|_| {
                    Error::shape(
                        &class,
                        e.offset,
                        "a value of this class cannot be referenced",
                    )
                })?;
                self.pending.remove(&id);
                Some(r)
            }
            (_, b) => b,
        };
        self.done.insert(id, result);
        Ok(result)
    }

    fn build_err(&self, class: &str, e: &Element, err: jsess_javaser::jdk::BuildError) -> Error {
        match err {
            jsess_javaser::jdk::BuildError::UnknownClass(c) => Error::UnknownClass {
                class: c,
                offset: e.offset,
            },
            other => Error::shape(class, e.offset, other.to_string()),
        }
    }

    fn jdk(&mut self, e: &Element, class: &str, value: JdkValue<'_>) -> Result<Ref, Error> {
        self.builder
            .jdk(&value)
            .map(Some)
            .map_err(|err| self.build_err(class, e, err))
    }

    fn leaf<'e>(&self, e: &'e Element, class: &str) -> Result<&'e str, Error> {
        if !e.children.is_empty() {
            return Err(Error::shape(
                class,
                e.offset,
                "expected text, found elements",
            ));
        }
        Ok(&e.text)
    }

    fn build(&mut self, e: &'d Element, class: &str) -> Result<Ref, Error> {
        if e.attr("serialization") == Some("custom") {
            return self.custom(e, class);
        }
        let bad = |what: &str| Error::shape(class, e.offset, format!("not {what}"));
        if let Some(ty) = boxed_type(class) {
            let v = primitive(ty, e).ok_or_else(|| bad("a valid value"))?;
            return self
                .builder
                .boxed(v)
                .map(Some)
                .map_err(|err| self.build_err(class, e, err));
        }
        match class {
            "java.lang.String" => {
                let t = self.leaf(e, class)?;
                Ok(Some(self.builder.string(t)))
            }
            "java.util.Date" => {
                let millis = text::parse_date(self.leaf(e, class)?).ok_or_else(|| bad("a date"))?;
                self.jdk(e, class, JdkValue::Date { class, millis })
            }
            "java.sql.Timestamp" => {
                let (millis, nanos) = text::parse_timestamp(self.leaf(e, class)?)
                    .ok_or_else(|| bad("a timestamp"))?;
                self.jdk(e, class, JdkValue::Timestamp { millis, nanos })
            }
            "java.math.BigInteger" => {
                let (signum, magnitude) = text::parse_big_integer(self.leaf(e, class)?)
                    .ok_or_else(|| bad("an integer"))?;
                self.jdk(
                    e,
                    class,
                    JdkValue::BigInteger(BigInt {
                        signum,
                        magnitude: &magnitude,
                    }),
                )
            }
            "java.math.BigDecimal" => {
                let (signum, magnitude, scale) = text::parse_big_decimal(self.leaf(e, class)?)
                    .ok_or_else(|| bad("a decimal"))?;
                self.jdk(
                    e,
                    class,
                    JdkValue::BigDecimal {
                        unscaled: BigInt {
                            signum,
                            magnitude: &magnitude,
                        },
                        scale,
                    },
                )
            }
            "java.util.BitSet" => self.bit_set(e),
            "java.lang.StackTraceElement" => self.stack_trace_element(e),
            "dynamic-proxy" => self.dynamic_proxy(e),
            "java.util.Properties" => self.properties(e),
            "java.util.concurrent.atomic.AtomicBoolean" => {
                // AtomicBooleanConverter: the value as text; Java writes the int field `value`.
                let value = match self.leaf(e, class)?.trim() {
                    "true" => 1,
                    "false" => 0,
                    _ => return Err(bad("a boolean")),
                };
                self.builder
                    .instance(
                        class,
                        vec![ClassData::Serial {
                            fields: vec![Value::Int(value)],
                            annotation: None,
                        }],
                    )
                    .map(Some)
                    .map_err(|err| self.build_err(class, e, err))
            }
            "java.util.UUID" => {
                let t = self.leaf(e, class)?;
                let (most, least) = parse_uuid(t).ok_or_else(|| bad("a UUID"))?;
                self.jdk(e, class, JdkValue::Uuid { most, least })
            }
            "java.util.Locale" => {
                let t = self.leaf(e, class)?;
                let mut parts = t.splitn(3, '_');
                let language = JavaString::from_text(parts.next().unwrap_or(""));
                let country = JavaString::from_text(parts.next().unwrap_or(""));
                let variant = JavaString::from_text(parts.next().unwrap_or(""));
                let empty = JavaString::from_text("");
                self.jdk(
                    e,
                    class,
                    JdkValue::Locale {
                        language: &language,
                        country: &country,
                        variant: &variant,
                        script: &empty,
                        extensions: &empty,
                    },
                )
            }
            "java.lang.StringBuilder" | "java.lang.StringBuffer" => {
                let units: Vec<u16> = self.leaf(e, class)?.encode_utf16().collect();
                self.jdk(e, class, JdkValue::Text { class, units })
            }
            "java.util.concurrent.atomic.AtomicInteger" => {
                let v = self.leaf(e, class)?.parse().map_err(|_| bad("an int"))?;
                self.jdk(e, class, JdkValue::Atomic(Value::Int(v)))
            }
            "java.util.concurrent.atomic.AtomicLong" => {
                let v = self.leaf(e, class)?.parse().map_err(|_| bad("a long"))?;
                self.jdk(e, class, JdkValue::Atomic(Value::Long(v)))
            }
            "java.lang.Class" => {
                let name = self.leaf(e, class)?.to_string();
                self.class_object(e, &name).map(Some)
            }
            "java.time.DayOfWeek" | "java.time.Month" => {
                let name = self.leaf(e, class)?.to_string();
                self.builder
                    .enum_constant(class, &name)
                    .map(Some)
                    .map_err(|err| self.build_err(class, e, err))
            }
            c if c.starts_with("java.time.") && c != "java.time.Ser" => {
                let value: Temporal =
                    text::parse_temporal(c, self.leaf(e, class)?).ok_or_else(|| bad("a value"))?;
                self.jdk(e, class, JdkValue::Time(value))
            }
            "java.util.HashMap"
            | "java.util.LinkedHashMap"
            | "java.util.Hashtable"
            | "java.util.concurrent.ConcurrentHashMap"
            | "java.util.TreeMap"
            | "java.util.EnumMap"
            | "java.util.Collections$EmptyMap"
            | "java.util.Collections$SingletonMap" => self.map(e, class),
            "java.util.ArrayList"
            | "java.util.LinkedList"
            | "java.util.Vector"
            | "java.util.HashSet"
            | "java.util.LinkedHashSet"
            | "java.util.TreeSet"
            | "java.util.Collections$EmptyList"
            | "java.util.Collections$EmptySet"
            | "java.util.Collections$SingletonList"
            | "java.util.Collections$SingletonSet" => self.collection(e, class),
            "java.util.EnumSet" => self.enum_set(e),
            c if c.starts_with('[') => self.array(e, c),
            _ => self.object(e, class),
        }
    }

    fn class_object(&mut self, e: &Element, name: &str) -> Result<NodeId, Error> {
        self.know(e, name)?;
        let result = if self.is_enum(name) {
            self.builder.enum_class_object(name)
        } else {
            self.builder.class_object(name)
        };
        result.map_err(|err| self.build_err("java.lang.Class", e, err))
    }

    fn items(&mut self, e: &Element, class: &str, children: &[usize]) -> Result<Vec<Ref>, Error> {
        if children.len() > self.limits.max_array_length as usize {
            return Err(Error::Limit {
                limit: Limit::ArrayLength,
                offset: e.offset,
            });
        }
        let _ = class;
        children.iter().map(|&c| self.convert(c, None)).collect()
    }

    /// Splits off a leading `<comparator>` / `<no-comparator/>` (sorted collections).
    fn comparator(&mut self, e: &'d Element) -> Result<(Ref, &'d [usize]), Error> {
        match e.children.first().map(|&c| (c, self.el(c).name.as_str())) {
            Some((c, "comparator")) => {
                let r = self.convert(c, Some("java.util.Comparator"))?;
                Ok((r, &e.children[1..]))
            }
            Some((_, "no-comparator")) => Ok((None, &e.children[1..])),
            _ => Ok((None, &e.children)),
        }
    }

    fn map(&mut self, e: &'d Element, class: &str) -> Result<Ref, Error> {
        let (comparator, children) = if class == "java.util.TreeMap" {
            self.comparator(e)?
        } else {
            (None, e.children.as_slice())
        };
        if children.len() > self.limits.max_array_length as usize {
            return Err(Error::Limit {
                limit: Limit::ArrayLength,
                offset: e.offset,
            });
        }
        let key_type = match (class, e.attr("enum-type")) {
            ("java.util.EnumMap", Some(t)) => {
                let t = class_of_attribute(t);
                Some(
                    self.builder
                        .enum_class_object(&t)
                        .map_err(|err| self.build_err(class, e, err))?,
                )
            }
            ("java.util.EnumMap", None) => {
                return Err(Error::shape(class, e.offset, "no enum-type attribute"))
            }
            _ => None,
        };
        let mut entries = Vec::with_capacity(children.len());
        for &c in children {
            entries.push(self.entry(c)?);
        }
        self.jdk(
            e,
            class,
            JdkValue::Map {
                class,
                entries,
                comparator,
                key_type,
                access_order: false,
                defaults: None,
            },
        )
    }

    fn collection(&mut self, e: &'d Element, class: &str) -> Result<Ref, Error> {
        let (comparator, children) = if class == "java.util.TreeSet" {
            self.comparator(e)?
        } else {
            (None, e.children.as_slice())
        };
        let elements = self.items(e, class, children)?;
        let kind = if class.contains("Set") {
            CollectionKind::Set
        } else {
            CollectionKind::List
        };
        self.jdk(
            e,
            class,
            JdkValue::Collection {
                kind,
                class,
                elements,
                comparator,
                element_type: None,
            },
        )
    }

    fn enum_set(&mut self, e: &Element) -> Result<Ref, Error> {
        let class = "java.util.EnumSet$SerializationProxy";
        let enum_type = e
            .attr("enum-type")
            .map(class_of_attribute)
            .ok_or_else(|| Error::shape(class, e.offset, "no enum-type attribute"))?;
        let text = self.leaf(e, class)?;
        let mut elements = Vec::new();
        for name in text.split(',').filter(|n| !n.is_empty()) {
            if elements.len() >= self.limits.max_array_length as usize {
                return Err(Error::Limit {
                    limit: Limit::ArrayLength,
                    offset: e.offset,
                });
            }
            let constant = self
                .builder
                .enum_constant(&enum_type, name)
                .map_err(|err| self.build_err(class, e, err))?;
            elements.push(Some(constant));
        }
        let element_type = self
            .builder
            .enum_class_object(&enum_type)
            .map_err(|err| self.build_err(class, e, err))?;
        self.jdk(
            e,
            class,
            JdkValue::Collection {
                kind: CollectionKind::Set,
                class,
                elements,
                comparator: None,
                element_type: Some(element_type),
            },
        )
    }

    fn array(&mut self, e: &'d Element, class: &str) -> Result<Ref, Error> {
        self.know(e, class)?;
        let component = &class[1..];
        let built = if component == "B" {
            let text: String = self
                .leaf(e, class)?
                .chars()
                .filter(|c| !c.is_ascii_whitespace())
                .collect();
            if text.len() / 4 * 3 > self.limits.max_array_length as usize {
                return Err(Error::Limit {
                    limit: Limit::ArrayLength,
                    offset: e.offset,
                });
            }
            let raw = base64::engine::general_purpose::STANDARD
                .decode(text.as_bytes())
                .map_err(|_| Error::shape(class, e.offset, "not base64"))?;
            self.builder.array(
                class,
                Elements::Primitive {
                    ty: FieldType::Byte,
                    raw: Cow::Owned(raw),
                },
            )
        } else if let Some(ty) = FieldType::from_code(component.as_bytes()[0])
            .filter(|t| !t.is_reference() && component.len() == 1)
        {
            if e.children.len() > self.limits.max_array_length as usize {
                return Err(Error::Limit {
                    limit: Limit::ArrayLength,
                    offset: e.offset,
                });
            }
            let mut raw = Vec::new();
            for &c in &e.children {
                let v = primitive(ty, self.el(c))
                    .ok_or_else(|| Error::shape(class, self.el(c).offset, "not a valid element"))?;
                jsess_model::graph::encode_primitive(&v, &mut raw);
            }
            self.builder.array(
                class,
                Elements::Primitive {
                    ty,
                    raw: Cow::Owned(raw),
                },
            )
        } else {
            let items = self.items(e, class, &e.children)?;
            self.builder.array(class, Elements::Object(items))
        };
        built.map(Some).map_err(|err| self.build_err(class, e, err))
    }

    /// Makes a class the descriptors do not describe known from the class layouts, if they
    /// have it (arrays of it too); otherwise leaves it unknown for the caller to report.
    fn know(&mut self, e: &Element, class: &str) -> Result<(), Error> {
        if self.builder.knows(class) {
            return Ok(());
        }
        let element = class.trim_start_matches('[');
        let element = element
            .strip_prefix('L')
            .map_or(element, |n| n.trim_end_matches(';'));
        if self.layouts.get(element).is_none() {
            return Ok(());
        }
        let specs = if class.starts_with('[') {
            self.layouts.array_spec(class).map(|s| vec![s])
        } else if self
            .layouts
            .get(class)
            .is_some_and(|s| s.kind == TypeKind::Enum)
        {
            return Ok(());
        } else {
            self.layouts.java_chain(class)
        };
        let specs = specs.map_err(|err| match err {
            ChainError::Missing { class, need } => Error::shape(&class, e.offset, need),
            ChainError::Unsupported { class, reason } => Error::shape(&class, e.offset, reason),
        })?;
        for spec in specs {
            if !self.builder.knows(&spec.name) {
                self.builder.define(spec);
            }
        }
        Ok(())
    }

    /// Whether `class` is an enum type, by its descriptor or its layout.
    fn is_enum(&self, class: &str) -> bool {
        match self.builder.class_spec(class) {
            Some(spec) => spec.flags & SC_ENUM != 0,
            None => self
                .layouts
                .get(class)
                .is_some_and(|s| s.kind == TypeKind::Enum),
        }
    }

    /// The descriptor chain of a class, superclass first.
    fn chain(&mut self, e: &Element, class: &str) -> Result<Vec<ClassSpec>, Error> {
        self.know(e, class)?;
        self.builder
            .class_chain(class)
            .map_err(|err| self.build_err(class, e, err))
    }

    /// Reads field elements into the chain's field values.
    fn fields(
        &mut self,
        e: &Element,
        chain: &[ClassSpec],
        children: &[usize],
        values: &mut [Vec<Value>],
    ) -> Result<(), Error> {
        for &c in children {
            let child = self.el(c);
            let inner: Vec<&str> = chain
                .iter()
                .flat_map(|s| s.fields.iter().map(|(_, n, _)| n.as_str()))
                .filter(|n| n.starts_with("this$"))
                .collect();
            let name = outer_class_field(&child.name, &inner)
                .map_or_else(|| decode_name(&child.name), str::to_string);
            let defined_in = child.attr("defined-in").map(class_of_attribute);
            let found = chain
                .iter()
                .enumerate()
                .rev()
                .filter(|(_, s)| defined_in.as_deref().is_none_or(|d| d == s.name))
                .find_map(|(i, s)| {
                    s.fields
                        .iter()
                        .position(|(_, n, _)| *n == name)
                        .map(|j| (i, j))
                });
            let Some((i, j)) = found else {
                return Err(Error::UnknownField {
                    class: chain.last().map(|s| s.name.clone()).unwrap_or_default(),
                    field: name,
                    offset: child.offset,
                });
            };
            let (ty, _, signature) = &chain[i].fields[j];
            values[i][j] = if ty.is_reference() {
                let declared = signature
                    .as_deref()
                    .map(signature_class)
                    .unwrap_or_else(|| "java.lang.Object".to_string());
                Value::Ref(self.convert(c, Some(&declared))?)
            } else {
                primitive(*ty, child).ok_or_else(|| {
                    Error::shape(
                        &chain[i].name,
                        child.offset,
                        format!("field {name}: not a valid value"),
                    )
                })?
            };
        }
        let _ = e;
        Ok(())
    }

    fn object(&mut self, e: &'d Element, class: &str) -> Result<Ref, Error> {
        let known = self.builder.knows(class) || self.layouts.get(class).is_some();
        if self.is_enum(class) || (!known && e.children.is_empty() && !e.text.trim().is_empty()) {
            let name = e.text.clone();
            return self
                .builder
                .enum_constant(class, &name)
                .map(Some)
                .map_err(|err| self.build_err(class, e, err));
        }
        if !e.text.trim().is_empty() {
            // Text where fields belong: a converter jsess does not know wrote it, and reading
            // the fields alone would drop it.
            return Err(Error::shape(
                class,
                e.offset,
                "text where the object's fields belong (written by an XStream converter jsess does not read)",
            ));
        }
        let chain = self.chain(e, class)?;
        if chain.iter().any(|s| s.flags & SC_EXTERNALIZABLE != 0) {
            return Err(Error::shape(
                class,
                e.offset,
                "Externalizable classes are not read from XStream XML",
            ));
        }
        let mut values: Vec<Vec<Value>> = chain.iter().map(ClassSpec::default_values).collect();
        self.fields(e, &chain, &e.children, &mut values)?;
        let data = chain
            .iter()
            .zip(values)
            .map(|(s, fields)| ClassData::Serial {
                fields,
                annotation: (s.flags & SC_WRITE_METHOD != 0).then(Vec::new),
            })
            .collect();
        self.builder
            .instance(class, data)
            .map(Some)
            .map_err(|err| self.build_err(class, e, err))
    }

    /// `serialization="custom"`: one section per class, `<default>` fields, then what
    /// `writeObject` wrote.
    fn custom(&mut self, e: &'d Element, class: &str) -> Result<Ref, Error> {
        let chain = self.chain(e, class)?;
        let mut values: Vec<Vec<Value>> = chain.iter().map(ClassSpec::default_values).collect();
        let mut annotations: Vec<Option<Vec<Content<'static>>>> = chain
            .iter()
            .map(|s| (s.flags & SC_WRITE_METHOD != 0).then(Vec::new))
            .collect();
        for &section in &e.children {
            let s = self.el(section);
            if s.name == "unserializable-parents" {
                if !s.children.is_empty() {
                    return Err(Error::shape(
                        class,
                        s.offset,
                        "fields of non-serializable superclasses cannot be kept",
                    ));
                }
                continue;
            }
            // Sections are named as XStream names classes: aliases included (`<vector>`).
            let section_class = class_of(&s.name);
            let Some(i) = chain.iter().position(|c| c.name == section_class) else {
                return Err(Error::shape(
                    class,
                    s.offset,
                    format!("{section_class} is not in its class hierarchy"),
                ));
            };
            let mut rest: &[usize] = &s.children;
            if let Some((&first, tail)) = rest.split_first() {
                if self.el(first).name == "default" {
                    let fields = &self.el(first).children;
                    self.fields(s, &chain[i..=i], fields, &mut values[i..=i])?;
                    rest = tail;
                }
            }
            let contents = self.annotation(s, &section_class, rest)?;
            if self.ambiguous_data(&section_class, rest) {
                // XStream writes writeUTF like writeObject(String) and writeInt like
                // writeObject(Integer): which one the class's readObject expects, only its code
                // knows. XStream reads it back; a Java stream of it is refused.
                self.builder
                    .mark_unknown(&section_class, Unknowns::JAVA_FORM);
            }
            match &mut annotations[i] {
                Some(a) => *a = contents,
                None if contents.is_empty() => {}
                None => {
                    return Err(Error::shape(
                        &section_class,
                        s.offset,
                        "data after the fields of a class without writeObject",
                    ))
                }
            }
        }
        let data = values
            .into_iter()
            .zip(annotations)
            .map(|(fields, annotation)| ClassData::Serial { fields, annotation })
            .collect();
        self.builder
            .instance(class, data)
            .map(Some)
            .map_err(|err| self.build_err(class, e, err))
    }

    /// XStream's `PropertiesConverter`: `<property name="…" value="…"/>` in the map's
    /// iteration order (Java writes the entries the other way round), then `<defaults>`.
    fn properties(&mut self, e: &'d Element) -> Result<Ref, Error> {
        let class = "java.util.Properties";
        let mut entries = Vec::new();
        let mut defaults = None;
        for &c in &e.children {
            let child = self.el(c);
            match child.name.as_str() {
                "property" => {
                    let (Some(name), Some(value)) = (child.attr("name"), child.attr("value"))
                    else {
                        return Err(Error::shape(
                            class,
                            child.offset,
                            "a property without name or value",
                        ));
                    };
                    let (name, value) = (name.to_string(), value.to_string());
                    entries.push((
                        Some(self.builder.string(&name)),
                        Some(self.builder.string(&value)),
                    ));
                }
                "defaults" if defaults.is_none() => {
                    defaults = Some(deep::guard(|| self.properties(child))?);
                }
                other => {
                    return Err(Error::shape(
                        class,
                        child.offset,
                        format!("<{other}> in properties"),
                    ))
                }
            }
        }
        entries.reverse();
        self.jdk(
            e,
            class,
            JdkValue::Map {
                class,
                entries,
                comparator: None,
                key_type: None,
                access_order: false,
                defaults: defaults.flatten(),
            },
        )
    }

    /// XStream's `DynamicProxyConverter`: one `<interface>` per interface, then the
    /// `<handler>` with its class.
    fn dynamic_proxy(&mut self, e: &'d Element) -> Result<Ref, Error> {
        let class = "java.lang.reflect.Proxy";
        let mut interfaces = Vec::new();
        let mut handler = None;
        for &c in &e.children {
            let child = self.el(c);
            match child.name.as_str() {
                "interface" => interfaces.push(class_of_attribute(self.leaf(child, class)?.trim())),
                "handler" if handler.is_none() => {
                    handler = Some(self.convert(c, Some("java.lang.reflect.InvocationHandler"))?)
                }
                other => {
                    return Err(Error::shape(
                        class,
                        child.offset,
                        format!("<{other}> in a dynamic proxy"),
                    ))
                }
            }
        }
        let handler = handler
            .ok_or_else(|| Error::shape(class, e.offset, "a dynamic proxy without a handler"))?;
        self.builder
            .proxy(&interfaces, handler)
            .map(Some)
            .map_err(|err| self.build_err(class, e, err))
    }

    /// XStream's `StackTraceElementConverter`: the frame's text, read back into the four
    /// fields its constructor takes (the class loader, module and format are lost).
    fn stack_trace_element(&mut self, e: &Element) -> Result<Ref, Error> {
        let class = "java.lang.StackTraceElement";
        let frame = text::parse_stack_trace_element(self.leaf(e, class)?.trim())
            .ok_or_else(|| Error::shape(class, e.offset, "not a stack frame"))?;
        let mut text = |t: Option<&str>| Value::Ref(t.map(|t| self.builder.string(t)));
        // Java's field order: format, lineNumber, then the strings by name.
        let fields = vec![
            Value::Byte(frame.format as i8),
            Value::Int(frame.line),
            text(None),
            text(Some(&frame.declaring_class)),
            text(frame.file.as_deref()),
            text(Some(&frame.method)),
            text(None),
            text(None),
        ];
        self.builder
            .instance(
                class,
                vec![ClassData::Serial {
                    fields,
                    annotation: None,
                }],
            )
            .map(Some)
            .map_err(|err| self.build_err(class, e, err))
    }

    /// XStream's `BitSetConverter`: the set bits' indices, comma-separated. Java writes the
    /// words up to the last set bit (`bits`, with `writeObject` adding nothing else).
    fn bit_set(&mut self, e: &Element) -> Result<Ref, Error> {
        let class = "java.util.BitSet";
        let text = self.leaf(e, class)?.trim();
        let mut words: Vec<u64> = Vec::new();
        for index in text.split(',').filter(|t| !t.is_empty()) {
            let i: usize = index
                .trim()
                .parse()
                .ok()
                .filter(|i| *i < self.limits.max_array_length as usize * 64)
                .ok_or_else(|| Error::shape(class, e.offset, "not a bit index"))?;
            if words.len() <= i / 64 {
                words.resize(i / 64 + 1, 0);
            }
            words[i / 64] |= 1 << (i % 64);
        }
        let raw: Vec<u8> = words.iter().flat_map(|w| w.to_be_bytes()).collect();
        let bits = self
            .builder
            .array(
                "[J",
                Elements::Primitive {
                    ty: FieldType::Long,
                    raw: Cow::Owned(raw),
                },
            )
            .map_err(|err| self.build_err(class, e, err))?;
        self.builder
            .instance(
                class,
                vec![ClassData::Serial {
                    fields: vec![Value::Ref(Some(bits))],
                    annotation: Some(Vec::new()),
                }],
            )
            .map(Some)
            .map_err(|err| self.build_err(class, e, err))
    }

    /// Whether a custom section's data holds items whose Java form XStream does not record:
    /// strings and boxed primitives of a class whose `writeObject` layout jsess does not know.
    fn ambiguous_data(&self, class: &str, items: &[usize]) -> bool {
        leading_primitives(class).is_none()
            && items.iter().any(|&c| {
                let child = self.el(c);
                child.attr("class").is_none()
                    && (child.name == "string" || primitive_type(&child.name).is_some())
            })
    }

    fn annotation(
        &mut self,
        section: &Element,
        class: &str,
        children: &[usize],
    ) -> Result<Vec<Content<'static>>, Error> {
        let leading = leading_primitives(class);
        let mut contents = Vec::new();
        let mut block: Vec<u8> = Vec::new();
        for (n, &c) in children.iter().enumerate() {
            let child = self.el(c);
            let as_primitive = match leading {
                Some(k) => n < k,
                None => primitive_type(&child.name).is_some() && child.attr("class").is_none(),
            };
            if as_primitive {
                let ty = primitive_type(&child.name).ok_or_else(|| {
                    Error::shape(class, child.offset, "expected primitive data here")
                })?;
                let v = primitive(ty, child)
                    .ok_or_else(|| Error::shape(class, child.offset, "not a valid value"))?;
                jsess_model::graph::encode_primitive(&v, &mut block);
            } else {
                flush_block(&mut block, &mut contents);
                contents.push(Content::Object(self.convert(c, None)?));
            }
        }
        flush_block(&mut block, &mut contents);
        let _ = section;
        Ok(contents)
    }
}

fn flush_block(block: &mut Vec<u8>, contents: &mut Vec<Content<'static>>) {
    for chunk in block.chunks(1024) {
        contents.push(Content::Block(BlockData {
            bytes: Cow::Owned(chunk.to_vec()),
            long: chunk.len() > 255,
        }));
    }
    block.clear();
}

fn step(s: &str) -> Option<(&str, usize)> {
    match s.split_once('[') {
        Some((name, index)) => Some((name, index.strip_suffix(']')?.parse().ok()?)),
        None => Some((s, 1)),
    }
}

fn boxed_type(class: &str) -> Option<FieldType> {
    Some(match class {
        "java.lang.Integer" => FieldType::Int,
        "java.lang.Long" => FieldType::Long,
        "java.lang.Short" => FieldType::Short,
        "java.lang.Byte" => FieldType::Byte,
        "java.lang.Character" => FieldType::Char,
        "java.lang.Boolean" => FieldType::Boolean,
        "java.lang.Float" => FieldType::Float,
        "java.lang.Double" => FieldType::Double,
        _ => return None,
    })
}

/// A primitive as XStream writes it: Java's `toString()` of the value; a NUL char is
/// `<char null="true"/>`.
fn primitive(ty: FieldType, e: &Element) -> Option<Value> {
    if !e.children.is_empty() {
        return None;
    }
    let t = e.text.as_str();
    Some(match ty {
        FieldType::Int => Value::Int(t.parse().ok()?),
        FieldType::Long => Value::Long(t.parse().ok()?),
        FieldType::Short => Value::Short(t.parse().ok()?),
        FieldType::Byte => Value::Byte(t.parse().ok()?),
        FieldType::Boolean => Value::Boolean(match t {
            "true" => 1,
            "false" => 0,
            _ => return None,
        }),
        FieldType::Float => Value::Float(parse_float(t)?),
        FieldType::Double => Value::Double(parse_double(t)?),
        FieldType::Char => {
            // XStream 1.4.20 writes NUL as an empty value (`<c></c>`); older versions wrote
            // `null="true"`, which its reader still takes.
            if t.is_empty() {
                Value::Char(0)
            } else {
                let mut units = t.encode_utf16();
                let unit = units.next()?;
                if units.next().is_some() {
                    return None;
                }
                Value::Char(unit)
            }
        }
        FieldType::Object | FieldType::Array => return None,
    })
}

fn java_float_text(t: &str) -> Option<&str> {
    // Java writes NaN, Infinity and plain or E-notation decimals; refuse Rust-only spellings.
    let ok = matches!(t, "NaN" | "Infinity" | "-Infinity")
        || (!t.is_empty()
            && t.bytes()
                .all(|b| b.is_ascii_digit() || matches!(b, b'-' | b'+' | b'.' | b'E' | b'e')));
    ok.then_some(t)
}

fn parse_float(t: &str) -> Option<f32> {
    java_float_text(t)?.parse().ok()
}

fn parse_double(t: &str) -> Option<f64> {
    java_float_text(t)?.parse().ok()
}

fn parse_uuid(t: &str) -> Option<(i64, i64)> {
    let hex: String = t.split('-').collect();
    if t.len() != 36 || hex.len() != 32 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let most = u64::from_str_radix(&hex[..16], 16).ok()? as i64;
    let least = u64::from_str_radix(&hex[16..], 16).ok()? as i64;
    Some((most, least))
}
