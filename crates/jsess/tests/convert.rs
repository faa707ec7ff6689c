//! `jsess::convert::Converter`: named formats on both sides, every value verified.

use jsess::convert::{Converter, BARE_JAVA};
use jsess::{Category, Options};

fn corpus(path: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/../../corpora/{path}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .expect(path)
}

#[test]
fn a_bare_java_stream_converts_to_itself_byte_for_byte() {
    let stream = corpus("java/hashmap.ser");
    let java = Converter::new(BARE_JAVA, BARE_JAVA, &Options::new()).expect("java");
    assert!(java.accepts(&stream));
    assert!(
        !java.accepts(&corpus("msm/camunda.bin")),
        "an msm blob is not a bare stream"
    );
    assert_eq!(java.convert(&stream).expect("converts").bytes, stream);

    let truncated = &stream[..stream.len() - 3];
    let rejected = java.convert(truncated).expect_err("truncated");
    assert_eq!(rejected.classify(), Category::Rejected, "{rejected}");
}

#[test]
fn a_bare_stream_and_a_session_format_do_not_mix() {
    for (from, to) in [(BARE_JAVA, "msm-java"), ("postcard", BARE_JAVA)] {
        let refused = Converter::new(from, to, &Options::new())
            .err()
            .unwrap_or_else(|| panic!("{from} → {to}"));
        assert!(matches!(refused, jsess::Error::Usage(_)), "{refused}");
    }
    let unknown = Converter::new("msm-java", "msm-yaml", &Options::new()).err();
    assert!(matches!(unknown, Some(jsess::Error::UnknownFormat(_))));
}

#[test]
fn values_of_another_format_are_not_accepted() {
    let to_json = Converter::new("msm-java", "json", &Options::new()).expect("json");
    assert!(to_json.accepts(&corpus("msm/camunda.bin")));
    assert!(!to_json.accepts(&corpus("kryo/camunda.bin")));
    let json = to_json.convert(&corpus("msm/camunda.bin")).expect("json");
    assert!(!json.id.is_empty(), "the session id is reported");
}
