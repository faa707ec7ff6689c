//! The class descriptors a format that stores fields (Kryo, XStream, Javolution) builds for a
//! class: the model's [`Descriptor`], made from a class layout whether or not Java
//! serialization could write the class.

use jsess_javaser::jdk::{jdk_class, writes_only_default_fields, Builder, Descriptor};
use jsess_model::graph::{SC_EXTERNALIZABLE, SC_SERIALIZABLE, SC_WRITE_METHOD};
use jsess_model::{DescOrigin, FieldType, Unknowns};

use crate::{ClassSchema, JavaType, Origin, Schemas, TypeKind};

/// Why a descriptor chain could not be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChainError {
    /// A class the layouts do not describe, or describe without a needed fact.
    Missing {
        /// The class.
        class: String,
        /// What is missing and how to supply it.
        need: String,
    },
    /// A hierarchy jsess cannot represent (a class extending a JDK class with state of its
    /// own, which the formats write differently).
    Unsupported {
        /// The class.
        class: String,
        /// Why.
        reason: String,
    },
}

impl Schemas {
    /// Makes `class` (an array class: its element class) known to `builder` from these
    /// layouts when the builder has no descriptor for it: what a text format's reader does on
    /// meeting a class its Java descriptors (from sessions) do not describe. A class the layouts
    /// do not have, and an enum (the builder makes enum descriptors itself), is left alone for
    /// the caller to report or build.
    pub fn teach(&self, builder: &mut Builder, class: &str) -> Result<(), ChainError> {
        if builder.knows(class) {
            return Ok(());
        }
        let element = class.trim_start_matches('[');
        let element = element
            .strip_prefix('L')
            .map_or(element, |n| n.trim_end_matches(';'));
        let Some(layout) = self.get(element) else {
            return Ok(());
        };
        let specs = if class.starts_with('[') {
            vec![self.array_spec(class)?]
        } else if layout.kind == TypeKind::Enum {
            return Ok(());
        } else {
            self.java_chain(class)?
        };
        for spec in specs {
            if !builder.knows(&spec.name) {
                builder.define(spec);
            }
        }
        Ok(())
    }

    /// The descriptor chain of `class` for the objects a field-storing format wrote, most
    /// derived first: one spec per class that holds fields (or is `Serializable`), linked to the
    /// next one up. Serializable classes carry their Java facts where known; a class that is
    /// not `Serializable` has no flags; a serializable class whose serialVersionUID no source
    /// gave says so in [`Descriptor::unknown`].
    pub fn java_chain(&self, class: &str) -> Result<Vec<Descriptor>, ChainError> {
        let mut chain: Vec<Descriptor> = Vec::new();
        let mut next = Some(class.to_string());
        while let Some(name) = next.take() {
            if chain.len() > 64 {
                return Err(ChainError::Missing {
                    class: class.to_string(),
                    need: "its class hierarchy is cyclic or absurdly deep".to_string(),
                });
            }
            if let Some(spec) = jdk_class(&name) {
                if let Some(own) = self.stored_form(&name, spec) {
                    next = self.get(&name).and_then(|l| l.super_class.clone());
                    chain.push(own);
                    continue;
                }
                let same_state =
                    spec.flags & SC_WRITE_METHOD == 0 || writes_only_default_fields(&name);
                if !spec.fields.is_empty() && name != class && !same_state {
                    return Err(ChainError::Unsupported {
                        class: class.to_string(),
                        reason: format!(
                            "it extends {name}, whose state the formats write differently"
                        ),
                    });
                }
                chain.push(spec.clone());
                next = spec.super_class.clone();
                continue;
            }
            let schema = self.get(&name).ok_or_else(|| ChainError::Missing {
                class: name.clone(),
                need: "no class layout: pass --classpath with the application's classes, a \
                       --schema file or --schema-from a Java-serialized session"
                    .to_string(),
            })?;
            next = schema.super_class.clone();
            let spec = self.java_spec(schema)?;
            // A non-serializable class without fields leaves no trace in any format.
            if spec.flags == 0 && spec.fields.is_empty() && name != class {
                continue;
            }
            chain.push(spec);
        }
        for i in 0..chain.len() {
            chain[i].super_class = chain.get(i + 1).map(|s| s.name.clone());
        }
        // java.lang.Object is not serialized.
        while chain.last().is_some_and(|s| s.name == "java.lang.Object") {
            chain.pop();
        }
        Ok(chain)
    }

