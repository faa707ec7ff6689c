//! The write half: the model to FlexJSON text, as `new JSONSerializer().deepSerialize(map)`
//! formats it (no whitespace, properties of a bean sorted by name with `class` among them).
//!
//! Every value is written only when FlexJSON's binder would read it back as the same class and
//! value where it stands: in an attribute (or an `Object` field, or inside a collection) with no
//! type to go by, or in a field whose declared class the binder follows. Anything else is
//! refused with [`Error::Lossy`] naming the attribute, the class and what it would become.

use std::collections::{BTreeMap, HashSet};

use jsess_javaser::jdk::interpret;
use jsess_model::graph::{SC_EXTERNALIZABLE, SC_WRITE_METHOD};
use jsess_model::jdk::JdkValue;
use jsess_model::{
    deep, ClassData, ClassKind, DescOrigin, Elements, FieldType, Graph, Node, NodeId, Ref, Value,
};

use crate::error::Error;
use crate::json::write_quoted;
use crate::types::{component_class, signature_class, LIST_TYPES, MAP_TYPES, SET_TYPES};
use jsess_javaser::number_text::{java_double, java_float};

/// Something jsess cannot check from Java serialization data: FlexJSON reads and writes an
/// application object through its bean properties (getters, setters, public fields), and jsess
/// writes its serializable fields assuming each has a property of the same name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// The attribute whose value holds the class.
    pub attribute: String,
    /// The class.
    pub class: String,
    /// What msm may get wrong.
    pub kind: WarningKind,
}

/// Why a [`Warning`] was raised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum WarningKind {
    /// A bean written from its serializable fields: FlexJSON reads it back only through a
    /// no-argument constructor and setters, which jsess cannot check.
    FieldsAsProperties,
    /// The attribute is `null` (what FlexJSON writes for a NaN or infinite double): written
    /// as the session held it, but msm cannot read the session back.
    NullAttribute,
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.kind {
            WarningKind::FieldsAsProperties => write!(
                f,
                "attribute {:?}: {} is written from its serializable fields; FlexJSON reads it back only if it has a no-argument constructor and a setter (or public field) for each of them, which jsess cannot check",
                self.attribute, self.class
            ),
            WarningKind::NullAttribute => write!(
                f,
                "attribute {:?} is null (FlexJSON's text for a NaN or infinite double), as the source held it; msm cannot read the session ({} holds no null values)",
                self.attribute, self.class
            ),
        }
    }
}

/// JSON text and the warnings writing it raised.
#[derive(Debug)]
pub struct Encoded {
    /// The document (UTF-8).
    pub json: Vec<u8>,
    /// One warning per attribute and application class.
    pub warnings: Vec<Warning>,
}

/// The type FlexJSON's binder goes by where a value stands.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Declared<'s> {
    /// An attribute value, an `Object` field, a collection element or map value: the binder
    /// has only the JSON (and a `class` property) to go by.
    Untyped,
    /// A field of this declared class (binary name; arrays as `[I`, `[Ljava.lang.String;`).
    Class(&'s str),
}

impl Declared<'_> {
    fn is(&self, classes: &[&str]) -> bool {
        match self {
            Declared::Untyped => classes.contains(&"java.lang.Object"),
            Declared::Class(c) => classes.contains(c),
        }
    }
}

/// Writes attributes (name string nodes and values of `graph`) as msm's FlexJSON transcoder does.
pub fn encode(graph: &Graph<'_>, attributes: &[(NodeId, Ref)]) -> Result<Encoded, Error> {
    let mut w = Writer {
        graph,
        out: String::with_capacity(256),
        attribute: String::new(),
        written: HashSet::new(),
        open: Vec::new(),
        warned: HashSet::new(),
        warnings: Vec::new(),
    };
    w.out.push('{');
    for (i, (name, value)) in attributes.iter().enumerate() {
        let text = graph
            .string(*name)
            .ok_or_else(|| Error::Graph("an attribute name is not a string".into()))?;
        w.attribute = text.to_string_lossy().into_owned();
        let name = text.to_str().ok_or_else(|| {
            w.lossy(
                "java.lang.String",
                "the attribute name holds an unpaired surrogate, which FlexJSON's UTF-8 bytes cannot carry",
            )
        })?;
        if value.is_none() {
            // Only a FlexJSON session holds one (msm then fails to read it): written back as it
            // was, and said.
            w.warnings.push(Warning {
                attribute: w.attribute.clone(),
                class: "java.util.concurrent.ConcurrentHashMap".to_string(),
                kind: WarningKind::NullAttribute,
            });
        }
        if i > 0 {
            w.out.push(',');
        }
        write_quoted(&mut w.out, &name);
        w.out.push(':');
        w.value(*value, Declared::Untyped)?;
    }
    w.out.push('}');
    Ok(Encoded {
        json: w.out.into_bytes(),
        warnings: w.warnings,
    })
}

