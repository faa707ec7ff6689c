//! An msm blob: no panic; what decodes re-encodes byte-identically and survives a compact round trip.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    jsess_fuzzing::msm_blob(data);
});
