//! FlexJSON sessions real msm wrote (`corpora/flexjson`: msm 716e147's `JSONTranscoder` on
//! FlexJSON 3.3): each reads with nothing but the blob, holds what real msm reads back, and goes
//! to the compact formats and back to the same bytes; the Java twin written as FlexJSON is the
//! real blob byte for byte, except where FlexJSON's bean properties are not the fields.

mod twins;

use jsess_model::{Codec, Limits};
use jsess_msm::{codec, decode, FormatOptions, MsmFlexJson};
use serde_json::Value as Json;
use twins::describe::unordered;
use twins::{cases, corpus, described};

/// Read, but not written back as FlexJSON: a `BigInteger` beyond a long, which FlexJSON wrote
/// as a number and cannot read back (`Long.parseLong` fails), so jsess's writer refuses it.
/// `jdk_types` also holds a NaN `double` FlexJSON wrote as `null`, which msm cannot read back
/// either (its map holds no null values): jsess reads it as the null attribute it is.
const NOT_WRITTEN_BACK: [&str; 2] = ["client_cert_tc8", "jdk_types"];

/// Java twins whose FlexJSON jsess writes differently from real msm: FlexJSON writes bean
/// properties (getters), jsess the serializable fields, and these classes have fields without
/// getters (camunda's `Authentications.authentications`, `DbConnection`'s fields) or getters
/// without fields (`Subject`). jsess warns about every application bean for this reason.
const BEAN_PROPERTIES_DIFFER: [&str; 2] = ["camunda", "excluded_and_non_serializable"];

#[test]
fn every_real_flexjson_session_reads_with_nothing_given() {
    let codec = MsmFlexJson::default();
    let mut read = 0;
    for (name, bytes, expected) in cases("flexjson") {
        let session = codec
            .decode(&bytes, &Limits::DEFAULT)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(
            session.envelope.id.as_ref(),
            expected["session"]["id"].as_str().expect("id").as_bytes(),
            "{name}"
        );
        let names: Vec<String> = described(&session).into_iter().map(|(n, _)| n).collect();
        let theirs: Vec<&str> = expected["attributes"]
            .as_array()
            .expect("attributes")
            .iter()
            .map(|a| a["name"].as_str().expect("name"))
            .collect();
        assert_eq!(names, theirs, "{name}: attributes");
        read += 1;
    }
    assert_eq!(read, 41);
}

/// What the no-argument constructor set is not in the bytes: msm's `Authentications` comes back
/// with the empty map its constructor made, jsess's (no layout given) with no fields.
const CONSTRUCTOR_DEFAULTS: [&str; 1] = ["camunda"];

/// A `HashMap`'s entries in order: jsess keeps the JSON's order (so the blob is written back
/// byte for byte), msm's `HashMap` iterates by hash.
fn hash_order_aside(value: Json) -> Json {
    match value {
        Json::Array(items) => Json::Array(items.into_iter().map(hash_order_aside).collect()),
        Json::Object(map) => {
            let hash_map = map.get("class").and_then(Json::as_str) == Some("java.util.HashMap");
            Json::Object(
                map.into_iter()
                    .map(|(k, v)| {
                        let mut v = hash_order_aside(v);
                        if hash_map && k == "entries" {
                            if let Json::Array(entries) = &mut v {
                                entries.sort_by_key(|e| e.to_string());
                            }
                        }
                        (k, v)
                    })
                    .collect(),
            )
        }
        other => other,
    }
}

