//! The write half: the model to Javolution XML, as msm's `JavolutionTranscoder` writes it
//! (`XMLObjectWriter` with msm's `ReflectionBinding` and an `__id`/`__ref` resolver): an XML
//! declaration, no indentation, every value's class in a `class` attribute or as its element
//! name, plain data in attributes.
//!
//! Whatever the binding cannot carry without change (a `Date`, whose fields are all transient;
//! a `BigDecimal` with a fraction, written as its `longValue()`; comparators; `boolean[]`, which
//! msm's array format cannot write) is refused with [`Error::Lossy`] naming the attribute and
//! class.

use std::collections::HashMap;
use std::rc::Rc;

use jsess_classpath::{Origin, Schemas};
use jsess_javaser::jdk::{interpret, wrapper_runtime_class};
use jsess_javaser::number_text::{java_double, java_float};
use jsess_model::graph::{SC_ENUM, SC_EXTERNALIZABLE};
use jsess_model::jdk::JdkValue;
use jsess_model::{
    deep, ClassData, ClassKind, DescOrigin, Elements, FieldType, Graph, JavaString, Node, NodeId,
    Ref, Value,
};

use crate::binding::{is_attribute_class, ID, NULL, REF};
use crate::error::Error;
use crate::number::{javolution_double, javolution_float};

mod jdk;

/// The declaration `XMLObjectWriter` starts every document with.
pub const DECLARATION: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" ?>";

/// Writes attributes (name string nodes and values of `graph`) as msm's Javolution transcoder
/// does. `schemas` give the declared field order of application classes (the reflection format
/// writes fields in declaration order, and reads them back only in that order) and enum
/// constants with bodies.
pub fn encode(
    graph: &Graph<'_>,
    attributes: &[(NodeId, Ref)],
    schemas: &Schemas,
) -> Result<Vec<u8>, Error> {
    let mut w = Writer {
        graph,
        schemas,
        out: String::with_capacity(256),
        open: Vec::new(),
        ids: HashMap::new(),
        anonymous: 0,
        orders: HashMap::new(),
        attribute: String::new(),
    };
    w.out.push_str(DECLARATION);
    let count = attributes.len().to_string();
    w.ids.insert(None, 0);
    w.start(
        "attributes",
        &[
            ("class", "java.util.concurrent.ConcurrentHashMap"),
            (ID, "0"),
            ("size", &count),
        ],
    );
    for (name, value) in attributes {
        let text = graph
            .string(*name)
            .ok_or_else(|| Error::Graph("an attribute name is not a string".into()))?;
        w.attribute = text.to_string_lossy().into_owned();
        if value.is_none() {
            return Err(w.lossy(
                "java.util.concurrent.ConcurrentHashMap",
                "msm reads attributes into a ConcurrentHashMap, which holds no null values",
            ));
        }
        w.value(Some(*name), &Place::Named("k"))?;
        w.value(*value, &Place::Named("v"))?;
    }
    w.end();
    Ok(w.out.into_bytes())
}

/// Where a value is written: as an item (its element is named by its class) or under a name
/// (a map's `k`/`v`, a field), with a `class` attribute.
enum Place<'p> {
    Item,
    Named(&'p str),
}

struct Open {
    name: String,
    /// The start tag is not closed yet (`>` or `/>` pending).
    pending: bool,
}

struct Writer<'g, 'a> {
    graph: &'g Graph<'a>,
    schemas: &'g Schemas,
    out: String,
    open: Vec<Open>,
    /// The `__id` of each referenceable node written so far (`None` is the root map).
    ids: HashMap<Option<NodeId>, usize>,
    /// Elements that got an `__id` but stand for no node of their own (a `LocalDateTime`'s
    /// `date` and `time`): they still take a number.
    anonymous: usize,
    /// Each class descriptor's field order, once worked out.
    orders: HashMap<NodeId, Rc<FieldOrder>>,
    attribute: String,
}

/// Attributes of one element, in order.
type Attrs = Vec<(String, String)>;

impl<'g, 'a> Writer<'g, 'a> {
    // ---- XML -----------------------------------------------------------------------------

    fn start(&mut self, name: &str, attrs: &[(&str, &str)]) {
        if let Some(parent) = self.open.last_mut() {
            if parent.pending {
                self.out.push('>');
                parent.pending = false;
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
            pending: true,
        });
    }

