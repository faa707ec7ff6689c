//! What reading or writing a hash layout can fail with.

/// A layout error.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A key that is not a session of the layout.
    #[error("key {key:?} is not a {layout} session key")]
    NotASession {
        /// The key, lossily as text.
        key: String,
        /// The layout.
        layout: &'static str,
    },
    /// A field the layout requires is missing.
    #[error("session {session}: field {field:?} is missing")]
    Missing {
        /// The session id.
        session: String,
        /// The field.
        field: &'static str,
    },
    /// A field value that is not what the layout writes there.
    #[error("session {session}: field {field:?}: {reason}")]
    Field {
        /// The session id.
        session: String,
        /// The field.
        field: String,
        /// What is wrong.
        reason: String,
    },
    /// Values in a codec jsess recognises but does not read.
    #[error(
        "session {session}: values are in {codec}, which jsess recognises but does not read yet"
    )]
    UnsupportedCodec {
        /// The session id.
        session: String,
        /// The codec's name.
        codec: &'static str,
    },
    /// A conversion that would lose a fact the target layout cannot hold.
    #[error("session {session}: {layout} cannot hold {fact}")]
    WouldLose {
        /// The session id.
        session: String,
        /// The target layout.
        layout: &'static str,
        /// What would be lost (naming the attribute or field).
        fact: String,
    },
    /// An attribute value that is not a complete Java stream.
    #[error("session {session}: attribute {attribute:?}: {source}")]
    Attribute {
        /// The session id.
        session: String,
        /// The attribute name.
        attribute: String,
        /// What the Java reader said.
        #[source]
        source: jsess_javaser::Error,
    },
    /// Writing Java serialization failed.
    #[error("session {session}: {message}")]
    Write {
        /// The session id.
        session: String,
        /// What failed.
        message: String,
    },
    /// The msm side of a conversion.
    #[error(transparent)]
    Msm(#[from] jsess_msm::Error),
}
