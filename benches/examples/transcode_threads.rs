//! The CPU side of a migration without Redis: every thread transcodes the same sessions to a
//! format again and again, all sharing one `Options` (and so one set of codecs and what they
//! learn about classes), as `jsess migrate`'s workers do. Prints sessions per second over all
//! threads and wall time per session on each thread; running it with 1 and with 2 threads shows
//! what the threads cost each other (shared caches, locks, the allocator).
//!
//! ```sh
//! cargo run --release -p jsess-benches --example transcode_threads -- \
//!     THREADS PASSES FORMAT DIR [CLASSPATH]
//! ```
//!
//! `DIR` holds msm blobs (`*.bin`); as `benches/redis/migrate.sh` loads a store, only those of
//! 100 B to 2 KB that transcode to `FORMAT` are used.

use std::error::Error;
use std::hint::black_box;
use std::time::Instant;

/// The allocator the `jsess` binary uses.
#[global_allocator]
static ALLOCATOR: jsess::MiMalloc = jsess::MiMalloc;

fn main() -> Result<(), Box<dyn Error + Send + Sync>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [threads, passes, format, dir, rest @ ..] = args.as_slice() else {
        return Err("usage: transcode_threads THREADS PASSES FORMAT DIR [CLASSPATH]".into());
    };
    let threads: usize = threads.parse()?;
    let passes: usize = passes.parse()?;
    let mut options = jsess::Options::new();
    if let Some(classpath) = rest.first() {
        options.classpath(classpath)?;
    }
    let mut blobs = Vec::new();
    let mut paths: Vec<_> = std::fs::read_dir(dir)?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()?;
    paths.sort();
    for path in paths
        .iter()
        .filter(|p| p.extension().is_some_and(|x| x == "bin"))
    {
        let bytes = std::fs::read(path)?;
        if (100..=2048).contains(&bytes.len()) && jsess::transcode(&bytes, format, &options).is_ok()
        {
            blobs.push(bytes);
        }
    }
    if blobs.is_empty() {
        return Err(format!("no session in {dir} of 100 B to 2 KB transcodes to {format}").into());
    }
    let start = Instant::now();
    std::thread::scope(|s| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                s.spawn(|| -> Result<(), jsess::Error> {
                    for _ in 0..passes {
                        for blob in &blobs {
                            black_box(jsess::transcode(blob, format, &options)?);
                        }
                    }
                    Ok(())
                })
            })
            .collect();
        workers.into_iter().try_for_each(|w| {
            w.join()
                .map_err(|_| "a worker panicked")?
                .map_err(Into::into)
        })
    })
    .map_err(|e: Box<dyn Error + Send + Sync>| e)?;
    let elapsed = start.elapsed().as_secs_f64();
    let sessions = (threads * passes * blobs.len()) as f64;
    println!(
        "{} sessions x {passes} passes on {threads} threads to {format}: {:.0} sessions/s, \
         {:.2} µs wall per session on each thread",
        blobs.len(),
        sessions / elapsed,
        elapsed * 1e6 * threads as f64 / sessions
    );
    Ok(())
}
