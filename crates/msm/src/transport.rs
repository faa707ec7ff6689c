//! Transport wrappings that tools put around Java streams before storing them: base64 text
//! (`rO0AB…`, what Redis GUIs and web frameworks keep) and gzip (`1F 8B`). Unwrapping is bounded
//! by the stream-size limit, so a decompression bomb is refused instead of inflated.

use std::io::Read;

use base64::Engine;
use jsess_model::Limits;

use crate::error::Error;

/// A wrapping removed from a blob.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transport {
    /// Standard base64 of a Java stream.
    Base64,
    /// gzip.
    Gzip,
}

impl Transport {
    /// `base64` or `gzip`.
    pub fn name(self) -> &'static str {
        match self {
            Transport::Base64 => "base64",
            Transport::Gzip => "gzip",
        }
    }
}

/// Removes base64 and gzip wrappings (either order, at most two), returning the inner bytes
/// and the wrappings removed, outermost first. Bytes with no wrapping come back unchanged.
pub fn unwrap_transport(bytes: &[u8], limits: &Limits) -> Result<(Vec<u8>, Vec<Transport>), Error> {
    let mut current = bytes.to_vec();
    let mut removed = Vec::new();
    for _ in 0..2 {
        let trimmed = current.trim_ascii();
        if trimmed.starts_with(b"rO0AB") || trimmed.starts_with(b"H4sI") {
            current = base64::engine::general_purpose::STANDARD
                .decode(trimmed)
                .map_err(|e| Error::Transport(format!("base64: {e}")))?;
            removed.push(Transport::Base64);
        } else if current.starts_with(&[0x1F, 0x8B]) {
            let mut out = Vec::new();
            let cap = limits.max_stream_bytes as u64;
            flate2::read::GzDecoder::new(&current[..])
                .take(cap.saturating_add(1))
                .read_to_end(&mut out)
                .map_err(|e| Error::Transport(format!("gzip: {e}")))?;
            if out.len() as u64 > cap {
                return Err(Error::Transport(format!(
                    "gzip content is larger than max_stream_bytes ({cap})"
                )));
            }
            current = out;
            removed.push(Transport::Gzip);
        } else {
            break;
        }
    }
    Ok((current, removed))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_and_gzip_unwrap() {
        let java = [0xAC, 0xED, 0x00, 0x05, 0x74, 0x00, 0x02, b'h', b'i'];
        let text = base64::engine::general_purpose::STANDARD.encode(java);
        assert!(text.starts_with("rO0AB"));
        let (inner, removed) = unwrap_transport(text.as_bytes(), &Limits::DEFAULT).expect("base64");
        assert_eq!(
            (inner.as_slice(), removed.as_slice()),
            (&java[..], &[Transport::Base64][..])
        );

        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        std::io::Write::write_all(&mut gz, &java).expect("gzip");
        let gz = gz.finish().expect("gzip");
        let (inner, removed) = unwrap_transport(&gz, &Limits::DEFAULT).expect("gzip");
        assert_eq!(
            (inner.as_slice(), removed.as_slice()),
            (&java[..], &[Transport::Gzip][..])
        );
        let both = base64::engine::general_purpose::STANDARD.encode(&gz);
        let (inner, removed) = unwrap_transport(both.as_bytes(), &Limits::DEFAULT).expect("both");
        assert_eq!((inner.as_slice(), removed.len()), (&java[..], 2));
    }

    #[test]
    fn gzip_bombs_are_refused() {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        std::io::Write::write_all(&mut gz, &vec![0u8; 10 << 20]).expect("gzip");
        let bomb = gz.finish().expect("gzip");
        let limits = Limits {
            max_stream_bytes: 1 << 20,
            ..Limits::DEFAULT
        };
        assert!(matches!(
            unwrap_transport(&bomb, &limits),
            Err(Error::Transport(_))
        ));
    }
}
