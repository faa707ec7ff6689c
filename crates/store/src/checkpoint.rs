//! The checkpoint beside a backup file (`FILE.checkpoint`): where the scan stands and the
//! counters so far, rewritten atomically (temporary file, sync, rename) after each batch.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::io;
use crate::{Error, Position, SlotRange};

/// What a resumed run needs.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Checkpoint {
    /// Always 1.
    pub version: u32,
    /// What was migrated where (source without password, format, target prefix): a resume
    /// with other arguments is refused.
    pub job: String,
    /// The hash slots the run handles (`None`: every key); a resume with another range is
    /// refused ([`Error::SlotsMismatch`]). Checkpoints written before ranges existed have none.
    #[serde(default)]
    pub slots: Option<SlotRange>,
    /// The scan position after the last batch fully handled.
    pub position: Position,
    /// The run's counters so far (the final report's shape).
    pub counters: serde_json::Value,
}

/// The checkpoint file of a backup file.
pub fn path_for(backup: &Path) -> PathBuf {
    let mut name = backup.as_os_str().to_os_string();
    name.push(".checkpoint");
    PathBuf::from(name)
}

impl Checkpoint {
    /// Reads a checkpoint (`None`: there is none yet).
    pub fn load(path: &Path) -> Result<Option<Checkpoint>, Error> {
        match std::fs::read(path) {
            Ok(bytes) => serde_json::from_slice(&bytes)
                .map(Some)
                .map_err(|e| Error::Corrupt {
                    path: path.display().to_string(),
                    reason: e.to_string(),
                }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(io(path.display())(e)),
        }
    }

    /// Writes the checkpoint atomically (a temporary file renamed over the old one).
    pub fn save(&self, path: &Path) -> Result<(), Error> {
        let mut temp = path.as_os_str().to_os_string();
        temp.push(".tmp");
        let temp = PathBuf::from(temp);
        let bytes = serde_json::to_vec_pretty(self).map_err(|e| Error::Corrupt {
            path: path.display().to_string(),
            reason: e.to_string(),
        })?;
        let mut file = std::fs::File::create(&temp).map_err(io(temp.display()))?;
        file.write_all(&bytes).map_err(io(temp.display()))?;
        file.sync_data().map_err(io(temp.display()))?;
        std::fs::rename(&temp, path).map_err(io(path.display()))
    }
}
