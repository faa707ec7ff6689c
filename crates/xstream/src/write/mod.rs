//! The write half: the model to XStream XML, as `new XStream().toXML(map)` formats it
//! (two-space indentation, no declaration, no final newline, relative XPath references).
//!
//! JDK values with an XStream converter get that converter's form; every other object is
//! written field by field (XStream's reflection converter) or, when a class in its hierarchy
//! has `writeObject`, in XStream's `serialization="custom"` form. Whatever XStream cannot carry
//! without change is refused with [`Error::Lossy`] naming the attribute and class.

use std::collections::{HashMap, HashSet};

use base64::Engine;
use jsess_classpath::Schemas;
use jsess_javaser::jdk::census::census_class;
use jsess_javaser::jdk::{interpret, time};
use jsess_javaser::number_text;
use jsess_model::graph::{SC_EXTERNALIZABLE, SC_WRITE_METHOD};
use jsess_model::jdk::{CollectionKind, JdkValue, Temporal};
use jsess_model::{
    deep, ClassData, ClassKind, Content, Elements, FieldDesc, FieldType, Graph, JavaString, Node,
    NodeId, Ref, Value,
};

use crate::error::Error;
use crate::names::{
    allowed_by_default, attribute_of, default_implementation, element_of, encode_name,
    outer_class_name, signature_class,
};
use crate::text;

/// A class a plain `new XStream()` (msm's reader) refuses to read: the value is written, but
/// msm with a current XStream jar would fail on it and delete the session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// The attribute whose value holds the class.
    pub attribute: String,
    /// The class.
    pub class: String,
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "attribute {:?}: {} is outside XStream's default allow-list; msm's plain `new XStream()` (1.4.18+) refuses to read it",
            self.attribute, self.class
        )
    }
}

/// XML and the warnings writing it raised.
#[derive(Debug)]
pub struct Encoded {
    /// The document.
    pub xml: Vec<u8>,
    /// One warning per attribute and class msm's plain XStream refuses.
    pub warnings: Vec<Warning>,
}

/// Writes attributes (name string nodes and values of `graph`) as msm's XStream transcoder does.
/// XStream writes an object's fields in its class's declaration order, superclass first:
/// `layouts` (class files) give that order; a class they do not describe has its fields in
/// the order of its descriptor (Java's: primitives first, by name), which reads back the same
/// but is not msm's byte order.
pub fn encode(
    graph: &Graph<'_>,
    attributes: &[(NodeId, Ref)],
    layouts: &Schemas,
) -> Result<Encoded, Error> {
    let mut w = Writer {
        graph,
        layouts,
        out: String::with_capacity(256),
        open: Vec::new(),
        written: HashMap::new(),
        record_next: None,
        attribute: String::new(),
        warned: HashSet::new(),
        warnings: Vec::new(),
    };
    w.start("concurrent-hash-map", &[]);
    for (name, value) in attributes {
        let text = graph
            .string(*name)
            .ok_or_else(|| Error::Graph("an attribute name is not a string".into()))?;
        w.attribute = text.to_string_lossy().into_owned();
        let name_text = w.text_of(text, "java.lang.String")?;
        if value.is_none() {
            return Err(w.lossy(
                "java.util.concurrent.ConcurrentHashMap",
                "msm's XStream reader puts attributes into a ConcurrentHashMap, which holds no null values",
            ));
        }
        w.start("entry", &[]);
        w.start("string", &[]);
        w.text(&name_text);
        w.end();
        w.value(*value, &Place::Item)?;
        w.end();
    }
    w.end();
    Ok(Encoded {
        xml: w.out.into_bytes(),
        warnings: w.warnings,
    })
}

/// Where a value is written: as an item (its element names its class) or as a field (its
/// element names the field, and a `class` attribute the class when it is not the declared one).
enum Place<'p> {
    Item,
    Field {
        name: &'p str,
        declared: String,
        defined_in: Option<&'p str>,
    },
}

struct Open {
    name: String,
    index: usize,
    /// The start tag is not closed yet (`>` or `/>` pending).
    pending: bool,
    has_children: bool,
    siblings: HashMap<String, usize>,
}

struct Writer<'g, 'a> {
    graph: &'g Graph<'a>,
    /// Class layouts, for the declaration order of fields.
    layouts: &'g Schemas,
    out: String,
    open: Vec<Open>,
    /// Where each referenceable node was first written.
    written: HashMap<NodeId, Vec<(String, usize)>>,
    /// The node the next start tag stands for, when it may be referenced later.
    record_next: Option<NodeId>,
    attribute: String,
    warned: HashSet<(String, String)>,
    warnings: Vec<Warning>,
}

