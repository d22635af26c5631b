//! `jwtctl verify`: flags → a verification policy and keys, then one token or a stream of them.

use std::collections::HashSet;
use std::io::{BufRead, BufReader, Read, Write};

use rayon::prelude::*;
use serde_json::{Map, Value};

use jwtctl::error::{Error, Result};
use jwtctl::keys::Key;
use jwtctl::keys::load::{self, KeySet, Origin};
use jwtctl::output::{json_document, json_line};
use jwtctl::secret::SecretSpec;
use jwtctl::token::{self, Payload};
use jwtctl::verify::{Engine, Policy, Verified};
use jwtctl::{claims, time};

use super::{Context, lead_with_code, load_keys, read_input, read_token, rejection};
use crate::cli::VerifyArgs;
use crate::terminal::stdout_error;

/// Largest --deny file: 64 MiB (about two million UUIDs).
const MAX_DENY: usize = 64 * 1024 * 1024;
/// Longest line `--batch` reads; a longer line is reported as malformed and skipped.
pub const MAX_BATCH_LINE: usize = token::MAX_TOKEN_LEN + 4096;

pub fn run(args: VerifyArgs, ctx: &mut Context) -> Result<u8> {
    let policy = policy(&args, ctx)?;
    if !args.batch && args.tokens.len() > 1 {
        return Err(Error::usage(format!(
            "{} tokens given; verify takes one",
            args.tokens.len()
        ))
        .with_hint(
            "use --batch to verify many tokens (one per line from standard input or files)",
        ));
    }
    let batch_reads_stdin = args.batch && args.tokens.iter().all(|t| t == "-");
    let key_on_stdin = [&args.key, &args.secret, &args.jwks]
        .iter()
        .any(|s| s.as_deref() == Some("-"));
    if batch_reads_stdin && key_on_stdin {
        return Err(Error::usage(
            "--batch reads tokens from standard input, so the key cannot come from it too",
        )
        .with_hint("give the key as a file, or the tokens as files"));
    }
    let set = key_set(&args, ctx)?;
    let engine = Engine::new(set, policy)?;
    if args.batch {
        return batch(&engine, &args, ctx);
    }
    let text = read_token(ctx, args.tokens.first().map(String::as_str))?;
    let color = ctx.term.color_stdout;
    match engine.verify(&text) {
        Ok(v) => {
            if args.json {
                ctx.term
                    .print(&json_document(&envelope_ok(v, None), color))?;
            } else if !args.quiet {
                ctx.term.print(&render_payload(&v, color))?;
            }
            Ok(0)
        }
        Err(e) => {
            if args.json
                && let Some(env) = rejection(&e)
            {
                ctx.term.print(&json_document(&Value::Object(env), color))?;
            }
            Err(lead_with_code(e))
        }
    }
}

fn policy(args: &VerifyArgs, ctx: &mut Context) -> Result<Policy> {
    // Both are range-checked by the flag parser (cli.rs), so they fit.
    let seconds = |v: u64| i64::try_from(v).unwrap_or(i64::MAX);
    let leeway = args.leeway.unwrap_or(0);
    if leeway > crate::cli::LEEWAY_WARNING {
        let span = time::format_duration(leeway);
        ctx.term.warn(&format!(
            "--leeway {span}: tokens are accepted up to {span} after they expire (and as long \
             before nbf); clock skew is normally a few seconds"
        ));
    }
    let claims = args
        .claim
        .iter()
        .map(|c| claims::parse_assignment(c, "--claim"))
        .collect::<Result<Vec<_>>>()?;
    let deny = match &args.deny {
        Some(path) => {
            let bytes = read_input(ctx, path, "--deny", MAX_DENY)?;
            let text = String::from_utf8(bytes)
                .map_err(|_| Error::malformed(format!("--deny {path}: not UTF-8 text")))?;
            text.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .map(str::to_string)
                .collect()
        }
        None => HashSet::new(),
    };
    Ok(Policy {
        algs: args.alg.clone(),
        allow_no_exp: args.allow_no_exp,
        signature_only: args.signature_only,
        leeway: seconds(leeway),
        iss: args.iss.clone(),
        aud: args.aud.clone(),
        sub: args.sub.clone(),
        require: args.require.clone(),
        claims,
        max_age: args.max_age.map(seconds),
        deny,
        now: ctx.now,
    })
}

