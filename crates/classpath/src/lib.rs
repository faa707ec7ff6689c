//! # jsess-classpath
//!
//! What jsess knows about Java classes without a JVM: each class's layout (kind, finality,
//! superclass, declared fields with generic types, enum constants, and the Java serialization
//! facts: serialVersionUID computed as the JDK does, flags, serializable fields), read from
//! class files, jars and wars, schema files, Java descriptors seen in sessions, and a JDK table.
//! Kryo needs it to read (its bytes carry no field names), XStream and Javolution to type the
//! text they read and to write fields in declaration order, Java serialization to describe
//! classes another format wrote.
//!
//! ```no_run
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let mut schemas = jsess_classpath::Schemas::new();
//! schemas.add_classpath("corpora/kryo/app-classes.jar")?;
//! let cart = schemas.get("com.shop.model.Cart").expect("in the jar");
//! for field in &cart.fields {
//!     println!("{}: {}", field.name, field.ty);
//! }
//! # Ok(()) }
//! ```
//!
//! Kryo bytes carry no field names, and whether a value carries a class tag depends on the
//! finality of the field's declared type and on its generic arguments. [`Schemas`] holds that
//! knowledge per class, from four sources, best first: a schema file ([`Schemas::load_file`]),
//! class files in jars, wars or directories ([`Schemas::add_classpath`]), class descriptors
//! seen in Java-serialized sessions ([`Schemas::add_descriptors`]) and a built-in table of
//! JDK classes. A question the schemas cannot answer is an error that names the class and
//! what is missing.

mod classfile;
mod descriptors;
mod java;
mod jdk;
pub mod suid;
mod types;

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

pub use java::{desc_origin, ChainError};
pub use types::{parse_class_signature, primitive_name, JavaType, TypeArg};

mod error;

pub use error::SchemaError;

/// Where a class schema came from; the more precise source wins when two describe a class.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Origin {
    /// A class descriptor in a Java stream: serializable fields and declared types only; no
    /// finality, generics, transient fields or non-serializable superclasses.
    JavaDescriptor,
    /// The built-in JDK table.
    Builtin,
    /// A class file.
    ClassFile,
    /// A schema file a user wrote or exported.
    SchemaFile,
}

/// What sort of type a class is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TypeKind {
    /// An ordinary class.
    Class,
    /// An interface.
    Interface,
    /// An enum (its constants are listed).
    Enum,
    /// A record (Kryo 4 cannot create one).
    Record,
}

/// One declared instance field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldSchema {
    /// The field's name.
    pub name: String,
    /// Declared type as a JVM signature (generic arguments included when known).
    #[serde(rename = "type", with = "signature")]
    pub ty: JavaType,
    /// `transient`: Kryo's FieldSerializer skips it, as Java serialization does.
    #[serde(default, skip_serializing_if = "is_false")]
    pub transient: bool,
    /// Only the erased type is known (a Java descriptor does not record generic arguments).
    #[serde(default, skip_serializing_if = "is_false")]
    pub generics_unknown: bool,
}

/// The serialization hooks a class declares itself (private `readObject`/`writeObject`, any
/// `writeReplace`/`readResolve`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SerialMethods {
    /// `private void readObject(ObjectInputStream)`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub read_object: bool,
    /// `Object writeReplace()`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub write_replace: bool,
    /// `Object readResolve()`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub read_resolve: bool,
}

impl SerialMethods {
    /// Whether none is declared.
    pub fn is_empty(&self) -> bool {
        *self == SerialMethods::default()
    }
}

/// What Java serialization needs to write instances of a class.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JavaSerial {
    /// serialVersionUID (declared or computed as the JDK does).
    pub suid: i64,
    /// `SC_*` flags of the class descriptor.
    pub flags: u8,
    /// Serializable fields in stream order: name and JVM descriptor.
    pub fields: Vec<(String, String)>,
}

