//! Auditing a session hash (Redisson's or Spring Session's layout): each attribute is a Java
//! stream of its own, and so is Redisson's principal.

use jsess_javaser::Limits;
use jsess_layouts::{HashSession, ValueCodec};

use crate::blob::top_level;
use crate::{BlobReport, Finding, Policy};

/// Audits every attribute of a session hash, and its principal (Java serialization, or Kryo 5
/// read with the application's class layouts `schemas`). A hash in a codec jsess does not
/// read is reported as not audited, naming the codec.
pub fn audit_hash(
    session: &HashSession,
    policy: &Policy,
    schemas: &jsess_classpath::Schemas,
    limits: &Limits,
) -> BlobReport {
    let mut report = BlobReport {
        kind: format!("{} ({})", session.layout.name, session.codec.name()),
        session: Some(session.id.clone()),
        ..BlobReport::default()
    };
    if !matches!(session.codec, ValueCodec::Java | ValueCodec::Kryo5) {
        report.skipped = Some(format!(
            "values in {}, a codec jsess does not read yet",
            session.codec.name()
        ));
        return report;
    }
    let mut unreadable = Vec::new();
    let parts = session
        .attributes
        .iter()
        .map(|a| (format!("attribute {:?}", a.name), a.value.as_slice()))
        .chain(
            session
                .principal
                .as_deref()
                .map(|p| ("(principal)".to_string(), p)),
        );
    for (label, bytes) in parts {
        match jsess_layouts::value_stream(session.codec, bytes, schemas, limits) {
            Ok(stream) => {
                report
                    .findings
                    .extend(
                        top_level(&stream, &label, policy)
                            .into_iter()
                            .map(|f| Finding {
                                // One object per stream: the label alone names it.
                                item: f.item.trim_end_matches(" #1").to_string(),
                                ..f
                            }),
                    )
            }
            Err(e) => unreadable.push(format!("{label}: {e}")),
        }
    }
    if !unreadable.is_empty() {
        report.skipped = Some(format!("not read: {}", unreadable.join("; ")));
    }
    report
}
