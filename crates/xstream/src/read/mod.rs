//! The read half: XStream XML to the model.
//!
//! The document is parsed into a bounded element tree ([`dom`]); `reference` paths are resolved
//! against it before anything is built, and every element then becomes the Java object Java
//! serialization would write for what XStream reads back, built with JDK 17 descriptors
//! ([`Builder`]) and, for application classes, the descriptors of a [`Descriptors`].

mod collections;
mod inferred;
mod leaf;
mod objects;

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::Arc;

use jsess_classpath::Schemas;
use jsess_javaser::jdk::{Builder, Referents, UNTYPED_CLASS};
use jsess_model::jdk::{BigInt, JdkValue, Temporal};
use jsess_model::{deep, FieldType, JavaString, Limit, Limits, NodeId, Ref, Value};

use crate::error::Error;
use crate::names::{class_of, class_of_attribute, default_implementation};
use crate::text;
use dom::{Dom, Element};
pub use jsess_xml::dom;
use leaf::*;

pub use jsess_javaser::jdk::Descriptors;

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
/// `descriptors` (Java descriptors from sessions) or, failing that, by `layouts` (class files or
/// schema files: declared field types, so text reads as the type the field has).
pub fn decode(
    xml: &[u8],
    descriptors: &Arc<Descriptors>,
    layouts: &Schemas,
    limits: &Limits,
) -> Result<Decoded, Error> {
    let dom = dom::parse(xml, limits)?;
    let builder = Builder::with_classes(Arc::clone(descriptors));
    let mut reader = Reader {
        dom: &dom,
        builder,
        layouts,
        references: HashMap::new(),
        referents: Referents::new(dom.elements.len()),
        limits,
        shown: None,
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
    referents: Referents,
    limits: &'d Limits,
    /// What the XML shows of each class, worked out when the first class no descriptor or
    /// layout describes needs it.
    shown: Option<HashMap<String, inferred::Shown>>,
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
                || FieldType::of_box(&class).is_some()
                || matches!(
                    class.as_str(),
                    "java.lang.String" | "java.math.BigInteger" | "java.math.BigDecimal"
                )
            {
                return Err(bad());
            }
            self.references.insert(id, target);
            self.referents.refer_to(target);
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
            if let Some(r) = self.referents.resolve(target) {
                return Ok(r);
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
        if let Some(proxy) = e.attr("resolves-to") {
            self.replaced(e, &class_of_attribute(proxy))?;
        }
        let reserved = self.referents.begin(id, &mut self.builder);
        let built = self.build(e, &class)?;
        self.referents
            .finish(id, reserved, built, &mut self.builder)
            .map_err(|_| {
                Error::shape(
                    &class,
                    e.offset,
                    "a value of this class cannot be referenced",
                )
            })
    }

    /// Records the class an application's serial proxy stands for: XStream names the replaced
    /// object's class (the element's name, or its `class` attribute) beside `resolves-to`. The
    /// JDK's proxies (`CollSer`, the collection wrappers) are told apart by their data.
    fn replaced(&mut self, e: &Element, proxy: &str) -> Result<(), Error> {
        if jsess_javaser::jdk::jdk_class(proxy).is_some() {
            return Ok(());
        }
        let original = e
            .attr("class")
            .map(class_of_attribute)
            .unwrap_or_else(|| class_of(&e.name));
        if original == proxy {
            return Ok(());
        }
        self.builder
            .mark_stands_for(proxy, &original)
            .map_err(|err| self.build_err(proxy, e, err))
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
        if class == UNTYPED_CLASS {
            return self.untyped(e);
        }
        if e.attr("serialization") == Some("custom") {
            return self.custom(e, class);
        }
        let bad = |what: &str| Error::shape(class, e.offset, format!("not {what}"));
        if let Some(ty) = FieldType::of_box(class) {
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
            "java.util.concurrent.atomic.AtomicBoolean" => self.atomic_boolean(e),
            "java.util.UUID" => {
                let t = self.leaf(e, class)?;
                let (most, least) = parse_uuid(t).ok_or_else(|| bad("a UUID"))?;
                self.jdk(e, class, JdkValue::Uuid { most, least })
            }
            "java.util.Locale" => self.locale(e),
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

    /// AtomicBooleanConverter: the value as text; Java writes the int field `value`.
    fn atomic_boolean(&mut self, e: &Element) -> Result<Ref, Error> {
        let class = "java.util.concurrent.atomic.AtomicBoolean";
        let value = match self.leaf(e, class)?.trim() {
            "true" => 1,
            "false" => 0,
            _ => return Err(Error::shape(class, e.offset, "not a boolean")),
        };
        let data = self.builder.serial(&[Value::Int(value)], None);
        self.builder
            .instance(class, vec![data])
            .map(Some)
            .map_err(|err| self.build_err(class, e, err))
    }

    /// LocaleConverter: `language_COUNTRY_variant` (XStream keeps no script or extensions).
    fn locale(&mut self, e: &Element) -> Result<Ref, Error> {
        let class = "java.util.Locale";
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

    /// Makes a class known for what needs only its name (a `Class` object, an array of it):
    /// by its descriptor or layout, else (an application class no layout describes, or one
    /// that is not Serializable) by a descriptor of what is known, its name. An array's
    /// serialVersionUID depends on whether its element class is public, which only the class
    /// file says: it stays unknown.
    fn know_name(&mut self, e: &Element, name: &str) -> Result<(), Error> {
        self.know(e, name)?;
        let element = name.trim_start_matches('[');
        let element = element
            .strip_prefix('L')
            .and_then(|n| n.strip_suffix(';'))
            .unwrap_or(element);
        let named = jsess_javaser::jdk::is_binary_class_name(element)
            && (element.len() == name.len() || element.len() + 2 < name.len());
        if !self.builder.knows(name) && named {
            self.builder
                .define(jsess_javaser::jdk::Descriptor::inferred(name, []));
        }
        Ok(())
    }

    fn class_object(&mut self, e: &Element, name: &str) -> Result<NodeId, Error> {
        self.know_name(e, name)?;
        let result = if self.is_enum(name) {
            self.builder.enum_class_object(name)
        } else {
            self.builder.class_object(name)
        };
        result.map_err(|err| self.build_err("java.lang.Class", e, err))
    }
}
