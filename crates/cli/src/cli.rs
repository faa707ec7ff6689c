//! Command-line arguments.

use std::path::PathBuf;

use clap::{Args as ClapArgs, Parser, Subcommand, ValueEnum};
use jsess::Limits;

/// Inspect, convert and check Java web sessions (Tomcat / memcached-session-manager blobs).
#[derive(Debug, Parser)]
#[command(name = "jsess", version, about)]
pub struct Args {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Show what a blob holds, as a readable tree or as JSON.
    Inspect(InspectArgs),
    /// Re-encode a blob, or every file of a directory, in another format.
    Convert(ConvertArgs),
    /// Derive a shared class dictionary from a store's sessions, for the compact formats.
    Dictionary(DictionaryArgs),
    /// Report gadget-chain classes, disallowed classes and SerialDOS shapes (exit 3 on findings).
    Audit(AuditArgs),
    /// Measure size and encode/decode speed of every format on the same sessions.
    Bench(BenchArgs),
    /// Report what a store holds: formats, sizes, lifetimes, classes, heaviest attributes,
    /// undecodable values with reasons.
    Scan(ScanArgs),
    /// Re-encode every session of a store in another format, in place or under a new key
    /// prefix, or move them to another session manager's layout (--to-layout), with a backup
    /// of every replaced value (docs/redis.md, docs/layouts.md).
    Migrate(Box<MigrateArgs>),
    /// Put back the values a migration replaced, from its backup file.
    Rollback(RollbackArgs),
    /// Class schemas for the Kryo format (field layouts, finality, generics).
    #[command(subcommand)]
    Schema(SchemaCommand),
}

/// `jsess schema …`
#[derive(Debug, clap::Subcommand)]
pub enum SchemaCommand {
    /// Write the class schemas gathered from --classpath, --schema and --schema-from as a
    /// schema file (docs/kryo-format.md), for editing or for hosts without the application.
    Export(SchemaExportArgs),
}

#[derive(Debug, ClapArgs)]
pub struct SchemaExportArgs {
    /// Where to write the schema file (default: standard output).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    #[command(flatten)]
    pub schemas: SchemaArgs,
    #[command(flatten)]
    pub limits: LimitArgs,
}

/// Where the class layouts for Kryo come from.
#[derive(Debug, Clone, Default, ClapArgs)]
pub struct SchemaArgs {
    /// The application's classes: jars, wars or class directories, `:`-separated (read without
    /// a JVM; gives finality, generic field types and enum constants).
    #[arg(long, value_name = "PATH")]
    pub classpath: Option<String>,
    /// A schema file (`jsess schema export` writes one).
    #[arg(long, value_name = "FILE")]
    pub schema: Vec<PathBuf>,
    /// Java-serialized sessions or streams (a file or a directory) whose class descriptors
    /// name the fields of their classes.
    #[arg(long, value_name = "JAVA_BLOB_OR_DIR")]
    pub schema_from: Vec<PathBuf>,
}

/// How to reach Redis beyond what the URL says (every command that opens a store).
#[derive(Debug, Clone, Default, ClapArgs)]
pub struct ConnectArgs {
    /// For rediss:// URLs: PEM file of the certificate authorities the server's certificate
    /// chains to (default: the system's roots).
    #[arg(long, value_name = "FILE")]
    pub tls_ca: Option<PathBuf>,
    /// For rediss:// URLs: PEM client certificate, for servers that require one
    /// (tls-auth-clients); needs --tls-key.
    #[arg(long, value_name = "FILE", requires = "tls_key")]
    pub tls_cert: Option<PathBuf>,
    /// For rediss:// URLs: the PEM private key of --tls-cert.
    #[arg(long, value_name = "FILE", requires = "tls_cert")]
    pub tls_key: Option<PathBuf>,
}

impl ConnectArgs {
    /// The store's connection options.
    pub fn connect(&self) -> jsess_store::Connect {
        let given = self.tls_ca.is_some() || self.tls_cert.is_some() || self.tls_key.is_some();
        jsess_store::Connect {
            tls: given.then(|| jsess_store::TlsFiles {
                ca: self.tls_ca.clone(),
                cert: self.tls_cert.clone(),
                key: self.tls_key.clone(),
            }),
        }
    }
}

#[derive(Debug, ClapArgs)]
pub struct ScanArgs {
    /// A directory of stored values (one file per key), one file, or Redis:
    /// `redis://[user:password@]host:port/db` (`rediss://` for TLS); several servers (the shards
    /// behind a proxy) joined by commas; a Cluster is recognised and every primary scanned; the
    /// primary Sentinels name: `redis+sentinel://host:port[,host:port]/primary-name[/db]`.
    pub source: String,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
    /// Also write the report as one self-contained HTML page (charts inline, nothing loaded
    /// from the network), besides the text or JSON printed.
    #[arg(long, value_name = "FILE")]
    pub html: Option<PathBuf>,
    #[command(flatten)]
    pub connect: ConnectArgs,
    #[command(flatten)]
    pub schemas: SchemaArgs,
    #[command(flatten)]
    pub limits: LimitArgs,
}

