//! The packed layout on real sessions: every JDK-written session packs (no session falls back
//! to the wire layout), every one comes back byte for byte, and hostile changes to packed
//! blobs get errors.

use std::sync::Arc;

use jsess_codecs::{packed_departure, Compact, Dictionary, Format};
use jsess_javaser::Limits;
use jsess_model::{Codec, Session};
use jsess_msm::{decode, encode, sniff, AttributeFormat, Kind};

/// The msm corpus's sessions written by msm's Java transcoder.
fn java_sessions() -> Vec<(String, Vec<u8>)> {
    jsess_testkit::corpus()
        .into_iter()
        .filter(|(_, b)| sniff(b) == Kind::Session(AttributeFormat::Java))
        .collect()
}

fn sessions(blobs: &[(String, Vec<u8>)]) -> Vec<(&str, &[u8], Session<'_>)> {
    blobs
        .iter()
        .map(|(n, b)| {
            (
                n.as_str(),
                b.as_slice(),
                decode(b, &Limits::DEFAULT).expect("decodes"),
            )
        })
        .collect()
}

#[test]
fn every_jdk_written_session_packs_and_comes_back_byte_for_byte() {
    let blobs = java_sessions();
    let sessions = sessions(&blobs);
    let dictionary = Arc::new(Dictionary::build(sessions.iter().map(|(_, _, s)| s)));
    let mut departures = Vec::new();
    for dict in [None, Some(Arc::clone(&dictionary))] {
        let codec = match &dict {
            Some(d) => Compact::with_dictionary(Format::Packed, Arc::clone(d)),
            None => Compact::new(Format::Packed),
        };
        for (name, original, session) in &sessions {
            if let Some(why) = packed_departure(session, dict.as_deref()) {
                departures.push(format!("{name}: {why}"));
            }
            let blob = codec.encode(session).expect("encodes");
            let back = codec.decode(&blob, &Limits::DEFAULT).expect("decodes");
            assert!(
                encode(&back).expect("re-encodes") == *original,
                "{name} changed"
            );
            eprintln!(
                "{name}: {} -> {} bytes (dictionary: {})",
                original.len(),
                blob.len(),
                dict.is_some()
            );
        }
    }
    // The one corpus session whose Java writer aborted (a TC_EXCEPTION in the stream) is the
    // only one kept in the wire layout, with and without the dictionary.
    let expected = ["not_serializable_marker: a reset or an aborted write"; 2];
    assert_eq!(departures, expected);
}

#[test]
fn hostile_changes_to_packed_blobs_get_errors_not_panics() {
    let blobs = java_sessions();
    let sessions = sessions(&blobs);
    let dictionary = Arc::new(Dictionary::build(sessions.iter().map(|(_, _, s)| s)));
    let codec = Compact::with_dictionary(Format::Packed, dictionary);
    let mut seed = 0x9E37_79B9_7F4A_7C15u64;
    let mut rejected = 0;
    for (_, original, session) in sessions.iter().filter(|(_, b, _)| b.len() < 4096) {
        let blob = codec.encode(session).expect("encodes");
        for cut in 0..blob.len() {
            let _ = codec.decode(&blob[..cut], &Limits::DEFAULT);
        }
        for _ in 0..200 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let mut bad = blob.clone();
            let at = 5 + (seed as usize) % (bad.len() - 5);
            bad[at] ^= 1 << ((seed >> 32) % 8);
            match codec.decode(&bad, &Limits::DEFAULT) {
                Err(_) => rejected += 1,
                // A change that still decodes is another valid session; it must encode again.
                Ok(s) => {
                    let _ = encode(&s);
                }
            }
        }
        let _ = original;
    }
    assert!(rejected > 0);
}

/// A packed blob nesting `depth` objects of one class `A { Object f; }`.
fn nested_blob(depth: usize) -> Vec<u8> {
    let mut b = b"\xF0JSP\x01".to_vec();
    // Envelope: flags (valid), times, maxInactive, empty id.
    b.extend_from_slice(&[0x02, 0, 0, 0, 0, 0, 0]);
    // One segment: no block data, one object.
    b.extend_from_slice(&[1, 0, 1]);
    // A new local class (code 0): name "A", serialVersionUID, flags, one field `Object f`.
    b.extend_from_slice(&[
        4, 2, b'A', 1, 0, 0, 0, 0, 0, 0, 0, 0x02, 1, b'L', 2, b'f', 36,
    ]);
    b.extend_from_slice(b"Ljava/lang/Object;");
    b.push(0);
    // Every field holds another A (class 0), the last null.
    b.extend(std::iter::repeat_n(4u8, depth - 1));
    b.push(0);
    b
}

#[test]
fn deep_nesting_is_bounded_by_the_limits_not_the_stack() {
    let codec = Compact::new(Format::Packed);
    let small = nested_blob(3);
    let shallow = codec.decode(&small, &Limits::DEFAULT).expect("decodes");
    assert_eq!(
        shallow.attributes.graph.len(),
        5,
        "class, type string, three objects"
    );
    let err = codec
        .decode(&nested_blob(200_000), &Limits::DEFAULT)
        .expect_err("too deep");
    assert!(err.to_string().contains("max_depth"), "{err}");
    let big = nested_blob(200_000);
    let deep = codec.decode(&big, &Limits::NONE).expect("decodes");
    assert_eq!(deep.attributes.graph.len(), 200_002);
    let again = codec.encode(&deep).expect("encodes");
    assert_eq!(again, big);
}
