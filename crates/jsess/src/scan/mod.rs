//! A store-wide report of what sessions a store holds (a directory of values, or Redis: msm's
//! strings and Spring Session's and Redisson's hashes), read one batch at a time so memory
//! stays flat however many sessions there are: size percentiles come from a fixed log-scale
//! histogram, classes and reasons from maps bounded by what the application has, heaviest
//! attributes from a top-N. `jsess scan` prints it ([`ScanReport::to_json`] is its `--json`).

use std::collections::{BTreeMap, HashMap};

use jsess_javaser::Limits;
use jsess_model::{Envelope, Node, Session};
use jsess_msm::{json::attribute_sizes, json::class_of, AttributeValue};
use jsess_store::keys::{display_key, key_role, session_prefix, KeyRole};
use jsess_store::{Found, Progress, Store, Ttl};
use serde_json::{json, Value as Json};

use crate::{Error, Options};

mod hash;
mod tomcat;

const TOP: usize = 10;
const KEPT_FAILURES: usize = 20;
/// Keys per SCAN step and pipelined fetch.
const BATCH: usize = 500;
/// Distinct key prefixes reported (more are counted as "other").
const KEPT_PREFIXES: usize = 50;

/// Reads every value of `store` (`source` is what it was opened from: a directory's entries
/// are named by their paths under it, Redis values by their keys) into a report.
pub fn scan(
    store: &mut dyn Store,
    source: &str,
    options: &Options,
    progress: &dyn Progress,
) -> Result<ScanReport, Error> {
    let redis = jsess_store::is_redis(source);
    let limits = options.get_limits();
    let mut report = ScanReport {
        name_field: if redis { "key" } else { "file" },
        redis,
        formats: options.format_options().clone(),
        ..ScanReport::default()
    };
    let root = std::path::Path::new(source);
    let wanted = jsess_layouts::is_session_key;
    jsess_store::walk(store, BATCH, progress, wanted, |found| match found {
        Found::String { key, value } => {
            let name = if redis {
                display_key(key)
            } else if key.is_empty() {
                root.display().to_string()
            } else {
                root.join(display_key(key)).display().to_string()
            };
            report.add(&name, key, &value.bytes, value.ttl, limits);
        }
        Found::Hash { key, hash } => report.add_hash(key, hash, options),
        Found::OtherHash { .. } => report.other_hashes += 1,
    })?;
    Ok(report)
}

/// What a store holds, aggregated as it is scanned.
#[derive(Default)]
pub struct ScanReport {
    /// What an entry is called in the JSON: `file` for a directory, `key` for Redis.
    name_field: &'static str,
    redis: bool,
    key_roles: BTreeMap<&'static str, u64>,
    prefixes: BTreeMap<String, u64>,
    key_mismatch: u64,
    ttls: BTreeMap<&'static str, u64>,
    values: u64,
    by_format: BTreeMap<String, u64>,
    sizes: Histogram,
    sessions: u64,
    max_inactive: BTreeMap<String, u64>,
    classes: HashMap<String, (u64, u64)>,
    heaviest: Vec<(u64, String, String, String)>,
    failures: u64,
    failure_reasons: BTreeMap<String, u64>,
    failure_examples: Vec<(String, String, Option<Unread>)>,
    /// Session values of any format, their attributes read or not (a compact blob that does
    /// not decode has no envelope to aggregate; every msm blob has one).
    sessions_seen: u64,
    /// Sessions whose envelope was read and whose attributes could not be.
    attributes_unreadable: u64,
    unreadable_by_format: BTreeMap<String, u64>,
    auth_types: BTreeMap<&'static str, u64>,
    /// Dictionary, Kryo schemas and Java descriptors the session formats are read with.
    formats: jsess_msm::FormatOptions,
    /// Sessions by the manager layout that keeps them (msm, redisson, spring-session).
    layouts: BTreeMap<&'static str, u64>,
    /// Hashes that are no session of a layout jsess knows.
    other_hashes: u64,
}

