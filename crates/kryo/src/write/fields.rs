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
        let layout = match desc.and_then(|d| self.checked_layout(d, class)) {
            Some(layout) => layout,
            None => {
                self.check_writable(id, class)?;
                let layout = self
                    .classes
                    .field_layout(class)
                    .map_err(|need| schema_error(class, need))?;
                // Kept from a descriptor's second instance on, as its slots are: a class
                // with one instance in the graph is not worth it.
                let seen = |d: NodeId| {
                    !matches!(self.field_slots.get(d.index()), None | Some(Slots::Unseen))
                };
                if let Some(desc) = desc.filter(|&d| seen(d)) {
                    self.keep_checked_layout(desc, class, &layout);
                }
                layout
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
        let written = if self.push_slotted_values(id, &layout) {
            Ok(())
        } else {
            self.class_blocks(id, class)
                .and_then(|blocks| values_in(&blocks, &layout.fields, &mut self.field_values))
        };
        let written = written.and_then(|()| self.write_fields(class, &layout, start, &scope));
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

    /// The layout of `class` kept for instances of the descriptor `desc`, once one of them
    /// passed [`Writer::check_writable`] (which depends on the class and descriptor alone).
    fn checked_layout(&self, desc: NodeId, class: &str) -> Option<Rc<FieldLayout>> {
        match self.checked_layouts.get(desc.index()) {
            Some(Some((name, layout))) if **name == *class => Some(Rc::clone(layout)),
            _ => None,
        }
    }

    fn keep_checked_layout(&mut self, desc: NodeId, class: &str, layout: &Rc<FieldLayout>) {
        if self.checked_layouts.len() <= desc.index() {
            self.checked_layouts.resize(desc.index() + 1, None);
        }
        self.checked_layouts[desc.index()] = Some((class.into(), Rc::clone(layout)));
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
    /// not serve the object (names that do not match, data that is not fields, a `writeObject`
    /// annotation holding data), which the path that names the problem then handles.
    fn push_slotted_values(&mut self, id: NodeId, layout: &FieldLayout) -> bool {
        let graph = self.graph;
        let Node::Object(object) = graph.node(id) else {
            return false;
        };
        let Some(slots) = self.slots_of(object.class, layout) else {
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
    /// its name: what [`values_in`] finds), worked out at a descriptor's second instance.
    /// `None` before, when a name is not found, and for wide classes (whose per-object lookup
    /// is a table already).
    fn slots_of(&mut self, desc: NodeId, layout: &FieldLayout) -> Option<Rc<[FieldSlot]>> {
        /// Wider classes are not given slots (working them out looks along the descriptor).
        const WIDEST: usize = 32;
        if self.field_slots.len() <= desc.index() {
            self.field_slots.resize(desc.index() + 1, Slots::Unseen);
        }
        match &self.field_slots[desc.index()] {
            Slots::Known(slots) => return Some(Rc::clone(slots)),
            Slots::None => return None,
            Slots::Unseen => {
                self.field_slots[desc.index()] = Slots::Once;
                return None;
            }
            Slots::Once => {}
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
        let slots: Option<Rc<[FieldSlot]>> = (layout.fields.len() <= WIDEST)
            .then(|| layout.fields.iter().map(slot).collect())
            .flatten();
        self.field_slots[desc.index()] = match &slots {
            Some(slots) => Slots::Known(Rc::clone(slots)),
            None => Slots::None,
        };
        slots
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
