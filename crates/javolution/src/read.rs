//! The read half: Javolution XML to the model.
//!
//! The document is parsed into a bounded element tree (the XML reader shared with
//! `jsess-xstream`); `__id`/`__ref` pairs are resolved before anything is built, and every
//! element then becomes the Java object Java serialization would write for what msm's binding
//! reads back, built with JDK 17 descriptors ([`Builder`]) and, for application classes, the
//! descriptors of a [`Descriptors`].

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::Arc;

use jsess_javaser::jdk::{
    is_binary_class_name, BuildError, Builder, Descriptor, FieldPlaces, Referents,
};
use jsess_model::graph::{SC_ENUM, SC_EXTERNALIZABLE};
use jsess_model::jdk::{BigInt, JdkValue};
use jsess_model::{deep, DescOrigin, Elements, FieldType, Limit, Limits, NodeId, Ref, Value};
use jsess_xml::dom::{self, Dom, Element};

use crate::binding::{collection_kind, is_reflected_map_or_collection, ID, NULL, REF};
use crate::error::Error;
use jsess_javaser::jdk::text::primitive;

pub use jsess_javaser::jdk::Descriptors;

/// Attributes read from Javolution XML: the objects (in a [`Builder`], ready for msm's attribute
/// framing) and the (name, value) pairs in document order.
#[derive(Debug)]
pub struct Decoded {
    /// The graph built so far.
    pub builder: Builder,
    /// Attribute names (string nodes: a value may be the very string that names it, as
    /// Javolution's `__ref` says) and values, in the order the XML lists them.
    pub attributes: Vec<(NodeId, Ref)>,
}

