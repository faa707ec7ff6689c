//! The JSON view of a stream (`jsess inspect --json`), as documented in `docs/json.md`.
//!
//! JDK values become plain JSON (maps, arrays, numbers, ISO dates); other objects become
//! `{"class", "fields"}`. A container reached more than once is written in full the first time
//! with an `"$id"` and as `{"$ref": id}` after, so shared references and cycles are marked and
//! never expanded twice.

use std::collections::HashMap;
use std::fmt::Write as _;

use jsess_model::jdk::{big_magnitude_to_decimal, BigInt};
use jsess_model::{
    deep, ClassData, Content, Elements, Graph, JavaString, JdkValue, Node, NodeId, Ref, Value,
};
use serde_json::{json, Map, Value as Json};

use crate::jdk::{interpret, is_untyped, time, untyped_children, UNTYPED_CLASS};
use crate::Stream;

/// How deep the view nests by default. The view is a `serde_json::Value` tree, which serde_json
/// serializes and drops recursively; this depth is safe on a 2 MiB thread stack. Callers with a
/// larger stack can allow more with [`JsonView::with_max_depth`].
pub const DEFAULT_VIEW_DEPTH: u32 = 2_000;

/// The JSON view of a whole stream: `{"format": "java", "contents": [...]}`.
pub fn stream_to_json(stream: &Stream<'_>) -> Json {
    stream_to_json_with_depth(stream, DEFAULT_VIEW_DEPTH)
}

/// [`stream_to_json`] nesting at most `max_depth` levels.
pub fn stream_to_json_with_depth(stream: &Stream<'_>, max_depth: u32) -> Json {
    let mut view = JsonView::new(&stream.graph).with_max_depth(max_depth);
    view.count_contents(&stream.contents);
    let contents: Vec<Json> = stream.contents.iter().map(|c| view.content(c)).collect();
    json_object([
        ("format", json!("java")),
        ("contents", Json::Array(contents)),
    ])
}

/// Renders values of one graph, marking nodes reached more than once.
pub struct JsonView<'g> {
    graph: &'g Graph<'g>,
    /// How often each node is reached; only counted nodes above 1 get ids.
    reached: HashMap<NodeId, u32>,
    ids: HashMap<NodeId, u64>,
    next_id: u64,
    depth: u32,
    max_depth: u32,
    rendered: u64,
    budget: u64,
}

impl<'g> JsonView<'g> {
    /// A view over `graph`. Call [`Self::count`] for every root first so shared nodes are known.
    pub fn new(graph: &'g Graph<'g>) -> Self {
        JsonView {
            graph,
            reached: HashMap::new(),
            ids: HashMap::new(),
            next_id: 1,
            depth: 0,
            max_depth: DEFAULT_VIEW_DEPTH,
            rendered: 0,
            budget: render_budget(graph),
        }
    }

    /// Sets how deep the view nests before it writes `{"$too_deep": true}`.
    pub fn with_max_depth(mut self, max_depth: u32) -> Self {
        self.max_depth = max_depth;
        self
    }

