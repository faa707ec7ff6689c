//! Java types as class files declare them, generic arguments included, in the JVM signature
//! syntax (JVMS §4.7.9.1) that schema files also use: `Ljava/util/List<Ljava/lang/String;>;`.

use std::borrow::Cow;
use std::fmt;

/// A declared type.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum JavaType {
    /// A primitive, by its descriptor letter (`I`, `J`, `Z`, …).
    Primitive(char),
    /// A class or interface: binary name (`java.util.Map$Entry`) and type arguments.
    Class {
        /// Binary name with dots.
        name: String,
        /// Type arguments of the outermost parameterized part (empty when raw).
        args: Vec<TypeArg>,
    },
    /// An array.
    Array(Box<JavaType>),
    /// A type variable (`T`).
    Variable(String),
}

/// A type argument.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TypeArg {
    /// `?`, `? extends X`, `? super X`: Kryo treats all of them as `Object`.
    Wildcard,
    /// A concrete argument.
    Type(JavaType),
}

impl JavaType {
    /// A raw class type.
    pub fn class(name: &str) -> JavaType {
        JavaType::Class {
            name: name.to_string(),
            args: Vec::new(),
        }
    }

    /// The erased class name as `Class.getName()` spells it (`[Ljava.lang.String;`, `int`).
    pub fn erased_name(&self) -> String {
        self.erased().into_owned()
    }

    /// [`Self::erased_name`], borrowed from the type where it can be: a reader asks it of
    /// every reference field of every object.
    pub fn erased(&self) -> Cow<'_, str> {
        match self {
            JavaType::Primitive(c) => Cow::Borrowed(primitive_name(*c)),
            JavaType::Class { name, .. } => Cow::Borrowed(name),
            JavaType::Variable(_) => Cow::Borrowed("java.lang.Object"),
            JavaType::Array(_) => Cow::Owned(format!("[{}", self.array_component_descriptor())),
        }
    }

    fn array_component_descriptor(&self) -> String {
        match self {
            JavaType::Array(inner) => match inner.as_ref() {
                JavaType::Primitive(c) => c.to_string(),
                JavaType::Class { name, .. } => format!("L{name};"),
                JavaType::Variable(_) => "Ljava.lang.Object;".to_string(),
                JavaType::Array(_) => format!("[{}", inner.array_component_descriptor()),
            },
            _ => String::new(),
        }
    }

    /// Parses a field signature (or a plain field descriptor).
    pub fn parse(signature: &str) -> Result<JavaType, String> {
        let mut parser = Parser {
            text: signature.as_bytes(),
            pos: 0,
            depth: 0,
        };
        let ty = parser.field_type()?;
        if parser.pos != signature.len() {
            return Err(format!(
                "unexpected text after position {} in {signature:?}",
                parser.pos
            ));
        }
        Ok(ty)
    }
}

/// Parses a class signature: the type parameters' names and the generic superclass.
pub fn parse_class_signature(signature: &str) -> Result<(Vec<String>, JavaType), String> {
    let mut parser = Parser {
        text: signature.as_bytes(),
        pos: 0,
        depth: 0,
    };
    let mut params = Vec::new();
    if parser.peek() == Some(b'<') {
        parser.pos += 1;
        while parser.peek() != Some(b'>') {
            params.push(parser.identifier(b":")?);
            parser.pos += 1;
            // The class bound may be empty (`T::Ljava/lang/Comparable;`).
            if parser.peek() != Some(b':') {
                parser.field_type()?;
            }
            while parser.peek() == Some(b':') {
                parser.pos += 1;
                parser.field_type()?;
            }
            if parser.peek().is_none() {
                return Err("class signature ends early".to_string());
            }
        }
        parser.pos += 1;
    }
    let super_type = parser.field_type()?;
    Ok((params, super_type))
}

/// `Class.getName()` of a primitive type.
pub fn primitive_name(c: char) -> &'static str {
    match c {
        'B' => "byte",
        'C' => "char",
        'D' => "double",
        'F' => "float",
        'I' => "int",
        'J' => "long",
        'S' => "short",
        'Z' => "boolean",
        _ => "void",
    }
}

impl fmt::Display for JavaType {
    /// The JVM signature form.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            JavaType::Primitive(c) => write!(f, "{c}"),
            JavaType::Array(inner) => write!(f, "[{inner}"),
            JavaType::Variable(name) => write!(f, "T{name};"),
            JavaType::Class { name, args } => {
                write!(f, "L{}", name.replace('.', "/"))?;
                if !args.is_empty() {
                    f.write_str("<")?;
                    for arg in args {
                        match arg {
                            TypeArg::Wildcard => f.write_str("*")?,
                            TypeArg::Type(t) => write!(f, "{t}")?,
                        }
                    }
                    f.write_str(">")?;
                }
                f.write_str(";")
            }
        }
    }
}

struct Parser<'a> {
    text: &'a [u8],
    pos: usize,
    depth: u32,
}

