//! Working buffers a reader needs only while it runs, kept per thread between streams.
//!
//! A service decodes one small session after another; without this, every decode would
//! allocate (and grow, and free) its handle table, layout store and scratch stacks afresh, a
//! dozen allocations that cost as much as reading a typical session's objects. The buffers go
//! back to the thread empty, and ones a large stream grew past [`KEEP_LIMIT`] items are dropped
//! instead, so what a thread keeps stays small; the class descriptors the thread read
//! ([`Templates`]) go with them and stay even then. Apart from the buffers, the thread also
//! keeps how many nodes its recent streams made per byte ([`Density`]), so that a graph is
//! reserved at the size it is likely to need.

use std::cell::Cell;

use jsess_model::graph::emptied;
use jsess_model::{ClassData, Content, NodeId, Value};

use super::layouts::Layouts;
use super::templates::Templates;

/// Largest capacity, in items, of a buffer kept for the next stream.
const KEEP_LIMIT: usize = 1 << 14;

/// Most nodes a KiB of input can make: every node takes at least three bytes (`TC_STRING`
/// and a two-byte length).
const MAX_DENSITY: usize = 1024 / 3;

/// Most nodes reserved beyond one per 16 bytes on what earlier streams showed.
const MAX_EXTRA_NODES: usize = 4096;

/// The reader's working buffers, all empty between uses. A thread keeps them boxed, so that
/// taking them for a stream and giving them back moves a pointer rather than a dozen lists
/// (which cost a small session's decode a tenth of its instructions).
#[derive(Debug, Default)]
pub(super) struct Buffers {
    /// Handle table since the last reset: `handles[h - BASE_WIRE_HANDLE]`.
    pub handles: Vec<NodeId>,
    /// Instance layouts by descriptor.
    pub layouts: Layouts,
    /// Class descriptors being read, innermost last (their layouts are not final yet).
    pub descs_in_progress: Vec<NodeId>,
    /// Field values of the classes being read, innermost last, until each class's are
    /// complete and move to the graph's pool in one run.
    pub fields: Vec<Value>,
    /// The two stacks that hold pieces of the input, lent out for a stream by
    /// [`Buffers::scratch`].
    annotation: Vec<Content<'static>>,
    data: Vec<ClassData<'static>>,
    /// Class descriptors read before (`None` until the first is kept, and while a reader has
    /// them out). Bounded on their own, and kept when the other buffers are not.
    pub templates: Option<Templates>,
}

/// Nodes per KiB of input of a thread's recent streams: what to reserve room for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Density(usize);

impl Density {
    /// This thread's.
    pub fn of_thread() -> Density {
        DENSITY.try_with(Cell::get).unwrap_or_default()
    }

    /// Keeps this as the thread's.
    pub fn keep(self) {
        let _ = DENSITY.try_with(|cell| cell.set(self));
    }

    /// Nodes to reserve room for in a stream of `len` bytes: one per 16 bytes (a typical
    /// session's objects and strings), or as many per KiB as this thread's recent streams made
    /// when that is more. The sessions of one store are alike, and one of many small
    /// attributes makes a node per 8 bytes: reserving for half as many regrew its graph,
    /// copying every node made so far. At most [`MAX_EXTRA_NODES`] more than the first guess,
    /// so that dense streams do not make a large sparse one reserve megabytes for nothing.
    pub fn expected_nodes(self, len: usize) -> usize {
        let base = len / 16;
        // An eighth more than seen: the next session may be a little denser.
        let learned = len.saturating_mul(self.0 + self.0 / 8) / 1024;
        base.max(learned.min(base + MAX_EXTRA_NODES))
    }

    /// Remembers how many nodes a stream of `len` bytes made. The memory fades by a quarter
    /// per stream, so one dense stream does not size every later one.
    pub fn learn(&mut self, len: usize, nodes: usize) {
        // A few hundred bytes say little about the streams to come.
        if len < 256 {
            return;
        }
        let seen = (nodes.saturating_mul(1024) / len).min(MAX_DENSITY);
        self.0 = seen.max(self.0 - self.0 / 4);
    }
}

thread_local! {
    static KEPT: Cell<Option<Box<Buffers>>> = const { Cell::new(None) };
    // Apart from the buffers, which a stream read while another holds them goes without.
    static DENSITY: Cell<Density> = const { Cell::new(Density(0)) };
}

impl Buffers {
    /// This thread's kept buffers, or new ones (the first stream, or a stream read while
    /// another on the same thread holds them).
    pub fn take() -> Box<Buffers> {
        KEPT.try_with(Cell::take).ok().flatten().unwrap_or_default()
    }

    /// The annotation and class-data stacks, empty, for a stream's input.
    pub fn scratch<'a>(&mut self) -> (Vec<Content<'a>>, Vec<ClassData<'a>>) {
        // Kept stacks hold no items, so their `'static` lists serve any input's lifetime.
        (
            std::mem::take(&mut self.annotation),
            std::mem::take(&mut self.data),
        )
    }

    /// Empties the buffers (and the stacks lent out by [`Buffers::scratch`]) and keeps them
    /// for the thread's next stream, unless one grew large.
    pub fn give_back(mut self: Box<Self>, annotation: Vec<Content<'_>>, data: Vec<ClassData<'_>>) {
        self.annotation = emptied(annotation, Content::into_owned);
        self.data = emptied(data, ClassData::into_owned);
        self.handles.clear();
        self.layouts.clear();
        self.descs_in_progress.clear();
        self.fields.clear();
        if self.capacity() > KEEP_LIMIT {
            // What the store's classes look like has not changed: only the lists go.
            self = Box::new(Buffers {
                templates: self.templates.take(),
                ..Buffers::default()
            });
        }
        // During thread teardown there is nowhere to keep them: they are dropped.
        let _ = KEPT.try_with(|cell| cell.set(Some(self)));
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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reservations_follow_recent_streams_within_bounds() {
        let mut density = Density::default();
        assert_eq!(density.expected_nodes(16_000), 1_000);
        // A stream of a node per 8 bytes: the next of its size reserves for as many and more.
        density.learn(16_000, 2_000);
        assert_eq!(density, Density(128));
        assert_eq!(density.expected_nodes(16_000), 2_250);
        // A large sparse stream after it reserves at most MAX_EXTRA_NODES beyond the guess.
        assert_eq!(density.expected_nodes(1 << 20), (1 << 16) + MAX_EXTRA_NODES);
        // Sparse streams after it: the memory fades back to one node per 16 bytes.
        for _ in 0..20 {
            density.learn(16_000, 100);
        }
        assert_eq!(density.expected_nodes(16_000), 1_000);
        // Tiny streams teach nothing; densities are capped at what bytes can make.
        density.learn(100, 100);
        assert_eq!(density, Density(6));
        density.learn(1_000, 1_000_000);
        assert_eq!(density, Density(MAX_DENSITY));
    }
}
