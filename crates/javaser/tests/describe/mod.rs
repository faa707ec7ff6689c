//! Projects jsess's decoding onto the Java-side description rules of
//! `corpora/java/DESCRIPTION.md`, so tests compare with what Java read. Shared by the corpus
//! tests of several crates (included with `#[path]`).
#![allow(dead_code)]

use std::collections::HashMap;

use jsess_javaser::jdk::{interpret, time};
use jsess_javaser::json::hex;
use jsess_model::jdk::CollectionKind;
use jsess_model::{
    ClassData, ClassKind, Content, Elements, Graph, JavaString, JdkValue, Node, NodeId, Ref,
    Stream, Value,
};
use serde_json::{json, Map, Value as Json};

/// Classes whose iteration order Java does not take from the stream: `Set.of`/`Map.of` iterate
/// in an order salted per JVM run, `Properties` in its internal hash order. Their elements and
/// entries are compared as multisets (the byte-exact re-encode already pins the stream order).
pub const UNORDERED: &[&str] = &["java.util.CollSer", "java.util.Properties"];

pub fn unordered(value: Json) -> Json {
    match value {
        Json::Array(items) => Json::Array(items.into_iter().map(unordered).collect()),
        Json::Object(map) => {
            let sort = map
                .get("class")
                .and_then(Json::as_str)
                .is_some_and(|c| UNORDERED.contains(&c));
            let mut out = Map::new();
            for (k, v) in map {
                let mut v = unordered(v);
                if sort && (k == "elements" || k == "entries") {
                    if let Json::Array(items) = &mut v {
                        items.sort_by_key(|item| item.to_string());
                    }
                }
                out.insert(k, v);
            }
            Json::Object(out)
        }
        other => other,
    }
}

pub fn describe_classes(graph: &Graph<'_>) -> Json {
    let descs = graph.iter().filter_map(|(_, node)| match node {
        Node::ClassDesc(d) => Some(match &d.kind {
            ClassKind::Class {
                name, suid, fields, ..
            } => {
                let fields: Vec<Json> = fields
                    .iter()
                    .map(|f| {
                        let ty = match f.type_name.and_then(|t| graph.string(t)) {
                            Some(signature) => signature.to_string(),
                            None => (f.ty.code() as char).to_string(),
                        };
                        json!({"name": f.name.to_string(), "type": ty})
                    })
                    .collect();
                json!({"name": name.to_string(), "suid": suid, "fields": fields})
            }
            ClassKind::Proxy { interfaces } => {
                json!({"proxy": interfaces.iter().map(|i| i.to_string()).collect::<Vec<_>>()})
            }
        }),
        _ => None,
    });
    Json::Array(descs.collect())
}

/// Projects jsess's decoding onto the Java-side description rules.
pub struct Describer<'g> {
    graph: &'g Graph<'g>,
    reached: HashMap<NodeId, u32>,
    ids: HashMap<NodeId, u64>,
    counting: bool,
}

impl<'g> Describer<'g> {
    /// A describer for values of one identity scope.
    pub fn new(graph: &'g Graph<'g>) -> Self {
        Describer {
            graph,
            reached: HashMap::new(),
            ids: HashMap::new(),
            counting: true,
        }
    }

    /// Describes `refs` as one identity scope: a counting pass, then the descriptions.
    pub fn values(&mut self, refs: &[Ref]) -> Vec<Json> {
        self.counting = true;
        for r in refs {
            self.value(*r);
        }
        self.counting = false;
        refs.iter().map(|r| self.value(*r)).collect()
    }

    pub fn describe_contents(stream: &'g Stream<'g>) -> Json {
        let mut d = Describer {
            graph: &stream.graph,
            reached: HashMap::new(),
            ids: HashMap::new(),
            counting: true,
        };
        d.contents(&stream.contents);
        d.counting = false;
        d.contents(&stream.contents)
    }