impl<'g, 'a> Writer<'g, 'a> {
    /// The order XStream's reflection writes a class's fields in: its declaration order when
    /// the class layouts know every field, else the descriptor's.
    fn declaration_order(&self, class: &str, fields: &[FieldDesc<'_>]) -> Vec<usize> {
        let in_descriptor: Vec<usize> = (0..fields.len()).collect();
        let Some(layout) = self.layouts.get(class) else {
            return in_descriptor;
        };
        let mut order = Vec::with_capacity(fields.len());
        for declared in &layout.fields {
            if let Some(i) = fields.iter().position(|f| f.name.eq_str(&declared.name)) {
                order.push(i);
            }
        }
        if order.len() == fields.len() {
            order
        } else {
            in_descriptor
        }
    }

    // ---- XML -----------------------------------------------------------------------------

    fn start(&mut self, name: &str, attrs: &[(&str, &str)]) {
        if let Some(parent) = self.open.last_mut() {
            if parent.pending {
                self.out.push('>');
                parent.pending = false;
            }
            parent.has_children = true;
        }
        let index = match self.open.last_mut() {
            Some(parent) => {
                let n = parent.siblings.entry(name.to_string()).or_insert(0);
                *n += 1;
                *n
            }
            None => 1,
        };
        if !self.open.is_empty() {
            self.out.push('\n');
            for _ in 0..self.open.len() {
                self.out.push_str("  ");
            }
        }
        self.out.push('<');
        self.out.push_str(name);
        for (k, v) in attrs {
            self.out.push(' ');
            self.out.push_str(k);
            self.out.push_str("=\"");
            escape_into(&mut self.out, v);
            self.out.push('"');
        }
        self.open.push(Open {
            name: name.to_string(),
            index,
            pending: true,
            has_children: false,
            siblings: HashMap::new(),
        });
        if let Some(id) = self.record_next.take() {
            let path = self.path();
            self.written.insert(id, path);
        }
    }

    fn text(&mut self, text: &str) {
        if let Some(top) = self.open.last_mut() {
            if top.pending {
                self.out.push('>');
                top.pending = false;
            }
        }
        escape_into(&mut self.out, text);
    }

    fn end(&mut self) {
        let Some(top) = self.open.pop() else { return };
        if top.pending {
            self.out.push_str("/>");
            return;
        }
        if top.has_children {
            self.out.push('\n');
            for _ in 0..self.open.len() {
                self.out.push_str("  ");
            }
        }
        self.out.push_str("</");
        self.out.push_str(&top.name);
        self.out.push('>');
    }

    fn path(&self) -> Vec<(String, usize)> {
        self.open
            .iter()
            .map(|o| (o.name.clone(), o.index))
            .collect()
    }

    fn leaf(&mut self, name: &str, attrs: &[(&str, &str)], text: &str) {
        self.start(name, attrs);
        if !text.is_empty() {
            self.text(text);
        }
        self.end();
    }

    // ---- errors and warnings -------------------------------------------------------------

    fn lossy(&self, class: &str, reason: &str) -> Error {
        Error::Lossy {
            attribute: self.attribute.clone(),
            class: class.to_string(),
            reason: reason.to_string(),
        }
    }

    fn note_class(&mut self, class: &str) {
        if !allowed_by_default(class)
            && self
                .warned
                .insert((self.attribute.clone(), class.to_string()))
        {
            self.warnings.push(Warning {
                attribute: self.attribute.clone(),
                class: class.to_string(),
            });
        }
    }

    fn text_of(&self, s: &JavaString<'_>, class: &str) -> Result<String, Error> {
        s.to_str().map(|c| c.into_owned()).ok_or_else(|| {
            self.lossy(
                class,
                "an unpaired surrogate cannot be written as UTF-8 (XStream would write '?')",
            )
        })
    }

    // ---- values --------------------------------------------------------------------------

    fn node(&self, id: NodeId) -> Result<&'g Node<'a>, Error> {
        self.graph
            .get(id)
            .ok_or_else(|| Error::Graph(format!("reference to missing node {}", id.index())))
    }

    /// Opens the element for a value of XStream class `class` at `place`.
    fn open_value(&mut self, place: &Place<'_>, class: &str, extra: &[(&str, &str)]) {
        self.note_class(class);
        self.open_unchecked(place, class, extra);
    }

    /// [`Writer::open_value`] for a class XStream's allow-list takes whatever its name (enums).
    fn open_unchecked(&mut self, place: &Place<'_>, class: &str, extra: &[(&str, &str)]) {
        let alias = element_of(class);
        match place {
            Place::Item => self.start(&alias, extra),
            Place::Field {
                name,
                declared,
                defined_in,
            } => {
                let mut attrs: Vec<(&str, &str)> = Vec::new();
                if let Some(d) = defined_in {
                    attrs.push(("defined-in", d));
                }
                let needs_class = default_implementation(declared) != class
                    || extra.iter().any(|(k, _)| *k == "resolves-to");
                let alias_attr = attribute_of(class);
                if needs_class {
                    attrs.push(("class", &alias_attr));
                }
                attrs.extend_from_slice(extra);
                let element = encode_name(name);
                self.start(&element, &attrs);
            }
        }
    }

    fn simple(&mut self, place: &Place<'_>, class: &str, text: &str) {
        self.open_value(place, class, &[]);
        if !text.is_empty() {
            self.text(text);
        }
        self.end();
    }

    fn value(&mut self, r: Ref, place: &Place<'_>) -> Result<(), Error> {
        deep::guard(|| self.value_inner(r, place))
    }

    fn value_inner(&mut self, r: Ref, place: &Place<'_>) -> Result<(), Error> {
        let Some(id) = r else {
            // Null fields are left out; null items are <null/>.
            if matches!(place, Place::Item) {
                self.leaf("null", &[], "");
            }
            return Ok(());
        };
        let node = self.node(id)?;
        if let Node::String(s) = node {
            let t = self.text_of(&s.value, "java.lang.String")?;
            self.simple(place, "java.lang.String", &t);
            return Ok(());
        }
        let jdk = interpret(self.graph, id);
        // XStream's immutable types are written in full every time, never as references.
        let referenceable = !matches!(
            jdk,
            Some(
                JdkValue::Boxed(_)
                    | JdkValue::BigInteger(_)
                    | JdkValue::BigDecimal { .. }
                    | JdkValue::Enum { .. }
                    | JdkValue::Class(_)
                    | JdkValue::Time(_)
                    | JdkValue::Locale { .. }
                    | JdkValue::Uuid { .. }
            )
        ) && !matches!(
            jdk,
            Some(JdkValue::Collection { class, .. } | JdkValue::Map { class, .. })
                if matches!(
                    class,
                    "java.util.Collections$EmptyList"
                        | "java.util.Collections$EmptySet"
                        | "java.util.Collections$EmptyMap"
                )
        );
        if referenceable {
            if let Some(target) = self.written.get(&id).cloned() {
                let item = self.item_element(id);
                let class = self.object_class(id);
                self.reference(place, &target, item, class);
                return Ok(());
            }
        }
        // The element about to open gets this path.
        let record = |w: &mut Self| {
            if referenceable {
                w.record_next = Some(id);
            }
        };
        match jdk {
            Some(value) if self.jdk_value(id, &value, place, &record)? => Ok(()),
            _ => self.raw(id, node, place, &record),
        }
    }

    /// The element name XStream gives an object referenced as an item: its class's, when
    /// jsess can name it without its converter (an application object, an array).
    fn item_element(&self, id: NodeId) -> Option<String> {
        if interpret(self.graph, id).is_some() {
            return None;
        }
        Some(element_of(&self.object_class(id)?))
    }

    /// The class of an object or array node.
    fn object_class(&self, id: NodeId) -> Option<String> {
        let class = match self.graph.get(id)? {
            Node::Object(o) => o.class,
            Node::Array(a) => a.class,
            _ => return None,
        };
        Some(self.graph.class_name(class)?.to_string_lossy().into_owned())
    }

    /// A `reference` element. As a field it carries `defined-in` and, when the object is not of
    /// the field's default type, `class` before the reference, as XStream writes them.
    fn reference(
        &mut self,
        place: &Place<'_>,
        target: &[(String, usize)],
        item: Option<String>,
        class: Option<String>,
    ) {
        let mut attrs: Vec<(&str, String)> = Vec::new();
        let name = match place {
            Place::Item => item,
            Place::Field {
                name,
                declared,
                defined_in,
            } => {
                if let Some(d) = defined_in {
                    attrs.push(("defined-in", d.to_string()));
                }
                if let Some(c) = class.filter(|c| default_implementation(declared) != c) {
                    attrs.push(("class", attribute_of(&c)));
                }
                Some(encode_name(name))
            }
        };
        // The referencing element's own path, then the way from it to the target.
        let mut here = self.path();
        let own = name.unwrap_or_else(|| target.last().map(|t| t.0.clone()).unwrap_or_default());
        let index = self
            .open
            .last()
            .map(|o| o.siblings.get(&own).copied().unwrap_or(0) + 1)
            .unwrap_or(1);
        here.push((own.clone(), index));
        let common = here.iter().zip(target).take_while(|(a, b)| a == b).count();
        let mut steps: Vec<String> = vec!["..".to_string(); here.len() - common];
        for (n, i) in &target[common..] {
            steps.push(if *i == 1 {
                n.clone()
            } else {
                format!("{n}[{i}]")
            });
        }
        attrs.push(("reference", steps.join("/")));
        let attrs: Vec<(&str, &str)> = attrs.iter().map(|(k, v)| (*k, v.as_str())).collect();
        self.start(&own, &attrs);
        self.end();
    }

    /// A `Subject` as XStream's `SubjectConverter` writes it: the principals as items, then
    /// `readOnly` (credentials are not written).
    fn subject(&mut self, id: NodeId, place: &Place<'_>) -> Result<(), Error> {
        let class = "javax.security.auth.Subject";
        let read_only = self.field_of(id, "readOnly");
        let principals = match self.field_of(id, "principals") {
            Some(Value::Ref(r)) => self
                .principal_items(r)
                .ok_or_else(|| self.lossy(class, "its principals are not a set jsess can read"))?,
            _ => return Err(self.lossy(class, "no principals field")),
        };
        let read_only = match read_only {
            Some(Value::Boolean(b)) => b != 0,
            _ => return Err(self.lossy(class, "no readOnly field")),
        };
        self.open_value(place, class, &[]);
        self.start("principals", &[]);
        for principal in principals {
            self.value(principal, &Place::Item)?;
        }
        self.end();
        self.leaf("readOnly", &[], if read_only { "true" } else { "false" });
        self.end();
        Ok(())
    }

    /// The items of a Subject's principal set: a plain set, or Java's `Subject$SecureSet`
    /// holding them in its `elements` list.
    fn principal_items(&self, r: Ref) -> Option<Vec<Ref>> {
        let id = r?;
        if let Some(JdkValue::Collection { elements, .. }) = interpret(self.graph, id) {
            return Some(elements);
        }
        match self.field_of(id, "elements")? {
            Value::Ref(Some(list)) => match interpret(self.graph, list)? {
                JdkValue::Collection { elements, .. } => Some(elements),
                _ => None,
            },
            _ => None,
        }
    }

    /// A `StackTraceElement` as XStream writes it: its `toString()` (JDK 17 rules: the class
    /// loader and module prefixes the frame's format keeps, then `class.method(file:line)`).
    fn stack_trace_text(&self, id: NodeId) -> Option<String> {
        let text = |name: &str| match self.field_of(id, name) {
            Some(Value::Ref(Some(r))) => self.graph.string(r).map(|s| s.to_string()),
            _ => None,
        };
        let Some(Value::Byte(format)) = self.field_of(id, "format") else {
            return None;
        };
        let Some(Value::Int(line)) = self.field_of(id, "lineNumber") else {
            return None;
        };
        Some(text::stack_trace_element(&text::Frame {
            format: format as u8,
            class_loader: text("classLoaderName"),
            module: text("moduleName"),
            module_version: text("moduleVersion"),
            declaring_class: text("declaringClass")?,
            method: text("methodName")?,
            file: text("fileName"),
            line,
        }))
    }

    /// Whether XStream writes an `<unserializable-parents/>` element for `class` (its topmost
    /// serializable class has superclasses that are not `Serializable`), from the class
    /// layouts; an error when those superclasses have fields, which a Java stream does not
    /// hold and XStream would write.
    fn unserializable_parents(&self, class: &str, chain: &[String]) -> Result<bool, Error> {
        let Some(top) = chain.first() else {
            return Ok(false);
        };
        // The JDK's non-serializable superclasses (AbstractList, …) hold no fields Java skips.
        if let Some(jdk) = census_class(top) {
            return Ok(jdk.has_unserializable_parent());
        }
        let Some(parents) = self.layouts.unserializable_parents(top) else {
            return Ok(false);
        };
        if let Some((parent, fields)) = parents.iter().find(|(_, f)| !f.is_empty()) {
            return Err(self.lossy(
                class,
                &format!(
                    "its superclass {parent} is not Serializable: XStream writes its fields ({}), \
                     which the Java stream does not hold",
                    fields.join(", ")
                ),
            ));
        }
        Ok(!parents.is_empty())
    }

    /// A `BitSet` as XStream's `BitSetConverter` writes it: its set bits, comma-separated.
    fn bit_set_text(&self, id: NodeId) -> Option<String> {
        let Value::Ref(Some(words)) = self.field_of(id, "bits")? else {
            return None;
        };
        let Node::Array(array) = self.graph.get(words)? else {
            return None;
        };
        let mut indices = Vec::new();
        for (w, word) in array.elements.iter().enumerate() {
            let Value::Long(word) = word else { return None };
            for bit in 0..64 {
                if word & (1 << bit) != 0 {
                    indices.push((w * 64 + bit).to_string());
                }
            }
        }
        Some(indices.join(","))
    }

    /// The value of an object's field by name (the first class of its chain declaring it).
    fn field_of(&self, id: NodeId, name: &str) -> Option<Value> {
        let Node::Object(o) = self.graph.get(id)? else {
            return None;
        };
        let chain = self.graph.class_chain(o.class);
        for (desc, data) in chain.iter().zip(&o.data) {
            let ClassData::Serial { fields: values, .. } = data else {
                continue;
            };
            let desc = self.graph.class_desc(*desc)?;
            if let Some(i) = desc.fields().iter().position(|f| f.name.eq_str(name)) {
                return values.get(i).copied();
            }
        }
        None
    }

    /// Writes a JDK value with its XStream converter; `false` when XStream has none for it (the
    /// object is then written from its fields).
    fn jdk_value(
        &mut self,
        id: NodeId,
        value: &JdkValue<'_>,
        place: &Place<'_>,
        record: &dyn Fn(&mut Self),
    ) -> Result<bool, Error> {
        let _ = id;
        match value {
            JdkValue::Boxed(v) => {
                let class = v.boxed_class().unwrap_or("java.lang.Object");
                match v {
                    Value::Char(0) => {
                        self.open_value(place, class, &[("null", "true")]);
                        self.end();
                    }
                    other => {
                        let t = self.primitive_text(other, class)?;
                        self.simple(place, class, &t);
                    }
                }
            }
            JdkValue::Date { class, millis } => {
                if *class != "java.util.Date" {
                    return Err(self.lossy(class, "XStream writes it in the JVM's time zone"));
                }
                let t = text::format_date(*millis)
                    .ok_or_else(|| self.lossy(class, "only years 1583-9999 are written"))?;
                record(self);
                self.simple(place, class, &t);
            }
            JdkValue::Timestamp { millis, nanos } => {
                let class = "java.sql.Timestamp";
                let t = text::format_timestamp(*millis, *nanos).ok_or_else(|| {
                    self.lossy(
                        class,
                        "only whole-second times in years 1583-9999 are written",
                    )
                })?;
                record(self);
                self.simple(place, class, &t);
            }
            JdkValue::BigInteger(b) => {
                let t = text::format_big_integer(b.signum, b.magnitude);
                self.simple(place, "java.math.BigInteger", &t);
            }
            JdkValue::BigDecimal { unscaled, scale } => {
                let t = text::format_big_decimal(unscaled.signum, unscaled.magnitude, *scale);
                self.simple(place, "java.math.BigDecimal", &t);
            }
            JdkValue::Uuid { most, least } => {
                let h = format!("{:016x}{:016x}", *most as u64, *least as u64);
                let t = format!(
                    "{}-{}-{}-{}-{}",
                    &h[..8],
                    &h[8..12],
                    &h[12..16],
                    &h[16..20],
                    &h[20..]
                );
                self.simple(place, "java.util.UUID", &t);
            }
            JdkValue::Locale {
                language,
                country,
                variant,
                script,
                extensions,
            } => {
                let class = "java.util.Locale";
                if !script.as_mutf8().is_empty() || !extensions.as_mutf8().is_empty() {
                    return Err(self.lossy(
                        class,
                        "XStream's LocaleConverter drops script and extensions",
                    ));
                }
                let mut t = self.text_of(language, class)?;
                let c = self.text_of(country, class)?;
                let v = self.text_of(variant, class)?;
                if !c.is_empty() || !v.is_empty() {
                    t.push('_');
                    t.push_str(&c);
                }
                if !v.is_empty() {
                    t.push('_');
                    t.push_str(&v);
                }
                self.simple(place, class, &t);
            }
            JdkValue::Text { class, units } => {
                let t = String::from_utf16(units)
                    .map_err(|_| self.lossy(class, "an unpaired surrogate cannot be written"))?;
                record(self);
                self.simple(place, class, &t);
            }
            JdkValue::Atomic(v) => {
                let class = match v {
                    Value::Int(_) => "java.util.concurrent.atomic.AtomicInteger",
                    _ => "java.util.concurrent.atomic.AtomicLong",
                };
                let t = self.primitive_text(v, class)?;
                record(self);
                self.simple(place, class, &t);
            }
            JdkValue::Time(t) => {
                let class = time::class_name(t);
                if matches!(t, Temporal::ZoneOffset(_)) {
                    return Err(
                        self.lossy(class, "jsess does not write XStream's form of ZoneOffset")
                    );
                }
                self.simple(place, class, &text::format_temporal(t));
            }
            JdkValue::Enum { class, name } => {
                let class = self.enum_type(id, class)?;
                let n = self.text_of(name, &class)?;
                self.open_unchecked(place, &class, &[]);
                self.text(&n);
                self.end();
            }
            JdkValue::Class(name) => {
                let class = "java.lang.Class";
                let n = name.ok_or_else(|| self.lossy(class, "a proxy class has no name"))?;
                let n = self.text_of(n, class)?;
                self.simple(place, class, &n);
            }
            JdkValue::Collection {
                kind,
                class,
                elements,
                comparator,
                element_type,
            } => {
                let class = *class;
                match class {
                    "java.util.ArrayList"
                    | "java.util.LinkedList"
                    | "java.util.Vector"
                    | "java.util.HashSet"
                    | "java.util.LinkedHashSet"
                    | "java.util.TreeSet"
                    | "java.util.Collections$EmptyList"
                    | "java.util.Collections$EmptySet"
                    | "java.util.Collections$SingletonList"
                    | "java.util.Collections$SingletonSet" => {
                        self.default_load_factor(id, class)?;
                        record(self);
                        self.open_value(place, class, &[]);
                        if class == "java.util.TreeSet" && comparator.is_some() {
                            self.value(
                                *comparator,
                                &Place::Field {
                                    name: "comparator",
                                    declared: "java.util.Comparator".into(),
                                    defined_in: None,
                                },
                            )?;
                        }
                        for e in elements {
                            self.value(*e, &Place::Item)?;
                        }
                        self.end();
                    }
                    "java.util.EnumSet$SerializationProxy" if *kind == CollectionKind::Set => {
                        let enum_type = element_type
                            .and_then(|t| match self.graph.get(t) {
                                Some(Node::Class(c)) => self.graph.class_name(c.class),
                                _ => None,
                            })
                            .map(|n| n.to_string_lossy().into_owned())
                            .ok_or_else(|| self.lossy(class, "no element type"))?;
                        let mut names = Vec::new();
                        for e in elements {
                            match e.and_then(|e| interpret(self.graph, e)) {
                                Some(JdkValue::Enum { name, .. }) => {
                                    names.push(self.text_of(name, class)?)
                                }
                                _ => {
                                    return Err(
                                        self.lossy(class, "an element is not an enum constant")
                                    )
                                }
                            }
                        }
                        record(self);
                        let alias = attribute_of(&enum_type);
                        self.open_value(place, "java.util.EnumSet", &[("enum-type", &alias)]);
                        let t = names.join(",");
                        if !t.is_empty() {
                            self.text(&t);
                        }
                        self.end();
                    }
                    _ => return Ok(false),
                }
            }
            JdkValue::Map {
                class,
                entries,
                comparator,
                key_type,
                access_order,
                defaults,
            } => {
                let class = *class;
                let supported = matches!(
                    class,
                    "java.util.HashMap"
                        | "java.util.LinkedHashMap"
                        | "java.util.TreeMap"
                        | "java.util.Hashtable"
                        | "java.util.concurrent.ConcurrentHashMap"
                        | "java.util.EnumMap"
                        | "java.util.Collections$EmptyMap"
                        | "java.util.Collections$SingletonMap"
                );
                if !supported {
                    return Ok(false);
                }
                if *access_order {
                    return Err(self.lossy(
                        class,
                        "XStream does not keep a LinkedHashMap's access order",
                    ));
                }
                if defaults.is_some() {
                    return Err(self.lossy(class, "defaults are not written"));
                }
                self.default_load_factor(id, class)?;
                let mut extra = Vec::new();
                let enum_alias;
                if class == "java.util.EnumMap" {
                    let t = key_type
                        .and_then(|t| match self.graph.get(t) {
                            Some(Node::Class(c)) => self.graph.class_name(c.class),
                            _ => None,
                        })
                        .map(|n| n.to_string_lossy().into_owned())
                        .ok_or_else(|| self.lossy(class, "no key type"))?;
                    enum_alias = attribute_of(&t);
                    extra.push(("enum-type", enum_alias.as_str()));
                }
                record(self);
                self.open_value(place, class, &extra);
                if class == "java.util.TreeMap" && comparator.is_some() {
                    self.value(
                        *comparator,
                        &Place::Field {
                            name: "comparator",
                            declared: "java.util.Comparator".into(),
                            defined_in: None,
                        },
                    )?;
                }
                for (k, v) in entries {
                    self.start("entry", &[]);
                    self.value(*k, &Place::Item)?;
                    self.value(*v, &Place::Item)?;
                    self.end();
                }
                self.end();
            }
            JdkValue::Wrapper { .. } => return Ok(false),
        }
        Ok(true)
    }

    /// XStream's map and collection converters rebuild hash maps and sets with the default
    /// load factor: one the Java stream says was set otherwise is refused.
    fn default_load_factor(&self, id: NodeId, class: &str) -> Result<(), Error> {
        match jsess_javaser::jdk::custom_load_factor(self.graph, id) {
            Some(factor) => Err(self.lossy(
                class,
                &format!("XStream rebuilds it with load factor 0.75, not {factor}"),
            )),
            None => Ok(()),
        }
    }

    /// The enum type XStream names: a constant with a body belongs to its enum's subclass,
    /// XStream names the enum.
    fn enum_type(&self, id: NodeId, class: &JavaString<'_>) -> Result<String, Error> {
        let name = class.to_string_lossy().into_owned();
        if let Some(Node::Enum(e)) = self.graph.get(id) {
            if let Some(sup) = self.graph.class_desc(e.class).and_then(|d| d.super_class) {
                if let Some(super_name) = self.graph.class_name(sup) {
                    if !super_name.eq_str("java.lang.Enum") {
                        return Ok(super_name.to_string_lossy().into_owned());
                    }
                }
            }
        }
        Ok(name)
    }

    fn primitive_text(&self, v: &Value, class: &str) -> Result<String, Error> {
        Ok(match *v {
            Value::Int(i) => i.to_string(),
            Value::Long(i) => i.to_string(),
            Value::Short(i) => i.to_string(),
            Value::Byte(i) => i.to_string(),
            Value::Boolean(b) => (b != 0).to_string(),
            Value::Char(c) => char::from_u32(u32::from(c))
                .map(String::from)
                .ok_or_else(|| self.lossy(class, "a surrogate char cannot be written"))?,
            Value::Float(f) => {
                if f.is_nan() && f.to_bits() != f32::NAN.to_bits() {
                    return Err(self.lossy(
                        class,
                        "a NaN with a payload reads back as the canonical NaN",
                    ));
                }
                special_or(f.is_nan(), f.is_infinite(), f.is_sign_negative(), || {
                    number_text::java_float(f)
                })
            }
            Value::Double(f) => {
                if f.is_nan() && f.to_bits() != f64::NAN.to_bits() {
                    return Err(self.lossy(
                        class,
                        "a NaN with a payload reads back as the canonical NaN",
                    ));
                }
                special_or(f.is_nan(), f.is_infinite(), f.is_sign_negative(), || {
                    number_text::java_double(f)
                })
            }
            Value::Ref(_) => {
                return Err(Error::Graph("a reference where a primitive belongs".into()))
            }
        })
    }

    // ---- objects and arrays as their fields ----------------------------------------------

    fn raw(
        &mut self,
        id: NodeId,
        node: &'g Node<'a>,
        place: &Place<'_>,
        record: &dyn Fn(&mut Self),
    ) -> Result<(), Error> {
        match node {
            Node::Array(a) => {
                let class = self
                    .graph
                    .class_name(a.class)
                    .map(|n| n.to_string_lossy().into_owned())
                    .ok_or_else(|| Error::Graph("an array without a class".into()))?;
                if a.aborted_length.is_some() {
                    return Err(self.lossy(&class, "the array was only partly written"));
                }
                record(self);
                self.open_value(place, &class, &[]);
                match &a.elements {
                    Elements::Primitive {
                        ty: FieldType::Byte,
                        raw,
                    } => {
                        let t = base64::engine::general_purpose::STANDARD.encode(raw);
                        if !t.is_empty() {
                            self.text(&t);
                        }
                    }
                    Elements::Primitive {
                        ty: FieldType::Char,
                        ..
                    } => {
                        let units: Vec<u16> = a
                            .elements
                            .iter()
                            .filter_map(|v| match v {
                                Value::Char(c) => Some(c),
                                _ => None,
                            })
                            .collect();
                        let t = String::from_utf16(&units).map_err(|_| {
                            self.lossy(&class, "an unpaired surrogate cannot be written")
                        })?;
                        if !t.is_empty() {
                            self.text(&t);
                        }
                    }
                    Elements::Primitive { ty, .. } => {
                        let name = primitive_element(*ty);
                        for v in a.elements.iter() {
                            let t = self.primitive_text(&v, &class)?;
                            self.leaf(name, &[], &t);
                        }
                    }
                    Elements::Object(items) => {
                        for item in items {
                            self.value(*item, &Place::Item)?;
                        }
                    }
                }
                self.end();
                Ok(())
            }
            Node::Enum(e) => {
                // An enum constant jdk::interpret did not take (it takes all it can name).
                let _ = e;
                Err(Error::Graph("an enum constant without a name".into()))
            }
            Node::Object(o) => {
                let class = self
                    .graph
                    .class_name(o.class)
                    .map(|n| n.to_string_lossy().into_owned())
                    .ok_or_else(|| self.lossy("$Proxy", "XStream's proxy form is not written"))?;
                if !o.complete {
                    return Err(self.lossy(
                        &class,
                        "the object was only partly written (NotSerializableException)",
                    ));
                }
                if class == "javax.security.auth.Subject" {
                    record(self);
                    return self.subject(id, place);
                }
                if class == "java.lang.StackTraceElement" {
                    if let Some(text) = self.stack_trace_text(id) {
                        record(self);
                        self.simple(place, &class, &text);
                        return Ok(());
                    }
                }
                if class == "java.util.BitSet" {
                    if let Some(text) = self.bit_set_text(id) {
                        record(self);
                        self.simple(place, &class, &text);
                        return Ok(());
                    }
                }
                let chain = self.graph.class_chain(o.class);
                let flags: Vec<u8> = chain
                    .iter()
                    .filter_map(|d| self.graph.class_desc(*d).map(|d| d.flags()))
                    .collect();
                if flags.iter().any(|f| f & SC_EXTERNALIZABLE != 0) {
                    return Err(self.lossy(&class, "Externalizable objects are not written"));
                }
                if chain.len() != o.data.len() {
                    return Err(Error::Graph(format!(
                        "{class}: class data does not match its hierarchy"
                    )));
                }
                // XStream's ThrowableConverter writes Throwables from their fields, not in the
                // custom form their writeObject would otherwise get.
                let throwable = chain.iter().any(|d| {
                    self.graph
                        .class_name(*d)
                        .is_some_and(|n| n.eq_str("java.lang.Throwable"))
                });
                let chain_names: Vec<String> = chain
                    .iter()
                    .filter_map(|d| self.graph.class_name(*d))
                    .map(|n| n.to_string_lossy().into_owned())
                    .collect();
                // XStream's SerializableConverter takes a class when any class of its
                // hierarchy has writeObject or readObject.
                let custom = !throwable
                    && (flags.iter().any(|f| f & SC_WRITE_METHOD != 0)
                        || chain_names.iter().any(|n| self.layouts.reads_object(n)));
                if self.layouts.resolves(&class) && census_class(&class).is_none() {
                    return Err(self.lossy(
                        &class,
                        "it has readResolve: the Java stream holds this serial proxy, and XStream \
                         writes the object it stands for, whose fields the stream does not hold",
                    ));
                }
                let parents = self.unserializable_parents(&class, &chain_names)?;
                record(self);
                // XStream names the class the JVM had (List.of's, a random-access wrapper) and
                // says it resolves to the serial form Java wrote.
                let resolves = collser_element(self.graph, &class, o).or_else(|| {
                    jsess_javaser::jdk::wrapper_runtime_class(self.graph, id)
                        .filter(|runtime| *runtime != class)
                });
                let mut form: Vec<(&str, &str)> = vec![("resolves-to", class.as_str())];
                if custom {
                    form.push(("serialization", "custom"));
                }
                match &resolves {
                    Some(original) => {
                        self.note_class(&class);
                        let alias = element_of(original);
                        match place {
                            Place::Item => self.start(&alias, &form),
                            Place::Field {
                                name, defined_in, ..
                            } => {
                                let mut attrs = vec![];
                                if let Some(d) = defined_in {
                                    attrs.push(("defined-in", *d));
                                }
                                let class_attr = attribute_of(original);
                                attrs.push(("class", class_attr.as_str()));
                                attrs.extend_from_slice(&form);
                                let element = encode_name(name);
                                self.start(&element, &attrs);
                            }
                        }
                    }
                    None if custom => {
                        self.open_value(place, &class, &[("serialization", "custom")])
                    }
                    None => self.open_value(place, &class, &[]),
                }
                let names = shadowed(self.graph, &chain);
                let inner_fields: Vec<String> = chain
                    .iter()
                    .filter_map(|d| self.graph.class_desc(*d))
                    .flat_map(|d| d.fields().iter().map(|f| f.name.to_string()))
                    .filter(|n| n.starts_with("this$"))
                    .collect();
                for (desc, data) in chain.iter().zip(&o.data) {
                    let d = self.graph.class_desc(*desc).ok_or_else(|| {
                        Error::Graph("a class chain link is not a descriptor".into())
                    })?;
                    let ClassKind::Class {
                        name: cname,
                        fields,
                        ..
                    } = &d.kind
                    else {
                        return Err(self.lossy(&class, "proxy classes are not written"));
                    };
                    let cname = cname.to_string_lossy().into_owned();
                    let ClassData::Serial {
                        fields: values,
                        annotation,
                    } = data
                    else {
                        return Err(self.lossy(&cname, "Externalizable data is not written"));
                    };
                    // In the custom form a class without writeObject or readObject gets a
                    // section only when it has a field to write (XStream opens it at the first
                    // non-null field).
                    let has_hook =
                        d.flags() & SC_WRITE_METHOD != 0 || self.layouts.reads_object(&cname);
                    if custom && !has_hook && values.iter().all(|v| matches!(v, Value::Ref(None))) {
                        continue;
                    }
                    if custom && parents && Some(desc) == chain.first() {
                        self.leaf("unserializable-parents", &[], "");
                    }
                    if custom {
                        self.start(&encode_name(&cname), &[]);
                        self.start("default", &[]);
                    }
                    // Custom serialization's defaultWriteObject follows the Java descriptor.
                    let order = if custom {
                        (0..fields.len()).collect()
                    } else {
                        self.declaration_order(&cname, fields)
                    };
                    for (f, v) in order
                        .into_iter()
                        .filter_map(|i| Some((fields.get(i)?, values.get(i)?)))
                    {
                        let fname = f.name.to_string_lossy().into_owned();
                        let inner: Vec<&str> = inner_fields.iter().map(String::as_str).collect();
                        let fname = outer_class_name(&fname, &inner).unwrap_or(fname);
                        // XStream names the declaring class of a field a subclass hides.
                        let defined_in = (!custom
                            && names.get(&fname).is_some_and(|derived| *derived != cname))
                        .then_some(cname.as_str());
                        // An unset cause is the Throwable itself; XStream's initCause(null) makes
                        // it null, and null fields are not written.
                        let v = match v {
                            Value::Ref(Some(r)) if throwable && *r == id && fname == "cause" => {
                                &Value::Ref(None)
                            }
                            other => other,
                        };
                        match v {
                            Value::Ref(r) => {
                                let declared = f
                                    .type_name
                                    .and_then(|t| self.graph.string(t))
                                    .map(|s| signature_class(&s.to_string_lossy()))
                                    .unwrap_or_else(|| "java.lang.Object".to_string());
                                self.value(
                                    *r,
                                    &Place::Field {
                                        name: &fname,
                                        declared,
                                        defined_in,
                                    },
                                )?;
                            }
                            other => {
                                let t = self.primitive_text(other, &cname)?;
                                let mut attrs = vec![];
                                if let Some(d) = defined_in {
                                    attrs.push(("defined-in", d));
                                }
                                if let Value::Char(0) = other {
                                    attrs.push(("null", "true"));
                                    self.leaf(&encode_name(&fname), &attrs, "");
                                } else {
                                    self.leaf(&encode_name(&fname), &attrs, &t);
                                }
                            }
                        }
                    }
                    if custom {
                        self.end();
                        self.annotation(&cname, annotation.as_deref().unwrap_or(&[]))?;
                        self.end();
                    } else if annotation.as_ref().is_some_and(|a| !a.is_empty()) {
                        return Err(
                            self.lossy(&cname, "writeObject data outside XStream's custom form")
                        );
                    }
                }
                self.end();
                Ok(())
            }
            Node::Class(_) | Node::String(_) => Err(Error::Graph("unexpected node".into())),
            Node::ClassDesc(d) => Err(self.lossy(
                &d.display_name(),
                "a class descriptor as a value (ObjectStreamClass) has no XStream form",
            )),
        }
        .map(|()| {
            let _ = id;
        })
    }

    /// What `writeObject` wrote, as XStream's custom form lists it: primitives with their type,
    /// objects as items. Java's block data carries no types, so only the JDK layouts jsess knows
    /// (a leading `int` count) are split; other block data is refused.
    fn annotation(&mut self, class: &str, contents: &[Content<'_>]) -> Result<(), Error> {
        let leading_int = matches!(
            class,
            "java.util.CollSer"
                | "java.util.concurrent.CopyOnWriteArrayList"
                | "java.util.ArrayDeque"
                | "java.util.PriorityQueue"
        );
        let mut seen_block = false;
        for c in contents {
            match c {
                Content::Object(r) => self.value(*r, &Place::Item)?,
                Content::Block(b) if leading_int && !seen_block && b.bytes.len() == 4 => {
                    seen_block = true;
                    let v = i32::from_be_bytes([b.bytes[0], b.bytes[1], b.bytes[2], b.bytes[3]]);
                    self.leaf("int", &[], &v.to_string());
                }
                Content::Block(b) if b.bytes.is_empty() => {}
                Content::Block(_) => {
                    return Err(self.lossy(
                        class,
                        "writeObject wrote primitive data whose types XStream would record and Java serialization does not",
                    ))
                }
                Content::Reset | Content::Exception(_) => {
                    return Err(self.lossy(class, "a reset or exception inside writeObject data"))
                }
            }
        }
        Ok(())
    }
}

/// Field names declared by more than one class of a hierarchy, each with the most derived
/// class declaring it (XStream marks the fields of the other classes with `defined-in`).
fn shadowed(graph: &Graph<'_>, chain: &[NodeId]) -> HashMap<String, String> {
    let mut declared: HashMap<String, (usize, String)> = HashMap::new();
    for d in chain {
        if let Some(desc) = graph.class_desc(*d) {
            let class = desc.display_name();
            for f in desc.fields() {
                let entry = declared
                    .entry(f.name.to_string_lossy().into_owned())
                    .or_insert((0, String::new()));
                entry.0 += 1;
                entry.1 = class.clone();
            }
        }
    }
    declared
        .into_iter()
        .filter(|(_, (count, _))| *count > 1)
        .map(|(name, (_, class))| (name, class))
        .collect()
}

/// The class `List.of`/`Set.of`/`Map.of` made, for a `java.util.CollSer`.
fn collser_element(graph: &Graph<'_>, class: &str, o: &jsess_model::Object<'_>) -> Option<String> {
    if class != "java.util.CollSer" {
        return None;
    }
    let ClassData::Serial { fields, annotation } = o.data.first()? else {
        return None;
    };
    let Some(Value::Int(tag)) = fields.first() else {
        return None;
    };
    let items = annotation
        .as_ref()?
        .iter()
        .filter(|c| matches!(c, Content::Object(_)))
        .count();
    let _ = graph;
    Some(
        match (tag & 0xff, items) {
            // What CollSer.readResolve gives back (List.of, Set.of, Map.of by size): the
            // empty ones are ListN/SetN/MapN singletons.
            (1, 1..=2) => "java.util.ImmutableCollections$List12",
            (1 | 4, _) => "java.util.ImmutableCollections$ListN",
            (2, 1..=2) => "java.util.ImmutableCollections$Set12",
            (2, _) => "java.util.ImmutableCollections$SetN",
            (3, 2) => "java.util.ImmutableCollections$Map1",
            (3, _) => "java.util.ImmutableCollections$MapN",
            _ => return None,
        }
        .to_string(),
    )
}

fn primitive_element(ty: FieldType) -> &'static str {
    match ty {
        FieldType::Int => "int",
        FieldType::Long => "long",
        FieldType::Short => "short",
        FieldType::Byte => "byte",
        FieldType::Char => "char",
        FieldType::Boolean => "boolean",
        FieldType::Float => "float",
        FieldType::Double => "double",
        FieldType::Object | FieldType::Array => "object",
    }
}

/// Java's spelling of NaN and the infinities; any other value as `Double.toString` /
/// `Float.toString` print it.
fn special_or(
    nan: bool,
    infinite: bool,
    negative: bool,
    finite: impl FnOnce() -> String,
) -> String {
    if nan {
        "NaN".into()
    } else if infinite && negative {
        "-Infinity".into()
    } else if infinite {
        "Infinity".into()
    } else {
        finite()
    }
}

/// Escapes text as XStream's `PrettyPrintWriter` does in its default (quirks) mode.
fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\r' => out.push_str("&#xd;"),
            '\0' => out.push_str("&#x0;"),
            '\t' | '\n' => out.push(c),
            c if c.is_control() => {
                out.push_str(&format!("&#x{:x};", c as u32));
            }
            c => out.push(c),
        }
    }
}
