//! Damaged streams: every truncation and a bit flip at every byte of each corpus file gives a
//! session or a typed error, never a panic; counts that claim more than the stream holds
//! reserve nothing for it.

use jsess_javaser::jdk::Builder;
use jsess_javaser::Limits;
use jsess_model::Value;
use jsess_tomcat::convert::{to_msm, Allow};
use jsess_tomcat::{json, read_file, read_sessions_ser, write, AttributeValue, Error, Profile};

const LIMITS: Limits = Limits::DEFAULT;

fn corpus() -> Vec<(String, Vec<u8>)> {
    let dir = jsess_testkit::corpora().join("tomcat");
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .expect("corpora/tomcat")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "session" || e == "ser"))
        .map(|p| {
            let name = p.file_name().expect("name").to_string_lossy().into_owned();
            (name, std::fs::read(&p).expect("read"))
        })
        .collect();
    out.sort();
    out
}

fn exercise(bytes: &[u8]) {
    let results = [read_file(bytes, &LIMITS), read_sessions_ser(bytes, &LIMITS)];
    for persisted in results.into_iter().flatten() {
        for index in 0..persisted.sessions.len() {
            let _ = json::to_json(&persisted, index, &LIMITS);
            let _ = to_msm(&persisted, index, Allow::default());
            let all = Allow {
                lost_login: true,
                skipped_values: true,
            };
            let _ = to_msm(&persisted, index, all);
            let mut moved = persisted.clone();
            let _ = moved.set_profile(index, Profile::NoLogin);
        }
        let _ = write(&persisted);
    }
}

#[test]
fn truncations_and_flips_never_panic() {
    let mut cases = 0;
    for (_, bytes) in corpus() {
        for cut in 0..bytes.len() {
            exercise(&bytes[..cut]);
            let mut flipped = bytes.clone();
            flipped[cut] ^= 0x5A;
            exercise(&flipped);
            let mut bit = bytes.clone();
            bit[cut] ^= 0x01;
            exercise(&bit);
            cases += 3;
        }
    }
    println!("{cases} damaged streams");
}

#[test]
fn a_truncated_file_names_what_is_missing() {
    let (_, bytes) = corpus()
        .into_iter()
        .find(|(n, _)| n.starts_with("8F3A"))
        .expect("plain file");
    // Cut after the header's id: the stream itself is well formed, the sequence is not.
    let id_end = bytes
        .windows(32)
        .position(|w| w == b"8F3A2C1B4D5E6F708192A3B4C5D6E7F8")
        .expect("id")
        + 32;
    match read_file(&bytes[..id_end], &LIMITS) {
        Err(Error::Framing { session, item, .. }) => {
            assert_eq!(session, "8F3A2C1B4D5E6F708192A3B4C5D6E7F8");
            assert!(item.contains("authType"), "{item}");
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        read_file(&bytes[..bytes.len() - 1], &LIMITS),
        Err(Error::Java(_))
    ));
}

fn header(builder: &mut Builder, id: &str) {
    for value in [
        Value::Long(1),
        Value::Long(2),
        Value::Int(1800),
        Value::Boolean(0),
        Value::Boolean(1),
        Value::Long(3),
    ] {
        let node = builder.boxed(value).expect("box");
        builder.write_object(Some(node));
    }
    let id = builder.string(id);
    builder.write_object(Some(id));
}

#[test]
fn huge_counts_allocate_nothing() {
    // SESSIONS.ser claiming 2^31 - 1 sessions, holding one.
    let mut builder = Builder::new();
    let count = builder.boxed(Value::Int(i32::MAX)).expect("count");
    builder.write_object(Some(count));
    header(&mut builder, "only");
    let zero = builder.boxed(Value::Int(0)).expect("zero");
    builder.write_object(Some(zero));
    let bytes = jsess_javaser::encode(&builder.finish()).expect("encode");
    match read_sessions_ser(&bytes, &LIMITS) {
        Err(Error::Framing { session, .. }) => assert_eq!(session, "#2"),
        other => panic!("{other:?}"),
    }
    // A session claiming 2^31 - 1 attributes.
    let mut builder = Builder::new();
    header(&mut builder, "many");
    let count = builder.boxed(Value::Int(i32::MAX)).expect("count");
    builder.write_object(Some(count));
    let bytes = jsess_javaser::encode(&builder.finish()).expect("encode");
    match read_file(&bytes, &LIMITS) {
        Err(Error::Framing { session, item, .. }) => {
            assert_eq!(session, "many");
            assert!(item.contains("attribute 1 of 2147483647"), "{item}");
        }
        other => panic!("{other:?}"),
    }
    // A negative count is no count.
    let mut builder = Builder::new();
    let count = builder.boxed(Value::Int(-1)).expect("count");
    builder.write_object(Some(count));
    let bytes = jsess_javaser::encode(&builder.finish()).expect("encode");
    assert!(matches!(
        read_sessions_ser(&bytes, &LIMITS),
        Err(Error::Container(_))
    ));
}

#[test]
fn the_marker_of_tomcat_7_0_64_and_before_is_a_value_that_did_not_serialize() {
    // What Tomcat up to 7.0.64 wrote (no login items, the marker in place of the value).
    let mut builder = Builder::new();
    header(&mut builder, "old");
    let count = builder.boxed(Value::Int(2)).expect("count");
    builder.write_object(Some(count));
    for (name, value) in [("bad", jsess_tomcat::NOT_SERIALIZED), ("user", "alice")] {
        let name = builder.string(name);
        builder.write_object(Some(name));
        let value = builder.string(value);
        builder.write_object(Some(value));
    }
    let bytes = jsess_javaser::encode(&builder.finish()).expect("encode");
    let persisted = read_file(&bytes, &LIMITS).expect("reads");
    let session = &persisted.sessions[0];
    assert_eq!(session.profile, Profile::NoLogin);
    assert_eq!(session.not_serializable(), vec!["bad"]);
    assert!(matches!(
        session.attribute("bad").expect("bad").value,
        AttributeValue::Marker(_)
    ));
    let json = json::to_json(&persisted, 0, &LIMITS);
    assert_eq!(
        json["attributes"][0]["not_serializable"],
        jsess_tomcat::NOT_SERIALIZED
    );
    assert_eq!(write(&persisted).expect("writes"), bytes);
    // Moved to the 9.0.32+ profile, two nulls join and nothing else changes.
    let mut moved = persisted.clone();
    moved.set_profile(0, Profile::Login).expect("fits");
    let written = write(&moved).expect("writes");
    assert_eq!(written.len(), bytes.len() + 2);
    assert_eq!(
        read_file(&written, &LIMITS).expect("reads").sessions[0].profile,
        Profile::Login
    );
}

#[test]
fn objects_that_are_not_what_tomcat_writes_are_refused() {
    // A String where creationTime's Long belongs.
    let mut builder = Builder::new();
    let s = builder.string("1700000000000");
    builder.write_object(Some(s));
    let bytes = jsess_javaser::encode(&builder.finish()).expect("encode");
    match read_file(&bytes, &LIMITS) {
        Err(Error::Framing {
            session,
            item,
            reason,
        }) => {
            assert_eq!(session, "#1");
            assert_eq!(item, "creationTime");
            assert!(reason.contains("java.lang.String"), "{reason}");
        }
        other => panic!("{other:?}"),
    }
    // Block data at the top level.
    let mut builder = Builder::new();
    builder.write_block_data(b"\x00\x01");
    let bytes = jsess_javaser::encode(&builder.finish()).expect("encode");
    assert!(matches!(
        read_file(&bytes, &LIMITS),
        Err(Error::Framing { .. })
    ));
}
