//! Undoing a rewrite: every value it replaced put back, newest record first, each only while
//! its key still holds what the rewrite wrote (docs/redis.md). A key an application wrote since
//! keeps the application's value; a key deleted or expired since stays absent.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;

use crate::backup::BackupReader;
use crate::keys::display_key;
use crate::rewrite::Progress;
use crate::{Error, Restore, RestoreOutcome, Store};

/// Records restored per round trip.
const BATCH: usize = 200;
/// Keys written since the rewrite listed in the report (all are counted).
const KEPT_EXAMPLES: usize = 100;

/// What a rollback did (`jsess rollback --json` prints it).
#[derive(Debug, Clone, Serialize)]
pub struct RollbackReport {
    /// The backup file.
    pub backup: String,
    /// Records handled.
    pub records: u64,
    /// Records by outcome (`restored`, `already previous`, `changed since`, `gone`).
    pub outcomes: BTreeMap<&'static str, u64>,
    /// Keys written since the rewrite (kept as they are), the first of them.
    pub changed_since_examples: Vec<String>,
}

/// What a rollback from several backup files did (`jsess rollback --backup F1 --backup F2
/// --json` prints it): the totals, and each file's report.
#[derive(Debug, Clone, Default, Serialize)]
pub struct RollbackTotals {
    /// Records handled, over every file.
    pub records: u64,
    /// Records by outcome, over every file.
    pub outcomes: BTreeMap<&'static str, u64>,
    /// Keys written since the rewrites (kept as they are), the first of them over every file.
    pub changed_since_examples: Vec<String>,
    /// Each file's report, in the order the files were given.
    pub backups: Vec<RollbackReport>,
}

/// Puts back what the rewrite recorded in `backup`.
pub fn rollback(
    store: &mut dyn Store,
    backup: &Path,
    progress: &dyn Progress,
) -> Result<RollbackReport, Error> {
    let reader = BackupReader::open(backup)?;
    progress.start(reader.len() as u64);
    let report = restore_file(store, reader, backup, progress)?;
    progress.finish();
    Ok(report)
}

/// Puts back what several rewrites recorded, one backup file after the other in the order
/// given: the workers that split a store by hash slots, each with its own backup. Their keys
/// are disjoint, so the order does not matter for them; for backups of successive rewrites
/// of the same keys, give the newest first (as records are read newest first within a file).
pub fn rollback_all(
    store: &mut dyn Store,
    backups: &[impl AsRef<Path>],
    progress: &dyn Progress,
) -> Result<RollbackTotals, Error> {
    // Every file is opened and its header checked before anything is restored, so a mistyped
    // name stops the rollback before it starts rather than halfway through.
    let readers = backups
        .iter()
        .map(|path| BackupReader::open(path.as_ref()))
        .collect::<Result<Vec<_>, Error>>()?;
    progress.start(readers.iter().map(|r| r.len() as u64).sum());
    let mut totals = RollbackTotals::default();
    for (reader, path) in readers.into_iter().zip(backups) {
        let report = restore_file(store, reader, path.as_ref(), progress)?;
        totals.records += report.records;
        for (outcome, n) in &report.outcomes {
            *totals.outcomes.entry(outcome).or_default() += n;
        }
        for key in &report.changed_since_examples {
            if totals.changed_since_examples.len() < KEPT_EXAMPLES {
                totals.changed_since_examples.push(key.clone());
            }
        }
        totals.backups.push(report);
    }
    progress.finish();
    Ok(totals)
}

/// Restores every record of one backup file, newest first.
fn restore_file(
    store: &mut dyn Store,
    mut reader: BackupReader,
    backup: &Path,
    progress: &dyn Progress,
) -> Result<RollbackReport, Error> {
    let mut outcomes: BTreeMap<&'static str, u64> = BTreeMap::new();
    let mut changed_since = Vec::new();
    loop {
        let mut items = Vec::with_capacity(BATCH);
        while items.len() < BATCH {
            let Some(record) = reader.next_newest()? else {
                break;
            };
            items.push(Restore {
                key: record.key,
                previous: record.previous,
                written_sha1: record.written_sha1,
                kind: record.kind,
            });
        }
        if items.is_empty() {
            break;
        }
        progress.advance(items.len() as u64);
        for (item, outcome) in items.iter().zip(restore_batch(store, &items)?) {
            *outcomes.entry(outcome.name()).or_default() += 1;
            if outcome == RestoreOutcome::ChangedSince && changed_since.len() < KEPT_EXAMPLES {
                changed_since.push(display_key(&item.key));
            }
        }
    }
    Ok(RollbackReport {
        backup: backup.display().to_string(),
        records: outcomes.values().sum(),
        outcomes,
        changed_since_examples: changed_since,
    })
}

/// Restores one batch wherever its keys live: a single server or Cluster routes each key;
/// with several shards a key is on one of them and the others report it gone.
fn restore_batch(store: &mut dyn Store, items: &[Restore]) -> Result<Vec<RestoreOutcome>, Error> {
    let mut outcomes = vec![RestoreOutcome::Gone; items.len()];
    let mut pending: Vec<usize> = (0..items.len()).collect();
    let single = store.routes_keys();
    for node in 0..store.nodes().len() {
        let Some(&first) = pending.first() else {
            break;
        };
        let node = if single {
            store.node_of(&items[first].key)
        } else {
            node
        };
        let batch: Vec<Restore> = pending.iter().map(|&i| items[i].clone()).collect();
        let results = store.restore(node, &batch)?;
        let mut next = Vec::new();
        for (&i, outcome) in pending.iter().zip(results) {
            outcomes[i] = outcome;
            if outcome == RestoreOutcome::Gone {
                next.push(i);
            }
        }
        pending = next;
        if single {
            break;
        }
    }
    Ok(outcomes)
}
