//! Moving sessions between session managers' layouts in one store: msm's one string per
//! session, Redisson's and Spring Session's one hash per session (`docs/layouts.md`). The
//! format side of a [`jsess_store::Rewrite`] whose source and target keys differ; every
//! session is converted, converted back and compared before it is written.

use std::sync::Arc;

use jsess_layouts::convert::{from_msm_in, to_msm_with, Allow};
use jsess_layouts::{redisson, spring, HashSession};
use jsess_model::{Codec, Session};
use jsess_msm::Formats;
use jsess_store::{hash_fields, hash_image, Decision, Plan, Settings, ValueKind};

use crate::{Error, Limits, Options};

mod tomcat;

/// A session manager's layout, with where its keys live.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Layout {
    /// memcached-session-manager: one string per session under `prefix + id`, in `format`
    /// (one of [`crate::FORMAT_NAMES`], written when msm is the target).
    Msm {
        /// What comes before the id (`""` for msm's defaults).
        prefix: String,
        /// The format sessions are written in.
        format: String,
    },
    /// Redisson's Tomcat manager: `[keyPrefix:]redisson:tomcat_session:ID` hashes.
    Redisson {
        /// The manager's `keyPrefix` (usually empty).
        key_prefix: String,
    },
    /// Spring Session Data Redis: `NAMESPACE:sessions:ID` hashes.
    Spring {
        /// `spring.session.redis.namespace` (`spring:session` by default).
        namespace: String,
    },
    /// Tomcat's `FileStore`: one `ID.session` file per session, in Tomcat's own stream
    /// (`docs/tomcat.md`), in a directory store.
    TomcatFile {
        /// Which Tomcat versions' stream is written.
        profile: jsess_tomcat::Profile,
    },
    /// The older Redis managers built on Tomcat's stream: jcoleman 2.0 and 1.x and ran-jit
    /// (one string per session under its raw id), chexagon (under `_rsm_` + id).
    TomcatManager {
        /// Which manager ([`jsess_tomcat::Container::Jcoleman`], …).
        container: jsess_tomcat::Container,
        /// Which Tomcat versions' stream is written inside.
        profile: jsess_tomcat::Profile,
        /// What comes before the id (chexagon's `sessionKeyPrefix`, `_rsm_` by default).
        prefix: String,
    },
}

/// The suffix of a `FileStore` session file.
const SESSION_FILE: &[u8] = b".session";

impl Layout {
    /// The layout called `name` (`msm`, `redisson`, `spring-session`) with its usual keys;
    /// `prefix` replaces the default key prefix (Redisson's `keyPrefix`, Spring's namespace,
    /// msm's prefix).
    pub fn named(name: &str, prefix: Option<&str>) -> Result<Layout, Error> {
        let prefix = prefix.map(str::to_string);
        match name {
            "msm" => Ok(Layout::Msm {
                prefix: prefix.unwrap_or_default(),
                format: "msm-java".into(),
            }),
            "redisson" => Ok(Layout::Redisson {
                key_prefix: prefix.unwrap_or_default(),
            }),
            "spring-session" => Ok(Layout::Spring {
                namespace: prefix.unwrap_or_else(|| spring::NAMESPACE.into()),
            }),
            "tomcat-file" => Ok(Layout::TomcatFile {
                profile: jsess_tomcat::Profile::LoginNotes,
            }),
            "jcoleman" | "jcoleman-1" | "ran-jit" | "chexagon" => {
                let container = match name {
                    "jcoleman" => jsess_tomcat::Container::Jcoleman,
                    "jcoleman-1" => jsess_tomcat::Container::JcolemanLegacy,
                    "ran-jit" => jsess_tomcat::Container::RanJit,
                    _ => jsess_tomcat::Container::Chexagon,
                };
                let default = if name == "chexagon" { "_rsm_" } else { "" };
                Ok(Layout::TomcatManager {
                    container,
                    profile: jsess_tomcat::Profile::Login,
                    prefix: prefix.unwrap_or_else(|| default.into()),
                })
            }
            other => Err(Error::Usage(format!(
                "layout {other:?} (layouts: msm, redisson, spring-session, tomcat-file, jcoleman, \
                 jcoleman-1, ran-jit, chexagon)"
            ))),
        }
    }

