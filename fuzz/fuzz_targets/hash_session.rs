//! A Spring Session or Redisson session hash from any key and fields (`u16`-framed): no panic,
//! what reads writes back and converts.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    jsess_fuzzing::hash_session(data);
});
