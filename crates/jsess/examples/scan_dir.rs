//! Every stored value under a directory, counted by format, with the reasons sessions could
//! not be read.
//!
//! ```sh
//! cargo run -p jsess --example scan_dir -- corpora/msm
//! ```

use std::collections::BTreeMap;
use std::error::Error;
use std::path::Path;

fn main() -> Result<(), Box<dyn Error>> {
    let dir = std::env::args().nth(1).ok_or("usage: scan_dir DIR")?;
    let summary = scan(Path::new(&dir), &jsess::Options::new())?;
    for (format, count) in &summary.formats {
        println!("{format:>16}  {count}");
    }
    for (reason, count) in &summary.unreadable {
        println!("unreadable: {reason}: {count}");
    }
    println!("not stored values: {}", summary.unrecognised.len());
    for (file, error) in summary.unrecognised.iter().take(5) {
        println!("  {file}: {error}");
    }
    Ok(())
}

/// What [`scan`] found.
#[derive(Debug, Default)]
pub struct Summary {
    /// Values per format.
    pub formats: BTreeMap<&'static str, usize>,
    /// Sessions whose attributes could not be read, by reason.
    pub unreadable: BTreeMap<jsess::UnreadableReason, usize>,
    /// Files that are not stored values, with the error.
    pub unrecognised: Vec<(String, jsess::Error)>,
}

/// Reads every file under `dir`.
pub fn scan(dir: &Path, options: &jsess::Options) -> Result<Summary, jsess::Error> {
    let mut summary = Summary::default();
    for file in jsess::files_under(dir)? {
        let bytes = std::fs::read(&file).map_err(|source| jsess::Error::Io {
            path: file.display().to_string(),
            source,
        })?;
        match jsess::read(&bytes, options) {
            Ok(stored) => {
                *summary.formats.entry(stored.format()).or_default() += 1;
                if let jsess::Value::Unreadable { error, .. } = &stored.value {
                    *summary.unreadable.entry(error.reason).or_default() += 1;
                }
            }
            Err(e) => summary.unrecognised.push((file.display().to_string(), e)),
        }
    }
    Ok(summary)
}
