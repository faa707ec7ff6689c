//! Values XStream wrote by a declared type the graph does not know: the fields of classes
//! known only by the XML they were read from, and the children of untyped elements
//! (`jsess_javaser::jdk::Builder::untyped`).

use jsess_model::{Node, NodeId, Ref};

use super::{Place, Writer};
use crate::error::Error;
use crate::names::encode_name;
use jsess_javaser::jdk::{is_untyped, untyped_children};

impl<'g, 'a> Writer<'g, 'a> {
    /// Writes `value` as the element `name` in a place whose declared type is unknown, the way
    /// XStream wrote what was read there: with its class when `class_attribute` says the
    /// element gave one, text as text, an untyped element as its children, and an object the
    /// element named by its class (an item) or referred to as that.
    pub(super) fn undeclared(
        &mut self,
        value: Ref,
        name: &str,
        class_attribute: bool,
        defined_in: Option<&str>,
    ) -> Result<(), Error> {
        let mut attrs = Vec::new();
        if let Some(d) = defined_in {
            attrs.push(("defined-in", d));
        }
        let Some(id) = value else {
            // A null item of a collection (`<null/>`); null fields are never written.
            self.leaf(&encode_name(name), &attrs, "");
            return Ok(());
        };
        if class_attribute {
            return self.value(
                Some(id),
                &Place::Field {
                    name,
                    declared: "java.lang.Object".to_string(),
                    defined_in,
                },
            );
        }
        if let Node::String(s) = self.node(id)? {
            // Even empty: XStream writes an empty string as `<a></a>`.
            let text = self.text_of(&s.value, "java.lang.String")?;
            self.start(&encode_name(name), &attrs);
            self.text(&text);
            self.end();
            return Ok(());
        }
        if is_untyped(self.graph, id) && !self.written.contains_key(&id) {
            return self.untyped_element(id, name, &attrs);
        }
        // Named by its own class, so declared as that: no class attribute.
        let declared = self
            .object_class(id)
            .unwrap_or_else(|| "java.lang.Object".to_string());
        self.value(
            Some(id),
            &Place::Field {
                name,
                declared,
                defined_in,
            },
        )
    }

    fn untyped_element(
        &mut self,
        id: NodeId,
        name: &str,
        attrs: &[(&str, &str)],
    ) -> Result<(), Error> {
        let children = untyped_children(self.graph, id)
            .ok_or_else(|| Error::Graph("an untyped element not laid out as one".into()))?;
        self.record_next = Some(id);
        self.start(&encode_name(name), attrs);
        for child in children {
            let child_name = self
                .graph
                .string(child.name)
                .and_then(|s| s.to_str())
                .ok_or_else(|| Error::Graph("an element name is not text".into()))?
                .into_owned();
            jsess_model::deep::guard(|| {
                self.undeclared(child.value, &child_name, child.class_attribute, None)
            })?;
        }
        self.end();
        Ok(())
    }
}
