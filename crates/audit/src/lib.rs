//! # jsess-audit
//!
//! Tells ops teams when a session store holds something dangerous. jsess never instantiates a
//! class, so it cannot run a gadget chain; but a store where such bytes sit is under attack (or
//! one Java deserialization away from it). [`audit`] walks the object graph of each item (a
//! session attribute, a top-level object) and reports:
//!
//! - classes of known gadget-chain families ([`GADGET_FAMILIES`]: commons-collections and
//!   commons-beanutils transformers and comparators, Spring, Groovy, Hibernate, ROME, C3P0,
//!   `TemplatesImpl`, `AnnotationInvocationHandler`, JRMP, …) and `java.net.URL` map keys (URLDNS);
//! - classes a deny list names, and classes outside an allow list;
//! - SerialDOS shapes: hash collections nested deeper than a bound, and graphs whose expansion
//!   (the number of paths a naive reader would walk) passes a bound.

mod blob;
mod hash;
mod pattern;
mod report;

use std::collections::{HashMap, HashSet};

use jsess_javaser::jdk::interpret;
use jsess_javaser::json::{children, push_children};
use jsess_model::{deep, ClassKind, Elements, Graph, JdkValue, Node, NodeId, Ref};

pub use blob::{audit_blob, audit_blob_with, BlobReport};
pub use hash::audit_hash;
pub use pattern::{parse_patterns, Pattern, PatternError};
pub use report::AuditReport;

/// Gadget-chain families: a class-name pattern and the family it belongs to (after ysoserial and
/// the deny lists of SerialKiller and contrast-rO0).
pub const GADGET_FAMILIES: &[(&str, &str)] = &[
    ("org.apache.commons.collections.functors.**", "commons-collections"),
    ("org.apache.commons.collections4.functors.**", "commons-collections"),
    ("org.apache.commons.collections.keyvalue.TiedMapEntry", "commons-collections"),
    ("org.apache.commons.collections4.keyvalue.TiedMapEntry", "commons-collections"),
    ("org.apache.commons.collections.map.LazyMap", "commons-collections"),
    ("org.apache.commons.collections4.map.LazyMap", "commons-collections"),
    ("org.apache.commons.collections.map.TransformedMap", "commons-collections"),
    ("org.apache.commons.collections4.map.TransformedMap", "commons-collections"),
    ("org.apache.commons.collections.comparators.TransformingComparator", "commons-collections"),
    ("org.apache.commons.collections4.comparators.TransformingComparator", "commons-collections"),
    ("org.apache.commons.beanutils.BeanComparator", "commons-beanutils"),
    ("org.springframework.core.SerializableTypeWrapper*", "spring"),
    ("org.springframework.beans.factory.support.AutowireUtils$ObjectFactoryDelegatingInvocationHandler", "spring"),
    ("org.springframework.aop.framework.JdkDynamicAopProxy", "spring"),
    ("org.springframework.transaction.jta.JtaTransactionManager", "spring"),
    ("org.codehaus.groovy.runtime.ConvertedClosure", "groovy"),
    ("org.codehaus.groovy.runtime.MethodClosure", "groovy"),
    ("org.hibernate.engine.spi.TypedValue", "hibernate"),
    ("org.hibernate.tuple.component.**", "hibernate"),
    ("org.hibernate.property.**", "hibernate"),
    ("com.sun.syndication.feed.impl.**", "rome"),
    ("com.rometools.rome.feed.impl.**", "rome"),
    ("com.mchange.v2.c3p0.**", "c3p0"),
    ("com.sun.org.apache.xalan.internal.xsltc.trax.TemplatesImpl", "templates-impl"),
    ("org.apache.xalan.xsltc.trax.TemplatesImpl", "templates-impl"),
    ("sun.reflect.annotation.AnnotationInvocationHandler", "annotation-invocation-handler"),
    ("javax.management.BadAttributeValueExpException", "bad-attribute-value-exp"),
    ("java.rmi.server.RemoteObjectInvocationHandler", "jrmp"),
    ("sun.rmi.server.UnicastRef*", "jrmp"),
    ("sun.rmi.transport.**", "jrmp"),
    ("com.sun.rowset.JdbcRowSetImpl", "jndi"),
    ("bsh.**", "beanshell"),
    ("clojure.**", "clojure"),
    ("org.mozilla.javascript.**", "rhino"),
    ("org.python.core.**", "jython"),
    ("org.apache.commons.fileupload.disk.DiskFileItem", "fileupload"),
    ("org.apache.wicket.util.upload.DiskFileItem", "wicket"),
    ("net.sf.json.JSONObject", "json-lib"),
    ("com.vaadin.data.util.**", "vaadin"),
    ("org.apache.click.control.Column$ColumnComparator", "click"),
    ("org.jboss.interceptor.**", "jboss-interceptors"),
    ("org.jboss.weld.interceptor.**", "jboss-interceptors"),
    ("java.lang.Runtime", "runtime-exec"),
    ("java.lang.ProcessBuilder", "runtime-exec"),
];

