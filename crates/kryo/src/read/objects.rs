//! Objects Kryo's FieldSerializer and JavaSerializer wrote, and the class descriptors they
//! need: fields in Kryo's order built into the Java objects Java serialization would write,
//! descriptors defined from the class layouts as classes are met.

use super::*;
use crate::classes::{FieldLayout, Step};
use crate::layout::Finality;
use crate::layout::LayoutField;

impl Reader<'_, '_> {
    /// FieldSerializer: the fields in Kryo's order, then the Java object they make.
    pub(super) fn fields(
        &mut self,
        class: &str,
        generics: Generics,
        slot: Option<usize>,
    ) -> Result<NodeId, ReadError> {
        let schemas = self.schemas;
        let layout = self
            .classes
            .field_layout(class)
            .map_err(|need| self.schema(class, need))?;
        // Without optimized generics no field's declared class depends on the object's.
        let scope = if self.dialect.optimized_generics() {
            scope_for(schemas, class, &generics)
        } else {
            Scope::new()
        };
        let reserved = self.reserve(slot);
        // Nested objects push theirs above this object's and take them off when built.
        let start = self.field_values.len();
        let steps =
            (!self.dialect.optimized_generics()).then(|| self.classes.steps(class, &layout));
        for (i, (field, &finality)) in layout.fields.iter().zip(layout.finality.iter()).enumerate()
        {
            let value = match steps.and_then(|s| s.get(i)).copied().flatten() {
                Some(step) => self.step(field, step)?,
                None => self.field(field, finality, &scope)?,
            };
            self.field_values.push(value);
        }
        // Taken out for the build (which reads nothing more) and put back without them.
        let mut all = std::mem::take(&mut self.field_values);
        let values = all.get(start..).unwrap_or_default();
        let built = self.build_fields(class, values, &layout, reserved);
        all.truncate(start);
        self.field_values = all;
        let built = built?;
        self.settle(reserved, built)
    }

    /// The object `values` make: a JDK value for the classes Java stores otherwise, else the
    /// Java instance.
    fn build_fields(
        &mut self,
        class: &str,
        values: &[Value],
        layout: &FieldLayout,
        reserved: Option<NodeId>,
    ) -> Result<NodeId, ReadError> {
        Ok(match class {
            "java.util.UUID" => {
                let values = keyed(&layout.fields, values);
                let most = last_value(&values, class, "mostSigBits");
                let least = last_value(&values, class, "leastSigBits");
                match (most, least) {
                    (Some(Value::Long(most)), Some(Value::Long(least))) => self
                        .builder
                        .jdk(&JdkValue::Uuid { most, least })
                        .map_err(|e| self.build(e))?,
                    _ => return Err(self.unsupported(class, "UUID fields missing")),
                }
            }
            "java.util.concurrent.atomic.AtomicInteger"
            | "java.util.concurrent.atomic.AtomicLong" => {
                let v = last_value(&keyed(&layout.fields, values), class, "value")
                    .ok_or_else(|| self.unsupported(class, "no value"))?;
                self.builder
                    .jdk(&JdkValue::Atomic(v))
                    .map_err(|e| self.build(e))?
            }
            _ => {
                // Borrowed from the layout (which the caller holds), not counted again per object.
                let chain = match layout.java_chain.get() {
                    Some(chain) => chain,
                    None => {
                        let chain = self.ensure_class(class)?;
                        layout.java_chain.get_or_init(|| chain)
                    }
                };
                match self.classes.java_slots(class, layout) {
                    Some(slots) => {
                        self.java_instance_by_slots(class, chain, values, slots, layout, reserved)?
                    }
                    None => self.java_instance(class, &keyed(&layout.fields, values))?,
                }
            }
        })
    }

