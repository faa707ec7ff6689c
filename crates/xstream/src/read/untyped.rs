//! Elements XStream wrote by a declared type the XML does not name, read without that type
//! (untyped elements: `jsess_javaser::jdk::Builder::untyped`), and the fields of classes known
//! only by the XML.

use std::collections::HashMap;

use jsess_javaser::jdk::{is_binary_class_name, Descriptor, UNTYPED_CLASS};
use jsess_model::{Ref, Value};

use super::Reader;
use crate::error::Error;
use crate::names::{class_of, class_of_attribute, decode_name};
use jsess_xml::dom::{Dom, Element};

/// The most fields a class known only by the XML is given (merging names is quadratic in it).
const MAX_INFERRED_FIELDS: usize = 1024;

/// What the XML shows of a class no descriptor or layout describes, over all its elements.
#[derive(Debug, Default)]
pub(super) struct Shown {
    /// Field names (XStream's escaping undone) in the order the elements show them, each with
    /// whether every element showing it gave its value's class (a field declared `Object` or
    /// an interface XStream names every value of).
    pub(super) fields: Vec<(String, bool)>,
    /// Some element shows a field with `defined-in`: the class hierarchy matters, and the XML
    /// does not give it.
    pub(super) hierarchy: bool,
}

impl Shown {
    /// Merges in the fields `e` shows, after the field shown before each.
    fn show(&mut self, e: &Element, dom: &Dom) {
        let mut after: Option<usize> = None;
        for &c in &e.children {
            let child = &dom.elements[c];
            self.hierarchy |= child.attr("defined-in").is_some();
            let name = decode_name(&child.name);
            let named = child.attr("class").is_some() || child.attr("resolves-to").is_some();
            after = Some(match self.fields.iter().position(|(f, _)| *f == name) {
                Some(at) => {
                    self.fields[at].1 &= named;
                    at
                }
                // More than any class declares: the rest is refused as unknown fields.
                None if self.fields.len() >= MAX_INFERRED_FIELDS => break,
                None => {
                    let at = after.map_or(0, |a| a + 1);
                    self.fields.insert(at, (name, named));
                    at
                }
            });
        }
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

impl<'d> Reader<'d> {
    /// Makes `class`, which no descriptor or layout describes, known by the fields its elements
    /// show ([`fields_shown`]). A field whose every element gave its value's class is kept as
    /// declared `Object` (XStream writes the class of every value of such a field); any other
    /// field's declared type is unknown, and its values are what each element says: text,
    /// a referenced or named object, or an untyped element.
    pub(super) fn infer(&mut self, e: &Element, class: &str) -> Result<(), Error> {
        let dom = self.dom;
        let shown = self.shown.get_or_insert_with(|| fields_shown(dom));
        // An element of a field's declared type is not found by its name: it adds its own.
        let shown = shown.entry(class.to_string()).or_default();
        shown.show(e, dom);
        let (fields, hierarchy) = (shown.fields.as_slice(), shown.hierarchy);
        if hierarchy {
            // Fields XStream placed in a superclass by name: only the class files say which.
            return Err(Error::UnknownClass {
                class: class.to_string(),
                offset: e.offset,
            });
        }
        let mut spec = Descriptor::inferred(class, fields.iter().map(|(n, _)| n.clone()));
        for ((_, _, signature), (_, named)) in spec.fields.iter_mut().zip(fields) {
            if *named {
                *signature = Some("Ljava/lang/Object;".to_string());
            }
        }
        self.builder.define(spec);
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
        let children: Vec<(&str, bool, Ref)> = children
            .iter()
            .map(|(n, c, v)| (n.as_str(), *c, *v))
            .collect();
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
