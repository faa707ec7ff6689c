//! Hand-made hostile streams: every one gets a typed error or a bounded decode, never a panic,
//! an abort, a stack overflow or an allocation sized by an untrusted length.

use jsess_javaser::json::stream_to_json;
use jsess_javaser::{decode, encode, ErrorKind, Limit, Limits};

use jsess_testkit::hostile::{
    array_desc, fan_out, nested_arrays, nested_objects, stream, wide_class_descs, OBJECT_ARRAY,
};

fn limit_error(bytes: &[u8], limits: &Limits) -> Limit {
    match decode(bytes, limits).map(|_| ()).unwrap_err().kind {
        ErrorKind::LimitExceeded { limit, .. } => limit,
        other => panic!("expected a limit error, got {other:?}"),
    }
}

/// A stream nested 100,000 levels deep is refused at the default depth limit; with the limit
/// raised it parses and re-encodes: depth costs heap, not stack.
fn deep_is_a_limit_not_a_crash(bytes: &[u8]) {
    assert_eq!(limit_error(bytes, &Limits::DEFAULT), Limit::Depth);
    let limits = Limits {
        max_depth: 200_000,
        ..Limits::DEFAULT
    };
    let parsed = decode(bytes, &limits).expect("deep stream parses with a raised limit");
    assert_eq!(encode(&parsed).expect("deep stream encodes"), bytes);
}

#[test]
fn deep_nesting_is_a_limit_not_a_crash() {
    deep_is_a_limit_not_a_crash(&nested_arrays(100_000));
}

/// Objects nest through more frames a level than arrays (instance, class data, field), and the
/// reader checks the stack only every few levels.
#[test]
fn deep_objects_are_a_limit_not_a_crash() {
    deep_is_a_limit_not_a_crash(&nested_objects(100_000));
}

#[test]
fn huge_array_claims_allocate_nothing() {
    let mut body = vec![0x75];
    body.extend_from_slice(&array_desc(OBJECT_ARRAY));
    body.extend_from_slice(&i32::MAX.to_be_bytes());
    let bytes = stream(&body);
    assert_eq!(limit_error(&bytes, &Limits::DEFAULT), Limit::ArrayLength);
    let err = decode(&bytes, &Limits::NONE).unwrap_err();
    assert_eq!(err.kind, ErrorKind::UnexpectedEof);

    let mut body = vec![0x75];
    body.extend_from_slice(&array_desc(b"[J"));
    body.extend_from_slice(&(1i32 << 30).to_be_bytes());
    let err = decode(&stream(&body), &Limits::NONE).unwrap_err();
    assert_eq!(err.kind, ErrorKind::UnexpectedEof);

    let mut body = vec![0x75];
    body.extend_from_slice(&array_desc(OBJECT_ARRAY));
    body.extend_from_slice(&(-1i32).to_be_bytes());
    assert!(matches!(
        decode(&stream(&body), &Limits::DEFAULT).unwrap_err().kind,
        ErrorKind::NegativeLength { .. }
    ));
}

#[test]
fn huge_string_claims_allocate_nothing() {
    let mut body = vec![0x7C];
    body.extend_from_slice(&(1u64 << 62).to_be_bytes());
    body.extend_from_slice(b"abc");
    let bytes = stream(&body);
    assert_eq!(limit_error(&bytes, &Limits::DEFAULT), Limit::StringBytes);
    assert_eq!(
        decode(&bytes, &Limits::NONE).unwrap_err().kind,
        ErrorKind::UnexpectedEof
    );
    let mut body = vec![0x7C];
    body.extend_from_slice(&(-5i64).to_be_bytes());
    assert!(matches!(
        decode(&stream(&body), &Limits::NONE).unwrap_err().kind,
        ErrorKind::NegativeLength { .. }
    ));
}

#[test]
fn bad_handles_are_rejected() {
    let bytes = stream(&[0x71, 0x00, 0x7E, 0x00, 0x05]);
    assert_eq!(
        decode(&bytes, &Limits::DEFAULT).unwrap_err().kind,
        ErrorKind::UnknownHandle(0x7E0005)
    );
    let bytes = stream(&[0x71, 0x00, 0x00, 0x00, 0x00]);
    assert_eq!(
        decode(&bytes, &Limits::DEFAULT).unwrap_err().kind,
        ErrorKind::UnknownHandle(0)
    );
    // A string used where a class descriptor must be.
    let bytes = stream(&[0x74, 0x00, 0x01, b'x', 0x73, 0x71, 0x00, 0x7E, 0x00, 0x00]);
    assert!(matches!(
        decode(&bytes, &Limits::DEFAULT).unwrap_err().kind,
        ErrorKind::WrongHandleKind { .. }
    ));
}

