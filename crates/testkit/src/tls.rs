//! Certificates for TLS tests, made by the `openssl` command: a private certificate authority,
//! and a server and a client certificate it signs.

use std::path::{Path, PathBuf};
use std::process::Command;

/// PEM files in one directory: an authority (`ca.crt`), a server certificate for 127.0.0.1
/// and localhost (`server.crt`, `server.key`), a client certificate (`client.crt`,
/// `client.key`). P-256 keys: quick to make, and both rustls and OpenSSL take them.
#[derive(Debug, Clone)]
pub struct Certs {
    /// The authority's certificate.
    pub ca: PathBuf,
    /// The server's certificate.
    pub server_cert: PathBuf,
    /// The server's key.
    pub server_key: PathBuf,
    /// The client's certificate.
    pub client_cert: PathBuf,
    /// The client's key.
    pub client_key: PathBuf,
}

fn openssl(dir: &Path, args: &[&str]) {
    let out = Command::new("openssl")
        .current_dir(dir)
        .args(args)
        .output()
        .expect("run openssl (is it installed?)");
    assert!(
        out.status.success(),
        "openssl {}: {}",
        args.join(" "),
        String::from_utf8_lossy(&out.stderr)
    );
}

impl Certs {
    /// Makes the authority and both certificates in `dir` (created), valid for two days.
    pub fn generate(dir: &Path) -> Certs {
        std::fs::create_dir_all(dir).expect("certificate dir");
        let key = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"];
        // rustls takes only an authority marked as one (basicConstraints CA:TRUE).
        openssl(
            dir,
            &[
                &["req", "-x509"][..],
                &key,
                &[
                    "-nodes", "-keyout", "ca.key", "-out", "ca.crt", "-days", "2",
                ],
                &["-subj", "/CN=jsess test authority"],
                &["-addext", "basicConstraints=critical,CA:TRUE"],
                &["-addext", "keyUsage=critical,keyCertSign,cRLSign"],
            ]
            .concat(),
        );
        for (serial, name) in [("0x1001", "server"), ("0x1002", "client")] {
            let (csr, crt, ext) = (
                format!("{name}.csr"),
                format!("{name}.crt"),
                format!("{name}.ext"),
            );
            let keyfile = format!("{name}.key");
            let subject = format!("/CN=jsess test {name}");
            openssl(
                dir,
                &[
                    &["req", "-new"][..],
                    &key,
                    &[
                        "-nodes", "-keyout", &keyfile, "-out", &csr, "-subj", &subject,
                    ],
                ]
                .concat(),
            );
            // Redis also presents its server certificate as a client (replication), so both
            // uses are allowed.
            std::fs::write(
                dir.join(&ext),
                "subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n\
                 keyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth,clientAuth\n",
            )
            .expect("extensions file");
            openssl(
                dir,
                &[
                    "x509",
                    "-req",
                    "-in",
                    &csr,
                    "-CA",
                    "ca.crt",
                    "-CAkey",
                    "ca.key",
                    "-set_serial",
                    serial,
                    "-days",
                    "2",
                    "-out",
                    &crt,
                    "-extfile",
                    &ext,
                ],
            );
        }
        Certs {
            ca: dir.join("ca.crt"),
            server_cert: dir.join("server.crt"),
            server_key: dir.join("server.key"),
            client_cert: dir.join("client.crt"),
            client_key: dir.join("client.key"),
        }
    }

    /// `redis-server` arguments serving these certificates, requiring client certificates.
    pub fn server_args(&self) -> Vec<&str> {
        fn path(p: &Path) -> &str {
            p.to_str().expect("utf-8 path")
        }
        vec![
            "--tls-cert-file",
            path(&self.server_cert),
            "--tls-key-file",
            path(&self.server_key),
            "--tls-ca-cert-file",
            path(&self.ca),
            "--tls-auth-clients",
            "yes",
        ]
    }

    /// The files as the redis crate takes them: the authority, the client certificate.
    pub fn tls_certificates(&self) -> redis::TlsCertificates {
        let read = |p: &PathBuf| std::fs::read(p).expect("read certificate file");
        redis::TlsCertificates {
            client_tls: Some(redis::ClientTlsConfig {
                client_cert: read(&self.client_cert),
                client_key: read(&self.client_key),
            }),
            root_cert: Some(read(&self.ca)),
        }
    }

    /// A client for a `rediss://` URL, presenting the client certificate.
    pub fn client(&self, url: &str) -> redis::Client {
        // rustls needs a process-wide crypto provider; whoever installs it first wins.
        let _ = rustls::crypto::ring::default_provider().install_default();
        redis::Client::build_with_tls(url, self.tls_certificates()).expect("TLS client")
    }
}
