//! Auditing one stored value: an msm session (each attribute, the principal, the saved
//! request), a bare Java stream (each top-level object), or anything else (skipped, with why).

use jsess_javaser::{decode, Limits};
use jsess_model::{Content, Stream};
use jsess_msm::{attributes, sniff, AttributeFormat, AttributeValue, Kind};

use crate::{audit, Finding, Policy};

/// What auditing one value found.
#[derive(Debug, Clone, Default)]
pub struct BlobReport {
    /// The kind of value (`msm-java`, `java`, `ping`, …).
    pub kind: String,
    /// Findings, by item.
    pub findings: Vec<Finding>,
    /// Why the value was not audited, when it was not.
    pub skipped: Option<String>,
}

/// Audits one stored value (base64 and gzip wrappings removed first).
pub fn audit_blob(raw: &[u8], policy: &Policy, limits: &Limits) -> BlobReport {
    let (bytes, transport) = match jsess_msm::unwrap_transport(raw, limits) {
        Ok(unwrapped) => unwrapped,
        Err(e) => {
            return BlobReport {
                kind: "unknown".into(),
                findings: Vec::new(),
                skipped: Some(e.to_string()),
            }
        }
    };
    let bytes = &bytes[..];
    let kind = sniff(bytes);
    let mut report = BlobReport {
        kind: kind.name().to_string(),
        ..BlobReport::default()
    };
    for t in transport {
        report.kind.push_str(&format!(" ({})", t.name()));
    }
    match kind {
        Kind::Session(AttributeFormat::Java) => match jsess_msm::decode(bytes, limits) {
            Ok(session) => {
                report
                    .findings
                    .extend(session_attributes(&session.attributes, policy));
                for (label, part) in [
                    ("(principal)", &session.envelope.principal),
                    ("(saved request)", &session.envelope.saved_request),
                    ("(saved principal)", &session.envelope.saved_principal),
                ] {
                    if let Ok(stream) = decode(part, limits) {
                        report.findings.extend(top_level(&stream, label, policy));
                    }
                }
            }
            Err(e) => report.skipped = Some(format!("undecodable msm-java session: {e}")),
        },
        // A bare stream framed as msm frames attributes is audited by attribute name.
        Kind::JavaStream => match decode(bytes, limits) {
            Ok(stream) => report.findings.extend(session_attributes(&stream, policy)),
            Err(e) => report.skipped = Some(format!("undecodable Java stream: {e}")),
        },
        Kind::Session(other) => {
            report.skipped = Some(format!("{} attributes are not audited yet", other.name()))
        }
        Kind::Ping | Kind::Lock | Kind::Validity => {
            report.skipped = Some("holds no objects".into())
        }
        Kind::Unknown => report.skipped = Some("unrecognised format".into()),
    }
    report
}

/// Each attribute of an msm attribute stream, by name; a stream that is not framed as msm
/// frames it is audited object by object.
fn session_attributes(stream: &Stream<'_>, policy: &Policy) -> Vec<crate::Finding> {
    let graph = &stream.graph;
    match attributes(stream) {
        Ok(list) => {
            let items: Vec<(String, jsess_model::Ref)> = list
                .entries
                .iter()
                .map(|a| {
                    let name = graph
                        .string(a.name)
                        .map(|s| s.to_string())
                        .unwrap_or_default();
                    let value = match a.value {
                        AttributeValue::Written(r) => r,
                        AttributeValue::Failed { partial, .. } => partial,
                    };
                    (format!("attribute {name:?}"), value)
                })
                .collect();
            audit(graph, &items, policy)
        }
        Err(_) => top_level(stream, "object", policy),
    }
}

fn top_level(stream: &Stream<'_>, label: &str, policy: &Policy) -> Vec<crate::Finding> {
    let items: Vec<(String, jsess_model::Ref)> = stream
        .contents
        .iter()
        .filter_map(|c| match c {
            Content::Object(r) => Some(*r),
            Content::Exception(n) => Some(Some(*n)),
            _ => None,
        })
        .enumerate()
        .map(|(i, r)| (format!("{label} #{}", i + 1), r))
        .collect();
    audit(&stream.graph, &items, policy)
}