/// Signatures nest type arguments; a class file could nest them without end.
const MAX_SIGNATURE_DEPTH: u32 = 64;

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.text.get(self.pos).copied()
    }

    fn next(&mut self) -> Result<u8, String> {
        let b = self.peek().ok_or("signature ends early")?;
        self.pos += 1;
        Ok(b)
    }

    fn field_type(&mut self) -> Result<JavaType, String> {
        self.depth += 1;
        if self.depth > MAX_SIGNATURE_DEPTH {
            return Err("signature nests too deeply".to_string());
        }
        let ty = match self.next()? {
            c @ (b'B' | b'C' | b'D' | b'F' | b'I' | b'J' | b'S' | b'Z') => {
                JavaType::Primitive(c as char)
            }
            b'[' => JavaType::Array(Box::new(self.field_type()?)),
            b'T' => {
                let name = self.identifier(b";")?;
                self.pos += 1;
                JavaType::Variable(name)
            }
            b'L' => self.class_type()?,
            other => return Err(format!("unexpected {:?} in a signature", other as char)),
        };
        self.depth -= 1;
        Ok(ty)
    }

    fn identifier(&mut self, stops: &[u8]) -> Result<String, String> {
        let start = self.pos;
        while let Some(b) = self.peek() {
            if stops.contains(&b) {
                break;
            }
            self.pos += 1;
        }
        if self.peek().is_none() {
            return Err("signature ends early".to_string());
        }
        std::str::from_utf8(&self.text[start..self.pos])
            .map(str::to_string)
            .map_err(|e| e.to_string())
    }

    /// `L` already read: `pkg/Outer<..>.Inner<..>;`. Kryo looks only at the innermost
    /// (rightmost) part's arguments, which is what `Field.getGenericType()` exposes.
    fn class_type(&mut self) -> Result<JavaType, String> {
        let mut name = self.identifier(b"<.;")?.replace('/', ".");
        let mut args = self.type_args()?;
        while self.peek() == Some(b'.') {
            self.pos += 1;
            let inner = self.identifier(b"<.;")?;
            name.push('$');
            name.push_str(&inner);
            args = self.type_args()?;
        }
        if self.next()? != b';' {
            return Err("class type without ';'".to_string());
        }
        Ok(JavaType::Class { name, args })
    }

    fn type_args(&mut self) -> Result<Vec<TypeArg>, String> {
        let mut args = Vec::new();
        if self.peek() != Some(b'<') {
            return Ok(args);
        }
        self.pos += 1;
        while self.peek() != Some(b'>') {
            match self.peek().ok_or("signature ends early")? {
                b'*' => {
                    self.pos += 1;
                    args.push(TypeArg::Wildcard);
                }
                b'+' | b'-' => {
                    self.pos += 1;
                    self.field_type()?;
                    args.push(TypeArg::Wildcard);
                }
                _ => args.push(TypeArg::Type(self.field_type()?)),
            }
        }
        self.pos += 1;
        Ok(args)
    }
}

#[cfg(test)]
mod tests {
    use crate::*;

    #[test]
    fn parses_and_prints_signatures() {
        for sig in [
            "I",
            "[J",
            "Ljava/lang/String;",
            "Ljava/util/List<Ljava/lang/String;>;",
            "Ljava/util/Map<Ljava/lang/String;Ljava/util/List<TT;>;>;",
            "[[Ljava/lang/Object;",
            "TK;",
            "Ljava/util/List<*>;",
        ] {
            let ty = JavaType::parse(sig).unwrap();
            assert_eq!(ty.to_string(), sig);
        }
        let bounded = JavaType::parse("Ljava/util/List<+Ljava/lang/Number;>;").unwrap();
        assert_eq!(
            bounded,
            JavaType::Class {
                name: "java.util.List".into(),
                args: vec![TypeArg::Wildcard]
            }
        );
        let inner = JavaType::parse("Lcom/a/Outer<TT;>.Inner<Ljava/lang/String;>;").unwrap();
        assert_eq!(inner.erased_name(), "com.a.Outer$Inner");
        assert_eq!(
            JavaType::parse("[Ljava/lang/String;")
                .unwrap()
                .erased_name(),
            "[Ljava.lang.String;"
        );
        assert_eq!(JavaType::parse("[[I").unwrap().erased_name(), "[[I");
    }

    #[test]
    fn parses_class_signatures() {
        let (params, sup) = parse_class_signature(
            "<K:Ljava/lang/Object;V::Ljava/lang/Comparable<TV;>;>Ljava/util/AbstractMap<TK;TV;>;Ljava/io/Serializable;",
        )
        .unwrap();
        assert_eq!(params, ["K", "V"]);
        assert_eq!(sup.erased_name(), "java.util.AbstractMap");
        let (params, sup) = parse_class_signature("Lcom/a/Box<Ljava/lang/String;>;").unwrap();
        assert!(params.is_empty());
        assert_eq!(sup.to_string(), "Lcom/a/Box<Ljava/lang/String;>;");
        assert!(parse_class_signature("<T:").is_err());
    }

    #[test]
    fn rejects_bad_signatures() {
        for sig in ["", "L", "Ljava/lang/String", "Q", "Ljava/util/List<", "II"] {
            assert!(JavaType::parse(sig).is_err(), "{sig}");
        }
        let deep = format!("{}I", "[".repeat(100));
        assert!(JavaType::parse(&deep).is_err());
    }
}
