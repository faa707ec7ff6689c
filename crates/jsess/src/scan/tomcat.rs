//! Tomcat's own session files (`.session`, `SESSIONS.ser`) in the scan report: every session of
//! a file counts, with its lifetime, login and classes (attribute sizes are not known: the
//! attributes share one stream).

use jsess_tomcat::{Error, Persisted};

use super::ScanReport;

impl ScanReport {
    pub(super) fn add_tomcat(
        &mut self,
        name: &str,
        size: usize,
        read: Result<Persisted<'_>, Error>,
    ) {
        let persisted = match read {
            Ok(persisted) => persisted,
            Err(e) => return self.fail(name, "tomcat session stream", &e.to_string(), None),
        };
        let layout = persisted.container.layout();
        *self.by_format.entry(layout.to_string()).or_default() += 1;
        self.sizes.add(size as u64);
        let graph = &persisted.stream.graph;
        self.count_classes(graph);
        for session in &persisted.sessions {
            *self.layouts.entry(layout).or_default() += 1;
            self.sessions_seen += 1;
            self.sessions += 1;
            self.lifetime_and_login(session.max_inactive_interval, session.auth_type.as_deref());
        }
    }
}
