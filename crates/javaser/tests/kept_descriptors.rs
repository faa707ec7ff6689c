//! A thread keeps the class descriptors it has read and rebuilds one whose bytes come again
//! rather than reading it. Property: what a stream decodes to (graph, contents, error) never
//! depends on what the thread read before: the same stream on a fresh thread gives the same.

use jsess_javaser::{decode_prefix, Limits};
use jsess_testkit::hostile::stream;
use proptest::prelude::*;

fn corpus() -> &'static [Vec<u8>] {
    static CORPUS: std::sync::OnceLock<Vec<Vec<u8>>> = std::sync::OnceLock::new();
    CORPUS.get_or_init(jsess_testkit::java_corpus)
}

/// Everything a decode gives, as text to compare.
fn outcome(bytes: &[u8], limits: &Limits) -> String {
    let (stream, error) = decode_prefix(bytes, limits);
    format!("{:?}\n{:?}\n{error:?}", stream.graph, stream.contents)
}

/// The outcome on a thread that has read nothing before.
fn fresh(bytes: &[u8], limits: Limits) -> String {
    let bytes = bytes.to_vec();
    std::thread::spawn(move || outcome(&bytes, &limits))
        .join()
        .expect("decode thread")
}

/// The outcome on this thread after it read `before` (whose descriptors it then keeps).
fn after(before: &[&[u8]], bytes: &[u8], limits: &Limits) -> String {
    for b in before {
        outcome(b, &Limits::DEFAULT);
    }
    outcome(bytes, limits)
}

#[test]
fn every_corpus_stream_reads_the_same_when_its_descriptors_are_kept() {
    for bytes in corpus() {
        let first = fresh(bytes, Limits::DEFAULT);
        assert_eq!(after(&[bytes], bytes, &Limits::DEFAULT), first);
    }
}

/// Appends a class descriptor's start: `TC_CLASSDESC`, the name and the serialVersionUID.
fn class_head(out: &mut Vec<u8>, name: &str, suid: i64) {
    out.push(0x72);
    out.extend_from_slice(
        &u16::try_from(name.len())
            .expect("a short name")
            .to_be_bytes(),
    );
    out.extend_from_slice(name.as_bytes());
    out.extend_from_slice(&suid.to_be_bytes());
}

/// `sr a.Pair` (no superclass) with two `String` fields, the second's type string a reference
/// to handle `second`, then the two field values as nulls. `prefix` comes before it.
fn pair(prefix: &[u8], second: u32) -> Vec<u8> {
    let mut body = prefix.to_vec();
    body.push(0x73);
    class_head(&mut body, "a.Pair", 7);
    body.extend_from_slice(&[0x02, 0, 2]);
    body.extend_from_slice(&[b'L', 0, 1, b'x', 0x74, 0, 18]);
    body.extend_from_slice(b"Ljava/lang/String;");
    body.extend_from_slice(&[b'L', 0, 1, b'y', 0x71]);
    body.extend_from_slice(&second.to_be_bytes());
    body.extend_from_slice(&[0x78, 0x70, 0x70, 0x70]);
    stream(&body)
}

#[test]
fn a_kept_descriptors_references_are_resolved_in_the_stream_at_hand() {
    // First read where the reference is to the descriptor's own first type string (handle 1).
    let own = pair(b"", 0x7E_0001);
    // The same descriptor bytes after a string: handle 1 is now the descriptor itself.
    let after_string = pair(&[0x74, 0, 1, b's'], 0x7E_0001);
    // After an object: handle 1 is the object's class descriptor, not a string.
    let mut object = vec![0x73];
    class_head(&mut object, "a.O", 1);
    object.extend_from_slice(&[0x02, 0, 0, 0x78, 0x70]);
    let after_object = pair(&object, 0x7E_0001);
    // Handle 0 after a string: the string, another string than the type string.
    let other_string = pair(&[0x74, 0, 1, b's'], 0x7E_0000);
    // A handle not yet given.
    let unknown = pair(b"", 0x7E_0009);
    for bytes in [&own, &after_string, &after_object, &other_string, &unknown] {
        assert_eq!(
            after(
                &[&own, &after_string, &other_string],
                bytes,
                &Limits::DEFAULT
            ),
            fresh(bytes, Limits::DEFAULT),
        );
    }
    // The reads that must fail do, with the error a first read gives.
    assert!(fresh(&after_object, Limits::DEFAULT).contains("Some(Error"));
    assert!(fresh(&unknown, Limits::DEFAULT).contains("UnknownHandle"));
}

/// `prefix`, then `sr a.Q` (no superclass) with one field `f` of type `type_name` (a type
/// string's bytes, or none for a primitive `int`), then the field's value: `0` or null.
fn single(prefix: &[u8], type_name: Option<&[u8]>) -> Vec<u8> {
    let mut body = prefix.to_vec();
    body.push(0x73);
    class_head(&mut body, "a.Q", 9);
    body.extend_from_slice(&[0x02, 0, 1]);
    match type_name {
        None => body.extend_from_slice(&[b'I', 0, 1, b'f']),
        Some(t) => {
            body.extend_from_slice(&[b'L', 0, 1, b'f']);
            body.extend_from_slice(t);
        }
    }
    body.extend_from_slice(&[0x78, 0x70]);
    body.extend_from_slice(if type_name.is_none() {
        &[0, 0, 0, 0]
    } else {
        &[0x70]
    });
    stream(&body)
}

