//! Kryo 5 as Redisson's `Kryo5Codec` writes it: every value of `corpora/redisson-kryo5`
//! (written by Kryo 5.6.2 configured as Redisson 4.7.0 configures it) read into Java objects.

use std::path::Path;

use base64::Engine;
use jsess_kryo::{
    read_value, read_value_for, write_value, write_value_for, RedissonRelease, Schemas,
};
use jsess_model::Limits;
use serde_json::Value as Json;

fn corpus(file: &str) -> Json {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../corpora/redisson-kryo5")
        .join(file);
    serde_json::from_str(&std::fs::read_to_string(path).expect("corpus file")).expect("JSON")
}

fn b64(text: &Json) -> Vec<u8> {
    base64::engine::general_purpose::STANDARD
        .decode(text.as_str().expect("base64 text"))
        .expect("base64")
}

/// The application classes of the corpus and Tomcat's `GenericPrincipal`.
fn schemas() -> Schemas {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpora/redisson-kryo5");
    let mut schemas = Schemas::new();
    schemas
        .add_classpath(root.join("app-classes.jar").to_str().expect("path"))
        .expect("app classes");
    schemas
        .load_file(&root.join("tomcat-schema.json"))
        .expect("Tomcat schema");
    schemas
}

/// (name, class, bytes) of every single value.
fn values() -> Vec<(String, Option<String>, Vec<u8>)> {
    values_in("values.json")
}

fn values_in(file: &str) -> Vec<(String, Option<String>, Vec<u8>)> {
    corpus(file)
        .as_array()
        .expect("array")
        .iter()
        .map(|v| {
            (
                v["name"].as_str().expect("name").to_string(),
                v["class"].as_str().map(str::to_string),
                b64(&v["value"]),
            )
        })
        .collect()
}

/// The values Redisson writes with a serializer jsess does not implement: refused by name.
const REFUSED: [(&str, &str); 1] = [(
    "unmodifiable_list",
    "java.util.Collections$UnmodifiableRandomAccessList",
)];

fn rendered(bytes: &[u8], schemas: &Schemas) -> Result<Json, jsess_kryo::ReadError> {
    let v = read_value(bytes, schemas, &Limits::DEFAULT)?;
    let mut builder = v.builder;
    builder.write_object(v.value);
    let stream = builder.finish();
    // The Java objects make a stream Java serialization reads back, unless they hold an
    // object Java serialization cannot (Kryo writes classes that are not Serializable).
    match jsess_javaser::encode(&stream) {
        Ok(encoded) => {
            jsess_javaser::decode(&encoded, &Limits::DEFAULT).expect("Java stream reads back");
        }
        Err(e) => assert!(e.to_string().contains("is not Serializable"), "{e}"),
    }
    Ok(jsess_javaser::json::stream_to_json(&stream)["contents"][0].clone())
}

#[test]
fn every_value_reads_or_is_refused_by_name() {
    let schemas = schemas();
    let mut read = 0;
    for (name, class, bytes) in values() {
        match (
            rendered(&bytes, &schemas),
            REFUSED.iter().find(|(n, _)| *n == name),
        ) {
            (Ok(_), None) => read += 1,
            (Err(jsess_kryo::ReadError::Unsupported { class: c, .. }), Some((_, refused))) => {
                assert_eq!(&c, refused, "{name}");
                assert_eq!(class.as_deref(), Some(*refused));
            }
            (other, _) => panic!("{name}: {other:?}"),
        }
    }
    assert_eq!(read, 97);
}

