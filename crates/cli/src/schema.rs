//! Class schemas from the command line (`--classpath`, `--schema`, `--schema-from`) and
//! `jsess schema export`.

use std::path::Path;
use std::sync::Arc;

use anyhow::{Context, Result};
use jsess_javaser::Limits;
use jsess_kryo::Schemas;
use jsess_msm::{sniff, AttributeFormat, Kind};

use crate::cli::{SchemaArgs, SchemaExportArgs};

/// The schemas the flags name (the JDK table is always there).
pub fn load(args: &SchemaArgs, limits: &Limits) -> Result<Arc<Schemas>> {
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
    for source in &args.schema_from {
        add_java_descriptors(&mut schemas, source, limits)?;
    }
    Ok(Arc::new(schemas))
}

/// Adds the class descriptors of every Java-serialized session or stream under `path`; other
/// files are passed over.
fn add_java_descriptors(schemas: &mut Schemas, path: &Path, limits: &Limits) -> Result<()> {
    let files = if path.is_dir() {
        crate::convert::files_under(path)?
    } else {
        vec![path.to_path_buf()]
    };
    for file in files {
        let bytes = std::fs::read(&file).with_context(|| format!("reading {}", file.display()))?;
        match sniff(&bytes) {
            Kind::Session(AttributeFormat::Java) => {
                if let Ok(session) = jsess_msm::decode(&bytes, limits) {
                    schemas.add_descriptors(&session.attributes.graph);
                }
            }
            Kind::JavaStream => {
                if let Ok(stream) = jsess_javaser::decode(&bytes, limits) {
                    schemas.add_descriptors(&stream.graph);
                }
            }
            _ => {}
        }
    }
    Ok(())
}

pub fn export(args: &SchemaExportArgs) -> Result<()> {
    let schemas = load(&args.schemas, &args.limits.limits())?;
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
        None => println!("{text}"),
    }
    Ok(())
}
