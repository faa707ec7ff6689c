//! Schemas from the class descriptors of a Java stream: field names, declared (erased) types,
//! serialVersionUIDs and flags. Enough to read most Kryo bytes and to write Java; not enough to
//! write Kryo on their own (see [`super::Origin::JavaDescriptor`]).

use jsess_model::graph::SC_ENUM;
use jsess_model::{ClassKind, FieldType, Graph, Node};

use super::{jdk, ClassSchema, FieldSchema, JavaSerial, JavaType, Origin, Schemas, TypeKind};

pub fn add_graph(schemas: &mut Schemas, graph: &Graph<'_>) -> usize {
    let mut added = 0;
    for (_, node) in graph.iter() {
        let Node::ClassDesc(desc) = node else {
            continue;
        };
        let ClassKind::Class {
            name,
            suid,
            flags,
            fields,
        } = &desc.kind
        else {
            continue;
        };
        let Some(name) = name.to_str() else { continue };
        if name.starts_with('[') || jdk::schema(&name).is_some() || schemas.contains(&name) {
            continue;
        }
        let super_class = desc
            .super_class
            .and_then(|s| graph.class_name(s))
            .and_then(|n| n.to_str().map(|s| s.to_string()));
        let mut java_fields = Vec::new();
        let mut schema_fields = Vec::new();
        for field in fields {
            let Some(field_name) = field.name.to_str() else {
                continue;
            };
            let descriptor = match field.ty {
                FieldType::Object | FieldType::Array => field
                    .type_name
                    .and_then(|t| graph.string(t))
                    .and_then(|s| s.to_str().map(|s| s.to_string()))
                    .unwrap_or_else(|| "Ljava/lang/Object;".to_string()),
                other => (other.code() as char).to_string(),
            };
            let Ok(ty) = JavaType::parse(&descriptor) else {
                continue;
            };
            java_fields.push((field_name.to_string(), descriptor));
            schema_fields.push(FieldSchema {
                name: field_name.to_string(),
                generics_unknown: field.ty.is_reference(),
                ty,
                transient: false,
            });
        }
        schemas.insert(ClassSchema {
            name: name.to_string(),
            kind: if flags & SC_ENUM != 0 {
                TypeKind::Enum
            } else {
                TypeKind::Class
            },
            public: None,
            is_final: None,
            super_class: super_class.filter(|s| s != "java.lang.Enum"),
            generic_super: None,
            interfaces: Vec::new(),
            type_parameters: Vec::new(),
            fields: schema_fields,
            enum_constants: None,
            enum_bodies: Default::default(),
            java: Some(JavaSerial {
                suid: *suid,
                flags: *flags,
                fields: java_fields,
            }),
            origin: Origin::JavaDescriptor,
        });
        added += 1;
    }
    added
}
