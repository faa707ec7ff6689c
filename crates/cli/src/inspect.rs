//! `jsess inspect`.

use anyhow::{bail, Context, Result};
use jsess_javaser::json::stream_to_json;

use crate::cli::InspectArgs;
use crate::sniff::{describe_unknown, sniff, Sniffed};
use crate::tree;

pub fn run(args: &InspectArgs) -> Result<()> {
    let bytes =
        std::fs::read(&args.file).with_context(|| format!("reading {}", args.file.display()))?;
    let view = match sniff(&bytes) {
        Sniffed::Java => {
            let stream = jsess_javaser::decode(&bytes, &args.limits.limits())
                .with_context(|| format!("{}: Java stream rejected", args.file.display()))?;
            stream_to_json(&stream)
        }
        Sniffed::Unknown => bail!("{}: {}", args.file.display(), describe_unknown(&bytes)),
    };
    let out = if args.json {
        serde_json::to_string_pretty(&view)?
    } else {
        tree::render(&view, bytes.len())
    };
    println!("{out}");
    Ok(())
}
