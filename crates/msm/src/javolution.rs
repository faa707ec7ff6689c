//! msm blobs whose attributes Javolution wrote (`JavolutionTranscoder`): the msm header, then
//! the attribute map as Javolution XML. The XML half is `jsess-javolution`; this module says
//! how msm frames it ([`MsmCodec`]).

use std::convert::Infallible;
use std::sync::Arc;

use jsess_classpath::Schemas;
use jsess_model::{Limits, Session, Stream};

use crate::attributes::{attribute_pairs, build_attributes_with_names};
use crate::codec::{AttributeCodec, Failure, MsmCodec, Written};
use crate::error::AttributeFailure;
use crate::sniff::AttributeFormat;
use crate::xstream::{with_descriptors_of, Descriptors};

/// What msm's Javolution transcoder reads and writes: application classes read with Java
/// descriptors (`descriptors`), their fields written in the declaration order class files give
/// (`schemas`).
#[derive(Debug, Clone, Default)]
pub struct JavolutionAttributes {
    descriptors: Arc<Descriptors>,
    schemas: Arc<Schemas>,
}

/// msm blobs with Javolution XML attributes.
pub type MsmJavolution = MsmCodec<JavolutionAttributes>;

impl MsmJavolution {
    /// Reads application classes with the Java descriptors of `descriptors`, and writes their
    /// fields in the declaration order `schemas` (read from class files) give.
    pub fn new(descriptors: Arc<Descriptors>, schemas: Arc<Schemas>) -> MsmJavolution {
        MsmCodec::of(JavolutionAttributes {
            descriptors,
            schemas,
        })
    }
}

impl AttributeCodec for JavolutionAttributes {
    const NAME: &'static str = "msm-javolution";
    const DESCRIPTION: &'static str = "memcached-session-manager blob, Javolution transcoder (XML)";
    const FORMAT: AttributeFormat = AttributeFormat::Javolution;
    // Javolution warns about nothing: what it would change is refused.
    type Warning = Infallible;
    type Error = jsess_javolution::Error;

    fn read(&self, bytes: &[u8], limits: &Limits) -> Result<Stream<'static>, Failure<Self::Error>> {
        let decoded =
            jsess_javolution::decode(bytes, &self.descriptors, limits).map_err(Failure::Format)?;
        let mut builder = decoded.builder;
        // Javolution names attributes by string nodes: a value may be the very string that
        // names it.
        build_attributes_with_names(&mut builder, &decoded.attributes)?;
        Ok(builder.finish())
    }

    fn write(&self, session: &Session<'_>) -> Result<Written<Infallible>, Failure<Self::Error>> {
        let pairs = attribute_pairs(session)?;
        let xml = jsess_javolution::encode(&session.attributes.graph, &pairs, &self.schemas)
            .map_err(Failure::Format)?;
        Ok(Written {
            bytes: xml,
            warnings: Vec::new(),
        })
    }

    fn failure(error: &Self::Error) -> AttributeFailure {
        error.into()
    }

    fn knowing(&self, source: &Session<'_>) -> Self {
        JavolutionAttributes {
            descriptors: with_descriptors_of(&self.descriptors, source),
            schemas: Arc::clone(&self.schemas),
        }
    }
}
