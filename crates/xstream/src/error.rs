//! What can go wrong between XStream XML and the model.

use jsess_model::Limit;

/// An XStream read or write failure. Read errors carry the byte offset of the element (or the
/// XML error) they concern.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The document is not XML as XStream writes it: malformed, or a DOCTYPE (never written, and
    /// reading one could expand entities without bound).
    #[error(transparent)]
    Xml(jsess_xml::Error),
    /// A resource limit was reached.
    #[error("{limit} exceeded at byte {offset}")]
    Limit {
        /// Which limit.
        limit: Limit,
        /// Byte offset.
        offset: u64,
    },
    /// An element whose shape is not what XStream writes for its class.
    #[error("{class} at byte {offset}: {reason}")]
    Shape {
        /// The class the element stands for.
        class: String,
        /// Byte offset of the element.
        offset: u64,
        /// What is wrong.
        reason: String,
    },
    /// A `reference` attribute that names no earlier element.
    #[error("reference {path:?} at byte {offset} names no earlier object")]
    BadReference {
        /// The path as written.
        path: String,
        /// Byte offset of the referencing element.
        offset: u64,
    },
    /// An application class jsess has no Java class descriptor for: XStream names classes and
    /// fields but not serialVersionUIDs or field types.
    #[error("no class layout for {class} (at byte {offset}): the XML names the class but not its field types; pass --classpath with the application's classes, a --schema file, or --schema-from a Java-serialized session that holds it")]
    UnknownClass {
        /// The class.
        class: String,
        /// Byte offset of the element.
        offset: u64,
    },
    /// A field the class descriptor does not have.
    #[error("{class} has no serializable field {field:?} (at byte {offset})")]
    UnknownField {
        /// The class.
        class: String,
        /// The field as named in the XML.
        field: String,
        /// Byte offset of the field element.
        offset: u64,
    },
    /// A value XStream cannot represent without changing it.
    #[error(
        "attribute {attribute:?}: {class} cannot be written as XStream XML without loss: {reason}"
    )]
    Lossy {
        /// The attribute whose value holds it.
        attribute: String,
        /// The class.
        class: String,
        /// Why.
        reason: String,
    },
    /// A model graph that does not hold what it claims (a dangling reference, a name that is
    /// not a string).
    #[error("invalid session graph: {0}")]
    Graph(String),
}

impl Error {
    pub(crate) fn shape(class: &str, offset: u64, reason: impl Into<String>) -> Error {
        Error::Shape {
            class: class.to_string(),
            offset,
            reason: reason.into(),
        }
    }
}

impl From<jsess_xml::Error> for Error {
    fn from(e: jsess_xml::Error) -> Error {
        match e {
            // A limit is a limit whichever layer reached it.
            jsess_xml::Error::Limit { limit, offset } => Error::Limit { limit, offset },
            other => Error::Xml(other),
        }
    }
}
