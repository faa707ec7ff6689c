//! One stored session read with the format registry, whatever its format.
//!
//! Every msm transcoder writes the same header in front of its attributes, so a session's
//! envelope (id, times, lifetime, authentication type, principal) is readable from the bytes
//! alone even when its attributes are not: a Kryo blob read without the application's classes,
//! an XStream blob naming a class jsess has no layout for, a limit hit halfway. [`read_session`]
//! returns the decoded session or, when its attributes cannot be read, the envelope with a
//! typed reason ([`AttributesError`]) so that reports (`jsess scan`, `jsess audit`) can count
//! and name such a session instead of dropping it.

use jsess_model::{Codec, Envelope, Limits, Session};

use crate::envelope::decode_envelope;
use crate::error::{AttributeFailure, Error};
use crate::formats::{detect_with, FormatOptions, Formats};
use crate::sniff::{sniff, Kind};

/// A stored value that is a session (msm blob of any attribute format, or a compact blob).
#[derive(Debug)]
pub struct StoredSession<'a> {
    /// The format: a registry name (`msm-kryo`, `postcard`, …), or `msm-unknown` for msm
    /// attributes that no transcoder jsess knows wrote.
    pub format: &'static str,
    /// The session, or why its attributes could not be read.
    pub read: Result<Session<'a>, Unreadable<'a>>,
}

impl<'a> StoredSession<'a> {
    /// The envelope: the decoded session's, else the one read from the bytes alone (`None`
    /// only for a compact blob that could not be read: its envelope is not msm's header).
    pub fn envelope(&self) -> Option<&Envelope<'a>> {
        match &self.read {
            Ok(session) => Some(&session.envelope),
            Err(unreadable) => unreadable.envelope.as_ref(),
        }
    }
}

/// A session whose attributes could not be read.
#[derive(Debug)]
pub struct Unreadable<'a> {
    /// The msm header, read from the bytes alone.
    pub envelope: Option<Envelope<'a>>,
    /// The attributes read before the error, as a session (formats that can stop between
    /// attributes: Kryo).
    pub partial: Option<Session<'a>>,
    /// Why the attributes could not be read.
    pub error: AttributesError,
}

/// Why a session's attributes could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttributesError {
    /// The kind of reason.
    pub reason: UnreadableReason,
    /// The class the reader stopped at, when the error names one (a class without a layout, a
    /// class the format cannot represent, an Externalizable written with protocol 1).
    pub class: Option<String>,
    /// The reader's message (byte offset, class, what to pass).
    pub message: String,
}

/// The kinds of [`AttributesError`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum UnreadableReason {
    /// The bytes name a class whose layout jsess needs and was not given (`--classpath`,
    /// `--schema`, `--schema-from`).
    UnknownClass,
    /// A resource limit was reached.
    LimitExceeded,
    /// The attribute stream is not framed as msm frames it.
    AttributeFraming,
    /// An Externalizable written with stream protocol 1 (only the class itself can read it).
    ExternalizableProtocol1,
    /// The Java serialization stream of the attributes was rejected.
    JavaStream,
    /// A value the format holds that jsess cannot represent.
    Unsupported,
    /// A compact blob written with a class dictionary that was not given (or another one).
    Dictionary,
    /// msm attributes in a format no transcoder jsess knows writes.
    UnknownFormat,
    /// The msm header itself was rejected.
    Header,
    /// Attributes the format's reader rejected (truncated, malformed, trailing bytes, a value
    /// it does not read back as msm would).
    Rejected,
}

impl UnreadableReason {
    /// The name reports use (`jsess scan`'s `undecodable.by_reason` keys).
    pub fn name(self) -> &'static str {
        match self {
            UnreadableReason::UnknownClass => "unknown class",
            UnreadableReason::LimitExceeded => "limit exceeded",
            UnreadableReason::AttributeFraming => "attribute framing",
            UnreadableReason::ExternalizableProtocol1 => "externalizable protocol 1",
            UnreadableReason::JavaStream => "java stream",
            UnreadableReason::Unsupported => "unsupported value",
            UnreadableReason::Dictionary => "class dictionary",
            // The name `jsess scan` has always given msm attributes it does not read.
            UnreadableReason::UnknownFormat => "attributes not decoded",
            UnreadableReason::Header => "msm header",
            UnreadableReason::Rejected => "attributes rejected",
        }
    }
}