impl ScanReport {
    fn add(&mut self, name: &str, key: &[u8], raw: &[u8], ttl: Ttl, limits: &Limits) {
        self.values += 1;
        let role = key_role(key);
        if self.redis {
            *self.key_roles.entry(role.name()).or_default() += 1;
            *self.ttls.entry(ttl_distribution_bucket(ttl)).or_default() += 1;
        }
        let bytes = match jsess_msm::unwrap_transport(raw, limits) {
            Ok((bytes, _)) => bytes,
            Err(e) => return self.fail(name, "transport", &e.to_string(), None),
        };
        // Sessions of every format come from the registry; their envelope counts whether or
        // not their attributes can be read. What is not a session is classified by shape.
        let Some(stored) = jsess_msm::read_session(&bytes, &self.formats, limits) else {
            let tomcat = jsess_tomcat::read(&bytes, limits)
                .or_else(|| jsess_tomcat::managers::read(&bytes, limits));
            if let Some(read) = tomcat {
                return self.add_tomcat(name, bytes.len(), read);
            }
            let format = if jsess_tomcat::managers::is_placeholder(&bytes) {
                "reserved"
            } else {
                jsess_msm::sniff(&bytes).name()
            };
            *self.by_format.entry(format.to_string()).or_default() += 1;
            return;
        };
        *self.by_format.entry(stored.format.to_string()).or_default() += 1;
        *self.layouts.entry("msm").or_default() += 1;
        self.sizes.add(bytes.len() as u64);
        self.sessions_seen += 1;
        if let Some(envelope) = stored.envelope() {
            self.envelope(key, role, envelope);
        }
        match &stored.read {
            Ok(session) => self.session(name, session),
            Err(unreadable) => {
                self.attributes_unreadable += 1;
                *self
                    .unreadable_by_format
                    .entry(stored.format.to_string())
                    .or_default() += 1;
                let error = &unreadable.error;
                // Envelope facts only for the sessions kept as examples.
                let example = (self.failure_examples.len() < KEPT_FAILURES).then(|| Unread {
                    format: stored.format,
                    reason: error.reason.name(),
                    class: error.class.clone(),
                    session: unreadable
                        .envelope
                        .as_ref()
                        .map(|e| envelope_facts(e, limits)),
                });
                self.fail(name, error.reason.name(), &error.message, example)
            }
        }
    }

    /// What the report aggregates from a session's envelope, whatever its attribute format
    /// and whether or not its attributes can be read.
    fn envelope(&mut self, key: &[u8], role: KeyRole, envelope: &Envelope<'_>) {
        *self
            .max_inactive
            .entry(ttl_bucket(envelope.max_inactive_interval))
            .or_default() += 1;
        *self
            .auth_types
            .entry(envelope.auth_type_name().unwrap_or("none"))
            .or_default() += 1;
        self.key_layout(key, role, envelope);
    }

    /// Where msm would look for this session: its key should be `prefix + id`.
    fn key_layout(&mut self, key: &[u8], role: KeyRole, envelope: &Envelope<'_>) {
        if !self.redis || role != KeyRole::Plain {
            return;
        }
        match session_prefix(key, &envelope.id) {
            Some(prefix) => {
                let prefix = display_key(prefix);
                if self.prefixes.len() < KEPT_PREFIXES || self.prefixes.contains_key(&prefix) {
                    *self.prefixes.entry(prefix).or_default() += 1;
                } else {
                    *self.prefixes.entry("(other)".into()).or_default() += 1;
                }
            }
            None => self.key_mismatch += 1,
        }
    }

    fn session(&mut self, file: &str, session: &Session<'_>) {
        self.sessions += 1;
        let graph = &session.attributes.graph;
        self.count_classes(graph);
        let Ok(list) = jsess_msm::attributes(&session.attributes) else {
            return;
        };
        let Ok(sizes) = attribute_sizes(session, &list) else {
            return;
        };
        for (entry, size) in list.entries.iter().zip(sizes) {
            let value = match entry.value {
                AttributeValue::Written(r) => r,
                AttributeValue::Failed { .. } => None,
            };
            let class = class_of(graph, value).unwrap_or_else(|| "null".into());
            self.classes.entry(class.clone()).or_default().1 += size as u64;
            let name = graph
                .string(entry.name)
                .map(|s| s.to_string())
                .unwrap_or_default();
            self.heaviest
                .push((size as u64, file.to_string(), name, class));
            self.heaviest.sort_by_key(|h| std::cmp::Reverse(h.0));
            self.heaviest.truncate(TOP);
        }
    }

    /// A session's lifetime and login, whatever keeps it.
    fn lifetime_and_login(&mut self, max_inactive_interval: i32, auth_type: Option<&str>) {
        *self
            .max_inactive
            .entry(ttl_bucket(max_inactive_interval))
            .or_default() += 1;
        *self
            .auth_types
            .entry(hash::auth_type(auth_type))
            .or_default() += 1;
    }

