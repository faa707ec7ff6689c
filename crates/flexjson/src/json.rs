//! The JSON tree FlexJSON's tokenizer hands its binder: objects keep their property order and
//! refuse duplicate names (FlexJSON's `putOnce`), integer literals stay apart from decimals
//! (FlexJSON reads the first as `Long`, the second as `Double`).

use std::cell::RefCell;
use std::collections::VecDeque;
use std::fmt;

use jsess_model::{Limit, Limits};
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};

use crate::error::Error;

/// A parsed JSON value.
#[derive(Debug, Clone, PartialEq)]
pub enum Json {
    Null,
    Bool(bool),
    /// An integer literal (no `.`, `e` or `E`).
    Int(i64),
    /// An integer literal beyond a Java long (FlexJSON's `Long.parseLong` fails on it, so real
    /// msm cannot read it back; a `BigInteger` beyond 64 bits is written this way), as its
    /// decimal text.
    BigInt(String),
    /// Any other number literal.
    Float(f64),
    Str(String),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

impl Json {
    /// The value of property `name` of an object.
    pub fn get(&self, name: &str) -> Option<&Json> {
        match self {
            Json::Object(props) => props.iter().find(|(k, _)| k == name).map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn kind(&self) -> &'static str {
        match self {
            Json::Null => "null",
            Json::Bool(_) => "a boolean",
            Json::Int(_) | Json::BigInt(_) | Json::Float(_) => "a number",
            Json::Str(_) => "a string",
            Json::Array(_) => "an array",
            Json::Object(_) => "an object",
        }
    }
}

/// Parses `bytes` within `limits`. serde_json bounds nesting (128 levels) without recursing
/// past it, so deep input is an error rather than a stack overflow.
pub fn parse(bytes: &[u8], limits: &Limits) -> Result<Json, Error> {
    if bytes.len() > limits.max_stream_bytes {
        return Err(Error::Limit {
            limit: Limit::StreamBytes,
            path: "the attributes".into(),
        });
    }
    let floats = RefCell::new(float_literals(bytes)?);
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let seed = Bounded {
        limits,
        floats: &floats,
    };
    let value = de::DeserializeSeed::deserialize(seed, &mut de).map_err(|e| json_error(&e))?;
    de.end().map_err(|e| json_error(&e))?;
    Ok(value)
}

fn json_error(e: &serde_json::Error) -> Error {
    let reason = e.to_string();
    if reason.contains("recursion limit") {
        return Error::Limit {
            limit: Limit::Depth,
            path: format!("line {}, column {}", e.line(), e.column()),
        };
    }
    if let Some(limit) = [Limit::ArrayLength, Limit::StringBytes]
        .into_iter()
        .find(|l| reason.contains(&l.to_string()))
    {
        return Error::Limit {
            limit,
            path: format!("line {}, column {}", e.line(), e.column()),
        };
    }
    Error::Json {
        line: e.line(),
        column: e.column(),
        reason,
    }
}

/// The longest integer literal beyond a Java long that is read (as a `BigInteger`): serde_json
/// reads it as a double first, which ends near 10^308 (a certificate serial number has at most
/// 49 digits).
const MAX_BIG_INTEGER_DIGITS: usize = 300;

/// serde_json hands over as a double both the literals with a fraction or exponent and the
/// integers beyond 64 bits (and `-0`), which FlexJSON reads with `Long.parseLong`. The number
/// literals outside strings that reach `visit_f64`, in document order: `None` for a double,
/// the text of an integer for one beyond a Java long.
fn float_literals(bytes: &[u8]) -> Result<VecDeque<Option<String>>, Error> {
    let mut found = VecDeque::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
            }
            b'-' | b'0'..=b'9' => {
                let start = i;
                while i < bytes.len()
                    && matches!(bytes[i], b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9')
                {
                    i += 1;
                }
                let token = &bytes[start..i];
                if token.iter().any(|b| matches!(b, b'.' | b'e' | b'E')) {
                    found.push_back(None);
                    continue;
                }
                let text = String::from_utf8_lossy(token);
                match text.parse::<i64>() {
                    // serde_json reads `-0` as the double -0.0.
                    Ok(0) if text.starts_with('-') => found.push_back(None),
                    Ok(_) => {}
                    // Positive ones within 64 bits come as u64 (and say so themselves).
                    Err(_) if text.parse::<u64>().is_ok() => {}
                    Err(_) if token.len() > MAX_BIG_INTEGER_DIGITS => {
                        let mut literal: String = text.chars().take(40).collect();
                        literal.push('…');
                        return Err(Error::Number {
                            literal,
                            offset: start,
                        });
                    }
                    Err(_) => found.push_back(Some(text.into_owned())),
                }
            }
            _ => i += 1,
        }
    }
    Ok(found)
}

