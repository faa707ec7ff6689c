//! The worked examples of the Kryo notes, with the bytes real msm (716e147, Kryo 4.0.0) writes
//! for them (`corpora/kryo/kryo_7_*.bin`): jsess writes exactly those bytes from the same Java
//! objects, and reads them back to the same objects. Where the notes assume optimized
//! generics (a `List<String>` field's elements without class tags, §7.2 and §7.3), the real
//! bytes win: msm leaves them off, so each element carries its `String` tag (`03`). At the end,
//! §7.2's bytes read through a `Transcoder` (which keeps each class's field plan across blobs)
//! and against layouts that disagree with them.

use jsess_javaser::jdk::{Builder, Descriptor};
use jsess_kryo::schema::{ClassSchema, FieldSchema, JavaSerial, JavaType, Origin, TypeKind};
use jsess_kryo::{read_attributes, write_attributes, Schemas};
use jsess_model::graph::SC_SERIALIZABLE;
use jsess_model::jdk::CollectionKind;
use jsess_model::{FieldType, JdkValue, Limits, NodeId, Ref, Value};

fn hex(text: &str) -> Vec<u8> {
    text.split_whitespace()
        .filter(|t| *t != "|")
        .map(|t| u8::from_str_radix(t, 16).unwrap())
        .collect()
}

fn ascii(text: &str) -> String {
    // "<com.example.Cart>" in the notes: the class name as an ASCII run.
    let mut bytes: Vec<u8> = text.bytes().collect();
    *bytes.last_mut().unwrap() |= 0x80;
    bytes.iter().map(|b| format!("{b:02x} ")).collect()
}

fn cart_schemas() -> Schemas {
    let field = |name: &str, ty: &str| FieldSchema {
        name: name.into(),
        ty: JavaType::parse(ty).unwrap(),
        transient: false,
        generics_unknown: false,
    };
    let mut schemas = Schemas::new();
    schemas.insert(ClassSchema {
        name: "com.example.Cart".into(),
        kind: TypeKind::Class,
        public: Some(true),
        is_final: Some(false),
        super_class: None,
        generic_super: None,
        interfaces: vec!["java.io.Serializable".into()],
        type_parameters: vec![],
        fields: vec![
            field("owner", "Ljava/lang/String;"),
            field("items", "I"),
            field("skus", "Ljava/util/List<Ljava/lang/String;>;"),
        ],
        enum_constants: None,
        enum_bodies: Default::default(),
        java: Some(JavaSerial {
            suid: 1,
            flags: SC_SERIALIZABLE,
            fields: vec![
                ("items".into(), "I".into()),
                ("owner".into(), "Ljava/lang/String;".into()),
                ("skus".into(), "Ljava/util/List;".into()),
            ],
        }),
        serial_methods: Default::default(),
        origin: Origin::ClassFile,
    });
    schemas
}

fn define_cart(b: &mut Builder) {
    b.define(cart_descriptor(SC_SERIALIZABLE));
}

fn cart_descriptor(flags: u8) -> Descriptor {
    Descriptor {
        name: "com.example.Cart".into(),
        suid: 1,
        flags,
        fields: vec![
            (FieldType::Int, "items".into(), None),
            (
                FieldType::Object,
                "owner".into(),
                Some("Ljava/lang/String;".into()),
            ),
            (
                FieldType::Object,
                "skus".into(),
                Some("Ljava/util/List;".into()),
            ),
        ],
        super_class: None,
        origin: jsess_model::DescOrigin::Stream,
        unknown: jsess_model::Unknowns::NONE,
    }
}

fn cart(b: &mut Builder, owner: Ref, items: i32, skus: Ref) -> NodeId {
    let data = b.serial(
        &[Value::Int(items), Value::Ref(owner), Value::Ref(skus)],
        None,
    );
    b.instance("com.example.Cart", vec![data]).unwrap()
}

fn list(b: &mut Builder, class: &str, items: &[&str]) -> NodeId {
    let elements = items.iter().map(|s| Some(b.string(s))).collect();
    b.jdk(&JdkValue::Collection {
        kind: CollectionKind::List,
        class,
        elements,
        comparator: None,
        element_type: None,
    })
    .unwrap()
}

/// Writes the attributes, compares with `expected`, reads the bytes back and writes them again.
fn check(b: &Builder, attributes: &[(NodeId, Ref)], schemas: &Schemas, expected: &[u8]) {
    let bytes = write_attributes(b.graph(), attributes, schemas, Vec::new()).unwrap();
    assert_eq!(
        bytes, expected,
        "\n  got {bytes:02x?}\n want {expected:02x?}"
    );
    let read = read_attributes(&bytes, schemas, &Limits::DEFAULT).unwrap();
    let again =
        write_attributes(read.builder.graph(), &read.attributes, schemas, Vec::new()).unwrap();
    assert_eq!(again, expected);
}

