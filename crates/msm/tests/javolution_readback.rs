//! Real Javolution reads back what jsess writes: every Java-serialized session of `corpora/msm`
//! is converted to msm-javolution, and `corpora/javolution/readback.sh` makes msm's own
//! `ReflectionBinding` on Javolution 5.4.3.1 read each blob and compare it with what Javolution
//! makes of the Java original. A second check feeds random doubles and floats through
//! Javolution's own number writer (`numbers.sh`) and compares its text with jsess's.
//!
//! Javolution and msm's serializer jar are not Debian packages: the test runs when
//! `JAVOLUTION_JAR` and `MSM_JAVOLUTION_JAR` name them (Maven Central `javolution:javolution:
//! 5.4.3.1` and `de.javakaffee.msm:msm-javolution-serializer`), and says it skipped otherwise.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

use jsess_classpath::Schemas;
use jsess_javaser::jdk::descriptors_of;
use jsess_javaser::jdk::Builder;
use jsess_javaser::Limits;
use jsess_javolution::number::{javolution_double, javolution_float};
use jsess_model::jdk::{Date, JdkValue, Temporal, Time, ZoneName};
use jsess_model::{Codec, Envelope, Session, Value};
use jsess_msm::{decode, sniff, AttributeFormat, Kind, MsmJavolution};

fn jars() -> Option<(String, String)> {
    let jar = |name: &str| std::env::var(name).ok().filter(|p| Path::new(p).is_file());
    let found = jar("JAVOLUTION_JAR").zip(jar("MSM_JAVOLUTION_JAR"));
    if found.is_none() {
        eprintln!("skipping: set JAVOLUTION_JAR and MSM_JAVOLUTION_JAR to run real Javolution");
    }
    found
}

/// Runs `readback.sh` over the blobs jsess wrote into `out` from the Java ones in `source`;
/// its report, which must say it succeeded.
fn readback(out: &Path, source: &Path) -> String {
    let output = Command::new("bash")
        .arg(root().join("corpora/javolution/readback.sh"))
        .arg(out)
        .arg(source)
        .output()
        .expect("run readback.sh");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "readback failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

#[test]
fn real_javolution_reads_back_what_jsess_writes() {
    let Some(_) = jars() else { return };
    let source = root().join("corpora/msm");
    let mut schemas = Schemas::new();
    schemas
        .add_classpath(
            root()
                .join("corpora/kryo/app-classes.jar")
                .to_str()
                .expect("path"),
        )
        .expect("app-classes.jar");
    let schemas = Arc::new(schemas);
    let out =
        std::env::temp_dir().join(format!("jsess-javolution-readback-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    std::fs::create_dir_all(&out).expect("temp dir");
    let mut written = 0;
    for (name, bytes) in jsess_testkit::corpus() {
        if sniff(&bytes) != Kind::Session(AttributeFormat::Java) {
            continue;
        }
        let session = decode(&bytes, &Limits::DEFAULT).expect("session");
        let codec = MsmJavolution::new(
            Arc::new(descriptors_of(&session.attributes.graph)),
            Arc::clone(&schemas),
        );
        // Sessions jsess refuses (a value msm's binding would change) are not written.
        if let Ok(xml) = codec.encode(&session) {
            std::fs::write(out.join(format!("{name}.bin")), xml).expect("write");
            written += 1;
        }
    }
    let stdout = readback(&out, &source);
    let _ = std::fs::remove_dir_all(&out);
    assert!(
        stdout.contains(&format!("{written} passed, 0 failed")),
        "{written} written:\n{stdout}"
    );
    assert!(written >= 34, "{written}");
}

/// The `java.time` values msm's binding reads back intact, written by jsess in its reflection
/// form, read back by real Javolution equal to what `ObjectInputStream` reads from the Java
/// session they came from.
#[test]
fn java_time_values_read_back_by_real_javolution() {
    let Some(_) = jars() else { return };
    let date = Date {
        year: 2023,
        month: 11,
        day: 14,
    };
    let time = Time {
        hour: 22,
        minute: 13,
        second: 20,
        nano: 123_456_789,
    };
    let zone = ZoneName::new("Europe/Berlin").expect("zone id");
    let values = [
        ("localDate", Temporal::LocalDate(date)),
        ("localTime", Temporal::LocalTime(time)),
        ("localDateTime", Temporal::LocalDateTime(date, time)),
        (
            "instant",
            Temporal::Instant {
                seconds: 1_700_000_000,
                nanos: 456_000_000,
            },
        ),
        (
            "duration",
            Temporal::Duration {
                seconds: 5400,
                nanos: 7,
            },
        ),
        (
            "period",
            Temporal::Period {
                years: 1,
                months: -2,
                days: 3,
            },
        ),
        ("zone", Temporal::ZoneRegion(zone)),
    ];
    let mut builder = Builder::new();
    let count = builder
        .boxed(Value::Int(values.len() as i32))
        .expect("Integer");
    builder.write_object(Some(count));
    for (name, value) in values {
        let name = builder.string(name);
        let value = builder.jdk(&JdkValue::Time(value)).expect("java.time");
        builder.write_object(Some(name));
        builder.write_object(Some(value));
    }
    let session = Session {
        envelope: Envelope::new(
            &b"6E7A0B1C2D3E4F506172839405A6B7C8"[..],
            1_700_000_000_000,
            1800,
        ),
        attributes: builder.finish(),
    };
    let dir = std::env::temp_dir().join(format!("jsess-javolution-time-{}", std::process::id()));
    let (source, out) = (dir.join("source"), dir.join("out"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&source).expect("temp dir");
    std::fs::create_dir_all(&out).expect("temp dir");
    let java = jsess_msm::encode(&session).expect("msm-java");
    std::fs::write(source.join("time.bin"), java).expect("write");
    let xml = MsmJavolution::default()
        .encode(&session)
        .expect("java.time values are written");
    std::fs::write(out.join("time.bin"), xml).expect("write");
    let stdout = readback(&out, &source);
    let _ = std::fs::remove_dir_all(&dir);
    assert!(stdout.contains("1 passed, 0 failed"), "{stdout}");
}

#[test]
fn numbers_are_spelled_as_javolution_spells_them() {
    let Some(_) = jars() else { return };
    let output = Command::new("bash")
        .arg(root().join("corpora/javolution/numbers.sh"))
        .args(["--random", "20000", "7"])
        .output()
        .expect("run numbers.sh");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    let (mut same, mut subnormal, mut differ) = (0, 0, Vec::new());
    for line in stdout.lines() {
        let mut parts = line.split('\t');
        let (Some(input), Some(text)) = (parts.next(), parts.next()) else {
            continue;
        };
        let ours = match input.split_once(' ') {
            Some(("d", hex)) => {
                let d = f64::from_bits(u64::from_str_radix(hex, 16).expect("hex"));
                // jsess refuses to write these: Javolution reads some back one ulp off.
                if d != 0.0 && d.abs() < f64::MIN_POSITIVE {
                    subnormal += 1;
                    continue;
                }
                javolution_double(d)
            }
            Some(("f", hex)) => {
                javolution_float(f32::from_bits(u32::from_str_radix(hex, 16).expect("hex")))
            }
            _ => continue,
        };
        if ours == text {
            same += 1;
        } else {
            differ.push(format!("{input}: javolution {text}, jsess {ours}"));
        }
    }
    eprintln!(
        "{same} numbers spelled alike, {} differ, {subnormal} subnormal doubles not compared",
        differ.len()
    );
    assert!(differ.is_empty(), "{}", differ.join("\n"));
    assert!(same >= 38_000, "{same}");
}
