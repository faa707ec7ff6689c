//! Re-encoding a stored session in another format, checked before anything is written.
//!
//! Every conversion and migration goes through [`transcode`]: read with the source format,
//! write with the target, then read what was written back (with what the writer knew) and
//! require the same envelope and either the source's own bytes when written back in the source
//! format, or the same values, classes and shared references. A re-encode in the same format
//! must give the input's bytes exactly.

use jsess_model::{Codec, CodecError, Limits, Session};

use crate::json::{session_to_json, JsonOptions};

/// A verified re-encoding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transcoded {
    /// The bytes in the target format.
    pub bytes: Vec<u8>,
    /// What the target format warns about (the bytes hold the session faithfully).
    pub warnings: Vec<String>,
    /// The session's id, as stored.
    pub id: Vec<u8>,
    /// The session's `lastBackupTime` (milliseconds), for compare-and-set against newer writes.
    pub last_backup_time: i64,
}

/// Why a session was not re-encoded.
#[derive(Debug, thiserror::Error)]
pub enum TranscodeError {
    /// The source format rejected the bytes.
    #[error("{format} input rejected: {error}")]
    Rejected {
        /// The source format.
        format: &'static str,
        /// Its error.
        error: CodecError,
    },
    /// The target format cannot hold the session (it names what it refused).
    #[error("cannot be written as {format}: {error}")]
    Unwritable {
        /// The target format.
        format: &'static str,
        /// Its error.
        error: CodecError,
    },
    /// What was written does not read back as the same session.
    #[error("verification: {0}")]
    Verification(String),
}

/// Reads `bytes` with `source`, writes the session with `target` and checks the result (see
/// the module docs). With the same format on both sides, the re-encoding must be the input.
pub fn transcode(
    source: &dyn Codec,
    target: &dyn Codec,
    bytes: &[u8],
    limits: &Limits,
) -> Result<Transcoded, TranscodeError> {
    let session = source
        .decode(bytes, limits)
        .map_err(|e| TranscodeError::Rejected {
            format: source.name(),
            error: e,
        })?;
    transcode_decoded(source, target, bytes, &session, limits)
}

/// [`transcode`] for a caller that has already read `bytes` with `source` into `session`.
pub fn transcode_decoded(
    source: &dyn Codec,
    target: &dyn Codec,
    bytes: &[u8],
    session: &Session<'_>,
    limits: &Limits,
) -> Result<Transcoded, TranscodeError> {
    let encoded = target
        .encode_reporting(session)
        .map_err(|e| TranscodeError::Unwritable {
            format: target.name(),
            error: e,
        })?;
    if source.name() == target.name() {
        if encoded.bytes != bytes {
            return Err(TranscodeError::Verification(format!(
                "{} re-encodes this session to other bytes (first difference at offset {}): \
                 please report this input",
                source.name(),
                first_difference(&encoded.bytes, bytes)
            )));
        }
    } else {
        verify(source, target, bytes, session, &encoded.bytes, limits)?;
    }
    Ok(Transcoded {
        bytes: encoded.bytes,
        warnings: encoded.warnings,
        id: session.envelope.id.to_vec(),
        last_backup_time: session.envelope.last_backup_time,
    })
}

/// What `target` wrote must read back as `session`: the same envelope, and the source's bytes
/// again when written back in the source format, or else the same values.
fn verify(
    source: &dyn Codec,
    target: &dyn Codec,
    original: &[u8],
    session: &Session<'_>,
    written: &[u8],
    limits: &Limits,
) -> Result<(), TranscodeError> {
    let check = target
        .decode_written(written, limits, session)
        .map_err(|e| {
            TranscodeError::Verification(format!(
                "the {} bytes do not read back: {e}",
                target.name()
            ))
        })?;
    if check.envelope != session.envelope {
        return Err(TranscodeError::Verification(format!(
            "the {} bytes read back with another envelope",
            target.name()
        )));
    }
    // Formats that rebuild objects (Kryo, XStream) may lay out an equal session in other
    // bytes (a box Java shared is a new object after Kryo), and a source format may not be
    // able to write back what it read (XStream cannot write a serial proxy it resolved): then
    // every value, class and shared reference must be the same.
    let again = source.encode(&check).ok();
    if again.as_deref() != Some(original) && !apart_strings_only(session, &check, original.len()) {
        if let Some(difference) = value_difference(source.name(), session, &check, limits) {
            return Err(TranscodeError::Verification(format!(
                "{} → {} → {} gives neither the original bytes nor the same values: {difference}",
                source.name(),
                target.name(),
                source.name()
            )));
        }
    }
    Ok(())
}

/// Whether two sessions' attribute streams differ at most in which equal strings are one
/// object: then their values are the same, as [`value_difference`] would find (its view shows
/// strings as values), at the cost of two writes rather than two renderings. Kryo writes
/// strings as values, so any string Java shared (an interned literal held by two objects,
/// say) comes back apart; this is the usual reason a session does not return to its bytes.
/// `false` (the views decide) when either stream cannot be written, or when writing its shared
/// strings in full would pass a few times the session's size.
fn apart_strings_only(a: &Session<'_>, b: &Session<'_>, size: usize) -> bool {
    let cap = size.saturating_mul(4).saturating_add(4096);
    let write = |s: &Session<'_>| jsess_javaser::encode_strings_unshared(&s.attributes, cap);
    matches!((write(a), write(b)), (Ok(x), Ok(y)) if x == y)
}

/// Whether two sessions hold the same values: their JSON views (envelope, attributes with
/// classes, values and shared references) are equal.
pub fn same_values(format: &str, a: &Session<'_>, b: &Session<'_>, limits: &Limits) -> bool {
    value_difference(format, a, b, limits).is_none()
}

/// Where the JSON views of two sessions first differ (`attributes[2].value.fields[0]: "a" ≠
/// "b"`), or `None` when they are equal.
pub fn value_difference(
    format: &str,
    a: &Session<'_>,
    b: &Session<'_>,
    limits: &Limits,
) -> Option<String> {
    let options = JsonOptions {
        sizes: false,
        max_depth: limits.max_depth,
    };
    let view = |s| session_to_json(format, s, limits, options);
    match (view(a), view(b)) {
        (Ok(x), Ok(y)) => json_difference("", &x, &y),
        (Err(e), _) | (_, Err(e)) => Some(format!("no JSON view: {e}")),
    }
}

fn json_difference(path: &str, a: &serde_json::Value, b: &serde_json::Value) -> Option<String> {
    use serde_json::Value;
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for (key, value) in x {
                let here = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                match y.get(key) {
                    Some(other) => {
                        if let Some(d) = json_difference(&here, value, other) {
                            return Some(d);
                        }
                    }
                    None => return Some(format!("{here}: only before")),
                }
            }
            x.keys()
                .len()
                .lt(&y.keys().len())
                .then(|| format!("{path}: keys added"))
        }
        (Value::Array(x), Value::Array(y)) => {
            for (i, (p, q)) in x.iter().zip(y).enumerate() {
                if let Some(d) = json_difference(&format!("{path}[{i}]"), p, q) {
                    return Some(d);
                }
            }
            (x.len() != y.len()).then(|| format!("{path}: {} items, then {}", x.len(), y.len()))
        }
        _ => (a != b).then(|| format!("{path}: {a} before, {b} after")),
    }
}

fn first_difference(a: &[u8], b: &[u8]) -> usize {
    a.iter()
        .zip(b)
        .position(|(x, y)| x != y)
        .unwrap_or(a.len().min(b.len()))
}
