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
    /// XML or JSON attributes were rejected.
    #[error("session {session}: {message}")]
    Xml {
        /// The session id.
        session: String,
        /// What the format crate reported (offset, class, attribute).
        message: String,
        /// What kind of failure it was, from the format crate's typed error.
        failure: TextFailure,
    },
    /// A session that the target format cannot hold without changing it.
    #[error("session {session}: {message}")]
    Lossy {
        /// The session id.
        session: String,
        /// What cannot be written (attribute and class).
        message: String,
    },
}

/// What kind of failure an XML or JSON attribute format (XStream, Javolution, FlexJSON)
/// reported, taken from its typed error rather than its message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TextFailure {
    /// A class it has no layout or Java descriptor for (give `--classpath`).
    UnknownClass(String),
    /// A limit was reached.
    Limit,
    /// The text is not what the format writes.
    Rejected,
}

impl From<&jsess_xstream::Error> for TextFailure {
    fn from(e: &jsess_xstream::Error) -> Self {
        match e {
            jsess_xstream::Error::UnknownClass { class, .. } => {
                TextFailure::UnknownClass(class.clone())
            }
            jsess_xstream::Error::Limit { .. } => TextFailure::Limit,
            _ => TextFailure::Rejected,
        }
    }
}

impl From<&jsess_javolution::Error> for TextFailure {
    fn from(e: &jsess_javolution::Error) -> Self {
        match e {
            jsess_javolution::Error::UnknownClass { class, .. } => {
                TextFailure::UnknownClass(class.clone())
            }
            jsess_javolution::Error::Limit { .. } => TextFailure::Limit,
            _ => TextFailure::Rejected,
        }
    }
}

impl From<&jsess_flexjson::Error> for TextFailure {
    fn from(e: &jsess_flexjson::Error) -> Self {
        match e {
            jsess_flexjson::Error::UnknownClass { class, .. } => {
                TextFailure::UnknownClass(class.clone())
            }
            jsess_flexjson::Error::Limit { .. } => TextFailure::Limit,
            _ => TextFailure::Rejected,
        }
    }
}
