//! Writing a decided batch, in two steps so that the pass can overlap them with other work:
//! [`Rewrite::stage`] plans each key's write and, in place, appends the backup records of the
//! values about to be replaced; [`Rewrite::commit`] syncs those records, then writes with
//! compare-and-set. Nothing is written before the records backing it up are on disk.

use super::*;
use crate::backup::{RecordRef, Unsynced};

/// A batch whose writes are planned. In place, the backup records of the values it replaces are
/// in the file but not yet synced: [`Rewrite::commit`] syncs them (or is handed the outcome of
/// a sync run elsewhere) before it writes.
pub(super) struct Staged {
    node: usize,
    planned: Vec<Planned>,
    /// The msm `lock:` keys taken for the batch, released after the write.
    locked: Vec<Key>,
    read_at: i64,
    read_instant: Instant,
    /// The in-place batch's backup records, flushed, not yet synced.
    pub(super) unsynced: Option<Unsynced>,
    /// Its keys, watched since they were read, for the writer thread.
    pub(super) watch: Option<Watch>,
}

impl Staged {
    /// The node (shard, Cluster primary) the batch was read from.
    pub(super) fn node(&self) -> usize {
        self.node
    }
}

impl Rewrite<'_> {
    /// Writes what was decided for the values `fetched` holds and releases their locks;
    /// returns the keys whose value changed between read and write.
    pub(super) fn write(
        &mut self,
        fetched: Fetched,
        decisions: Decisions,
    ) -> Result<Vec<Key>, Error> {
        let staged = self.stage(fetched, decisions)?;
        self.commit(staged)
    }

    /// Plans the write of each value decided (counting the failures and skips) and, for an
    /// in-place batch, appends the backup records of the values it will replace.
    pub(super) fn stage(
        &mut self,
        fetched: Fetched,
        decisions: Decisions,
    ) -> Result<Staged, Error> {
        let Fetched {
            node,
            keys,
            values,
            locked,
            read_at,
            read_instant,
            watch,
        } = fetched;
        let mut planned = Vec::new();
        for ((key, value), decision) in keys.into_iter().zip(values).zip(decisions) {
            let Some(value) = value else {
                self.counters.skip("gone before it was read");
                continue;
            };
            match decision {
                Some(Ok(One {
                    new,
                    new_sha1,
                    target_key,
                    written_at,
                    dropped,
                })) => planned.push(Planned {
                    key,
                    sizes: (value.bytes.len() as u64, new.len() as u64),
                    original: value,
                    new,
                    new_sha1,
                    target_key,
                    written_at,
                    dropped,
                }),
                Some(Err(Decision::Fail(reason))) => self.counters.fail(&key, reason),
                Some(Err(Decision::Skip(reason))) => self.counters.skip(reason),
                _ => {}
            }
        }
        let kind = self.settings.target_kind;
        let records = planned.iter().map(|p| RecordRef {
            key: &p.key,
            previous: Some(&p.original.bytes),
            pttl: p.original.ttl.as_pttl(),
            read_at_ms: read_at,
            written_sha1: p.new_sha1,
            kind,
        });
        let unsynced = if self.settings.writes_in_place() && !planned.is_empty() {
            match self.append_backup(records) {
                Ok(unsynced) => unsynced,
                Err(e) => {
                    self.unlock(node, &locked)?;
                    return Err(e);
                }
            }
        } else {
            None
        };
        Ok(Staged {
            node,
            planned,
            locked,
            read_at,
            read_instant,
            unsynced,
            watch,
        })
    }

    /// Syncs the backup records [`Rewrite::stage`] appended, then writes the batch and releases
    /// its locks; returns the keys whose value changed between read and write.
    pub(super) fn commit(&mut self, mut staged: Staged) -> Result<Vec<Key>, Error> {
        let synced = staged.unsynced.take().map_or(Ok(()), Unsynced::sync);
        self.commit_synced(staged, synced)
    }

    /// [`Rewrite::commit`] once the records' sync, run elsewhere, returned `synced`: nothing is
    /// written unless it succeeded.
    pub(super) fn commit_synced(
        &mut self,
        staged: Staged,
        synced: Result<(), Error>,
    ) -> Result<Vec<Key>, Error> {
        let node = staged.node;
        self.commit_with(staged, |this, planned, read_at, read_instant| {
            synced?;
            if this.settings.target_prefix.is_some() {
                this.write_targets(planned, read_at, read_instant)
                    .map(|()| Vec::new())
            } else {
                this.write_in_place(node, planned)
            }
        })
    }

    /// The end of every commit: `write` makes the staged batch's writes, refused if its backup
    /// records were left unsynced; then the batch's locks are released, whatever the outcome.
    fn commit_with(
        &mut self,
        staged: Staged,
        write: impl FnOnce(&mut Self, Vec<Planned>, i64, Instant) -> Result<Vec<Key>, Error>,
    ) -> Result<Vec<Key>, Error> {
        let Staged {
            node,
            planned,
            locked,
            read_at,
            read_instant,
            unsynced,
            // Written by the script, a batch's keys need no watch.
            watch: _,
        } = staged;
        let result = match unsynced {
            Some(_) => Err(Error::Refused(
                "a batch's backup records were not synced before its writes".into(),
            )),
            None => write(self, planned, read_at, read_instant),
        };
        self.unlock(node, &locked)?;
        result
    }

    fn unlock(&mut self, node: usize, locked: &[Key]) -> Result<(), Error> {
        if locked.is_empty() {
            return Ok(());
        }
        self.store.unlock(node, locked)
    }

    /// Writes a staged in-place batch whose backup records are synced.
    fn write_in_place(
        &mut self,
        node: usize,
        mut planned: Vec<Planned>,
    ) -> Result<Vec<Key>, Error> {
        if self.settings.dry_run {
            for p in &planned {
                self.migrated(p);
            }
            return Ok(Vec::new());
        }
        let writes = self.take_writes(&mut planned);
        let written = self.store.compare_and_set(node, &writes)?;
        Ok(self.account(planned, written))
    }

    /// The compare-and-set writes of a staged batch written in place, for another connection
    /// to make ([`Store::writer`]) when [`Settings::writes_in_place`]. The batch keeps its keys
    /// and sizes; its values move into the writes, since nothing after the write needs them
    /// (a key whose value changed meanwhile is read again).
    pub(super) fn take_staged_writes(&self, staged: &mut Staged) -> Vec<Write> {
        self.take_writes(&mut staged.planned)
    }

    /// [`Rewrite::commit`] of a batch whose records were synced and whose
    /// [`Rewrite::take_staged_writes`] were made elsewhere, with the outcome `written`.
    pub(super) fn commit_written(
        &mut self,
        staged: Staged,
        written: Result<Vec<bool>, Error>,
    ) -> Result<Vec<Key>, Error> {
        self.commit_with(staged, |this, planned, _, _| {
            written.map(|written| this.account(planned, written))
        })
    }

    fn take_writes(&self, planned: &mut [Planned]) -> Vec<Write> {
        planned
            .iter_mut()
            .map(|p| Write {
                key: p.key.clone(),
                expected: Expected::Bytes(std::mem::take(&mut p.original.bytes)),
                value: std::mem::take(&mut p.new),
                ttl: WriteTtl::KeepCurrent,
                kind: self.settings.target_kind,
            })
            .collect()
    }

    /// Counts the keys written; returns those that held something else by then.
    fn account(&mut self, planned: Vec<Planned>, written: Vec<bool>) -> Vec<Key> {
        let mut lost = Vec::new();
        for (p, ok) in planned.into_iter().zip(written) {
            if ok {
                self.migrated(&p);
            } else {
                lost.push(p.key);
            }
        }
        lost
    }

    /// Appends backup records and syncs them.
    pub(super) fn back_up(&mut self, records: &[Record]) -> Result<(), Error> {
        match self.append_backup(records.iter().map(Record::as_ref))? {
            Some(unsynced) => unsynced.sync(),
            None => Ok(()),
        }
    }

    /// Appends backup records; returns what syncs them (`None` when there were none).
    fn append_backup<'a>(
        &mut self,
        records: impl Iterator<Item = RecordRef<'a>>,
    ) -> Result<Option<Unsynced>, Error> {
        let Some(backup) = self.backup.as_mut() else {
            return Err(Error::Refused("no backup file".into()));
        };
        let mut any = false;
        for record in records {
            backup.append_ref(record)?;
            any = true;
        }
        if any {
            backup.flush().map(Some)
        } else {
            Ok(None)
        }
    }

    pub(super) fn migrated(&mut self, p: &Planned) {
        self.counters.migrated += 1;
        for fact in &p.dropped {
            *self.counters.dropped.entry(fact.clone()).or_default() += 1;
        }
        self.counters.bytes_before += p.sizes.0;
        self.counters.bytes_after += p.sizes.1;
    }
}
