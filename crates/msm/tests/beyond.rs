//! Sessions beyond what Java serialization describes (`corpora/beyond`): each written by real
//! msm (716e147, Kryo 4.0.0, XStream 1.4.20) through its `TranscoderService` with its Java,
//! Kryo and XStream transcoders, holding non-`Serializable` objects, fields of
//! non-serializable superclasses, `Externalizable` and `writeReplace` classes, proxies, inner
//! classes, JDK wrappers, comparators, throwables, `java.time` values.
//!
//! For every session and format the table below says what jsess does, given only the
//! application's class files (`--classpath corpora/beyond/app-classes.jar`):
//! - reading the format's bytes;
//! - writing them back in the same format, which must give the same bytes;
//! - writing the Java twin (what msm's Java transcoder wrote) in the format, which must give
//!   the bytes msm wrote, or be refused naming the attribute and what the format would get
//!   wrong. A refusal in the table is a known gap or a loss the format would cause, named by a
//!   phrase of its message; the test fails as soon as jsess does something else, so a gap
//!   closed is a table row changed.
//!
//! Besides, every XStream session reads with nothing given and every Kryo session with the
//! class files alone, and each goes through every compact format back to its bytes.

use std::path::PathBuf;
use std::sync::Arc;

use jsess_classpath::Schemas;
use jsess_model::{Codec, Limits};
use jsess_msm::{transcode, Descriptors, MsmJava, MsmKryo, MsmXStream};