struct Writer<'g, 'a> {
    graph: &'g Graph<'a>,
    out: String,
    attribute: String,
    /// Objects written so far (in any attribute): a second visit is a shared reference.
    written: HashSet<NodeId>,
    /// Objects being written: a visit to one of these is a cycle.
    open: Vec<NodeId>,
    warned: HashSet<(String, String)>,
    warnings: Vec<Warning>,
}

/// What FlexJSON reads a value of `class` back as, when that is not `class`.
fn comes_back_as(class: &str, json: &str, declared: Declared<'_>) -> String {
    let untyped = match json {
        "array" => "an ArrayList",
        "object" => "a HashMap",
        "integer" => "a Long",
        "decimal" => "a Double",
        "string" => "a String",
        _ => "something else",
    };
    match declared {
        Declared::Untyped => format!(
            "FlexJSON writes it as a JSON {json} without its class and reads it back as {untyped}"
        ),
        Declared::Class(d) => format!(
            "FlexJSON writes it as a JSON {json} without its class, and a field declared {d} does not read that back as {class}"
        ),
    }
}

impl<'g, 'a> Writer<'g, 'a> {
    fn lossy(&self, class: &str, reason: impl Into<String>) -> Error {
        Error::Lossy {
            attribute: self.attribute.clone(),
            class: class.to_string(),
            reason: reason.into(),
        }
    }

    fn node(&self, id: NodeId) -> Result<&'g Node<'a>, Error> {
        self.graph
            .get(id)
            .ok_or_else(|| Error::Graph(format!("reference to missing node {}", id.index())))
    }

    fn value(&mut self, r: Ref, declared: Declared<'_>) -> Result<(), Error> {
        deep::guard(|| self.value_inner(r, declared))
    }

    /// Marks `id` as written, refusing a second visit (FlexJSON keeps no identities).
    fn enter(&mut self, id: NodeId, class: &str) -> Result<(), Error> {
        if self.open.contains(&id) {
            return Err(self.lossy(
                class,
                "it is part of a cycle; FlexJSON leaves out the property that closes a cycle (and loops on a cycle through a collection)",
            ));
        }
        if !self.written.insert(id) {
            return Err(self.lossy(
                class,
                "the same object is referenced twice; FlexJSON writes it once per reference and reads back separate copies",
            ));
        }
        self.open.push(id);
        Ok(())
    }

    fn leave(&mut self) {
        self.open.pop();
    }

    fn value_inner(&mut self, r: Ref, declared: Declared<'_>) -> Result<(), Error> {
        let Some(id) = r else {
            self.out.push_str("null");
            return Ok(());
        };
        let node = self.node(id)?;
        if let Node::String(s) = node {
            if !declared.is(&["java.lang.Object", "java.lang.String"]) {
                return Err(self.lossy(
                    "java.lang.String",
                    comes_back_as("java.lang.String", "string", declared),
                ));
            }
            let text = s.value.to_str().ok_or_else(|| {
                self.lossy(
                    "java.lang.String",
                    "an unpaired surrogate cannot be written as UTF-8 (Java writes '?')",
                )
            })?;
            write_quoted(&mut self.out, &text);
            return Ok(());
        }
        match interpret(self.graph, id) {
            Some(value) => self.jdk(id, node, &value, declared),
            None => self.raw(id, node, declared),
        }
    }

