//! The packed reader's per-stream tables, and the writer's class table, kept per thread between
//! streams.
//!
//! Decoding or encoding one small session after another would otherwise build its class table,
//! type-name map and scratch stacks from nothing every time, regrowing each a few times per
//! session. The tables go back to the thread empty (the class table keeps its signature ids);
//! ones a large stream grew past [`KEEP_LIMIT`] items are dropped instead, so what a thread
//! keeps stays small.

use std::cell::Cell;

use jsess_model::graph::emptied;
use jsess_model::{ClassData, JavaString, NodeId, Value};

use super::classes::Classes;
use crate::map::Map;

/// Largest size, in items, of a table kept for the next stream.
const KEEP_LIMIT: usize = 1 << 14;

/// The reader's working tables, all empty between streams.
#[derive(Debug, Default)]
pub(super) struct Tables<'a> {
    pub classes: Classes,
    pub type_names: Map<Vec<u8>, NodeId>,
    pub signatures: Vec<JavaString<'a>>,
    pub type_ids: Vec<NodeId>,
    pub fields: Vec<Value>,
    pub data: Vec<ClassData<'a>>,
}

thread_local! {
    static KEPT: Cell<Option<Tables<'static>>> = const { Cell::new(None) };
    /// The writer's class table, kept as the reader's tables are.
    static WRITER_CLASSES: Cell<Option<Classes>> = const { Cell::new(None) };
}

/// This thread's kept class table for a writer, or a new one.
pub(super) fn writer_classes() -> Classes {
    WRITER_CLASSES
        .try_with(Cell::take)
        .ok()
        .flatten()
        .unwrap_or_default()
}

/// Empties a writer's class table and keeps it for the thread's next stream, unless it grew
/// large.
pub(super) fn give_back_writer_classes(mut classes: Classes) {
    if too_large(&classes) {
        return;
    }
    classes.clear();
    let _ = WRITER_CLASSES.try_with(|cell| cell.set(Some(classes)));
}

fn too_large(classes: &Classes) -> bool {
    classes.len() as usize > KEEP_LIMIT || classes.signatures() > KEEP_LIMIT
}

impl<'a> Tables<'a> {
    /// This thread's kept tables, or new ones.
    pub fn take() -> Tables<'a> {
        // Kept tables hold no items, so their `'static` lists serve any input's lifetime.
        KEPT.try_with(Cell::take).ok().flatten().unwrap_or_default()
    }

    /// Empties the tables and keeps them for the thread's next stream, unless one grew large.
    pub fn give_back(self) {
        let large = too_large(&self.classes)
            || [
                self.type_names.capacity(),
                self.signatures.capacity(),
                self.type_ids.capacity(),
                self.fields.capacity(),
                self.data.capacity(),
            ]
            .into_iter()
            .any(|n| n > KEEP_LIMIT);
        if large {
            return;
        }
        let mut classes = self.classes;
        classes.clear();
        let mut type_names = self.type_names;
        type_names.clear();
        let mut type_ids = self.type_ids;
        type_ids.clear();
        let mut fields = self.fields;
        fields.clear();
        let kept = Tables {
            classes,
            type_names,
            signatures: emptied(self.signatures, JavaString::into_owned),
            type_ids,
            fields,
            data: emptied(self.data, ClassData::into_owned),
        };
        // During thread teardown there is nowhere to keep them: they are dropped.
        let _ = KEPT.try_with(|cell| cell.set(Some(kept)));
    }
}
