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

/// The fuzz target's property (jsess-fuzzing is not a dependency of this crate).
fn jsess_fuzzing_kryo(bytes: &[u8]) {
    use jsess_model::Codec;
    static CODEC: OnceLock<jsess_msm::MsmKryo> = OnceLock::new();
    let codec = CODEC.get_or_init(|| {
        let jar = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../corpora/kryo/app-classes.jar"
        );
        let mut schemas = jsess_classpath::Schemas::new();
        schemas.add_classpath(jar).expect("app-classes.jar");
        jsess_msm::MsmKryo::new(std::sync::Arc::new(schemas))
    });
    let Ok(session) = codec.decode(bytes, &Limits::DEFAULT) else {
        return;
    };
    let java = jsess_msm::encode(&session).expect("writes as Java");
    jsess_msm::decode(&java, &Limits::DEFAULT).expect("reads back");
    if let Ok(kryo) = codec.encode(&session) {
        let again = codec
            .decode(&kryo, &Limits::DEFAULT)
            .expect("own Kryo reads back");
        assert!(codec.encode(&again).expect("encodes") == kryo, "unstable");
    }
}
