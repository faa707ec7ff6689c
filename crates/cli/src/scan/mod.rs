//! `jsess scan`: what a store holds (`jsess::scan` reads it), printed as text, JSON or an HTML
//! page.

use std::process::ExitCode;

use anyhow::{Context, Result};
use serde_json::Value as Json;

use crate::cli::ScanArgs;

mod html;

pub fn run(args: &ScanArgs) -> Result<ExitCode> {
    let limits = args.limits.limits();
    let mut store = crate::open_store(&args.source, &args.connect)?;
    let options = crate::schema::options(&args.schemas, None, &limits)?;
    let started = jiff::Timestamp::now();
    let bar = crate::migrate::Bar(crate::progress(0, "scanning")?);
    let report = jsess::scan::scan(store.as_mut(), &args.source, &options, &bar)?;
    let json = report.to_json();
    if args.json {
        println!("{}", serde_json::to_string_pretty(&json)?);
    } else {
        print_text(&json);
    }
    if let Some(path) = &args.html {
        let header = html::Header {
            // Each shard's URL may carry its own password.
            source: args
                .source
                .split(',')
                .map(jsess_store::redacted)
                .collect::<Vec<_>>()
                .join(","),
            scanned_at: jiff::Timestamp::from_second(started.as_second())
                .unwrap_or(started)
                .to_string(),
        };
        let page = html::render(&json, &header)?;
        std::fs::write(path, page).with_context(|| format!("writing {}", path.display()))?;
        eprintln!("jsess: report written to {}", path.display());
    }
    Ok(ExitCode::SUCCESS)
}

fn print_text(report: &Json) {
    println!("{} values: {}", report["values"], report["by_format"]);
    // The buckets get a line of their own: the summary stays one short line.
    let mut sizes = report["session_bytes"].clone();
    let buckets = sizes.as_object_mut().and_then(|m| m.remove("buckets"));
    println!("session sizes (bytes): {sizes}");
    if let Some(Json::Array(buckets)) =
        buckets.filter(|b| b.as_array().is_some_and(|b| !b.is_empty()))
    {
        let buckets: Vec<String> = buckets
            .iter()
            .map(|b| format!("≤ {}: {}", b["up_to"], b["count"]))
            .collect();
        println!("session sizes by bucket: {}", buckets.join(", "));
    }
    println!(
        "sessions: {} ({} decoded, {} with attributes not read)",
        report["sessions"], report["sessions_decoded"], report["sessions_attributes_unreadable"]
    );
    if let Some(layouts) = report.get("layouts") {
        match report.get("other_hashes") {
            Some(other) => println!("session layouts: {layouts} ({other} other hashes)"),
            None => println!("session layouts: {layouts}"),
        }
    }
    println!("max inactive interval: {}", report["max_inactive_interval"]);
    println!("auth types: {}", report["auth_types"]);
    if let Some(ttl) = report.get("ttl") {
        println!("remaining TTL: {ttl}");
        println!("key roles: {}", report["key_roles"]);
        println!("session key prefixes: {}", report["session_key_prefixes"]);
        println!(
            "sessions under keys not ending in their id: {}",
            report["sessions_under_other_keys"]
        );
    }
    println!("top classes by objects:");
    for c in report["top_classes_by_count"]
        .as_array()
        .into_iter()
        .flatten()
    {
        println!(
            "  {:>8}  {}",
            c["objects"],
            c["class"].as_str().unwrap_or("")
        );
    }
    println!("top classes by attribute bytes:");
    for c in report["top_classes_by_bytes"]
        .as_array()
        .into_iter()
        .flatten()
    {
        println!(
            "  {:>10}  {}",
            c["attribute_bytes"],
            c["class"].as_str().unwrap_or("")
        );
    }
    println!("heaviest attributes:");
    for a in report["heaviest_attributes"]
        .as_array()
        .into_iter()
        .flatten()
    {
        println!(
            "  {:>10}  {} in {} ({})",
            a["bytes"],
            a["attribute"].as_str().unwrap_or(""),
            a["file"].as_str().or(a["key"].as_str()).unwrap_or(""),
            a["class"].as_str().unwrap_or("")
        );
    }
    println!("undecodable: {}", report["undecodable"]["count"]);
    for f in report["undecodable"]["examples"]
        .as_array()
        .into_iter()
        .flatten()
    {
        println!(
            "  {}: {}",
            f["file"].as_str().or(f["key"].as_str()).unwrap_or(""),
            f["reason"].as_str().unwrap_or("")
        );
        if let Some(error) = f["attributes_error"].as_str() {
            let session = &f["session"];
            println!(
                "    {} session {}: attributes not read ({error}); created {}, last accessed {}, max inactive {} s, auth type {}, principal {}",
                f["format"].as_str().unwrap_or(""),
                session["id"].as_str().unwrap_or("?"),
                session["creation_time"],
                session["last_accessed_time"],
                session["max_inactive_interval"],
                session["auth_type"].as_str().unwrap_or("none"),
                session["principal"].as_str().unwrap_or("none"),
            );
        }
    }
}