    /// Counts the references reachable from the contents.
    pub fn count_contents(&mut self, contents: &[Content<'_>]) {
        for c in contents {
            match c {
                Content::Object(r) => self.count(*r),
                Content::Exception(n) => self.count(Some(*n)),
                _ => {}
            }
        }
    }

    /// Counts the references reachable from `root`.
    pub fn count(&mut self, root: Ref) {
        self.budget += 2;
        let mut stack: Vec<NodeId> = root.into_iter().collect();
        while let Some(id) = stack.pop() {
            let n = self.reached.entry(id).or_insert(0);
            *n += 1;
            if *n == 1 {
                stack.extend(children(self.graph, id));
            }
        }
    }

    /// One top-level content item.
    pub fn content(&mut self, content: &Content<'_>) -> Json {
        match content {
            Content::Object(r) => self.value(*r),
            Content::Block(b) => json!({"blockdata": hex(&b.bytes)}),
            Content::Reset => json!({"reset": true}),
            Content::Exception(n) => json_object([("exception", self.value(Some(*n)))]),
        }
    }

    /// A reference.
    pub fn value(&mut self, r: Ref) -> Json {
        let Some(id) = r else { return Json::Null };
        // References can chain objects far deeper than any one of them was nested in the
        // stream; the view stops at the nesting limit and says so.
        if self.depth >= self.max_depth {
            return json!({"$too_deep": true});
        }
        // Uncounted roots could otherwise expand shared nodes without bound: the view never
        // renders more than a multiple of the graph's size.
        self.rendered += 1;
        if self.rendered > self.budget {
            return json!({"$truncated": true});
        }
        self.depth += 1;
        let json = deep::guard(|| self.node(id));
        self.depth -= 1;
        json
    }

    fn node(&mut self, id: NodeId) -> Json {
        let graph = self.graph;
        let Some(node) = graph.get(id) else {
            return Json::Null;
        };
        if let Node::String(s) = node {
            return string(&s.value);
        }
        let jdk = interpret(graph, id);
        if let Some(leaf) = jdk.as_ref().and_then(leaf_json) {
            return leaf;
        }
        let shared = self.reached.get(&id).copied().unwrap_or(0) > 1;
        if let Some(&existing) = self.ids.get(&id) {
            return json!({"$ref": existing});
        }
        let my_id = shared.then(|| {
            let n = self.next_id;
            self.next_id += 1;
            self.ids.insert(id, n);
            n
        });
        let body = match jdk {
            // A wrapper shows as what it wraps; its id (when shared) still guards cycles.
            Some(JdkValue::Wrapper { inner, .. }) => self.value(inner),
            Some(JdkValue::Collection { elements, .. }) => {
                Json::Array(elements.iter().map(|r| self.value(*r)).collect())
            }
            Some(JdkValue::Map {
                entries,
                defaults: None,
                ..
            }) => self.map(&entries),
            Some(JdkValue::Map {
                entries, defaults, ..
            }) => json_object([
                ("entries", self.map(&entries)),
                ("defaults", self.value(defaults)),
            ]),
            _ => self.raw(id, node),
        };
        match my_id {
            None => body,
            Some(n) => match body {
                Json::Object(mut fields) if fields.contains_key("class") => {
                    let mut out = Map::new();
                    out.insert("$id".into(), json!(n));
                    out.append(&mut fields);
                    Json::Object(out)
                }
                other => json_object([("$id", json!(n)), ("value", other)]),
            },
        }
    }

    fn map(&mut self, entries: &[(Ref, Ref)]) -> Json {
        let string_keys: Option<Vec<String>> = entries
            .iter()
            .map(|(k, _)| {
                let key = self.graph.string((*k)?)?;
                key.to_str().map(|s| s.into_owned())
            })
            .collect();
        match string_keys {
            Some(keys) if unique(&keys) => {
                let mut out = Map::new();
                for (key, (_, v)) in keys.into_iter().zip(entries) {
                    let value = self.value(*v);
                    out.insert(key, value);
                }
                Json::Object(out)
            }
            _ => Json::Array(
                entries
                    .iter()
                    .map(|(k, v)| Json::Array(vec![self.value(*k), self.value(*v)]))
                    .collect(),
            ),
        }
    }

    /// An object, array or class descriptor without a plain meaning.
    fn raw(&mut self, id: NodeId, node: &'g Node<'g>) -> Json {
        let graph = self.graph;
        match node {
            Node::Array(array) => match &array.elements {
                Elements::Object(refs) => {
                    Json::Array(refs.iter().map(|r| self.value(*r)).collect())
                }
                Elements::Primitive { .. } => {
                    Json::Array(array.elements.iter().map(|v| primitive(&v)).collect())
                }
            },
            Node::Object(_) if is_untyped(graph, id) => self.untyped(id),
            Node::Object(object) => {
                let mut out = Map::new();
                out.insert("class".into(), json!(class_label(graph, object.class)));
                let chain = graph.class_chain(object.class);
                let mut fields = Map::new();
                let mut annotations = Vec::new();
                for (i, data) in graph.class_data(object).iter().enumerate() {
                    let desc_id = chain.get(i).copied().unwrap_or(object.class);
                    let class_name = class_label(graph, desc_id);
                    match data {
                        ClassData::Serial {
                            fields: values,
                            annotation,
                        } => {
                            let descs =
                                graph.class_desc(desc_id).map(|d| d.fields()).unwrap_or(&[]);
                            for (desc, value) in descs.iter().zip(graph.values(*values)) {
                                let rendered = match value {
                                    Value::Ref(Some(r))
                                        if is_own_cause(graph, desc_id, &desc.name, *r, id) =>
                                    {
                                        Json::Null
                                    }
                                    Value::Ref(r) => self.value(*r),
                                    other => primitive(other),
                                };
                                let mut key = desc.name.to_string();
                                if fields.contains_key(&key) {
                                    key = format!("{class_name}.{key}");
                                }
                                fields.insert(key, rendered);
                            }
                            if let Some(contents) = annotation.as_ref().filter(|c| !c.is_empty()) {
                                let items: Vec<Json> =
                                    contents.iter().map(|c| self.content(c)).collect();
                                annotations.push(json_object([
                                    ("class", json!(class_name)),
                                    ("contents", Json::Array(items)),
                                ]));
                            }
                        }
                        ClassData::External(contents) => {
                            let items: Vec<Json> =
                                contents.iter().map(|c| self.content(c)).collect();
                            out.insert("external".into(), Json::Array(items));
                        }
                    }
                }
                out.insert("fields".into(), Json::Object(fields));
                if !annotations.is_empty() {
                    out.insert("annotations".into(), Json::Array(annotations));
                }
                if !object.complete {
                    out.insert("aborted".into(), json!(true));
                }
                Json::Object(out)
            }
            Node::ClassDesc(_) => json!({"class_desc": class_label_node(node)}),
            Node::String(s) => string(&s.value),
            Node::Enum(_) | Node::Class(_) => Json::Null,
        }
    }
}

impl<'g> JsonView<'g> {
    /// An untyped element: its class placeholder and its child elements by name (a list of
    /// one-entry objects when names repeat, as a collection's items do).
    fn untyped(&mut self, id: NodeId) -> Json {
        let graph = self.graph;
        let children = untyped_children(graph, id).unwrap_or_default();
        let named: Vec<(String, Ref)> = children
            .iter()
            .map(|c| {
                let name = graph
                    .string(c.name)
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default();
                (name, c.value)
            })
            .collect();
        let names: Vec<String> = named.iter().map(|(n, _)| n.clone()).collect();
        let content = if unique(&names) {
            let mut out = Map::new();
            for (name, value) in named {
                let rendered = self.value(value);
                out.insert(name, rendered);
            }
            Json::Object(out)
        } else {
            Json::Array(
                named
                    .into_iter()
                    .map(|(name, value)| {
                        let mut one = Map::new();
                        one.insert(name, self.value(value));
                        Json::Object(one)
                    })
                    .collect(),
            )
        };
        json_object([("class", json!(UNTYPED_CLASS)), ("content", content)])
    }
}

/// A JSON object from owned values. (`json!` copies embedded values by serializing them,
/// recursively, which is both slow and unbounded in depth.)
pub fn json_object<const N: usize>(entries: [(&str, Json); N]) -> Json {
    let mut map = Map::with_capacity(N);
    for (key, value) in entries {
        map.insert(key.to_string(), value);
    }
    Json::Object(map)
}

/// Every value renders once per reference to it at most (shared containers once, then as
/// `$ref`): nodes plus references, twice over, bounds a correct view.
fn render_budget(graph: &Graph<'_>) -> u64 {
    let edges: u64 = graph
        .iter()
        .map(|(id, _)| children(graph, id).len() as u64)
        .sum();
    2 * (graph.len() as u64 + edges) + 1024
}

/// Whether a field is `Throwable.cause` pointing at its own object: the JVM's way of saying
/// "no cause" (`getCause()` returns null), shown and compared as null, as XStream and other
/// formats that write the cause through `getCause()` give it back.
fn is_own_cause(
    graph: &Graph<'_>,
    desc: NodeId,
    field: &JavaString<'_>,
    value: NodeId,
    object: NodeId,
) -> bool {
    value == object
        && field.eq_str("cause")
        && graph
            .class_name(desc)
            .is_some_and(|n| n.eq_str("java.lang.Throwable"))
}

/// The direct references out of a node (for counting shared nodes).
pub fn children(graph: &Graph<'_>, id: NodeId) -> Vec<NodeId> {
    let mut out = Vec::new();
    push_children(graph, id, &mut out);
    out
}

/// [`children`], appended to `out` (a walk keeps one stack instead of a list per node).
pub fn push_children(graph: &Graph<'_>, id: NodeId, out: &mut Vec<NodeId>) {
    let push_contents = |contents: &[Content<'_>], out: &mut Vec<NodeId>| {
        for c in contents {
            match c {
                Content::Object(Some(n)) | Content::Exception(n) => out.push(*n),
                _ => {}
            }
        }
    };
    match graph.get(id) {
        Some(Node::Object(o)) => {
            let chain = graph.class_chain(o.class);
            for (i, data) in graph.class_data(o).iter().enumerate() {
                match data {
                    ClassData::Serial { fields, annotation } => {
                        let descs = chain
                            .get(i)
                            .and_then(|d| graph.class_desc(*d))
                            .map_or(&[][..], |d| d.fields());
                        out.extend(graph.values(*fields).iter().enumerate().filter_map(
                            |(j, v)| {
                                let r = v.as_ref().flatten()?;
                                let own_cause = descs
                                    .get(j)
                                    .is_some_and(|f| is_own_cause(graph, chain[i], &f.name, r, id));
                                (!own_cause).then_some(r)
                            },
                        ));
                        if let Some(a) = annotation {
                            push_contents(a, out);
                        }
                    }
                    ClassData::External(c) => push_contents(c, out),
                }
            }
        }
        Some(Node::Array(a)) => {
            if let Elements::Object(refs) = &a.elements {
                out.extend(refs.iter().flatten());
            }
        }
        _ => {}
    }
}

/// JSON for JDK values that are leaves (never marked as shared).
fn leaf_json(value: &JdkValue<'_>) -> Option<Json> {
    Some(match value {
        JdkValue::Boxed(v) => match v {
            Value::Char(c) => string(&JavaString::from_utf16(&[*c])),
            other => primitive(other),
        },
        JdkValue::Atomic(v) => primitive(v),
        JdkValue::Date { millis, .. } => json!(iso_millis(*millis)),
        JdkValue::Timestamp { millis, nanos } => {
            let seconds = millis.div_euclid(1000);
            json!(time::to_java_string(&jsess_model::jdk::Temporal::Instant {
                seconds,
                nanos: *nanos
            }))
        }
        JdkValue::BigInteger(b) => json!(b.to_decimal()),
        JdkValue::BigDecimal { unscaled, scale } => json!(big_decimal_string(unscaled, *scale)),
        JdkValue::Uuid { most, least } => json!(uuid_string(*most, *least)),
        JdkValue::Locale {
            language,
            country,
            variant,
            script,
            extensions,
        } => json!(locale_string(
            language, country, variant, script, extensions
        )),
        JdkValue::Text { units, .. } => string(&JavaString::from_utf16(units)),
        JdkValue::Time(t) => json!(time::to_java_string(t)),
        JdkValue::Enum { name, .. } => string(name),
        JdkValue::Class(name) => {
            json!({"class": "java.lang.Class", "name": name.map(|n| n.to_string())})
        }
        JdkValue::Collection { .. } | JdkValue::Map { .. } | JdkValue::Wrapper { .. } => {
            return None
        }
    })
}

/// A Java string: JSON text when it is valid Unicode, else its UTF-16 units.
pub fn string(s: &JavaString<'_>) -> Json {
    match s.to_str() {
        Some(text) => Json::String(text.into_owned()),
        None => json!({"utf16": s.utf16_units().collect::<Vec<u16>>()}),
    }
}

/// A primitive as JSON (non-finite floating point as strings).
pub fn primitive(v: &Value) -> Json {
    let float = |f: f64| {
        if f.is_finite() {
            json!(f)
        } else {
            json!(if f.is_nan() {
                "NaN".to_string()
            } else if f > 0.0 {
                "Infinity".into()
            } else {
                "-Infinity".into()
            })
        }
    };
    match *v {
        Value::Byte(x) => json!(x),
        Value::Char(x) => json!(x),
        Value::Double(x) => float(x),
        Value::Float(x) => float(f64::from(x)),
        Value::Int(x) => json!(x),
        Value::Long(x) => json!(x),
        Value::Short(x) => json!(x),
        Value::Boolean(x) => json!(x != 0),
        Value::Ref(_) => Json::Null,
    }
}

fn class_label(graph: &Graph<'_>, desc: NodeId) -> String {
    graph
        .get(desc)
        .map(|n| class_label_node(n))
        .unwrap_or_default()
}

fn class_label_node(node: &Node<'_>) -> String {
    match node {
        Node::ClassDesc(d) => d.display_name(),
        _ => String::new(),
    }
}

fn unique(keys: &[String]) -> bool {
    let mut seen = std::collections::HashSet::with_capacity(keys.len());
    keys.iter().all(|k| seen.insert(k.as_str()))
}

/// Lowercase hex.
pub fn hex(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(s, "{b:02x}");
    }
    s
}

