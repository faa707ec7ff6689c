//! Nesting deep enough to overflow a thread's stack if a reader or writer recursed on it: it
//! is a limit, and with the limit raised it costs heap, not stack.

use jsess_javaser::jdk::Builder;
use jsess_kryo::{read_attributes, write_attributes, ReadError, Schemas};
use jsess_model::jdk::CollectionKind;
use jsess_model::{JdkValue, Limit, Limits, NodeId};

/// `depth` ArrayLists, each holding the next; the innermost is empty.
fn nested_lists(b: &mut Builder, depth: usize) -> NodeId {
    let mut inner: Option<NodeId> = None;
    for _ in 0..depth {
        let list = b
            .jdk(&JdkValue::Collection {
                kind: CollectionKind::List,
                class: "java.util.ArrayList",
                elements: inner.map(Some).into_iter().collect(),
                comparator: None,
                element_type: None,
            })
            .expect("a list");
        inner = Some(list);
    }
    inner.expect("depth > 0")
}

#[test]
fn deep_lists_are_a_limit_not_a_crash() {
    let mut b = Builder::new();
    let key = b.string("deep");
    let lists = nested_lists(&mut b, 50_000);
    let schemas = Schemas::new();
    let bytes = write_attributes(b.graph(), &[(key, Some(lists))], &schemas, Vec::new())
        .expect("deep lists are written");
    match read_attributes(&bytes, &schemas, &Limits::DEFAULT) {
        Err(ReadError::Limit {
            limit: Limit::Depth,
            ..
        }) => {}
        other => panic!("expected the depth limit, got {:?}", other.map(|_| ())),
    }
    let limits = Limits {
        max_depth: 100_000,
        ..Limits::DEFAULT
    };
    let read = read_attributes(&bytes, &schemas, &limits).expect("read with a raised limit");
    let again = write_attributes(read.builder.graph(), &read.attributes, &schemas, Vec::new())
        .expect("written again");
    assert_eq!(again, bytes);
}
