//! What a reader or writer learns about classes once and every later blob reuses: each class's
//! serializer, its Java descriptor chain and its FieldSerializer plan (see [`crate::layout`]).
//! All follow from the class layouts and the Kryo configuration alone, and working them out
//! (walking the hierarchy, building descriptors) costs more than reading a typical session's
//! bytes; msm's `KryoTranscoder` likewise keeps one `Kryo` instance with its class
//! registrations across sessions.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use jsess_javaser::jdk::{jdk_class, Descriptor, Descriptors};

use crate::classes::{Dialect, RedissonRelease, Ser, Step};
use crate::layout::{Finality, JavaSlots, LayoutField};
use crate::schema::Schemas;

type Seeded = foldhash::fast::RandomState;

/// What FieldSerializer's handling of one class's fields depends on (see [`crate::layout`]).
#[derive(Debug, Clone)]
pub(crate) struct Plan {
    /// The fields, in Kryo's order ([`crate::schema::Schemas::kryo_fields`]).
    pub fields: Arc<[LayoutField]>,
    /// Whether a strict walk of the class (a writer's) gave them.
    pub strict: bool,
    /// Whether each field's values carry a class tag, in Kryo's order.
    pub finality: Arc<[Finality]>,
    /// Where each Java field's value comes from, once a reader has built an object of the
    /// class.
    pub java_slots: Option<JavaSlots>,
    /// How a reader takes each field's value, once a reader has read an object of the class.
    pub steps: Option<Arc<[Option<Step>]>>,
}

/// A per-blob table keyed by names from the input: hashed with a per-map random seed.
pub(crate) type Map<K, V> = HashMap<K, V, Seeded>;

/// Answers about classes kept across blobs, for one [`Schemas`] and one Kryo configuration.
///
/// Only classes the layouts describe are remembered, so input naming ever new classes
/// cannot grow it: it is bounded by the layouts it was made for.
#[derive(Debug)]
pub(crate) struct ClassMemo {
    schemas: Arc<Schemas>,
    dialect: Dialect,
    release: RedissonRelease,
    serializers: RwLock<HashMap<String, Ser, Seeded>>,
    chains: RwLock<HashMap<String, Arc<[Descriptor]>, Seeded>>,
    /// Each class's FieldSerializer plan: one entry, so a blob asks once per class.
    plans: RwLock<HashMap<String, Plan, Seeded>>,
    /// Every descriptor of the remembered chains, for each blob's builder to share.
    descriptors: RwLock<Arc<Descriptors>>,
}

impl ClassMemo {
    pub(crate) fn new(schemas: Arc<Schemas>, dialect: Dialect, release: RedissonRelease) -> Self {
        ClassMemo {
            schemas,
            dialect,
            release,
            serializers: RwLock::default(),
            chains: RwLock::default(),
            plans: RwLock::default(),
            descriptors: RwLock::default(),
        }
    }

    pub(crate) fn schemas(&self) -> &Schemas {
        &self.schemas
    }

    pub(crate) fn dialect(&self) -> Dialect {
        self.dialect
    }

    pub(crate) fn release(&self) -> RedissonRelease {
        self.release
    }

    /// The serializer remembered for `class`, if any.
    pub(crate) fn serializer(&self, class: &str) -> Option<Ser> {
        // A poisoned lock only means another thread panicked while inserting a finished
        // answer: what the map holds is still whole.
        let map = self.serializers.read().unwrap_or_else(|e| e.into_inner());
        map.get(class).copied()
    }

    pub(crate) fn remember_serializer(&self, class: &str, ser: Ser) {
        if self.schemas.get(class).is_none() {
            return;
        }
        let mut map = self.serializers.write().unwrap_or_else(|e| e.into_inner());
        map.insert(class.to_string(), ser);
    }

    /// The plan remembered for `class`, if any.
    pub(crate) fn plan(&self, class: &str) -> Option<Plan> {
        let map = self.plans.read().unwrap_or_else(|e| e.into_inner());
        map.get(class).cloned()
    }

    /// Remembers (or completes) the plan of a class the layouts describe.
    pub(crate) fn remember_plan(&self, class: &str, plan: Plan) {
        if self.schemas.get(class).is_none() {
            return;
        }
        let mut map = self.plans.write().unwrap_or_else(|e| e.into_inner());
        match map.get_mut(class) {
            // What either side worked out stays: a reader's plan does not undo a writer's
            // strict walk, nor a writer's the reader's slots and steps.
            Some(known) => {
                known.strict |= plan.strict;
                known.java_slots = plan.java_slots.or(known.java_slots.take());
                known.steps = plan.steps.or(known.steps.take());
            }
            None => {
                map.insert(class.to_string(), plan);
            }
        }
    }

    /// The descriptor chain remembered for `class`, most derived first.
    pub(crate) fn chain(&self, class: &str) -> Option<Arc<[Descriptor]>> {
        let map = self.chains.read().unwrap_or_else(|e| e.into_inner());
        map.get(class).cloned()
    }

    /// Remembers a chain the layouts gave (every class in it has a layout or is the JDK's),
    /// and adds its descriptors to those every later blob's builder shares.
    pub(crate) fn remember_chain(&self, class: &str, chain: &Arc<[Descriptor]>) {
        if self.schemas.get(class).is_none() {
            return;
        }
        {
            let mut shared = self.descriptors.write().unwrap_or_else(|e| e.into_inner());
            // What a blob's reader would define itself (see `Reader::ensure_class`): classes
            // the JDK table lacks, and JDK classes stored in another form than Java's.
            let missing: Vec<&Descriptor> = chain
                .iter()
                .filter(|d| jdk_class(&d.name).is_none() || !d.unknown.is_empty())
                .filter(|d| shared.get(&d.name) != Some(d))
                .collect();
            if !missing.is_empty() {
                // Blobs being read keep the map they started with; the next ones get this one.
                let map = Arc::make_mut(&mut shared);
                for spec in missing {
                    map.insert(spec.name.clone(), spec.clone());
                }
            }
        }
        let mut map = self.chains.write().unwrap_or_else(|e| e.into_inner());
        map.insert(class.to_string(), Arc::clone(chain));
    }

    /// The descriptors of every chain remembered so far.
    pub(crate) fn descriptors(&self) -> Arc<Descriptors> {
        let shared = self.descriptors.read().unwrap_or_else(|e| e.into_inner());
        Arc::clone(&shared)
    }
}
