//! Builder → writer → reader → interpreter agree on every JDK value kind.

use jsess_model::jdk::{BigInt, CollectionKind, Date, Offset, Temporal, Time, Zone, ZoneName};
use jsess_model::{JavaString, JdkValue, Value};

use super::{interpret, Builder};
use crate::{decode, encode, Limits};

/// Builds `value` (children made by `children`), writes, reads back and interprets.
fn round_trip(make: impl FnOnce(&mut Builder) -> jsess_model::NodeId) -> (Vec<u8>, String) {
    let mut b = Builder::new();
    let id = make(&mut b);
    b.write_object(Some(id));
    let stream = b.finish();
    assert!(
        interpret(&stream.graph, id).is_some(),
        "built value interprets"
    );
    let expected = crate::json::stream_to_json(&stream).to_string();
    let bytes = encode(&stream).expect("built stream encodes");
    let reread = decode(&bytes, &Limits::DEFAULT).expect("built stream decodes");
    let Some(jsess_model::Content::Object(Some(root))) = reread.contents.first() else {
        panic!("one top-level object expected");
    };
    assert!(
        interpret(&reread.graph, *root).is_some(),
        "reread value interprets"
    );
    let actual = crate::json::stream_to_json(&reread).to_string();
    assert_eq!(actual, expected);
    assert_eq!(encode(&reread).expect("re-encodes"), bytes);
    (bytes, actual)
}

#[test]
fn boxed_and_leaf_values() {
    for v in [
        Value::Int(-7),
        Value::Long(i64::MIN),
        Value::Short(3),
        Value::Byte(-1),
        Value::Double(f64::NAN),
        Value::Float(-0.0),
        Value::Boolean(1),
        Value::Char(0xFFFF),
    ] {
        round_trip(|b| b.jdk(&JdkValue::Boxed(v)).expect("boxed"));
    }
    round_trip(|b| {
        b.jdk(&JdkValue::Date {
            class: "java.util.Date",
            millis: 1_700_000_000_123,
        })
        .expect("date")
    });
    round_trip(|b| {
        b.jdk(&JdkValue::Timestamp {
            millis: 1_700_000_000_000,
            nanos: 123_456_789,
        })
        .expect("ts")
    });
    let magnitude = [1u8, 0, 0, 0, 0, 0, 0, 0, 0];
    round_trip(|b| {
        b.jdk(&JdkValue::BigDecimal {
            unscaled: BigInt {
                signum: -1,
                magnitude: &magnitude,
            },
            scale: 4,
        })
        .expect("bigdecimal")
    });
    round_trip(|b| b.jdk(&JdkValue::Uuid { most: 1, least: -2 }).expect("uuid"));
    let (en, us, empty) = (
        JavaString::from_text("en"),
        JavaString::from_text("US"),
        JavaString::from_text(""),
    );
    round_trip(|b| {
        b.jdk(&JdkValue::Locale {
            language: &en,
            country: &us,
            variant: &empty,
            script: &empty,
            extensions: &empty,
        })
        .expect("locale")
    });
    round_trip(|b| {
        b.jdk(&JdkValue::Text {
            class: "java.lang.StringBuilder",
            units: vec![0x61, 0xD800],
        })
        .expect("sb")
    });
    round_trip(|b| {
        b.jdk(&JdkValue::Text {
            class: "java.lang.StringBuffer",
            units: vec![0x62],
        })
        .expect("sbuf")
    });
    let paris = ZoneName::new("Europe/Paris").expect("short id");
    let date = Date {
        year: 2024,
        month: 2,
        day: 29,
    };
    let time = Time {
        hour: 23,
        minute: 0,
        second: 5,
        nano: 7,
    };
    for t in [
        Temporal::ZonedDateTime(date, time, Offset(3600), Zone::Region(paris)),
        Temporal::OffsetTime(time, Offset(-1800)),
        Temporal::Period {
            years: 1,
            months: -2,
            days: 3,
        },
        Temporal::YearMonth {
            year: -5,
            month: 12,
        },
    ] {
        round_trip(|b| b.jdk(&JdkValue::Time(t)).expect("time"));
    }
}

