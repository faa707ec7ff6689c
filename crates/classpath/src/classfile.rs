//! Schemas from class files, alone, in directories, or in jars and wars (a war's
//! `WEB-INF/lib/*.jar` included). Nothing is loaded or run: the class file says everything Kryo
//! decides from the class (finality, fields, generic signatures, enum constants) and everything
//! Java serialization needs (serialVersionUID, declared or computed; `writeObject`; flags).

use std::io::Read;
use std::path::Path;

use cafebabe::attributes::{AttributeData, AttributeInfo};
use cafebabe::constant_pool::LiteralConstant;
use cafebabe::{ClassAccessFlags, ClassFile, FieldAccessFlags, MethodAccessFlags};
use jsess_model::graph::{
    SC_BLOCK_DATA, SC_ENUM, SC_EXTERNALIZABLE, SC_SERIALIZABLE, SC_WRITE_METHOD,
};

use crate::suid::{default_suid, ClassShape, Member};
use crate::types::parse_class_signature;
use crate::SchemaError;
use crate::{
    ClassSchema, FieldSchema, JavaSerial, JavaType, Origin, Schemas, SerialMethods, TypeKind,
};

/// Largest class file or nested jar read from an archive.
const MAX_ENTRY_BYTES: u64 = 256 << 20;
/// Jars inside wars, but no deeper.
const MAX_ARCHIVE_NESTING: u32 = 2;

pub fn add_path(schemas: &mut Schemas, path: &Path) -> Result<usize, SchemaError> {
    let io = |source| SchemaError::Io {
        path: path.display().to_string(),
        source,
    };
    let meta = std::fs::metadata(path).map_err(io)?;
    if meta.is_dir() {
        return add_directory(schemas, path);
    }
    let bytes = std::fs::read(path).map_err(io)?;
    add_bytes(schemas, &path.display().to_string(), &bytes, 0)
}

fn add_directory(schemas: &mut Schemas, dir: &Path) -> Result<usize, SchemaError> {
    let mut n = 0;
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let entries = std::fs::read_dir(&dir).map_err(|source| SchemaError::Io {
            path: dir.display().to_string(),
            source,
        })?;
        let mut paths: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for path in paths {
            if path.is_dir() {
                pending.push(path);
            } else if is_class_or_archive(&path.to_string_lossy()) {
                n += add_path(schemas, &path)?;
            }
        }
    }
    Ok(n)
}

fn is_class_or_archive(name: &str) -> bool {
    [".class", ".jar", ".war", ".zip"]
        .iter()
        .any(|ext| name.ends_with(ext))
}

fn add_bytes(
    schemas: &mut Schemas,
    path: &str,
    bytes: &[u8],
    nesting: u32,
) -> Result<usize, SchemaError> {
    if bytes.starts_with(&[0xca, 0xfe, 0xba, 0xbe]) {
        if path.ends_with("module-info.class") {
            return Ok(0);
        }
        schemas.insert(class_schema(path, bytes)?);
        return Ok(1);
    }
    if nesting >= MAX_ARCHIVE_NESTING {
        return Ok(0);
    }
    add_archive(schemas, path, bytes, nesting + 1)
}

fn add_archive(
    schemas: &mut Schemas,
    path: &str,
    bytes: &[u8],
    nesting: u32,
) -> Result<usize, SchemaError> {
    let archive_error = |reason: String| SchemaError::Archive {
        path: path.to_string(),
        reason,
    };
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| archive_error(e.to_string()))?;
    let mut n = 0;
    for i in 0..archive.len() {
        let mut entry = archive
            .by_index(i)
            .map_err(|e| archive_error(e.to_string()))?;
        let name = entry
            .name()
            .map_err(|e| archive_error(e.to_string()))?
            .to_string();
        if entry.is_dir() || !is_class_or_archive(&name) {
            continue;
        }
        if entry.size() > MAX_ENTRY_BYTES {
            return Err(archive_error(format!(
                "{name} is larger than {MAX_ENTRY_BYTES} bytes"
            )));
        }
        let mut data = Vec::with_capacity(entry.size() as usize);
        (&mut entry)
            .take(MAX_ENTRY_BYTES)
            .read_to_end(&mut data)
            .map_err(|e| archive_error(format!("{name}: {e}")))?;
        n += add_bytes(schemas, &format!("{path}!/{name}"), &data, nesting)?;
    }
    Ok(n)
}

fn dotted(name: impl std::fmt::Display) -> String {
    name.to_string().replace('/', ".")
}

