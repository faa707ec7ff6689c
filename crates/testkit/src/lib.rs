//! # jsess-testkit
//!
//! What the workspace's tests share: real `redis-server` processes (and a 3-primary Cluster) on
//! loopback ports, in temporary directories, stopped and removed on drop; the corpora; hand-made
//! hostile streams ([`hostile`]).
//!
//! ```no_run
//! let server = jsess_testkit::Server::start("example");
//! let mut conn = server.conn();
//! redis::cmd("SET").arg("k").arg("v").exec(&mut conn).expect("SET");
//! ```

pub mod dump;
pub mod hostile;
pub mod jvm;
mod sentinel;
mod tls;

pub use sentinel::Sentinel;
pub use tls::Certs;

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// One `redis-server`, persisting every write to its append-only file (so a kill -9 loses
/// nothing it acknowledged).
pub struct Server {
    /// The loopback port it listens on.
    pub port: u16,
    /// Its working directory (append-only file, log).
    pub dir: PathBuf,
    child: Option<Child>,
    extra: Vec<String>,
    /// Serving TLS only (its plain port is off), clients authenticated by certificate.
    tls: Option<Certs>,
}

/// The Java streams of `corpora/java` (`*.ser`, the JDK's and the libraries' real output), in
/// file-name order.
///
/// # Panics
/// When the corpus cannot be read.
pub fn java_corpus() -> Vec<Vec<u8>> {
    corpus_files("java", "ser")
        .into_iter()
        .map(|(_, bytes)| bytes)
        .collect()
}

/// Parses one JSON document however deep it nests. A session's value can nest hundreds of
/// levels (the corpus's linked list does), past serde_json's default limit of 128, so the
/// parse runs without the limit on a thread with room for the recursion.
///
/// # Panics
/// When the text is not one JSON document.
pub fn parse_json(text: &[u8]) -> serde_json::Value {
    use serde::Deserialize;
    let text = text.to_vec();
    std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(move || {
            let mut de = serde_json::Deserializer::from_slice(&text);
            de.disable_recursion_limit();
            let value =
                serde_json::Value::deserialize(&mut de).unwrap_or_else(|e| panic!("JSON: {e}"));
            de.end().unwrap_or_else(|e| panic!("JSON: {e}"));
            value
        })
        .expect("parser thread")
        .join()
        .unwrap_or_else(|e| std::panic::resume_unwind(e))
}

pub(crate) fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a free port");
    listener.local_addr().expect("address").port()
}

/// A new directory under the system's temporary directory, unique to this process.
pub fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "jsess-{name}-{}-{}",
        std::process::id(),
        free_port()
    ));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

impl Server {
    /// A server with default settings.
    pub fn start(name: &str) -> Server {
        Server::start_with(name, &[])
    }

    /// A server started with extra `redis-server` arguments.
    pub fn start_with(name: &str, extra: &[&str]) -> Server {
        Server::start_in(temp_dir(name), extra, None)
    }

    /// A server that speaks TLS only (`--port 0 --tls-port PORT`) and requires a client
    /// certificate (`--tls-auth-clients yes`), with certificates generated for it ([`Certs`],
    /// in its directory). [`Server::url`] is then `rediss://`, [`Server::client`] presents the
    /// client certificate.
    pub fn start_tls(name: &str, extra: &[&str]) -> Server {
        let dir = temp_dir(name);
        let certs = Certs::generate(&dir.join("tls"));
        Server::start_in(dir, extra, Some(certs))
    }

    /// A TLS-only server as [`Server::start_tls`] starts, with another server's certificates
    /// (servers that must trust each other: a Cluster's nodes).
    pub fn start_tls_with(name: &str, extra: &[&str], certs: &Certs) -> Server {
        Server::start_in(temp_dir(name), extra, Some(certs.clone()))
    }

    fn start_in(dir: PathBuf, extra: &[&str], tls: Option<Certs>) -> Server {
        let mut server = Server {
            port: free_port(),
            dir,
            child: None,
            extra: extra.iter().map(|s| s.to_string()).collect(),
            tls,
        };
        // The port was free when asked for, but another process may take it before the server
        // binds it: then the server exits, and it starts again on another port.
        for _ in 0..10 {
            if server.launch() {
                return server;
            }
            server.port = free_port();
        }
        panic!("redis-server did not start on any of 10 ports");
    }

