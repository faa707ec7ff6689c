//! Property: arbitrary values → stream (with the JDK's descriptors) → values is the identity,
//! and the stream re-encodes byte for byte.

use jsess_javaser::jdk::{boxed_int, interpret, Builder, Descriptor};
use jsess_javaser::{decode, encode, Limits};
use jsess_model::jdk::{BigInt, CollectionKind, Date, Temporal, Time};
use jsess_model::{
    ClassData, Content, Elements, FieldType, Graph, JavaString, JdkValue, Node, NodeId, Ref, Value,
};
use proptest::prelude::*;

/// A plain value, as a user of the library would hold it.
#[derive(Debug, Clone, PartialEq)]
enum Tree {
    Null,
    Text(Vec<u16>),
    Boxed(Value),
    Date(i64),
    Uuid(i64, i64),
    Big(i32, Vec<u8>, Option<i32>),
    Time(Temporal),
    Enum(String),
    Ints(Vec<i32>),
    List(&'static str, Vec<Tree>),
    Set(&'static str, Vec<Tree>),
    Map(&'static str, Vec<(Tree, Tree)>),
    Bean(i64, Box<Tree>),
}

const LISTS: &[&str] = &[
    "java.util.ArrayList",
    "java.util.LinkedList",
    "java.util.Vector",
    "java.util.ArrayDeque",
    "java.util.concurrent.CopyOnWriteArrayList",
];
const SETS: &[&str] = &[
    "java.util.HashSet",
    "java.util.LinkedHashSet",
    "java.util.TreeSet",
];
const MAPS: &[&str] = &[
    "java.util.HashMap",
    "java.util.LinkedHashMap",
    "java.util.TreeMap",
    "java.util.Hashtable",
    "java.util.concurrent.ConcurrentHashMap",
];
const BEAN: &str = "com.example.Bean";
const COLOR: &str = "com.example.Color";

fn leaf() -> impl Strategy<Value = Tree> {
    prop_oneof![
        Just(Tree::Null),
        prop::collection::vec(any::<u16>(), 0..12).prop_map(Tree::Text),
        "[a-z\\u{e9}\\u{1F600}\\u{0}]{0,8}".prop_map(|s| Tree::Text(s.encode_utf16().collect())),
        any::<i32>().prop_map(|v| Tree::Boxed(Value::Int(v))),
        any::<i64>().prop_map(|v| Tree::Boxed(Value::Long(v))),
        any::<u64>().prop_map(|v| Tree::Boxed(Value::Double(f64::from_bits(v)))),
        any::<bool>().prop_map(|v| Tree::Boxed(Value::Boolean(u8::from(v)))),
        any::<u16>().prop_map(|v| Tree::Boxed(Value::Char(v))),
        any::<i64>().prop_map(Tree::Date),
        (any::<i64>(), any::<i64>()).prop_map(|(a, b)| Tree::Uuid(a, b)),
        (
            -1..=1i32,
            prop::collection::vec(1..=255u8, 1..20),
            prop::option::of(-20..20i32)
        )
            .prop_map(|(s, m, scale)| Tree::Big(if s == 0 { 1 } else { s }, m, scale)),
        (
            1900..2100i32,
            1..=12u8,
            1..=28u8,
            0..24u8,
            0..60u8,
            0..60u8,
            0..1_000_000_000i32
        )
            .prop_map(|(year, month, day, hour, minute, second, nano)| {
                Tree::Time(Temporal::LocalDateTime(
                    Date { year, month, day },
                    Time {
                        hour,
                        minute,
                        second,
                        nano,
                    },
                ))
            }),
        prop::sample::select(vec!["RED", "GREEN", "BLUE"]).prop_map(|s| Tree::Enum(s.to_string())),
        prop::collection::vec(any::<i32>(), 0..10).prop_map(Tree::Ints),
    ]
}

fn tree() -> impl Strategy<Value = Tree> {
    leaf().prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            (
                prop::sample::select(LISTS),
                prop::collection::vec(inner.clone(), 0..6)
            )
                .prop_map(|(c, v)| Tree::List(c, v)),
            (
                prop::sample::select(SETS),
                prop::collection::vec(inner.clone(), 0..6)
            )
                .prop_map(|(c, v)| Tree::Set(c, v)),
            (
                prop::sample::select(MAPS),
                prop::collection::vec((inner.clone(), inner.clone()), 0..6)
            )
                .prop_map(|(c, v)| Tree::Map(c, without_nulls(c, v))),
            (any::<i64>(), inner).prop_map(|(id, t)| Tree::Bean(id, Box::new(t))),
        ]
    })
}

