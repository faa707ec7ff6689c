//! Kryo bytes as memcached-session-manager's Kryo transcoder writes them.
//!
//! msm stores a session's attributes with Kryo 4 (references on, registration not required,
//! its own registrations, optimized generics, `FieldSerializer` for application classes):
//! [`read_attributes`] reads those bytes into the jsess model (a Java stream that Java
//! serialization writes out as msm's Java transcoder would), and [`write_attributes`] writes a
//! model's attributes as the same Kryo bytes Java would produce. Kryo's bytes carry no field
//! names and omit class tags where the declared type is final, so both halves take
//! [`Schemas`]: class layouts from class files, schema files, Java descriptors and a JDK
//! table. A [`Transcoder`] does both over one set of layouts for many blobs, keeping what it
//! works out about each class (as msm keeps one configured `Kryo`). Redisson's `Kryo5Codec` values (Kryo 5, references off, one value per hash field)
//! go through the same reader and writer configured as [`Dialect::Redisson5`]:
//! [`read_value`] and [`write_value`]. What the schemas cannot answer, or what Kryo cannot
//! hold without losing something, is an error naming the class. The wire format is specified
//! in `docs/kryo-format.md` (§12 for Kryo 5).

/// What reading or writing Kryo can fail with.
pub mod error;
pub mod wire;

/// Class layouts (re-exported from `jsess-classpath`, where they live).
pub use jsess_classpath as schema;

pub use error::{ReadError, WriteError};
pub use jsess_classpath::{SchemaError, Schemas};

pub(crate) mod classes;
mod generics;
mod layout;
mod memo;
mod numbers;
mod write;

pub use write::write_attributes;
pub use write5::{write_value, write_value_for};
mod read;
mod read5;
mod time;
mod transcoder;
mod write5;

pub use classes::{Dialect, RedissonRelease};
pub use read::{read_attributes, read_attributes_prefix, KryoAttributes};
pub use read5::{read_value, read_value_for, Kryo5Value};
pub use transcoder::Transcoder;
