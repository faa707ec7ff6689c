//! One worker's share of a store split by hash slots ([`crate::slots`]): which keys it
//! visits, and the refusal to resume a checkpoint with another share.
//!
//! A key is this worker's when the slot of the key that decides it is in the range: a
//! session key decides itself, msm's companions (`validity:`, `lock:`, `bak:` + the session
//! key) are decided by their session key ([`crate::session_slot`]), so a session and the keys
//! beside it go to one worker even though they hash to other slots. A hash layout's session
//! (Redisson, Spring Session) is one key, which decides it.
//!
//! Every node is still scanned and the keys filtered after each SCAN step, on a Cluster too:
//! a companion may live on a primary that owns none of the range's slots (its own slot is not
//! its session's), so skipping that primary would leave it behind. Only the keys in the range
//! are read (GET/PTTL), written, backed up and counted.

use std::path::Path;

use super::{Rewrite, Settings};
use crate::checkpoint::Checkpoint;
use crate::Error;

impl Rewrite<'_> {
    /// Whether this worker handles `key` (every key without a slot range).
    pub(super) fn handles(&self, key: &[u8]) -> bool {
        self.settings.slots.is_none_or(|range| range.handles(key))
    }
}

/// Refuses to resume `checkpoint` with another slot range than the one it was written with
/// (or with one when it had none, or none when it had one): the run would skip keys the
/// checkpoint counts as done, or visit keys another worker owns.
pub(super) fn check_resume(
    path: &Path,
    checkpoint: &Checkpoint,
    settings: &Settings,
) -> Result<(), Error> {
    if checkpoint.slots == settings.slots {
        return Ok(());
    }
    Err(Error::SlotsMismatch {
        path: path.display().to_string(),
        checkpoint: checkpoint.slots,
        requested: settings.slots,
    })
}
