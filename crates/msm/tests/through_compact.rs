//! Every Kryo and XStream session real msm wrote (`corpora/kryo`, `corpora/xstream`) goes
//! through the compact formats and back to its own bytes: what a format reads, the compact
//! layout keeps, down to the choices only its writer made.

use std::path::PathBuf;
use std::sync::Arc;

use jsess_classpath::Schemas;
use jsess_codecs::{Compact, Format};
use jsess_model::{Codec, Limits};
use jsess_msm::{Descriptors, MsmKryo, MsmXStream};

fn corpus(dir: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../corpora")
        .join(dir)
}

fn layouts() -> Arc<Schemas> {
    let mut layouts = Schemas::new();
    let jar = corpus("kryo").join("app-classes.jar");
    layouts
        .add_classpath(jar.to_str().expect("utf-8 path"))
        .expect("app-classes.jar reads");
    Arc::new(layouts)
}

fn blobs(dir: &str) -> Vec<(String, Vec<u8>)> {
    let mut blobs: Vec<(String, Vec<u8>)> = std::fs::read_dir(corpus(dir))
        .expect("corpus")
        .filter_map(|e| {
            let path = e.ok()?.path();
            (path.extension()? == "bin").then(|| {
                let name = path
                    .file_stem()
                    .expect("stem")
                    .to_string_lossy()
                    .into_owned();
                (name, std::fs::read(&path).expect("blob"))
            })
        })
        .collect();
    blobs.sort();
    blobs
}

/// Round trips every blob of `dir` that `codec` reads; returns how many.
fn round_trip(dir: &str, codec: &dyn Codec, failures: &mut Vec<String>) -> usize {
    let limits = Limits::DEFAULT;
    let mut read = 0;
    for (name, bytes) in blobs(dir) {
        let Ok(session) = codec.decode(&bytes, &limits) else {
            continue;
        };
        read += 1;
        for format in [
            Format::Postcard,
            Format::Json,
            Format::MessagePack,
            Format::Bincode,
        ] {
            let compact = Compact::new(format);
            let back = compact
                .encode(&session)
                .map_err(|e| e.to_string())
                .and_then(|blob| {
                    let s = compact.decode(&blob, &limits).map_err(|e| e.to_string())?;
                    codec.encode(&s).map_err(|e| e.to_string())
                });
            match back {
                Ok(again) if again == bytes => {}
                Ok(_) => failures.push(format!(
                    "{dir}/{name} through {}: other bytes",
                    format.name()
                )),
                Err(e) => failures.push(format!("{dir}/{name} through {}: {e}", format.name())),
            }
        }
    }
    read
}

#[test]
fn kryo_and_xstream_sessions_go_through_every_compact_format_and_back_byte_for_byte() {
    let mut failures = Vec::new();
    let kryo = round_trip("kryo", &MsmKryo::new(layouts()), &mut failures);
    let xstream = round_trip(
        "xstream",
        &MsmXStream::new(Arc::new(Descriptors::default()), layouts()),
        &mut failures,
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!((kryo, xstream), (53, 45));
}
