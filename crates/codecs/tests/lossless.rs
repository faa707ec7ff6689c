//! Every compact codec is lossless: a session whose attributes are any stream Java wrote
//! (`corpora/java`) and whose envelope is msm's reference header comes back byte-identical.

use std::borrow::Cow;

use jsess_javaser::{decode, encode, Limits};
use jsess_model::{Envelope, Session};

fn envelope(principal: &[u8]) -> Envelope<'static> {
    Envelope {
        version: 2,
        creation_time: 1_700_000_000_000,
        last_accessed_time: 1_700_000_060_000,
        max_inactive_interval: 1800,
        is_new: b'0',
        is_valid: b'1',
        this_accessed_time: 1_700_000_120_000,
        last_backup_time: 1_700_000_120_500,
        id: Cow::Borrowed(b"8F3A2C1B4D5E6F708192A3B4C5D6E7F8"),
        auth_type: if principal.is_empty() { 0 } else { 4 },
        principal: Cow::Owned(principal.to_vec()),
        saved_request: Cow::Borrowed(b""),
        saved_principal: Cow::Borrowed(b""),
        padding: Cow::Borrowed(b""),
    }
}

fn java_corpus() -> Vec<(String, Vec<u8>)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpora/java");
    let mut out: Vec<_> = std::fs::read_dir(dir)
        .expect("corpus")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "ser"))
        .map(|p| {
            (
                p.file_stem().expect("stem").to_string_lossy().into_owned(),
                std::fs::read(&p).expect("read"),
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn every_codec_round_trips_every_corpus_stream() {
    // A Tomcat 8+ principal stream from the corpus rides along in the envelope.
    let principal = java_corpus()
        .into_iter()
        .find(|(n, _)| n == "session_tomcat_login")
        .map(|(_, b)| b)
        .expect("login stream");
    let mut checked = 0;
    for (name, bytes) in java_corpus() {
        let Ok(stream) = decode(&bytes, &Limits::DEFAULT) else {
            continue;
        };
        let session = Session {
            envelope: envelope(&principal),
            attributes: stream,
        };
        let original = encode(&session.attributes).expect("java");
        for codec in jsess_codecs::all() {
            let blob = codec
                .encode(&session)
                .unwrap_or_else(|e| panic!("{name}: {} encode: {e}", codec.name()));
            assert!(
                codec.sniff(&blob),
                "{name}: {} does not recognise its own blob",
                codec.name()
            );
            let back = codec
                .decode(&blob, &Limits::DEFAULT)
                .unwrap_or_else(|e| panic!("{name}: {} decode: {e}", codec.name()));
            assert_eq!(
                back.envelope,
                session.envelope,
                "{name}: {} envelope",
                codec.name()
            );
            let again = encode(&back.attributes)
                .unwrap_or_else(|e| panic!("{name}: {} java: {e}", codec.name()));
            assert_eq!(
                again,
                original,
                "{name}: {} changed the Java bytes",
                codec.name()
            );
            assert_eq!(
                codec.encode(&back).expect("re-encode"),
                blob,
                "{name}: {} is not stable",
                codec.name()
            );
        }
        checked += 1;
    }
    assert!(checked >= 70, "only {checked} streams checked");
}

#[test]
fn hostile_compact_blobs_get_errors() {
    let corpus = java_corpus();
    let stream = decode(&corpus[0].1, &Limits::DEFAULT).expect("stream");
    let session = Session {
        envelope: envelope(b""),
        attributes: stream,
    };
    for codec in jsess_codecs::all() {
        let blob = codec.encode(&session).expect("encode");
        for cut in 0..blob.len() {
            assert!(
                codec.decode(&blob[..cut], &Limits::DEFAULT).is_err(),
                "{} prefix {cut}",
                codec.name()
            );
        }
        let mut flipped = blob.clone();
        for i in (4..flipped.len()).step_by(3) {
            flipped[i] ^= 0x5A;
            // Anything may happen to the value, but never a panic; what decodes must re-encode.
            if let Ok(s) = codec.decode(&flipped, &Limits::DEFAULT) {
                let _ = codec.encode(&s);
            }
            flipped[i] ^= 0x5A;
        }
    }
}

#[test]
fn dictionary_blobs_are_lossless_and_need_their_dictionary() {
    use std::sync::Arc;

    use jsess_codecs::{Compact, Dictionary, Format};
    use jsess_model::Codec;

    let corpus = java_corpus();
    let sessions: Vec<Session<'_>> = corpus
        .iter()
        .filter_map(|(_, bytes)| decode(bytes, &Limits::DEFAULT).ok())
        .map(|attributes| Session {
            envelope: envelope(b""),
            attributes,
        })
        .collect();
    let dictionary = Arc::new(Dictionary::build(&sessions));
    let reread = Dictionary::from_bytes(&dictionary.to_bytes()).expect("dictionary file");
    assert_eq!(reread, *dictionary);
    let other = Arc::new(Dictionary::build(&sessions[..3]));
    for format in Format::ALL {
        let with = Compact::with_dictionary(format, Arc::clone(&dictionary));
        let plain = Compact::new(format);
        let (mut with_total, mut plain_total) = (0, 0);
        for session in &sessions {
            let original = encode(&session.attributes).expect("java");
            let blob = with.encode(session).expect("encode");
            with_total += blob.len();
            plain_total += plain.encode(session).expect("plain").len();
            let back = with
                .decode(&blob, &Limits::DEFAULT)
                .expect("decode with its dictionary");
            assert_eq!(
                encode(&back.attributes).expect("java"),
                original,
                "{}",
                format.name()
            );
            let missing = plain
                .decode(&blob, &Limits::DEFAULT)
                .expect_err("needs the dictionary");
            assert!(
                missing.to_string().contains("needs class dictionary"),
                "{missing}"
            );
            let wrong = Compact::with_dictionary(format, Arc::clone(&other));
            assert!(wrong.decode(&blob, &Limits::DEFAULT).is_err());
        }
        assert!(
            with_total < plain_total,
            "{}: {with_total} vs {plain_total}",
            format.name()
        );
    }
}

/// Readers and writers keep working tables per thread between sessions: a blob read after
/// others, including ones cut off mid-stream (which leave those tables part-filled), reads
/// exactly as on a thread that never read anything, and a session is written as it is there.
#[test]
fn blobs_read_after_others_read_as_on_a_fresh_thread() {
    let sessions: Vec<Session<'static>> = java_corpus()
        .iter()
        .filter_map(|(_, bytes)| {
            let stream = decode(bytes, &Limits::DEFAULT).ok()?.into_owned();
            Some(Session {
                envelope: envelope(b""),
                attributes: stream,
            })
        })
        .collect();
    for codec in jsess_codecs::all() {
        let encode_fresh = |s: &Session<'_>| {
            std::thread::scope(|scope| scope.spawn(|| codec.encode(s)).join().expect("encode"))
                .expect("encode")
        };
        let blobs: Vec<Vec<u8>> = sessions.iter().map(encode_fresh).collect();
        for (i, session) in sessions.iter().enumerate() {
            assert!(
                codec.encode(session).expect("encode") == blobs[i],
                "{}: session {i} is written differently after other sessions",
                codec.name()
            );
        }
        let read = |blob: &[u8]| format!("{:?}", codec.decode(blob, &Limits::DEFAULT));
        let fresh: Vec<String> = blobs
            .iter()
            .map(|blob| std::thread::scope(|s| s.spawn(|| read(blob)).join().expect("read")))
            .collect();
        for (i, blob) in blobs.iter().enumerate() {
            let previous = &blobs[(i + blobs.len() - 1) % blobs.len()];
            let _ = codec.decode(&previous[..previous.len() * 2 / 3], &Limits::DEFAULT);
            assert!(
                read(blob) == fresh[i],
                "{}: blob {i} reads differently after other blobs",
                codec.name()
            );
        }
    }
}