    fn end(&mut self) {
        let Some(top) = self.open.pop() else { return };
        if top.pending {
            self.out.push_str("/>");
        } else {
            self.out.push_str("</");
            self.out.push_str(&top.name);
            self.out.push('>');
        }
    }

    /// Opens the element of a value of `class` at `place`; a referenceable node gets the next
    /// `__id`.
    fn open_value(&mut self, place: &Place<'_>, class: &str, id: Option<NodeId>, extra: &Attrs) {
        let mut attrs: Vec<(&str, &str)> = Vec::with_capacity(extra.len() + 2);
        let element = match place {
            Place::Item => class,
            Place::Named(name) => {
                attrs.push(("class", class));
                name
            }
        };
        let number;
        if id.is_some() {
            let n = self.ids.len() + self.anonymous;
            self.ids.insert(id, n);
            number = n.to_string();
            attrs.push((ID, &number));
        }
        attrs.extend(extra.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        let element = element.to_string();
        self.start(&element, &attrs);
    }

    /// A leaf element with the next `__id` that stands for no node of its own.
    fn anonymous_leaf(&mut self, place: &Place<'_>, class: &str, extra: &Attrs) {
        let number = (self.ids.len() + self.anonymous).to_string();
        self.anonymous += 1;
        let mut attrs = Vec::with_capacity(extra.len() + 1);
        attrs.push((ID.to_string(), number));
        attrs.extend(extra.iter().cloned());
        self.leaf(place, class, None, &attrs);
    }

    fn leaf(&mut self, place: &Place<'_>, class: &str, id: Option<NodeId>, extra: &Attrs) {
        self.open_value(place, class, id, extra);
        self.end();
    }

    // ---- errors --------------------------------------------------------------------------

    fn lossy(&self, class: &str, reason: &str) -> Error {
        Error::Lossy {
            attribute: self.attribute.clone(),
            class: class.to_string(),
            reason: reason.to_string(),
        }
    }

    fn text_of(&self, s: &JavaString<'_>, class: &str) -> Result<String, Error> {
        s.to_str().map(|c| c.into_owned()).ok_or_else(|| {
            self.lossy(
                class,
                "an unpaired surrogate: Javolution's UTF-8 writer joins it with the next one",
            )
        })
    }

    fn node(&self, id: NodeId) -> Result<&'g Node<'a>, Error> {
        self.graph
            .get(id)
            .ok_or_else(|| Error::Graph(format!("reference to missing node {}", id.index())))
    }

    fn class_name(&self, desc: NodeId) -> Result<String, Error> {
        self.graph
            .class_name(desc)
            .map(|n| n.to_string_lossy().into_owned())
            .ok_or_else(|| self.lossy("java.lang.reflect.Proxy", "proxy classes are not written"))
    }

    // ---- values --------------------------------------------------------------------------

    fn value(&mut self, r: Ref, place: &Place<'_>) -> Result<(), Error> {
        deep::guard(|| self.value_inner(r, place))
    }

    fn value_inner(&mut self, r: Ref, place: &Place<'_>) -> Result<(), Error> {
        let Some(id) = r else {
            // Javolution leaves out a named null; a null item is <Null/>.
            if matches!(place, Place::Item) {
                self.start(NULL, &[]);
                self.end();
            }
            return Ok(());
        };
        let node = self.node(id)?;
        let jdk = interpret(self.graph, id);
        if let Some(&number) = self.ids.get(&Some(id)) {
            let class = self.written_class(id, node, jdk.as_ref())?;
            self.leaf(
                place,
                &class,
                None,
                &vec![(REF.to_string(), number.to_string())],
            );
            return Ok(());
        }
        if let Node::String(s) = node {
            let text = self.text_of(&s.value, "java.lang.String")?;
            self.leaf(
                place,
                "java.lang.String",
                Some(id),
                &vec![("value".to_string(), text)],
            );
            return Ok(());
        }
        match jdk {
            Some(value) if self.jdk_value(id, &value, place)? => Ok(()),
            _ => self.raw(id, node, place),
        }
    }

    /// The class a `__ref` element names: the one the referenced element was written with.
    fn written_class(
        &self,
        id: NodeId,
        node: &Node<'_>,
        jdk: Option<&JdkValue<'_>>,
    ) -> Result<String, Error> {
        Ok(match (node, jdk) {
            (Node::String(_), _) => "java.lang.String".into(),
            (_, Some(JdkValue::Enum { class, name })) => {
                let class = class.to_string_lossy().into_owned();
                let name = name.to_string_lossy().into_owned();
                self.body_class(&class, &name).unwrap_or(class)
            }
            (_, Some(JdkValue::Wrapper { .. })) => wrapper_runtime_class(self.graph, id)
                .ok_or_else(|| Error::Graph("a wrapper without a class".into()))?,
            (Node::Object(o), _) => self.class_name(o.class)?,
            (Node::Array(a), _) => self.class_name(a.class)?,
            _ => {
                return Err(Error::Graph(format!(
                    "node {} is referenced but has no class",
                    id.index()
                )))
            }
        })
    }

    /// The class of an enum constant's own body, when the schemas know it has one.
    fn body_class(&self, enum_class: &str, constant: &str) -> Option<String> {
        let schema = self.schemas.get(enum_class)?;
        schema.enum_bodies.get(constant).cloned()
    }

    // ---- arrays and objects by reflection ------------------------------------------------

    fn raw(&mut self, id: NodeId, node: &'g Node<'a>, place: &Place<'_>) -> Result<(), Error> {
        match node {
            Node::Array(a) => {
                let class = self.class_name(a.class)?;
                if a.aborted_length.is_some() {
                    return Err(self.lossy(&class, "the array was only partly written"));
                }
                self.array(id, &class, &a.elements, place)
            }
            Node::Object(o) => self.object(id, o, place),
            Node::Enum(_) => Err(Error::Graph("an enum constant without a name".into())),
            Node::Class(_) | Node::String(_) => Err(Error::Graph("unexpected node".into())),
            Node::ClassDesc(d) => Err(self.lossy(
                &d.display_name(),
                "a class descriptor as a value (ObjectStreamClass) has no Javolution form",
            )),
        }
    }

    fn array(
        &mut self,
        id: NodeId,
        class: &str,
        elements: &Elements<'_>,
        place: &Place<'_>,
    ) -> Result<(), Error> {
        let length = elements.len().to_string();
        match elements {
            Elements::Primitive { ty, .. } => {
                if *ty == FieldType::Boolean {
                    return Err(self.lossy(
                        class,
                        "msm's array format has no boolean[] form (it casts to Object[] and fails)",
                    ));
                }
                let boxed = ty.box_class().unwrap_or("java.lang.Object");
                self.open_value(
                    place,
                    class,
                    Some(id),
                    &vec![("length".to_string(), length)],
                );
                for v in elements.iter() {
                    let text = self.primitive_text(&v, class)?;
                    self.leaf(
                        &Place::Item,
                        boxed,
                        None,
                        &vec![("value".to_string(), text)],
                    );
                }
                self.end();
            }
            Elements::Object(items) => {
                let component = component_name(class);
                let attrs = vec![
                    ("type".to_string(), "array".to_string()),
                    ("componentType".to_string(), component),
                    ("length".to_string(), length),
                ];
                self.open_value(place, class, Some(id), &attrs);
                for item in items {
                    self.value(*item, &Place::Item)?;
                }
                self.end();
            }
        }
        Ok(())
    }

    fn object(
        &mut self,
        id: NodeId,
        o: &'g jsess_model::Object,
        place: &Place<'_>,
    ) -> Result<(), Error> {
        let serial_name = self.class_name(o.class)?;
        if !o.complete {
            return Err(self.lossy(
                &serial_name,
                "the object was only partly written (NotSerializableException)",
            ));
        }
        // A value the source format wrote by a declared type it did not name.
        if let Some(reason) = self.graph.class_desc(o.class).and_then(|d| d.class_gap()) {
            return Err(self.lossy(&serial_name, &reason));
        }
        // Javolution names the JVM's class: the random-access wrapper where Java serialization
        // wrote the plain one.
        let class = wrapper_runtime_class(self.graph, id).unwrap_or_else(|| serial_name.clone());
        if class == "java.util.Currency" {
            let code = self.field_text(o, "currencyCode")?;
            self.leaf(place, &class, None, &vec![("code".to_string(), code)]);
            return Ok(());
        }
        // The JVM's immutable collections in Java's form are a serial proxy (CollSer): their
        // fields, which the reflection format writes, are only there when read from it.
        let by_fields = serial_name == class;
        if matches!(
            class.as_str(),
            "java.util.GregorianCalendar" | "java.util.Calendar"
        ) || (class.starts_with("java.util.ImmutableCollections$") && !by_fields)
        {
            return Err(self.lossy(&class, "jsess does not write this class in Javolution XML"));
        }
        let chain = self.graph.class_chain(o.class);
        if chain.len() != self.graph.class_data(o).len() {
            return Err(Error::Graph(format!(
                "{class}: class data does not match its hierarchy"
            )));
        }
        let mut attrs: Attrs = Vec::new();
        let mut elements: Vec<(String, Ref)> = Vec::new();
        // The reflection format walks the hierarchy from the class itself up.
        for (desc, data) in chain.iter().zip(self.graph.class_data(o)).rev() {
            let d = self
                .graph
                .class_desc(*desc)
                .ok_or_else(|| Error::Graph("a class chain link is not a descriptor".into()))?;
            if d.flags() & SC_EXTERNALIZABLE != 0 {
                return Err(self.lossy(&class, "Externalizable objects are not written"));
            }
            let ClassKind::Class { name, fields, .. } = &d.kind else {
                return Err(self.lossy(&class, "proxy classes are not written"));
            };
            let cname = name.to_string_lossy().into_owned();
            let ClassData::Serial {
                fields: values,
                annotation,
            } = data
            else {
                return Err(self.lossy(&cname, "Externalizable data is not written"));
            };
            let values = self.graph.values(*values);
            if annotation.as_ref().is_some_and(|a| {
                a.iter()
                    .any(|c| !matches!(c, jsess_model::Content::Block(b) if b.bytes.is_empty()))
            }) {
                return Err(self.lossy(
                    &cname,
                    "writeObject wrote data of its own; the reflection format writes only fields",
                ));
            }
            // A class known only by the XML it was read from keeps the order the XML showed.
            let order = if d.origin == DescOrigin::Inferred {
                Rc::new(FieldOrder {
                    indices: (0..fields.len()).collect(),
                    declared: true,
                })
            } else {
                self.field_order(*desc, &cname, fields)
            };
            if values.len() != fields.len() {
                return Err(Error::Graph(format!(
                    "{cname}: class data does not match its descriptor"
                )));
            }
            let mut class_elements = Vec::new();
            for &index in &order.indices {
                let (Some(f), Some(v)) = (fields.get(index), values.get(index)) else {
                    return Err(Error::Graph(format!("{cname}: a field out of range")));
                };
                let fname = f.name.to_string_lossy().into_owned();
                match v {
                    Value::Ref(None) => {}
                    // A field of unknown type holds the text the XML showed for it.
                    Value::Ref(Some(r)) if f.type_name.is_none() && f.ty.is_reference() => {
                        match self.node(*r)? {
                            Node::String(s) => attrs.push((fname, self.text_of(&s.value, &cname)?)),
                            _ => class_elements.push((fname, Some(*r))),
                        }
                    }
                    Value::Ref(Some(r)) => {
                        let declared = f
                            .type_name
                            .and_then(|t| self.graph.string(t))
                            .map(|s| signature_class(&s.to_string_lossy()))
                            .unwrap_or_default();
                        match self.attribute_text(*r, &declared)? {
                            Some(text) => attrs.push((fname, text)),
                            None => class_elements.push((fname, Some(*r))),
                        }
                    }
                    primitive => {
                        let text = self.primitive_text(primitive, &cname)?;
                        attrs.push((fname, text));
                    }
                }
            }
            if !order.declared && class_elements.len() > 1 && !cname.starts_with("java.") {
                return Err(self.lossy(
                    &cname,
                    "its fields' declaration order is unknown, and msm's reflection format reads fields back only in that order: pass --classpath with the application's classes",
                ));
            }
            elements.extend(class_elements);
        }
        self.open_value(place, &class, Some(id), &attrs);
        for (name, r) in elements {
            self.value(r, &Place::Named(&name))?;
        }
        self.end();
        Ok(())
    }

    /// A `String`-valued field of an object (a `Currency`'s code).
    fn field_text(&self, o: &jsess_model::Object, field: &str) -> Result<String, Error> {
        let chain = self.graph.class_chain(o.class);
        for (desc, data) in chain.iter().zip(self.graph.class_data(o)) {
            let (Some(d), ClassData::Serial { fields: values, .. }) =
                (self.graph.class_desc(*desc), data)
            else {
                continue;
            };
            let values = self.graph.values(*values);
            for (f, v) in d.fields().iter().zip(values) {
                if f.name.eq_str(field) {
                    if let Value::Ref(Some(r)) = v {
                        if let Some(s) = self.graph.string(*r) {
                            return self.text_of(s, "java.lang.String");
                        }
                    }
                }
            }
        }
        Err(Error::Graph(format!("no {field} string field")))
    }

    /// The attribute text of a reference field, when the reflection format writes the field's
    /// declared type as an attribute: `toString()` of strings, boxes and currencies, `name()` of
    /// enum constants whose field is declared with their enum type.
    fn attribute_text(&self, r: NodeId, declared: &str) -> Result<Option<String>, Error> {
        let node = self.node(r)?;
        if let Node::Enum(e) = node {
            let is_own_type = self.graph.class_desc(e.class).is_some_and(|d| {
                d.flags() & SC_ENUM != 0
                    && self
                        .graph
                        .class_name(e.class)
                        .is_some_and(|n| n.eq_str(declared))
            });
            if is_own_type {
                if let Some(JdkValue::Enum { name, .. }) = interpret(self.graph, r) {
                    return self.text_of(name, declared).map(Some);
                }
            }
            return Ok(None);
        }
        if !is_attribute_class(declared) {
            return Ok(None);
        }
        Ok(Some(match (node, interpret(self.graph, r)) {
            (Node::String(s), _) => self.text_of(&s.value, declared)?,
            (_, Some(JdkValue::Boxed(v))) => match v {
                Value::Double(d) if d.is_finite() => {
                    self.subnormal_check(d, declared)?;
                    java_double(d)
                }
                Value::Float(f) if f.is_finite() => java_float(f),
                Value::Double(d) => javolution_double(d),
                Value::Float(f) => javolution_float(f),
                other => self.primitive_text(&other, declared)?,
            },
            (Node::Object(o), _) if declared == "java.util.Currency" => {
                self.field_text(o, "currencyCode")?
            }
            _ => return Ok(None),
        }))
    }

    /// The order the reflection format writes a class's fields in: declaration order, from the
    /// class files the schemas were read from; else the descriptor's order (`declared` false).
    /// Worked out once per class descriptor.
    fn field_order(
        &mut self,
        desc: NodeId,
        class: &str,
        fields: &[jsess_model::FieldDesc<'_>],
    ) -> Rc<FieldOrder> {
        if let Some(order) = self.orders.get(&desc) {
            return Rc::clone(order);
        }
        let order = Rc::new(declaration_order(self.schemas, class, fields));
        self.orders.insert(desc, Rc::clone(&order));
        order
    }
}

fn declaration_order(
    schemas: &Schemas,
    class: &str,
    fields: &[jsess_model::FieldDesc<'_>],
) -> FieldOrder {
    let descriptor_order = || FieldOrder {
        indices: (0..fields.len()).collect(),
        declared: false,
    };
    let Some(schema) = schemas.get(class) else {
        return descriptor_order();
    };
    if !matches!(schema.origin, Origin::ClassFile | Origin::SchemaFile) {
        return descriptor_order();
    }
    let indices: Vec<usize> = schema
        .fields
        .iter()
        .filter(|f| !f.transient)
        .filter_map(|d| fields.iter().position(|f| f.name.eq_str(&d.name)))
        .collect();
    if indices.len() != fields.len() {
        return descriptor_order();
    }
    FieldOrder {
        indices,
        declared: true,
    }
}

struct FieldOrder {
    indices: Vec<usize>,
    declared: bool,
}

/// `java.lang.String` for `Ljava/lang/String;`; arrays keep their descriptor (`[I`).
fn signature_class(signature: &str) -> String {
    match signature
        .strip_prefix('L')
        .and_then(|s| s.strip_suffix(';'))
    {
        Some(name) => name.replace('/', "."),
        None => signature.replace('/', "."),
    }
}

/// The `componentType` of an object array class (`[Ljava.lang.String;` → `java.lang.String`,
/// `[[I` → `[I`).
fn component_name(array_class: &str) -> String {
    let component = &array_class[1..];
    match component
        .strip_prefix('L')
        .and_then(|s| s.strip_suffix(';'))
    {
        Some(name) => name.to_string(),
        None => component.to_string(),
    }
}

/// Escapes an attribute value as Javolution's `XMLStreamWriterImpl` does: the markup
/// characters as entities, control characters as two-digit decimal references, `'` and
/// everything else as it is.
fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c if (c as u32) < 0x20 => {
                out.push_str(&format!("&#{:02};", c as u32));
            }
            c => out.push(c),
        }
    }
}