#[derive(Debug, ClapArgs)]
pub struct BenchArgs {
    /// msm blobs or bare Java streams to measure (default: the bundled corpus, corpora/msm).
    pub dir: Option<PathBuf>,
    /// Formats, comma-separated: msm-java, msm-kryo, msm-xstream, msm-javolution, msm-flexjson, bincode,
    /// msgpack, postcard, json, packed, each optionally with `+dict` (a class dictionary derived from the same sessions).
    #[arg(long)]
    pub formats: Option<String>,
    /// Print JSON (`{"results": [...]}`) instead of a table.
    #[arg(long)]
    pub json: bool,
    /// With --json, also each session's figures in each format (`per_session`: file, class,
    /// sizes, median decode and encode ns), to compare session by session.
    #[arg(long, requires = "json")]
    pub per_session: bool,
    /// Also draw size against decode speed as an SVG chart.
    #[arg(long, value_name = "FILE.svg")]
    pub chart: Option<PathBuf>,
    /// The application's classes for msm-kryo (default with the bundled corpus: its jar,
    /// corpora/kryo/app-classes.jar).
    #[arg(long, value_name = "PATH")]
    pub classpath: Option<String>,
}

#[derive(Debug, ClapArgs)]
pub struct AuditArgs {
    /// A blob, a directory of blobs (sessions of any format, Java streams), or a Redis store
    /// (`redis://…`: msm's sessions and Spring Session's and Redisson's session hashes).
    pub source: PathBuf,
    #[command(flatten)]
    pub connect: ConnectArgs,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
    /// Allow list: class patterns (`java.util.*`, `com.shop.**`, `com.acme.Cart`), one per line;
    /// any other class is reported.
    #[arg(long, value_name = "FILE")]
    pub allow: Option<PathBuf>,
    /// Deny list: more class patterns to report, one per line.
    #[arg(long, value_name = "FILE")]
    pub deny: Option<PathBuf>,
    #[command(flatten)]
    pub schemas: SchemaArgs,
    #[command(flatten)]
    pub limits: LimitArgs,
}

#[derive(Debug, ClapArgs)]
pub struct InspectArgs {
    /// The blob to read (msm session, bare Java stream, compact blob, or a store artifact), or a
    /// Redis URL (`redis://host:port/db`) with `--key`.
    pub file: String,
    /// The key to read from Redis.
    #[arg(long)]
    pub key: Option<String>,
    #[command(flatten)]
    pub connect: ConnectArgs,
    /// Print JSON (the shape is documented in docs/json.md) instead of a tree.
    #[arg(long)]
    pub json: bool,
    /// Show how many bytes each attribute takes in the Java attribute stream.
    #[arg(long)]
    pub sizes: bool,
    /// Class dictionary for compact blobs written with one.
    #[arg(long, value_name = "FILE")]
    pub dictionary: Option<PathBuf>,
    #[command(flatten)]
    pub schemas: SchemaArgs,
    #[command(flatten)]
    pub limits: LimitArgs,
}

