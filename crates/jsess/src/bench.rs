//! Size and speed of session formats on the same sessions: what `jsess bench` measures.
//!
//! A [`BenchSet`] holds sessions in memory as msm-java blobs and decoded, each sorted into a
//! [`SessionClass`] (small, typical, large, many attributes, deep), because byte totals over a
//! set are dominated by its largest session and say little about a typical one. [`measure`]
//! times decode, encode and msm-java → format transcode of one format over every session:
//! each timed pass times every session separately, so the same passes give the whole set's
//! figure, each class's, and the median session's. [`java_stream`] times the attribute stream
//! alone, without msm's envelope: the work the JVM's Java transcoder is timed doing.
//!
//! ```
//! # fn main() -> Result<(), jsess::Error> {
//! use jsess::bench::{measure, BenchSet, Settings};
//!
//! let set = BenchSet::load(std::path::Path::new("../../corpora/msm/camunda.bin"))?;
//! let quick = Settings { warm_up: std::time::Duration::ZERO, samples: 3 };
//! let report = measure("postcard", &set, &jsess::Options::new(), &quick)?;
//! let decode = &report.measurements[0];
//! assert_eq!((decode.operation, decode.class), ("decode", "all"));
//! assert!(decode.output_bytes < set.input_bytes());
//! # Ok(()) }
//! ```

use std::hint::black_box;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use jsess_codecs::Dictionary;
use jsess_model::{Codec, Envelope, Limits, Session};
use serde_json::{json, Value as Json};

use crate::{files_under, Error, Options};

/// Formats `jsess bench` measures when none are named: every session format, the compact
/// ones also with a class dictionary (`+dict`).
pub const DEFAULT_FORMATS: &[&str] = &[
    "msm-java",
    "bincode",
    "msgpack",
    "postcard",
    "json",
    "bincode+dict",
    "postcard+dict",
    "packed",
    "packed+dict",
    "msm-kryo",
    "msm-xstream",
    "msm-javolution",
    "msm-flexjson",
];

/// How long and how often to time.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    /// Untimed passes run for at least this long first.
    pub warm_up: Duration,
    /// Timed passes; figures are their median (with the fastest and slowest).
    pub samples: usize,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            warm_up: Duration::from_millis(300),
            samples: 15,
        }
    }
}

/// Which kind of session a case is, so figures can be reported per kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SessionClass {
    /// Under 512 bytes as msm-java.
    Small,
    /// 512 bytes to 4 KiB as msm-java: most real sessions.
    Typical,
    /// Over 4 KiB as msm-java.
    Large,
    /// At least [`MANY_ATTRIBUTES`] attributes (whatever the size).
    ManyAttributes,
    /// Objects nested deeper than [`DEEP`] levels (whatever the size).
    Deep,
}

/// Attributes from which a session counts as [`SessionClass::ManyAttributes`].
pub const MANY_ATTRIBUTES: usize = 64;
/// Nesting beyond which a session counts as [`SessionClass::Deep`].
pub const DEEP: u32 = 64;

impl SessionClass {
    /// Every class, in report order.
    pub const ALL: [SessionClass; 5] = [
        SessionClass::Small,
        SessionClass::Typical,
        SessionClass::Large,
        SessionClass::ManyAttributes,
        SessionClass::Deep,
    ];

    /// The name reports use (`small`, `typical`, `large`, `many-attributes`, `deep`).
    pub fn name(self) -> &'static str {
        match self {
            SessionClass::Small => "small",
            SessionClass::Typical => "typical",
            SessionClass::Large => "large",
            SessionClass::ManyAttributes => "many-attributes",
            SessionClass::Deep => "deep",
        }
    }

    /// The class of a session whose msm-java blob is `msm_bytes`. Nesting is the Java reader's
    /// own depth count: a session is deep when reading it with [`DEEP`] as the depth limit
    /// fails on that limit.
    pub fn of(session: &Session<'_>, msm_bytes: &[u8]) -> SessionClass {
        let shallow = Limits {
            max_depth: DEEP,
            ..Limits::DEFAULT
        };
        let too_deep = matches!(
            jsess_msm::decode(msm_bytes, &shallow),
            Err(jsess_msm::Error::Java { ref source, .. })
                if matches!(source.kind, jsess_javaser::ErrorKind::LimitExceeded { .. })
        );
        let attributes = jsess_msm::attributes(&session.attributes)
            .map(|a| a.entries.len())
            .unwrap_or(0);
        if too_deep {
            SessionClass::Deep
        } else if attributes >= MANY_ATTRIBUTES {
            SessionClass::ManyAttributes
        } else if msm_bytes.len() < 512 {
            SessionClass::Small
        } else if msm_bytes.len() <= 4096 {
            SessionClass::Typical
        } else {
            SessionClass::Large
        }
    }
}

