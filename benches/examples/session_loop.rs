//! One session, one operation, in a loop: what `benches/instructions.sh` runs under callgrind
//! to count the instructions an operation takes per session. Counts, unlike timings on a shared
//! machine, are the same from one run to the next (within about 1%: hash tables are seeded at
//! random), so a change of a few percent shows.
//!
//! ```sh
//! cargo run --release -p jsess-benches --example session_loop -- OP FORMAT FILE PASSES [CLASSPATH]
//! ```
//!
//! `OP` is `decode` (FILE in FORMAT), `encode` (FILE decoded as msm-java, written as FORMAT),
//! `redecode` (FILE decoded as msm-java and written as FORMAT once, that blob decoded: a
//! format's decode without a file of it) or `transcode` (FILE to FORMAT, with the verification
//! `jsess convert` and `jsess migrate` make).
//! With `DICTIONARY=FILE` in the environment (a `jsess dictionary` file), the compact formats
//! read and write with that dictionary.

use std::error::Error;
use std::hint::black_box;

/// The allocator the `jsess` binary uses, so that counts are of what it runs.
#[global_allocator]
static ALLOCATOR: jsess::MiMalloc = jsess::MiMalloc;

fn main() -> Result<(), Box<dyn Error + Send + Sync>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [op, format, file, passes, rest @ ..] = args.as_slice() else {
        return Err("usage: session_loop OP FORMAT FILE PASSES [CLASSPATH]".into());
    };
    let passes: usize = passes.parse()?;
    let bytes = std::fs::read(file)?;
    let mut options = jsess::Options::new();
    if let Some(classpath) = rest.first() {
        options.classpath(classpath)?;
    }
    if let Some(path) = std::env::var_os("DICTIONARY") {
        options = options.dictionary_file(std::path::Path::new(&path))?;
    }
    let limits = *options.get_limits();
    let codec = jsess::codec(format, &options)?;
    match op.as_str() {
        "decode" => {
            for _ in 0..passes {
                black_box(codec.decode(&bytes, &limits)?);
            }
        }
        "encode" => {
            let session = jsess::codec("msm-java", &options)?.decode(&bytes, &limits)?;
            for _ in 0..passes {
                black_box(codec.encode(&session)?);
            }
        }
        "redecode" => {
            let session = jsess::codec("msm-java", &options)?.decode(&bytes, &limits)?;
            let blob = codec.encode(&session)?;
            for _ in 0..passes {
                black_box(codec.decode(&blob, &limits)?);
            }
        }
        "transcode" => {
            for _ in 0..passes {
                black_box(jsess::transcode(&bytes, format, &options)?);
            }
        }
        other => return Err(format!("unknown operation {other:?}").into()),
    }
    Ok(())
}
