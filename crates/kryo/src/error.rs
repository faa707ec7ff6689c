use jsess_model::Limit;

/// Why Kryo bytes could not be read.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ReadError {
    /// The input ends inside a value.
    #[error("input ends at byte {offset} inside {what}")]
    Truncated {
        /// Where the input ended.
        offset: usize,
        /// What was being read.
        what: &'static str,
    },
    /// Bytes no Kryo writer produces.
    #[error("malformed Kryo at byte {offset}: {reason}")]
    Malformed {
        /// Where.
        offset: usize,
        /// What is wrong.
        reason: String,
    },
    /// A configured limit was exceeded.
    #[error("{limit} exceeded at byte {offset} ({value})")]
    Limit {
        /// Where.
        offset: usize,
        /// Which limit.
        limit: Limit,
        /// The value that exceeded it.
        value: u64,
    },
    /// The bytes name a class whose layout jsess needs and does not have.
    #[error("at byte {offset}: {class}: {need}")]
    Schema {
        /// Where.
        offset: usize,
        /// The class.
        class: String,
        /// What is missing and where to get it.
        need: String,
    },
    /// A class Kryo wrote that has no equivalent in a Java stream jsess can build.
    #[error("at byte {offset}: cannot represent {class}: {reason}")]
    Unsupported {
        /// Where.
        offset: usize,
        /// The class.
        class: String,
        /// Why.
        reason: String,
    },
    /// Bytes after the attribute map.
    #[error("{count} bytes after the end of the attributes at byte {offset}")]
    TrailingBytes {
        /// Where the attributes ended.
        offset: usize,
        /// How many bytes follow.
        count: usize,
    },
}

impl ReadError {
    /// The byte offset the error refers to.
    pub fn offset(&self) -> usize {
        match self {
            ReadError::Truncated { offset, .. }
            | ReadError::Malformed { offset, .. }
            | ReadError::Limit { offset, .. }
            | ReadError::Schema { offset, .. }
            | ReadError::Unsupported { offset, .. }
            | ReadError::TrailingBytes { offset, .. } => *offset,
        }
    }
}

/// Why a session could not be written as Kryo.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum WriteError {
    /// The layout of a class is not known well enough to write bytes a Java reader reads back.
    #[error("{class}: {need}")]
    Schema {
        /// The class.
        class: String,
        /// What is missing and where to get it.
        need: String,
    },
    /// A value Kryo (as msm configures it) cannot hold without losing something.
    #[error("cannot write {class} as Kryo: {reason}")]
    Unsupported {
        /// The class.
        class: String,
        /// What would be lost.
        reason: String,
    },
    /// Which attribute the error happened in.
    #[error("attribute \"{attribute}\": {source}")]
    Attribute {
        /// The attribute's name.
        attribute: String,
        /// The error.
        #[source]
        source: Box<WriteError>,
    },
}