/// One session to measure, as msm-java bytes and decoded.
#[derive(Debug)]
pub struct Case {
    /// The file it came from (relative to the directory loaded), or `session N`.
    pub name: String,
    /// The session as msm's Java transcoder writes it: the input every format is compared
    /// with.
    pub msm_bytes: Vec<u8>,
    /// The session decoded.
    pub session: Session<'static>,
    /// Its kind.
    pub class: SessionClass,
}

/// Sessions to measure, with the class dictionary the `+dict` formats use.
#[derive(Debug)]
pub struct BenchSet {
    cases: Vec<Case>,
    dictionary: Arc<Dictionary>,
}

impl BenchSet {
    /// The msm-java blobs and bare Java streams in a file or under a directory (a bare
    /// stream gets an msm header, so every format can hold it); other files are skipped.
    pub fn load(path: &Path) -> Result<BenchSet, Error> {
        let mut sessions = Vec::new();
        for file in files_under(path)? {
            let bytes = std::fs::read(&file).map_err(|source| Error::Io {
                path: file.display().to_string(),
                source,
            })?;
            let name = file
                .strip_prefix(path)
                .unwrap_or(&file)
                .display()
                .to_string();
            let name = if name.is_empty() {
                file.display().to_string()
            } else {
                name
            };
            sessions.extend(java_session(&bytes).map(|s| (name, s)));
        }
        BenchSet::named(sessions)
    }

    /// A set of sessions (each must be writable as msm-java), named `session 1`, `session 2`, ….
    pub fn new(sessions: Vec<Session<'static>>) -> Result<BenchSet, Error> {
        BenchSet::named(
            sessions
                .into_iter()
                .enumerate()
                .map(|(i, s)| (format!("session {}", i + 1), s))
                .collect(),
        )
    }

    /// A set of named sessions (each must be writable as msm-java).
    pub fn named(sessions: Vec<(String, Session<'static>)>) -> Result<BenchSet, Error> {
        let cases = sessions
            .into_iter()
            .map(|(name, session)| {
                let msm_bytes = jsess_msm::encode(&session)?;
                let class = SessionClass::of(&session, &msm_bytes);
                Ok(Case {
                    name,
                    msm_bytes,
                    session,
                    class,
                })
            })
            .collect::<Result<Vec<_>, Error>>()?;
        let dictionary = Arc::new(Dictionary::build(cases.iter().map(|c| &c.session)));
        Ok(BenchSet { cases, dictionary })
    }

    /// The sessions.
    pub fn cases(&self) -> &[Case] {
        &self.cases
    }

    /// Their size as msm-java.
    pub fn input_bytes(&self) -> usize {
        self.cases.iter().map(|c| c.msm_bytes.len()).sum()
    }

    /// How many sessions each class has, in [`SessionClass::ALL`] order (empty ones left out).
    pub fn class_counts(&self) -> Vec<(SessionClass, usize)> {
        SessionClass::ALL
            .into_iter()
            .map(|class| {
                (
                    class,
                    self.cases.iter().filter(|c| c.class == class).count(),
                )
            })
            .filter(|(_, n)| *n > 0)
            .collect()
    }
}

/// A Java-serialized session in `bytes` (an msm-java blob or a bare Java stream).
fn java_session(bytes: &[u8]) -> Option<Session<'static>> {
    match jsess_msm::sniff(bytes) {
        jsess_msm::Kind::Session(jsess_msm::AttributeFormat::Java) => {
            jsess_msm::decode(bytes, &Limits::DEFAULT)
                .ok()
                .map(Session::into_owned)
        }
        jsess_msm::Kind::JavaStream => {
            jsess_javaser::decode(bytes, &Limits::DEFAULT)
                .ok()
                .map(|attributes| Session {
                    envelope: Envelope::new(
                        &b"0123456789ABCDEF0123456789ABCDEF"[..],
                        1_700_000_000_000,
                        1800,
                    ),
                    attributes: attributes.into_owned(),
                })
        }
        _ => None,
    }
}