#[derive(Clone, Copy)]
struct Bounded<'l> {
    limits: &'l Limits,
    /// What each `visit_f64` stands for ([`float_literals`]).
    floats: &'l RefCell<VecDeque<Option<String>>>,
}

impl<'de> de::DeserializeSeed<'de> for Bounded<'_> {
    type Value = Json;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Json, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Bounded<'_> {
    type Value = Json;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_unit<E>(self) -> Result<Json, E> {
        Ok(Json::Null)
    }
    fn visit_bool<E>(self, v: bool) -> Result<Json, E> {
        Ok(Json::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Json, E> {
        Ok(Json::Int(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Json, E> {
        Ok(i64::try_from(v).map_or_else(|_| Json::BigInt(v.to_string()), Json::Int))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Json, E> {
        match self.floats.borrow_mut().pop_front() {
            Some(None) => Ok(Json::Float(v)),
            Some(Some(big)) => Ok(Json::BigInt(big)),
            None => Err(E::custom("a number the scan of the text did not find")),
        }
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Json, E> {
        self.string(v)
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Json, E> {
        self.string(&v)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Json, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(self)? {
            if items.len() >= self.limits.max_array_length as usize {
                return Err(de::Error::custom(Limit::ArrayLength));
            }
            items.push(item);
        }
        Ok(Json::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Json, A::Error> {
        let mut props: Vec<(String, Json)> = Vec::new();
        let mut names = std::collections::HashSet::new();
        while let Some(key) = map.next_key::<String>()? {
            if key.len() as u64 > self.limits.max_string_bytes {
                return Err(de::Error::custom(Limit::StringBytes));
            }
            if props.len() >= self.limits.max_array_length as usize {
                return Err(de::Error::custom(Limit::ArrayLength));
            }
            if !names.insert(key.clone()) {
                return Err(de::Error::custom(format!(
                    "duplicate key {key:?} (FlexJSON refuses it)"
                )));
            }
            let value = map.next_value_seed(self)?;
            props.push((key, value));
        }
        Ok(Json::Object(props))
    }
}

impl Bounded<'_> {
    fn string<E: de::Error>(self, v: &str) -> Result<Json, E> {
        if v.len() as u64 > self.limits.max_string_bytes {
            return Err(E::custom(Limit::StringBytes));
        }
        Ok(Json::Str(v.to_string()))
    }
}

/// Writes `text` as FlexJSON's `JSONContext.writeQuoted` does: the HTML-sensitive characters
/// `" & ' < >` as `\u00XX`, backslash and the short control escapes, every other ISO control
/// character as `\uXXXX` (upper-case hex), everything else as is.
pub fn write_quoted(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\u0022"),
            '&' => out.push_str("\\u0026"),
            '\'' => out.push_str("\\u0027"),
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_follows_flexjson_write_quoted() {
        let mut out = String::new();
        write_quoted(
            &mut out,
            "a\"b&c'd<e>f\\g\u{8}\u{c}\n\r\t\u{0}\u{1f}\u{7f}\u{85}é😀/",
        );
        assert_eq!(
            out,
            r#""a\u0022b\u0026c\u0027d\u003ce\u003ef\\g\b\f\n\r\t\u0000\u001F\u007F\u0085é😀/""#
        );
    }
}
