//! msm's Kryo attribute maps read and written over one set of class layouts, with what is
//! worked out about each class kept from one blob to the next.

use std::sync::Arc;

use jsess_model::{Graph, Limits, NodeId, Ref};

use crate::classes::{Dialect, RedissonRelease};
use crate::error::{ReadError, WriteError};
use crate::memo::ClassMemo;
use crate::read::{KryoAttributes, Reader};
use crate::schema::Schemas;
use crate::wire::Output;
use crate::write::{write_map, Writer};

/// Reads and writes msm's Kryo attribute maps over one set of class layouts, remembering what
/// it works out about each class (its serializer, its Java descriptors) for the blobs after,
/// as msm's `KryoTranscoder` keeps one configured `Kryo`: what a whole store wants, where
/// [`read_attributes`](crate::read_attributes) and
/// [`write_attributes`](crate::write_attributes) start from nothing each time. It can be
/// shared between threads; what it remembers is bounded by the layouts.
///
/// ```
/// use std::sync::Arc;
/// use jsess_kryo::{Schemas, Transcoder};
///
/// let kryo = Transcoder::new(Arc::new(Schemas::new()));
/// // msm's attribute map holding "id" -> Integer 7: new-object marker, count 1, then each
/// // entry's class tag, reference marker (strings only) and value (Kryo's ASCII string form
/// // ends with the high bit set; an int is a zigzag varint).
/// let bytes = [0x01, 0x01, 0x03, 0x01, b'i', b'd' | 0x80, 0x02, 0x0e];
/// let read = kryo.read(&bytes, &Default::default())?;
/// assert_eq!(read.attributes.len(), 1);
///
/// // Written back, the same bytes.
/// let graph = read.builder.graph();
/// assert_eq!(kryo.write(graph, &read.attributes, Vec::new())?, bytes);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct Transcoder {
    memo: ClassMemo,
}

impl Transcoder {
    /// A transcoder over these layouts, with Kryo configured as msm configures it.
    pub fn new(schemas: Arc<Schemas>) -> Self {
        Transcoder {
            memo: ClassMemo::new(schemas, Dialect::Msm, RedissonRelease::LATEST),
        }
    }

    /// The layouts it works with.
    pub fn schemas(&self) -> &Schemas {
        self.memo.schemas()
    }

    /// [`read_attributes`](crate::read_attributes), with what earlier blobs taught it.
    pub fn read(&self, bytes: &[u8], limits: &Limits) -> Result<KryoAttributes, ReadError> {
        match self.read_prefix(bytes, limits) {
            (read, None) => Ok(read),
            (_, Some(error)) => Err(error),
        }
    }

    /// [`read_attributes_prefix`](crate::read_attributes_prefix), with what earlier blobs
    /// taught it.
    pub fn read_prefix(
        &self,
        bytes: &[u8],
        limits: &Limits,
    ) -> (KryoAttributes, Option<ReadError>) {
        Reader::over_memo(bytes, &self.memo, limits).attributes(bytes.len())
    }

    /// [`write_attributes`](crate::write_attributes), with what earlier blobs taught it.
    pub fn write(
        &self,
        graph: &Graph<'_>,
        attributes: &[(NodeId, Ref)],
        out: Vec<u8>,
    ) -> Result<Vec<u8>, WriteError> {
        write_map(
            Writer::over_memo(graph, &self.memo, Output::wrap(out)),
            attributes,
        )
    }
}
