//! Schemas from a jar that javac and jar build here from Java sources: finality, generic
//! signatures, transient and synthetic fields, enum constants and their body classes, and
//! serialVersionUIDs (declared, and computed the way the JDK computes them, checked against
//! the JDK's own `serialver`).
//!
//! Needs a JDK. Without one the test says so and passes, unless `JSESS_REQUIRE_JVM` is set (CI
//! sets it), in which case it fails.

use std::path::Path;
use std::process::Command;

use jsess_kryo::schema::{JavaType, TypeKind};
use jsess_kryo::Schemas;

const SOURCES: &[(&str, &str)] = &[
    (
        "t/Money.java",
        "package t;
         public final class Money implements java.io.Serializable {
             private long cents;
             private String currency;
             public Money(long cents, String currency) { this.cents = cents; this.currency = currency; }
             public long cents() { return cents; }
         }",
    ),
    (
        "t/Box.java",
        "package t;
         import java.util.*;
         public class Box<T> implements java.io.Serializable {
             T value;
             List<String> names = new ArrayList<>();
             Map<String, List<Integer>> index;
             transient int cache;
             static int counter;
             protected void touch() { cache++; }
         }",
    ),
    ("t/StringBox.java", "package t; public class StringBox extends Box<String> { }"),
    (
        "t/Op.java",
        "package t;
         public enum Op {
             PLUS { int apply(int a, int b) { return a + b; } },
             ID,
             TIMES { int apply(int a, int b) { return a * b; } };
             int apply(int a, int b) { return a; }
         }",
    ),
    (
        "t/Holder.java",
        "package t;
         public class Holder implements java.io.Serializable {
             private static final long serialVersionUID = 42L;
             Op op;
             Box<String> box;
             Money[] monies;
             public class Inner implements java.io.Serializable { int x; }
             private void writeObject(java.io.ObjectOutputStream out) throws java.io.IOException {
                 out.defaultWriteObject();
             }
         }",
    ),
];

fn have_jdk() -> bool {
    let ok = Command::new("javac")
        .arg("-version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(
            std::env::var_os("JSESS_REQUIRE_JVM").is_none(),
            "JSESS_REQUIRE_JVM is set but javac is not available"
        );
        eprintln!("skipped: no JDK (javac) on this machine");
    }
    ok
}

fn run(cmd: &mut Command) -> String {
    let out = cmd.output().expect("run");
    assert!(
        out.status.success(),
        "{cmd:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The serialVersionUID `serialver` prints for a class.
fn serialver(classes: &Path, class: &str) -> i64 {
    let text = run(Command::new("serialver")
        .arg("-classpath")
        .arg(classes)
        .arg(class));
    let value = text
        .split("serialVersionUID = ")
        .nth(1)
        .and_then(|rest| rest.split('L').next())
        .unwrap_or_else(|| panic!("serialver output: {text}"));
    value.trim().parse().expect("number")
}

#[test]
fn schemas_from_a_jar_built_from_java_sources() {
    if !have_jdk() {
        return;
    }
    let dir = std::env::temp_dir().join(format!("jsess-classpath-{}", std::process::id()));
    let src = dir.join("src");
    let classes = dir.join("classes");
    for (path, text) in SOURCES {
        let file = src.join(path);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(&file, text).unwrap();
    }
    let mut javac = Command::new("javac");
    javac.arg("-d").arg(&classes);
    for (path, _) in SOURCES {
        javac.arg(src.join(path));
    }
    run(&mut javac);
    let jar = dir.join("app.jar");
    run(Command::new("jar")
        .arg("cf")
        .arg(&jar)
        .arg("-C")
        .arg(&classes)
        .arg("."));

    let mut schemas = Schemas::new();
    let n = schemas.add_classpath(jar.to_str().unwrap()).expect("jar");
    assert_eq!(n, 8, "classes in the jar");

    let money = schemas.get("t.Money").expect("Money");
    assert_eq!(money.is_final, Some(true));
    assert_eq!(money.public, Some(true));
    let money_fields: Vec<&str> = money.fields.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(money_fields, ["cents", "currency"]);

    let boxed = schemas.get("t.Box").expect("Box");
    assert_eq!(boxed.is_final, Some(false));
    assert_eq!(boxed.type_parameters, ["T"]);
    let field = |name: &str| boxed.fields.iter().find(|f| f.name == name).expect(name);
    assert_eq!(field("value").ty, JavaType::Variable("T".into()));
    assert_eq!(
        field("names").ty.to_string(),
        "Ljava/util/List<Ljava/lang/String;>;"
    );
    assert_eq!(
        field("index").ty.to_string(),
        "Ljava/util/Map<Ljava/lang/String;Ljava/util/List<Ljava/lang/Integer;>;>;"
    );
    assert!(field("cache").transient);
    assert!(
        boxed.fields.iter().all(|f| f.name != "counter"),
        "static fields are not fields"
    );
    let kryo_order: Vec<&str> = schemas
        .kryo_fields("t.Box", true)
        .unwrap()
        .iter()
        .map(|f| f.field.name.as_str())
        .collect();
    assert_eq!(kryo_order, ["index", "names", "value"]);

    let string_box = schemas.get("t.StringBox").expect("StringBox");
    assert_eq!(
        string_box.generic_super.as_ref().map(|t| t.to_string()),
        Some("Lt/Box<Ljava/lang/String;>;".to_string())
    );

    let op = schemas.get("t.Op").expect("Op");
    assert_eq!(op.kind, TypeKind::Enum);
    assert_eq!(
        op.enum_constants.as_deref(),
        Some(&["PLUS".to_string(), "ID".into(), "TIMES".into()][..])
    );
    assert_eq!(
        schemas.enum_constant_class("t.Op", "PLUS").unwrap(),
        "t.Op$1"
    );
    assert_eq!(schemas.enum_constant_class("t.Op", "ID").unwrap(), "t.Op");
    assert_eq!(
        schemas.enum_constant_class("t.Op", "TIMES").unwrap(),
        "t.Op$2"
    );
    assert_eq!(schemas.enum_type("t.Op$2"), Some("t.Op"));

    let holder = schemas.get("t.Holder").expect("Holder");
    let java = holder.java.as_ref().expect("serializable");
    assert_eq!(java.suid, 42);
    assert_eq!(java.flags, 0x03, "SC_SERIALIZABLE | SC_WRITE_METHOD");
    let inner = schemas.get("t.Holder$Inner").expect("Inner");
    assert!(
        inner.fields.iter().any(|f| f.name == "this$0"),
        "synthetic outer reference"
    );

    // Computed serialVersionUIDs equal the JDK's.
    for class in ["t.Money", "t.Box", "t.StringBox", "t.Holder$Inner"] {
        let ours = schemas
            .get(class)
            .and_then(|s| s.java.as_ref())
            .expect(class)
            .suid;
        assert_eq!(ours, serialver(&classes, class), "{class}");
    }

    // A schema file carries the same knowledge.
    let file = dir.join("schema.json");
    std::fs::write(&file, schemas.to_file_json()).unwrap();
    let mut reloaded = Schemas::new();
    assert_eq!(reloaded.load_file(&file).unwrap(), 8);
    for class in schemas.classes() {
        let mut expected = class.clone();
        expected.origin = jsess_kryo::schema::Origin::SchemaFile;
        assert_eq!(reloaded.get(&class.name), Some(&expected));
    }
    let _ = std::fs::remove_dir_all(&dir);
}
