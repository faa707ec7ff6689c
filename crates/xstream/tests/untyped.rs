//! Classes no descriptor or layout describes are read by what their elements show; what XStream
//! wrote by a field's declared type is kept as an untyped element and written back as it was.

use jsess_classpath::Schemas;
use jsess_javaser::jdk::{untyped_children, UNTYPED_CLASS};
use jsess_model::{Limits, Node, Unknowns};
use jsess_xstream::{decode, encode, Decoded, Error};

fn document(value: &str) -> String {
    format!(
        "<concurrent-hash-map>\n  <entry>\n    <string>a</string>\n{value}\n  </entry>\n</concurrent-hash-map>"
    )
}

fn read(xml: &str) -> Result<Decoded, Error> {
    decode(
        xml.as_bytes(),
        &Default::default(),
        &Schemas::new(),
        &Limits::DEFAULT,
    )
}

/// Reads `xml` and writes it back.
fn round_trip(xml: &str) -> String {
    let mut decoded = read(xml).unwrap_or_else(|e| panic!("{e}\n{xml}"));
    let attributes: Vec<_> = decoded
        .attributes
        .iter()
        .map(|(n, v)| (decoded.builder.string(n), *v))
        .collect();
    let encoded = encode(decoded.builder.graph(), &attributes, &Schemas::new()).expect("encode");
    String::from_utf8(encoded.xml).expect("utf-8")
}

#[test]
fn fields_written_by_their_declared_type_write_back_as_they_were() {
    let cases = [
        // A nested bean, a list of beans, a map, an empty collection and an empty string.
        r#"    <com.shop.Cart>
      <items>
        <com.shop.LineItem>
          <sku>A-1</sku>
        </com.shop.LineItem>
        <com.shop.LineItem>
          <sku>B-2</sku>
          <note></note>
        </com.shop.LineItem>
      </items>
      <byName>
        <entry>
          <string>x</string>
          <int>1</int>
        </entry>
      </byName>
      <tags/>
      <label></label>
      <deliverTo>
        <street>1 Main Street</street>
        <geo>
          <lat>1.5</lat>
        </geo>
      </deliverTo>
      <billTo reference="../deliverTo"/>
      <owner class="linked-list">
        <null/>
        <string>x</string>
      </owner>
    </com.shop.Cart>"#,
        // A list holding nulls, a value of another class than the field's (with its class),
        // and escaped names.
        r#"    <com.shop.Outer_-Inner>
      <my__field>
        <null/>
        <com.shop.Outer_-Inner>
          <x>1</x>
        </com.shop.Outer_-Inner>
        <string-array>
          <string>s</string>
        </string-array>
      </my__field>
      <other>
        <thing class="com.shop.Special">
          <y>2</y>
        </thing>
        <text class="string">t</text>
      </other>
    </com.shop.Outer_-Inner>"#,
    ];
    for value in cases.into_iter().chain(HIERARCHIES) {
        let xml = document(value);
        assert_eq!(round_trip(&xml), xml);
    }
}

/// Classes the XML shows more of than their fields: a superclass (`defined-in` on a field a
/// field of the class hides), an inner class's enclosing instance, and the custom form of a
/// class with `writeObject` (its sections superclass first, typed data after the fields).
const HIERARCHIES: [&str; 3] = [
    r#"    <com.shop.DigitalItem>
      <name defined-in="com.shop.Item">E-book</name>
      <stock>100</stock>
      <name>bundle.zip</name>
      <url>https://cdn.example.com/b</url>
    </com.shop.DigitalItem>"#,
    r#"    <com.shop.Checkout_-Payment>
      <method>card</method>
      <outer-class>
        <step>payment</step>
      </outer-class>
    </com.shop.Checkout_-Payment>"#,
    r#"    <com.shop.History serialization="custom">
      <com.shop.Base>
        <default>
          <owner>ann</owner>
        </default>
      </com.shop.Base>
      <com.shop.History>
        <default>
          <user>alice</user>
        </default>
        <int>2</int>
        <string>203.0.113.7</string>
        <null/>
      </com.shop.History>
    </com.shop.History>"#,
];

#[test]
fn untyped_elements_hold_their_children_by_name() {
    let xml = document(
        r#"    <com.shop.Cart>
      <deliverTo>
        <street>1 Main Street</street>
      </deliverTo>
      <tags/>
    </com.shop.Cart>"#,
    );
    let decoded = read(&xml).expect("reads");
    let graph = decoded.builder.graph();
    let (untyped, desc): (Vec<_>, Vec<_>) = graph
        .iter()
        .filter_map(|(id, node)| match node {
            Node::Object(o) => untyped_children(graph, id).map(|c| (c, o.class)),
            _ => None,
        })
        .unzip();
    assert_eq!(untyped.len(), 2);
    let first = &untyped[0];
    assert_eq!(first.len(), 1);
    assert_eq!(
        graph
            .string(first[0].name)
            .and_then(|s| s.to_str())
            .as_deref(),
        Some("street")
    );
    assert!(untyped[1].is_empty());
    let d = graph.class_desc(desc[0]).expect("descriptor");
    assert_eq!(d.display_name(), UNTYPED_CLASS);
    assert!(d.unknown.contains(Unknowns::CLASS));
}

#[test]
fn what_only_a_class_layout_can_read_is_refused_by_name() {
    for (value, class) in [
        // Fields placed in two superclasses by name: only the class files give the hierarchy.
        (
            r#"<com.shop.Cart><id defined-in="com.shop.Base">1</id><id defined-in="com.shop.Mid">2</id><id>3</id></com.shop.Cart>"#,
            "com.shop.Cart",
        ),
        // writeObject data of a class the XML does not name.
        (
            r#"<com.shop.Cart><items serialization="custom"><com.shop.Items><default/></com.shop.Items></items></com.shop.Cart>"#,
            UNTYPED_CLASS,
        ),
        // A custom-form section of a class after the object's own.
        (
            r#"<com.shop.Cart serialization="custom"><com.shop.Cart><default/></com.shop.Cart><com.shop.Base><default/></com.shop.Base></com.shop.Cart>"#,
            "com.shop.Cart",
        ),
        // Text beside elements is no form XStream writes.
        (
            r#"<com.shop.Cart><items>text<a>1</a></items></com.shop.Cart>"#,
            UNTYPED_CLASS,
        ),
    ] {
        match read(&document(value)) {
            Err(Error::UnknownClass { class: c, .. }) | Err(Error::Shape { class: c, .. }) => {
                assert_eq!(c, class, "{value}")
            }
            Err(Error::Xml(_)) if class == UNTYPED_CLASS => {}
            other => panic!("{value}: {other:?}"),
        }
    }
}

#[test]
fn class_objects_need_only_their_names() {
    for class in [
        "java.lang.Runtime",
        "java.lang.Object",
        "[Ljava.lang.Object;",
        "[Ljava.lang.Class;",
        "com.shop.Unknown",
        "[Lcom.shop.Unknown;",
        "[[I",
    ] {
        // (an array of an application class: its serialVersionUID depends on whether the
        // class is public, which only the class file says)
        let xml = document(&format!("    <java-class>{class}</java-class>"));
        assert_eq!(round_trip(&xml), xml, "{class}");
    }
}

#[test]
fn arrays_of_classes_known_only_by_the_xml() {
    let xml = document(
        r#"    <com.shop.Item-array>
      <com.shop.Item>
        <a>1</a>
      </com.shop.Item>
      <null/>
    </com.shop.Item-array>"#,
    );
    assert_eq!(round_trip(&xml), xml);
}
