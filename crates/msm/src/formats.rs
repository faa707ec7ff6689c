//! Every session format jsess reads and writes, by name. A new format is one [`Codec`] impl
//! and one line here.

use std::sync::Arc;

use jsess_classpath::Schemas;
use jsess_codecs::{Compact, Dictionary, Format};
use jsess_model::{Codec, CodecError, Limits, Session};

use crate::flexjson::MsmFlexJson;
use crate::javolution::MsmJavolution;
use crate::kryo::MsmKryo;
use crate::sniff::{sniff, AttributeFormat, Kind};
use crate::xstream::{Descriptors, MsmXStream};

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
pub const FORMAT_NAMES: [&str; 10] = [
    "msm-java",
    "msm-kryo",
    "msm-xstream",
    "msm-javolution",
    "msm-flexjson",
    "bincode",
    "msgpack",
    "postcard",
    "json",
    "packed",
];

/// What some formats need besides the bytes.
#[derive(Debug, Clone, Default)]
pub struct FormatOptions {
    /// The class dictionary of the compact formats.
    pub dictionary: Option<Arc<Dictionary>>,
    /// Class layouts: what msm-kryo reads and writes by, the field order of msm-xstream and
    /// msm-javolution, and the application classes msm-xstream and msm-flexjson read when no
    /// Java descriptor describes them.
    pub schemas: Arc<Schemas>,
    /// Java class descriptors for the formats whose bytes name application classes without
    /// describing them (XStream, Javolution, FlexJSON).
    pub descriptors: Arc<Descriptors>,
}

/// The session format called `name`; the compact formats use `dictionary` when given.
pub fn codec(name: &str, dictionary: Option<Arc<Dictionary>>) -> Option<Box<dyn Codec>> {
    codec_with(
        name,
        &FormatOptions {
            dictionary,
            ..FormatOptions::default()
        },
    )
}

/// The session format called `name`, set up with `options`.
pub fn codec_with(name: &str, options: &FormatOptions) -> Option<Box<dyn Codec>> {
    build(name, options).map(|c| c as Box<dyn Codec>)
}

fn build(name: &str, options: &FormatOptions) -> Option<Box<dyn Codec + Send>> {
    let dictionary = options.dictionary.clone();
    match name {
        "msm-java" => return Some(Box::new(MsmJava)),
        "msm-kryo" => return Some(Box::new(MsmKryo::new(Arc::clone(&options.schemas)))),
        "msm-xstream" => {
            return Some(Box::new(MsmXStream::new(
                Arc::clone(&options.descriptors),
                Arc::clone(&options.schemas),
            )))
        }
        "msm-javolution" => {
            return Some(Box::new(MsmJavolution::new(
                Arc::clone(&options.descriptors),
                Arc::clone(&options.schemas),
            )))
        }
        "msm-flexjson" => {
            return Some(Box::new(MsmFlexJson::new(
                Arc::clone(&options.descriptors),
                Arc::clone(&options.schemas),
            )))
        }
        _ => {}
    }
    let format = Format::ALL.into_iter().find(|f| f.name() == name)?;
    Some(Box::new(match dictionary {
        Some(d) => Compact::with_dictionary(format, d),
        None => Compact::new(format),
    }))
}

/// Every format of the registry, each set up once with the same options: what reads a whole
/// store. [`codec_with`] and [`detect_with`] make a new codec per call; these are made once,
/// so a codec that learns about classes as it reads (msm-kryo keeps each class's serializer
/// and descriptors) keeps what it learned from one session to the next.
///
/// ```
/// use jsess_msm::{FormatOptions, Formats};
///
/// let formats = Formats::new(FormatOptions::default());
/// let blob = std::fs::read("../../corpora/msm/basic_tc7.bin")?;
/// assert_eq!(formats.detect(&blob).map(|c| c.name()), Some("msm-java"));
/// assert!(formats.get("packed").is_some());
/// # Ok::<(), std::io::Error>(())
/// ```
pub struct Formats {
    options: FormatOptions,
    codecs: Vec<Box<dyn Codec + Send>>,
}

impl Formats {
    /// Every format, set up with `options`.
    pub fn new(options: FormatOptions) -> Formats {
        let codecs = FORMAT_NAMES
            .iter()
            .filter_map(|name| build(name, &options))
            .collect();
        Formats { options, codecs }
    }

    /// The options the formats were set up with.
    pub fn options(&self) -> &FormatOptions {
        &self.options
    }

    /// The format called `name`.
    pub fn get(&self, name: &str) -> Option<&dyn Codec> {
        self.all().find(|c| c.name() == name)
    }

    /// The format whose magic bytes `bytes` carry, if any ([`detect_with`]).
    pub fn detect(&self, bytes: &[u8]) -> Option<&dyn Codec> {
        self.all().find(|c| c.sniff(bytes))
    }

    fn all(&self) -> impl Iterator<Item = &dyn Codec> {
        self.codecs.iter().map(|c| c.as_ref() as &dyn Codec)
    }
}

impl std::fmt::Debug for Formats {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Formats")
            .field("options", &self.options)
            .field("codecs", &FORMAT_NAMES)
            .finish()
    }
}

/// The session format whose magic bytes `bytes` carry, if any.
pub fn detect(bytes: &[u8], dictionary: Option<Arc<Dictionary>>) -> Option<Box<dyn Codec>> {
    detect_with(
        bytes,
        &FormatOptions {
            dictionary,
            ..FormatOptions::default()
        },
    )
}

/// [`detect`], with the formats set up with `options`.
pub fn detect_with(bytes: &[u8], options: &FormatOptions) -> Option<Box<dyn Codec>> {
    FORMAT_NAMES
        .iter()
        .filter_map(|name| codec_with(name, options))
        .find(|c| c.sniff(bytes))
}
