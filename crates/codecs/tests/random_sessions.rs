//! Property: random sessions (envelope fields, attributes of JDK values and application
//! objects, shared values) come back from every codec, with and without a dictionary, as the
//! same msm-java bytes.

use std::borrow::Cow;
use std::sync::Arc;

use jsess_codecs::{Compact, Dictionary, Format};
use jsess_javaser::jdk::{Builder, Descriptor};
use jsess_javaser::{encode, Limits};
use jsess_model::jdk::CollectionKind;
use jsess_model::{Codec, Envelope, FieldType, JdkValue, Ref, Session, Value};
use proptest::prelude::*;

#[derive(Debug, Clone)]
enum Attr {
    Text(String),
    Int(i32),
    Long(i64),
    Date(i64),
    List(Vec<String>),
    Map(Vec<(String, i32)>),
    Bean(i64, String),
    /// The value of an earlier attribute again (a shared reference).
    Same(usize),
}

fn attr() -> impl Strategy<Value = Attr> {
    prop_oneof![
        "[a-zA-Z0-9 é€\u{1F600}]{0,12}".prop_map(Attr::Text),
        any::<i32>().prop_map(Attr::Int),
        any::<i64>().prop_map(Attr::Long),
        any::<i64>().prop_map(Attr::Date),
        prop::collection::vec("[a-z]{0,6}", 0..5).prop_map(Attr::List),
        prop::collection::vec(("[a-z]{1,6}", any::<i32>()), 0..5).prop_map(Attr::Map),
        (any::<i64>(), "[a-z]{0,8}").prop_map(|(i, s)| Attr::Bean(i, s)),
        (0..8usize).prop_map(Attr::Same),
    ]
}

fn session_strategy() -> impl Strategy<Value = (Envelope<'static>, Vec<(String, Attr)>)> {
    let envelope = (
        (
            any::<i64>(),
            any::<i64>(),
            any::<i32>(),
            any::<u8>(),
            any::<u8>(),
        ),
        (
            any::<i64>(),
            any::<i64>(),
            "[0-9A-F]{32}(\\.[a-z0-9]{1,8})?",
            0..=4u16,
            1..=2u16,
        ),
    )
        .prop_map(
            |(
                (created, accessed, interval, is_new, is_valid),
                (this, backup, id, auth, version),
            )| Envelope {
                version,
                creation_time: created,
                last_accessed_time: accessed,
                max_inactive_interval: interval,
                is_new,
                is_valid,
                this_accessed_time: this,
                last_backup_time: backup,
                id: Cow::Owned(id.into_bytes()),
                auth_type: auth,
                principal: Cow::Borrowed(b""),
                saved_request: Cow::Borrowed(b""),
                saved_principal: Cow::Borrowed(b""),
                padding: Cow::Borrowed(b""),
            },
        );
    (
        envelope,
        prop::collection::vec(("[a-zA-Z_.]{1,16}", attr()), 0..8),
    )
}

fn build(attributes: &[(String, Attr)]) -> jsess_model::Stream<'static> {
    let mut b = Builder::new();
    b.define(Descriptor {
        name: "com.example.Cart".into(),
        suid: 7,
        flags: 0x02,
        fields: vec![
            (FieldType::Long, "id".into(), None),
            (
                FieldType::Object,
                "owner".into(),
                Some("Ljava/lang/String;".into()),
            ),
        ],
        super_class: None,
        origin: jsess_model::DescOrigin::Stream,
        unknown: jsess_model::Unknowns::NONE,
    });
    let mut values: Vec<Ref> = Vec::new();
    for (_, a) in attributes {
        let value = match a {
            Attr::Text(s) => Some(b.string(s)),
            Attr::Int(v) => Some(b.boxed(Value::Int(*v)).expect("int")),
            Attr::Long(v) => Some(b.boxed(Value::Long(*v)).expect("long")),
            Attr::Date(ms) => Some(
                b.jdk(&JdkValue::Date {
                    class: "java.util.Date",
                    millis: *ms,
                })
                .expect("date"),
            ),
            Attr::List(items) => {
                let elements = items.iter().map(|s| Some(b.string(s))).collect();
                let list = JdkValue::Collection {
                    kind: CollectionKind::List,
                    class: "java.util.ArrayList",
                    elements,
                    comparator: None,
                    element_type: None,
                };
                Some(b.jdk(&list).expect("list"))
            }
            Attr::Map(entries) => {
                let entries = entries
                    .iter()
                    .map(|(k, v)| {
                        (
                            Some(b.string(k)),
                            Some(b.boxed(Value::Int(*v)).expect("int")),
                        )
                    })
                    .collect();
                let map = JdkValue::Map {
                    class: "java.util.HashMap",
                    entries,
                    comparator: None,
                    key_type: None,
                    access_order: false,
                    defaults: None,
                };
                Some(b.jdk(&map).expect("map"))
            }
            Attr::Bean(id, owner) => {
                let owner = b.string(owner);
                let data = vec![b.serial(&[Value::Long(*id), Value::Ref(Some(owner))], None)];
                Some(b.instance("com.example.Cart", data).expect("bean"))
            }
            Attr::Same(i) => values.get(*i).copied().flatten(),
        };
        values.push(value);
    }
    let pairs: Vec<(&str, Ref)> = attributes
        .iter()
        .map(|(n, _)| n.as_str())
        .zip(values)
        .collect();
    jsess_msm_attributes(&mut b, &pairs);
    b.finish()
}

/// msm's framing (the msm crate depends on this one, so it is restated here): the count, then
/// name/value pairs.
fn jsess_msm_attributes(b: &mut Builder, pairs: &[(&str, Ref)]) {
    let count = b.boxed(Value::Int(pairs.len() as i32)).expect("count");
    b.write_object(Some(count));
    for (name, value) in pairs {
        let name = b.string(name);
        b.write_object(Some(name));
        b.write_object(*value);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn random_sessions_survive_every_codec((envelope, attributes) in session_strategy()) {
        let session = Session { envelope, attributes: build(&attributes) };
        let java = encode(&session.attributes).expect("java");
        let dictionary = Arc::new(Dictionary::build([&session]));
        for format in Format::ALL {
            for codec in [Compact::new(format), Compact::with_dictionary(format, Arc::clone(&dictionary))] {
                let blob = codec.encode(&session).expect("encode");
                let back = codec.decode(&blob, &Limits::DEFAULT).expect("decode");
                prop_assert_eq!(&back.envelope, &session.envelope);
                prop_assert_eq!(encode(&back.attributes).expect("java"), java.clone());
            }
        }
    }
}
