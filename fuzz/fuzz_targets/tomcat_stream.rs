//! A Tomcat session stream: no panic; what reads writes back byte-identically.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    jsess_fuzzing::tomcat_stream(data);
});