    /// The layout's name.
    pub fn name(&self) -> &'static str {
        match self {
            Layout::Msm { .. } => "msm",
            Layout::Redisson { .. } => redisson::LAYOUT.name,
            Layout::Spring { .. } => spring::LAYOUT.name,
            Layout::TomcatFile { .. } => "tomcat-file",
            Layout::TomcatManager { container, .. } => container.layout(),
        }
    }

    /// What its session keys start with (the id follows).
    pub fn key_prefix(&self) -> Vec<u8> {
        match self {
            Layout::Msm { prefix, .. } => prefix.as_bytes().to_vec(),
            Layout::Redisson { key_prefix } => redisson::key(key_prefix, ""),
            Layout::Spring { namespace } => spring::key(namespace, ""),
            Layout::TomcatFile { .. } => Vec::new(),
            Layout::TomcatManager { prefix, .. } => prefix.as_bytes().to_vec(),
        }
    }

    /// Whether a session is a string or a hash.
    pub fn kind(&self) -> ValueKind {
        match self {
            Layout::Msm { .. } | Layout::TomcatFile { .. } | Layout::TomcatManager { .. } => {
                ValueKind::String
            }
            _ => ValueKind::Hash,
        }
    }

    fn hash_layout(&self) -> Option<jsess_layouts::Layout> {
        match self {
            Layout::Msm { .. } | Layout::TomcatFile { .. } | Layout::TomcatManager { .. } => None,
            Layout::Redisson { .. } => Some(redisson::LAYOUT),
            Layout::Spring { .. } => Some(spring::LAYOUT),
        }
    }
}

/// Sessions from one layout to another: what a store-wide [`Rewrite`](jsess_store::Rewrite)
/// writes with [`Relayout::settings`]'s kinds and prefixes.
pub struct Relayout {
    from: Layout,
    to: Layout,
    allow: Allow,
    /// The codec of a hash target's values (Java serialization, or Redisson's Kryo 5).
    codec: jsess_layouts::ValueCodec,
    target_codec: Option<Box<dyn Codec>>,
    /// The formats' set-up: dictionary, Java descriptors, and the class layouts Kryo values
    /// (msm's Kryo, Redisson's Kryo 5) need, since they name no fields; every format made
    /// once for the whole store.
    formats: Arc<Formats>,
    limits: Limits,
}

/// A session in msm's model, with the time it was last used (which copy is newer).
struct Read {
    session: Session<'static>,
    id: Vec<u8>,
    last_accessed: i64,
    /// Facts of the source the msm model has no place for.
    dropped: Vec<&'static str>,
}

/// A session as the target keeps it, the same read back in msm's model, and the facts the
/// target has no place for.
struct Out {
    bytes: Vec<u8>,
    back: Session<'static>,
    dropped: Vec<&'static str>,
}

impl Relayout {
    /// Sessions kept in `from` become sessions kept in `to`; `allow` says what may be dropped
    /// without refusing (a login the target cannot hold, objects attributes share).
    pub fn new(from: Layout, to: Layout, allow: Allow, options: &Options) -> Result<Self, Error> {
        if from.name() == to.name() {
            return Err(Error::Usage(format!(
                "sessions are already in {}'s layout: `jsess migrate --to` changes their format",
                to.name()
            )));
        }
        let target_codec = match &to {
            Layout::Msm { format, .. } => Some(crate::codec(format, options)?),
            _ => None,
        };
        Ok(Relayout {
            from,
            to,
            allow,
            codec: jsess_layouts::ValueCodec::Java,
            target_codec,
            formats: Arc::clone(options.formats()),
            limits: *options.get_limits(),
        })
    }

    /// Writes a hash target's values in `codec` (Redisson's `Kryo5Codec`, its default since
    /// 3.19, or Java serialization, the default here); a layout that cannot hold the codec
    /// refuses each session saying so.
    pub fn with_codec(mut self, codec: jsess_layouts::ValueCodec) -> Relayout {
        self.codec = codec;
        self
    }