#[test]
fn example_7_1_strings_and_an_integer() {
    let mut b = Builder::new();
    let count = b.string("count");
    let three = b.boxed(Value::Int(3)).unwrap();
    let user = b.string("user");
    let alice = b.string("alice");
    check(
        &b,
        &[(count, Some(three)), (user, Some(alice))],
        &Schemas::new(),
        &hex("01 02 03 01 63 6f 75 6e f4 02 06 03 01 75 73 65 f2 03 01 61 6c 69 63 e5"),
    );
}

#[test]
fn example_7_2_field_serializer_elements_keep_their_tags() {
    let mut b = Builder::new();
    define_cart(&mut b);
    let key = b.string("cart");
    let alice = b.string("alice");
    let skus = list(&mut b, "java.util.ArrayList", &["A1", "B2"]);
    let cart = cart(&mut b, Some(alice), 2, Some(skus));
    let expected = hex(&format!(
        "01 01 03 01 63 61 72 f4 01 00 {} 01 04 01 61 6c 69 63 e5 01 01 {} 01 02 03 01 41 b1 03 01 42 b2",
        ascii("com.example.Cart"),
        ascii("java.util.ArrayList")
    ));
    check(&b, &[(key, Some(cart))], &cart_schemas(), &expected);
}

#[test]
fn example_7_3_a_shared_string_is_a_back_reference() {
    let mut b = Builder::new();
    define_cart(&mut b);
    let count = b.string("count");
    let three = b.boxed(Value::Int(3)).unwrap();
    let user = b.string("user");
    let alice = b.string("alice");
    let key = b.string("cart");
    let skus = list(&mut b, "java.util.ArrayList", &["A1", "B2"]);
    let cart = cart(&mut b, Some(alice), 2, Some(skus));
    let expected = hex(&format!(
        "01 03 | 03 01 63 6f 75 6e f4 | 02 06 | 03 01 75 73 65 f2 | 03 01 61 6c 69 63 e5 |
         03 01 63 61 72 f4 | 01 00 {} | 01 | 04 | 05 | 01 01 {} | 01 | 02 | 03 01 41 b1 | 03 01 42 b2",
        ascii("com.example.Cart"),
        ascii("java.util.ArrayList")
    ));
    check(
        &b,
        &[(count, Some(three)), (user, Some(alice)), (key, Some(cart))],
        &cart_schemas(),
        &expected,
    );
}

#[test]
fn example_7_4_name_ids_and_nulls() {
    let mut b = Builder::new();
    define_cart(&mut b);
    let a = b.string("a");
    let x = b.string("x");
    let first = cart(&mut b, Some(x), 1, None);
    let key_b = b.string("b");
    let empty = list(&mut b, "java.util.LinkedList", &[]);
    let second = cart(&mut b, None, -1, Some(empty));
    let expected = hex(&format!(
        "01 02 | 03 01 82 61 | 01 00 {} 01 | 02 | 01 82 78 | 00 |
         03 01 82 62 | 01 00 | 01 | 01 | 00 | 01 01 {} 01 | 00",
        ascii("com.example.Cart"),
        ascii("java.util.LinkedList")
    ));
    check(
        &b,
        &[(a, Some(first)), (key_b, Some(second))],
        &cart_schemas(),
        &expected,
    );
}

#[test]
fn missing_schema_is_an_error_naming_the_class() {
    let mut b = Builder::new();
    define_cart(&mut b);
    let key = b.string("cart");
    let cart = cart(&mut b, None, 1, None);
    let err = write_attributes(b.graph(), &[(key, Some(cart))], &Schemas::new(), Vec::new())
        .unwrap_err()
        .to_string();
    assert!(err.contains("com.example.Cart"), "{err}");
    assert!(err.contains("cart"), "{err}");
}

// The bytes of §7.2 read against layouts that disagree with them, through a `Transcoder`, which
// works out each class's field plan once and keeps it for the next blob: the second blob gets
// the error the first did, as a reader without a memo does.

/// §7.2's bytes: `cart` → a Cart of 2 items owned by "alice" with skus A1, B2.
fn example_7_2_bytes() -> Vec<u8> {
    hex(&format!(
        "01 01 03 01 63 61 72 f4 01 00 {} 01 04 01 61 6c 69 63 e5 01 01 {} 01 02 03 01 41 b1 03 01 42 b2",
        ascii("com.example.Cart"),
        ascii("java.util.ArrayList")
    ))
}

/// Reads `bytes` once without a memo and three times through one transcoder: the errors, as
/// text, all equal.
fn read_errors(bytes: &[u8], schemas: Schemas) -> String {
    let alone = read_attributes(bytes, &schemas, &Limits::DEFAULT)
        .map(|_| ())
        .unwrap_err()
        .to_string();
    let transcoder = jsess_kryo::Transcoder::new(std::sync::Arc::new(schemas));
    for pass in 0..3 {
        let again = transcoder
            .read(bytes, &Limits::DEFAULT)
            .map(|_| ())
            .unwrap_err()
            .to_string();
        assert_eq!(again, alone, "pass {pass}");
    }
    alone
}