    /// Every object, array and string of a graph, by class.
    fn count_classes(&mut self, graph: &jsess_model::Graph<'_>) {
        for (_, node) in graph.iter() {
            let class = match node {
                Node::Object(o) => graph.class_desc(o.class).map(|d| d.display_name()),
                Node::Array(a) => graph.class_desc(a.class).map(|d| d.display_name()),
                Node::String(_) => Some("java.lang.String".into()),
                _ => None,
            };
            if let Some(class) = class {
                self.classes.entry(class).or_default().0 += 1;
            }
        }
    }

    fn fail(&mut self, file: &str, kind: &str, detail: &str, session: Option<Unread>) {
        self.failures += 1;
        *self.failure_reasons.entry(kind.to_string()).or_default() += 1;
        if self.failure_examples.len() < KEPT_FAILURES {
            self.failure_examples
                .push((file.to_string(), detail.to_string(), session));
        }
    }

    /// The report as JSON (what `jsess scan --json` prints; `docs/redis.md` lists the fields).
    pub fn to_json(&self) -> Json {
        let mut out = self.common_json();
        if let Json::Object(map) = &mut out {
            map.insert("layouts".into(), json!(self.layouts));
        }
        if let (true, Json::Object(map)) = (self.redis, &mut out) {
            map.insert("other_hashes".into(), json!(self.other_hashes));
            map.insert("ttl".into(), json!(self.ttls));
            map.insert("key_roles".into(), json!(self.key_roles));
            map.insert("session_key_prefixes".into(), json!(self.prefixes));
            map.insert("sessions_under_other_keys".into(), json!(self.key_mismatch));
        }
        out
    }

    fn common_json(&self) -> Json {
        let field = self.name_field;
        let mut classes: Vec<(&String, &(u64, u64))> = self.classes.iter().collect();
        let top = |classes: &mut Vec<(&String, &(u64, u64))>, by_bytes: bool| -> Vec<Json> {
            classes.sort_by(|a, b| {
                let key = |c: &(u64, u64)| if by_bytes { c.1 } else { c.0 };
                key(b.1).cmp(&key(a.1)).then_with(|| a.0.cmp(b.0))
            });
            classes
                .iter()
                .take(TOP)
                .map(|(c, (n, b))| json!({"class": c, "objects": n, "attribute_bytes": b}))
                .collect()
        };
        json!({
            "values": self.values,
            "by_format": self.by_format,
            "sessions": self.sessions_seen,
            "sessions_decoded": self.sessions,
            "sessions_attributes_unreadable": self.attributes_unreadable,
            "session_bytes": self.sizes.to_json(),
            "max_inactive_interval": self.max_inactive,
            "auth_types": self.auth_types,
            "top_classes_by_count": top(&mut classes, false),
            "top_classes_by_bytes": top(&mut classes, true),
            "heaviest_attributes": self.heaviest.iter().map(|(size, file, name, class)| json!({field: file, "attribute": name, "class": class, "bytes": size})).collect::<Vec<_>>(),
            "undecodable": {
                "count": self.failures,
                "by_reason": self.failure_reasons,
                "attributes_unreadable": self.attributes_unreadable,
                "attributes_unreadable_by_format": self.unreadable_by_format,
                "examples": self.failure_examples.iter().map(|(f, r, unread)| {
                    let mut example = json!({field: f, "reason": r});
                    if let (Some(unread), Json::Object(map)) = (unread, &mut example) {
                        map.insert("format".into(), json!(unread.format));
                        map.insert("attributes_error".into(), json!(unread.reason));
                        map.insert("class".into(), json!(unread.class));
                        map.insert("session".into(), unread.session.clone().unwrap_or(Json::Null));
                    }
                    example
                }).collect::<Vec<_>>(),
            },
        })
    }
}

/// A session kept as an example of unreadable attributes: its format, the typed reason, the
/// class the reader stopped at, and its envelope facts.
struct Unread {
    format: &'static str,
    reason: &'static str,
    class: Option<String>,
    session: Option<Json>,
}