impl std::fmt::Display for UnreadableReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Reads a stored value as a session with the format registry ([`detect_with`], set up with
/// `options` as every command sets it up); `None` when the value is not a session (a bare Java
/// stream, a ping, lock or validity value, unrecognised bytes: see [`sniff`]).
pub fn read_session<'a>(
    bytes: &'a [u8],
    options: &FormatOptions,
    limits: &Limits,
) -> Option<StoredSession<'a>> {
    read_detected(bytes, detect_with(bytes, options).as_deref(), limits)
}

/// [`read_session`] with formats set up once for many values.
pub fn read_session_with<'a>(
    bytes: &'a [u8],
    formats: &Formats,
    limits: &Limits,
) -> Option<StoredSession<'a>> {
    read_detected(bytes, formats.detect(bytes), limits)
}

/// A stored value whose format `codec` is (`None`: no registry format sniffs it).
fn read_detected<'a>(
    bytes: &'a [u8],
    codec: Option<&dyn Codec>,
    limits: &Limits,
) -> Option<StoredSession<'a>> {
    if let Some(codec) = codec {
        let read = codec
            .decode_partial(bytes, limits)
            .map_err(|partial| Unreadable {
                envelope: msm_envelope(bytes),
                partial: partial.session.map(|s| *s),
                error: classify(partial.error.as_ref()),
            });
        return Some(StoredSession {
            format: codec.name(),
            read,
        });
    }
    match sniff(bytes) {
        Kind::Session(format) => {
            let (envelope, attributes) = decode_envelope(bytes).ok()?;
            let head: Vec<String> = attributes
                .iter()
                .take(8)
                .map(|b| format!("{b:02x}"))
                .collect();
            Some(StoredSession {
                format: format.name(),
                read: Err(Unreadable {
                    envelope: Some(envelope),
                    partial: None,
                    error: AttributesError {
                        reason: UnreadableReason::UnknownFormat,
                        class: None,
                        message: format!(
                            "{} bytes of attributes no msm transcoder jsess knows writes (starting {})",
                            attributes.len(),
                            head.join(" ")
                        ),
                    },
                }),
            })
        }
        _ => None,
    }
}

/// The msm header of an msm blob (not of a compact blob, whose envelope is its own).
fn msm_envelope(bytes: &[u8]) -> Option<Envelope<'_>> {
    match sniff(bytes) {
        Kind::Session(_) => decode_envelope(bytes).ok().map(|(envelope, _)| envelope),
        _ => None,
    }
}

