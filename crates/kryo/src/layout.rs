//! What FieldSerializer's handling of a class's fields depends on that follows from the class
//! layouts alone, worked out once per class rather than once per object: whether each field's
//! values carry a class tag, and (reading) which Kryo field gives each Java field its value.
//!
//! Both are answers the per-object code would otherwise get by looking class names up in the
//! schemas field by field (a deep chain of application objects spent a quarter of its
//! decoding there). Where an answer depends on the object (a type variable resolved through
//! the generics it was handed) or is an error (a class the layouts do not describe), the plan
//! says so and the per-object code asks as before, so errors name the same field and come at
//! the same point of the bytes.

use std::sync::Arc;

use jsess_javaser::jdk::Descriptor;
use jsess_model::FieldType;

use crate::memo::Map;
use crate::schema::{FieldSchema, JavaType, KryoField, Schemas};

/// Where each Java field of a class takes its value from among its Kryo fields, by position;
/// `None` when the two do not correspond ([`java_slots`]).
pub(crate) type JavaSlots = Option<Arc<[u32]>>;

/// A field FieldSerializer handles, owned rather than borrowed from the layouts, so that a
/// class's field list is worked out once and kept across blobs with the rest of its plan.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct LayoutField {
    /// The class declaring the field.
    pub owner: Box<str>,
    /// The field.
    pub field: FieldSchema,
}

impl From<&KryoField<'_>> for LayoutField {
    fn from(f: &KryoField<'_>) -> Self {
        LayoutField {
            owner: f.owner.into(),
            field: f.field.clone(),
        }
    }
}

/// Whether a field's values carry a class tag: FieldSerializer writes a value of a final
/// declared class without one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Finality {
    /// The declared class is final (or the field is primitive): no class tag.
    Final,
    /// The declared class is not final: every value has its class tag.
    Open,
    /// Decided per value: the declared class comes from the object's generics, or the
    /// layouts cannot say (the per-value check reports which).
    Ask,
}

impl Finality {
    /// Whether values of a field declaring `declared` carry no class tag: known from the plan,
    /// or asked of the schemas (whose error says what is missing).
    pub(crate) fn is_final(self, schemas: &Schemas, declared: &str) -> Result<bool, String> {
        match self {
            Finality::Final => Ok(true),
            Finality::Open => Ok(false),
            Finality::Ask => schemas.is_final(declared),
        }
    }
}

/// The finality of each of `fields` (Kryo's order). With `optimized` generics (Kryo 5) a
/// type variable's class comes from the object's generics, so those fields are asked per value.
pub(crate) fn finality(
    schemas: &Schemas,
    fields: &[LayoutField],
    optimized: bool,
) -> Arc<[Finality]> {
    fields
        .iter()
        .map(|f| match &f.field.ty {
            JavaType::Primitive(_) => Finality::Final,
            JavaType::Variable(_) if optimized => Finality::Ask,
            // Refused per value (the arguments Kryo would need are unknown).
            JavaType::Class { .. } if optimized && f.field.generics_unknown => Finality::Ask,
            ty => match schemas.is_final(&ty.erased()) {
                Ok(true) => Finality::Final,
                Ok(false) => Finality::Open,
                Err(_) => Finality::Ask,
            },
        })
        .collect()
}

/// For each field of the Java descriptor `chain` (most derived first, as
/// `Reader::ensure_class` gives it), superclass first and in descriptor order: the position of
/// the Kryo field holding its value among `fields` (Kryo's order; the last of a name listed
/// twice, as a map filled in order would hold). `None` when the two do not correspond one to
/// one with matching types: the per-object code then finds and reports the mismatch.
pub(crate) fn java_slots(chain: &[Descriptor], fields: &[LayoutField]) -> JavaSlots {
    let mut by_name: Map<(&str, &str), usize> =
        Map::with_capacity_and_hasher(fields.len(), Default::default());
    for (i, f) in fields.iter().enumerate() {
        by_name.insert((&*f.owner, f.field.name.as_str()), i);
    }
    let mut slots = Vec::with_capacity(fields.len());
    for spec in chain.iter().rev() {
        for (ty, name, _) in &spec.fields {
            let i = *by_name.get(&(spec.name.as_str(), name.as_str()))?;
            let kryo = match &fields.get(i)?.field.ty {
                JavaType::Primitive(c) => FieldType::from_code(u8::try_from(*c).ok()?)?,
                _ => FieldType::Object,
            };
            if kryo != *ty && !(ty.is_reference() && kryo == FieldType::Object) {
                return None;
            }
            slots.push(u32::try_from(i).ok()?);
        }
    }
    // Every Kryo field (every distinct one, when a schema lists one twice) must be used: a
    // field Java does not have would be lost.
    (slots.len() == fields.len() || slots.len() == by_name.len()).then(|| slots.into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::FieldSchema;

    fn field(name: &str, ty: JavaType) -> FieldSchema {
        FieldSchema {
            name: name.to_string(),
            ty,
            transient: false,
            generics_unknown: false,
        }
    }

    fn descriptor(name: &str, fields: &[(FieldType, &str)]) -> Descriptor {
        Descriptor {
            name: name.to_string(),
            suid: 1,
            flags: 2,
            fields: fields
                .iter()
                .map(|(ty, n)| (*ty, n.to_string(), None))
                .collect(),
            super_class: None,
            origin: jsess_model::DescOrigin::Jdk,
            unknown: jsess_model::Unknowns::NONE,
        }
    }

    #[test]
    fn slots_follow_the_java_order_and_refuse_what_does_not_match() {
        let object = || JavaType::Class {
            name: "java.lang.Object".to_string(),
            args: vec![],
        };
        let (a, b, c) = (
            field("a", JavaType::Primitive('I')),
            field("b", object()),
            field("c", object()),
        );
        // Kryo's order is by name; Java's is superclass first, primitives first.
        let kryo = [("Sub", &a), ("Base", &b), ("Sub", &c)]
            .map(|(owner, field)| LayoutField::from(&KryoField { owner, field }));
        let sub = descriptor("Sub", &[(FieldType::Int, "a"), (FieldType::Object, "c")]);
        let base = descriptor("Base", &[(FieldType::Object, "b")]);
        let slots = java_slots(&[sub.clone(), base.clone()], &kryo);
        assert_eq!(slots.as_deref(), Some(&[1, 0, 2][..]));
        // A Java field Kryo lacks, a type that differs, a Kryo field Java lacks: no plan.
        let missing = descriptor("Sub", &[(FieldType::Int, "a"), (FieldType::Object, "d")]);
        assert_eq!(java_slots(&[missing, base.clone()], &kryo), None);
        let retyped = descriptor("Sub", &[(FieldType::Long, "a"), (FieldType::Object, "c")]);
        assert_eq!(java_slots(&[retyped, base.clone()], &kryo), None);
        assert_eq!(java_slots(&[sub], &kryo), None);
    }
}