/// Where real msm reads the blob back, jsess reads the same values (described by the rules of
/// corpora/java/DESCRIPTION.md).
#[test]
fn values_are_what_real_msm_reads_back() {
    let codec = MsmFlexJson::default();
    let mut compared = 0;
    let mut failures = Vec::new();
    for (name, bytes, expected) in cases("flexjson") {
        if !expected["msm_reads"].is_null() {
            continue;
        }
        let session = codec.decode(&bytes, &Limits::DEFAULT).expect(&name);
        let ours: Vec<Json> = described(&session).into_iter().map(|(_, v)| v).collect();
        let theirs: Vec<Json> = expected["attributes"]
            .as_array()
            .expect("attributes")
            .iter()
            .map(|a| a["value"].clone())
            .collect();
        let same = hash_order_aside(unordered(Json::from(ours.clone())))
            == hash_order_aside(unordered(Json::from(theirs.clone())));
        if same == CONSTRUCTOR_DEFAULTS.contains(&name.as_str()) {
            failures.push(format!(
                "{name} (same: {same}):\n  jsess: {}\n  msm:   {}",
                Json::from(ours),
                Json::from(theirs)
            ));
        }
        compared += 1;
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(compared, 36);
}

/// Every session read goes to json, postcard and packed and back to the blob real msm wrote.
#[test]
fn real_flexjson_sessions_survive_the_compact_formats_byte_for_byte() {
    let flexjson = MsmFlexJson::default();
    let mut checked = 0;
    for (name, bytes, _) in cases("flexjson") {
        let Ok(session) = flexjson.decode(&bytes, &Limits::DEFAULT) else {
            continue;
        };
        for format in ["json", "postcard", "packed"] {
            let compact = codec(format, None).expect("format");
            let blob = compact.encode(&session).expect(&name);
            let back = compact.decode(&blob, &Limits::DEFAULT).expect(&name);
            match flexjson.encode(&back) {
                Ok(again) => {
                    assert!(
                        !NOT_WRITTEN_BACK.contains(&name.as_str()),
                        "{name}: now written"
                    );
                    assert!(again == bytes, "{name}: changed through {format}");
                }
                Err(e) => {
                    assert!(NOT_WRITTEN_BACK.contains(&name.as_str()), "{name}: {e}");
                    assert!(e.to_string().contains("java.math.BigInteger"), "{e}");
                }
            }
        }
        checked += 1;
    }
    assert_eq!(checked, 41);
}

/// A Java-serialized session written as FlexJSON is the blob real msm wrote for it.
#[test]
fn java_twins_become_the_real_flexjson_bytes() {
    let mut same = 0;
    let mut differ = Vec::new();
    for (name, bytes, _) in cases("flexjson") {
        let java = std::fs::read(corpus("msm").join(format!("{name}.bin"))).expect("java twin");
        let session = decode(&java, &Limits::DEFAULT).expect(&name);
        let options = FormatOptions::default();
        let Some(codec) = jsess_msm::codec_with("msm-flexjson", &options) else {
            panic!("no msm-flexjson")
        };
        // What jsess refuses (a value FlexJSON would read back changed) is checked elsewhere.
        let Ok(ours) = codec.encode(&session) else {
            continue;
        };
        if ours == bytes {
            same += 1;
        } else {
            differ.push(name);
        }
    }
    assert_eq!(differ, BEAN_PROPERTIES_DIFFER);
    assert!(same >= 29, "{same} identical");
}

/// A `null` attribute (FlexJSON's text for a NaN double) is read as the null it is; written
/// back as FlexJSON with a warning (msm cannot read such a session), refused by every other
/// msm format.
#[test]
fn null_attributes_are_read_and_only_flexjson_writes_them_back() {
    let (_, bytes, _) = cases("flexjson")
        .into_iter()
        .find(|(name, _, _)| name == "basic_tc7")
        .expect("twin");
    let at = bytes.iter().position(|&b| b == b'{').expect("JSON");
    let mut blob = bytes[..at].to_vec();
    blob.extend_from_slice(br#"{"user":"ann","ratio":null}"#);
    let flexjson = MsmFlexJson::default();
    let session = flexjson.decode(&blob, &Limits::DEFAULT).expect("reads");
    let names: Vec<String> = described(&session).into_iter().map(|(n, _)| n).collect();
    assert_eq!(names, ["user", "ratio"]);
    let (written, warnings) = flexjson.encode_reporting(&session).expect("written back");
    assert_eq!(written, blob);
    assert_eq!(warnings.len(), 1);
    assert!(warnings[0]
        .to_string()
        .contains("attribute \"ratio\" is null"));
    for format in ["msm-java", "msm-kryo", "msm-xstream", "msm-javolution"] {
        let codec = codec(format, None).expect("format");
        let err = codec.encode(&session).expect_err(format).to_string();
        assert!(err.contains("attribute \"ratio\""), "{format}: {err}");
        assert!(err.contains("null"), "{format}: {err}");
    }
}