/// What to report.
#[derive(Debug, Clone)]
pub struct Policy {
    /// Patterns with the family each belongs to (the built-in gadget families, plus any deny
    /// file, family `denied`).
    pub deny: Vec<(Pattern, String)>,
    /// When set, every class must match one of these.
    pub allow: Option<Vec<Pattern>>,
    /// Deepest nesting of hash-based collections before it is reported.
    pub max_collection_depth: u32,
    /// Most paths through an item's graph (what a reader that copies shared objects would
    /// build) before it is reported.
    pub max_expansion: u64,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            deny: GADGET_FAMILIES
                .iter()
                .filter_map(|(p, family)| Some((Pattern::parse(p)?, family.to_string())))
                .collect(),
            allow: None,
            max_collection_depth: 32,
            max_expansion: 1_000_000,
        }
    }
}

/// One reported problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The attribute or item it was found in.
    pub item: String,
    /// The kind of problem.
    pub kind: FindingKind,
    /// The class concerned, if one.
    pub class: Option<String>,
    /// A sentence for people.
    pub detail: String,
}

/// Kinds of findings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FindingKind {
    /// A class of a known gadget-chain family, or of the deny list (family `denied`).
    Gadget(String),
    /// A `java.net.URL` used as a hash key (resolved via DNS when Java rebuilds the map).
    UrlKey,
    /// A class the allow list does not name.
    NotAllowed,
    /// Hash-based collections nested this deep.
    NestedCollections(u32),
    /// This many paths through the graph (saturating).
    Expansion(u64),
}

impl FindingKind {
    /// A short machine-readable name.
    pub fn name(&self) -> &'static str {
        match self {
            FindingKind::Gadget(_) => "gadget",
            FindingKind::UrlKey => "url-key",
            FindingKind::NotAllowed => "not-allowed",
            FindingKind::NestedCollections(_) => "nested-collections",
            FindingKind::Expansion(_) => "reference-fan-out",
        }
    }
}

/// Audits named items (attributes, top-level objects) of one graph.
pub fn audit(graph: &Graph<'_>, items: &[(String, Ref)], policy: &Policy) -> Vec<Finding> {
    let mut findings = Vec::new();
    // One set of marks for every item, cleared after each walk: allocating it per item would
    // cost the whole graph per attribute.
    let mut seen = vec![false; graph.len()];
    // Items that are the same object have the same findings: many attributes holding one large
    // object are walked once, not once each.
    let mut by_root: HashMap<NodeId, Vec<Finding>> = HashMap::new();
    for (label, root) in items {
        let Some(root) = *root else { continue };
        let of_root = by_root
            .entry(root)
            .or_insert_with(|| audit_root(graph, root, policy, &mut seen));
        findings.extend(of_root.iter().map(|f| Finding {
            item: label.clone(),
            ..f.clone()
        }));
    }
    findings
}

