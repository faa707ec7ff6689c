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

/// msm-java that reads back what it wrote with every string Java shared apart, as Kryo reads
/// strings; with `misread`, also with one string changed ("London" → "Londom"): a reader
/// that loses a value.
struct Apart {
    misread: bool,
}

impl Codec for Apart {
    fn name(&self) -> &'static str {
        "apart"
    }
    fn description(&self) -> &'static str {
        "msm-java reading strings apart"
    }
    fn sniff(&self, _bytes: &[u8]) -> bool {
        false
    }
    fn encode(&self, session: &Session<'_>) -> Result<Vec<u8>, CodecError> {
        MsmJava.encode(session)
    }
    fn decode<'a>(&self, bytes: &'a [u8], limits: &Limits) -> Result<Session<'a>, CodecError> {
        let at = bytes
            .windows(6)
            .position(|w| w == b"London")
            .expect("the session names London");
        let mut changed = bytes.to_vec();
        if self.misread {
            changed[at + 5] = b'm';
        }
        let session = MsmJava.decode(&changed, limits)?.into_owned();
        let mut blob = Vec::new();
        jsess_msm::encode_envelope(&session.envelope, &mut blob).expect("envelope");
        blob.extend(
            jsess_javaser::encode_strings_unshared(&session.attributes, 1 << 20).expect("writes"),
        );
        Ok(MsmJava.decode(&blob, limits)?.into_owned())
    }
}

#[test]
fn strings_read_back_apart_are_the_same_values_and_another_string_is_not() {
    // ecommerce shares the string "GB" (two addresses' country): read back apart, the bytes
    // differ and the values do not.
    let blob = corpus("ecommerce.bin");
    let apart = Apart { misread: false };
    let done = transcode(&MsmJava, &apart, &blob, &Limits::DEFAULT).expect("same values");
    let check = apart.decode(&done.bytes, &Limits::DEFAULT).expect("reads");
    assert_ne!(MsmJava.encode(&check).expect("writes"), blob);
    let misread = Apart { misread: true };
    let err = transcode(&MsmJava, &misread, &blob, &Limits::DEFAULT).expect_err("must refuse");
    assert!(matches!(err, TranscodeError::Verification(_)), "{err}");
    assert!(err.to_string().contains("Londom"), "{err}");
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

/// `corpora/java/hashmap.ser` with its load factor (0.75 at offset 0x3f) changed to 0.5, and
/// the map as an attribute value.
fn map_with_load_factor_half() -> (
    jsess_model::Graph<'static>,
    Vec<(jsess_model::NodeId, jsess_model::Ref)>,
) {
    let path = format!(
        "{}/../../corpora/java/hashmap.ser",
        env!("CARGO_MANIFEST_DIR")
    );
    let mut bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    assert_eq!(
        bytes[0x3f..0x43],
        0.75f32.to_be_bytes(),
        "the load factor's place"
    );
    bytes[0x3f..0x43].copy_from_slice(&0.5f32.to_be_bytes());
    let stream = jsess_javaser::decode(&bytes, &Limits::DEFAULT)
        .expect("decodes")
        .into_owned();
    let map = match stream.contents.first() {
        Some(jsess_model::Content::Object(r)) => *r,
        other => panic!("{other:?}"),
    };
    let mut graph = stream.graph;
    let name = graph.add(jsess_model::Node::String(jsess_model::StringNode {
        value: jsess_model::JavaString::from_text("settings"),
        long: false,
    }));
    (graph, vec![(name, map)])
}

#[test]
fn a_load_factor_kryo_and_xstream_would_reset_is_refused() {
    let (graph, attributes) = map_with_load_factor_half();
    let schemas = jsess_classpath::Schemas::new();
    let kryo = jsess_kryo::write_attributes(&graph, &attributes, &schemas, Vec::new())
        .expect_err("Kryo must refuse")
        .to_string();
    assert!(kryo.contains("load factor 0.75, not 0.5"), "{kryo}");
    let xstream = jsess_xstream::encode(&graph, &attributes, &schemas)
        .expect_err("XStream must refuse")
        .to_string();
    assert!(xstream.contains("load factor 0.75, not 0.5"), "{xstream}");
}

/// The same case with the real library's bytes: ecommerce written as Kryo is byte for byte what
/// msm's KryoTranscoder (Kryo 4.0.0) wrote for it, and reading those bytes back loses Java's
/// sharing of "GB". Verification passes on the streams written with every string in full.
#[test]
fn real_kryo_bytes_come_back_with_shared_strings_apart_and_pass() {
    use std::sync::Arc;

    let kryo_dir = format!("{}/../../corpora/kryo", env!("CARGO_MANIFEST_DIR"));
    let mut schemas = jsess_classpath::Schemas::new();
    schemas
        .add_classpath(&format!("{kryo_dir}/app-classes.jar"))
        .expect("app-classes.jar");
    let kryo = jsess_msm::MsmKryo::new(Arc::new(schemas));
    let blob = corpus("ecommerce.bin");
    let done = transcode(&MsmJava, &kryo, &blob, &Limits::DEFAULT).expect("same values");
    let twin = std::fs::read(format!("{kryo_dir}/ecommerce.bin")).expect("twin");
    assert!(done.bytes == twin, "differs from what real Kryo wrote");
    let original = MsmJava.decode(&blob, &Limits::DEFAULT).expect("msm-java");
    let back = kryo
        .decode(&twin, &Limits::DEFAULT)
        .expect("real Kryo bytes");
    // Not the original bytes (the shared string came back as two)...
    assert_ne!(MsmJava.encode(&back).expect("writes"), blob);
    // ...but the same streams once every string is written in full.
    let unshared = |s: &Session<'_>| {
        jsess_javaser::encode_strings_unshared(&s.attributes, 1 << 20).expect("writes")
    };
    assert_eq!(unshared(&back), unshared(&original));
}