#[derive(Debug, ClapArgs)]
pub struct MigrateArgs {
    /// The store: a directory of values or Redis URL(s), as for `jsess scan`.
    pub source: String,
    /// The format to write: a name of the format registry (see `jsess migrate --help`); with
    /// `--to-layout msm`, the format msm sessions are written in (default msm-java).
    #[arg(long, value_name = "FORMAT", value_parser = format_name,
          required_unless_present = "to_layout")]
    pub to: Option<String>,
    /// Move sessions to another session manager's layout, under its keys (the sources stay):
    /// `redisson` (`[keyPrefix:]redisson:tomcat_session:ID` hashes), `spring-session`
    /// (`NAMESPACE:sessions:ID` hashes), `msm` (strings, `--target-prefix` + id), `jcoleman`,
    /// `jcoleman-1`, `ran-jit` (strings under the raw id) or `chexagon` (`_rsm_` + id).
    /// `tomcat-file` writes Tomcat `FileStore` files (`ID.session`) into the directory `--target`
    /// names.
    #[arg(long, value_name = "LAYOUT", value_parser = LAYOUTS)]
    pub to_layout: Option<String>,
    /// The layout sessions are in now (default: msm, or redisson when moving to msm).
    #[arg(long, value_name = "LAYOUT", value_parser = LAYOUTS, requires = "to_layout")]
    pub from_layout: Option<String>,
    /// With --to-layout: write into this store instead of the source (a directory for
    /// `tomcat-file`; a Redis URL when the source is a directory of `.session` files).
    #[arg(long, value_name = "STORE", requires = "to_layout")]
    pub target: Option<String>,
    /// The Tomcat stream to write for `tomcat-file` (default `login-notes`) and the Redis
    /// managers on Tomcat's stream (default `login`): `login-notes` (Tomcat 8.5.83+, 9.0.66+
    /// and 10.0.24+ with persistAuthenticationNotes, every 10.1+), `login` (7.0.101+, 8.5.52+,
    /// 9.0.32+, 10.0) or `no-login` (older).
    #[arg(long, value_name = "PROFILE", value_parser = ["login-notes", "login", "no-login"])]
    pub tomcat_profile: Option<String>,
    /// Redisson's `keyPrefix` or Spring Session's namespace (default `spring:session`) of the
    /// hash layout involved.
    #[arg(long, value_name = "P", requires = "to_layout")]
    pub layout_prefix: Option<String>,
    /// Move sessions whose login the target layout cannot hold (Spring Session keeps no
    /// container login): those users log in again.
    #[arg(long, requires = "to_layout")]
    pub allow_lost_login: bool,
    /// Copy an object two attributes share into each of them (hash layouts keep every
    /// attribute in a stream of its own); otherwise such sessions are refused.
    #[arg(long, requires = "to_layout")]
    pub allow_split_shared: bool,
    /// The codec of the values written into a hash layout: `java` (Redisson's
    /// SerializationCodec, Spring's JdkSerializationRedisSerializer) or `kryo5` (Redisson's
    /// Kryo5Codec, its default since 3.19; application classes from --classpath).
    #[arg(long, value_name = "CODEC", default_value = "java", value_parser = ["java", "kryo5"],
          requires = "to_layout")]
    pub codec: String,
    #[command(flatten)]
    pub schemas: SchemaArgs,
    /// Class dictionary for the compact formats.
    #[arg(long, value_name = "FILE")]
    pub dictionary: Option<PathBuf>,
    /// Read, transcode and verify everything, write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// File every replaced value is appended to before it is replaced (required unless
    /// --dry-run); its checkpoint is FILE.checkpoint.
    #[arg(long, value_name = "FILE", required_unless_present = "dry_run")]
    pub backup: Option<PathBuf>,
    /// Continue an interrupted run from its checkpoint, appending to its backup file.
    #[arg(long)]
    pub resume: bool,
    /// Write the sessions under this key prefix instead of in place (the literal prefix msm
    /// puts before the id, e.g. `v2_` for storageKeyPrefix="static:v2"); validity keys are
    /// copied along.
    #[arg(long, value_name = "P")]
    pub target_prefix: Option<String>,
    /// Only keys under this prefix (default: every key).
    #[arg(long, value_name = "P")]
    pub prefix: Option<String>,
    /// With --target-prefix or --to-layout: keep the target in sync (keyspace notifications
    /// and a rescan every --rescan-seconds) until interrupted.
    #[arg(long)]
    pub follow: bool,
    /// Seconds between rescans with --follow.
    #[arg(long, value_name = "S", default_value_t = 30)]
    pub rescan_seconds: u64,
    /// Take msm's `lock:` key around each write (non-sticky Tomcats with lockingMode).
    #[arg(long)]
    pub msm_lock: bool,
    /// Keys per SCAN step and per batch (read in one round trip, backed up with one sync, written
    /// in one round trip).
    #[arg(long, value_name = "N", default_value_t = 1000)]
    pub batch: usize,
    /// Only the sessions whose key hashes to these Redis Cluster slots (`A-B`, inclusive, 0 to
    /// 16383; on any store, keys hashed as a Cluster would), each with msm's validity and lock
    /// keys: one worker's share of a store split between several, each with its own --backup.
    #[arg(long, value_name = "A-B")]
    pub slots: Option<jsess_store::SlotRange>,
    /// Threads that decode, re-encode and verify sessions while the store is read and written
    /// (default: one per core).
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub threads: usize,
    /// How many steps below jsess's own priority those threads run (Linux `nice` increments,
    /// 0 to 19; 0 keeps them level): a Redis server or application on the same host, and the
    /// threads that read and write the store, get the cores first.
    #[arg(long, value_name = "N", default_value_t = jsess_store::DEFAULT_WORKER_NICE,
          value_parser = clap::value_parser!(u8).range(0..=19))]
    pub worker_nice: u8,
    /// Print the final report as JSON.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub connect: ConnectArgs,
    #[command(flatten)]
    pub limits: LimitArgs,
}

#[derive(Debug, ClapArgs)]
pub struct RollbackArgs {
    /// The backup file a migration wrote; several (--backup F1 --backup F2) for the workers
    /// that split a store with --slots, restored one after the other.
    #[arg(long, value_name = "FILE", required = true)]
    pub backup: Vec<PathBuf>,
    /// The store the migration wrote to.
    pub target: String,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub connect: ConnectArgs,
}