    fn jdk(
        &mut self,
        id: NodeId,
        node: &'g Node<'a>,
        value: &JdkValue<'_>,
        declared: Declared<'_>,
    ) -> Result<(), Error> {
        match value {
            JdkValue::Boxed(v) => {
                let class = v.boxed_class().unwrap_or("java.lang.Object");
                // Untyped, FlexJSON reads integers as Long, decimals as Double, true/false as
                // Boolean and strings as String; a field declared with the box reads its own.
                let untyped_ok = matches!(v, Value::Long(_) | Value::Double(_) | Value::Boolean(_));
                let json = match v {
                    Value::Long(_) | Value::Int(_) | Value::Short(_) | Value::Byte(_) => "integer",
                    Value::Double(_) | Value::Float(_) => "decimal",
                    Value::Char(_) => "string",
                    _ => "boolean",
                };
                let ok = match declared {
                    Declared::Untyped => untyped_ok,
                    Declared::Class("java.lang.Object") => untyped_ok,
                    Declared::Class(d) => d == class,
                };
                if !ok {
                    return Err(self.lossy(class, comes_back_as(class, json, declared)));
                }
                let text = self.primitive(v, class)?;
                self.out.push_str(&text);
                Ok(())
            }
            JdkValue::Enum { class, name } => {
                let class = class.to_string_lossy();
                if !matches!(declared, Declared::Class(d) if d == class) {
                    return Err(self.lossy(&class, comes_back_as(&class, "string", declared)));
                }
                let name = name.to_string_lossy();
                write_quoted(&mut self.out, &name);
                Ok(())
            }
            JdkValue::Date {
                class: "java.util.Date",
                millis,
            } if declared.is(&["java.util.Date"]) && !matches!(declared, Declared::Untyped) => {
                self.enter(id, "java.util.Date")?;
                self.leave();
                self.out.push_str(&millis.to_string());
                Ok(())
            }
            JdkValue::Date { class, .. } => Err(self.lossy(
                class,
                comes_back_as(class, "integer (epoch milliseconds)", declared),
            )),
            JdkValue::BigInteger(_) | JdkValue::BigDecimal { .. } => {
                let class = if matches!(value, JdkValue::BigInteger(_)) {
                    "java.math.BigInteger"
                } else {
                    "java.math.BigDecimal"
                };
                Err(self.lossy(
                    class,
                    match declared {
                        Declared::Class(d) if d == class => {
                            "jsess does not write BigInteger/BigDecimal fields as FlexJSON yet"
                                .to_string()
                        }
                        _ => comes_back_as(class, "number", declared),
                    },
                ))
            }
            JdkValue::Class(_) => Err(self.lossy(
                "java.lang.Class",
                "FlexJSON writes a Class as its name and has no way to read one back",
            )),
            JdkValue::Collection { .. } | JdkValue::Map { .. } => {
                self.jdk_container(id, value, declared)
            }
            _ => match node {
                // JDK classes FlexJSON would write as beans from their getters (UUID,
                // Locale, StringBuilder, atomics, java.time): none reads back as it was.
                Node::Object(o) => {
                    let class = self
                        .graph
                        .class_name(o.class)
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default();
                    Err(self.lossy(
                        &class,
                        "FlexJSON writes it as a bean of its getters and cannot construct it again (no no-argument constructor and setters)",
                    ))
                }
                _ => Err(Error::Graph("an unexpected JDK value".into())),
            },
        }
    }

    /// A JDK collection or map as FlexJSON writes it (an array, an object), or why it cannot.
    fn jdk_container(
        &mut self,
        id: NodeId,
        value: &JdkValue<'_>,
        declared: Declared<'_>,
    ) -> Result<(), Error> {
        match value {
            JdkValue::Collection {
                class,
                elements,
                comparator: None,
                ..
            } if (*class == "java.util.ArrayList" && declared.is(LIST_TYPES))
                || (*class == "java.util.HashSet" && declared.is(SET_TYPES)) =>
            {
                self.enter(id, class)?;
                self.out.push('[');
                for (i, e) in elements.iter().enumerate() {
                    if i > 0 {
                        self.out.push(',');
                    }
                    self.value(*e, Declared::Untyped)?;
                }
                self.out.push(']');
                self.leave();
                Ok(())
            }
            JdkValue::Collection { class, .. } => {
                Err(self.lossy(class, comes_back_as(class, "array", declared)))
            }
            JdkValue::Map {
                class: "java.util.HashMap",
                entries,
                ..
            } if declared.is(MAP_TYPES) => {
                self.enter(id, "java.util.HashMap")?;
                self.out.push('{');
                for (i, (k, v)) in entries.iter().enumerate() {
                    let key = match k.and_then(|k| self.graph.string(k)) {
                        Some(s) => s.to_str().ok_or_else(|| {
                            self.lossy("java.lang.String", "an unpaired surrogate in a map key")
                        })?,
                        None => return Err(self.lossy(
                            "java.util.HashMap",
                            "a key that is not a String comes back as the String of its toString()",
                        )),
                    };
                    if key == "class" {
                        return Err(self.lossy(
                            "java.util.HashMap",
                            "a key named \"class\" makes FlexJSON read the map as an instance of the class it names",
                        ));
                    }
                    if i > 0 {
                        self.out.push(',');
                    }
                    write_quoted(&mut self.out, &key);
                    self.out.push(':');
                    self.value(*v, Declared::Untyped)?;
                }
                self.out.push('}');
                self.leave();
                Ok(())
            }
            JdkValue::Map { class, .. } => {
                let reason = if *class == "java.util.concurrent.ConcurrentHashMap" {
                    format!(
                        "{} (msm issue #332)",
                        comes_back_as(class, "object", declared)
                    )
                } else {
                    comes_back_as(class, "object", declared)
                };
                Err(self.lossy(class, reason))
            }
            _ => Err(Error::Graph("not a collection or map".into())),
        }
    }

