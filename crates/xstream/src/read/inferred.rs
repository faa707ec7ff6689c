//! Elements XStream wrote by a declared type the XML does not name, read without that type
//! (untyped elements: `jsess_javaser::jdk::Builder::untyped`), and the fields of classes known
//! only by the XML.

use std::collections::HashMap;

use jsess_javaser::jdk::{is_binary_class_name, Descriptor, UNTYPED_CLASS};
use jsess_model::graph::{SC_SERIALIZABLE, SC_WRITE_METHOD};
use jsess_model::{Ref, Value};

use super::Reader;
use crate::error::Error;
use crate::names::{class_of, class_of_attribute, decode_name};
use jsess_xml::dom::{Dom, Element};

/// What the XML shows of a class no descriptor or layout describes, over all its elements.
#[derive(Debug, Default, Clone)]
pub(super) struct Shown {
    /// The class's own field names (XStream's escaping undone) in the order the elements show
    /// them, each with whether every element showing it gave its value's class (a field
    /// declared `Object` or an interface XStream names every value of).
    pub(super) fields: Vec<(String, bool)>,
    /// The superclass `defined-in` names: XStream marks a superclass's field that a field of
    /// the class hides, and writes superclass fields first.
    pub(super) superclass: Option<String>,
    /// The fields shown up to the last `defined-in` field: the superclass's.
    pub(super) super_fields: Vec<(String, bool)>,
    /// `defined-in` names more than one class: the hierarchy is more than the XML gives.
    pub(super) deeper: bool,
}

/// Merges the field names these elements show into `fields` ([`Descriptor::merge_shown`]).
fn merge<'e>(fields: &mut Vec<(String, bool)>, shown: impl Iterator<Item = &'e Element>) {
    let names = shown.map(|child| {
        let named = child.attr("class").is_some() || child.attr("resolves-to").is_some();
        (decode_name(&child.name), named)
    });
    Descriptor::merge_shown(fields, names);
}

impl Shown {
    /// Merges in the fields `e` shows.
    fn show(&mut self, e: &Element, dom: &Dom) {
        let element = |c: &usize| &dom.elements[*c];
        let last = e
            .children
            .iter()
            .rposition(|c| element(c).attr("defined-in").is_some());
        let Some(last) = last else {
            merge(&mut self.fields, e.children.iter().map(element));
            return;
        };
        let declaring = element(&e.children[last])
            .attr("defined-in")
            .map(class_of_attribute)
            .unwrap_or_default();
        self.deeper |= e.children[..last].iter().any(|c| {
            element(c)
                .attr("defined-in")
                .is_some_and(|d| class_of_attribute(d) != declaring)
        }) || self.superclass.as_ref().is_some_and(|s| *s != declaring);
        self.superclass = Some(declaring);
        merge(
            &mut self.super_fields,
            e.children[..=last].iter().map(element),
        );
        merge(&mut self.fields, e.children[last + 1..].iter().map(element));
    }
}

/// For every class some element is an object of (by its `class` attribute or its name), the
/// fields its elements show, merged in the order they show them: XStream leaves null fields
/// out, so one element may show fields another does not.
pub(super) fn fields_shown(dom: &Dom) -> HashMap<String, Shown> {
    let mut shown: HashMap<String, Shown> = HashMap::new();
    for e in &dom.elements {
        if e.attr("reference").is_some()
            || e.attr("serialization").is_some()
            || e.attr("resolves-to").is_some()
        {
            continue;
        }
        let class = e
            .attr("class")
            .map(class_of_attribute)
            .unwrap_or_else(|| class_of(&e.name));
        if !is_binary_class_name(&class) {
            continue;
        }
        let entry = shown.entry(class).or_default();
        entry.show(e, dom);
    }
    shown
}

/// Whether an element name inside untyped content names its value's class, as the items of a
/// collection are named: a binary class name (a field name has no `.`), an alias with a dash
/// (XStream's escaping of a field name puts a dash only after `_`), or an alias that is a
/// Java keyword. Other names are field names: their values are of declared types.
fn names_a_class(name: &str) -> bool {
    let dashed = name
        .char_indices()
        .any(|(i, c)| c == '-' && !name[..i].ends_with('_'));
    name.contains('.')
        || dashed
        || matches!(
            name,
            "int" | "long" | "short" | "byte" | "char" | "boolean" | "float" | "double" | "null"
        )
}

/// The inferred descriptor of `class` with these fields (see [`Reader::infer`]).
fn spec(class: &str, fields: &[(String, bool)], superclass: Option<String>) -> Descriptor {
    let outer = class
        .rsplit_once('$')
        .map(|(enclosing, _)| enclosing)
        .filter(|enclosing| !enclosing.is_empty());
    let mut spec = Descriptor::inferred(class, fields.iter().map(|(n, _)| n.clone()));
    for ((_, name, signature), (_, named)) in spec.fields.iter_mut().zip(fields) {
        if let (Some(enclosing), "outer-class") = (outer, name.as_str()) {
            // javac's name for the enclosing instance: `this$` and the enclosing class's depth.
            *name = format!("this${}", enclosing.matches('$').count());
            *signature = Some(format!("L{};", enclosing.replace('.', "/")));
        } else if *named {
            *signature = Some("Ljava/lang/Object;".to_string());
        }
    }
    spec.super_class = superclass;
    spec
}

