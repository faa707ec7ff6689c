//! `scan --html`: the report as one self-contained page (inline CSS, charts as inline SVG, no
//! script, nothing fetched), rendered from the same JSON `--json` prints so the two never
//! disagree. Every string that comes from the store (keys, file names, class names, attribute
//! names, reader messages) is escaped: a key can be any bytes an application chose.

use std::fmt::Write;

use anyhow::Result;
use serde_json::Value as Json;

use crate::chart;
use jsess::scan::{LIFETIMES, TTLS};

/// What the page says about the scan itself, beside the report.
pub struct Header {
    /// The source scanned, passwords already taken out.
    pub source: String,
    /// When the scan started (RFC 3339, UTC).
    pub scanned_at: String,
}

/// Nothing loads from anywhere, and no script runs even if one slipped through the escaping.
const HEAD: &str = r#"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
"#;

const STYLE: &str = r#"<style>
body { font-family: system-ui, sans-serif; margin: 0; color: #1d2733; background: #f4f6f8; }
header { background: #1f3a5a; color: #fff; padding: 1.2rem 2rem; }
header h1 { margin: 0 0 .4rem; font-size: 1.5rem; }
header code { background: rgba(255,255,255,.15); padding: .1rem .3rem; border-radius: 3px; }
nav { padding: .6rem 2rem; background: #e3e8ee; }
nav a { margin-right: 1rem; color: #1f3a5a; }
main { padding: 0 2rem 2rem; max-width: 1100px; }
section { background: #fff; border-radius: 6px; padding: 1rem 1.4rem; margin-top: 1.2rem; box-shadow: 0 1px 2px rgba(0,0,0,.08); }
h2 { margin-top: 0; font-size: 1.2rem; }
h3 { font-size: 1rem; }
.cards { display: flex; flex-wrap: wrap; gap: .8rem; margin-top: .8rem; }
.card { background: rgba(255,255,255,.12); border-radius: 5px; padding: .5rem .9rem; min-width: 7rem; }
.card b { display: block; font-size: 1.4rem; }
figure { margin: .5rem 0; }
svg { max-width: 100%; height: auto; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; font-size: .9rem; }
th, td { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid #e3e8ee; vertical-align: top; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.key { word-break: break-all; font-family: ui-monospace, monospace; font-size: .85rem; }
td.bar { width: 30%; }
td.bar span { display: block; height: .8rem; background: #3b6ea8; border-radius: 2px; }
.none { color: #6b7785; font-style: italic; }
</style>
"#;

/// The whole page.
pub fn render(report: &Json, header: &Header) -> Result<String> {
    let mut page = String::with_capacity(64 * 1024);
    page.push_str(HEAD);
    writeln!(
        page,
        "<title>jsess scan: {}</title>",
        escape(&header.source)
    )?;
    page.push_str(STYLE);
    page.push_str("</head>\n<body>\n");
    summary(&mut page, report, header)?;
    page.push_str(concat!(
        "<nav><a href=\"#sizes\">Sizes</a><a href=\"#lifetimes\">Lifetimes</a>",
        "<a href=\"#formats\">Formats and layouts</a><a href=\"#logins\">Logins</a>",
        "<a href=\"#classes\">Top classes</a><a href=\"#heaviest\">Heaviest attributes</a>",
        "<a href=\"#undecodable\">Undecodable</a></nav>\n<main>\n"
    ));
    sizes(&mut page, report)?;
    lifetimes(&mut page, report)?;
    formats(&mut page, report)?;
    logins(&mut page, report)?;
    classes(&mut page, report)?;
    heaviest(&mut page, report)?;
    undecodable(&mut page, report)?;
    page.push_str("</main>\n</body>\n</html>\n");
    Ok(page)
}

fn summary(page: &mut String, report: &Json, header: &Header) -> Result<()> {
    writeln!(
        page,
        "<header>\n<h1>Session store report</h1>\n<p>Source <code>{}</code>, scanned {}</p>",
        escape(&header.source),
        escape(&header.scanned_at)
    )?;
    page.push_str("<div class=\"cards\">\n");
    let cards = [
        (&report["values"], "values"),
        (&report["sessions"], "sessions"),
        (&report["sessions_decoded"], "decoded"),
        (
            &report["sessions_attributes_unreadable"],
            "attributes not read",
        ),
        (&report["undecodable"]["count"], "undecodable"),
        (&report["session_bytes"]["total"], "session bytes"),
    ];
    for (value, what) in cards {
        let human = match (what, value.as_u64()) {
            ("session bytes", Some(n)) => format!(" ({})", human_bytes(n)),
            _ => String::new(),
        };
        writeln!(
            page,
            "<div class=\"card\"><b>{}</b>{what}{human}</div>",
            text(value)
        )?;
    }
    page.push_str("</div>\n</header>\n");
    Ok(())
}

fn sizes(page: &mut String, report: &Json) -> Result<()> {
    let sizes = &report["session_bytes"];
    section(page, "sizes", "Session sizes")?;
    let bars: Vec<(String, u64)> = sizes["buckets"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|b| {
            let up_to = b["up_to"].as_u64().unwrap_or(0);
            (bucket_label(up_to), b["count"].as_u64().unwrap_or(0))
        })
        .collect();
    figure(page, "Session sizes", &bars, |bars| {
        chart::vertical_bars(
            "Sessions by size",
            "bytes (each bar: sizes below its label)",
            "sessions",
            bars,
        )
    })?;
    page.push_str("<table>\n<tr>");
    let columns = [
        ("count", "sessions"),
        ("min", "smallest"),
        ("p50_at_most", "median at most"),
        ("p90_at_most", "90% at most"),
        ("p99_at_most", "99% at most"),
        ("max", "largest"),
        ("total", "all sessions"),
    ];
    for (_, title) in columns {
        write!(page, "<th class=\"n\">{title}</th>")?;
    }
    page.push_str("</tr>\n<tr>");
    for (field, _) in columns {
        let value = &sizes[field];
        let human = match (field, value.as_u64()) {
            ("count", _) | (_, None) => String::new(),
            (_, Some(n)) => format!(" ({})", human_bytes(n)),
        };
        write!(page, "<td class=\"n\">{}{human}</td>", text(value))?;
    }
    page.push_str("</tr>\n</table>\n<p class=\"none\">Sizes are of the stored value (a hash: its field names and values); percentiles are the upper bound of their power-of-two bucket.</p>\n</section>\n");
    Ok(())
}

fn lifetimes(page: &mut String, report: &Json) -> Result<()> {
    section(page, "lifetimes", "Lifetimes")?;
    page.push_str(concat!(
        "<h3>Configured lifetime (max inactive interval)</h3>\n",
        "<p>How long a session may stay idle before Tomcat expires it, from each session.</p>\n"
    ));
    let configured = ordered(&report["max_inactive_interval"], &LIFETIMES);
    figure(
        page,
        "Sessions by max inactive interval",
        &configured,
        |bars| chart::horizontal_bars("Sessions by max inactive interval", "sessions", bars),
    )?;
    page.push_str(concat!(
        "<h3>Remaining time to live</h3>\n",
        "<p>How long Redis keeps each value still (PTTL) at the time of the scan.</p>\n"
    ));
    if report.get("ttl").is_some() {
        let ttl = ordered(&report["ttl"], &TTLS);
        figure(page, "Values by remaining time to live", &ttl, |bars| {
            chart::horizontal_bars("Values by remaining TTL (PTTL)", "values", bars)
        })?;
    } else {
        page.push_str("<p class=\"none\">Only a Redis store has times to live.</p>\n");
    }
    page.push_str("</section>\n");
    Ok(())
}

fn formats(page: &mut String, report: &Json) -> Result<()> {
    section(page, "formats", "Formats and layouts")?;
    page.push_str("<p>Every value by the format of its bytes; sessions by the session manager that keeps them.</p>\n");
    let by_format = by_count(&report["by_format"]);
    figure(page, "Values by format", &by_format, |bars| {
        chart::horizontal_bars("Values by format", "values", bars)
    })?;
    if report.get("layouts").is_some() {
        let layouts = by_count(&report["layouts"]);
        figure(page, "Sessions by layout", &layouts, |bars| {
            chart::horizontal_bars("Sessions by session manager layout", "sessions", bars)
        })?;
        if report.get("other_hashes").is_some() {
            writeln!(
                page,
                "<p>Hashes that are no session: {}. Sessions under keys not ending in their id: {}.</p>",
                text(&report["other_hashes"]),
                text(&report["sessions_under_other_keys"])
            )?;
        }
    }
    if report.get("key_roles").is_some() {
        page.push_str("<h3>Key roles</h3>\n");
        counts_table(page, "role", &by_count(&report["key_roles"]))?;
        page.push_str("<h3>Session key prefixes</h3>\n");
        let prefixes: Vec<(String, u64)> = by_count(&report["session_key_prefixes"])
            .into_iter()
            .map(|(p, n)| {
                (
                    if p.is_empty() {
                        "(no prefix: the key is the id)".into()
                    } else {
                        p
                    },
                    n,
                )
            })
            .collect();
        counts_table(page, "prefix", &prefixes)?;
    }
    page.push_str("</section>\n");
    Ok(())
}

fn logins(page: &mut String, report: &Json) -> Result<()> {
    section(page, "logins", "Logins")?;
    page.push_str(
        "<p>The authentication type of each session's login (none: nobody logged in).</p>\n",
    );
    let auth = by_count(&report["auth_types"]);
    figure(page, "Sessions by authentication type", &auth, |bars| {
        chart::horizontal_bars("Sessions by authentication type", "sessions", bars)
    })?;
    page.push_str("</section>\n");
    Ok(())
}

fn classes(page: &mut String, report: &Json) -> Result<()> {
    section(page, "classes", "Top classes")?;
    page.push_str("<p>Objects: how many of a class the sessions hold. Attribute bytes: the serialized size of the attributes whose value is of that class.</p>\n");
    for (field, title, measure) in [
        ("top_classes_by_count", "By objects", "objects"),
        (
            "top_classes_by_bytes",
            "By attribute bytes",
            "attribute_bytes",
        ),
    ] {
        writeln!(page, "<h3>{title}</h3>")?;
        let rows = report[field].as_array().map(Vec::as_slice).unwrap_or(&[]);
        if rows.is_empty() {
            page.push_str("<p class=\"none\">None.</p>\n");
            continue;
        }
        let top = rows
            .iter()
            .filter_map(|r| r[measure].as_u64())
            .max()
            .unwrap_or(0);
        page.push_str("<table>\n<tr><th>class</th><th class=\"n\">objects</th><th class=\"n\">attribute bytes</th><th></th></tr>\n");
        for row in rows {
            writeln!(
                page,
                "<tr><td class=\"key\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>{}</tr>",
                text(&row["class"]),
                text(&row["objects"]),
                text(&row["attribute_bytes"]),
                bar_cell(row[measure].as_u64().unwrap_or(0), top)
            )?;
        }
        page.push_str("</table>\n");
    }
    page.push_str("</section>\n");
    Ok(())
}

fn heaviest(page: &mut String, report: &Json) -> Result<()> {
    section(page, "heaviest", "Heaviest attributes")?;
    page.push_str("<p>The largest single attributes, by serialized size.</p>\n");
    let rows = report["heaviest_attributes"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or(&[]);
    if rows.is_empty() {
        page.push_str("<p class=\"none\">None.</p>\n</section>\n");
        return Ok(());
    }
    let top = rows
        .iter()
        .filter_map(|r| r["bytes"].as_u64())
        .max()
        .unwrap_or(0);
    writeln!(
        page,
        "<table>\n<tr><th class=\"n\">bytes</th><th></th><th>attribute</th><th>class</th><th>{}</th></tr>",
        name_field(report)
    )?;
    for row in rows {
        let bytes = row["bytes"].as_u64().unwrap_or(0);
        writeln!(
            page,
            "<tr><td class=\"n\">{} ({})</td>{}<td class=\"key\">{}</td><td class=\"key\">{}</td><td class=\"key\">{}</td></tr>",
            text(&row["bytes"]),
            human_bytes(bytes),
            bar_cell(bytes, top),
            text(&row["attribute"]),
            text(&row["class"]),
            text(entry_name(row))
        )?;
    }
    page.push_str("</table>\n</section>\n");
    Ok(())
}

fn undecodable(page: &mut String, report: &Json) -> Result<()> {
    let undecodable = &report["undecodable"];
    section(page, "undecodable", "Undecodable values")?;
    writeln!(
        page,
        "<p>Not read: {} (values, or attributes of session hashes). Sessions counted by their envelope whose attributes were not read: {}.</p>",
        text(&undecodable["count"]),
        text(&undecodable["attributes_unreadable"])
    )?;
    let reasons = by_count(&undecodable["by_reason"]);
    if !reasons.is_empty() {
        page.push_str("<h3>By reason</h3>\n");
        counts_table(page, "reason", &reasons)?;
    }
    let by_format = by_count(&undecodable["attributes_unreadable_by_format"]);
    if !by_format.is_empty() {
        page.push_str("<h3>Sessions whose attributes were not read, by format</h3>\n");
        counts_table(page, "format", &by_format)?;
    }
    let examples = undecodable["examples"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or(&[]);
    if examples.is_empty() {
        page.push_str("</section>\n");
        return Ok(());
    }
    // The report keeps the first few examples only: say so when there were more.
    let of = match undecodable["count"].as_u64() {
        Some(count) if count > examples.len() as u64 => {
            format!(" (the first {} of {count})", examples.len())
        }
        _ => String::new(),
    };
    writeln!(
        page,
        "<h3>Examples{of}</h3>\n<table>\n<tr><th>{}</th><th>reason</th><th>format</th><th>class</th><th>session id</th></tr>",
        name_field(report)
    )?;
    for e in examples {
        // The typed reason when the reader gave one, then its message.
        let reason = match e["attributes_error"].as_str() {
            Some(typed) => format!("{}: {}", escape(typed), text(&e["reason"])),
            None => text(&e["reason"]),
        };
        writeln!(
            page,
            "<tr><td class=\"key\">{}</td><td>{reason}</td><td>{}</td><td class=\"key\">{}</td><td class=\"key\">{}</td></tr>",
            text(entry_name(e)),
            text(&e["format"]),
            text(&e["class"]),
            text(&e["session"]["id"])
        )?;
    }
    page.push_str("</table>\n</section>\n");
    Ok(())
}

fn section(page: &mut String, id: &str, title: &str) -> Result<()> {
    writeln!(page, "<section id=\"{id}\">\n<h2>{title}</h2>")?;
    Ok(())
}

/// A chart inline, or a line saying there is nothing to draw.
fn figure(
    page: &mut String,
    label: &str,
    bars: &[(String, u64)],
    draw: impl FnOnce(&[(String, u64)]) -> Result<String>,
) -> Result<()> {
    if bars.is_empty() {
        page.push_str("<p class=\"none\">None.</p>\n");
        return Ok(());
    }
    // Inside HTML an <svg> is SVG without its namespace declaration, the one URL the backend
    // writes (it is no request, but the page then holds no address at all).
    let svg = draw(bars)?.replacen(" xmlns=\"http://www.w3.org/2000/svg\"", "", 1);
    writeln!(
        page,
        "<figure role=\"img\" aria-label=\"{}\">\n{}</figure>",
        escape(label),
        svg.trim_end()
    )?;
    Ok(())
}

/// A table of counts with inline bars, largest first as given.
fn counts_table(page: &mut String, what: &str, rows: &[(String, u64)]) -> Result<()> {
    if rows.is_empty() {
        page.push_str("<p class=\"none\">None.</p>\n");
        return Ok(());
    }
    let top = rows.iter().map(|r| r.1).max().unwrap_or(0);
    writeln!(
        page,
        "<table>\n<tr><th>{what}</th><th class=\"n\">count</th><th></th></tr>"
    )?;
    for (name, n) in rows {
        writeln!(
            page,
            "<tr><td class=\"key\">{}</td><td class=\"n\">{n}</td>{}</tr>",
            escape(name),
            bar_cell(*n, top)
        )?;
    }
    page.push_str("</table>\n");
    Ok(())
}

/// A cell holding a bar as long as `value` is against the largest of its table.
fn bar_cell(value: u64, top: u64) -> String {
    let percent = if top == 0 {
        0.0
    } else {
        value as f64 * 100.0 / top as f64
    };
    format!("<td class=\"bar\"><span style=\"width:{percent:.1}%\"></span></td>")
}

/// A map of counts, largest first (ties by name, so the page is stable).
fn by_count(map: &Json) -> Vec<(String, u64)> {
    let mut rows: Vec<(String, u64)> = map
        .as_object()
        .into_iter()
        .flatten()
        .map(|(k, v)| (k.clone(), v.as_u64().unwrap_or(0)))
        .collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    rows
}

/// A map of counts in the order of its buckets (a bucket the report does not know, last).
fn ordered(map: &Json, order: &[&str]) -> Vec<(String, u64)> {
    let mut rows = by_count(map);
    rows.sort_by_key(|(name, _)| order.iter().position(|o| o == name).unwrap_or(order.len()));
    rows
}

/// What entries are named by: `key` in Redis, `file` in a directory.
fn name_field(report: &Json) -> &'static str {
    if report.get("ttl").is_some() {
        "key"
    } else {
        "file"
    }
}

fn entry_name(entry: &Json) -> &Json {
    match entry.get("key") {
        Some(key) => key,
        None => &entry["file"],
    }
}

/// The label of a size bucket: the power of two its sizes stay below.
fn bucket_label(up_to: u64) -> String {
    if up_to == 0 {
        return "0".into();
    }
    let below = u128::from(up_to) + 1;
    let units = [
        (1u128 << 60, "E"),
        (1 << 50, "P"),
        (1 << 40, "T"),
        (1 << 30, "G"),
        (1 << 20, "M"),
        (1 << 10, "K"),
    ];
    match units.iter().find(|(unit, _)| below >= *unit) {
        Some((unit, suffix)) => format!("<{}{suffix}", below / unit),
        None => format!("<{below}"),
    }
}

/// A byte count in binary units, for reading (the exact count stands beside it).
fn human_bytes(n: u64) -> String {
    let units = [(1u64 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB")];
    match units.iter().find(|(unit, _)| n >= *unit) {
        Some((unit, name)) => format!("{:.1} {name}", n as f64 / *unit as f64),
        None => format!("{n} B"),
    }
}

/// A JSON value as escaped text: strings as they are, `null` as nothing, others as JSON.
fn text(value: &Json) -> String {
    match value {
        Json::String(s) => escape(s),
        Json::Null => String::new(),
        other => escape(&other.to_string()),
    }
}

/// Text made inert in HTML, in element content and in quoted attributes alike.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_html_would_read_as_markup() {
        assert_eq!(
            escape("<script>alert('x') & \"y\"</script>"),
            "&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;"
        );
    }

    #[test]
    fn size_buckets_are_labelled_by_the_power_of_two_below() {
        assert_eq!(bucket_label(0), "0");
        assert_eq!(bucket_label(511), "<512");
        assert_eq!(bucket_label(1023), "<1K");
        assert_eq!(bucket_label((1 << 21) - 1), "<2M");
        assert_eq!(bucket_label(u64::MAX), "<16E");
    }
}