/// One figure: a format, an operation, over the whole set or one class of sessions.
#[derive(Debug, Clone, PartialEq)]
pub struct Measurement {
    /// The format (`postcard+dict`, `msm-kryo`, …; `memcpy` for the copy baseline).
    pub format: String,
    /// `decode`, `encode` or `transcode` (msm-java bytes to the format).
    pub operation: &'static str,
    /// `all`, or a [`SessionClass::name`].
    pub class: &'static str,
    /// Sessions measured.
    pub files: usize,
    /// Their size as msm-java.
    pub input_bytes: usize,
    /// Their size in the format.
    pub output_bytes: usize,
    /// The median over sessions of size in the format / size as msm-java.
    pub median_size_ratio: f64,
    /// How long it took.
    pub spread: Spread,
}

/// Times of the timed passes over some sessions, in nanoseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spread {
    /// The median pass.
    pub median_ns: u64,
    /// The fastest pass.
    pub min_ns: u64,
    /// The slowest pass.
    pub max_ns: u64,
    /// The median over sessions of each session's median time.
    pub median_session_ns: u64,
}

impl Measurement {
    /// 10^6 bytes of msm-java input per second, at the median pass.
    pub fn mb_per_s(&self) -> f64 {
        self.input_bytes as f64 / 1e6 / self.seconds()
    }

    /// Sessions per second, at the median pass.
    pub fn sessions_per_s(&self) -> f64 {
        self.files as f64 / self.seconds()
    }

    fn seconds(&self) -> f64 {
        self.spread.median_ns.max(1) as f64 / 1e9
    }

    /// The JSON row `jsess bench --json` prints (docs/benchmarks.md lists the fields).
    pub fn to_json(&self) -> Json {
        json!({
            "format": self.format,
            "operation": self.operation,
            "class": self.class,
            "files": self.files,
            "input_bytes": self.input_bytes,
            "output_bytes": self.output_bytes,
            "median_ns": self.spread.median_ns,
            "min_ns": self.spread.min_ns,
            "max_ns": self.spread.max_ns,
            "median_session_ns": self.spread.median_session_ns,
            "mb_per_s": self.mb_per_s(),
            "sessions_per_s": self.sessions_per_s(),
            "median_size_ratio": self.median_size_ratio,
        })
    }
}

/// One session's figures in one format: medians over the timed passes.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionFigures {
    /// The session's [`Case::name`].
    pub name: String,
    /// Its kind.
    pub class: SessionClass,
    /// Its size as msm-java.
    pub input_bytes: usize,
    /// Its size in the format.
    pub output_bytes: usize,
    /// Median decode time, in nanoseconds.
    pub decode_ns: u64,
    /// Median encode time, in nanoseconds.
    pub encode_ns: u64,
}

impl SessionFigures {
    /// The JSON row `jsess bench --json --per-session` prints.
    pub fn to_json(&self, format: &str) -> Json {
        json!({
            "format": format,
            "file": self.name,
            "class": self.class.name(),
            "input_bytes": self.input_bytes,
            "output_bytes": self.output_bytes,
            "decode_ns": self.decode_ns,
            "encode_ns": self.encode_ns,
        })
    }
}

/// What [`measure`] found for one format.
#[derive(Debug, Clone)]
pub struct FormatReport {
    /// Each session the format holds, for comparisons session by session (with the JVM).
    pub sessions: Vec<SessionFigures>,
    /// Decode, encode and transcode over the whole set (`class` `all`), then decode and encode
    /// per class.
    pub measurements: Vec<Measurement>,
    /// Sessions the format cannot hold unchanged (a value that failed to serialize, a class
    /// its converters lose), left out of its figures.
    pub left_out: usize,
}

