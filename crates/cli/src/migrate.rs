//! `jsess migrate`: re-encodes every session of a store in another format of the registry,
//! in place (a cut-over while the Tomcats are stopped) or under a new key prefix that a new
//! fleet reads (kept in sync with `--follow` until the switch).
//!
//! Per batch: one SCAN step, one pipelined GET/PTTL round trip, transcoding and verification in
//! memory, the replaced values appended to the backup file and synced, then one pipelined round
//! trip of compare-and-set scripts, then the checkpoint. A key whose value changed between the
//! read and the write keeps the newer value (the application's write wins) and is tried again.

use std::collections::{BTreeMap, HashSet};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use anyhow::{anyhow, bail, Context, Result};
use indicatif::ProgressBar;
use jsess_javaser::Limits;
use jsess_model::Codec;
use jsess_store::backup::{BackupWriter, Record};
use jsess_store::checkpoint::{self, Checkpoint};
use jsess_store::keys::{display_key, key_role, lock_key, session_prefix, KeyRole};
use jsess_store::{Expected, Key, Store, Stored, Ttl, Write, WriteTtl};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::cli::MigrateArgs;

/// Attempts for a key whose value keeps changing under the migration.
const ATTEMPTS: usize = 3;
/// Failures listed in the report (all are counted).
const KEPT_FAILURES: usize = 100;
/// msm's lock expiry default (`lockExpiration`, 5 s): the lock frees itself if jsess dies.
const LOCK_TTL_MS: u64 = 5_000;
/// How long a lock held by a Tomcat is waited for (msm's own operationTimeout).
const LOCK_WAIT: Duration = Duration::from_millis(1_000);

/// What codec construction gets besides the format name: the class dictionary, the class
/// schemas (--classpath, --schema, --schema-from) for msm-kryo and msm-javolution, Java
/// descriptors for msm-xstream, msm-javolution and msm-flexjson.
#[derive(Debug, Clone, Default)]
pub struct CodecOptions {
    pub formats: jsess_msm::FormatOptions,
}

impl CodecOptions {
    fn codec(&self, name: &str) -> Option<Box<dyn Codec>> {
        jsess_msm::codec_with(name, &self.formats)
    }

    fn detect(&self, bytes: &[u8]) -> Option<Box<dyn Codec>> {
        jsess_msm::detect_with(bytes, &self.formats)
    }
}

/// The run's tally: the final report, and what the checkpoint keeps across a resume.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Counters {
    pub values_seen: u64,
    pub migrated: u64,
    pub validity_copied: u64,
    pub bytes_before: u64,
    pub bytes_after: u64,
    pub skipped: BTreeMap<String, u64>,
    pub failed: u64,
    pub failures: Vec<Failure>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct Failure {
    pub key: String,
    pub reason: String,
}

impl Counters {
    fn skip(&mut self, reason: impl Into<String>) {
        *self.skipped.entry(reason.into()).or_default() += 1;
    }

    fn fail(&mut self, key: &[u8], reason: String) {
        self.failed += 1;
        if self.failures.len() < KEPT_FAILURES {
            self.failures.push(Failure {
                key: display_key(key),
                reason,
            });
        }
    }
}

