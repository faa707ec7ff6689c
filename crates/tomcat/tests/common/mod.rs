//! What the readback tests share: the login as the Java loaders print it.

/// `name role,role` of the principal in a session's JSON view, `-` without one.
pub fn principal_line(json: &serde_json::Value) -> String {
    match json["session"]["principal"].as_object() {
        None => "-".to_string(),
        Some(p) => {
            let roles: Vec<&str> = p["roles"]
                .as_array()
                .map(|r| r.iter().filter_map(|v| v.as_str()).collect())
                .unwrap_or_default();
            format!("{} {}", p["name"].as_str().unwrap_or("?"), roles.join(","))
        }
    }
}
