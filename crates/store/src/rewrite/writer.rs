//! The writer of an overlapped pass: one thread for the whole pass, on the store's second
//! connection ([`Store::writer`]), that makes the compare-and-set writes of each staged batch,
//! in scan order, as soon as the batch's backup records are synced.
//!
//! The pass hands a batch over as soon as it is staged, before the batch ahead of it is
//! finished, so the writer goes from one batch's writes to the next with nothing in between:
//! the server always has writes queued while the pass reads and decides other batches. A
//! writer started per batch, once the batch before it had been finished, left the connection
//! idle for about a tenth of each batch's time (joining the previous writer, counting its
//! results, starting a thread and waiting for a core).
//!
//! After a batch with a key that held something else by then (its retries still to make) or
//! with an error, the writer waits until the pass has dealt with that batch: every batch is
//! still written after the retries of the one before it.

use std::sync::mpsc::{self, Receiver, Sender};
use std::thread::{Scope, ScopedJoinHandle};

use crate::{Error, Store, Watch, Write};

/// What the writer reports for each batch, in the order the batches were handed over.
pub(super) type Outcome = Result<Vec<bool>, Error>;

/// One staged batch for the writer: its writes, made once `sync` (its backup records being
/// synced) succeeded, through `watch` where its keys are watched.
struct Job<'scope> {
    node: usize,
    writes: Vec<Write>,
    watch: Option<Watch>,
    sync: ScopedJoinHandle<'scope, Result<(), Error>>,
}

/// The writer thread, and the channels to and from it.
pub(super) struct Writer<'scope> {
    jobs: Sender<Job<'scope>>,
    outcomes: Receiver<Outcome>,
    /// Lets the writer go on after a batch that was not written cleanly ([`is_clean`]).
    resume: Sender<()>,
    thread: ScopedJoinHandle<'scope, ()>,
}

/// Whether a batch was written with nothing left for the pass to do before the next: every
/// key written. The writer and the pass both decide by this whether the writer waits.
pub(super) fn is_clean(outcome: &Outcome) -> bool {
    matches!(outcome, Ok(written) if written.iter().all(|&ok| ok))
}

impl<'scope> Writer<'scope> {
    /// Starts the writer on `store`, a connection of its own.
    pub(super) fn start(scope: &'scope Scope<'scope, '_>, store: Box<dyn Store + Send>) -> Self {
        let (jobs, job_queue) = mpsc::channel::<Job<'scope>>();
        let (outcome_sender, outcomes) = mpsc::channel();
        let (resume, resumed) = mpsc::channel();
        let thread = scope.spawn(move || run(store, job_queue, outcome_sender, resumed));
        Writer {
            jobs,
            outcomes,
            resume,
            thread,
        }
    }

    /// Queues a batch's writes behind those handed over before.
    pub(super) fn hand_over(
        &self,
        node: usize,
        writes: Vec<Write>,
        watch: Option<Watch>,
        sync: ScopedJoinHandle<'scope, Result<(), Error>>,
    ) -> Result<(), Error> {
        self.jobs
            .send(Job {
                node,
                writes,
                watch,
                sync,
            })
            .map_err(|_| stopped())
    }

    /// The outcome of the oldest batch handed over and not reported yet (waits for it).
    pub(super) fn outcome(&self) -> Outcome {
        self.outcomes.recv().map_err(|_| stopped())?
    }

    /// Lets the writer go on to the next batch, once the pass has dealt with a batch that was
    /// not written cleanly.
    pub(super) fn resume(&self) {
        // A writer that stopped has nothing left to write.
        let _ = self.resume.send(());
    }

    /// Stops the writer once it has written everything handed over.
    pub(super) fn finish(self) -> Result<(), Error> {
        let Writer { jobs, thread, .. } = self;
        drop(jobs);
        thread.join().map_err(|_| stopped())
    }
}

fn run(
    mut store: Box<dyn Store + Send>,
    jobs: Receiver<Job<'_>>,
    outcomes: Sender<Outcome>,
    resume: Receiver<()>,
) {
    for Job {
        node,
        writes,
        watch,
        sync,
    } in jobs
    {
        let synced = sync.join().unwrap_or_else(|_| {
            Err(Error::Refused(
                "a thread panicked while syncing a batch's backup records".into(),
            ))
        });
        // Nothing is written unless the records backing it up are on disk.
        let outcome = synced.and_then(|()| write(store.as_mut(), node, watch, &writes));
        drop(writes);
        let clean = is_clean(&outcome);
        if outcomes.send(outcome).is_err() {
            return;
        }
        // The pass stopped (an error) or stops the writer: nothing more is written.
        if !clean && resume.recv().is_err() {
            return;
        }
    }
}

/// Makes a batch's writes: through its watch where it has one, and through the
/// compare-and-set script for the keys of the chunks whose watch saw a change (each key then
/// compared on its own: most of them still hold what was read).
fn write(store: &mut dyn Store, node: usize, watch: Option<Watch>, writes: &[Write]) -> Outcome {
    let Some(watch) = watch else {
        return store.compare_and_set(node, writes);
    };
    let written = watch.write(writes)?;
    crate::decide_rest(written, writes, |changed| {
        store.compare_and_set(node, changed)
    })
}

fn stopped() -> Error {
    Error::Refused("the writer thread stopped before writing every batch".into())
}
