//! # jsess-javaser
//!
//! The Java Object Serialization Stream Protocol, without a JVM and without class files.
//!
//! - [`decode`] reads a stream into a [`Stream`]: the object graph (a [`jsess_model::Graph`])
//!   and the top-level contents in order. Every grammar element is read, shared references and
//!   cycles stay one node, strings and byte arrays borrow from the input, and hostile input gets
//!   a typed [`Error`] with the byte offset under configurable [`Limits`].
//! - [`encode`] writes a [`Stream`] back. A decoded stream re-encodes byte for byte, including
//!   legal but unusual choices (long string headers for short strings, block-data chunking,
//!   resets, aborted writes).
//! - [`jdk`] gives JDK objects their plain meaning ([`jdk::interpret`]: a `HashMap` is a map, a
//!   `Date` an instant) and builds streams from values ([`jdk::Builder`]) with the class
//!   descriptors Java 17 writes.
//! - [`number_text`] prints `double` and `float` values as Java's `toString` does.
//!
//! ```
//! use jsess_javaser::{decode, encode, Limits};
//! // ObjectOutputStream.writeObject("hi")
//! let bytes = [0xAC, 0xED, 0x00, 0x05, 0x74, 0x00, 0x02, b'h', b'i'];
//! let stream = decode(&bytes, &Limits::DEFAULT)?;
//! assert_eq!(encode(&stream)?, bytes);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod constants;
mod error;
pub mod jdk;
pub mod json;
pub mod number_text;
mod read;
mod write;

pub use error::{Error, ErrorKind, WriteError};
pub use jsess_model::{Limit, Limits};
pub use read::{decode, decode_prefix};
pub use write::{encode, encode_each, encode_into, encode_strings_unshared, encode_with_offsets};

pub use jsess_model::Stream;
