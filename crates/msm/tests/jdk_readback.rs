//! The JDK reads every Java stream jsess builds from another format, and what it reads is what
//! the real library read from the source blob.
//!
//! Sources: every blob of `corpora/kryo`, `corpora/xstream`, `corpora/javolution`, the Kryo and
//! XStream blobs of `corpora/beyond`, and every session of `corpora/msm` written in each compact
//! format. jsess converts each to msm-java (`transcode`, the conversion the CLI runs); one
//! `java` process (`corpora/readback/run.sh`) reads all of them the way msm's
//! `JavaSerializationTranscoder` does and describes the header and the attributes with the
//! corpus describer. Each description must equal the `.json` committed beside the source blob
//! (what the real library read back; for a `corpora/beyond` XStream blob msm's own reader
//! refuses, what XStream read with every type allowed). The committed msm-java blobs go through
//! the same reader as controls. A refusal is right when it names a class the JVM says is not
//! `Serializable` and the source's description holds an object of it, when it names a value
//! the source library read back broken, or when the source library could not read the blob
//! either. Everything else that fails today is listed in [`KNOWN_FAILING`] (or
//! [`REFUSED_BY_DESIGN`]), one reason per case; a listed case that passes fails the test, so
//! the lists only shrink. `--nocapture` prints the counts per corpus and every case that is not
//! equal.
//!
//! Needs `java`, `javac` and Debian's libtomcat9-java. Without them the test says so and passes,
//! unless `JSESS_REQUIRE_JVM=1` is set: then it fails.

#[allow(dead_code)]
mod twins;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

use jsess_classpath::Schemas;
use jsess_codecs::{Compact, Format};
use jsess_javaser::jdk::descriptors_of;
use jsess_javaser::Limits;
use jsess_model::Codec;
use jsess_msm::{
    decode, transcode, Descriptors, MsmJava, MsmJavolution, MsmKryo, MsmXStream, TranscodeError,
};
use serde_json::{json, Value as Json};
use twins::describe::unordered;
use twins::{cases, corpus};

/// Conversions whose Java read-back differs from what the real library read, or that jsess
/// refuses without a reason the test accepts: `(label, why)`. Labels are `<corpus>.<case>`. A
/// reason ending in [`UNVERIFIED_EQUAL`] says that only the check after writing refused and the
/// Java bytes jsess wrote before it read back equal; the test holds it to that.
const KNOWN_FAILING: &[(&str, &str)] = &[
    // Read as objects known only by the XML (the reflection form's internal fields), which the
    // Java writer refuses, for values Java can hold.
    (
        "javolution.excluded_and_non_serializable",
        "Subject$SecureSet is stored by its internal fields (and DbConnection is not Serializable)",
    ),
];

/// The end of a [`KNOWN_FAILING`] reason for a conversion only the check after writing refused.
const UNVERIFIED_EQUAL: &str = "the Java bytes read back equal";

/// Conversions jsess refuses on purpose: only the class's own code knows its Java form, and the
/// source format does not record it.
const REFUSED_BY_DESIGN: &[(&str, &str)] = &[
    (
        "beyond-kryo.custom_write_object",
        "Kryo stored LoginHistory's fields, not what its writeObject writes (real Kryo lost that data too)",
    ),
    (
        "beyond-kryo.externalizable",
        "Kryo stored UserPreferences' fields, not what its writeExternal writes",
    ),
    (
        "beyond-xstream.externalizable",
        "XStream records UserPreferences' writeUTF/writeInt like writeObject(String/Integer); only readExternal knows",
    ),
    (
        "beyond-kryo.jdk_values",
        "Kryo stored a BitSet's words, not what its writeObject writes (msm reads it back empty)",
    ),
    (
        "beyond-xstream.custom_write_object",
        "XStream records LoginHistory's writeUTF like a writeObject(String): the check refuses (unchecked, readObject hits EOF)",
    ),
];

/// How many conversions of each corpus read back equal today, at least.
const MIN_EQUAL: &[(&str, usize)] = &[
    ("kryo", 50),
    ("xstream", 42),
    ("javolution", 36),
    ("beyond-kryo", 5),
    ("beyond-xstream", 7),
    ("bincode", 44),
    ("msgpack", 44),
    ("postcard", 44),
    ("json", 44),
    ("control-msm", 44),
    ("control-beyond-java", 19),
];

