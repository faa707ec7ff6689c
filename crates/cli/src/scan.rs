//! `jsess scan`: what a store holds (a directory of values, or Redis), read one batch at a time
//! so memory stays flat however many sessions there are (size percentiles come from a fixed
//! log-scale histogram, classes and reasons from maps bounded by what the application has,
//! heaviest attributes from a top-N).

use std::collections::{BTreeMap, HashMap};
use std::process::ExitCode;

use anyhow::{Context, Result};
use jsess_javaser::Limits;
use jsess_model::{Node, Session};
use jsess_msm::{json::attribute_sizes, json::class_of, AttributeValue};
use jsess_store::keys::{display_key, key_role, session_prefix, KeyRole};
use jsess_store::{Store, Ttl};
use serde_json::{json, Value as Json};

use crate::cli::ScanArgs;

const TOP: usize = 10;
const KEPT_FAILURES: usize = 20;
/// Keys per SCAN step and pipelined fetch.
const BATCH: usize = 500;
/// Distinct key prefixes reported (more are counted as "other").
const KEPT_PREFIXES: usize = 50;

pub fn run(args: &ScanArgs) -> Result<ExitCode> {
    let limits = args.limits.limits();
    let mut store =
        jsess_store::open(&args.source).with_context(|| format!("opening {}", args.source))?;
    let formats = crate::schema::format_options(&args.schemas, None, &limits)?;
    let report = scan(store.as_mut(), &limits, &args.source, formats)?;
    let json = report.to_json();
    if args.json {
        println!("{}", serde_json::to_string_pretty(&json)?);
    } else {
        print_text(&json);
    }
    Ok(ExitCode::SUCCESS)
}

fn scan(
    store: &mut dyn Store,
    limits: &Limits,
    source: &str,
    formats: jsess_msm::FormatOptions,
) -> Result<Report> {
    let redis = jsess_store::is_redis(source);
    let bar = crate::progress(store.key_count()?, "scanning")?;
    let mut report = Report {
        name_field: if redis { "key" } else { "file" },
        redis,
        formats,
        ..Report::default()
    };
    let root = std::path::Path::new(source);
    while let Some(batch) = store.next_batch(BATCH)? {
        let values = store.fetch(batch.node, &batch.keys)?;
        for (key, value) in batch.keys.iter().zip(values) {
            let Some(value) = value else { continue };
            let name = if redis {
                display_key(key)
            } else if key.is_empty() {
                root.display().to_string()
            } else {
                root.join(display_key(key)).display().to_string()
            };
            report.add(&name, key, &value.bytes, value.ttl, limits);
            bar.inc(1);
        }
    }
    bar.finish_and_clear();
    Ok(report)
}

#[derive(Default)]
struct Report {
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
    failure_examples: Vec<(String, String)>,
    /// Dictionary, Kryo schemas and Java descriptors the session formats are read with.
    formats: jsess_msm::FormatOptions,
}

impl Report {
    fn add(&mut self, name: &str, key: &[u8], raw: &[u8], ttl: Ttl, limits: &Limits) {
        self.values += 1;
        let role = key_role(key);
        if self.redis {
            *self.key_roles.entry(role.name()).or_default() += 1;
            *self.ttls.entry(ttl_distribution_bucket(ttl)).or_default() += 1;
        }
        let bytes = match jsess_msm::unwrap_transport(raw, limits) {
            Ok((bytes, _)) => bytes,
            Err(e) => return self.fail(name, "transport", &e.to_string()),
        };
        // Session formats come from the registry; what none claims is classified by shape.
        if let Some(codec) = jsess_msm::detect_with(&bytes, &self.formats) {
            *self.by_format.entry(codec.name().to_string()).or_default() += 1;
            self.sizes.add(bytes.len() as u64);
            match codec.decode(&bytes, limits) {
                Ok(session) => {
                    self.key_layout(key, role, &session);
                    self.session(name, &session)
                }
                Err(e) => self.fail(name, reason_kind(&e.to_string()), &e.to_string()),
            }
            return;
        }
        let kind = jsess_msm::sniff(&bytes);
        *self.by_format.entry(kind.name().to_string()).or_default() += 1;
        if let jsess_msm::Kind::Session(format) = kind {
            self.sizes.add(bytes.len() as u64);
            self.fail(name, "attributes not decoded", format.name());
        }
    }

