//! # jsess-model
//!
//! The value graph every jsess format reads into and writes from.
//!
//! A Tomcat session's attributes are a Java object graph. This crate holds that graph without
//! a JVM and without class files:
//!
//! - [`Graph`]: an arena of [`Node`]s (strings, objects, arrays, enum constants, class objects,
//!   class descriptors) addressed by [`NodeId`]; a shared object or a cycle is one node with
//!   several edges ([`Ref`]), so memory is linear in the input.
//! - [`JavaString`]: Java text kept as modified UTF-8, lossless for NUL and unpaired surrogates.
//! - [`Session`]: a web session's [`Envelope`] (the store's header fields) and its attributes as
//!   a [`Stream`] of the graph.
//! - [`JdkValue`]: the plain meaning of JDK classes (maps, lists, sets, dates, big numbers, …)
//!   that formats render and build from.
//! - [`deep::guard`]: stack growth for recursive walks, so nesting depth is a configurable limit
//!   rather than a crash.
//! - [`room`]: how much room a writer's output starts with, from the thread's recent outputs.
//!
//! Format crates (`jsess-javaser`, …) read bytes into a [`Graph`] and write it back; this crate
//! does no I/O and knows no wire format.

pub mod codec;
pub mod deep;
pub mod graph;
pub mod jdk;
pub mod kept;
pub mod limits;
pub mod merge;
pub mod room;
pub mod session;
pub mod string;

pub use codec::{Codec, CodecError, Encoded, PartialRead};
pub use graph::{
    Array, BlockData, ClassData, ClassDesc, ClassKind, ClassObject, Content, DescOrigin, Elements,
    EnumConstant, FieldDesc, FieldType, Graph, Node, NodeId, Object, Ref, Span, Stream, StringNode,
    Unknowns, Value,
};
pub use jdk::JdkValue;
pub use limits::{Limit, Limits};
pub use session::{Envelope, Session};
pub use string::{JavaString, Mutf8Error};
