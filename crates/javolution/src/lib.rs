//! # jsess-javolution
//!
//! Session attributes as memcached-session-manager's `JavolutionTranscoder` stores them:
//! Javolution 5.4's `XMLObjectWriter` with msm's `ReflectionBinding`, an `<attributes>` map of
//! `k`/`v` elements, each value's class in a `class` attribute (or as the element name of an
//! item), plain data in attributes, shared objects and cycles as `__id`/`__ref`. The format is
//! specified in `docs/javolution.md`.
//!
//! - [`read::decode`] turns the XML into model objects: what Java serialization would write for
//!   what msm's binding reads back. The XML names classes and fields but not serialVersionUIDs
//!   or field types, so application classes need their Java descriptors ([`Descriptors`], for
//!   example from a Java-serialized session via `jsess_javaser::jdk::descriptors_of`); a class
//!   without one is refused ([`Error::UnknownClass`]), never guessed.
//! - [`write::encode`] writes model attributes as msm's binding does. What the binding cannot
//!   carry unchanged is refused ([`Error::Lossy`]); the declaration order of application
//!   classes' fields, which the binding reads back in that order only, comes from class files
//!   (`jsess_classpath::Schemas`).
//! - [`number`] holds Javolution's own spelling of `double` and `float` values.
//!
//! msm's envelope and attribute framing are composed around this in `jsess-msm`.

pub mod binding;
mod error;
pub mod number;
pub mod read;
mod time;
pub mod write;

pub use error::Error;
pub use read::{decode, Decoded, Descriptors};
pub use write::encode;
