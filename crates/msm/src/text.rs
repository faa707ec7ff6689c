//! The contract msm's XML and JSON attribute formats (XStream, Javolution, FlexJSON) share, and
//! the one codec that frames any of them: msm's header, then the format's bytes for the
//! attribute map.

use jsess_model::{Codec, CodecError, Encoded, Limits, Session, Stream};

use crate::envelope::{decode_envelope_of, encode_envelope};
use crate::error::{Error, TextFailure};
use crate::sniff::{sniff, AttributeFormat, Kind};

/// An attribute format msm writes after its header: how it reads and writes a session's
/// attributes. Its errors come back typed ([`TextFailure`]), its warnings with the bytes.
pub trait TextAttributes: Clone + Default + Send + Sync + 'static {
    /// The registry name (`msm-xstream`, …).
    const NAME: &'static str;
    /// One line for `--help` and reports.
    const DESCRIPTION: &'static str;
    /// How msm's header marks it.
    const FORMAT: AttributeFormat;
    /// What writing may warn about (a class the real library refuses, a bean it reads through
    /// getters jsess cannot see).
    type Warning: std::fmt::Display + std::fmt::Debug;
    /// The format crate's error.
    type Error: std::error::Error;

    /// The attributes in `bytes`, as msm's Java framing of them.
    fn read(&self, bytes: &[u8], limits: &Limits) -> Result<Stream<'static>, Failure<Self::Error>>;
    /// The session's attributes in the format, and what the reader of them should know.
    fn write(&self, session: &Session<'_>) -> Result<Written<Self::Warning>, Failure<Self::Error>>;
    /// What kind of failure an error is.
    fn failure(error: &Self::Error) -> TextFailure;
    /// The same format, also knowing what `source`'s own Java stream says of its classes
    /// (what a writer of `source` knew).
    fn knowing(&self, source: &Session<'_>) -> Self;
}

/// Attributes as a format wrote them.
#[derive(Debug)]
pub struct Written<W> {
    /// The format's bytes for the attribute map.
    pub bytes: Vec<u8>,
    /// What the reader of them should know.
    pub warnings: Vec<W>,
}

/// Why attributes could not be read or written: msm's framing, or the format itself.
#[derive(Debug)]
pub enum Failure<E> {
    /// msm's framing of the attributes failed (a stream not framed as msm frames
    /// attributes, or a graph the framing cannot hold).
    Framing(Error),
    /// The format refused (bytes it does not read, what it cannot hold or would change).
    Format(E),
}

impl<E> From<Error> for Failure<E> {
    fn from(e: Error) -> Self {
        Failure::Framing(e)
    }
}

/// msm blobs whose attributes are in the text format `F`.
#[derive(Debug, Clone, Default)]
pub struct MsmText<F> {
    format: F,
}

impl<F: TextAttributes> MsmText<F> {
    /// The codec of `format`.
    pub fn of(format: F) -> Self {
        MsmText { format }
    }

    /// Writes a session, with what the format warns about.
    pub fn encode_reporting(
        &self,
        session: &Session<'_>,
    ) -> Result<(Vec<u8>, Vec<F::Warning>), Error> {
        let written = self.format.write(session).map_err(|e| match e {
            Failure::Framing(e) => e,
            Failure::Format(e) => Error::Lossy {
                session: String::from_utf8_lossy(&session.envelope.id).into_owned(),
                message: e.to_string(),
            },
        })?;
        let mut out = Vec::with_capacity(written.bytes.len() + 128);
        encode_envelope(&session.envelope, &mut out)?;
        out.extend_from_slice(&written.bytes);
        Ok((out, written.warnings))
    }

    /// Writes a session.
    pub fn encode_blob(&self, session: &Session<'_>) -> Result<Vec<u8>, Error> {
        Ok(self.encode_reporting(session)?.0)
    }

    /// Reads a blob.
    pub fn decode_blob<'a>(&self, blob: &'a [u8], limits: &Limits) -> Result<Session<'a>, Error> {
        let (envelope, attribute_bytes) = decode_envelope_of(blob, F::FORMAT, F::NAME)?;
        let attributes = self
            .format
            .read(attribute_bytes, limits)
            .map_err(|e| match e {
                Failure::Framing(e) => e,
                Failure::Format(e) => Error::Xml {
                    session: String::from_utf8_lossy(&envelope.id).into_owned(),
                    message: e.to_string(),
                    failure: F::failure(&e),
                },
            })?;
        Ok(Session {
            envelope,
            attributes,
        })
    }
}

impl<F: TextAttributes> Codec for MsmText<F> {
    fn name(&self) -> &'static str {
        F::NAME
    }
    fn description(&self) -> &'static str {
        F::DESCRIPTION
    }
    fn sniff(&self, bytes: &[u8]) -> bool {
        sniff(bytes) == Kind::Session(F::FORMAT)
    }
    fn encode(&self, session: &Session<'_>) -> Result<Vec<u8>, CodecError> {
        Ok(self.encode_blob(session)?)
    }
    fn decode<'a>(&self, bytes: &'a [u8], limits: &Limits) -> Result<Session<'a>, CodecError> {
        Ok(self.decode_blob(bytes, limits)?)
    }
    fn encode_reporting(&self, session: &Session<'_>) -> Result<Encoded, CodecError> {
        let (bytes, warnings) = MsmText::encode_reporting(self, session)?;
        Ok(Encoded {
            bytes,
            warnings: warnings.iter().map(ToString::to_string).collect(),
        })
    }
    fn decode_written<'a>(
        &self,
        bytes: &'a [u8],
        limits: &Limits,
        source: &Session<'_>,
    ) -> Result<Session<'a>, CodecError> {
        let reader = MsmText::of(self.format.knowing(source));
        Ok(reader.decode_blob(bytes, limits)?)
    }
}