#[test]
fn a_kept_descriptor_without_type_strings_of_its_own_is_checked_as_one_with() {
    // No new type string: the node is built whole once the descriptor is kept, which must not
    // change what a first read gives, whether the read's handle limit stops it or its type
    // string refers to handle 0, a string in one stream and the descriptor itself in another.
    let primitive = single(b"", None);
    let reference = [0x71, 0, 0x7E, 0, 0];
    let to_string = single(&[0x74, 0, 1, b'L'], Some(&reference));
    let to_itself = single(b"", Some(&reference));
    let no_handles = Limits {
        max_handles: 0,
        ..Limits::DEFAULT
    };
    for (bytes, limits) in [
        (&primitive, Limits::DEFAULT),
        (&primitive, no_handles),
        (&to_string, Limits::DEFAULT),
        (&to_itself, Limits::DEFAULT),
    ] {
        let first = fresh(bytes, limits);
        let kept = after(&[&primitive, &to_string], bytes, &limits);
        assert_eq!(kept, first, "{limits:?}");
    }
    assert!(fresh(&primitive, Limits::DEFAULT).ends_with("None"));
    assert!(fresh(&to_string, Limits::DEFAULT).ends_with("None"));
    assert!(fresh(&to_itself, Limits::DEFAULT).contains("Some(Error"));
}

#[test]
fn a_kept_descriptor_is_held_to_the_limits_of_the_read_at_hand() {
    let own = pair(b"", 0x7E_0001);
    let tight = [
        Limits {
            max_string_bytes: 17,
            ..Limits::DEFAULT
        },
        Limits {
            max_handles: 1,
            ..Limits::DEFAULT
        },
        Limits {
            max_back_references: 0,
            ..Limits::DEFAULT
        },
        Limits {
            max_depth: 1,
            ..Limits::DEFAULT
        },
    ];
    for limits in tight {
        let first = fresh(&own, limits);
        assert!(first.contains("LimitExceeded"), "{limits:?}: {first}");
        assert_eq!(after(&[&own], &own, &limits), first, "{limits:?}");
    }
}

/// `prefix`, then `sr a.Sub` with a `String` field `x` (a new type string) whose superclass
/// `a.Base` has one field `y` whose type string is a reference to handle `base_type`, then
/// both fields' values as nulls: a chain of two descriptors, kept whole once read.
fn chain(prefix: &[u8], base_type: u32) -> Vec<u8> {
    let mut body = prefix.to_vec();
    body.push(0x73);
    class_head(&mut body, "a.Sub", 3);
    body.extend_from_slice(&[0x02, 0, 1, b'L', 0, 1, b'x', 0x74, 0, 18]);
    body.extend_from_slice(b"Ljava/lang/String;");
    body.push(0x78);
    class_head(&mut body, "a.Base", 4);
    body.extend_from_slice(&[0x02, 0, 1, b'L', 0, 1, b'y', 0x71]);
    body.extend_from_slice(&base_type.to_be_bytes());
    body.extend_from_slice(&[0x78, 0x70, 0x70, 0x70]);
    stream(&body)
}

#[test]
fn a_kept_chain_is_rebuilt_as_reading_builds_it() {
    // The superclass's type string refers back to the class's (handle 1), to a string before
    // the chain (handle 0 after a string), to the class's own descriptor (handle 0 with
    // nothing before: not a string) or to the superclass's descriptor (handle 2), in each
    // stream as reading it there resolves the handle.
    let own = chain(b"", 0x7E_0001);
    let before = chain(&[0x74, 0, 1, b's'], 0x7E_0000);
    let shifted = chain(&[0x74, 0, 1, b's'], 0x7E_0001);
    let to_class = chain(b"", 0x7E_0000);
    let to_itself = chain(b"", 0x7E_0002);
    let tight = [
        Limits::DEFAULT,
        Limits {
            max_handles: 2,
            ..Limits::DEFAULT
        },
        Limits {
            max_depth: 2,
            ..Limits::DEFAULT
        },
        Limits {
            max_depth: 3,
            ..Limits::DEFAULT
        },
        Limits {
            max_back_references: 0,
            ..Limits::DEFAULT
        },
    ];
    for bytes in [&own, &before, &shifted, &to_class, &to_itself] {
        for limits in tight {
            let first = fresh(bytes, limits);
            let kept = after(&[&own, &before, &shifted], bytes, &limits);
            assert_eq!(kept, first, "{limits:?}");
        }
    }
    // Reads that must succeed do, and those that must fail do, with a first read's error.
    for bytes in [&own, &before] {
        assert!(fresh(bytes, Limits::DEFAULT).ends_with("None"));
    }
    for bytes in [&shifted, &to_class, &to_itself] {
        assert!(fresh(bytes, Limits::DEFAULT).contains("WrongHandleKind"));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// A corrupted stream read after the stream it came from (whose descriptors the thread
    /// then keeps, so the corruption lands in or around kept ones) reads as on a fresh thread.
    #[test]
    fn a_corrupted_stream_reads_the_same_after_its_original(
        index in any::<prop::sample::Index>(),
        at in any::<prop::sample::Index>(),
        byte in any::<u8>(),
        cut in any::<bool>(),
    ) {
        let original = index.get(corpus());
        let mut bytes = original.clone();
        let i = at.index(bytes.len());
        if cut {
            bytes.truncate(i);
        } else {
            bytes[i] = byte;
        }
        prop_assert_eq!(
            after(&[original], &bytes, &Limits::DEFAULT),
            fresh(&bytes, Limits::DEFAULT)
        );
    }
}
