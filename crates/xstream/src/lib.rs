//! # jsess-xstream
//!
//! Session attributes as memcached-session-manager's `XStreamTranscoder` stores them:
//! `new XStream().toXML(attributes)`, a `<concurrent-hash-map>` of `<entry>` elements, each a
//! `<string>` name and the value in XStream's XML (class aliases, converters for JDK types,
//! `reference` paths for shared objects and cycles). The format is specified in
//! `docs/xstream.md`.
//!
//! - [`read::decode`] turns the XML into model objects: what Java serialization would write for
//!   what XStream reads back. XStream names classes and fields but not serialVersionUIDs or
//!   field types: application classes are described by their Java descriptors
//!   ([`Descriptors`], for example from a Java-serialized session via
//!   `jsess_javaser::jdk::descriptors_of`) or their class layouts; a class neither describes is
//!   known by the fields its elements show (an `inferred` descriptor), and what XStream wrote
//!   by a field's declared type is kept as an untyped element (`docs/xstream.md`). Nothing is
//!   guessed: what only a class file could tell is refused ([`Error::UnknownClass`]).
//! - [`write::encode`] writes model attributes as XStream does. What XStream cannot carry
//!   unchanged is refused ([`Error::Lossy`]); classes msm's plain `new XStream()` refuses to read
//!   back (its default allow-list) are reported as [`write::Warning`]s.
//!
//! msm's envelope and attribute framing are composed around this in `jsess-msm`.

mod error;
pub mod names;
pub mod read;
mod text;
mod undefined_chars;
pub mod write;

pub use error::Error;
pub use read::{decode, Decoded, Descriptors};
pub use write::{encode, Encoded, Warning};
