//! `jsess scan --html`: one self-contained page, drawn from the numbers `--json` reports, with
//! whatever the store holds made inert.

mod support;

use std::path::{Path, PathBuf};

use serde_json::Value as Json;
use support::{corpora, corpus, corpus_sessions, jsess, ok, temp_dir, Server};

/// A key a hostile application (or visitor) could choose, shown in the heaviest attributes.
const SCRIPT_KEY: &str = "<script>alert(1)</script>";
/// A key naming an address, holding a session whose attributes no reader knows (an example
/// under undecodable values).
const IMG_KEY: &str = "<img src=https://evil.example/x onerror=alert(2)>";

/// `scan SOURCE --json --html FILE`: the JSON printed and the page written.
fn scan(source: &str, page: &Path) -> (Json, String) {
    let json = ok(&jsess()
        .args(["scan", source, "--json", "--html"])
        .arg(page)
        .output()
        .expect("run"));
    let html = std::fs::read_to_string(page).expect("page written");
    (json, html)
}

/// The page as HTML would escape it.
fn escaped(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// One document, nothing that runs or loads: no script, no stylesheet or image from elsewhere,
/// no address outside the escaped text given.
fn assert_self_contained(html: &str, escaped_text: &[String]) {
    assert!(html.starts_with("<!DOCTYPE html>\n"), "{html}");
    assert!(html.trim_end().ends_with("</html>"));
    for once in [
        "<!DOCTYPE",
        "<html",
        "</html>",
        "<head>",
        "<body>",
        "</body>",
    ] {
        assert_eq!(html.matches(once).count(), 1, "{once}");
    }
    let lower = html.to_lowercase();
    for tag in [
        "<script", "<img", "<link", "<iframe", "<object", "@import", "url(",
    ] {
        assert!(!lower.contains(tag), "{tag} in the page");
    }
    let mut rest = html.to_string();
    for text in escaped_text {
        rest = rest.replace(text, "");
    }
    assert!(!rest.contains("http://"), "an address in the page");
    assert!(!rest.contains("https://"), "an address in the page");
    assert!(!rest.contains(" src="), "a source attribute in the page");
}

/// The JSON's size buckets: ascending powers of two (less one), counting every session.
fn assert_buckets(json: &Json) {
    let sizes = &json["session_bytes"];
    let buckets = sizes["buckets"].as_array().expect("buckets");
    assert!(!buckets.is_empty());
    let mut total = 0;
    let mut previous = None;
    for b in buckets {
        let up_to = b["up_to"].as_u64().expect("up_to");
        assert!(up_to == 0 || (up_to + 1).is_power_of_two(), "{b}");
        assert!(previous.is_none_or(|p| p < up_to), "{b}");
        previous = Some(up_to);
        total += b["count"].as_u64().expect("count");
    }
    assert_eq!(Some(total), sizes["count"].as_u64());
    let max = sizes["max"].as_u64().expect("max");
    assert!(previous.is_some_and(|last| last >= max && last / 2 < max.max(1)));
}

/// Every bar count of the size chart is written on the chart.
fn assert_size_chart(json: &Json, html: &str) {
    for b in json["session_bytes"]["buckets"]
        .as_array()
        .expect("buckets")
    {
        let count = b["count"].as_u64().expect("count");
        if count > 0 {
            assert!(html.contains(&format!(">\n{count}\n</text>")), "{b}");
        }
    }
}

#[test]
fn html_report_of_a_directory_shows_what_the_json_reports() {
    let dir = corpora().join("msm");
    let page = temp_dir("scan-html").join("report.html");
    let (json, html) = scan(dir.to_str().expect("utf-8 path"), &page);
    assert_eq!(json["sessions"], 46);
    assert_buckets(&json);
    assert_self_contained(&html, &[]);
    // Sizes, configured lifetimes, formats, layouts, logins (a directory has no TTLs).
    assert_eq!(html.matches("<svg").count(), 5, "{html}");
    assert_eq!(html.matches("</svg>").count(), 5);
    assert_size_chart(&json, &html);
    for card in ["values", "sessions", "sessions_decoded"] {
        assert!(html.contains(&format!("<b>{}</b>", json[card])), "{card}");
    }
    assert!(html.contains(&json["session_bytes"]["max"].to_string()));
    for list in ["top_classes_by_count", "top_classes_by_bytes"] {
        let class = json[list][0]["class"].as_str().expect("a top class");
        assert!(html.contains(&escaped(class)), "{class}");
    }
    let heaviest = &json["heaviest_attributes"][0];
    assert_eq!(heaviest["attribute"], "exportLog");
    assert!(html.contains(&format!(
        ">{}<",
        heaviest["attribute"].as_str().unwrap_or("")
    )));
    assert!(html.contains(&escaped(heaviest["file"].as_str().expect("file"))));
    assert!(html.contains("<th>file</th>"));

    // Beside the text report, the same page.
    let text = jsess()
        .args(["scan", dir.to_str().expect("utf-8 path"), "--html"])
        .arg(&page)
        .output()
        .expect("run");
    assert!(text.status.success());
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("sessions: 46 (46 decoded"), "{text}");
    assert!(text.contains("session sizes by bucket: "), "{text}");
    let again = std::fs::read_to_string(&page).expect("page");
    assert!(again.contains("<b>46</b>"));
    assert_eq!(again.matches("<svg").count(), 5);
}

