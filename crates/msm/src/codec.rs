//! The contract msm's pluggable attribute formats (Kryo, XStream, Javolution, FlexJSON) share,
//! and the one codec that frames any of them: msm's header, then the format's bytes for the
//! attribute map. (Java serialization, msm's default, frames its attributes inside the Java
//! stream itself: [`crate::MsmJava`].)

use jsess_model::{Codec, CodecError, Encoded, Limits, PartialRead, Session, Stream};

use crate::envelope::{decode_envelope_of, encode_envelope};
use crate::error::{AttributeFailure, Error};
use crate::sniff::{sniff, AttributeFormat, Kind};

/// An attribute format msm writes after its header: how it reads and writes a session's
/// attributes. Its errors come back typed ([`AttributeFailure`]), its warnings with the bytes.
pub trait AttributeCodec: Clone + Default + Send + Sync + 'static {
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
    /// What can be read of `bytes` when not all of it can: the attributes before the first
    /// failure (if they can be framed), and the failure. A format that reads all or nothing
    /// keeps this default.
    fn read_prefix(&self, bytes: &[u8], limits: &Limits) -> Prefix<Self::Error> {
        match self.read(bytes, limits) {
            Ok(stream) => (Some(stream), None),
            Err(e) => (None, Some(e)),
        }
    }
    /// The session's attributes in the format, and what the reader of them should know.
    fn write(&self, session: &Session<'_>) -> Result<Written<Self::Warning>, Failure<Self::Error>>;
    /// [`Self::write`], the bytes appended to `out` (which holds msm's header): a format whose
    /// writer appends to a buffer writes the blob in one, without a copy of its bytes.
    fn write_after(
        &self,
        session: &Session<'_>,
        mut out: Vec<u8>,
    ) -> Result<Written<Self::Warning>, Failure<Self::Error>> {
        let written = self.write(session)?;
        out.extend_from_slice(&written.bytes);
        Ok(Written {
            bytes: out,
            warnings: written.warnings,
        })
    }
    /// What kind of failure an error is.
    fn failure(error: &Self::Error) -> AttributeFailure;
    /// The same format, also knowing what `source`'s own Java stream says of its classes
    /// (what a writer of `source` knew).
    fn knowing(&self, source: &Session<'_>) -> Self;
}

/// What [`AttributeCodec::read_prefix`] returns: the attributes read (framed as msm frames
/// them), and why reading stopped early.
pub type Prefix<E> = (Option<Stream<'static>>, Option<Failure<E>>);

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

/// msm blobs whose attributes are in the format `F`.
#[derive(Debug, Clone, Default)]
pub struct MsmCodec<F> {
    format: F,
}

impl<F: AttributeCodec> MsmCodec<F> {
    /// The codec of `format`.
    pub fn of(format: F) -> Self {
        MsmCodec { format }
    }

    /// The attribute format.
    pub fn format(&self) -> &F {
        &self.format
    }

    /// Writes a session, with what the format warns about.
    pub fn encode_reporting(
        &self,
        session: &Session<'_>,
    ) -> Result<(Vec<u8>, Vec<F::Warning>), Error> {
        let mut out = Vec::with_capacity(jsess_model::room::capacity());
        encode_envelope(&session.envelope, &mut out)?;
        let written = self.format.write_after(session, out).map_err(|e| match e {
            Failure::Framing(e) => e,
            Failure::Format(e) => Error::Lossy {
                session: String::from_utf8_lossy(&session.envelope.id).into_owned(),
                message: e.to_string(),
                failure: F::failure(&e),
            },
        })?;
        jsess_model::room::learn(written.bytes.len());
        Ok((written.bytes, written.warnings))
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
            .map_err(|e| read_error::<F>(&envelope.id, e))?;
        Ok(Session {
            envelope,
            attributes,
        })
    }

    /// Reads a blob as far as it reads: the session with the attributes before the first
    /// failure (see [`AttributeCodec::read_prefix`]), and the failure.
    pub fn decode_prefix<'a>(
        &self,
        blob: &'a [u8],
        limits: &Limits,
    ) -> Result<Session<'a>, PartialRead<'a>> {
        let (envelope, attribute_bytes) =
            decode_envelope_of(blob, F::FORMAT, F::NAME).map_err(|e| PartialRead {
                session: None,
                error: e.into(),
            })?;
        let (stream, failure) = self.format.read_prefix(attribute_bytes, limits);
        let error = failure.map(|e| read_error::<F>(&envelope.id, e));
        match (stream, error) {
            (Some(attributes), None) => Ok(Session {
                envelope,
                attributes,
            }),
            (stream, Some(error)) => Err(PartialRead {
                session: stream.map(|attributes| {
                    Box::new(Session {
                        envelope,
                        attributes,
                    })
                }),
                error: error.into(),
            }),
            (None, None) => Err(PartialRead {
                session: None,
                error: Error::Framing("the attributes could not be framed".into()).into(),
            }),
        }
    }
}

/// A format's read failure as an msm error naming the session.
fn read_error<F: AttributeCodec>(id: &[u8], e: Failure<F::Error>) -> Error {
    match e {
        Failure::Framing(e) => e,
        Failure::Format(e) => Error::Attributes {
            session: String::from_utf8_lossy(id).into_owned(),
            message: e.to_string(),
            failure: F::failure(&e),
        },
    }
}

impl<F: AttributeCodec> Codec for MsmCodec<F> {
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
        let (bytes, warnings) = MsmCodec::encode_reporting(self, session)?;
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
        let reader = MsmCodec::of(self.format.knowing(source));
        Ok(reader.decode_blob(bytes, limits)?)
    }
    fn decode_partial<'a>(
        &self,
        bytes: &'a [u8],
        limits: &Limits,
    ) -> Result<Session<'a>, PartialRead<'a>> {
        self.decode_prefix(bytes, limits)
    }
}
