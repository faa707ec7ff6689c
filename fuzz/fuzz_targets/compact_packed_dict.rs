//! A packed blob written with the msm corpus's class dictionary: no panic; what decodes
//! re-encodes stably.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    jsess_fuzzing::packed_with_dictionary(data);
});
