//! What can go wrong between FlexJSON text and the model.

use jsess_model::Limit;

/// A FlexJSON read or write failure. Read errors carry the JSON path (`attribute.field[2]`) of
/// the value they concern.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The bytes are not the JSON FlexJSON writes.
    #[error("malformed JSON at line {line}, column {column}: {reason}")]
    Json {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What is wrong.
        reason: String,
    },
    /// A resource limit was reached.
    #[error("{limit} exceeded at {path}")]
    Limit {
        /// Which limit.
        limit: Limit,
        /// Where.
        path: String,
    },
    /// An integer FlexJSON's reader cannot hold: it reads every integer literal with
    /// `Long.parseLong`, which fails beyond 64 bits.
    #[error("integer {literal} at byte {offset} does not fit a Java long (FlexJSON fails on it)")]
    Number {
        /// The literal (shortened when long).
        literal: String,
        /// Byte offset.
        offset: usize,
    },
    /// A value whose JSON shape is not what FlexJSON writes for where it stands.
    #[error("{path}: {class}: {reason}")]
    Shape {
        /// Where.
        path: String,
        /// The class expected there.
        class: String,
        /// What is wrong.
        reason: String,
    },
    /// An application class jsess has no Java class descriptor for.
    #[error("{path}: no Java class descriptor for {class}; give a Java-serialized session that holds it (--schema-from)")]
    UnknownClass {
        /// Where.
        path: String,
        /// The class.
        class: String,
    },
    /// A bean property the class has no serializable field for.
    #[error("{path}: {class} has no serializable field {field:?}")]
    UnknownField {
        /// Where.
        path: String,
        /// The class.
        class: String,
        /// The property.
        field: String,
    },
    /// A value FlexJSON would not read back unchanged.
    #[error(
        "attribute {attribute:?}: {class} cannot be written as FlexJSON without loss: {reason}"
    )]
    Lossy {
        /// The attribute whose value holds it.
        attribute: String,
        /// The class.
        class: String,
        /// Why.
        reason: String,
    },
    /// A model graph that does not hold what it claims.
    #[error("invalid session graph: {0}")]
    Graph(String),
}