    /// [`Reader::java_instance`] with the field each Java field takes its value from known
    /// for the class (checked once, by [`crate::layout::java_slots`]).
    fn java_instance_by_slots(
        &mut self,
        class: &str,
        chain: &[Descriptor],
        values: &[Value],
        slots: &[u32],
        layout: &FieldLayout,
        reserved: Option<NodeId>,
    ) -> Result<NodeId, ReadError> {
        // The buffers are the reader's, kept from object to object (this builds no other
        // object on the way), so building one allocates nothing of its own.
        self.class_data.clear();
        let mut slots = slots.iter();
        for spec in chain.iter().rev() {
            self.slot_values.clear();
            for _ in 0..spec.fields.len() {
                match slots.next().and_then(|&i| values.get(i as usize)) {
                    Some(&v) => self.slot_values.push(v),
                    // Not for values of this class's layout: read them as any other.
                    None => return self.java_instance(class, &keyed(&layout.fields, values)),
                }
            }
            let annotation = (spec.flags & SC_WRITE_METHOD != 0
                && writes_only_default_fields(&spec.name))
            .then(Vec::new);
            let data = self.builder.serial(&self.slot_values, annotation);
            self.class_data.push(data);
        }
        let desc = match layout.java_desc.get() {
            Some(&desc) => desc,
            None => {
                let desc = self.builder.class_desc(class).map_err(|e| self.build(e))?;
                *layout.java_desc.get_or_init(|| desc)
            }
        };
        // A tracked object is put straight in the node reserved for it (its fields may point
        // back at it); `settle` then has nothing to move.
        let data = self.class_data.drain(..);
        match reserved {
            Some(reserved) => self.builder.instance_of_into(reserved, desc, data),
            None => self.builder.instance_of(desc, data),
        }
        .map_err(|e| self.build(e))
    }

    /// A field's value read by its step: what [`Reader::field`] does without optimized
    /// generics, with the answers about the declared class taken from the step.
    fn step(&mut self, field: &LayoutField, step: Step) -> Result<Value, ReadError> {
        Ok(match step {
            Step::Primitive(code) => self.primitive(code)?,
            Step::Final(ser) => {
                let declared = field.field.ty.erased();
                Value::Ref(self.object(&declared, ser, None, true)?)
            }
            Step::Tagged => Value::Ref(self.class_and_object(None)?),
        })
    }

    fn field(
        &mut self,
        field: &LayoutField,
        finality: Finality,
        scope: &Scope,
    ) -> Result<Value, ReadError> {
        let (owner, name) = (&*field.owner, field.field.name.as_str());
        let ty = &field.field.ty;
        if let JavaType::Primitive(c) = ty {
            return self.primitive(*c);
        }
        let (declared, generics) = field_generics(
            self.schemas,
            ty,
            scope,
            field.field.generics_unknown,
            self.dialect.optimized_generics(),
        )
        .map_err(|need| self.schema(owner, format!("{need} (field {owner}.{name})")))?;
        let is_final = finality
            .is_final(self.schemas, &declared)
            .map_err(|need| self.schema(&declared, format!("{need} (field {owner}.{name})")))?;
        let r = if is_final {
            self.object_or_null(&declared, generics)?
        } else {
            match self.class()? {
                None => None,
                Some((class, ser)) => self.object(&class, ser, generics, false)?,
            }
        };
        Ok(Value::Ref(r))
    }

