//! `jsess audit`: findings per file and attribute; exit code 3 when there are any.

use std::process::ExitCode;

use anyhow::{Context, Result};
use jsess_audit::{audit_blob_with, audit_hash, parse_patterns, BlobReport, Policy};
use jsess_store::keys::display_key;
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
    let mut tally = Tally {
        name_field: "file",
        ..Tally::default()
    };
    let source = args.source.to_string_lossy();
    if jsess_store::is_redis(&source) {
        tally.name_field = "key";
        audit_store(
            crate::open_store(&source, &args.connect)?,
            &mut tally,
            |bytes| audit_blob_with(bytes, &policy, &limits, &formats),
            |session| audit_hash(session, &policy, &formats.schemas, &limits),
            &limits,
        )?;
    } else {
        let files = if args.source.is_dir() {
            files_under(&args.source)?
        } else {
            vec![args.source.clone()]
        };
        for file in &files {
            let bytes =
                std::fs::read(file).with_context(|| format!("reading {}", file.display()))?;
            let report = audit_blob_with(&bytes, &policy, &limits, &formats);
            tally.add(&file.display().to_string(), report);
        }
    }
    let Tally {
        name_field,
        audited,
        findings,
        skipped,
        attributes_unreadable,
    } = tally;
    if args.json {
        let report = json!({
            "files": audited,
            "findings": findings,
            "skipped": skipped,
            "attributes_unreadable": attributes_unreadable,
        });
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print_text(audited, name_field, &findings, &skipped);
    }
    Ok(if findings.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(FINDINGS)
    })
}

/// Findings and skipped values as the report lists them.
#[derive(Default)]
struct Tally {
    /// `file` for files, `key` for a Redis store.
    name_field: &'static str,
    audited: usize,
    findings: Vec<Json>,
    skipped: Vec<Json>,
    attributes_unreadable: usize,
}

impl Tally {
    fn add(&mut self, name: &str, report: BlobReport) {
        let field = self.name_field;
        self.audited += 1;
        if let Some(reason) = &report.skipped {
            let mut entry = json!({field: name, "kind": report.kind, "reason": reason});
            if let (Some(error), Json::Object(map)) = (&report.attributes_error, &mut entry) {
                self.attributes_unreadable += 1;
                map.insert("session".into(), json!(report.session));
                map.insert("attributes_error".into(), json!(error.reason.name()));
                map.insert("class".into(), json!(error.class));
            }
            self.skipped.push(entry);
        }
        for f in report.findings {
            let family = match &f.kind {
                jsess_audit::FindingKind::Gadget(family) => Some(family.clone()),
                _ => None,
            };
            self.findings.push(json!({
                field: name,
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
}

/// Every value of a Redis store: msm's strings, then the session hashes of Spring Session and
/// Redisson (a hash that is no session is not counted).
fn audit_store(
    mut store: Box<dyn jsess_store::Store>,
    tally: &mut Tally,
    blob: impl Fn(&[u8]) -> BlobReport,
    hash: impl Fn(&jsess::HashSession) -> BlobReport,
    limits: &jsess::Limits,
) -> Result<()> {
    let options = jsess::Options::new().limits(*limits);
    jsess_store::walk(
        store.as_mut(),
        500,
        &jsess_store::Quiet,
        |found| match found {
            jsess_store::Found::String { key, value } => {
                tally.add(&display_key(key), blob(&value.bytes))
            }
            jsess_store::Found::Hash { key, hash: fields } => {
                let name = display_key(key);
                match jsess::read_hash(key, &fields.fields, &options) {
                    Ok(Some(session)) => tally.add(&name, hash(&session)),
                    Ok(None) => {}
                    Err(e) => tally.add(
                        &name,
                        BlobReport {
                            kind: "session hash".into(),
                            skipped: Some(e.to_string()),
                            ..BlobReport::default()
                        },
                    ),
                }
            }
        },
    )?;
    Ok(())
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

fn print_text(audited: usize, field: &str, findings: &[Json], skipped: &[Json]) {
    for f in findings {
        println!(
            "{}: {}: {} ({})",
            f[field].as_str().unwrap_or(""),
            f["item"].as_str().unwrap_or(""),
            f["detail"].as_str().unwrap_or(""),
            f["kind"].as_str().unwrap_or("")
        );
    }
    for s in skipped {
        eprintln!(
            "jsess: {}: not audited: {}",
            s[field].as_str().unwrap_or(""),
            s["reason"].as_str().unwrap_or("")
        );
    }
    println!(
        "{audited} {field}(s) audited, {} finding(s), {} not audited",
        findings.len(),
        skipped.len()
    );
}
