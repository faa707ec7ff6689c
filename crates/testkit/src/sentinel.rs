//! A Redis Sentinel (`redis-server --sentinel`) watching one of the tests' servers.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::{free_port, temp_dir, Certs, Server};

/// One sentinel on a loopback port, monitoring a primary with a quorum of one; stopped and its
/// directory removed on drop.
pub struct Sentinel {
    /// The loopback port it listens on.
    pub port: u16,
    /// Its working directory (configuration file, log).
    pub dir: PathBuf,
    child: Option<Child>,
    /// A TLS primary's certificates, which the sentinel serves and connects with too.
    tls: Option<Certs>,
    /// The password the sentinel requires of its clients (and gives the primary).
    password: Option<String>,
}

impl Sentinel {
    /// A sentinel monitoring `primary` under the name `primary_name`, answering once it names
    /// the primary.
    pub fn start(label: &str, primary: &Server, primary_name: &str) -> Sentinel {
        Sentinel::start_with(label, primary, primary_name, &[])
    }

    /// A sentinel with `extra` configuration lines (`sentinel auth-pass NAME PASSWORD` for a
    /// primary that wants a password, say). A TLS primary ([`Server::start_tls`]) gets a
    /// TLS-only sentinel with the same certificates, which reaches the primary over TLS too.
    pub fn start_with(
        label: &str,
        primary: &Server,
        primary_name: &str,
        extra: &[&str],
    ) -> Sentinel {
        Sentinel::start_inner(label, primary, primary_name, extra, None)
    }

    /// A sentinel requiring `password` of its clients (`requirepass`) and giving it to the
    /// primary (`sentinel auth-pass`), as deployments that share one password do (the primary
    /// then has it as its `requirepass` too).
    pub fn start_with_password(
        label: &str,
        primary: &Server,
        primary_name: &str,
        password: &str,
    ) -> Sentinel {
        let auth = format!("sentinel auth-pass {primary_name} {password}");
        Sentinel::start_inner(label, primary, primary_name, &[&auth], Some(password))
    }

    fn start_inner(
        label: &str,
        primary: &Server,
        primary_name: &str,
        extra: &[&str],
        password: Option<&str>,
    ) -> Sentinel {
        let mut sentinel = Sentinel {
            port: free_port(),
            dir: temp_dir(label),
            child: None,
            tls: primary.certs().cloned(),
            password: password.map(String::from),
        };
        // As for servers: a port taken between choosing and binding it means another try.
        for _ in 0..10 {
            if sentinel.launch(primary.port, primary_name, extra) {
                return sentinel;
            }
            sentinel.port = free_port();
        }
        panic!("redis-server --sentinel did not start on any of 10 ports");
    }

    fn launch(&mut self, primary_port: u16, primary_name: &str, extra: &[&str]) -> bool {
        let ports = match &self.tls {
            None => format!("port {}\n", self.port),
            Some(certs) => {
                // tls-replication: the sentinel's own connections to the primary use TLS.
                let mut lines = format!("port 0\ntls-port {}\ntls-replication yes\n", self.port);
                for pair in certs.server_args().chunks(2) {
                    lines += &format!("{} {}\n", pair[0].trim_start_matches("--"), pair[1]);
                }
                lines
            }
        };
        // A sentinel rewrites its configuration file, so it gets one of its own every start.
        let config = self.dir.join("sentinel.conf");
        let requirepass = self
            .password
            .as_ref()
            .map(|p| format!("requirepass {p}\n"))
            .unwrap_or_default();
        std::fs::write(
            &config,
            format!(
                "{ports}{requirepass}bind 127.0.0.1\ndaemonize no\nlogfile sentinel.log\ndir {}\n\
                 sentinel monitor {primary_name} 127.0.0.1 {primary_port} 1\n{}\n",
                self.dir.display(),
                extra.join("\n")
            ),
        )
        .expect("write sentinel.conf");
        let child = Command::new("redis-server")
            .arg(&config)
            .arg("--sentinel")
            .current_dir(&self.dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start redis-server --sentinel (is it installed?)");
        self.child = Some(child);
        let auth = self
            .password
            .as_ref()
            .map(|p| format!(":{p}@"))
            .unwrap_or_default();
        let client = match &self.tls {
            Some(certs) => certs.client(&format!("rediss://{auth}127.0.0.1:{}", self.port)),
            None => redis::Client::open(format!("redis://{auth}127.0.0.1:{}", self.port))
                .expect("sentinel client"),
        };
        let started = Instant::now();
        loop {
            if let Some(child) = &mut self.child {
                if child.try_wait().ok().flatten().is_some() {
                    self.child = None;
                    return false;
                }
            }
            let named: Option<Vec<String>> = client.get_connection().ok().and_then(|mut c| {
                redis::cmd("SENTINEL")
                    .arg("GET-MASTER-ADDR-BY-NAME")
                    .arg(primary_name)
                    .query(&mut c)
                    .ok()
            });
            if named.is_some_and(|addr| addr.len() == 2) {
                return true;
            }
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "sentinel on {} did not start",
                self.port
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// `redis+sentinel://127.0.0.1:PORT/NAME` (`rediss+sentinel://` with TLS): the primary
    /// this sentinel knows as `primary_name`.
    pub fn url(&self, primary_name: &str) -> String {
        let scheme = if self.tls.is_some() {
            "rediss"
        } else {
            "redis"
        };
        format!("{scheme}+sentinel://127.0.0.1:{}/{primary_name}", self.port)
    }
}

impl Drop for Sentinel {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
