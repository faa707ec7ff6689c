//! Class descriptors for what the builder writes: from the JDK census, the application's
//! specs, arrays and enums.

use std::borrow::Cow;

use jsess_model::graph::{SC_ENUM, SC_SERIALIZABLE};
use jsess_model::{
    ClassDesc, ClassKind, DescOrigin, FieldDesc, JavaString, Node, NodeId, Unknowns,
};

use super::*;

impl Builder {
    pub(super) fn spec(&self, class: &str) -> Option<&Descriptor> {
        lookup(&self.specs, self.shared.as_deref(), class)
    }

    /// The descriptor node for a class, created once per stream.
    pub(super) fn desc(&mut self, class: &str) -> Result<NodeId, BuildError> {
        self.desc_at(class, 0)
    }

    /// [`Builder::desc`] of a class `depth` superclasses above the one first asked for.
    fn desc_at(&mut self, class: &str, depth: usize) -> Result<NodeId, BuildError> {
        if let Some(&id) = self.descs.get(class) {
            return Ok(id);
        }
        if class.starts_with('[') {
            return self.array_desc(class);
        }
        // Specs come from untrusted text too: a hierarchy deeper than any class has, or one
        // that loops, is refused before the recursion follows it any further.
        if depth > MAX_HIERARCHY {
            return Err(BuildError::Unsupported {
                class: class.to_string(),
                reason: "class hierarchy too deep".to_string(),
            });
        }
        let unknown_class = || BuildError::UnknownClass(class.to_string());
        // Found once, with where it was found, so the spec is looked up again (after the
        // superclass's recursion, which needs the builder) in that one table only.
        let (source, super_name) = {
            let (source, spec) = self.find_spec(class).ok_or_else(unknown_class)?;
            (source, spec.super_class.clone())
        };
        let super_class = match super_name {
            Some(name) => Some(self.desc_at(&name, depth + 1)?),
            None => None,
        };
        // The spec is borrowed while the graph grows: no copy of it per stream.
        let Builder {
            specs,
            shared,
            graph,
            signatures,
            descs,
            expected_classes,
            ..
        } = self;
        let names = TypeNames {
            table: signatures,
            room: *expected_classes,
        };
        let (node, key) = match source {
            Source::Own | Source::Shared => {
                let spec = match source {
                    Source::Own => specs.get(class),
                    _ => shared.as_deref().and_then(|s| s.get(class)),
                }
                .ok_or_else(unknown_class)?;
                (
                    class_desc(
                        spec,
                        super_class,
                        graph,
                        names,
                        JavaString::from_text,
                        |s| Cow::Owned(s.to_string()),
                    ),
                    Cow::Owned(class.to_string()),
                )
            }
            // The JDK table lives as long as the program: its names are borrowed, not copied,
            // into the graph and into the tables that find them again.
            Source::Jdk(spec) => (
                class_desc(
                    spec,
                    super_class,
                    graph,
                    names,
                    JavaString::from_static,
                    Cow::Borrowed,
                ),
                Cow::Borrowed(spec.name.as_str()),
            ),
        };
        let id = graph.add(node);
        descs.insert(key, id);
        if let (Some(original), Node::ClassDesc(d)) =
            (self.stands_for.get(class), self.graph.node_mut(id))
        {
            d.stands_for = Some(JavaString::from_text(original));
        }
        Ok(id)
    }

    /// Array descriptors have no fields and no superclass; the serialVersionUID comes from a
    /// defined spec or the JDK table.
    pub(super) fn array_desc(&mut self, class: &str) -> Result<NodeId, BuildError> {
        if let Some(&id) = self.descs.get(class) {
            return Ok(id);
        }
        let (suid, origin, unknown) = self
            .spec(class)
            .map(|s| (s.suid, s.origin, s.unknown))
            .ok_or_else(|| BuildError::UnknownClass(class.to_string()))?;
        let id = self.graph.add(Node::ClassDesc(ClassDesc {
            kind: ClassKind::Class {
                name: JavaString::from_text(class),
                suid,
                flags: SC_SERIALIZABLE,
                fields: vec![],
            },
            annotation: vec![],
            super_class: None,
            origin,
            unknown,
            stands_for: None,
        }));
        self.descs.insert(Cow::Owned(class.to_string()), id);
        Ok(id)
    }