    /// Starts the process and waits until it answers; `false` when it exited first (its port
    /// was taken).
    fn launch(&mut self) -> bool {
        let port = self.port.to_string();
        let ports: Vec<&str> = match &self.tls {
            None => vec!["--port", &port],
            Some(certs) => {
                let mut args = vec!["--port", "0", "--tls-port", &port];
                args.extend(certs.server_args());
                args
            }
        };
        let child = Command::new("redis-server")
            .args(&ports)
            .args(["--bind", "127.0.0.1"])
            .args(["--dir", self.dir.to_str().expect("utf-8 dir")])
            .args([
                "--save",
                "",
                "--appendonly",
                "yes",
                "--appendfsync",
                "always",
            ])
            .args(["--daemonize", "no", "--logfile", "redis.log"])
            .args(&self.extra)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start redis-server (is it installed?)");
        self.child = Some(child);
        let started = Instant::now();
        loop {
            if let Some(child) = &mut self.child {
                if child.try_wait().ok().flatten().is_some() {
                    self.child = None;
                    return false;
                }
            }
            if let Ok(mut conn) = self.client().get_connection() {
                if redis::cmd("PING").query::<String>(&mut conn).is_ok() {
                    // Still loading the append-only file answers LOADING; wait for real replies.
                    if redis::cmd("DBSIZE").query::<u64>(&mut conn).is_ok() {
                        return true;
                    }
                }
            }
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "redis-server on {} did not start",
                self.port
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// `redis://127.0.0.1:PORT/0` (`rediss://` for a TLS server).
    pub fn url(&self) -> String {
        let scheme = if self.tls.is_some() {
            "rediss"
        } else {
            "redis"
        };
        format!("{scheme}://127.0.0.1:{}/0", self.port)
    }

    /// The certificates of a TLS server.
    pub fn certs(&self) -> Option<&Certs> {
        self.tls.as_ref()
    }

    /// A client for the server (with the client certificate, for a TLS server).
    pub fn client(&self) -> redis::Client {
        match &self.tls {
            Some(certs) => certs.client(&self.url()),
            None => redis::Client::open(self.url()).expect("client"),
        }
    }

    /// A connection to the server.
    pub fn conn(&self) -> redis::Connection {
        self.client().get_connection().expect("connect")
    }

    /// kill -9, as a crash would.
    pub fn kill9(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Starts again on the same port and directory (replaying the append-only file).
    pub fn restart(&mut self) {
        self.kill9();
        assert!(
            self.launch(),
            "redis-server did not restart on port {}",
            self.port
        );
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill9();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Three primaries, slots spread by `redis-cli --cluster create`.
pub struct Cluster {
    /// The primaries.
    pub nodes: Vec<Server>,
}

impl Cluster {
    /// Three servers in cluster mode, joined, every slot covered.
    pub fn start(name: &str) -> Cluster {
        Cluster::start_inner(name, false)
    }

    /// Three TLS-only servers ([`Server::start_tls`], sharing the first one's certificates)
    /// in cluster mode, their cluster bus over TLS too (`--tls-cluster yes`).
    pub fn start_tls(name: &str) -> Cluster {
        Cluster::start_inner(name, true)
    }

    fn start_inner(name: &str, tls: bool) -> Cluster {
        let mut args = vec![
            "--cluster-enabled",
            "yes",
            "--cluster-config-file",
            "nodes.conf",
            "--cluster-node-timeout",
            "5000",
        ];
        if tls {
            args.extend(["--tls-cluster", "yes", "--tls-replication", "yes"]);
        }
        let mut nodes: Vec<Server> = Vec::new();
        for i in 0..3 {
            let name = format!("{name}-{i}");
            nodes.push(match nodes.first().and_then(Server::certs) {
                Some(certs) => Server::start_tls_with(&name, &args, certs),
                None if tls => Server::start_tls(&name, &args),
                None => Server::start_with(&name, &args),
            });
        }
        let addresses: Vec<String> = nodes
            .iter()
            .map(|n| format!("127.0.0.1:{}", n.port))
            .collect();
        let mut create = Command::new("redis-cli");
        if let Some(certs) = nodes[0].certs() {
            create
                .arg("--tls")
                .arg("--cacert")
                .arg(&certs.ca)
                .arg("--cert")
                .arg(&certs.client_cert)
                .arg("--key")
                .arg(&certs.client_key);
        }
        let out = create
            .args(["--cluster", "create"])
            .args(&addresses)
            .args(["--cluster-replicas", "0", "--cluster-yes"])
            .output()
            .expect("run redis-cli --cluster create");
        assert!(
            out.status.success(),
            "cluster create: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        let started = Instant::now();
        for node in &nodes {
            loop {
                let info: String = redis::cmd("CLUSTER")
                    .arg("INFO")
                    .query(&mut node.conn())
                    .expect("CLUSTER INFO");
                if info.contains("cluster_state:ok") {
                    break;
                }
                assert!(
                    started.elapsed() < Duration::from_secs(30),
                    "cluster not ok"
                );
                std::thread::sleep(Duration::from_millis(50));
            }
        }
        Cluster { nodes }
    }

    /// The first node's URL (a seed for cluster clients; `rediss://` with TLS).
    pub fn url(&self) -> String {
        let scheme = if self.nodes[0].certs().is_some() {
            "rediss"
        } else {
            "redis"
        };
        format!("{scheme}://127.0.0.1:{}", self.nodes[0].port)
    }

    /// Every key of every primary ([`dump::keyspace`]).
    pub fn keyspace(&self) -> dump::Keyspace {
        let mut all = dump::Keyspace::new();
        for node in &self.nodes {
            all.extend(dump::keyspace(&mut node.conn()));
        }
        all
    }

    /// A cluster connection (with the client certificate, for a TLS cluster).
    pub fn conn(&self) -> redis::cluster::ClusterConnection {
        let builder = redis::cluster::ClusterClientBuilder::new(vec![self.url()]);
        let builder = match self.nodes[0].certs() {
            Some(certs) => {
                let _ = rustls::crypto::ring::default_provider().install_default();
                builder.certs(certs.tls_certificates())
            }
            None => builder,
        };
        builder
            .build()
            .expect("cluster client")
            .get_connection()
            .expect("cluster connection")
    }
}

/// The workspace's `corpora/` directory.
pub fn corpora() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpora")
}

/// The msm corpus: (case name, blob).
pub fn corpus() -> Vec<(String, Vec<u8>)> {
    corpus_files("msm", "bin")
}

/// The files of `corpora/<dir>` named `*.<extension>`: (file stem, bytes), in name order.
fn corpus_files(dir: &str, extension: &str) -> Vec<(String, Vec<u8>)> {
    let dir = corpora().join(dir);
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == extension))
        .map(|p| {
            let name = p.file_stem().expect("stem").to_string_lossy().into_owned();
            (name, std::fs::read(&p).expect("read corpus file"))
        })
        .collect();
    out.sort();
    out
}

/// The corpus blobs that are sessions of a registry format, keyed as msm keys them
/// (`prefix + id`; of two cases with one id, the first).
pub fn corpus_sessions(prefix: &str) -> Vec<(Vec<u8>, Vec<u8>)> {
    let mut seen = std::collections::HashSet::new();
    corpus()
        .into_iter()
        .filter(|(_, blob)| jsess_msm::detect(blob, None).is_some())
        .filter_map(|(_, blob)| {
            let (envelope, _) = jsess_msm::decode_envelope(&blob).expect("envelope");
            let key = [prefix.as_bytes(), &envelope.id].concat();
            seen.insert(key.clone()).then_some((key, blob))
        })
        .collect()
}

/// Largest resident set of any child process waited for so far, in KiB.
pub fn children_max_rss_kb() -> i64 {
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: getrusage writes a complete rusage into the pointer it is given.
    let usage = unsafe {
        libc::getrusage(libc::RUSAGE_CHILDREN, usage.as_mut_ptr());
        usage.assume_init()
    };
    usage.ru_maxrss
}

/// Caps the processor time `command`'s process may use: the kernel ends it (SIGXCPU, then
/// SIGKILL) past `seconds` of CPU. Hostile-input tests bound the work this way rather than
/// timing a run by the wall clock, which a loaded machine stretches.
pub fn limit_cpu(command: &mut std::process::Command, seconds: u64) -> &mut std::process::Command {
    use std::os::unix::process::CommandExt;
    let limit = libc::rlimit {
        rlim_cur: seconds,
        rlim_max: seconds + 1,
    };
    // SAFETY: setrlimit is async-signal-safe and touches only the child's own limits; the
    // closure allocates nothing.
    unsafe {
        command.pre_exec(move || {
            if libc::setrlimit(libc::RLIMIT_CPU, &limit) == 0 {
                Ok(())
            } else {
                Err(std::io::Error::last_os_error())
            }
        })
    }
}