const JARS: &[&str] = &[
    "/usr/share/java/tomcat9-catalina.jar",
    "/usr/share/java/tomcat9-api.jar",
    "/usr/share/java/tomcat9-util.jar",
    "/usr/share/java/tomcat9-util-scan.jar",
    "/usr/share/java/tomcat9-juli.jar",
    "/usr/share/java/tomcat9-servlet-api.jar",
    "/usr/share/java/tomcat9-coyote.jar",
];

/// How the attributes of a source's `.json` are compared with what Java read (and, in every
/// shape, `attributes_error`: `null` unless the source's description says otherwise).
#[derive(Clone, Copy)]
enum Shape {
    /// `{name, class, value}`, `class` the runtime class (Kryo, beyond).
    RuntimeClass,
    /// `{name, class, value}`, `class` the class the Java stream names (corpora/msm).
    StreamClass,
    /// `{name, value}` (XStream, Javolution).
    ValuesOnly,
}

/// One conversion to msm-java.
struct Conversion {
    /// The corpus (`kryo`, `xstream`, `javolution`, `beyond-kryo`, `beyond-xstream`, or a
    /// compact format's name).
    corpus: String,
    /// `<corpus>.<case>`.
    label: String,
    /// The source's description: `session` and `attributes` (and `attributes_error`).
    expected: Json,
    shape: Shape,
    /// Described with corpora/beyond's extended rules.
    extended: bool,
    /// The msm-java bytes, or why jsess refused.
    result: Result<Vec<u8>, Refusal>,
}

/// A conversion jsess refused.
struct Refusal {
    message: String,
    /// When only the check after writing refused (`TranscodeError::Verification`): the Java
    /// bytes jsess wrote before it (`decode` + msm-java `encode`), read back as well.
    unverified: Option<Vec<u8>>,
}

fn schemas(jar: &str) -> Arc<Schemas> {
    let mut schemas = Schemas::new();
    let path = corpus(jar);
    schemas
        .add_classpath(path.to_str().expect("utf-8 path"))
        .expect("app-classes.jar");
    Arc::new(schemas)
}

fn to_java(source: &dyn Codec, bytes: &[u8]) -> Result<Vec<u8>, Refusal> {
    transcode(source, &MsmJava, bytes, &Limits::DEFAULT)
        .map(|t| t.bytes)
        .map_err(|e| Refusal {
            message: e.to_string(),
            unverified: match e {
                TranscodeError::Verification(_) => source
                    .decode(bytes, &Limits::DEFAULT)
                    .ok()
                    .and_then(|session| MsmJava.encode(&session).ok()),
                _ => None,
            },
        })
}

