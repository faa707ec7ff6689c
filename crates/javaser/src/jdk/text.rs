//! Primitive values from the text Java's `toString()` gives them, as the text formats (XStream,
//! Javolution) write them. Rust's parsers take spellings Java never writes (`inf`, `+nan`):
//! those are refused, so text that does not round-trip is an error rather than a guess.

use jsess_model::{FieldType, Value};

/// A primitive of type `ty` from its Java text (`Integer.toString`, `Double.toString`, …; a
/// `char` is one UTF-16 unit). `None` for text Java would not write, and for reference types.
pub fn primitive(ty: FieldType, text: &str) -> Option<Value> {
    Some(match ty {
        FieldType::Int => Value::Int(text.parse().ok()?),
        FieldType::Long => Value::Long(text.parse().ok()?),
        FieldType::Short => Value::Short(text.parse().ok()?),
        FieldType::Byte => Value::Byte(text.parse().ok()?),
        FieldType::Boolean => Value::Boolean(match text {
            "true" => 1,
            "false" => 0,
            _ => return None,
        }),
        FieldType::Float => Value::Float(parse_float(text)?),
        FieldType::Double => Value::Double(parse_double(text)?),
        FieldType::Char => {
            let mut units = text.encode_utf16();
            let unit = units.next()?;
            if units.next().is_some() {
                return None;
            }
            Value::Char(unit)
        }
        FieldType::Object | FieldType::Array => return None,
    })
}

/// A `double` as Java writes it (plain or `E` notation, `NaN`, `Infinity`).
pub fn parse_double(text: &str) -> Option<f64> {
    java_number_text(text)?.parse().ok()
}

/// A `float` as Java writes it; see [`parse_double`].
pub fn parse_float(text: &str) -> Option<f32> {
    java_number_text(text)?.parse().ok()
}

fn java_number_text(t: &str) -> Option<&str> {
    let ok = matches!(t, "NaN" | "Infinity" | "-Infinity")
        || (!t.is_empty()
            && t.bytes()
                .all(|b| b.is_ascii_digit() || matches!(b, b'-' | b'+' | b'.' | b'E' | b'e')));
    ok.then_some(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn java_spellings_only() {
        assert_eq!(parse_double("1.0E22"), Some(1.0e22));
        assert_eq!(parse_double("-Infinity"), Some(f64::NEG_INFINITY));
        assert!(parse_double("NaN").is_some_and(f64::is_nan));
        for rust_only in ["inf", "nan", "+nan", "infinity", "", "0x10", "1_0"] {
            assert_eq!(parse_double(rust_only), None, "{rust_only}");
        }
        assert_eq!(primitive(FieldType::Char, "é"), Some(Value::Char(0xe9)));
        assert_eq!(primitive(FieldType::Char, "😀"), None, "two UTF-16 units");
        assert_eq!(primitive(FieldType::Boolean, "TRUE"), None);
        assert_eq!(primitive(FieldType::Object, "x"), None);
    }
}
