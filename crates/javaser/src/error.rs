//! Errors: every failure names the byte offset and a typed reason.

use jsess_model::Limit;

/// A stream was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{kind} at byte {offset}")]
pub struct Error {
    /// Offset in the input where the problem was found.
    pub offset: usize,
    /// What is wrong.
    pub kind: ErrorKind,
}

/// Why a stream was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ErrorKind {
    /// The input ended inside an element.
    #[error("unexpected end of input")]
    UnexpectedEof,
    /// The input does not start with `AC ED`.
    #[error("not a Java serialization stream (magic {0:#06x}, expected 0xaced)")]
    BadMagic(u16),
    /// A stream version other than 5.
    #[error("unsupported stream version {0}")]
    UnsupportedVersion(u16),
    /// A byte that is not a valid type code where one was expected.
    #[error("unexpected type code {code:#04x} where {expected} was expected")]
    UnexpectedTypeCode {
        /// The byte found.
        code: u8,
        /// What the grammar allows here.
        expected: &'static str,
    },
    /// A `TC_REFERENCE` to a handle that does not exist (yet, or since the last reset).
    #[error("reference to unknown handle {0:#x}")]
    UnknownHandle(u32),
    /// A reference to a handle of the wrong kind (e.g. a class descriptor where a string must be).
    #[error("handle {handle:#x} refers to {found}, expected {expected}")]
    WrongHandleKind {
        /// The handle.
        handle: u32,
        /// What it refers to.
        found: &'static str,
        /// What the grammar requires.
        expected: &'static str,
    },
    /// Bytes that `DataInput.readUTF` rejects.
    #[error("malformed modified UTF-8")]
    MalformedString,
    /// A negative length or count.
    #[error("negative {what} {value}")]
    NegativeLength {
        /// What the number counts.
        what: &'static str,
        /// The value read.
        value: i64,
    },
    /// An invalid field type code in a class descriptor.
    #[error("invalid field type code {0:#04x}")]
    InvalidFieldType(u8),
    /// A primitive field listed after an object field.
    #[error("primitive field {0} follows an object field")]
    IllegalFieldOrder(String),
    /// A class descriptor whose flags contradict each other.
    #[error("class {class}: invalid descriptor flags {flags:#04x}")]
    InvalidFlags {
        /// The class.
        class: String,
        /// The flags.
        flags: u8,
    },
    /// A class descriptor that is (indirectly) its own superclass.
    #[error("class hierarchy refers back to a descriptor being read")]
    CyclicClassHierarchy,
    /// An array class descriptor whose name is not an array type.
    #[error("array of non-array class {0}")]
    NotAnArrayClass(String),
    /// `TC_ENUM` with a class that is not an enum.
    #[error("enum constant of non-enum class {0}")]
    NotAnEnumClass(String),
    /// An externalizable object written with protocol 1: its bytes can only be parsed by the
    /// class's own `readExternal`, so the rest of the stream cannot be read without it. Every
    /// content before this one was read; the caller can report or skip the stream.
    #[error("class {class} is Externalizable and was written with stream protocol 1; its data can only be read by the class itself")]
    ExternalizableProtocol1 {
        /// The externalizable class.
        class: String,
    },
    /// `TC_RESET` inside an object (Java allows resets only between top-level objects).
    #[error("reset inside an object")]
    ResetInsideObject,
    /// `TC_EXCEPTION` where jsess cannot represent it (inside a class descriptor or inside
    /// another exception).
    #[error("aborted write ({0}) where it cannot be represented")]
    UnsupportedException(&'static str),
    /// A resource limit was exceeded.
    #[error("limit {limit} exceeded ({value})")]
    LimitExceeded {
        /// Which limit.
        limit: Limit,
        /// The value that exceeded it.
        value: u64,
    },
}

/// A graph could not be written as a stream.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WriteError {
    /// A node id that is not in the graph.
    #[error("node {0} does not exist")]
    MissingNode(usize),
    /// A node of the wrong kind where the grammar requires another (e.g. a non-descriptor as a
    /// class descriptor).
    #[error("node {node}: expected {expected}")]
    WrongNodeKind {
        /// The node.
        node: usize,
        /// What the position requires.
        expected: &'static str,
    },
    /// An object whose data does not match its class descriptors.
    #[error("object node {node} does not match its class {class}: {reason}")]
    ShapeMismatch {
        /// The object.
        node: usize,
        /// The class whose data is wrong.
        class: String,
        /// What is wrong.
        reason: String,
    },
    /// An object (or class) that Java serialization cannot hold, or whose Java form is not
    /// known: a class that is not `Serializable`, fields of a non-serializable superclass,
    /// `writeObject`/`writeExternal` data the source format did not carry, a descriptor whose
    /// serialVersionUID or field types are unknown.
    #[error("Java serialization cannot hold node {node}: {reason}")]
    CannotHold {
        /// The object or class descriptor.
        node: usize,
        /// The class.
        class: String,
        /// What Java would need or lose, naming the class.
        reason: String,
    },
    /// A node reached again after a reset (or an exception) that cleared its handle.
    #[error("node {0} is referenced again after a reset cleared its handle")]
    AcrossReset(usize),
    /// A length that does not fit its header.
    #[error("{what} of {len} bytes does not fit its header")]
    TooLong {
        /// What is too long.
        what: &'static str,
        /// Its length.
        len: usize,
    },
    /// Writing every string in full, where it is shared, would pass the bytes allowed
    /// ([`crate::encode_strings_unshared`]).
    #[error("the stream with every string written in full passes {cap} bytes")]
    OverBudget {
        /// The bytes allowed.
        cap: usize,
    },
}
