//! Working buffers a reader needs only while it runs, kept per thread between streams.
//!
//! A service decodes one small session after another; without this, every decode would
//! allocate (and grow, and free) its handle table, layout store and scratch stacks afresh, a
//! dozen allocations that cost as much as reading a typical session's objects. The buffers go
//! back to the thread empty, and ones a large stream grew past [`KEEP_LIMIT`] items are dropped
//! instead, so what a thread keeps stays small.

use std::cell::Cell;

use jsess_model::graph::emptied;
use jsess_model::{ClassData, Content, NodeId, Value};

use super::layouts::Layouts;

/// Largest capacity, in items, of a buffer kept for the next stream.
const KEEP_LIMIT: usize = 1 << 14;

/// The reader's working buffers, all empty between uses.
#[derive(Debug, Default)]
pub(super) struct Buffers<'a> {
    pub handles: Vec<NodeId>,
    pub layouts: Layouts,
    pub descs_in_progress: Vec<NodeId>,
    pub annotation: Vec<Content<'a>>,
    pub fields: Vec<Value>,
    pub data: Vec<ClassData<'a>>,
}

thread_local! {
    static KEPT: Cell<Option<Buffers<'static>>> = const { Cell::new(None) };
}

impl<'a> Buffers<'a> {
    /// This thread's kept buffers, or new ones (the first stream, or a stream read while
    /// another on the same thread holds them).
    pub fn take() -> Buffers<'a> {
        // Kept buffers hold no items, so their `'static` lists serve any input's lifetime.
        KEPT.try_with(Cell::take).ok().flatten().unwrap_or_default()
    }

    /// Empties the buffers and keeps them for the thread's next stream, unless one grew large.
    pub fn give_back(mut self) {
        self.clear();
        if self.capacity() > KEEP_LIMIT {
            return;
        }
        let kept = self.into_static();
        // During thread teardown there is nowhere to keep them: they are dropped.
        let _ = KEPT.try_with(|cell| cell.set(Some(kept)));
    }

    fn clear(&mut self) {
        self.handles.clear();
        self.layouts.clear();
        self.descs_in_progress.clear();
        self.annotation.clear();
        self.fields.clear();
        self.data.clear();
    }

    fn capacity(&self) -> usize {
        [
            self.handles.capacity(),
            self.layouts.capacity(),
            self.descs_in_progress.capacity(),
            self.annotation.capacity(),
            self.fields.capacity(),
            self.data.capacity(),
        ]
        .into_iter()
        .max()
        .unwrap_or(0)
    }

    /// The same empty buffers, free of the input's lifetime.
    fn into_static(self) -> Buffers<'static> {
        Buffers {
            handles: self.handles,
            layouts: self.layouts,
            descs_in_progress: self.descs_in_progress,
            annotation: emptied(self.annotation, Content::into_owned),
            fields: self.fields,
            data: emptied(self.data, ClassData::into_owned),
        }
    }
}