/// The heaviest corpus session and an msm envelope followed by attributes no transcoder writes.
fn hostile_values() -> (Vec<u8>, Vec<u8>) {
    let blobs = corpus();
    let heavy = blobs
        .iter()
        .max_by_key(|(_, blob)| blob.len())
        .map(|(_, blob)| blob.clone())
        .expect("corpus");
    let (_, example) = blobs
        .iter()
        .find(|(name, _)| name == "example_v2")
        .expect("example_v2");
    let (envelope, _) = jsess_msm::decode_envelope(example).expect("envelope");
    let mut unknown = Vec::new();
    jsess_msm::encode_envelope(&envelope, &mut unknown).expect("header");
    unknown.extend_from_slice(b"\x7fno transcoder writes this");
    (heavy, unknown)
}

#[test]
fn html_report_of_redis_escapes_hostile_keys_and_hides_the_password() {
    let server = Server::start("scan-html");
    let mut conn = server.conn();
    let sessions = corpus_sessions("");
    for (key, blob) in &sessions {
        redis::cmd("SET")
            .arg(key)
            .arg(blob)
            .arg("PX")
            .arg(1_800_000)
            .exec(&mut conn)
            .expect("SET");
    }
    let (heavy, unknown) = hostile_values();
    for (key, value) in [(SCRIPT_KEY, &heavy), (IMG_KEY, &unknown)] {
        redis::cmd("SET")
            .arg(key)
            .arg(value)
            .exec(&mut conn)
            .expect("SET");
    }
    redis::cmd("ACL")
        .arg(&["SETUSER", "scanner", "on", ">s3cret-pw", "~*", "+@all"])
        .exec(&mut conn)
        .expect("ACL SETUSER");
    let source = format!("redis://scanner:s3cret-pw@127.0.0.1:{}/0", server.port);
    let page: PathBuf = temp_dir("scan-html-redis").join("report.html");
    let (json, html) = scan(&source, &page);

    assert_eq!(json["sessions"], sessions.len() + 2, "{json}");
    assert_eq!(json["sessions_under_other_keys"], 2, "{json}");
    // The hostile session is as heavy as its original: one of the two heaviest.
    let heaviest = json["heaviest_attributes"].as_array().expect("heaviest");
    assert!(
        heaviest[..2].iter().any(|h| h["key"] == SCRIPT_KEY),
        "{json}"
    );
    let examples = json["undecodable"]["examples"]
        .as_array()
        .expect("examples");
    let example = examples
        .iter()
        .find(|e| e["key"] == IMG_KEY)
        .expect("the unreadable session is an example");
    assert_buckets(&json);

    let hostile = [escaped(SCRIPT_KEY), escaped(IMG_KEY)];
    for key in &hostile {
        assert!(html.contains(key.as_str()), "{key} not shown escaped");
    }
    assert_self_contained(&html, &hostile);
    assert!(!html.contains("s3cret-pw"), "the password is in the page");
    assert!(html.contains(&format!("redis://***@127.0.0.1:{}/0", server.port)));
    // Sizes, configured lifetimes, TTLs, formats, layouts, logins.
    assert_eq!(html.matches("<svg").count(), 6, "{html}");
    assert_size_chart(&json, &html);
    assert!(html.contains(&format!("<b>{}</b>", json["sessions"])));
    assert!(html.contains("<th>key</th>"));
    let top = json["top_classes_by_bytes"][0]["class"]
        .as_str()
        .expect("a top class");
    assert!(html.contains(&escaped(top)));
    // The unreadable session's example: typed reason, format and id.
    assert!(html.contains(&escaped(
        example["attributes_error"].as_str().expect("typed reason")
    )));
    assert!(html.contains(&escaped(
        example["session"]["id"].as_str().expect("session id")
    )));
    assert!(html.contains("no expiry"));
}

#[test]
fn html_report_charts_spring_session_and_redisson_layouts() {
    let server = Server::start("scan-html-layouts");
    let mut conn = server.conn();
    let mut entries = support::dump::read("layouts/spring-session.json");
    entries.extend(support::dump::read("layouts/redisson-java.json"));
    for entry in &entries {
        entry.load(&mut conn);
    }
    let page = temp_dir("scan-html-layouts").join("report.html");
    let (json, html) = scan(&server.url(), &page);
    assert_self_contained(&html, &[]);
    assert_buckets(&json);
    assert_eq!(html.matches("<svg").count(), 6, "{html}");
    assert_size_chart(&json, &html);
    // The layouts chart names each layout and its count, as the JSON does.
    let layouts = json["layouts"].as_object().expect("layouts");
    assert!(layouts.contains_key("spring-session") && layouts.contains_key("redisson"));
    for (layout, count) in layouts {
        assert!(html.contains(&format!(">\n{layout}\n</text>")), "{layout}");
        assert!(html.contains(&format!(">\n{count}\n</text>")), "{layout}");
    }
    assert!(html.contains(&format!("<b>{}</b>", json["sessions"])));
    let heaviest = json["heaviest_attributes"][0]["attribute"]
        .as_str()
        .expect("a heaviest attribute");
    assert!(html.contains(&escaped(heaviest)));
}
