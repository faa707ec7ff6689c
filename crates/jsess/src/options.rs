//! What reading and writing need besides the bytes.

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use jsess_classpath::Schemas;
use jsess_codecs::Dictionary;
use jsess_model::{Graph, Limits};
use jsess_msm::{sniff, AttributeFormat, FormatOptions, Formats, Kind};

use crate::Error;

/// Limits and class knowledge, set up once and used for every value.
///
/// Java-serialized sessions carry their class descriptors; the other formats do not, so
/// reading Kryo needs the application's field layouts and XStream the declared types of
/// fields. They come from the application's class files ([`Options::classpath`]), a schema
/// file ([`Options::schema_file`]), or Java-serialized sessions of the same application
/// ([`Options::learn_from`]).
///
/// ```
/// let mut options = jsess::Options::new().limits(jsess::Limits {
///     max_depth: 200,
///     ..jsess::Limits::DEFAULT
/// });
/// options.classpath("../../corpora/kryo/app-classes.jar")?;
/// # Ok::<(), jsess::Error>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct Options {
    limits: Limits,
    // Shared with every codec made from these options, copied only when changed after that.
    formats: FormatOptions,
    /// Every format set up with `formats`, made on first use and again after a change.
    registry: OnceLock<Arc<Formats>>,
}

impl Options {
    /// Default limits, the JDK's classes only.
    pub fn new() -> Options {
        Options::default()
    }

    /// Replaces the resource limits hostile input is held to.
    pub fn limits(mut self, limits: Limits) -> Options {
        self.limits = limits;
        self
    }

    /// The resource limits.
    pub fn get_limits(&self) -> &Limits {
        &self.limits
    }

    /// Adds the classes of a classpath (`app.jar:WEB-INF/classes`, jars, wars, directories);
    /// returns how many classes it held.
    pub fn classpath(&mut self, classpath: &str) -> Result<usize, Error> {
        Ok(self.schemas_mut().add_classpath(classpath)?)
    }

    /// Adds the classes of a schema file (`jsess schema export`); returns how many.
    pub fn schema_file(&mut self, path: &Path) -> Result<usize, Error> {
        Ok(self.schemas_mut().load_file(path)?)
    }

    /// Learns the class descriptors of Java-serialized sessions: one blob (an msm-java
    /// session or a bare Java stream). Returns whether it was one; other bytes are passed over.
    pub fn learn_from(&mut self, bytes: &[u8]) -> bool {
        let graph: Option<Graph<'_>> = match sniff(bytes) {
            Kind::Session(AttributeFormat::Java) => jsess_msm::decode(bytes, &self.limits)
                .ok()
                .map(|s| s.attributes.graph),
            Kind::JavaStream => jsess_javaser::decode(bytes, &self.limits)
                .ok()
                .map(|s| s.graph),
            _ => None,
        };
        let Some(graph) = graph else {
            return false;
        };
        self.learn_from_graph(&graph);
        true
    }

    /// Learns the class descriptors of a decoded Java stream (a session's attributes).
    pub fn learn_from_graph(&mut self, graph: &Graph<'_>) {
        self.schemas_mut().add_descriptors(graph);
        Arc::make_mut(&mut self.formats.descriptors)
            .extend(jsess_javaser::jdk::descriptors_of(graph));
    }

    /// [`Options::learn_from`] for a file, or every file under a directory; returns how many
    /// were Java-serialized sessions.
    pub fn learn_from_path(&mut self, path: &Path) -> Result<usize, Error> {
        let mut found = 0;
        for file in files_under(path)? {
            let bytes = std::fs::read(&file).map_err(|source| Error::Io {
                path: file.display().to_string(),
                source,
            })?;
            found += usize::from(self.learn_from(&bytes));
        }
        Ok(found)
    }

    /// The class dictionary compact blobs were written with (`jsess dictionary`).
    pub fn dictionary(mut self, dictionary: impl Into<Arc<Dictionary>>) -> Options {
        self.formats.dictionary = Some(dictionary.into());
        self.registry = OnceLock::new();
        self
    }

    /// Reads a dictionary file; see [`Options::dictionary`].
    pub fn dictionary_file(self, path: &Path) -> Result<Options, Error> {
        let bytes = std::fs::read(path).map_err(|source| Error::Io {
            path: path.display().to_string(),
            source,
        })?;
        Ok(self.dictionary(Dictionary::from_bytes(&bytes)?))
    }

    /// The class layouts known so far (for `jsess schema export`).
    pub fn schemas(&self) -> &Schemas {
        &self.formats.schemas
    }

    /// What the format registry takes ([`jsess_msm::codec_with`], [`jsess_msm::detect_with`]).
    pub fn format_options(&self) -> &FormatOptions {
        &self.formats
    }

    /// Every format set up with these options, made once and shared by every value read with
    /// them (a codec that learns about classes keeps what it learned).
    pub fn formats(&self) -> &Arc<Formats> {
        self.registry
            .get_or_init(|| Arc::new(Formats::new(self.formats.clone())))
    }

    /// The class layouts, to change: the formats set up with the old ones are let go.
    fn schemas_mut(&mut self) -> &mut Schemas {
        self.registry = OnceLock::new();
        Arc::make_mut(&mut self.formats.schemas)
    }
}

/// A file, or every file under a directory (sorted, so results do not depend on the file
/// system's order).
pub fn files_under(path: &Path) -> Result<Vec<PathBuf>, Error> {
    let io = |p: &Path| {
        let path = p.display().to_string();
        move |source| Error::Io { path, source }
    };
    if !path.is_dir() {
        return Ok(vec![path.to_path_buf()]);
    }
    let mut out = Vec::new();
    let mut pending = vec![path.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).map_err(io(&dir))? {
            let path = entry.map_err(io(&dir))?.path();
            if path.is_dir() {
                pending.push(path);
            } else {
                out.push(path);
            }
        }
    }
    out.sort();
    Ok(out)
}
