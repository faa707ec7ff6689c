//! Session hashes (Spring Session, Redisson) in the scan report: the same aggregates as msm's
//! sessions, from the layout's fields and each attribute's own Java stream.

use jsess_model::Content;
use jsess_store::keys::display_key;
use jsess_store::StoredHash;

use super::{ttl_distribution_bucket, ScanReport, TOP};

impl ScanReport {
    pub(super) fn add_hash(&mut self, key: &[u8], hash: &StoredHash, options: &crate::Options) {
        let name = display_key(key);
        let session = match crate::read_hash(key, &hash.fields, options) {
            Ok(Some(session)) => session,
            Ok(None) => {
                self.other_hashes += 1;
                return;
            }
            Err(e) => {
                self.values += 1;
                *self.key_roles.entry("session hash").or_default() += 1;
                return self.fail(&name, "session hash", &e.to_string(), None);
            }
        };
        self.values += 1;
        *self.key_roles.entry("session hash").or_default() += 1;
        *self
            .ttls
            .entry(ttl_distribution_bucket(hash.ttl))
            .or_default() += 1;
        *self.layouts.entry(session.layout.name).or_default() += 1;
        let format = format!("{} ({})", session.layout.name, session.codec.name());
        *self.by_format.entry(format).or_default() += 1;
        let size: usize = hash.fields.iter().map(|(n, v)| n.len() + v.len()).sum();
        self.sizes.add(size as u64);
        self.sessions_seen += 1;
        self.lifetime_and_login(session.max_inactive_interval, session.auth_type.as_deref());
        let limits = *options.get_limits();
        let mut readable = true;
        for attribute in &session.attributes {
            let read = jsess_layouts::value_stream(
                session.codec,
                &attribute.value,
                options.schemas(),
                &limits,
            );
            let stream = match read {
                Ok(stream) => stream,
                Err(e) => {
                    readable = false;
                    let detail = format!("attribute {:?}: {e}", attribute.name);
                    self.fail(&name, "attribute", &detail, None);
                    continue;
                }
            };
            let graph = &stream.graph;
            self.count_classes(graph);
            let top = match stream.contents.first() {
                Some(Content::Object(r)) => jsess_msm::json::class_of(graph, *r),
                _ => None,
            };
            let class = top.unwrap_or_else(|| "null".into());
            let size = attribute.value.len() as u64;
            self.classes.entry(class.clone()).or_default().1 += size;
            self.heaviest
                .push((size, name.clone(), attribute.name.clone(), class));
            self.heaviest.sort_by_key(|h| std::cmp::Reverse(h.0));
            self.heaviest.truncate(TOP);
        }
        if readable {
            self.sessions += 1;
        } else {
            self.attributes_unreadable += 1;
        }
    }
}

/// The name msm's envelope would give the login's authentication type.
pub(super) fn auth_type(name: Option<&str>) -> &'static str {
    match name {
        None => "none",
        Some("BASIC") => "BASIC",
        Some("CLIENT_CERT") => "CLIENT_CERT",
        Some("DIGEST") => "DIGEST",
        Some("FORM") => "FORM",
        Some(_) => "other",
    }
}
