//! Schemas from the class descriptors of a Java stream: field names, declared (erased) types,
//! serialVersionUIDs and flags. Enough to read most Kryo bytes and to write Java; not enough to
//! write Kryo on their own (see [`super::Origin::JavaDescriptor`]).

use jsess_javaser::jdk::descriptors_of_classes;
use jsess_model::graph::SC_ENUM;
use jsess_model::{ClassKind, Graph, Node};

use crate::{jdk, ClassSchema, FieldSchema, JavaSerial, JavaType, Origin, Schemas, TypeKind};

pub fn add_graph(schemas: &mut Schemas, graph: &Graph<'_>) -> usize {
    let mut added = 0;
    for (name, spec) in descriptors_of_classes(graph, |name| wanted(schemas, name)) {
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

/// Whether [`add_graph`] would add a schema: a descriptor of a class nothing describes yet,
/// with Java facts (not only the names a format showed). Answered without building anything,
/// for the common case of a session whose classes are all known.
pub fn adds_to(schemas: &Schemas, graph: &Graph<'_>) -> bool {
    graph.iter().any(|(_, node)| match node {
        Node::ClassDesc(desc) => match &desc.kind {
            ClassKind::Class { name, .. } => {
                desc.origin != jsess_model::DescOrigin::Inferred
                    && wanted(schemas, &name.to_string_lossy())
            }
            ClassKind::Proxy { .. } => false,
        },
        _ => false,
    })
}

/// A class a stream's descriptor can teach: not an array, not in the JDK table, not known yet.
fn wanted(schemas: &Schemas, name: &str) -> bool {
    !name.starts_with('[') && jdk::schema(name).is_none() && !schemas.contains(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stream(name: &str) -> Vec<u8> {
        let path = format!("{}/../../corpora/java/{name}", env!("CARGO_MANIFEST_DIR"));
        std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    /// `adds_to` answers what `add_graph` would do: yes for application classes not known yet,
    /// no once they are, and no for a stream of JDK classes only.
    #[test]
    fn adds_to_agrees_with_add_graph() {
        let limits = jsess_javaser::Limits::DEFAULT;
        let app = stream("class_hierarchy_shadowed.ser");
        let app = jsess_javaser::decode(&app, &limits).expect("corpus stream");
        let mut schemas = Schemas::new();
        assert!(adds_to(&schemas, &app.graph));
        assert!(add_graph(&mut schemas, &app.graph) > 0);
        assert!(!adds_to(&schemas, &app.graph));
        assert_eq!(add_graph(&mut schemas, &app.graph), 0);

        let jdk = stream("arraylist.ser");
        let jdk = jsess_javaser::decode(&jdk, &limits).expect("corpus stream");
        let empty = Schemas::new();
        assert!(!adds_to(&empty, &jdk.graph));
        assert_eq!(add_graph(&mut Schemas::new(), &jdk.graph), 0);
    }
}