/// What jsess knows about one class.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassSchema {
    /// Binary name (`com.shop.Cart`, `com.shop.Cart$Line`).
    pub name: String,
    /// Class, interface, enum or record.
    pub kind: TypeKind,
    /// Whether the class is public (an array class's serialVersionUID depends on it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public: Option<bool>,
    /// Whether the class is final (for enums: no constant has a body); `None` when unknown.
    #[serde(rename = "final", default, skip_serializing_if = "Option::is_none")]
    pub is_final: Option<bool>,
    /// The direct superclass (`None` for `java.lang.Object` and interfaces).
    #[serde(rename = "super", default, skip_serializing_if = "Option::is_none")]
    pub super_class: Option<String>,
    /// The superclass with its type arguments, when it has any.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "optional_signature"
    )]
    pub generic_super: Option<JavaType>,
    /// Directly implemented interfaces.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub interfaces: Vec<String>,
    /// Names of the class's type parameters, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub type_parameters: Vec<String>,
    /// Declared instance fields, in declaration order.
    #[serde(default)]
    pub fields: Vec<FieldSchema>,
    /// An enum's constants in ordinal order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enum_constants: Option<Vec<String>>,
    /// Enum constants with a body of their own: constant name → the body's class (`Op$1`),
    /// which is the class Kryo writes for them.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub enum_bodies: BTreeMap<String, String>,
    /// Java serialization facts, for serializable classes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub java: Option<JavaSerial>,
    /// The serialization methods the class declares (formats other than Java serialization
    /// treat such classes specially: XStream writes classes with `readObject` in its custom
    /// form, a `writeReplace` object is written as its replacement).
    #[serde(default, skip_serializing_if = "SerialMethods::is_empty")]
    pub serial_methods: SerialMethods,
    /// Where this came from.
    pub origin: Origin,
}

/// The schema file: `{"jsess": "kryo-schema/1", "classes": [...]}` (docs/kryo-format.md).
#[derive(Debug, Serialize, Deserialize)]
struct SchemaFile {
    jsess: String,
    classes: Vec<ClassSchema>,
}

/// The tag a schema file starts with.
pub const SCHEMA_FILE_VERSION: &str = "kryo-schema/1";

/// Class schemas by binary name.
#[derive(Debug, Clone, Default)]
pub struct Schemas {
    /// By name; hashed with a per-map seed (names come from the input being read).
    classes: HashMap<String, ClassSchema, foldhash::fast::RandomState>,
    /// Schemas shared underneath these (a classpath read once, under each session's own
    /// descriptors).
    parent: Option<Arc<Schemas>>,
}

/// A field as Kryo's FieldSerializer sees it: in the serializer's order, with its declaring
/// class.
#[derive(Debug, Clone, PartialEq)]
pub struct KryoField<'s> {
    /// The class declaring the field.
    pub owner: &'s str,
    /// The field.
    pub field: &'s FieldSchema,
}

impl Schemas {
    /// No schemas beyond the built-in JDK table.
    pub fn new() -> Self {
        Schemas::default()
    }

    /// Empty schemas layered over `parent`: lookups see both and take the better source.
    pub fn over(parent: Arc<Schemas>) -> Self {
        Schemas {
            classes: HashMap::default(),
            parent: Some(parent),
        }
    }

    /// Adds a schema, keeping whichever of the old and new comes from the better source.
    pub fn insert(&mut self, schema: ClassSchema) {
        match self.classes.get(&schema.name) {
            Some(old) if old.origin > schema.origin => {}
            _ => {
                self.classes.insert(schema.name.clone(), schema);
            }
        }
    }

    /// The schemas added so far (not the built-in table), by name.
    pub fn classes(&self) -> impl Iterator<Item = &ClassSchema> {
        let mut classes: Vec<&ClassSchema> = self.classes.values().collect();
        classes.sort_unstable_by(|a, b| a.name.cmp(&b.name));
        classes.into_iter()
    }

    /// The schema of `name`: added ones first, then the JDK table.
    pub fn get(&self, name: &str) -> Option<&ClassSchema> {
        let own = self.classes.get(name);
        let inherited = self.parent.as_ref().and_then(|p| p.get(name));
        match (own, inherited) {
            (Some(a), Some(b)) => Some(if b.origin > a.origin { b } else { a }),
            (Some(a), None) => Some(a),
            (None, Some(b)) => Some(b),
            (None, None) => jdk::schema(name),
        }
    }

