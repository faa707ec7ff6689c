//! The backup file: every value a migration replaces, appended and synced to disk before the
//! replacement is written, so `jsess rollback` can put each one back byte for byte.
//!
//! Layout (`docs/redis.md`): the 8 bytes `JSESSBK1`, then records, each
//! `u32 length` + body + `u32 CRC-32 of the body`, big-endian. A body is
//! `u32 key length, key, u8 1|0 (a previous value follows or not), [u32 length, value],
//! i64 PTTL when read (-1 no expiry), i64 Unix milliseconds when read,
//! 20 bytes SHA-1 of the value written in its place`, then for a hash key (whose values are
//! hash images, [`crate::hash_image`]) the byte 1 (files of strings only end without it). A record cut short by a crash fails its
//! length or CRC and is dropped (its write never happened: the file is synced before writing).

use std::fs::{File, OpenOptions};
use std::io::{BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use crate::error::io;
use crate::{Error, Key, ValueKind};

const MAGIC: &[u8; 8] = b"JSESSBK1";
/// Largest record accepted when reading (a key plus a value Redis could hold, 512 MiB).
const MAX_RECORD: u32 = 512 * 1024 * 1024 + 64 * 1024;

/// One replaced value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// The key.
    pub key: Key,
    /// The value before, `None` when there was none (a new key under a target prefix).
    pub previous: Option<Vec<u8>>,
    /// `PTTL` of the previous value when read (-1: no expiry).
    pub pttl: i64,
    /// When it was read, Unix milliseconds.
    pub read_at_ms: i64,
    /// SHA-1 of the value written in its place.
    pub written_sha1: [u8; 20],
    /// A string key, or a hash key (`previous` is then a hash image).
    pub kind: ValueKind,
}

/// A [`Record`] whose key and value are borrowed, so that a batch's records go to the file
/// without copying the values they back up first.
#[derive(Debug, Clone, Copy)]
pub struct RecordRef<'a> {
    /// The key.
    pub key: &'a [u8],
    /// The value before, `None` when there was none.
    pub previous: Option<&'a [u8]>,
    /// `PTTL` of the previous value when read (-1: no expiry).
    pub pttl: i64,
    /// When it was read, Unix milliseconds.
    pub read_at_ms: i64,
    /// SHA-1 of the value written in its place.
    pub written_sha1: [u8; 20],
    /// A string key, or a hash key (`previous` is then a hash image).
    pub kind: ValueKind,
}

impl RecordRef<'_> {
    /// Writes the record, length and CRC included, piece by piece: the CRC is computed as the
    /// body goes out rather than over a copy of it.
    fn write_to(&self, out: &mut impl Write) -> std::io::Result<()> {
        let previous_len = self.previous.map_or(0, |p| 4 + p.len());
        let hash_marker: &[u8] = if self.kind == ValueKind::Hash {
            &[1]
        } else {
            &[]
        };
        let body_len = 4 + self.key.len() + 1 + previous_len + 8 + 8 + 20 + hash_marker.len();
        let be32 = |n: usize| {
            u32::try_from(n)
                .map(u32::to_be_bytes)
                .map_err(|_| std::io::Error::other("a backup record over 4 GiB"))
        };
        // The length is outside the CRC.
        out.write_all(&be32(body_len)?)?;
        let mut crc = crc32fast::Hasher::new();
        let mut piece = |bytes: &[u8]| {
            crc.update(bytes);
            out.write_all(bytes)
        };
        piece(&be32(self.key.len())?)?;
        piece(self.key)?;
        match self.previous {
            Some(p) => {
                piece(&[1])?;
                piece(&be32(p.len())?)?;
                piece(p)?;
            }
            None => piece(&[0])?,
        }
        piece(&self.pttl.to_be_bytes())?;
        piece(&self.read_at_ms.to_be_bytes())?;
        piece(&self.written_sha1)?;
        piece(hash_marker)?;
        out.write_all(&crc.finalize().to_be_bytes())
    }
}

impl Record {
    /// This record, borrowed.
    pub fn as_ref(&self) -> RecordRef<'_> {
        RecordRef {
            key: &self.key,
            previous: self.previous.as_deref(),
            pttl: self.pttl,
            read_at_ms: self.read_at_ms,
            written_sha1: self.written_sha1,
            kind: self.kind,
        }
    }

    fn decode(body: &[u8]) -> Option<Record> {
        let mut r = body;
        let mut take = |n: usize| -> Option<&[u8]> {
            let (head, rest) = (r.get(..n)?, r.get(n..)?);
            r = rest;
            Some(head)
        };
        let be32 = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]) as usize;
        let key_len = be32(take(4)?);
        let key = take(key_len)?.to_vec();
        let previous = match take(1)?[0] {
            0 => None,
            1 => {
                let n = be32(take(4)?);
                Some(take(n)?.to_vec())
            }
            _ => return None,
        };
        let pttl = i64::from_be_bytes(take(8)?.try_into().ok()?);
        let read_at_ms = i64::from_be_bytes(take(8)?.try_into().ok()?);
        let written_sha1: [u8; 20] = take(20)?.try_into().ok()?;
        let kind = match r {
            [] => ValueKind::String,
            [1] => ValueKind::Hash,
            _ => return None,
        };
        Some(Record {
            key,
            previous,
            pttl,
            read_at_ms,
            written_sha1,
            kind,
        })
    }
}