/// The typed reason of a codec's error, from the error types of the formats (the XML and JSON
/// formats' kinds travel in [`Error::Attributes`]' [`AttributeFailure`]); never from message text. Writers'
/// errors classify the same way: a Kryo writer missing a class layout is
/// [`UnreadableReason::UnknownClass`].
pub fn classify(e: &(dyn std::error::Error + Send + Sync + 'static)) -> AttributesError {
    let message = e.to_string();
    let (reason, class) = if let Some(e) = e.downcast_ref::<Error>() {
        from_msm(e)
    } else if let Some(e) = e.downcast_ref::<jsess_kryo::ReadError>() {
        from_failure(&e.into())
    } else if let Some(e) = e.downcast_ref::<jsess_kryo::WriteError>() {
        from_failure(&e.into())
    } else if let Some(e) = e.downcast_ref::<jsess_javaser::Error>() {
        from_java(e)
    } else if let Some(e) = e.downcast_ref::<jsess_codecs::Error>() {
        match e {
            jsess_codecs::Error::MissingDictionary(_)
            | jsess_codecs::Error::WrongDictionary { .. } => (UnreadableReason::Dictionary, None),
            _ => (UnreadableReason::Rejected, None),
        }
    } else {
        (UnreadableReason::Rejected, None)
    };
    AttributesError {
        reason,
        class,
        message,
    }
}

fn from_msm(e: &Error) -> (UnreadableReason, Option<String>) {
    match e {
        Error::Java { source, .. } => from_java(source),
        Error::Framing(_) => (UnreadableReason::AttributeFraming, None),
        Error::Truncated { .. }
        | Error::UnsupportedVersion(_)
        | Error::LengthOverflow { .. }
        | Error::HeaderTooShort { .. }
        | Error::UnknownAuthType(_) => (UnreadableReason::Header, None),
        Error::NotJavaAttributes(_) | Error::Format { .. } => {
            (UnreadableReason::UnknownFormat, None)
        }
        Error::Attributes { failure, .. } | Error::Lossy { failure, .. } => from_failure(failure),
        Error::Transport(_) | Error::JavaWrite { .. } => (UnreadableReason::Rejected, None),
    }
}

fn from_failure(failure: &AttributeFailure) -> (UnreadableReason, Option<String>) {
    match failure {
        AttributeFailure::UnknownClass(class) => {
            (UnreadableReason::UnknownClass, Some(class.clone()))
        }
        AttributeFailure::Unsupported(class) => {
            (UnreadableReason::Unsupported, Some(class.clone()))
        }
        AttributeFailure::Limit => (UnreadableReason::LimitExceeded, None),
        AttributeFailure::Rejected => (UnreadableReason::Rejected, None),
    }
}

fn from_java(e: &jsess_javaser::Error) -> (UnreadableReason, Option<String>) {
    match &e.kind {
        jsess_javaser::ErrorKind::LimitExceeded { .. } => (UnreadableReason::LimitExceeded, None),
        jsess_javaser::ErrorKind::ExternalizableProtocol1 { class } => (
            UnreadableReason::ExternalizableProtocol1,
            Some(class.clone()),
        ),
        _ => (UnreadableReason::JavaStream, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn corpus(path: &str) -> Vec<u8> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpora");
        std::fs::read(root.join(path)).expect("corpus file")
    }

    #[test]
    fn sessions_without_their_classes_keep_their_envelope() {
        let java = corpus("msm/camunda.bin");
        let java_id = crate::decode_envelope(&java)
            .expect("envelope")
            .0
            .id
            .into_owned();
        // Kryo bytes carry no field names: its application classes need their layouts.
        let (path, format) = ("kryo/camunda.bin", "msm-kryo");
        let bytes = corpus(path);
        let stored = read_session(&bytes, &FormatOptions::default(), &Limits::DEFAULT).expect(path);
        assert_eq!(stored.format, format);
        let envelope = stored.envelope().expect("envelope").clone();
        assert_eq!(envelope.id.as_ref(), java_id.as_slice(), "{path}");
        assert_eq!(envelope.max_inactive_interval, 1800, "{path}");
        let unreadable = stored.read.expect_err(path);
        assert_eq!(
            unreadable.error.reason,
            UnreadableReason::UnknownClass,
            "{path}: {}",
            unreadable.error.message
        );
        assert_eq!(
            unreadable.error.class.as_deref(),
            Some("org.camunda.bpm.webapp.impl.security.auth.Authentications"),
            "{path}"
        );
        // Java and XStream name every class and field they hold.
        for (path, format) in [
            ("msm/camunda.bin", "msm-java"),
            ("xstream/camunda.bin", "msm-xstream"),
        ] {
            let bytes = corpus(path);
            let stored = read_session(&bytes, &FormatOptions::default(), &Limits::DEFAULT)
                .expect("a session");
            assert_eq!(stored.format, format);
            assert!(stored.read.is_ok(), "{path}");
        }
    }

    #[test]
    fn unknown_attribute_formats_and_non_sessions() {
        let java = corpus("msm/camunda.bin");
        let (envelope, _) = crate::decode_envelope(&java).expect("envelope");
        let mut blob = Vec::new();
        crate::encode_envelope(&envelope, &mut blob).expect("header");
        blob.extend_from_slice(b"\x7fnot attributes");
        let stored =
            read_session(&blob, &FormatOptions::default(), &Limits::DEFAULT).expect("a session");
        assert_eq!(stored.format, "msm-unknown");
        assert_eq!(
            stored.envelope().map(|e| e.max_inactive_interval),
            Some(1800)
        );
        assert_eq!(
            stored.read.expect_err("unknown").error.reason,
            UnreadableReason::UnknownFormat
        );
        for other in [&[0x01][..], b"locked", &corpus("java/hashmap.ser")] {
            assert!(read_session(other, &FormatOptions::default(), &Limits::DEFAULT).is_none());
        }
    }

    #[test]
    fn limits_are_typed() {
        let java = corpus("msm/camunda.bin");
        let limits = Limits {
            max_depth: 2,
            ..Limits::DEFAULT
        };
        let stored = read_session(&java, &FormatOptions::default(), &limits).expect("a session");
        let error = stored.read.expect_err("limited").error;
        assert_eq!(
            error.reason,
            UnreadableReason::LimitExceeded,
            "{}",
            error.message
        );
    }
}
