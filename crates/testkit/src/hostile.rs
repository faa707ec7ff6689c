//! Hand-made Java serialization streams of the hostile shapes (deep nesting, reference fan-out,
//! nested hash sets, huge length claims), built byte by byte so no writer's checks stand in the
//! way. The test suites and the crafted corpus (`corpora/hostile/crafted`) share them.

/// `[Ljava.lang.Object;`
pub const OBJECT_ARRAY: &[u8] = b"[Ljava.lang.Object;";

/// `AC ED 00 05` followed by `body`.
pub fn stream(body: &[u8]) -> Vec<u8> {
    let mut s = Vec::with_capacity(body.len() + 4);
    s.extend_from_slice(&[0xAC, 0xED, 0x00, 0x05]);
    s.extend_from_slice(body);
    s
}

/// A new `TC_CLASSDESC` for an array class with no fields and no superclass (handle 0 when
/// it comes first).
pub fn array_desc(name: &[u8]) -> Vec<u8> {
    let mut d = vec![0x72];
    d.extend_from_slice(&(name.len() as u16).to_be_bytes());
    d.extend_from_slice(name);
    d.extend_from_slice(&0x1234_i64.to_be_bytes());
    d.extend_from_slice(&[0x02, 0x00, 0x00, 0x78, 0x70]);
    d
}

/// `depth` object arrays, each holding the next; the innermost holds null.
pub fn nested_arrays(depth: usize) -> Vec<u8> {
    let mut body = Vec::with_capacity(depth * 10 + 64);
    body.push(0x75);
    body.extend_from_slice(&array_desc(OBJECT_ARRAY));
    body.extend_from_slice(&1i32.to_be_bytes());
    for _ in 1..depth {
        body.extend_from_slice(&[0x75, 0x71, 0x00, 0x7E, 0x00, 0x00]);
        body.extend_from_slice(&1i32.to_be_bytes());
    }
    body.push(0x70);
    stream(&body)
}

/// `depth` objects of a class `N` whose one field (`N next`) holds the next; the innermost
/// holds null. Each level goes through an instance, its class data and a field, the deepest
/// path of a reader.
pub fn nested_objects(depth: usize) -> Vec<u8> {
    let mut body = Vec::with_capacity(depth * 6 + 64);
    // TC_OBJECT, TC_CLASSDESC "N", suid, SC_SERIALIZABLE, one field `L next` of type "LN;",
    // no annotation, no superclass: handles 0 (descriptor) and 1 (type string).
    body.extend_from_slice(&[0x73, 0x72, 0x00, 0x01, b'N']);
    body.extend_from_slice(&0x1234_i64.to_be_bytes());
    body.extend_from_slice(&[0x02, 0x00, 0x01, b'L', 0x00, 0x04]);
    body.extend_from_slice(b"next");
    body.extend_from_slice(&[0x74, 0x00, 0x03, b'L', b'N', b';', 0x78, 0x70]);
    for _ in 1..depth {
        body.extend_from_slice(&[0x73, 0x71, 0x00, 0x7E, 0x00, 0x00]);
    }
    body.push(0x70);
    stream(&body)
}

/// `levels` + 1 arrays, each holding the previous one twice: 2^levels paths through
/// `levels + 1` objects (handle 0 is the descriptor, then one handle a level).
pub fn fan_out(levels: u32) -> Vec<u8> {
    let mut body = vec![0x75];
    body.extend_from_slice(&array_desc(OBJECT_ARRAY));
    body.extend_from_slice(&0i32.to_be_bytes());
    for level in 1..=levels {
        body.extend_from_slice(&[0x75, 0x71, 0x00, 0x7E, 0x00, 0x00]);
        body.extend_from_slice(&2i32.to_be_bytes());
        let previous = 0x7E_0000u32 + level;
        for _ in 0..2 {
            body.push(0x71);
            body.extend_from_slice(&previous.to_be_bytes());
        }
    }
    stream(&body)
}

/// `depth` HashSets, each holding the next (the SerialDOS shape, one element per level).
pub fn nested_sets(depth: usize) -> Vec<u8> {
    // HashSet: TC_OBJECT, descriptor (first time) or reference, then its writeObject data:
    // capacity, load factor, size, elements.
    let mut body = Vec::new();
    for level in 0..depth {
        body.push(0x73);
        if level == 0 {
            body.extend_from_slice(&[0x72, 0x00, 0x11]);
            body.extend_from_slice(b"java.util.HashSet");
            body.extend_from_slice(&(-5024744406713321676i64).to_be_bytes());
            body.extend_from_slice(&[0x03, 0x00, 0x00, 0x78, 0x70]);
        } else {
            body.extend_from_slice(&[0x71, 0x00, 0x7E, 0x00, 0x00]);
        }
        body.extend_from_slice(&[0x77, 0x0C]);
        body.extend_from_slice(&16i32.to_be_bytes());
        body.extend_from_slice(&0.75f32.to_bits().to_be_bytes());
        body.extend_from_slice(&1i32.to_be_bytes());
    }
    body.push(0x70);
    body.extend(std::iter::repeat_n(0x78, depth));
    stream(&body)
}

/// `count` top-level class descriptors, each of a class with `fields` (at most 32,767) `int`
/// fields: the widest descriptors a stream can hold, one after the other. Each field name is
/// the field's number in three letters, so the names differ.
pub fn wide_class_descs(count: usize, fields: u16) -> Vec<u8> {
    let fields = fields.min(i16::MAX as u16);
    const LETTERS: &[u8; 52] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    let letter = |n: usize| LETTERS[n % LETTERS.len()];
    let mut body = Vec::with_capacity(count * (usize::from(fields) * 6 + 20));
    for _ in 0..count {
        body.extend_from_slice(&[0x72, 0x00, 0x01, b'W']);
        body.extend_from_slice(&0x1234_i64.to_be_bytes());
        body.push(0x02);
        body.extend_from_slice(&fields.to_be_bytes());
        for n in 0..usize::from(fields) {
            body.extend_from_slice(&[
                b'I',
                0x00,
                0x03,
                letter(n / 2704),
                letter(n / 52),
                letter(n),
            ]);
        }
        body.extend_from_slice(&[0x78, 0x70]);
    }
    stream(&body)
}
