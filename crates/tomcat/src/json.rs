//! The JSON view of a Tomcat session, in the shape every jsess session has:
//! `{"format": "java", "layout", "session": {"id", ...}, "attributes": [{"name", "class",
//! "value"}]}`. The session object adds the `profile`, the notes when the profile has them,
//! and `not_serializable` (the names of attributes whose values did not serialize); such an
//! attribute has `"not_serializable"` (the exception, or the marker) instead of a value.

use jsess_javaser::json::JsonView;
use jsess_javaser::Limits;
use jsess_model::{Content, Ref};
use serde_json::{json, Map, Value as Json};

use crate::managers::Frame;
use crate::{AttributeValue, Persisted, Scratch, NOT_SERIALIZED};

/// Session `index` of `persisted` as JSON (`null` when there is no such session).
pub fn to_json(persisted: &Persisted<'_>, index: usize, limits: &Limits) -> Json {
    let mut scratch = Scratch::new(&persisted.stream.graph);
    session_json(persisted, index, limits, &mut scratch)
}

fn session_json<'a>(
    persisted: &Persisted<'a>,
    index: usize,
    limits: &Limits,
    scratch: &mut Scratch<'_, 'a>,
) -> Json {
    let Some(session) = persisted.sessions.get(index) else {
        return Json::Null;
    };
    let graph = &persisted.stream.graph;
    let mut view = JsonView::new(graph);
    for attribute in &session.attributes {
        match attribute.value {
            AttributeValue::Written(r) => view.count(r),
            AttributeValue::NotSerializable { exception, .. } => view.count(Some(exception)),
            AttributeValue::Marker(_) => {}
        }
    }
    let mut fields = Map::new();
    fields.insert("id".into(), json!(session.id));
    fields.insert("creation_time".into(), json!(session.creation_time));
    fields.insert(
        "last_accessed_time".into(),
        json!(session.last_accessed_time),
    );
    fields.insert(
        "max_inactive_interval".into(),
        json!(session.max_inactive_interval),
    );
    fields.insert("is_new".into(), json!(session.is_new));
    fields.insert("is_valid".into(), json!(session.is_valid));
    fields.insert(
        "this_accessed_time".into(),
        json!(session.this_accessed_time),
    );
    fields.insert("profile".into(), json!(session.profile.name()));
    fields.insert("auth_type".into(), json!(session.auth_type));
    fields.insert(
        "principal".into(),
        principal(scratch, session.principal, limits),
    );
    if let Some(notes) = session.notes {
        let mut notes_view = JsonView::new(graph);
        notes_view.count(notes.session_id);
        notes_view.count(notes.saved_request);
        fields.insert(
            "notes".into(),
            json!({
                "session_id": notes_view.value(notes.session_id),
                "saved_request": notes_view.value(notes.saved_request),
            }),
        );
    }
    if let Some(manager) = manager_json(persisted) {
        fields.insert("manager".into(), manager);
    }
    let failed = session.not_serializable();
    if !failed.is_empty() {
        fields.insert("not_serializable".into(), json!(failed));
    }
    let attributes = session
        .attributes
        .iter()
        .map(|a| match a.value {
            AttributeValue::Written(r) => json!({
                "name": a.name,
                "class": jsess_msm::json::class_of(graph, r),
                "value": view.value(r),
            }),
            AttributeValue::NotSerializable { exception, .. } => json!({
                "name": a.name,
                "class": null,
                "value": null,
                "not_serializable": view.value(Some(exception)),
            }),
            AttributeValue::Marker(_) => json!({
                "name": a.name,
                "class": null,
                "value": null,
                "not_serializable": NOT_SERIALIZED,
            }),
        })
        .collect();
    json!({
        "format": "java",
        "layout": persisted.container.layout(),
        "session": Json::Object(fields),
        "attributes": Json::Array(attributes),
    })
}

/// Every session of `persisted` as JSON, in stream order.
pub fn all_to_json(persisted: &Persisted<'_>, limits: &Limits) -> Vec<Json> {
    let mut scratch = Scratch::new(&persisted.stream.graph);
    (0..persisted.sessions.len())
        .map(|index| session_json(persisted, index, limits, &mut scratch))
        .collect()
}

/// The principal as msm's and Redisson's views show it: its own stream's name, roles, form.
fn principal(scratch: &mut Scratch<'_, '_>, r: Ref, limits: &Limits) -> Json {
    if r.is_none() {
        return Json::Null;
    }
    match scratch.encode(vec![Content::Object(r)]) {
        Ok(bytes) => jsess_msm::json::principal_json(&bytes, limits),
        Err(e) => json!({"error": e.to_string()}),
    }
}

/// What a Redis session manager wrote around the sequence: the metadata class and attributes
/// hash (jcoleman 2.0, ran-jit), the creation time it wrote itself, or (chexagon) the session
/// class and the fields it cannot keep.
fn manager_json(persisted: &Persisted<'_>) -> Option<Json> {
    let graph = &persisted.stream.graph;
    Some(match persisted.frame? {
        Frame::Metadata {
            metadata,
            creation_time,
        } => json!({
            "metadata_class": crate::managers::metadata_class(graph, metadata),
            "attributes_hash": crate::managers::attributes_hash(persisted)
                .map(|h| h.iter().map(|b| format!("{b:02x}")).collect::<String>()),
            "creation_time": creation_time,
        }),
        Frame::Leading { creation_time } => json!({ "creation_time": creation_time }),
        Frame::Object { root } => json!({
            "class": jsess_msm::json::class_of(graph, Some(root)),
            "transient": ["authType", "principal", "notes"],
        }),
    })
}
