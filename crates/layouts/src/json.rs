//! The JSON view of a hash session, in the shape every jsess session has:
//! `{"format", "layout", "session": {"id", ...}, "attributes": [{"name", "class", "value"}]}`.
//! The session object holds the fields the layout stores; an attribute whose value cannot be
//! read has `"error"` instead of a value.

use jsess_classpath::Schemas;
use jsess_javaser::json::JsonView;
use jsess_javaser::Limits;
use jsess_model::Content;
use serde_json::{json, Map, Value as Json};

use crate::{HashSession, ValueCodec};

/// The session as JSON.
pub fn to_json(session: &HashSession, limits: &Limits) -> Json {
    to_json_with(session, &Schemas::new(), limits)
}

/// The session as JSON, application classes' layouts from `schemas` (Kryo 5 values name no
/// fields; Java streams do not need them).
pub fn to_json_with(session: &HashSession, schemas: &Schemas, limits: &Limits) -> Json {
    let kryo5 = session.codec == ValueCodec::Kryo5;
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
    if let Some(t) = session.this_accessed_time {
        fields.insert("this_accessed_time".into(), json!(t));
    }
    if let Some(v) = session.is_new {
        fields.insert("is_new".into(), json!(v));
    }
    if let Some(v) = session.is_valid {
        fields.insert("is_valid".into(), json!(v));
    }
    if session.layout == crate::redisson::LAYOUT {
        fields.insert("auth_type".into(), json!(session.auth_type));
        let principal = session
            .principal
            .as_deref()
            .map(|p| {
                if kryo5 {
                    crate::kryo5::principal_json(p, schemas, limits)
                } else {
                    jsess_msm::json::principal_json(p, limits)
                }
            })
            .unwrap_or(Json::Null);
        fields.insert("principal".into(), principal);
    }
    if !session.removed.is_empty() {
        fields.insert("removed_attributes".into(), json!(session.removed));
    }
    if !session.other_fields.is_empty() {
        let other: Vec<Json> = session
            .other_fields
            .iter()
            .map(|(name, value)| json!({"name": String::from_utf8_lossy(name), "bytes": value.len()}))
            .collect();
        fields.insert("other_fields".into(), Json::Array(other));
    }
    let attributes = session
        .attributes
        .iter()
        .map(|a| {
            if kryo5 {
                crate::kryo5::attribute_json(&a.name, &a.value, schemas, limits)
            } else {
                attribute_json(&a.name, &a.value, limits)
            }
        })
        .collect();
    json!({
        "format": session.codec.name(),
        "layout": session.layout.name,
        "session": Json::Object(fields),
        "attributes": Json::Array(attributes),
    })
}

fn attribute_json(name: &str, value: &[u8], limits: &Limits) -> Json {
    let stream = match jsess_javaser::decode(value, limits) {
        Ok(stream) => stream,
        Err(e) => {
            return json!({"name": name, "class": null, "value": null, "error": e.to_string()})
        }
    };
    match stream.contents.as_slice() {
        [Content::Object(r)] => {
            let mut view = JsonView::new(&stream.graph);
            view.count(*r);
            json!({
                "name": name,
                "class": jsess_msm::json::class_of(&stream.graph, *r),
                "value": view.value(*r),
            })
        }
        _ => json!({
            "name": name,
            "class": null,
            "value": jsess_javaser::json::stream_to_json(&stream),
            "error": "the value's stream does not hold exactly one object",
        }),
    }
}
