//! How jsess reaches Redis beyond what a URL says: TLS files (private certificate authorities,
//! client certificates), and Sentinel, which names the primary to connect to.
//!
//! Every client is built here, so a server, a shard, a Cluster and the primary a Sentinel names
//! are all reached with the same certificates.

use std::path::PathBuf;

use redis::sentinel::{SentinelClientBuilder, SentinelServerType};
use redis::{Client, ConnectionAddr};

use crate::error::redis as redis_err;
use crate::server::redacted;
use crate::Error;

/// How to connect, beyond the URL: what `jsess … --tls-ca/--tls-cert/--tls-key` give.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Connect {
    /// Certificate files for `rediss://` URLs (`None`: the system's roots, no client
    /// certificate).
    pub tls: Option<TlsFiles>,
}

/// PEM files for TLS connections.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TlsFiles {
    /// The certificate authorities the server's certificate must chain to, instead of the
    /// system's roots.
    pub ca: Option<PathBuf>,
    /// The client certificate (chain) presented to servers that ask for one.
    pub cert: Option<PathBuf>,
    /// The client certificate's private key.
    pub key: Option<PathBuf>,
}

/// The URL schemes that name a primary through Sentinels.
const SENTINEL_SCHEMES: [&str; 2] = ["redis+sentinel://", "rediss+sentinel://"];
/// The port sentinels listen on when a URL gives none.
const SENTINEL_PORT: u16 = 26379;

/// Whether `source` names its primary through Sentinels (`redis+sentinel://…`).
pub fn is_sentinel(source: &str) -> bool {
    SENTINEL_SCHEMES.iter().any(|s| source.starts_with(s))
}

/// The certificates loaded from a [`Connect`], ready for every client of one store.
#[derive(Clone, Default)]
pub(crate) struct Certs {
    #[cfg(feature = "tls")]
    certs: Option<redis::TlsCertificates>,
}

impl Certs {
    /// Reads the files `connect` names; `source` says whether TLS is used at all.
    pub(crate) fn load(connect: &Connect, source: &str) -> Result<Certs, Error> {
        let Some(files) = &connect.tls else {
            return Ok(Certs::default());
        };
        // A sentinel URL's commas separate sentinels, not URLs.
        let tls = if is_sentinel(source) {
            source.starts_with("rediss+sentinel://")
        } else {
            source.split(',').all(|u| u.trim().starts_with("rediss://"))
        };
        if !tls {
            return Err(Error::Source(
                "TLS certificate files apply to rediss:// (and rediss+sentinel://) URLs only"
                    .into(),
            ));
        }
        if files.cert.is_some() != files.key.is_some() {
            return Err(Error::Source(
                "a client certificate needs its key, and a key its certificate".into(),
            ));
        }
        load_files(files)
    }

    /// A client for `url`, with these certificates when it is a `rediss://` URL.
    pub(crate) fn client(&self, url: &str) -> Result<Client, Error> {
        #[cfg(feature = "tls")]
        if let (Some(certs), true) = (&self.certs, url.starts_with("rediss://")) {
            return Client::build_with_tls(url, certs.clone()).map_err(redis_err(redacted(url)));
        }
        Client::open(url).map_err(redis_err(redacted(url)))
    }

    /// A Cluster client from `seeds`, with these certificates.
    pub(crate) fn cluster(&self, seeds: &[String]) -> Result<redis::cluster::ClusterClient, Error> {
        let builder = redis::cluster::ClusterClientBuilder::new(seeds.iter().map(String::as_str));
        #[cfg(feature = "tls")]
        let builder = match &self.certs {
            Some(certs) => builder.certs(certs.clone()),
            None => builder,
        };
        let what = format!(
            "cluster {}",
            seeds.first().map(|s| redacted(s)).unwrap_or_default()
        );
        builder.build().map_err(redis_err(what))
    }
}

