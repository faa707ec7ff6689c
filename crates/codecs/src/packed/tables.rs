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
use super::kept::{KeptClasses, KeptDictClasses};

/// Largest size, in items, of a table kept for the next stream.
const KEEP_LIMIT: usize = 1 << 14;

/// The reader's working tables, all empty between streams. A thread keeps them boxed, so that
/// taking them for a stream and giving them back moves a pointer rather than every table.
#[derive(Debug, Default)]
pub(super) struct Tables {
    pub classes: Classes,
    /// Local class definitions read before, with their signature ids in `classes`: the two
    /// are kept and dropped together.
    pub kept: KeptClasses,
    /// The same for the classes of the dictionary read with last.
    pub kept_dict: KeptDictClasses,
    /// The signature ids of a new class's type strings, in order, beside the strings.
    pub signature_ids: Vec<u32>,
    /// By signature id ([`Classes::signature_id`]): the stream's type-string node for that
    /// signature, once a field declared with it has been read (the reader shares one node per
    /// text, as Java's reader sees the one string Java's writer shares).
    type_nodes: Vec<Option<NodeId>>,
    /// The ids with a node in this stream: the entries to empty after it, where emptying them
    /// all would cost every signature the thread has met.
    typed: Vec<u32>,
    /// A new class's type-string nodes, kept between classes so defining one allocates no
    /// list of its own.
    pub type_ids: Vec<NodeId>,
    /// Field values of the classes being read, innermost last, until each class's are
    /// complete and move to the graph's pool in one run.
    pub fields: Vec<Value>,
    /// The two lists that hold pieces of the input, lent out for a stream by
    /// [`Tables::scratch`].
    signatures: Vec<JavaString<'static>>,
    data: Vec<ClassData<'static>>,
}

thread_local! {
    static KEPT: Cell<Option<Box<Tables>>> = const { Cell::new(None) };
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

impl Tables {
    /// The stream's type-string node for signature `id`, if it has one yet.
    pub fn type_node(&self, id: u32) -> Option<NodeId> {
        self.type_nodes.get(id as usize).copied().flatten()
    }

    /// Records the stream's type-string node for signature `id` (an id the class table gave,
    /// so the table grows at most to the signatures it holds).
    pub fn set_type_node(&mut self, id: u32, node: NodeId) {
        let at = id as usize;
        if at >= self.type_nodes.len() {
            self.type_nodes.resize(at + 1, None);
        }
        self.type_nodes[at] = Some(node);
        self.typed.push(id);
    }

    /// This thread's kept tables, or new ones.
    pub fn take() -> Box<Tables> {
        KEPT.try_with(Cell::take).ok().flatten().unwrap_or_default()
    }

    /// The type-string and class-data lists, empty, for a stream's input.
    pub fn scratch<'a>(&mut self) -> (Vec<JavaString<'a>>, Vec<ClassData<'a>>) {
        // Kept lists hold no items, so their `'static` lists serve any input's lifetime.
        (
            std::mem::take(&mut self.signatures),
            std::mem::take(&mut self.data),
        )
    }

    /// Empties the tables (and the lists lent out by [`Tables::scratch`]) and keeps them for
    /// the thread's next stream, unless one grew large.
    pub fn give_back(
        mut self: Box<Self>,
        signatures: Vec<JavaString<'_>>,
        data: Vec<ClassData<'_>>,
    ) {
        let large = too_large(&self.classes)
            || [
                self.signature_ids.capacity(),
                self.type_nodes.len(),
                signatures.capacity(),
                self.type_ids.capacity(),
                self.fields.capacity(),
                data.capacity(),
            ]
            .into_iter()
            .any(|n| n > KEEP_LIMIT);
        if large {
            return;
        }
        self.classes.clear();
        self.signature_ids.clear();
        for id in self.typed.drain(..) {
            if let Some(slot) = self.type_nodes.get_mut(id as usize) {
                *slot = None;
            }
        }
        self.type_ids.clear();
        self.fields.clear();
        self.signatures = emptied(signatures, JavaString::into_owned);
        self.data = emptied(data, ClassData::into_owned);
        // During thread teardown there is nowhere to keep them: they are dropped.
        let _ = KEPT.try_with(|cell| cell.set(Some(self)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_streams_type_string_nodes_are_forgotten_when_its_tables_go_back() {
        let mut tables = Tables::take();
        let id = tables.classes.signature_id(b"Ljava/lang/String;");
        assert_eq!(tables.type_node(id), None);
        tables.set_type_node(id, NodeId::new(4));
        assert_eq!(tables.type_node(id), Some(NodeId::new(4)));
        let (signatures, data) = tables.scratch();
        tables.give_back(signatures, data);
        // The thread's next stream: the signature keeps its id, the node is gone.
        let tables = Tables::take();
        assert_eq!(tables.type_node(id), None);
        let mut classes = tables.classes;
        assert_eq!(classes.signature_id(b"Ljava/lang/String;"), id);
    }
}
