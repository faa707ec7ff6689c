//! A directory of blob files, one file per key (the key is the path below the directory).
//! Files have no time to live; writes go through a temporary file and a rename, so a reader
//! never sees half a value.

use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::sync::mpsc::Receiver;

use crate::error::io;
use crate::ValueKind;
use crate::{
    Batch, Error, Expected, Key, Position, Restore, RestoreOutcome, Store, Stored, Ttl, Write,
};

/// A directory of values, one file per key (its path relative to the root).
pub struct DirStore {
    root: PathBuf,
    /// Relative paths, sorted: the scan order a checkpoint's index refers to.
    files: Vec<PathBuf>,
    next: usize,
    prefix: Vec<u8>,
}

impl DirStore {
    /// Lists the files under `root` (recursively, sorted), or `root` itself when it is a file.
    pub fn open(root: &Path) -> Result<DirStore, Error> {
        let mut files = Vec::new();
        if root.is_file() {
            files.push(PathBuf::new());
        } else {
            let mut pending = vec![root.to_path_buf()];
            while let Some(dir) = pending.pop() {
                for entry in std::fs::read_dir(&dir).map_err(io(dir.display()))? {
                    let path = entry.map_err(io(dir.display()))?.path();
                    if path.is_dir() {
                        pending.push(path);
                    } else if let Ok(relative) = path.strip_prefix(root) {
                        files.push(relative.to_path_buf());
                    }
                }
            }
        }
        files.sort();
        Ok(DirStore {
            root: root.to_path_buf(),
            files,
            next: 0,
            prefix: Vec::new(),
        })
    }

    fn path(&self, key: &[u8]) -> PathBuf {
        if key.is_empty() {
            self.root.clone()
        } else {
            self.root.join(std::ffi::OsStr::from_bytes(key))
        }
    }

    fn read(&self, key: &[u8]) -> Result<Option<Vec<u8>>, Error> {
        let path = self.path(key);
        match std::fs::read(&path) {
            Ok(bytes) => Ok(Some(bytes)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(io(path.display())(e)),
        }
    }

    fn replace(&self, key: &[u8], value: Option<&[u8]>) -> Result<(), Error> {
        let path = self.path(key);
        let Some(value) = value else {
            return std::fs::remove_file(&path).map_err(io(path.display()));
        };
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(io(parent.display()))?;
        }
        let mut temp = path.clone().into_os_string();
        temp.push(".jsess-tmp");
        std::fs::write(&temp, value).map_err(io(path.display()))?;
        std::fs::rename(&temp, &path).map_err(io(path.display()))
    }
}

impl Store for DirStore {
    fn describe(&self) -> String {
        self.root.display().to_string()
    }

    fn nodes(&self) -> Vec<String> {
        vec![self.describe()]
    }

    fn key_count(&mut self) -> Result<u64, Error> {
        Ok(self.files.len() as u64)
    }

    fn position(&self) -> Position {
        Position {
            node: 0,
            cursor: self.next as u64,
            done: self.next >= self.files.len(),
            epoch: String::new(),
        }
    }

    fn seek(&mut self, position: Position) -> Result<(), Error> {
        self.next = if position.done {
            self.files.len()
        } else {
            usize::try_from(position.cursor).unwrap_or(usize::MAX)
        };
        Ok(())
    }

    fn set_match_prefix(&mut self, prefix: &[u8]) {
        self.prefix = prefix.to_vec();
    }

    fn next_batch(&mut self, count: usize) -> Result<Option<Batch>, Error> {
        if self.next >= self.files.len() {
            return Ok(None);
        }
        let end = (self.next + count.max(1)).min(self.files.len());
        let keys = self.files[self.next..end]
            .iter()
            .map(|p| p.as_os_str().as_bytes().to_vec())
            .filter(|k| k.starts_with(&self.prefix))
            .collect();
        self.next = end;
        Ok(Some(Batch { node: 0, keys }))
    }

    fn fetch(&mut self, _node: usize, keys: &[Key]) -> Result<Vec<Option<Stored>>, Error> {
        keys.iter()
            .map(|k| {
                Ok(self.read(k)?.map(|bytes| Stored {
                    bytes,
                    ttl: Ttl::Persistent,
                }))
            })
            .collect()
    }

    fn compare_and_set(&mut self, _node: usize, writes: &[Write]) -> Result<Vec<bool>, Error> {
        if writes.iter().any(|w| w.kind != ValueKind::String) {
            return Err(no_hashes());
        }
        writes
            .iter()
            .map(|w| {
                let current = self.read(&w.key)?;
                let matches = match &w.expected {
                    Expected::Absent => current.is_none(),
                    Expected::Bytes(b) => current.as_deref() == Some(b.as_slice()),
                };
                if matches {
                    self.replace(&w.key, Some(&w.value))?;
                }
                Ok(matches)
            })
            .collect()
    }

    fn restore(&mut self, _node: usize, items: &[Restore]) -> Result<Vec<RestoreOutcome>, Error> {
        if items.iter().any(|i| i.kind != ValueKind::String) {
            return Err(no_hashes());
        }
        items
            .iter()
            .map(|item| {
                let Some(current) = self.read(&item.key)? else {
                    return Ok(RestoreOutcome::Gone);
                };
                if item.previous.as_deref() == Some(current.as_slice()) {
                    return Ok(RestoreOutcome::AlreadyPrevious);
                }
                if crate::sha1(&current) != item.written_sha1 {
                    return Ok(RestoreOutcome::ChangedSince);
                }
                self.replace(&item.key, item.previous.as_deref())?;
                Ok(RestoreOutcome::Restored)
            })
            .collect()
    }

    fn lock(&mut self, _node: usize, lock_keys: &[Key], _ttl_ms: u64) -> Result<Vec<bool>, Error> {
        // No application holds locks on files.
        Ok(vec![true; lock_keys.len()])
    }

    fn unlock(&mut self, _node: usize, _lock_keys: &[Key]) -> Result<(), Error> {
        Ok(())
    }

    fn watch(&mut self, _prefix: &[u8]) -> Result<Option<Receiver<(usize, Key)>>, Error> {
        Ok(None)
    }

    fn node_of(&mut self, _key: &[u8]) -> usize {
        0
    }
}

/// A directory keeps one file per key: strings only.
fn no_hashes() -> Error {
    Error::Unsupported("a directory store holds no hashes (one file per string value)".into())
}