    /// The descriptor of an array class whose component is an application class (its
    /// serialVersionUID depends on whether the component is public).
    pub fn array_spec(&self, array_class: &str) -> Result<Descriptor, ChainError> {
        let element = array_class.trim_start_matches('[');
        let Some(element) = element.strip_prefix('L').map(|e| e.trim_end_matches(';')) else {
            return Err(ChainError::Missing {
                class: array_class.to_string(),
                need: "a descriptor for this primitive array class".to_string(),
            });
        };
        let schema = self.get(element);
        let public = schema
            .and_then(|s| s.public)
            .ok_or_else(|| ChainError::Missing {
                class: element.to_string(),
                need: "whether it is public (an array's serialVersionUID depends on it): pass \
                   --classpath or a --schema file"
                    .to_string(),
            })?;
        Ok(Descriptor {
            name: array_class.to_string(),
            suid: crate::suid::array_suid(array_class, public),
            flags: SC_SERIALIZABLE,
            fields: vec![],
            super_class: None,
            origin: desc_origin(schema.map_or(Origin::Builtin, |s| s.origin)),
            unknown: Unknowns::NONE,
        })
    }

    /// Whether `class` or a superclass declares `readResolve`: its instances in a Java stream
    /// stand for other objects (a serial proxy such as `Price$Proxy`).
    pub fn resolves(&self, class: &str) -> bool {
        self.in_hierarchy(class, |s| s.serial_methods.read_resolve)
    }

    /// Whether `class` itself declares `readObject` (XStream then writes its instances in its
    /// custom form).
    pub fn reads_object(&self, class: &str) -> bool {
        self.get(class)
            .is_some_and(|s| s.serial_methods.read_object)
    }

    /// The superclasses of `class` that are not `Serializable` (not counting `Object`), nearest
    /// first, with their non-transient instance fields; `None` when the hierarchy is not known
    /// to its root.
    pub fn unserializable_parents(&self, class: &str) -> Option<Vec<(String, Vec<String>)>> {
        let mut out = Vec::new();
        let mut next = self.get(class)?.super_class.clone();
        for _ in 0..64 {
            let Some(name) = next else {
                return Some(out);
            };
            if name == "java.lang.Object" {
                return Some(out);
            }
            let schema = self.get(&name)?;
            if !self.is_serializable(&name) {
                let fields = schema
                    .fields
                    .iter()
                    .filter(|f| !f.transient)
                    .map(|f| f.name.clone())
                    .collect();
                out.push((name.clone(), fields));
            }
            next = schema.super_class.clone();
        }
        None
    }

    fn in_hierarchy(&self, class: &str, test: impl Fn(&ClassSchema) -> bool) -> bool {
        let mut next = Some(class.to_string());
        for _ in 0..64 {
            let Some(schema) = next.as_deref().and_then(|n| self.get(n)) else {
                return false;
            };
            if test(schema) {
                return true;
            }
            next = schema.super_class.clone();
        }
        false
    }

    /// The descriptor of a JDK class whose stored fields (its non-transient declared fields,
    /// what a field-storing format writes) are not the fields Java serialization writes
    /// (`serialPersistentFields`, as `BitSet`'s `bits` for its `words`): the stored fields,
    /// with the Java form marked unknown. `None` when the two agree.
    fn stored_form(&self, name: &str, java: &Descriptor) -> Option<Descriptor> {
        let layout = self.get(name)?;
        let stored = declared_fields(layout);
        let same = stored.len() == java.fields.len()
            && stored
                .iter()
                .all(|(_, f, _)| java.fields.iter().any(|(_, j, _)| j == f));
        if same {
            return None;
        }
        Some(Descriptor {
            fields: stored,
            super_class: None,
            unknown: Unknowns::JAVA_FORM,
            ..java.clone()
        })
    }