#[test]
fn a_plan_kept_across_blobs_reads_alike() {
    let schemas = std::sync::Arc::new(cart_schemas());
    let transcoder = jsess_kryo::Transcoder::new(std::sync::Arc::clone(&schemas));
    let bytes = example_7_2_bytes();
    let alone = read_attributes(&bytes, &schemas, &Limits::DEFAULT).unwrap();
    for _ in 0..3 {
        let read = transcoder.read(&bytes, &Limits::DEFAULT).unwrap();
        // The same nodes, in the same order.
        assert_eq!(
            format!("{:?}", read.builder.graph()),
            format!("{:?}", alone.builder.graph())
        );
        assert_eq!(read.attributes, alone.attributes);
        let again =
            write_attributes(read.builder.graph(), &read.attributes, &schemas, Vec::new()).unwrap();
        assert_eq!(again, bytes);
    }
}

#[test]
fn a_java_field_kryo_does_not_have_is_refused_every_time() {
    let mut schemas = cart_schemas();
    let mut cart = schemas.get("com.example.Cart").unwrap().clone();
    if let Some(java) = cart.java.as_mut() {
        java.fields.insert(0, ("discount".into(), "F".into()));
    }
    schemas.insert(cart);
    let err = read_errors(&example_7_2_bytes(), schemas);
    assert!(
        err.contains("the Java descriptor has field discount, which the Kryo schema does not"),
        "{err}"
    );
}

#[test]
fn a_field_of_an_unknown_class_is_refused_every_time() {
    let mut schemas = cart_schemas();
    let mut cart = schemas.get("com.example.Cart").unwrap().clone();
    for field in &mut cart.fields {
        if field.name == "skus" {
            field.ty = JavaType::parse("Lcom/example/Skus;").unwrap();
        }
    }
    schemas.insert(cart);
    // Whether `Skus` values carry a class tag depends on whether it is final, which nothing
    // says: the read stops at that field, naming it.
    let err = read_errors(&example_7_2_bytes(), schemas);
    assert!(err.contains("com.example.Skus"), "{err}");
    assert!(err.contains("(field com.example.Cart.skus)"), "{err}");
}

/// Carts as attributes `cart0`, `cart1`, …, with `SC_WRITE_METHOD` set on the class and each
/// cart's annotation as given (empty: what `defaultWriteObject` alone leaves).
fn carts(annotations: &[Option<usize>]) -> (Builder, Vec<(NodeId, Ref)>) {
    let mut b = Builder::new();
    b.define(cart_descriptor(
        SC_SERIALIZABLE | jsess_model::graph::SC_WRITE_METHOD,
    ));
    let mut attributes = Vec::new();
    for (i, annotation) in annotations.iter().enumerate() {
        let owner = Some(b.string(&format!("owner{i}")));
        let skus = Some(list(&mut b, "java.util.ArrayList", &["SKU-1"]));
        let annotation = annotation.map(|n| vec![jsess_model::Content::Object(None); n]);
        let data = b.serial(
            &[
                Value::Int(i as i32 * 7),
                Value::Ref(owner),
                Value::Ref(skus),
            ],
            annotation,
        );
        let cart = b.instance("com.example.Cart", vec![data]).unwrap();
        attributes.push((b.string(&format!("cart{i}")), Some(cart)));
    }
    (b, attributes)
}

/// The writer finds the fields of a class's first instance by name and those of the next
/// through slots worked out from its descriptor: every instance is written with its own
/// values, and each is still refused where its own data cannot be written.
#[test]
fn later_instances_of_a_class_are_written_alike() {
    let schemas = cart_schemas();
    let (b, attributes) = carts(&[Some(0), Some(0), Some(0)]);
    let bytes = write_attributes(b.graph(), &attributes, &schemas, Vec::new()).unwrap();
    let read = read_attributes(&bytes, &schemas, &Limits::DEFAULT).unwrap();
    let graph = read.builder.graph();
    for (i, (_, value)) in read.attributes.iter().enumerate() {
        let Some(jsess_model::Node::Object(cart)) = value.and_then(|v| graph.get(v)) else {
            panic!("cart{i}: {value:?}");
        };
        let [jsess_model::ClassData::Serial { fields, .. }] = graph.class_data(cart) else {
            panic!("cart{i}");
        };
        let values = graph.values(*fields);
        assert_eq!(values[0], Value::Int(i as i32 * 7), "cart{i}");
        let Value::Ref(Some(owner)) = values[1] else {
            panic!("cart{i}: {values:?}");
        };
        assert_eq!(
            graph
                .string(owner)
                .map(|s| s.to_string_lossy().into_owned()),
            Some(format!("owner{i}"))
        );
    }
    // A later instance whose writeObject wrote data of its own is refused as the first is.
    for annotations in [
        [Some(0), Some(0), Some(1)],
        [Some(1), Some(0), Some(0)],
        [Some(0), Some(2), Some(0)],
    ] {
        let (b, attributes) = carts(&annotations);
        let err = write_attributes(b.graph(), &attributes, &schemas, Vec::new()).unwrap_err();
        assert!(
            err.to_string().contains("wrote data of its own"),
            "{annotations:?}: {err}"
        );
    }
}