/// `Hashtable` and `ConcurrentHashMap` reject null keys and values (Java throws).
fn without_nulls(class: &str, entries: Vec<(Tree, Tree)>) -> Vec<(Tree, Tree)> {
    let null_free = matches!(
        class,
        "java.util.Hashtable" | "java.util.concurrent.ConcurrentHashMap"
    );
    let fill = |t: Tree| {
        if t == Tree::Null {
            Tree::Text(vec![0x30])
        } else {
            t
        }
    };
    if null_free {
        entries
            .into_iter()
            .map(|(k, v)| (fill(k), fill(v)))
            .collect()
    } else {
        entries
    }
}

fn builder() -> Builder {
    let mut b = Builder::new();
    b.define(Descriptor {
        name: BEAN.into(),
        suid: 42,
        flags: 0x02,
        fields: vec![
            (FieldType::Long, "id".into(), None),
            (
                FieldType::Object,
                "payload".into(),
                Some("Ljava/lang/Object;".into()),
            ),
        ],
        super_class: None,
        origin: jsess_model::DescOrigin::Stream,
        unknown: jsess_model::Unknowns::NONE,
    });
    b
}

fn build(b: &mut Builder, tree: &Tree) -> Ref {
    let children =
        |b: &mut Builder, items: &[Tree]| items.iter().map(|t| build(b, t)).collect::<Vec<_>>();
    let id = match tree {
        Tree::Null => return None,
        Tree::Text(units) => b.java_string(JavaString::from_utf16(units)),
        Tree::Boxed(v) => b.boxed(*v).expect("boxed"),
        Tree::Date(millis) => b
            .jdk(&JdkValue::Date {
                class: "java.util.Date",
                millis: *millis,
            })
            .expect("date"),
        Tree::Uuid(most, least) => b
            .jdk(&JdkValue::Uuid {
                most: *most,
                least: *least,
            })
            .expect("uuid"),
        Tree::Big(signum, magnitude, scale) => {
            let unscaled = BigInt {
                signum: *signum,
                magnitude,
            };
            let value = match scale {
                Some(scale) => JdkValue::BigDecimal {
                    unscaled,
                    scale: *scale,
                },
                None => JdkValue::BigInteger(unscaled),
            };
            b.jdk(&value).expect("big number")
        }
        Tree::Time(t) => b.jdk(&JdkValue::Time(*t)).expect("time"),
        Tree::Enum(name) => b.enum_constant(COLOR, name).expect("enum"),
        Tree::Ints(values) => {
            let raw: Vec<u8> = values.iter().flat_map(|v| v.to_be_bytes()).collect();
            b.array(
                "[I",
                Elements::Primitive {
                    ty: FieldType::Int,
                    raw: raw.into(),
                },
            )
            .expect("int[]")
        }
        Tree::List(class, items) | Tree::Set(class, items) => {
            let kind = if matches!(tree, Tree::List(..)) {
                CollectionKind::List
            } else {
                CollectionKind::Set
            };
            let elements = children(b, items);
            b.jdk(&JdkValue::Collection {
                kind,
                class,
                elements,
                comparator: None,
                element_type: None,
            })
            .expect("collection")
        }
        Tree::Map(class, entries) => {
            let entries = entries
                .iter()
                .map(|(k, v)| (build(b, k), build(b, v)))
                .collect();
            b.jdk(&JdkValue::Map {
                class,
                entries,
                comparator: None,
                key_type: None,
                access_order: false,
                defaults: None,
            })
            .expect("map")
        }
        Tree::Bean(id, payload) => {
            let payload = build(b, payload);
            let data = vec![b.serial(&[Value::Long(*id), Value::Ref(payload)], None)];
            b.instance(BEAN, data).expect("bean")
        }
    };
    Some(id)
}

