//! A store-wide rewrite: every session value re-encoded, in place or under a new key prefix,
//! with nothing lost (docs/redis.md).
//!
//! Per batch: one SCAN step, one round trip reading values and times to live, the [`Plan`]'s
//! decision for each value (made in memory by the format side, on a worker pool: this crate
//! knows no session format), the replaced values appended to the backup file and synced, then
//! one round trip of compare-and-set scripts, then the checkpoint (saved every 100 ms). The
//! batches overlap (`pipeline.rs`): one is decided while the one before is written and the one
//! after is read. A key whose value changed between the read and
//! the write keeps the newer value (the application's write wins) and is tried again. With a
//! target prefix, a target the new fleet has written since is never overwritten. The backup
//! makes every write reversible ([`rollback`](crate::rollback)). With [`Settings::slots`] the
//! rewrite handles one range of hash slots only: one worker's share of a store split between
//! several (the rule for msm's companion keys is in `range.rs` and [`crate::slots`]).

mod decide;
mod pipeline;
mod range;
mod report;
mod targets;
mod write;
mod writer;

pub use report::{Counters, Failure, Report};

use std::collections::{BTreeMap, HashSet};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crate::backup::{BackupWriter, Record};
use crate::checkpoint::{self, Checkpoint};
use crate::keys::{key_role, lock_key, session_prefix, KeyRole};
use crate::{
    Error, Expected, Key, Position, SlotRange, Store, Stored, Ttl, ValueKind, Watch, Write,
    WriteTtl,
};
use decide::{Decider, One};

/// Attempts for a key whose value keeps changing under the rewrite.
const ATTEMPTS: usize = 3;
/// msm's lock expiry default (`lockExpiration`, 5 s): the lock frees itself if jsess dies.
const LOCK_TTL_MS: u64 = 5_000;
/// How long a lock held by a Tomcat is waited for (msm's own operationTimeout).
const LOCK_WAIT: Duration = Duration::from_millis(1_000);
/// How often the checkpoint is saved while a pass runs (and always at its end).
const CHECKPOINT_EVERY: Duration = Duration::from_millis(100);

/// The format side of a rewrite: what becomes of each stored value.
pub trait Plan: Sync {
    /// The decision for the value of a session key (`key` as stored, `bytes` as read).
    fn decide(&self, key: &[u8], bytes: &[u8]) -> Decision;
    /// The `lastBackupTime` of the session a target key holds, to tell whether the new fleet
    /// wrote it after the source was read; `None` when it holds no session.
    fn written_at(&self, bytes: &[u8]) -> Option<i64>;
    /// Where session `id`, read from `key`, goes under the target prefix; `None` skips it
    /// (its key is not the source prefix + its id). By default, msm's keys: `prefix + id`,
    /// msm's prefixes ending in `_`, the hash layouts' keys in `…:` + id.
    fn target_key(&self, key: &[u8], id: &[u8], settings: &Settings) -> Option<Key> {
        let target = settings.target_prefix.as_deref()?;
        let source = settings.source_prefix.as_slice();
        let prefix = match settings.source_kind {
            ValueKind::String => session_prefix(key, id),
            ValueKind::Hash => key.strip_suffix(id),
        };
        match prefix {
            Some(p) if p == source || source.is_empty() => Some([target, id].concat()),
            _ => None,
        }
    }
    /// Whether msm's `validity:` keys go along with the sessions (msm to msm only).
    fn copies_validity(&self) -> bool {
        true
    }
}

/// What becomes of one value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// Write these bytes (verified by the plan).
    Write {
        /// The new value.
        bytes: Vec<u8>,
        /// The session's id (where it goes under a target prefix).
        id: Vec<u8>,
        /// The session's `lastBackupTime`.
        written_at: i64,
        /// Facts the target has no place for, dropped as allowed (msm's `lastBackupTime`
        /// in another manager's layout, say); counted in the report.
        dropped: Vec<String>,
    },
    /// Already in the target format: skipped in place, copied as it is under a target prefix.
    AlreadyTarget {
        /// The target format's name (for the report: `already msm-kryo`).
        format: String,
        /// The session's id.
        id: Vec<u8>,
        /// The session's `lastBackupTime`.
        written_at: i64,
    },
    /// Not rewritten, for this reason (a ping, a foreign value): counted, not an error.
    Skip(String),
    /// Not rewritten because it cannot be (rejected, or the target cannot hold it): a failure.
    Fail(String),
}

