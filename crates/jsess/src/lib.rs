//! # jsess
//!
//! Java web sessions as Tomcat clusters keep them: memcached-session-manager (msm) blobs in
//! Redis or memcached, in any of msm's transcoders (Java serialization, Kryo, XStream,
//! Javolution, FlexJSON), jsess's compact formats, and bare Java serialization streams. Read
//! them without a JVM, show them as JSON, re-encode them in another format with the result
//! checked before anything is written, and rewrite whole stores.
//!
//! This is the crate to add; it re-exports what programs name from the crates that do the work.
//!
//! ```
//! # fn main() -> Result<(), jsess::Error> {
//! let bytes = std::fs::read("../../corpora/msm/camunda.bin").expect("corpus file");
//! let options = jsess::Options::new();
//!
//! let stored = jsess::read(&bytes, &options)?;
//! assert_eq!(stored.format(), "msm-java");
//! let session = stored.session()?;
//! assert_eq!(session.envelope.max_inactive_interval, 1800);
//!
//! let json = jsess::to_json(&stored, &options)?;
//! assert_eq!(json["attributes"][0]["name"], "authenticatedUser");
//!
//! // Kryo, as msm's KryoTranscoder writes it: Kryo bytes carry no field layouts, so writing
//! // (and reading) application classes needs their class files.
//! let mut options = jsess::Options::new();
//! options.classpath("../../corpora/kryo/app-classes.jar")?;
//! let kryo = jsess::transcode(&bytes, "msm-kryo", &options)?;
//! assert_eq!(kryo.bytes, std::fs::read("../../corpora/kryo/camunda.bin").expect("twin"));
//! # Ok(()) }
//! ```
//!
//! - [`read`] takes any stored value to a [`Stored`]: a [`Session`] (envelope and attribute
//!   graph), a session whose attributes could not be read (its envelope, what was read, and a
//!   typed reason), a Java stream, or msm's ping, lock and validity values.
//! - [`to_json`] gives the JSON `jsess inspect --json` prints (`docs/json.md`).
//! - [`transcode`] re-encodes a session in another format and reads the result back before
//!   returning it (same envelope, same values, classes and shared references; byte-identical
//!   in the same format), or says what the target format cannot hold.
//! - [`Options`] carries the limits hostile input is held to and the class knowledge formats
//!   without class descriptors need.
//! - [`Error::classify`] tells input rejected, classes needed, a value the target cannot hold,
//!   and a limit reached apart without reading messages.
//! - [`migrate()`] re-encodes a whole store (Redis single server, shards, Cluster, or a
//!   directory) with every value verified, backed up and written with compare-and-set;
//!   [`store`] has the stores, the rewrite engine and rollback; [`attributes`] lists a
//!   session's attributes.
//! - [`read_hash`] reads the session hashes of Spring Session and Redisson ([`layouts`]);
//!   [`Relayout`] moves sessions between msm's, Redisson's and Spring Session's layouts in a
//!   store-wide rewrite, each converted, read back and compared before it is written.
//! - [`convert::Converter`] converts many values between two named formats, each verified
//!   (what `jsess convert` does).
//! - [`bench`](mod@bench) measures size and speed of every format on the same sessions, per kind of
//!   session (what `jsess bench` prints).
//! - [`scan::scan`] reports what a whole store holds (what `jsess scan` prints);
//!   [`audit::audit_store`] and [`audit::audit_files`] look for gadget chains and SerialDOS
//!   shapes in every session (what `jsess audit` prints).
//!
//! The examples directory has whole programs: a Redis value to JSON, a directory scan, an
//! attribute report, a store-wide conversion.
//!
//! The library leaves the allocator to the program. Reading and re-encoding a session makes a
//! few dozen to a few hundred small allocations, and [`migrate()`] frees on its I/O thread what
//! its workers allocated: the `jsess` binary sets mimalloc as its global allocator for that,
//! which took 10–20% off its CPU per migrated session (BENCHMARKS.md). A program that converts
//! or migrates many sessions can do the same with the feature `mimalloc` and `jsess::MiMalloc`.

#[cfg(feature = "mimalloc")]
mod allocator;
pub mod audit;
pub mod bench;
pub mod convert;
mod error;
pub mod migrate;
mod options;
pub mod relayout;
pub mod scan;
mod stored;

#[cfg(feature = "mimalloc")]
pub use allocator::MiMalloc;
pub use error::{Category, Error};
pub use migrate::{migrate, Transcoding};
pub use options::{files_under, Options};
pub use relayout::{relayout, Layout, Relayout};
pub use stored::{read, to_json, to_json_with, Stored, Value};

pub use jsess_codecs::Dictionary;
pub use jsess_javaser::jdk::interpret;
pub use jsess_layouts as layouts;
pub use jsess_layouts::HashSession;
pub use jsess_model::{
    Codec, Envelope, Graph, JdkValue, Limit, Limits, Node, NodeId, Ref, Session, Stream,
};
pub use jsess_msm::json::{class_of, JsonOptions};
pub use jsess_msm::{
    attributes, Attribute, AttributeValue, Attributes, AttributesError, Transcoded, Transport,
    UnreadableReason, Validity, FORMAT_NAMES,
};
pub use jsess_store as store;
pub use jsess_tomcat as tomcat;

/// Reads a session hash (Spring Session's or Redisson's layout, told apart by its key and
/// fields); `Ok(None)` when the hash is not a session of either.
pub fn read_hash(
    key: &[u8],
    fields: &[jsess_layouts::Field],
    options: &Options,
) -> Result<Option<HashSession>, Error> {
    match jsess_layouts::read(key, fields, options.get_limits()) {
        None => Ok(None),
        Some(read) => Ok(Some(read?)),
    }
}

/// The JSON view of a session hash, in the shape of [`to_json`]'s sessions (with `"layout"`).
pub fn hash_to_json(session: &HashSession, options: &Options) -> serde_json::Value {
    // Kryo 5 values name no fields: application classes come from the options' class layouts.
    jsess_layouts::json::to_json_with(session, options.schemas(), options.get_limits())
}

/// The session format called `name` (one of [`FORMAT_NAMES`]), set up with `options`.
pub fn codec(name: &str, options: &Options) -> Result<Box<dyn Codec>, Error> {
    jsess_msm::codec_with(name, options.format_options())
        .ok_or_else(|| Error::UnknownFormat(name.to_string()))
}

/// Re-encodes the session stored in `bytes` (as msm or jsess wrote it) in the format `to`, and
/// checks the result by reading it back before returning it: the same envelope and either the
/// input's bytes (same format) or the same values, classes and shared references.
pub fn transcode(bytes: &[u8], to: &str, options: &Options) -> Result<Transcoded, Error> {
    let formats = options.formats();
    let source = formats
        .detect(bytes)
        .ok_or(Error::NotASession("not a session in a format jsess reads"))?;
    let target = formats
        .get(to)
        .ok_or_else(|| Error::UnknownFormat(to.to_string()))?;
    Ok(jsess_msm::transcode(
        source,
        target,
        bytes,
        options.get_limits(),
    )?)
}
