//! Class schemas from the command line (`--classpath`, `--schema`, `--schema-from`) and
//! `jsess schema export`.

use std::path::Path;
use std::sync::Arc;

use anyhow::{bail, Context, Result};
use jsess_codecs::Dictionary;
use jsess_javaser::Limits;
use jsess_kryo::Schemas;
use jsess_model::Graph;
use jsess_msm::{sniff, AttributeFormat, FormatOptions, Kind};

use crate::cli::{SchemaArgs, SchemaExportArgs};

/// What the formats need besides the bytes: the dictionary, and the class knowledge the flags
/// name — Kryo schemas (schema files, classpath, the JDK table) and, from each `--schema-from`
/// session read once, both Kryo schemas and the Java descriptors the XML and JSON formats use.
pub fn format_options(
    args: &SchemaArgs,
    dictionary: Option<Arc<Dictionary>>,
    limits: &Limits,
) -> Result<FormatOptions> {
    let mut schemas = Schemas::new();
    for file in &args.schema {
        schemas
            .load_file(file)
            .with_context(|| format!("loading schema file {}", file.display()))?;
    }
    if let Some(classpath) = &args.classpath {
        schemas
            .add_classpath(classpath)
            .with_context(|| format!("reading classpath {classpath}"))?;
    }
    let mut descriptors = jsess_msm::Schema::new();
    for source in &args.schema_from {
        let found = for_each_java_graph(source, limits, |graph| {
            schemas.add_descriptors(graph);
            descriptors.extend(jsess_javaser::jdk::class_specs(graph));
        })?;
        if found == 0 {
            bail!(
                "{}: no Java-serialized session to take class descriptors from",
                source.display()
            );
        }
    }
    Ok(FormatOptions {
        dictionary,
        schemas: Arc::new(schemas),
        descriptors: Arc::new(descriptors),
    })
}

/// Calls `f` with the object graph of every Java-serialized session or stream under `path`
/// (other files are passed over); returns how many there were.
fn for_each_java_graph(
    path: &Path,
    limits: &Limits,
    mut f: impl FnMut(&Graph<'_>),
) -> Result<usize> {
    let files = if path.is_dir() {
        crate::convert::files_under(path)?
    } else {
        vec![path.to_path_buf()]
    };
    let mut found = 0;
    for file in files {
        let bytes = std::fs::read(&file).with_context(|| format!("reading {}", file.display()))?;
        let graph = match sniff(&bytes) {
            Kind::Session(AttributeFormat::Java) => jsess_msm::decode(&bytes, limits)
                .ok()
                .map(|s| s.attributes.graph),
            Kind::JavaStream => jsess_javaser::decode(&bytes, limits).ok().map(|s| s.graph),
            _ => None,
        };
        if let Some(graph) = graph {
            f(&graph);
            found += 1;
        }
    }
    Ok(found)
}

pub fn export(args: &SchemaExportArgs) -> Result<()> {
    let schemas = format_options(&args.schemas, None, &args.limits.limits())?.schemas;
    let text = schemas.to_file_json();
    match &args.out {
        Some(path) => {
            std::fs::write(path, text + "\n")
                .with_context(|| format!("writing {}", path.display()))?;
            eprintln!(
                "{} class schemas -> {}",
                schemas.classes().count(),
                path.display()
            );
        }
        None => {
            use std::io::Write;
            // A reader that stops early (`| head`) is not an error.
            match writeln!(std::io::stdout().lock(), "{text}") {
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
                other => other.context("writing the schema")?,
            }
        }
    }
    Ok(())
}