/// Appends records; [`BackupWriter::sync`] makes them durable.
pub struct BackupWriter {
    path: PathBuf,
    file: BufWriter<File>,
}

impl BackupWriter {
    /// Creates a new backup file; refuses to overwrite one.
    pub fn create(path: &Path) -> Result<BackupWriter, Error> {
        let mut file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(path)
            .map_err(io(path.display()))?;
        file.write_all(MAGIC).map_err(io(path.display()))?;
        file.sync_all().map_err(io(path.display()))?;
        Ok(BackupWriter {
            path: path.to_path_buf(),
            file: BufWriter::new(file),
        })
    }

    /// Reopens a backup file to append to it, dropping a record a crash cut short.
    pub fn resume(path: &Path) -> Result<BackupWriter, Error> {
        let (valid_len, _) = scan(path)?;
        let mut file = OpenOptions::new()
            .write(true)
            .open(path)
            .map_err(io(path.display()))?;
        file.set_len(valid_len).map_err(io(path.display()))?;
        file.seek(SeekFrom::End(0)).map_err(io(path.display()))?;
        Ok(BackupWriter {
            path: path.to_path_buf(),
            file: BufWriter::new(file),
        })
    }

    /// Adds one record (buffered: [`BackupWriter::sync`] makes it durable).
    pub fn append(&mut self, record: &Record) -> Result<(), Error> {
        self.append_ref(record.as_ref())
    }

    /// [`BackupWriter::append`] of a borrowed record.
    pub fn append_ref(&mut self, record: RecordRef<'_>) -> Result<(), Error> {
        record
            .write_to(&mut self.file)
            .map_err(io(self.path.display()))
    }

    /// Flushes and syncs to disk: after this the records survive a crash.
    pub fn sync(&mut self) -> Result<(), Error> {
        self.file.flush().map_err(io(self.path.display()))?;
        self.file
            .get_ref()
            .sync_data()
            .map_err(io(self.path.display()))
    }

    /// Hands the records appended so far to the file and returns what syncs them, so that the
    /// sync (milliseconds on a real disk) can run beside other work. Nothing that needs them
    /// durable (the writes they back up) may start before [`Unsynced::sync`] returns.
    pub fn flush(&mut self) -> Result<Unsynced, Error> {
        self.file.flush().map_err(io(self.path.display()))?;
        let file = self
            .file
            .get_ref()
            .try_clone()
            .map_err(io(self.path.display()))?;
        Ok(Unsynced {
            file,
            path: self.path.clone(),
        })
    }
}

/// Backup records written to the file but not yet synced ([`BackupWriter::flush`]).
#[derive(Debug)]
pub struct Unsynced {
    file: File,
    path: PathBuf,
}

impl Unsynced {
    /// Syncs the records to disk: after this they survive a crash.
    pub fn sync(self) -> Result<(), Error> {
        self.file.sync_data().map_err(io(self.path.display()))
    }
}

/// Reads the offsets of every whole record: (length of the valid part, offsets).
fn scan(path: &Path) -> Result<(u64, Vec<u64>), Error> {
    let file = File::open(path).map_err(io(path.display()))?;
    let mut reader = BufReader::new(file);
    let mut magic = [0u8; 8];
    reader.read_exact(&mut magic).map_err(io(path.display()))?;
    if &magic != MAGIC {
        return Err(Error::Corrupt {
            path: path.display().to_string(),
            reason: "not a jsess backup file".into(),
        });
    }
    let mut offsets = Vec::new();
    let mut at = MAGIC.len() as u64;
    let mut body = Vec::new();
    loop {
        let mut len = [0u8; 4];
        if reader.read_exact(&mut len).is_err() {
            break;
        }
        let len = u32::from_be_bytes(len);
        if len > MAX_RECORD {
            break;
        }
        body.resize(len as usize, 0);
        let mut crc = [0u8; 4];
        if reader.read_exact(&mut body).is_err() || reader.read_exact(&mut crc).is_err() {
            break;
        }
        if crc32fast::hash(&body) != u32::from_be_bytes(crc) || Record::decode(&body).is_none() {
            break;
        }
        offsets.push(at);
        at += 8 + u64::from(len);
    }
    Ok((at, offsets))
}

/// Reads a backup file's records, newest first (so a key backed up twice ends with its first
/// previous value).
pub struct BackupReader {
    path: PathBuf,
    file: File,
    offsets: Vec<u64>,
}

impl BackupReader {
    /// Opens a backup file and checks its header.
    pub fn open(path: &Path) -> Result<BackupReader, Error> {
        let (_, offsets) = scan(path)?;
        Ok(BackupReader {
            path: path.to_path_buf(),
            file: File::open(path).map_err(io(path.display()))?,
            offsets,
        })
    }

