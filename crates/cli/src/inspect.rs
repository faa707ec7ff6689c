//! `jsess inspect`.

use anyhow::{bail, Context, Result};
use jsess_javaser::json::stream_to_json;

use crate::cli::InspectArgs;
use crate::sniff::{describe_unknown, sniff, Sniffed};
use crate::tree;

pub fn run(args: &InspectArgs) -> Result<()> {
    let bytes =
        std::fs::read(&args.file).with_context(|| format!("reading {}", args.file.display()))?;
    let (view, error) = match sniff(&bytes) {
        Sniffed::Java => {
            // What precedes an error is still shown: often the error only ends jsess's reading
            // (an Externalizable written with protocol 1), not the objects before it.
            let (stream, error) = jsess_javaser::decode_prefix(&bytes, &args.limits.limits());
            let view =
                (error.is_none() || !stream.contents.is_empty()).then(|| stream_to_json(&stream));
            (view, error)
        }
        Sniffed::Unknown => bail!("{}: {}", args.file.display(), describe_unknown(&bytes)),
    };
    if let Some(view) = view {
        let out = if args.json {
            serde_json::to_string_pretty(&view)?
        } else {
            tree::render(&view, bytes.len())
        };
        println!("{out}");
    }
    match error {
        None => Ok(()),
        Some(e) => {
            Err(anyhow::Error::new(e)
                .context(format!("{}: Java stream rejected", args.file.display())))
        }
    }
}
