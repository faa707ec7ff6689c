//! Java-stream decoding: jsess beside jaded 0.5 on the same corpus bytes.
//!
//! `cargo bench -p jsess-benches --bench java_decode`. Throughput is in bytes of Java stream.
//! jaded is measured only on the files it decodes completely (it fails on several ordinary JDK
//! streams, see docs/benchmarks-java.md).

// `criterion_group!` generates a public function with no documentation.
#![allow(missing_docs)]

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, Criterion, Throughput};
use jsess_benches::load;
use jsess_javaser::{decode, encode, Limits};

/// Representative sessions: small, typical, with custom writeObject data, large.
const CASES: &[&str] = &[
    "hashmap",
    "session_camunda",
    "session_tomcat_login",
    "session_ecommerce",
    "custom_writeobject_3000_bytes",
    "string_long_70000",
];

fn jaded_decode(bytes: &[u8]) -> Result<usize, jaded::JavaError> {
    let mut parser = jaded::Parser::new(bytes)?;
    let mut count = 0;
    loop {
        match parser.read() {
            Ok(content) => {
                black_box(content);
                count += 1;
            }
            Err(jaded::StreamError::EndOfStream(_)) => return Ok(count),
            Err(e) => return Err(e.into()),
        }
    }
}

/// Set to a file path, the bench binary only probes jaded on that file (exit 0 when jaded reads
/// it completely). jaded overflows its stack on self-referencing collections, which would take
/// the whole bench down, so each file is probed in a child process.
const PROBE_ENV: &str = "JSESS_BENCH_JADED_PROBE";

fn jaded_reads_all(name: &str) -> bool {
    let Ok(exe) = std::env::current_exe() else {
        return false;
    };
    let path = jsess_benches::corpora_dir()
        .join("java")
        .join(format!("{name}.ser"));
    std::process::Command::new(exe)
        .env(PROBE_ENV, path)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

fn jsess_decode(bytes: &[u8]) -> usize {
    decode(bytes, &Limits::DEFAULT)
        .map(|s| s.contents.len())
        .unwrap_or(0)
}

fn bench(c: &mut Criterion) {
    let corpus = load("java", "ser");
    let decodable: Vec<&(String, Vec<u8>)> = corpus
        .iter()
        .filter(|(_, bytes)| decode(bytes, &Limits::DEFAULT).is_ok())
        .collect();
    let jaded_ok: Vec<&(String, Vec<u8>)> = decodable
        .iter()
        .copied()
        .filter(|(n, _)| jaded_reads_all(n))
        .collect();

    let mut group = c.benchmark_group("java_decode");
    for (name, bytes) in corpus.iter().filter(|(n, _)| CASES.contains(&n.as_str())) {
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_function(format!("jsess/{name}"), |b| {
            b.iter(|| jsess_decode(black_box(bytes)))
        });
        if jaded_reads_all(name) {
            group.bench_function(format!("jaded/{name}"), |b| {
                b.iter(|| jaded_decode(black_box(bytes)))
            });
        }
    }
    // The whole corpus jaded can read, for both decoders.
    let total: usize = jaded_ok.iter().map(|(_, b)| b.len()).sum();
    group.throughput(Throughput::Bytes(total as u64));
    group.bench_function(
        format!("jsess/corpus-jaded-reads ({} files)", jaded_ok.len()),
        |b| {
            b.iter(|| {
                jaded_ok
                    .iter()
                    .map(|(_, bytes)| jsess_decode(black_box(bytes)))
                    .sum::<usize>()
            })
        },
    );
    group.bench_function(
        format!("jaded/corpus-jaded-reads ({} files)", jaded_ok.len()),
        |b| {
            b.iter(|| {
                jaded_ok
                    .iter()
                    .map(|(_, bytes)| jaded_decode(black_box(bytes)).unwrap_or(0))
                    .sum::<usize>()
            })
        },
    );
    let all: usize = decodable.iter().map(|(_, b)| b.len()).sum();
    group.throughput(Throughput::Bytes(all as u64));
    group.bench_function(
        format!("jsess/corpus-all ({} files)", decodable.len()),
        |b| {
            b.iter(|| {
                decodable
                    .iter()
                    .map(|(_, bytes)| jsess_decode(black_box(bytes)))
                    .sum::<usize>()
            })
        },
    );
    group.finish();

    let streams: Vec<_> = decodable
        .iter()
        .filter_map(|(_, b)| decode(b, &Limits::DEFAULT).ok())
        .collect();
    let mut group = c.benchmark_group("java_encode");
    group.throughput(Throughput::Bytes(all as u64));
    group.bench_function(format!("jsess/corpus-all ({} files)", streams.len()), |b| {
        b.iter(|| {
            streams
                .iter()
                .map(|s| encode(black_box(s)).map(|v| v.len()).unwrap_or(0))
                .sum::<usize>()
        })
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .sample_size(30);
    targets = bench
}
fn main() {
    if let Some(path) = std::env::var_os(PROBE_ENV) {
        let ok = std::fs::read(path).is_ok_and(|bytes| jaded_decode(&bytes).is_ok());
        std::process::exit(if ok { 0 } else { 1 });
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}
