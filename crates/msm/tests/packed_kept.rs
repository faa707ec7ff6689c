//! A thread keeps the local class definitions its packed reader has read and rebuilds one
//! whose bytes come again rather than reading it. Property: what a blob decodes to (the
//! session or the error) never depends on what the thread read before: the same blob on a
//! fresh thread gives the same.

use std::sync::Arc;

use jsess_codecs::{Compact, Dictionary, Format};
use jsess_javaser::Limits;
use jsess_model::{Codec, Session};
use jsess_msm::{decode, sniff, AttributeFormat, Kind};

/// Everything a decode gives, as text to compare.
fn outcome(codec: &Compact, blob: &[u8], limits: &Limits) -> String {
    format!("{:?}", codec.decode(blob, limits))
}

/// The outcome on a thread that has read nothing before.
fn fresh(codec: &Compact, blob: &[u8], limits: Limits) -> String {
    let (codec, blob) = (codec.clone(), blob.to_vec());
    std::thread::spawn(move || outcome(&codec, &blob, &limits))
        .join()
        .expect("decode thread")
}

/// The corpus's msm-java sessions.
fn java_sessions() -> Vec<Session<'static>> {
    jsess_testkit::corpus()
        .into_iter()
        .filter(|(_, b)| sniff(b) == Kind::Session(AttributeFormat::Java))
        .map(|(_, b)| decode(&b, &Limits::DEFAULT).expect("decodes").into_owned())
        .collect()
}

/// The corpus's msm-java sessions as packed blobs, without and with a dictionary built from
/// them, each with its codec.
fn packed_corpus() -> Vec<(Compact, Vec<u8>)> {
    let sessions = java_sessions();
    let dictionary = Arc::new(Dictionary::build(sessions.iter()));
    let plain = Compact::new(Format::Packed);
    let with_dictionary = Compact::with_dictionary(Format::Packed, dictionary);
    let mut packed = Vec::new();
    for codec in [plain, with_dictionary] {
        for session in &sessions {
            packed.push((codec.clone(), codec.encode(session).expect("encodes")));
        }
    }
    packed
}

#[test]
fn every_packed_session_reads_the_same_when_its_classes_are_kept() {
    let corpus = packed_corpus();
    for (codec, blob) in &corpus {
        outcome(codec, blob, &Limits::DEFAULT);
    }
    for (codec, blob) in &corpus {
        let first = fresh(codec, blob, Limits::DEFAULT);
        assert!(first.starts_with("Ok("), "{first}");
        assert_eq!(outcome(codec, blob, &Limits::DEFAULT), first);
    }
}

/// A packed blob whose one attribute-stream object is an instance of a class named `name`
/// with one `int` field `v` holding 7.
fn one_object(name: &[u8]) -> Vec<u8> {
    let mut b = b"\xF0JSP\x01".to_vec();
    // Envelope: flags (valid), times, maxInactive, empty id.
    b.extend_from_slice(&[0x02, 0, 0, 0, 0, 0, 0]);
    // One segment: no block data, one object of a new local class (code 0).
    b.extend_from_slice(&[1, 0, 1, 4]);
    b.push(u8::try_from(name.len() * 2).expect("a short name"));
    b.extend_from_slice(name);
    // serialVersionUID, SC_SERIALIZABLE, one field `int v`, no superclass, the value.
    b.extend_from_slice(&[1, 0, 0, 0, 0, 0, 0, 0, 0x02, 1, b'I', 2, b'v', 0, 14]);
    b
}

#[test]
fn a_kept_class_is_read_anew_where_the_stream_allows_shorter_strings() {
    let codec = Compact::new(Format::Packed);
    let blob = one_object(b"com.example.SessionCart");
    assert!(outcome(&codec, &blob, &Limits::DEFAULT).starts_with("Ok("));
    let strict = Limits {
        max_string_bytes: 8,
        ..Limits::DEFAULT
    };
    let first = fresh(&codec, &blob, strict);
    assert!(first.contains("max_string_bytes"), "{first}");
    assert_eq!(outcome(&codec, &blob, &strict), first);
    // At the name's length exactly, the kept class serves.
    let exact = Limits {
        max_string_bytes: 23,
        ..Limits::DEFAULT
    };
    let first = fresh(&codec, &blob, exact);
    assert!(first.starts_with("Ok("), "{first}");
    assert_eq!(outcome(&codec, &blob, &exact), first);
}

#[test]
fn classes_that_differ_only_past_the_key_are_told_apart() {
    // Same name length, the same last eight bytes and serialVersionUID: filed together.
    let codec = Compact::new(Format::Packed);
    let a = one_object(b"a.one.SessionCart");
    let b = one_object(b"b.two.SessionCart");
    for blob in [&a, &b, &a] {
        assert_eq!(
            outcome(&codec, blob, &Limits::DEFAULT),
            fresh(&codec, blob, Limits::DEFAULT)
        );
    }
}

#[test]
fn corrupted_blobs_read_after_their_originals_give_what_a_fresh_thread_gives() {
    let corpus = packed_corpus();
    let mut seed = 0x2545_F491_4F6C_DD1Du64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let small: Vec<_> = corpus.iter().filter(|(_, b)| b.len() < 4096).collect();
    let mut differing = 0;
    for _ in 0..300 {
        let (codec, original) = small[next() as usize % small.len()];
        let mut bad = original.clone();
        let at = 5 + next() as usize % (bad.len() - 5);
        bad[at] ^= 1 << (next() % 8);
        let first = fresh(codec, &bad, Limits::DEFAULT);
        outcome(codec, original, &Limits::DEFAULT);
        assert_eq!(outcome(codec, &bad, &Limits::DEFAULT), first, "byte {at}");
        differing += usize::from(first != outcome(codec, original, &Limits::DEFAULT));
    }
    assert!(differing > 0);
}

#[test]
fn dictionary_classes_are_kept_only_for_the_dictionary_they_came_from() {
    let sessions = java_sessions();
    // Dictionaries made one after another from different sessions number their classes
    // differently, and one dropped leaves its memory to the next: each blob must read as it
    // does on a fresh thread, whatever this thread read with the dictionary before.
    for round in 0..24 {
        let chosen: Vec<_> = sessions
            .iter()
            .enumerate()
            .filter(|(i, _)| (i + round) % 3 != 0)
            .map(|(_, s)| s)
            .collect();
        let skip = round % chosen.len();
        let dictionary = Arc::new(Dictionary::build(chosen.iter().skip(skip).copied()));
        let codec = Compact::with_dictionary(Format::Packed, dictionary);
        for session in chosen.iter().skip(round % 5) {
            let blob = codec.encode(session).expect("encodes");
            let first = fresh(&codec, &blob, Limits::DEFAULT);
            assert!(first.starts_with("Ok("), "{first}");
            assert_eq!(
                outcome(&codec, &blob, &Limits::DEFAULT),
                first,
                "round {round}"
            );
        }
    }
}
