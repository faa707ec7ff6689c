//! `encode_strings_unshared`: a stream written with every string in full, so that two graphs
//! that differ only in which equal strings are one object write the same bytes.

use jsess_javaser::json::stream_to_json;
use jsess_javaser::{decode, encode, encode_strings_unshared, Limits, WriteError};

const MAGIC: [u8; 4] = [0xac, 0xed, 0x00, 0x05];

fn string(value: &str) -> Vec<u8> {
    let mut out = vec![0x74];
    out.extend_from_slice(&(value.len() as u16).to_be_bytes());
    out.extend_from_slice(value.as_bytes());
    out
}

/// `TC_REFERENCE` to the `n`th handle of the stream.
fn reference(n: u32) -> Vec<u8> {
    let mut out = vec![0x71];
    out.extend_from_slice(&(0x7e_0000 + n).to_be_bytes());
    out
}

fn stream(items: &[Vec<u8>]) -> Vec<u8> {
    let mut out = MAGIC.to_vec();
    for item in items {
        out.extend_from_slice(item);
    }
    out
}

#[test]
fn shared_and_apart_strings_write_the_same_bytes() {
    // "GB", "x", "GB" again by reference / "GB", "x", another "GB".
    let shared = stream(&[string("GB"), string("x"), reference(0)]);
    let apart = stream(&[string("GB"), string("x"), string("GB")]);
    let shared = decode(&shared, &Limits::DEFAULT).expect("decodes");
    let apart = decode(&apart, &Limits::DEFAULT).expect("decodes");
    assert_ne!(
        encode(&shared),
        encode(&apart),
        "the plain writer keeps the sharing"
    );
    let unshared = encode_strings_unshared(&shared, 1 << 20).expect("writes");
    assert_eq!(
        unshared,
        encode_strings_unshared(&apart, 1 << 20).expect("writes")
    );
    // What it wrote is a stream of the same values: strings are values in the JSON view.
    assert_eq!(unshared, encode(&apart).expect("writes"));
    let again = decode(&unshared, &Limits::DEFAULT).expect("decodes");
    assert_eq!(stream_to_json(&again), stream_to_json(&shared));
}

#[test]
fn other_strings_still_differ() {
    let one = stream(&[string("GB"), reference(0)]);
    let other = stream(&[string("GB"), string("FR")]);
    let one = decode(&one, &Limits::DEFAULT).expect("decodes");
    let other = decode(&other, &Limits::DEFAULT).expect("decodes");
    assert_ne!(
        encode_strings_unshared(&one, 1 << 20).expect("writes"),
        encode_strings_unshared(&other, 1 << 20).expect("writes")
    );
}

#[test]
fn a_string_shared_many_times_stops_at_the_cap() {
    // One 1,000-byte string and 1,000 references to it: 5 KB as written, 1 MB in full.
    let long = "s".repeat(1_000);
    let mut items = vec![string(&long)];
    items.extend((0..1_000).map(|_| reference(0)));
    let bytes = stream(&items);
    let shared = decode(&bytes, &Limits::DEFAULT).expect("decodes");
    assert!(matches!(
        encode_strings_unshared(&shared, 100_000),
        Err(WriteError::OverBudget { cap: 100_000 })
    ));
    let full = encode_strings_unshared(&shared, 2_000_000).expect("within the cap");
    assert_eq!(full.len(), 4 + 1_001 * (3 + 1_000));
}