    /// How many records the backup holds.
    pub fn len(&self) -> usize {
        self.offsets.len()
    }

    /// Whether the backup holds no record.
    pub fn is_empty(&self) -> bool {
        self.offsets.is_empty()
    }

    /// The next record, newest first.
    pub fn next_newest(&mut self) -> Result<Option<Record>, Error> {
        let Some(offset) = self.offsets.pop() else {
            return Ok(None);
        };
        let path = self.path.display().to_string();
        self.file.seek(SeekFrom::Start(offset)).map_err(io(&path))?;
        let mut len = [0u8; 4];
        self.file.read_exact(&mut len).map_err(io(&path))?;
        let mut body = vec![0u8; u32::from_be_bytes(len) as usize];
        self.file.read_exact(&mut body).map_err(io(&path))?;
        Record::decode(&body).map(Some).ok_or(Error::Corrupt {
            path,
            reason: format!("record at {offset} changed while reading"),
        })
    }
}

/// The records, newest first (as [`BackupReader::next_newest`] reads them).
impl Iterator for BackupReader {
    type Item = Result<Record, Error>;

    fn next(&mut self) -> Option<Result<Record, Error>> {
        self.next_newest().transpose()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encoded(record: &Record) -> Vec<u8> {
        let mut out = Vec::new();
        record.as_ref().write_to(&mut out).expect("to memory");
        out
    }

    /// The layout the module documents, spelled out field by field: files written by earlier
    /// versions must stay readable, and theirs by earlier versions.
    #[test]
    fn records_keep_the_documented_layout() {
        let record = |previous: Option<Vec<u8>>, kind| Record {
            key: b"sess".to_vec(),
            previous,
            pttl: -1,
            read_at_ms: 0x0102_0304_0506,
            written_sha1: [7; 20],
            kind,
        };
        let mut body = vec![0, 0, 0, 4];
        body.extend_from_slice(b"sess");
        body.extend_from_slice(&[1, 0, 0, 0, 3, b'a', b'b', b'c']);
        body.extend_from_slice(&(-1i64).to_be_bytes());
        body.extend_from_slice(&0x0102_0304_0506i64.to_be_bytes());
        body.extend_from_slice(&[7; 20]);
        let framed = |body: &[u8]| {
            let mut out = (body.len() as u32).to_be_bytes().to_vec();
            out.extend_from_slice(body);
            out.extend_from_slice(&crc32fast::hash(body).to_be_bytes());
            out
        };
        let string = record(Some(b"abc".to_vec()), ValueKind::String);
        assert_eq!(encoded(&string), framed(&body));
        let mut hash_body = body.clone();
        hash_body.push(1);
        let hash = record(Some(b"abc".to_vec()), ValueKind::Hash);
        assert_eq!(encoded(&hash), framed(&hash_body));
        let mut none_body = vec![0, 0, 0, 4];
        none_body.extend_from_slice(b"sess");
        none_body.push(0);
        none_body.extend_from_slice(&body[4 + 4 + 8..]);
        assert_eq!(
            encoded(&record(None, ValueKind::String)),
            framed(&none_body)
        );
        for r in [string, hash, record(None, ValueKind::String)] {
            let bytes = encoded(&r);
            assert_eq!(Record::decode(&bytes[4..bytes.len() - 4]), Some(r));
        }
    }

    #[test]
    fn records_survive_a_torn_tail() {
        let dir = std::env::temp_dir().join(format!("jsess-backup-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let path = dir.join("b.bak");
        let _ = std::fs::remove_file(&path);
        let record = |i: u8| Record {
            key: vec![b'k', i],
            previous: i.is_multiple_of(2).then(|| vec![i; 300]),
            pttl: i64::from(i) * 1000 - 1,
            read_at_ms: 1_700_000_000_000,
            written_sha1: [i; 20],
            kind: if i.is_multiple_of(2) {
                ValueKind::String
            } else {
                ValueKind::Hash
            },
        };
        let mut w = BackupWriter::create(&path).expect("create");
        for i in 0..3 {
            w.append(&record(i)).expect("append");
        }
        w.sync().expect("sync");
        drop(w);
        assert!(BackupWriter::create(&path).is_err(), "never overwrites");
        // A crash in the middle of the fourth record.
        let mut bytes = std::fs::read(&path).expect("read");
        let whole = bytes.len();
        bytes.extend_from_slice(&encoded(&record(3))[..20]);
        std::fs::write(&path, &bytes).expect("write");
        let mut w = BackupWriter::resume(&path).expect("resume");
        assert_eq!(
            std::fs::metadata(&path).expect("meta").len() as usize,
            whole
        );
        w.append(&record(4)).expect("append");
        w.sync().expect("sync");
        let mut r = BackupReader::open(&path).expect("open");
        assert_eq!(r.len(), 4);
        let first = r.next_newest().expect("read");
        let rest: Vec<Record> = r.map(|rec| rec.expect("read")).collect();
        assert_eq!(first, Some(record(4)));
        assert_eq!(rest, vec![record(2), record(1), record(0)]);
    }
}
