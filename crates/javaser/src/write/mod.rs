//! The write half: a [`Stream`] to bytes.
//!
//! The writer walks the graph in the order a Java `ObjectOutputStream` would have written it and
//! assigns handles the same way: the first time a node is reached it is written in full and gets
//! the next handle; every later time it is a `TC_REFERENCE`. For a graph that came from
//! [`crate::decode`] this reproduces the input byte for byte, because the graph also keeps the
//! writer's free choices (long string headers, block-data records, resets, aborted writes). For a
//! graph built from values it produces what Java would write for the same objects.

use jsess_model::graph::{encode_primitive, SC_EXTERNALIZABLE, SC_WRITE_METHOD};
use jsess_model::{
    deep, Array, BlockData, ClassData, ClassDesc, ClassKind, Content, Elements, FieldDesc, Graph,
    JavaString, Node, NodeId, Object, Ref, Value,
};

use crate::constants::*;
use crate::error::WriteError;
use crate::Stream;

/// Writes a stream.
pub fn encode(stream: &Stream<'_>) -> Result<Vec<u8>, WriteError> {
    let mut out = Vec::with_capacity(jsess_model::room::capacity());
    encode_into(stream, &mut out)?;
    jsess_model::room::learn(out.len());
    Ok(out)
}

/// Writes a stream, appending to `out`.
pub fn encode_into(stream: &Stream<'_>, out: &mut Vec<u8>) -> Result<(), WriteError> {
    encode_contents(stream, out, None, |_| {})
}

/// Writes a stream and returns, for each top-level content, the offset where it ends: what
/// each item adds to the stream (later items are cheaper when they refer back to earlier ones).
pub fn encode_with_offsets(stream: &Stream<'_>) -> Result<(Vec<u8>, Vec<usize>), WriteError> {
    let mut out = Vec::with_capacity(256);
    let mut ends = Vec::with_capacity(stream.contents.len());
    encode_contents(stream, &mut out, None, |end| ends.push(end))?;
    Ok((out, ends))
}

/// Writes a stream as [`encode`] does, except that a string is written in full wherever it is
/// referenced, never as a back-reference; at most `cap` bytes, or [`WriteError::OverBudget`].
///
/// Two graphs that differ only in which equal strings are one object write the same bytes
/// here. Java shares a string wherever the program passed the same object (interned literals,
/// say), while Kryo and XStream write strings as values: a session that went through them comes
/// back with those strings apart, which these bytes let a comparison see past without rendering
/// both sessions' values. The cap bounds what a string shared many times expands to.
pub fn encode_strings_unshared(stream: &Stream<'_>, cap: usize) -> Result<Vec<u8>, WriteError> {
    let mut out = Vec::with_capacity(256);
    encode_contents(stream, &mut out, Some(cap), |_| {})?;
    Ok(out)
}

/// Writes each of `roots` as a stream of its own holding that one object (what each
/// attribute of a hash session layout is): the same bytes as [`encode`] of a stream whose
/// only content is the root, without copying the graph or making its tables anew for each.
/// An error says which root.
pub fn encode_each(graph: &Graph<'_>, roots: &[Ref]) -> Result<Vec<Vec<u8>>, (usize, WriteError)> {
    let mut scratch = Vec::new();
    let mut writer = Writer::new(graph, &mut scratch);
    let mut streams = Vec::with_capacity(roots.len());
    for (i, root) in roots.iter().enumerate() {
        writer.restart();
        writer.out.extend_from_slice(&STREAM_MAGIC.to_be_bytes());
        writer.out.extend_from_slice(&STREAM_VERSION.to_be_bytes());
        writer.object(*root).map_err(|e| (i, e))?;
        streams.push(std::mem::take(writer.out));
    }
    Ok(streams)
}

