//! An msm blob with Kryo attributes: no panic; what decodes writes as Java and as stable Kryo.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    jsess_fuzzing::kryo_blob(data);
});
