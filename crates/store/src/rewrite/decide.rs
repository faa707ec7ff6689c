//! Deciding a batch's sessions (decode, re-encode, read back and compare: the plan's work, the
//! CPU-bound part of a rewrite) on a worker pool, so every core transcodes while the engine
//! reads and writes the store.

use std::sync::Arc;

use rayon::prelude::*;

use super::{Decision, Decisions, Plan, Settings};
use crate::{Error, Key, Stored};

/// What becomes of one session: its new bytes, where they go, and what the plan said of it.
pub(super) struct One {
    pub(super) new: Vec<u8>,
    /// The SHA-1 of `new`, for its backup record (computed here, on the pool, off the thread
    /// that talks to the store).
    pub(super) new_sha1: [u8; 20],
    pub(super) target_key: Option<Key>,
    pub(super) written_at: i64,
    pub(super) dropped: Vec<String>,
}

/// The pool that decides batches (none: on the calling thread). Clones share the pool.
#[derive(Clone)]
pub(super) struct Decider {
    pool: Option<Arc<rayon::ThreadPool>>,
}

impl Decider {
    /// `threads` workers (0: one per core; 1: no pool), each `nice` steps below the priority
    /// of the thread that starts the pool.
    pub(super) fn new(threads: usize, nice: u8) -> Result<Decider, Error> {
        if threads == 1 {
            return Ok(Decider { pool: None });
        }
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .thread_name(|i| format!("jsess-decide-{i}"))
            .start_handler(move |_| lower_priority(nice))
            .build()
            .map_err(|e| Error::Refused(format!("starting the worker threads: {e}")))?;
        Ok(Decider {
            pool: Some(Arc::new(pool)),
        })
    }

    /// How many threads decide.
    pub(super) fn threads(&self) -> usize {
        self.pool
            .as_ref()
            .map_or(1, |pool| pool.current_num_threads())
    }

    /// The decision for each value read (`None` where the key was gone), in order.
    pub(super) fn decide(
        &self,
        plan: &dyn Plan,
        settings: &Settings,
        keys: &[Key],
        values: &[Option<Stored>],
    ) -> Decisions {
        let one = |(key, value): (&Key, &Option<Stored>)| {
            value
                .as_ref()
                .map(|v| plan_one(plan, settings, key, &v.bytes))
        };
        match &self.pool {
            // Small batches are not worth a hand-off.
            Some(pool) if keys.len() > 1 => pool.install(|| {
                keys.par_iter()
                    .zip(values.par_iter())
                    .with_min_len(4)
                    .map(one)
                    .collect()
            }),
            _ => keys.iter().zip(values).map(one).collect(),
        }
    }
}

/// Lowers the calling thread's scheduling priority by `nice` steps (the kernel stops at 19).
/// Linux keeps a nice value per thread and `nice()` changes the calling thread's alone;
/// elsewhere it would renice the whole process, so it is not called. A refusal (a seccomp
/// filter, say) leaves the thread as it was: priority is a courtesy the rewrite does not
/// depend on.
fn lower_priority(nice: u8) {
    #[cfg(target_os = "linux")]
    if nice > 0 {
        // SAFETY: nice() takes an integer and touches no memory of ours.
        unsafe {
            libc::nice(i32::from(nice));
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = nice;
}

/// The plan's decision, with the target key, or the skip or failure.
fn plan_one(
    plan: &dyn Plan,
    settings: &Settings,
    key: &[u8],
    bytes: &[u8],
) -> Result<One, Decision> {
    let (new, id, written_at, format, dropped) = match plan.decide(key, bytes) {
        Decision::Write {
            bytes,
            id,
            written_at,
            dropped,
        } => (Some(bytes), id, written_at, String::new(), dropped),
        Decision::AlreadyTarget {
            format,
            id,
            written_at,
        } => (None, id, written_at, format, Vec::new()),
        other => return Err(other),
    };
    let target_key = match &settings.target_prefix {
        Some(_) => match plan.target_key(key, &id, settings) {
            Some(target) => Some(target),
            None => {
                return Err(Decision::Skip(
                    "session under a key that is not source prefix + its id".into(),
                ))
            }
        },
        None => None,
    };
    let one = |new: Vec<u8>, target_key| One {
        new_sha1: crate::sha1(&new),
        new,
        target_key,
        written_at,
        dropped,
    };
    match (new, target_key) {
        (Some(new), target_key) => Ok(one(new, target_key)),
        // Copying under a new prefix in the same format: the bytes as they are.
        (None, Some(target_key)) => Ok(one(bytes.to_vec(), Some(target_key))),
        (None, None) => Err(Decision::Skip(format!("already {format}"))),
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::Decider;

    /// The calling thread's nice value.
    fn nice() -> i32 {
        // SAFETY: getpriority takes integers and touches no memory of ours.
        unsafe { libc::getpriority(libc::PRIO_PROCESS, 0) }
    }

    #[test]
    fn workers_run_below_the_callers_priority_and_the_caller_stays_put() {
        let before = nice();
        let decider = Decider::new(2, 3).expect("pool");
        let pool = decider.pool.as_ref().expect("a pool for 2 threads");
        let workers: Vec<i32> = pool.broadcast(|_| nice());
        assert_eq!(workers, vec![(before + 3).min(19); 2]);
        assert_eq!(nice(), before);
        let level = Decider::new(2, 0).expect("pool");
        let workers: Vec<i32> = level.pool.as_ref().expect("pool").broadcast(|_| nice());
        assert_eq!(workers, vec![before; 2]);
    }
}