fn key_set(args: &VerifyArgs, ctx: &mut Context) -> Result<KeySet> {
    if let Some(spec) = &args.secret {
        let secret = ctx.term.secret(&SecretSpec::parse(spec), "--secret")?;
        return Ok(KeySet {
            keys: vec![Key::oct(secret)?],
            origin: Origin::Single,
            warnings: Vec::new(),
        });
    }
    if let Some(source) = &args.jwks {
        let bytes = if crate::net::is_url(source) {
            crate::net::fetch_jwks(source, std::time::Duration::from_secs(args.timeout))?
        } else {
            read_input(ctx, source, "--jwks", load::MAX_KEY_FILE)?
        };
        let set =
            load::parse_jwks(&bytes, true).map_err(|e| e.context(format!("--jwks {source}")))?;
        for w in &set.warnings {
            ctx.term.warn(w);
        }
        return Ok(set);
    }
    match &args.key {
        Some(spec) => load_keys(ctx, spec, args.input.passphrase.as_deref()),
        None => Err(Error::usage("give the key with --key, --secret or --jwks")),
    }
}

fn payload_value(payload: Payload) -> Value {
    match payload {
        Payload::Claims(map) => Value::Object(map),
        Payload::Other { bytes, .. } => Value::String(String::from_utf8_lossy(&bytes).into_owned()),
    }
}

fn render_payload(v: &Verified, color: bool) -> String {
    match &v.payload {
        Payload::Claims(map) => json_document(&Value::Object(map.clone()), color),
        Payload::Other { bytes, .. } => {
            let mut text = String::from_utf8_lossy(bytes).into_owned();
            if !text.ends_with('\n') {
                text.push('\n');
            }
            text
        }
    }
}

/// The envelope of a valid token; consumes it, so nothing is copied.
fn envelope_ok(v: Verified, line: Option<(Option<&str>, usize)>) -> Value {
    let mut map = Map::new();
    add_position(&mut map, line);
    map.insert("valid".into(), Value::Bool(true));
    map.insert("header".into(), Value::Object(v.header));
    let name = match v.payload {
        Payload::Claims(_) => "claims",
        Payload::Other { .. } => "payload",
    };
    map.insert(name.into(), payload_value(v.payload));
    Value::Object(map)
}

/// The batch envelope of a rejected token: its position, then the `--json` verdict.
fn envelope_err(e: &Error, line: Option<(Option<&str>, usize)>) -> Option<Value> {
    let verdict = rejection(e)?;
    let mut map = Map::new();
    add_position(&mut map, line);
    map.extend(verdict);
    Some(Value::Object(map))
}

fn add_position(map: &mut Map<String, Value>, line: Option<(Option<&str>, usize)>) {
    if let Some((file, n)) = line {
        if let Some(file) = file {
            map.insert("file".into(), Value::from(file));
        }
        map.insert("line".into(), Value::from(n));
    }
}

/// One line of batch input: its number and text (or why it could not be read).
struct Line {
    number: usize,
    text: std::result::Result<String, String>,
}

