//! Auditing one stored value: a session of any format the registry reads (each attribute, the
//! principal, the saved request), a bare Java stream (each top-level object), or anything else
//! (skipped, with why). A session whose attributes cannot be read is still audited as far as
//! it can be (its principal and saved request, which msm always writes as Java serialization,
//! and the class its reader stopped at) and reported with the typed reason.

use jsess_javaser::{decode, Limits};
use jsess_model::{Content, Envelope, Stream};
use jsess_msm::{attributes, sniff, AttributeValue, AttributesError, FormatOptions, Kind};

use crate::{audit, class_findings, Finding, Policy};

/// What auditing one value found.
#[derive(Debug, Clone, Default)]
pub struct BlobReport {
    /// The kind of value: its format (`msm-java`, `msm-kryo`, `postcard`, …), or what it is
    /// otherwise (`java`, `ping`, `unknown`, …), with any transport wrappings in parentheses.
    pub kind: String,
    /// The session id, when the value is a session whose envelope could be read.
    pub session: Option<String>,
    /// Findings, by item.
    pub findings: Vec<Finding>,
    /// Why the value (or a session's attributes) was not audited, when it was not.
    pub skipped: Option<String>,
    /// For a session whose attributes could not be read: the typed reason.
    pub attributes_error: Option<AttributesError>,
}

/// Audits one stored value (base64 and gzip wrappings removed first), reading sessions of the
/// formats that need nothing besides their bytes (see [`audit_blob_with`]).
pub fn audit_blob(raw: &[u8], policy: &Policy, limits: &Limits) -> BlobReport {
    audit_blob_with(raw, policy, limits, &FormatOptions::default())
}

/// Audits one stored value, reading sessions with the format registry set up with `options`
/// (the class schemas Kryo needs, the Java descriptors the XML and JSON formats need, the
/// compact formats' dictionary): whatever the format, the rules run over the decoded object
/// graph.
pub fn audit_blob_with(
    raw: &[u8],
    policy: &Policy,
    limits: &Limits,
    options: &FormatOptions,
) -> BlobReport {
    let (bytes, transport) = match jsess_msm::unwrap_transport(raw, limits) {
        Ok(unwrapped) => unwrapped,
        Err(e) => {
            return BlobReport {
                kind: "unknown".into(),
                skipped: Some(e.to_string()),
                ..BlobReport::default()
            }
        }
    };
    let bytes = &bytes[..];
    let mut report = BlobReport::default();
    match jsess_msm::read_session(bytes, options, limits) {
        Some(stored) => {
            report.kind = stored.format.to_string();
            report.session = stored
                .envelope()
                .map(|e| String::from_utf8_lossy(&e.id).into_owned());
            match &stored.read {
                Ok(session) => {
                    report
                        .findings
                        .extend(session_attributes(&session.attributes, policy));
                    report
                        .findings
                        .extend(envelope_parts(&session.envelope, policy, limits));
                }
                Err(unreadable) => {
                    if let Some(envelope) = &unreadable.envelope {
                        report
                            .findings
                            .extend(envelope_parts(envelope, policy, limits));
                    }
                    let error = &unreadable.error;
                    // The bytes name the class the reader stopped at: a gadget class is
                    // reported even when the rest cannot be read. (Allow lists judge only
                    // qualified names: XStream also stops at aliases such as `properties`.)
                    if let Some(class) = &error.class {
                        let findings =
                            class_findings(class, policy).into_iter().filter(|(k, _)| {
                                *k != crate::FindingKind::NotAllowed || class.contains('.')
                            });
                        for (kind, detail) in findings {
                            report.findings.push(Finding {
                                item: "attributes (not read)".into(),
                                kind,
                                class: Some(class.clone()),
                                detail: format!(
                                    "{detail} (named by the {} attributes, which were not read: {})",
                                    stored.format, error.reason
                                ),
                            });
                        }
                    }
                    report.skipped = Some(format!(
                        "{} attributes not read ({}): {}",
                        stored.format, error.reason, error.message
                    ));
                    report.attributes_error = Some(error.clone());
                }
            }
        }
        None => {
            let kind = sniff(bytes);
            report.kind = kind.name().to_string();
            match kind {
                // A bare stream framed as msm frames attributes is audited by attribute name.
                Kind::JavaStream => match decode(bytes, limits) {
                    Ok(stream) => report.findings.extend(session_attributes(&stream, policy)),
                    Err(e) => report.skipped = Some(format!("undecodable Java stream: {e}")),
                },
                Kind::Ping | Kind::Lock | Kind::Validity => {
                    report.skipped = Some("holds no objects".into())
                }
                // read_session takes every session; what is left is not one.
                Kind::Session(_) | Kind::Unknown => {
                    report.skipped = Some("unrecognised format".into())
                }
            }
        }
    }
    for t in transport {
        report.kind.push_str(&format!(" ({})", t.name()));
    }
    report
}

/// The principal, saved request and saved principal of an envelope: Java serialization in
/// every msm format.
fn envelope_parts(envelope: &Envelope<'_>, policy: &Policy, limits: &Limits) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (label, part) in [
        ("(principal)", &envelope.principal),
        ("(saved request)", &envelope.saved_request),
        ("(saved principal)", &envelope.saved_principal),
    ] {
        if part.is_empty() {
            continue;
        }
        if let Ok(stream) = decode(part, limits) {
            findings.extend(top_level(&stream, label, policy));
        }
    }
    findings
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

pub(crate) fn top_level(stream: &Stream<'_>, label: &str, policy: &Policy) -> Vec<crate::Finding> {
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
