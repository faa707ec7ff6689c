//! Building the JDK's collections and maps as their own `writeObject`s write them (capacities,
//! load factors, `ConcurrentHashMap`'s segments, `Collections` wrappers).

use jsess_model::jdk::CollectionKind;
use jsess_model::{ClassData, Content, Elements, Node, NodeId, Ref, Value};

use super::*;

impl Builder {
    pub(super) fn collection(
        &mut self,
        kind: CollectionKind,
        class: &str,
        elements: &[Ref],
        comparator: Ref,
        element_type: Ref,
    ) -> Result<NodeId, BuildError> {
        let n = elements.len() as i32;
        let objects = || elements.iter().map(|r| Content::Object(*r));
        let sized = |prefix: &[u8]| -> Vec<Content<'static>> {
            let mut a = block_records(prefix);
            a.extend(objects());
            a
        };
        match class {
            "java.util.ArrayList" => {
                let annotation = sized(&n.to_be_bytes());
                self.instance_with(class, |g, _| {
                    Ok(vec![with_annotation(g, &[Value::Int(n)], annotation)])
                })
            }
            "java.util.LinkedList"
            | "java.util.ArrayDeque"
            | "java.util.concurrent.CopyOnWriteArrayList" => {
                let annotation = sized(&n.to_be_bytes());
                self.instance_with(class, |g, _| Ok(vec![with_annotation(g, &[], annotation)]))
            }
            "java.util.PriorityQueue" => {
                let annotation = sized(&n.saturating_add(1).max(2).to_be_bytes());
                let fields = vec![Value::Int(n), Value::Ref(comparator)];
                self.instance_with(class, |g, _| {
                    Ok(vec![with_annotation(g, &fields, annotation)])
                })
            }
            "java.util.Vector" | "java.util.Stack" => {
                let capacity = grown_capacity(elements.len(), 10, |c| c * 2, |c| c);
                let mut refs = elements.to_vec();
                refs.resize(capacity, None);
                let data = self.array("[Ljava.lang.Object;", Elements::Object(refs))?;
                let fields = vec![Value::Int(0), Value::Int(n), Value::Ref(Some(data))];
                let vector = with_annotation(&mut self.graph, &fields, vec![]);
                let stack = class == "java.util.Stack";
                self.instance_with(class, |g, _| {
                    Ok(if stack {
                        vec![vector, serial(g, &[])]
                    } else {
                        vec![vector]
                    })
                })
            }
            "java.util.HashSet" | "java.util.LinkedHashSet" => {
                let capacity = hash_map_capacity(elements.len());
                let mut prefix = (capacity as i32).to_be_bytes().to_vec();
                prefix.extend_from_slice(&0.75f32.to_bits().to_be_bytes());
                prefix.extend_from_slice(&n.to_be_bytes());
                let hash_set = with_annotation(&mut self.graph, &[], sized(&prefix));
                let linked = class == "java.util.LinkedHashSet";
                self.instance_with(class, |g, _| {
                    Ok(if linked {
                        vec![hash_set, serial(g, &[])]
                    } else {
                        vec![hash_set]
                    })
                })
            }
            "java.util.concurrent.ConcurrentSkipListSet" => {
                // A map of the elements to Boolean.TRUE, in the field `m`.
                let present = self.boxed(Value::Boolean(1))?;
                let entries: Vec<(Ref, Ref)> =
                    elements.iter().map(|e| (*e, Some(present))).collect();
                let map = self.map(
                    "java.util.concurrent.ConcurrentSkipListMap",
                    &entries,
                    comparator,
                    None,
                    false,
                )?;
                self.instance_with(class, |g, _| Ok(vec![serial(g, &[Value::Ref(Some(map))])]))
            }
            "java.util.TreeSet" => {
                let mut annotation = vec![Content::Object(comparator)];
                annotation.extend(sized(&n.to_be_bytes()));
                self.instance_with(class, |g, _| Ok(vec![with_annotation(g, &[], annotation)]))
            }
            "java.util.EnumSet$SerializationProxy" => {
                let array = self.array("[Ljava.lang.Enum;", Elements::Object(elements.to_vec()))?;
                let fields = vec![Value::Ref(element_type), Value::Ref(Some(array))];
                self.instance_with(class, |g, _| Ok(vec![serial(g, &fields)]))
            }
            "java.util.CollSer" => {
                let tag = match kind {
                    CollectionKind::List if elements.iter().any(Option::is_none) => 4,
                    CollectionKind::List => 1,
                    CollectionKind::Set => 2,
                };
                let annotation = sized(&n.to_be_bytes());
                self.instance_with(class, |g, _| {
                    Ok(vec![with_annotation(g, &[Value::Int(tag)], annotation)])
                })
            }
            "java.util.Arrays$ArrayList" => {
                let array =
                    self.array("[Ljava.lang.Object;", Elements::Object(elements.to_vec()))?;
                self.instance_with(class, |g, _| {
                    Ok(vec![serial(g, &[Value::Ref(Some(array))])])
                })
            }
            "java.util.Collections$EmptyList" | "java.util.Collections$EmptySet"
                if elements.is_empty() =>
            {
                self.instance_with(class, |g, _| Ok(vec![serial(g, &[])]))
            }
            "java.util.Collections$SingletonList" | "java.util.Collections$SingletonSet"
                if elements.len() == 1 =>
            {
                let element = elements[0];
                self.instance_with(class, |g, _| Ok(vec![serial(g, &[Value::Ref(element)])]))
            }
            _ => Err(unsupported(
                class,
                &format!("{} elements as a {kind:?}", elements.len()),
            )),
        }
    }

    /// A `java.util.Properties` as JDK 17 writes it (`Properties.writeHashtable`): Hashtable's
    /// fields and data with a simulated table length, the entries in the order given (the
    /// stream's: the reverse of the map's iteration order), then the defaults.
    pub(super) fn properties(
        &mut self,
        entries: &[(Ref, Ref)],
        defaults: Ref,
    ) -> Result<NodeId, BuildError> {
        let class = "java.util.Properties";
        if entries.iter().any(|(k, v)| k.is_none() || v.is_none()) {
            return Err(unsupported(class, "null keys and values are not allowed"));
        }
        let count = i32::try_from(entries.len())
            .map_err(|_| unsupported(class, "more entries than an int counts"))?;
        let mut length = (count as f32 / 0.75) as i32 + count / 20 + 3;
        if length > count && length % 2 == 0 {
            length -= 1;
        }
        let threshold = (length as f32 * 0.75) as i32;
        let mut annotation = block_records(&[length.to_be_bytes(), count.to_be_bytes()].concat());
        annotation.extend(
            entries
                .iter()
                .flat_map(|(k, v)| [Content::Object(*k), Content::Object(*v)]),
        );
        let hashtable = with_annotation(
            &mut self.graph,
            &[Value::Float(0.75), Value::Int(threshold)],
            annotation,
        );
        self.instance_with(class, |g, _| {
            Ok(vec![hashtable, serial(g, &[Value::Ref(defaults)])])
        })
    }

    pub(super) fn map(
        &mut self,
        class: &str,
        entries: &[(Ref, Ref)],
        comparator: Ref,
        key_type: Ref,
        access_order: bool,
    ) -> Result<NodeId, BuildError> {
        let n = entries.len() as i32;
        let null_free = matches!(
            class,
            "java.util.Hashtable" | "java.util.concurrent.ConcurrentHashMap"
        );
        if null_free && entries.iter().any(|(k, v)| k.is_none() || v.is_none()) {
            return Err(unsupported(class, "null keys and values are not allowed"));
        }
        let pairs = || {
            entries
                .iter()
                .flat_map(|(k, v)| [Content::Object(*k), Content::Object(*v)])
        };
        let sized = |prefix: &[u8]| -> Vec<Content<'static>> {
            let mut a = block_records(prefix);
            a.extend(pairs());
            a
        };
        match class {
            "java.util.HashMap" | "java.util.LinkedHashMap" => {
                let capacity = hash_map_capacity(entries.len());
                let threshold = if entries.is_empty() {
                    0
                } else {
                    capacity * 3 / 4
                };
                let mut prefix = (capacity as i32).to_be_bytes().to_vec();
                prefix.extend_from_slice(&n.to_be_bytes());
                let fields = vec![Value::Float(0.75), Value::Int(threshold as i32)];
                let hash_map = with_annotation(&mut self.graph, &fields, sized(&prefix));
                let linked = class == "java.util.LinkedHashMap";
                self.instance_with(class, |g, _| {
                    Ok(if linked {
                        vec![
                            hash_map,
                            serial(g, &[Value::Boolean(u8::from(access_order))]),
                        ]
                    } else {
                        vec![hash_map]
                    })
                })
            }
            "java.util.Hashtable" => {
                let capacity = grown_capacity(entries.len(), 11, |c| c * 2 + 1, |c| c * 3 / 4);
                let mut prefix = (capacity as i32).to_be_bytes().to_vec();
                prefix.extend_from_slice(&n.to_be_bytes());
                let fields = vec![Value::Float(0.75), Value::Int((capacity * 3 / 4) as i32)];
                let annotation = sized(&prefix);
                self.instance_with(class, |g, _| {
                    Ok(vec![with_annotation(g, &fields, annotation)])
                })
            }
            "java.util.concurrent.ConcurrentSkipListMap" => {
                // Key/value pairs, then a null key.
                let mut annotation: Vec<Content<'static>> = pairs().collect();
                annotation.push(Content::Object(None));
                self.instance_with(class, |g, _| {
                    Ok(vec![with_annotation(
                        g,
                        &[Value::Ref(comparator)],
                        annotation,
                    )])
                })
            }
            "java.util.TreeMap" => {
                let annotation = sized(&n.to_be_bytes());
                self.instance_with(class, |g, _| {
                    Ok(vec![with_annotation(
                        g,
                        &[Value::Ref(comparator)],
                        annotation,
                    )])
                })
            }
            "java.util.EnumMap" => {
                let annotation = sized(&n.to_be_bytes());
                self.instance_with(class, |g, _| {
                    Ok(vec![with_annotation(
                        g,
                        &[Value::Ref(key_type)],
                        annotation,
                    )])
                })
            }
            "java.util.concurrent.ConcurrentHashMap" => {
                let segments = self.chm_segments()?;
                let mut annotation: Vec<Content<'static>> = pairs().collect();
                annotation.extend([Content::Object(None), Content::Object(None)]);
                let fields = vec![Value::Int(15), Value::Int(28), Value::Ref(Some(segments))];
                self.instance_with(class, |g, _| {
                    Ok(vec![with_annotation(g, &fields, annotation)])
                })
            }
            "java.util.CollSer" => {
                let annotation = sized(&(n * 2).to_be_bytes());
                self.instance_with(class, |g, _| {
                    Ok(vec![with_annotation(g, &[Value::Int(3)], annotation)])
                })
            }
            "java.util.Collections$EmptyMap" if entries.is_empty() => {
                self.instance_with(class, |g, _| Ok(vec![serial(g, &[])]))
            }
            "java.util.Collections$SingletonMap" if entries.len() == 1 => {
                let (k, v) = entries[0];
                self.instance_with(class, |g, _| {
                    Ok(vec![serial(g, &[Value::Ref(k), Value::Ref(v)])])
                })
            }
            _ => Err(unsupported(class, &format!("{n} entries as a map"))),
        }
    }

    /// The 16 placeholder segments `ConcurrentHashMap.writeObject` writes for compatibility.
    pub(super) fn chm_segments(&mut self) -> Result<NodeId, BuildError> {
        let mut segments = Vec::with_capacity(16);
        for _ in 0..16 {
            let sync = self.instance_with(
                "java.util.concurrent.locks.ReentrantLock$NonfairSync",
                |g, _| {
                    Ok(vec![
                        serial(g, &[]),
                        serial(g, &[Value::Int(0)]),
                        serial(g, &[]),
                        serial(g, &[]),
                    ])
                },
            )?;
            let segment =
                self.instance_with("java.util.concurrent.ConcurrentHashMap$Segment", |g, _| {
                    Ok(vec![
                        serial(g, &[Value::Ref(Some(sync))]),
                        serial(g, &[Value::Float(0.75)]),
                    ])
                })?;
            segments.push(Some(segment));
        }
        self.array(
            "[Ljava.util.concurrent.ConcurrentHashMap$Segment;",
            Elements::Object(segments),
        )
    }

    pub(super) fn wrapper(&mut self, class: &str, inner: Ref) -> Result<NodeId, BuildError> {
        let g = &mut self.graph;
        let short = class
            .strip_prefix("java.util.Collections$")
            .unwrap_or(class);
        let data = match short {
            "UnmodifiableCollection" | "UnmodifiableSet" | "UnmodifiableMap" => {
                let mut data = vec![serial(g, &[Value::Ref(inner)])];
                if short == "UnmodifiableSet" {
                    data.push(serial(g, &[]));
                }
                data
            }
            "UnmodifiableList" | "UnmodifiableSortedSet" => {
                let middle = if short == "UnmodifiableSortedSet" {
                    vec![serial(g, &[])]
                } else {
                    vec![]
                };
                let mut data = vec![serial(g, &[Value::Ref(inner)])];
                data.extend(middle);
                data.push(serial(g, &[Value::Ref(inner)]));
                data
            }
            "UnmodifiableSortedMap" => vec![
                serial(g, &[Value::Ref(inner)]),
                serial(g, &[Value::Ref(inner)]),
            ],
            "SynchronizedCollection"
            | "SynchronizedMap"
            | "SynchronizedSet"
            | "SynchronizedList"
            | "SynchronizedSortedSet"
            | "SynchronizedSortedMap" => {
                // The mutex is the wrapper itself: patched in once the node exists.
                let mut data = vec![with_annotation(
                    g,
                    &[Value::Ref(inner), Value::Ref(None)],
                    vec![],
                )];
                match short {
                    "SynchronizedSet" => data.push(serial(g, &[])),
                    "SynchronizedList" | "SynchronizedSortedMap" => {
                        data.push(serial(g, &[Value::Ref(inner)]))
                    }
                    "SynchronizedSortedSet" => {
                        data.push(serial(g, &[]));
                        data.push(serial(g, &[Value::Ref(inner)]));
                    }
                    _ => {}
                }
                let id = self.instance_with(class, |_, _| Ok(data))?;
                if let Some(&Node::Object(o)) = self.graph.get(id) {
                    if let Some(&ClassData::Serial { fields, .. }) =
                        self.graph.class_data(&o).first()
                    {
                        if let Some(mutex) = self.graph.values_mut(fields).get_mut(1) {
                            *mutex = Value::Ref(Some(id));
                        }
                    }
                }
                return Ok(id);
            }
            _ => return Err(unsupported(class, "not a known Collections wrapper")),
        };
        self.instance_with(class, |_, _| Ok(data))
    }
}