#[cfg(feature = "tls")]
fn load_files(files: &TlsFiles) -> Result<Certs, Error> {
    let read =
        |path: &std::path::Path| std::fs::read(path).map_err(crate::error::io(path.display()));
    let root_cert = files.ca.as_deref().map(read).transpose()?;
    let client_tls = match (&files.cert, &files.key) {
        (Some(cert), Some(key)) => Some(redis::ClientTlsConfig {
            client_cert: read(cert)?,
            client_key: read(key)?,
        }),
        _ => None,
    };
    Ok(Certs {
        certs: Some(redis::TlsCertificates {
            client_tls,
            root_cert,
        }),
    })
}

#[cfg(not(feature = "tls"))]
fn load_files(_files: &TlsFiles) -> Result<Certs, Error> {
    Err(Error::Unsupported(
        "TLS: jsess-store was built without its `tls` feature".into(),
    ))
}

/// A sentinel URL taken apart: `redis+sentinel://[user:password@]host[:port][,host[:port]…]/
/// primary-name[/db]`.
struct SentinelUrl<'a> {
    tls: bool,
    /// `user:password@` as written (percent-encoded), or empty.
    credentials: &'a str,
    sentinels: Vec<(String, u16)>,
    name: &'a str,
    db: i64,
}

fn parse_sentinel(source: &str) -> Result<SentinelUrl<'_>, Error> {
    // Callers name the source (without its password) around this error.
    let bad = |why: &str| Error::Source(why.to_string());
    let (scheme, rest) = source
        .split_once("://")
        .ok_or_else(|| bad("not a sentinel URL"))?;
    let (credentials, rest) = match rest.rsplit_once('@') {
        Some((c, r)) => (&rest[..c.len() + 1], r),
        None => ("", rest),
    };
    let (hosts, path) = rest.split_once('/').unwrap_or((rest, ""));
    let mut path = path.split('/').filter(|p| !p.is_empty());
    let name = path
        .next()
        .ok_or_else(|| bad("names no primary: add its name after the sentinels (…/mymaster)"))?;
    let db = match path.next() {
        Some(db) => db
            .parse()
            .map_err(|_| bad("after the primary's name comes a database number"))?,
        None => 0,
    };
    let sentinels = hosts
        .split(',')
        .filter(|h| !h.is_empty())
        .map(|h| host_port(h).ok_or_else(|| bad(&format!("{h} is not host:port"))))
        .collect::<Result<Vec<_>, _>>()?;
    if sentinels.is_empty() {
        return Err(bad("names no sentinel"));
    }
    Ok(SentinelUrl {
        tls: scheme == "rediss+sentinel",
        credentials,
        sentinels,
        name,
        db,
    })
}

/// `host`, `host:port`, `[v6]` or `[v6]:port`.
fn host_port(address: &str) -> Option<(String, u16)> {
    if let Some(rest) = address.strip_prefix('[') {
        let (host, tail) = rest.split_once(']')?;
        let port = match tail.strip_prefix(':') {
            Some(p) => p.parse().ok()?,
            None if tail.is_empty() => SENTINEL_PORT,
            None => return None,
        };
        return Some((host.to_string(), port));
    }
    match address.rsplit_once(':') {
        Some((host, port)) if !host.is_empty() => Some((host.to_string(), port.parse().ok()?)),
        Some(_) => None,
        None => Some((address.to_string(), SENTINEL_PORT)),
    }
}

/// A client for the primary the sentinels of `url` name (the crate's `SentinelClient`, which
/// also checks with `ROLE` that it is one); `sentinel_auth`: the sentinels get the
/// credentials too.
fn ask_sentinels(
    url: &SentinelUrl,
    auth: &redis::RedisConnectionInfo,
    sentinel_auth: bool,
    certs: &Certs,
) -> redis::RedisResult<Client> {
    let addrs = url.sentinels.iter().map(|(host, port)| {
        if url.tls {
            ConnectionAddr::TcpTls {
                host: host.clone(),
                port: *port,
                insecure: false,
                tls_params: None,
            }
        } else {
            ConnectionAddr::Tcp(host.clone(), *port)
        }
    });
    let mut builder = SentinelClientBuilder::new(addrs, url.name, SentinelServerType::Master)?
        .set_client_to_redis_db(url.db);
    // The primary's credentials: the sentinel client checks the primary's role itself.
    if let Some(user) = auth.username() {
        builder = builder.set_client_to_redis_username(user);
        if sentinel_auth {
            builder = builder.set_client_to_sentinel_username(user);
        }
    }
    if let Some(password) = auth.password() {
        builder = builder.set_client_to_redis_password(password);
        if sentinel_auth {
            builder = builder.set_client_to_sentinel_password(password);
        }
    }
    if url.tls {
        builder = builder.set_client_to_redis_tls_mode(redis::TlsMode::Secure);
        #[cfg(feature = "tls")]
        if let Some(c) = &certs.certs {
            builder = builder
                .set_client_to_sentinel_certificates(c.clone())
                .set_client_to_redis_certificates(c.clone());
        }
    }
    #[cfg(not(feature = "tls"))]
    let _ = certs;
    builder.build()?.get_client()
}

