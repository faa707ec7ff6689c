//! The readable tree `jsess inspect` prints by default, drawn from the JSON view so both
//! outputs always agree.

use std::fmt::Write as _;

use serde_json::Value as Json;

/// Renders a JSON view (a stream, a session or a store artifact) as an indented tree.
pub fn render(view: &Json, input_len: usize) -> String {
    if let Some(sessions) = view.get("sessions").and_then(Json::as_array) {
        // Several sessions in one file (Tomcat's SESSIONS.ser): each as a session of its own.
        let layout = view.get("layout").and_then(Json::as_str).unwrap_or("?");
        let mut out = format!("{layout}, {input_len} bytes, {} session(s)", sessions.len());
        for (i, session) in sessions.iter().enumerate() {
            let body = render_session(session, input_len);
            let body = body.split_once('\n').map_or("", |(_, rest)| rest);
            let _ = write!(out, "\n[{i}]\n{body}");
        }
        return out;
    }
    if view.get("session").is_some() {
        return render_session(view, input_len);
    }
    if view.get("contents").is_none() {
        return render_flat(view, input_len);
    }
    let mut out = String::new();
    let format = view.get("format").and_then(Json::as_str).unwrap_or("?");
    let contents = view
        .get("contents")
        .and_then(Json::as_array)
        .map(Vec::as_slice)
        .unwrap_or(&[]);
    let _ = writeln!(
        out,
        "{format} stream, {input_len} bytes, {} top-level item(s)",
        contents.len()
    );
    for (i, item) in contents.iter().enumerate() {
        let _ = write!(out, "[{i}] ");
        node(&mut out, item, 1);
    }
    out.trim_end().to_string()
}

fn node(out: &mut String, value: &Json, depth: usize) {
    let pad = "  ".repeat(depth);
    match value {
        Json::Object(map) if map.contains_key("$ref") => {
            let _ = writeln!(out, "-> #{}", map["$ref"]);
        }
        Json::Object(map) if map.contains_key("class") && map.contains_key("fields") => {
            let id = map.get("$id").map(|i| format!(" #{i}")).unwrap_or_default();
            let class = map["class"].as_str().unwrap_or("?");
            let _ = writeln!(out, "{class}{id}");
            if let Some(fields) = map["fields"].as_object() {
                for (name, v) in fields {
                    let _ = write!(out, "{pad}.{name} = ");
                    node(out, v, depth + 1);
                }
            }
            for key in ["annotations", "external"] {
                if let Some(items) = map.get(key) {
                    let _ = write!(out, "{pad}{key}: ");
                    node(out, items, depth + 1);
                }
            }
        }
        // An element written by a declared type the bytes do not name: its child elements.
        Json::Object(map) if map.contains_key("class") && map.contains_key("content") => {
            let id = map.get("$id").map(|i| format!(" #{i}")).unwrap_or_default();
            let class = map["class"].as_str().unwrap_or("?");
            let _ = writeln!(out, "{class}{id}");
            let children: Vec<(&String, &Json)> = match &map["content"] {
                Json::Object(named) => named.iter().collect(),
                Json::Array(items) => items
                    .iter()
                    .filter_map(Json::as_object)
                    .flat_map(|one| one.iter())
                    .collect(),
                _ => Vec::new(),
            };
            for (name, v) in children {
                let _ = write!(out, "{pad}<{name}> ");
                node(out, v, depth + 1);
            }
        }
        Json::Object(map) if map.contains_key("$id") && map.contains_key("value") => {
            let _ = write!(out, "#{} ", map["$id"]);
            node(out, &map["value"], depth);
        }
        Json::Object(map) => {
            let _ = writeln!(out, "{{{} entries}}", map.len());
            for (k, v) in map {
                let _ = write!(out, "{pad}{k:?}: ");
                node(out, v, depth + 1);
            }
        }
        Json::Array(items) => {
            let _ = writeln!(out, "[{} items]", items.len());
            for (i, v) in items.iter().enumerate() {
                let _ = write!(out, "{pad}{i}: ");
                node(out, v, depth + 1);
            }
        }
        scalar => {
            let _ = writeln!(out, "{scalar}");
        }
    }
}

fn render_session(view: &Json, input_len: usize) -> String {
    let mut out = String::new();
    let format = view.get("format").and_then(Json::as_str).unwrap_or("?");
    match view.get("layout").and_then(Json::as_str) {
        Some(layout) => {
            let _ = writeln!(out, "{layout} session ({format} values), {input_len} bytes");
        }
        None => {
            let _ = writeln!(out, "{format} session, {input_len} bytes");
        }
    }
    if let Some(fields) = view["session"].as_object() {
        for (key, value) in fields {
            match value {
                Json::Object(_) | Json::Array(_) => {
                    let _ = write!(out, "  {key}: ");
                    node(&mut out, value, 2);
                }
                scalar => {
                    let _ = writeln!(out, "  {key}: {scalar}");
                }
            }
        }
    }
    match view["attributes"].as_array() {
        Some(attributes) => {
            let _ = writeln!(out, "attributes ({}):", attributes.len());
            for a in attributes {
                let name = a["name"].as_str().unwrap_or("?");
                let class = a["class"].as_str().unwrap_or("null");
                let size = a
                    .get("size")
                    .map(|s| format!(", {s} bytes"))
                    .unwrap_or_default();
                let _ = write!(out, "  {name} ({class}{size}) = ");
                if let Some(error) = a.get("error").and_then(Json::as_str) {
                    let _ = writeln!(out, "unreadable: {error}");
                } else if let Some(exception) = a.get("not_serializable") {
                    let _ = write!(out, "not serializable: ");
                    node(&mut out, exception, 2);
                } else {
                    node(&mut out, &a["value"], 2);
                }
            }
        }
        None => {
            let _ = writeln!(out, "attributes: not decoded");
        }
    }
    out.trim_end().to_string()
}

fn render_flat(view: &Json, input_len: usize) -> String {
    let mut out = String::new();
    let format = view.get("format").and_then(Json::as_str).unwrap_or("?");
    let _ = writeln!(out, "{format}, {input_len} bytes");
    if let Some(fields) = view.as_object() {
        for (key, value) in fields.iter().filter(|(k, _)| *k != "format") {
            let _ = writeln!(out, "  {key}: {value}");
        }
    }
    out.trim_end().to_string()
}
