//! Layouts in Tomcat's own session stream as sources and targets of a move: `FileStore` files
//! (one `ID.session` file per session) and the older Redis managers that wrap the stream
//! (jcoleman, ran-jit, chexagon), `docs/tomcat.md`.

use jsess_model::Session;
use jsess_store::Decision;
use jsess_tomcat::convert::{from_msm, to_msm, Allow};
use jsess_tomcat::{Container, Persisted, Profile};

use super::{Out, Read};
use crate::Limits;

/// What a conversion may drop, in Tomcat's terms (a value that did not serialize never is).
fn allow(lost_login: bool) -> Allow {
    Allow {
        lost_login,
        skipped_values: false,
    }
}

/// Reads `bytes` as `container` holds a session (a `.session` file, a manager's value).
fn read_as<'a>(
    bytes: &'a [u8],
    container: Container,
    limits: &Limits,
) -> Option<Result<Persisted<'a>, jsess_tomcat::Error>> {
    match container {
        Container::File => jsess_tomcat::read(bytes, limits),
        manager => (jsess_tomcat::managers::sniff(bytes) == Some(manager))
            .then(|| jsess_tomcat::managers::read_as(bytes, manager, limits)),
    }
}

/// A stored session in `container`'s form, as an msm session.
pub(super) fn read(
    bytes: &[u8],
    container: Container,
    lost_login: bool,
    limits: &Limits,
) -> Result<Read, Decision> {
    let persisted = match read_as(bytes, container, limits) {
        None => {
            return Err(Decision::Skip(format!(
                "not a {} session",
                container.layout()
            )))
        }
        Some(Err(e)) => return Err(Decision::Fail(format!("Tomcat session rejected: {e}"))),
        Some(Ok(p)) => p,
    };
    if persisted.container != container || persisted.sessions.len() != 1 {
        return Err(Decision::Skip(
            "SESSIONS.ser (several sessions in one file; move it with a Tomcat that loads it)"
                .into(),
        ));
    }
    let converted =
        to_msm(&persisted, 0, allow(lost_login)).map_err(|e| Decision::Fail(e.to_string()))?;
    let session = converted.value;
    Ok(Read {
        id: session.envelope.id.to_vec(),
        last_accessed: session.envelope.last_accessed_time,
        session,
        dropped: converted.dropped,
    })
}

/// An msm session in `container`'s form with a stream of `profile`, and that read back.
pub(super) fn write(
    session: &Session<'_>,
    container: Container,
    profile: Profile,
    lost_login: bool,
    limits: &Limits,
) -> Result<Out, String> {
    let converted = match container {
        Container::File => from_msm(session, profile, allow(lost_login), limits),
        manager => {
            jsess_tomcat::managers::from_msm(session, manager, profile, allow(lost_login), limits)
        }
    }
    .map_err(|e| e.to_string())?;
    let dropped = converted.dropped;
    let persisted = converted.value;
    let bytes = jsess_tomcat::write(&persisted).map_err(|e| e.to_string())?;
    let back = match read_as(&bytes, container, limits) {
        Some(Ok(back)) => back,
        Some(Err(e)) => return Err(format!("what was written does not read back: {e}")),
        None => {
            return Err(format!(
                "what was written is not a {} value",
                container.layout()
            ))
        }
    };
    let back = to_msm(&back, 0, allow(lost_login))
        .map_err(|e| e.to_string())?
        .value;
    Ok(Out {
        bytes,
        back,
        dropped,
    })
}

/// The last access of the session `bytes` hold in `container`'s form.
pub(super) fn last_accessed(bytes: &[u8], container: Container, limits: &Limits) -> Option<i64> {
    let persisted = read_as(bytes, container, limits)?.ok()?;
    persisted.sessions.first().map(|s| s.last_accessed_time)
}