/// Asks the sentinels of a `redis+sentinel://` URL for their primary; its `redis://` (or
/// `rediss://`) URL, with the sentinel URL's credentials and database.
pub(crate) fn resolve_sentinel(source: &str, certs: &Certs) -> Result<String, Error> {
    let url = parse_sentinel(source)?;
    let what = || format!("sentinels of {}", redacted(source));
    // The primary's credentials, percent-decoded as the client decodes a URL's.
    let primary =
        redis::IntoConnectionInfo::into_connection_info(format!("redis://{}h", url.credentials))
            .map_err(redis_err(what()))?;
    let auth = primary.redis_settings();
    let asked = match ask_sentinels(&url, auth, false, certs) {
        // Sentinels with a password of their own commonly share the primary's (Bitnami's
        // chart, for one); sentinels without one refuse an AUTH, so it is sent only when asked.
        Err(e) if e.code() == Some("NOAUTH") && auth.password().is_some() => {
            ask_sentinels(&url, auth, true, certs)
        }
        other => other,
    };
    let client = asked.map_err(redis_err(what()))?;
    let (host, port) = match client.get_connection_info().addr() {
        ConnectionAddr::Tcp(host, port) | ConnectionAddr::TcpTls { host, port, .. } => {
            (host.clone(), *port)
        }
        _ => {
            return Err(Error::Unsupported(format!(
                "{}: the primary is not on a TCP address",
                what()
            )))
        }
    };
    let host = if host.contains(':') {
        format!("[{host}]")
    } else {
        host
    };
    let scheme = if url.tls { "rediss" } else { "redis" };
    Ok(format!(
        "{scheme}://{}{host}:{port}/{}",
        url.credentials, url.db
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tls_files_go_with_tls_sources_only() {
        let connect = Connect {
            tls: Some(TlsFiles {
                ca: Some(PathBuf::from("/nonexistent/ca.crt")),
                ..TlsFiles::default()
            }),
        };
        let refused = |source: &str| matches!(Certs::load(&connect, source), Err(Error::Source(_)));
        assert!(refused("redis://a:1"));
        assert!(refused("rediss://a:1,redis://b:2"));
        assert!(refused("redis+sentinel://a:1,b:2/m"));
        // Accepted, so the missing file is what fails (or TLS is not built in).
        assert!(!refused("rediss://a:1,rediss://b:2"));
        assert!(!refused("rediss+sentinel://a:1,b:2/m"));
    }

    #[test]
    fn sentinel_urls_are_taken_apart() {
        let url =
            parse_sentinel("redis+sentinel://u:p%40ss@a:26380,[::1],b/mymaster/2").expect("parses");
        assert!(!url.tls);
        assert_eq!(url.credentials, "u:p%40ss@");
        assert_eq!(
            url.sentinels,
            vec![
                ("a".to_string(), 26380),
                ("::1".to_string(), 26379),
                ("b".to_string(), 26379)
            ]
        );
        assert_eq!((url.name, url.db), ("mymaster", 2));
        assert!(
            parse_sentinel("rediss+sentinel://a:1/m")
                .expect("parses")
                .tls
        );
        assert!(parse_sentinel("redis+sentinel://a:1").is_err());
        assert!(parse_sentinel("redis+sentinel://a:x/m").is_err());
        let err = parse_sentinel("redis+sentinel://u:secret@a:1")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(!err.contains("secret"), "{err}");
    }
}