#[test]
fn values_read_as_java_would_hold_them() {
    let schemas = schemas();
    let values = values();
    let json = |name: &str| {
        let (_, _, bytes) = values.iter().find(|(n, _, _)| n == name).expect(name);
        rendered(bytes, &schemas).expect(name)
    };
    assert_eq!(json("null"), Json::Null);
    assert_eq!(json("long_time"), serde_json::json!(1_700_000_000_000i64));
    assert_eq!(json("short"), serde_json::json!(-300));
    assert_eq!(json("char"), serde_json::json!("é"));
    assert_eq!(json("double"), serde_json::json!(-2.25));
    assert_eq!(json("string_supplementary"), serde_json::json!("😀"));
    assert_eq!(
        json("uuid"),
        serde_json::json!("123e4567-e89b-12d3-a456-426614174000")
    );
    assert_eq!(json("big_decimal"), serde_json::json!("-1234.50"));
    assert_eq!(
        json("arraylist_mixed"),
        serde_json::json!(["a", 1, null, 2])
    );
    assert_eq!(json("treemap"), serde_json::json!({"a": 1, "b": 2}));
    assert_eq!(json("string_array"), serde_json::json!(["a", null, "c"]));
    assert_eq!(json("string_grid"), serde_json::json!([["a", "b"], ["c"]]));
    assert_eq!(json("enum_set"), serde_json::json!(["BROWSING", "PAID"]));
    let profile = json("profile");
    let fields = &profile["fields"];
    assert_eq!(profile["class"], "com.example.app.Profile");
    assert_eq!(fields["name"], "Carol");
    assert_eq!(fields["counters"], serde_json::json!({"logins": 7}));
    assert_eq!(fields["tags"], serde_json::json!(["vip", "beta"]));
    assert_eq!(fields["home"]["fields"]["zip"], 12345);
    assert_eq!(fields["lucky"], serde_json::json!([7, 13]));
    assert_eq!(fields["step"], "CHECKOUT");
    // Kryo 5 hands nested type arguments on: Map<String, List<Integer>>'s lists and
    // List<List<String>>'s inner lists carry no element class tags.
    let bag = json("bag_long");
    let fields = &bag["fields"];
    assert_eq!(fields["index"], serde_json::json!({"i": [3]}));
    assert_eq!(fields["nested"], serde_json::json!([["n1"]]));
    assert_eq!(fields["withNull"], serde_json::json!(["a", null, "c"]));
    assert_eq!(fields["allNull"], serde_json::json!([null, null]));
    assert_eq!(fields["value"], serde_json::json!(5));
    assert_eq!(fields["chars"], serde_json::json!([104, 233]));
    assert_eq!(json("class_int")["name"], "int");
    assert_eq!(json("class_integer")["name"], "java.lang.Integer");
    assert_eq!(json("arrays_as_list_mixed"), serde_json::json!(["p", 1]));
    assert_eq!(
        json("instant"),
        serde_json::json!("2023-11-14T22:13:20.123456789Z")
    );
    assert_eq!(json("local_time_hour"), serde_json::json!("13:00"));
    assert_eq!(json("uri")["fields"]["string"], "https://example.com/a?b=c");
    assert_eq!(json("pattern")["fields"]["flags"], 2);
    assert_eq!(json("atomic_boolean")["fields"]["value"], 1);
    assert_eq!(json("atomic_reference")["fields"]["value"], "ref");
    let principal = json("principal");
    assert_eq!(
        principal["fields"]["roles"],
        serde_json::json!(["admin", "user"])
    );
}

/// What jsess reads, it writes back as the same bytes.
#[test]
fn values_write_back_byte_for_byte() {
    let schemas = schemas();
    let mut written = 0;
    for (name, _, bytes) in values() {
        let Ok(v) = read_value(&bytes, &schemas, &Limits::DEFAULT) else {
            continue;
        };
        let back = write_value(v.builder.graph(), v.value, &schemas)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(back, bytes, "{name}");
        written += 1;
    }
    assert_eq!(written, 97);
}

/// Through Java serialization and back: a value read from Kryo 5, written as a Java stream,
/// read from that stream and written as Kryo 5 is the same bytes (conversion between
/// Redisson's codecs loses nothing jsess reads), unless it holds a class that is not
/// `Serializable`.
#[test]
fn values_survive_java_serialization() {
    let schemas = schemas();
    let mut through_java = 0;
    for (name, _, bytes) in values() {
        let Ok(v) = read_value(&bytes, &schemas, &Limits::DEFAULT) else {
            continue;
        };
        let mut builder = v.builder;
        builder.write_object(v.value);
        let Ok(java) = jsess_javaser::encode(&builder.finish()) else {
            continue;
        };
        let stream = jsess_javaser::decode(&java, &Limits::DEFAULT).expect("Java reads back");
        let [jsess_model::Content::Object(r)] = stream.contents.as_slice() else {
            panic!("{name}: not one object");
        };
        let back =
            write_value(&stream.graph, *r, &schemas).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(back, bytes, "{name}");
        through_java += 1;
    }
    assert_eq!(through_java, 93);
}

