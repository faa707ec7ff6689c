//! Audit flags real gadget-shaped streams (written by Java with commons-collections and
//! commons-beanutils) and SerialDOS shapes, and stays silent on the clean corpora.

use std::path::Path;
use std::sync::Arc;

use jsess_audit::{audit_blob, audit_blob_with, parse_patterns, BlobReport, FindingKind, Policy};
use jsess_javaser::jdk::Builder;
use jsess_javaser::{encode, Limits};
use jsess_model::jdk::CollectionKind;
use jsess_model::{Elements, Envelope, JdkValue, Session};
use jsess_msm::{FormatOptions, UnreadableReason};

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

/// The CommonsCollections6 session of `gadget_commons_collections6_attributes.ser` (a cart
/// and a `payload` attribute holding the chain) as msm-java.
fn gadget_session() -> Vec<u8> {
    let bytes = read("hostile/gadget_commons_collections6_attributes.ser");
    let attributes = jsess_javaser::decode(&bytes, &Limits::DEFAULT).expect("attribute stream");
    jsess_msm::encode(&Session {
        envelope: envelope(),
        attributes,
    })
    .expect("msm blob")
}

/// What `--schema-from` gives the formats: the Java descriptors of a Java-serialized session.
fn options_from(java_session: &[u8]) -> FormatOptions {
    let session = jsess_msm::decode(java_session, &Limits::DEFAULT).expect("msm-java");
    let mut schemas = jsess_classpath::Schemas::new();
    schemas.add_descriptors(&session.attributes.graph);
    FormatOptions {
        dictionary: None,
        schemas: Arc::new(schemas),
        descriptors: Arc::new(jsess_javaser::jdk::descriptors_of(
            &session.attributes.graph,
        )),
    }
}

fn encode_as(format: &str, java_session: &[u8]) -> Vec<u8> {
    let session = jsess_msm::decode(java_session, &Limits::DEFAULT).expect("msm-java");
    jsess_msm::codec_with(format, &FormatOptions::default())
        .expect("format")
        .encode(&session)
        .unwrap_or_else(|e| panic!("{format}: {e}"))
}

fn has_gadget(report: &BlobReport, item: &str, class: &str) -> bool {
    report.findings.iter().any(|f| {
        f.kind == FindingKind::Gadget("commons-collections".into())
            && f.item == item
            && f.class.as_deref() == Some(class)
    })
}

#[test]
fn gadgets_are_found_whatever_the_session_format() {
    let java = gadget_session();
    let options = options_from(&java);
    let direct = audit_blob(&java, &Policy::default(), &Limits::DEFAULT);
    let invoker = "org.apache.commons.collections.functors.InvokerTransformer";
    assert!(has_gadget(&direct, "attribute \"payload\"", invoker));
    for format in ["msm-xstream", "bincode", "msgpack", "postcard", "json"] {
        let bytes = encode_as(format, &java);
        let report = audit_blob_with(&bytes, &Policy::default(), &Limits::DEFAULT, &options);
        assert_eq!(report.kind, format);
        assert_eq!(report.skipped, None, "{format}");
        assert_eq!(
            report.session.as_deref(),
            Some("0123456789ABCDEF0123456789ABCDEF")
        );
        assert!(
            has_gadget(&report, "attribute \"payload\"", invoker),
            "{format}: {:?}",
            report.findings
        );
        // The same findings as in the Java original, attribute for attribute.
        let mut found: Vec<_> = report
            .findings
            .iter()
            .map(|f| (&f.item, &f.class))
            .collect();
        let mut expected: Vec<_> = direct
            .findings
            .iter()
            .map(|f| (&f.item, &f.class))
            .collect();
        found.sort();
        expected.sort();
        assert_eq!(found, expected, "{format}");
    }
    // The compact formats need nothing besides their bytes.
    let report = audit_blob(
        &encode_as("postcard", &java),
        &Policy::default(),
        &Limits::DEFAULT,
    );
    assert!(has_gadget(&report, "attribute \"payload\"", invoker));
}

