//! The JSON view of a session (`jsess inspect --json`, documented in `docs/json.md`).

use jsess_javaser::json::{json_object, stream_to_json, JsonView};
use jsess_javaser::Limits;
use jsess_model::{Envelope, Graph, Node, Ref, Session};
use serde_json::{json, Map, Value as Json};

use crate::attributes::{attributes, AttributeValue, Attributes};
use crate::error::Error;
use crate::principal::principal;

/// Options for [`session_to_json`].
#[derive(Debug, Clone, Copy)]
pub struct JsonOptions {
    /// Add each attribute's encoded size in the Java attribute stream.
    pub sizes: bool,
    /// How deep values nest before the view writes `{"$too_deep": true}`.
    pub max_depth: u32,
}

impl Default for JsonOptions {
    fn default() -> Self {
        JsonOptions {
            sizes: false,
            max_depth: jsess_javaser::json::DEFAULT_VIEW_DEPTH,
        }
    }
}

/// `{"format", "session": {...}, "attributes": [{"name", "class", "value"}]}`.
pub fn session_to_json(
    format: &str,
    session: &Session<'_>,
    limits: &Limits,
    options: JsonOptions,
) -> Result<Json, Error> {
    let list = attributes(&session.attributes)?;
    let graph = &session.attributes.graph;
    let mut view = JsonView::new(graph).with_max_depth(options.max_depth);
    for entry in &list.entries {
        match entry.value {
            AttributeValue::Written(r) => view.count(r),
            AttributeValue::Failed { exception, .. } => view.count(Some(exception)),
        }
    }
    let sizes = if options.sizes {
        Some(attribute_sizes(session, &list)?)
    } else {
        None
    };
    let mut items = Vec::with_capacity(list.entries.len());
    for (i, entry) in list.entries.iter().enumerate() {
        let name = graph
            .string(entry.name)
            .map(|s| jsess_javaser::json::string(s))
            .unwrap_or(Json::Null);
        let mut item = Map::new();
        item.insert("name".into(), name);
        match entry.value {
            AttributeValue::Written(r) => {
                item.insert("class".into(), json!(class_of(graph, r)));
                item.insert("value".into(), view.value(r));
            }
            AttributeValue::Failed { exception, .. } => {
                item.insert("class".into(), Json::Null);
                item.insert("value".into(), Json::Null);
                item.insert("not_serializable".into(), view.value(Some(exception)));
            }
        }
        if let Some(sizes) = &sizes {
            item.insert("size".into(), json!(sizes.get(i).copied().unwrap_or(0)));
        }
        items.push(Json::Object(item));
    }
    Ok(json_object([
        ("format", json!(format)),
        ("session", envelope_to_json(&session.envelope, limits)),
        ("attributes", Json::Array(items)),
    ]))
}

/// The header fields, with the principal and the saved request decoded where possible.
pub fn envelope_to_json(e: &Envelope<'_>, limits: &Limits) -> Json {
    let flag = |b: u8| b == b'1';
    json!({
        "version": e.version,
        "id": String::from_utf8_lossy(&e.id),
        "creation_time": e.creation_time,
        "last_accessed_time": e.last_accessed_time,
        "max_inactive_interval": e.max_inactive_interval,
        "is_new": flag(e.is_new),
        "is_valid": flag(e.is_valid),
        "this_accessed_time": e.this_accessed_time,
        "last_backup_time": e.last_backup_time,
        "auth_type": e.auth_type_name(),
    })
    .as_object()
    .cloned()
    .map(|mut map| {
        map.insert("principal".into(), principal_json(&e.principal, limits));
        map.insert(
            "saved_request".into(),
            nested_stream_json(&e.saved_request, limits),
        );
        map.insert(
            "saved_principal".into(),
            principal_json(&e.saved_principal, limits),
        );
        Json::Object(map)
    })
    .unwrap_or(Json::Null)
}

/// A principal blob (either form msm writes; also what Redisson stores): name, roles, form, size.
pub fn principal_json(bytes: &[u8], limits: &Limits) -> Json {
    if bytes.is_empty() {
        return Json::Null;
    }
    match principal(bytes, limits) {
        Ok((p, _)) => json!({
            "form": p.form.name(),
            "name": p.name,
            "roles": p.roles,
            "password": p.password,
            "bytes": bytes.len(),
        }),
        Err(e) => json!({"bytes": bytes.len(), "error": e.to_string()}),
    }
}

fn nested_stream_json(bytes: &[u8], limits: &Limits) -> Json {
    if bytes.is_empty() {
        return Json::Null;
    }
    match jsess_javaser::decode(bytes, limits) {
        Ok(stream) => {
            let mut view = stream_to_json(&stream);
            if let Json::Object(map) = &mut view {
                map.remove("format");
                map.insert("bytes".into(), json!(bytes.len()));
            }
            view
        }
        Err(e) => json!({"bytes": bytes.len(), "error": e.to_string()}),
    }
}

/// The class the stream names for a value (`java.lang.String` for strings).
pub fn class_of(graph: &Graph<'_>, r: Ref) -> Option<String> {
    let node = graph.get(r?)?;
    let desc = match node {
        Node::String(_) => return Some("java.lang.String".into()),
        Node::Class(_) => return Some("java.lang.Class".into()),
        Node::ClassDesc(_) => return Some("java.io.ObjectStreamClass".into()),
        Node::Object(o) => o.class,
        Node::Array(a) => a.class,
        Node::Enum(e) => e.class,
    };
    graph.class_desc(desc).map(|d| d.display_name())
}

/// Bytes each attribute (name and value) adds to the Java attribute stream.
pub fn attribute_sizes(session: &Session<'_>, list: &Attributes) -> Result<Vec<usize>, Error> {
    let (_, ends) = jsess_javaser::encode_with_offsets(&session.attributes).map_err(|source| {
        Error::JavaWrite {
            part: "attributes",
            source,
        }
    })?;
    // Contents: count, then per attribute the name, the value and (after a failed value) the
    // exception and msm's marker. Attribute i ends where the content before the next name ends.
    // Resets take no part in the framing: count positions among the other contents.
    let ends: Vec<usize> = session
        .attributes
        .contents
        .iter()
        .zip(&ends)
        .filter(|(c, _)| !matches!(c, jsess_model::Content::Reset))
        .map(|(_, end)| *end)
        .collect();
    let mut sizes = Vec::with_capacity(list.entries.len());
    let mut content = 1; // after the count
    let mut previous_end = ends.first().copied().unwrap_or(0);
    for entry in &list.entries {
        content += match entry.value {
            AttributeValue::Written(_) => 2,
            AttributeValue::Failed {
                partial: Some(_), ..
            } => 4,
            AttributeValue::Failed { partial: None, .. } => 3,
        };
        let end = ends.get(content - 1).copied().unwrap_or(previous_end);
        sizes.push(end - previous_end);
        previous_end = end;
    }
    Ok(sizes)
}
