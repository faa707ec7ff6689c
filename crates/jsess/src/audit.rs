//! Auditing stored sessions for gadget-chain classes, disallowed classes and SerialDOS shapes
//! (`jsess-audit`; docs/security.md): a file, a directory, or a whole store.

use std::path::PathBuf;

use jsess_audit::{audit_blob_with, audit_hash, BlobReport};
use jsess_store::keys::display_key;
use jsess_store::{Found, Store};

pub use jsess_audit::{parse_patterns, AuditReport, Policy};

use crate::{Error, Options};

/// Keys per round trip when a store is walked.
const BATCH: usize = 500;

/// Audits every file of `files` (sessions of any format, Java streams).
pub fn audit_files(
    files: &[PathBuf],
    policy: &Policy,
    options: &Options,
) -> Result<AuditReport, Error> {
    let mut report = AuditReport::new("file");
    for file in files {
        let bytes = std::fs::read(file).map_err(|source| Error::Io {
            path: file.display().to_string(),
            source,
        })?;
        let found = audit_blob_with(
            &bytes,
            policy,
            options.get_limits(),
            options.format_options(),
        );
        report.add(&file.display().to_string(), found);
    }
    Ok(report)
}

/// Audits every value of a store: msm's strings, then the session hashes of Spring Session and
/// Redisson (each attribute, and Redisson's principal, as the stream it is; a hash that is no
/// session is not counted).
pub fn audit_store(
    store: &mut dyn Store,
    policy: &Policy,
    options: &Options,
) -> Result<AuditReport, Error> {
    let limits = options.get_limits();
    let formats = options.format_options();
    let mut report = AuditReport::new("key");
    let wanted = jsess_layouts::is_session_key;
    jsess_store::walk(
        store,
        BATCH,
        &jsess_store::Quiet,
        wanted,
        |found| match found {
            Found::String { key, value } => {
                let found = audit_blob_with(&value.bytes, policy, limits, formats);
                report.add(&display_key(key), found)
            }
            Found::OtherHash { .. } => {}
            Found::Hash { key, hash } => {
                let name = display_key(key);
                match crate::read_hash(key, &hash.fields, options) {
                    Ok(Some(session)) => report.add(
                        &name,
                        audit_hash(&session, policy, &formats.schemas, limits),
                    ),
                    Ok(None) => {}
                    Err(e) => report.add(
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
    Ok(report)
}
