//! Class-name patterns, written as JEP 290 filters write them.

/// A class-name pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pattern {
    /// `com.acme.Cart`: exactly this class (nested classes `com.acme.Cart$Line` included).
    Exact(String),
    /// `com.acme.*`: classes of this package.
    Package(String),
    /// `com.acme.**`: classes of this package and its subpackages.
    Subpackages(String),
    /// `com.acme.Cart*`: names starting so.
    Prefix(String),
}

/// A pattern line that does not parse.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {reason}")]
pub struct PatternError {
    /// 1-based line number.
    pub line: usize,
    /// What is wrong.
    pub reason: String,
}

impl Pattern {
    /// Parses one pattern (no whitespace inside).
    pub fn parse(text: &str) -> Option<Pattern> {
        let text = text.trim();
        if text.is_empty() || text.contains(char::is_whitespace) {
            return None;
        }
        Some(if let Some(p) = text.strip_suffix(".**") {
            Pattern::Subpackages(p.to_string())
        } else if let Some(p) = text.strip_suffix(".*") {
            Pattern::Package(p.to_string())
        } else if let Some(p) = text.strip_suffix('*') {
            Pattern::Prefix(p.to_string())
        } else {
            Pattern::Exact(text.to_string())
        })
    }

    /// Whether a binary class name matches.
    pub fn matches(&self, class: &str) -> bool {
        match self {
            Pattern::Exact(name) => {
                class == name
                    || class
                        .strip_prefix(name.as_str())
                        .is_some_and(|rest| rest.starts_with('$'))
            }
            Pattern::Package(pkg) => class
                .strip_prefix(pkg.as_str())
                .and_then(|rest| rest.strip_prefix('.'))
                .is_some_and(|rest| !rest.contains('.')),
            Pattern::Subpackages(pkg) => class
                .strip_prefix(pkg.as_str())
                .is_some_and(|rest| rest.starts_with('.')),
            Pattern::Prefix(prefix) => class.starts_with(prefix.as_str()),
        }
    }
}

/// Reads a pattern file: one pattern per line, `#` starts a comment.
pub fn parse_patterns(text: &str) -> Result<Vec<Pattern>, PatternError> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        out.push(Pattern::parse(line).ok_or_else(|| PatternError {
            line: i + 1,
            reason: format!("not a class pattern: {line:?}"),
        })?);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_match_like_jep_290() {
        let p = |s| Pattern::parse(s).expect("pattern");
        assert!(p("java.util.*").matches("java.util.HashMap"));
        assert!(!p("java.util.*").matches("java.util.concurrent.ConcurrentHashMap"));
        assert!(p("java.util.**").matches("java.util.concurrent.ConcurrentHashMap"));
        assert!(!p("java.util.**").matches("java.utility.X"));
        assert!(p("com.acme.Cart").matches("com.acme.Cart$Line"));
        assert!(!p("com.acme.Cart").matches("com.acme.CartX"));
        assert!(p("com.acme.Cart*").matches("com.acme.CartX"));
        assert_eq!(
            parse_patterns("# allow\njava.lang.*  # core\n\ncom.shop.**\n")
                .expect("file")
                .len(),
            2
        );
        assert!(parse_patterns("a b").is_err());
    }
}
