//! The principal (and saved principal) blobs inside the header, in both forms msm writes:
//! Tomcat 6/7's `SerializablePrincipal.writePrincipal` block data, and Tomcat 8+'s
//! `writeObject(GenericPrincipal)` (which replaces itself with
//! `GenericPrincipal$SerializablePrincipal`).

use jsess_javaser::jdk::interpret;
use jsess_javaser::{decode, Limits};
use jsess_model::{Content, Elements, Graph, JdkValue, Node, NodeId, Ref, Stream};

use crate::error::Error;

/// Which Tomcat module wrote a principal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PrincipalForm {
    /// Tomcat 6/7: primitive writes in block data.
    Tomcat7,
    /// Tomcat 8+: a serialized `GenericPrincipal`.
    Tomcat8,
}

impl PrincipalForm {
    /// `"tc7"` or `"tc8"`.
    pub fn name(self) -> &'static str {
        match self {
            PrincipalForm::Tomcat7 => "tc7",
            PrincipalForm::Tomcat8 => "tc8",
        }
    }
}

/// What a principal blob says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    /// The form it was written in.
    pub form: PrincipalForm,
    /// User name.
    pub name: String,
    /// Password, when the realm kept one.
    pub password: Option<String>,
    /// Role names.
    pub roles: Vec<String>,
}

/// Reads a principal blob (a Java serialization stream of either form).
pub fn principal<'a>(bytes: &'a [u8], limits: &Limits) -> Result<(Principal, Stream<'a>), Error> {
    let stream = decode(bytes, limits).map_err(|source| Error::Java {
        part: "principal",
        source,
    })?;
    let principal = match stream.contents.first() {
        Some(Content::Block(_)) => tomcat7(&stream)?,
        Some(Content::Object(Some(id))) => tomcat8(&stream.graph, *id)?,
        _ => {
            return Err(Error::Framing(
                "principal blob holds neither block data nor an object".into(),
            ))
        }
    };
    Ok((principal, stream))
}

fn tomcat7(stream: &Stream<'_>) -> Result<Principal, Error> {
    let bad = |what: &str| Error::Framing(format!("Tomcat 7 principal: {what}"));
    let mut data = Vec::new();
    for c in &stream.contents {
        match c {
            Content::Block(b) => data.extend_from_slice(&b.bytes),
            _ => break,
        }
    }
    let mut r = DataInput { bytes: &data };
    let name = r.utf().ok_or_else(|| bad("name"))?;
    let has_password = r.u8().ok_or_else(|| bad("password flag"))? != 0;
    let password = if has_password {
        Some(r.utf().ok_or_else(|| bad("password"))?)
    } else {
        None
    };
    let count = r
        .i32()
        .filter(|n| *n >= 0)
        .ok_or_else(|| bad("role count"))?;
    let mut roles = Vec::new();
    for _ in 0..count {
        roles.push(r.utf().ok_or_else(|| bad("role"))?);
    }
    Ok(Principal {
        form: PrincipalForm::Tomcat7,
        name,
        password,
        roles,
    })
}

fn tomcat8(graph: &Graph<'_>, id: NodeId) -> Result<Principal, Error> {
    let bad = |what: &str| Error::Framing(format!("Tomcat 8+ principal: {what}"));
    let Some(Node::Object(_)) = graph.get(id) else {
        return Err(bad("not an object"));
    };
    let field = |name: &str| graph.field(id, name).and_then(|v| v.as_ref());
    let text = |r: Ref| r.and_then(|id| graph.string(id)).map(|s| s.to_string());
    let name =
        text(field("name").ok_or_else(|| bad("no name field"))?).ok_or_else(|| bad("name"))?;
    let password = field("password").and_then(text);
    let roles = match field("roles").flatten().and_then(|r| graph.get(r)) {
        Some(Node::Array(a)) => match &a.elements {
            Elements::Object(items) => items.iter().filter_map(|r| text(*r)).collect(),
            Elements::Primitive { .. } => return Err(bad("roles is not a String[]")),
        },
        _ => match field("roles").flatten().and_then(|r| interpret(graph, r)) {
            Some(JdkValue::Collection { elements, .. }) => {
                elements.iter().filter_map(|r| text(*r)).collect()
            }
            _ => Vec::new(),
        },
    };
    Ok(Principal {
        form: PrincipalForm::Tomcat8,
        name,
        password,
        roles,
    })
}

/// `DataInput` over block data.
struct DataInput<'b> {
    bytes: &'b [u8],
}

impl DataInput<'_> {
    fn take(&mut self, n: usize) -> Option<&[u8]> {
        let (head, rest) = self.bytes.split_at_checked(n)?;
        self.bytes = rest;
        Some(head)
    }
    fn u8(&mut self) -> Option<u8> {
        self.take(1).map(|b| b[0])
    }
    fn i32(&mut self) -> Option<i32> {
        self.take(4)
            .map(|b| i32::from_be_bytes([b[0], b[1], b[2], b[3]]))
    }
    fn utf(&mut self) -> Option<String> {
        let len = self.take(2).map(|b| u16::from_be_bytes([b[0], b[1]]))?;
        let bytes = self.take(usize::from(len))?;
        jsess_model::JavaString::from_mutf8(bytes)
            .ok()
            .map(|s| s.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tomcat7_reference_blob() {
        // msm-format.md §8.4: alice / secret / [admin], no user principal.
        let blob = [
            0xac, 0xed, 0x00, 0x05, 0x77, 0x1c, 0x00, 0x05, b'a', b'l', b'i', b'c', b'e', 0x01,
            0x00, 0x06, b's', b'e', b'c', b'r', b'e', b't', 0x00, 0x00, 0x00, 0x01, 0x00, 0x05,
            b'a', b'd', b'm', b'i', b'n', 0x00,
        ];
        let (p, _) = principal(&blob, &Limits::DEFAULT).expect("principal");
        assert_eq!(p.form, PrincipalForm::Tomcat7);
        assert_eq!(p.name, "alice");
        assert_eq!(p.password.as_deref(), Some("secret"));
        assert_eq!(p.roles, ["admin"]);
    }
}
