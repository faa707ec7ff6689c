//! Tomcat 9.0.70 reads what jsess writes: every corpus stream moved to each profile it can
//! hold, and every msm corpus session converted to each profile (dropping a login the profile
//! cannot hold and values that did not serialize), is read by
//! `StandardSession.readObjectData` (`corpora/tomcat/readback/run.sh`), and Tomcat sees the
//! same id, times, flags, login and attribute names jsess read. The one file Tomcat itself cannot load (a value aborted, then back-references)
//! is the one jsess recovers.
//!
//! Needs `java`, `javac` and Debian's libtomcat9-java. Without them the test says so and passes,
//! unless `JSESS_REQUIRE_JVM=1` is set: then it fails.

mod common;

use std::collections::BTreeMap;
use std::process::Command;

use jsess_javaser::Limits;
use jsess_tomcat::convert::{from_msm, Allow};
use jsess_tomcat::{json, read_file, read_sessions_ser, write, AttributeValue, Persisted, Profile};

const LIMITS: Limits = Limits::DEFAULT;
const ABORTED_THEN_BACK_REFERENCES: &str = "B1B1B1B1B1B1B1B1B1B1B1B1B1B1B1B1";

/// What Load.java prints for a session, from what jsess read.
fn describe(persisted: &Persisted<'_>, index: usize) -> String {
    let s = &persisted.sessions[index];
    let json = json::to_json(persisted, index, &LIMITS);
    let principal = common::principal_line(&json);
    // Tomcat's reader skips values that did not serialize, and null values.
    let mut names: Vec<&str> = s
        .attributes
        .iter()
        .filter(|a| matches!(a.value, AttributeValue::Written(Some(_))))
        .map(|a| a.name.as_str())
        .collect();
    names.sort();
    let notes = &json["session"]["notes"];
    let text = |v: &serde_json::Value| v.as_str().unwrap_or("-").to_string();
    let request = &notes["saved_request"]["fields"];
    let saved = if request.is_object() {
        format!(
            "{} {}",
            text(&request["method"]),
            text(&request["requestURI"])
        )
    } else {
        "-".to_string()
    };
    [
        s.id.clone(),
        s.creation_time.to_string(),
        s.last_accessed_time.to_string(),
        s.max_inactive_interval.to_string(),
        s.is_new.to_string(),
        s.is_valid.to_string(),
        s.auth_type.clone().unwrap_or_else(|| "null".into()),
        principal,
        names.join(","),
        format!("{} {saved}", text(&notes["session_id"])),
    ]
    .join("\t")
}

#[test]
fn tomcat_reads_every_profile_jsess_writes() {
    if !jsess_testkit::jvm::ready(
        "the Tomcat read-back",
        &["/usr/share/java/tomcat9-catalina.jar"],
    ) {
        return;
    }
    let corpora = jsess_testkit::corpora().join("tomcat");
    let out = std::env::temp_dir().join(format!("jsess-tomcat-readback-{}", std::process::id()));
    std::fs::create_dir_all(&out).expect("temp dir");
    let mut expected: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut entries: Vec<_> = std::fs::read_dir(&corpora)
        .expect("corpora/tomcat")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "session" || e == "ser"))
        .collect();
    entries.sort();
    for path in entries {
        let bytes = std::fs::read(&path).expect("read");
        let name = path
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        let ser = name.ends_with(".ser");
        let original = if ser {
            read_sessions_ser(&bytes, &LIMITS).expect("reads")
        } else {
            read_file(&bytes, &LIMITS).expect("reads")
        };
        let descriptions: Vec<String> = (0..original.sessions.len())
            .map(|i| describe(&original, i))
            .collect();
        for profile in [Profile::NoLogin, Profile::Login, Profile::LoginNotes] {
            let mut moved = original.clone();
            let fits = (0..moved.sessions.len()).all(|i| moved.set_profile(i, profile).is_ok());
            if !fits {
                continue;
            }
            let target = out.join(format!(
                "{}.{}{}",
                name,
                profile.name(),
                if ser { ".ser" } else { "" }
            ));
            std::fs::write(&target, write(&moved).expect("writes")).expect("write file");
            expected.insert(target.to_string_lossy().into_owned(), descriptions.clone());
        }
    }
    // msm's corpus converted to each profile that can hold it.
    let mut converted = 0;
    for (name, blob) in jsess_testkit::corpus() {
        let Ok(session) = jsess_msm::decode(&blob, &LIMITS) else {
            continue;
        };
        for profile in [Profile::NoLogin, Profile::Login, Profile::LoginNotes] {
            let allow = Allow {
                lost_login: true,
                skipped_values: true,
            };
            let Ok(tomcat) = from_msm(&session, profile, allow, &LIMITS) else {
                continue;
            };
            let target = out.join(format!("msm-{name}.{}.session", profile.name()));
            std::fs::write(&target, write(&tomcat.value).expect("writes")).expect("write file");
            expected.insert(
                target.to_string_lossy().into_owned(),
                vec![describe(&tomcat.value, 0)],
            );
            converted += 1;
        }
    }
    let files: Vec<&String> = expected.keys().collect();
    let script = jsess_testkit::corpora().join("tomcat/readback/run.sh");
    let output = Command::new("bash")
        .arg(script)
        .args(&files)
        .output()
        .expect("run readback/run.sh");
    assert!(
        output.status.success(),
        "run.sh failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8(output.stdout).expect("UTF-8");
    let mut seen: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for line in stdout.lines() {
        let (file, description) = line.split_once('\t').expect("file, then the session");
        seen.entry(file.to_string())
            .or_default()
            .push(description.to_string());
    }
    let mut read = 0;
    let mut lost_by_tomcat = 0;
    let mut differ = Vec::new();
    for (file, mut wanted) in expected {
        let mut got = seen.remove(&file).unwrap_or_default();
        if file.contains(ABORTED_THEN_BACK_REFERENCES) {
            assert!(
                got.iter().any(|l| l.starts_with("ERROR")),
                "{file}: {got:?}"
            );
            lost_by_tomcat += 1;
            continue;
        }
        // StandardManager writes its sessions in hash order; Tomcat reads them back in the
        // stream's order, as jsess does: compare as sets all the same.
        got.sort();
        wanted.sort();
        if got == wanted {
            read += 1;
        } else {
            differ.push(format!("{file}\n  Tomcat: {got:?}\n  jsess:  {wanted:?}"));
        }
    }
    std::fs::remove_dir_all(&out).ok();
    println!(
        "Tomcat 9.0.70 read {read} streams jsess wrote ({converted} from msm) as jsess read them; \
         it could not load {lost_by_tomcat} that jsess reads"
    );
    assert!(differ.is_empty(), "{}", differ.join("\n"));
    assert!(read >= 14 + converted);
}
