//! The facade over real bytes: every kind of stored value, the typed categories of failures,
//! verified transcoding.

use jsess::{Category, Options, UnreadableReason, Value};
use jsess_testkit::corpora;

fn corpus(path: &str) -> Vec<u8> {
    std::fs::read(corpora().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn app_classes() -> Options {
    let mut options = Options::new();
    let jar = corpora().join("kryo/app-classes.jar");
    options
        .classpath(jar.to_str().expect("utf-8 path"))
        .expect("app-classes.jar");
    options
}

#[test]
fn every_kind_of_stored_value() {
    let options = Options::new();
    for (path, format) in [
        ("msm/camunda.bin", "msm-java"),
        ("msm/ping_1byte.bin", "ping"),
        ("msm/lock.bin", "lock"),
        ("msm/validity_example.bin", "validity"),
        ("java/arraylist.ser", "java"),
        ("kryo/camunda.bin", "msm-kryo"),
        ("xstream/camunda.bin", "msm-xstream"),
        ("javolution/camunda.bin", "msm-javolution"),
    ] {
        let stored = jsess::read(&corpus(path), &options).expect(path);
        assert_eq!(stored.format(), format, "{path}");
        let json = jsess::to_json(&stored, &options).expect(path);
        assert_eq!(json["format"], format, "{path}");
    }
    let validity = jsess::read(&corpus("msm/validity_example.bin"), &options).expect("validity");
    let Value::Validity(v) = validity.value else {
        panic!("not a validity value")
    };
    assert_eq!(v.encode().as_slice(), corpus("msm/validity_example.bin"));
}

#[test]
fn sessions_without_their_classes_keep_their_envelope_and_say_why() {
    let java = jsess::read(&corpus("msm/camunda.bin"), &Options::new()).expect("java");
    let id = java.envelope().expect("envelope").id.clone();
    let kryo = jsess::read(&corpus("kryo/camunda.bin"), &Options::new()).expect("kryo");
    assert_eq!(kryo.envelope().expect("envelope").id, id);
    let error = kryo.session().expect_err("no classes given");
    assert_eq!(error.classify(), Category::NeedsClasses, "{error}");
    let Value::Unreadable { error, .. } = &kryo.value else {
        panic!("readable without classes")
    };
    assert_eq!(error.reason, UnreadableReason::UnknownClass);
    let json = jsess::to_json(&kryo, &Options::new()).expect("json");
    assert!(json["error"]
        .as_str()
        .is_some_and(|e| e.contains("Authentications")));
    assert_eq!(
        json["session"]["id"],
        jsess::to_json(&java, &Options::new()).expect("json")["session"]["id"]
    );

    let kryo = jsess::read(&corpus("kryo/camunda.bin"), &app_classes()).expect("kryo");
    assert!(kryo.session().is_ok());
}

/// One `Options` reads many values with formats made once; what is added to it afterwards
/// (a classpath) is what the next value is read with.
#[test]
fn formats_are_made_once_and_follow_the_options() {
    let blob = corpus("kryo/camunda.bin");
    let mut options = Options::new();
    let first = std::sync::Arc::clone(options.formats());
    assert!(std::sync::Arc::ptr_eq(&first, options.formats()));
    let before = jsess::read(&blob, &options).expect("kryo");
    assert!(before.session().is_err(), "readable without classes");
    let jar = corpora().join("kryo/app-classes.jar");
    options
        .classpath(jar.to_str().expect("utf-8 path"))
        .expect("app-classes.jar");
    assert!(!std::sync::Arc::ptr_eq(&first, options.formats()));
    for _ in 0..2 {
        let after = jsess::read(&blob, &options).expect("kryo");
        assert!(after.session().is_ok(), "the classpath was not used");
    }
}

#[test]
fn wrapped_values_are_unwrapped() {
    use base64::Engine;
    // A Java stream in Base64, as some frameworks and Redis GUIs store one.
    let blob = corpus("java/arraylist.ser");
    let wrapped = base64::engine::general_purpose::STANDARD.encode(&blob);
    let stored = jsess::read(wrapped.as_bytes(), &Options::new()).expect("base64");
    assert_eq!(stored.bytes, blob);
    assert_eq!(stored.format(), "java");
    let json = jsess::to_json(&stored, &Options::new()).expect("json");
    assert_eq!(json["transport"], serde_json::json!(["base64"]));
}

#[test]
fn failures_are_classified() {
    let garbage =
        jsess::read(b"not a session at all, just text", &Options::new()).expect_err("garbage");
    assert_eq!(garbage.classify(), Category::Rejected);

    let shallow = Options::new().limits(jsess::Limits {
        max_depth: 2,
        ..jsess::Limits::DEFAULT
    });
    let limited = jsess::read(&corpus("msm/camunda.bin"), &shallow).expect("a session");
    assert_eq!(
        limited.session().expect_err("limited").classify(),
        Category::LimitExceeded
    );

    // Kryo keeps milliseconds: a Timestamp with nanos cannot go there.
    let beyond = corpus("beyond/jdk_values.java.bin");
    let mut options = Options::new();
    let jar = corpora().join("beyond/app-classes.jar");
    options
        .classpath(jar.to_str().expect("utf-8 path"))
        .expect("jar");
    let lossy = jsess::transcode(&beyond, "msm-kryo", &options).expect_err("nanos");
    assert_eq!(lossy.classify(), Category::CannotHold, "{lossy}");

    let needs = jsess::transcode(&corpus("msm/camunda.bin"), "msm-kryo", &Options::new())
        .expect_err("no classes");
    assert_eq!(needs.classify(), Category::NeedsClasses, "{needs}");

    let unknown = jsess::transcode(&corpus("msm/camunda.bin"), "msm-yaml", &Options::new())
        .expect_err("no such format");
    assert!(matches!(unknown, jsess::Error::UnknownFormat(_)));
}

#[test]
fn transcoding_is_verified_and_reversible() {
    for case in ["camunda", "ecommerce", "attribute_cycle"] {
        let java = corpus(&format!("msm/{case}.bin"));
        // FlexJSON names classes but not their serialVersionUIDs: they come from the Java blob.
        let mut options = app_classes();
        assert!(options.learn_from(&java));
        let kryo = jsess::transcode(&java, "msm-kryo", &options).expect(case);
        assert_eq!(kryo.bytes, corpus(&format!("kryo/{case}.bin")), "{case}");
        for format in jsess::FORMAT_NAMES {
            let there = match jsess::transcode(&java, format, &options) {
                Ok(there) => there,
                // msm's Javolution and FlexJSON transcoders lose some JDK values (a Date's
                // time): refused, naming what would be lost.
                Err(e) => {
                    assert_eq!(
                        e.classify(),
                        Category::CannotHold,
                        "{case} as {format}: {e}"
                    );
                    continue;
                }
            };
            let back = jsess::transcode(&there.bytes, "msm-java", &options).expect(format);
            // msm's transcoders other than Java serialization write an equal string or box
            // again instead of sharing it (Kryo does not track references to them, XStream
            // never shares them), so their way back is equal in value (checked by transcode),
            // not always in bytes; the compact formats keep every identity.
            if !format.starts_with("msm-") || format == "msm-java" {
                assert_eq!(back.bytes, java, "{case} through {format}");
            }
        }
    }
}
