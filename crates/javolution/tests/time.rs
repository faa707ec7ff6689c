//! `java.time` values in msm's reflection format, in the shape real msm wrote them
//! (`corpora/javolution/jdk_types.bin`): the kinds msm reads back intact are values and are
//! written back to the same XML; a `ZonedDateTime` (its `ZoneOffset`'s id is transient) stays
//! an object of the fields the XML shows.

use jsess_javaser::jdk::interpret;
use jsess_javolution::read::decode;
use jsess_javolution::write::encode;
use jsess_model::jdk::{JdkValue, Temporal};
use jsess_model::Limits;

/// An `<attributes>` map of the given `(name, value element)` pairs, numbered as Javolution
/// numbers them: the root 0, then every element in document order.
fn document(pairs: &[(&str, &str)]) -> String {
    let mut body = String::new();
    for (name, value) in pairs {
        body.push_str(&format!(
            r#"<k class="java.lang.String" __id="{{}}" value="{name}"/>{value}"#
        ));
    }
    let mut out = String::new();
    for (n, part) in body.split("{}").enumerate() {
        if n > 0 {
            out.push_str(&n.to_string());
        }
        out.push_str(part);
    }
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" ?><attributes class="java.util.concurrent.ConcurrentHashMap" __id="0" size="{}">{}</attributes>"#,
        pairs.len(),
        out
    )
}

#[test]
fn reflected_java_time_values_read_and_write_back() {
    let xml = document(&[
        (
            "localDateTime",
            r#"<v class="java.time.LocalDateTime" __id="{}"><date class="java.time.LocalDate" __id="{}" year="2023" month="11" day="14"/><time class="java.time.LocalTime" __id="{}" hour="22" minute="13" second="20" nano="0"/></v>"#,
        ),
        (
            "instant",
            r#"<v class="java.time.Instant" __id="{}" seconds="1700000000" nanos="456000000"/>"#,
        ),
        (
            "duration",
            r#"<v class="java.time.Duration" __id="{}" seconds="5400" nanos="0"/>"#,
        ),
        (
            "zone",
            r#"<v class="java.time.ZoneRegion" __id="{}" id="America/New_York"/>"#,
        ),
        (
            "localDate",
            r#"<v class="java.time.LocalDate" __id="{}" year="2023" month="11" day="14"/>"#,
        ),
        (
            "period",
            r#"<v class="java.time.Period" __id="{}" years="1" months="2" days="3"/>"#,
        ),
        (
            "localTime",
            r#"<v class="java.time.LocalTime" __id="{}" hour="8" minute="30" second="0" nano="0"/>"#,
        ),
    ]);
    let decoded = decode(xml.as_bytes(), &Default::default(), &Limits::DEFAULT).expect("reads");
    let graph = decoded.builder.graph();
    let kinds: Vec<String> = decoded
        .attributes
        .iter()
        .map(|(_, v)| match v.and_then(|id| interpret(graph, id)) {
            Some(JdkValue::Time(t)) => jsess_javaser::jdk::time::to_java_string(&t),
            other => panic!("not a java.time value: {other:?}"),
        })
        .collect();
    assert_eq!(
        kinds,
        [
            "2023-11-14T22:13:20",
            "2023-11-14T22:13:20.456Z",
            "PT1H30M",
            "America/New_York",
            "2023-11-14",
            "P1Y2M3D",
            "08:30"
        ]
    );
    let written = encode(graph, &decoded.attributes, &Default::default()).expect("writes");
    assert_eq!(String::from_utf8_lossy(&written), xml);
}

#[test]
fn broken_or_odd_java_time_stays_an_object_of_its_fields() {
    for value in [
        // A ZonedDateTime: msm reads back its ZoneOffset without the (transient) id.
        r#"<v class="java.time.ZonedDateTime" __id="{}"><dateTime class="java.time.LocalDateTime" __id="{}"><date class="java.time.LocalDate" __id="{}" year="2023" month="11" day="14"/><time class="java.time.LocalTime" __id="{}" hour="23" minute="13" second="20" nano="0"/></dateTime><offset class="java.time.ZoneOffset" __id="{}" totalSeconds="3600"/><zone class="java.time.ZoneRegion" __id="{}" id="Europe/Berlin"/></v>"#,
        // Not a day of the calendar, a time out of range, a field too many.
        r#"<v class="java.time.LocalDate" __id="{}" year="2023" month="2" day="30"/>"#,
        r#"<v class="java.time.LocalTime" __id="{}" hour="24" minute="0" second="0" nano="0"/>"#,
        r#"<v class="java.time.Instant" __id="{}" seconds="1" nanos="2" extra="3"/>"#,
    ] {
        let xml = document(&[("a", value)]);
        let decoded = decode(xml.as_bytes(), &Default::default(), &Limits::DEFAULT).expect(value);
        let graph = decoded.builder.graph();
        let id = decoded.attributes[0].1.expect("a value");
        assert!(
            !matches!(
                interpret(graph, id),
                Some(JdkValue::Time(Temporal::LocalDate(_)))
            ),
            "{value}"
        );
        let jsess_model::Node::Object(o) = graph.node(id) else {
            panic!("{value}: not an object")
        };
        let desc = graph.class_desc(o.class).expect("descriptor");
        assert_eq!(desc.origin, jsess_model::DescOrigin::Inferred, "{value}");
        let written = encode(graph, &decoded.attributes, &Default::default()).expect("writes");
        assert_eq!(String::from_utf8_lossy(&written), xml, "{value}");
    }
}