    /// Where msm would look for this session: its key should be `prefix + id`.
    fn key_layout(&mut self, key: &[u8], role: KeyRole, session: &Session<'_>) {
        if !self.redis || role != KeyRole::Plain {
            return;
        }
        match session_prefix(key, &session.envelope.id) {
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
        *self
            .max_inactive
            .entry(ttl_bucket(session.envelope.max_inactive_interval))
            .or_default() += 1;
        let graph = &session.attributes.graph;
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

    fn fail(&mut self, file: &str, kind: &str, detail: &str) {
        self.failures += 1;
        *self.failure_reasons.entry(kind.to_string()).or_default() += 1;
        if self.failure_examples.len() < KEPT_FAILURES {
            self.failure_examples
                .push((file.to_string(), detail.to_string()));
        }
    }

    fn to_json(&self) -> Json {
        let mut out = self.common_json();
        if let (true, Json::Object(map)) = (self.redis, &mut out) {
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
            "sessions_decoded": self.sessions,
            "session_bytes": self.sizes.to_json(),
            "max_inactive_interval": self.max_inactive,
            "top_classes_by_count": top(&mut classes, false),
            "top_classes_by_bytes": top(&mut classes, true),
            "heaviest_attributes": self.heaviest.iter().map(|(size, file, name, class)| json!({field: file, "attribute": name, "class": class, "bytes": size})).collect::<Vec<_>>(),
            "undecodable": {
                "count": self.failures,
                "by_reason": self.failure_reasons,
                "examples": self.failure_examples.iter().map(|(f, r)| json!({field: f, "reason": r})).collect::<Vec<_>>(),
            },
        })
    }
}

fn reason_kind(message: &str) -> &'static str {
    if message.contains("limit") {
        "limit exceeded"
    } else if message.contains("attribute stream") {
        "attribute framing"
    } else if message.contains("protocol 1") {
        "externalizable protocol 1"
    } else if message.contains("header")
        || message.contains("version")
        || message.contains("authType")
    {
        "msm header"
    } else {
        "java stream"
    }
}

/// The session lifetime a value is configured with, in coarse buckets (TTLs follow it).
fn ttl_bucket(seconds: i32) -> String {
    match seconds {
        i32::MIN..=0 => "never expires".into(),
        1..=300 => "≤ 5 min".into(),
        301..=1800 => "≤ 30 min".into(),
        1801..=7200 => "≤ 2 h".into(),
        7201..=86400 => "≤ 1 day".into(),
        _ => "> 1 day".into(),
    }
}

/// Remaining time to live of a stored value (`PTTL`), in coarse buckets.
fn ttl_distribution_bucket(ttl: Ttl) -> &'static str {
    match ttl {
        Ttl::Persistent => "no expiry",
        Ttl::Millis(ms) => match ms / 1000 {
            0..=59 => "< 1 min",
            60..=599 => "1–10 min",
            600..=1799 => "10–30 min",
            1800..=3599 => "30–60 min",
            3600..=86399 => "1–24 h",
            _ => "≥ 1 day",
        },
    }
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

    fn to_json(&self) -> Json {
        json!({
            "count": self.count,
            "total": self.total,
            "min": self.min.unwrap_or(0),
            "p50_at_most": self.percentile(0.5),
            "p90_at_most": self.percentile(0.9),
            "p99_at_most": self.percentile(0.99),
            "max": self.max,
        })
    }
}

fn print_text(report: &Json) {
    println!("{} values: {}", report["values"], report["by_format"]);
    println!("session sizes (bytes): {}", report["session_bytes"]);
    println!("max inactive interval: {}", report["max_inactive_interval"]);
    if let Some(ttl) = report.get("ttl") {
        println!("remaining TTL: {ttl}");
        println!("key roles: {}", report["key_roles"]);
        println!("session key prefixes: {}", report["session_key_prefixes"]);
        println!(
            "sessions under keys not ending in their id: {}",
            report["sessions_under_other_keys"]
        );
    }
    println!("top classes by objects:");
    for c in report["top_classes_by_count"]
        .as_array()
        .into_iter()
        .flatten()
    {
        println!(
            "  {:>8}  {}",
            c["objects"],
            c["class"].as_str().unwrap_or("")
        );
    }
    println!("top classes by attribute bytes:");
    for c in report["top_classes_by_bytes"]
        .as_array()
        .into_iter()
        .flatten()
    {
        println!(
            "  {:>10}  {}",
            c["attribute_bytes"],
            c["class"].as_str().unwrap_or("")
        );
    }
    println!("heaviest attributes:");
    for a in report["heaviest_attributes"]
        .as_array()
        .into_iter()
        .flatten()
    {
        println!(
            "  {:>10}  {} in {} ({})",
            a["bytes"],
            a["attribute"].as_str().unwrap_or(""),
            a["file"].as_str().or(a["key"].as_str()).unwrap_or(""),
            a["class"].as_str().unwrap_or("")
        );
    }
    println!("undecodable: {}", report["undecodable"]["count"]);
    for f in report["undecodable"]["examples"]
        .as_array()
        .into_iter()
        .flatten()
    {
        println!(
            "  {}: {}",
            f["file"].as_str().or(f["key"].as_str()).unwrap_or(""),
            f["reason"].as_str().unwrap_or("")
        );
    }
}
