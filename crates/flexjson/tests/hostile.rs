//! Hostile JSON gets a typed error: no panic, no stack overflow, no unbounded allocation.

use jsess_classpath::Schemas;
use jsess_flexjson::{decode, Error};
use jsess_model::jdk::JdkValue;
use jsess_model::{Limit, Limits};

fn read(json: &str, limits: &Limits) -> Result<usize, Error> {
    decode(
        json.as_bytes(),
        &Default::default(),
        &Schemas::new(),
        limits,
    )
    .map(|d| d.attributes.len())
}

#[test]
fn deep_nesting_is_a_depth_error() {
    for open in ["[", "{\"a\":"] {
        let json = format!("{{\"a\":{}", open.repeat(100_000));
        let err = read(&json, &Limits::DEFAULT).expect_err("too deep");
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
}

#[test]
fn integers_beyond_a_long_are_big_integers_within_a_bound() {
    // FlexJSON's `Long.parseLong` fails on them (real msm cannot read such a blob back), but
    // the blob still says which BigInteger it held.
    for n in [
        "9223372036854775808",
        "-9223372036854775809",
        "18446744073709551616",
        &"9".repeat(300),
    ] {
        let decoded = decode(
            format!("{{\"a\":{n}}}").as_bytes(),
            &Default::default(),
            &Schemas::new(),
            &Limits::DEFAULT,
        )
        .expect(n);
        let graph = decoded.builder.graph();
        let value = decoded.attributes[0].1.expect("a value");
        let Some(JdkValue::BigInteger(big)) = jsess_javaser::jdk::interpret(graph, value) else {
            panic!("{n}: not a BigInteger");
        };
        assert_eq!(big.to_decimal(), n);
    }
    // Beyond the bound it is an error, not a guess.
    let err =
        read(&format!("{{\"a\":{}}}", "9".repeat(5000)), &Limits::DEFAULT).expect_err("too long");
    assert!(matches!(err, Error::Number { .. }), "{err}");
    // Inside a string it is just text; as a decimal it is a Double; `-0` stays a double.
    assert_eq!(
        read(r#"{"a":"99999999999999999999"}"#, &Limits::DEFAULT).ok(),
        Some(1)
    );
    assert_eq!(read(r#"{"a":1e400}"#, &Limits::DEFAULT).ok(), None);
    assert_eq!(read(r#"{"a":1.5e300}"#, &Limits::DEFAULT).ok(), Some(1));
    assert_eq!(
        read(
            r#"{"a":-0,"b":1.5,"c":99999999999999999999999,"d":-0.0}"#,
            &Limits::DEFAULT
        )
        .ok(),
        Some(4)
    );
}

#[test]
fn long_strings_and_arrays_hit_their_limits() {
    let limits = Limits {
        max_string_bytes: 100,
        max_array_length: 10,
        ..Limits::DEFAULT
    };
    let err = read(&format!("{{\"a\":\"{}\"}}", "x".repeat(1000)), &limits).expect_err("long");
    assert!(
        matches!(
            err,
            Error::Limit {
                limit: Limit::StringBytes,
                ..
            }
        ),
        "{err}"
    );
    let err = read(&format!("{{\"a\":[{}1]}}", "1,".repeat(100)), &limits).expect_err("long");
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
    let limits = Limits {
        max_stream_bytes: 10,
        ..Limits::DEFAULT
    };
    let err = read(r#"{"attribute":"value"}"#, &limits).expect_err("big");
    assert!(
        matches!(
            err,
            Error::Limit {
                limit: Limit::StreamBytes,
                ..
            }
        ),
        "{err}"
    );
}

#[test]
fn class_names_must_be_java_class_names() {
    for json in [
        r#"{"a":{"class":"../../etc/passwd"}}"#,
        r#"{"a":{"class":42}}"#,
        r#"{"a":{"class":""}}"#,
        r#"{"a":{"class":"[I"}}"#,
        r#"{"a":{"class":"a..b"}}"#,
        r#"{"a":{"class":"1abc"}}"#,
    ] {
        let err = read(json, &Limits::DEFAULT).expect_err(json);
        assert!(matches!(err, Error::Shape { .. }), "{json}: {err}");
    }
}

/// A class no descriptor or layout describes, and a JDK class FlexJSON wrote as a bean of its
/// getters, are read by the names the JSON shows: each property an untyped field.
#[test]
fn beans_of_unknown_classes_keep_their_properties() {
    let json = br#"{"a":{"class":"com.example.Nope","x":1,"y":"s"},"b":{"class":"java.util.Locale","country":"FR","language":"fr"},"c":{"class":"com.example.Nope","x":2,"y":null}}"#;
    let decoded =
        decode(json, &Default::default(), &Schemas::new(), &Limits::DEFAULT).expect("read");
    let graph = decoded.builder.graph();
    for (i, (class, fields)) in [
        ("com.example.Nope", ["x", "y"]),
        ("java.util.Locale", ["country", "language"]),
        ("com.example.Nope", ["x", "y"]),
    ]
    .into_iter()
    .enumerate()
    {
        let id = decoded.attributes[i].1.expect("a value");
        let jsess_model::Node::Object(o) = graph.node(id) else {
            panic!("{class}: not an object");
        };
        let desc = graph.class_desc(o.class).expect("descriptor");
        assert_eq!(desc.display_name(), class);
        assert_eq!(desc.origin, jsess_model::DescOrigin::Inferred);
        assert!(desc.unknown.contains(jsess_model::Unknowns::SUID));
        let jsess_model::ClassKind::Class { fields: names, .. } = &desc.kind else {
            panic!("{class}: not a class");
        };
        let names: Vec<String> = names
            .iter()
            .map(|f| f.name.to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, fields);
    }
    // Another property than the first instance showed is not guessed at.
    let err = read(
        r#"{"a":{"class":"com.example.Nope","x":1},"b":{"class":"com.example.Nope","z":1}}"#,
        &Limits::DEFAULT,
    )
    .expect_err("another property");
    assert!(matches!(err, Error::UnknownField { .. }), "{err}");
}

#[test]
fn malformed_and_lenient_json_is_refused() {
    for json in [
        "",
        "{",
        r#"{"a":1,"a":2}"#,
        "{'a':1}",
        r#"{"a"=1}"#,
        r#"{"a":"\x41"}"#,
        r#"{"a":"\ud800"}"#,
        "{\"a\":\"line\nbreak\"}",
        r#"{"a":1}trailing"#,
        r#"{"a":NaN}"#,
    ] {
        let err = read(json, &Limits::DEFAULT).expect_err(json);
        assert!(matches!(err, Error::Json { .. }), "{json:?}: {err}");
    }
}

#[test]
fn shapes_msm_never_writes_are_refused() {
    for json in ["[]", "\"text\""] {
        let err = read(json, &Limits::DEFAULT).expect_err(json);
        assert!(matches!(err, Error::Shape { .. }), "{json}: {err}");
    }
    // A null attribute is what FlexJSON writes for a NaN: read as such (msm fails on it).
    assert!(read(r#"{"a":null}"#, &Limits::DEFAULT).is_ok());
}

#[test]
fn untyped_values_read_as_flexjson_binds_them() {
    let decoded = decode(
        br#"{"s":"x","l":1,"d":1.0,"b":true,"list":[1,"a",null],"map":{"k":[]}}"#,
        &Default::default(),
        &Schemas::new(),
        &Limits::DEFAULT,
    )
    .expect("decodes");
    let graph = decoded.builder.graph();
    let classes: Vec<String> = decoded
        .attributes
        .iter()
        .map(|(_, r)| {
            let id = r.expect("value");
            match jsess_javaser::jdk::interpret(graph, id) {
                Some(jsess_model::JdkValue::Boxed(v)) => v.boxed_class().unwrap_or("").to_string(),
                Some(jsess_model::JdkValue::Collection { class, .. })
                | Some(jsess_model::JdkValue::Map { class, .. }) => class.to_string(),
                _ => graph
                    .string(id)
                    .map(|_| "java.lang.String".into())
                    .unwrap_or_default(),
            }
        })
        .collect();
    assert_eq!(
        classes,
        [
            "java.lang.String",
            "java.lang.Long",
            "java.lang.Double",
            "java.lang.Boolean",
            "java.util.ArrayList",
            "java.util.HashMap"
        ]
    );
}
