//! # jsess-msm
//!
//! memcached-session-manager (msm) session blobs: the header msm writes in front of a Tomcat
//! session's attributes (`TranscoderService`), the principal forms of Tomcat 6/7 and 8+, the Java
//! transcoder's attribute framing, and telling stored values apart (sessions by attribute
//! format, ping artifacts, validity and lock values). The format is specified in
//! `docs/msm-format.md`.
//!
//! ```no_run
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let blob = std::fs::read("corpora/msm/camunda.bin")?;
//! let session = jsess_msm::decode(&blob, &jsess_javaser::Limits::DEFAULT)?;
//! for attribute in jsess_msm::attributes(&session.attributes)?.entries {
//!     println!("{}", session.attributes.graph.string(attribute.name).expect("names are strings"));
//! }
//! assert_eq!(jsess_msm::encode(&session)?, blob);
//! # Ok(()) }
//! ```

mod attributes;
mod codec;
mod envelope;
mod error;
mod flexjson;
mod formats;
mod javolution;
pub mod json;
mod kryo;
mod principal;
mod sniff;
mod stored;
mod transcode;
mod transport;
mod validity;
mod xstream;

pub use attributes::{
    attribute_holding, attribute_pairs, attributes, build_attributes, build_attributes_with_names,
    Attribute, AttributeValue, Attributes, NOT_SERIALIZABLE_MARKER,
};
pub use codec::{AttributeCodec, Failure, MsmCodec, Prefix, Written};
pub use envelope::{decode_envelope, encode_envelope, MAX_HEADER};
pub use error::{AttributeFailure, Error};
pub use flexjson::{FlexJsonAttributes, MsmFlexJson};
pub use formats::{
    codec, codec_with, detect, detect_with, FormatOptions, Formats, MsmJava, FORMAT_NAMES,
};
pub use javolution::{JavolutionAttributes, MsmJavolution};
pub use kryo::{KryoAttributes, KryoError, MsmKryo};
pub use principal::{principal, Principal, PrincipalForm};
pub use sniff::{attribute_format, sniff, AttributeFormat, Kind};
pub use stored::{
    classify, read_session, read_session_with, AttributesError, StoredSession, Unreadable,
    UnreadableReason,
};
pub use transcode::{
    same_values, transcode, transcode_decoded, value_difference, TranscodeError, Transcoded,
};
pub use transport::{unwrap_transport, Transport};
pub use validity::Validity;
pub use xstream::{Descriptors, MsmXStream, XStreamAttributes};

use jsess_javaser::Limits;
use jsess_model::Session;

/// Reads an msm blob whose attributes are Java-serialized, framed as msm frames them (an
/// `Integer` count, then that many name/value pairs); a stream that ends early or holds more is
/// rejected, as msm's own reader would reject it.
#[inline]
pub fn decode<'a>(blob: &'a [u8], limits: &Limits) -> Result<Session<'a>, Error> {
    let (envelope, attribute_bytes) = decode_envelope(blob)?;
    let format = attribute_format(attribute_bytes);
    if format != AttributeFormat::Java {
        return Err(Error::NotJavaAttributes(format.name()));
    }
    let attributes =
        jsess_javaser::decode(attribute_bytes, limits).map_err(|source| Error::Java {
            part: "attributes",
            source,
        })?;
    attributes::check_framing(&attributes)?;
    Ok(Session {
        envelope,
        attributes,
    })
}

/// Writes an msm blob with Java-serialized attributes: what msm writes for the same session,
/// and byte-identical to the input for a decoded one.
pub fn encode(session: &Session<'_>) -> Result<Vec<u8>, Error> {
    attributes::refuse_null_values(session)?;
    let mut out = Vec::with_capacity(jsess_model::room::capacity());
    encode_envelope(&session.envelope, &mut out)?;
    jsess_javaser::encode_into(&session.attributes, &mut out).map_err(|source| match source {
        jsess_javaser::WriteError::CannotHold { node, reason, .. } => {
            let attribute = attributes::attribute_holding(
                &session.attributes,
                jsess_model::NodeId::new(node as u32),
            );
            Error::Lossy {
                session: String::from_utf8_lossy(&session.envelope.id).into_owned(),
                message: match attribute {
                    Some(name) => format!("attribute {name:?}: {reason}"),
                    None => reason,
                },
                failure: AttributeFailure::Rejected,
            }
        }
        source => Error::JavaWrite {
            part: "attributes",
            source,
        },
    })?;
    jsess_model::room::learn(out.len());
    Ok(out)
}
