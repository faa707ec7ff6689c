//! What can go wrong reading XML.

use jsess_model::Limit;

/// Why an XML document was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// The bytes are not well-formed XML (as the transcoders write it).
    #[error("malformed XML at byte {offset}: {reason}")]
    Xml {
        /// Byte offset.
        offset: u64,
        /// What is wrong.
        reason: String,
    },
    /// A document type declaration: the transcoders never write one, and reading one could
    /// expand entities without bound.
    #[error("a DOCTYPE at byte {offset} is refused (no entity definitions are read)")]
    Doctype {
        /// Byte offset.
        offset: u64,
    },
    /// A resource limit was reached.
    #[error("{limit} exceeded at byte {offset}")]
    Limit {
        /// Which limit.
        limit: Limit,
        /// Byte offset.
        offset: u64,
    },
}
