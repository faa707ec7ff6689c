//! Telling apart what a session store holds, from the bytes alone. Nothing is guessed: a blob
//! that fits no known shape is [`Kind::Unknown`].

use crate::envelope::decode_envelope;

/// What a stored value is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// An msm session blob whose attributes are in the given format.
    Session(AttributeFormat),
    /// A bare Java serialization stream (`AC ED 00 05`).
    JavaStream,
    /// The 1-byte value (`01`) msm's non-sticky "ping" leaves when the session key had vanished.
    Ping,
    /// A 20-byte `validity:` value (maxInactiveInterval, lastAccessedTime, thisAccessedTime).
    Validity,
    /// A `lock:` value (`locked`).
    Lock,
    /// Nothing jsess recognises.
    Unknown,
}

/// The transcoder that wrote a session's attributes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttributeFormat {
    /// msm's default Java serialization transcoder.
    Java,
    /// msm's Kryo transcoder.
    Kryo,
    /// msm's XStream transcoder (`<concurrent-hash-map>`).
    XStream,
    /// msm's Javolution transcoder (root element `attributes`).
    Javolution,
    /// msm's FlexJSON transcoder.
    FlexJson,
    /// None of the above.
    Unknown,
}

impl Kind {
    /// The name reports and JSON use.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Session(f) => f.name(),
            Kind::JavaStream => "java",
            Kind::Ping => "ping",
            Kind::Validity => "validity",
            Kind::Lock => "lock",
            Kind::Unknown => "unknown",
        }
    }
}

impl AttributeFormat {
    /// `msm-java`, `msm-kryo`, …
    pub fn name(self) -> &'static str {
        match self {
            AttributeFormat::Java => "msm-java",
            AttributeFormat::Kryo => "msm-kryo",
            AttributeFormat::XStream => "msm-xstream",
            AttributeFormat::Javolution => "msm-javolution",
            AttributeFormat::FlexJson => "msm-flexjson",
            AttributeFormat::Unknown => "msm-unknown",
        }
    }
}

/// Classifies a stored value.
pub fn sniff(bytes: &[u8]) -> Kind {
    if bytes == [0x01] {
        return Kind::Ping;
    }
    if bytes == b"locked" {
        return Kind::Lock;
    }
    if bytes.starts_with(&[0xAC, 0xED, 0x00, 0x05]) {
        return Kind::JavaStream;
    }
    // A session header is at least 48 bytes, so 20 bytes can only be a validity value.
    if bytes.len() == 20 {
        return Kind::Validity;
    }
    match decode_envelope(bytes) {
        Ok((_, attributes)) => Kind::Session(attribute_format(attributes)),
        Err(_) => Kind::Unknown,
    }
}

/// Classifies attribute bytes.
pub fn attribute_format(bytes: &[u8]) -> AttributeFormat {
    let text = skip_xml_prolog(bytes);
    if bytes.starts_with(&[0xAC, 0xED, 0x00, 0x05]) {
        AttributeFormat::Java
    } else if bytes.first() == Some(&0x01) && bytes.len() >= 2 {
        // Kryo: the reference marker of the top-level map, then its varint size.
        AttributeFormat::Kryo
    } else if text.starts_with(b"<concurrent-hash-map") {
        AttributeFormat::XStream
    } else if text.starts_with(b"<attributes") {
        AttributeFormat::Javolution
    } else if bytes.first() == Some(&b'{') {
        AttributeFormat::FlexJson
    } else {
        AttributeFormat::Unknown
    }
}

fn skip_xml_prolog(bytes: &[u8]) -> &[u8] {
    let mut rest = bytes;
    if rest.starts_with(b"<?xml") {
        if let Some(end) = rest.windows(2).position(|w| w == b"?>") {
            rest = &rest[end + 2..];
        }
    }
    let start = rest
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(rest.len());
    &rest[start..]
}