/// Times one format (`name`, optionally with `+dict`) over `set`. The formats that name
/// application classes without describing them read back with the descriptors the
/// Java-serialized sessions carry; Kryo needs `options`' class layouts.
pub fn measure(
    name: &str,
    set: &BenchSet,
    options: &Options,
    settings: &Settings,
) -> Result<FormatReport, Error> {
    let codec = codec_for(name, set, options)?;
    // A session a format cannot hold unchanged is left out of that format's figures.
    let mut cases = Vec::new();
    let mut encoded = Vec::new();
    for case in &set.cases {
        if let Ok(bytes) = codec.encode(&case.session) {
            cases.push(case);
            encoded.push(bytes);
        }
    }
    if cases.is_empty() {
        return Err(Error::Usage(format!("{name}: holds none of the sessions")));
    }
    let decode = time_each(settings, encoded.len(), |i| {
        codec
            .decode(&encoded[i], &Limits::DEFAULT)
            .map_or(0, |s| s.attributes.graph.len())
    });
    let encode = time_each(settings, cases.len(), |i| {
        codec.encode(&cases[i].session).map_or(0, |b| b.len())
    });
    let transcode = time_each(settings, cases.len(), |i| {
        jsess_msm::decode(&cases[i].msm_bytes, &Limits::DEFAULT)
            .ok()
            .and_then(|s| codec.encode(&s).ok())
            .map_or(0, |b| b.len())
    });
    let sizes: Vec<usize> = encoded.iter().map(Vec::len).collect();
    Ok(report(
        name,
        set,
        &cases,
        &sizes,
        [&decode, &encode, &transcode],
    ))
}

/// The format name of [`java_stream`]'s figures.
pub const JAVA_STREAM: &str = "java-stream";

/// The Java stream alone, without msm's envelope: each session's attributes read from their
/// Java serialization stream (`jsess_javaser::decode`, then the attribute list
/// `jsess_msm::attributes` makes of it) and written to one (`jsess_javaser::encode`). This is
/// the work msm's `JavaSerializationTranscoder` does on the JVM in `deserializeAttributes`
/// and `serializeAttributes` (an `ObjectInputStream` over the attribute bytes, a map of them),
/// which `benches/jvm/compare.sh` times: an msm-java row also reads and writes the envelope
/// (the id, the timestamps, the principal's bytes), which the JVM side is not asked to do.
/// Its rows are format [`JAVA_STREAM`], `output_bytes` the streams' size; a transcode is not
/// timed (there is no other format to reach).
pub fn java_stream(set: &BenchSet, settings: &Settings) -> Result<FormatReport, Error> {
    let cases: Vec<&Case> = set.cases.iter().collect();
    let streams = cases
        .iter()
        .map(|case| jsess_msm::decode_envelope(&case.msm_bytes).map(|(_, attributes)| attributes))
        .collect::<Result<Vec<_>, _>>()?;
    let decode = time_each(settings, streams.len(), |i| {
        jsess_javaser::decode(streams[i], &Limits::DEFAULT)
            .ok()
            .and_then(|stream| jsess_msm::attributes(&stream).ok())
            .map_or(0, |a| a.entries.len())
    });
    let encode = time_each(settings, cases.len(), |i| {
        jsess_javaser::encode(&cases[i].session.attributes).map_or(0, |b| b.len())
    });
    let sizes: Vec<usize> = streams.iter().map(|s| s.len()).collect();
    Ok(report(JAVA_STREAM, set, &cases, &sizes, [&decode, &encode]))
}

/// A format's figures from its timings of `cases` (decode, encode, then transcode where
/// timed) and its sizes: over the whole set, per class, per session.
fn report<'t>(
    name: &str,
    set: &BenchSet,
    cases: &[&Case],
    sizes: &[usize],
    timings: impl IntoIterator<Item = &'t Timings>,
) -> FormatReport {
    let timings: Vec<&Timings> = timings.into_iter().collect();
    let summary = |operation, timings: &Timings, class: Option<SessionClass>| {
        let members: Vec<usize> = (0..cases.len())
            .filter(|&i| class.is_none_or(|c| cases[i].class == c))
            .collect();
        (!members.is_empty()).then(|| Measurement {
            format: name.to_string(),
            operation,
            class: class.map_or("all", SessionClass::name),
            files: members.len(),
            input_bytes: members.iter().map(|&i| cases[i].msm_bytes.len()).sum(),
            output_bytes: members.iter().map(|&i| sizes[i]).sum(),
            median_size_ratio: median_f64(
                members
                    .iter()
                    .map(|&i| sizes[i] as f64 / cases[i].msm_bytes.len().max(1) as f64),
            ),
            spread: timings.over(&members),
        })
    };
    let operations = ["decode", "encode", "transcode"];
    let mut measurements: Vec<Measurement> = operations
        .into_iter()
        .zip(&timings)
        .filter_map(|(op, t)| summary(op, t, None))
        .collect();
    for class in SessionClass::ALL {
        for (op, t) in operations.into_iter().zip(&timings).take(2) {
            measurements.extend(summary(op, t, Some(class)));
        }
    }
    let sessions = cases
        .iter()
        .enumerate()
        .map(|(i, case)| SessionFigures {
            name: case.name.clone(),
            class: case.class,
            input_bytes: case.msm_bytes.len(),
            output_bytes: sizes[i],
            decode_ns: timings.first().map_or(0, |t| t.median_of(i)),
            encode_ns: timings.get(1).map_or(0, |t| t.median_of(i)),
        })
        .collect();
    FormatReport {
        sessions,
        measurements,
        left_out: set.cases.len() - cases.len(),
    }
}

