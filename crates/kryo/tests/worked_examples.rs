//! The worked examples of the Kryo notes, with the bytes real msm (716e147, Kryo 4.0.0) writes
//! for them (`corpora/kryo/kryo_7_*.bin`): jsess writes exactly those bytes from the same Java
//! objects, and reads them back to the same objects. Where the notes assume optimized
//! generics (a `List<String>` field's elements without class tags, §7.2 and §7.3), the real
//! bytes win: msm leaves them off, so each element carries its `String` tag (`03`).

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
    b.define(Descriptor {
        name: "com.example.Cart".into(),
        suid: 1,
        flags: SC_SERIALIZABLE,
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
    });
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