#[test]
fn collections_and_maps() {
    let lists = [
        "java.util.ArrayList",
        "java.util.LinkedList",
        "java.util.ArrayDeque",
        "java.util.concurrent.CopyOnWriteArrayList",
        "java.util.PriorityQueue",
        "java.util.Vector",
        "java.util.CollSer",
        "java.util.Arrays$ArrayList",
    ];
    for class in lists {
        round_trip(|b| {
            let elements: Vec<_> = (0..13).map(|i| Some(b.string(&format!("e{i}")))).collect();
            b.jdk(&JdkValue::Collection {
                kind: CollectionKind::List,
                class,
                elements,
                comparator: None,
                element_type: None,
            })
            .expect("list")
        });
    }
    for class in [
        "java.util.HashSet",
        "java.util.LinkedHashSet",
        "java.util.TreeSet",
        "java.util.CollSer",
    ] {
        round_trip(|b| {
            let elements: Vec<_> = (0..3).map(|i| Some(b.string(&format!("s{i}")))).collect();
            b.jdk(&JdkValue::Collection {
                kind: CollectionKind::Set,
                class,
                elements,
                comparator: None,
                element_type: None,
            })
            .expect("set")
        });
    }
    for class in [
        "java.util.HashMap",
        "java.util.LinkedHashMap",
        "java.util.TreeMap",
        "java.util.Hashtable",
        "java.util.concurrent.ConcurrentHashMap",
        "java.util.CollSer",
    ] {
        let (_, text) = round_trip(|b| {
            let entries: Vec<_> = (0..20)
                .map(|i| {
                    let k = b.string(&format!("k{i}"));
                    let v = b.jdk(&JdkValue::Boxed(Value::Int(i))).expect("int");
                    (Some(k), Some(v))
                })
                .collect();
            b.jdk(&JdkValue::Map {
                class,
                entries,
                comparator: None,
                key_type: None,
                access_order: class == "java.util.LinkedHashMap",
                defaults: None,
            })
            .expect("map")
        });
        assert!(text.contains("\"k19\":19"), "{class}: {text}");
    }
}

#[test]
fn wrappers_keep_their_inner_collection() {
    for class in [
        "java.util.Collections$UnmodifiableMap",
        "java.util.Collections$SynchronizedMap",
    ] {
        round_trip(|b| {
            let inner = b
                .jdk(&JdkValue::Map {
                    class: "java.util.HashMap",
                    entries: vec![],
                    comparator: None,
                    key_type: None,
                    access_order: false,
                    defaults: None,
                })
                .expect("inner");
            b.jdk(&JdkValue::Wrapper {
                class,
                inner: Some(inner),
            })
            .expect("wrapper")
        });
    }
}

/// `Properties` built from the values of the corpus stream JDK 17 wrote
/// (`corpora/java/properties.ser`: two entries and defaults) is that stream byte for byte.
#[test]
fn properties_are_built_as_jdk_17_writes_them() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../corpora/java/properties.ser"
    );
    let original = std::fs::read(path).expect("corpus file");
    let stream = decode(&original, &Limits::DEFAULT).expect("decodes");
    let Some(jsess_model::Content::Object(Some(root))) = stream.contents.first() else {
        panic!("one object");
    };
    let text = |r: jsess_model::Ref| {
        stream
            .graph
            .string(r.expect("string"))
            .expect("string")
            .to_string()
    };
    let pairs = |id| match interpret(&stream.graph, id) {
        Some(JdkValue::Map {
            entries, defaults, ..
        }) => (
            entries
                .iter()
                .map(|(k, v)| (text(*k), text(*v)))
                .collect::<Vec<_>>(),
            defaults,
        ),
        other => panic!("{other:?}"),
    };
    let (own, defaults) = pairs(*root);
    let (inherited, none) = pairs(defaults.expect("defaults"));
    assert!(none.is_none());
    let mut b = Builder::new();
    let build = |b: &mut Builder, entries: &[(String, String)], defaults| {
        let entries: Vec<_> = entries
            .iter()
            .map(|(k, v)| (Some(b.string(k)), Some(b.string(v))))
            .collect();
        b.jdk(&JdkValue::Map {
            class: "java.util.Properties",
            entries,
            comparator: None,
            key_type: None,
            access_order: false,
            defaults,
        })
        .expect("properties")
    };
    // Java writes the object and its field values before the defaults: build in that order.
    let reserved = b.reserve();
    let own_entries: Vec<_> = own
        .iter()
        .map(|(k, v)| (Some(b.string(k)), Some(b.string(v))))
        .collect();
    let inner = build(&mut b, &inherited, None);
    let outer = b
        .jdk(&JdkValue::Map {
            class: "java.util.Properties",
            entries: own_entries,
            comparator: None,
            key_type: None,
            access_order: false,
            defaults: Some(inner),
        })
        .expect("properties");
    let root = b.settle(reserved, outer).expect("settles");
    b.write_object(Some(root));
    assert_eq!(encode(&b.finish()).expect("encodes"), original);
}

