//! The compact formats' wire layout is fixed by committed golden blobs (`corpora/compact`,
//! written by `bash corpora/compact/generate.sh`): each decodes to its msm corpus session (the
//! same msm bytes again), and encoding that session gives exactly the golden bytes, without and
//! with the class dictionary. A change of wire format fails here until it is made deliberately,
//! with a new layout version and regenerated blobs.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use jsess_codecs::{Compact, Dictionary, Format};
use jsess_javaser::Limits;
use jsess_model::Codec;

const SESSIONS: [&str; 4] = [
    "camunda",
    "ecommerce",
    "attribute_cycle",
    "form_login_saved_post",
];

fn corpora() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpora")
}

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn golden_blobs_decode_to_their_sessions_and_are_written_again_byte_for_byte() {
    let dictionary =
        Dictionary::from_bytes(&read(&corpora().join("compact/msm.dict"))).expect("dictionary");
    let dictionary = Arc::new(dictionary);
    let mut checked = 0;
    for format in Format::ALL {
        let codecs = [
            ("", Compact::new(format)),
            (
                ".dict",
                Compact::with_dictionary(format, Arc::clone(&dictionary)),
            ),
        ];
        for name in SESSIONS {
            let msm = read(&corpora().join(format!("msm/{name}.bin")));
            let session = jsess_msm::decode(&msm, &Limits::DEFAULT).expect("msm session");
            for (suffix, codec) in &codecs {
                let file = format!("{name}{suffix}.{}", format.name());
                let golden = read(&corpora().join("compact").join(&file));
                let decoded = codec
                    .decode(&golden, &Limits::DEFAULT)
                    .unwrap_or_else(|e| panic!("{file}: {e}"));
                assert_eq!(
                    jsess_msm::encode(&decoded).expect("msm bytes"),
                    msm,
                    "{file} decodes to another session"
                );
                assert_eq!(
                    codec.encode(&session).expect("encodes"),
                    golden,
                    "{file}: the {} wire layout changed",
                    format.name()
                );
                checked += 1;
            }
        }
    }
    assert_eq!(checked, 40);
}

#[test]
fn a_session_that_departs_from_the_jdk_writer_is_a_packed_blob_with_a_wire_body() {
    let msm = read(&corpora().join("msm/not_serializable_marker.bin"));
    let golden = read(&corpora().join("compact/not_serializable_marker.packed"));
    assert_eq!(&golden[..4], b"\xF0JSP");
    assert_eq!(golden[4], 0x21, "layout 1, wire-layout body, no dictionary");
    let codec = Compact::new(Format::Packed);
    let decoded = codec.decode(&golden, &Limits::DEFAULT).expect("decodes");
    assert_eq!(jsess_msm::encode(&decoded).expect("msm bytes"), msm);
    let session = jsess_msm::decode(&msm, &Limits::DEFAULT).expect("msm session");
    assert_eq!(codec.encode(&session).expect("encodes"), golden);
}

/// What only sessions read from a format that names no Java descriptors hold (descriptors known
/// only by the XML, untyped elements, a serial proxy naming the class it stands for) is in the
/// wire layout too: the golden blobs of two XStream sessions read with nothing given decode to
/// what writes the real XStream bytes again, and those sessions encode to the golden bytes.
#[test]
fn golden_blobs_of_xstream_sessions_read_without_their_classes() {
    let xstream = jsess_msm::MsmXStream::default();
    let mut checked = 0;
    for (name, source) in [
        ("xstream_ecommerce", "xstream/ecommerce.bin"),
        ("xstream_write_replace", "beyond/write_replace.xstream.bin"),
    ] {
        let bytes = read(&corpora().join(source));
        let session = xstream.decode(&bytes, &Limits::DEFAULT).expect(source);
        for format in Format::ALL {
            let codec = Compact::new(format);
            let file = format!("{name}.{}", format.name());
            let golden = read(&corpora().join("compact").join(&file));
            let decoded = codec
                .decode(&golden, &Limits::DEFAULT)
                .unwrap_or_else(|e| panic!("{file}: {e}"));
            assert_eq!(xstream.encode(&decoded).expect(&file), bytes, "{file}");
            assert_eq!(
                codec.encode(&session).expect("encodes"),
                golden,
                "{file}: the {} wire layout changed",
                format.name()
            );
            checked += 1;
        }
    }
    assert_eq!(checked, 10);
}