fn conversions() -> Vec<Conversion> {
    let mut out = Vec::new();
    let kryo_jar = schemas("kryo/app-classes.jar");
    let beyond_jar = schemas("beyond/app-classes.jar");

    let kryo = MsmKryo::new(Arc::clone(&kryo_jar));
    for (case, bytes, expected) in cases("kryo") {
        out.push(Conversion {
            corpus: "kryo".into(),
            label: format!("kryo.{case}"),
            expected,
            shape: Shape::RuntimeClass,
            extended: false,
            result: to_java(&kryo, &bytes),
        });
    }

    // The class files alone (`--classpath`), as a user converting XStream blobs has them.
    let xstream = MsmXStream::new(Arc::new(Descriptors::default()), Arc::clone(&kryo_jar));
    for (case, bytes, expected) in cases("xstream") {
        out.push(Conversion {
            corpus: "xstream".into(),
            label: format!("xstream.{case}"),
            expected,
            shape: Shape::ValuesOnly,
            extended: false,
            result: to_java(&xstream, &bytes),
        });
    }

    // As crates/msm/tests/javolution.rs: the Java descriptors of the msm twin, the jar's layouts.
    for (case, bytes, expected) in cases("javolution") {
        let java_blob = std::fs::read(corpus("msm").join(format!("{case}.bin"))).expect("twin");
        let java = decode(&java_blob, &Limits::DEFAULT).expect("Java twin decodes");
        let codec = MsmJavolution::new(
            Arc::new(descriptors_of(&java.attributes.graph)),
            Arc::clone(&kryo_jar),
        );
        out.push(Conversion {
            corpus: "javolution".into(),
            label: format!("javolution.{case}"),
            expected,
            shape: Shape::ValuesOnly,
            extended: false,
            result: to_java(&codec, &bytes),
        });
    }

    let beyond_kryo = MsmKryo::new(Arc::clone(&beyond_jar));
    let beyond_xstream = MsmXStream::new(Arc::new(Descriptors::default()), Arc::clone(&beyond_jar));
    for (name, bytes, expected) in cases("beyond") {
        let Some((case, format)) = name.split_once('.') else {
            continue;
        };
        let codec: &dyn Codec = match format {
            "kryo" => &beyond_kryo,
            "xstream" => &beyond_xstream,
            _ => continue,
        };
        out.push(Conversion {
            corpus: format!("beyond-{format}"),
            label: format!("beyond-{format}.{case}"),
            expected,
            shape: Shape::RuntimeClass,
            extended: true,
            result: to_java(codec, &bytes),
        });
    }

    // Controls: the committed msm-java blobs themselves, which the JDK must read as described.
    for (case, bytes, expected) in cases("msm") {
        if expected["kind"] == "session" {
            out.push(Conversion {
                corpus: "control-msm".into(),
                label: format!("control-msm.{case}"),
                expected,
                shape: Shape::StreamClass,
                extended: false,
                result: Ok(bytes),
            });
        }
    }
    for (name, bytes, expected) in cases("beyond") {
        if let Some(case) = name.strip_suffix(".java") {
            out.push(Conversion {
                corpus: "control-beyond-java".into(),
                label: format!("control-beyond-java.{case}"),
                expected,
                shape: Shape::RuntimeClass,
                extended: true,
                result: Ok(bytes),
            });
        }
    }

    for format in Format::ALL {
        let compact = Compact::new(format);
        for (case, bytes, expected) in cases("msm") {
            if expected["kind"] != "session" {
                continue;
            }
            let session = decode(&bytes, &Limits::DEFAULT).expect("msm-java");
            let result = compact
                .encode(&session)
                .map_err(|e| Refusal {
                    message: format!("to {}: {e}", format.name()),
                    unverified: None,
                })
                .and_then(|blob| to_java(&compact, &blob));
            out.push(Conversion {
                corpus: format.name().into(),
                label: format!("{}.{case}", format.name()),
                expected,
                shape: Shape::StreamClass,
                extended: false,
                result,
            });
        }
    }
    out
}

/// What the JVM printed: one line per blob, one per class asked about.
struct Readback {
    blobs: BTreeMap<String, Json>,
    classes: BTreeMap<String, (bool, bool)>,
}

fn run_jvm(dir: &Path) -> Readback {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let output = Command::new("bash")
        .arg(root.join("corpora/readback/run.sh"))
        .arg(dir)
        .output()
        .expect("run corpora/readback/run.sh");
    let stdout = String::from_utf8(output.stdout).expect("UTF-8 output");
    assert!(
        output.status.success(),
        "run.sh failed:\n{}\n{stdout}",
        String::from_utf8_lossy(&output.stderr)
    );
    let mut blobs = BTreeMap::new();
    let mut classes = BTreeMap::new();
    for line in stdout.lines() {
        let v: Json = jsess_testkit::parse_json(line.as_bytes());
        if let Some(file) = v["file"].as_str() {
            let label = file.strip_suffix(".extended").unwrap_or(file).to_string();
            blobs.insert(label, v);
        } else {
            let class = v["class"].as_str().expect("class line").to_string();
            let flags = (
                v["exists"].as_bool().unwrap_or(false),
                v["serializable"].as_bool().unwrap_or(false),
            );
            classes.insert(class, flags);
        }
    }
    Readback { blobs, classes }
}

