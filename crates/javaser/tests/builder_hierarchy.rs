//! Specs come from untrusted text (classes known only by what XML or JSON showed): a
//! superclass chain that loops or is deeper than any class has is refused, not followed.

use jsess_javaser::jdk::{BuildError, Builder, Descriptor};

fn spec(class: &str, parent: Option<&str>) -> Descriptor {
    let mut d = Descriptor::inferred(class, []);
    d.super_class = parent.map(str::to_string);
    d
}

#[test]
fn superclass_loops_and_deep_chains_are_refused() {
    let mut b = Builder::new();
    b.define(spec("a.A", Some("a.B")));
    b.define(spec("a.B", Some("a.A")));
    assert!(matches!(
        b.class_object("a.A"),
        Err(BuildError::Unsupported { .. })
    ));

    let mut b = Builder::new();
    for i in 0..10_000 {
        b.define(spec(&format!("d.C{i}"), Some(&format!("d.C{}", i + 1))));
    }
    b.define(spec("d.C10000", None));
    assert!(matches!(
        b.class_object("d.C0"),
        Err(BuildError::Unsupported { .. })
    ));
    // A chain of ordinary depth is built.
    assert!(b.class_object("d.C9990").is_ok());
}
