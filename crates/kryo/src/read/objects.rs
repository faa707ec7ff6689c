//! Objects Kryo's FieldSerializer and JavaSerializer wrote, and the class descriptors they
//! need: fields in Kryo's order built into the Java objects Java serialization would write,
//! descriptors defined from the class layouts as classes are met.

use super::*;

impl Reader<'_, '_> {
    /// FieldSerializer: the fields in Kryo's order, then the Java object they make.
    pub(super) fn fields(
        &mut self,
        class: &str,
        generics: Generics,
        slot: Option<usize>,
    ) -> Result<NodeId, ReadError> {
        let schemas = self.schemas;
        let fields = self
            .classes
            .kryo_fields(class)
            .map_err(|need| self.schema(class, need))?;
        let scope = scope_for(schemas, class, &generics);
        let reserved = self.reserve(slot);
        let mut values: Map<(&str, &str), Value> =
            Map::with_capacity_and_hasher(fields.len(), Default::default());
        for field in fields.iter() {
            let value = self.field(
                field.owner,
                &field.field.name,
                &field.field.ty,
                field.field.generics_unknown,
                &scope,
            )?;
            values.insert((field.owner, field.field.name.as_str()), value);
        }
        let built = match class {
            "java.util.UUID" => {
                let most = values.get(&(class, "mostSigBits"));
                let least = values.get(&(class, "leastSigBits"));
                match (most, least) {
                    (Some(Value::Long(most)), Some(Value::Long(least))) => self
                        .builder
                        .jdk(&JdkValue::Uuid {
                            most: *most,
                            least: *least,
                        })
                        .map_err(|e| self.build(e))?,
                    _ => return Err(self.unsupported(class, "UUID fields missing")),
                }
            }
            "java.util.concurrent.atomic.AtomicInteger"
            | "java.util.concurrent.atomic.AtomicLong" => {
                let v = values
                    .get(&(class, "value"))
                    .copied()
                    .ok_or_else(|| self.unsupported(class, "no value"))?;
                self.builder
                    .jdk(&JdkValue::Atomic(v))
                    .map_err(|e| self.build(e))?
            }
            _ => self.java_instance(class, &values)?,
        };
        self.settle(reserved, built)
    }

    fn field(
        &mut self,
        owner: &str,
        name: &str,
        ty: &JavaType,
        generics_unknown: bool,
        scope: &Scope,
    ) -> Result<Value, ReadError> {
        if let JavaType::Primitive(c) = ty {
            return self.primitive(*c);
        }
        let optimized = self.dialect == Dialect::Redisson5 || crate::generics::OPTIMIZED_GENERICS;
        let (declared, generics) =
            field_generics(self.schemas, ty, scope, generics_unknown, optimized)
                .map_err(|need| self.schema(owner, format!("{need} (field {owner}.{name})")))?;
        let is_final = self
            .schemas
            .is_final(&declared)
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
        values: &Map<(&str, &str), Value>,
    ) -> Result<NodeId, ReadError> {
        let chain = self.ensure_class(class)?;
        let mut used = 0;
        let mut data = Vec::with_capacity(chain.len());
        for spec in chain.iter().rev() {
            let mut fields = Vec::with_capacity(spec.fields.len());
            for (ty, name, _) in &spec.fields {
                let value = match values.get(&(spec.name.as_str(), name.as_str())) {
                    Some(v) => {
                        used += 1;
                        *v
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
        if used != values.len() {
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
        self.java_chains
            .insert(class.to_string(), Arc::clone(&chain));
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