/// The source description's attributes as the JVM's are projected, or `None` when the real
/// library read nothing back.
fn expected_attributes(c: &Conversion) -> Option<Json> {
    let doc = &c.expected;
    let attributes = if doc["attributes"].is_array() {
        &doc["attributes"]
    } else if doc["xstream_any_type"]["attributes"].is_array() {
        // msm's plain `new XStream()` refuses the class; XStream with every type allowed read it.
        &doc["xstream_any_type"]["attributes"]
    } else {
        return None;
    };
    let items: Vec<Json> = attributes
        .as_array()
        .expect("attributes")
        .iter()
        .map(|a| match c.shape {
            Shape::ValuesOnly => json!({"name": a["name"], "value": a["value"]}),
            _ => json!({"name": a["name"], "class": a["class"], "value": a["value"]}),
        })
        .collect();
    Some(json!({
        "list": items,
        "error": doc.get("attributes_error").cloned().unwrap_or(Json::Null),
    }))
}

fn read_attributes(c: &Conversion, read: &Json) -> Json {
    let items: Vec<Json> = read["attributes"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default()
        .iter()
        .map(|a| match c.shape {
            Shape::ValuesOnly => json!({"name": a["name"], "value": a["value"]}),
            Shape::RuntimeClass => {
                json!({"name": a["name"], "class": a["class"], "value": a["value"]})
            }
            Shape::StreamClass => {
                json!({"name": a["name"], "class": a["stream_class"], "value": a["value"]})
            }
        })
        .collect();
    json!({"list": items, "error": read["attributes_error"]})
}

/// The first place two JSON values differ, as a path with both sides.
fn first_difference(path: &str, ours: &Json, theirs: &Json) -> Option<String> {
    match (ours, theirs) {
        (Json::Object(a), Json::Object(b)) => {
            for (k, v) in a {
                match b.get(k) {
                    Some(w) => {
                        if let Some(d) = first_difference(&format!("{path}.{k}"), v, w) {
                            return Some(d);
                        }
                    }
                    None => return Some(format!("{path}.{k}: Java read {v}, not in the source")),
                }
            }
            b.keys()
                .find(|k| !a.contains_key(*k))
                .map(|k| format!("{path}.{k}: missing, the source has {}", b[k]))
        }
        (Json::Array(a), Json::Array(b)) => {
            for (i, (v, w)) in a.iter().zip(b).enumerate() {
                if let Some(d) = first_difference(&format!("{path}[{i}]"), v, w) {
                    return Some(d);
                }
            }
            (a.len() != b.len()).then(|| {
                format!(
                    "{path}: Java read {} items, the source has {}",
                    a.len(),
                    b.len()
                )
            })
        }
        _ => (ours != theirs).then(|| format!("{path}: Java read {ours}, the source has {theirs}")),
    }
}

/// Fully qualified class names in an error message (`com.acme.app.DbConnection`).
fn class_names(message: &str) -> Vec<String> {
    message
        .split(|c: char| !(c.is_alphanumeric() || c == '.' || c == '$' || c == '_'))
        .map(|t| t.trim_end_matches('.'))
        .filter(|t| {
            let parts: Vec<&str> = t.split('.').collect();
            parts.len() >= 2
                && parts.iter().all(|p| !p.is_empty())
                && parts[..parts.len() - 1]
                    .iter()
                    .all(|p| p.starts_with(|c: char| c.is_ascii_lowercase()))
                && parts[parts.len() - 1].starts_with(|c: char| c.is_ascii_uppercase())
        })
        .map(str::to_string)
        .collect()
}

/// Every string under a `class` or `not_described` key: the classes of the objects the source
/// library read back.
fn described_classes(doc: &Json, out: &mut BTreeSet<String>) {
    match doc {
        Json::Object(map) => {
            for (k, v) in map {
                match (k.as_str(), v) {
                    ("class" | "not_described", Json::String(s)) => {
                        out.insert(s.clone());
                    }
                    _ => described_classes(v, out),
                }
            }
        }
        Json::Array(items) => items.iter().for_each(|v| described_classes(v, out)),
        _ => {}
    }
}

/// Why a refusal is right, if it is: the source library could not read the blob at all; or
/// the refusal names a class Java cannot hold, of an object the source library read back; or a
/// value the source library read back broken.
fn justification(c: &Conversion, message: &str, readback: &Readback) -> Option<String> {
    let Some(reference) = expected_attributes(c) else {
        return Some(format!(
            "the source library could not read it either ({})",
            c.expected["error"]["root"].as_str().unwrap_or("error")
        ));
    };
    let named = class_names(message);
    let mut read_back = BTreeSet::new();
    described_classes(&reference, &mut read_back);
    if let Some(class) = named
        .iter()
        .find(|n| read_back.contains(*n) && readback.classes.get(*n) == Some(&(true, false)))
    {
        return Some(format!("{class} is not Serializable"));
    }
    reference["list"].as_array()?.iter().find_map(|a| {
        let class = a["value"]["not_described"].as_str()?;
        let error = a["value"]["error"].as_str()?;
        named
            .iter()
            .any(|n| n == class)
            .then(|| format!("the {class} the source library read back is broken: {error}"))
    })
}

/// How one conversion came out.
enum Outcome {
    Equal,
    Differs(String),
    /// jsess refused: the message, whether that is right (and why), and how the Java bytes jsess
    /// wrote before its check refused read back.
    Refused {
        message: String,
        justified: Option<String>,
        unverified: Option<Box<Outcome>>,
    },
    /// The real library read nothing back from the source: nothing to compare with.
    NoReference,
}

impl Outcome {
    fn summary(&self) -> String {
        match self {
            Outcome::Equal => "reads back equal".into(),
            Outcome::Differs(d) => format!("differs: {d}"),
            Outcome::Refused {
                message,
                justified,
                unverified,
            } => {
                let mut s = format!("refused: {message}");
                if let Some(why) = justified {
                    s += &format!(" [justified: {why}]");
                }
                if let Some(u) = unverified {
                    s += &format!(
                        " [the Java bytes written before the check: {}]",
                        u.summary()
                    );
                }
                s
            }
            Outcome::NoReference => "no reference: the source library read nothing back".into(),
        }
    }
}

/// `bytes` as the JVM read them (line `label`), against the source's description.
fn compare(c: &Conversion, label: &str, bytes: &[u8], readback: &Readback) -> Outcome {
    let Some(read) = readback.blobs.get(label) else {
        return Outcome::Differs(format!("no read-back line ({} bytes)", bytes.len()));
    };
    for key in ["error", "session_error"] {
        if !read[key].is_null() {
            return Outcome::Differs(format!("Java: {}", read[key]));
        }
    }
    if read["trailing"] != json!(0) {
        return Outcome::Differs(format!("{} bytes after the attributes", read["trailing"]));
    }
    if let Some(d) = first_difference("session", &read["session"], &c.expected["session"]) {
        return Outcome::Differs(d);
    }
    let Some(theirs) = expected_attributes(c) else {
        return Outcome::NoReference;
    };
    let ours = read_attributes(c, read);
    if unordered(ours.clone()) == unordered(theirs.clone()) {
        Outcome::Equal
    } else {
        Outcome::Differs(
            first_difference("attributes", &unordered(ours), &unordered(theirs))
                .unwrap_or_else(|| "differs".into()),
        )
    }
}

fn judge(c: &Conversion, readback: &Readback) -> Outcome {
    match &c.result {
        Ok(bytes) => compare(c, &c.label, bytes, readback),
        Err(refusal) => Outcome::Refused {
            message: refusal.message.clone(),
            justified: justification(c, &refusal.message, readback),
            unverified: refusal.unverified.as_ref().map(|bytes| {
                Box::new(compare(
                    c,
                    &format!("{}.unverified", c.label),
                    bytes,
                    readback,
                ))
            }),
        },
    }
}

fn file_name(c: &Conversion, label: &str) -> String {
    if c.extended {
        format!("{label}.extended.bin")
    } else {
        format!("{label}.bin")
    }
}

#[test]
fn the_jdk_reads_what_jsess_converts_as_the_source_library_read_it() {
    if !jsess_testkit::jvm::ready("the JDK read-back", JARS) {
        return;
    }
    let conversions = conversions();
    let dir: PathBuf =
        std::env::temp_dir().join(format!("jsess-jdk-readback-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    let mut asked = BTreeSet::new();
    for c in &conversions {
        match &c.result {
            Ok(bytes) => std::fs::write(dir.join(file_name(c, &c.label)), bytes).expect("write"),
            Err(refusal) => {
                asked.extend(class_names(&refusal.message));
                if let Some(bytes) = &refusal.unverified {
                    let label = format!("{}.unverified", c.label);
                    std::fs::write(dir.join(file_name(c, &label)), bytes).expect("write");
                }
            }
        }
    }
    let classes: Vec<String> = asked.into_iter().collect();
    std::fs::write(dir.join("classes.txt"), classes.join("\n")).expect("classes.txt");
    let written = std::fs::read_dir(&dir).expect("temp dir").count() - 1;
    let readback = run_jvm(&dir);
    assert_eq!(readback.blobs.len(), written, "one read-back line per blob");
    let _ = std::fs::remove_dir_all(&dir);

    // Per corpus: equal, differ, refused (justified), refused (not justified), no reference.
    let mut counts: BTreeMap<&str, [usize; 5]> = BTreeMap::new();
    let mut lines = Vec::new();
    let mut failing = BTreeMap::new();
    for c in &conversions {
        let n = counts.entry(c.corpus.as_str()).or_default();
        let outcome = judge(c, &readback);
        let fails = match &outcome {
            Outcome::Equal => {
                n[0] += 1;
                false
            }
            Outcome::Differs(_) => {
                n[1] += 1;
                true
            }
            Outcome::Refused { justified, .. } => {
                n[if justified.is_some() { 2 } else { 3 }] += 1;
                justified.is_none()
            }
            Outcome::NoReference => {
                n[4] += 1;
                false
            }
        };
        if !matches!(outcome, Outcome::Equal) {
            lines.push(format!("{}: {}", c.label, outcome.summary()));
        }
        if fails {
            let unverified_equal = matches!(&outcome, Outcome::Refused { unverified: Some(u), .. }
                if matches!(**u, Outcome::Equal));
            failing.insert(c.label.clone(), (outcome.summary(), unverified_equal));
        }
    }
    eprintln!("JDK read-back of msm-java written by jsess, per source corpus:");
    eprintln!(
        "  corpus: equal, differ, refused (justified), refused (not justified), no reference"
    );
    for (corpus, [equal, differ, justified, unjustified, none]) in &counts {
        eprintln!("  {corpus}: {equal}, {differ}, {justified}, {unjustified}, {none}");
    }
    for line in &lines {
        eprintln!("  {line}");
    }

    let listed: BTreeMap<&str, &str> = KNOWN_FAILING
        .iter()
        .chain(REFUSED_BY_DESIGN)
        .copied()
        .collect();
    let unexpected: Vec<String> = failing
        .iter()
        .filter(|(label, _)| !listed.contains_key(label.as_str()))
        .map(|(label, (f, _))| format!("{label}: {f}"))
        .collect();
    let misdescribed: Vec<String> = failing
        .iter()
        .filter(|(label, (_, equal))| {
            listed
                .get(label.as_str())
                .is_some_and(|why| why.ends_with(UNVERIFIED_EQUAL) != *equal)
        })
        .map(|(label, (f, _))| format!("{label}: {f}"))
        .collect();
    let stale: Vec<&str> = listed
        .keys()
        .filter(|label| !failing.contains_key(**label))
        .copied()
        .collect();
    assert!(
        unexpected.is_empty(),
        "{} conversion(s) fail that neither KNOWN_FAILING nor REFUSED_BY_DESIGN lists:\n{}",
        unexpected.len(),
        unexpected.join("\n")
    );
    assert!(
        misdescribed.is_empty(),
        "the reason listed for these says the Java bytes read back equal, or not, wrongly:\n{}",
        misdescribed.join("\n")
    );
    assert!(
        stale.is_empty(),
        "listed as failing but passing now (remove them from the list): {stale:?}"
    );
    for (corpus, min) in MIN_EQUAL {
        let equal = counts.get(corpus).map_or(0, |n| n[0]);
        assert!(
            equal >= *min,
            "{corpus}: only {equal} read back equal, not {min}"
        );
    }
}
