//! The write half: the model to XStream XML, as `new XStream().toXML(map)` formats it
//! (two-space indentation, no declaration, no final newline, relative XPath references).
//!
//! JDK values with an XStream converter get that converter's form; every other object is
//! written field by field (XStream's reflection converter) or, when a class in its hierarchy
//! has `writeObject`, in XStream's `serialization="custom"` form. Whatever XStream cannot carry
//! without change is refused with [`Error::Lossy`] naming the attribute and class.

mod converters;
mod objects;
mod untyped;

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
                let class = self.written_class(id);
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
        Some(element_of(&self.written_class(id)?))
    }

    /// The class a serial proxy's descriptor says it stands for.
    fn stands_for(&self, desc: NodeId) -> Option<String> {
        let name = self.graph.class_desc(desc)?.stands_for.as_ref()?;
        Some(name.to_string_lossy().into_owned())
    }

    /// The class XStream names an object by: the one it stands for, for a serial proxy.
    fn written_class(&self, id: NodeId) -> Option<String> {
        match self.graph.get(id)? {
            Node::Object(o) => self.stands_for(o.class),
            _ => None,
        }
        .or_else(|| self.object_class(id))
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

    // ---- objects and arrays as their fields ----------------------------------------------
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
            c if c.is_control() || undefined_in_java(c) => {
                out.push_str(&format!("&#x{:x};", c as u32));
            }
            c => out.push(c),
        }
    }
}

/// Whether JDK 17's `Character.isDefined` rejects a BMP character (an unassigned code point
/// or a non-character such as U+FFFF), which XStream writes as a character reference.
/// Supplementary characters reach XStream as two surrogates, which are defined.
fn undefined_in_java(c: char) -> bool {
    let Ok(unit) = u16::try_from(c as u32) else {
        return false;
    };
    crate::undefined_chars::UNDEFINED
        .binary_search_by(|&(start, end)| {
            if end < unit {
                std::cmp::Ordering::Less
            } else if start > unit {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}