    /// `settings` for this move: source and target key prefixes and value kinds (a
    /// non-empty `source_prefix` already set narrows the source keys further).
    pub fn settings(&self, mut settings: jsess_store::Settings) -> jsess_store::Settings {
        if settings.source_prefix.is_empty() {
            settings.source_prefix = self.from.key_prefix();
        }
        settings.target_prefix = Some(self.to.key_prefix());
        settings.source_kind = self.from.kind();
        settings.target_kind = self.to.kind();
        settings
    }

    /// The source and target layouts.
    pub fn layouts(&self) -> (&Layout, &Layout) {
        (&self.from, &self.to)
    }

    /// The source session of a stored value, in msm's model.
    fn read(&self, key: &[u8], bytes: &[u8]) -> Result<Read, Decision> {
        match &self.from {
            Layout::Msm { .. } => {
                let Some(codec) = self.formats.detect(bytes) else {
                    return Err(crate::migrate::not_a_session(bytes));
                };
                let session = codec
                    .decode(bytes, &self.limits)
                    .map_err(|e| Decision::Fail(format!("{} session rejected: {e}", codec.name())))?
                    .into_owned();
                Ok(Read {
                    id: session.envelope.id.to_vec(),
                    last_accessed: session.envelope.last_accessed_time,
                    session,
                    dropped: Vec::new(),
                })
            }
            Layout::TomcatFile { .. } => tomcat::read(
                bytes,
                jsess_tomcat::Container::File,
                self.allow.lost_login,
                &self.limits,
            ),
            Layout::TomcatManager { container, .. } => {
                tomcat::read(bytes, *container, self.allow.lost_login, &self.limits)
            }
            _ => {
                let hash = self.read_hash(&self.from, key, bytes)?;
                let converted = to_msm_with(&hash, &self.formats.options().schemas, &self.limits)
                    .map_err(|e| Decision::Fail(e.to_string()))?;
                Ok(Read {
                    id: hash.id.into_bytes(),
                    last_accessed: hash.last_accessed_time,
                    session: converted.value,
                    dropped: converted.dropped,
                })
            }
        }
    }

    fn read_hash(
        &self,
        layout: &Layout,
        key: &[u8],
        image: &[u8],
    ) -> Result<HashSession, Decision> {
        let fields = hash_fields(image).map_err(|e| Decision::Fail(e.to_string()))?;
        let read = match layout {
            Layout::Redisson { .. } => redisson::read(key, &fields, &self.limits),
            Layout::Spring { namespace } => {
                if spring::id_of(key, namespace).is_none() {
                    return Err(Decision::Skip(format!(
                        "{} hash that is no session",
                        layout.name()
                    )));
                }
                spring::read(key, namespace, &fields, &self.limits)
            }
            Layout::Msm { .. } | Layout::TomcatFile { .. } | Layout::TomcatManager { .. } => {
                return Err(Decision::Skip("not a hash layout".into()))
            }
        };
        read.map_err(|e| match e {
            jsess_layouts::Error::NotASession { .. } => {
                Decision::Skip(format!("{} hash that is no session", layout.name()))
            }
            e => Decision::Fail(e.to_string()),
        })
    }

