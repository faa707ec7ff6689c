//! Hostile XML gets a typed error: no panic, no unbounded allocation, no entity expansion, no
//! reference to an object not read yet.

use jsess_javolution::{decode, Error};
use jsess_model::{Limit, Limits};

fn read(xml: &[u8], limits: &Limits) -> Result<usize, Error> {
    decode(xml, &Default::default(), limits).map(|d| d.attributes.len())
}

/// One attribute `a` with `value` as its `<v>` element.
fn attribute(value: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" ?><attributes class="java.util.concurrent.ConcurrentHashMap" __id="0" size="1"><k class="java.lang.String" __id="1" value="a"/>{value}</attributes>"#
    )
}

fn list(depth: usize) -> String {
    let mut xml = String::from(r#"<v class="java.util.ArrayList" size="1">"#);
    xml.push_str(&"<java.util.ArrayList>".repeat(depth));
    xml.push_str(&"</java.util.ArrayList>".repeat(depth));
    xml.push_str("</v>");
    attribute(&xml)
}

#[test]
fn a_real_document_reads() {
    let xml = attribute(
        r#"<v class="java.util.ArrayList" __id="2" size="2"><java.lang.Integer value="7"/><java.util.ArrayList __ref="2"/></v>"#,
    );
    assert_eq!(read(xml.as_bytes(), &Limits::DEFAULT).expect("reads"), 1);
}

#[test]
fn billion_laughs_is_refused_before_any_expansion() {
    let xml = br#"<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<attributes class="java.util.concurrent.ConcurrentHashMap"><k class="java.lang.String" value="a"/><v class="java.lang.String" value="&lol3;"/></attributes>"#;
    assert!(matches!(
        read(xml, &Limits::DEFAULT),
        Err(Error::Xml(jsess_xml::Error::Doctype { .. }))
    ));
}

#[test]
fn undefined_entities_are_refused() {
    let xml = attribute(r#"<v class="java.lang.String" value="&lol;"/>"#);
    assert!(matches!(
        read(xml.as_bytes(), &Limits::DEFAULT),
        Err(Error::Xml(jsess_xml::Error::Xml { .. }))
    ));
}

#[test]
fn deep_nesting_hits_the_depth_limit() {
    let err = read(list(200_000).as_bytes(), &Limits::DEFAULT).expect_err("too deep");
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
    assert_eq!(
        read(list(5_000).as_bytes(), &Limits::DEFAULT).expect("nested lists"),
        1
    );
}

#[test]
fn huge_element_counts_hit_the_handle_limit() {
    let limits = Limits {
        max_handles: 1000,
        ..Limits::DEFAULT
    };
    let xml = attribute(&format!(
        r#"<v class="java.util.ArrayList">{}</v>"#,
        "<Null/>".repeat(5000)
    ));
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

#[test]
fn a_claimed_array_length_allocates_nothing_before_the_elements_exist() {
    let xml = attribute(r#"<v class="[I" length="2000000000"/>"#);
    let err = read(xml.as_bytes(), &Limits::DEFAULT).expect_err("length");
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
    let xml = attribute(r#"<v class="[I" length="3"><java.lang.Integer value="1"/></v>"#);
    assert!(matches!(
        read(xml.as_bytes(), &Limits::DEFAULT),
        Err(Error::Shape { .. })
    ));
}

#[test]
fn references_must_name_an_earlier_id() {
    // Forward: Javolution resolves a __ref against the ids read so far.
    let xml = attribute(
        r#"<v class="java.util.ArrayList" size="2"><java.lang.String __ref="9"/><java.lang.String __id="9" value="x"/></v>"#,
    );
    assert!(matches!(
        read(xml.as_bytes(), &Limits::DEFAULT),
        Err(Error::BadReference { .. })
    ));
    let xml = attribute(r#"<v class="java.lang.String" __ref="nowhere"/>"#);
    assert!(matches!(
        read(xml.as_bytes(), &Limits::DEFAULT),
        Err(Error::BadReference { .. })
    ));
    let xml = attribute(r#"<v class="java.util.ArrayList" __id="1" size="0"/>"#);
    assert!(matches!(
        read(xml.as_bytes(), &Limits::DEFAULT),
        Err(Error::Shape { .. })
    ));
}

#[test]
fn too_many_references_hit_the_limit() {
    let limits = Limits {
        max_back_references: 10,
        ..Limits::DEFAULT
    };
    let refs = r#"<java.util.ArrayList __ref="2"/>"#.repeat(50);
    let xml = attribute(&format!(
        r#"<v class="java.util.ArrayList" __id="2" size="50">{refs}</v>"#
    ));
    let err = read(xml.as_bytes(), &limits).expect_err("too many");
    assert!(
        matches!(
            err,
            Error::Limit {
                limit: Limit::BackReferences,
                ..
            }
        ),
        "{err}"
    );
}

/// A class no descriptor describes is read by the names the XML shows (its attributes as
/// text, its child elements as the values they are); a name that is no Java class name is
/// refused, naming it.
#[test]
fn unknown_classes_are_read_by_what_the_xml_shows() {
    let xml = attribute(r#"<v class="com.evil.Gadget" __id="2" cmd="rm -rf /"/>"#);
    let decoded =
        decode(xml.as_bytes(), &Default::default(), &Limits::DEFAULT).expect("read by its names");
    let graph = decoded.builder.graph();
    let id = decoded.attributes[0].1.expect("a value");
    let jsess_model::Node::Object(o) = graph.node(id) else {
        panic!("not an object")
    };
    let desc = graph.class_desc(o.class).expect("descriptor");
    assert_eq!(desc.display_name(), "com.evil.Gadget");
    assert_eq!(desc.origin, jsess_model::DescOrigin::Inferred);
    let jsess_model::ClassData::Serial { fields, .. } = &graph.class_data(o)[0] else {
        panic!("no fields")
    };
    let jsess_model::Value::Ref(Some(text)) = graph.values(*fields)[0] else {
        panic!("no text")
    };
    assert_eq!(
        graph.string(text).map(|s| s.to_string_lossy().into_owned()),
        Some("rm -rf /".to_string())
    );
    for bad in ["com..Gadget", "1abc", "a/b"] {
        let xml = attribute(&format!(r#"<v class="{bad}" __id="2" cmd="x"/>"#));
        match read(xml.as_bytes(), &Limits::DEFAULT) {
            Err(Error::UnknownClass { class, .. }) => assert_eq!(class, bad),
            other => panic!("{bad}: {other:?}"),
        }
    }
    let xml = attribute(
        r#"<v class="java.util.UUID" __id="2" mostSigBits="1" leastSigBits="2" extra="3"/>"#,
    );
    assert!(read(xml.as_bytes(), &Limits::DEFAULT).is_ok());
}

#[test]
fn malformed_values_are_shape_errors() {
    for v in [
        r#"<v class="java.lang.Integer" value="12x"/>"#,
        r#"<v class="java.lang.Integer"/>"#,
        r#"<v class="java.lang.Character" value="ab"/>"#,
        r#"<v class="java.lang.Double" value="inf"/>"#,
        r#"<v class="java.util.ArrayList" size="3"><Null/></v>"#,
        r#"<v class="java.lang.Boolean" value="yes"/>"#,
    ] {
        let xml = attribute(v);
        assert!(
            matches!(
                read(xml.as_bytes(), &Limits::DEFAULT),
                Err(Error::Shape { .. })
            ),
            "{v}"
        );
    }
}

#[test]
fn structure_errors_are_typed() {
    for xml in [
        "".to_string(),
        "<attributes>".to_string(),
        "<attributes></other>".to_string(),
        "<list/>".to_string(),
        attribute("<v class=\"java.lang.String\" value=\"a\"/><extra/>"),
        "<attributes/><attributes/>".to_string(),
    ] {
        let result = read(xml.as_bytes(), &Limits::DEFAULT);
        assert!(result.is_err(), "{xml:?} → {result:?}");
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

    /// Truncations and byte flips of a real document never panic.
    #[test]
    fn mutations_of_a_document_never_panic(cut in 0usize..400, flip in 0usize..400, byte in 0u8..=255) {
        let xml = attribute(r#"<v class="java.util.HashMap" __id="2" size="2"><k class="java.lang.String" __ref="1"/><v class="[Ljava.lang.String;" __id="3" type="array" componentType="java.lang.String" length="2"><java.lang.String __id="4" value="x&lt;&#10;"/><Null/></v><k class="java.lang.Integer" value="1"/></v>"#);
        let mut bytes = xml.into_bytes();
        let i = flip % bytes.len();
        bytes[i] = byte;
        bytes.truncate(cut.max(1).min(bytes.len()));
        let _ = read(&bytes, &Limits::DEFAULT);
    }
}

/// An object of a class known only by the XML is written back as the XML showed it: its text
/// fields as attributes, a `String` held in a field the binding wrote as an element (declared
/// `Object`) as that element, a field one element leaves out (null) left out again.
#[test]
fn objects_known_only_by_the_xml_are_written_back_as_shown() {
    let xml = r#"<?xml version="1.0" encoding="UTF-8" ?><attributes class="java.util.concurrent.ConcurrentHashMap" __id="0" size="2"><k class="java.lang.String" __id="1" value="a"/><v class="com.shop.Note" __id="2" title="hi"><body class="java.lang.String" __id="3" value="text"/></v><k class="java.lang.String" __id="4" value="b"/><v class="com.shop.Note" __id="5"><body class="java.lang.Integer" value="7"/></v></attributes>"#;
    let decoded = decode(xml.as_bytes(), &Default::default(), &Limits::DEFAULT).expect("reads");
    let written = jsess_javolution::write::encode(
        decoded.builder.graph(),
        &decoded.attributes,
        &Default::default(),
    )
    .expect("writes");
    assert_eq!(String::from_utf8_lossy(&written), xml);
}
