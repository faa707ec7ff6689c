//! The packed layout to sessions: nodes are created in the order a Java reader creates them,
//! with what the JDK writer's rules imply filled in. Every count is checked against the bytes
//! left and the limits before anything is allocated for it.

use std::borrow::Cow;
use std::sync::Arc;

use jsess_model::graph::{SC_BLOCK_DATA, SC_EXTERNALIZABLE, SC_WRITE_METHOD};
use jsess_model::{
    Array, BlockData, ClassData, ClassDesc, ClassKind, ClassObject, Content, DescOrigin, Elements,
    EnumConstant, FieldDesc, FieldType, Graph, JavaString, Limits, Node, NodeId, Object, Ref,
    Session, Span, Stream, StringNode, Unknowns, Value,
};

use super::classes::{self, Classes, Expect, Hint, Shape};
use super::envelope::{self, PARTS};
use super::io::{get_primitive, get_words, In};
use super::kept::{KeptClass, KeptClasses, KeptDictClasses, Text};
use super::tables::Tables;
use crate::dictionary::Dictionary;
use crate::error::Error;

/// Reads the body after the header.
pub(super) fn session<'a>(
    body: &'a [u8],
    limits: &Limits,
    dictionary: Option<&Arc<Dictionary>>,
) -> Result<Session<'a>, Error> {
    let dict = dictionary;
    let mut input = In::new(body);
    let (mut envelope, flags) = envelope::get(&mut input)?;
    for (bit, slot) in PARTS.iter().zip([
        &mut envelope.principal,
        &mut envelope.saved_request,
        &mut envelope.saved_principal,
    ]) {
        if flags & bit != 0 {
            *slot = nested(&mut input, limits, dict)?;
        }
    }
    envelope.padding = envelope::get_padding(&mut input, flags)?;
    let attributes = stream(&mut input, limits, dict)?;
    input.finish()?;
    Ok(Session {
        envelope,
        attributes,
    })
}

/// A principal or saved request: a packed stream (written back as the Java bytes it was) or
/// raw bytes.
fn nested<'a>(
    input: &mut In<'a>,
    limits: &Limits,
    dict: Option<&Arc<Dictionary>>,
) -> Result<Cow<'a, [u8]>, Error> {
    match input.varint()? {
        0 => {
            let start = input.pos();
            let s = stream(input, limits, dict)?;
            // Java's bytes for a principal or saved request are 1.05-1.15 times the packed
            // ones without a dictionary (a tc8 principal: 311 packed, 322 Java) and up to 20
            // times with one (the same principal: 59 packed); what a small one needs is at
            // least 512 bytes either way. Sized so, the writer does not regrow its output.
            let packed = input.pos() - start;
            let room = packed
                .saturating_add(packed / 4)
                .saturating_add(32)
                .max(512);
            let mut bytes = Vec::with_capacity(room);
            jsess_javaser::encode_into(&s, &mut bytes)
                .map_err(|e| Error::Invalid(format!("packed principal or saved request: {e}")))?;
            Ok(Cow::Owned(bytes))
        }
        n => {
            let len = usize::try_from(n - 1).map_err(|_| input.error("length out of range"))?;
            Ok(Cow::Borrowed(input.take(len)?))
        }
    }
}

/// Reads one stream.
fn stream<'a>(
    input: &mut In<'a>,
    limits: &Limits,
    dict: Option<&Arc<Dictionary>>,
) -> Result<Stream<'a>, Error> {
    // About one node per 8 bytes on typical sessions (a dictionary's class codes make it
    // denser still): room up front saves the graph regrowing a few times per session.
    let nodes = input.remaining() / 8;
    let mut tables = Tables::take();
    let (signatures, data_scratch) = tables.scratch();
    // The two the reader uses for every value live in it, the others behind the pointer.
    let mut r = Reader {
        input,
        graph: Graph::with_capacity(nodes),
        dict,
        limits,
        classes: std::mem::take(&mut tables.classes),
        field_scratch: std::mem::take(&mut tables.fields),
        tables,
        signatures,
        depth: 0,
        back_references: 0,
        data_scratch,
    };
    let contents = r.contents();
    let graph = std::mem::take(&mut r.graph);
    r.tables.classes = r.classes;
    r.tables.fields = r.field_scratch;
    r.tables.give_back(r.signatures, r.data_scratch);
    Ok(Stream {
        graph,
        contents: contents?,
    })
}

