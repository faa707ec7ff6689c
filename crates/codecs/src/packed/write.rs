//! Sessions to the packed layout: the graph walked in the order a Java writer walks it, every
//! fact the JDK writer's rules would not recreate written, everything else checked.

use jsess_model::graph::{SC_BLOCK_DATA, SC_EXTERNALIZABLE, SC_WRITE_METHOD};
use jsess_model::{
    ClassData, ClassDesc, ClassKind, Content, DescOrigin, Elements, FieldType, Graph, Limits, Node,
    NodeId, Ref, Session, Stream, StringNode, Value,
};

use super::classes::{self, Classes, Expect, Hint, Shape};
use super::io::{put_block, put_primitive, Out};
use super::tables;
use super::{envelope, Departure};
use crate::dictionary::Dictionary;
use crate::map::Map;

/// Writes the session after the header.
pub(super) fn session(
    out: &mut Out,
    session: &Session<'_>,
    dictionary: Option<&Dictionary>,
) -> Result<(), Departure> {
    let dict = dictionary;
    let e = &session.envelope;
    envelope::put(out, e);
    for part in [&e.principal, &e.saved_request, &e.saved_principal] {
        if !part.is_empty() {
            nested(out, part, dict);
        }
    }
    envelope::put_padding(out, e);
    stream(out, &session.attributes, dict)
}

/// A principal or saved request: packed when it is a Java stream jsess re-encodes exactly and
/// that packs, else its bytes (code 0 is a packed stream, `n + 1` is `n` raw bytes).
fn nested(out: &mut Out, bytes: &[u8], dict: Option<&Dictionary>) {
    let mark = out.len();
    let packs = crate::wire::nested_stream(bytes, &Limits::DEFAULT).is_some_and(|s| {
        out.varint(0);
        stream(out, &s, dict).is_ok()
    });
    if !packs {
        out.truncate(mark);
        out.varint(bytes.len() as u64 + 1);
        out.bytes(bytes);
    }
}

/// Writes one stream: its top-level contents, and through them every node.
pub(super) fn stream(
    out: &mut Out,
    stream: &Stream<'_>,
    dict: Option<&Dictionary>,
) -> Result<(), Departure> {
    let graph = &stream.graph;
    let mut w = Writer {
        out,
        graph,
        dict,
        next: 0,
        class_of: vec![0; graph.len()],
        classes: tables::writer_classes(),
        type_names: Map::default(),
        depth: 0,
    };
    let written = w.contents(&stream.contents);
    let next = w.next;
    tables::give_back_writer_classes(w.classes);
    written?;
    if next != graph.len() {
        return Err(Departure("nodes no content reaches"));
    }
    Ok(())
}

struct Writer<'o, 'g, 'a, 'd> {
    out: &'o mut Out,
    graph: &'g Graph<'a>,
    dict: Option<&'d Dictionary>,
    /// The node a new value must be: the graph is in the order a reader creates nodes.
    next: usize,
    /// Node index → class index + 1 (0: not a class used yet).
    class_of: Vec<u32>,
    classes: Classes,
    /// Field type-signature strings, first node per text, as the reader remembers them.
    type_names: Map<&'g [u8], NodeId>,
    depth: u32,
}

/// How a value's class is named.
enum ClassCode {
    Existing(u32),
    Local,
    Dictionary(u32),
}