/// [`Settings::worker_nice`]'s default: in alternated migrations on one 2-core host, workers
/// at nice 10 moved 6–21% more sessions per second than at the server's priority with glibc's
/// allocator (the server and the reading and writing threads no longer waited for a core
/// behind them), and as many with mimalloc. Beside a load that already kept those cores busy,
/// 0 migrated faster, and 10 left the load's own requests 6–9% more room (docs/redis.md).
pub const DEFAULT_WORKER_NICE: u8 = 10;

/// How the rewrite runs.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Only keys under this prefix are sources (also after `validity:` and `lock:`).
    pub source_prefix: Vec<u8>,
    /// Write under this prefix instead of in place (keys `target_prefix + id`).
    pub target_prefix: Option<Vec<u8>>,
    /// Decide and count, write nothing.
    pub dry_run: bool,
    /// Take msm's `lock:` key of each session while rewriting it in place.
    pub msm_lock: bool,
    /// Keys per SCAN step.
    pub batch_size: usize,
    /// The backup file every replaced value goes to first (required unless `dry_run`).
    pub backup: Option<PathBuf>,
    /// Continue the run the backup's checkpoint describes.
    pub resume: bool,
    /// What this rewrite is (`source -> format under prefix`): a checkpoint of another job is
    /// not resumed.
    pub job: String,
    /// What the source keys hold: strings (msm) or hashes (Spring Session, Redisson). The plan
    /// is given hashes as their images ([`crate::hash_image`]).
    pub source_kind: ValueKind,
    /// What the plan writes; a kind other than the source's needs a target prefix (sessions
    /// move to other keys, in another manager's layout).
    pub target_kind: ValueKind,
    /// Only the keys of these hash slots (msm's companion keys decided by their session's
    /// key, see [`crate::slots`]): one worker's share of a store split between several.
    pub slots: Option<SlotRange>,
    /// Threads that decode, re-encode and verify sessions while the store is read and written
    /// (0: one per core; 1: all on the calling thread).
    pub threads: usize,
    /// How much lower than the process's the workers' scheduling priority is (Linux `nice`
    /// increments, 0 to 19; ignored elsewhere and with `threads` 1): when a core is wanted,
    /// the threads that keep the store's round trips going, and a Redis server on the same
    /// host, get it before transcoding does.
    pub worker_nice: u8,
}

impl Settings {
    /// A rewrite of every key, in place, in batches of 1,000, its replaced values backed up to
    /// `backup`: change the fields for anything else.
    pub fn new(backup: impl Into<PathBuf>) -> Settings {
        Settings {
            source_prefix: Vec::new(),
            target_prefix: None,
            dry_run: false,
            msm_lock: false,
            batch_size: 1_000,
            backup: Some(backup.into()),
            resume: false,
            job: String::new(),
            source_kind: ValueKind::String,
            target_kind: ValueKind::String,
            slots: None,
            threads: 0,
            worker_nice: DEFAULT_WORKER_NICE,
        }
    }

    /// Whether sessions are written back under their own keys: neither under a target prefix
    /// nor not at all (a dry run). Only such writes are backed up before they are made.
    pub(crate) fn writes_in_place(&self) -> bool {
        self.target_prefix.is_none() && !self.dry_run
    }
}

/// Shows how the rewrite goes (a progress bar); every method does nothing by default.
pub trait Progress {
    /// A pass over `total` keys starts.
    fn start(&self, total: u64) {
        let _ = total;
    }
    /// `n` more keys were visited.
    fn advance(&self, n: u64) {
        let _ = n;
    }
    /// The current tally, in a few words.
    fn message(&self, message: String) {
        let _ = message;
    }
    /// The pass ended.
    fn finish(&self) {}
}

/// No progress shown.
#[derive(Debug, Clone, Copy, Default)]
pub struct Quiet;

impl Progress for Quiet {}

