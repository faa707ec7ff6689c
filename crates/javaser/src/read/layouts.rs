//! Instance layouts: which values a class's instances carry, class by class, in wire order.
//!
//! Every instance of a class is read by the same layout, so it is worked out once per
//! descriptor and kept in flat arrays (one run of slots per class, one run of primitive types
//! per slot): reading an object then allocates nothing for its layout.

use std::ops::Range;

use jsess_model::graph::SC_WRITE_METHOD;
use jsess_model::{FieldType, Graph, Node, NodeId};

/// One class's share of an instance's data.
#[derive(Debug, Clone)]
pub(super) struct Slot {
    /// The class's primitive fields' types, as a range of [`Store::primitives`].
    pub primitives: Range<usize>,
    /// How many object fields follow them.
    pub references: usize,
    /// Whether `writeObject` data follows the fields.
    pub write_method: bool,
}

/// Slots and their primitive types, flat.
#[derive(Debug, Default)]
pub(super) struct Store {
    slots: Vec<Slot>,
    primitives: Vec<FieldType>,
}

impl Store {
    /// Appends the layout of `class` (its descriptor chain, superclass first) and returns its
    /// range of slots. `chain` is scratch space.
    fn push(&mut self, graph: &Graph<'_>, class: NodeId, chain: &mut Vec<NodeId>) -> Range<usize> {
        chain.clear();
        let mut next = Some(class);
        while let Some(id) = next {
            // The reader rejects cyclic hierarchies; the bound keeps this loop finite anyway.
            let Some(Node::ClassDesc(desc)) = graph.get(id) else {
                break;
            };
            if chain.len() > graph.len() {
                break;
            }
            chain.push(id);
            next = desc.super_class;
        }
        let start = self.slots.len();
        for &id in chain.iter().rev() {
            let Some(Node::ClassDesc(desc)) = graph.get(id) else {
                continue;
            };
            let from = self.primitives.len();
            let mut references = 0;
            for field in desc.fields() {
                if field.ty.is_reference() {
                    references += 1;
                } else {
                    self.primitives.push(field.ty);
                }
            }
            self.slots.push(Slot {
                primitives: from..self.primitives.len(),
                references,
                write_method: desc.flags() & SC_WRITE_METHOD != 0,
            });
        }
        start..self.slots.len()
    }

    fn truncate(&mut self, slots: usize) {
        let primitives = self.slots.get(slots).map(|s| s.primitives.start);
        self.slots.truncate(slots);
        if let Some(p) = primitives {
            self.primitives.truncate(p);
        }
    }
}

/// Where an instance's layout lives.
#[derive(Debug, Clone)]
pub(super) struct Layout {
    /// Slots of [`Layouts::kept`], or of [`Layouts::transient`] when the class's descriptor
    /// was still being read (an instance inside its own class annotation sees a partial one).
    pub slots: Range<usize>,
    transient: bool,
}

/// The layouts of one stream's classes.
#[derive(Debug, Default)]
pub(super) struct Layouts {
    /// `slots` range in `kept` by descriptor node index (`None`: not worked out yet).
    by_class: Vec<Option<Range<usize>>>,
    kept: Store,
    /// Layouts of partial descriptors, used by one instance and dropped after it (a stack:
    /// instances nest).
    transient: Store,
    chain: Vec<NodeId>,
}

impl Layouts {
    /// Forgets every layout, keeping the memory.
    pub fn clear(&mut self) {
        self.by_class.clear();
        self.kept.truncate(0);
        self.transient.truncate(0);
        self.chain.clear();
    }

    /// The largest capacity of its lists, in items.
    pub fn capacity(&self) -> usize {
        self.by_class
            .capacity()
            .max(self.kept.slots.capacity())
            .max(self.kept.primitives.capacity())
            .max(self.transient.slots.capacity())
            .max(self.chain.capacity())
    }

    /// The layout of `class`'s instances; `complete` says whether its descriptor (and every
    /// descriptor around it) has been read to the end, so the layout is final.
    pub fn of(&mut self, graph: &Graph<'_>, class: NodeId, complete: bool) -> Layout {
        if let Some(Some(slots)) = self.by_class.get(class.index()) {
            return Layout {
                slots: slots.clone(),
                transient: false,
            };
        }
        if !complete {
            return Layout {
                slots: self.transient.push(graph, class, &mut self.chain),
                transient: true,
            };
        }
        let slots = self.kept.push(graph, class, &mut self.chain);
        if self.by_class.len() <= class.index() {
            self.by_class.resize(class.index() + 1, None);
        }
        self.by_class[class.index()] = Some(slots.clone());
        Layout {
            slots,
            transient: false,
        }
    }

    /// Slot `k` of a layout.
    pub fn slot(&self, layout: &Layout, k: usize) -> &Slot {
        &self.store(layout).slots[k]
    }

    /// The primitive type at `index` of a slot's range.
    pub fn primitive(&self, layout: &Layout, index: usize) -> FieldType {
        self.store(layout).primitives[index]
    }

    /// Done with an instance's layout: a transient one is dropped.
    pub fn release(&mut self, layout: &Layout) {
        if layout.transient {
            self.transient.truncate(layout.slots.start);
        }
    }

    fn store(&self, layout: &Layout) -> &Store {
        if layout.transient {
            &self.transient
        } else {
            &self.kept
        }
    }
}
