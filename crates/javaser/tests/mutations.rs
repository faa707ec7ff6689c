//! Property: corrupting real streams (flipped, inserted, deleted and overwritten bytes) never
//! panics, and whatever still decodes re-encodes to exactly the corrupted bytes and renders.

use jsess_javaser::json::stream_to_json;
use jsess_javaser::{decode, encode, Limits};
use proptest::prelude::*;

fn corpus() -> &'static [Vec<u8>] {
    static CORPUS: std::sync::OnceLock<Vec<Vec<u8>>> = std::sync::OnceLock::new();
    CORPUS.get_or_init(jsess_testkit::java_corpus)
}

#[derive(Debug, Clone)]
enum Edit {
    Flip(usize, u8),
    Set(usize, u8),
    Insert(usize, u8),
    Delete(usize),
}

fn apply(bytes: &mut Vec<u8>, edit: &Edit) {
    if bytes.is_empty() {
        return;
    }
    match *edit {
        Edit::Flip(at, mask) => {
            let i = at % bytes.len();
            bytes[i] ^= mask.max(1);
        }
        Edit::Set(at, b) => {
            let i = at % bytes.len();
            bytes[i] = b;
        }
        Edit::Insert(at, b) => bytes.insert(at % (bytes.len() + 1), b),
        Edit::Delete(at) => {
            bytes.remove(at % bytes.len());
        }
    }
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(a, m)| Edit::Flip(a, m)),
        // Bytes that are type codes or interesting lengths.
        (
            any::<usize>(),
            prop::sample::select(vec![
                0x00, 0x70, 0x71, 0x72, 0x73, 0x74, 0x75, 0x77, 0x78, 0x79, 0x7A, 0x7B, 0x7C, 0x7D,
                0x7E, 0x7F, 0xFF
            ])
        )
            .prop_map(|(a, b)| Edit::Set(a, b)),
        (any::<usize>(), any::<u8>()).prop_map(|(a, b)| Edit::Insert(a, b)),
        any::<usize>().prop_map(Edit::Delete),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 10_000, ..ProptestConfig::default() })]

    #[test]
    fn corrupted_streams_fail_cleanly_or_round_trip(
        index in any::<prop::sample::Index>(),
        edits in prop::collection::vec(edit(), 1..4),
    ) {
        let corpus = corpus();
        let mut bytes = index.get(corpus).clone();
        for e in &edits {
            apply(&mut bytes, e);
        }
        if let Ok(stream) = decode(&bytes, &Limits::DEFAULT) {
            let _ = stream_to_json(&stream);
            prop_assert!(encode(&stream).expect("decoded stream encodes") == bytes);
        }
    }
}
