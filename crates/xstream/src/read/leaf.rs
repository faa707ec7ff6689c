//! Leaf values: primitives, boxed types, numbers as Java prints them, UUIDs, reference steps.

use jsess_javaser::jdk::text;
use jsess_model::{FieldType, Value};

use jsess_xml::dom::Element;

pub(super) fn step(s: &str) -> Option<(&str, usize)> {
    match s.split_once('[') {
        Some((name, index)) => Some((name, index.strip_suffix(']')?.parse().ok()?)),
        None => Some((s, 1)),
    }
}

/// A primitive as XStream writes it: Java's `toString()` of the value; a NUL char is
/// `<char null="true"/>`.
pub(super) fn primitive(ty: FieldType, e: &Element) -> Option<Value> {
    if !e.children.is_empty() {
        return None;
    }
    let t = e.text.as_str();
    // XStream 1.4.20 writes NUL as an empty value (`<c></c>`); older versions wrote
    // `null="true"`, which its reader still takes.
    if ty == FieldType::Char && t.is_empty() {
        return Some(Value::Char(0));
    }
    text::primitive(ty, t)
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
