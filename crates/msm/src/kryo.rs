//! msm blobs whose attributes Kryo wrote (`KryoTranscoder`): the msm header, then the attribute
//! map as Kryo 4 writes it with msm's registrations. The Kryo half is `jsess-kryo`; this module
//! says how msm frames it ([`MsmCodec`]).

use std::convert::Infallible;
use std::sync::Arc;

use jsess_classpath::Schemas;
use jsess_kryo::Transcoder;
use jsess_model::{Limits, Session, Stream};

use crate::attributes::build_attributes_with_names;
use crate::codec::{AttributeCodec, Failure, MsmCodec, Prefix, Written};
use crate::error::AttributeFailure;
use crate::sniff::AttributeFormat;

/// What msm's Kryo transcoder reads and writes: Kryo bytes carry no field names, so every
/// application class needs its layout (`--classpath`, `--schema`); writing also uses the
/// descriptors of the session's own Java stream.
#[derive(Debug, Clone)]
pub struct KryoAttributes {
    schemas: Arc<Schemas>,
    /// Kryo over `schemas`, keeping what it works out about each class for the next blob.
    kryo: Arc<Transcoder>,
}

impl Default for KryoAttributes {
    fn default() -> Self {
        KryoAttributes::over(Arc::default())
    }
}

/// msm blobs with Kryo attributes.
pub type MsmKryo = MsmCodec<KryoAttributes>;

impl MsmKryo {
    /// The codec with these class layouts.
    pub fn new(schemas: Arc<Schemas>) -> MsmKryo {
        MsmCodec::of(KryoAttributes::over(schemas))
    }
}

impl KryoAttributes {
    fn over(schemas: Arc<Schemas>) -> Self {
        KryoAttributes {
            kryo: Arc::new(Transcoder::new(Arc::clone(&schemas))),
            schemas,
        }
    }

    /// The layouts, with those the descriptors of `session`'s own Java stream give added.
    fn with_descriptors_of(&self, session: &Session<'_>) -> Schemas {
        let mut schemas = Schemas::over(Arc::clone(&self.schemas));
        schemas.add_descriptors(&session.attributes.graph);
        schemas
    }
}

impl AttributeCodec for KryoAttributes {
    const NAME: &'static str = "msm-kryo";
    const DESCRIPTION: &'static str =
        "memcached-session-manager blob, Kryo transcoder (Kryo 4 as msm configures it)";
    const FORMAT: AttributeFormat = AttributeFormat::Kryo;
    // What Kryo would change is refused, never written with a warning.
    type Warning = Infallible;
    type Error = KryoError;

    fn read(&self, bytes: &[u8], limits: &Limits) -> Result<Stream<'static>, Failure<KryoError>> {
        let mut read = self
            .kryo
            .read(bytes, limits)
            .map_err(|e| Failure::Format(KryoError::Read(e)))?;
        // Kryo writes attribute names as strings that values may share.
        build_attributes_with_names(&mut read.builder, &read.attributes)?;
        Ok(read.builder.finish())
    }

    // A Kryo stream cannot be skipped past an object it cannot read (nothing says how long it
    // is), but the attributes before it are whole: show them and name the class.
    fn read_prefix(&self, bytes: &[u8], limits: &Limits) -> Prefix<KryoError> {
        let (mut read, error) = self.kryo.read_prefix(bytes, limits);
        let error = error.map(|e| Failure::Format(KryoError::Read(e)));
        match build_attributes_with_names(&mut read.builder, &read.attributes) {
            Ok(()) => (Some(read.builder.finish()), error),
            Err(framing) => (None, Some(error.unwrap_or(Failure::Framing(framing)))),
        }
    }

    fn write(&self, session: &Session<'_>) -> Result<Written<Infallible>, Failure<KryoError>> {
        self.write_after(session, Vec::with_capacity(256))
    }

    fn write_after(
        &self,
        session: &Session<'_>,
        out: Vec<u8>,
    ) -> Result<Written<Infallible>, Failure<KryoError>> {
        let pairs = crate::attributes::non_null_pairs(session)?;
        let graph = &session.attributes.graph;
        // Where the session's own descriptors add nothing to the layouts (the classpath knew
        // every class), what earlier blobs taught the transcoder still holds.
        let bytes = if self.schemas.learns_from(graph) {
            jsess_kryo::write_attributes(graph, &pairs, &self.with_descriptors_of(session), out)
        } else {
            self.kryo.write(graph, &pairs, out)
        }
        .map_err(|e| Failure::Format(KryoError::Write(e)))?;
        Ok(Written {
            bytes,
            warnings: Vec::new(),
        })
    }

    fn failure(error: &KryoError) -> AttributeFailure {
        match error {
            KryoError::Read(e) => e.into(),
            KryoError::Write(e) => e.into(),
        }
    }

    fn knowing(&self, source: &Session<'_>) -> Self {
        // As for writing: a transcoder over the same layouts keeps what earlier blobs taught
        // it, where a new one would work out every class again for this one blob.
        if self.schemas.learns_from(&source.attributes.graph) {
            KryoAttributes::over(Arc::new(self.with_descriptors_of(source)))
        } else {
            self.clone()
        }
    }
}

/// Kryo's reader or writer failed.
#[derive(Debug, thiserror::Error)]
pub enum KryoError {
    /// The Kryo bytes were rejected.
    #[error(transparent)]
    Read(jsess_kryo::ReadError),
    /// The attributes could not be written as Kryo.
    #[error(transparent)]
    Write(jsess_kryo::WriteError),
}