fn batch(engine: &Engine, args: &VerifyArgs, ctx: &mut Context) -> Result<u8> {
    let mut valid = 0usize;
    let mut rejected = 0usize;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::with_capacity(1 << 16, stdout.lock());
    let sources: Vec<Option<String>> = if args.tokens.is_empty() {
        vec![None]
    } else {
        args.tokens
            .iter()
            .map(|t| match t.as_str() {
                "-" => None,
                other => Some(other.strip_prefix('@').unwrap_or(other).to_string()),
            })
            .collect()
    };
    let named = args.tokens.iter().any(|t| t != "-");
    for source in &sources {
        let reader: Box<dyn Read> = match source {
            None => Box::new(std::io::stdin().lock()),
            Some(path) => Box::new(
                std::fs::File::open(path)
                    .map_err(|e| Error::io_path("read", std::path::Path::new(path), &e))?,
            ),
        };
        let label = if named {
            Some(source.as_deref().unwrap_or("-"))
        } else {
            None
        };
        let mut reader = BufReader::with_capacity(1 << 16, reader);
        let mut number = 0usize;
        // Small first chunks get the first results out quickly; later chunks keep every core busy.
        let mut chunk_size = 64usize;
        loop {
            let mut chunk = Vec::with_capacity(chunk_size);
            let mut eof = false;
            while chunk.len() < chunk_size {
                number += 1;
                match read_line(&mut reader, source.as_deref())? {
                    None => {
                        eof = true;
                        break;
                    }
                    Some(Ok(text)) if text.trim().is_empty() => continue,
                    Some(text) => chunk.push(Line { number, text }),
                }
            }
            let results: Vec<(bool, String)> = chunk
                .par_iter()
                .map(|line| {
                    let outcome = match &line.text {
                        Ok(text) => engine.verify(token::clean(text)),
                        Err(why) => Err(Error::malformed(why.clone())),
                    };
                    let position = Some((label, line.number));
                    match outcome {
                        Ok(v) => (true, json_line(&envelope_ok(v, position))),
                        Err(e) => {
                            let env = envelope_err(&e, position).unwrap_or_else(|| {
                                serde_json::json!({"line": line.number, "valid": false,
                                    "error": {"code": "malformed", "message": e.message}})
                            });
                            (false, json_line(&env))
                        }
                    }
                })
                .collect();
            for (ok, line) in results {
                if ok {
                    valid += 1;
                } else {
                    rejected += 1;
                }
                if !args.quiet {
                    out.write_all(line.as_bytes())
                        .and_then(|()| out.write_all(b"\n"))
                        .map_err(stdout_error)?;
                }
            }
            out.flush().map_err(stdout_error)?;
            if eof {
                break;
            }
            chunk_size = (chunk_size * 2).min(8192);
        }
    }
    drop(out);
    ctx.term
        .notice(&format!("{valid} valid, {rejected} rejected"));
    Ok(if rejected == 0 { 0 } else { 1 })
}

/// Reads one line without ever holding more than [`MAX_BATCH_LINE`] bytes of it. `None` at
/// the end of input; `Some(Err)` for a line that is too long or not UTF-8.
fn read_line(
    reader: &mut impl BufRead,
    source: Option<&str>,
) -> Result<Option<std::result::Result<String, String>>> {
    let io_err = |e: std::io::Error| match source {
        Some(path) => Error::io_path("read", std::path::Path::new(path), &e),
        None => Error::io(format!(
            "cannot read standard input: {}",
            jwtctl::error::describe_io(&e)
        )),
    };
    let mut buf = Vec::new();
    let n = reader
        .by_ref()
        .take(MAX_BATCH_LINE as u64 + 1)
        .read_until(b'\n', &mut buf)
        .map_err(io_err)?;
    if n == 0 {
        return Ok(None);
    }
    if buf.len() > MAX_BATCH_LINE && buf.last() != Some(&b'\n') {
        // Skip the rest of the line in bounded steps.
        loop {
            let available = reader.fill_buf().map_err(io_err)?;
            if available.is_empty() {
                break;
            }
            match available.iter().position(|&b| b == b'\n') {
                Some(i) => {
                    reader.consume(i + 1);
                    break;
                }
                None => {
                    let len = available.len();
                    reader.consume(len);
                }
            }
        }
        return Ok(Some(Err(format!(
            "line is longer than the batch limit of {MAX_BATCH_LINE} bytes"
        ))));
    }
    Ok(Some(
        String::from_utf8(buf).map_err(|_| "the line is not UTF-8 text".to_string()),
    ))
}
