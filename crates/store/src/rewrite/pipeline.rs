//! The pass over a store, overlapped, three batches at a time: while the calling thread scans
//! and reads one batch, the worker pool decides the one before it (decode, re-encode, verify:
//! the CPU-bound part) and the one before that is written: its backup records synced, then its
//! compare-and-set writes made by the writer thread ([`Writer`]) on a connection of its own
//! where the store has one ([`Store::writer`]), so that neither the cores nor the server wait
//! for the others. On one server a batch read for the writer stays watched from its read to
//! its write ([`Store::fetch_watched`]), and the writer writes it in transactions. A batch is
//! written only once its records are synced. Batches are still
//! written in scan order, each after the retries of the one before it, and the checkpoint
//! records the scan position of a batch written, never of one read ahead, so a resumed run
//! redoes what was read but not written.

use std::thread::{Scope, ScopedJoinHandle};

use super::decide::Decider;
use super::write::Staged;
use super::writer::{is_clean, Writer};
use super::{Decisions, Fetched, Plan, Rewrite, Settings};
use crate::backup::Unsynced;
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
            std::thread::scope(|scope| {
                let writer = self.start_writer(scope, &settings);
                let passed =
                    self.pass_overlapped(scope, &decider, plan, &settings, writer.as_ref());
                // After an error the writer stops at the next batch it would have to wait on;
                // dropped here, it stops once the batch it is writing (if any) is written.
                match (passed, writer) {
                    (Ok(()), Some(writer)) => writer.finish(),
                    (passed, _) => passed,
                }
            })
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

    /// The writer thread of an overlapped pass: in place, batches are written on a connection
    /// of their own where the store has one. A server that refuses the second connection (its
    /// `maxclients` reached, say) still gets the migration, written on the one connection as
    /// before.
    fn start_writer<'scope>(
        &mut self,
        scope: &'scope Scope<'scope, '_>,
        settings: &Settings,
    ) -> Option<Writer<'scope>> {
        if !settings.writes_in_place() {
            return None;
        }
        let store = self.store.writer().unwrap_or(None)?;
        Some(Writer::start(scope, store))
    }

    /// Reads, decides and writes every batch, overlapped, with the writer thread if the pass
    /// has one.
    fn pass_overlapped<'scope, 'env>(
        &mut self,
        scope: &'scope Scope<'scope, 'env>,
        decider: &'env Decider,
        plan: &'env dyn Plan,
        settings: &'env Settings,
        writer: Option<&Writer<'scope>>,
    ) -> Result<(), Error> {
        // Three batches at once: one read while the one before it is decided (then staged, its
        // backup records syncing) and the one before that written.
        let mut deciding: Option<InFlight<'scope>> = None;
        let mut writing: Option<Written<'scope>> = None;
        let mut scanned = false;
        loop {
            let next = if scanned || self.interrupted() {
                Ok(None)
            } else {
                // Read for the writer, a batch's keys stay watched until it writes them.
                self.read_ahead(scope, decider, plan, settings, writer.is_some())
            };
            // A staged batch goes to the writer at once, so that it follows the batch being
            // written without waiting for the pass to finish that one.
            let staged = match (&next, deciding.take()) {
                (Ok(_), Some(batch)) => Some(
                    self.stage_syncing(scope, batch)
                        .and_then(|staged| self.start_writing(staged, writer)),
                ),
                _ => None,
            };
            // The batch being written is finished even when reading the next, or staging the
            // one after it, failed: its records are backed up already, its writes may be made,
            // and the report and the checkpoint must count them.
            if let Some(written) = writing.take() {
                self.complete(written, writer)?;
            }
            writing = staged.transpose()?;
            match next? {
                Some(batch) => deciding = Some(batch),
                None if writing.is_none() => return Ok(()),
                None => scanned = true,
            }
        }
    }

    /// Waits for a batch's decisions, stages its writes ([`Rewrite::stage`]) and starts
    /// syncing its backup records on a thread of their own.
    fn stage_syncing<'scope>(
        &mut self,
        scope: &'scope Scope<'scope, '_>,
        batch: InFlight<'_>,
    ) -> Result<Written<'scope>, Error> {
        let (fetched, decisions) = match batch.decisions {
            Deciding::Nothing(fetched) => (fetched, Vec::new()),
            Deciding::Running(handle) => handle.join().map_err(|_| {
                Error::Refused("a worker thread panicked while deciding a batch".into())
            })?,
        };
        let mut staged = self.stage(fetched, decisions)?;
        let unsynced = staged.unsynced.take();
        let sync = scope.spawn(move || unsynced.map_or(Ok(()), Unsynced::sync));
        Ok(Written {
            staged,
            work: Writing::Sync(sync),
            position: batch.position,
            validity: batch.validity,
        })
    }

    /// Hands a staged batch's writes to the writer, which makes them once its records are
    /// synced; without a writer (or for a batch not written in place) they are made by
    /// [`Rewrite::complete`].
    fn start_writing<'scope>(
        &mut self,
        written: Written<'scope>,
        writer: Option<&Writer<'scope>>,
    ) -> Result<Written<'scope>, Error> {
        let Written {
            mut staged,
            work,
            position,
            validity,
        } = written;
        let work = match (work, writer) {
            (Writing::Sync(sync), Some(writer)) => {
                let writes = self.take_staged_writes(&mut staged);
                let watch = staged.watch.take();
                writer.hand_over(staged.node(), writes, watch, sync)?;
                Writing::HandedOver
            }
            (work, _) => work,
        };
        Ok(Written {
            staged,
            work,
            position,
            validity,
        })
    }

    /// Scans and reads the next batch (`watched`: see [`Rewrite::read`]) and starts deciding
    /// it; `None` after the last one.
    fn read_ahead<'scope, 'env>(
        &mut self,
        scope: &'scope Scope<'scope, 'env>,
        decider: &'env Decider,
        plan: &'env dyn Plan,
        settings: &'env Settings,
        watched: bool,
    ) -> Result<Option<InFlight<'scope>>, Error> {
        let Some(batch) = self.store.next_batch(self.settings.batch_size.max(1))? else {
            return Ok(None);
        };
        let position = self.store.position();
        self.progress.advance(batch.keys.len() as u64);
        let (sessions, validity) = self.classify(batch.keys);
        let fetched = self.read(batch.node, sessions, watched)?;
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

    /// Finishes writing a staged batch (see [`Writing`]), settles its retries, saves the
    /// checkpoint.
    fn complete(&mut self, written: Written<'_>, writer: Option<&Writer<'_>>) -> Result<(), Error> {
        let Written {
            staged,
            work,
            position,
            validity,
        } = written;
        let node = staged.node();
        let (lost, waiting) = match (work, writer) {
            (Writing::Sync(handle), _) => {
                let synced = handle.join().unwrap_or_else(|_| Err(panicked("syncing")));
                (self.commit_synced(staged, synced)?, None)
            }
            (Writing::HandedOver, Some(writer)) => {
                let outcome = writer.outcome();
                // After a batch not written cleanly the writer waits for its retries.
                let waiting = (!is_clean(&outcome)).then_some(writer);
                (self.commit_written(staged, outcome)?, waiting)
            }
            (Writing::HandedOver, None) => {
                return Err(Error::Refused(
                    "a batch was handed to a writer that is not there".into(),
                ))
            }
        };
        self.settle(node, lost, validity)?;
        if let Some(writer) = waiting {
            writer.resume();
        }
        self.checkpoint_at(position)
    }
}

/// A batch staged and being written.
struct Written<'scope> {
    staged: Staged,
    work: Writing<'scope>,
    /// Where the scan stood after this batch's step.
    position: Position,
    validity: Vec<Key>,
}

/// A staged batch's sync under way, or the batch handed to the writer thread (its sync with
/// it).
enum Writing<'scope> {
    Sync(ScopedJoinHandle<'scope, Result<(), Error>>),
    HandedOver,
}

/// The error of a pipeline thread that panicked while `doing` its part.
fn panicked(doing: &str) -> Error {
    Error::Refused(format!("a thread panicked while {doing} a batch"))
}
