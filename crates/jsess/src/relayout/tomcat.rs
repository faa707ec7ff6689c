//! Tomcat's `FileStore` files as a layout to move sessions from and to: one `ID.session` file
//! per session, in Tomcat's own stream (`docs/tomcat.md`).

use jsess_model::Session;
use jsess_store::Decision;
use jsess_tomcat::convert::{from_msm, to_msm, Allow};
use jsess_tomcat::{Container, Profile};

use super::Read;
use crate::Limits;

/// What a conversion may drop, in Tomcat's terms (a value that did not serialize never is).
fn allow(lost_login: bool) -> Allow {
    Allow {
        lost_login,
        skipped_values: false,
    }
}

/// A `.session` file as an msm session.
pub(super) fn read_file(bytes: &[u8], lost_login: bool, limits: &Limits) -> Result<Read, Decision> {
    let persisted = match jsess_tomcat::read(bytes, limits) {
        None => return Err(Decision::Skip("not a Tomcat session file".into())),
        Some(Err(e)) => return Err(Decision::Fail(format!("Tomcat session rejected: {e}"))),
        Some(Ok(p)) => p,
    };
    if persisted.container != Container::File || persisted.sessions.len() != 1 {
        return Err(Decision::Skip(
            "SESSIONS.ser (several sessions in one file; move it with a Tomcat that loads it)"
                .into(),
        ));
    }
    let session = to_msm(&persisted, 0, allow(lost_login))
        .map_err(|e| Decision::Fail(e.to_string()))?
        .value;
    Ok(Read {
        id: session.envelope.id.to_vec(),
        last_accessed: session.envelope.last_accessed_time,
        session,
    })
}

/// An msm session as a `.session` file of `profile`, and that file read back.
pub(super) fn write_file(
    session: &Session<'_>,
    profile: Profile,
    lost_login: bool,
    limits: &Limits,
) -> Result<(Vec<u8>, Session<'static>), String> {
    let persisted = from_msm(session, profile, allow(lost_login), limits)
        .map_err(|e| e.to_string())?
        .value;
    let bytes = jsess_tomcat::write(&persisted).map_err(|e| e.to_string())?;
    let back = jsess_tomcat::read_file(&bytes, limits)
        .map_err(|e| format!("the written file does not read back: {e}"))?;
    let back = to_msm(&back, 0, allow(lost_login))
        .map_err(|e| e.to_string())?
        .value;
    Ok((bytes, back))
}

/// The last access of the session a `.session` file holds.
pub(super) fn last_accessed(bytes: &[u8], limits: &Limits) -> Option<i64> {
    let persisted = jsess_tomcat::read_file(bytes, limits).ok()?;
    persisted.sessions.first().map(|s| s.last_accessed_time)
}
