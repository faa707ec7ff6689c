//! Errors of the compact codecs.

/// A compact blob was rejected or a session could not be written.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The blob does not start with this codec's magic bytes.
    #[error("not a jsess {0} blob (magic bytes missing)")]
    Magic(&'static str),
    /// A layout version this build does not read.
    #[error("compact layout version {0} is not supported (this build reads 1)")]
    Layout(u8),
    /// The serde format rejected the bytes or the value.
    #[error("{format}: {message}")]
    Format {
        /// The format.
        format: &'static str,
        /// Its message.
        message: String,
    },
    /// The blob was written with a dictionary and none was given.
    #[error("blob needs class dictionary {0:016x}; pass it with --dictionary")]
    MissingDictionary(u64),
    /// The blob was written with another dictionary.
    #[error("blob needs class dictionary {needed:016x}, the one given is {given:016x}")]
    WrongDictionary {
        /// The dictionary the blob names.
        needed: u64,
        /// The dictionary given.
        given: u64,
    },
    /// Structurally valid bytes that describe an impossible session (bad indexes, …).
    #[error("invalid session data: {0}")]
    Invalid(String),
}
