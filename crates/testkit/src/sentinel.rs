//! A Redis Sentinel (`redis-server --sentinel`) watching one of the tests' servers.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::{free_port, temp_dir, Server};

/// One sentinel on a loopback port, monitoring a primary with a quorum of one; stopped and its
/// directory removed on drop.
pub struct Sentinel {
    /// The loopback port it listens on.
    pub port: u16,
    /// Its working directory (configuration file, log).
    pub dir: PathBuf,
    child: Option<Child>,
}

impl Sentinel {
    /// A sentinel monitoring `primary` (a plain, non-TLS server) under the name `primary_name`,
    /// answering once it names the primary.
    pub fn start(label: &str, primary: &Server, primary_name: &str) -> Sentinel {
        let mut sentinel = Sentinel {
            port: free_port(),
            dir: temp_dir(label),
            child: None,
        };
        // As for servers: a port taken between choosing and binding it means another try.
        for _ in 0..10 {
            if sentinel.launch(primary.port, primary_name) {
                return sentinel;
            }
            sentinel.port = free_port();
        }
        panic!("redis-server --sentinel did not start on any of 10 ports");
    }

    fn launch(&mut self, primary_port: u16, primary_name: &str) -> bool {
        // A sentinel rewrites its configuration file, so it gets one of its own every start.
        let config = self.dir.join("sentinel.conf");
        std::fs::write(
            &config,
            format!(
                "port {}\nbind 127.0.0.1\ndaemonize no\nlogfile sentinel.log\ndir {}\n\
                 sentinel monitor {primary_name} 127.0.0.1 {primary_port} 1\n",
                self.port,
                self.dir.display()
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
        let client = redis::Client::open(format!("redis://127.0.0.1:{}", self.port))
            .expect("sentinel client");
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

    /// `redis+sentinel://127.0.0.1:PORT/NAME`: the primary this sentinel knows as `name`.
    pub fn url(&self, primary_name: &str) -> String {
        format!("redis+sentinel://127.0.0.1:{}/{primary_name}", self.port)
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
