//! Hostile XML gets a typed error: no panic, no unbounded allocation, no entity expansion.

use jsess_classpath::Schemas;
use jsess_model::{Limit, Limits};
use jsess_xstream::{decode, Error};

fn read(xml: &[u8], limits: &Limits) -> Result<usize, Error> {
    decode(xml, &Default::default(), &Schemas::new(), limits).map(|d| d.attributes.len())
}

fn entry(value: &str) -> String {
    format!("<concurrent-hash-map><entry><string>a</string>{value}</entry></concurrent-hash-map>")
}

#[test]
fn billion_laughs_is_refused_before_any_expansion() {
    let xml = br#"<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<concurrent-hash-map><entry><string>a</string><string>&lol3;</string></entry></concurrent-hash-map>"#;
    assert!(matches!(
        read(xml, &Limits::DEFAULT),
        Err(Error::Xml(jsess_xml::Error::Doctype { .. }))
    ));
}

#[test]
fn undefined_entities_are_refused() {
    let xml = entry("<string>&lol;</string>");
    assert!(matches!(
        read(xml.as_bytes(), &Limits::DEFAULT),
        Err(Error::Xml(jsess_xml::Error::Xml { .. }))
    ));
}

#[test]
fn deep_nesting_hits_the_depth_limit() {
    let depth = 200_000;
    let mut xml = String::from("<concurrent-hash-map><entry><string>a</string>");
    xml.push_str(&"<list>".repeat(depth));
    xml.push_str(&"</list>".repeat(depth));
    xml.push_str("</entry></concurrent-hash-map>");
    let err = read(xml.as_bytes(), &Limits::DEFAULT).expect_err("too deep");
    assert!(
        matches!(
            err,
            Error::Limit {
                limit: Limit::Depth,
                ..
            }
        ),
        "{err}"
    );
}

#[test]
fn deep_nesting_within_limits_builds_without_overflowing_the_stack() {
    let depth = 5_000;
    let mut xml = String::from("<concurrent-hash-map><entry><string>a</string>");
    xml.push_str(&"<list>".repeat(depth));
    xml.push_str(&"</list>".repeat(depth));
    xml.push_str("</entry></concurrent-hash-map>");
    assert_eq!(
        read(xml.as_bytes(), &Limits::DEFAULT).expect("nested lists"),
        1
    );
}

#[test]
fn huge_element_counts_hit_the_handle_limit() {
    let limits = Limits {
        max_handles: 1000,
        ..Limits::DEFAULT
    };
    let xml = entry(&format!("<list>{}</list>", "<null/>".repeat(5000)));
    let err = read(xml.as_bytes(), &limits).expect_err("too many");
    assert!(
        matches!(
            err,
            Error::Limit {
                limit: Limit::Handles,
                ..
            }
        ),
        "{err}"
    );
}

/// Objects of a class known only by the XML, as wide as one may be (1,024 fields), many of
/// them: each field is found by name in constant time, where looking along the class's fields
/// for every child made it quadratic; every value lands in its field.
#[test]
fn wide_classes_known_only_by_the_xml_read_every_field() {
    let fields = 1024;
    let objects = 30;
    let object: String = (0..fields)
        .map(|i| format!("<f{i}>{i}</f{i}>"))
        .collect::<String>();
    let object = format!("<com.shop.Wide>{object}</com.shop.Wide>");
    let xml = entry(&format!("<list>{}</list>", object.repeat(objects)));
    let read = decode(
        xml.as_bytes(),
        &Default::default(),
        &Schemas::new(),
        &Limits::DEFAULT,
    )
    .expect("wide objects read");
    let graph = read.builder.graph();
    let wide: Vec<_> = graph
        .iter()
        .filter_map(|(id, node)| match node {
            jsess_model::Node::Object(_) => graph.field(id, "f1000").map(|v| (id, v)),
            _ => None,
        })
        .collect();
    assert_eq!(wide.len(), objects);
    for (id, _) in &wide {
        for i in [0, 17, 512, 1023] {
            let value = graph.field(*id, &format!("f{i}")).expect("field");
            let jsess_model::Value::Ref(Some(text)) = value else {
                panic!("f{i}: {value:?}");
            };
            assert_eq!(
                graph.string(text).map(|s| s.to_string()),
                Some(i.to_string()),
                "f{i}"
            );
        }
    }
}

#[test]
fn long_arrays_hit_the_array_limit() {
    let limits = Limits {
        max_array_length: 10,
        ..Limits::DEFAULT
    };
    let xml = entry(&format!(
        "<int-array>{}</int-array>",
        "<int>1</int>".repeat(11)
    ));
    let err = read(xml.as_bytes(), &limits).expect_err("too long");
    assert!(
        matches!(
            err,
            Error::Limit {
                limit: Limit::ArrayLength,
                ..
            }
        ),
        "{err}"
    );
    let xml = entry(&format!("<byte-array>{}</byte-array>", "AAAA".repeat(100)));
    assert!(matches!(
        read(xml.as_bytes(), &limits),
        Err(Error::Limit { .. })
    ));
}

