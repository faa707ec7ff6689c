//! msm blobs whose attributes FlexJSON wrote (`JSONTranscoder`): the msm header, then the
//! attribute map as FlexJSON JSON. The JSON half is `jsess-flexjson`; this module frames it.

use std::sync::Arc;

use jsess_flexjson::Warning;
use jsess_model::{Codec, CodecError, Encoded, Limits, Session};

use crate::attributes::attribute_pairs;
use crate::envelope::{decode_envelope_of, encode_envelope};
use crate::error::Error;
use crate::sniff::{sniff, AttributeFormat, Kind};
use crate::xstream::{framed_session, with_descriptors_of, xml_error, Schema};

/// msm blobs with FlexJSON attributes.
#[derive(Debug, Clone, Default)]
pub struct MsmFlexJson {
    schema: Arc<Schema>,
}

impl MsmFlexJson {
    /// Reads application classes with the descriptors of `schema`.
    pub fn with_schema(schema: Arc<Schema>) -> MsmFlexJson {
        MsmFlexJson { schema }
    }

    /// Writes a session and says which attributes hold application classes whose bean
    /// properties jsess could not check.
    pub fn encode_reporting(
        &self,
        session: &Session<'_>,
    ) -> Result<(Vec<u8>, Vec<Warning>), Error> {
        let pairs = attribute_pairs(session)?;
        let encoded = jsess_flexjson::encode(&session.attributes.graph, &pairs)
            .map_err(|e| xml_error(session, e))?;
        let mut out = Vec::with_capacity(encoded.json.len() + 128);
        encode_envelope(&session.envelope, &mut out)?;
        out.extend_from_slice(&encoded.json);
        Ok((out, encoded.warnings))
    }

    /// Reads a blob.
    pub fn decode_blob<'a>(&self, blob: &'a [u8], limits: &Limits) -> Result<Session<'a>, Error> {
        let (envelope, attribute_bytes) =
            decode_envelope_of(blob, AttributeFormat::FlexJson, "msm-flexjson")?;
        let decoded =
            jsess_flexjson::decode(attribute_bytes, &self.schema, limits).map_err(|e| {
                Error::Xml {
                    session: String::from_utf8_lossy(&envelope.id).into_owned(),
                    message: e.to_string(),
                    failure: (&e).into(),
                }
            })?;
        framed_session(envelope, decoded.builder, &decoded.attributes)
    }
}

impl Codec for MsmFlexJson {
    fn name(&self) -> &'static str {
        "msm-flexjson"
    }
    fn description(&self) -> &'static str {
        "memcached-session-manager blob, FlexJSON transcoder (JSON)"
    }
    fn sniff(&self, bytes: &[u8]) -> bool {
        sniff(bytes) == Kind::Session(AttributeFormat::FlexJson)
    }
    fn encode(&self, session: &Session<'_>) -> Result<Vec<u8>, CodecError> {
        Ok(self.encode_reporting(session)?.0)
    }
    fn decode<'a>(&self, bytes: &'a [u8], limits: &Limits) -> Result<Session<'a>, CodecError> {
        Ok(self.decode_blob(bytes, limits)?)
    }
    fn encode_reporting(&self, session: &Session<'_>) -> Result<Encoded, CodecError> {
        let (bytes, warnings) = MsmFlexJson::encode_reporting(self, session)?;
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
        let reader = MsmFlexJson::with_schema(with_descriptors_of(&self.schema, source));
        Ok(reader.decode_blob(bytes, limits)?)
    }
}