/// Redisson 3.38.1 to 3.45.x wrote the atomics with FieldSerializer (the rest as later
/// releases): read and written back as that release, and not as the latest.
#[test]
fn older_releases_write_the_atomics_with_field_serializer() {
    let schemas = schemas();
    let release = RedissonRelease::parse("3.45.1").expect("a release");
    assert_eq!(release, RedissonRelease(3, 45, 1));
    for (name, _, bytes) in values_in("values-3.45.json") {
        let v = read_value_for(&bytes, &schemas, &Limits::DEFAULT, release)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let back = write_value_for(v.builder.graph(), v.value, &schemas, release)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(back, bytes, "{name}");
        // AtomicReference's one field is written as its serializer writes the value.
        if name.starts_with("atomic") && name != "atomic_reference" {
            let latest = read_value(&bytes, &schemas, &Limits::DEFAULT)
                .map(|v| write_value(v.builder.graph(), v.value, &schemas).expect("writes"));
            assert!(latest.map_or(true, |b| b != bytes), "{name}");
        }
    }
    let atomic = values_in("values-3.45.json").remove(0).2;
    let v = read_value_for(&atomic, &schemas, &Limits::DEFAULT, release).expect("reads");
    let mut builder = v.builder;
    builder.write_object(v.value);
    let json = jsess_javaser::json::stream_to_json(&builder.finish());
    assert_eq!(json["contents"][0], serde_json::json!(9));
}

/// Sizes the input cannot back are limit errors before anything large is allocated: a list
/// of sixteen million nulls in seven bytes, a map of a million entries in six.
#[test]
fn sizes_the_bytes_cannot_back_are_refused() {
    let schemas = schemas();
    let mut out = jsess_kryo::wire::Output::kryo5();
    out.var_int(1, true);
    out.var_int(0, true);
    out.ascii(Some(
        &"java.util.ArrayList".encode_utf16().collect::<Vec<_>>(),
    ));
    out.var_int_flag(true, 16_000_000);
    out.byte(0);
    let error = read_value(out.as_slice(), &schemas, &Limits::DEFAULT).expect_err("refused");
    assert!(
        matches!(
            error,
            jsess_kryo::ReadError::Limit {
                limit: jsess_model::Limit::Handles,
                ..
            }
        ),
        "{error:?}"
    );
    let mut out = jsess_kryo::wire::Output::kryo5();
    out.var_int(1, true);
    out.var_int(0, true);
    out.ascii(Some(
        &"java.util.HashMap".encode_utf16().collect::<Vec<_>>(),
    ));
    out.var_int(1_000_001, true);
    let error = read_value(out.as_slice(), &schemas, &Limits::DEFAULT).expect_err("refused");
    assert!(
        matches!(error, jsess_kryo::ReadError::Truncated { .. }),
        "{error:?}"
    );
}

/// Every truncation and every single-byte change of every value: a typed error or a value,
/// never a panic.
#[test]
fn damaged_values_are_errors_not_panics() {
    let schemas = schemas();
    for (name, _, bytes) in values() {
        for len in 0..bytes.len() {
            let cut = &bytes[..len];
            assert!(
                read_value(cut, &schemas, &Limits::DEFAULT).is_err(),
                "{name} cut at {len}"
            );
        }
        for at in 0..bytes.len() {
            for flip in [0x01u8, 0x80, 0xff] {
                let mut changed = bytes.clone();
                changed[at] ^= flip;
                let _ = read_value(&changed, &schemas, &Limits::DEFAULT);
            }
        }
    }
}