#[test]
fn oversized_input_and_strings_hit_their_limits() {
    let limits = Limits {
        max_stream_bytes: 100,
        ..Limits::DEFAULT
    };
    let xml = entry(&format!("<string>{}</string>", "x".repeat(200)));
    assert!(matches!(
        read(xml.as_bytes(), &limits),
        Err(Error::Limit {
            limit: Limit::StreamBytes,
            ..
        })
    ));
    let limits = Limits {
        max_string_bytes: 100,
        ..Limits::DEFAULT
    };
    assert!(matches!(
        read(xml.as_bytes(), &limits),
        Err(Error::Limit {
            limit: Limit::StringBytes,
            ..
        })
    ));
}

#[test]
fn bad_references_are_refused() {
    for value in [
        r#"<list reference="../../entry[7]/list"/>"#, // names nothing
        r#"<list reference="../../../../../.."/>"#,   // above the root
        r#"<list><list reference="../../list[2]"/></list><list/>"#, // forward
        r#"<list><string>x</string><string reference="../string"/></list>"#, // to a string... fine?
    ] {
        let xml = entry(value);
        let result = read(xml.as_bytes(), &Limits::DEFAULT);
        assert!(
            matches!(
                result,
                Err(Error::BadReference { .. }) | Err(Error::Shape { .. })
            ),
            "{value}: {result:?}"
        );
    }
    // A reference to a reference, and to an immutable value XStream never shares.
    let xml =
        entry(r#"<list><list/><list reference="../list"/><list reference="../list[2]"/></list>"#);
    assert!(matches!(
        read(xml.as_bytes(), &Limits::DEFAULT),
        Err(Error::BadReference { .. })
    ));
    let xml = entry(r#"<list><int>5</int><int reference="../int"/></list>"#);
    assert!(read(xml.as_bytes(), &Limits::DEFAULT).is_err());
}

#[test]
fn a_cycle_through_a_reference_to_an_ancestor_is_one_object() {
    let xml = entry(r#"<list><string>a</string><list reference=".."/></list>"#);
    let decoded = decode(
        xml.as_bytes(),
        &Default::default(),
        &Schemas::new(),
        &Limits::DEFAULT,
    )
    .expect("cycle");
    let id = decoded.attributes[0].1.expect("value");
    let graph = decoded.builder.graph();
    match jsess_javaser::jdk::interpret(graph, id) {
        Some(jsess_model::JdkValue::Collection { elements, .. }) => {
            assert_eq!(elements[1], Some(id));
        }
        other => panic!("{other:?}"),
    }
}

/// A class no descriptor describes is read by what its XML shows (`tests/untyped.rs` has the
/// rest); a name that is no Java class name is refused.
#[test]
fn application_classes_without_a_descriptor_are_read_or_refused_by_name() {
    let xml = entry(
        r#"<com.shop.Cart><total>5</total><owner class="string">ann</owner></com.shop.Cart>"#,
    );
    assert!(read(xml.as_bytes(), &Limits::DEFAULT).is_ok());
    let xml = entry("<com.shop.Cart><items><string>a</string></items></com.shop.Cart>");
    assert!(read(xml.as_bytes(), &Limits::DEFAULT).is_ok());
    let xml = entry("<com.1shop><a>1</a></com.1shop>");
    assert!(read(xml.as_bytes(), &Limits::DEFAULT).is_err());
}

#[test]
fn malformed_documents_are_refused() {
    for xml in [
        "",
        "<concurrent-hash-map>",
        "<concurrent-hash-map><entry></concurrent-hash-map>",
        "<map/>",
        "<concurrent-hash-map/><concurrent-hash-map/>",
        "<concurrent-hash-map><entry><string>a</string></entry></concurrent-hash-map>",
        "<concurrent-hash-map><entry><int>1</int><string>a</string></entry></concurrent-hash-map>",
        "<concurrent-hash-map><entry><string>a</string><null/></entry></concurrent-hash-map>",
        "<concurrent-hash-map><entry><string>a</string><int>x</int></entry></concurrent-hash-map>",
        "<concurrent-hash-map><entry><string>a</string><date>yesterday</date></entry></concurrent-hash-map>",
        "<concurrent-hash-map>\u{0}</concurrent-hash-map>",
    ] {
        assert!(read(xml.as_bytes(), &Limits::DEFAULT).is_err(), "{xml:?}");
    }
    assert!(read(&[0x3c, 0xff, 0xfe], &Limits::DEFAULT).is_err());
}

/// A class XStream's XML says is its own superclass (`defined-in` naming itself), or a
/// custom form naming a class twice, is refused by name, not followed in a cycle.
#[test]
fn hierarchies_that_loop_are_refused() {
    for xml in [
        r#"<com.shop.A><a defined-in="com.shop.A">1</a><a>2</a></com.shop.A>"#,
        r#"<com.shop.A serialization="custom"><com.shop.B><default/></com.shop.B><com.shop.A><default/></com.shop.A><com.shop.B><default/></com.shop.B></com.shop.A>"#,
        r#"<com.shop.A serialization="custom"><com.shop.A><default/></com.shop.A><com.shop.A><default/></com.shop.A></com.shop.A>"#,
    ] {
        let xml = entry(xml);
        match read(xml.as_bytes(), &Limits::DEFAULT) {
            Err(Error::UnknownClass { class, .. }) | Err(Error::Shape { class, .. }) => {
                assert_eq!(class, "com.shop.A", "{xml}")
            }
            other => panic!("{xml}: {other:?}"),
        }
    }
}
