//! msm blobs whose attributes XStream wrote (`XStreamTranscoder`): the msm header, then the
//! attribute map as XStream XML. The XML half is `jsess-xstream`; this module frames it.

use std::sync::Arc;

use jsess_kryo::Schemas;
use jsess_model::{Codec, CodecError, Encoded, Limits, Ref, Session};
use jsess_xstream::Warning;

use crate::attributes::{attribute_pairs, build_attributes};
use crate::envelope::{decode_envelope_of, encode_envelope};
use crate::error::Error;
use crate::sniff::{sniff, AttributeFormat, Kind};

/// Java class descriptors by name, for the application classes XML formats name without
/// describing (gathered from Java-serialized sessions with `jsess_javaser::jdk::class_specs`).
pub type Schema = jsess_javaser::jdk::ClassSpecs;

/// msm blobs with XStream XML attributes.
#[derive(Debug, Clone, Default)]
pub struct MsmXStream {
    schema: Arc<Schema>,
    layouts: Arc<Schemas>,
}

impl MsmXStream {
    /// Reads application classes with the descriptors of `schema`.
    pub fn with_schema(schema: Arc<Schema>) -> MsmXStream {
        MsmXStream {
            schema,
            layouts: Arc::default(),
        }
    }

    /// Reads application classes with the descriptors of `schema`, and those it lacks with
    /// the class layouts of `layouts` (`--classpath`, `--schema`).
    pub fn new(schema: Arc<Schema>, layouts: Arc<Schemas>) -> MsmXStream {
        MsmXStream { schema, layouts }
    }

    /// Writes a session and says which attributes hold classes msm's plain XStream refuses to
    /// read back.
    pub fn encode_reporting(
        &self,
        session: &Session<'_>,
    ) -> Result<(Vec<u8>, Vec<Warning>), Error> {
        let pairs = attribute_pairs(session)?;
        let encoded = jsess_xstream::encode(&session.attributes.graph, &pairs, &self.layouts)
            .map_err(|e| xml_error(session, e))?;
        let mut out = Vec::with_capacity(encoded.xml.len() + 128);
        encode_envelope(&session.envelope, &mut out)?;
        out.extend_from_slice(&encoded.xml);
        Ok((out, encoded.warnings))
    }

    /// Reads a blob.
    pub fn decode_blob<'a>(&self, blob: &'a [u8], limits: &Limits) -> Result<Session<'a>, Error> {
        let (envelope, attribute_bytes) =
            decode_envelope_of(blob, AttributeFormat::XStream, "msm-xstream")?;
        let decoded = jsess_xstream::decode(attribute_bytes, &self.schema, &self.layouts, limits)
            .map_err(|e| Error::Xml {
            session: String::from_utf8_lossy(&envelope.id).into_owned(),
            message: e.to_string(),
            failure: (&e).into(),
        })?;
        framed_session(envelope, decoded.builder, &decoded.attributes)
    }
}

/// A session from decoded attributes: msm's Java framing around them, under `envelope`.
pub(crate) fn framed_session<'a>(
    envelope: jsess_model::Envelope<'a>,
    mut builder: jsess_javaser::jdk::Builder,
    attributes: &[(String, Ref)],
) -> Result<Session<'a>, Error> {
    let pairs: Vec<(&str, Ref)> = attributes.iter().map(|(n, v)| (n.as_str(), *v)).collect();
    build_attributes(&mut builder, &pairs)?;
    Ok(Session {
        envelope,
        attributes: builder.finish(),
    })
}

/// A format error, named with the session it happened in.
pub(crate) fn xml_error(session: &Session<'_>, e: impl std::fmt::Display) -> Error {
    Error::Lossy {
        session: String::from_utf8_lossy(&session.envelope.id).into_owned(),
        message: e.to_string(),
    }
}

impl Codec for MsmXStream {
    fn name(&self) -> &'static str {
        "msm-xstream"
    }
    fn description(&self) -> &'static str {
        "memcached-session-manager blob, XStream transcoder (XML)"
    }
    fn sniff(&self, bytes: &[u8]) -> bool {
        sniff(bytes) == Kind::Session(AttributeFormat::XStream)
    }
    fn encode(&self, session: &Session<'_>) -> Result<Vec<u8>, CodecError> {
        Ok(self.encode_reporting(session)?.0)
    }
    fn decode<'a>(&self, bytes: &'a [u8], limits: &Limits) -> Result<Session<'a>, CodecError> {
        Ok(self.decode_blob(bytes, limits)?)
    }
    fn encode_reporting(&self, session: &Session<'_>) -> Result<Encoded, CodecError> {
        let (bytes, warnings) = MsmXStream::encode_reporting(self, session)?;
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
        let reader = MsmXStream::new(
            with_descriptors_of(&self.schema, source),
            Arc::clone(&self.layouts),
        );
        Ok(reader.decode_blob(bytes, limits)?)
    }
}

/// `schema` with the class descriptors `session`'s own Java stream carries added (the
/// schema's own win): what a writer of `session` knew about its classes.
pub(crate) fn with_descriptors_of(schema: &Arc<Schema>, session: &Session<'_>) -> Arc<Schema> {
    let own = jsess_javaser::jdk::class_specs(&session.attributes.graph);
    if own.keys().all(|name| schema.contains_key(name)) {
        return Arc::clone(schema);
    }
    let mut merged = (**schema).clone();
    for (name, spec) in own {
        merged.entry(name).or_insert(spec);
    }
    Arc::new(merged)
}
