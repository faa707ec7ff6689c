//! Doubles and floats are written as Java's `Double.toString` / `Float.toString` print them
//! (what XStream's converters write), not in Rust's spelling.

use jsess_javaser::jdk::Builder;
use jsess_model::Value;

fn xml_of(value: Value) -> String {
    let mut builder = Builder::new();
    let name = builder.string("n");
    let boxed = builder.boxed(value).expect("box");
    let encoded =
        jsess_xstream::encode(builder.graph(), &[(name, Some(boxed))], &Default::default())
            .expect("encode");
    String::from_utf8(encoded.xml).expect("utf-8")
}

#[test]
fn doubles_and_floats_are_spelled_as_java_prints_them() {
    for (value, text) in [
        (Value::Double(1e22), "<double>1.0E22</double>"),
        (Value::Double(1e-5), "<double>1.0E-5</double>"),
        (Value::Double(100.0), "<double>100.0</double>"),
        (
            Value::Double(f64::NEG_INFINITY),
            "<double>-Infinity</double>",
        ),
        (Value::Float(3e9), "<float>3.0E9</float>"),
        (Value::Float(0.5), "<float>0.5</float>"),
    ] {
        let xml = xml_of(value);
        assert!(xml.contains(text), "{value:?}: {xml}");
    }
}
