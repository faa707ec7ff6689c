//! # jsess-flexjson
//!
//! Session attributes as memcached-session-manager's `JSONTranscoder` stores them:
//! `new JSONSerializer().deepSerialize(attributes)` (FlexJSON 3.3), one JSON object whose
//! properties are the attribute names. FlexJSON writes maps as JSON objects and collections as
//! arrays without saying which class they were, numbers without their box, dates as epoch
//! milliseconds, enums as their names, and application objects as beans (their properties sorted
//! by name, `class` among them); it never writes a shared object once, and silently drops the
//! property that closes a cycle. The format is specified in `docs/flexjson.md`.
//!
//! - [`read::decode`] turns the JSON into model objects: what FlexJSON's `ObjectBinder` reads
//!   back (a `HashMap` for an object without `class`, an `ArrayList` for an array, a `Long` or a
//!   `Double` for a number, and for bean properties the type of the field they fill).
//!   Application classes need their Java descriptors ([`Descriptors`], for example from a
//!   Java-serialized session via `jsess_javaser::jdk::descriptors_of`); a class without one is
//!   refused ([`Error::UnknownClass`]).
//! - [`write::encode`] writes model attributes as FlexJSON does, and refuses ([`Error::Lossy`],
//!   naming the attribute and class) every value FlexJSON would read back as something else: a
//!   `ConcurrentHashMap` that would come back a `HashMap`, an `Integer` that would come back a
//!   `Long`, a shared object that would come back as two, a cycle FlexJSON would cut. What jsess
//!   cannot check from Java serialization data (that an application class has the getters and
//!   setters FlexJSON goes through) is reported as [`write::Warning`]s.
//!
//! msm's envelope and attribute framing are composed around this in `jsess-msm`.

mod error;
mod json;
pub mod read;
mod types;
pub mod write;

pub use error::Error;
pub use read::{decode, Decoded, Descriptors};
pub use write::{encode, Encoded, Warning, WarningKind};