    /// A primitive value as FlexJSON writes it: `toString()`, a char quoted.
    fn primitive(&self, v: &Value, class: &str) -> Result<String, Error> {
        Ok(match v {
            Value::Int(x) => x.to_string(),
            Value::Long(x) => x.to_string(),
            Value::Short(x) => x.to_string(),
            Value::Byte(x) => x.to_string(),
            Value::Boolean(b) => (if *b != 0 { "true" } else { "false" }).to_string(),
            Value::Char(c) => {
                let text = String::from_utf16(&[*c]).map_err(|_| {
                    self.lossy(class, "a lone surrogate char cannot be written as UTF-8")
                })?;
                let mut out = String::new();
                write_quoted(&mut out, &text);
                out
            }
            Value::Double(d) if d.is_finite() => java_double(*d),
            Value::Float(f) if f.is_finite() => java_float(*f),
            Value::Double(_) | Value::Float(_) => {
                return Err(self.lossy(class, "FlexJSON writes NaN and the infinities as null"))
            }
            Value::Ref(_) => {
                return Err(Error::Graph("a reference where a primitive belongs".into()))
            }
        })
    }

    fn raw(&mut self, id: NodeId, node: &'g Node<'a>, declared: Declared<'_>) -> Result<(), Error> {
        match node {
            Node::Array(a) => {
                let class = self
                    .graph
                    .class_name(a.class)
                    .map(|n| n.to_string_lossy().into_owned())
                    .ok_or_else(|| Error::Graph("an array without a class".into()))?;
                if !matches!(declared, Declared::Class(d) if d == class) {
                    return Err(self.lossy(&class, comes_back_as(&class, "array", declared)));
                }
                if a.aborted_length.is_some() {
                    return Err(self.lossy(&class, "the array was only partly written"));
                }
                self.enter(id, &class)?;
                self.out.push('[');
                match &a.elements {
                    Elements::Primitive { .. } => {
                        for (i, v) in a.elements.iter().enumerate() {
                            if i > 0 {
                                self.out.push(',');
                            }
                            let t = self.primitive(&v, &class)?;
                            self.out.push_str(&t);
                        }
                    }
                    Elements::Object(items) => {
                        let component = component_class(&class);
                        for (i, item) in items.iter().enumerate() {
                            if i > 0 {
                                self.out.push(',');
                            }
                            self.value(*item, Declared::Class(&component))?;
                        }
                    }
                }
                self.out.push(']');
                self.leave();
                Ok(())
            }
            Node::Object(o) => {
                let class = self
                    .graph
                    .class_name(o.class)
                    .map(|n| n.to_string_lossy().into_owned())
                    .ok_or_else(|| self.lossy("$Proxy", "proxies have no FlexJSON form"))?;
                // A JDK object read from FlexJSON's bean of it is written back as that bean.
                let inferred = self
                    .graph
                    .class_desc(o.class)
                    .is_some_and(|d| d.origin == DescOrigin::Inferred);
                if (class.starts_with("java.") || class.starts_with("javax.")) && !inferred {
                    return Err(self.lossy(
                        &class,
                        "FlexJSON writes JDK classes as beans of their getters and cannot construct them again",
                    ));
                }
                self.bean(id, o, &class)
            }
            Node::Enum(_) => Err(Error::Graph("an enum constant without a name".into())),
            Node::ClassDesc(d) => Err(self.lossy(
                &d.display_name(),
                "a class descriptor as a value has no FlexJSON form",
            )),
            Node::Class(_) | Node::String(_) => Err(Error::Graph("unexpected node".into())),
        }
    }

