//! Writing objects field by field (FieldSerializer), with their classes' layouts.

use jsess_model::{ClassDesc, ClassKind, Node, NodeId, Value};

use crate::classes::TAG_NULL;
use crate::error::WriteError;
use crate::generics::{field_generics, scope_for, Generics, Scope};
use crate::layout::Finality;
use crate::layout::LayoutField;
use crate::schema::JavaType;

use super::*;

impl<'w, 'g> Writer<'w, 'g> {
    /// An object's class data, one block per class of its descriptor chain.
    pub(super) fn class_blocks(
        &self,
        id: NodeId,
        class: &str,
    ) -> Result<Vec<ClassBlock<'w>>, WriteError> {
        let Node::Object(object) = self.graph.node(id) else {
            return Err(unsupported(class, "not an object"));
        };
        let chain = self.graph.class_chain(object.class);
        Ok(chain
            .iter()
            .zip(self.graph.class_data(object))
            .filter_map(|(desc_id, data)| match self.graph.class_desc(*desc_id) {
                Some(ClassDesc {
                    kind:
                        ClassKind::Class {
                            name,
                            fields,
                            flags,
                            ..
                        },
                    ..
                }) => Some(ClassBlock {
                    name,
                    fields,
                    flags: *flags,
                    data,
                    values: match data {
                        ClassData::Serial { fields, .. } => self.graph.values(*fields),
                        ClassData::External(_) => &[],
                    },
                }),
                _ => None,
            })
            .collect())
    }

    /// FieldSerializer: every field in Kryo's order, by declared type.
    pub(super) fn fields(
        &mut self,
        id: NodeId,
        class: &str,
        generics: Generics,
    ) -> Result<(), WriteError> {
        if let Node::Object(o) = self.graph.node(id) {
            if !o.complete {
                return Err(unsupported(
                    class,
                    "the Java stream holds only part of this object",
                ));
            }
        }
        // A BitSet read from Kryo holds the words FieldSerializer stored and writes back as
        // they were; one from a Java stream would be read back empty by msm.
        let java_form = match self.graph.node(id) {
            Node::Object(o) => self
                .graph
                .class_desc(o.class)
                .is_some_and(|d| !d.unknown.contains(jsess_model::Unknowns::JAVA_FORM)),
            _ => false,
        };
        if class == "java.util.BitSet" && java_form {
            return Err(unsupported(
                class,
                "Kryo 4 has no BitSet serializer: FieldSerializer writes its words without the \
                 transient word count, so msm reads it back empty",
            ));
        }
        if self.schemas.resolves(class) && jsess_javaser::jdk::census::census_class(class).is_none()
        {
            return Err(unsupported(
                class,
                "it has readResolve: Java reads it back as the object readResolve returns (the \
                 original of a serial proxy, a singleton), Kryo as this object",
            ));
        }
        let layout = self
            .classes
            .field_layout(class)
            .map_err(|need| schema_error(class, need))?;
        // Without optimized generics no field's declared class depends on the object's.
        let scope = if self.dialect.optimized_generics() {
            scope_for(self.schemas, class, &generics)
        } else {
            Scope::new()
        };
        let blocks = self.class_blocks(id, class)?;
        let values = values_in(&blocks, &layout.fields)?;
        for ((field, value), &finality) in layout.fields.iter().zip(values).zip(&*layout.finality) {
            self.field(class, field, finality, value, &scope)
                .map_err(|e| match e {
                    WriteError::Schema { class: c, need } => WriteError::Schema {
                        class: c,
                        need: format!("{need} (field {}.{})", field.owner, field.field.name),
                    },
                    other => other,
                })?;
        }
        Ok(())
    }

    pub(super) fn field(
        &mut self,
        class: &str,
        field: &LayoutField,
        finality: Finality,
        value: Value,
        scope: &Scope,
    ) -> Result<(), WriteError> {
        let (owner, name, ty) = (&*field.owner, field.field.name.as_str(), &field.field.ty);
        if let JavaType::Primitive(c) = ty {
            if value.field_type().code() as char != *c {
                return Err(unsupported(
                    class,
                    format!("field {owner}.{name} holds {value:?}, not a {c}"),
                ));
            }
            self.primitive(value);
            return Ok(());
        }
        let Value::Ref(r) = value else {
            return Err(unsupported(
                class,
                format!("field {owner}.{name} holds a primitive, the schema says {ty}"),
            ));
        };
        let (declared, field_generics) = field_generics(
            self.schemas,
            ty,
            scope,
            field.field.generics_unknown,
            self.dialect.optimized_generics(),
        )
        .map_err(|need| schema_error(owner, need))?;
        let is_final = finality
            .is_final(self.schemas, &declared)
            .map_err(|need| schema_error(&declared, need))?;
        if is_final {
            return self.object_or_null(r, &declared, field_generics);
        }
        let Some(id) = r else {
            self.out.var_int(TAG_NULL as i32, true);
            return Ok(());
        };
        let (runtime, ser) = self.runtime_class(id)?;
        self.class_tag(&runtime, ser)?;
        self.object(id, &runtime, ser, field_generics)
    }
}
