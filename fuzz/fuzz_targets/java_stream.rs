//! Any bytes: decoding never panics; whatever decodes re-encodes to exactly the same bytes and
//! renders as JSON.
#![no_main]

use jsess_javaser::{decode, encode, json::stream_to_json, Limits};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(stream) = decode(data, &Limits::DEFAULT) {
        let _ = stream_to_json(&stream);
        let bytes = encode(&stream).expect("a decoded stream always encodes");
        assert_eq!(bytes, data, "re-encoding differs");
    }
});