    /// Reads a schema file.
    pub fn load_file(&mut self, path: &Path) -> Result<usize, SchemaError> {
        let text = std::fs::read_to_string(path).map_err(|source| SchemaError::Io {
            path: path.display().to_string(),
            source,
        })?;
        let file: SchemaFile = serde_json::from_str(&text).map_err(|e| SchemaError::File {
            path: path.display().to_string(),
            reason: e.to_string(),
        })?;
        if file.jsess != SCHEMA_FILE_VERSION {
            return Err(SchemaError::File {
                path: path.display().to_string(),
                reason: format!(
                    "\"jsess\" is {:?}, expected {SCHEMA_FILE_VERSION:?}",
                    file.jsess
                ),
            });
        }
        let n = file.classes.len();
        for mut class in file.classes {
            class.origin = Origin::SchemaFile;
            self.insert(class);
        }
        Ok(n)
    }

    /// The schema file text for every added class, sorted by name.
    pub fn to_file_json(&self) -> String {
        let file = SchemaFile {
            jsess: SCHEMA_FILE_VERSION.to_string(),
            classes: self.classes().cloned().collect(),
        };
        serde_json::to_string_pretty(&file).unwrap_or_default()
    }

    /// Reads every class in the given jars, wars or class directories (`:`-separated like a
    /// Java classpath). Returns how many classes were read.
    pub fn add_classpath(&mut self, classpath: &str) -> Result<usize, SchemaError> {
        let mut n = 0;
        for entry in classpath.split(':').filter(|e| !e.is_empty()) {
            n += classfile::add_path(self, Path::new(entry))?;
        }
        Ok(n)
    }

    /// Adds a schema for every class descriptor in a Java stream's graph that no better
    /// source describes already.
    pub fn add_descriptors(&mut self, graph: &jsess_model::Graph<'_>) -> usize {
        descriptors::add_graph(self, graph)
    }

    /// Whether [`Schemas::add_descriptors`] would add anything for this graph, answered without
    /// building the schemas: a reader or writer that has the layouts of every class keeps
    /// what it worked out about them.
    pub fn learns_from(&self, graph: &jsess_model::Graph<'_>) -> bool {
        descriptors::adds_to(self, graph)
    }

    /// Whether a class schema is known (added, inherited or built in).
    pub fn contains(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// Whether Kryo (`Kryo.isFinal`) treats the type as final: primitives, final classes,
    /// enums without constant bodies, arrays of those.
    pub fn is_final(&self, class: &str) -> Result<bool, String> {
        if let Some(component) = class.strip_prefix('[') {
            return match component.as_bytes().first() {
                Some(b'L') => {
                    self.is_final(component.trim_start_matches('L').trim_end_matches(';'))
                }
                Some(b'[') => self.is_final(component),
                _ => Ok(true),
            };
        }
        if is_primitive_name(class) {
            return Ok(true);
        }
        match self.get(class) {
            Some(ClassSchema {
                is_final: Some(f), ..
            }) => Ok(*f),
            Some(s) if s.kind == TypeKind::Interface => Ok(false),
            Some(_) => Err(format!(
                "whether class {class} is final is not known (Java descriptors do not record it): \
                 pass --classpath with the application's classes or a --schema file"
            )),
            None => Err(format!(
                "class {class} is not known: pass --classpath with the application's classes or a \
                 --schema file"
            )),
        }
    }

    /// The fields Kryo's FieldSerializer writes for `class`, in its order: every non-static,
    /// non-transient field of the class and its superclasses, sorted by name (a stable sort, so
    /// a shadowed field follows the subclass's). `strict` refuses classes known only from Java
    /// descriptors, whose non-serializable superclasses (and their fields) are invisible.
    pub fn kryo_fields(&self, class: &str, strict: bool) -> Result<Vec<KryoField<'_>>, String> {
        let mut fields = Vec::new();
        let mut next = Some(class);
        let mut hops = 0;
        while let Some(name) = next {
            if name == "java.lang.Object" {
                break;
            }
            hops += 1;
            if hops > 64 {
                return Err(format!(
                    "class {class} has a cyclic or absurdly deep hierarchy"
                ));
            }
            let schema = self.get(name).ok_or_else(|| {
                let within = if name == class {
                    String::new()
                } else {
                    format!(" (in the hierarchy of {class})")
                };
                format!(
                    "class {name}{within} is not known: pass --classpath with the application's \
                     classes or a --schema file"
                )
            })?;
            if strict && schema.origin == Origin::JavaDescriptor {
                return Err(format!(
                    "class {name} is known only from a Java descriptor, which does not say whether \
                     it is final, its generic field types or its non-serializable superclasses: \
                     pass --classpath with the application's classes or a --schema file"
                ));
            }
            fields.extend(
                schema
                    .fields
                    .iter()
                    .filter(|f| !f.transient)
                    .map(|field| KryoField {
                        owner: &schema.name,
                        field,
                    }),
            );
            next = schema.super_class.as_deref();
        }
        // String.compareTo order is UTF-16 code-unit order.
        fields.sort_by(|a, b| a.field.name.encode_utf16().cmp(b.field.name.encode_utf16()));
        Ok(fields)
    }

