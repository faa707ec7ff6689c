//! The managers load what jsess writes: every corpus value written back, and every msm corpus
//! session converted into each manager's value (dropping what the target cannot hold), is
//! loaded by that manager's own loading code (`corpora/managers/readback/run.sh`), which sees
//! the same id, times, flags, login and attribute names jsess read.
//!
//! Needs `java`, `javac`, Debian's libtomcat9-java and the managers' classes: `JCOLEMAN_JAR`,
//! `JCOLEMAN_GIT`, `RANJIT_GIT`, `CHEXAGON_GIT` as `corpora/managers/generate.sh` takes them.
//! Without them the test says so and passes, unless `JSESS_REQUIRE_MANAGERS=1` is set.

mod common;

use std::collections::BTreeMap;
use std::process::Command;

use jsess_javaser::Limits;
use jsess_tomcat::convert::Allow;
use jsess_tomcat::managers::{self, Frame};
use jsess_tomcat::{json, write, AttributeValue, Container, Persisted, Profile};

const LIMITS: Limits = Limits::DEFAULT;
const VARS: [&str; 4] = ["JCOLEMAN_JAR", "JCOLEMAN_GIT", "RANJIT_GIT", "CHEXAGON_GIT"];

fn available() -> Result<(), String> {
    for tool in ["java", "javac"] {
        let ok = Command::new(tool)
            .arg("-version")
            .output()
            .is_ok_and(|o| o.status.success());
        if !ok {
            return Err(format!("`{tool}` is not runnable"));
        }
    }
    match VARS.iter().find(|v| std::env::var_os(v).is_none()) {
        Some(missing) => Err(format!("{missing} is not set")),
        None => Ok(()),
    }
}

/// What LoadManagers.java prints for a value, from what jsess read. jcoleman 2.0's and ran-jit's
/// loaders end with `setCreationTime(readLong())`, which also sets both access times: after a
/// load those are the creation time, whatever the sequence held.
fn describe(persisted: &Persisted<'_>) -> String {
    let s = &persisted.sessions[0];
    let json = json::to_json(persisted, 0, &LIMITS);
    let principal = common::principal_line(&json);
    let mut names: Vec<&str> = s
        .attributes
        .iter()
        // Tomcat 9.0.70 no longer skips the marker string of Tomcat up to 7.0.64: it loads
        // it as the value it is.
        .filter(|a| {
            matches!(
                a.value,
                AttributeValue::Written(Some(_)) | AttributeValue::Marker(_)
            )
        })
        .map(|a| a.name.as_str())
        .collect();
    names.sort();
    let (created, last) = match persisted.frame {
        Some(Frame::Metadata { creation_time, .. }) => (creation_time, creation_time),
        _ => (s.creation_time, s.last_accessed_time),
    };
    [
        s.id.clone(),
        created.to_string(),
        last.to_string(),
        s.max_inactive_interval.to_string(),
        s.is_new.to_string(),
        s.is_valid.to_string(),
        s.auth_type.clone().unwrap_or_else(|| "null".into()),
        principal,
        names.join(","),
        "- -".into(),
    ]
    .join("\t")
}

const CONTAINERS: [Container; 4] = [
    Container::Jcoleman,
    Container::JcolemanLegacy,
    Container::RanJit,
    Container::Chexagon,
];

#[test]
fn each_manager_loads_what_jsess_writes() {
    if let Err(why) = available() {
        if std::env::var("JSESS_REQUIRE_MANAGERS").as_deref() == Ok("1") {
            panic!("JSESS_REQUIRE_MANAGERS=1 but {why}");
        }
        eprintln!(
            "skipping the managers' read-back: {why} (JSESS_REQUIRE_MANAGERS=1 fails instead)"
        );
        return;
    }
    let out = std::env::temp_dir().join(format!("jsess-managers-readback-{}", std::process::id()));
    std::fs::create_dir_all(&out).expect("temp dir");
    let mut expected: BTreeMap<String, String> = BTreeMap::new();
    let corpus = jsess_testkit::corpora().join("managers");
    for container in CONTAINERS {
        let dir = corpus.join(container.layout());
        for entry in std::fs::read_dir(&dir).expect("corpus") {
            let path = entry.expect("entry").path();
            let bytes = std::fs::read(&path).expect("read");
            let Some(read) = managers::read(&bytes, &LIMITS) else {
                continue;
            };
            let persisted = read.expect("corpus value");
            let name = path
                .file_name()
                .expect("name")
                .to_string_lossy()
                .into_owned();
            let target = out.join(format!("{}--{name}", container.layout()));
            std::fs::write(&target, write(&persisted).expect("writes")).expect("write");
            expected.insert(target.to_string_lossy().into_owned(), describe(&persisted));
        }
    }
    let corpus_values = expected.len();
    let allow = Allow {
        lost_login: true,
        skipped_values: true,
    };
    let mut refused = 0;
    for (name, blob) in jsess_testkit::corpus() {
        let Ok(session) = jsess_msm::decode(&blob, &LIMITS) else {
            continue;
        };
        for container in CONTAINERS {
            let converted =
                match managers::from_msm(&session, container, Profile::Login, allow, &LIMITS) {
                    Ok(converted) => converted,
                    Err(_) => {
                        refused += 1;
                        continue;
                    }
                };
            let target = out.join(format!("{}--msm-{name}", container.layout()));
            std::fs::write(&target, write(&converted.value).expect("writes")).expect("write");
            expected.insert(
                target.to_string_lossy().into_owned(),
                describe(&converted.value),
            );
        }
    }
    let files: Vec<&String> = expected.keys().collect();
    let output = Command::new("bash")
        .arg(jsess_testkit::corpora().join("managers/readback/run.sh"))
        .args(&files)
        .output()
        .expect("run readback/run.sh");
    assert!(
        output.status.success(),
        "run.sh failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8(output.stdout).expect("UTF-8");
    let seen: BTreeMap<&str, &str> = stdout
        .lines()
        .filter_map(|line| line.split_once('\t'))
        .collect();
    let mut differ = Vec::new();
    for (file, wanted) in &expected {
        let got = seen.get(file.as_str()).copied().unwrap_or("(nothing)");
        if got != wanted {
            differ.push(format!("{file}\n  loaded: {got}\n  jsess:  {wanted}"));
        }
    }
    std::fs::remove_dir_all(&out).ok();
    println!(
        "the managers loaded {} values jsess wrote ({corpus_values} corpus values, {} from msm; \
         {refused} conversions refused)",
        expected.len() - differ.len(),
        expected.len() - corpus_values
    );
    assert!(differ.is_empty(), "{}", differ.join("\n"));
}
