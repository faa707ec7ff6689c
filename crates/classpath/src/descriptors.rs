//! Schemas from the class descriptors of a Java stream: field names, declared (erased) types,
//! serialVersionUIDs and flags. Enough to read most Kryo bytes and to write Java; not enough to
//! write Kryo on their own (see [`super::Origin::JavaDescriptor`]).

use jsess_javaser::jdk::descriptors_of_classes;
use jsess_model::graph::SC_ENUM;
use jsess_model::Graph;

use crate::{jdk, ClassSchema, FieldSchema, JavaSerial, JavaType, Origin, Schemas, TypeKind};

pub fn add_graph(schemas: &mut Schemas, graph: &Graph<'_>) -> usize {
    let mut added = 0;
    let wanted = |name: &str| {
        !name.starts_with('[') && jdk::schema(name).is_none() && !schemas.contains(name)
    };
    for (name, spec) in descriptors_of_classes(graph, wanted) {
        // Known only by the names a format showed: no Java facts to learn from it.
        if spec.origin == jsess_model::DescOrigin::Inferred {
            continue;
        }
        let mut java_fields = Vec::with_capacity(spec.fields.len());
        let mut schema_fields = Vec::with_capacity(spec.fields.len());
        for (ty, field, signature) in spec.fields {
            let descriptor = match signature {
                Some(sig) if ty.is_reference() => sig,
                _ if ty.is_reference() => "Ljava/lang/Object;".to_string(),
                _ => (ty.code() as char).to_string(),
            };
            let Ok(declared) = JavaType::parse(&descriptor) else {
                continue;
            };
            schema_fields.push(FieldSchema {
                name: field.clone(),
                ty: declared,
                transient: false,
                generics_unknown: ty.is_reference(),
            });
            java_fields.push((field, descriptor));
        }
        schemas.insert(ClassSchema {
            name: name.clone(),
            kind: if spec.flags & SC_ENUM != 0 {
                TypeKind::Enum
            } else {
                TypeKind::Class
            },
            public: None,
            is_final: None,
            super_class: spec.super_class.filter(|s| s != "java.lang.Enum"),
            generic_super: None,
            interfaces: Vec::new(),
            type_parameters: Vec::new(),
            fields: schema_fields,
            enum_constants: None,
            enum_bodies: Default::default(),
            java: Some(JavaSerial {
                suid: spec.suid,
                flags: spec.flags,
                fields: java_fields,
            }),
            serial_methods: Default::default(),
            origin: Origin::JavaDescriptor,
        });
        added += 1;
    }
    added
}
