//! A Java serialization stream: no panic; what decodes re-encodes byte-identically.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    jsess_fuzzing::java_stream(data);
});