pub fn run(args: &MigrateArgs) -> Result<ExitCode> {
    let options = CodecOptions {
        formats: crate::schema::format_options(
            &args.schemas,
            crate::load_dictionary(args.dictionary.as_deref())?,
            &jsess_javaser::Limits::DEFAULT,
        )?,
    };
    let target = options
        .codec(&args.to)
        .ok_or_else(|| anyhow!("no format named {}", args.to))?;
    let mut store = jsess_store::open(&args.source)
        .with_context(|| format!("opening {}", jsess_store::redacted(&args.source)))?;
    let target_prefix = args.target_prefix.as_ref().map(|p| p.as_bytes().to_vec());
    let source_prefix = args.prefix.clone().unwrap_or_default().into_bytes();
    if target_prefix.is_some() && !store.routes_keys() {
        bail!(
            "--target-prefix needs one server or a Cluster: with several shards the proxy's hash \
             decides where a new key lives, which jsess cannot know"
        );
    }
    if let Some(t) = &target_prefix {
        if t == &source_prefix {
            bail!("--target-prefix is the source prefix: migrate in place instead");
        }
    }
    // No SCAN MATCH on the prefix: `validity:` + prefix keys must be seen too.
    let job = format!(
        "{} -> {}{}",
        store.describe(),
        args.to,
        args.target_prefix
            .as_ref()
            .map(|p| format!(" under {p}"))
            .unwrap_or_default()
    );

    let mut counters = Counters::default();
    let mut backup = None;
    let checkpoint_path = args.backup.as_deref().map(checkpoint::path_for);
    if let (Some(path), false) = (&args.backup, args.dry_run) {
        let cp_path = checkpoint::path_for(path);
        if args.resume {
            let cp = Checkpoint::load(&cp_path)?
                .ok_or_else(|| anyhow!("{}: no checkpoint to resume from", cp_path.display()))?;
            if cp.job != job {
                bail!(
                    "{}: the checkpoint is of another migration ({}), not {job}",
                    cp_path.display(),
                    cp.job
                );
            }
            let cursor = cp.position.cursor;
            store.seek(cp.position)?;
            if store.position().cursor != cursor {
                eprintln!(
                    "jsess: the server restarted since the checkpoint (SCAN cursors do not survive \
                     a restart): node {} is scanned again from its start",
                    store.position().node
                );
            }
            counters = serde_json::from_value(cp.counters).context("checkpoint counters")?;
            backup = Some(BackupWriter::resume(path)?);
        } else {
            if path.exists() {
                bail!(
                    "{} exists: a backup is never overwritten (continue it with --resume, or \
                     name another file)",
                    path.display()
                );
            }
            backup = Some(BackupWriter::create(path)?);
        }
    }

    let interrupted = Arc::new(AtomicBool::new(false));
    {
        let flag = interrupted.clone();
        ctrlc::set_handler(move || flag.store(true, Ordering::SeqCst))
            .context("installing the interrupt handler")?;
    }

    let mut migrator = Migrator {
        store,
        target,
        to: args.to.clone(),
        options,
        limits: args.limits.limits(),
        source_prefix,
        target_prefix,
        dry_run: args.dry_run,
        msm_lock: args.msm_lock,
        backup,
        counters,
        batch_size: args.batch.max(1),
        checkpoint: checkpoint_path.filter(|_| !args.dry_run),
        job,
        interrupted: interrupted.clone(),
    };
    // Subscribed before the first pass, so nothing written during it is missed.
    let events = if args.follow {
        let events = migrator.store.watch(b"")?;
        if events.is_none() {
            eprintln!(
                "jsess: keyspace notifications unavailable (CONFIG SET refused?): following by \
                 rescans every {} s",
                args.rescan_seconds
            );
        }
        events
    } else {
        None
    };
    migrator.pass()?;
    if args.follow {
        migrator.follow(events, Duration::from_secs(args.rescan_seconds.max(1)))?;
    }
    let report = migrator.report(args.dry_run);
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print_report(&report);
    }
    if interrupted.load(Ordering::SeqCst) && !args.follow {
        eprintln!("jsess: interrupted; continue with --resume");
        return Ok(ExitCode::from(130));
    }
    Ok(if migrator.counters.failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

struct Migrator {
    store: Box<dyn Store>,
    target: Box<dyn Codec>,
    to: String,
    options: CodecOptions,
    limits: Limits,
    source_prefix: Vec<u8>,
    target_prefix: Option<Vec<u8>>,
    dry_run: bool,
    msm_lock: bool,
    backup: Option<BackupWriter>,
    counters: Counters,
    batch_size: usize,
    checkpoint: Option<std::path::PathBuf>,
    job: String,
    interrupted: Arc<AtomicBool>,
}

/// A session read and transcoded, waiting for its write.
struct Planned {
    key: Key,
    original: Stored,
    new: Vec<u8>,
    /// Target-prefix mode: where it goes, and the source's lastBackupTime.
    target_key: Option<Key>,
    last_backup_time: i64,
}

/// Why a value is not written.
enum Outcome {
    Skip(String),
    Fail(String),
}

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

impl Migrator {
    /// One scan of the whole store from where it stands.
    fn pass(&mut self) -> Result<()> {
        let bar = crate::progress(self.store.key_count()?, "migrating")?;
        while let Some(batch) = self.store.next_batch(self.batch_size)? {
            bar.inc(batch.keys.len() as u64);
            self.batch(batch.node, batch.keys, &bar)?;
            self.save_checkpoint()?;
            if self.interrupted.load(Ordering::SeqCst) {
                break;
            }
        }
        bar.finish_and_clear();
        Ok(())
    }

    fn save_checkpoint(&mut self) -> Result<()> {
        let Some(path) = &self.checkpoint else {
            return Ok(());
        };
        Checkpoint {
            version: 1,
            job: self.job.clone(),
            position: self.store.position(),
            counters: serde_json::to_value(&self.counters)?,
        }
        .save(path)?;
        Ok(())
    }

    /// Keys written from now on (notifications), and a full rescan every `rescan`.
    fn follow(
        &mut self,
        events: Option<std::sync::mpsc::Receiver<(usize, Key)>>,
        rescan: Duration,
    ) -> Result<()> {
        let mut last_scan = Instant::now();
        let bar = ProgressBar::new_spinner();
        while !self.interrupted.load(Ordering::SeqCst) {
            bar.set_message(format!(
                "following: {} migrated, {} copies of validity",
                self.counters.migrated, self.counters.validity_copied
            ));
            bar.tick();
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
                        if keys.len() >= self.batch_size {
                            break;
                        }
                    }
                    Err(std::sync::mpsc::RecvTimeoutError::Timeout) => break,
                    Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
                        bail!("the keyspace notification connection closed")
                    }
                }
            }
            for (node, keys) in changed {
                self.batch(node, keys.into_iter().collect(), &bar)?;
            }
        }
        bar.finish_and_clear();
        Ok(())
    }

    /// Whether `key` belongs to this migration's source: under the source prefix (for
    /// `validity:` and `lock:` keys, after that marker) and not under the target prefix.
    fn is_source_key(&self, key: &[u8]) -> bool {
        let rest = jsess_store::keys::strip_role(key);
        if !rest.starts_with(&self.source_prefix) {
            return false;
        }
        match &self.target_prefix {
            // A target prefix that extends the source prefix marks the keys this run writes.
            Some(t) => !(rest.starts_with(t) && t.len() > self.source_prefix.len()),
            None => true,
        }
    }

    fn batch(&mut self, node: usize, keys: Vec<Key>, bar: &ProgressBar) -> Result<()> {
        let mut sessions = Vec::new();
        let mut validity = Vec::new();
        for key in keys {
            if !self.is_source_key(&key) {
                continue;
            }
            self.counters.values_seen += 1;
            match key_role(&key) {
                KeyRole::Plain => sessions.push(key),
                KeyRole::Validity if self.target_prefix.is_some() => validity.push(key),
                role => self.counters.skip(format!("{} key", role.name())),
            }
        }
        let mut pending = sessions;
        for attempt in 1..=ATTEMPTS {
            if pending.is_empty() {
                break;
            }
            pending = self.sessions(node, pending)?;
            if attempt == ATTEMPTS {
                for _ in &pending {
                    self.counters
                        .skip("changed by the application on every attempt (left as written)");
                }
            }
        }
        if !validity.is_empty() {
            self.validity(node, validity)?;
        }
        bar.set_message(format!(
            "{} migrated, {} failed",
            self.counters.migrated, self.counters.failed
        ));
        Ok(())
    }

    /// Takes msm's locks on `keys`, waiting as msm waits; returns the keys locked.
    fn lock(&mut self, node: usize, keys: Vec<Key>) -> Result<Vec<Key>> {
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
    fn sessions(&mut self, node: usize, keys: Vec<Key>) -> Result<Vec<Key>> {
        // In place the lock is the session key's; under a target prefix, the target key's.
        let keys = if self.msm_lock && self.target_prefix.is_none() && !self.dry_run {
            self.lock(node, keys)?
        } else {
            keys
        };
        let values = self.store.fetch(node, &keys)?;
        let read_at = now_ms();
        let read_instant = Instant::now();
        let mut planned = Vec::new();
        let mut locked = Vec::new();
        for (key, value) in keys.into_iter().zip(values) {
            if self.msm_lock && self.target_prefix.is_none() && !self.dry_run {
                locked.push(lock_key(&key));
            }
            let Some(value) = value else {
                self.counters.skip("gone before it was read");
                continue;
            };
            match self.transcode(&key, &value.bytes) {
                Ok((new, target_key, last_backup_time)) => planned.push(Planned {
                    key,
                    original: value,
                    new,
                    target_key,
                    last_backup_time,
                }),
                Err(Outcome::Skip(reason)) => self.counters.skip(reason),
                Err(Outcome::Fail(reason)) => self.counters.fail(&key, reason),
            }
        }
        let result = if self.target_prefix.is_some() {
            self.write_targets(planned, read_at, read_instant)
                .map(|()| Vec::new())
        } else {
            self.write_in_place(node, planned, read_at)
        };
        if !locked.is_empty() {
            self.store.unlock(node, &locked)?;
        }
        result
    }

    fn write_in_place(
        &mut self,
        node: usize,
        planned: Vec<Planned>,
        read_at: i64,
    ) -> Result<Vec<Key>> {
        if self.dry_run {
            for p in &planned {
                self.migrated(p);
            }
            return Ok(Vec::new());
        }
        self.back_up(planned.iter().map(|p| Record {
            key: p.key.clone(),
            previous: Some(p.original.bytes.clone()),
            pttl: p.original.ttl.as_pttl(),
            read_at_ms: read_at,
            written_sha1: jsess_store::sha1(&p.new),
        }))?;
        let writes: Vec<Write> = planned
            .iter()
            .map(|p| Write {
                key: p.key.clone(),
                expected: Expected::Bytes(p.original.bytes.clone()),
                value: p.new.clone(),
                ttl: WriteTtl::KeepCurrent,
            })
            .collect();
        let written = self.store.compare_and_set(node, &writes)?;
        let mut lost = Vec::new();
        for (p, ok) in planned.into_iter().zip(written) {
            if ok {
                self.migrated(&p);
            } else {
                lost.push(p.key);
            }
        }
        Ok(lost)
    }

    fn write_targets(
        &mut self,
        planned: Vec<Planned>,
        read_at: i64,
        read_instant: Instant,
    ) -> Result<()> {
        let mut writes = Vec::new();
        let mut records = Vec::new();
        let mut done = Vec::new();
        let target_keys: Vec<Key> = planned
            .iter()
            .filter_map(|p| p.target_key.clone())
            .collect();
        let node = target_keys
            .first()
            .map(|k| self.store.node_of(k))
            .unwrap_or(0);
        let current = self.store.fetch(node, &target_keys)?;
        for (p, current) in planned.into_iter().zip(current) {
            let Some(target_key) = p.target_key.clone() else {
                continue;
            };
            let expected = match &current {
                None => Expected::Absent,
                Some(c) if c.bytes == p.new => {
                    self.counters.skip("target already up to date");
                    continue;
                }
                Some(c) => match self.last_backup_time(&c.bytes) {
                    Some(t) if t >= p.last_backup_time => {
                        self.counters
                            .skip("target written since by the new fleet (kept)");
                        continue;
                    }
                    Some(_) => Expected::Bytes(c.bytes.clone()),
                    None => {
                        self.counters.fail(
                            &target_key,
                            "target holds a value that is no session".into(),
                        );
                        continue;
                    }
                },
            };
            let Some(ttl) = remaining(p.original.ttl, read_instant) else {
                self.counters.skip("expired before it could be copied");
                continue;
            };
            records.push(Record {
                key: target_key.clone(),
                previous: current.as_ref().map(|c| c.bytes.clone()),
                pttl: current.as_ref().map_or(-2, |c| c.ttl.as_pttl()),
                read_at_ms: read_at,
                written_sha1: jsess_store::sha1(&p.new),
            });
            writes.push(Write {
                key: target_key,
                expected,
                value: p.new.clone(),
                ttl: WriteTtl::Set(ttl),
            });
            done.push(p);
        }
        if self.dry_run {
            for p in &done {
                self.migrated(p);
            }
            return Ok(());
        }
        self.back_up(records.into_iter())?;
        let written = self.store.compare_and_set(node, &writes)?;
        for (p, ok) in done.iter().zip(written) {
            if ok {
                self.migrated(p);
            } else {
                // Written by the new fleet between our read and write: theirs is newer.
                self.counters
                    .skip("target written since by the new fleet (kept)");
            }
        }
        Ok(())
    }

    /// Copies `validity:` keys next to the sessions under the target prefix (a non-sticky
    /// fleet treats a session without one as expired).
    fn validity(&mut self, node: usize, keys: Vec<Key>) -> Result<()> {
        let Some(target_prefix) = self.target_prefix.clone() else {
            return Ok(());
        };
        let values = self.store.fetch(node, &keys)?;
        let read_at = now_ms();
        let read_instant = Instant::now();
        let mut sources = Vec::new();
        for (key, value) in keys.into_iter().zip(values) {
            let Some(value) = value else { continue };
            let Some(id) = key
                .strip_prefix(&b"validity:"[..])
                .and_then(|rest| rest.strip_prefix(&self.source_prefix[..]))
            else {
                self.counters.skip("validity key outside the source prefix");
                continue;
            };
            if value.bytes.len() != 20 {
                self.counters
                    .skip("validity key with a value of another size");
                continue;
            }
            let target = [&b"validity:"[..], &target_prefix, id].concat();
            sources.push((target, value));
        }
        let target_keys: Vec<Key> = sources.iter().map(|(k, _)| k.clone()).collect();
        let tnode = target_keys
            .first()
            .map(|k| self.store.node_of(k))
            .unwrap_or(0);
        let current = self.store.fetch(tnode, &target_keys)?;
        let this_accessed = |b: &[u8]| {
            b.get(12..20)
                .and_then(|s| s.try_into().ok())
                .map(i64::from_be_bytes)
        };
        let mut writes = Vec::new();
        let mut records = Vec::new();
        for ((target, value), current) in sources.into_iter().zip(current) {
            let expected = match &current {
                None => Expected::Absent,
                Some(c) if c.bytes == value.bytes => continue,
                Some(c) if this_accessed(&c.bytes) >= this_accessed(&value.bytes) => continue,
                Some(c) => Expected::Bytes(c.bytes.clone()),
            };
            let Some(ttl) = remaining(value.ttl, read_instant) else {
                continue;
            };
            records.push(Record {
                key: target.clone(),
                previous: current.as_ref().map(|c| c.bytes.clone()),
                pttl: current.as_ref().map_or(-2, |c| c.ttl.as_pttl()),
                read_at_ms: read_at,
                written_sha1: jsess_store::sha1(&value.bytes),
            });
            writes.push(Write {
                key: target,
                expected,
                value: value.bytes,
                ttl: WriteTtl::Set(ttl),
            });
        }
        if self.dry_run {
            self.counters.validity_copied += writes.len() as u64;
            return Ok(());
        }
        self.back_up(records.into_iter())?;
        let written = self.store.compare_and_set(tnode, &writes)?;
        self.counters.validity_copied += written.iter().filter(|w| **w).count() as u64;
        Ok(())
    }

    fn back_up(&mut self, records: impl Iterator<Item = Record>) -> Result<()> {
        let Some(backup) = self.backup.as_mut() else {
            bail!("no backup file");
        };
        let mut any = false;
        for record in records {
            backup.append(&record)?;
            any = true;
        }
        if any {
            backup.sync()?;
        }
        Ok(())
    }

    fn migrated(&mut self, p: &Planned) {
        self.counters.migrated += 1;
        self.counters.bytes_before += p.original.bytes.len() as u64;
        self.counters.bytes_after += p.new.len() as u64;
    }

    fn last_backup_time(&self, bytes: &[u8]) -> Option<i64> {
        let codec = self.options.detect(bytes)?;
        let session = codec.decode(bytes, &self.limits).ok()?;
        Some(session.envelope.last_backup_time)
    }

    /// Reads a stored value, writes it in the target format and checks what it wrote:
    /// (new bytes, target key under a target prefix, the session's lastBackupTime).
    fn transcode(&self, key: &[u8], bytes: &[u8]) -> Result<(Vec<u8>, Option<Key>, i64), Outcome> {
        let Some(source) = self.options.detect(bytes) else {
            return Err(match jsess_msm::sniff(bytes) {
                jsess_msm::Kind::Ping => Outcome::Skip("ping artifact (1-byte value)".into()),
                jsess_msm::Kind::Lock => Outcome::Skip("lock value".into()),
                jsess_msm::Kind::Validity => Outcome::Skip("validity-shaped value".into()),
                jsess_msm::Kind::Session(format) => Outcome::Fail(format!(
                    "session in {}, a format jsess does not read yet: left untouched",
                    format.name()
                )),
                jsess_msm::Kind::JavaStream => {
                    Outcome::Skip("foreign value (bare Java stream)".into())
                }
                jsess_msm::Kind::Unknown => Outcome::Skip("foreign value".into()),
            });
        };
        let session = source
            .decode(bytes, &self.limits)
            .map_err(|e| Outcome::Fail(format!("{} session rejected: {e}", source.name())))?;
        let target_key = match &self.target_prefix {
            Some(t) => match session_prefix(key, &session.envelope.id) {
                Some(p) if p == self.source_prefix.as_slice() || self.source_prefix.is_empty() => {
                    Some([t.as_slice(), &session.envelope.id].concat())
                }
                _ => {
                    return Err(Outcome::Skip(
                        "session under a key that is not source prefix + its id".into(),
                    ))
                }
            },
            None => None,
        };
        if source.name() == self.to {
            if target_key.is_none() {
                return Err(Outcome::Skip(format!("already {}", self.to)));
            }
            // Copying under a new prefix in the same format: the bytes as they are.
            return Ok((
                bytes.to_vec(),
                target_key,
                session.envelope.last_backup_time,
            ));
        }
        let done = jsess_msm::transcode_decoded(
            source.as_ref(),
            self.target.as_ref(),
            bytes,
            &session,
            &self.limits,
        )
        .map_err(|e| Outcome::Fail(e.to_string()))?;
        Ok((done.bytes, target_key, session.envelope.last_backup_time))
    }

    fn report(&self, dry_run: bool) -> serde_json::Value {
        let c = &self.counters;
        json!({
            "job": self.job,
            "dry_run": dry_run,
            "values_seen": c.values_seen,
            "migrated": c.migrated,
            "validity_copied": c.validity_copied,
            "bytes_before": c.bytes_before,
            "bytes_after": c.bytes_after,
            "skipped": c.skipped,
            "failed": c.failed,
            "failures": c.failures,
        })
    }
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

fn print_report(report: &serde_json::Value) {
    let verb = if report["dry_run"] == true {
        "would migrate"
    } else {
        "migrated"
    };
    println!("{}", report["job"].as_str().unwrap_or(""));
    println!(
        "{verb}: {} sessions ({} → {} bytes), validity keys copied: {}",
        report["migrated"],
        report["bytes_before"],
        report["bytes_after"],
        report["validity_copied"]
    );
    println!("skipped:");
    if let Some(skipped) = report["skipped"].as_object() {
        for (reason, n) in skipped {
            println!("  {n:>8}  {reason}");
        }
    }
    println!("failed: {}", report["failed"]);
    for f in report["failures"].as_array().into_iter().flatten() {
        println!(
            "  {}: {}",
            f["key"].as_str().unwrap_or(""),
            f["reason"].as_str().unwrap_or("")
        );
    }
}