/// Writes `stream` into `out` (strings never shared with `unshared_strings`, see
/// [`encode_strings_unshared`]), calling `content_end` at the end of each content.
fn encode_contents(
    stream: &Stream<'_>,
    out: &mut Vec<u8>,
    unshared_strings: Option<usize>,
    mut content_end: impl FnMut(usize),
) -> Result<(), WriteError> {
    let mut writer = Writer::new(&stream.graph, out);
    writer.unshared_strings = unshared_strings;
    writer.out.extend_from_slice(&STREAM_MAGIC.to_be_bytes());
    writer.out.extend_from_slice(&STREAM_VERSION.to_be_bytes());
    for content in &stream.contents {
        match content {
            Content::Reset => {
                writer.out.push(TC_RESET);
                writer.reset();
            }
            other => {
                writer.content(other)?;
            }
        }
        content_end(writer.out.len());
    }
    Ok(())
}

/// Whether writing an element finished or stopped where the original writer aborted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Flow {
    Done,
    Aborted,
}

struct Writer<'g, 'a, 'o> {
    graph: &'g Graph<'a>,
    out: &'o mut Vec<u8>,
    /// Handle table generation; a reset starts a new one instead of clearing per-node state.
    epoch: u32,
    written_in: Vec<u32>,
    handle: Vec<u32>,
    next_handle: u32,
    /// The first epoch of the current stream: nodes written in earlier epochs belong to
    /// streams written before it ([`encode_each`]) and are written anew.
    floor: u32,
    /// The serialized class chains of the instances being written, innermost last (see
    /// [`Writer::push_serialized_chain`]): one buffer for all, not two lists per instance.
    chains: Vec<(NodeId, usize)>,
    /// Strings are written in full every time, within this many bytes of output
    /// ([`encode_strings_unshared`]).
    unshared_strings: Option<usize>,
}

impl<'g, 'a, 'o> Writer<'g, 'a, 'o> {
    fn new(graph: &'g Graph<'a>, out: &'o mut Vec<u8>) -> Self {
        Writer {
            graph,
            out,
            epoch: 1,
            written_in: vec![0; graph.len()],
            handle: vec![0; graph.len()],
            next_handle: BASE_WIRE_HANDLE,
            floor: 1,
            chains: Vec::new(),
            unshared_strings: None,
        }
    }

    /// Starts a new, independent stream in an emptied output.
    fn restart(&mut self) {
        self.out.clear();
        self.reset();
        self.floor = self.epoch;
    }

    fn reset(&mut self) {
        self.epoch += 1;
        self.next_handle = BASE_WIRE_HANDLE;
    }

    fn node(&self, id: NodeId) -> Result<&'g Node<'a>, WriteError> {
        self.graph
            .get(id)
            .ok_or(WriteError::MissingNode(id.index()))
    }

    /// Gives a node its handle as it is written. A node written before a reset cannot be
    /// written again after it: a stream Java wrote never refers across a reset, and re-emitting
    /// would let a small graph expand without bound.
    fn assign(&mut self, id: NodeId) -> Result<(), WriteError> {
        if self.written_in[id.index()] >= self.floor {
            return Err(WriteError::AcrossReset(id.index()));
        }
        self.written_in[id.index()] = self.epoch;
        self.handle[id.index()] = self.next_handle;
        self.next_handle += 1;
        Ok(())
    }

    /// Writes a back-reference when the node already has a handle; returns whether it did.
    fn back_reference(&mut self, id: NodeId) -> bool {
        if self.written_in.get(id.index()) != Some(&self.epoch) {
            return false;
        }
        self.out.push(TC_REFERENCE);
        self.out
            .extend_from_slice(&self.handle[id.index()].to_be_bytes());
        true
    }

    fn content(&mut self, content: &Content<'a>) -> Result<Flow, WriteError> {
        match content {
            Content::Object(r) => self.object(*r),
            Content::Block(block) => {
                self.block(block)?;
                Ok(Flow::Done)
            }
            Content::Reset => Err(WriteError::WrongNodeKind {
                node: 0,
                expected: "no reset inside an object",
            }),
            Content::Exception(throwable) => {
                self.out.push(TC_EXCEPTION);
                self.reset();
                self.object(Some(*throwable))?;
                self.reset();
                Ok(Flow::Done)
            }
        }
    }