fn signature<'a>(attributes: &'a [AttributeInfo<'_>]) -> Option<&'a str> {
    attributes.iter().find_map(|a| match &a.data {
        AttributeData::Signature(s) => Some(s.as_ref()),
        _ => None,
    })
}

/// `Class.getModifiers()`: a nested class's modifiers come from its InnerClasses entry.
fn class_modifiers(class: &ClassFile<'_>, this: &str) -> u16 {
    class
        .attributes
        .iter()
        .find_map(|a| match &a.data {
            AttributeData::InnerClasses(entries) => entries
                .iter()
                .find(|e| e.inner_class_info == this)
                .map(|e| e.access_flags.bits()),
            _ => None,
        })
        .unwrap_or(class.access_flags.bits())
}

fn class_schema(path: &str, bytes: &[u8]) -> Result<ClassSchema, SchemaError> {
    let mut options = cafebabe::ParseOptions::default();
    options.parse_bytecode(false);
    let class = cafebabe::parse_class_with_options(bytes, &options).map_err(|e| {
        SchemaError::ClassFile {
            path: path.to_string(),
            reason: e.to_string(),
        }
    })?;
    let this_slashed = class.this_class.to_string();
    let name = dotted(&this_slashed);
    let modifiers = class_modifiers(&class, &this_slashed);
    let super_class = class
        .super_class
        .as_ref()
        .map(dotted)
        .filter(|s| s != "java.lang.Object");
    let interfaces: Vec<String> = class.interfaces.iter().map(dotted).collect();
    let kind = if class.access_flags.contains(ClassAccessFlags::INTERFACE) {
        TypeKind::Interface
    } else if class.access_flags.contains(ClassAccessFlags::ENUM)
        && super_class.as_deref() == Some("java.lang.Enum")
    {
        TypeKind::Enum
    } else if super_class.as_deref() == Some("java.lang.Record") {
        TypeKind::Record
    } else {
        TypeKind::Class
    };

    let (type_parameters, generic_super) = match signature(&class.attributes) {
        Some(sig) => {
            let (params, sup) =
                parse_class_signature(sig).map_err(|reason| SchemaError::ClassFile {
                    path: path.to_string(),
                    reason: format!("class signature {sig:?}: {reason}"),
                })?;
            let generic = matches!(&sup, JavaType::Class { args, .. } if !args.is_empty());
            (params, generic.then_some(sup))
        }
        None => (Vec::new(), None),
    };

    let mut fields = Vec::new();
    let mut enum_constants = Vec::new();
    let mut declared_suid = None;
    for field in &class.fields {
        let is_static = field.access_flags.contains(FieldAccessFlags::STATIC);
        if is_static {
            if field.access_flags.contains(FieldAccessFlags::ENUM) {
                enum_constants.push(field.name.to_string());
            }
            if field.name == "serialVersionUID" && field.descriptor.to_string() == "J" {
                declared_suid = field.attributes.iter().find_map(|a| match &a.data {
                    AttributeData::ConstantValue(LiteralConstant::Long(v)) => Some(*v),
                    _ => None,
                });
            }
            continue;
        }
        let descriptor = field.descriptor.to_string();
        let text = signature(&field.attributes).unwrap_or(&descriptor);
        let ty = JavaType::parse(text).map_err(|reason| SchemaError::ClassFile {
            path: path.to_string(),
            reason: format!("field {}: {reason}", field.name),
        })?;
        fields.push(FieldSchema {
            name: field.name.to_string(),
            ty,
            transient: field.access_flags.contains(FieldAccessFlags::TRANSIENT),
            generics_unknown: false,
        });
    }

    let shape = ClassShape {
        name: name.clone(),
        modifiers,
        interfaces: interfaces.clone(),
        fields: class
            .fields
            .iter()
            .map(|f| Member {
                name: f.name.to_string(),
                modifiers: f.access_flags.bits(),
                descriptor: f.descriptor.to_string(),
            })
            .collect(),
        constructors: members(&class, |n| n == "<init>"),
        methods: members(&class, |n| n != "<init>" && n != "<clinit>"),
        has_static_initializer: class.methods.iter().any(|m| m.name == "<clinit>"),
    };
    let java = java_serial(&class, &shape, &fields, kind, declared_suid);

    Ok(ClassSchema {
        name,
        kind,
        public: Some(modifiers & 0x0001 != 0),
        is_final: Some(modifiers & 0x0010 != 0),
        super_class,
        generic_super,
        interfaces,
        type_parameters,
        fields,
        enum_bodies: if kind == TypeKind::Enum {
            enum_bodies(path, bytes, &this_slashed, &enum_constants)?
        } else {
            Default::default()
        },
        enum_constants: (kind == TypeKind::Enum).then_some(enum_constants),
        java: Some(java),
        serial_methods: serial_methods(&class),
        origin: Origin::ClassFile,
    })
}

/// The serialization hooks a class file declares.
fn serial_methods(class: &ClassFile<'_>) -> SerialMethods {
    let declares = |name: &str, descriptor: &str, private: bool| {
        class.methods.iter().any(|m| {
            m.name == name
                && m.descriptor.to_string() == descriptor
                && !m.access_flags.contains(MethodAccessFlags::STATIC)
                && (!private || m.access_flags.contains(MethodAccessFlags::PRIVATE))
        })
    };
    SerialMethods {
        read_object: declares("readObject", "(Ljava/io/ObjectInputStream;)V", true),
        write_replace: declares("writeReplace", "()Ljava/lang/Object;", false),
        read_resolve: declares("readResolve", "()Ljava/lang/Object;", false),
    }
}

fn members(class: &ClassFile<'_>, keep: impl Fn(&str) -> bool) -> Vec<Member> {
    class
        .methods
        .iter()
        .filter(|m| keep(&m.name))
        .map(|m| Member {
            name: m.name.to_string(),
            modifiers: m.access_flags.bits(),
            descriptor: m.descriptor.to_string(),
        })
        .collect()
}

/// What a Java stream says about the class if it is serializable (whether it is depends on
/// its superclasses, which the schemas answer later).
fn java_serial(
    class: &ClassFile<'_>,
    shape: &ClassShape,
    fields: &[FieldSchema],
    kind: TypeKind,
    declared_suid: Option<i64>,
) -> JavaSerial {
    if kind == TypeKind::Enum {
        return JavaSerial {
            suid: 0,
            flags: SC_SERIALIZABLE | SC_ENUM,
            fields: Vec::new(),
        };
    }
    let externalizable = shape
        .interfaces
        .iter()
        .any(|i| i == "java.io.Externalizable");
    let has_write_object = class.methods.iter().any(|m| {
        m.name == "writeObject"
            && m.access_flags.contains(MethodAccessFlags::PRIVATE)
            && !m.access_flags.contains(MethodAccessFlags::STATIC)
            && m.descriptor.to_string() == "(Ljava/io/ObjectOutputStream;)V"
    });
    let flags = if externalizable {
        SC_EXTERNALIZABLE | SC_BLOCK_DATA
    } else if has_write_object {
        SC_SERIALIZABLE | SC_WRITE_METHOD
    } else {
        SC_SERIALIZABLE
    };
    // Records' and enums' default serialVersionUID is 0.
    let suid = declared_suid.unwrap_or_else(|| {
        if kind == TypeKind::Record {
            0
        } else {
            default_suid(shape)
        }
    });
    let mut java_fields: Vec<(String, String)> = if externalizable {
        Vec::new()
    } else {
        class
            .fields
            .iter()
            .filter(|f| {
                !f.access_flags
                    .intersects(FieldAccessFlags::STATIC | FieldAccessFlags::TRANSIENT)
            })
            .map(|f| (f.name.to_string(), f.descriptor.to_string()))
            .collect()
    };
    let _ = fields;
    // ObjectStreamField order: primitives first, then by name.
    java_fields.sort_by(|a, b| {
        let prim = |d: &str| !(d.starts_with('L') || d.starts_with('['));
        prim(&b.1)
            .cmp(&prim(&a.1))
            .then_with(|| a.0.encode_utf16().cmp(b.0.encode_utf16()))
    });
    JavaSerial {
        suid,
        flags,
        fields: java_fields,
    }
}

/// Which constants of an enum have a body class: its static initializer creates each constant
/// with `new Body` and stores it with `putstatic CONSTANT`, so the class of the last `new`
/// before each constant's `putstatic` is the constant's class.
fn enum_bodies(
    path: &str,
    bytes: &[u8],
    this: &str,
    constants: &[String],
) -> Result<std::collections::BTreeMap<String, String>, SchemaError> {
    use cafebabe::bytecode::Opcode;
    let class = cafebabe::parse_class(bytes).map_err(|e| SchemaError::ClassFile {
        path: path.to_string(),
        reason: e.to_string(),
    })?;
    let mut bodies = std::collections::BTreeMap::new();
    let Some(clinit) = class.methods.iter().find(|m| m.name == "<clinit>") else {
        return Ok(bodies);
    };
    let code = clinit.attributes.iter().find_map(|a| match &a.data {
        AttributeData::Code(code) => code.bytecode.as_ref(),
        _ => None,
    });
    let Some(code) = code else {
        return Ok(bodies);
    };
    let mut last_new: Option<String> = None;
    for (_, op) in &code.opcodes {
        match op {
            Opcode::New(class) => last_new = Some(class.to_string()),
            Opcode::Putstatic(member) if member.class_name == this => {
                let name = member.name_and_type.name.to_string();
                if let Some(created) = last_new.take() {
                    if created != this && constants.contains(&name) {
                        bodies.insert(name, dotted(&created));
                    }
                }
            }
            _ => {}
        }
    }
    Ok(bodies)
}
