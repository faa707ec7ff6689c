//! `jsess audit` on any bytes: no panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    jsess_fuzzing::audit(data);
});