/// A class named like a box but laid out otherwise (another superclass, more fields, a value
/// of the wrong type) is an ordinary object, never read as the box.
#[test]
fn boxes_of_another_shape_are_not_boxes() {
    use jsess_model::{DescOrigin, FieldType, Unknowns};

    use super::Descriptor;

    let spec = |name: &str, fields: &[(FieldType, &str)], super_class: Option<&str>| Descriptor {
        name: name.to_string(),
        suid: 1,
        flags: jsess_model::graph::SC_SERIALIZABLE,
        fields: fields
            .iter()
            .map(|(ty, n)| (*ty, n.to_string(), None))
            .collect(),
        super_class: super_class.map(str::to_string),
        origin: DescOrigin::Jdk,
        unknown: Unknowns::NONE,
    };
    let shapes: [(Vec<Descriptor>, Vec<Vec<Value>>); 4] = [
        // An Integer that does not extend Number.
        (
            vec![spec(
                "java.lang.Integer",
                &[(FieldType::Int, "value")],
                None,
            )],
            vec![vec![Value::Int(3)]],
        ),
        // An Integer with a second field.
        (
            vec![
                spec("java.lang.Number", &[], None),
                spec(
                    "java.lang.Integer",
                    &[(FieldType::Int, "value"), (FieldType::Int, "extra")],
                    Some("java.lang.Number"),
                ),
            ],
            vec![vec![], vec![Value::Int(3), Value::Int(4)]],
        ),
        // An Integer holding a long.
        (
            vec![
                spec("java.lang.Number", &[], None),
                spec(
                    "java.lang.Integer",
                    &[(FieldType::Long, "value")],
                    Some("java.lang.Number"),
                ),
            ],
            vec![vec![], vec![Value::Long(3)]],
        ),
        // A Boolean that extends Number.
        (
            vec![
                spec("java.lang.Number", &[], None),
                spec(
                    "java.lang.Boolean",
                    &[(FieldType::Boolean, "value")],
                    Some("java.lang.Number"),
                ),
            ],
            vec![vec![], vec![Value::Boolean(1)]],
        ),
    ];
    for (chain, values) in shapes {
        let class = chain.last().expect("a class").name.clone();
        let mut b = Builder::new();
        for d in chain {
            b.define(d);
        }
        let data = values.iter().map(|v| b.serial(v, None)).collect();
        let id = b.instance(&class, data).expect("instance");
        let stream = b.finish();
        assert!(
            !matches!(interpret(&stream.graph, id), Some(JdkValue::Boxed(_))),
            "{class}: {:?}",
            interpret(&stream.graph, id)
        );
    }
}

#[test]
fn an_instance_of_a_descriptor_node_asked_for_once() {
    let mut b = Builder::new();
    b.define(super::Descriptor {
        name: "com.acme.Point".into(),
        suid: 7,
        flags: jsess_model::graph::SC_SERIALIZABLE,
        fields: vec![(jsess_model::FieldType::Int, "x".into(), None)],
        super_class: None,
        origin: jsess_model::DescOrigin::Jdk,
        unknown: jsess_model::Unknowns::NONE,
    });
    let desc = b.class_desc("com.acme.Point").unwrap();
    assert_eq!(b.class_desc("com.acme.Point").unwrap(), desc);
    let data = b.serial(&[Value::Int(3)], None);
    let by_desc = b.instance_of(desc, [data]).unwrap();
    let data = b.serial(&[Value::Int(3)], None);
    let by_name = b.instance_from("com.acme.Point", [data]).unwrap();
    let graph = b.graph();
    let class_of = |id| match graph.node(id) {
        jsess_model::Node::Object(o) => Some(o.class),
        _ => None,
    };
    assert_eq!(class_of(by_desc), Some(desc));
    assert_eq!(class_of(by_name), Some(desc));
    assert_eq!(graph.field(by_desc, "x"), Some(Value::Int(3)));
    assert_eq!(graph.field(by_name, "x"), Some(Value::Int(3)));
    // Any node but a class descriptor is refused.
    let text = b.string("not a class");
    let data = b.serial(&[Value::Int(3)], None);
    assert!(b.instance_of(text, [data]).is_err());
}
