//! # jsess-benches
//!
//! Shared helpers for jsess's criterion benchmarks: loading the committed corpora so every
//! bench measures the same real bytes. The benches themselves live in `benches/benches/`.

use std::path::{Path, PathBuf};

/// The repository's `corpora/` directory.
pub fn corpora_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../corpora")
}

/// Every file with the given extension in `corpora/<dir>`, sorted by name, as (name, bytes).
pub fn load(dir: &str, extension: &str) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(corpora_dir().join(dir))
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == extension))
                .filter_map(|p| {
                    let name = p.file_stem()?.to_string_lossy().into_owned();
                    Some((name, std::fs::read(&p).ok()?))
                })
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}
