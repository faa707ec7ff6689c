//! Objects and arrays written from their fields: XStream's reflection form (fields in
//! declaration order) and its custom form for classes with `writeObject`/`readObject`
//! (`serialization="custom"`, sections per class, `<unserializable-parents/>`).

use jsess_model::{Array, Object};

use super::converters::primitive_element;
use super::*;
use jsess_javaser::jdk::UNTYPED_CLASS;

/// How an object is written: decided once, used for each class of its hierarchy.
pub(super) struct Form {
    chain: Vec<NodeId>,
    /// Field names declared by several classes, with the most derived one.
    shadowed: HashMap<String, String>,
    throwable: bool,
    custom: bool,
    /// An `<unserializable-parents/>` element comes first.
    parents: bool,
    /// The class the JVM had, when Java wrote a replacement.
    resolves: Option<String>,
    /// `this$0`, … in hierarchy order.
    inner_fields: Vec<String>,
}

impl<'g, 'a> Writer<'g, 'a> {
    /// The order XStream's reflection writes a class's fields in: its declaration order when
    /// the class layouts know every field, else the descriptor's.
    pub(super) fn declaration_order(&self, class: &str, fields: &[FieldDesc<'_>]) -> Vec<usize> {
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

    /// Whether XStream writes an `<unserializable-parents/>` element for `class` (its topmost
    /// serializable class has superclasses that are not `Serializable`), from the class
    /// layouts; an error when those superclasses have fields, which a Java stream does not
    /// hold and XStream would write.
    pub(super) fn unserializable_parents(
        &self,
        class: &str,
        chain: &[String],
    ) -> Result<bool, Error> {
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

    pub(super) fn raw(
        &mut self,
        id: NodeId,
        node: &'g Node<'a>,
        place: &Place<'_>,
        record: &dyn Fn(&mut Self),
    ) -> Result<(), Error> {
        match node {
            Node::Array(a) => self.array(a, place, record),
            // An enum constant jdk::interpret did not take (it takes all it can name).
            Node::Enum(_) => Err(Error::Graph("an enum constant without a name".into())),
            Node::Object(o) => self.object(id, o, place, record),
            Node::Class(_) | Node::String(_) => Err(Error::Graph("unexpected node".into())),
            Node::ClassDesc(d) => Err(self.lossy(
                &d.display_name(),
                "a class descriptor as a value (ObjectStreamClass) has no XStream form",
            )),
        }
    }

    /// An array: bytes as base64, chars as text, other primitives as elements, objects as items.
    fn array(
        &mut self,
        a: &'g Array<'a>,
        place: &Place<'_>,
        record: &dyn Fn(&mut Self),
    ) -> Result<(), Error> {
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
                let t = String::from_utf16(&units)
                    .map_err(|_| self.lossy(&class, "an unpaired surrogate cannot be written"))?;
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

    /// An object: the JDK classes XStream has single-value converters for, else its fields in
    /// XStream's reflection or custom form.
    fn object(
        &mut self,
        id: NodeId,
        o: &'g Object,
        place: &Place<'_>,
        record: &dyn Fn(&mut Self),
    ) -> Result<(), Error> {
        if let Some(ClassKind::Proxy { interfaces }) =
            self.graph.class_desc(o.class).map(|d| &d.kind)
        {
            record(self);
            return self.dynamic_proxy(id, interfaces, place);
        }
        let class = self
            .graph
            .class_name(o.class)
            .map(|n| n.to_string_lossy().into_owned())
            .ok_or_else(|| Error::Graph("an object without a class".into()))?;
        if class == UNTYPED_CLASS {
            return Err(self.lossy(
                &class,
                "XStream wrote this value by the declared type of the field holding it, and \
                 only in such a field can it be written without naming its class",
            ));
        }
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
        let text = match class.as_str() {
            "java.lang.StackTraceElement" => self.stack_trace_text(id),
            "java.util.BitSet" => self.bit_set_text(id),
            "java.util.concurrent.atomic.AtomicBoolean" => match self.field_of(id, "value") {
                Some(Value::Int(v)) => Some((v != 0).to_string()),
                _ => None,
            },
            _ => None,
        };
        if let Some(text) = text {
            record(self);
            self.simple(place, &class, &text);
            return Ok(());
        }
        if let Some(contents) = self.external_data(o) {
            record(self);
            self.open_value(place, &class, &[]);
            self.annotation(&class, "writeExternal", contents)?;
            self.end();
            return Ok(());
        }
        let form = self.form(id, o, &class)?;
        record(self);
        self.open_object(&class, &form, place);
        for (desc, data) in form.chain.iter().zip(self.graph.class_data(o)) {
            self.section(id, *desc, data, &form)?;
        }
        self.end();
        Ok(())
    }

    /// A JDK dynamic proxy as XStream's `DynamicProxyConverter` writes it: its interfaces, then
    /// the invocation handler with its class.
    fn dynamic_proxy(
        &mut self,
        id: NodeId,
        interfaces: &[JavaString<'_>],
        place: &Place<'_>,
    ) -> Result<(), Error> {
        let handler = match self.field_of(id, "h") {
            Some(Value::Ref(Some(h))) => h,
            _ => return Err(self.lossy("java.lang.reflect.Proxy", "a proxy without a handler")),
        };
        self.open_unchecked(place, "dynamic-proxy", &[]);
        for interface in interfaces {
            let name = attribute_of(&interface.to_string_lossy());
            self.leaf("interface", &[], &name);
        }
        // The handler always names its class (the declared type is an interface).
        self.value(
            Some(handler),
            &Place::Field {
                name: "handler",
                declared: "java.lang.reflect.InvocationHandler".into(),
                defined_in: None,
            },
        )?;
        self.end();
        Ok(())
    }

    /// What `writeExternal` wrote, for an object of an `Externalizable` class: XStream's
    /// `ExternalizableConverter` lists it as the children of the object's element.
    fn external_data(&self, o: &'g Object) -> Option<&'g [Content<'a>]> {
        let externalizable = self
            .graph
            .class_desc(o.class)
            .is_some_and(|d| d.flags() & SC_EXTERNALIZABLE != 0);
        match self.graph.class_data(o) {
            [ClassData::External(contents)] if externalizable => Some(contents),
            _ => None,
        }
    }

    /// How XStream writes an object of this class, or why it cannot be written faithfully.
    fn form(&self, id: NodeId, o: &Object, class: &str) -> Result<Form, Error> {
        let chain = self.graph.class_chain(o.class);
        let flags: Vec<u8> = chain
            .iter()
            .filter_map(|d| self.graph.class_desc(*d).map(|d| d.flags()))
            .collect();
        if flags.iter().any(|f| f & SC_EXTERNALIZABLE != 0) {
            return Err(self.lossy(class, "Externalizable objects are not written"));
        }
        if chain.len() != o.data.len() {
            return Err(Error::Graph(format!(
                "{class}: class data does not match its hierarchy"
            )));
        }
        let names: Vec<String> = chain
            .iter()
            .filter_map(|d| self.graph.class_name(*d))
            .map(|n| n.to_string_lossy().into_owned())
            .collect();
        // XStream's ThrowableConverter writes Throwables from their fields, not in the custom
        // form their writeObject would otherwise get; its SerializableConverter takes a class
        // when any class of its hierarchy has writeObject or readObject.
        let throwable = names.iter().any(|n| n == "java.lang.Throwable");
        let custom = !throwable
            && (flags.iter().any(|f| f & SC_WRITE_METHOD != 0)
                || names.iter().any(|n| self.layouts.reads_object(n)));
        let stands_for = self.stands_for(o.class);
        if stands_for.is_none() && self.layouts.resolves(class) && census_class(class).is_none() {
            return Err(self.lossy(
                class,
                "it has readResolve: the Java stream holds this serial proxy, and XStream \
                 writes the object it stands for, whose fields the stream does not hold",
            ));
        }
        let parents = self.unserializable_parents(class, &names)?;
        // XStream names the class the JVM had (List.of's, a random-access wrapper) and says it
        // resolves to the serial form Java wrote.
        let resolves = collser_element(self.graph, class, o)
            .or_else(|| {
                jsess_javaser::jdk::wrapper_runtime_class(self.graph, id)
                    .filter(|runtime| runtime != class)
            })
            .or(stands_for);
        let inner_fields = chain
            .iter()
            .filter_map(|d| self.graph.class_desc(*d))
            .flat_map(|d| d.fields().iter().map(|f| f.name.to_string()))
            .filter(|n| n.starts_with("this$"))
            .collect();
        Ok(Form {
            shadowed: shadowed(self.graph, &chain),
            chain,
            throwable,
            custom,
            parents,
            resolves,
            inner_fields,
        })
    }

    /// The object's element: its class's, or the class the JVM had with `resolves-to`.
    fn open_object(&mut self, class: &str, form: &Form, place: &Place<'_>) {
        let mut attrs: Vec<(&str, &str)> = vec![("resolves-to", class)];
        if form.custom {
            attrs.push(("serialization", "custom"));
        }
        match &form.resolves {
            Some(original) => {
                self.note_class(class);
                let alias = element_of(original);
                match place {
                    Place::Item => self.start(&alias, &attrs),
                    Place::Field {
                        name, defined_in, ..
                    } => {
                        let mut field_attrs = vec![];
                        if let Some(d) = defined_in {
                            field_attrs.push(("defined-in", *d));
                        }
                        let class_attr = attribute_of(original);
                        field_attrs.push(("class", class_attr.as_str()));
                        field_attrs.extend_from_slice(&attrs);
                        self.start(&encode_name(name), &field_attrs);
                    }
                }
            }
            None if form.custom => self.open_value(place, class, &[("serialization", "custom")]),
            None => self.open_value(place, class, &[]),
        }
    }

    /// One class's part of an object: its fields (declaration order in the reflection form,
    /// descriptor order in the custom form's `<default>`), then its `writeObject` data.
    fn section(
        &mut self,
        id: NodeId,
        desc: NodeId,
        data: &ClassData<'_>,
        form: &Form,
    ) -> Result<(), Error> {
        let d = self
            .graph
            .class_desc(desc)
            .ok_or_else(|| Error::Graph("a class chain link is not a descriptor".into()))?;
        let ClassKind::Class {
            name: cname,
            fields,
            ..
        } = &d.kind
        else {
            return Err(self.lossy(&d.display_name(), "proxy classes are not written"));
        };
        let cname = cname.to_string_lossy().into_owned();
        let ClassData::Serial {
            fields: values,
            annotation,
        } = data
        else {
            return Err(self.lossy(&cname, "Externalizable data is not written"));
        };
        let values = self.graph.values(*values);
        // In the custom form a class without writeObject or readObject gets a section only
        // when it has a field to write (XStream opens it at the first non-null field).
        let custom = form.custom;
        let has_hook = d.flags() & SC_WRITE_METHOD != 0 || self.layouts.reads_object(&cname);
        if custom && !has_hook && values.iter().all(|v| matches!(v, Value::Ref(None))) {
            return Ok(());
        }
        if custom && form.parents && form.chain.first() == Some(&desc) {
            self.leaf("unserializable-parents", &[], "");
        }
        if custom {
            self.start(&element_of(&cname), &[]);
            self.start("default", &[]);
        }
        let order = if custom {
            (0..fields.len()).collect()
        } else {
            self.declaration_order(&cname, fields)
        };
        for (f, v) in order
            .into_iter()
            .filter_map(|i| Some((fields.get(i)?, values.get(i)?)))
        {
            self.field(id, &cname, f, *v, form)?;
        }
        if custom {
            self.end();
            self.annotation(&cname, "writeObject", annotation.as_deref().unwrap_or(&[]))?;
            self.end();
        } else if annotation.as_ref().is_some_and(|a| !a.is_empty()) {
            return Err(self.lossy(&cname, "writeObject data outside XStream's custom form"));
        }
        Ok(())
    }

    /// One field: a reference as its value's element, a primitive as text.
    fn field(
        &mut self,
        id: NodeId,
        cname: &str,
        f: &FieldDesc<'_>,
        v: Value,
        form: &Form,
    ) -> Result<(), Error> {
        let fname = f.name.to_string_lossy().into_owned();
        let inner: Vec<&str> = form.inner_fields.iter().map(String::as_str).collect();
        let fname = outer_class_name(&fname, &inner).unwrap_or(fname);
        // XStream names the declaring class of a field a subclass hides.
        let defined_in = (!form.custom
            && form
                .shadowed
                .get(&fname)
                .is_some_and(|derived| derived != cname))
        .then_some(cname);
        // An unset cause is the Throwable itself; XStream's initCause(null) makes it null, and
        // null fields are not written.
        let v = match v {
            Value::Ref(Some(r)) if form.throwable && r == id && fname == "cause" => {
                Value::Ref(None)
            }
            other => other,
        };
        match v {
            // A field of a class known only by the XML it was read from: written as it was.
            Value::Ref(Some(r)) if f.type_name.is_none() && f.ty.is_reference() => {
                self.undeclared(Some(r), &fname, false, defined_in)
            }
            Value::Ref(r) => {
                let declared = f
                    .type_name
                    .and_then(|t| self.graph.string(t))
                    .map(|s| signature_class(&s.to_string_lossy()))
                    .unwrap_or_else(|| "java.lang.Object".to_string());
                self.value(
                    r,
                    &Place::Field {
                        name: &fname,
                        declared,
                        defined_in,
                    },
                )
            }
            other => {
                let t = self.primitive_text(&other, cname)?;
                let mut attrs = vec![];
                if let Some(d) = defined_in {
                    attrs.push(("defined-in", d));
                }
                if let Value::Char(0) = other {
                    // XStream's CharConverter writes NUL as an empty value.
                    self.start(&encode_name(&fname), &attrs);
                    self.text("");
                    self.end();
                } else {
                    self.leaf(&encode_name(&fname), &attrs, &t);
                }
                Ok(())
            }
        }
    }

    /// What `writeObject` (or `writeExternal`: `method`) wrote, as XStream's custom form lists
    /// it: primitives with their type, objects as items. Java's block data carries no types, so
    /// only the JDK layouts jsess knows (a leading `int` count) are split; other block data is
    /// refused.
    pub(super) fn annotation(
        &mut self,
        class: &str,
        method: &str,
        contents: &[Content<'_>],
    ) -> Result<(), Error> {
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
                        &format!(
                            "{method} wrote primitive data whose types XStream would record \
                             and Java serialization does not"
                        ),
                    ))
                }
                Content::Reset | Content::Exception(_) => {
                    return Err(
                        self.lossy(class, &format!("a reset or exception inside {method} data"))
                    )
                }
            }
        }
        Ok(())
    }
}

/// Field names declared by more than one class of a hierarchy, each with the most derived
/// class declaring it (XStream marks the fields of the other classes with `defined-in`).
pub(super) fn shadowed(graph: &Graph<'_>, chain: &[NodeId]) -> HashMap<String, String> {
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
pub(super) fn collser_element(
    graph: &Graph<'_>,
    class: &str,
    o: &jsess_model::Object,
) -> Option<String> {
    if class != "java.util.CollSer" {
        return None;
    }
    let ClassData::Serial { fields, annotation } = graph.class_data(o).first()? else {
        return None;
    };
    let Some(Value::Int(tag)) = graph.values(*fields).first() else {
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
