//! One conversion between two named formats, set up once and applied to many values: what
//! `jsess convert` does to a file or a directory.
//!
//! ```
//! # fn main() -> Result<(), jsess::Error> {
//! use jsess::convert::Converter;
//!
//! let java = std::fs::read("../../corpora/msm/camunda.bin").expect("corpus file");
//! let to_postcard = Converter::new("msm-java", "postcard", &jsess::Options::new())?;
//! assert!(to_postcard.accepts(&java));
//! let postcard = to_postcard.convert(&java)?;
//! let back = Converter::new("postcard", "msm-java", &jsess::Options::new())?;
//! assert_eq!(back.convert(&postcard.bytes)?.bytes, java);
//! # Ok(()) }
//! ```

use jsess_model::{Codec, Limits};
use jsess_msm::{Kind, TranscodeError, Transcoded};

use crate::{Error, Options};

/// The name of a bare Java serialization stream (no msm envelope) as a conversion's format:
/// it converts only to itself, byte for byte, since the session formats need an envelope.
pub const BARE_JAVA: &str = "java";

/// A conversion from one format to another, each a [`crate::FORMAT_NAMES`] name or
/// [`BARE_JAVA`]. Every value is read back and compared before it is returned
/// ([`crate::transcode`]).
pub struct Converter {
    /// `None` for both sides when converting a bare Java stream.
    formats: Option<(Box<dyn Codec>, Box<dyn Codec>)>,
    limits: Limits,
}

impl Converter {
    /// A conversion from `from` to `to`, with the class knowledge and limits of `options`.
    pub fn new(from: &str, to: &str, options: &Options) -> Result<Converter, Error> {
        let formats = match (from == BARE_JAVA, to == BARE_JAVA) {
            (true, true) => None,
            (false, false) => Some((crate::codec(from, options)?, crate::codec(to, options)?)),
            _ => {
                return Err(Error::Usage(format!(
                    "a bare Java stream converts only to {BARE_JAVA} (a session format needs an msm envelope): {from} → {to}"
                )))
            }
        };
        Ok(Converter {
            formats,
            limits: *options.get_limits(),
        })
    }

    /// Whether `bytes` look like the source format (a value that does not, a description or a
    /// validity value beside the sessions, is not for this conversion).
    pub fn accepts(&self, bytes: &[u8]) -> bool {
        match &self.formats {
            Some((from, _)) => from.sniff(bytes),
            None => jsess_msm::sniff(bytes) == Kind::JavaStream,
        }
    }

    /// One value in the target format, verified: read back as the same session (the same
    /// bytes when both formats are the same).
    pub fn convert(&self, bytes: &[u8]) -> Result<Transcoded, Error> {
        match &self.formats {
            Some((from, to)) => Ok(jsess_msm::transcode(
                from.as_ref(),
                to.as_ref(),
                bytes,
                &self.limits,
            )?),
            None => self.java_to_java(bytes),
        }
    }

    fn java_to_java(&self, bytes: &[u8]) -> Result<Transcoded, Error> {
        let stream = jsess_javaser::decode(bytes, &self.limits).map_err(Error::JavaStream)?;
        let output = jsess_javaser::encode(&stream).map_err(|e| {
            TranscodeError::Verification(format!("the stream does not write back: {e}"))
        })?;
        if output != bytes {
            return Err(TranscodeError::Verification(
                "re-encoding is not byte-identical (please report this input)".into(),
            )
            .into());
        }
        Ok(Transcoded {
            bytes: output,
            warnings: Vec::new(),
            id: Vec::new(),
            last_backup_time: 0,
        })
    }
}
