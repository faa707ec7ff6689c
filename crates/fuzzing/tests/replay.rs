//! Replays every corpus, hostile input, fuzz regression file and compact twin of the corpus
//! sessions through the fuzz targets' properties.

use std::path::{Path, PathBuf};

use jsess_codecs::{Compact, Format};
use jsess_javaser::Limits;
use jsess_model::Codec;

/// Blobs below `dir`: `.ser`/`.bin`/`.session` files, and every file of a regressions directory.
fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let regressions = dir.ends_with("regressions");
    for entry in std::fs::read_dir(dir)
        .expect("directory")
        .filter_map(Result::ok)
    {
        let path = entry.path();
        if path.is_dir() {
            files(&path, out);
        } else if regressions
            || path
                .extension()
                .is_some_and(|e| e == "ser" || e == "bin" || e == "session")
        {
            out.push(path);
        }
    }
}

#[test]
fn every_corpus_file_satisfies_every_property() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut paths = Vec::new();
    // Every corpus, so a new one is replayed without being listed here.
    for dir in ["corpora", "fuzz/regressions"] {
        files(&root.join(dir), &mut paths);
    }
    // The Redis session managers' values are named by their keys, without an extension.
    for manager in ["jcoleman", "jcoleman-1", "ran-jit", "chexagon"] {
        let dir = root.join("corpora/managers").join(manager);
        for entry in std::fs::read_dir(dir).expect("corpora/managers") {
            paths.push(entry.expect("entry").path());
        }
    }
    assert!(paths.len() >= 130, "only {} files", paths.len());
    for path in &paths {
        let data = std::fs::read(path).expect("file");
        jsess_fuzzing::all(&data);
        // Compact twins of every session seed the compact properties with real blobs.
        if let Ok(session) = jsess_msm::decode(&data, &Limits::DEFAULT) {
            for format in Format::ALL {
                let blob = Compact::new(format).encode(&session).expect("compact twin");
                jsess_fuzzing::compact(format, &blob);
            }
            let dictionary = std::sync::Arc::clone(jsess_fuzzing::corpus_dictionary());
            assert!(
                !dictionary.classes.is_empty(),
                "the msm corpus's dictionary"
            );
            let codec = Compact::with_dictionary(Format::Packed, dictionary);
            let blob = codec.encode(&session).expect("packed+dict twin");
            // The property reads it with the same dictionary, so it reaches the reader.
            assert!(codec.decode(&blob, &Limits::DEFAULT).is_ok());
            jsess_fuzzing::packed_with_dictionary(&blob);
        }
    }
}

/// Every session hash of the layout corpora, framed as the `hash_session` target reads its
/// input, and every cut of each.
#[test]
fn every_layout_hash_satisfies_the_hash_property() {
    let mut hashes = 0;
    for dump in ["layouts/spring-session.json", "layouts/redisson-java.json"] {
        for entry in jsess_testkit::dump::read(dump) {
            let jsess_testkit::dump::Contents::Hash(fields) = &entry.contents else {
                continue;
            };
            hashes += 1;
            let framed = jsess_fuzzing::frame_hash(&entry.key, fields);
            jsess_fuzzing::hash_session(&framed);
            for cut in (0..framed.len()).step_by(7) {
                jsess_fuzzing::hash_session(&framed[..cut]);
            }
            let mut flipped = framed.clone();
            for i in (0..flipped.len()).step_by(13) {
                flipped[i] ^= 0x5a;
                jsess_fuzzing::hash_session(&flipped);
            }
        }
    }
    assert_eq!(hashes, 8);
}
