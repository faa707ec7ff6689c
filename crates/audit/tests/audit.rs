//! Audit flags real gadget-shaped streams (written by Java with commons-collections and
//! commons-beanutils) and SerialDOS shapes, and stays silent on the clean corpora.

use std::path::Path;

use jsess_audit::{audit_blob, parse_patterns, FindingKind, Policy};
use jsess_javaser::jdk::Builder;
use jsess_javaser::{encode, Limits};
use jsess_model::jdk::CollectionKind;
use jsess_model::{Elements, Envelope, JdkValue, Session};

fn corpora() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpora")
}

fn read(path: &str) -> Vec<u8> {
    std::fs::read(corpora().join(path)).expect("corpus file")
}

#[test]
fn gadget_streams_are_flagged_by_family() {
    let policy = Policy::default();
    let cases = [
        (
            "hostile/gadget_commons_collections6.ser",
            FindingKind::Gadget("commons-collections".into()),
        ),
        (
            "hostile/gadget_commons_beanutils.ser",
            FindingKind::Gadget("commons-beanutils".into()),
        ),
        ("hostile/gadget_urldns.ser", FindingKind::UrlKey),
    ];
    for (file, kind) in cases {
        let report = audit_blob(&read(file), &policy, &Limits::DEFAULT);
        assert!(
            report.findings.iter().any(|f| f.kind == kind),
            "{file}: {:?}",
            report.findings
        );
    }
    let cc = audit_blob(
        &read("hostile/gadget_commons_collections6.ser"),
        &policy,
        &Limits::DEFAULT,
    );
    let classes: Vec<_> = cc
        .findings
        .iter()
        .filter_map(|f| f.class.as_deref())
        .collect();
    assert!(
        classes.contains(&"org.apache.commons.collections.functors.InvokerTransformer"),
        "{classes:?}"
    );
    assert!(classes.contains(&"java.lang.Runtime"), "{classes:?}");
}

#[test]
fn findings_name_the_session_attribute() {
    let bytes = read("hostile/gadget_commons_collections6_attributes.ser");
    let attributes = jsess_javaser::decode(&bytes, &Limits::DEFAULT).expect("attribute stream");
    let session = Session {
        envelope: envelope(),
        attributes,
    };
    let blob = jsess_msm::encode(&session).expect("msm blob");
    let report = audit_blob(&blob, &Policy::default(), &Limits::DEFAULT);
    assert_eq!(report.kind, "msm-java");
    assert!(!report.findings.is_empty());
    assert!(
        report
            .findings
            .iter()
            .all(|f| f.item == "attribute \"payload\""),
        "{:?}",
        report.findings
    );
}

#[test]
fn clean_corpora_raise_nothing() {
    let policy = Policy::default();
    for dir in ["java", "msm"] {
        for entry in std::fs::read_dir(corpora().join(dir)).expect("corpus dir") {
            let path = entry.expect("entry").path();
            if !path.extension().is_some_and(|e| e == "ser" || e == "bin") {
                continue;
            }
            let bytes = std::fs::read(&path).expect("file");
            let report = audit_blob(&bytes, &policy, &Limits::DEFAULT);
            assert!(
                report.findings.is_empty(),
                "{}: {:?}",
                path.display(),
                report.findings
            );
        }
    }
}

#[test]
fn allow_and_deny_lists_apply() {
    let camunda = read("msm/camunda.bin");
    let allow = parse_patterns("java.**\n").expect("patterns");
    let policy = Policy {
        allow: Some(allow),
        ..Policy::default()
    };
    let report = audit_blob(&camunda, &policy, &Limits::DEFAULT);
    assert!(report
        .findings
        .iter()
        .any(|f| f.kind == FindingKind::NotAllowed
            && f.class.as_deref()
                == Some("org.camunda.bpm.webapp.impl.security.auth.Authentications")));
    let mut policy = Policy::default();
    for p in parse_patterns("org.camunda.**").expect("patterns") {
        policy.deny.push((p, "denied".into()));
    }
    let report = audit_blob(&camunda, &policy, &Limits::DEFAULT);
    assert!(report
        .findings
        .iter()
        .any(|f| f.kind == FindingKind::Gadget("denied".into())));
}

#[test]
fn serialdos_shapes_are_flagged() {
    // 40 nested HashSets.
    let mut b = Builder::new();
    let mut inner = None;
    for _ in 0..40 {
        let set = JdkValue::Collection {
            kind: CollectionKind::Set,
            class: "java.util.HashSet",
            elements: inner.into_iter().map(Some).collect(),
            comparator: None,
            element_type: None,
        };
        inner = Some(b.jdk(&set).expect("set"));
    }
    b.write_object(inner);
    let nested = encode(&b.finish()).expect("encodes");
    let report = audit_blob(&nested, &Policy::default(), &Limits::DEFAULT);
    assert!(
        report
            .findings
            .iter()
            .any(|f| matches!(f.kind, FindingKind::NestedCollections(40))),
        "{:?}",
        report.findings
    );

    // 30 levels of arrays each holding the level below twice: 2^31 paths.
    let mut b = Builder::new();
    let mut level = b
        .array("[Ljava.lang.Object;", Elements::Object(vec![]))
        .expect("array");
    for _ in 0..30 {
        level = b
            .array(
                "[Ljava.lang.Object;",
                Elements::Object(vec![Some(level), Some(level)]),
            )
            .expect("array");
    }
    b.write_object(Some(level));
    let bomb = encode(&b.finish()).expect("encodes");
    let report = audit_blob(&bomb, &Policy::default(), &Limits::DEFAULT);
    assert!(
        report
            .findings
            .iter()
            .any(|f| matches!(f.kind, FindingKind::Expansion(n) if n > 1_000_000)),
        "{:?}",
        report.findings
    );
}

fn envelope() -> Envelope<'static> {
    Envelope::new(
        &b"0123456789ABCDEF0123456789ABCDEF"[..],
        1_700_000_000_000,
        1800,
    )
}
