//! Leaf values: primitives, boxed types, numbers as Java prints them, UUIDs, reference steps.

use jsess_model::{FieldType, Value};

use jsess_xml::dom::Element;

pub(super) fn step(s: &str) -> Option<(&str, usize)> {
    match s.split_once('[') {
        Some((name, index)) => Some((name, index.strip_suffix(']')?.parse().ok()?)),
        None => Some((s, 1)),
    }
}

pub(super) fn boxed_type(class: &str) -> Option<FieldType> {
    Some(match class {
        "java.lang.Integer" => FieldType::Int,
        "java.lang.Long" => FieldType::Long,
        "java.lang.Short" => FieldType::Short,
        "java.lang.Byte" => FieldType::Byte,
        "java.lang.Character" => FieldType::Char,
        "java.lang.Boolean" => FieldType::Boolean,
        "java.lang.Float" => FieldType::Float,
        "java.lang.Double" => FieldType::Double,
        _ => return None,
    })
}

/// A primitive as XStream writes it: Java's `toString()` of the value; a NUL char is
/// `<char null="true"/>`.
pub(super) fn primitive(ty: FieldType, e: &Element) -> Option<Value> {
    if !e.children.is_empty() {
        return None;
    }
    let t = e.text.as_str();
    Some(match ty {
        FieldType::Int => Value::Int(t.parse().ok()?),
        FieldType::Long => Value::Long(t.parse().ok()?),
        FieldType::Short => Value::Short(t.parse().ok()?),
        FieldType::Byte => Value::Byte(t.parse().ok()?),
        FieldType::Boolean => Value::Boolean(match t {
            "true" => 1,
            "false" => 0,
            _ => return None,
        }),
        FieldType::Float => Value::Float(parse_float(t)?),
        FieldType::Double => Value::Double(parse_double(t)?),
        FieldType::Char => {
            // XStream 1.4.20 writes NUL as an empty value (`<c></c>`); older versions wrote
            // `null="true"`, which its reader still takes.
            if t.is_empty() {
                Value::Char(0)
            } else {
                let mut units = t.encode_utf16();
                let unit = units.next()?;
                if units.next().is_some() {
                    return None;
                }
                Value::Char(unit)
            }
        }
        FieldType::Object | FieldType::Array => return None,
    })
}

pub(super) fn java_float_text(t: &str) -> Option<&str> {
    // Java writes NaN, Infinity and plain or E-notation decimals; refuse Rust-only spellings.
    let ok = matches!(t, "NaN" | "Infinity" | "-Infinity")
        || (!t.is_empty()
            && t.bytes()
                .all(|b| b.is_ascii_digit() || matches!(b, b'-' | b'+' | b'.' | b'E' | b'e')));
    ok.then_some(t)
}

pub(super) fn parse_float(t: &str) -> Option<f32> {
    java_float_text(t)?.parse().ok()
}

pub(super) fn parse_double(t: &str) -> Option<f64> {
    java_float_text(t)?.parse().ok()
}

pub(super) fn parse_uuid(t: &str) -> Option<(i64, i64)> {
    let hex: String = t.split('-').collect();
    if t.len() != 36 || hex.len() != 32 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let most = u64::from_str_radix(&hex[..16], 16).ok()? as i64;
    let least = u64::from_str_radix(&hex[16..], 16).ok()? as i64;
    Some((most, least))
}
