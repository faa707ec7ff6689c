//! Store-wide migration: the format side of [`jsess_store::Rewrite`].

use jsess_model::Codec;
use std::sync::Arc;

use jsess_msm::{sniff, Formats, Kind};
use jsess_store::{Decision, Plan, Report, Rewrite, Settings, Store};

use crate::{Error, Limits, Options};

/// Re-encodes every session in one format, each verified before it is written
/// ([`crate::transcode`]): what a store-wide [`Rewrite`] writes.
pub struct Transcoding {
    target: Box<dyn Codec>,
    /// Made once for the whole store: msm-kryo keeps what it learns about each class.
    formats: Arc<Formats>,
    limits: Limits,
}

impl Transcoding {
    /// Sessions to the format `to` (one of [`crate::FORMAT_NAMES`]).
    pub fn new(to: &str, options: &Options) -> Result<Transcoding, Error> {
        Ok(Transcoding {
            target: crate::codec(to, options)?,
            formats: Arc::clone(options.formats()),
            limits: *options.get_limits(),
        })
    }

    fn detect(&self, bytes: &[u8]) -> Option<&dyn Codec> {
        self.formats.detect(bytes)
    }
}

impl Plan for Transcoding {
    fn decide(&self, _key: &[u8], bytes: &[u8]) -> Decision {
        let Some(source) = self.detect(bytes) else {
            return not_a_session(bytes);
        };
        let session = match source.decode(bytes, &self.limits) {
            Ok(session) => session,
            Err(e) => return Decision::Fail(format!("{} session rejected: {e}", source.name())),
        };
        let id = session.envelope.id.to_vec();
        let written_at = session.envelope.last_backup_time;
        if source.name() == self.target.name() {
            return Decision::AlreadyTarget {
                format: source.name().to_string(),
                id,
                written_at,
            };
        }
        match jsess_msm::transcode_decoded(
            source,
            self.target.as_ref(),
            bytes,
            &session,
            &self.limits,
        ) {
            Ok(done) => Decision::Write {
                bytes: done.bytes,
                id,
                written_at,
                dropped: Vec::new(),
            },
            Err(e) => Decision::Fail(e.to_string()),
        }
    }

    fn written_at(&self, bytes: &[u8]) -> Option<i64> {
        let codec = self.detect(bytes)?;
        let session = codec.decode(bytes, &self.limits).ok()?;
        Some(session.envelope.last_backup_time)
    }
}

/// Why a value that no registry format reads is left alone.
pub(crate) fn not_a_session(bytes: &[u8]) -> Decision {
    match sniff(bytes) {
        Kind::Ping => Decision::Skip("ping artifact (1-byte value)".into()),
        Kind::Lock => Decision::Skip("lock value".into()),
        Kind::Validity => Decision::Skip("validity-shaped value".into()),
        Kind::Session(format) => Decision::Fail(format!(
            "session in {}, a format jsess does not read yet: left untouched",
            format.name()
        )),
        Kind::JavaStream => Decision::Skip("foreign value (bare Java stream)".into()),
        Kind::Unknown => Decision::Skip("foreign value".into()),
    }
}

/// Migrates every session of `store` to the format `to` in one pass: each value verified,
/// backed up to `settings.backup`, written with compare-and-set (a concurrent write wins), the
/// checkpoint saved after each batch. [`rollback`](crate::store::rollback) undoes it.
pub fn migrate(
    store: Box<dyn Store>,
    to: &str,
    options: &Options,
    settings: Settings,
) -> Result<Report, Error> {
    let plan = Transcoding::new(to, options)?;
    let mut rewrite = Rewrite::start(store, &plan, settings)?;
    rewrite.pass()?;
    Ok(rewrite.report())
}
