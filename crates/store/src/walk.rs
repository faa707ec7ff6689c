//! Visiting every value of a store once: its strings (msm's sessions), then, where the store
//! has them, its hashes (Spring Session's and Redisson's), one batch at a time.

use crate::rewrite::Progress;
use crate::{Error, Store, Stored, StoredHash, ValueKind};

/// A value a walk found.
#[derive(Debug, Clone, Copy)]
pub enum Found<'a> {
    /// A string value (a directory's files are strings).
    String {
        /// Its key (a directory: the file's path under the directory).
        key: &'a [u8],
        /// The value and its time to live.
        value: &'a Stored,
    },
    /// A hash.
    Hash {
        /// Its key.
        key: &'a [u8],
        /// The fields and time to live.
        hash: &'a StoredHash,
    },
    /// A hash whose key `wanted` turned down: not read, so an application's large hashes cost
    /// nothing.
    OtherHash {
        /// Its key.
        key: &'a [u8],
    },
}

/// Calls `visit` for every value of `store`, `batch` keys per round trip, strings first; a key
/// that vanished between the scan and the read is left out. Only hashes whose key `wanted`
/// accepts are read (the others are [`Found::OtherHash`]). `progress` counts the values.
pub fn walk(
    store: &mut dyn Store,
    batch: usize,
    progress: &dyn Progress,
    wanted: impl Fn(&[u8]) -> bool,
    mut visit: impl FnMut(Found<'_>),
) -> Result<(), Error> {
    progress.start(store.key_count()?);
    store.rewind();
    store.set_scan_kind(ValueKind::String);
    while let Some(keys) = store.next_batch(batch)? {
        let values = store.fetch(keys.node, &keys.keys)?;
        for (key, value) in keys.keys.iter().zip(values) {
            if let Some(value) = value {
                visit(Found::String { key, value: &value });
                progress.advance(1);
            }
        }
    }
    if store.holds_hashes() {
        store.rewind();
        store.set_scan_kind(ValueKind::Hash);
        while let Some(keys) = store.next_batch(batch)? {
            let (read, others): (Vec<Vec<u8>>, Vec<Vec<u8>>) =
                keys.keys.into_iter().partition(|k| wanted(k));
            for key in &others {
                visit(Found::OtherHash { key });
                progress.advance(1);
            }
            let hashes = store.fetch_hashes(keys.node, &read)?;
            for (key, hash) in read.iter().zip(hashes) {
                if let Some(hash) = hash {
                    visit(Found::Hash { key, hash: &hash });
                    progress.advance(1);
                }
            }
        }
        store.set_scan_kind(ValueKind::String);
    }
    progress.finish();
    Ok(())
}
