//! One module per subcommand, each a thin layer from flags to the core and back to text.

mod jwks;
mod keygen;

use std::io::Read;
use std::path::Path;

use jwtctl::error::{Error, Result};
use jwtctl::keys::load::{self, KeySet};
use jwtctl::secret::{Secret, SecretSpec};

use crate::cli::{Cli, Command};
use crate::terminal::Terminal;

/// What every command gets besides its own flags.
pub struct Context<'a> {
    pub term: &'a mut Terminal,
    /// The current time in Unix seconds (`--now` or the clock).
    #[allow(dead_code)] // read by sign, verify and decode
    pub now: i64,
}

/// Runs the command; the returned value is the exit code.
pub fn run(cli: Cli, term: &mut Terminal) -> Result<u8> {
    let clock = chrono::Utc::now().timestamp();
    let now = match &cli.now {
        Some(text) => jwtctl::time::parse_time(text, clock).map_err(|e| e.context("--now"))?,
        None => clock,
    };
    let mut ctx = Context { term, now };
    match cli.command {
        Command::Keygen(args) => keygen::run(args, &mut ctx),
        Command::Jwks(args) => jwks::run(args, &mut ctx),
    }
}

/// Reads a file (or stdin for `-`), refusing anything larger than `limit` bytes.
pub fn read_input(ctx: &mut Context, spec: &str, what: &str, limit: usize) -> Result<Vec<u8>> {
    if spec == "-" {
        let bytes = ctx.term.read_stdin_once(what)?;
        if bytes.len() > limit {
            return Err(too_large(what, "standard input", limit));
        }
        return Ok(bytes);
    }
    let path = Path::new(spec);
    let file = std::fs::File::open(path).map_err(|e| Error::io_path("read", path, &e))?;
    let mut bytes = Vec::new();
    file.take(limit as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io_path("read", path, &e))?;
    if bytes.len() > limit {
        return Err(too_large(what, spec, limit));
    }
    Ok(bytes)
}

fn too_large(what: &str, source: &str, limit: usize) -> Error {
    Error::malformed(format!(
        "{what} {source} is larger than the {} KiB limit",
        limit / 1024
    ))
}

/// Loads the keys in `spec` (a file or `-`), asking for a passphrase only if one is needed.
pub fn load_keys(ctx: &mut Context, spec: &str, passphrase: Option<&str>) -> Result<KeySet> {
    let bytes = read_input(ctx, spec, "key", load::MAX_KEY_FILE)?;
    let term = &mut *ctx.term;
    let mut ask = || -> Result<Secret> {
        match passphrase {
            Some(p) => term.secret(&SecretSpec::parse(p), "--passphrase"),
            None => term.key_passphrase(spec),
        }
    };
    let set = load::parse(&bytes, &mut ask).map_err(|e| e.context(key_label(spec)))?;
    for w in &set.warnings {
        ctx.term.warn(w);
    }
    Ok(set)
}

fn key_label(spec: &str) -> String {
    if spec == "-" {
        "key from standard input".to_string()
    } else {
        spec.to_string()
    }
}
