//! Property: corrupted msm blobs and compact blobs never panic; what still decodes re-encodes
//! to exactly the corrupted bytes (msm) or to a stable blob (compact).

use std::sync::OnceLock;

use jsess_javaser::Limits;
use proptest::prelude::*;

/// The blobs under 100 kB of a corpus directory.
fn blobs(name: &str) -> Vec<Vec<u8>> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../corpora")
        .join(name);
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .expect("corpus")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "bin"))
        .filter(|p| std::fs::metadata(p).is_ok_and(|m| m.len() < 100_000))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| std::fs::read(p).expect("blob"))
        .collect()
}

fn kryo_corpus() -> &'static [Vec<u8>] {
    static CORPUS: OnceLock<Vec<Vec<u8>>> = OnceLock::new();
    CORPUS.get_or_init(|| blobs("kryo"))
}

fn corpus() -> &'static [Vec<u8>] {
    static CORPUS: OnceLock<Vec<Vec<u8>>> = OnceLock::new();
    CORPUS.get_or_init(|| blobs("msm"))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn corrupted_msm_blobs_fail_cleanly(index in any::<prop::sample::Index>(), edits in prop::collection::vec((any::<usize>(), any::<u8>()), 1..4)) {
        let mut bytes = index.get(corpus()).clone();
        for (at, value) in edits {
            let i = at % bytes.len();
            bytes[i] = value;
        }
        let _ = jsess_msm::sniff(&bytes);
        if let Ok(session) = jsess_msm::decode(&bytes, &Limits::DEFAULT) {
            let _ = jsess_msm::attributes(&session.attributes);
            let _ = jsess_msm::json::session_to_json("msm-java", &session, &Limits::DEFAULT, Default::default());
            prop_assert!(jsess_msm::encode(&session).expect("re-encodes") == bytes);
        }
    }

    #[test]
    fn corrupted_compact_blobs_fail_cleanly(index in any::<prop::sample::Index>(), codec in 0..4usize, edits in prop::collection::vec((any::<usize>(), any::<u8>()), 1..4)) {
        let blob: &Vec<u8> = index.get(corpus());
        let Ok(session) = jsess_msm::decode(blob, &Limits::DEFAULT) else { return Ok(()) };
        let codec = jsess_codecs::all()[codec];
        let mut blob = codec.encode(&session).expect("encode");
        for (at, value) in edits {
            let i = at % blob.len();
            blob[i] = value;
        }
        if let Ok(back) = codec.decode(&blob, &Limits::DEFAULT) {
            let _ = jsess_msm::encode(&back);
            let again = codec.encode(&back).expect("re-encodes");
            let third = codec.decode(&again, &Limits::DEFAULT).expect("stable");
            prop_assert!(codec.encode(&third).expect("stable") == again);
        }
    }

    #[test]
    fn corrupted_kryo_blobs_fail_cleanly(index in any::<prop::sample::Index>(), edits in prop::collection::vec((any::<usize>(), any::<u8>()), 1..4), cut in any::<prop::sample::Index>(), truncate in any::<bool>()) {
        let mut bytes = index.get(kryo_corpus()).clone();
        for (at, value) in edits {
            let i = at % bytes.len();
            bytes[i] = value;
        }
        if truncate {
            bytes.truncate(cut.index(bytes.len() + 1));
        }
        jsess_fuzzing_kryo(&bytes);
    }
}

/// msm-kryo over the Kryo corpus's application classes.
fn kryo_codec() -> &'static jsess_msm::MsmKryo {
    static CODEC: OnceLock<jsess_msm::MsmKryo> = OnceLock::new();
    CODEC.get_or_init(|| {
        let jar = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../corpora/kryo/app-classes.jar"
        );
        let mut schemas = jsess_classpath::Schemas::new();
        schemas.add_classpath(jar).expect("app-classes.jar");
        jsess_msm::MsmKryo::new(std::sync::Arc::new(schemas))
    })
}

/// The fuzz target's property (jsess-fuzzing is not a dependency of this crate).
fn jsess_fuzzing_kryo(bytes: &[u8]) {
    use jsess_model::Codec;
    let codec = kryo_codec();
    let Ok(session) = codec.decode(bytes, &Limits::DEFAULT) else {
        return;
    };
    // What Java serialization cannot hold (a null value msm's map could not take, a
    // non-Serializable object) is refused naming it; anything else Java writes reads back.
    match jsess_msm::encode(&session) {
        Ok(java) => {
            jsess_msm::decode(&java, &Limits::DEFAULT).expect("reads back");
        }
        Err(e) => assert!(
            matches!(e, jsess_msm::Error::Lossy { .. }),
            "writing Java failed other than by refusing: {e}"
        ),
    }
    if let Ok(kryo) = codec.encode(&session) {
        let again = codec
            .decode(&kryo, &Limits::DEFAULT)
            .expect("own Kryo reads back");
        assert!(codec.encode(&again).expect("encodes") == kryo, "unstable");
    }
}

/// A case the property above found: one byte of `kryo_class_objects` set to 0 ends an
/// attribute's name early, and what follows reads as that attribute with a null value. The
/// blob is still readable (to look at), but msm's attribute map cannot hold a null, so
/// writing it as msm-java is refused naming the attribute, not done.
#[test]
fn a_null_attribute_read_from_kryo_is_refused_as_java() {
    use jsess_model::Codec;
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../corpora/kryo/kryo_class_objects.bin"
    );
    let mut bytes = std::fs::read(path).expect("blob");
    bytes[300] = 0;
    let session = kryo_codec()
        .decode(&bytes, &Limits::DEFAULT)
        .expect("still reads");
    let refusal = jsess_msm::encode(&session).expect_err("a null attribute");
    assert!(
        matches!(refusal, jsess_msm::Error::Lossy { .. }),
        "{refusal}"
    );
    let message = refusal.to_string();
    assert!(
        message.contains("intArra") && message.contains("null"),
        "{message}"
    );
    jsess_fuzzing_kryo(&bytes);
}