/// The session managers' layouts `migrate --to-layout` and `--from-layout` name.
const LAYOUTS: [&str; 8] = [
    "msm",
    "redisson",
    "spring-session",
    "tomcat-file",
    "jcoleman",
    "jcoleman-1",
    "ran-jit",
    "chexagon",
];

/// A format of the registry.
fn format_name(name: &str) -> Result<String, String> {
    if jsess::FORMAT_NAMES.contains(&name) {
        Ok(name.to_string())
    } else {
        Err(format!(
            "unknown format {name:?}; formats: {}",
            jsess::FORMAT_NAMES.join(", ")
        ))
    }
}

#[derive(Debug, ClapArgs)]
pub struct ConvertArgs {
    /// Format of the input.
    #[arg(long)]
    pub from: Format,
    /// Format to write.
    #[arg(long)]
    pub to: Format,
    /// Class dictionary for the compact formats (read with it, or write blobs that need it).
    #[arg(long, value_name = "FILE")]
    pub dictionary: Option<PathBuf>,
    #[command(flatten)]
    pub schemas: SchemaArgs,
    /// Input file or directory.
    pub input: PathBuf,
    /// Output file or directory (created when the input is a directory).
    pub output: PathBuf,
    #[command(flatten)]
    pub limits: LimitArgs,
}

#[derive(Debug, ClapArgs)]
pub struct DictionaryArgs {
    /// Where to write the dictionary.
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// msm blobs, or directories of them, to derive it from.
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    #[command(flatten)]
    pub limits: LimitArgs,
}

/// Blob formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A bare Java Object Serialization stream (`AC ED 00 05`).
    Java,
    /// msm session blob, Java serialization transcoder.
    MsmJava,
    /// msm session blob, Kryo transcoder (needs class schemas for application classes).
    MsmKryo,
    /// jsess compact layout, bincode.
    Bincode,
    /// jsess compact layout, MessagePack.
    Msgpack,
    /// jsess compact layout, postcard.
    Postcard,
    /// jsess compact layout, JSON.
    Json,
    /// jsess packed layout: only what the JDK writer's rules would not recreate (smallest).
    Packed,
    /// msm session blob, XStream transcoder (XML).
    #[value(name = "msm-xstream")]
    MsmXstream,
    /// msm session blob, FlexJSON transcoder (JSON).
    #[value(name = "msm-flexjson")]
    MsmFlexjson,
    /// msm session blob, Javolution transcoder (XML; application classes' field order from
    /// --classpath).
    #[value(name = "msm-javolution")]
    MsmJavolution,
}

impl Format {
    /// The name the session-format registry uses.
    pub fn name(self) -> &'static str {
        match self {
            Format::Java => "java",
            Format::MsmJava => "msm-java",
            Format::MsmKryo => "msm-kryo",
            Format::Bincode => "bincode",
            Format::Msgpack => "msgpack",
            Format::Postcard => "postcard",
            Format::Json => "json",
            Format::Packed => "packed",
            Format::MsmXstream => "msm-xstream",
            Format::MsmFlexjson => "msm-flexjson",
            Format::MsmJavolution => "msm-javolution",
        }
    }
}

/// Resource limits for untrusted input (defaults in docs/security.md).
#[derive(Debug, Clone, ClapArgs)]
pub struct LimitArgs {
    /// Largest input accepted, in bytes.
    #[arg(long, value_name = "BYTES", default_value_t = Limits::DEFAULT.max_stream_bytes)]
    pub max_bytes: usize,
    /// Deepest object nesting.
    #[arg(long, value_name = "N", default_value_t = Limits::DEFAULT.max_depth)]
    pub max_depth: u32,
    /// Most objects (handles) one stream may create.
    #[arg(long, value_name = "N", default_value_t = Limits::DEFAULT.max_handles)]
    pub max_handles: u32,
    /// Most back-references one stream may hold.
    #[arg(long, value_name = "N", default_value_t = Limits::DEFAULT.max_back_references)]
    pub max_back_references: u32,
    /// Longest array.
    #[arg(long, value_name = "N", default_value_t = Limits::DEFAULT.max_array_length)]
    pub max_array_length: u32,
    /// Longest string, in bytes.
    #[arg(long, value_name = "BYTES", default_value_t = Limits::DEFAULT.max_string_bytes)]
    pub max_string_bytes: u64,
}

impl LimitArgs {
    pub fn limits(&self) -> Limits {
        Limits {
            max_stream_bytes: self.max_bytes,
            max_depth: self.max_depth,
            max_handles: self.max_handles,
            max_back_references: self.max_back_references,
            max_array_length: self.max_array_length,
            max_string_bytes: self.max_string_bytes,
        }
    }
}
