//! The metadata values both layouts write through Java serialization: `Long`, `Integer`,
//! `Boolean` and `String`, each a stream of its own; and the same values as Redisson's
//! `Kryo5Codec` writes them ([`decode_in`], [`encode_in`]).

use jsess_javaser::jdk::{interpret, Builder};
use jsess_javaser::Limits;
use jsess_model::{Content, JdkValue, Node, Value};

use jsess_kryo::wire::{Input, Output};

use crate::{Error, ValueCodec};

/// Kryo 5's class tags (registration id + 2) of the metadata classes.
const KRYO5_INTEGER: i32 = 2;
const KRYO5_STRING: i32 = 3;
const KRYO5_BOOLEAN: i32 = 5;
const KRYO5_LONG: i32 = 9;

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

/// Reads one metadata value written in `codec` (Java serialization or Kryo 5); `None` when
/// the value is something else, an error (as text) when it cannot be read at all.
pub fn decode_in(
    codec: ValueCodec,
    bytes: &[u8],
    limits: &Limits,
) -> Result<Option<Scalar>, String> {
    if codec != ValueCodec::Kryo5 {
        return decode(bytes, limits).map_err(|e| e.to_string());
    }
    let mut input = Input::kryo5(bytes, limits.max_string_bytes);
    let read = |input: &mut Input<'_>| -> Result<Option<Scalar>, jsess_kryo::ReadError> {
        Ok(match input.var_int(true)? {
            KRYO5_LONG => Some(Scalar::Long(input.var_long(false)?)),
            KRYO5_INTEGER => Some(Scalar::Int(input.var_int(false)?)),
            // Kryo writes 0 or 1; anything else would not be written back the same.
            KRYO5_BOOLEAN => match input.byte()? {
                0 => Some(Scalar::Bool(false)),
                1 => Some(Scalar::Bool(true)),
                _ => None,
            },
            KRYO5_STRING => input
                .string()?
                .map(|units| Scalar::String(String::from_utf16_lossy(&units))),
            _ => None,
        })
    };
    let value = read(&mut input).map_err(|e| e.to_string())?;
    if value.is_some() && input.remaining() != 0 {
        return Err(format!(
            "{} bytes after the value at byte {}",
            input.remaining(),
            input.position()
        ));
    }
    Ok(value)
}

/// Writes one metadata value as `codec` does (`kryo.writeClassAndObject` for Kryo 5).
pub fn encode_in(codec: ValueCodec, value: &Scalar) -> Result<Vec<u8>, Error> {
    if codec != ValueCodec::Kryo5 {
        return encode(value);
    }
    let mut out = Output::kryo5();
    match value {
        Scalar::Long(v) => {
            out.var_int(KRYO5_LONG, true);
            out.var_long(*v, false);
        }
        Scalar::Int(v) => {
            out.var_int(KRYO5_INTEGER, true);
            out.var_int(*v, false);
        }
        Scalar::Bool(v) => {
            out.var_int(KRYO5_BOOLEAN, true);
            out.byte(u8::from(*v));
        }
        Scalar::String(s) => {
            out.var_int(KRYO5_STRING, true);
            let units: Vec<u16> = s.encode_utf16().collect();
            out.string(Some(&units));
        }
    }
    Ok(out.into_bytes())
}