    /// The enum a class's instances are constants of: the class itself, or for a constant's
    /// body class (`Op$1`), its enum.
    pub fn enum_type<'a>(&'a self, class: &'a str) -> Option<&'a str> {
        let schema = self.get(class)?;
        if schema.kind == TypeKind::Enum {
            return Some(&schema.name);
        }
        let parent = self.get(schema.super_class.as_deref()?)?;
        (parent.kind == TypeKind::Enum).then_some(parent.name.as_str())
    }

    /// The class Kryo writes for a constant: its body class if it has one, else the enum.
    pub fn enum_constant_class(&self, enum_class: &str, constant: &str) -> Result<String, String> {
        let schema = self.get(enum_class).ok_or_else(|| {
            format!("enum {enum_class} is not known: pass --classpath or a --schema file")
        })?;
        if let Some(body) = schema.enum_bodies.get(constant) {
            return Ok(body.clone());
        }
        if schema.is_final == Some(true) || !schema.enum_bodies.is_empty() {
            return Ok(enum_class.to_string());
        }
        Err(format!(
            "whether the constants of enum {enum_class} have bodies of their own (which Kryo \
             writes as a class of their own) is not known: pass --classpath or a --schema file"
        ))
    }

    /// An enum's constants in ordinal order.
    pub fn enum_constants(&self, class: &str) -> Result<&[String], String> {
        self.get(class)
            .and_then(|s| s.enum_constants.as_deref())
            .ok_or_else(|| {
                format!(
                    "the constants of enum {class} are not known (Kryo writes ordinals, Java \
                     writes names): pass --classpath with the application's classes or a \
                     --schema file"
                )
            })
    }

    /// Whether `class` is `ancestor` or inherits from it (superclasses and interfaces that the
    /// schemas know of).
    pub fn is_subtype(&self, class: &str, ancestor: &str) -> bool {
        let mut stack = vec![class];
        let mut seen = 0;
        while let Some(name) = stack.pop() {
            if name == ancestor {
                return true;
            }
            seen += 1;
            if seen > 256 {
                return false;
            }
            if let Some(s) = self.get(name) {
                stack.extend(s.super_class.as_deref());
                stack.extend(s.interfaces.iter().map(String::as_str));
            }
        }
        false
    }
}

fn is_primitive_name(name: &str) -> bool {
    matches!(
        name,
        "int" | "long" | "short" | "byte" | "char" | "boolean" | "float" | "double" | "void"
    )
}

fn is_false(b: &bool) -> bool {
    !*b
}

mod signature {
    use crate::JavaType;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(ty: &JavaType, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(ty)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<JavaType, D::Error> {
        let text = String::deserialize(d)?;
        JavaType::parse(&text).map_err(serde::de::Error::custom)
    }
}

mod optional_signature {
    use crate::JavaType;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(ty: &Option<JavaType>, s: S) -> Result<S::Ok, S::Error> {
        match ty {
            Some(t) => s.collect_str(t),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<JavaType>, D::Error> {
        let text = Option::<String>::deserialize(d)?;
        text.map(|t| JavaType::parse(&t).map_err(serde::de::Error::custom))
            .transpose()
    }
}