    pub(super) fn enum_desc(&mut self, class: &str) -> Result<NodeId, BuildError> {
        if let Some(&id) = self.descs.get(class) {
            return Ok(id);
        }
        let base = self.desc("java.lang.Enum")?;
        let id = self.graph.add(Node::ClassDesc(ClassDesc {
            kind: ClassKind::Class {
                name: JavaString::from_text(class),
                suid: 0,
                flags: SC_SERIALIZABLE | SC_ENUM,
                fields: vec![],
            },
            annotation: vec![],
            super_class: Some(base),
            // Every enum type's descriptor is the same: nothing about it is unknown.
            origin: DescOrigin::Jdk,
            unknown: Unknowns::NONE,
            stands_for: None,
        }));
        self.descs.insert(Cow::Owned(class.to_string()), id);
        Ok(id)
    }
}

/// Which table a class's spec came from.
#[derive(Clone, Copy)]
enum Source {
    Own,
    Shared,
    /// The JDK table lives as long as the program, so its spec is held on to rather than
    /// looked up a second time.
    Jdk(&'static Descriptor),
}

impl Builder {
    /// [`Builder::spec`], with the table it came from.
    fn find_spec(&self, class: &str) -> Option<(Source, &Descriptor)> {
        if let Some(spec) = self.specs.get(class) {
            return Some((Source::Own, spec));
        }
        if let Some(spec) = self.shared.as_deref().and_then(|s| s.get(class)) {
            return Some((Source::Shared, spec));
        }
        jdk_classes()
            .get(class)
            .map(|spec| (Source::Jdk(spec), spec))
    }
}

/// A class's spec: defined for this stream, else shared by every stream, else the JDK's.
fn lookup<'b>(
    specs: &'b Map<String, Descriptor>,
    shared: Option<&'b Descriptors>,
    class: &str,
) -> Option<&'b Descriptor> {
    specs
        .get(class)
        .or_else(|| shared?.get(class))
        .or_else(|| jdk_classes().get(class))
}

/// The stream's field type signature strings by their text, and the room to make for them
/// when the first comes.
struct TypeNames<'m> {
    table: &'m mut Map<Cow<'static, str>, NodeId>,
    room: usize,
}

/// A class descriptor node for `spec`, its names made Java strings by `text` and its field
/// type signatures found again by `key`.
fn class_desc<'s>(
    spec: &'s Descriptor,
    super_class: Option<NodeId>,
    graph: &mut Graph<'static>,
    names: TypeNames<'_>,
    text: impl Fn(&'s str) -> JavaString<'static>,
    key: impl Fn(&'s str) -> Cow<'static, str>,
) -> Node<'static> {
    let mut fields = Vec::with_capacity(spec.fields.len());
    for (ty, name, signature) in &spec.fields {
        let type_name = signature.as_deref().map(|sig| {
            if let Some(&id) = names.table.get(sig) {
                return id;
            }
            if names.table.capacity() == 0 {
                names.table.reserve(names.room);
            }
            let value = text(sig);
            let long = value.as_mutf8().len() > usize::from(u16::MAX);
            let id = graph.add(Node::String(StringNode { value, long }));
            names.table.insert(key(sig), id);
            id
        });
        fields.push(FieldDesc {
            ty: *ty,
            name: text(name),
            type_name,
        });
    }
    Node::ClassDesc(ClassDesc {
        kind: ClassKind::Class {
            name: text(&spec.name),
            suid: spec.suid,
            flags: spec.flags,
            fields,
        },
        annotation: vec![],
        super_class,
        origin: spec.origin,
        unknown: spec.unknown,
        stands_for: None,
    })
}