/// A session read and decided, waiting for its write.
struct Planned {
    key: Key,
    original: Stored,
    new: Vec<u8>,
    /// The SHA-1 of `new`.
    new_sha1: [u8; 20],
    /// Target-prefix mode: where it goes.
    target_key: Option<Key>,
    written_at: i64,
    dropped: Vec<String>,
    /// The sizes of `original` and `new` for the report, kept because the bytes themselves
    /// move into the compare-and-set writes ([`Rewrite::take_writes`]).
    sizes: (u64, u64),
}

/// A batch's session values as read, waiting for their decisions.
struct Fetched {
    node: usize,
    keys: Vec<Key>,
    /// One per key; `None` where the key was gone.
    values: Vec<Option<Stored>>,
    /// The msm `lock:` keys taken for these keys, released after the write.
    locked: Vec<Key>,
    read_at: i64,
    read_instant: Instant,
    /// The keys still watched since they were read, for the writer ([`Store::fetch_watched`]).
    watch: Option<Watch>,
}

/// The decision for each value of a [`Fetched`] batch.
type Decisions = Vec<Option<Result<One, Decision>>>;

/// A store-wide rewrite in progress.
pub struct Rewrite<'p> {
    store: Box<dyn Store>,
    /// Where sessions are copied to when that is another store (a directory of Tomcat
    /// `.session` files, say); `None`: the source store.
    target: Option<Box<dyn Store>>,
    plan: &'p dyn Plan,
    settings: Settings,
    backup: Option<BackupWriter>,
    checkpoint: Option<PathBuf>,
    /// The position of the last batch written, not saved yet, and when it was last saved.
    unsaved: Option<Position>,
    saved_at: Instant,
    counters: Counters,
    interrupted: Arc<AtomicBool>,
    progress: Box<dyn Progress + 'p>,
    /// Decides each batch's sessions, on a worker pool.
    decider: Decider,
    /// When this process started the run (for the report's rate).
    started: Instant,
    /// Set when a resumed scan could not continue where it stopped (the server restarted).
    pub rescanned_node: Option<usize>,
}

