//! Class schemas from the command line (`--classpath`, `--schema`, `--schema-from`) and
//! `jsess schema export`.

use std::path::Path;

use anyhow::{bail, Context, Result};
use jsess::Limits;

use crate::cli::{SchemaArgs, SchemaExportArgs};

/// The library's options from the command line: limits, the dictionary, and the class
/// knowledge the flags name (schema files, classpath, Java-serialized sessions to learn class
/// descriptors from).
pub fn options(
    args: &SchemaArgs,
    dictionary: Option<&Path>,
    limits: &Limits,
) -> Result<jsess::Options> {
    let mut options = jsess::Options::new().limits(*limits);
    if let Some(path) = dictionary {
        options = options
            .dictionary_file(path)
            .with_context(|| format!("{}: not a dictionary", path.display()))?;
    }
    for file in &args.schema {
        options
            .schema_file(file)
            .with_context(|| format!("loading schema file {}", file.display()))?;
    }
    if let Some(classpath) = &args.classpath {
        options
            .classpath(classpath)
            .with_context(|| format!("reading classpath {classpath}"))?;
    }
    for source in &args.schema_from {
        if options.learn_from_path(source)? == 0 {
            bail!(
                "{}: no Java-serialized session to take class descriptors from",
                source.display()
            );
        }
    }
    Ok(options)
}

pub fn export(args: &SchemaExportArgs) -> Result<()> {
    let options = options(&args.schemas, None, &args.limits.limits())?;
    let schemas = options.schemas();
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
