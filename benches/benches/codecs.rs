//! Every session format on sessions of each class: decode and encode throughput (bytes of the
//! msm-java input, so formats compare per session) and the encoded size (printed once).
//!
//! `cargo bench -p jsess-benches --bench codecs`

// `criterion_group!` generates a public function with no documentation.
#![allow(missing_docs)]

use std::hint::black_box;
use std::sync::Arc;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use jsess_benches::load;
use jsess_codecs::Dictionary;
use jsess_javaser::Limits;
use jsess_model::{Codec, Session};

/// Session classes: small, typical, authenticated with a saved request, many attributes, large.
const CLASSES: &[(&str, &str)] = &[
    ("small", "example_v2"),
    ("typical", "camunda"),
    ("typical", "ecommerce"),
    ("form-login", "form_login_saved_post"),
    ("many-attributes", "many_attributes_500"),
    ("large", "large_1mb"),
];
const FORMATS: &[&str] = &[
    "msm-java",
    "bincode",
    "msgpack",
    "postcard",
    "json",
    "postcard+dict",
    "packed",
    "packed+dict",
];

fn codec(name: &str, dictionary: &Arc<Dictionary>) -> Box<dyn Codec> {
    let (base, dict) = match name.strip_suffix("+dict") {
        Some(base) => (base, Some(Arc::clone(dictionary))),
        None => (name, None),
    };
    jsess_msm::codec(base, dict).expect("known format")
}

fn bench(c: &mut Criterion) {
    let corpus = load("msm", "bin");
    let sessions: Vec<(String, Vec<u8>, Session<'static>)> = corpus
        .into_iter()
        .filter_map(|(name, bytes)| {
            let session = jsess_msm::decode(&bytes, &Limits::DEFAULT)
                .ok()?
                .into_owned();
            Some((name, bytes, session))
        })
        .collect();
    let dictionary = Arc::new(Dictionary::build(sessions.iter().map(|(_, _, s)| s)));
    for (class, name) in CLASSES {
        let Some((_, msm_bytes, session)) = sessions.iter().find(|(n, _, _)| n == name) else {
            continue;
        };
        let mut group = c.benchmark_group(format!("{class}/{name}"));
        group.throughput(Throughput::Bytes(msm_bytes.len() as u64));
        for format in FORMATS {
            let codec = codec(format, &dictionary);
            let encoded = codec.encode(session).expect("encodes");
            eprintln!(
                "size {class}/{name} {format}: {} bytes (msm-java {})",
                encoded.len(),
                msm_bytes.len()
            );
            group.bench_function(format!("decode/{format}"), |b| {
                b.iter(|| {
                    codec
                        .decode(black_box(&encoded), &Limits::DEFAULT)
                        .map(|s| s.attributes.graph.len())
                })
            });
            group.bench_function(format!("encode/{format}"), |b| {
                b.iter(|| codec.encode(black_box(session)).map(|v| v.len()))
            });
        }
        group.finish();
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(1))
        .sample_size(20);
    targets = bench
}
criterion_main!(benches);
