//! # jsess-fuzzing
//!
//! The properties every fuzz target in `fuzz/` checks, as plain functions, so the test suite can
//! replay the fuzz corpora and regression files through exactly the same checks on a stable
//! toolchain. Each function panics when a property is broken and returns normally otherwise:
//!
//! - no decoder panics, whatever the bytes;
//! - whatever decodes re-encodes byte for byte (Java streams, msm blobs) or to a stable blob
//!   (compact codecs, Kryo, XStream, Javolution, FlexJSON), and converts through a compact codec and back unchanged;
//! - views (JSON, attribute lists) and audits of whatever decodes complete;
//! - a Java stream reads the same whatever the thread read before (what its reader keeps).

mod hash;

use std::sync::{Arc, OnceLock};

use jsess_classpath::Schemas;
use jsess_codecs::{Compact, Dictionary, Format};
use jsess_javaser::Limits;
use jsess_model::Codec;
use jsess_msm::MsmKryo;

pub use hash::{frame_hash, hash_session};

/// A Java serialization stream.
pub fn java_stream(data: &[u8]) {
    if let Ok(stream) = jsess_javaser::decode(data, &Limits::DEFAULT) {
        let _ = jsess_javaser::json::stream_to_json(&stream);
        let bytes = jsess_javaser::encode(&stream).expect("a decoded stream encodes");
        assert!(
            bytes == data,
            "re-encoding a decoded stream changed its bytes"
        );
    }
    // What a stream reads as never depends on what the thread read before (the class
    // descriptors and chains it keeps): read right after itself, it reads the same.
    let first = jsess_javaser::decode_prefix(data, &Limits::DEFAULT);
    let again = jsess_javaser::decode_prefix(data, &Limits::DEFAULT);
    assert!(
        format!("{first:?}") == format!("{again:?}"),
        "a stream read differently after itself"
    );
}

/// Tomcat's own session stream (a `.session` file, `SESSIONS.ser`, a JDBCStore row) and the
/// Redis session managers' values built on it (jcoleman, ran-jit, chexagon): what reads writes
/// back byte for byte, and the JSON view, the other profiles and the msm conversion complete.
pub fn tomcat_stream(data: &[u8]) {
    let limits = Limits::DEFAULT;
    let _ = jsess_tomcat::sniff(data);
    let _ = jsess_tomcat::managers::sniff(data);
    let managers = [
        jsess_tomcat::Container::Jcoleman,
        jsess_tomcat::Container::JcolemanLegacy,
        jsess_tomcat::Container::RanJit,
        jsess_tomcat::Container::Chexagon,
    ]
    .map(|container| jsess_tomcat::managers::read_as(data, container, &limits));
    let results = [
        jsess_tomcat::read_file(data, &limits),
        jsess_tomcat::read_sessions_ser(data, &limits),
    ];
    for persisted in results.into_iter().chain(managers).flatten() {
        let bytes = jsess_tomcat::write(&persisted).expect("a session stream read writes");
        assert!(
            bytes == data,
            "writing a read Tomcat stream changed its bytes"
        );
        for index in 0..persisted.sessions.len() {
            let _ = jsess_tomcat::json::to_json(&persisted, index, &limits);
            let all = jsess_tomcat::convert::Allow {
                lost_login: true,
                skipped_values: true,
            };
            let _ = jsess_tomcat::convert::to_msm(&persisted, index, all);
            for profile in [
                jsess_tomcat::Profile::NoLogin,
                jsess_tomcat::Profile::Login,
                jsess_tomcat::Profile::LoginNotes,
            ] {
                let mut moved = persisted.clone();
                if moved.set_profile(index, profile).is_ok() {
                    let _ = jsess_tomcat::write(&moved).expect("a moved session writes");
                }
            }
        }
    }
}

/// An msm blob (or any stored value).
pub fn msm_blob(data: &[u8]) {
    let _ = jsess_msm::sniff(data);
    let _ = jsess_msm::decode_envelope(data);
    let Ok(session) = jsess_msm::decode(data, &Limits::DEFAULT) else {
        return;
    };
    let _ = jsess_msm::attributes(&session.attributes);
    let _ = jsess_msm::json::session_to_json(
        "msm-java",
        &session,
        &Limits::DEFAULT,
        Default::default(),
    );
    let bytes = jsess_msm::encode(&session).expect("a decoded session encodes");
    assert!(
        bytes == data,
        "re-encoding a decoded session changed its bytes"
    );
    let postcard = Compact::new(Format::Postcard);
    let blob = postcard
        .encode(&session)
        .expect("a decoded session converts");
    let back = postcard
        .decode(&blob, &Limits::DEFAULT)
        .expect("a converted session reads back");
    assert!(
        jsess_msm::encode(&back).expect("encodes") == data,
        "a compact round trip changed the session"
    );
}

/// A compact blob of `format`.
pub fn compact(format: Format, data: &[u8]) {
    compact_with(&Compact::new(format), format.name(), data);
}

/// A `packed` blob written with the msm corpus's class dictionary ([`corpus_dictionary`]):
/// the properties of [`compact`], through the dictionary's classes and strings.
pub fn packed_with_dictionary(data: &[u8]) {
    let codec = Compact::with_dictionary(Format::Packed, Arc::clone(corpus_dictionary()));
    compact_with(&codec, "packed+dict", data);
}