#[test]
fn malformed_modified_utf8_is_rejected() {
    for bad in [
        &[0x80][..],
        &[0xF0, 0x9F, 0x98, 0x80],
        &[0xE0, 0x80],
        &[0xC0],
    ] {
        let mut body = vec![0x74];
        body.extend_from_slice(&(bad.len() as u16).to_be_bytes());
        body.extend_from_slice(bad);
        let err = decode(&stream(&body), &Limits::DEFAULT).unwrap_err();
        assert_eq!(err.kind, ErrorKind::MalformedString, "{bad:02x?}");
    }
}

#[test]
fn every_limit_is_enforced() {
    let three_strings = stream(&[0x74, 0, 1, b'a', 0x74, 0, 1, b'b', 0x74, 0, 1, b'c']);
    let tight = |f: fn(&mut Limits)| {
        let mut l = Limits::DEFAULT;
        f(&mut l);
        l
    };
    assert_eq!(
        limit_error(&three_strings, &tight(|l| l.max_handles = 2)),
        Limit::Handles
    );
    assert_eq!(
        limit_error(&three_strings, &tight(|l| l.max_stream_bytes = 10)),
        Limit::StreamBytes
    );
    assert_eq!(
        limit_error(&three_strings, &tight(|l| l.max_string_bytes = 0)),
        Limit::StringBytes
    );
    let refs = stream(&[0x74, 0, 1, b'a', 0x71, 0, 0x7E, 0, 0, 0x71, 0, 0x7E, 0, 0]);
    assert_eq!(
        limit_error(&refs, &tight(|l| l.max_back_references = 1)),
        Limit::BackReferences
    );
    assert_eq!(
        limit_error(&nested_arrays(5), &tight(|l| l.max_depth = 4)),
        Limit::Depth
    );
    assert!(decode(&nested_arrays(5), &tight(|l| l.max_depth = 5)).is_ok());
    let mut body = vec![0x75];
    body.extend_from_slice(&array_desc(b"[B"));
    body.extend_from_slice(&3i32.to_be_bytes());
    body.extend_from_slice(&[1, 2, 3]);
    assert_eq!(
        limit_error(&stream(&body), &tight(|l| l.max_array_length = 2)),
        Limit::ArrayLength
    );
}

#[test]
fn reference_fan_out_stays_linear() {
    // Level n is an array holding level n-1 twice: 2^40 paths, 41 nodes.
    let levels = 40;
    let bytes = fan_out(levels as u32);
    // Only the last level is a top-level content; the first one is too.
    let parsed = decode(&bytes, &Limits::DEFAULT).expect("bomb parses");
    assert_eq!(parsed.graph.len(), levels + 2);
    let rendered = stream_to_json(&parsed).to_string();
    assert!(
        rendered.len() < 10_000,
        "JSON view expanded shared nodes: {} bytes",
        rendered.len()
    );
    assert_eq!(encode(&parsed).expect("encodes"), bytes);
}

/// The widest class descriptors there are, many of them: reading each field is constant work
/// (a check that looked back over the fields read so far made this quadratic, about
/// 20 × 32,767² / 2 steps here).
#[test]
fn wide_class_descriptors_stay_linear() {
    let bytes = wide_class_descs(20, 32_767);
    let parsed = decode(&bytes, &Limits::DEFAULT).expect("wide descriptors parse");
    assert_eq!(parsed.contents.len(), 20);
    let fields: usize = parsed
        .graph
        .iter()
        .filter_map(|(_, node)| match node {
            jsess_model::Node::ClassDesc(d) => Some(d.fields().len()),
            _ => None,
        })
        .sum();
    assert_eq!(fields, 20 * 32_767);
    assert_eq!(encode(&parsed).expect("encodes"), bytes);
}

#[test]
fn truncations_of_a_real_stream_all_fail_cleanly() {
    let bytes = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../corpora/java/session_ecommerce.ser"
    ))
    .expect("corpus stream");
    // The stream holds one top-level object: magic and version alone are an empty stream,
    // every other cut is an error.
    assert!(decode(&bytes[..4], &Limits::DEFAULT)
        .expect("empty stream")
        .contents
        .is_empty());
    for cut in (0..bytes.len()).filter(|&c| c != 4) {
        assert!(
            decode(&bytes[..cut], &Limits::DEFAULT).is_err(),
            "prefix of {cut} bytes decoded"
        );
    }
}