    /// The session as the target keeps it, and the same read back in msm's model.
    fn write(&self, key: &[u8], session: &Session<'_>) -> Result<Out, String> {
        if let Some(codec) = &self.target_codec {
            let bytes = codec.encode(session).map_err(|e| e.to_string())?;
            let back = codec
                .decode_written(&bytes, &self.limits, session)
                .map_err(|e| format!("the {} bytes do not read back: {e}", codec.name()))?
                .into_owned();
            return Ok(Out {
                bytes,
                back,
                dropped: Vec::new(),
            });
        }
        match self.to {
            Layout::TomcatFile { profile } => {
                let file = jsess_tomcat::Container::File;
                return tomcat::write(session, file, profile, self.allow.lost_login, &self.limits);
            }
            Layout::TomcatManager {
                container, profile, ..
            } => {
                let lost_login = self.allow.lost_login;
                return tomcat::write(session, container, profile, lost_login, &self.limits);
            }
            _ => {}
        }
        let layout = self.to.hash_layout().ok_or("no target layout")?;
        let converted = self.to_hash(session, layout)?;
        let split = converted
            .dropped
            .contains(&jsess_layouts::convert::SPLIT_SHARED);
        let converted_dropped = converted.dropped;
        let hash = converted.value;
        let fields = self.fields(&hash)?;
        let image = hash_image(&fields);
        let mut back = self
            .read_hash(&self.to, key, &image)
            .map_err(|d| format!("the written hash does not read back: {d:?}"))?;
        // A hash has no field order (the image sorts them): compare in the session's order.
        let order = |name: &str| hash.attributes.iter().position(|a| a.name == name);
        back.attributes.sort_by_key(|a| order(&a.name));
        let back = to_msm_with(&back, &self.formats.options().schemas, &self.limits)
            .map_err(|e| e.to_string())?
            .value;
        if split {
            // Objects attributes shared are copies now (allowed): the values cannot equal the
            // source's, so the hash must come back as the same fields instead (they hold the
            // times, lifetime and login too).
            let again = self.to_hash(&back, layout)?.value;
            if !jsess_layouts::same_fields(&fields, &self.fields(&again)?) {
                return Err("the written hash does not read back as the same fields".into());
            }
            return Ok(Out {
                bytes: image,
                back: session.clone().into_owned(),
                dropped: converted_dropped,
            });
        }
        Ok(Out {
            bytes: image,
            back,
            dropped: converted_dropped,
        })
    }

    /// An msm session as the target hash layout keeps it, values in the target codec.
    fn to_hash(
        &self,
        session: &Session<'_>,
        layout: jsess_layouts::Layout,
    ) -> Result<jsess_layouts::convert::Converted<HashSession>, String> {
        from_msm_in(
            session,
            layout,
            self.codec,
            self.allow,
            &self.formats.options().schemas,
            &self.limits,
        )
        .map_err(|e| e.to_string())
    }

    /// A hash session's fields in the target layout.
    fn fields(&self, hash: &HashSession) -> Result<Vec<jsess_layouts::Field>, String> {
        match &self.to {
            Layout::Redisson { .. } => redisson::fields(hash),
            _ => spring::fields(hash),
        }
        .map_err(|e| e.to_string())
    }

    /// Every attribute value, class and shared reference and the facts both layouts hold
    /// (id, times, login where the target keeps one) came through.
    fn verify(&self, source: &Session<'_>, back: &Session<'_>) -> Result<(), String> {
        let (a, b) = (&source.envelope, &back.envelope);
        let mut facts = vec![
            ("id", a.id == b.id),
            ("creationTime", a.creation_time == b.creation_time),
            (
                "lastAccessedTime",
                a.last_accessed_time == b.last_accessed_time,
            ),
            (
                "maxInactiveInterval",
                a.max_inactive_interval == b.max_inactive_interval,
            ),
        ];
        if !matches!(self.to, Layout::Spring { .. }) && !matches!(self.from, Layout::Spring { .. })
        {
            facts.push((
                "principal",
                a.principal == b.principal || self.allow.lost_login,
            ));
            facts.push((
                "authType",
                a.auth_type == b.auth_type || self.allow.lost_login,
            ));
        }
        if let Some((fact, _)) = facts.iter().find(|(_, same)| !same) {
            return Err(format!("{fact} differs after the conversion"));
        }
        let mut compared = back.clone();
        compared.envelope = source.envelope.clone();
        if let Some(difference) =
            jsess_msm::value_difference("msm-java", source, &compared, &self.limits)
        {
            return Err(format!(
                "the values differ after the conversion: {difference}"
            ));
        }
        Ok(())
    }
}

