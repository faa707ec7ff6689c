//! A packed compact blob: no panic; what decodes re-encodes stably.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    jsess_fuzzing::compact(jsess_codecs::Format::Packed, data);
});
