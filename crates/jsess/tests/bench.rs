//! `jsess::bench`: sessions sorted into kinds, and figures per kind beside the whole set's.

use std::path::Path;
use std::time::Duration;

use jsess::bench::{measure, memcpy, BenchSet, SessionClass, Settings};
use jsess_javaser::jdk::Builder;
use jsess_model::graph::Elements;

const QUICK: Settings = Settings {
    warm_up: Duration::ZERO,
    samples: 3,
};

fn corpora() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../corpora"))
}

/// A session whose one attribute is `levels` arrays, each holding the next.
fn nested_session(levels: usize) -> jsess::Session<'static> {
    let mut b = Builder::new();
    let mut inner = None;
    for _ in 0..levels {
        inner = Some(
            b.array("[Ljava.lang.Object;", Elements::Object(vec![inner]))
                .expect("array"),
        );
    }
    jsess_msm::build_attributes(&mut b, &[("tree", inner)]).expect("framed");
    jsess::Session {
        envelope: jsess::Envelope::new(&b"deep"[..], 1_700_000_000_000, 1800),
        attributes: b.finish(),
    }
}

#[test]
fn sessions_are_sorted_into_kinds() {
    let set = BenchSet::load(&corpora().join("msm")).expect("corpus");
    let counts = set.class_counts();
    let kinds: Vec<SessionClass> = counts.iter().map(|(c, _)| *c).collect();
    for kind in [
        SessionClass::Small,
        SessionClass::Typical,
        SessionClass::Large,
        SessionClass::ManyAttributes,
        SessionClass::Deep,
    ] {
        assert!(kinds.contains(&kind), "{kind:?} in {counts:?}");
    }
    assert_eq!(
        counts.iter().map(|(_, n)| n).sum::<usize>(),
        set.cases().len()
    );
    for case in set.cases() {
        let expected = match case.msm_bytes.len() {
            _ if case.class == SessionClass::ManyAttributes => continue,
            // The corpus's deep session (a linked list 500 nodes long) is deep at any size.
            _ if case.name.starts_with("deep_") => SessionClass::Deep,
            0..512 => SessionClass::Small,
            512..=4096 => SessionClass::Typical,
            _ => SessionClass::Large,
        };
        assert_eq!(case.class, expected, "{} bytes", case.msm_bytes.len());
    }

    let deep = BenchSet::new(vec![nested_session(200), nested_session(10)]).expect("set");
    let classes: Vec<SessionClass> = deep.cases().iter().map(|c| c.class).collect();
    assert_eq!(classes, [SessionClass::Deep, SessionClass::Small]);
}

#[test]
fn figures_per_kind_add_up_to_the_whole_set() {
    let set = BenchSet::load(&corpora().join("msm")).expect("corpus");
    let report = measure("postcard", &set, &jsess::Options::new(), &QUICK).expect("postcard");
    assert_eq!(report.left_out, 0);
    let all: Vec<_> = report
        .measurements
        .iter()
        .filter(|m| m.class == "all")
        .collect();
    let ops: Vec<&str> = all.iter().map(|m| m.operation).collect();
    assert_eq!(ops, ["decode", "encode", "transcode"]);
    for op in ["decode", "encode"] {
        let whole = all.iter().find(|m| m.operation == op).expect(op);
        let parts: Vec<_> = report
            .measurements
            .iter()
            .filter(|m| m.class != "all" && m.operation == op)
            .collect();
        assert_eq!(parts.len(), set.class_counts().len(), "{op}");
        let files: usize = parts.iter().map(|m| m.files).sum();
        let input: usize = parts.iter().map(|m| m.input_bytes).sum();
        let output: usize = parts.iter().map(|m| m.output_bytes).sum();
        assert_eq!(
            (files, input, output),
            (whole.files, whole.input_bytes, whole.output_bytes),
            "{op}"
        );
        for m in parts.iter().chain([whole]) {
            assert!(m.spread.min_ns <= m.spread.median_ns, "{op} {}", m.class);
            assert!(m.spread.median_ns <= m.spread.max_ns, "{op} {}", m.class);
            assert!(m.median_size_ratio > 0.0, "{op} {}", m.class);
        }
    }
    let copy = memcpy(&set, &QUICK);
    assert_eq!(copy.input_bytes, set.input_bytes());
    assert_eq!(copy.output_bytes, set.input_bytes());
}

#[test]
fn an_unknown_format_is_an_error() {
    let set = BenchSet::new(vec![nested_session(3)]).expect("set");
    let unknown = measure("msm-yaml", &set, &jsess::Options::new(), &QUICK).expect_err("yaml");
    assert!(
        matches!(unknown, jsess::Error::UnknownFormat(_)),
        "{unknown}"
    );
}