/// What one step gives.
#[derive(Debug, Clone, Copy)]
enum Outcome {
    /// Reads; writes the format's bytes exactly.
    Ok,
    /// Refused, the message containing this phrase.
    Refused(&'static str),
    /// The Java twin holds fewer attributes (msm's Java transcoder skips non-`Serializable`
    /// values), so jsess writes what it holds: fewer attributes than the format's twin.
    Fewer,
}

use Outcome::{Fewer, Ok as Same, Refused};

/// (case, format, read, same-format round trip, Java twin → format).
const TABLE: &[(&str, &str, Outcome, Outcome, Outcome)] = &[
    ("arrays_and_chars", "kryo", Same, Same, Same),
    (
        "arrays_and_chars",
        "xstream",
        Same,
        Same,
        Refused("a surrogate char cannot be written"),
    ),
    ("comparators", "kryo", Same, Same, Same),
    ("comparators", "xstream", Same, Same, Same),
    (
        "custom_write_object",
        "kryo",
        Same,
        Same,
        Refused("its writeObject method wrote data of its own"),
    ),
    (
        "custom_write_object",
        "xstream",
        Same,
        Same,
        Refused("writeObject wrote primitive data whose types XStream would record"),
    ),
    ("dynamic_proxy", "kryo", Same, Same, Same),
    ("dynamic_proxy", "xstream", Same, Same, Same),
    (
        "externalizable",
        "kryo",
        Same,
        Same,
        Refused("Kryo's FieldSerializer cannot write what writeExternal writes"),
    ),
    (
        "externalizable",
        "xstream",
        Same,
        Same,
        Refused("writeExternal wrote primitive data whose types XStream would record"),
    ),
    (
        "immutable_collections",
        "kryo",
        Same,
        Same,
        Refused("List.of/Set.of/Map.of collections cannot be rebuilt by Kryo 4"),
    ),
    ("immutable_collections", "xstream", Same, Same, Same),
    ("inner_anonymous_shadowed", "kryo", Same, Same, Same),
    ("inner_anonymous_shadowed", "xstream", Same, Same, Same),
    ("jdk_concurrent_atomic", "kryo", Same, Same, Same),
    ("jdk_concurrent_atomic", "xstream", Same, Same, Same),
    (
        "jdk_legacy_collections",
        "kryo",
        Same,
        Same,
        Refused("drops the defaults of Properties"),
    ),
    ("jdk_legacy_collections", "xstream", Same, Same, Same),
    (
        "jdk_values",
        "kryo",
        Same,
        Same,
        Refused("Kryo keeps milliseconds only"),
    ),
    (
        "jdk_values",
        "xstream",
        Same,
        Same,
        Refused("XStream's LocaleConverter drops script and extensions"),
    ),
    ("nested_enums", "kryo", Same, Same, Same),
    ("nested_enums", "xstream", Same, Same, Same),
    ("non_serializable_beans", "kryo", Same, Same, Fewer),
    ("non_serializable_beans", "xstream", Same, Same, Fewer),
    (
        "non_serializable_in_map",
        "kryo",
        Same,
        Same,
        Refused("its value failed to serialize"),
    ),
    (
        "non_serializable_in_map",
        "xstream",
        Same,
        Same,
        Refused("its value failed to serialize"),
    ),
    (
        "serializable_plain_superclass",
        "kryo",
        Same,
        Same,
        Refused("com.shop.account.AccountBase.region is not in the Java stream"),
    ),
    (
        "serializable_plain_superclass",
        "xstream",
        Same,
        Same,
        Refused("its superclass com.shop.account.AccountBase is not Serializable"),
    ),
    (
        "singletons_and_empties",
        "kryo",
        Same,
        Same,
        Refused("EmptyNavigableMap as Kryo"),
    ),
    ("singletons_and_empties", "xstream", Same, Same, Same),
    ("throwables", "kryo", Same, Same, Same),
    ("throwables", "xstream", Same, Same, Same),
    (
        "wrappers_checked",
        "kryo",
        Same,
        Same,
        Refused("CheckedNavigableSet as Kryo"),
    ),
    ("wrappers_checked", "xstream", Same, Same, Same),
    (
        "wrappers_synchronized",
        "kryo",
        Same,
        Same,
        Refused("SynchronizedNavigableMap as Kryo"),
    ),
    ("wrappers_synchronized", "xstream", Same, Same, Same),
    (
        "wrappers_unmodifiable",
        "kryo",
        Same,
        Same,
        Refused("UnmodifiableNavigableMap as Kryo"),
    ),
    ("wrappers_unmodifiable", "xstream", Same, Same, Same),
    (
        "write_replace",
        "kryo",
        Same,
        Same,
        Refused("com.shop.Price$Proxy as Kryo: it has readResolve"),
    ),
    (
        "write_replace",
        "xstream",
        Same,
        Same,
        Refused("it has readResolve"),
    ),
];

fn corpus(dir: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../corpora")
        .join(dir)
}

fn codec(format: &str) -> Box<dyn Codec> {
    let mut layouts = Schemas::new();
    let jar = corpus("beyond").join("app-classes.jar");
    layouts
        .add_classpath(jar.to_str().expect("utf-8 path"))
        .expect("app-classes.jar reads");
    let layouts = Arc::new(layouts);
    match format {
        "kryo" => Box::new(MsmKryo::new(layouts)),
        _ => Box::new(MsmXStream::new(Arc::new(Descriptors::default()), layouts)),
    }
}

fn blob(case: &str, format: &str) -> Vec<u8> {
    let path = corpus("beyond").join(format!("{case}.{format}.bin"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Whether `result` is `expected`; a description of the difference otherwise.
fn check(
    step: &str,
    result: Result<Vec<u8>, String>,
    twin: &[u8],
    expected: Outcome,
) -> Option<String> {
    match (expected, result) {
        (Same, Ok(bytes)) if bytes == twin => None,
        (Fewer, Ok(bytes)) if bytes.len() < twin.len() => None,
        (Refused(phrase), Err(message)) if message.contains(phrase) => None,
        (expected, Ok(bytes)) => Some(format!(
            "{step}: expected {expected:?}, got {} bytes ({})",
            bytes.len(),
            if bytes == twin {
                "the twin's"
            } else {
                "not the twin's"
            }
        )),
        (expected, Err(message)) => Some(format!("{step}: expected {expected:?}, got: {message}")),
    }
}

#[test]
fn every_session_of_every_format_is_read_rewritten_or_refused_as_the_table_says() {
    let limits = Limits::DEFAULT;
    let mut failures = Vec::new();
    let cases: std::collections::BTreeSet<String> = std::fs::read_dir(corpus("beyond"))
        .expect("corpus")
        .filter_map(|e| {
            let name = e.ok()?.file_name().to_string_lossy().into_owned();
            name.strip_suffix(".java.json").map(str::to_string)
        })
        .collect();
    let listed: std::collections::BTreeSet<String> =
        TABLE.iter().map(|r| r.0.to_string()).collect();
    assert_eq!(cases, listed, "every session of corpora/beyond has rows");
    for &(case, format, read, same, from_java) in TABLE {
        let codec = codec(format);
        let twin = blob(case, format);
        let read_result = codec
            .decode(&twin, &limits)
            .map(|_| twin.clone())
            .map_err(|e| e.to_string());
        let round = transcode(codec.as_ref(), codec.as_ref(), &twin, &limits)
            .map(|t| t.bytes)
            .map_err(|e| e.to_string());
        let java = transcode(&MsmJava, codec.as_ref(), &blob(case, "java"), &limits)
            .map(|t| t.bytes)
            .map_err(|e| e.to_string());
        // Through the compact formats and back: the format's own bytes again.
        if matches!(same, Same) {
            for format in [jsess_codecs::Format::Postcard, jsess_codecs::Format::Json] {
                let compact = jsess_codecs::Compact::new(format);
                let back = codec
                    .decode(&twin, &limits)
                    .map_err(|e| e.to_string())
                    .and_then(|s| compact.encode(&s).map_err(|e| e.to_string()))
                    .and_then(|blob| {
                        let s = compact.decode(&blob, &limits).map_err(|e| e.to_string())?;
                        codec.encode(&s).map_err(|e| e.to_string())
                    });
                if let Some(f) = check(&format!("through {}", format.name()), back, &twin, Same) {
                    failures.push(format!("{case} ({}) {f}", codec.name()));
                }
            }
        }
        for (step, result, expected) in [
            ("read", read_result, read),
            ("same-format round trip", round, same),
            ("Java twin → format", java, from_java),
        ] {
            if let Some(f) = check(step, result, &twin, expected) {
                failures.push(format!("{case} ({format}) {f}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Kryo stores only the elements of these collections and maps, so jsess keeps them in Kryo's
/// form: readable, viewable, written back as Kryo wrote them, and refused as Java serialization
/// (whose form of them the bytes do not hold), naming the attribute and the class.
#[test]
fn collections_kept_in_kryos_form_are_refused_as_java_naming_the_class() {
    for (case, attribute, class) in [
        (
            "immutable_collections",
            "listOf0",
            "java.util.ImmutableCollections$ListN",
        ),
        (
            "singletons_and_empties",
            "emptySortedMap",
            "java.util.Collections$UnmodifiableNavigableMap$EmptyNavigableMap",
        ),
        (
            "wrappers_checked",
            "checkedNavigableSet",
            "java.util.Collections$CheckedNavigableSet",
        ),
        (
            "wrappers_synchronized",
            "synchronizedNavigableMap",
            "java.util.Collections$SynchronizedNavigableMap",
        ),
        (
            "wrappers_unmodifiable",
            "unmodifiableNavigableMap",
            "java.util.Collections$UnmodifiableNavigableMap",
        ),
    ] {
        let kryo = codec("kryo");
        let error = match transcode(
            kryo.as_ref(),
            &MsmJava,
            &blob(case, "kryo"),
            &Limits::DEFAULT,
        ) {
            Ok(_) => panic!("{case}: written as Java"),
            Err(e) => e.to_string(),
        };
        for part in [
            format!("attribute \"{attribute}\""),
            format!("class {class} in a form of its own"),
        ] {
            assert!(error.contains(&part), "{case}: {error}");
        }
    }
}

/// XStream's `ExternalizableConverter` wrote `writeExternal`'s items as elements: jsess keeps
/// them as the object's external data, each item the object XStream reads back for it (the
/// string, the `<int>` as an `Integer`, the `<boolean>` as a `Boolean`), writes them back as
/// XStream wrote them (the table's round trip), and refuses Java serialization, which could not
/// tell `writeUTF` from `writeObject(String)`.
#[test]
fn externalizable_data_from_xstream_is_kept_and_refused_as_java() {
    let xstream = codec("xstream");
    let bytes = blob("externalizable", "xstream");
    let session = xstream
        .decode(&bytes, &Limits::DEFAULT)
        .expect("reads with the class files");
    let graph = &session.attributes.graph;
    let external = graph
        .iter()
        .find_map(|(_, node)| match node {
            jsess_model::Node::Object(o) => match graph.class_data(o) {
                [jsess_model::ClassData::External(contents)] => Some(contents.clone()),
                _ => None,
            },
            _ => None,
        })
        .expect("an object with external data");
    let items: Vec<String> = external
        .iter()
        .map(|item| match item {
            jsess_model::Content::Object(Some(id)) => match graph.string(*id) {
                Some(text) => format!("{:?}", text.to_string_lossy()),
                None => format!("{:?}", jsess_javaser::jdk::interpret(graph, *id)),
            },
            other => format!("{other:?}"),
        })
        .collect();
    assert_eq!(
        items,
        [
            "\"dark\"",
            "Some(Boxed(Int(48)))",
            "Some(Boxed(Boolean(1)))"
        ],
        "external data: {external:?}"
    );
    let error = match transcode(
        xstream.as_ref(),
        &MsmJava,
        &blob("externalizable", "xstream"),
        &Limits::DEFAULT,
    ) {
        Ok(_) => panic!("written as Java"),
        Err(e) => e.to_string(),
    };
    assert!(
        error.contains("com.shop.prefs.UserPreferences in a form of its own"),
        "{error}"
    );
}

/// Reads every session of `format` with `reader` and sends it through every compact format
/// and back; what went wrong, per session and format.
fn through_compact(format: &str, reader: &dyn Codec) -> Vec<String> {
    let mut failures = Vec::new();
    for (case, ..) in TABLE.iter().filter(|(_, f, ..)| *f == format) {
        let bytes = blob(case, format);
        let session = match reader.decode(&bytes, &Limits::DEFAULT) {
            Ok(s) => s,
            Err(e) => {
                failures.push(format!("{case}: {e}"));
                continue;
            }
        };
        for compact_format in ["json", "postcard", "packed", "msgpack", "bincode"] {
            let compact = jsess_msm::codec(compact_format, None).expect("format");
            let blob = compact.encode(&session).expect(case);
            let back = compact.decode(&blob, &Limits::DEFAULT);
            match back.map(|b| reader.encode(&b)) {
                Ok(Ok(again)) if again == bytes => {}
                Ok(Ok(_)) => failures.push(format!("{case} through {compact_format}: changed")),
                Ok(Err(e)) | Err(e) => {
                    failures.push(format!("{case} through {compact_format}: {e}"))
                }
            }
        }
    }
    failures
}

/// Every XStream session reads with nothing given (no class files, no Java twin) and goes
/// through every compact format back to the bytes real msm wrote: classes known only by the
/// XML (a superclass `defined-in` names, an inner class's enclosing instance, the custom form
/// of a class with `writeObject`, its data typed as XStream recorded it), and the class a
/// serial proxy stands for (`write_replace`).
#[test]
fn xstream_sessions_read_with_nothing_and_survive_the_compact_formats() {
    let failures = through_compact("xstream", &MsmXStream::default());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Every Kryo session reads with the class files alone and goes through every compact format
/// back to the bytes real msm wrote.
#[test]
fn kryo_sessions_read_with_the_classpath_and_survive_the_compact_formats() {
    let failures = through_compact("kryo", codec("kryo").as_ref());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