    fn contents(&mut self, contents: &[Content<'a>]) -> Result<Flow, WriteError> {
        for content in contents {
            if self.content(content)? == Flow::Aborted {
                return Ok(Flow::Aborted);
            }
        }
        Ok(Flow::Done)
    }

    fn block(&mut self, block: &BlockData<'_>) -> Result<(), WriteError> {
        let len = block.bytes.len();
        if block.long {
            let len = i32::try_from(len).map_err(|_| WriteError::TooLong {
                what: "block data",
                len,
            })?;
            self.out.push(TC_BLOCKDATALONG);
            self.out.extend_from_slice(&len.to_be_bytes());
        } else {
            let len = u8::try_from(len).map_err(|_| WriteError::TooLong {
                what: "short block data",
                len,
            })?;
            self.out.push(TC_BLOCKDATA);
            self.out.push(len);
        }
        self.out.extend_from_slice(&block.bytes);
        Ok(())
    }

    fn utf(&mut self, s: &JavaString<'_>) -> Result<(), WriteError> {
        let bytes = s.as_mutf8();
        let len = u16::try_from(bytes.len()).map_err(|_| WriteError::TooLong {
            what: "string",
            len: bytes.len(),
        })?;
        self.out.extend_from_slice(&len.to_be_bytes());
        self.out.extend_from_slice(bytes);
        Ok(())
    }

    /// An object position.
    fn object(&mut self, r: Ref) -> Result<Flow, WriteError> {
        let Some(id) = r else {
            self.out.push(TC_NULL);
            return Ok(Flow::Done);
        };
        if self.back_reference(id) {
            return Ok(Flow::Done);
        }
        deep::guard(|| match self.node(id)? {
            Node::String(_) => self.new_string(id).map(|()| Flow::Done),
            Node::ClassDesc(desc) => self.new_class_desc(id, desc).map(|()| Flow::Done),
            Node::Object(object) => self.new_instance(id, object),
            Node::Array(array) => self.new_array(id, array),
            Node::Enum(e) => {
                self.out.push(TC_ENUM);
                self.class_desc(Some(e.class))?;
                self.assign(id)?;
                self.string(Some(e.name))?;
                Ok(Flow::Done)
            }
            Node::Class(c) => {
                self.out.push(TC_CLASS);
                self.class_desc(Some(c.class))?;
                self.assign(id)?;
                Ok(Flow::Done)
            }
        })
    }

    /// A `(String)object` position.
    fn string(&mut self, r: Ref) -> Result<(), WriteError> {
        let Some(id) = r else {
            self.out.push(TC_NULL);
            return Ok(());
        };
        if self.back_reference(id) {
            return Ok(());
        }
        self.new_string(id)
    }

    fn new_string(&mut self, id: NodeId) -> Result<(), WriteError> {
        let Node::String(s) = self.node(id)? else {
            return Err(WriteError::WrongNodeKind {
                node: id.index(),
                expected: "a string",
            });
        };
        match self.unshared_strings {
            // A handle is still used up, as by a string written anew; the node keeps none,
            // so every later reference writes it in full again.
            Some(cap) if self.out.len() > cap => return Err(WriteError::OverBudget { cap }),
            Some(_) => self.next_handle += 1,
            None => self.assign(id)?,
        }
        if s.long {
            self.out.push(TC_LONGSTRING);
            let bytes = s.value.as_mutf8();
            self.out
                .extend_from_slice(&(bytes.len() as u64).to_be_bytes());
            self.out.extend_from_slice(bytes);
            Ok(())
        } else {
            self.out.push(TC_STRING);
            self.utf(&s.value)
        }
    }

    /// A `classDesc` position.
    fn class_desc(&mut self, r: Ref) -> Result<(), WriteError> {
        let Some(id) = r else {
            self.out.push(TC_NULL);
            return Ok(());
        };
        if self.back_reference(id) {
            return Ok(());
        }
        let Node::ClassDesc(desc) = self.node(id)? else {
            return Err(WriteError::WrongNodeKind {
                node: id.index(),
                expected: "a class descriptor",
            });
        };
        deep::guard(|| self.new_class_desc(id, desc))
    }

    fn new_class_desc(&mut self, id: NodeId, desc: &'g ClassDesc<'a>) -> Result<(), WriteError> {
        if let Some(reason) = desc.java_gap() {
            return Err(WriteError::CannotHold {
                node: id.index(),
                class: desc.display_name(),
                reason,
            });
        }
        match &desc.kind {
            ClassKind::Class {
                name,
                suid,
                flags,
                fields,
            } => {
                self.out.push(TC_CLASSDESC);
                self.assign(id)?;
                self.utf(name)?;
                self.out.extend_from_slice(&suid.to_be_bytes());
                self.out.push(*flags);
                let count = i16::try_from(fields.len()).map_err(|_| WriteError::TooLong {
                    what: "field list",
                    len: fields.len(),
                })?;
                self.out.extend_from_slice(&count.to_be_bytes());
                for field in fields {
                    self.field_desc(field)?;
                }
            }
            ClassKind::Proxy { interfaces } => {
                self.out.push(TC_PROXYCLASSDESC);
                self.assign(id)?;
                let count = i32::try_from(interfaces.len()).map_err(|_| WriteError::TooLong {
                    what: "interface list",
                    len: interfaces.len(),
                })?;
                self.out.extend_from_slice(&count.to_be_bytes());
                for interface in interfaces {
                    self.utf(interface)?;
                }
            }
        }
        if self.contents(&desc.annotation)? == Flow::Aborted {
            return Err(WriteError::WrongNodeKind {
                node: id.index(),
                expected: "a class annotation without aborted objects",
            });
        }
        self.out.push(TC_ENDBLOCKDATA);
        let super_class = self.serialized_super(desc.super_class);
        self.class_desc(super_class)
    }

    /// The next superclass Java writes: non-serializable classes without fields (which a
    /// format other than Java serialization may have described) are not written.
    fn serialized_super(&self, mut r: Ref) -> Ref {
        for _ in 0..self.graph.len() {
            match r.and_then(|id| self.graph.class_desc(id)) {
                Some(d) if d.skipped_by_java() && d.fields().is_empty() => r = d.super_class,
                _ => break,
            }
        }
        r
    }

    /// Pushes the class chain whose data Java writes onto [`Writer::chains`], superclass
    /// first, each class with the index of its data among the object's class data: the
    /// graph's chain without the non-serializable superclasses Java skips. Returns the length
    /// of the whole chain.
    fn push_serialized_chain(&mut self, object: &Object) -> usize {
        let graph = self.graph;
        let mark = self.chains.len();
        self.chains
            .extend(graph.class_chain_up(object.class).map(|desc| (desc, 0)));
        self.chains[mark..].reverse();
        let whole = self.chains.len() - mark;
        let mut kept = mark;
        for i in mark..self.chains.len() {
            let (desc, _) = self.chains[i];
            if graph
                .class_desc(desc)
                .is_some_and(ClassDesc::skipped_by_java)
            {
                continue;
            }
            self.chains[kept] = (desc, i - mark);
            kept += 1;
        }
        self.chains.truncate(kept);
        whole
    }

    /// Why Java cannot write this object's class data as the graph holds it, if it cannot:
    /// its own class is not serializable, or a class's `writeObject`/`writeExternal` data was
    /// not carried by the format the object was read from.
    fn unwritable(
        &self,
        object: &Object,
        chain: &[(NodeId, usize)],
        data: &[ClassData<'a>],
    ) -> Option<(String, String)> {
        let own = self.graph.class_desc(object.class)?;
        // A class a format showed only by name and property names (FlexJSON's beans): what
        // its Java descriptor holds was never known.
        if own.unknown.contains(jsess_model::Unknowns::SERIAL_FORM) {
            let name = own.display_name();
            let reason = if name.starts_with("java.") || name.starts_with("javax.") {
                format!(
                    "class {name} was stored in a form of the format's own (its getters, or \
                     internal fields): the fields Java serialization writes for it are not in \
                     the session"
                )
            } else {
                format!(
                    "class {name} is known only by the names its format showed: its {} are \
                     not known; pass --classpath with the application's classes or a --schema \
                     file",
                    own.unknown.names().join(", ")
                )
            };
            return Some((name, reason));
        }
        if own.skipped_by_java() {
            return Some((
                own.display_name(),
                format!("class {} is not Serializable", own.display_name()),
            ));
        }
        for &(desc, index) in chain {
            let data = data.get(index)?;
            let desc = self.graph.class_desc(desc)?;
            if desc.origin == jsess_model::DescOrigin::Stream {
                continue;
            }
            let flags = desc.flags();
            // The name is spelled out only for a class that stops the write: this runs for
            // every object written.
            let why: fn(&str) -> String = match data {
                ClassData::Serial { .. } if flags & SC_EXTERNALIZABLE != 0 => |name| {
                    format!(
                        "class {name} is Externalizable: what its writeExternal writes is not \
                         known (the source format stored its fields)"
                    )
                },
                ClassData::Serial {
                    annotation: None, ..
                } if flags & SC_WRITE_METHOD != 0 => |name| {
                    format!(
                        "class {name} has a writeObject method: what it writes is not known (the \
                         source format stored its fields)"
                    )
                },
                _ if desc.unknown.contains(jsess_model::Unknowns::JAVA_FORM) => |name| {
                    format!(
                        "the source format stored class {name} in a form of its own: what Java \
                         serialization writes for it is not known"
                    )
                },
                _ => continue,
            };
            let name = desc.display_name();
            let reason = why(&name);
            return Some((name, reason));
        }
        None
    }

    fn field_desc(&mut self, field: &FieldDesc<'_>) -> Result<(), WriteError> {
        self.out.push(field.ty.code());
        self.utf(&field.name)?;
        if field.ty.is_reference() {
            self.string(field.type_name)?;
        }
        Ok(())
    }

    fn new_instance(&mut self, id: NodeId, object: &'g Object) -> Result<Flow, WriteError> {
        let mark = self.chains.len();
        let whole = self.push_serialized_chain(object);
        let result = self.instance_body(id, object, mark, whole);
        self.chains.truncate(mark);
        result
    }

    /// An instance whose serialized chain is [`Writer::chains`] from `mark` on, of a class
    /// chain `whole` classes long before the skipped ones were left out.
    fn instance_body(
        &mut self,
        id: NodeId,
        object: &'g Object,
        mark: usize,
        whole: usize,
    ) -> Result<Flow, WriteError> {
        let graph = self.graph;
        let object_data = graph.class_data(object);
        let chain_len = self.chains.len() - mark;
        // With no class skipped, all the object's data counts (more entries than classes is a
        // mismatch); otherwise the data of the classes kept, a prefix of them when an aborted
        // write cut the object short.
        let data_len = if whole == chain_len {
            object_data.len()
        } else {
            self.chains[mark..]
                .iter()
                .take_while(|(_, index)| *index < object_data.len())
                .count()
        };
        if let Some((class, reason)) = self.unwritable(object, &self.chains[mark..], object_data) {
            return Err(WriteError::CannotHold {
                node: id.index(),
                class,
                reason,
            });
        }
        self.out.push(TC_OBJECT);
        self.class_desc(Some(object.class))?;
        self.assign(id)?;
        let externalizable = graph
            .class_desc(object.class)
            .is_some_and(|d| d.flags() & SC_EXTERNALIZABLE != 0);
        let expected_slots = if externalizable { 1 } else { chain_len };
        let mismatch = |reason: String| WriteError::ShapeMismatch {
            node: id.index(),
            class: graph
                .class_name(object.class)
                .map(|n| n.to_string())
                .unwrap_or_else(|| "(proxy)".to_string()),
            reason,
        };
        if data_len > expected_slots || (object.complete && data_len != expected_slots) {
            return Err(mismatch(format!(
                "{data_len} class data entries for {expected_slots} classes"
            )));
        }
        let last = data_len.saturating_sub(1);
        for i in 0..data_len {
            let (desc, index) = self.chains[mark + i];
            let Some(data) = object_data.get(index) else {
                break;
            };
            let cut_here = !object.complete && i == last;
            let flow = match data {
                ClassData::External(contents) if externalizable => self.contents(contents)?,
                ClassData::Serial { fields, annotation } if !externalizable => {
                    let desc = graph.class_desc(desc).ok_or_else(|| {
                        mismatch("class chain holds a non-descriptor".to_string())
                    })?;
                    let fields = graph.values(*fields);
                    self.serial_data(desc, fields, annotation.as_deref(), cut_here)
                        .map_err(|reason| match reason {
                            Shape::Write(e) => e,
                            Shape::Mismatch(r) => mismatch(r),
                        })?
                }
                _ => return Err(mismatch("class data kind does not match the flags".into())),
            };
            if flow == Flow::Aborted {
                return Ok(Flow::Aborted);
            }
            if !cut_here && matches!(data, ClassData::External(_)) {
                self.out.push(TC_ENDBLOCKDATA);
            }
        }
        Ok(if object.complete {
            Flow::Done
        } else {
            Flow::Aborted
        })
    }

    fn serial_data(
        &mut self,
        desc: &ClassDesc<'_>,
        fields: &[Value],
        annotation: Option<&[Content<'a>]>,
        cut_here: bool,
    ) -> Result<Flow, Shape> {
        let field_descs = desc.fields();
        // No field values at all: a writeObject that skipped defaultWriteObject (the reader
        // keeps such an instance so, when its fields are all references).
        let skipped_defaults = fields.is_empty()
            && annotation.is_some()
            && desc.flags() & SC_WRITE_METHOD != 0
            && field_descs.iter().all(|f| f.ty.is_reference());
        if fields.len() > field_descs.len()
            || (!cut_here && !skipped_defaults && fields.len() != field_descs.len())
        {
            return Err(Shape::Mismatch(format!(
                "{} field values for {} fields",
                fields.len(),
                field_descs.len()
            )));
        }
        for (value, field) in fields.iter().zip(field_descs) {
            let matches = if field.ty.is_reference() {
                matches!(value, Value::Ref(_))
            } else {
                value.field_type() == field.ty
            };
            if !matches {
                return Err(Shape::Mismatch(format!(
                    "field {} holds a {:?} value",
                    field.name,
                    value.field_type()
                )));
            }
        }
        // Primitives are written as one run before the references, as in the descriptor.
        for value in fields {
            encode_primitive(value, self.out);
        }
        for value in fields {
            if let Value::Ref(r) = value {
                if self.object(*r).map_err(Shape::Write)? == Flow::Aborted {
                    return Ok(Flow::Aborted);
                }
            }
        }
        let has_write_method = desc.flags() & SC_WRITE_METHOD != 0;
        match annotation {
            Some(contents) if has_write_method => {
                if self.contents(contents).map_err(Shape::Write)? == Flow::Aborted {
                    return Ok(Flow::Aborted);
                }
                if !cut_here {
                    self.out.push(TC_ENDBLOCKDATA);
                }
            }
            None if has_write_method && !cut_here => {
                return Err(Shape::Mismatch(
                    "class has writeObject data but no annotation".into(),
                ))
            }
            Some(_) if !has_write_method => {
                return Err(Shape::Mismatch(
                    "annotation on a class without writeObject".into(),
                ))
            }
            _ => {}
        }
        Ok(if cut_here { Flow::Aborted } else { Flow::Done })
    }

    fn new_array(&mut self, id: NodeId, array: &'g Array<'a>) -> Result<Flow, WriteError> {
        self.out.push(TC_ARRAY);
        self.class_desc(Some(array.class))?;
        self.assign(id)?;
        let len = array
            .aborted_length
            .map_or(array.elements.len(), |n| n as usize);
        let len32 = i32::try_from(len).map_err(|_| WriteError::TooLong { what: "array", len })?;
        self.out.extend_from_slice(&len32.to_be_bytes());
        match &array.elements {
            Elements::Primitive { raw, .. } => self.out.extend_from_slice(raw),
            Elements::Object(refs) => {
                for r in refs {
                    if self.object(*r)? == Flow::Aborted {
                        return Ok(Flow::Aborted);
                    }
                }
            }
        }
        Ok(if array.aborted_length.is_none() {
            Flow::Done
        } else {
            Flow::Aborted
        })
    }
}

enum Shape {
    Write(WriteError),
    Mismatch(String),
}
