//! Writing objects field by field (FieldSerializer), with their classes' layouts.

use jsess_model::{ClassData, ClassDesc, ClassKind, Node, NodeId, Value};

use crate::classes::{FieldLayout, TAG_NULL};
use crate::error::WriteError;
use crate::generics::{field_generics, scope_for, Generics, Scope};
use crate::layout::{Finality, LayoutField};
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
        let desc = match self.graph.node(id) {
            Node::Object(o) if !o.complete => {
                return Err(unsupported(
                    class,
                    "the Java stream holds only part of this object",
                ))
            }
            Node::Object(o) => Some(o.class),
            _ => None,
        };
        // Held here, so that the layout and slots are borrowed, not counted, per object.
        let known = desc.and_then(|d| self.known_fields(d, class));
        let fresh;
        let (layout, slots) = match &known {
            Some(known) => (&known.layout, known.slots.as_deref()),
            None => {
                self.check_writable(id, class)?;
                let layout = self
                    .classes
                    .field_layout(class)
                    .map_err(|need| schema_error(class, need))?;
                fresh = (
                    desc.and_then(|d| self.second_instance(d, class, &layout)),
                    layout,
                );
                (&fresh.1, fresh.0.as_ref().and_then(|k| k.slots.as_deref()))
            }
        };
        // Without optimized generics no field's declared class depends on the object's.
        let scope = if self.dialect.optimized_generics() {
            scope_for(self.schemas, class, &generics)
        } else {
            Scope::new()
        };
        // Every value is found before any is written (a missing one fails the object, not
        // half of it); nested objects push theirs above this one's and take them off.
        let start = self.field_values.len();
        let slotted = slots.is_some_and(|slots| self.push_slotted_values(id, slots));
        let written = if slotted {
            Ok(())
        } else {
            self.class_blocks(id, class)
                .and_then(|blocks| values_in(&blocks, &layout.fields, &mut self.field_values))
        };
        let written = written.and_then(|()| self.write_fields(class, layout, start, &scope));
        self.field_values.truncate(start);
        written
    }

    /// What refuses a FieldSerializer class whatever its instance holds.
    fn check_writable(&self, id: NodeId, class: &str) -> Result<(), WriteError> {
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
        Ok(())
    }

    /// What is kept for instances of the descriptor `desc` of `class`, from its second
    /// instance on.
    fn known_fields(&self, desc: NodeId, class: &str) -> Option<Rc<KnownFields>> {
        match self.desc_fields.get(desc.index()) {
            Some(DescFields::Known(known)) if *known.class == *class => Some(Rc::clone(known)),
            _ => None,
        }
    }

    /// Notes an instance of `desc` that passed the class's checks; at the second, keeps its
    /// layout with the slots worked out, and returns what it kept.
    fn second_instance(
        &mut self,
        desc: NodeId,
        class: &str,
        layout: &Rc<FieldLayout>,
    ) -> Option<Rc<KnownFields>> {
        if self.desc_fields.len() <= desc.index() {
            self.desc_fields
                .resize(desc.index() + 1, DescFields::Unseen);
        }
        if let DescFields::Unseen = self.desc_fields[desc.index()] {
            self.desc_fields[desc.index()] = DescFields::Once;
            return None;
        }
        let known = Rc::new(KnownFields {
            class: class.into(),
            layout: Rc::clone(layout),
            slots: self.slots_of(desc, layout),
        });
        self.desc_fields[desc.index()] = DescFields::Known(Rc::clone(&known));
        Some(known)
    }

    /// The fields of an object whose values are on `field_values` from `start`.
    fn write_fields(
        &mut self,
        class: &str,
        layout: &FieldLayout,
        start: usize,
        scope: &Scope,
    ) -> Result<(), WriteError> {
        for (k, (field, &finality)) in layout.fields.iter().zip(&*layout.finality).enumerate() {
            let Some(&value) = self.field_values.get(start + k) else {
                return Err(unsupported(class, "field values missing"));
            };
            self.field(class, field, finality, value, scope)
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

    /// Pushes an object's field values in Kryo's order onto `field_values` through its
    /// descriptor's slots, and says whether it did: not (nothing pushed) where the slots do
    /// not serve the object (data that is not fields, a `writeObject` annotation holding
    /// data), which the path that names the problem then handles.
    fn push_slotted_values(&mut self, id: NodeId, slots: &[FieldSlot]) -> bool {
        let graph = self.graph;
        let Node::Object(object) = graph.node(id) else {
            return false;
        };
        let data = graph.class_data(object);
        let start = self.field_values.len();
        for slot in slots.iter() {
            let value = match data.get(slot.class as usize) {
                Some(ClassData::Serial { fields, annotation })
                    if !slot.write_method || annotation.as_ref().is_none_or(|a| a.is_empty()) =>
                {
                    graph.values(*fields).get(slot.field as usize).copied()
                }
                _ => None,
            };
            match value {
                Some(value) => self.field_values.push(value),
                None => {
                    self.field_values.truncate(start);
                    return false;
                }
            }
        }
        true
    }

    /// Where each of `layout`'s fields sits in the class data of instances of the descriptor
    /// `desc` (the first class of the chain by the field's declaring class, the first field by
    /// its name: what [`values_in`] finds). `None` when a name is not found, and for wide
    /// classes (whose per-object lookup is a table already).
    fn slots_of(&self, desc: NodeId, layout: &FieldLayout) -> Option<Box<[FieldSlot]>> {
        /// Wider classes are not given slots (working them out looks along the descriptor).
        const WIDEST: usize = 32;
        if layout.fields.len() > WIDEST {
            return None;
        }
        let graph = self.graph;
        let chain = graph.class_chain(desc);
        let slot = |f: &LayoutField| {
            let (class, d) = chain.iter().enumerate().find_map(|(i, &id)| {
                let d = graph.class_desc(id)?;
                match &d.kind {
                    ClassKind::Class { name, .. } if name.eq_str(&f.owner) => Some((i, d)),
                    _ => None,
                }
            })?;
            let field = d
                .fields()
                .iter()
                .position(|x| x.name.eq_str(&f.field.name))?;
            Some(FieldSlot {
                class: u32::try_from(class).ok()?,
                field: u32::try_from(field).ok()?,
                write_method: d.flags() & SC_WRITE_METHOD != 0,
            })
        };
        layout.fields.iter().map(slot).collect()
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
        // Without optimized generics the declared class is the erased type, with no generics
        // to hand on (what `field_generics` answers then, without asking it per value).
        let (declared, field_generics) = if self.dialect.optimized_generics() {
            field_generics(self.schemas, ty, scope, field.field.generics_unknown, true)
                .map_err(|need| schema_error(owner, need))?
        } else {
            (ty.erased(), None)
        };
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
