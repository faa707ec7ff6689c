//! Hostile JSON gets a typed error: no panic, no stack overflow, no unbounded allocation.

use jsess_classpath::Schemas;
use jsess_flexjson::{decode, Error};
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
fn integers_beyond_a_long_are_refused_as_flexjson_refuses_them() {
    for n in [
        "9223372036854775808",
        "-9223372036854775809",
        &"9".repeat(5000),
    ] {
        let err = read(&format!("{{\"a\":{n}}}"), &Limits::DEFAULT).expect_err("too big");
        assert!(matches!(err, Error::Number { .. }), "{err}");
    }
    // Inside a string it is just text; as a decimal it is a Double.
    assert_eq!(
        read(r#"{"a":"99999999999999999999"}"#, &Limits::DEFAULT).ok(),
        Some(1)
    );
    assert_eq!(read(r#"{"a":1e400}"#, &Limits::DEFAULT).ok(), None);
    assert_eq!(read(r#"{"a":1.5e300}"#, &Limits::DEFAULT).ok(), Some(1));
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
fn class_names_must_be_known_application_classes() {
    for (json, what) in [
        (r#"{"a":{"class":"com.example.Nope","x":1}}"#, "unknown"),
        (r#"{"a":{"class":"../../etc/passwd"}}"#, "unknown"),
        (r#"{"a":{"class":"java.lang.Runtime"}}"#, "jdk"),
        (
            r#"{"a":{"class":"javax.script.ScriptEngineManager"}}"#,
            "jdk",
        ),
        (r#"{"a":{"class":42}}"#, "shape"),
        (r#"{"a":{"class":""}}"#, "unknown"),
    ] {
        let err = read(json, &Limits::DEFAULT).expect_err(json);
        let ok = match what {
            "unknown" => matches!(err, Error::UnknownClass { .. }),
            _ => matches!(err, Error::Shape { .. }),
        };
        assert!(ok, "{json}: {err}");
    }
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
    for json in [
        "[]",
        "\"text\"",
        r#"{"a":null}"#,
        r#"{"class":"com.example.Cart"}"#,
    ] {
        let err = read(json, &Limits::DEFAULT).expect_err(json);
        assert!(matches!(err, Error::Shape { .. }), "{json}: {err}");
    }
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