    /// Whether instances of `name` are `Serializable` (enums and classes known from Java
    /// descriptors are; others by their interfaces).
    pub fn is_serializable(&self, name: &str) -> bool {
        self.get(name).is_some_and(|s| {
            s.origin == Origin::JavaDescriptor
                || s.kind == TypeKind::Enum
                || self.is_subtype(name, "java.io.Serializable")
        })
    }

    /// One class's descriptor: the fields a field-storing format writes, in Java's stream
    /// order, with the Java facts where the class is serializable.
    fn java_spec(&self, schema: &ClassSchema) -> Result<Descriptor, ChainError> {
        let name = &schema.name;
        let serializable = self.is_serializable(name);
        let mut unknown = Unknowns::NONE;
        let (suid, flags, fields) = match &schema.java {
            // An Externalizable class's Java fields are empty; the formats store its declared
            // ones.
            Some(java) if java.flags & SC_EXTERNALIZABLE == 0 => {
                let mut fields = Vec::with_capacity(java.fields.len());
                for (field, descriptor) in &java.fields {
                    let ty = descriptor
                        .bytes()
                        .next()
                        .and_then(FieldType::from_code)
                        .ok_or_else(|| ChainError::Missing {
                            class: name.clone(),
                            need: format!(
                                "a valid descriptor for field {field} (not {descriptor})"
                            ),
                        })?;
                    fields.push((
                        ty,
                        field.clone(),
                        ty.is_reference().then(|| descriptor.clone()),
                    ));
                }
                if serializable {
                    (java.suid, java.flags, fields)
                } else {
                    (0, 0, fields)
                }
            }
            Some(java) => (java.suid, java.flags, declared_fields(schema)),
            None if serializable => {
                unknown = Unknowns::SUID;
                (0, SC_SERIALIZABLE, declared_fields(schema))
            }
            None => (0, 0, declared_fields(schema)),
        };
        Ok(Descriptor {
            name: name.clone(),
            suid,
            flags,
            fields,
            super_class: None,
            origin: desc_origin(schema.origin),
            unknown,
        })
    }
}

/// Where a descriptor built from a class layout got its facts.
pub fn desc_origin(origin: Origin) -> DescOrigin {
    match origin {
        Origin::JavaDescriptor => DescOrigin::Stream,
        Origin::Builtin => DescOrigin::Jdk,
        Origin::ClassFile => DescOrigin::ClassFile,
        Origin::SchemaFile => DescOrigin::SchemaFile,
    }
}

/// A class's non-transient instance fields as a Java descriptor lists them: primitives first,
/// each group by name (UTF-16 order), with erased JVM signatures.
fn declared_fields(schema: &ClassSchema) -> Vec<(FieldType, String, Option<String>)> {
    let mut fields: Vec<(FieldType, String, Option<String>)> = schema
        .fields
        .iter()
        .filter(|f| !f.transient)
        .map(|f| {
            let (ty, signature) = match &f.ty {
                JavaType::Primitive(c) => (
                    FieldType::from_code(*c as u8).unwrap_or(FieldType::Object),
                    None,
                ),
                JavaType::Array(_) => {
                    (FieldType::Array, Some(f.ty.erased_name().replace('.', "/")))
                }
                other => (
                    FieldType::Object,
                    Some(format!("L{};", other.erased_name().replace('.', "/"))),
                ),
            };
            (ty, f.name.clone(), signature)
        })
        .collect();
    fields.sort_by(|a, b| {
        a.0.is_reference()
            .cmp(&b.0.is_reference())
            .then_with(|| a.1.encode_utf16().cmp(b.1.encode_utf16()))
    });
    fields
}