impl<'g, 'a> Writer<'_, 'g, 'a, '_> {
    /// A content sequence: segments of block data followed by objects.
    fn contents(&mut self, contents: &'g [Content<'a>]) -> Result<(), Departure> {
        let mut segments = 0u64;
        let mut after_object = true;
        for c in contents {
            match c {
                Content::Block(_) if after_object => {
                    segments += 1;
                    after_object = false;
                }
                Content::Block(_) => {}
                Content::Object(_) if segments == 0 => {
                    segments = 1;
                    after_object = true;
                }
                Content::Object(_) => after_object = true,
                Content::Reset | Content::Exception(_) => {
                    return Err(Departure("a reset or an aborted write"))
                }
            }
        }
        self.out.varint(segments);
        let mut rest = contents;
        while !rest.is_empty() {
            let blocks = rest
                .iter()
                .take_while(|c| matches!(c, Content::Block(_)))
                .count();
            self.blocks(&rest[..blocks])?;
            rest = &rest[blocks..];
            let objects = rest
                .iter()
                .take_while(|c| matches!(c, Content::Object(_)))
                .count();
            self.out.varint(objects as u64);
            for c in &rest[..objects] {
                if let Content::Object(r) = c {
                    self.value(*r, Expect::Anything)?;
                }
            }
            rest = &rest[objects..];
        }
        Ok(())
    }

    /// A run of block-data records, as one: Java cuts its block data into 1024-byte records,
    /// headers by length; other cuts depart.
    fn blocks(&mut self, run: &[Content<'a>]) -> Result<(), Departure> {
        // `run` holds only block records (the caller cut it so).
        let records = || {
            run.iter().filter_map(|c| match c {
                Content::Block(b) => Some(b),
                _ => None,
            })
        };
        let last = run.len().saturating_sub(1);
        for (i, b) in records().enumerate() {
            let len = b.bytes.len();
            let size_ok = if i < last {
                len == 1024
            } else {
                (1..=1024).contains(&len)
            };
            if !size_ok || b.long != (len > 255) {
                return Err(Departure("block data cut differently from Java's writer"));
            }
        }
        match run {
            [] => put_block(self.out, &[]),
            [Content::Block(one)] => put_block(self.out, &one.bytes),
            // Over 1 KiB of block data in one run (a large writeObject payload): the records
            // joined, a slice at a time.
            _ => {
                let mut joined = Vec::with_capacity(records().map(|b| b.bytes.len()).sum());
                for b in records() {
                    joined.extend_from_slice(&b.bytes);
                }
                put_block(self.out, &joined);
            }
        }
        Ok(())
    }

    /// A reference: null, a back-reference, or a new value with what it holds.
    fn value(&mut self, r: Ref, expect: Expect) -> Result<(), Departure> {
        let Some(id) = r else {
            self.out.varint(classes::NULL);
            return Ok(());
        };
        let node = self.graph.get(id).ok_or(Departure("dangling reference"))?;
        if id.index() < self.next {
            if matches!(node, Node::ClassDesc(_)) {
                return Err(Departure("a class descriptor as a value"));
            }
            self.out.varint(classes::BACK_REFERENCE);
            self.out.varint(id.index() as u64);
            return Ok(());
        }
        let plain = |token: u64| match expect {
            Expect::Anything => token,
            _ => token + 1,
        };
        self.depth += 1;
        let result = if self.depth.is_multiple_of(16) {
            jsess_model::deep::guard(|| self.new_value(id, node, expect, plain))
        } else {
            self.new_value(id, node, expect, plain)
        };
        self.depth -= 1;
        result
    }

    fn new_value(
        &mut self,
        id: NodeId,
        node: &'g Node<'a>,
        expect: Expect,
        plain: impl Fn(u64) -> u64,
    ) -> Result<(), Departure> {
        let class = match node {
            Node::String(s) => {
                self.out.varint(match expect {
                    Expect::String => classes::HINTED,
                    _ => plain(classes::STRING),
                });
                self.claim(id)?;
                return self.string_node(s);
            }
            Node::Class(c) => {
                self.out.varint(plain(classes::CLASS_OBJECT));
                self.class_reference(c.class)?;
                return self.claim(id);
            }
            Node::ClassDesc(_) => return Err(Departure("a class descriptor as a value")),
            Node::Object(o) => o.class,
            Node::Array(a) => a.class,
            Node::Enum(e) => e.class,
        };
        let code = self.class_code(class)?;
        match (&code, expect) {
            (ClassCode::Existing(i), Expect::Class(Some(h))) if *i == h => {
                self.out.varint(classes::HINTED)
            }
            _ => {
                let n = u64::from(self.code_number(&code));
                self.out.varint(plain(classes::NEW_INSTANCE + n))
            }
        }
        let index = self.class_body(class, code)?;
        self.claim(id)?;
        self.instance(node, index)
    }

    /// Checks that `id` is the node a reader creates next.
    fn claim(&mut self, id: NodeId) -> Result<(), Departure> {
        if id.index() != self.next {
            return Err(Departure("nodes in an order no Java writer produces"));
        }
        self.next += 1;
        Ok(())
    }

    fn string_node(&mut self, s: &StringNode<'_>) -> Result<(), Departure> {
        let bytes = s.value.as_mutf8();
        if s.long != (bytes.len() > 0xFFFF) {
            return Err(Departure("a string header Java's writer would not choose"));
        }
        self.string(bytes);
        Ok(())
    }

    /// A string code: `index << 1 | 1` for a dictionary string, `len << 1` and the bytes.
    fn string(&mut self, bytes: &[u8]) {
        if let Some(d) = self.dict {
            if let Some(i) = d.string_id(bytes) {
                let p = d
                    .lookups()
                    .packed_index
                    .get(i as usize)
                    .copied()
                    .unwrap_or(0);
                self.out.varint(u64::from(p) << 1 | 1);
                return;
            }
        }
        self.out.varint((bytes.len() as u64) << 1);
        self.out.bytes(bytes);
    }

    fn class_code(&self, class: NodeId) -> Result<ClassCode, Departure> {
        match self.class_of.get(class.index()) {
            Some(&i) if i > 0 => Ok(ClassCode::Existing(i - 1)),
            _ if class.index() == self.next => {
                let desc = self
                    .graph
                    .class_desc(class)
                    .ok_or(Departure("a class that is not a descriptor"))?;
                Ok(match self.dict.and_then(|d| d.entry_of(self.graph, desc)) {
                    Some(e) => ClassCode::Dictionary(e),
                    None => ClassCode::Local,
                })
            }
            _ => Err(Departure("nodes in an order no Java writer produces")),
        }
    }

    fn code_number(&self, code: &ClassCode) -> u32 {
        match code {
            ClassCode::Existing(i) => *i,
            ClassCode::Local => self.classes.len(),
            ClassCode::Dictionary(e) => self.classes.len() + 1 + e,
        }
    }

    /// The class of a `Class` object or a superclass: its code, then its body if new.
    fn class_reference(&mut self, class: NodeId) -> Result<u32, Departure> {
        let code = self.class_code(class)?;
        self.out.varint(u64::from(self.code_number(&code)));
        self.class_body(class, code)
    }

    /// A class used for the first time: its descriptor (unless the dictionary has it), its
    /// field type strings by rule, its superclass. Returns its index.
    fn class_body(&mut self, class: NodeId, code: ClassCode) -> Result<u32, Departure> {
        let local = match code {
            ClassCode::Existing(i) => return Ok(i),
            ClassCode::Local => true,
            ClassCode::Dictionary(_) => false,
        };
        let desc = self
            .graph
            .class_desc(class)
            .ok_or(Departure("a class that is not a descriptor"))?;
        let ClassKind::Class {
            name,
            suid,
            flags,
            fields,
        } = &desc.kind
        else {
            return Err(Departure("a dynamic proxy class"));
        };
        if desc.origin != DescOrigin::Stream
            || !desc.annotation.is_empty()
            || desc.stands_for.is_some()
        {
            return Err(Departure("a descriptor no plain Java stream carries"));
        }
        self.claim(class)?;
        if local {
            self.string(name.as_mutf8());
            self.out.bytes(&suid.to_le_bytes());
            self.out.byte(*flags);
            self.out.varint(fields.len() as u64);
        }
        // The fields go to the class table as pending fields of the class defined below (a
        // departure here ends the packed write, so none are left pending for another class).
        for f in fields {
            let signature = match (f.ty.is_reference(), f.type_name) {
                (true, Some(t)) => Some(
                    self.graph
                        .string(t)
                        .ok_or(Departure("a field type that is not a string"))?
                        .as_mutf8(),
                ),
                (false, None) => None,
                _ => return Err(Departure("a field type string out of place")),
            };
            if local {
                self.out.byte(f.ty.code());
                self.string(f.name.as_mutf8());
                if let Some(s) = signature {
                    self.string(s);
                }
            }
            let hint = signature.map_or(Hint::None, |s| self.classes.hint(s));
            self.classes.push_field(f.ty, hint);
        }
        let index = self.classes.define(class, name.as_mutf8(), *flags);
        self.class_of[class.index()] = index + 1;
        self.type_names(desc)?;
        let super_class = match desc.super_class {
            None => {
                self.out.varint(0);
                None
            }
            Some(s) => {
                let code = self.class_code(s)?;
                if let ClassCode::Existing(i) = code {
                    if !self.classes.get(i).is_some_and(|c| c.settled) {
                        return Err(Departure("a cycle of superclasses"));
                    }
                }
                self.out.varint(u64::from(self.code_number(&code)) + 1);
                Some(jsess_model::deep::guard(|| self.class_body(s, code))?)
            }
        };
        self.classes.set_super(index, super_class);
        Ok(index)
    }

    /// Java writes a field's type string as a back-reference when its descriptors already hold
    /// it, else as a new string right after the descriptor.
    fn type_names(&mut self, desc: &'g ClassDesc<'a>) -> Result<(), Departure> {
        for f in desc.fields().iter().filter(|f| f.ty.is_reference()) {
            let t = f
                .type_name
                .ok_or(Departure("a field without a type string"))?;
            let text = self
                .graph
                .string(t)
                .ok_or(Departure("a field type that is not a string"))?
                .as_mutf8();
            match self.type_names.get(text) {
                Some(&known) if known == t => {}
                Some(_) => return Err(Departure("a field type string Java would share")),
                None => {
                    match self.graph.get(t) {
                        Some(Node::String(s)) if !s.long => {}
                        _ => return Err(Departure("a field type string out of place")),
                    }
                    self.claim(t)?;
                    if self.type_names.capacity() == 0 {
                        // A session's classes declare a dozen or so field types: room for
                        // them at the first, rather than regrowing the map three times.
                        self.type_names.reserve(16);
                    }
                    self.type_names.insert(text, t);
                }
            }
        }
        Ok(())
    }

    /// What an object, array or enum constant holds, after its class.
    fn instance(&mut self, node: &'g Node<'a>, index: u32) -> Result<(), Departure> {
        let shape = self.classes.get(index).map(|c| c.shape.clone());
        match (node, shape) {
            (Node::Object(o), Some(Shape::Object)) if o.complete => {
                self.object(index, self.graph.class_data(o))
            }
            (Node::Array(a), Some(Shape::Array(ty, hint))) if a.aborted_length.is_none() => {
                self.array(&a.elements, ty, &hint)
            }
            (Node::Enum(e), Some(Shape::Enum)) => match self.graph.get(e.name) {
                Some(Node::String(s)) => {
                    self.claim(e.name)?;
                    self.string_node(s)
                }
                _ => Err(Departure("an enum constant without a name string")),
            },
            _ => Err(Departure("a value its class's kind does not describe")),
        }
    }

    fn object(&mut self, index: u32, data: &'g [ClassData<'a>]) -> Result<(), Departure> {
        let flags = self.classes.get(index).map_or(0, |c| c.flags);
        if flags & SC_EXTERNALIZABLE != 0 {
            return match data {
                [ClassData::External(contents)] if flags & SC_BLOCK_DATA != 0 => {
                    self.contents(contents)
                }
                _ => Err(Departure("externalizable data without block-data mode")),
            };
        }
        if self.classes.chain_len(index) != data.len() {
            return Err(Departure("object data that does not follow its classes"));
        }
        for (position, d) in data.iter().enumerate() {
            let class = self
                .classes
                .chain_at(index, position)
                .ok_or(Departure("object data that does not follow its classes"))?;
            let ClassData::Serial { fields, annotation } = d else {
                return Err(Departure("object data that does not follow its classes"));
            };
            let count = self.classes.field_count(class);
            let flags = self.classes.get(class).map_or(0, |c| c.flags);
            let fields = self.graph.values(*fields);
            if fields.len() != count || flags & SC_EXTERNALIZABLE != 0 {
                return Err(Departure("object data that does not follow its classes"));
            }
            for (k, v) in fields.iter().enumerate() {
                let (ty, expect) = match self.classes.field(class, k) {
                    Some((ty, hint)) => (ty, self.classes.expect(&hint)),
                    None => return Err(Departure("object data that does not follow its classes")),
                };
                self.field(v, ty, expect)?;
            }
            match (annotation, flags & SC_WRITE_METHOD != 0) {
                (Some(contents), true) => self.contents(contents)?,
                (None, false) => {}
                _ => {
                    return Err(Departure(
                        "writeObject data its class's flags do not announce",
                    ))
                }
            }
        }
        Ok(())
    }

    fn field(&mut self, v: &Value, ty: FieldType, expect: Expect) -> Result<(), Departure> {
        if v.field_type() != ty && !(ty.is_reference() && matches!(v, Value::Ref(_))) {
            return Err(Departure("a field value of another type than its field"));
        }
        let out = &mut *self.out;
        match *v {
            Value::Byte(b) => out.byte(b as u8),
            Value::Boolean(b) => out.byte(b),
            Value::Char(c) => out.varint(u64::from(c)),
            Value::Short(s) => out.signed(i64::from(s)),
            Value::Int(i) => out.signed(i64::from(i)),
            Value::Long(l) => out.signed(l),
            Value::Float(f) => out.varint(u64::from(f.to_bits().swap_bytes())),
            Value::Double(d) => out.varint(d.to_bits().swap_bytes()),
            Value::Ref(r) => return self.value(r, expect),
        }
        Ok(())
    }

    fn array(
        &mut self,
        elements: &'g Elements<'a>,
        ty: FieldType,
        hint: &Hint,
    ) -> Result<(), Departure> {
        match elements {
            Elements::Primitive { ty: t, raw } if *t == ty => {
                let size = ty
                    .primitive_size()
                    .ok_or(Departure("an array of unknown elements"))?;
                self.out.varint((raw.len() / size) as u64);
                if size == 1 {
                    self.out.bytes(raw);
                } else {
                    for e in raw.chunks_exact(size) {
                        put_primitive(self.out, ty.code(), e);
                    }
                }
                Ok(())
            }
            Elements::Object(items) if ty.is_reference() => {
                self.out.varint(items.len() as u64);
                for r in items {
                    let expect = self.classes.expect(hint);
                    self.value(*r, expect)?;
                }
                Ok(())
            }
            _ => Err(Departure(
                "array elements of another type than the array class",
            )),
        }
    }
}