#[test]
fn garbage_gets_typed_errors() {
    assert!(matches!(
        decode(b"", &Limits::DEFAULT).unwrap_err().kind,
        ErrorKind::UnexpectedEof
    ));
    assert!(matches!(
        decode(b"PK\x03\x04", &Limits::DEFAULT).unwrap_err().kind,
        ErrorKind::BadMagic(_)
    ));
    assert!(matches!(
        decode(&[0xAC, 0xED, 0, 4], &Limits::DEFAULT)
            .unwrap_err()
            .kind,
        ErrorKind::UnsupportedVersion(4)
    ));
    assert!(matches!(
        decode(&stream(&[0x78]), &Limits::DEFAULT).unwrap_err().kind,
        ErrorKind::UnexpectedTypeCode { .. }
    ));
    // A reset inside an object.
    let mut body = vec![0x75];
    body.extend_from_slice(&array_desc(OBJECT_ARRAY));
    body.extend_from_slice(&1i32.to_be_bytes());
    body.push(0x79);
    assert_eq!(
        decode(&stream(&body), &Limits::DEFAULT).unwrap_err().kind,
        ErrorKind::ResetInsideObject
    );
}

#[test]
fn cyclic_class_hierarchies_are_rejected() {
    // class A whose superclass descriptor is a back-reference to A itself.
    let mut body = vec![0x73, 0x72, 0, 1, b'A'];
    body.extend_from_slice(&1i64.to_be_bytes());
    body.extend_from_slice(&[0x02, 0, 0, 0x78, 0x71, 0, 0x7E, 0, 0]);
    assert_eq!(
        decode(&stream(&body), &Limits::DEFAULT).unwrap_err().kind,
        ErrorKind::CyclicClassHierarchy
    );
}

/// Inputs found by fuzzing, kept so they stay fixed: each must fail cleanly or round-trip.
#[test]
fn fuzz_regressions() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/regressions");
    let mut seen = 0;
    for entry in std::fs::read_dir(dir).expect("fuzz/regressions") {
        let path = entry.expect("entry").path();
        if !path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with("java_stream-"))
        {
            continue;
        }
        let bytes = std::fs::read(&path).expect("regression file");
        if let Ok(parsed) = decode(&bytes, &Limits::DEFAULT) {
            let _ = stream_to_json(&parsed);
            assert_eq!(
                encode(&parsed).expect("encodes"),
                bytes,
                "{}",
                path.display()
            );
        }
        seen += 1;
    }
    assert!(seen > 0, "no regression files found");
}

/// A `Collections$SynchronizedMap` whose wrapped map is itself: the view must mark the cycle
/// (found by mutation testing; it recursed until memory ran out).
#[test]
fn self_wrapping_collections_render() {
    use jsess_javaser::jdk::Builder;
    use jsess_model::{ClassData, JdkValue, Node, Value};

    let mut b = Builder::new();
    let wrapper = b
        .jdk(&JdkValue::Wrapper {
            class: "java.util.Collections$SynchronizedMap",
            inner: None,
        })
        .expect("wrapper");
    b.write_object(Some(wrapper));
    let mut stream = b.finish();
    if let Node::Object(o) = *stream.graph.node(wrapper) {
        if let Some(&ClassData::Serial { fields, .. }) = stream.graph.class_data(&o).first() {
            stream.graph.values_mut(fields)[0] = Value::Ref(Some(wrapper));
        }
    }
    let bytes = encode(&stream).expect("encodes");
    let reread = decode(&bytes, &Limits::DEFAULT).expect("decodes");
    let view = stream_to_json(&reread).to_string();
    assert!(view.contains("$ref"), "{view}");
}

/// References can chain objects far deeper than the stream nests them; the view stops at its
/// depth limit instead of exhausting the stack.
#[test]
fn long_reference_chains_render_within_the_view_depth() {
    use jsess_javaser::jdk::Builder;
    use jsess_model::Elements;

    let mut b = Builder::new();
    let mut previous = None;
    for _ in 0..50_000 {
        let node = b
            .array("[Ljava.lang.Object;", Elements::Object(vec![previous]))
            .expect("array");
        b.write_object(Some(node));
        previous = Some(node);
    }
    let stream = b.finish();
    let bytes = encode(&stream).expect("encodes");
    let reread = decode(&bytes, &Limits::DEFAULT).expect("decodes");
    let last = reread.contents.last().cloned();
    let mut view = jsess_javaser::json::JsonView::new(&reread.graph);
    if let Some(jsess_model::Content::Object(r)) = last {
        let rendered = view.value(r).to_string();
        assert!(rendered.contains("$too_deep"));
    }
}