struct Reader<'i, 'a, 'd, 'l> {
    input: &'i mut In<'a>,
    graph: Graph<'a>,
    dict: Option<&'d Arc<Dictionary>>,
    limits: &'l Limits,
    /// The classes of the stream (out of [`Tables`] while it is read).
    classes: Classes,
    /// The type-name map and lists kept between streams (see [`Tables`]).
    tables: Box<Tables>,
    /// Field values of the classes being read, innermost last, until each class's are
    /// complete and move to the graph's pool in one run (out of [`Tables`] while it is read).
    field_scratch: Vec<Value>,
    /// A new class's field type strings, kept between classes so defining one allocates no
    /// list of its own.
    signatures: Vec<JavaString<'a>>,
    depth: u32,
    back_references: u32,
    /// Class data of the objects being read, innermost last, until each object's is complete
    /// and moves to the graph's pool in one run.
    data_scratch: Vec<ClassData<'a>>,
}

impl<'a> Reader<'_, 'a, '_, '_> {
    fn add(&mut self, node: Node<'a>) -> Result<NodeId, Error> {
        if self.graph.len() >= self.limits.max_handles as usize {
            return Err(self.input.error("more nodes than max_handles"));
        }
        Ok(self.graph.add(node))
    }

    fn contents(&mut self) -> Result<Vec<Content<'a>>, Error> {
        let segments = self.input.count(u64::MAX, "segment count")?;
        let mut contents = Vec::new();
        for _ in 0..segments {
            self.blocks(&mut contents)?;
            let objects = self.input.count(u64::MAX, "object count")?;
            contents.reserve(objects);
            for _ in 0..objects {
                let r = self.value(Expect::Anything)?;
                contents.push(Content::Object(r));
            }
        }
        Ok(contents)
    }

    /// A block-data run, cut into records as Java's writer cuts them.
    fn blocks(&mut self, contents: &mut Vec<Content<'a>>) -> Result<(), Error> {
        let code = self.input.varint()?;
        let len = usize::try_from(code >> 1).map_err(|_| self.input.error("block length"))?;
        let words = code & 1 == 1;
        let fits = if words {
            len.is_multiple_of(4) && len / 4 <= self.input.remaining() && len > 0
        } else {
            len <= self.input.remaining()
        };
        if !fits {
            return Err(self.input.error(format!("block data of {len} bytes")));
        }
        if words {
            let bytes = get_words(self.input, len)?;
            for chunk in bytes.chunks(1024) {
                contents.push(block(Cow::Owned(chunk.to_vec())));
            }
        } else {
            for chunk in self.input.take(len)?.chunks(1024) {
                contents.push(block(Cow::Borrowed(chunk)));
            }
        }
        Ok(())
    }

    fn value(&mut self, expect: Expect) -> Result<Ref, Error> {
        match self.input.varint()? {
            classes::NULL => Ok(None),
            classes::BACK_REFERENCE => {
                let i = self.input.varint()?;
                self.back_references += 1;
                if self.back_references > self.limits.max_back_references {
                    return Err(self
                        .input
                        .error("more back-references than max_back_references"));
                }
                let id = u32::try_from(i)
                    .ok()
                    .map(NodeId::new)
                    .filter(|id| id.index() < self.graph.len())
                    .ok_or_else(|| self.input.error(format!("back-reference to node {i}")))?;
                if matches!(self.graph.node(id), Node::ClassDesc(_)) {
                    return Err(self.input.error("back-reference to a class descriptor"));
                }
                Ok(Some(id))
            }
            token => {
                self.depth += 1;
                if self.depth > self.limits.max_depth {
                    return Err(self.input.error("nesting deeper than max_depth"));
                }
                let result = if self.depth.is_multiple_of(16) {
                    jsess_model::deep::guard(|| self.new_value(token, expect))
                } else {
                    self.new_value(token, expect)
                };
                self.depth -= 1;
                result.map(Some)
            }
        }
    }

    fn new_value(&mut self, token: u64, expect: Expect) -> Result<NodeId, Error> {
        if token == classes::HINTED {
            return match expect {
                Expect::String => self.string_node(),
                Expect::Class(Some(class)) => self.instance(class),
                Expect::Class(None) => Err(self
                    .input
                    .error("a value of a declared class the session has not used")),
                Expect::Anything => self.string_node(),
            };
        }
        let plain = match expect {
            Expect::Anything => token,
            _ => token - 1,
        };
        match plain {
            classes::STRING => self.string_node(),
            classes::CLASS_OBJECT => {
                let class = self.class_reference()?;
                let node = self.class_node(class)?;
                self.add(Node::Class(ClassObject { class: node }))
            }
            n => {
                let class = self.class_from_code(n - classes::NEW_INSTANCE)?;
                self.instance(class)
            }
        }
    }

    /// A string code: a dictionary string or inline modified UTF-8.
    fn string(&mut self) -> Result<JavaString<'a>, Error> {
        let code = self.input.varint()?;
        if code & 1 == 1 {
            let dict = self
                .dict
                .ok_or_else(|| self.input.error("dictionary string without a dictionary"))?;
            return usize::try_from(code >> 1)
                .ok()
                .and_then(|p| dict.lookups().packed_order.get(p))
                .and_then(|&d| dict.lookups().strings.get(d as usize))
                .cloned()
                .ok_or_else(|| self.input.error(format!("dictionary string {}", code >> 1)));
        }
        let len = code >> 1;
        if len > self.limits.max_string_bytes {
            return Err(self.input.error("string longer than max_string_bytes"));
        }
        let len = usize::try_from(len).map_err(|_| self.input.error("string length"))?;
        let bytes = self.input.take(len)?;
        JavaString::from_mutf8(bytes).map_err(|e| self.input.error(e))
    }

    fn string_node(&mut self) -> Result<NodeId, Error> {
        let value = self.string()?;
        let long = value.as_mutf8().len() > 0xFFFF;
        self.add(Node::String(StringNode { value, long }))
    }

    fn class_node(&self, class: u32) -> Result<NodeId, Error> {
        self.classes
            .get(class)
            .map(|c| c.node)
            .ok_or_else(|| self.input.error(format!("class {class}")))
    }

    fn class_reference(&mut self) -> Result<u32, Error> {
        let code = self.input.varint()?;
        self.class_from_code(code)
    }

    /// A class code: a class used before, a new local descriptor, or a dictionary entry.
    fn class_from_code(&mut self, code: u64) -> Result<u32, Error> {
        let used = u64::from(self.classes.len());
        if code < used {
            return Ok(code as u32);
        }
        // Each table goes back before the class is created: its superclass, read then, may be
        // a new class too.
        let parts = if code == used {
            let mut kept = std::mem::take(&mut self.tables.kept);
            let parts = self.local_class_kept(&mut kept);
            self.tables.kept = kept;
            parts
        } else {
            let mut kept = std::mem::take(&mut self.tables.kept_dict);
            let parts = self.dict_class_kept(&mut kept, code - used - 1);
            self.tables.kept_dict = kept;
            parts
        };
        let (name, suid, flags, fields, classified) = parts?;
        match classified {
            Some((signature, shape)) => self.create(name, (suid, flags), fields, signature, shape),
            None => self.define(name, suid, flags, fields),
        }
    }

    /// A dictionary class's parts, with its fields' hints pushed and its signature id and
    /// shape, worked out the first time the thread reads the entry with this dictionary and
    /// kept for the next.
    fn dict_class_kept(
        &mut self,
        kept: &mut KeptDictClasses,
        entry: u64,
    ) -> Result<KeptParts<'a>, Error> {
        let (name, suid, flags, fields) = self.dict_class(entry)?;
        let (Some(dict), Ok(at)) = (self.dict, usize::try_from(entry)) else {
            return Ok((name, suid, flags, fields, None));
        };
        if kept.get(dict, at).is_none() {
            let class = (name.as_mutf8(), flags);
            kept.learn(at, class, &fields, &self.signatures, &mut self.classes);
        }
        // `dict_class` found the entry, so it is kept now.
        let Some(k) = kept.get(dict, at) else {
            return Ok((name, suid, flags, fields, None));
        };
        self.tables.signature_ids.clear();
        for (f, &(hint, signature)) in fields.iter().zip(k.fields.iter()) {
            self.classes.push_field(f.ty, hint);
            if let Some(id) = signature {
                self.tables.signature_ids.push(id);
            }
        }
        Ok((
            name,
            suid,
            flags,
            fields,
            Some((k.signature, k.shape.clone())),
        ))
    }

    /// A new local class's parts: rebuilt from a definition the thread read before when the
    /// bytes are the same and its strings within this stream's limit (with its fields' hints
    /// pushed and its signature id and shape, as [`Self::define`] works them out), else read
    /// (and kept).
    fn local_class_kept(&mut self, kept: &mut KeptClasses) -> Result<KeptParts<'a>, Error> {
        let max = self.limits.max_string_bytes;
        if let Some(k) = kept
            .matching(self.input.rest())
            .filter(|k| k.longest <= max)
        {
            let (name, suid, flags, fields) = self.replay(k)?;
            return Ok((
                name,
                suid,
                flags,
                fields,
                Some((k.signature, k.shape.clone())),
            ));
        }
        let start = self.input.pos();
        let (name, suid, flags, fields) = self.local_class()?;
        kept.learn(self.input.since(start), &mut self.classes);
        Ok((name, suid, flags, fields, None))
    }

    /// Reads a kept definition whose bytes come next, as [`Self::local_class`] reads it, and
    /// pushes its fields' hints.
    fn replay(&mut self, kept: &KeptClass) -> Result<ClassParts<'a>, Error> {
        let body = self.input.take(kept.body.len())?;
        // The bytes are the kept definition's (compared in full), whose strings were checked
        // when it was first read: they are taken as they are.
        let text = |t: Text| JavaString::from_known_mutf8(t.of(body));
        let name = text(kept.name);
        let mut fields = Vec::with_capacity(kept.fields.len());
        self.signatures.clear();
        self.tables.signature_ids.clear();
        for f in kept.fields.iter() {
            fields.push(FieldDesc {
                ty: f.ty,
                name: text(f.name),
                type_name: None,
            });
            if let Some((signature, id)) = f.signature {
                let signature = text(signature);
                self.signatures.push(signature);
                self.tables.signature_ids.push(id);
            }
            self.classes.push_field(f.ty, f.hint);
        }
        Ok((name, kept.suid, kept.flags, fields))
    }

    fn local_class(&mut self) -> Result<ClassParts<'a>, Error> {
        let name = self.string()?;
        let suid = i64::from_le_bytes(
            self.input
                .take(8)?
                .try_into()
                .map_err(|_| self.input.error("serialVersionUID"))?,
        );
        let flags = self.input.byte()?;
        let count = self.input.count(u64::from(u16::MAX), "field count")?;
        let mut fields = Vec::with_capacity(count);
        self.signatures.clear();
        for _ in 0..count {
            let code = self.input.byte()?;
            let ty = FieldType::from_code(code)
                .ok_or_else(|| self.input.error(format!("field type code {code:#04x}")))?;
            let name = self.string()?;
            if ty.is_reference() {
                let signature = self.string()?;
                self.signatures.push(signature);
            }
            fields.push(FieldDesc {
                ty,
                name,
                type_name: None,
            });
        }
        Ok((name, suid, flags, fields))
    }

    fn dict_class(&mut self, entry: u64) -> Result<ClassParts<'a>, Error> {
        let mut signatures = std::mem::take(&mut self.signatures);
        signatures.clear();
        let parts = self.dict_class_into(entry, &mut signatures);
        self.signatures = signatures;
        parts
    }

    /// A dictionary class's parts, its reference fields' type signatures to `signatures`.
    fn dict_class_into(
        &self,
        entry: u64,
        signatures: &mut Vec<JavaString<'a>>,
    ) -> Result<ClassParts<'a>, Error> {
        let missing = || self.input.error(format!("dictionary class {entry}"));
        let dict = self.dict.ok_or_else(missing)?;
        let class = usize::try_from(entry)
            .ok()
            .and_then(|e| dict.classes.get(e))
            .ok_or_else(missing)?;
        let text = |i: u32| {
            dict.lookups()
                .strings
                .get(i as usize)
                .cloned()
                .ok_or_else(missing)
        };
        let mut fields = Vec::with_capacity(class.fields.len());
        for &(code, name, signature) in &class.fields {
            let ty = FieldType::from_code(code).ok_or_else(missing)?;
            match (ty.is_reference(), signature) {
                (true, Some(s)) => signatures.push(text(s)?),
                (false, None) => {}
                _ => return Err(self.input.error("a field type string out of place")),
            }
            fields.push(FieldDesc {
                ty,
                name: text(name)?,
                type_name: None,
            });
        }
        Ok((text(class.name)?, class.suid, class.flags, fields))
    }

    /// Creates a descriptor node, its type strings and its superclass, as Java's reader does.
    /// The reference fields' type signatures are in `self.signatures`, in order.
    fn define(
        &mut self,
        name: JavaString<'a>,
        suid: i64,
        flags: u8,
        descs: Vec<FieldDesc<'a>>,
    ) -> Result<u32, Error> {
        // The fields go to the class table as pending fields of the class defined below (an
        // error here ends the stream, so none are left pending for another class).
        let mut next_signature = self.signatures.iter();
        self.tables.signature_ids.clear();
        for d in &descs {
            let hint = if d.ty.is_reference() {
                let s = next_signature
                    .next()
                    .ok_or_else(|| self.input.error("a field type string out of place"))?;
                let (hint, id) = self.classes.declared(s.as_mutf8());
                self.tables.signature_ids.push(id);
                hint
            } else {
                Hint::None
            };
            self.classes.push_field(d.ty, hint);
        }
        let (signature, shape) = self.classes.classify(name.as_mutf8(), flags);
        self.create(name, (suid, flags), descs, signature, shape)
    }

    /// [`Self::define`] once the fields' hints are pushed and the class's signature id and
    /// shape known.
    fn create(
        &mut self,
        name: JavaString<'a>,
        (suid, flags): (i64, u8),
        descs: Vec<FieldDesc<'a>>,
        signature: u32,
        shape: Shape,
    ) -> Result<u32, Error> {
        let mut signatures = std::mem::take(&mut self.signatures);
        let node = self.add(Node::ClassDesc(ClassDesc {
            kind: ClassKind::Class {
                name,
                suid,
                flags,
                fields: descs,
            },
            annotation: Vec::new(),
            super_class: None,
            origin: DescOrigin::Stream,
            unknown: Unknowns::NONE,
            stands_for: None,
        }))?;
        let index = self
            .classes
            .define_classified(node, flags, signature, shape);
        // The type strings follow the descriptor, as Java's reader numbers them.
        let mut type_ids = std::mem::take(&mut self.tables.type_ids);
        type_ids.clear();
        for (k, sig) in signatures.drain(..).enumerate() {
            // One id per signature pushed (by `define` or `replay`), in the same order.
            let signature = self.tables.signature_ids.get(k).copied();
            let known = signature.and_then(|s| self.tables.type_node(s));
            let id = match known {
                Some(id) => id,
                None => {
                    let long = sig.as_mutf8().len() > 0xFFFF;
                    let id = self.add(Node::String(StringNode { value: sig, long }))?;
                    if let Some(s) = signature {
                        self.tables.set_type_node(s, id);
                    }
                    id
                }
            };
            type_ids.push(id);
        }
        if let Node::ClassDesc(desc) = self.graph.node_mut(node) {
            if let ClassKind::Class { fields, .. } = &mut desc.kind {
                let refs = fields.iter_mut().filter(|f| f.ty.is_reference());
                for (f, id) in refs.zip(&type_ids) {
                    f.type_name = Some(*id);
                }
            }
        }
        self.tables.type_ids = type_ids;
        self.signatures = signatures;
        let super_class = match self.input.varint()? {
            0 => None,
            code => {
                let s = jsess_model::deep::guard(|| self.class_from_code(code - 1))?;
                if !self.classes.get(s).is_some_and(|c| c.settled) {
                    return Err(self.input.error("a cycle of superclasses"));
                }
                Some(s)
            }
        };
        let super_node = super_class.map(|s| self.class_node(s)).transpose()?;
        if let Node::ClassDesc(desc) = self.graph.node_mut(node) {
            desc.super_class = super_node;
        }
        self.classes.set_super(index, super_class);
        Ok(index)
    }

    /// A new object, array or enum constant of a class.
    fn instance(&mut self, class: u32) -> Result<NodeId, Error> {
        let node = self.class_node(class)?;
        let shape = self.classes.get(class).map(|c| c.shape.clone());
        match shape {
            Some(Shape::Object) => {
                let id = self.add(Node::Object(Object {
                    class: node,
                    data: Span::default(),
                    complete: true,
                }))?;
                let mark = self.data_scratch.len();
                self.object(class)?;
                let data = self.graph.take_class_data(&mut self.data_scratch, mark);
                if let Node::Object(o) = self.graph.node_mut(id) {
                    o.data = data;
                }
                Ok(id)
            }
            Some(Shape::Array(ty, hint)) => {
                let id = self.add(Node::Array(Array {
                    class: node,
                    elements: Elements::Object(Vec::new()),
                    aborted_length: None,
                }))?;
                let elements = self.array(ty, &hint)?;
                if let Node::Array(a) = self.graph.node_mut(id) {
                    a.elements = elements;
                }
                Ok(id)
            }
            Some(Shape::Enum) => {
                let id = self.add(Node::Enum(EnumConstant {
                    class: node,
                    name: node,
                }))?;
                let name = self.string_node()?;
                if let Node::Enum(e) = self.graph.node_mut(id) {
                    e.name = name;
                }
                Ok(id)
            }
            _ => Err(self
                .input
                .error("an instance of a class Java cannot instantiate")),
        }
    }

    /// Reads an object's class data onto `data_scratch`.
    fn object(&mut self, class: u32) -> Result<(), Error> {
        let flags = self.classes.get(class).map_or(0, |c| c.flags);
        if flags & SC_EXTERNALIZABLE != 0 {
            if flags & SC_BLOCK_DATA == 0 {
                return Err(self
                    .input
                    .error("externalizable data without block-data mode"));
            }
            let contents = self.contents()?;
            self.data_scratch.push(ClassData::External(contents));
            return Ok(());
        }
        let links = self.classes.chain_len(class);
        for position in 0..links {
            let c = self
                .classes
                .chain_at(class, position)
                .ok_or_else(|| self.input.error("class chain"))?;
            let count = self.classes.field_count(c);
            let flags = self.classes.get(c).map_or(0, |c| c.flags);
            if flags & SC_EXTERNALIZABLE != 0 {
                return Err(self.input.error("an externalizable superclass"));
            }
            let mark = self.field_scratch.len();
            for k in 0..count {
                let (ty, expect) = match self.classes.field(c, k) {
                    Some((ty, hint)) => (ty, self.classes.expect(&hint)),
                    None => return Err(self.input.error("field out of range")),
                };
                let value = self.field(ty, expect)?;
                self.field_scratch.push(value);
            }
            let annotation = if flags & SC_WRITE_METHOD != 0 {
                Some(self.contents()?)
            } else {
                None
            };
            let fields = self.graph.push_values(&self.field_scratch[mark..]);
            self.field_scratch.truncate(mark);
            self.data_scratch
                .push(ClassData::Serial { fields, annotation });
        }
        Ok(())
    }

    fn field(&mut self, ty: FieldType, expect: Expect) -> Result<Value, Error> {
        let input = &mut *self.input;
        Ok(match ty {
            FieldType::Byte => Value::Byte(input.byte()? as i8),
            FieldType::Boolean => Value::Boolean(input.byte()?),
            FieldType::Char => Value::Char(
                u16::try_from(input.varint()?).map_err(|_| input.error("char out of range"))?,
            ),
            FieldType::Short => Value::Short(
                i16::try_from(input.signed()?).map_err(|_| input.error("short out of range"))?,
            ),
            FieldType::Int => Value::Int(
                i32::try_from(input.signed()?).map_err(|_| input.error("int out of range"))?,
            ),
            FieldType::Long => Value::Long(input.signed()?),
            FieldType::Float => Value::Float(f32::from_bits(input.varint32()?.swap_bytes())),
            FieldType::Double => Value::Double(f64::from_bits(input.varint()?.swap_bytes())),
            FieldType::Object | FieldType::Array => Value::Ref(self.value(expect)?),
        })
    }

    fn array(&mut self, ty: FieldType, hint: &Hint) -> Result<Elements<'a>, Error> {
        let max = u64::from(self.limits.max_array_length);
        let n = self.input.count(max, "array length")?;
        if let Some(size) = ty.primitive_size() {
            let raw = if size == 1 {
                Cow::Borrowed(self.input.take(n)?)
            } else {
                let mut raw = Vec::with_capacity(n * size);
                for _ in 0..n {
                    get_primitive(self.input, ty.code(), &mut raw)?;
                }
                Cow::Owned(raw)
            };
            return Ok(Elements::Primitive { ty, raw });
        }
        let mut items = Vec::with_capacity(n);
        for _ in 0..n {
            let expect = self.classes.expect(hint);
            items.push(self.value(expect)?);
        }
        Ok(Elements::Object(items))
    }
}

/// A local or dictionary class descriptor's parts: name, serialVersionUID, flags, fields (their
/// type strings not yet made; the signatures wait in the reader's `signatures`).
type ClassParts<'a> = (JavaString<'a>, i64, u8, Vec<FieldDesc<'a>>);

/// A local class's parts, with its signature id and shape when it was a kept definition.
type KeptParts<'a> = (
    JavaString<'a>,
    i64,
    u8,
    Vec<FieldDesc<'a>>,
    Option<(u32, Shape)>,
);

fn block(bytes: Cow<'_, [u8]>) -> Content<'_> {
    let long = bytes.len() > 255;
    Content::Block(BlockData { bytes, long })
}
