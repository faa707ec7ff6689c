//! msm blobs whose attributes Javolution wrote (`JavolutionTranscoder`): the msm header, then
//! the attribute map as Javolution XML. The XML half is `jsess-javolution`; this module frames
//! it.

use std::sync::Arc;

use jsess_kryo::schema::Schemas;
use jsess_model::{Codec, CodecError, Limits, Session};

use crate::attributes::{attribute_pairs, build_attributes_with_names};
use crate::envelope::{decode_envelope_of, encode_envelope};
use crate::error::Error;
use crate::sniff::{sniff, AttributeFormat, Kind};
use crate::xstream::{with_descriptors_of, xml_error, Schema};

/// msm blobs with Javolution XML attributes.
#[derive(Debug, Clone, Default)]
pub struct MsmJavolution {
    descriptors: Arc<Schema>,
    schemas: Arc<Schemas>,
}

impl MsmJavolution {
    /// Reads application classes with the Java descriptors of `descriptors`, and writes their
    /// fields in the declaration order `schemas` (read from class files) give.
    pub fn new(descriptors: Arc<Schema>, schemas: Arc<Schemas>) -> MsmJavolution {
        MsmJavolution {
            descriptors,
            schemas,
        }
    }

    /// Writes a session.
    pub fn encode_blob(&self, session: &Session<'_>) -> Result<Vec<u8>, Error> {
        let pairs = attribute_pairs(session)?;
        let xml = jsess_javolution::encode(&session.attributes.graph, &pairs, &self.schemas)
            .map_err(|e| xml_error(session, e))?;
        let mut out = Vec::with_capacity(xml.len() + 128);
        encode_envelope(&session.envelope, &mut out)?;
        out.extend_from_slice(&xml);
        Ok(out)
    }

    /// Reads a blob.
    pub fn decode_blob<'a>(&self, blob: &'a [u8], limits: &Limits) -> Result<Session<'a>, Error> {
        let (envelope, attribute_bytes) =
            decode_envelope_of(blob, AttributeFormat::Javolution, "msm-javolution")?;
        let decoded = jsess_javolution::decode(attribute_bytes, &self.descriptors, limits)
            .map_err(|e| Error::Xml {
                session: String::from_utf8_lossy(&envelope.id).into_owned(),
                message: e.to_string(),
                failure: (&e).into(),
            })?;
        let mut builder = decoded.builder;
        build_attributes_with_names(&mut builder, &decoded.attributes)?;
        Ok(Session {
            envelope,
            attributes: builder.finish(),
        })
    }
}

impl Codec for MsmJavolution {
    fn name(&self) -> &'static str {
        "msm-javolution"
    }
    fn description(&self) -> &'static str {
        "memcached-session-manager blob, Javolution transcoder (XML)"
    }
    fn sniff(&self, bytes: &[u8]) -> bool {
        sniff(bytes) == Kind::Session(AttributeFormat::Javolution)
    }
    fn encode(&self, session: &Session<'_>) -> Result<Vec<u8>, CodecError> {
        Ok(self.encode_blob(session)?)
    }
    fn decode<'a>(&self, bytes: &'a [u8], limits: &Limits) -> Result<Session<'a>, CodecError> {
        Ok(self.decode_blob(bytes, limits)?)
    }
    fn decode_written<'a>(
        &self,
        bytes: &'a [u8],
        limits: &Limits,
        source: &Session<'_>,
    ) -> Result<Session<'a>, CodecError> {
        let reader = MsmJavolution::new(
            with_descriptors_of(&self.descriptors, source),
            Arc::clone(&self.schemas),
        );
        Ok(reader.decode_blob(bytes, limits)?)
    }
}
