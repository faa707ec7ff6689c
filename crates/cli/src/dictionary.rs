//! `jsess dictionary`.

use anyhow::{Context, Result};
use jsess::Dictionary;

use crate::cli::DictionaryArgs;
use jsess::files_under;

pub fn run(args: &DictionaryArgs) -> Result<()> {
    let options = jsess::Options::new().limits(args.limits.limits());
    let mut files = Vec::new();
    for input in &args.inputs {
        if input.is_dir() {
            files.extend(files_under(input)?);
        } else {
            files.push(input.clone());
        }
    }
    let blobs: Vec<(String, Vec<u8>)> = files
        .iter()
        .map(|f| {
            Ok((
                f.display().to_string(),
                std::fs::read(f).with_context(|| format!("reading {}", f.display()))?,
            ))
        })
        .collect::<Result<_>>()?;
    let mut sessions = Vec::new();
    let mut skipped = 0;
    for (name, bytes) in &blobs {
        // Sessions of any format jsess reads without more class knowledge give their classes.
        match jsess::read(bytes, &options).and_then(jsess::Stored::into_session) {
            Ok(session) => sessions.push(session),
            Err(e) => {
                skipped += 1;
                eprintln!("jsess: {name}: skipped: {e}");
            }
        }
    }
    let dictionary = Dictionary::build(&sessions);
    let bytes = dictionary.to_bytes();
    std::fs::write(&args.out, &bytes).with_context(|| format!("writing {}", args.out.display()))?;
    println!(
        "dictionary {:016x}: {} classes, {} strings, {} bytes, from {} sessions ({} skipped) -> {}",
        dictionary.id(),
        dictionary.classes.len(),
        dictionary.strings.len(),
        bytes.len(),
        sessions.len(),
        skipped,
        args.out.display()
    );
    Ok(())
}
