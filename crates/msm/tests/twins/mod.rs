//! What the corpus tests of the XML and JSON transcoders share: the corpus files with their
//! descriptions, and sessions described as the Java side describes values.

#[path = "../../../javaser/tests/describe/mod.rs"]
pub mod describe;

use std::path::{Path, PathBuf};

use describe::Describer;
use jsess_model::{Ref, Session};
use jsess_msm::{attributes, AttributeValue};
use serde_json::Value as Json;

pub fn corpus(dir: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../corpora")
        .join(dir)
}

pub fn cases(dir: &str) -> Vec<(String, Vec<u8>, Json)> {
    let mut cases: Vec<_> = std::fs::read_dir(corpus(dir))
        .expect("corpus directory")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "bin"))
        .map(|p| {
            let bytes = std::fs::read(&p).expect("blob");
            let description = std::fs::read_to_string(p.with_extension("json")).expect("json");
            let name = p.file_stem().expect("stem").to_string_lossy().into_owned();
            (
                name,
                bytes,
                jsess_testkit::parse_json(description.as_bytes()),
            )
        })
        .collect();
    cases.sort_by(|a, b| a.0.cmp(&b.0));
    cases
}

/// `(name, value)` descriptions in one identity scope.
pub fn described(session: &Session<'_>) -> Vec<(String, Json)> {
    let graph = &session.attributes.graph;
    let list = attributes(&session.attributes).expect("framing");
    let refs: Vec<Ref> = list
        .entries
        .iter()
        .map(|a| match a.value {
            AttributeValue::Written(r) => r,
            AttributeValue::Failed { .. } => None,
        })
        .collect();
    let values = Describer::new(graph).values(&refs);
    list.entries
        .iter()
        .zip(values)
        .map(|(a, v)| (graph.string(a.name).expect("name").to_string(), v))
        .collect()
}

/// For each attribute of `session`, whether its value is, or holds, an object of a class known
/// only by the names its text showed (an `inferred` descriptor): such values are compared
/// apart from what the Java side describes.
#[allow(dead_code)] // Used by the text formats' twin tests, not by every crate including this.
pub fn held_by_names_shown(session: &Session<'_>) -> Vec<bool> {
    let graph = &session.attributes.graph;
    attributes(&session.attributes)
        .expect("framing")
        .entries
        .iter()
        .map(|a| match a.value {
            AttributeValue::Written(Some(id)) => holds_inferred(graph, id),
            _ => false,
        })
        .collect()
}

fn holds_inferred(graph: &jsess_model::Graph<'_>, id: jsess_model::NodeId) -> bool {
    use jsess_model::{ClassData, Content, DescOrigin, Elements, Node, Value};
    let mut seen = std::collections::HashSet::new();
    let mut next = vec![id];
    while let Some(id) = next.pop() {
        if !seen.insert(id) {
            continue;
        }
        match graph.node(id) {
            Node::Object(o) => {
                if graph
                    .class_desc(o.class)
                    .is_some_and(|d| d.origin == DescOrigin::Inferred)
                {
                    return true;
                }
                for data in graph.class_data(o) {
                    let (fields, contents): (&[Value], &[Content<'_>]) = match data {
                        ClassData::Serial { fields, annotation } => (
                            graph.values(*fields),
                            annotation.as_deref().unwrap_or_default(),
                        ),
                        ClassData::External(contents) => (&[], contents),
                    };
                    next.extend(fields.iter().filter_map(|v| match v {
                        Value::Ref(r) => *r,
                        _ => None,
                    }));
                    next.extend(contents.iter().filter_map(|c| match c {
                        Content::Object(r) => *r,
                        _ => None,
                    }));
                }
            }
            Node::Array(a) => {
                if let Elements::Object(items) = &a.elements {
                    next.extend(items.iter().flatten());
                }
            }
            _ => {}
        }
    }
    false
}

/// `ours` and `theirs` (attribute descriptions `{"name", "value"}` in the same order) without
/// the attributes `apart` marks; each one left out is recorded in `apart_names` as
/// `case.attribute`.
#[allow(dead_code)] // Used by the text formats' twin tests, not by every crate including this.
pub fn compared_apart(
    case: &str,
    ours: Vec<Json>,
    theirs: Vec<Json>,
    apart: &[bool],
    apart_names: &mut Vec<String>,
) -> (Vec<Json>, Vec<Json>) {
    for (a, _) in theirs.iter().zip(apart).filter(|(_, &x)| x) {
        apart_names.push(format!("{case}.{}", a["name"].as_str().unwrap_or("?")));
    }
    let kept = |values: Vec<Json>| -> Vec<Json> {
        values
            .into_iter()
            .zip(apart)
            .filter(|(_, &x)| !x)
            .map(|(v, _)| v)
            .collect()
    };
    (kept(ours), kept(theirs))
}

/// Reads every twin of `dir` with `codec` (nothing else given) and checks that each goes
/// through json, postcard and packed and back to its bytes; the number of twins.
#[allow(dead_code)] // Used by the text formats' twin tests, not by every crate including this.
pub fn read_alone_and_through_compact(dir: &str, codec: &dyn jsess_model::Codec) -> usize {
    let mut checked = 0;
    for (name, bytes, _) in cases(dir) {
        let session = codec
            .decode(&bytes, &jsess_model::Limits::DEFAULT)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        for format in ["json", "postcard", "packed"] {
            let compact = jsess_msm::codec(format, None).expect("format");
            let blob = compact.encode(&session).expect(&name);
            let back = compact
                .decode(&blob, &jsess_model::Limits::DEFAULT)
                .expect(&name);
            let again = codec
                .encode(&back)
                .unwrap_or_else(|e| panic!("{name} through {format}: {e}"));
            assert!(
                again == bytes,
                "{name}: changed through {format}:\n{}",
                String::from_utf8_lossy(&again)
            );
        }
        checked += 1;
    }
    checked
}
