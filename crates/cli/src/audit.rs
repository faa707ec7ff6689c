//! `jsess audit`: findings per file and attribute; exit code 3 when there are any.

use std::process::ExitCode;

use anyhow::{Context, Result};
use jsess_audit::{audit_blob_with, parse_patterns, Policy};
use serde_json::{json, Value as Json};

use crate::cli::AuditArgs;
use jsess::files_under;

/// Exit code when findings exist, so the command fits CI and cron jobs.
const FINDINGS: u8 = 3;

pub fn run(args: &AuditArgs) -> Result<ExitCode> {
    let policy = policy(args)?;
    let limits = args.limits.limits();
    // Sessions of every format are read as the other commands read them.
    let formats = crate::schema::format_options(&args.schemas, None, &limits)?;
    let files = if args.source.is_dir() {
        files_under(&args.source)?
    } else {
        vec![args.source.clone()]
    };
    let mut findings = Vec::new();
    let mut skipped = Vec::new();
    let mut attributes_unreadable = 0;
    for file in &files {
        let bytes = std::fs::read(file).with_context(|| format!("reading {}", file.display()))?;
        let report = audit_blob_with(&bytes, &policy, &limits, &formats);
        let name = file.display().to_string();
        if let Some(reason) = &report.skipped {
            let mut entry = json!({"file": name, "kind": report.kind, "reason": reason});
            if let (Some(error), Json::Object(map)) = (&report.attributes_error, &mut entry) {
                attributes_unreadable += 1;
                map.insert("session".into(), json!(report.session));
                map.insert("attributes_error".into(), json!(error.reason.name()));
                map.insert("class".into(), json!(error.class));
            }
            skipped.push(entry);
        }
        for f in report.findings {
            let family = match &f.kind {
                jsess_audit::FindingKind::Gadget(family) => Some(family.clone()),
                _ => None,
            };
            findings.push(json!({
                "file": name,
                "format": report.kind,
                "session": report.session,
                "item": f.item,
                "kind": f.kind.name(),
                "family": family,
                "class": f.class,
                "detail": f.detail,
            }));
        }
    }
    if args.json {
        let report = json!({
            "files": files.len(),
            "findings": findings,
            "skipped": skipped,
            "attributes_unreadable": attributes_unreadable,
        });
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print_text(files.len(), &findings, &skipped);
    }
    Ok(if findings.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(FINDINGS)
    })
}

fn policy(args: &AuditArgs) -> Result<Policy> {
    let mut policy = Policy::default();
    if let Some(path) = &args.allow {
        let text =
            std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
        policy.allow = Some(parse_patterns(&text).with_context(|| format!("{}", path.display()))?);
    }
    if let Some(path) = &args.deny {
        let text =
            std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
        for p in parse_patterns(&text).with_context(|| format!("{}", path.display()))? {
            policy.deny.push((p, "denied".into()));
        }
    }
    Ok(policy)
}

fn print_text(files: usize, findings: &[Json], skipped: &[Json]) {
    for f in findings {
        println!(
            "{}: {}: {} ({})",
            f["file"].as_str().unwrap_or(""),
            f["item"].as_str().unwrap_or(""),
            f["detail"].as_str().unwrap_or(""),
            f["kind"].as_str().unwrap_or("")
        );
    }
    for s in skipped {
        eprintln!(
            "jsess: {}: not audited: {}",
            s["file"].as_str().unwrap_or(""),
            s["reason"].as_str().unwrap_or("")
        );
    }
    println!(
        "{files} file(s) audited, {} finding(s), {} not audited",
        findings.len(),
        skipped.len()
    );
}
