//! Writing results: files written atomically with the right mode, and JSON rendered for
//! people (pretty, optionally coloured) or for programs (one line). Terminal detection is the
//! caller's business: these functions take the decision as a flag.

use std::fs::{self, OpenOptions};
use std::io::Write;
#[cfg(unix)]
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

use colored::Colorize;
use serde_json::Value;

use crate::error::{Error, Remedy, Result};
use crate::text;

/// File modes: private keys and tokens are readable by their owner only.
pub const PRIVATE_MODE: u32 = 0o600;
pub const PUBLIC_MODE: u32 = 0o644;

/// Writes `bytes` to `path` through a temporary file in the same folder and a rename, so a
/// reader never sees half a key. Without `overwrite`, an existing file is never replaced
/// (the final step is a hard link, which fails if the name is taken).
pub fn write_file_atomic(path: &Path, bytes: &[u8], mode: u32, overwrite: bool) -> Result<()> {
    if !overwrite && fs::symlink_metadata(path).is_ok() {
        return Err(exists(path));
    }
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .ok_or_else(|| Error::io(format!("cannot write {}: not a file name", path.display())))?;
    let mut random = [0u8; 6];
    crate::random::fill(&mut random)?;
    let tmp = dir.join(format!(
        ".{}.{}.tmp",
        name.to_string_lossy(),
        crate::jose::b64::encode(&random)
    ));
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    options.mode(mode);
    let result = options
        .open(&tmp)
        .and_then(|mut f| {
            f.write_all(bytes)?;
            f.sync_all()
        })
        .map_err(|e| Error::io_path("write", path, &e));
    let result = result.and_then(|()| {
        if overwrite {
            fs::rename(&tmp, path).map_err(|e| Error::io_path("write", path, &e))
        } else {
            match fs::hard_link(&tmp, path) {
                Ok(()) => Ok(()),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(exists(path)),
                Err(e) => Err(Error::io_path("write", path, &e)),
            }
        }
    });
    // After a rename the temporary name is gone; after a link (or a failure) it is removed.
    let _ = fs::remove_file(&tmp);
    result
}

fn exists(path: &Path) -> Error {
    Error::io(format!("{} already exists", path.display())).with_remedy(Remedy::Overwrite)
}

/// JSON for a terminal: two-space indentation, keys, strings and numbers in distinct colours.
pub fn json_pretty(value: &Value, color: bool) -> String {
    let mut out = String::new();
    write_value(&mut out, value, 0, color);
    out
}

/// A JSON result as printed: pretty for a terminal, with every character that could drive it
/// as a `\u` escape, and coloured when `color` (pretty in a pipe too, then); one line for a
/// plain pipe, exact. Either way ended by a newline.
pub fn json_document(value: &Value, terminal: bool, color: bool) -> String {
    let mut text = if terminal || color {
        json_pretty(value, color)
    } else {
        json_line(value)
    };
    text.push('\n');
    text
}

/// JSON for a pipe: one line, member order as given.
pub fn json_line(value: &Value) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

fn write_value(out: &mut String, value: &Value, depth: usize, color: bool) {
    let indent = |n: usize| "  ".repeat(n);
    match value {
        Value::Object(map) if !map.is_empty() => {
            out.push_str("{\n");
            for (i, (k, v)) in map.iter().enumerate() {
                out.push_str(&indent(depth + 1));
                out.push_str(&paint(&text::json_string(k), Paint::Key, color));
                out.push_str(": ");
                write_value(out, v, depth + 1, color);
                if i + 1 < map.len() {
                    out.push(',');
                }
                out.push('\n');
            }
            out.push_str(&indent(depth));
            out.push('}');
        }
        Value::Array(items) if !items.is_empty() => {
            out.push_str("[\n");
            for (i, v) in items.iter().enumerate() {
                out.push_str(&indent(depth + 1));
                write_value(out, v, depth + 1, color);
                if i + 1 < items.len() {
                    out.push(',');
                }
                out.push('\n');
            }
            out.push_str(&indent(depth));
            out.push(']');
        }
        Value::String(s) => out.push_str(&paint(&text::json_string(s), Paint::String, color)),
        Value::Number(_) => out.push_str(&paint(&json_line(value), Paint::Number, color)),
        Value::Bool(_) | Value::Null => {
            out.push_str(&paint(&json_line(value), Paint::Literal, color))
        }
        Value::Object(_) => out.push_str("{}"),
        Value::Array(_) => out.push_str("[]"),
    }
}

/// The roles text plays in output; each has one colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paint {
    Key,
    String,
    Number,
    Literal,
    Heading,
    Dim,
    Good,
    Warning,
    Bad,
}

pub fn paint(text: &str, role: Paint, color: bool) -> String {
    if !color {
        return text.to_string();
    }
    match role {
        Paint::Key => text.blue().bold().to_string(),
        Paint::String => text.green().to_string(),
        Paint::Number => text.cyan().to_string(),
        Paint::Literal => text.magenta().to_string(),
        Paint::Heading => text.bold().to_string(),
        Paint::Dim => text.dimmed().to_string(),
        Paint::Good => text.green().bold().to_string(),
        Paint::Warning => text.yellow().bold().to_string(),
        Paint::Bad => text.red().bold().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn pretty_json_matches_serde_without_colour() {
        let v = json!({"b":1,"a":[true,null,"x",{"k":[]}],"e":{}});
        assert_eq!(
            json_pretty(&v, false),
            serde_json::to_string_pretty(&v).unwrap()
        );
    }

    #[test]
    fn pretty_json_escapes_what_json_allows_raw() {
        let v = json!({"k\u{9b}": "a\u{1b}b\u{7f}\u{202e}\u{e0041}"});
        let pretty = json_pretty(&v, false);
        assert!(
            pretty.lines().all(|l| !l.chars().any(text::is_unsafe)),
            "{pretty}"
        );
        assert!(
            pretty.contains(r#""a\u001bb\u007f\u202e\udb40\udc41""#),
            "{pretty}"
        );
        // Still the same JSON value.
        assert_eq!(serde_json::from_str::<Value>(&pretty).unwrap(), v);
    }

    #[test]
    fn colour_codes_only_when_asked() {
        colored::control::set_override(true);
        let v = json!({"k":"v"});
        assert!(json_pretty(&v, true).contains("\u{1b}["));
        assert!(!json_pretty(&v, false).contains("\u{1b}["));
    }

    #[cfg(unix)]
    #[test]
    fn atomic_write_sets_mode_and_refuses_to_overwrite() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("k.pem");
        write_file_atomic(&path, b"one", PRIVATE_MODE, false).unwrap();
        let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        let e = write_file_atomic(&path, b"two", PRIVATE_MODE, false).unwrap_err();
        assert!(e.message.contains("already exists"));
        // The way out is the caller's option to overwrite, which the command line words.
        assert_eq!(e.hint, Some(crate::error::Hint::Remedy(Remedy::Overwrite)));
        assert_eq!(fs::read(&path).unwrap(), b"one");
        write_file_atomic(&path, b"two", PRIVATE_MODE, true).unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"two");
        // No temporary files are left behind.
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