    /// The instance as Java serialization holds it: one block of field values per serializable
    /// class, superclass first.
    pub(crate) fn java_instance(
        &mut self,
        class: &str,
        values: &[FieldValue<'_>],
    ) -> Result<NodeId, ReadError> {
        let chain = self.ensure_class(class)?;
        let values = ByName::new(values);
        let mut used = 0;
        let mut data = Vec::with_capacity(chain.len());
        for spec in chain.iter().rev() {
            let mut fields = Vec::with_capacity(spec.fields.len());
            for (ty, name, _) in &spec.fields {
                let value = match values.get(&spec.name, name) {
                    Some(v) => {
                        used += 1;
                        v
                    }
                    None => {
                        return Err(self.schema(
                            &spec.name,
                            format!(
                            "the Java descriptor has field {name}, which the Kryo schema does not"
                        ),
                        ))
                    }
                };
                if value.field_type() != *ty
                    && !(ty.is_reference() && value.field_type() == FieldType::Object)
                {
                    return Err(self.schema(
                        &spec.name,
                        format!(
                            "field {name} is a {ty:?} in Java and a {:?} in Kryo",
                            value.field_type()
                        ),
                    ));
                }
                fields.push(value);
            }
            let annotation = (spec.flags & SC_WRITE_METHOD != 0
                && writes_only_default_fields(&spec.name))
            .then(Vec::new);
            data.push(self.builder.serial(&fields, annotation));
        }
        // Each Java field takes a distinct Kryo field, so all are used when `used` is the
        // count; only then are repeated names (a schema listing one twice) worth counting.
        if used != values.len() && used != values.distinct() {
            return Err(self.unsupported(
                class,
                "it has fields in a class that is not Serializable (or transient in Java only), whose values a Java stream cannot hold",
            ));
        }
        self.builder
            .instance(class, data)
            .map_err(|e| self.build(e))
    }

    /// Makes the Java descriptors of `class` and its serializable superclasses known to the
    /// builder; returns their specs, most derived first.
    pub(super) fn ensure_class(&mut self, class: &str) -> Result<Arc<[Descriptor]>, ReadError> {
        if let Some(chain) = self.java_chains.get(class) {
            return Ok(Arc::clone(chain));
        }
        let chain = match self.memo.and_then(|m| m.chain(class)) {
            Some(chain) => chain,
            None => {
                let chain: Arc<[Descriptor]> = self.java_chain(class)?.into();
                if let Some(memo) = self.memo {
                    memo.remember_chain(class, &chain);
                }
                chain
            }
        };
        for spec in chain.iter() {
            // A JDK class stored in another form than Java's replaces the table's descriptor
            // (unless the builder shares that form already).
            let stored =
                !spec.unknown.is_empty() && self.builder.shared_spec(&spec.name) != Some(spec);
            if !self.builder.knows(&spec.name) || stored {
                self.builder.define(spec.clone());
            }
        }
        // With a memo, the chain is found there again (and a FieldSerializer class keeps it
        // in its layout): a map made for each blob would cost more than it saves.
        if self.memo.is_none() {
            self.java_chains
                .insert(class.to_string(), Arc::clone(&chain));
        }
        Ok(chain)
    }

    fn java_chain(&self, class: &str) -> Result<Vec<Descriptor>, ReadError> {
        self.schemas.java_chain(class).map_err(|e| match e {
            ChainError::Missing { class, need } => self.schema(&class, need),
            ChainError::Unsupported { class, reason } => self.unsupported(&class, reason),
        })
    }

    /// A `Class` object needs its class's descriptor; Java writes one for any class, with
    /// serialVersionUID 0 and no flags when the class is not serializable.
    pub(crate) fn ensure_class_object(&mut self, name: &str) -> Result<(), ReadError> {
        if self.builder.knows(name) {
            return Ok(());
        }
        if name.starts_with('[') {
            return self.ensure_array(name);
        }
        let primitive = !name.contains('.');
        let serializable = self.schemas.get(name).map(|s| {
            s.origin == Origin::JavaDescriptor
                || s.kind == TypeKind::Enum
                || self.schemas.is_subtype(name, "java.io.Serializable")
        });
        match (primitive || name == "java.lang.Void", serializable) {
            (false, Some(true)) => self.ensure_class(name).map(|_| ()),
            (true, _) | (false, Some(false)) => {
                self.builder.define(Descriptor {
                    name: name.to_string(),
                    suid: 0,
                    flags: 0,
                    fields: vec![],
                    super_class: None,
                    origin: jsess_model::DescOrigin::Jdk,
                    unknown: Unknowns::NONE,
                });
                Ok(())
            }
            (false, None) => Err(self.schema(
                name,
                "no schema: whether it is serializable (and its descriptor) is not known; pass \
                 --classpath or a --schema file"
                    .to_string(),
            )),
        }
    }

    pub(crate) fn ensure_array(&mut self, array_class: &str) -> Result<(), ReadError> {
        if self.builder.knows(array_class) {
            return Ok(());
        }
        let spec = self.schemas.array_spec(array_class).map_err(|e| match e {
            ChainError::Missing { class, need } => self.schema(&class, need),
            ChainError::Unsupported { class, reason } => self.unsupported(&class, reason),
        })?;
        self.builder.define(spec);
        Ok(())
    }
}

/// An object's field values (in its layout's order) keyed by declaring class and name: what
/// the paths that look fields up by name take (the planned path takes them by position).
fn keyed<'f>(fields: &'f [LayoutField], values: &[Value]) -> Vec<FieldValue<'f>> {
    let names = fields.iter().map(|f| (&*f.owner, f.field.name.as_str()));
    names.zip(values.iter().copied()).collect()
}

