//! The one error type of the facade, and what kind of failure it is.

use jsess_msm::{AttributesError, UnreadableReason};

/// What went wrong, with the typed errors of the crate that failed as sources.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The bytes are not a value jsess knows (not a session, Java stream, or msm helper value).
    #[error("unrecognised format ({len} bytes, starting {head})")]
    Unrecognised {
        /// The value's length.
        len: usize,
        /// Its first bytes, in hex.
        head: String,
    },
    /// A bare Java stream rejected before its first object.
    #[error("Java stream rejected: {0}")]
    JavaStream(#[source] jsess_javaser::Error),
    /// A Base64 or gzip wrapping was broken.
    #[error("transport wrapping rejected: {0}")]
    Transport(#[source] jsess_msm::Error),
    /// A session's attributes could not be read (the envelope, when readable, is in
    /// [`crate::Value::Unreadable`]; this is what [`crate::Stored::session`] returns).
    #[error("{format} blob rejected: {}", error.message)]
    Attributes {
        /// The format the bytes are in.
        format: &'static str,
        /// Why, typed.
        error: AttributesError,
    },
    /// A format name jsess does not know.
    #[error("unknown format {0:?} (known: {known})", known = jsess_msm::FORMAT_NAMES.join(", "))]
    UnknownFormat(String),
    /// A request that cannot be carried out as asked (an unknown layout name, a move to the
    /// layout sessions are already in).
    #[error("{0}")]
    Usage(String),
    /// Not a session: there is nothing to transcode or show as a session.
    #[error("not a session: {0}")]
    NotASession(&'static str),
    /// A conversion failed: the source was rejected, the target cannot hold the session, or what
    /// was written did not read back the same.
    #[error(transparent)]
    Transcode(#[from] jsess_msm::TranscodeError),
    /// Class files, jars or schema files could not be read.
    #[error(transparent)]
    Classpath(#[from] jsess_classpath::SchemaError),
    /// A dictionary file is not one jsess wrote.
    #[error(transparent)]
    Dictionary(#[from] jsess_codecs::Error),
    /// A session's msm framing (attribute list, principal) was rejected.
    #[error(transparent)]
    Msm(#[from] jsess_msm::Error),
    /// A session hash (Spring Session, Redisson) was rejected or cannot be converted.
    #[error(transparent)]
    Layout(#[from] jsess_layouts::Error),
    /// A store (Redis, directory) failed.
    #[error(transparent)]
    Store(#[from] jsess_store::Error),
    /// A file could not be read.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The error.
        #[source]
        source: std::io::Error,
    },
}

/// The kind of an [`Error`], so a program can act on it without reading its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Category {
    /// The input is not valid in its format (or not a known format at all).
    Rejected,
    /// Reading or writing needs class layouts that were not given (a classpath, a schema
    /// file, sample Java-serialized sessions, a dictionary).
    NeedsClasses,
    /// The target format cannot hold the session without losing something; nothing was
    /// written.
    CannotHold,
    /// A resource limit ([`crate::Limits`]) was reached.
    LimitExceeded,
    /// A store, file or network failure.
    Io,
}

impl Error {
    /// What kind of failure this is.
    pub fn classify(&self) -> Category {
        match self {
            Error::Unrecognised { .. }
            | Error::Transport(_)
            | Error::NotASession(_)
            | Error::Msm(_) => Category::Rejected,
            Error::Attributes { error, .. } => reason_category(error.reason),
            Error::JavaStream(e) => match e.kind {
                jsess_javaser::ErrorKind::LimitExceeded { .. } => Category::LimitExceeded,
                _ => Category::Rejected,
            },
            Error::Usage(_) => Category::Rejected,
            Error::UnknownFormat(_) | Error::Classpath(_) | Error::Dictionary(_) => {
                Category::NeedsClasses
            }
            Error::Transcode(e) => transcode_category(e),
            Error::Layout(e) => layout_category(e),
            Error::Store(_) | Error::Io { .. } => Category::Io,
        }
    }
}

fn layout_category(e: &jsess_layouts::Error) -> Category {
    use jsess_layouts::Error as E;
    match e {
        E::WouldLose { .. } | E::Write { .. } => Category::CannotHold,
        E::Attribute { source, .. } => match source.kind {
            jsess_javaser::ErrorKind::LimitExceeded { .. } => Category::LimitExceeded,
            _ => Category::Rejected,
        },
        _ => Category::Rejected,
    }
}

pub(crate) fn reason_category(reason: UnreadableReason) -> Category {
    match reason {
        UnreadableReason::UnknownClass | UnreadableReason::Dictionary => Category::NeedsClasses,
        UnreadableReason::LimitExceeded => Category::LimitExceeded,
        UnreadableReason::AttributeFraming
        | UnreadableReason::ExternalizableProtocol1
        | UnreadableReason::JavaStream
        | UnreadableReason::Unsupported
        | UnreadableReason::UnknownFormat
        | UnreadableReason::Header
        | UnreadableReason::Rejected => Category::Rejected,
    }
}

fn transcode_category(e: &jsess_msm::TranscodeError) -> Category {
    match e {
        jsess_msm::TranscodeError::Rejected { error, .. } => {
            reason_category(jsess_msm::classify(error.as_ref()).reason)
        }
        jsess_msm::TranscodeError::Unwritable { error, .. } => {
            if jsess_msm::classify(error.as_ref()).reason == UnreadableReason::UnknownClass {
                Category::NeedsClasses
            } else {
                Category::CannotHold
            }
        }
        jsess_msm::TranscodeError::Verification(_) => Category::CannotHold,
    }
}