fn read(graph: &Graph<'_>, r: Ref) -> Tree {
    let Some(id) = r else { return Tree::Null };
    if let Some(s) = graph.string(id) {
        return Tree::Text(s.utf16_units().collect());
    }
    let reads = |items: &[Ref]| items.iter().map(|r| read(graph, *r)).collect::<Vec<_>>();
    match interpret(graph, id) {
        Some(JdkValue::Boxed(v)) => Tree::Boxed(v),
        Some(JdkValue::Date { millis, .. }) => Tree::Date(millis),
        Some(JdkValue::Uuid { most, least }) => Tree::Uuid(most, least),
        Some(JdkValue::BigInteger(b)) => Tree::Big(b.signum, b.magnitude.to_vec(), None),
        Some(JdkValue::BigDecimal { unscaled, scale }) => {
            Tree::Big(unscaled.signum, unscaled.magnitude.to_vec(), Some(scale))
        }
        Some(JdkValue::Time(t)) => Tree::Time(t),
        Some(JdkValue::Enum { name, .. }) => Tree::Enum(name.to_string()),
        Some(JdkValue::Collection {
            kind: CollectionKind::List,
            class,
            elements,
            ..
        }) => Tree::List(static_name(LISTS, class), reads(&elements)),
        Some(JdkValue::Collection {
            kind: CollectionKind::Set,
            class,
            elements,
            ..
        }) => Tree::Set(static_name(SETS, class), reads(&elements)),
        Some(JdkValue::Map { class, entries, .. }) => Tree::Map(
            static_name(MAPS, class),
            entries
                .iter()
                .map(|(k, v)| (read(graph, *k), read(graph, *v)))
                .collect(),
        ),
        _ => match graph.node(id) {
            Node::Array(a) => Tree::Ints(
                a.elements
                    .iter()
                    .map(|v| {
                        if let Value::Int(i) = v {
                            i
                        } else {
                            panic!("int[] holds {v:?}")
                        }
                    })
                    .collect(),
            ),
            Node::Object(o) => match graph.class_data(o) {
                [ClassData::Serial { fields, .. }] => match *graph.values(*fields) {
                    [Value::Long(id), Value::Ref(payload)] => {
                        Tree::Bean(id, Box::new(read(graph, payload)))
                    }
                    _ => panic!("bean fields {fields:?}"),
                },
                other => panic!("unexpected object data {other:?}"),
            },
            other => panic!("unexpected node {other:?}"),
        },
    }
}

