//! Objects a text format refers to by a key of its own (an XML element, a JSON path), for
//! readers that build with the [`Builder`]: which objects are referred to, which are being built
//! (a reference from inside one is a cycle, and gets the node reserved for it), which are done.

use std::collections::HashMap;

use jsess_model::{NodeId, Ref};

use super::{BuildError, Builder};

/// The state of referenced objects while a document is read, keyed by `usize` (an element
/// index).
#[derive(Debug, Default)]
pub struct Referents {
    targets: Vec<bool>,
    pending: HashMap<usize, NodeId>,
    done: HashMap<usize, Ref>,
}

impl Referents {
    /// For keys `0..len`, none referred to yet.
    pub fn new(len: usize) -> Referents {
        Referents {
            targets: vec![false; len],
            ..Referents::default()
        }
    }

    /// Marks `key` as referred to: its object will be built with a reserved node, so a
    /// reference from inside it (a cycle) has a node to point at. Keys out of range are
    /// ignored (the caller has checked them against its document).
    pub fn refer_to(&mut self, key: usize) {
        if let Some(t) = self.targets.get_mut(key) {
            *t = true;
        }
    }

    /// Whether something refers to `key`.
    pub fn is_referred_to(&self, key: usize) -> bool {
        self.targets.get(key).copied().unwrap_or(false)
    }

    /// What a reference to `key` resolves to: the object once built, or the node reserved
    /// for it while it is being built; `None` when it is neither (a forward reference).
    pub fn resolve(&self, key: usize) -> Option<Ref> {
        self.done
            .get(&key)
            .copied()
            .or_else(|| self.pending.get(&key).map(|r| Some(*r)))
    }

    /// Before building `key`'s object: a reserved node when it is referred to.
    pub fn begin(&mut self, key: usize, builder: &mut Builder) -> Option<NodeId> {
        if !self.targets.get(key).copied().unwrap_or(false) {
            return None;
        }
        let reserved = builder.reserve();
        self.pending.insert(key, reserved);
        Some(reserved)
    }

    /// After building `key`'s object (`built`, `None` for null): settles it into its reserved
    /// node, if any, and records it for later references.
    pub fn finish(
        &mut self,
        key: usize,
        reserved: Option<NodeId>,
        built: Ref,
        builder: &mut Builder,
    ) -> Result<Ref, BuildError> {
        let result = match (reserved, built) {
            (Some(r), Some(b)) => Some(builder.settle(r, b)?),
            (_, b) => b,
        };
        self.pending.remove(&key);
        self.done.insert(key, result);
        Ok(result)
    }
}
