//! The metadata values both layouts write through Java serialization: `Long`, `Integer`,
//! `Boolean` and `String`, each a stream of its own.

use jsess_javaser::jdk::{interpret, Builder};
use jsess_javaser::Limits;
use jsess_model::{Content, JdkValue, Node, Value};

use crate::Error;

/// A metadata value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scalar {
    /// `java.lang.Long`
    Long(i64),
    /// `java.lang.Integer`
    Int(i32),
    /// `java.lang.Boolean`
    Bool(bool),
    /// `java.lang.String`
    String(String),
}

impl Scalar {
    /// The value as a number of milliseconds or seconds (Redisson's `load()` takes any
    /// `Number`).
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Scalar::Long(v) => Some(*v),
            Scalar::Int(v) => Some(i64::from(*v)),
            _ => None,
        }
    }
}

/// Reads one metadata value; `None` when the stream holds something else.
pub fn decode(bytes: &[u8], limits: &Limits) -> Result<Option<Scalar>, jsess_javaser::Error> {
    let stream = jsess_javaser::decode(bytes, limits)?;
    let [Content::Object(Some(id))] = stream.contents.as_slice() else {
        return Ok(None);
    };
    if let Some(Node::String(s)) = stream.graph.get(*id) {
        return Ok(s.value.to_str().map(|t| Scalar::String(t.into_owned())));
    }
    Ok(match interpret(&stream.graph, *id) {
        Some(JdkValue::Boxed(Value::Long(v))) => Some(Scalar::Long(v)),
        Some(JdkValue::Boxed(Value::Int(v))) => Some(Scalar::Int(v)),
        Some(JdkValue::Boxed(Value::Boolean(b))) => Some(Scalar::Bool(b != 0)),
        _ => None,
    })
}

/// Writes one metadata value as `ObjectOutputStream.writeObject` does.
pub fn encode(value: &Scalar) -> Result<Vec<u8>, Error> {
    let mut builder = Builder::new();
    let id = match value {
        Scalar::String(s) => builder.string(s),
        Scalar::Long(v) => boxed(&mut builder, Value::Long(*v))?,
        Scalar::Int(v) => boxed(&mut builder, Value::Int(*v))?,
        Scalar::Bool(v) => boxed(&mut builder, Value::Boolean(u8::from(*v)))?,
    };
    builder.write_object(Some(id));
    jsess_javaser::encode(&builder.finish()).map_err(|e| Error::Write {
        session: String::new(),
        message: e.to_string(),
    })
}

fn boxed(builder: &mut Builder, value: Value) -> Result<jsess_model::NodeId, Error> {
    builder.boxed(value).map_err(|e| Error::Write {
        session: String::new(),
        message: e.to_string(),
    })
}