/// The envelope facts of a session: id, times, lifetime, authentication type and user name.
fn envelope_facts(e: &Envelope<'_>, limits: &Limits) -> Json {
    let principal = (!e.principal.is_empty())
        .then(|| jsess_msm::principal(&e.principal, limits).ok())
        .flatten()
        .map(|(p, _)| p.name);
    json!({
        "id": String::from_utf8_lossy(&e.id),
        "creation_time": e.creation_time,
        "last_accessed_time": e.last_accessed_time,
        "max_inactive_interval": e.max_inactive_interval,
        "auth_type": e.auth_type_name(),
        "principal": principal,
    })
}

/// The buckets of `max_inactive_interval`, shortest first (the order charts show them in).
pub const LIFETIMES: [&str; 6] = [
    "≤ 5 min",
    "≤ 30 min",
    "≤ 2 h",
    "≤ 1 day",
    "> 1 day",
    "never expires",
];

/// The buckets of the remaining time to live, shortest first.
pub const TTLS: [&str; 7] = [
    "< 1 min",
    "1–10 min",
    "10–30 min",
    "30–60 min",
    "1–24 h",
    "≥ 1 day",
    "no expiry",
];

/// The session lifetime a value is configured with, in coarse buckets (TTLs follow it).
fn ttl_bucket(seconds: i32) -> String {
    let bucket = match seconds {
        i32::MIN..=0 => 5,
        1..=300 => 0,
        301..=1800 => 1,
        1801..=7200 => 2,
        7201..=86400 => 3,
        _ => 4,
    };
    LIFETIMES[bucket].into()
}

/// Remaining time to live of a stored value (`PTTL`), in coarse buckets.
fn ttl_distribution_bucket(ttl: Ttl) -> &'static str {
    let bucket = match ttl {
        Ttl::Persistent => 6,
        Ttl::Millis(ms) => match ms / 1000 {
            0..=59 => 0,
            60..=599 => 1,
            600..=1799 => 2,
            1800..=3599 => 3,
            3600..=86399 => 4,
            _ => 5,
        },
    };
    TTLS[bucket]
}

/// Sizes in power-of-two buckets: constant memory, percentiles to within a factor of two
/// (reported as the bucket's upper bound), exact minimum and maximum.
struct Histogram {
    buckets: [u64; 65],
    count: u64,
    total: u64,
    min: Option<u64>,
    max: u64,
}

impl Default for Histogram {
    fn default() -> Self {
        Histogram {
            buckets: [0; 65],
            count: 0,
            total: 0,
            min: None,
            max: 0,
        }
    }
}

impl Histogram {
    /// Bucket i holds values below 2^i (bucket 0: zero).
    fn add(&mut self, value: u64) {
        self.buckets[(64 - value.leading_zeros()) as usize] += 1;
        self.count += 1;
        self.total += value;
        self.min = Some(self.min.map_or(value, |m| m.min(value)));
        self.max = self.max.max(value);
    }

    fn percentile(&self, p: f64) -> u64 {
        let target = ((self.count as f64) * p).ceil().max(1.0) as u64;
        let mut seen = 0;
        for (i, n) in self.buckets.iter().enumerate() {
            seen += n;
            if seen >= target {
                return if i == 0 {
                    0
                } else {
                    ((1u128 << i) - 1).min(u128::from(self.max)) as u64
                };
            }
        }
        self.max
    }

    /// The report as JSON (what `jsess scan --json` prints; `docs/redis.md` lists the fields).
    pub fn to_json(&self) -> Json {
        json!({
            "count": self.count,
            "total": self.total,
            "min": self.min.unwrap_or(0),
            "p50_at_most": self.percentile(0.5),
            "p90_at_most": self.percentile(0.9),
            "p99_at_most": self.percentile(0.99),
            "max": self.max,
            "buckets": self.buckets_json(),
        })
    }

    /// The buckets from the first to the last that holds a value (the empty ones between
    /// included, so a chart of them keeps its shape): `up_to` is the largest size a bucket
    /// holds (2^i - 1; 0 for the bucket of empty values).
    fn buckets_json(&self) -> Vec<Json> {
        let used = |(_, n): &(usize, &u64)| **n > 0;
        let first = self.buckets.iter().enumerate().position(|b| used(&b));
        let last = self.buckets.iter().enumerate().rposition(|b| used(&b));
        let (Some(first), Some(last)) = (first, last) else {
            return Vec::new();
        };
        (first..=last)
            .map(|i| {
                let up_to = ((1u128 << i) - 1).min(u128::from(u64::MAX)) as u64;
                json!({"up_to": up_to, "count": self.buckets[i]})
            })
            .collect()
    }
}
