//! `jsess convert`.

use anyhow::{bail, Context, Result};

use crate::cli::{ConvertArgs, Format};

pub fn run(args: &ConvertArgs) -> Result<()> {
    let input =
        std::fs::read(&args.input).with_context(|| format!("reading {}", args.input.display()))?;
    let output = match (args.from, args.to) {
        (Format::Java, Format::Java) => java_to_java(&input, args)?,
    };
    std::fs::write(&args.output, &output)
        .with_context(|| format!("writing {}", args.output.display()))?;
    Ok(())
}

fn java_to_java(input: &[u8], args: &ConvertArgs) -> Result<Vec<u8>> {
    let stream = jsess_javaser::decode(input, &args.limits.limits())
        .with_context(|| format!("{}: Java stream rejected", args.input.display()))?;
    let output = jsess_javaser::encode(&stream)
        .with_context(|| format!("{}: re-encoding", args.input.display()))?;
    if output != input {
        bail!(
            "{}: re-encoding is not byte-identical (please report this input)",
            args.input.display()
        );
    }
    Ok(output)
}
