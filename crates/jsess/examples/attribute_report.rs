//! Which classes a store's sessions hold: for each attribute value's class, how many
//! attributes and sessions hold it, most frequent first.
//!
//! ```sh
//! cargo run -p jsess --example attribute_report -- corpora/msm
//! ```

use std::collections::{BTreeMap, BTreeSet};
use std::error::Error;
use std::path::Path;

fn main() -> Result<(), Box<dyn Error>> {
    let dir = std::env::args()
        .nth(1)
        .ok_or("usage: attribute_report DIR")?;
    println!("{:>8} {:>8}  class", "attrs", "sessions");
    for row in report(Path::new(&dir), &jsess::Options::new())? {
        println!("{:>8} {:>8}  {}", row.attributes, row.sessions, row.class);
    }
    Ok(())
}

/// One class of attribute values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// The value's class (`null` for a null attribute).
    pub class: String,
    /// Attributes holding a value of the class.
    pub attributes: usize,
    /// Sessions holding at least one.
    pub sessions: usize,
}

/// The classes of the attribute values of every session under `dir`, most frequent first.
pub fn report(dir: &Path, options: &jsess::Options) -> Result<Vec<Row>, jsess::Error> {
    let mut classes: BTreeMap<String, (usize, BTreeSet<Vec<u8>>)> = BTreeMap::new();
    for file in jsess::files_under(dir)? {
        let Ok(bytes) = std::fs::read(&file) else {
            continue;
        };
        let Ok(stored) = jsess::read(&bytes, options) else {
            continue;
        };
        let Ok(session) = stored.session() else {
            continue;
        };
        let graph = &session.attributes.graph;
        for attribute in jsess::attributes(&session.attributes)?.entries {
            let class = match attribute.value {
                jsess::AttributeValue::Written(r) => {
                    jsess::class_of(graph, r).unwrap_or_else(|| "null".into())
                }
                // msm's marker: Java serialization of the value failed when it was stored.
                jsess::AttributeValue::Failed { .. } => "(not serializable)".into(),
            };
            let entry = classes.entry(class).or_default();
            entry.0 += 1;
            entry.1.insert(session.envelope.id.to_vec());
        }
    }
    let mut rows: Vec<Row> = classes
        .into_iter()
        .map(|(class, (attributes, sessions))| Row {
            class,
            attributes,
            sessions: sessions.len(),
        })
        .collect();
    rows.sort_by(|a, b| b.attributes.cmp(&a.attributes).then(a.class.cmp(&b.class)));
    Ok(rows)
}