/// The hardware ceiling: copying the same msm-java bytes, as a `decode` row of format
/// `memcpy`.
pub fn memcpy(set: &BenchSet, settings: &Settings) -> Measurement {
    let timings = time_each(settings, set.cases.len(), |i| {
        black_box(set.cases[i].msm_bytes.clone()).len()
    });
    let all: Vec<usize> = (0..set.cases.len()).collect();
    Measurement {
        format: "memcpy".to_string(),
        operation: "decode",
        class: "all",
        files: set.cases.len(),
        input_bytes: set.input_bytes(),
        output_bytes: set.input_bytes(),
        median_size_ratio: 1.0,
        spread: timings.over(&all),
    }
}

/// The codec of `name` (`+dict`: with the set's dictionary), knowing the descriptors of every
/// session in the set.
fn codec_for(name: &str, set: &BenchSet, options: &Options) -> Result<Box<dyn Codec>, Error> {
    let (base, with_dictionary) = match name.strip_suffix("+dict") {
        Some(base) => (base, true),
        None => (name, false),
    };
    let mut options = options.clone();
    for case in &set.cases {
        options.learn_from_graph(&case.session.attributes.graph);
    }
    if with_dictionary {
        options = options.dictionary(Arc::clone(&set.dictionary));
    }
    crate::codec(base, &options)
}

/// Per pass, per session, nanoseconds.
struct Timings(Vec<Vec<u64>>);

impl Timings {
    /// Session `i`'s median over the passes.
    fn median_of(&self, i: usize) -> u64 {
        let mut times: Vec<u64> = self
            .0
            .iter()
            .filter_map(|pass| pass.get(i).copied())
            .collect();
        times.sort_unstable();
        times.get(times.len() / 2).copied().unwrap_or(0)
    }

    /// Pass figures over the sessions `members` (indices), and their median session.
    fn over(&self, members: &[usize]) -> Spread {
        let mut passes: Vec<u64> = self
            .0
            .iter()
            .map(|pass| members.iter().map(|&i| pass[i]).sum())
            .collect();
        passes.sort_unstable();
        let mut per_session: Vec<u64> = members.iter().map(|&i| self.median_of(i)).collect();
        per_session.sort_unstable();
        Spread {
            median_ns: passes[passes.len() / 2],
            min_ns: passes[0],
            max_ns: passes[passes.len() - 1],
            median_session_ns: per_session.get(per_session.len() / 2).copied().unwrap_or(0),
        }
    }
}

/// Runs `one` over sessions `0..n` for the warm-up, then times each session in each of
/// `settings.samples` passes (at least one).
fn time_each(settings: &Settings, n: usize, mut one: impl FnMut(usize) -> usize) -> Timings {
    let start = Instant::now();
    while start.elapsed() < settings.warm_up {
        for i in 0..n {
            black_box(one(i));
        }
    }
    let passes = (0..settings.samples.max(1))
        .map(|_| {
            (0..n)
                .map(|i| {
                    let t = Instant::now();
                    black_box(one(i));
                    t.elapsed().as_nanos() as u64
                })
                .collect()
        })
        .collect();
    Timings(passes)
}

fn median_f64(values: impl Iterator<Item = f64>) -> f64 {
    let mut values: Vec<f64> = values.collect();
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied().unwrap_or(0.0)
}
