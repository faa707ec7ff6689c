//! Writes the `packed` twin of every msm session of `corpora/msm`, with the corpus's class
//! dictionary, into a directory (`fuzz/seed.sh` seeds the `compact_packed_dict` target with
//! them: blobs naming another dictionary are refused before the reader sees them).
//!
//! ```sh
//! cargo run -p jsess-fuzzing --example packed_dict_twins -- fuzz/corpus/compact_packed_dict
//! ```

use std::sync::Arc;

use jsess_codecs::{Compact, Format};
use jsess_javaser::Limits;
use jsess_model::Codec;

fn main() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let out = std::path::PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| ".".into()));
    std::fs::create_dir_all(&out)?;
    let dictionary = Arc::clone(jsess_fuzzing::corpus_dictionary());
    let codec = Compact::with_dictionary(Format::Packed, dictionary);
    for (name, bytes) in jsess_testkit::corpus() {
        if let Ok(session) = jsess_msm::decode(&bytes, &Limits::DEFAULT) {
            std::fs::write(out.join(format!("{name}.packed")), codec.encode(&session)?)?;
        }
    }
    Ok(())
}
