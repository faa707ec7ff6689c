//! The worked examples of the msm format notes, produced there by msm's own classes.

use jsess_javaser::Limits;
use jsess_msm::{attributes, decode, encode, sniff, AttributeFormat, AttributeValue, Kind};

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex"))
        .collect()
}

/// msm-format.md §8.2: one attribute "foo" → "bar", Java transcoder.
const JAVA_BLOB: &str = "000200540000018bcfe568000000018bcfe652600000070830310000018bcfe73cc00000018bcfe73eb4002038463341324331423444354536463730383139324133423443354436453746380000000000000000aced0005737200116a6176612e6c616e672e496e746567657212e2a0a4f781873802000149000576616c7565787200106a6176612e6c616e672e4e756d62657286ac951d0b94e08b020000787000000001740003666f6f740003626172";
/// §8.3: the same session, Kryo transcoder.
const KRYO_BLOB: &str = "000200540000018bcfe568000000018bcfe652600000070830310000018bcfe73cc00000018bcfe73eb400203846334132433142344435453646373038313932413342344335443645374638000000000000000001010301666fef03016261f2";

#[test]
fn java_blob_decodes_and_reencodes() {
    let blob = unhex(JAVA_BLOB);
    assert_eq!(sniff(&blob), Kind::Session(AttributeFormat::Java));
    let session = decode(&blob, &Limits::DEFAULT).expect("decodes");
    assert_eq!(session.envelope.last_backup_time, 1_700_000_120_500);
    let list = attributes(&session.attributes).expect("framing");
    assert_eq!(list.entries.len(), 1);
    let graph = &session.attributes.graph;
    assert!(graph
        .string(list.entries[0].name)
        .expect("name")
        .eq_str("foo"));
    let AttributeValue::Written(Some(value)) = list.entries[0].value else {
        panic!("value")
    };
    assert!(graph.string(value).expect("string value").eq_str("bar"));
    assert_eq!(encode(&session).expect("encodes"), blob);
}

#[test]
fn kryo_blob_is_recognised_not_misread() {
    let blob = unhex(KRYO_BLOB);
    assert_eq!(sniff(&blob), Kind::Session(AttributeFormat::Kryo));
    assert!(matches!(
        decode(&blob, &Limits::DEFAULT),
        Err(jsess_msm::Error::NotJavaAttributes("msm-kryo"))
    ));
}

#[test]
fn store_artifacts_are_named() {
    assert_eq!(sniff(&[0x01]), Kind::Ping);
    assert_eq!(sniff(b"locked"), Kind::Lock);
    assert_eq!(
        sniff(&unhex("000007080000018bcfe652600000018bcfe73cc0")),
        Kind::Validity
    );
    assert_eq!(sniff(&[0xAC, 0xED, 0x00, 0x05, 0x70]), Kind::JavaStream);
    assert_eq!(sniff(b"hello"), Kind::Unknown);
}

#[test]
fn a_session_built_from_values_is_what_msm_writes() {
    use std::borrow::Cow;

    use jsess_javaser::jdk::Builder;
    use jsess_model::{Envelope, Session};

    let mut builder = Builder::new();
    let bar = builder.string("bar");
    jsess_msm::build_attributes(&mut builder, &[("foo", Some(bar))]).expect("attributes");
    let session = Session {
        envelope: Envelope {
            version: 2,
            creation_time: 1_700_000_000_000,
            last_accessed_time: 1_700_000_060_000,
            max_inactive_interval: 1800,
            is_new: b'0',
            is_valid: b'1',
            this_accessed_time: 1_700_000_120_000,
            last_backup_time: 1_700_000_120_500,
            id: Cow::Borrowed(b"8F3A2C1B4D5E6F708192A3B4C5D6E7F8"),
            auth_type: 0,
            principal: Cow::Borrowed(b""),
            saved_request: Cow::Borrowed(b""),
            saved_principal: Cow::Borrowed(b""),
            padding: Cow::Borrowed(b""),
        },
        attributes: builder.finish(),
    };
    assert_eq!(encode(&session).expect("encodes"), unhex(JAVA_BLOB));
}

#[test]
fn attribute_formats_are_told_apart() {
    use jsess_msm::attribute_format;
    assert_eq!(
        attribute_format(&unhex(&JAVA_BLOB[168..])),
        AttributeFormat::Java
    );
    assert_eq!(attribute_format(&[0x01, 0x00]), AttributeFormat::Kryo);
    assert_eq!(
        attribute_format(b"<concurrent-hash-map>\n  <entry>"),
        AttributeFormat::XStream
    );
    assert_eq!(
        attribute_format(b"<?xml version=\"1.0\" ?>\n<attributes size=\"0\"/>"),
        AttributeFormat::Javolution
    );
    assert_eq!(
        attribute_format(b"{\"foo\":\"bar\"}"),
        AttributeFormat::FlexJson
    );
    assert_eq!(attribute_format(b""), AttributeFormat::Unknown);
    assert_eq!(attribute_format(&[0x01]), AttributeFormat::Unknown);
}

#[test]
fn every_truncation_of_a_real_session_fails_cleanly() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../corpora/msm/form_login_saved_post.bin");
    let blob = std::fs::read(path).expect("corpus blob");
    for cut in 0..blob.len() {
        let prefix = &blob[..cut];
        let _ = sniff(prefix);
        assert!(
            decode(prefix, &Limits::DEFAULT).is_err(),
            "prefix of {cut} bytes decoded"
        );
    }
}
