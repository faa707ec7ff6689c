//! The one interface every session format implements.

use crate::limits::Limits;
use crate::session::Session;

/// A format error, boxed so formats keep their own typed errors.
pub type CodecError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// What [`Codec::encode_reporting`] wrote, and what the reader of those bytes should know.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Encoded {
    /// The bytes.
    pub bytes: Vec<u8>,
    /// Things the bytes hold faithfully but that the format's own library may not accept as
    /// configured (a class outside XStream's allow-list), one sentence each.
    pub warnings: Vec<String>,
}

/// What [`Codec::decode_partial`] read before an error.
#[derive(Debug)]
pub struct PartialRead<'a> {
    /// The session with the attributes read before the error, when the format could stop
    /// between attributes.
    pub session: Option<Box<Session<'a>>>,
    /// The error.
    pub error: CodecError,
}

/// A session format: reads bytes into the [`Session`] model and writes it back.
///
/// Implementations are lossless for the sessions they accept: `encode(decode(b)) == b` for the
/// format's own bytes, and a session decoded from any format encodes to bytes that decode to the
/// same session. What a format cannot represent is an error naming what was refused.
pub trait Codec: Sync {
    /// The name users give on the command line (`msm-java`, `postcard`, …).
    fn name(&self) -> &'static str;
    /// One line for `--help` and docs.
    fn description(&self) -> &'static str;
    /// Whether `bytes` look like this format (a cheap check of magic bytes).
    fn sniff(&self, bytes: &[u8]) -> bool;
    /// Writes a session.
    fn encode(&self, session: &Session<'_>) -> Result<Vec<u8>, CodecError>;
    /// Reads a session within `limits`.
    fn decode<'a>(&self, bytes: &'a [u8], limits: &Limits) -> Result<Session<'a>, CodecError>;

    /// Reads as much of a session as the bytes allow. On an error, the session holding the
    /// attributes read before it (for formats that can stop between attributes, such as Kryo,
    /// whose bytes cannot be skipped past a value it cannot read) comes back with the error.
    fn decode_partial<'a>(
        &self,
        bytes: &'a [u8],
        limits: &Limits,
    ) -> Result<Session<'a>, PartialRead<'a>> {
        self.decode(bytes, limits).map_err(|error| PartialRead {
            session: None,
            error,
        })
    }

    /// Writes a session, with the warnings the format has about it.
    fn encode_reporting(&self, session: &Session<'_>) -> Result<Encoded, CodecError> {
        Ok(Encoded {
            bytes: self.encode(session)?,
            warnings: Vec::new(),
        })
    }

    /// Reads bytes this codec wrote from `source`. A format whose bytes lack class layouts
    /// (Kryo has no field names, XML names no serialVersionUID) reads them with what the
    /// writer had, the layouts `source` carries, so whatever it can write it can verify.
    fn decode_written<'a>(
        &self,
        bytes: &'a [u8],
        limits: &Limits,
        source: &Session<'_>,
    ) -> Result<Session<'a>, CodecError> {
        let _ = source;
        self.decode(bytes, limits)
    }
}