/// The class dictionary of `corpora/msm`'s sessions, built once (empty without the corpus, for
/// a fuzz target copied elsewhere).
pub fn corpus_dictionary() -> &'static Arc<Dictionary> {
    static DICTIONARY: OnceLock<Arc<Dictionary>> = OnceLock::new();
    DICTIONARY.get_or_init(|| {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../corpora/msm");
        let mut paths: Vec<_> = std::fs::read_dir(dir)
            .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
            .unwrap_or_default();
        // Sorted, so the dictionary (and its id in a blob) is the same from run to run.
        paths.sort();
        let blobs: Vec<Vec<u8>> = paths
            .iter()
            .filter(|p| p.extension().is_some_and(|e| e == "bin"))
            .filter_map(|p| std::fs::read(p).ok())
            .collect();
        let sessions: Vec<_> = blobs
            .iter()
            .filter_map(|b| jsess_msm::decode(b, &Limits::DEFAULT).ok())
            .collect();
        Arc::new(Dictionary::build(sessions.iter()))
    })
}

/// The compact properties with one codec.
fn compact_with(codec: &Compact, name: &str, data: &[u8]) {
    let Ok(session) = codec.decode(data, &Limits::DEFAULT) else {
        return;
    };
    let _ = jsess_msm::encode(&session);
    let _ = jsess_msm::json::session_to_json(name, &session, &Limits::DEFAULT, Default::default());
    let Ok(blob) = codec.encode(&session) else {
        return;
    };
    let again = codec
        .decode(&blob, &Limits::DEFAULT)
        .expect("a written blob reads back");
    assert!(
        codec.encode(&again).expect("encodes") == blob,
        "compact encoding is not stable"
    );
}

/// The msm-kryo codec with the Kryo corpus's application classes, so FieldSerializer bodies
/// are reached too.
fn kryo_codec() -> &'static MsmKryo {
    static CODEC: OnceLock<MsmKryo> = OnceLock::new();
    CODEC.get_or_init(|| MsmKryo::new(app_schemas()))
}

/// An msm blob with Kryo attributes: no panic; what decodes writes as Java (or is refused
/// for what Java cannot hold) and as Kryo, and
/// the Kryo it writes reads back and writes the same bytes again.
pub fn kryo_blob(data: &[u8]) {
    let codec = kryo_codec();
    let Ok(session) = codec.decode(data, &Limits::DEFAULT) else {
        return;
    };
    let _ = jsess_msm::json::session_to_json(
        "msm-kryo",
        &session,
        &Limits::DEFAULT,
        Default::default(),
    );
    java_or_refusal(&session);
    let Ok(kryo) = codec.encode(&session) else {
        return;
    };
    let again = codec
        .decode(&kryo, &Limits::DEFAULT)
        .expect("written Kryo reads back");
    assert!(
        codec.encode(&again).expect("encodes") == kryo,
        "Kryo encoding is not stable"
    );
}

/// A session read from another format writes as Java that reads back, or, when it holds what
/// Java serialization cannot (a non-Serializable object Kryo or XStream wrote), is refused
/// naming it, never written as a malformed stream.
fn java_or_refusal(session: &jsess_model::Session<'_>) {
    match jsess_msm::encode(session) {
        Ok(java) => {
            jsess_msm::decode(&java, &Limits::DEFAULT).expect("what Java writes reads back");
        }
        Err(e) => assert!(
            matches!(e, jsess_msm::Error::Lossy { .. }),
            "writing Java failed other than by refusing: {e}"
        ),
    }
}

/// The schemas of the Kryo corpus's application classes (Kryo bodies, Javolution field order).
fn app_schemas() -> Arc<Schemas> {
    static SCHEMAS: OnceLock<Arc<Schemas>> = OnceLock::new();
    Arc::clone(SCHEMAS.get_or_init(|| {
        let jar = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../corpora/kryo/app-classes.jar"
        );
        let mut schemas = Schemas::new();
        // Without the jar (a copied-out fuzz target) the JDK table still covers the JDK paths.
        let _ = schemas.add_classpath(jar);
        Arc::new(schemas)
    }))
}

/// An msm blob with XML or JSON attributes (XStream, Javolution, FlexJSON): no panic; what
/// decodes writes as Java that reads back (or is refused for what Java cannot hold), and what it writes in its own format reads back and
/// writes the same bytes again.
pub fn text_blob(data: &[u8]) {
    let options = jsess_msm::FormatOptions {
        schemas: app_schemas(),
        ..Default::default()
    };
    for name in ["msm-xstream", "msm-javolution", "msm-flexjson"] {
        let Some(codec) = jsess_msm::codec_with(name, &options) else {
            continue;
        };
        let Ok(session) = codec.decode(data, &Limits::DEFAULT) else {
            continue;
        };
        let _ =
            jsess_msm::json::session_to_json(name, &session, &Limits::DEFAULT, Default::default());
        java_or_refusal(&session);
        let Ok(text) = codec.encode(&session) else {
            continue;
        };
        let again = codec
            .decode(&text, &Limits::DEFAULT)
            .expect("what jsess writes reads back");
        assert!(
            codec.encode(&again).expect("encodes") == text,
            "{name} encoding is not stable"
        );
    }
}

/// `jsess audit` on any value.
pub fn audit(data: &[u8]) {
    let _ = jsess_audit::audit_blob(data, &jsess_audit::Policy::default(), &Limits::DEFAULT);
}

/// Every property, for replaying a file of unknown kind.
pub fn all(data: &[u8]) {
    java_stream(data);
    msm_blob(data);
    tomcat_stream(data);
    kryo_blob(data);
    text_blob(data);
    for format in Format::ALL {
        compact(format, data);
    }
    packed_with_dictionary(data);
    audit(data);
    hash_session(data);
}
