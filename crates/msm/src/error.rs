//! Errors of the msm layer.

/// An msm blob was rejected or could not be written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// The blob ends inside the header.
    #[error("header truncated: field {field} needs bytes up to {needed}, blob has {len}")]
    Truncated {
        /// The field being read.
        field: &'static str,
        /// Offset the field would end at.
        needed: usize,
        /// Blob length.
        len: usize,
    },
    /// A header version other than 1 or 2.
    #[error("unsupported msm header version {0} (msm reads 1 and 2)")]
    UnsupportedVersion(u16),
    /// A 2-byte length msm would read as negative (msm reads them as signed shorts).
    #[error("{field} length {value} is over 32767, which msm reads as negative")]
    LengthOverflow {
        /// The field.
        field: &'static str,
        /// The length.
        value: usize,
    },
    /// The header length points inside the fields it covers.
    #[error("header length {declared} is shorter than its fields ({actual} bytes)")]
    HeaderTooShort {
        /// The header length field.
        declared: usize,
        /// Where the fields end.
        actual: usize,
    },
    /// An authentication type id msm does not know.
    #[error("unknown authType id {0} (msm knows 0–4)")]
    UnknownAuthType(u16),
    /// The attribute bytes are not Java serialization.
    #[error("attributes are {0}, not a Java serialization stream")]
    NotJavaAttributes(&'static str),
    /// The attribute stream is not framed as msm frames it.
    #[error("attribute stream: {0}")]
    Framing(String),
    /// A base64 or gzip wrapping could not be removed.
    #[error("{0}")]
    Transport(String),
    /// A Java serialization stream (attributes or principal) was rejected.
    #[error("{part}: {source}")]
    Java {
        /// Which part of the blob.
        part: &'static str,
        /// The codec's error.
        source: jsess_javaser::Error,
    },
    /// A Java serialization stream could not be written.
    #[error("{part}: {source}")]
    JavaWrite {
        /// Which part of the blob.
        part: &'static str,
        /// The codec's error.
        source: jsess_javaser::WriteError,
    },
    /// The attribute bytes are in another format than the codec reads.
    #[error("attributes are {found}, not {expected}")]
    Format {
        /// The codec's format.
        expected: &'static str,
        /// What the bytes are.
        found: &'static str,
    },
    /// Attributes in one of msm's pluggable formats (Kryo, XStream, Javolution, FlexJSON)
    /// were rejected.
    #[error("session {session}: {message}")]
    Attributes {
        /// The session id.
        session: String,
        /// What the format crate reported (offset, class, attribute).
        message: String,
        /// What kind of failure it was, from the format crate's typed error.
        failure: AttributeFailure,
    },
    /// A session that the target format cannot hold without changing it, or cannot write
    /// without a fact it lacks (`failure` tells which).
    #[error("session {session}: {message}")]
    Lossy {
        /// The session id.
        session: String,
        /// What cannot be written (attribute and class).
        message: String,
        /// What kind of failure it was, from the format's typed error.
        failure: AttributeFailure,
    },
}

/// What kind of failure an attribute format (Kryo, XStream, Javolution, FlexJSON) reported,
/// taken from its typed error rather than its message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AttributeFailure {
    /// A class it has no layout or Java descriptor for (give `--classpath`).
    UnknownClass(String),
    /// A class whose serializer or form the format crate does not implement.
    Unsupported(String),
    /// A limit was reached.
    Limit,
    /// Reading: the bytes are not what the format writes. Writing: the session holds what
    /// the format cannot hold or would change.
    Rejected,
}

impl From<&jsess_kryo::ReadError> for AttributeFailure {
    fn from(e: &jsess_kryo::ReadError) -> Self {
        use jsess_kryo::ReadError;
        match e {
            ReadError::Schema { class, .. } => AttributeFailure::UnknownClass(class.clone()),
            ReadError::Unsupported { class, .. } => AttributeFailure::Unsupported(class.clone()),
            ReadError::Limit { .. } => AttributeFailure::Limit,
            ReadError::Truncated { .. }
            | ReadError::Malformed { .. }
            | ReadError::TrailingBytes { .. } => AttributeFailure::Rejected,
        }
    }
}

impl From<&jsess_kryo::WriteError> for AttributeFailure {
    fn from(e: &jsess_kryo::WriteError) -> Self {
        use jsess_kryo::WriteError;
        match e {
            WriteError::Schema { class, .. } => AttributeFailure::UnknownClass(class.clone()),
            WriteError::Unsupported { class, .. } => AttributeFailure::Unsupported(class.clone()),
            WriteError::Attribute { source, .. } => AttributeFailure::from(source.as_ref()),
        }
    }
}

impl From<&jsess_xstream::Error> for AttributeFailure {
    fn from(e: &jsess_xstream::Error) -> Self {
        match e {
            jsess_xstream::Error::UnknownClass { class, .. } => {
                AttributeFailure::UnknownClass(class.clone())
            }
            jsess_xstream::Error::Limit { .. } => AttributeFailure::Limit,
            _ => AttributeFailure::Rejected,
        }
    }
}

impl From<&jsess_javolution::Error> for AttributeFailure {
    fn from(e: &jsess_javolution::Error) -> Self {
        match e {
            jsess_javolution::Error::UnknownClass { class, .. } => {
                AttributeFailure::UnknownClass(class.clone())
            }
            jsess_javolution::Error::Limit { .. } => AttributeFailure::Limit,
            _ => AttributeFailure::Rejected,
        }
    }
}

impl From<&jsess_flexjson::Error> for AttributeFailure {
    fn from(e: &jsess_flexjson::Error) -> Self {
        match e {
            jsess_flexjson::Error::UnknownClass { class, .. } => {
                AttributeFailure::UnknownClass(class.clone())
            }
            jsess_flexjson::Error::Limit { .. } => AttributeFailure::Limit,
            _ => AttributeFailure::Rejected,
        }
    }
}
