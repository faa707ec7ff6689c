//! Real XStream reads back what jsess writes: every Java-serialized session of `corpora/msm`
//! is converted to msm-xstream, and `corpora/xstream/readback.sh` makes Debian's XStream 1.4.20
//! read each blob and compare it with what `ObjectInputStream` reads from the Java original
//! (Java's `equals` and the corpus description rules).
//!
//! Needs `java`, `javac` and the Debian jars. Without them the test says so and passes, unless
//! `JSESS_REQUIRE_JVM=1` is set: then it fails.

use std::path::{Path, PathBuf};
use std::process::Command;

use jsess_javaser::Limits;
use jsess_model::Codec;
use jsess_msm::{decode, sniff, AttributeFormat, Kind, MsmXStream};

const JARS: &[&str] = &[
    "/usr/share/java/xstream.jar",
    "/usr/share/java/xpp3.jar",
    "/usr/share/java/tomcat9-catalina.jar",
];

#[test]
fn real_xstream_reads_back_what_jsess_writes() {
    if !jsess_testkit::jvm::ready("the XStream read-back", JARS) {
        return;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let source = root.join("corpora/msm");
    let out: PathBuf =
        std::env::temp_dir().join(format!("jsess-xstream-readback-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    std::fs::create_dir_all(&out).expect("temp dir");
    let mut written = 0;
    for (name, bytes) in jsess_testkit::corpus() {
        if sniff(&bytes) != Kind::Session(AttributeFormat::Java) {
            continue;
        }
        let session = decode(&bytes, &Limits::DEFAULT).expect("session");
        match MsmXStream::default().encode(&session) {
            Ok(xml) => {
                std::fs::write(out.join(format!("{name}.bin")), xml).expect("write");
                written += 1;
            }
            // The one session whose value failed to serialize in Java has nothing to write.
            Err(e) => assert!(
                e.to_string().contains("NotSerializableException"),
                "{name}: {e}"
            ),
        }
    }
    let output = Command::new("bash")
        .arg(root.join("corpora/xstream/readback.sh"))
        .arg(&out)
        .arg(&source)
        .output()
        .expect("run readback.sh");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let _ = std::fs::remove_dir_all(&out);
    assert!(
        output.status.success(),
        "readback failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        stdout.contains(&format!("{written} passed, 0 failed")),
        "{written} written:\n{stdout}"
    );
    assert!(written >= 40, "{written}");
}
