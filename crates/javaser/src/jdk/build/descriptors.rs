//! Class descriptors for what the builder writes: from the JDK census, the application's
//! specs, arrays and enums.

use jsess_model::graph::{SC_ENUM, SC_SERIALIZABLE};
use jsess_model::{
    ClassDesc, ClassKind, DescOrigin, FieldDesc, JavaString, Node, NodeId, Unknowns,
};

use super::*;

impl Builder {
    pub(super) fn spec(&self, class: &str) -> Option<Descriptor> {
        self.specs
            .get(class)
            .or_else(|| self.shared.as_ref()?.get(class))
            .or_else(|| jdk_classes().get(class))
            .cloned()
    }

    /// The descriptor node for a class, created once per stream.
    pub(super) fn desc(&mut self, class: &str) -> Result<NodeId, BuildError> {
        if let Some(&id) = self.descs.get(class) {
            return Ok(id);
        }
        if class.starts_with('[') {
            return self.array_desc(class);
        }
        let spec = self
            .spec(class)
            .ok_or_else(|| BuildError::UnknownClass(class.to_string()))?;
        let super_class = match &spec.super_class {
            Some(name) => Some(self.desc(name)?),
            None => None,
        };
        let mut fields = Vec::with_capacity(spec.fields.len());
        for (ty, name, signature) in &spec.fields {
            let type_name = signature.as_deref().map(|sig| self.signature(sig));
            fields.push(FieldDesc {
                ty: *ty,
                name: JavaString::from_text(name),
                type_name,
            });
        }
        let id = self.graph.add(Node::ClassDesc(ClassDesc {
            kind: ClassKind::Class {
                name: JavaString::from_text(&spec.name),
                suid: spec.suid,
                flags: spec.flags,
                fields,
            },
            annotation: vec![],
            super_class,
            origin: spec.origin,
            unknown: spec.unknown,
        }));
        self.descs.insert(class.to_string(), id);
        Ok(id)
    }

    pub(super) fn signature(&mut self, sig: &str) -> NodeId {
        if let Some(&id) = self.signatures.get(sig) {
            return id;
        }
        let id = self.string(sig);
        self.signatures.insert(sig.to_string(), id);
        id
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
        }));
        self.descs.insert(class.to_string(), id);
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
        }));
        self.descs.insert(class.to_string(), id);
        Ok(id)
    }
}