/// The value of field `name` declared by `owner`: the last one when a schema lists it twice,
/// as a map filled in Kryo's order would hold.
fn last_value(values: &[FieldValue<'_>], owner: &str, name: &str) -> Option<Value> {
    values
        .iter()
        .rev()
        .find(|((o, n), _)| *o == owner && *n == name)
        .map(|(_, v)| *v)
}

/// An object's field values looked up by declaring class and name: along the list for the
/// few fields most classes have, through a map built once for wide ones (looking along a
/// wide class for each of its fields would be quadratic in its width).
struct ByName<'v, 's> {
    values: &'v [FieldValue<'s>],
    index: Option<Map<(&'s str, &'s str), Value>>,
}

/// Above this many fields an object's values are indexed.
const FEW_FIELDS: usize = 16;

impl<'v, 's> ByName<'v, 's> {
    fn new(values: &'v [FieldValue<'s>]) -> Self {
        let index = (values.len() > FEW_FIELDS).then(|| {
            let mut map = Map::with_capacity_and_hasher(values.len(), Default::default());
            map.extend(values.iter().copied());
            map
        });
        ByName { values, index }
    }

    fn get(&self, owner: &str, name: &str) -> Option<Value> {
        match &self.index {
            Some(map) => map.get(&(owner, name)).copied(),
            None => last_value(self.values, owner, name),
        }
    }

    fn len(&self) -> usize {
        self.values.len()
    }

    /// How many distinct fields there are (a schema may list one twice).
    fn distinct(&self) -> usize {
        match &self.index {
            Some(map) => map.len(),
            None => (0..self.values.len())
                .filter(|&i| {
                    let key = self.values[i].0;
                    !self.values[i + 1..].iter().any(|(k, _)| *k == key)
                })
                .count(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `n` fields of class `A` (`f0`, `f1`, …) holding their index, then `f1` again.
    fn values(names: &[String]) -> Vec<FieldValue<'_>> {
        let mut out: Vec<FieldValue<'_>> = names
            .iter()
            .enumerate()
            .map(|(i, n)| (("A", n.as_str()), Value::Int(i as i32)))
            .collect();
        out.push((("A", names[1].as_str()), Value::Int(-1)));
        out
    }

    #[test]
    fn few_and_many_fields_answer_alike() {
        for n in [3, FEW_FIELDS - 1, FEW_FIELDS + 5, 200] {
            let names: Vec<String> = (0..n).map(|i| format!("f{i}")).collect();
            let values = values(&names);
            let by_name = ByName::new(&values);
            assert_eq!(by_name.index.is_some(), values.len() > FEW_FIELDS, "{n}");
            // A field listed twice holds what was read last, as a map filled in order would.
            assert_eq!(by_name.get("A", "f1"), Some(Value::Int(-1)), "{n}");
            assert_eq!(by_name.get("A", "f0"), Some(Value::Int(0)), "{n}");
            assert_eq!(by_name.get("B", "f0"), None, "{n}");
            assert_eq!(by_name.len(), n + 1);
            assert_eq!(by_name.distinct(), n, "{n}");
        }
    }
}
