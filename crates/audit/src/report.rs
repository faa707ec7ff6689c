//! The report of auditing many values (files of a directory, keys of a store): findings and
//! values not audited, as `jsess audit --json` prints them.

use serde_json::{json, Value as Json};

use crate::{BlobReport, FindingKind};

/// Findings and values not audited, each naming its file or key.
#[derive(Debug, Clone)]
pub struct AuditReport {
    /// `file` for files, `key` for a Redis store: what an entry's name is called.
    name_field: &'static str,
    audited: usize,
    findings: Vec<Json>,
    skipped: Vec<Json>,
    attributes_unreadable: usize,
}

impl AuditReport {
    /// An empty report whose entries name their source by `name_field` (`file`, `key`).
    pub fn new(name_field: &'static str) -> AuditReport {
        AuditReport {
            name_field,
            audited: 0,
            findings: Vec::new(),
            skipped: Vec::new(),
            attributes_unreadable: 0,
        }
    }

    /// Adds what auditing the value called `name` found.
    pub fn add(&mut self, name: &str, report: BlobReport) {
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
                FindingKind::Gadget(family) => Some(family.clone()),
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

    /// What an entry's name is called (`file`, `key`).
    pub fn name_field(&self) -> &'static str {
        self.name_field
    }

    /// How many values were looked at.
    pub fn audited(&self) -> usize {
        self.audited
    }

    /// The findings, one JSON object each.
    pub fn findings(&self) -> &[Json] {
        &self.findings
    }

    /// The values not audited, with why.
    pub fn skipped(&self) -> &[Json] {
        &self.skipped
    }

    /// The report as JSON (`docs/security.md`); the count is under `files` whatever the source.
    pub fn to_json(&self) -> Json {
        json!({
            "files": self.audited,
            "findings": self.findings,
            "skipped": self.skipped,
            "attributes_unreadable": self.attributes_unreadable,
        })
    }
}