#[test]
fn unreadable_attributes_are_reported_and_the_class_they_stop_at_is_checked() {
    // XStream's XML names every class: without the Java descriptors the gadget is read in full
    // and found where the Java original has it.
    let java = gadget_session();
    let xml = encode_as("msm-xstream", &java);
    let report = audit_blob(&xml, &Policy::default(), &Limits::DEFAULT);
    assert!(report.attributes_error.is_none(), "{report:?}");
    for class in [
        "org.apache.commons.collections.map.LazyMap",
        "org.apache.commons.collections.functors.InvokerTransformer",
    ] {
        assert!(
            has_gadget(&report, "attribute \"payload\"", class),
            "{class}: {:?}",
            report.findings
        );
    }

    // The same XML with a field marked as declared in two superclasses: the hierarchy only
    // the class files give, so the reader stops at that class, which is still checked.
    let stopped_at = "org.apache.commons.collections.keyvalue.TiedMapEntry";
    let key = b"<key class=\"string\">key</key>";
    let at = xml
        .windows(key.len())
        .position(|w| w == key)
        .expect("TiedMapEntry's key");
    let mut edited = xml[..at].to_vec();
    edited.extend_from_slice(
        br#"<key defined-in="a.A" class="string">key</key><key defined-in="a.B" class="string">key</key>"#,
    );
    edited.extend_from_slice(&xml[at + key.len()..]);
    let report = audit_blob(&edited, &Policy::default(), &Limits::DEFAULT);
    assert_eq!(report.kind, "msm-xstream");
    assert_eq!(
        report.session.as_deref(),
        Some("0123456789ABCDEF0123456789ABCDEF")
    );
    let error = report
        .attributes_error
        .clone()
        .expect("attributes not read");
    assert_eq!(error.reason, UnreadableReason::UnknownClass);
    assert_eq!(error.class.as_deref(), Some(stopped_at));
    assert!(
        report
            .skipped
            .as_deref()
            .is_some_and(|s| s.contains("unknown class") && s.contains(stopped_at)),
        "{report:?}"
    );
    assert!(
        has_gadget(&report, "attributes (not read)", stopped_at),
        "{:?}",
        report.findings
    );

    // A clean Kryo session read without the application's classes: reported, no finding.
    let kryo = read("kryo/ecommerce.bin");
    let report = audit_blob(&kryo, &Policy::default(), &Limits::DEFAULT);
    assert_eq!(report.kind, "msm-kryo");
    assert!(report.findings.is_empty(), "{:?}", report.findings);
    let error = report.attributes_error.expect("attributes not read");
    assert_eq!(error.reason, UnreadableReason::UnknownClass);
    assert_eq!(error.class.as_deref(), Some("com.shop.model.Cart"));
    assert_eq!(
        report.session.as_deref(),
        Some("398A64A6C865FDAE6EB9211520FCFBAB")
    );
}

#[test]
fn serialdos_shapes_are_found_whatever_the_session_format() {
    // 40 nested HashSets in one attribute.
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
    jsess_msm::build_attributes(&mut b, &[("sets", inner)]).expect("framing");
    let java = jsess_msm::encode(&Session {
        envelope: envelope(),
        attributes: b.finish(),
    })
    .expect("msm blob");
    for format in [
        "msm-java",
        "msm-kryo",
        "msm-xstream",
        "msm-javolution",
        "bincode",
        "msgpack",
        "postcard",
        "json",
    ] {
        let bytes = encode_as(format, &java);
        let report = audit_blob(&bytes, &Policy::default(), &Limits::DEFAULT);
        assert_eq!(report.kind, format);
        assert!(
            report
                .findings
                .iter()
                .any(|f| f.item == "attribute \"sets\""
                    && matches!(f.kind, FindingKind::NestedCollections(40))),
            "{format}: {report:?}"
        );
    }
}

#[test]
fn clean_corpora_of_every_format_raise_nothing() {
    let mut schemas = jsess_classpath::Schemas::new();
    schemas
        .add_classpath(
            corpora()
                .join("kryo/app-classes.jar")
                .to_str()
                .expect("utf-8"),
        )
        .expect("classpath");
    let options = FormatOptions {
        schemas: Arc::new(schemas),
        ..FormatOptions::default()
    };
    for dir in ["kryo", "xstream"] {
        let mut audited = 0;
        for entry in std::fs::read_dir(corpora().join(dir)).expect("corpus dir") {
            let path = entry.expect("entry").path();
            if path.extension().is_none_or(|e| e != "bin") {
                continue;
            }
            let bytes = std::fs::read(&path).expect("file");
            let report = audit_blob_with(&bytes, &Policy::default(), &Limits::DEFAULT, &options);
            assert_eq!(report.kind, format!("msm-{dir}"), "{}", path.display());
            assert!(
                report.findings.is_empty(),
                "{}: {:?}",
                path.display(),
                report.findings
            );
            if report.attributes_error.is_none() {
                audited += 1;
            }
        }
        // Every session whose attributes jsess reads with the application's classes.
        assert!(audited >= 40, "{dir}: {audited} sessions audited");
    }
}

/// Many attributes holding one large object that reaches a gadget class: every attribute is
/// reported (each by its name), and the object is walked once, not once per attribute (two
/// thousand walks of twenty thousand nodes before).
#[test]
fn attributes_sharing_one_object_are_each_reported_from_one_walk() {
    use jsess_javaser::jdk::Descriptor;

    let invoker = "org.apache.commons.collections.functors.InvokerTransformer";
    let mut b = Builder::new();
    b.define(Descriptor::inferred(invoker, []));
    let data = b.serial(&[], None);
    let gadget = b.instance(invoker, vec![data]).expect("gadget");
    let mut elements: Vec<_> = (0..20_000)
        .map(|i| Some(b.string(&format!("e{i}"))))
        .collect();
    elements.push(Some(gadget));
    let list = b
        .jdk(&JdkValue::Collection {
            kind: CollectionKind::List,
            class: "java.util.ArrayList",
            elements,
            comparator: None,
            element_type: None,
        })
        .expect("list");
    let items: Vec<_> = (0..2_000)
        .map(|i| (format!("attr{i}"), Some(list)))
        .collect();
    let stream = b.finish();
    let findings = jsess_audit::audit(&stream.graph, &items, &jsess_audit::Policy::default());
    assert_eq!(findings.len(), items.len(), "{:?}", findings.first());
    for (finding, (label, _)) in findings.iter().zip(&items) {
        assert_eq!(&finding.item, label);
        assert_eq!(finding.class.as_deref(), Some(invoker));
    }
}
