//! Nesting deep enough to overflow a thread's stack if a reader or writer recursed on it: it
//! is a limit, and with the limit raised it costs heap, not stack.

use jsess_javaser::jdk::Builder;
use jsess_kryo::{read_attributes, write_attributes, ReadError, Schemas};
use jsess_model::jdk::CollectionKind;
use jsess_model::{JdkValue, Limit, Limits, NodeId};

/// `depth` ArrayLists, each holding the next; the innermost is empty.
fn nested_lists(b: &mut Builder, depth: usize) -> NodeId {
    let mut inner: Option<NodeId> = None;
    for _ in 0..depth {
        let list = b
            .jdk(&JdkValue::Collection {
                kind: CollectionKind::List,
                class: "java.util.ArrayList",
                elements: inner.map(Some).into_iter().collect(),
                comparator: None,
                element_type: None,
            })
            .expect("a list");
        inner = Some(list);
    }
    inner.expect("depth > 0")
}

#[test]
fn deep_lists_are_a_limit_not_a_crash() {
    let mut b = Builder::new();
    let key = b.string("deep");
    let lists = nested_lists(&mut b, 50_000);
    let schemas = Schemas::new();
    let bytes = write_attributes(b.graph(), &[(key, Some(lists))], &schemas, Vec::new())
        .expect("deep lists are written");
    match read_attributes(&bytes, &schemas, &Limits::DEFAULT) {
        Err(ReadError::Limit {
            limit: Limit::Depth,
            ..
        }) => {}
        other => panic!("expected the depth limit, got {:?}", other.map(|_| ())),
    }
    let limits = Limits {
        max_depth: 100_000,
        ..Limits::DEFAULT
    };
    let read = read_attributes(&bytes, &schemas, &limits).expect("read with a raised limit");
    let again = write_attributes(read.builder.graph(), &read.attributes, &schemas, Vec::new())
        .expect("written again");
    assert_eq!(again, bytes);
}

/// A class as wide as a class file allows a few thousand fields to be, many objects of it:
/// each Kryo field's value is found among the Java fields in constant time (looking along them
/// for each field was quadratic in the width), and every value reads back in its field.
#[test]
fn wide_classes_are_written_field_by_field_in_linear_time() {
    use jsess_javaser::jdk::Descriptor;
    use jsess_kryo::schema::{ClassSchema, FieldSchema, JavaSerial, JavaType, Origin, TypeKind};
    use jsess_model::{DescOrigin, FieldType, Unknowns, Value};

    let width = 4096;
    let names: Vec<String> = (0..width).map(|i| format!("f{i}")).collect();
    let mut schemas = Schemas::new();
    schemas.insert(ClassSchema {
        name: "com.shop.Wide".into(),
        kind: TypeKind::Class,
        public: Some(true),
        is_final: Some(true),
        super_class: None,
        generic_super: None,
        interfaces: vec!["java.io.Serializable".into()],
        type_parameters: vec![],
        fields: names
            .iter()
            .map(|n| FieldSchema {
                name: n.clone(),
                ty: JavaType::Primitive('I'),
                transient: false,
                generics_unknown: false,
            })
            .collect(),
        enum_constants: None,
        enum_bodies: Default::default(),
        java: Some(JavaSerial {
            suid: 1,
            flags: jsess_model::graph::SC_SERIALIZABLE,
            fields: names.iter().map(|n| (n.clone(), "I".to_string())).collect(),
        }),
        serial_methods: Default::default(),
        origin: Origin::SchemaFile,
    });
    let mut b = Builder::new();
    b.define(Descriptor {
        name: "com.shop.Wide".into(),
        suid: 1,
        flags: jsess_model::graph::SC_SERIALIZABLE,
        // Java orders primitive fields by name; Kryo by the class file. Both hold every one.
        fields: {
            let mut sorted: Vec<_> = names.iter().collect();
            sorted.sort();
            sorted
                .into_iter()
                .map(|n| (FieldType::Int, n.clone(), None))
                .collect()
        },
        super_class: None,
        origin: DescOrigin::Stream,
        unknown: Unknowns::NONE,
    });
    let mut pairs = Vec::new();
    for k in 0..20 {
        let values: Vec<Value> = {
            let mut sorted: Vec<(usize, &String)> = names.iter().enumerate().collect();
            sorted.sort_by(|a, b| a.1.cmp(b.1));
            sorted
                .into_iter()
                .map(|(i, _)| Value::Int((k * width + i) as i32))
                .collect()
        };
        let data = b.serial(&values, None);
        let object = b.instance("com.shop.Wide", vec![data]).expect("instance");
        let key = b.string(&format!("wide{k}"));
        pairs.push((key, Some(object)));
    }
    let bytes = write_attributes(b.graph(), &pairs, &schemas, Vec::new()).expect("written");
    let read = read_attributes(&bytes, &schemas, &Limits::DEFAULT).expect("read back");
    let graph = read.builder.graph();
    assert_eq!(read.attributes.len(), 20);
    for (k, (_, value)) in read.attributes.iter().enumerate() {
        let object = value.expect("an object");
        for i in [0, 1, 999, width - 1] {
            assert_eq!(
                graph.field(object, &format!("f{i}")),
                Some(Value::Int((k * width + i) as i32)),
                "wide{k}.f{i}"
            );
        }
    }
}
