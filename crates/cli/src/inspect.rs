//! `jsess inspect`.

use anyhow::{anyhow, bail, Context, Result};
use jsess::{JsonOptions, Value};

use crate::cli::InspectArgs;
use crate::tree;

/// What `inspect` reads: one blob (a file, a string key) or a session hash.
enum Input {
    Blob(String, Vec<u8>),
    Hash(String, jsess_store::StoredHash),
}

pub fn run(args: &InspectArgs) -> Result<()> {
    let input = read_input(args)?;
    let limits = args.limits.limits();
    let options = crate::schema::options(&args.schemas, args.dictionary.as_deref(), &limits)?;
    let (path, raw) = match input {
        Input::Blob(path, raw) => (path, raw),
        Input::Hash(key, hash) => return inspect_hash(args, &key, &hash, &options),
    };
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

/// A session hash (Spring Session, Redisson), in the session JSON shape.
fn inspect_hash(
    args: &InspectArgs,
    key: &str,
    hash: &jsess_store::StoredHash,
    options: &jsess::Options,
) -> Result<()> {
    let Some(session) = jsess::read_hash(key.as_bytes(), &hash.fields, options)
        .with_context(|| format!("{key}: session hash rejected"))?
    else {
        bail!(
            "{key}: a hash, but not a session of a layout jsess knows (Spring Session, Redisson)"
        );
    };
    let json = jsess::hash_to_json(&session, options);
    let out = if args.json {
        serde_json::to_string_pretty(&json)?
    } else {
        let size = hash.fields.iter().map(|(n, v)| n.len() + v.len()).sum();
        tree::render(&json, size)
    };
    println!("{out}");
    Ok(())
}

/// The input: a file, or a Redis key (named by the key in messages).
fn read_input(args: &InspectArgs) -> Result<Input> {
    if !jsess_store::is_redis(&args.file) {
        if args.key.is_some() {
            bail!("--key reads from Redis: give a redis:// URL");
        }
        let raw = std::fs::read(&args.file).with_context(|| format!("reading {}", args.file))?;
        return Ok(Input::Blob(args.file.clone(), raw));
    }
    let Some(key) = &args.key else {
        bail!(
            "{}: name the key to read with --key",
            jsess_store::redacted(&args.file)
        );
    };
    let mut store = crate::open_store(&args.file, &args.connect)?;
    match store.key_type(key.as_bytes())? {
        jsess_store::KeyType::Hash => match store.get_hash(key.as_bytes())? {
            Some(hash) => Ok(Input::Hash(key.clone(), hash)),
            None => bail!("{key}: no such key"),
        },
        jsess_store::KeyType::Other(kind) => {
            bail!("{key}: holds a {kind}, not a session (a string or a hash)")
        }
        _ => match store.get(key.as_bytes())? {
            Some(value) => Ok(Input::Blob(key.clone(), value.bytes)),
            None => bail!("{key}: no such key"),
        },
    }
}