/// Reads the XML msm's `JavolutionTranscoder` writes: an `<attributes>` map of `k`/`v`
/// element pairs.
pub fn decode(
    xml: &[u8],
    descriptors: &Arc<Descriptors>,
    limits: &Limits,
) -> Result<Decoded, Error> {
    let dom = dom::parse(xml, limits)?;
    let builder = Builder::with_classes(Arc::clone(descriptors));
    let mut reader = Reader {
        dom: &dom,
        builder,
        ids: HashMap::new(),
        referents: Referents::new(dom.elements.len()),
        limits,
        inferred: None,
    };
    reader.resolve_references()?;
    let root = &dom.elements[0];
    let map_class = "java.util.concurrent.ConcurrentHashMap";
    if root.name != "attributes" {
        return Err(Error::shape(
            map_class,
            root.offset,
            format!("msm's Javolution root is <attributes>, not <{}>", root.name),
        ));
    }
    let pairs = reader.entries(root, map_class)?;
    let mut attributes = Vec::with_capacity(pairs.len());
    for (offset, key, value) in pairs {
        let name = key
            .filter(|&k| reader.builder.graph().string(k).is_some())
            .ok_or_else(|| Error::shape(map_class, offset, "an attribute name must be a string"))?;
        if value.is_none() {
            return Err(Error::shape(
                map_class,
                offset,
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
    /// `__id` value → the element that declared it.
    ids: HashMap<&'d str, usize>,
    /// Elements some `__ref` names.
    referents: Referents,
    limits: &'d Limits,
    /// The fields each class no descriptor describes shows in the XML ([`field_names_shown`]),
    /// each with whether it is only ever a child element.
    /// Worked out on the first class that needs it: most documents have none.
    inferred: Option<HashMap<&'d str, Vec<(&'d str, bool)>>>,
}

impl<'d> Reader<'d> {
    fn el(&self, id: usize) -> &'d Element {
        &self.dom.elements[id]
    }

    /// Javolution resolves a `__ref` against the ids read so far, so a reference names an
    /// element that starts before it (an enclosing one, for a cycle).
    fn resolve_references(&mut self) -> Result<(), Error> {
        let mut references = 0u32;
        for (index, element) in self.dom.elements.iter().enumerate() {
            if let Some(id) = element.attr(ID) {
                if self.ids.insert(id, index).is_some() {
                    return Err(Error::shape(
                        "java.lang.Object",
                        element.offset,
                        format!("__id={id:?} is declared twice"),
                    ));
                }
            }
            if let Some(id) = element.attr(REF) {
                references += 1;
                if references > self.limits.max_back_references {
                    return Err(Error::Limit {
                        limit: Limit::BackReferences,
                        offset: element.offset,
                    });
                }
                let target = *self.ids.get(id).ok_or_else(|| Error::BadReference {
                    id: id.to_string(),
                    offset: element.offset,
                })?;
                if !element.children.is_empty() {
                    return Err(Error::shape(
                        "java.lang.Object",
                        element.offset,
                        "a __ref element has no content",
                    ));
                }
                self.referents.refer_to(target);
            }
        }
        Ok(())
    }

    /// `k`/`v` pairs of a map element: a missing `k` or `v` is a null key or value.
    fn entries(&mut self, e: &'d Element, class: &str) -> Result<Vec<(u64, Ref, Ref)>, Error> {
        if e.children.len() > 2 * self.limits.max_array_length as usize {
            return Err(Error::Limit {
                limit: Limit::ArrayLength,
                offset: e.offset,
            });
        }
        let mut out = Vec::new();
        let mut children = e.children.iter().copied().peekable();
        while let Some(first) = children.next() {
            let offset = self.el(first).offset;
            let (key, value) = match self.el(first).name.as_str() {
                "k" => {
                    let key = self.convert(first)?;
                    let value = match children.next_if(|&c| self.el(c).name == "v") {
                        Some(v) => self.convert(v)?,
                        None => None,
                    };
                    (key, value)
                }
                "v" => (None, self.convert(first)?),
                other => {
                    return Err(Error::shape(
                        class,
                        offset,
                        format!("expected <k> or <v> map entries, found <{other}>"),
                    ))
                }
            };
            out.push((offset, key, value));
        }
        Ok(out)
    }

    fn convert(&mut self, id: usize) -> Result<Ref, Error> {
        deep::guard(|| self.convert_inner(id))
    }

    fn convert_inner(&mut self, id: usize) -> Result<Ref, Error> {
        let e = self.el(id);
        if let Some(target_id) = e.attr(REF) {
            let target = self.ids.get(target_id).copied();
            if let Some(r) = target.and_then(|t| self.referents.resolve(t)) {
                return Ok(r);
            }
            return Err(Error::BadReference {
                id: target_id.to_string(),
                offset: e.offset,
            });
        }
        if e.name == NULL && e.attrs.is_empty() {
            return Ok(None);
        }
        // Named elements (map entries, fields) carry the class; items are named by it.
        let class = e.attr("class").unwrap_or(&e.name).to_string();
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

    fn build_err(&self, class: &str, e: &Element, err: BuildError) -> Error {
        match err {
            BuildError::UnknownClass(c) => Error::UnknownClass {
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

    fn attr<'e>(&self, e: &'e Element, class: &str, name: &str) -> Result<&'e str, Error> {
        e.attr(name)
            .ok_or_else(|| Error::shape(class, e.offset, format!("no {name:?} attribute")))
    }

    fn no_children(&self, e: &Element, class: &str) -> Result<(), Error> {
        if e.children.is_empty() {
            Ok(())
        } else {
            Err(Error::shape(class, e.offset, "unexpected child elements"))
        }
    }

    fn build(&mut self, e: &'d Element, class: &str) -> Result<Ref, Error> {
        let bad = |what: &str| Error::shape(class, e.offset, format!("not {what}"));
        if let Some(ty) = FieldType::of_box(class) {
            self.no_children(e, class)?;
            let text = self.attr(e, class, "value")?;
            let v = primitive(ty, text).ok_or_else(|| bad("a valid value"))?;
            return self
                .builder
                .boxed(v)
                .map(Some)
                .map_err(|err| self.build_err(class, e, err));
        }
        if class.starts_with('[') {
            return self.array(e, class);
        }
        match class {
            "java.lang.String" => {
                self.no_children(e, class)?;
                let text = self.attr(e, class, "value")?;
                Ok(Some(self.builder.string(text)))
            }
            "java.lang.Class" => {
                let name = self.attr(e, class, "name")?.to_string();
                self.class_object(e, &name).map(Some)
            }
            "java.lang.StringBuilder" | "java.lang.StringBuffer" => {
                let units: Vec<u16> = self.attr(e, class, "val")?.encode_utf16().collect();
                self.jdk(e, class, JdkValue::Text { class, units })
            }
            "java.util.concurrent.atomic.AtomicInteger" => {
                let v = self.attr(e, class, "value")?;
                let v = v.parse().map_err(|_| bad("an int"))?;
                self.jdk(e, class, JdkValue::Atomic(Value::Int(v)))
            }
            "java.util.concurrent.atomic.AtomicLong" => {
                let v = self.attr(e, class, "value")?;
                let v = v.parse().map_err(|_| bad("a long"))?;
                self.jdk(e, class, JdkValue::Atomic(Value::Long(v)))
            }
            "java.math.BigDecimal" => {
                // msm's number format writes longValue() and reads it with new BigDecimal(long).
                let v: i64 = self
                    .attr(e, class, "value")?
                    .parse()
                    .map_err(|_| bad("a long"))?;
                let magnitude = v.unsigned_abs().to_be_bytes();
                let start = magnitude.iter().position(|&b| b != 0).unwrap_or(8);
                let unscaled = BigInt {
                    signum: v.signum() as i32,
                    magnitude: &magnitude[start..],
                };
                self.jdk(e, class, JdkValue::BigDecimal { unscaled, scale: 0 })
            }
            "java.util.Date" | "java.sql.Date" | "java.sql.Time" => {
                // Every field of a Date is transient: the reflection format writes none, and
                // msm's reader makes a Date of 0 ms, which is what Tomcat gets.
                self.no_children(e, class)?;
                self.jdk(e, class, JdkValue::Date { class, millis: 0 })
            }
            "java.sql.Timestamp" => {
                let nanos = match e.attr("nanos") {
                    Some(n) => n.parse().map_err(|_| bad("a nanos int"))?,
                    None => 0,
                };
                self.jdk(e, class, JdkValue::Timestamp { millis: 0, nanos })
            }
            "java.util.UUID" => {
                let most = e.attr("mostSigBits").and_then(|v| v.parse().ok());
                let least = e.attr("leastSigBits").and_then(|v| v.parse().ok());
                let (Some(most), Some(least)) = (most, least) else {
                    return Err(bad("a UUID (mostSigBits, leastSigBits)"));
                };
                self.jdk(e, class, JdkValue::Uuid { most, least })
            }
            // Every field of a Locale is transient: Javolution wrote none (msm reads back a
            // Locale without language or country). Read as what the XML shows: nothing.
            "java.util.Locale" => {
                self.infer(class);
                self.object(e, class)
            }
            "java.util.Currency" if self.builder.knows(class) => {
                let code = self.attr(e, class, "code")?;
                let code = Value::Ref(Some(self.builder.string(code)));
                let data = self.builder.serial(&[code], None);
                self.builder
                    .instance(class, vec![data])
                    .map(Some)
                    .map_err(|err| self.build_err(class, e, err))
            }
            "java.util.GregorianCalendar" | "java.util.Currency" => Err(Error::UnknownClass {
                class: class.to_string(),
                offset: e.offset,
            }),
            "java.lang.reflect.Proxy" => Err(Error::shape(
                class,
                e.offset,
                "JDK proxies are not read from Javolution XML",
            )),
            // msm's reflection form of a java.time value is its internal fields: the kinds msm
            // reads back intact are values, the others objects of the fields shown.
            c if c.starts_with("java.time.") => match self.enum_constant(e, class)? {
                // `DayOfWeek`, `Month`, `ChronoUnit`: msm's enum format.
                Some(constant) => Ok(constant),
                None => {
                    // A LocalDateTime's date and time are objects of their own in the XML: one
                    // that something refers to keeps the object form.
                    let shared = e.children.iter().any(|&c| self.referents.is_referred_to(c));
                    match crate::time::read(self.dom, e, class).filter(|_| !shared) {
                        Some(value) => self.jdk(e, class, JdkValue::Time(value)),
                        None => {
                            self.infer(class);
                            self.object(e, class)
                        }
                    }
                }
            },
            c if is_reflected_map_or_collection(c) => self.container(e, c),
            _ => self.object(e, class),
        }
    }

    fn class_object(&mut self, e: &Element, name: &str) -> Result<NodeId, Error> {
        let spec = self.builder.descriptor(name);
        let result = match spec {
            Some(s) if s.flags & SC_ENUM != 0 => self.builder.enum_class_object(name),
            _ => self.builder.class_object(name),
        };
        result.map_err(|err| self.build_err("java.lang.Class", e, err))
    }

    fn items(&mut self, e: &Element) -> Result<Vec<Ref>, Error> {
        if e.children.len() > self.limits.max_array_length as usize {
            return Err(Error::Limit {
                limit: Limit::ArrayLength,
                offset: e.offset,
            });
        }
        e.children.iter().map(|&c| self.convert(c)).collect()
    }

    /// Public JDK collections and maps: msm's collection and map formats.
    fn container(&mut self, e: &'d Element, class: &str) -> Result<Ref, Error> {
        match collection_kind(class) {
            Some(kind) => {
                let elements = self.items(e)?;
                self.check_size(e, class, elements.len())?;
                self.jdk(
                    e,
                    class,
                    JdkValue::Collection {
                        kind,
                        class,
                        elements,
                        comparator: None,
                        element_type: None,
                    },
                )
            }
            None => {
                let entries: Vec<(Ref, Ref)> = self
                    .entries(e, class)?
                    .into_iter()
                    .map(|(_, k, v)| (k, v))
                    .collect();
                self.check_size(e, class, entries.len())?;
                self.jdk(
                    e,
                    class,
                    JdkValue::Map {
                        class,
                        entries,
                        comparator: None,
                        key_type: None,
                        access_order: false,
                        defaults: None,
                    },
                )
            }
        }
    }

    fn check_size(&self, e: &Element, class: &str, n: usize) -> Result<(), Error> {
        match e.attr("size").map(str::parse::<usize>) {
            Some(Ok(size)) if size == n => Ok(()),
            Some(_) => Err(Error::shape(
                class,
                e.offset,
                format!("size attribute does not match its {n} elements"),
            )),
            None => Ok(()),
        }
    }

    fn array(&mut self, e: &'d Element, class: &str) -> Result<Ref, Error> {
        let component = &class[1..];
        let length: usize = self
            .attr(e, class, "length")?
            .parse()
            .map_err(|_| Error::shape(class, e.offset, "length is not a number"))?;
        if length > self.limits.max_array_length as usize {
            return Err(Error::Limit {
                limit: Limit::ArrayLength,
                offset: e.offset,
            });
        }
        if e.children.len() != length {
            return Err(Error::shape(
                class,
                e.offset,
                format!("length {length} but {} elements", e.children.len()),
            ));
        }
        let primitive_type =
            FieldType::from_code(component.as_bytes().first().copied().unwrap_or(0))
                .filter(|t| !t.is_reference() && component.len() == 1);
        let built = if let Some(ty) = primitive_type {
            let mut raw = Vec::with_capacity(length * 8);
            for &c in &e.children {
                let child = self.el(c);
                let v = child
                    .attr("value")
                    .filter(|_| {
                        child.children.is_empty() && FieldType::of_box(&child.name) == Some(ty)
                    })
                    .and_then(|t| primitive(ty, t))
                    .ok_or_else(|| Error::shape(class, child.offset, "not a valid element"))?;
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
            let items = self.items(e)?;
            self.builder.array(class, Elements::Object(items))
        };
        built.map(Some).map_err(|err| self.build_err(class, e, err))
    }

    /// Makes `class` known by the fields its elements show ([`field_names_shown`]): each a
    /// reference of unknown type, the values their own classes or the text.
    fn infer(&mut self, class: &str) {
        if !is_binary_class_name(class) {
            return;
        }
        let dom = self.dom;
        let shown = self.inferred.get_or_insert_with(|| field_names_shown(dom));
        if let Some(shown) = shown.get(class) {
            let mut spec = Descriptor::inferred(class, shown.iter().map(|(f, _)| f.to_string()));
            // The reflection format writes a field as an element only when its declared type is
            // not one it writes as an attribute: such a field is kept as declared `Object`, so
            // a `String` in it is written back as an element, not as text.
            for ((_, _, signature), (_, element)) in spec.fields.iter_mut().zip(shown) {
                if *element {
                    *signature = Some("Ljava/lang/Object;".to_string());
                }
            }
            self.builder.define(spec);
        }
    }

    /// The descriptor chain of a class, superclass first.
    fn chain(&self, e: &Element, class: &str) -> Result<Vec<Descriptor>, Error> {
        self.builder
            .class_chain(class)
            .map_err(|err| self.build_err(class, e, err))
    }

    /// An enum constant: msm's enum format (`value`, `type`), or, for a constant with a body
    /// (its own class, which msm's binding does not recognise as an enum), the reflection
    /// format's `name` and `ordinal`.
    fn enum_constant(&mut self, e: &Element, class: &str) -> Result<Option<Ref>, Error> {
        let (enum_class, name) = match (e.attr("type"), e.attr("value"), e.attr("name")) {
            (Some(t), Some(v), _) => (t.to_string(), v),
            (None, None, Some(n)) if e.attr("ordinal").is_some() => match class.rsplit_once('$') {
                Some((outer, body)) if body.bytes().all(|b| b.is_ascii_digit()) => {
                    (outer.to_string(), n)
                }
                _ => return Ok(None),
            },
            _ => return Ok(None),
        };
        if self
            .builder
            .descriptor(&enum_class)
            .is_none_or(|s| s.flags & SC_ENUM == 0)
        {
            return Ok(None);
        }
        let name = name.to_string();
        self.builder
            .enum_constant(&enum_class, &name)
            .map(|id| Some(Some(id)))
            .map_err(|err| self.build_err(class, e, err))
    }

    fn object(&mut self, e: &'d Element, class: &str) -> Result<Ref, Error> {
        if let Some(constant) = self.enum_constant(e, class)? {
            return Ok(constant);
        }
        // The JVM's random-access list wrappers are the plain ones in Java serialization.
        let class = jsess_javaser::jdk::serialized_wrapper_class(class);
        if !self.builder.knows(class) {
            self.infer(class);
        }
        let mut chain = self.chain(e, class)?;
        let jdk = chain.last().is_some_and(|d| d.origin == DescOrigin::Jdk);
        if jdk && !shows_only_fields_of(e, &chain, self.dom) {
            // A JDK class the reflection format stored by its internal fields, not the ones
            // Java serializes: read by what the XML shows.
            self.infer(class);
            chain = self.chain(e, class)?;
        }
        if chain.iter().any(|s| s.flags & SC_EXTERNALIZABLE != 0) {
            return Err(Error::shape(
                class,
                e.offset,
                "Externalizable classes are not read from Javolution XML",
            ));
        }
        let mut values: Vec<Vec<Value>> = chain.iter().map(Descriptor::default_values).collect();
        let places = FieldPlaces::new(&chain, e.attrs.len() + e.children.len());
        for (name, text) in &e.attrs {
            if matches!(name.as_str(), "class" | ID) {
                continue;
            }
            let (i, j) = places
                .find(&chain, name, None)
                .ok_or_else(|| Error::UnknownField {
                    class: class.to_string(),
                    field: name.clone(),
                    offset: e.offset,
                })?;
            values[i][j] = self.attribute_field(e, &chain[i], j, text)?;
        }
        for &c in &e.children {
            let child = self.el(c);
            let (i, j) =
                places
                    .find(&chain, &child.name, None)
                    .ok_or_else(|| Error::UnknownField {
                        class: class.to_string(),
                        field: child.name.clone(),
                        offset: child.offset,
                    })?;
            let (ty, name, _) = &chain[i].fields[j];
            if !ty.is_reference() {
                return Err(Error::shape(
                    &chain[i].name,
                    child.offset,
                    format!("primitive field {name} is written as an attribute"),
                ));
            }
            values[i][j] = Value::Ref(self.convert(c)?);
        }
        self.builder
            .fields_instance(class, &chain, values)
            .map(Some)
            .map_err(|err| self.build_err(class, e, err))
    }

    /// A field msm's reflection format writes as an XML attribute: a primitive, or a `String`,
    /// boxed value, `Currency` or enum by its text.
    fn attribute_field(
        &mut self,
        e: &Element,
        spec: &Descriptor,
        index: usize,
        text: &str,
    ) -> Result<Value, Error> {
        let (ty, name, signature) = &spec.fields[index];
        let bad = || {
            Error::shape(
                &spec.name,
                e.offset,
                format!("field {name}: {text:?} is not a valid value"),
            )
        };
        if !ty.is_reference() {
            return primitive(*ty, text).ok_or_else(bad);
        }
        if signature.is_none() {
            // A field of a class known only by the XML: its type unknown, its value the text.
            return Ok(Value::Ref(Some(self.builder.string(text))));
        }
        let declared = signature
            .as_deref()
            .and_then(|s| s.strip_prefix('L'))
            .and_then(|s| s.strip_suffix(';'))
            .map(|s| s.replace('/', "."))
            .unwrap_or_default();
        let built = if declared == "java.lang.String" {
            self.builder.string(text)
        } else if let Some(boxed) = FieldType::of_box(&declared) {
            let v = primitive(boxed, text).ok_or_else(bad)?;
            self.builder
                .boxed(v)
                .map_err(|err| self.build_err(&declared, e, err))?
        } else if self
            .builder
            .descriptor(&declared)
            .is_some_and(|s| s.flags & SC_ENUM != 0)
        {
            self.builder
                .enum_constant(&declared, text)
                .map_err(|err| self.build_err(&declared, e, err))?
        } else {
            return Err(Error::shape(
                &spec.name,
                e.offset,
                format!("field {name} of type {declared} is not written as an attribute"),
            ));
        };
        Ok(Value::Ref(Some(built)))
    }
}

/// For every class the XML names, the names of the fields its elements show (attributes, then
/// child elements), merged over all its elements in the order they show them: msm's
/// reflection format leaves null fields out, so one element may show fields another does not.
/// What a class no descriptor describes (or a JDK class stored by reflection) is read as.
fn field_names_shown(dom: &Dom) -> HashMap<&str, Vec<(&str, bool)>> {
    let mut shown: HashMap<&str, Vec<(&str, bool)>> = HashMap::new();
    for e in &dom.elements {
        if e.attr(REF).is_some() || e.name == NULL {
            continue;
        }
        let class = e.attr("class").unwrap_or(&e.name);
        let class = jsess_javaser::jdk::serialized_wrapper_class(class);
        if !is_binary_class_name(class) {
            continue;
        }
        let fields = shown.entry(class).or_default();
        Descriptor::merge_shown(fields, shown_names(e, dom));
    }
    shown
}

/// Whether every attribute and child element of `e` names a field of `chain`.
fn shows_only_fields_of(e: &Element, chain: &[Descriptor], dom: &Dom) -> bool {
    let places = FieldPlaces::new(chain, e.attrs.len() + e.children.len());
    shown_names(e, dom).all(|(name, _)| places.find(chain, name, None).is_some())
}

/// The field names an element of the reflection format shows, each with whether it is a child
/// element: its attributes (but `class` and `__id`), then its child elements.
fn shown_names<'d>(e: &'d Element, dom: &'d Dom) -> impl Iterator<Item = (&'d str, bool)> {
    let attrs = e
        .attrs
        .iter()
        .map(|(name, _)| (name.as_str(), false))
        .filter(|(n, _)| !matches!(*n, "class" | ID));
    attrs.chain(
        e.children
            .iter()
            .map(|&c| (dom.elements[c].name.as_str(), true)),
    )
}