impl<'d> Reader<'d> {
    /// Makes `class`, which no descriptor or layout describes, known by the fields its elements
    /// show ([`fields_shown`]). A field whose every element gave its value's class is kept as
    /// declared `Object` (XStream writes the class of every value of such a field); an inner
    /// class's `outer-class` is its `this$N` field, declared the enclosing class; any other
    /// field's declared type is unknown, and its values are what each element says: text, a
    /// referenced or named object, or an untyped element. A superclass `defined-in` names is
    /// known by the fields shown up to the last field it marks.
    pub(super) fn infer(&mut self, e: &Element, class: &str) -> Result<(), Error> {
        let dom = self.dom;
        let all = self.shown.get_or_insert_with(|| fields_shown(dom));
        // An element of a field's declared type is not found by its name: it adds its own.
        let shown = all.entry(class.to_string()).or_default();
        shown.show(e, dom);
        let shown = shown.clone();
        let parent_shown = shown
            .superclass
            .as_ref()
            .and_then(|parent| all.get(parent))
            .map(|s| s.fields.clone())
            .unwrap_or_default();
        if shown.deeper || shown.superclass.as_deref() == Some(class) {
            // Fields XStream placed in several superclasses: only the class files say which.
            return Err(Error::UnknownClass {
                class: class.to_string(),
                offset: e.offset,
            });
        }
        if let Some(parent) = &shown.superclass {
            if !self.knows(parent) {
                let mut fields = parent_shown;
                for (name, named) in &shown.super_fields {
                    if !fields.iter().any(|(f, _)| f == name) {
                        fields.push((name.clone(), *named));
                    }
                }
                self.builder.define(spec(parent, &fields, None));
            }
        }
        self.builder
            .define(spec(class, &shown.fields, shown.superclass.clone()));
        Ok(())
    }

    /// Whether a descriptor or a layout describes `class`.
    pub(super) fn knows(&self, class: &str) -> bool {
        self.builder.knows(class) || self.layouts.get(class).is_some()
    }

    /// Makes the classes of an object XStream wrote in its custom form known by its sections
    /// (superclass first, each the fields of its `<default>`, then what `writeObject` wrote)
    /// where no descriptor or layout describes them: each has `writeObject` (its section was
    /// written), the class itself none when no section names it.
    pub(super) fn infer_custom(&mut self, e: &Element, class: &str) -> Result<(), Error> {
        let mut parent: Option<String> = None;
        for &c in &e.children {
            let section = self.el(c);
            if section.name == "unserializable-parents" {
                continue;
            }
            let name = class_of(&section.name);
            if parent.as_deref() == Some(class) || !is_binary_class_name(&name) {
                return Err(Error::shape(
                    class,
                    section.offset,
                    format!("{name} is not in its class hierarchy"),
                ));
            }
            if !self.knows(&name) {
                let mut fields = Vec::new();
                if let Some(&first) = section.children.first() {
                    let default = self.el(first);
                    if default.name == "default" {
                        let shown = default.children.iter().map(|&f| self.el(f));
                        merge(&mut fields, shown);
                    }
                }
                let mut spec = spec(&name, &fields, parent.clone());
                spec.flags = SC_SERIALIZABLE | SC_WRITE_METHOD;
                self.builder.define(spec);
            }
            parent = Some(name);
        }
        if parent.as_deref() != Some(class) && !self.knows(class) {
            let mut spec = spec(class, &[], parent);
            spec.flags = SC_SERIALIZABLE;
            self.builder.define(spec);
        }
        Ok(())
    }

    /// The value of an element written by a declared type the XML does not name: text is a
    /// string (`<a></a>` the empty one), other content an untyped element.
    pub(super) fn untyped(&mut self, e: &'d Element) -> Result<Ref, Error> {
        if e.attr("serialization").is_some() {
            return Err(Error::shape(
                UNTYPED_CLASS,
                e.offset,
                "custom serialization data of a class the XML does not name; pass --classpath",
            ));
        }
        if e.children.is_empty() && !(e.self_closing && e.text.is_empty()) {
            return Ok(Some(self.builder.string(&e.text)));
        }
        if !e.text.trim().is_empty() {
            return Err(Error::shape(
                UNTYPED_CLASS,
                e.offset,
                "text beside elements",
            ));
        }
        let mut children = Vec::with_capacity(e.children.len());
        for &c in &e.children {
            let child = self.el(c);
            let named = child.attr("class").is_some() || child.attr("resolves-to").is_some();
            let value = if named || names_a_class(&child.name) {
                self.convert(c, None)?
            } else {
                self.convert(c, Some(UNTYPED_CLASS))?
            };
            children.push((decode_name(&child.name), named, value));
        }
        self.builder
            .untyped(&children)
            .map(Some)
            .map_err(|err| self.build_err(UNTYPED_CLASS, e, err))
    }

    /// A field of a class known only by the XML, declared type unknown.
    pub(super) fn untyped_field(&mut self, child: usize) -> Result<Value, Error> {
        Ok(Value::Ref(self.convert(child, Some(UNTYPED_CLASS))?))
    }
}