/// An instant in milliseconds as ISO-8601 UTC, as `Instant.toString()` prints it.
pub fn iso_millis(millis: i64) -> String {
    let seconds = millis.div_euclid(1000);
    let nanos = (millis.rem_euclid(1000) * 1_000_000) as i32;
    time::to_java_string(&jsess_model::jdk::Temporal::Instant { seconds, nanos })
}

/// `UUID.toString()`.
pub fn uuid_string(most: i64, least: i64) -> String {
    let (m, l) = (most as u64, least as u64);
    format!(
        "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
        m >> 32,
        (m >> 16) & 0xFFFF,
        m & 0xFFFF,
        l >> 48,
        l & 0xFFFF_FFFF_FFFF
    )
}

/// `Locale.toString()`.
pub fn locale_string(
    language: &JavaString<'_>,
    country: &JavaString<'_>,
    variant: &JavaString<'_>,
    script: &JavaString<'_>,
    extensions: &JavaString<'_>,
) -> String {
    let (l, r, v, s, e) = (
        language.to_string(),
        country.to_string(),
        variant.to_string(),
        script.to_string(),
        extensions.to_string(),
    );
    let mut out = l.clone();
    if !r.is_empty() || (!l.is_empty() && (!v.is_empty() || !s.is_empty() || !e.is_empty())) {
        out.push('_');
        out.push_str(&r);
    }
    let lr = !l.is_empty() || !r.is_empty();
    if !v.is_empty() && lr {
        out.push('_');
        out.push_str(&v);
    }
    if !s.is_empty() && lr {
        out.push_str("_#");
        out.push_str(&s);
    }
    if !e.is_empty() && lr {
        out.push('_');
        if s.is_empty() {
            out.push('#');
        }
        out.push_str(&e);
    }
    out
}

