//! Moving msm sessions into another session manager's layout: one hash field per attribute,
//! the values in Java serialization (Redisson's `SerializationCodec`, Spring Session) or in
//! Redisson's `Kryo5Codec`, per session class; and back from Redisson's hash to msm.
//!
//! `cargo bench -p jsess-benches --bench layouts`

// `criterion_group!` generates a public function with no documentation.
#![allow(missing_docs)]

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use jsess_benches::{corpora_dir, load};
use jsess_classpath::Schemas;
use jsess_javaser::Limits;
use jsess_layouts::convert::{from_msm_in, to_msm, Allow};
use jsess_layouts::{redisson, spring, ValueCodec};

/// Session classes: small, typical (application classes), authenticated with a saved request.
const CLASSES: &[(&str, &str)] = &[
    ("small", "example_v2"),
    ("typical", "camunda"),
    ("typical", "ecommerce"),
    ("form-login", "form_login_accepted"),
];

fn bench(c: &mut Criterion) {
    let mut schemas = Schemas::new();
    let jar = corpora_dir().join("kryo/app-classes.jar");
    schemas
        .add_classpath(jar.to_str().expect("utf-8 path"))
        .expect("app-classes.jar reads");
    let allow = Allow {
        lost_login: true,
        split_shared: true,
    };
    let corpus = load("msm", "bin");
    for (class, name) in CLASSES {
        let Some((_, bytes)) = corpus.iter().find(|(n, _)| n == name) else {
            continue;
        };
        let session = jsess_msm::decode(bytes, &Limits::DEFAULT).expect("msm-java");
        let mut group = c.benchmark_group(format!("{class}/{name}"));
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        let targets = [
            ("redisson-java", redisson::LAYOUT, ValueCodec::Java),
            ("redisson-kryo5", redisson::LAYOUT, ValueCodec::Kryo5),
            ("spring-session", spring::LAYOUT, ValueCodec::Java),
        ];
        for (target, layout, codec) in targets {
            let Ok(moved) = from_msm_in(&session, layout, codec, allow, &schemas, &Limits::DEFAULT)
            else {
                eprintln!("{class}/{name}: not moved to {target}");
                continue;
            };
            group.bench_function(format!("from-msm/{target}"), |b| {
                b.iter(|| {
                    from_msm_in(
                        black_box(&session),
                        layout,
                        codec,
                        allow,
                        &schemas,
                        &Limits::DEFAULT,
                    )
                    .map(|c| c.value.attributes.len())
                })
            });
            if target == "redisson-java" {
                group.bench_function("to-msm/redisson-java", |b| {
                    b.iter(|| to_msm(black_box(&moved.value), &Limits::DEFAULT).map(|c| c.dropped))
                });
            }
        }
        group.finish();
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(1));
    targets = bench
}
criterion_main!(benches);
