//! Whether the tests that make real Java read jsess's output can run here: a JDK and the jars
//! they need. Elsewhere they skip, saying so, unless `JSESS_REQUIRE_JVM=1` (as CI sets it),
//! which turns a missing piece into a failure so such a test cannot pass unrun.

use std::path::Path;
use std::process::Command;

/// What is missing for `java`, `javac` and `jars`, if anything.
pub fn missing(jars: &[&str]) -> Option<String> {
    for tool in ["java", "javac"] {
        let ok = Command::new(tool)
            .arg("-version")
            .output()
            .map(|o| o.status.success())
            .unwrap_or(false);
        if !ok {
            return Some(format!("`{tool}` is not runnable"));
        }
    }
    jars.iter()
        .find(|j| !Path::new(j).exists())
        .map(|j| format!("{j} is missing"))
}

/// `true` when `what` (a test's name for itself, "the XStream read-back") can run; otherwise
/// says why it is skipped and returns `false`, or panics under `JSESS_REQUIRE_JVM=1`.
pub fn ready(what: &str, jars: &[&str]) -> bool {
    let Some(why) = missing(jars) else {
        return true;
    };
    if std::env::var("JSESS_REQUIRE_JVM").as_deref() == Ok("1") {
        panic!("JSESS_REQUIRE_JVM=1 but {why}");
    }
    eprintln!("skipping {what}: {why} (set JSESS_REQUIRE_JVM=1 to make this fail)");
    false
}