/// `BigDecimal.toString()`: plain notation unless the exponent is large or very negative.
pub fn big_decimal_string(unscaled: &BigInt<'_>, scale: i32) -> String {
    let digits = big_magnitude_to_decimal(unscaled.magnitude);
    let negative = unscaled.signum < 0 && digits != "0";
    let sign = if negative { "-" } else { "" };
    if scale == 0 {
        return format!("{sign}{digits}");
    }
    let adjusted = -i64::from(scale) + (digits.len() as i64 - 1);
    if scale > 0 && adjusted >= -6 {
        let scale = scale as usize;
        let body = if digits.len() > scale {
            let (int, frac) = digits.split_at(digits.len() - scale);
            format!("{int}.{frac}")
        } else {
            format!("0.{}{digits}", "0".repeat(scale - digits.len()))
        };
        return format!("{sign}{body}");
    }
    let (head, tail) = digits.split_at(1);
    let mantissa = if tail.is_empty() {
        head.to_string()
    } else {
        format!("{head}.{tail}")
    };
    let exp_sign = if adjusted >= 0 { "+" } else { "" };
    format!("{sign}{mantissa}E{exp_sign}{adjusted}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn java_text_forms() {
        assert_eq!(
            uuid_string(0x0123456789abcdef, -1),
            "01234567-89ab-cdef-ffff-ffffffffffff"
        );
        let b = |m: &'static [u8], s| BigInt {
            signum: s,
            magnitude: m,
        };
        assert_eq!(big_decimal_string(&b(&[0], 0), 2), "0.00");
        assert_eq!(
            big_decimal_string(&b(&[0x12, 0xD6, 0x44], -1), 4),
            "-123.4500"
        );
        assert_eq!(big_decimal_string(&b(&[1], 1), -50), "1E+50");
        assert_eq!(iso_millis(1_700_000_000_123), "2023-11-14T22:13:20.123Z");
        let j = JavaString::from_text;
        assert_eq!(
            locale_string(&j("ja"), &j("JP"), &j("JP"), &j(""), &j("u-ca-japanese")),
            "ja_JP_JP_#u-ca-japanese"
        );
        assert_eq!(
            locale_string(&j("sr"), &j("RS"), &j(""), &j("Latn"), &j("")),
            "sr_RS_#Latn"
        );
    }
}
