//! Class descriptors: `TC_CLASSDESC`, `TC_PROXYCLASSDESC`, their annotations and superclass
//! chains.

use super::templates::{Template, Templates, Text, TypeName};
use super::*;

impl<'a> Parser<'a, '_> {
    /// A `classDesc` position: new descriptor, null, or back-reference to a descriptor.
    pub(super) fn class_desc(&mut self) -> Parsed<Ref> {
        let at = self.cur.pos();
        match self.cur.peek()? {
            TC_NULL => {
                self.cur.skip(1);
                self.plain_chain = true;
                Ok(None)
            }
            TC_REFERENCE => {
                self.cur.skip(1);
                self.plain_chain = false;
                let node = self.back_reference(at)?;
                match self.graph.node(node) {
                    Node::ClassDesc(_) => Ok(Some(node)),
                    other => Err(self.wrong_kind(at, other, "a class descriptor").into()),
                }
            }
            TC_CLASSDESC => {
                if let Some(id) = self.kept_chain()? {
                    self.plain_chain = true;
                    return Ok(Some(id));
                }
                let id = self.nested(|p| p.new_class_desc())?;
                if self.plain_chain {
                    self.learn_chain(at);
                }
                Ok(Some(id))
            }
            TC_PROXYCLASSDESC => {
                let id = self.nested(|p| p.new_class_desc())?;
                self.plain_chain = false;
                Ok(Some(id))
            }
            code => Err(self
                .err(
                    at,
                    ErrorKind::UnexpectedTypeCode {
                        code,
                        expected: "a class descriptor",
                    },
                )
                .into()),
        }
    }

    /// A `classDesc` position that must not be null.
    pub(super) fn required_class_desc(&mut self) -> Parsed<NodeId> {
        let at = self.cur.pos();
        self.class_desc()?.ok_or_else(|| {
            Stop::Error(self.err(
                at,
                ErrorKind::UnexpectedTypeCode {
                    code: TC_NULL,
                    expected: "a class descriptor",
                },
            ))
        })
    }

    pub(super) fn new_class_desc(&mut self) -> Parsed<NodeId> {
        let open = self.buffers.descs_in_progress.len();
        let result = self.class_desc_body();
        self.buffers.descs_in_progress.truncate(open);
        result
    }

    pub(super) fn class_desc_body(&mut self) -> Parsed<NodeId> {
        let proxy = self.cur.u8()? == TC_PROXYCLASSDESC;
        let id = if proxy {
            let id = self.assign_handle(placeholder())?;
            let kind = self.proxy_kind()?;
            self.set_kind(id, kind);
            id
        } else {
            self.class_node()?
        };
        self.buffers.descs_in_progress.push(id);
        let annotation = self
            .annotation()
            .map_err(|stop| self.no_abort_in_class(stop))?;
        // Whether this descriptor can start a chain kept whole ([`super::chains`]): the
        // superclass position read next says whether the rest of the chain can.
        let plain = !proxy && annotation.is_empty();
        let super_at = self.cur.pos();
        let super_class = self.class_desc()?;
        self.plain_chain &= plain;
        // A descriptor still being read cannot be a superclass: that would make the hierarchy
        // cyclic (complete descriptors only ever point at complete ones).
        if super_class.is_some_and(|s| self.buffers.descs_in_progress.contains(&s)) {
            return Err(self.err(super_at, ErrorKind::CyclicClassHierarchy).into());
        }
        if let Node::ClassDesc(d) = self.graph.node_mut(id) {
            d.annotation = annotation;
            d.super_class = super_class;
        }
        Ok(id)
    }

    pub(super) fn no_abort_in_class(&self, stop: Stop) -> Stop {
        match stop {
            Stop::Aborted { .. } => Stop::Error(self.err(
                self.cur.pos(),
                ErrorKind::UnsupportedException("inside a class descriptor"),
            )),
            error => error,
        }
    }

    /// A class descriptor's node with its name, `serialVersionUID`, flags and fields: rebuilt
    /// from a descriptor the thread read before when the bytes are the same and fit this
    /// stream, else read (and kept for the streams to come).
    fn class_node(&mut self) -> Result<NodeId, Error> {
        let mut templates = self.buffers.templates.take().unwrap_or_default();
        let result = self.class_node_with(&mut templates);
        self.buffers.templates = Some(templates);
        result
    }

    fn class_node_with(&mut self, templates: &mut Templates) -> Result<NodeId, Error> {
        let start = self.cur.pos();
        let kept = templates.matching(self.cur.rest());
        if let Some(template) = kept.filter(|t| self.fits(t)) {
            return self.kept_class_node(template);
        }
        let known = kept.is_some();
        let id = self.assign_handle(placeholder())?;
        let kind = self.read_class_kind()?;
        if !known {
            templates.learn(self.cur.slice(start..self.cur.pos()));
        }
        self.set_kind(id, kind);
        Ok(id)
    }

    /// A kept descriptor's node, its bytes next (after the type code), which
    /// [`Self::fits`] or [`Self::chain_fits`] found fit: its handle first, then its type
    /// strings', as reading makes them.
    pub(super) fn kept_class_node(&mut self, template: &Template) -> Result<NodeId, Error> {
        if template.new_strings == 0 {
            // Its fields take no handles, so nothing read for it can refer back to it: the
            // node is made whole, with no placeholder to fill in (the `Integer` count and its
            // `Number` that start every msm stream are such descriptors).
            let kind = self.replay(template)?;
            return self.assign_handle(class_desc(kind));
        }
        let id = self.assign_handle(placeholder())?;
        let kind = self.replay(template)?;
        self.set_kind(id, kind);
        Ok(id)
    }

    /// Sets a placeholder's kind, before reading on: the annotation or superclass may refer
    /// back to it.
    fn set_kind(&mut self, id: NodeId, kind: ClassKind<'a>) {
        if let Node::ClassDesc(d) = self.graph.node_mut(id) {
            d.kind = kind;
        }
    }

    /// Whether a kept descriptor can be rebuilt here, its handle not assigned yet, with every
    /// check the reading would make passing: the limits (counted over the stream) and what its
    /// type strings refer back to (the same handle is another object in another stream). Where
    /// one would fail, the descriptor is read instead, which reports the failure as it always
    /// does.
    fn fits(&self, template: &Template) -> bool {
        let limits = self.limits;
        let handles = u64::from(self.handles_created) + 1 + u64::from(template.new_strings);
        let references = u64::from(self.back_references) + u64::from(template.back_references);
        if template.longest > limits.max_string_bytes
            || (template.new_strings > 0 && self.depth + 1 > limits.max_depth)
            || handles > u64::from(limits.max_handles.min(u32::MAX - 1))
            || references > u64::from(limits.max_back_references)
        {
            return false;
        }
        template.back_references == 0
            || self.references_name_strings(std::slice::from_ref(template))
    }

    /// Whether every type string's back-reference in `links`, kept descriptors about to be
    /// rebuilt one after another here (each takes its own handle, then its new type strings'),
    /// names a string: one of the stream's, or one of the links' own new strings made before
    /// it (not one of their descriptors).
    pub(super) fn references_name_strings(&self, links: &[Template]) -> bool {
        let before = self.handles.len();
        // Handles the links have taken so far.
        let mut made = 0;
        for (k, link) in links.iter().enumerate() {
            made += 1;
            for field in link.fields.iter() {
                match field.type_name {
                    TypeName::New { .. } => made += 1,
                    TypeName::Reference(handle) => {
                        let names_string =
                            handle_index(handle).is_some_and(|i| match i.checked_sub(before) {
                                None => self.handles.get(i).is_some_and(|&node| {
                                    matches!(self.graph.node(node), Node::String(_))
                                }),
                                Some(own) => own < made && !is_descriptor(&links[..=k], own),
                            });
                        if !names_string {
                            return false;
                        }
                    }
                    TypeName::None | TypeName::Null => {}
                }
            }
        }
        true
    }

    /// Rebuilds a kept descriptor whose bytes come next, as [`Self::read_class_kind`] would.
    /// Its strings are the kept one's bytes, checked when it was first read: they are taken
    /// as they are.
    fn replay(&mut self, template: &Template) -> Result<ClassKind<'a>, Error> {
        let body = self
            .cur
            .rest()
            .get(..template.body.len())
            .unwrap_or_default();
        self.cur.skip(template.body.len());
        // The texts lie inside the body by construction; `get` keeps a mismatch from panicking.
        let text = |t: Text| JavaString::from_known_mutf8(body.get(t.at(0)).unwrap_or_default());
        let mut fields = Vec::with_capacity(template.fields.len());
        for field in &template.fields {
            let type_name = match field.type_name {
                TypeName::None | TypeName::Null => None,
                TypeName::New { text: t, long } => {
                    let value = text(t);
                    Some(self.assign_handle(Node::String(StringNode { value, long }))?)
                }
                TypeName::Reference(handle) => Some(self.replayed_reference(handle)?),
            };
            fields.push(FieldDesc {
                ty: field.ty,
                name: text(field.name),
                type_name,
            });
        }
        Ok(ClassKind::Class {
            name: text(template.name),
            suid: template.suid,
            flags: template.flags,
            fields,
        })
    }

    /// A type string's back-reference, which [`Self::fits`] found names a string.
    fn replayed_reference(&mut self, handle: u32) -> Result<NodeId, Error> {
        let at = self.cur.pos();
        self.back_references = self.back_references.saturating_add(1);
        let node = self.handle_node(at, handle)?;
        match self.graph.node(node) {
            Node::String(_) => Ok(node),
            other => Err(self.wrong_kind(at, other, "a string")),
        }
    }

    /// Reads a class's name, `serialVersionUID`, flags and fields.
    fn read_class_kind(&mut self) -> Result<ClassKind<'a>, Error> {
        let name = self.utf()?;
        let suid = self.cur.i64()?;
        let flags_at = self.cur.pos();
        let flags = self.cur.u8()?;
        if flags & SC_SERIALIZABLE != 0 && flags & SC_EXTERNALIZABLE != 0 {
            return Err(self.err(
                flags_at,
                ErrorKind::InvalidFlags {
                    class: name.to_string(),
                    flags,
                },
            ));
        }
        let count_at = self.cur.pos();
        let count = self.cur.i16()?;
        if count < 0 {
            return Err(self.err(
                count_at,
                ErrorKind::NegativeLength {
                    what: "field count",
                    value: i64::from(count),
                },
            ));
        }
        // Each field takes at least 3 bytes, so the remaining input bounds the allocation.
        let mut fields = Vec::with_capacity((count as usize).min(self.cur.remaining() / 3));
        // Whether a reference field came yet: checked per field in constant time, since a
        // look back over the fields read would make a 32,767-field class quadratic.
        let mut references = false;
        for _ in 0..count {
            let code_at = self.cur.pos();
            let code = self.cur.u8()?;
            let ty = FieldType::from_code(code)
                .ok_or_else(|| self.err(code_at, ErrorKind::InvalidFieldType(code)))?;
            let field_name = self.utf()?;
            references |= ty.is_reference();
            if !ty.is_reference() && references {
                // Java's ObjectStreamClass rejects this too: values are laid out primitives first.
                return Err(self.err(
                    code_at,
                    ErrorKind::IllegalFieldOrder(field_name.to_string()),
                ));
            }
            let type_name = if ty.is_reference() {
                self.string_object(true)?
            } else {
                None
            };
            fields.push(FieldDesc {
                ty,
                name: field_name,
                type_name,
            });
        }
        Ok(ClassKind::Class {
            name,
            suid,
            flags,
            fields,
        })
    }

    pub(super) fn proxy_kind(&mut self) -> Result<ClassKind<'a>, Error> {
        let at = self.cur.pos();
        let count = self.cur.i32()?;
        if count < 0 {
            return Err(self.err(
                at,
                ErrorKind::NegativeLength {
                    what: "proxy interface count",
                    value: i64::from(count),
                },
            ));
        }
        let mut interfaces = Vec::with_capacity((count as usize).min(self.cur.remaining() / 2));
        for _ in 0..count {
            interfaces.push(self.utf()?);
        }
        Ok(ClassKind::Proxy { interfaces })
    }

    /// `classAnnotation`: contents up to `TC_ENDBLOCKDATA`.
    #[inline]
    pub(super) fn annotation(&mut self) -> Parsed<Vec<Content<'a>>> {
        self.annotation_or_partial(&mut |_, _| {})
    }

    /// An annotation that may be cut short by an aborted write; on abort the contents read so
    /// far are handed to `keep` before the abort propagates.
    ///
    /// Items gather on the parser's scratch stack (annotations nest: an object inside one has
    /// its own) and move into a vector of exactly their number at the end, so a long annotation
    /// is not regrown item by item.
    #[inline]
    pub(super) fn annotation_or_partial(
        &mut self,
        keep: &mut dyn FnMut(&mut Self, Vec<Content<'a>>),
    ) -> Parsed<Vec<Content<'a>>> {
        // Most annotations are empty (every class's of a plain ObjectOutputStream): answered
        // before any set-up.
        if matches!(self.cur.peek(), Ok(TC_ENDBLOCKDATA)) {
            self.cur.skip(1);
            return Ok(Vec::new());
        }
        let start = self.scratch.len();
        let result = self.annotation_items(start, keep);
        self.scratch.truncate(start);
        result
    }

    fn annotation_items(
        &mut self,
        start: usize,
        keep: &mut dyn FnMut(&mut Self, Vec<Content<'a>>),
    ) -> Parsed<Vec<Content<'a>>> {
        loop {
            match self.cur.peek()? {
                TC_ENDBLOCKDATA => {
                    self.cur.skip(1);
                    return Ok(self.scratch.drain(start..).collect());
                }
                TC_BLOCKDATA | TC_BLOCKDATALONG => {
                    let block = self.block()?;
                    self.scratch.push(Content::Block(block));
                }
                _ => match self.object() {
                    Ok(r) => self.scratch.push(Content::Object(r)),
                    Err(stop @ Stop::Aborted { .. }) => {
                        if let Some(partial) = stop.partial() {
                            self.scratch.push(Content::Object(Some(partial)));
                        }
                        let contents = self.scratch.drain(start..).collect();
                        keep(self, contents);
                        return Err(stop);
                    }
                    Err(e) => return Err(e),
                },
            }
        }
    }
}

/// A descriptor node to fill in once its kind is read (its handle must come first).
fn placeholder<'a>() -> Node<'a> {
    class_desc(ClassKind::Proxy {
        interfaces: Vec::new(),
    })
}

/// A descriptor node read from a stream, its annotation and superclass still to come.
fn class_desc(kind: ClassKind<'_>) -> Node<'_> {
    Node::ClassDesc(ClassDesc {
        kind,
        annotation: Vec::new(),
        super_class: None,
        origin: DescOrigin::Stream,
        unknown: Unknowns::NONE,
        stands_for: None,
    })
}

/// Whether the handle `own` places after the first of `links` (rebuilt one after another, each
/// its descriptor's handle then its new strings') is one of their descriptors'.
fn is_descriptor(links: &[Template], own: usize) -> bool {
    let mut at = 0;
    for link in links {
        if own == at {
            return true;
        }
        at += 1 + link.new_strings as usize;
        if own < at {
            return false;
        }
    }
    false
}