impl<'p> Rewrite<'p> {
    /// Checks the settings against the store, opens (or, resuming, continues) the backup file
    /// and seeks to the checkpoint.
    pub fn start(
        store: Box<dyn Store>,
        plan: &'p dyn Plan,
        settings: Settings,
    ) -> Result<Rewrite<'p>, Error> {
        Rewrite::start_with(store, None, plan, settings)
    }

    /// A rewrite that copies every session of `store` into `target`, another store (Redis to a
    /// directory of Tomcat `.session` files, say), under `settings.target_prefix` (which may be
    /// empty) or the plan's [`Plan::target_key`]. Rollback then runs on `target`.
    pub fn start_copy(
        store: Box<dyn Store>,
        target: Box<dyn Store>,
        plan: &'p dyn Plan,
        settings: Settings,
    ) -> Result<Rewrite<'p>, Error> {
        if settings.target_prefix.is_none() {
            return Err(Error::Refused(
                "copying into another store needs a target prefix (it may be empty)".into(),
            ));
        }
        Rewrite::start_with(store, Some(target), plan, settings)
    }

    fn start_with(
        mut store: Box<dyn Store>,
        target_store: Option<Box<dyn Store>>,
        plan: &'p dyn Plan,
        settings: Settings,
    ) -> Result<Rewrite<'p>, Error> {
        let writes_to = target_store.as_deref().unwrap_or(store.as_ref());
        if let Some(target) = &settings.target_prefix {
            if !writes_to.routes_keys() {
                return Err(Error::Refused(
                    "a target prefix needs one server or a Cluster: with several shards the \
                     proxy's hash decides where a new key lives, which jsess cannot know"
                        .into(),
                ));
            }
            if target == &settings.source_prefix
                && settings.source_kind == settings.target_kind
                && target_store.is_none()
            {
                return Err(Error::Refused(
                    "the target prefix is the source prefix: rewrite in place instead".into(),
                ));
            }
        } else if settings.source_kind != settings.target_kind {
            return Err(Error::Refused(format!(
                "{} sessions become {}es under other keys: a target prefix is needed",
                settings.source_kind.name(),
                settings.target_kind.name()
            )));
        }
        store.set_scan_kind(settings.source_kind);
        let mut counters = Counters::default();
        let mut backup = None;
        let mut rescanned_node = None;
        let checkpoint = match (&settings.backup, settings.dry_run) {
            (_, true) => None,
            (None, false) => {
                return Err(Error::Refused(
                    "a rewrite that writes needs a backup file".into(),
                ))
            }
            (Some(path), false) => {
                let cp_path = checkpoint::path_for(path);
                if settings.resume {
                    let cp = Checkpoint::load(&cp_path)?.ok_or_else(|| {
                        Error::Refused(format!(
                            "{}: no checkpoint to resume from",
                            cp_path.display()
                        ))
                    })?;
                    if cp.job != settings.job {
                        return Err(Error::Refused(format!(
                            "{}: the checkpoint is of another migration ({}), not {}",
                            cp_path.display(),
                            cp.job,
                            settings.job
                        )));
                    }
                    range::check_resume(&cp_path, &cp, &settings)?;
                    let cursor = cp.position.cursor;
                    store.seek(cp.position)?;
                    if store.position().cursor != cursor {
                        rescanned_node = Some(store.position().node);
                    }
                    counters = serde_json::from_value(cp.counters).map_err(|e| Error::Corrupt {
                        path: cp_path.display().to_string(),
                        reason: format!("checkpoint counters: {e}"),
                    })?;
                    backup = Some(BackupWriter::resume(path)?);
                } else {
                    if path.exists() {
                        return Err(Error::Refused(format!(
                            "{} exists: a backup is never overwritten (continue it with \
                             --resume, or name another file)",
                            path.display()
                        )));
                    }
                    backup = Some(BackupWriter::create(path)?);
                }
                Some(cp_path)
            }
        };
        let decider = Decider::new(settings.threads, settings.worker_nice)?;
        Ok(Rewrite {
            store,
            target: target_store,
            plan,
            settings,
            backup,
            checkpoint,
            unsaved: None,
            saved_at: Instant::now(),
            counters,
            interrupted: Arc::new(AtomicBool::new(false)),
            progress: Box::new(Quiet),
            decider,
            started: Instant::now(),
            rescanned_node,
        })
    }

    /// The store copies go to: the target store, or the source store.
    pub(super) fn target_store(&mut self) -> &mut dyn Store {
        match self.target.as_mut() {
            Some(target) => target.as_mut(),
            None => self.store.as_mut(),
        }
    }

    /// Shows progress through `progress`.
    pub fn with_progress(mut self, progress: impl Progress + 'p) -> Rewrite<'p> {
        self.progress = Box::new(progress);
        self
    }

    /// The flag that stops the rewrite after the current batch (set it from a signal handler).
    pub fn interrupt_flag(&self) -> Arc<AtomicBool> {
        Arc::clone(&self.interrupted)
    }

    /// Whether the rewrite was interrupted.
    pub fn interrupted(&self) -> bool {
        self.interrupted.load(Ordering::SeqCst)
    }

    /// The store, e.g. to subscribe to its writes before the first pass ([`Store::watch`]).
    pub fn store(&mut self) -> &mut dyn Store {
        self.store.as_mut()
    }

    /// The tally so far.
    pub fn counters(&self) -> &Counters {
        &self.counters
    }

    /// The report.
    pub fn report(&self) -> Report {
        let elapsed = self.started.elapsed();
        Report {
            job: self.settings.job.clone(),
            dry_run: self.settings.dry_run,
            slots: self.settings.slots,
            threads: self.decider.threads(),
            elapsed_ms: elapsed.as_millis() as u64,
            sessions_per_s: self.counters.migrated as f64 / elapsed.as_secs_f64().max(1e-9),
            counters: self.counters.clone(),
        }
    }

    /// After a pass: keys written from now on (`events`, from [`Store::watch`] subscribed
    /// before the pass), and a full rescan every `rescan`, until interrupted.
    pub fn follow(
        &mut self,
        events: Option<std::sync::mpsc::Receiver<(usize, Key)>>,
        rescan: Duration,
    ) -> Result<(), Error> {
        let mut last_scan = Instant::now();
        while !self.interrupted() {
            self.progress.message(format!(
                "following: {} migrated, {} copies of validity",
                self.counters.migrated, self.counters.validity_copied
            ));
            if last_scan.elapsed() >= rescan {
                self.store.rewind();
                self.pass()?;
                last_scan = Instant::now();
                continue;
            }
            let Some(events) = &events else {
                std::thread::sleep(Duration::from_millis(200));
                continue;
            };
            let mut changed: BTreeMap<usize, HashSet<Key>> = BTreeMap::new();
            let deadline = Instant::now() + Duration::from_millis(200);
            while let Some(left) = deadline.checked_duration_since(Instant::now()) {
                match events.recv_timeout(left) {
                    Ok((node, key)) => {
                        let keys = changed.entry(node).or_default();
                        keys.insert(key);
                        if keys.len() >= self.settings.batch_size {
                            break;
                        }
                    }
                    Err(std::sync::mpsc::RecvTimeoutError::Timeout) => break,
                    Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
                        return Err(Error::Refused(
                            "the keyspace notification connection closed".into(),
                        ))
                    }
                }
            }
            for (node, keys) in changed {
                self.batch(node, keys.into_iter().collect())?;
            }
        }
        self.progress.finish();
        Ok(())
    }

    /// Notes that every batch scanned up to `position` is written, saving the checkpoint at most
    /// every [`CHECKPOINT_EVERY`]: an older checkpoint is still right (a resumed run finds the
    /// sessions after it already migrated), and a sync per batch would bound the whole rewrite.
    fn checkpoint_at(&mut self, position: Position) -> Result<(), Error> {
        self.unsaved = Some(position);
        if self.saved_at.elapsed() >= CHECKPOINT_EVERY {
            self.flush_checkpoint()?;
        }
        Ok(())
    }

    /// Saves the last position [`Rewrite::checkpoint_at`] noted, if not saved yet.
    fn flush_checkpoint(&mut self) -> Result<(), Error> {
        let Some(position) = self.unsaved.take() else {
            return Ok(());
        };
        self.saved_at = Instant::now();
        let Some(path) = &self.checkpoint else {
            return Ok(());
        };
        Checkpoint {
            version: 1,
            job: self.settings.job.clone(),
            slots: self.settings.slots,
            position,
            counters: serde_json::to_value(&self.counters).map_err(|e| Error::Corrupt {
                path: path.display().to_string(),
                reason: e.to_string(),
            })?,
        }
        .save(path)
    }

    /// Whether `key` belongs to this rewrite's source: under the source prefix (for
    /// `validity:` and `lock:` keys, after that marker) and not under the target prefix.
    fn is_source_key(&self, key: &[u8]) -> bool {
        let rest = crate::keys::strip_role(key);
        let source = &self.settings.source_prefix;
        if !rest.starts_with(source) {
            return false;
        }
        match &self.settings.target_prefix {
            // A target prefix that extends the source prefix marks the keys this run writes.
            Some(t) => !(rest.starts_with(t) && t.len() > source.len()),
            None => true,
        }
    }

    fn batch(&mut self, node: usize, keys: Vec<Key>) -> Result<(), Error> {
        let (sessions, validity) = self.classify(keys);
        let lost = if sessions.is_empty() {
            Vec::new()
        } else {
            self.sessions(node, sessions)?
        };
        self.settle(node, lost, validity)
    }

    /// A batch's keys that are this rewrite's: session keys, and the `validity:` keys that go
    /// along with them (other roles are counted as skipped).
    fn classify(&mut self, keys: Vec<Key>) -> (Vec<Key>, Vec<Key>) {
        let mut sessions = Vec::new();
        let mut validity = Vec::new();
        for key in keys {
            if !self.is_source_key(&key) || !self.handles(&key) {
                continue;
            }
            self.counters.values_seen += 1;
            match key_role(&key) {
                KeyRole::Plain => sessions.push(key),
                // msm's validity keys go along only where msm sessions go (another msm prefix).
                KeyRole::Validity
                    if self.settings.target_prefix.is_some()
                        && self.settings.target_kind == ValueKind::String
                        && self.plan.copies_validity() =>
                {
                    validity.push(key)
                }
                role => self.counters.skip(format!("{} key", role.name())),
            }
        }
        (sessions, validity)
    }

    /// After a batch's first attempt: the keys the application changed meanwhile (`lost`) tried
    /// again, then the batch's `validity:` keys.
    fn settle(&mut self, node: usize, lost: Vec<Key>, validity: Vec<Key>) -> Result<(), Error> {
        let mut pending = lost;
        for _ in 2..=ATTEMPTS {
            if pending.is_empty() {
                break;
            }
            pending = self.sessions(node, pending)?;
        }
        for _ in &pending {
            self.counters
                .skip("changed by the application on every attempt (left as written)");
        }
        if !validity.is_empty() {
            self.validity(node, validity)?;
        }
        self.progress.message(format!(
            "{} migrated, {} failed",
            self.counters.migrated, self.counters.failed
        ));
        Ok(())
    }

    /// Takes msm's locks on `keys`, waiting as msm waits; returns the keys locked.
    fn lock(&mut self, node: usize, keys: Vec<Key>) -> Result<Vec<Key>, Error> {
        let started = Instant::now();
        let mut waiting = keys;
        let mut held = Vec::new();
        let mut pause = Duration::from_millis(10);
        loop {
            let lock_keys: Vec<Key> = waiting.iter().map(|k| lock_key(k)).collect();
            let taken = self.store.lock(node, &lock_keys, LOCK_TTL_MS)?;
            let mut still = Vec::new();
            for (key, ok) in waiting.into_iter().zip(taken) {
                if ok {
                    held.push(key);
                } else {
                    still.push(key);
                }
            }
            waiting = still;
            if waiting.is_empty() || started.elapsed() >= LOCK_WAIT {
                break;
            }
            std::thread::sleep(pause);
            pause = (pause * 2).min(Duration::from_millis(500));
        }
        for _ in &waiting {
            self.counters
                .skip("locked by a Tomcat (lock: key held), left untouched");
        }
        Ok(held)
    }

    /// One attempt at a batch of session keys; returns the keys whose value changed between
    /// read and write.
    fn sessions(&mut self, node: usize, keys: Vec<Key>) -> Result<Vec<Key>, Error> {
        let fetched = self.read(node, keys, false)?;
        let decisions =
            self.decider
                .decide(self.plan, &self.settings, &fetched.keys, &fetched.values);
        self.write(fetched, decisions)
    }

    /// Takes the keys' locks (with `--msm-lock`) and reads their values; `watched`, for a batch
    /// the writer thread writes in place, keeps string keys watched where the store can.
    fn read(&mut self, node: usize, keys: Vec<Key>, watched: bool) -> Result<Fetched, Error> {
        // In place the lock is the session key's; under a target prefix, the target key's.
        let locking = self.settings.msm_lock
            && self.settings.target_prefix.is_none()
            && !self.settings.dry_run;
        let keys = if locking {
            self.lock(node, keys)?
        } else {
            keys
        };
        let strings = self.settings.source_kind == ValueKind::String
            && self.settings.target_kind == ValueKind::String;
        let (values, watch) = match watched && strings {
            true => match self.store.fetch_watched(node, &keys)? {
                Some((values, watch)) => (values, Some(watch)),
                None => (self.store.fetch(node, &keys)?, None),
            },
            false => (
                self.store
                    .fetch_kind(node, &keys, self.settings.source_kind)?,
                None,
            ),
        };
        let locked = if locking {
            keys.iter().map(|k| lock_key(k)).collect()
        } else {
            Vec::new()
        };
        Ok(Fetched {
            node,
            keys,
            values,
            locked,
            read_at: now_ms(),
            read_instant: Instant::now(),
            watch,
        })
    }
}

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// What is left of a time to live read `since` ago; `None` once it ran out.
fn remaining(ttl: Ttl, since: Instant) -> Option<Ttl> {
    match ttl {
        Ttl::Persistent => Some(Ttl::Persistent),
        Ttl::Millis(ms) => {
            let left = ms - i64::try_from(since.elapsed().as_millis()).unwrap_or(i64::MAX);
            (left > 0).then_some(Ttl::Millis(left))
        }
    }
}
