//! Writes under a target prefix: a copy never overwrites what the new fleet wrote since, and
//! `validity:` keys go along with their sessions.

use std::time::Instant;

use super::{now_ms, remaining, Planned, Rewrite};
use crate::backup::Record;
use crate::{Error, Expected, Key, ValueKind, Write, WriteTtl};

impl Rewrite<'_> {
    pub(super) fn write_targets(
        &mut self,
        planned: Vec<Planned>,
        read_at: i64,
        read_instant: Instant,
    ) -> Result<(), Error> {
        let mut writes = Vec::new();
        let mut records = Vec::new();
        let mut done = Vec::new();
        let target_keys: Vec<Key> = planned
            .iter()
            .filter_map(|p| p.target_key.clone())
            .collect();
        let node = target_keys
            .first()
            .map(|k| self.target_store().node_of(k))
            .unwrap_or(0);
        let kind = self.settings.target_kind;
        let current = self.target_store().fetch_kind(node, &target_keys, kind)?;
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
                Some(c) => match self.plan.written_at(&c.bytes) {
                    Some(t) if t >= p.written_at => {
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
                written_sha1: p.new_sha1,
                kind: self.settings.target_kind,
            });
            writes.push(Write {
                key: target_key,
                expected,
                value: p.new.clone(),
                ttl: WriteTtl::Set(ttl),
                kind: self.settings.target_kind,
            });
            done.push(p);
        }
        if self.settings.dry_run {
            for p in &done {
                self.migrated(p);
            }
            return Ok(());
        }
        self.back_up(&records)?;
        let written = self.target_store().compare_and_set(node, &writes)?;
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
    pub(super) fn validity(&mut self, node: usize, keys: Vec<Key>) -> Result<(), Error> {
        let Some(target_prefix) = self.settings.target_prefix.clone() else {
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
                .and_then(|rest| rest.strip_prefix(&self.settings.source_prefix[..]))
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
        // msm's validity value: maxInactiveInterval, lastAccessedTime, thisAccessedTime.
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
                written_sha1: crate::sha1(&value.bytes),
                kind: ValueKind::String,
            });
            writes.push(Write {
                key: target,
                expected,
                value: value.bytes,
                ttl: WriteTtl::Set(ttl),
                kind: ValueKind::String,
            });
        }
        if self.settings.dry_run {
            self.counters.validity_copied += writes.len() as u64;
            return Ok(());
        }
        self.back_up(&records)?;
        let written = self.store.compare_and_set(tnode, &writes)?;
        self.counters.validity_copied += written.iter().filter(|w| **w).count() as u64;
        Ok(())
    }
}
