//! msm blobs whose attributes XStream wrote (`XStreamTranscoder`): the msm header, then the
//! attribute map as XStream XML. The XML half is `jsess-xstream`; this module frames it.

use std::sync::Arc;

use jsess_classpath::Schemas;
use jsess_model::{Limits, Ref, Session, Stream};
use jsess_xstream::Warning;

use crate::attributes::{attribute_pairs, build_attributes};
use crate::codec::{AttributeCodec, Failure, MsmCodec, Written};
use crate::error::{AttributeFailure, Error};
use crate::sniff::AttributeFormat;

pub use jsess_javaser::jdk::Descriptors;

/// What msm's XStream transcoder reads and writes: application classes described by Java
/// descriptors (`schema`) or class layouts (`layouts`: `--classpath`, `--schema`).
#[derive(Debug, Clone, Default)]
pub struct XStreamAttributes {
    descriptors: Arc<Descriptors>,
    layouts: Arc<Schemas>,
}

/// msm blobs with XStream XML attributes.
pub type MsmXStream = MsmCodec<XStreamAttributes>;

impl MsmXStream {
    /// Reads application classes with the descriptors of `schema`.
    pub fn with_descriptors(descriptors: Arc<Descriptors>) -> MsmXStream {
        MsmXStream::new(descriptors, Arc::default())
    }

    /// Reads application classes with the descriptors of `schema`, and those it lacks with
    /// the class layouts of `layouts` (`--classpath`, `--schema`).
    pub fn new(descriptors: Arc<Descriptors>, layouts: Arc<Schemas>) -> MsmXStream {
        MsmCodec::of(XStreamAttributes {
            descriptors,
            layouts,
        })
    }
}

impl AttributeCodec for XStreamAttributes {
    const NAME: &'static str = "msm-xstream";
    const DESCRIPTION: &'static str = "memcached-session-manager blob, XStream transcoder (XML)";
    const FORMAT: AttributeFormat = AttributeFormat::XStream;
    type Warning = Warning;
    type Error = jsess_xstream::Error;

    fn read(&self, bytes: &[u8], limits: &Limits) -> Result<Stream<'static>, Failure<Self::Error>> {
        let decoded = jsess_xstream::decode(bytes, &self.descriptors, &self.layouts, limits)
            .map_err(Failure::Format)?;
        Ok(framed(decoded.builder, &decoded.attributes)?)
    }

    fn write(&self, session: &Session<'_>) -> Result<Written<Warning>, Failure<Self::Error>> {
        let pairs = attribute_pairs(session)?;
        let encoded = jsess_xstream::encode(&session.attributes.graph, &pairs, &self.layouts)
            .map_err(Failure::Format)?;
        Ok(Written {
            bytes: encoded.xml,
            warnings: encoded.warnings,
        })
    }

    fn failure(error: &Self::Error) -> AttributeFailure {
        error.into()
    }

    fn knowing(&self, source: &Session<'_>) -> Self {
        XStreamAttributes {
            descriptors: with_descriptors_of(&self.descriptors, source),
            layouts: Arc::clone(&self.layouts),
        }
    }
}

/// msm's Java framing around decoded attributes (names as text).
pub(crate) fn framed(
    mut builder: jsess_javaser::jdk::Builder,
    attributes: &[(String, Ref)],
) -> Result<Stream<'static>, Error> {
    let pairs: Vec<(&str, Ref)> = attributes.iter().map(|(n, v)| (n.as_str(), *v)).collect();
    build_attributes(&mut builder, &pairs)?;
    Ok(builder.finish())
}

/// `schema` with the class descriptors `session`'s own Java stream carries added (the
/// schema's own win): what a writer of `session` knew about its classes.
pub(crate) fn with_descriptors_of(
    descriptors: &Arc<Descriptors>,
    session: &Session<'_>,
) -> Arc<Descriptors> {
    let own = jsess_javaser::jdk::descriptors_of(&session.attributes.graph);
    if own.keys().all(|name| descriptors.contains_key(name)) {
        return Arc::clone(descriptors);
    }
    let mut merged = (**descriptors).clone();
    for (name, spec) in own {
        merged.entry(name).or_insert(spec);
    }
    Arc::new(merged)
}
