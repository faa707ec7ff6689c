//! Whole class descriptor chains remembered across streams: a class, its serializable
//! superclasses up to the `TC_NULL` that ends them, each with an empty annotation.
//!
//! [`super::templates`] keeps single descriptors; most classes a session holds are read as a
//! chain of them (`java.lang.Integer` then `java.lang.Number`, which start every msm stream),
//! and between two kept descriptors the reader still looks the next one up, reads its empty
//! annotation, nests a level and reads the superclass position. A chain whose bytes come
//! again is rebuilt in one go: one lookup, one comparison of its bytes, one check of the
//! limits and handles it needs, then its nodes in the order reading makes them. Where the
//! check would fail, the chain is read descriptor by descriptor, which reports what fails as
//! it always does: the graph and every error are the ones reading gives.

use jsess_model::kept::{KeptTable, MAX_BODY};
use jsess_model::{Node, NodeId};

use super::templates::{key_of, scan_prefix, Template};
use super::Parser;
use crate::constants::{TC_CLASSDESC, TC_ENDBLOCKDATA, TC_NULL};
use crate::error::Error;

/// A chain as read once: its bytes and each descriptor's template, the class first.
#[derive(Debug)]
pub(super) struct Chain {
    /// From the first `TC_CLASSDESC` to the `TC_NULL` that ends the chain.
    bytes: Box<[u8]>,
    links: Box<[Template]>,
    /// Handles the chain takes: a descriptor's own and its new type strings'.
    handles: u32,
    back_references: u32,
    /// The longest string in `bytes`.
    longest: u64,
}

/// A thread's kept chains.
#[derive(Debug, Default)]
pub(super) struct Chains {
    table: KeptTable<Chain>,
}

impl Chains {
    /// The kept chain `rest` (the input from a `TC_CLASSDESC` on) starts with.
    fn matching(&mut self, rest: &[u8]) -> Option<&Chain> {
        let key = key_of(rest.get(1..)?)?;
        self.table.find_prefix(key, rest, |c| &c.bytes)
    }

    /// Keeps the chain whose bytes are `bytes` (just read without errors, every annotation
    /// empty, ended by `TC_NULL`).
    fn learn(&mut self, bytes: &[u8]) {
        if bytes.len() > MAX_BODY {
            return;
        }
        let Some(key) = bytes.get(1..).and_then(key_of) else {
            return;
        };
        if let Some(chain) = scan(bytes) {
            self.table.keep(key, chain);
        }
    }
}

/// Reads a chain's bytes that the parser has already accepted; `None` where they are not a
/// chain of descriptors with empty annotations ended by `TC_NULL` and nothing after it.
fn scan(bytes: &[u8]) -> Option<Chain> {
    let mut links = Vec::new();
    let mut pos = 0;
    while bytes.get(pos) == Some(&TC_CLASSDESC) {
        let link = scan_prefix(bytes.get(pos + 1..)?)?;
        pos += 1 + link.body.len();
        if bytes.get(pos) != Some(&TC_ENDBLOCKDATA) {
            return None;
        }
        pos += 1;
        links.push(link);
    }
    if links.is_empty() || bytes.get(pos) != Some(&TC_NULL) || pos + 1 != bytes.len() {
        return None;
    }
    let count = |f: fn(&Template) -> u32| links.iter().map(f).sum::<u32>();
    Some(Chain {
        bytes: bytes.into(),
        handles: count(|t| 1 + t.new_strings),
        back_references: count(|t| t.back_references),
        longest: links.iter().map(|t| t.longest).max().unwrap_or(0),
        links: links.into(),
    })
}

impl<'a> Parser<'a, '_> {
    /// A kept chain whose bytes come next (the input at a `TC_CLASSDESC`), rebuilt as reading
    /// it would build it, when it fits here; `None` when there is none or it would not fit.
    pub(super) fn kept_chain(&mut self) -> Result<Option<NodeId>, Error> {
        let Some(mut templates) = self.buffers.templates.take() else {
            return Ok(None);
        };
        let result = match templates.chains.matching(self.cur.rest()) {
            Some(chain) if self.chain_fits(chain) => self.replay_chain(chain),
            _ => Ok(None),
        };
        self.buffers.templates = Some(templates);
        result
    }

    /// Keeps the chain just read from `start` to here for the streams to come.
    pub(super) fn learn_chain(&mut self, start: usize) {
        let bytes = self.cur.slice(start..self.cur.pos());
        let templates = self.buffers.templates.get_or_insert_with(Default::default);
        templates.chains.learn(bytes);
    }

    /// Whether every check reading the chain would make passes: the limits, counted over the
    /// stream (the depth the way the innermost descriptor's type strings would count it,
    /// one level more than some need), and each type string's back-reference, which must
    /// name a string in this stream or among the chain's own.
    fn chain_fits(&self, chain: &Chain) -> bool {
        let limits = self.limits;
        let links = u32::try_from(chain.links.len()).unwrap_or(u32::MAX);
        let handles = u64::from(self.handles_created) + u64::from(chain.handles);
        let references = u64::from(self.back_references) + u64::from(chain.back_references);
        if chain.links.is_empty()
            || chain.longest > limits.max_string_bytes
            || u64::from(self.depth) + u64::from(links) + 1 > u64::from(limits.max_depth)
            || handles > u64::from(limits.max_handles.min(u32::MAX - 1))
            || references > u64::from(limits.max_back_references)
        {
            return false;
        }
        chain.back_references == 0 || self.references_name_strings(&chain.links)
    }

    /// Rebuilds a chain [`Self::chain_fits`] found fits, its bytes next: each descriptor's
    /// handle, then its type strings', then its superclass's, as reading makes them. The
    /// class's descriptor, `None` only for a chain of none (which does not fit).
    fn replay_chain(&mut self, chain: &Chain) -> Result<Option<NodeId>, Error> {
        let mut first = None;
        let mut previous: Option<NodeId> = None;
        for link in chain.links.iter() {
            // Each descriptor's `TC_CLASSDESC` before it, its empty annotation's
            // `TC_ENDBLOCKDATA` after.
            self.cur.skip(1);
            let id = self.kept_class_node(link)?;
            self.cur.skip(1);
            if let Some(Node::ClassDesc(d)) = previous.map(|p| self.graph.node_mut(p)) {
                d.super_class = Some(id);
            }
            first.get_or_insert(id);
            previous = Some(id);
        }
        // The `TC_NULL` that ends the chain.
        self.cur.skip(1);
        Ok(first)
    }
}
