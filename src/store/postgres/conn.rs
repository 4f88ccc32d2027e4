//! Connections to the database: what `[store]` names (a URL, which may list
//! several hosts with `target_session_attrs=read-write`; a password file; a
//! CA file), TLS through rustls, and a small pool of synchronous clients so
//! that a long import or a check does not hold up the other requests.

use super::Result;
use crate::store::error::StoreError;
use postgres::Client;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use tokio_postgres_rustls::MakeRustlsConnect;

/// How to reach the database (`[store]` with `backend = "postgres"`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PgOptions {
    /// A `postgresql://` URL or a `key=value` connection string. libpq's
    /// `sslmode=verify-full` and `verify-ca` are taken as `require`: rustls
    /// always verifies the server's certificate and its name.
    pub url: String,
    /// A file holding the password (its first line), kept out of the config.
    pub password_file: Option<PathBuf>,
    /// The CA certificates (PEM) the server's certificate must chain to;
    /// without it, the web's roots (webpki-roots).
    pub ca_file: Option<PathBuf>,
}

impl PgOptions {
    /// Why `url` cannot name a database, if it cannot (the password left
    /// out of the words).
    pub fn url_problem(url: &str) -> Option<String> {
        normal_url(url)
            .parse::<postgres::Config>()
            .err()
            .map(|e| format!("not a PostgreSQL connection url: {e}"))
    }
}

/// The url as tokio-postgres reads it: libpq's `verify-full` and
/// `verify-ca` are `require` to it, and rustls verifies regardless.
fn normal_url(url: &str) -> String {
    url.replace("sslmode=verify-full", "sslmode=require")
        .replace("sslmode=verify-ca", "sslmode=require")
}

/// How many idle connections are kept.
const IDLE: usize = 8;

/// The connections of one store.
pub(super) struct Pool {
    config: postgres::Config,
    tls: MakeRustlsConnect,
    idle: Mutex<Vec<Client>>,
    label: String,
}

/// A connection taken from the pool, given back when dropped (unless it broke).
pub(super) struct Conn<'a> {
    pool: &'a Pool,
    client: Option<Client>,
}

impl std::ops::Deref for Conn<'_> {
    type Target = Client;
    fn deref(&self) -> &Client {
        // Taken out only in `drop`.
        self.client.as_ref().unwrap_or_else(|| unreachable!())
    }
}

impl std::ops::DerefMut for Conn<'_> {
    fn deref_mut(&mut self) -> &mut Client {
        self.client.as_mut().unwrap_or_else(|| unreachable!())
    }
}

impl Drop for Conn<'_> {
    fn drop(&mut self) {
        if let Some(c) = self.client.take() {
            if !c.is_closed() {
                let mut idle = self.pool.idle.lock().unwrap_or_else(|e| e.into_inner());
                if idle.len() < IDLE {
                    idle.push(c);
                }
            }
        }
    }
}

fn refused(detail: String) -> StoreError {
    StoreError::Postgres { code: None, detail }
}

impl Pool {
    pub(super) fn new(opts: &PgOptions) -> Result<Pool> {
        let url = normal_url(&opts.url);
        let mut config: postgres::Config = url
            .parse()
            .map_err(|e: postgres::Error| refused(format!("the store's url: {e}")))?;
        if let Some(file) = &opts.password_file {
            let text = std::fs::read_to_string(file).map_err(|e| StoreError::Io {
                dir: file.clone(),
                detail: e.to_string(),
            })?;
            config.password(text.lines().next().unwrap_or("").trim_end());
        }
        if config.get_application_name().is_none() {
            config.application_name("secretariat");
        }
        let label = label_of(&config);
        Ok(Pool {
            tls: tls(opts.ca_file.as_deref())?,
            config,
            idle: Mutex::new(Vec::new()),
            label,
        })
    }

    pub(super) fn label(&self) -> &str {
        &self.label
    }

    /// An idle connection, or a new one.
    pub(super) fn get(&self) -> Result<Conn<'_>> {
        let idle = self.idle.lock().unwrap_or_else(|e| e.into_inner()).pop();
        let client = match idle {
            Some(c) if !c.is_closed() => c,
            _ => self.config.connect(self.tls.clone())?,
        };
        Ok(Conn {
            pool: self,
            client: Some(client),
        })
    }
}

/// The database as people name it: user, hosts and database, no password.
fn label_of(config: &postgres::Config) -> String {
    let hosts: Vec<String> = config
        .get_hosts()
        .iter()
        .map(|h| match h {
            postgres::config::Host::Tcp(name) => name.clone(),
            postgres::config::Host::Unix(path) => path.display().to_string(),
        })
        .collect();
    format!(
        "postgresql://{}@{}/{}",
        config.get_user().unwrap_or(""),
        hosts.join(","),
        config.get_dbname().unwrap_or("")
    )
}

/// rustls, verifying the server against `ca_file` or the web's roots.
fn tls(ca_file: Option<&std::path::Path>) -> Result<MakeRustlsConnect> {
    use rustls_pki_types::CertificateDer;
    use rustls_pki_types::pem::PemObject;
    let mut roots = rustls::RootCertStore::empty();
    match ca_file {
        Some(file) => {
            let io = |detail: String| StoreError::Io {
                dir: file.to_path_buf(),
                detail,
            };
            let certs = CertificateDer::pem_file_iter(file).map_err(|e| io(e.to_string()))?;
            for cert in certs {
                let cert = cert.map_err(|e| io(e.to_string()))?;
                roots.add(cert).map_err(|e| io(e.to_string()))?;
            }
        }
        None => roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned()),
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| refused(e.to_string()))?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(MakeRustlsConnect::new(config))
}
