//! `transcode` checks what it wrote before handing it out.

use jsess_model::{Codec, CodecError, Limits, Session};
use jsess_msm::{transcode, MsmJava, TranscodeError};

fn corpus(name: &str) -> Vec<u8> {
    let path = format!("{}/../../corpora/msm/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// msm-java that writes every session one second more idle than it is: a writer that loses a
/// fact without saying so.
struct Drifting(&'static str);

impl Codec for Drifting {
    fn name(&self) -> &'static str {
        self.0
    }
    fn description(&self) -> &'static str {
        "msm-java with a shifted lastAccessedTime"
    }
    fn sniff(&self, bytes: &[u8]) -> bool {
        MsmJava.sniff(bytes)
    }
    fn encode(&self, session: &Session<'_>) -> Result<Vec<u8>, CodecError> {
        let mut changed = session.clone();
        changed.envelope.last_accessed_time += 1_000;
        MsmJava.encode(&changed)
    }
    fn decode<'a>(&self, bytes: &'a [u8], limits: &Limits) -> Result<Session<'a>, CodecError> {
        MsmJava.decode(bytes, limits)
    }
}

#[test]
fn a_faithful_transcode_keeps_every_byte() {
    let blob = corpus("ecommerce.bin");
    let done = transcode(&MsmJava, &MsmJava, &blob, &Limits::DEFAULT).expect("transcodes");
    assert_eq!(done.bytes, blob);
    assert!(done.warnings.is_empty());
    assert!(!done.id.is_empty());
}

#[test]
fn a_same_format_reencode_that_changes_bytes_is_refused() {
    let blob = corpus("ecommerce.bin");
    let codec = Drifting("msm-java");
    let err = transcode(&codec, &codec, &blob, &Limits::DEFAULT).expect_err("must refuse");
    assert!(matches!(err, TranscodeError::Verification(_)), "{err}");
    assert!(
        err.to_string().contains("first difference at offset"),
        "{err}"
    );
}

#[test]
fn a_target_that_reads_back_another_envelope_is_refused() {
    let blob = corpus("ecommerce.bin");
    let err = transcode(&MsmJava, &Drifting("drifting"), &blob, &Limits::DEFAULT)
        .expect_err("must refuse");
    assert!(err.to_string().contains("another envelope"), "{err}");
}

#[test]
fn bytes_the_source_rejects_are_named_as_rejected() {
    let err =
        transcode(&MsmJava, &MsmJava, b"\x00\x02junk", &Limits::DEFAULT).expect_err("must refuse");
    assert!(
        matches!(
            err,
            TranscodeError::Rejected {
                format: "msm-java",
                ..
            }
        ),
        "{err}"
    );
}

/// An msm-xstream blob with the envelope of `corpora/xstream/empty.bin` around `xml`.
fn xstream_blob(xml: &str) -> Vec<u8> {
    let path = format!(
        "{}/../../corpora/xstream/empty.bin",
        env!("CARGO_MANIFEST_DIR")
    );
    let empty = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let header = usize::from(u16::from_be_bytes([empty[2], empty[3]]));
    [&empty[..header], xml.as_bytes()].concat()
}

#[test]
fn enum_types_named_with_underscores_and_dollars_survive_xstream_round_trips() {
    // XStream escapes element names (`$` → `_-`, `_` → `__`) but never attribute values.
    let xml = concat!(
        "<concurrent-hash-map>\n",
        "  <entry>\n",
        "    <string>modes</string>\n",
        "    <enum-set enum-type=\"com.acme.Checkout$Pay_Mode\">CARD,WIRE_TRANSFER</enum-set>\n",
        "  </entry>\n",
        "  <entry>\n",
        "    <string>limits</string>\n",
        "    <enum-map enum-type=\"com.acme.Checkout$Pay_Mode\">\n",
        "      <entry>\n",
        "        <com.acme.Checkout_-Pay__Mode>CARD</com.acme.Checkout_-Pay__Mode>\n",
        "        <int>5</int>\n",
        "      </entry>\n",
        "    </enum-map>\n",
        "  </entry>\n",
        "</concurrent-hash-map>"
    );
    let blob = xstream_blob(xml);
    let codec = jsess_msm::MsmXStream::default();
    let done = transcode(&codec, &codec, &blob, &Limits::DEFAULT).expect("round trip");
    assert_eq!(
        String::from_utf8_lossy(&done.bytes),
        String::from_utf8_lossy(&blob)
    );
}
