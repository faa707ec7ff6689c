//! `jsess inspect`.

use anyhow::{anyhow, bail, Context, Result};
use jsess::{JsonOptions, Value};

use crate::cli::InspectArgs;
use crate::{load_dictionary, tree};

pub fn run(args: &InspectArgs) -> Result<()> {
    let (path, raw) = read_input(args)?;
    let limits = args.limits.limits();
    let options = crate::schema::options(
        &args.schemas,
        load_dictionary(args.dictionary.as_deref())?,
        &limits,
    )?;
    // Base64 and gzip wrappings (as Redis GUIs and some frameworks store streams) come off first.
    let stored = jsess::read(&raw, &options).with_context(|| format!("{path}: input rejected"))?;
    // What was read is printed even when reading stopped early; the error follows on stderr.
    let error = match &stored.value {
        Value::Unreadable {
            format,
            envelope: None,
            partial: None,
            error,
        } => bail!("{path}: {format} blob rejected: {}", error.message),
        Value::Unreadable { format, error, .. } => {
            Some(anyhow!("{format} blob rejected: {}", error.message))
        }
        Value::JavaStream {
            error: Some(error), ..
        } => Some(anyhow!("Java stream rejected: {error}")),
        _ => None,
    };
    // The worker thread's stack takes views as deep as the nesting limit.
    let view = JsonOptions {
        sizes: args.sizes,
        max_depth: limits.max_depth,
    };
    let json = jsess::to_json_with(&stored, &options, view)?;
    let out = if args.json {
        serde_json::to_string_pretty(&json)?
    } else {
        tree::render(&json, stored.bytes.len())
    };
    println!("{out}");
    match error {
        None => Ok(()),
        Some(e) => Err(e.context(format!("{path}: input rejected"))),
    }
}

/// The blob: a file, or a Redis key (named by the key in messages).
fn read_input(args: &InspectArgs) -> Result<(String, Vec<u8>)> {
    if !jsess_store::is_redis(&args.file) {
        if args.key.is_some() {
            bail!("--key reads from Redis: give a redis:// URL");
        }
        let raw = std::fs::read(&args.file).with_context(|| format!("reading {}", args.file))?;
        return Ok((args.file.clone(), raw));
    }
    let Some(key) = &args.key else {
        bail!("{}: name the key to read with --key", args.file);
    };
    let mut store = jsess_store::open(&args.file)
        .with_context(|| format!("opening {}", jsess_store::redacted(&args.file)))?;
    match store.get(key.as_bytes())? {
        Some(value) => Ok((key.clone(), value.bytes)),
        None => bail!("{key}: no such key (or not a string)"),
    }
}
