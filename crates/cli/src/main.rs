//! # jsess
//!
//! The command line for Java web sessions: `jsess inspect` shows what a blob holds,
//! `jsess convert` re-encodes one blob or a directory of them, `jsess dictionary` derives the
//! shared class dictionary the compact formats can use. Format logic lives in the library crates; this crate parses
//! arguments, reads and writes files, and turns errors into one line on stderr and an exit code
//! (0 ok, 1 input rejected, 2 usage error, 3 audit findings). `jsess scan`, `migrate` and
//! `rollback` work on stores (a directory of values, Redis, Redis Cluster) through jsess-store.

mod audit;
mod bench;
mod cli;
mod convert;
mod dictionary;
mod inspect;
mod migrate;
mod rollback;
mod scan;
mod schema;
mod tree;

use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context;
use clap::Parser;
use jsess_codecs::Dictionary;

/// Stack for the worker thread. Graph walks grow their own stack segments; this covers the
/// JSON serializer on views as deep as the configured nesting limit allows.
const WORKER_STACK: usize = 1 << 30;

fn main() -> ExitCode {
    let args = cli::Args::parse();
    let worker = std::thread::Builder::new()
        .name("jsess".into())
        .stack_size(WORKER_STACK)
        .spawn(move || match args.command {
            cli::Command::Inspect(a) => inspect::run(&a).map(|()| ExitCode::SUCCESS),
            cli::Command::Convert(a) => convert::run(&a).map(|()| ExitCode::SUCCESS),
            cli::Command::Dictionary(a) => dictionary::run(&a).map(|()| ExitCode::SUCCESS),
            cli::Command::Audit(a) => audit::run(&a),
            cli::Command::Bench(a) => bench::run(&a),
            cli::Command::Scan(a) => scan::run(&a),
            cli::Command::Schema(cli::SchemaCommand::Export(a)) => {
                schema::export(&a).map(|()| ExitCode::SUCCESS)
            }
            cli::Command::Migrate(a) => migrate::run(&a),
            cli::Command::Rollback(a) => rollback::run(&a),
        });
    let result = match worker.map(|handle| handle.join()) {
        Ok(Ok(result)) => result,
        Ok(Err(_)) => Err(anyhow::anyhow!("internal error (please report this input)")),
        Err(e) => Err(anyhow::anyhow!("cannot start worker thread: {e}")),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("jsess: {error:#}");
            ExitCode::from(1)
        }
    }
}

/// Class descriptors from Java-serialized sessions (files, or every file under directories):
/// what XML and JSON formats need to rebuild application objects.
pub fn load_schema(paths: &[std::path::PathBuf]) -> anyhow::Result<Arc<jsess_msm::Schema>> {
    let mut schema = jsess_msm::Schema::new();
    for path in paths {
        let files = if path.is_dir() {
            convert::files_under(path)?
        } else {
            vec![path.clone()]
        };
        let mut found = 0;
        for file in files {
            let bytes =
                std::fs::read(&file).with_context(|| format!("reading {}", file.display()))?;
            let graph = match jsess_msm::sniff(&bytes) {
                jsess_msm::Kind::Session(jsess_msm::AttributeFormat::Java) => {
                    jsess_msm::decode(&bytes, &jsess_javaser::Limits::DEFAULT)
                        .ok()
                        .map(|s| s.attributes.graph.into_owned())
                }
                jsess_msm::Kind::JavaStream => {
                    jsess_javaser::decode(&bytes, &jsess_javaser::Limits::DEFAULT)
                        .ok()
                        .map(|s| s.graph.into_owned())
                }
                _ => None,
            };
            if let Some(graph) = graph {
                schema.extend(jsess_javaser::jdk::class_specs(&graph));
                found += 1;
            }
        }
        if found == 0 {
            anyhow::bail!(
                "{}: no Java-serialized session to take class descriptors from",
                path.display()
            );
        }
    }
    Ok(Arc::new(schema))
}

/// A progress bar on stderr (hidden when stderr is not a terminal).
pub fn progress(len: u64, what: &str) -> anyhow::Result<indicatif::ProgressBar> {
    let bar = indicatif::ProgressBar::new(len);
    bar.set_style(
        indicatif::ProgressStyle::with_template(&format!(
            "{{spinner}} {what} [{{bar:30}}] {{pos}}/{{len}} {{per_sec}} {{eta}} {{msg}}"
        ))
        .map_err(|e| anyhow::anyhow!("{e}"))?,
    );
    Ok(bar)
}

/// Reads a class dictionary file, if one was given.
pub fn load_dictionary(path: Option<&Path>) -> anyhow::Result<Option<Arc<Dictionary>>> {
    let Some(path) = path else { return Ok(None) };
    let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    let dictionary = Dictionary::from_bytes(&bytes)
        .with_context(|| format!("{}: not a dictionary", path.display()))?;
    Ok(Some(Arc::new(dictionary)))
}
