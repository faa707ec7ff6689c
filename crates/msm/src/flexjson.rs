//! msm blobs whose attributes FlexJSON wrote (`JSONTranscoder`): the msm header, then the
//! attribute map as FlexJSON JSON. The JSON half is `jsess-flexjson`; this module says how msm
//! frames it ([`MsmCodec`]).

use std::sync::Arc;

use jsess_classpath::Schemas;
use jsess_flexjson::Warning;
use jsess_model::{Limits, Session, Stream};

use crate::attributes::attribute_pairs;
use crate::codec::{AttributeCodec, Failure, MsmCodec, Written};
use crate::error::AttributeFailure;
use crate::sniff::AttributeFormat;
use crate::xstream::{framed, with_descriptors_of, Descriptors};

/// What msm's FlexJSON transcoder reads and writes: application classes read with Java
/// descriptors (`descriptors`) or, failing that, class layouts (`layouts`: `--classpath`,
/// `--schema`).
#[derive(Debug, Clone, Default)]
pub struct FlexJsonAttributes {
    descriptors: Arc<Descriptors>,
    layouts: Arc<Schemas>,
}

/// msm blobs with FlexJSON attributes.
pub type MsmFlexJson = MsmCodec<FlexJsonAttributes>;

impl MsmFlexJson {
    /// Reads application classes with the descriptors of `descriptors`.
    pub fn with_descriptors(descriptors: Arc<Descriptors>) -> MsmFlexJson {
        MsmFlexJson::new(descriptors, Arc::default())
    }

    /// Reads application classes with the descriptors of `descriptors`, and those it lacks
    /// with the class layouts of `layouts` (`--classpath`, `--schema`).
    pub fn new(descriptors: Arc<Descriptors>, layouts: Arc<Schemas>) -> MsmFlexJson {
        MsmCodec::of(FlexJsonAttributes {
            descriptors,
            layouts,
        })
    }
}

impl AttributeCodec for FlexJsonAttributes {
    const NAME: &'static str = "msm-flexjson";
    const DESCRIPTION: &'static str = "memcached-session-manager blob, FlexJSON transcoder (JSON)";
    const FORMAT: AttributeFormat = AttributeFormat::FlexJson;
    type Warning = Warning;
    type Error = jsess_flexjson::Error;

    fn read(&self, bytes: &[u8], limits: &Limits) -> Result<Stream<'static>, Failure<Self::Error>> {
        let decoded = jsess_flexjson::decode(bytes, &self.descriptors, &self.layouts, limits)
            .map_err(Failure::Format)?;
        Ok(framed(decoded.builder, &decoded.attributes)?)
    }

    fn write(&self, session: &Session<'_>) -> Result<Written<Warning>, Failure<Self::Error>> {
        let pairs = attribute_pairs(session)?;
        let encoded =
            jsess_flexjson::encode(&session.attributes.graph, &pairs).map_err(Failure::Format)?;
        Ok(Written {
            bytes: encoded.json,
            warnings: encoded.warnings,
        })
    }

    fn failure(error: &Self::Error) -> AttributeFailure {
        error.into()
    }

    fn knowing(&self, source: &Session<'_>) -> Self {
        FlexJsonAttributes {
            descriptors: with_descriptors_of(&self.descriptors, source),
            layouts: Arc::clone(&self.layouts),
        }
    }
}