    fn bean(&mut self, id: NodeId, o: &'g jsess_model::Object, class: &str) -> Result<(), Error> {
        if !o.complete {
            return Err(self.lossy(
                class,
                "the object was only partly written (NotSerializableException)",
            ));
        }
        // A value the source format wrote by a declared type it did not name.
        if let Some(reason) = self.graph.class_desc(o.class).and_then(|d| d.class_gap()) {
            return Err(self.lossy(class, &reason));
        }
        let chain = self.graph.class_chain(o.class);
        if chain.len() != self.graph.class_data(o).len() {
            return Err(Error::Graph(format!(
                "{class}: class data does not match its hierarchy"
            )));
        }
        // Properties by name, sorted (FlexJSON's BeanAnalyzer keeps them in a TreeMap).
        let mut props: BTreeMap<String, (FieldType, Value, String, String)> = BTreeMap::new();
        for (desc, data) in chain.iter().zip(self.graph.class_data(o)) {
            let d = self
                .graph
                .class_desc(*desc)
                .ok_or_else(|| Error::Graph("a class chain link is not a descriptor".into()))?;
            let ClassKind::Class { name, fields, .. } = &d.kind else {
                return Err(self.lossy(class, "proxy classes have no FlexJSON form"));
            };
            let cname = name.to_string_lossy().into_owned();
            if d.flags() & SC_EXTERNALIZABLE != 0 {
                return Err(self.lossy(&cname, "Externalizable data has no FlexJSON form"));
            }
            let ClassData::Serial {
                fields: values,
                annotation,
            } = data
            else {
                return Err(self.lossy(&cname, "Externalizable data has no FlexJSON form"));
            };
            if d.flags() & SC_WRITE_METHOD != 0
                && annotation.as_ref().is_some_and(|a| !a.is_empty())
            {
                return Err(self.lossy(
                    &cname,
                    "its writeObject wrote data besides its fields, which FlexJSON never sees",
                ));
            }
            for (f, v) in fields.iter().zip(self.graph.values(*values)) {
                let fname =
                    f.name.to_str().map(|s| s.into_owned()).ok_or_else(|| {
                        self.lossy(&cname, "a field name with an unpaired surrogate")
                    })?;
                if fname == "class" {
                    return Err(self.lossy(
                        &cname,
                        "a field named \"class\" collides with the class property FlexJSON writes",
                    ));
                }
                let signature = f
                    .type_name
                    .and_then(|t| self.graph.string(t))
                    .map(|s| signature_class(&s.to_string_lossy()))
                    .unwrap_or_else(|| "java.lang.Object".to_string());
                if let Some((_, _, _, other)) = props.get(&fname) {
                    return Err(self.lossy(
                        class,
                        format!(
                            "field {fname} is declared in both {other} and {cname}; FlexJSON keeps one property per name"
                        ),
                    ));
                }
                props.insert(fname, (f.ty, *v, signature, cname.clone()));
            }
        }
        self.enter(id, class)?;
        // A class known only from FlexJSON's own bean has exactly the properties it showed.
        let from_bean = self
            .graph
            .class_desc(o.class)
            .is_some_and(|d| d.origin == DescOrigin::Inferred);
        if !from_bean
            && self
                .warned
                .insert((self.attribute.clone(), class.to_string()))
        {
            self.warnings.push(Warning {
                attribute: self.attribute.clone(),
                class: class.to_string(),
                kind: WarningKind::FieldsAsProperties,
            });
        }
        props.insert(
            "class".to_string(),
            (
                FieldType::Object,
                Value::Ref(None),
                String::new(),
                String::new(),
            ),
        );
        self.out.push('{');
        for (i, (name, (ty, value, signature, _))) in props.iter().enumerate() {
            if i > 0 {
                self.out.push(',');
            }
            write_quoted(&mut self.out, name);
            self.out.push(':');
            if name == "class" {
                write_quoted(&mut self.out, class);
                continue;
            }
            match value {
                Value::Ref(r) => self.value(*r, Declared::Class(signature))?,
                other => {
                    let _ = ty;
                    let t = self.primitive(other, class)?;
                    self.out.push_str(&t);
                }
            }
        }
        self.out.push('}');
        self.leave();
        Ok(())
    }
}
