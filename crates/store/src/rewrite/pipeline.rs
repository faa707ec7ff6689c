//! The pass over a store, overlapped: while the worker pool decides one batch (decode,
//! re-encode, verify: the CPU-bound part), the calling thread writes the batch before it and
//! scans and reads the batch after it, so neither the cores nor the connection wait for the
//! other; and the backup records of the batch about to be written are synced on a thread of
//! their own while the next batch is scanned and read (a sync takes milliseconds, as long as
//! reading a batch), the batch's writes starting only once it returned. Batches are still
//! written in scan order and the checkpoint records the scan position of a batch written, never
//! of one read ahead, so a resumed run redoes what was read but not written.

use std::thread::{Scope, ScopedJoinHandle};

use super::decide::Decider;
use super::write::Staged;
use super::{Decisions, Fetched, Plan, Rewrite, Settings};
use crate::{Error, Key, Position};

/// A batch read, its decisions under way.
struct InFlight<'scope> {
    /// Where the scan stood after this batch's step.
    position: Position,
    validity: Vec<Key>,
    decisions: Deciding<'scope>,
}

enum Deciding<'scope> {
    /// No session value to decide.
    Nothing(Fetched),
    /// On the pool; the thread hands the batch back with its decisions.
    Running(ScopedJoinHandle<'scope, (Fetched, Decisions)>),
}

impl Rewrite<'_> {
    /// One scan of the whole store from where it stands.
    pub fn pass(&mut self) -> Result<(), Error> {
        self.progress.start(self.store.key_count()?);
        let passed = if self.decider.threads() == 1 {
            self.pass_in_turn()
        } else {
            let decider = self.decider.clone();
            let settings = self.settings.clone();
            let plan = self.plan;
            std::thread::scope(|scope| self.pass_overlapped(scope, &decider, plan, &settings))
        };
        // Also after an error: the batches written before it need not be redone.
        let saved = self.flush_checkpoint();
        passed?;
        saved?;
        self.progress.finish();
        Ok(())
    }

    /// Each batch read, decided and written before the next is scanned (one thread).
    fn pass_in_turn(&mut self) -> Result<(), Error> {
        while let Some(batch) = self.store.next_batch(self.settings.batch_size.max(1))? {
            let position = self.store.position();
            self.progress.advance(batch.keys.len() as u64);
            self.batch(batch.node, batch.keys)?;
            self.checkpoint_at(position)?;
            if self.interrupted() {
                break;
            }
        }
        Ok(())
    }

    fn pass_overlapped<'scope, 'env>(
        &mut self,
        scope: &'scope Scope<'scope, 'env>,
        decider: &'env Decider,
        plan: &'env dyn Plan,
        settings: &'env Settings,
    ) -> Result<(), Error> {
        let mut in_flight: Option<InFlight<'scope>> = None;
        loop {
            let mut staged = match in_flight.take() {
                Some(previous) => Some(self.stage_decided(previous)?),
                None => None,
            };
            let syncing = staged
                .as_mut()
                .and_then(|(staged, ..)| staged.unsynced.take())
                .map(|unsynced| scope.spawn(move || unsynced.sync()));
            let next = if self.interrupted() {
                Ok(None)
            } else {
                self.read_ahead(scope, decider, plan, settings)
            };
            // The batch staged is written even when reading the next failed: its records are
            // backed up already, and a resumed run need not redo it.
            if let Some((staged, position, validity)) = staged {
                let synced = match syncing {
                    Some(handle) => handle.join().unwrap_or_else(|_| {
                        Err(Error::Refused(
                            "the thread syncing the backup panicked".into(),
                        ))
                    }),
                    None => Ok(()),
                };
                self.complete(staged, synced, position, validity)?;
            }
            match next? {
                Some(batch) => in_flight = Some(batch),
                None => return Ok(()),
            }
        }
    }

    /// Scans and reads the next batch and starts deciding it; `None` after the last one.
    fn read_ahead<'scope, 'env>(
        &mut self,
        scope: &'scope Scope<'scope, 'env>,
        decider: &'env Decider,
        plan: &'env dyn Plan,
        settings: &'env Settings,
    ) -> Result<Option<InFlight<'scope>>, Error> {
        let Some(batch) = self.store.next_batch(self.settings.batch_size.max(1))? else {
            return Ok(None);
        };
        let position = self.store.position();
        self.progress.advance(batch.keys.len() as u64);
        let (sessions, validity) = self.classify(batch.keys);
        let fetched = self.read(batch.node, sessions)?;
        let decisions = if fetched.keys.is_empty() {
            Deciding::Nothing(fetched)
        } else {
            Deciding::Running(scope.spawn(move || {
                let decisions = decider.decide(plan, settings, &fetched.keys, &fetched.values);
                (fetched, decisions)
            }))
        };
        Ok(Some(InFlight {
            position,
            validity,
            decisions,
        }))
    }

    /// Waits for a batch's decisions and stages its writes ([`Rewrite::stage`]).
    fn stage_decided(
        &mut self,
        batch: InFlight<'_>,
    ) -> Result<(Staged, Position, Vec<Key>), Error> {
        let (fetched, decisions) = match batch.decisions {
            Deciding::Nothing(fetched) => (fetched, Vec::new()),
            Deciding::Running(handle) => handle.join().map_err(|_| {
                Error::Refused("a worker thread panicked while deciding a batch".into())
            })?,
        };
        let staged = self.stage(fetched, decisions)?;
        Ok((staged, batch.position, batch.validity))
    }

    /// Writes a staged batch once its backup records are synced (`synced`), settles its
    /// retries, saves the checkpoint.
    fn complete(
        &mut self,
        staged: Staged,
        synced: Result<(), Error>,
        position: Position,
        validity: Vec<Key>,
    ) -> Result<(), Error> {
        let node = staged.node();
        let lost = self.commit_synced(staged, synced)?;
        self.settle(node, lost, validity)?;
        self.checkpoint_at(position)
    }
}
