//! Every session format jsess reads and writes, by name. A new format is one [`Codec`] impl
//! and one line here.

use std::sync::Arc;

use jsess_codecs::{Compact, Dictionary, Format};
use jsess_model::{Codec, CodecError, Limits, Session};

use crate::sniff::{sniff, AttributeFormat, Kind};
use crate::xstream::{MsmXStream, Schema};

/// msm blobs with Java-serialized attributes (msm's default transcoder).
#[derive(Debug, Clone, Copy, Default)]
pub struct MsmJava;

impl Codec for MsmJava {
    fn name(&self) -> &'static str {
        "msm-java"
    }
    fn description(&self) -> &'static str {
        "memcached-session-manager blob, Java serialization transcoder (msm's default)"
    }
    fn sniff(&self, bytes: &[u8]) -> bool {
        sniff(bytes) == Kind::Session(AttributeFormat::Java)
    }
    fn encode(&self, session: &Session<'_>) -> Result<Vec<u8>, CodecError> {
        Ok(crate::encode(session)?)
    }
    fn decode<'a>(&self, bytes: &'a [u8], limits: &Limits) -> Result<Session<'a>, CodecError> {
        Ok(crate::decode(bytes, limits)?)
    }
}

/// Names of the session formats, in the order `--help` lists them.
pub const FORMAT_NAMES: [&str; 6] = [
    "msm-java",
    "msm-xstream",
    "bincode",
    "msgpack",
    "postcard",
    "json",
];

/// The session format called `name`; the compact formats use `dictionary` when given.
pub fn codec(name: &str, dictionary: Option<Arc<Dictionary>>) -> Option<Box<dyn Codec>> {
    codec_with_schema(name, dictionary, Arc::default())
}

/// [`codec`], with Java class descriptors for the formats whose bytes name application classes
/// without describing them (XStream, Javolution, FlexJSON).
pub fn codec_with_schema(
    name: &str,
    dictionary: Option<Arc<Dictionary>>,
    schema: Arc<Schema>,
) -> Option<Box<dyn Codec>> {
    match name {
        "msm-java" => return Some(Box::new(MsmJava)),
        "msm-xstream" => return Some(Box::new(MsmXStream::with_schema(schema))),
        _ => {}
    }
    let format = Format::ALL.into_iter().find(|f| f.name() == name)?;
    Some(Box::new(match dictionary {
        Some(d) => Compact::with_dictionary(format, d),
        None => Compact::new(format),
    }))
}

/// The session format whose magic bytes `bytes` carry, if any.
pub fn detect(bytes: &[u8], dictionary: Option<Arc<Dictionary>>) -> Option<Box<dyn Codec>> {
    detect_with_schema(bytes, dictionary, Arc::default())
}

/// [`detect`], with Java class descriptors for the XML and JSON formats.
pub fn detect_with_schema(
    bytes: &[u8],
    dictionary: Option<Arc<Dictionary>>,
    schema: Arc<Schema>,
) -> Option<Box<dyn Codec>> {
    FORMAT_NAMES
        .iter()
        .filter_map(|name| codec_with_schema(name, dictionary.clone(), schema.clone()))
        .find(|c| c.sniff(bytes))
}
