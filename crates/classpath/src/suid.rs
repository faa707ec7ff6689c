//! The serialVersionUID the JDK computes for a serializable class that declares none
//! (`ObjectStreamClass.computeDefaultSUID`): the first eight bytes, little-endian, of a SHA-1
//! over the class's name, modifiers, interfaces, fields, static initializer, constructors and
//! methods, each in a fixed order and form.

use sha1::{Digest, Sha1};

use jsess_model::JavaString;

const PUBLIC: u16 = 0x0001;
const PRIVATE: u16 = 0x0002;
const STATIC: u16 = 0x0008;
const TRANSIENT: u16 = 0x0080;
const INTERFACE: u16 = 0x0200;
const ABSTRACT: u16 = 0x0400;
const CLASS_MASK: u16 = PUBLIC | 0x0010 | INTERFACE | ABSTRACT;
const FIELD_MASK: u16 = 0x00df;
const METHOD_MASK: u16 = 0x0d3f;

/// A field or method as the computation sees it.
#[derive(Debug, Clone)]
pub struct Member {
    /// Name.
    pub name: String,
    /// Access flags as `getModifiers()` returns them.
    pub modifiers: u16,
    /// JVM descriptor with slashes (`(Ljava/lang/String;)V`).
    pub descriptor: String,
}

/// The parts of a class the computation reads.
#[derive(Debug, Clone)]
pub struct ClassShape {
    /// Binary name with dots.
    pub name: String,
    /// `Class.getModifiers()` (for a nested class, from its InnerClasses entry).
    pub modifiers: u16,
    /// Directly implemented interfaces, binary names with dots.
    pub interfaces: Vec<String>,
    /// Declared fields, static ones included.
    pub fields: Vec<Member>,
    /// Declared constructors.
    pub constructors: Vec<Member>,
    /// Declared methods, without constructors and the static initializer.
    pub methods: Vec<Member>,
    /// Whether the class has a static initializer.
    pub has_static_initializer: bool,
}

fn utf16_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    a.encode_utf16().cmp(b.encode_utf16())
}

struct DataOutput(Vec<u8>);

impl DataOutput {
    fn utf(&mut self, text: &str) {
        let encoded = JavaString::from_text(text);
        let bytes = encoded.as_mutf8();
        self.0
            .extend_from_slice(&(bytes.len() as u16).to_be_bytes());
        self.0.extend_from_slice(bytes);
    }

    fn int(&mut self, v: u32) {
        self.0.extend_from_slice(&v.to_be_bytes());
    }
}

/// The default serialVersionUID of `class`.
pub fn default_suid(class: &ClassShape) -> i64 {
    let mut out = DataOutput(Vec::with_capacity(512));
    out.utf(&class.name);

    let mut modifiers = class.modifiers & CLASS_MASK;
    if modifiers & INTERFACE != 0 {
        modifiers = if class.methods.is_empty() {
            modifiers & !ABSTRACT
        } else {
            modifiers | ABSTRACT
        };
    }
    out.int(u32::from(modifiers));

    let mut interfaces: Vec<&String> = class.interfaces.iter().collect();
    interfaces.sort_by(|a, b| utf16_cmp(a, b));
    for name in interfaces {
        out.utf(name);
    }

    let mut fields: Vec<&Member> = class.fields.iter().collect();
    fields.sort_by(|a, b| utf16_cmp(&a.name, &b.name));
    for field in fields {
        let mods = field.modifiers & FIELD_MASK;
        if mods & PRIVATE == 0 || mods & (STATIC | TRANSIENT) == 0 {
            out.utf(&field.name);
            out.int(u32::from(mods));
            out.utf(&field.descriptor);
        }
    }

    if class.has_static_initializer {
        out.utf("<clinit>");
        out.int(u32::from(STATIC));
        out.utf("()V");
    }

    let mut constructors: Vec<&Member> = class.constructors.iter().collect();
    constructors.sort_by(|a, b| utf16_cmp(&a.descriptor, &b.descriptor));
    for ctor in constructors {
        let mods = ctor.modifiers & METHOD_MASK;
        if mods & PRIVATE == 0 {
            out.utf("<init>");
            out.int(u32::from(mods));
            out.utf(&ctor.descriptor.replace('/', "."));
        }
    }

    let mut methods: Vec<&Member> = class.methods.iter().collect();
    methods
        .sort_by(|a, b| utf16_cmp(&a.name, &b.name).then(utf16_cmp(&a.descriptor, &b.descriptor)));
    for method in methods {
        let mods = method.modifiers & METHOD_MASK;
        if mods & PRIVATE == 0 {
            out.utf(&method.name);
            out.int(u32::from(mods));
            out.utf(&method.descriptor.replace('/', "."));
        }
    }

    let digest = Sha1::digest(&out.0);
    let mut first = [0u8; 8];
    first.copy_from_slice(&digest[..8]);
    i64::from_le_bytes(first)
}

/// The serialVersionUID of an array class (`[Lcom.shop.Item;`): arrays declare no members and
/// their interfaces are left out, so only the name and modifiers count (public when the
/// element type is, always final and abstract).
pub fn array_suid(array_class: &str, component_public: bool) -> i64 {
    default_suid(&ClassShape {
        name: array_class.to_string(),
        modifiers: if component_public { PUBLIC } else { 0 } | 0x0010 | ABSTRACT,
        interfaces: Vec::new(),
        fields: Vec::new(),
        constructors: Vec::new(),
        methods: Vec::new(),
        has_static_initializer: false,
    })
}

#[cfg(test)]
mod tests {
    use super::array_suid;

    /// Array serialVersionUIDs as JDK 17 writes them (corpora/java/jdk-table).
    #[test]
    fn array_suids_match_the_jdk() {
        let table = jsess_javaser::jdk::jdk_class;
        for name in [
            "[Ljava.lang.Object;",
            "[Ljava.lang.String;",
            "[I",
            "[B",
            "[J",
        ] {
            if let Some(spec) = table(name) {
                assert_eq!(array_suid(name, true), spec.suid, "{name}");
            }
        }
        assert_eq!(
            array_suid("[Ljava.lang.Object;", true),
            table("[Ljava.lang.Object;").expect("in the table").suid
        );
    }
}