/// The findings of what `root` reaches, each (class, kind) once, with no item label yet.
fn audit_root(graph: &Graph<'_>, root: NodeId, policy: &Policy, seen: &mut [bool]) -> Vec<Finding> {
    let mut findings = Vec::new();
    let reached = reachable(graph, root, seen);
    let mut reported: HashSet<(String, &'static str)> = HashSet::new();
    let mut report = |kind: FindingKind, class: Option<String>, detail: String| {
        let key = (class.clone().unwrap_or_default(), kind.name());
        if reported.insert(key) {
            findings.push(Finding {
                item: String::new(),
                kind,
                class,
                detail,
            });
        }
    };
    for &id in &reached {
        for class in classes_of(graph, id) {
            for (kind, detail) in class_findings(&class, policy) {
                report(kind, Some(class.clone()), detail);
            }
        }
        if let Some(key) = url_key(graph, id) {
            let detail =
                "a java.net.URL is a hash key: rebuilding the map resolves its host (URLDNS)"
                    .to_string();
            report(FindingKind::UrlKey, Some(key), detail);
        }
    }
    let depth = collection_depth(graph, root);
    if depth > policy.max_collection_depth {
        let detail = format!(
            "hash-based collections nested {depth} deep (bound {})",
            policy.max_collection_depth
        );
        report(FindingKind::NestedCollections(depth), None, detail);
    }
    let expansion = expansion(graph, root);
    if expansion > policy.max_expansion {
        let detail = format!(
            "{expansion} paths through shared references (bound {})",
            policy.max_expansion
        );
        report(FindingKind::Expansion(expansion), None, detail);
    }
    findings
}

/// What the deny and allow lists say about one class name.
pub(crate) fn class_findings(class: &str, policy: &Policy) -> Vec<(FindingKind, String)> {
    let mut out = Vec::new();
    if let Some((_, family)) = policy.deny.iter().find(|(p, _)| p.matches(class)) {
        out.push((
            FindingKind::Gadget(family.clone()),
            format!("class {class} belongs to the {family} gadget-chain family"),
        ));
    }
    if let Some(allow) = &policy.allow {
        if !is_always_allowed(class) && !allow.iter().any(|p| p.matches(class)) {
            out.push((
                FindingKind::NotAllowed,
                format!("class {class} is not on the allow list"),
            ));
        }
    }
    out
}

/// Every node reachable from `root` through fields, elements and annotations. `seen` holds a
/// mark per node of the graph, all clear, and is left clear.
fn reachable(graph: &Graph<'_>, root: NodeId, seen: &mut [bool]) -> Vec<NodeId> {
    let mut stack = vec![root];
    let mut out = Vec::new();
    while let Some(id) = stack.pop() {
        if let Some(slot) = seen.get_mut(id.index()).filter(|s| !**s) {
            *slot = true;
            out.push(id);
            push_children(graph, id, &mut stack);
        }
    }
    for id in &out {
        if let Some(slot) = seen.get_mut(id.index()) {
            *slot = false;
        }
    }
    out
}

/// Class names a node makes a reader load: its descriptor chain (or proxy interfaces), an
/// array's element class, the class a `Class` object or enum constant names.
fn classes_of(graph: &Graph<'_>, id: NodeId) -> Vec<String> {
    let desc = match graph.get(id) {
        Some(Node::Object(o)) => o.class,
        Some(Node::Array(a)) => a.class,
        Some(Node::Enum(e)) => e.class,
        Some(Node::Class(c)) => c.class,
        _ => return Vec::new(),
    };
    let mut out = Vec::new();
    for d in graph.class_chain(desc) {
        match graph.class_desc(d).map(|d| &d.kind) {
            Some(ClassKind::Class { name, .. }) => {
                let name = name.to_string();
                // Array classes stand for their element class.
                let element = name.trim_start_matches('[');
                if let Some(class) = element.strip_prefix('L').and_then(|e| e.strip_suffix(';')) {
                    out.push(class.to_string());
                } else if !name.starts_with('[') {
                    out.push(name);
                }
            }
            Some(ClassKind::Proxy { interfaces }) => {
                out.extend(interfaces.iter().map(|i| i.to_string()))
            }
            None => {}
        }
    }
    out
}

/// Primitive types and their arrays need no class on the allow list.
fn is_always_allowed(class: &str) -> bool {
    matches!(
        class,
        "boolean" | "byte" | "char" | "short" | "int" | "long" | "float" | "double" | "void"
    )
}

/// The URL class name when `id` is a hash map or set with a `java.net.URL` key.
fn url_key(graph: &Graph<'_>, id: NodeId) -> Option<String> {
    let keys: Vec<Ref> = match interpret(graph, id)? {
        JdkValue::Map { entries, .. } => entries.into_iter().map(|(k, _)| k).collect(),
        JdkValue::Collection {
            kind: jsess_model::jdk::CollectionKind::Set,
            elements,
            ..
        } => elements,
        _ => return None,
    };
    keys.into_iter().flatten().find_map(|k| {
        let class = classes_of(graph, k).into_iter().next()?;
        (class == "java.net.URL").then_some(class)
    })
}

/// The deepest nesting of hash-based collections (sets and maps whose reading hashes their
/// elements) below `root`. Cycles count once.
fn collection_depth(graph: &Graph<'_>, root: NodeId) -> u32 {
    let mut memo: HashMap<NodeId, u32> = HashMap::new();
    let mut on_path: HashSet<NodeId> = HashSet::new();
    depth_of(graph, root, 0, &mut memo, &mut on_path)
}

/// How far the graph walks recurse; deeper structures are reported at this depth.
const MAX_WALK: u32 = 10_000;

fn depth_of(
    graph: &Graph<'_>,
    id: NodeId,
    level: u32,
    memo: &mut HashMap<NodeId, u32>,
    on_path: &mut HashSet<NodeId>,
) -> u32 {
    if let Some(&d) = memo.get(&id) {
        return d;
    }
    if level >= MAX_WALK {
        return MAX_WALK;
    }
    if !on_path.insert(id) {
        return 0;
    }
    let hashed = matches!(
        interpret(graph, id),
        Some(
            JdkValue::Map { .. }
                | JdkValue::Collection {
                    kind: jsess_model::jdk::CollectionKind::Set,
                    ..
                }
        )
    );
    let below = children(graph, id)
        .into_iter()
        .map(|c| deep::guard(|| depth_of(graph, c, level + 1, memo, on_path)))
        .max()
        .unwrap_or(0);
    on_path.remove(&id);
    let d = below + u32::from(hashed);
    memo.insert(id, d);
    d
}

/// How many nodes a reader that copies every shared object would create (saturating); back
/// edges of cycles count once.
fn expansion(graph: &Graph<'_>, root: NodeId) -> u64 {
    let mut memo: HashMap<NodeId, u64> = HashMap::new();
    let mut on_path: HashSet<NodeId> = HashSet::new();
    paths_of(graph, root, 0, &mut memo, &mut on_path)
}

fn paths_of(
    graph: &Graph<'_>,
    id: NodeId,
    level: u32,
    memo: &mut HashMap<NodeId, u64>,
    on_path: &mut HashSet<NodeId>,
) -> u64 {
    if let Some(&n) = memo.get(&id) {
        return n;
    }
    if level >= MAX_WALK || !on_path.insert(id) {
        return 1;
    }
    let mut total: u64 = 1;
    for c in children(graph, id) {
        total = total.saturating_add(deep::guard(|| paths_of(graph, c, level + 1, memo, on_path)));
    }
    // Arrays of primitives are one node whatever their length.
    if let Some(Node::Array(a)) = graph.get(id) {
        if let Elements::Primitive { .. } = a.elements {
            total = 1;
        }
    }
    on_path.remove(&id);
    memo.insert(id, total);
    total
}
