//! `jsess audit`: findings per file (or key) and attribute, found by `jsess::audit`; exit code
//! 3 when there are any.

use std::process::ExitCode;

use anyhow::{Context, Result};
use jsess::audit::{parse_patterns, AuditReport, Policy};

use crate::cli::AuditArgs;
use jsess::files_under;

/// Exit code when findings exist, so the command fits CI and cron jobs.
const FINDINGS: u8 = 3;

pub fn run(args: &AuditArgs) -> Result<ExitCode> {
    let policy = policy(args)?;
    // Sessions of every format are read as the other commands read them.
    let options = crate::schema::options(&args.schemas, None, &args.limits.limits())?;
    let source = args.source.to_string_lossy();
    let report = if jsess_store::is_redis(&source) {
        let mut store = crate::open_store(&source, &args.connect)?;
        jsess::audit::audit_store(store.as_mut(), &policy, &options)?
    } else {
        let files = if args.source.is_dir() {
            files_under(&args.source)?
        } else {
            vec![args.source.clone()]
        };
        jsess::audit::audit_files(&files, &policy, &options)?
    };
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report.to_json())?);
    } else {
        print_text(&report);
    }
    Ok(if report.findings().is_empty() {
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

fn print_text(report: &AuditReport) {
    let field = report.name_field();
    for f in report.findings() {
        println!(
            "{}: {}: {} ({})",
            f[field].as_str().unwrap_or(""),
            f["item"].as_str().unwrap_or(""),
            f["detail"].as_str().unwrap_or(""),
            f["kind"].as_str().unwrap_or("")
        );
    }
    for s in report.skipped() {
        eprintln!(
            "jsess: {}: not audited: {}",
            s[field].as_str().unwrap_or(""),
            s["reason"].as_str().unwrap_or("")
        );
    }
    println!(
        "{} {field}(s) audited, {} finding(s), {} not audited",
        report.audited(),
        report.findings().len(),
        report.skipped().len()
    );
}