impl Plan for Relayout {
    fn decide(&self, key: &[u8], bytes: &[u8]) -> Decision {
        let read = match self.read(key, bytes) {
            Ok(read) => read,
            Err(decision) => return decision,
        };
        let target_key = [self.to.key_prefix(), read.id.clone()].concat();
        let checked = self
            .write(&target_key, &read.session)
            .and_then(|out| self.verify(&read.session, &out.back).map(|()| out));
        match checked {
            Ok(out) => {
                let mut dropped: Vec<String> = Vec::new();
                for fact in read.dropped.iter().chain(&out.dropped) {
                    if !dropped.iter().any(|d| d == fact) {
                        dropped.push(fact.to_string());
                    }
                }
                Decision::Write {
                    bytes: out.bytes,
                    id: read.id,
                    written_at: read.last_accessed,
                    dropped,
                }
            }
            Err(reason) => Decision::Fail(format!(
                "{} → {}: {reason}",
                self.from.name(),
                self.to.name()
            )),
        }
    }

    /// A `FileStore` file is `ID.session`; the other layouts' keys are prefix + id.
    fn target_key(&self, key: &[u8], id: &[u8], settings: &Settings) -> Option<Vec<u8>> {
        let target = settings.target_prefix.as_deref()?;
        let source_matches = match &self.from {
            Layout::TomcatFile { .. } => {
                let name = key.rsplit(|b| *b == b'/').next().unwrap_or(key);
                name.strip_suffix(SESSION_FILE) == Some(id)
            }
            _ => {
                let source = settings.source_prefix.as_slice();
                key.strip_suffix(id)
                    .is_some_and(|p| p == source || source.is_empty())
            }
        };
        let suffix = match self.to {
            Layout::TomcatFile { .. } => SESSION_FILE,
            _ => b"",
        };
        source_matches.then(|| [target, id, suffix].concat())
    }

    fn copies_validity(&self) -> bool {
        false
    }

    /// A target session's last access: a newer one was written by the new fleet.
    fn written_at(&self, bytes: &[u8]) -> Option<i64> {
        match &self.to {
            Layout::Msm { .. } => {
                // msm's header says it without reading the attributes; a compact blob's
                // envelope is its own, read with its codec.
                if let jsess_msm::Kind::Session(_) = jsess_msm::sniff(bytes) {
                    let (envelope, _) = jsess_msm::decode_envelope(bytes).ok()?;
                    return Some(envelope.last_accessed_time);
                }
                let codec = self.formats.detect(bytes)?;
                let session = codec.decode(bytes, &self.limits).ok()?;
                Some(session.envelope.last_accessed_time)
            }
            Layout::TomcatFile { .. } => {
                tomcat::last_accessed(bytes, jsess_tomcat::Container::File, &self.limits)
            }
            Layout::TomcatManager { container, .. } => {
                tomcat::last_accessed(bytes, *container, &self.limits)
            }
            // The target key is not known here; any key of the layout reads the fields.
            layout => {
                let key = [layout.key_prefix(), b"id".to_vec()].concat();
                let hash = self.read_hash(layout, &key, bytes).ok()?;
                Some(hash.last_accessed_time)
            }
        }
    }
}

/// Moves every session of `store` from the layout `from` to `to` in one pass (see
/// [`Relayout`]): `settings` gives the backup file and batch size, its prefixes and kinds are
/// the layouts'. Sessions go to `target` when given (a directory for `tomcat-file`), else to
/// `store`. [`rollback`](crate::store::rollback) on the store written to undoes it.
pub fn relayout(
    store: Box<dyn jsess_store::Store>,
    target: Option<Box<dyn jsess_store::Store>>,
    from: Layout,
    to: Layout,
    allow: Allow,
    options: &Options,
    settings: Settings,
) -> Result<jsess_store::Report, Error> {
    let plan = Relayout::new(from, to, allow, options)?;
    let mut settings = plan.settings(settings);
    if settings.job.is_empty() {
        settings.job = format!("{} -> {} layout", store.describe(), plan.to.name());
    }
    let mut rewrite = match target {
        Some(target) => jsess_store::Rewrite::start_copy(store, target, &plan, settings)?,
        None => jsess_store::Rewrite::start(store, &plan, settings)?,
    };
    rewrite.pass()?;
    Ok(rewrite.report())
}