    pub fn contents(&mut self, contents: &[Content<'_>]) -> Json {
        let mut items = Vec::new();
        let mut block: Option<Vec<u8>> = None;
        for content in contents {
            if let Content::Block(b) = content {
                block
                    .get_or_insert_with(Vec::new)
                    .extend_from_slice(&b.bytes);
                continue;
            }
            if matches!(content, Content::Reset) {
                continue;
            }
            if let Some(bytes) = block.take() {
                items.push(json!({"blockdata": hex(&bytes)}));
            }
            match content {
                Content::Object(r) if !self.is_aborted(*r) => items.push(self.value(*r)),
                Content::Exception(n) => items.push(self.exception(*n)),
                _ => {}
            }
        }
        if let Some(bytes) = block {
            items.push(json!({"blockdata": hex(&bytes)}));
        }
        Json::Array(items)
    }

    fn is_aborted(&self, r: Ref) -> bool {
        match r.and_then(|id| self.graph.get(id)) {
            Some(Node::Object(o)) => !o.complete,
            Some(Node::Array(a)) => a.aborted_length.is_some(),
            _ => false,
        }
    }

    pub fn exception(&mut self, id: NodeId) -> Json {
        let Some(Node::Object(o)) = self.graph.get(id) else {
            return Json::Null;
        };
        let class = self.graph.class_name(o.class).map(|n| n.to_string());
        let message = self
            .fields_of(id)
            .into_iter()
            .find(|(_, name, _)| name == "detailMessage")
            .and_then(|(_, _, v)| v.as_ref().flatten())
            .and_then(|s| self.graph.string(s))
            .map(|s| s.to_string());
        json!({"exception": {"class": class, "message": message}})
    }

    /// (declaring class, field name, value) for every field, superclass first.
    fn fields_of(&self, id: NodeId) -> Vec<(String, String, Value)> {
        let Some(Node::Object(o)) = self.graph.get(id) else {
            return vec![];
        };
        let chain = self.graph.class_chain(o.class);
        let mut out = Vec::new();
        for (desc_id, data) in chain.iter().zip(self.graph.class_data(o)) {
            let (Some(desc), ClassData::Serial { fields, .. }) =
                (self.graph.class_desc(*desc_id), data)
            else {
                continue;
            };
            let class = self
                .graph
                .class_name(*desc_id)
                .map(|n| n.to_string())
                .unwrap_or_else(|| "java.lang.reflect.Proxy".into());
            for (f, v) in desc.fields().iter().zip(self.graph.values(*fields)) {
                out.push((class.clone(), f.name.to_string(), *v));
            }
        }
        out
    }

    pub fn value(&mut self, r: Ref) -> Json {
        let Some(id) = r else { return Json::Null };
        let graph = self.graph;
        if let Node::String(s) = graph.node(id) {
            return string(&s.value, "string");
        }
        let jdk = interpret(graph, id);
        if let Some(leaf) = jdk.as_ref().and_then(|v| leaf(graph, v)) {
            return leaf;
        }
        // Identity applies to arrays, maps, collections and plain objects.
        if self.counting {
            let n = self.reached.entry(id).or_insert(0);
            *n += 1;
            if *n > 1 {
                return Json::Null;
            }
        } else if let Some(&k) = self.ids.get(&id) {
            return json!({"ref": k});
        }
        let mut out = Map::new();
        if !self.counting && self.reached.get(&id).copied().unwrap_or(0) > 1 {
            let k = self.ids.len() as u64 + 1;
            self.ids.insert(id, k);
            out.insert("id".into(), json!(k));
        }
        let body = match jdk {
            Some(value @ (JdkValue::Collection { .. } | JdkValue::Map { .. })) => {
                self.container(&value, None)
            }
            Some(JdkValue::Wrapper { class, inner }) => {
                let inner_value = inner.and_then(|i| interpret(graph, i));
                match inner_value {
                    Some(v) => self.container(&v, Some(class)),
                    None => json!({"class": class, "error": "unreadable wrapped collection"}),
                }
            }
            _ => self.raw(id),
        };
        if let Json::Object(mut fields) = body {
            out.append(&mut fields);
        }
        Json::Object(out)
    }

    /// A collection or map; a wrapper shows its own class with the wrapped contents.
    fn container(&mut self, value: &JdkValue<'g>, class_override: Option<&str>) -> Json {
        match value {
            JdkValue::Collection {
                class, elements, ..
            } => {
                let elements: Vec<Json> = elements.iter().map(|r| self.value(*r)).collect();
                json!({"class": class_override.unwrap_or(class), "elements": elements})
            }
            JdkValue::Map { class, entries, .. } => {
                let entries: Vec<Json> = entries
                    .iter()
                    .map(|(k, v)| json!([self.value(*k), self.value(*v)]))
                    .collect();
                json!({"class": class_override.unwrap_or(class), "entries": entries})
            }
            JdkValue::Wrapper { inner, .. } => match inner.and_then(|i| interpret(self.graph, i)) {
                Some(v) => self.container(&v, class_override),
                None => Json::Null,
            },
            _ => Json::Null,
        }
    }

    fn raw(&mut self, id: NodeId) -> Json {
        let graph = self.graph;
        match graph.node(id) {
            Node::Array(array) => {
                let class = graph.class_name(array.class).map(|n| n.to_string());
                let elements: Vec<Json> = match &array.elements {
                    Elements::Object(refs) => refs.iter().map(|r| self.value(*r)).collect(),
                    Elements::Primitive { .. } => array.elements.iter().map(|v| bare(&v)).collect(),
                };
                json!({"class": class, "elements": elements})
            }
            Node::Object(object) => {
                let mut out = Map::new();
                match graph.class_desc(object.class).map(|d| &d.kind) {
                    Some(ClassKind::Proxy { interfaces }) => {
                        let names: Vec<String> = interfaces.iter().map(|i| i.to_string()).collect();
                        out.insert("proxy".into(), json!(names));
                    }
                    _ => {
                        out.insert(
                            "class".into(),
                            json!(graph.class_name(object.class).map(|n| n.to_string())),
                        );
                    }
                }
                let fields: Vec<Json> = self
                    .fields_of(id)
                    .into_iter()
                    .map(|(class, name, v)| {
                        let value = match v {
                            Value::Ref(r) => self.value(r),
                            primitive => boxed(&primitive),
                        };
                        json!({"class": class, "name": name, "value": value})
                    })
                    .collect();
                out.insert("fields".into(), Json::Array(fields));
                let annotations = self.annotations(id);
                if !annotations.is_empty() {
                    out.insert("annotations".into(), Json::Array(annotations));
                }
                Json::Object(out)
            }
            other => json!({"unexpected": format!("{other:?}")}),
        }
    }

    fn annotations(&mut self, id: NodeId) -> Vec<Json> {
        let graph = self.graph;
        let Node::Object(o) = graph.node(id) else {
            return vec![];
        };
        let chain = graph.class_chain(o.class);
        let mut out = Vec::new();
        for (i, data) in graph.class_data(o).iter().enumerate() {
            let contents = match data {
                ClassData::Serial {
                    annotation: Some(c),
                    ..
                } => c,
                ClassData::External(c) => c,
                _ => continue,
            };
            if contents.is_empty() {
                continue;
            }
            let desc = if matches!(data, ClassData::External(_)) {
                o.class
            } else {
                chain[i]
            };
            let class = graph.class_name(desc).map(|n| n.to_string());
            let items = self.contents(contents);
            out.push(json!({"class": class, "contents": items}));
        }
        out
    }
}

fn leaf(graph: &Graph<'_>, value: &JdkValue<'_>) -> Option<Json> {
    Some(match value {
        JdkValue::Boxed(v) => boxed(v),
        JdkValue::Atomic(v) => {
            let class = if matches!(v, Value::Int(_)) { "AtomicInteger" } else { "AtomicLong" };
            json!({"class": format!("java.util.concurrent.atomic.{class}"), "value": bare(v)})
        }
        JdkValue::Date { class, millis } => json!({"class": class, "millis": millis}),
        JdkValue::Timestamp { millis, nanos } => json!({
            "class": "java.sql.Timestamp",
            "millis": millis + i64::from(*nanos) / 1_000_000,
            "nanos": nanos,
        }),
        JdkValue::BigInteger(b) => json!({"class": "java.math.BigInteger", "value": b.to_decimal()}),
        JdkValue::BigDecimal { unscaled, scale } => {
            json!({"class": "java.math.BigDecimal", "unscaled": unscaled.to_decimal(), "scale": scale})
        }
        JdkValue::Uuid { most, least } => {
            json!({"class": "java.util.UUID", "value": jsess_javaser::json::uuid_string(*most, *least)})
        }
        JdkValue::Locale { language, country, variant, script, .. } => json!({
            "class": "java.util.Locale",
            "language": language.to_string(),
            "country": country.to_string(),
            "variant": variant.to_string(),
            "script": script.to_string(),
        }),
        JdkValue::Text { class, units } => {
            let mut out = Map::new();
            out.insert("class".into(), json!(class));
            let s = JavaString::from_utf16(units);
            if let Json::Object(mut m) = string(&s, "string") {
                out.append(&mut m);
            }
            Json::Object(out)
        }
        JdkValue::Time(t) => json!({"class": time::class_name(t), "value": time::to_java_string(t)}),
        JdkValue::Enum { class, name } => json!({"enum": class.to_string(), "name": name.to_string()}),
        JdkValue::Class(name) => json!({"java_class": name.map(|n| n.to_string())}),
        JdkValue::Collection { kind: CollectionKind::List | CollectionKind::Set, .. }
        | JdkValue::Map { .. }
        | JdkValue::Wrapper { .. } => return None,
    })
    .filter(|_| !graph.is_empty())
}

fn string(s: &JavaString<'_>, key: &str) -> Json {
    match s.to_str() {
        Some(text) => json!({key: text}),
        None => json!({"utf16": s.utf16_units().collect::<Vec<u16>>()}),
    }
}

fn boxed(v: &Value) -> Json {
    let class = v.boxed_class().unwrap_or("java.lang.Object");
    json!({"class": class, "value": bare(v)})
}

fn bare(v: &Value) -> Json {
    match *v {
        Value::Byte(x) => json!(x),
        Value::Char(x) => json!(x),
        Value::Short(x) => json!(x),
        Value::Int(x) => json!(x),
        Value::Long(x) => json!(x),
        Value::Boolean(x) => json!(x != 0),
        Value::Float(x) => json!(format!("{:#010x}", x.to_bits())),
        Value::Double(x) => json!(format!("{:#018x}", x.to_bits())),
        Value::Ref(_) => Json::Null,
    }
}
