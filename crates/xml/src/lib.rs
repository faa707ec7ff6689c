//! # jsess-xml
//!
//! The XML msm's XML transcoders write (XStream, Javolution), parsed into a tree of elements
//! within [`Limits`](jsess_model::Limits): nesting, element count and text size are bounded,
//! a DOCTYPE is refused (nothing to expand), and every error carries its byte offset. Both
//! format crates read their documents through it.
//!
//! ```
//! let limits = jsess_model::Limits::DEFAULT;
//! let dom = jsess_xml::dom::parse(b"<map><entry><string>a</string></entry></map>", &limits)?;
//! assert_eq!(dom.elements[0].name, "map");
//! assert_eq!(dom.elements[2].text, "a");
//! assert!(jsess_xml::dom::parse(b"<!DOCTYPE x><x/>", &limits).is_err());
//! # Ok::<(), jsess_xml::Error>(())
//! ```

pub mod dom;
mod error;

pub use error::Error;
