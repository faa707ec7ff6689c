//! The tally of a rewrite: its report, and what its checkpoint keeps across a resume.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::keys::display_key;
use crate::SlotRange;

/// Failures listed in the report (all are counted).
const KEPT_FAILURES: usize = 100;

/// The run's tally: the final report, and what the checkpoint keeps across a resume.
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub struct Counters {
    /// Keys under the source prefix visited.
    pub values_seen: u64,
    /// Sessions written (or that would be, in a dry run).
    pub migrated: u64,
    /// `validity:` keys copied next to sessions under the target prefix.
    pub validity_copied: u64,
    /// Bytes of the migrated sessions before.
    pub bytes_before: u64,
    /// And after.
    pub bytes_after: u64,
    /// Values not rewritten, by reason.
    pub skipped: BTreeMap<String, u64>,
    /// Facts the target layout has no place for, by how many migrated sessions dropped each.
    #[serde(default)]
    pub dropped: BTreeMap<String, u64>,
    /// Values that could not be rewritten.
    pub failed: u64,
    /// The first failures, with their keys.
    pub failures: Vec<Failure>,
}

/// One value that could not be rewritten.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Failure {
    /// The key, printable.
    pub key: String,
    /// Why.
    pub reason: String,
}

impl Counters {
    pub(super) fn skip(&mut self, reason: impl Into<String>) {
        *self.skipped.entry(reason.into()).or_default() += 1;
    }

    pub(super) fn fail(&mut self, key: &[u8], reason: String) {
        self.failed += 1;
        if self.failures.len() < KEPT_FAILURES {
            self.failures.push(Failure {
                key: display_key(key),
                reason,
            });
        }
    }
}

/// The report of a rewrite (`jsess migrate --json` prints it).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Report {
    /// What the rewrite was.
    pub job: String,
    /// Whether nothing was written.
    pub dry_run: bool,
    /// The hash slots this run handled (`"A-B"`; `null`: every key).
    #[serde(default)]
    pub slots: Option<SlotRange>,
    /// Threads that decoded, re-encoded and verified sessions.
    #[serde(default)]
    pub threads: usize,
    /// How long this process ran (a resumed run counts from its restart).
    #[serde(default)]
    pub elapsed_ms: u64,
    /// Sessions migrated per second of this process's run.
    #[serde(default)]
    pub sessions_per_s: f64,
    /// The tally.
    #[serde(flatten)]
    pub counters: Counters,
}