fn static_name(names: &[&'static str], class: &str) -> &'static str {
    names
        .iter()
        .copied()
        .find(|n| *n == class)
        .unwrap_or_else(|| panic!("unexpected class {class}"))
}

/// Floating point compares by bits (NaN payloads included).
fn same(a: &Tree, b: &Tree) -> bool {
    match (a, b) {
        (Tree::Boxed(x), Tree::Boxed(y)) => x.same(y),
        (Tree::List(c, x), Tree::List(d, y)) | (Tree::Set(c, x), Tree::Set(d, y)) => {
            c == d && x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same(p, q))
        }
        (Tree::Map(c, x), Tree::Map(d, y)) => {
            c == d
                && x.len() == y.len()
                && x.iter()
                    .zip(y)
                    .all(|((k1, v1), (k2, v2))| same(k1, k2) && same(v1, v2))
        }
        (Tree::Bean(i, x), Tree::Bean(j, y)) => i == j && same(x, y),
        (Tree::Big(s1, m1, c1), Tree::Big(s2, m2, c2)) => {
            let strip = |m: &[u8]| {
                m.iter()
                    .skip_while(|b| **b == 0)
                    .copied()
                    .collect::<Vec<_>>()
            };
            s1 == s2 && strip(m1) == strip(m2) && c1 == c2
        }
        _ => a == b,
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn values_survive_a_stream(values in prop::collection::vec(tree(), 1..4)) {
        let mut b = builder();
        for v in &values {
            let r = build(&mut b, v);
            b.write_object(r);
        }
        let bytes = encode(&b.finish()).expect("built stream encodes");
        let stream = decode(&bytes, &Limits::DEFAULT).expect("built stream decodes");
        prop_assert_eq!(encode(&stream).expect("re-encodes"), bytes.clone());
        let tops: Vec<Ref> = stream.contents.iter().filter_map(|c| match c {
            Content::Object(r) => Some(*r),
            _ => None,
        }).collect();
        prop_assert_eq!(tops.len(), values.len());
        for (r, expected) in tops.iter().zip(&values) {
            let actual = read(&stream.graph, *r);
            prop_assert!(same(&actual, expected), "{:?} != {:?}", actual, expected);
        }
    }
}

/// Shared references and cycles built from values stay shared after a stream.
#[test]
fn sharing_and_cycles_survive() {
    let mut b = builder();
    let shared = b.string("shared");
    let list = b
        .jdk(&JdkValue::Collection {
            kind: CollectionKind::List,
            class: "java.util.ArrayList",
            elements: vec![Some(shared), Some(shared)],
            comparator: None,
            element_type: None,
        })
        .expect("list");
    // A bean whose payload is itself.
    let data = b.serial(&[Value::Long(1), Value::Ref(None)], None);
    let bean = b.instance(BEAN, vec![data]).expect("bean");
    b.write_object(Some(list));
    b.write_object(Some(bean));
    let mut stream = b.finish();
    if let Node::Object(o) = *stream.graph.node(bean) {
        if let ClassData::Serial { fields, .. } = stream.graph.class_data(&o)[0] {
            stream.graph.values_mut(fields)[1] = Value::Ref(Some(bean));
        }
    }
    let bytes = encode(&stream).expect("encodes");
    let back = decode(&bytes, &Limits::DEFAULT).expect("decodes");
    let [Content::Object(Some(list)), Content::Object(Some(bean))] = back.contents[..] else {
        panic!("two objects expected");
    };
    let Some(JdkValue::Collection { elements, .. }) = interpret(&back.graph, list) else {
        panic!("list")
    };
    assert_eq!(elements[0], elements[1], "shared string is one node");
    let Node::Object(o) = back.graph.node(bean) else {
        panic!("bean")
    };
    let ClassData::Serial { fields, .. } = &back.graph.class_data(o)[0] else {
        panic!("serial data")
    };
    let fields = back.graph.values(*fields);
    assert_eq!(fields[1], Value::Ref(Some(bean)), "self-reference kept");
    let _: NodeId = bean;
}

proptest! {
    /// `boxed_int` is `interpret`'s answer for an `Integer` and nothing for any other box.
    #[test]
    fn boxed_int_agrees_with_interpret(pick in 0usize..6, n in any::<i32>()) {
        let value = [
            Value::Int(n),
            Value::Long(i64::from(n)),
            Value::Short(n as i16),
            Value::Byte(n as i8),
            Value::Double(f64::from(n)),
            Value::Boolean(u8::from(n % 2 == 0)),
        ][pick];
        let mut b = builder();
        let id = b.boxed(value).expect("box");
        b.write_object(Some(id));
        let bytes = encode(&b.finish()).expect("encodes");
        let back = decode(&bytes, &Limits::DEFAULT).expect("decodes");
        let [Content::Object(Some(id))] = back.contents[..] else {
            panic!("one object expected");
        };
        let interpreted = match interpret(&back.graph, id) {
            Some(JdkValue::Boxed(Value::Int(n))) => Some(n),
            _ => None,
        };
        prop_assert_eq!(boxed_int(&back.graph, id), interpreted);
        prop_assert_eq!(interpreted.is_some(), pick == 0);
    }
}
