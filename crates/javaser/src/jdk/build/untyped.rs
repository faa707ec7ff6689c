//! Elements a format wrote by a declared type its bytes do not name: XStream's.
//!
//! XStream leaves out the class of a field's value when it is the field's declared type (or
//! that type's default implementation): `<deliverTo><street>…</street></deliverTo>` is an
//! `Address` only to someone who knows the declaring class. Without that class's layout the
//! element is kept as it was written, an *untyped element*: an object of the placeholder class
//! [`UNTYPED_CLASS`] (descriptor origin inferred, [`Unknowns::CLASS`] among its missing facts,
//! so every writer but XStream's refuses it naming what is missing) whose data is one
//! annotation:
//!
//! - a block: one byte per child element, [`CLASS_ATTRIBUTE`] when the child carried a `class`
//!   attribute (its value is of another type than the field it sits in), else `0`;
//! - then per child element, in document order, its name (a string, XStream's name escaping
//!   undone) and its value.
//!
//! A child's value is what its element says: the object its `class` attribute or its name
//! names (an item of a collection is named by its class), the object a `reference` points to,
//! text (a string), or, for a child that is itself written by a declared type, another untyped
//! element. Untyped text in a field of a class known only by the XML is just a string.

use jsess_model::graph::{SC_SERIALIZABLE, SC_WRITE_METHOD};

use super::*;

/// The placeholder class of an untyped element: not a Java class name, so no real class can
/// be mistaken for it.
pub const UNTYPED_CLASS: &str = "<declared type>";

/// A child element's flag: it carried a `class` attribute.
pub const CLASS_ATTRIBUTE: u8 = 1;

impl Builder {
    /// An untyped element with these children, in document order: each its element's name,
    /// whether the element carried a `class` attribute, and its value.
    pub fn untyped(&mut self, children: &[(String, bool, Ref)]) -> Result<NodeId, BuildError> {
        if self.spec(UNTYPED_CLASS).is_none() {
            self.define(Descriptor {
                name: UNTYPED_CLASS.to_string(),
                suid: 0,
                flags: SC_SERIALIZABLE | SC_WRITE_METHOD,
                fields: Vec::new(),
                super_class: None,
                origin: DescOrigin::Inferred,
                unknown: Unknowns::ALL.union(Unknowns::CLASS),
            });
        }
        let flags: Vec<u8> = children
            .iter()
            .map(|(_, class, _)| if *class { CLASS_ATTRIBUTE } else { 0 })
            .collect();
        let mut annotation = Vec::with_capacity(1 + 2 * children.len());
        annotation.push(Content::Block(BlockData {
            long: flags.len() > 255,
            bytes: Cow::Owned(flags),
        }));
        for (name, _, value) in children {
            annotation.push(Content::Object(Some(self.string(name))));
            annotation.push(Content::Object(*value));
        }
        {
            let data = self.graph.serial(&[], Some(annotation));
            self.instance(UNTYPED_CLASS, vec![data])
        }
    }
}

/// One child element of an untyped element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UntypedChild {
    /// The string node holding the child element's name.
    pub name: NodeId,
    /// The child carried a `class` attribute.
    pub class_attribute: bool,
    /// Its value.
    pub value: Ref,
}

/// Whether `id` is an untyped element.
pub fn is_untyped(graph: &Graph<'_>, id: NodeId) -> bool {
    match graph.get(id) {
        Some(Node::Object(o)) => graph
            .class_name(o.class)
            .is_some_and(|n| n.to_str().as_deref() == Some(UNTYPED_CLASS)),
        _ => false,
    }
}

/// The children of the untyped element `id`, or `None` when `id` is not one or its data is
/// not laid out as one (a graph from another source).
pub fn untyped_children(graph: &Graph<'_>, id: NodeId) -> Option<Vec<UntypedChild>> {
    if !is_untyped(graph, id) {
        return None;
    }
    let Some(Node::Object(o)) = graph.get(id) else {
        return None;
    };
    let [ClassData::Serial {
        fields,
        annotation: Some(annotation),
    }] = graph.class_data(o)
    else {
        return None;
    };
    let (Content::Block(flags), rest) = annotation.split_first()? else {
        return None;
    };
    if !fields.is_empty() || rest.len() != 2 * flags.bytes.len() {
        return None;
    }
    let mut children = Vec::with_capacity(flags.bytes.len());
    for (pair, &flag) in rest.chunks_exact(2).zip(flags.bytes.iter()) {
        let [Content::Object(Some(name)), Content::Object(value)] = pair else {
            return None;
        };
        graph.string(*name)?;
        if flag & !CLASS_ATTRIBUTE != 0 {
            return None;
        }
        children.push(UntypedChild {
            name: *name,
            class_attribute: flag == CLASS_ATTRIBUTE,
            value: *value,
        });
    }
    Some(children)
}
