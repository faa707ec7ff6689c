//! An msm blob with XStream, Javolution or FlexJSON attributes: no panic; what decodes writes
//! as Java, and what jsess writes in the same format reads back and writes the same bytes again.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    jsess_fuzzing::text_blob(data);
});
