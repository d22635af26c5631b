//! `jwtctl verify`: flags → a verification policy and keys, then one token or a stream of them.

use std::io::{BufReader, IsTerminal, Read, Write};
use std::os::fd::AsFd;

use rayon::prelude::*;
use serde_json::{Map, Value};

use jwtctl::input::Input;
use jwtctl::input::secret::SecretSpec;
use jwtctl::jose::jws_json::Form;
use jwtctl::jose::token::{self, Payload};
use jwtctl::present::output::{json_document, json_line};
use jwtctl::verify::batch::{Chunks, Limits, Line};
use jwtctl::{Engine, Verified};
use jwtctl::{Error, Result};

mod keys;
mod policy;

use keys::{Remote, cache_mode, key_set, unknown_kid};
use policy::policy;
pub use policy::{POLICY_FLAGS, deny_list};

use super::verdict::{batch_verdict, token_failed};
use super::{Context, Outcome, read_input, read_token};
use crate::cache::Docs;
use crate::cli::VerifyArgs;
use crate::terminal::{Progress, Tally, stdout_error};
use std::time::Duration;

pub fn run(args: VerifyArgs, ctx: &mut Context) -> Result<Outcome> {
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
    let key_on_stdin = args.key.as_deref() == Some("-")
        || args.jwks.as_deref() == Some("-")
        || args.secret.as_ref().is_some_and(SecretSpec::reads_stdin);
    if batch_reads_stdin && key_on_stdin {
        return Err(Error::usage(
            "--batch reads tokens from standard input, so the key cannot come from it too",
        )
        .with_hint("give the key as a file, or the tokens as files"));
    }
    let docs = Docs::new(cache_mode(&args)?, Duration::from_secs(args.timeout));
    let keys = key_set(&args, ctx, &docs)?;
    let remote = Remote {
        docs: &docs,
        url: keys.url,
        id_token_algs: keys
            .metadata
            .and_then(|m| m.id_token_algs)
            .filter(|_| matches!(policy.profile, Some(jwtctl::verify::Profile::IdToken(_)))),
        issuer: args.issuer.clone(),
        policy: policy.clone(),
    };
    let engine = remote.engine(keys.set)?;
    for w in engine.warnings() {
        ctx.term.warn(w);
    }
    for w in docs.take_warnings() {
        ctx.term.warn(&w);
    }
    if args.batch {
        return batch(engine, &remote, &args, ctx);
    }
    let token_arg = args.tokens.first().map(String::as_str);
    if args.payload.as_deref() == Some("-") && token_arg.is_none_or(|t| t == "-") {
        return Err(Error::usage(
            "--payload - reads standard input, so the token cannot come from it too",
        )
        .with_hint("give the token as an argument or @FILE"));
    }
    let text = read_token(ctx, token_arg)?;
    let detached = match &args.payload {
        Some(source) => Some(read_input(
            ctx,
            Input::Payload,
            source,
            &format!("--payload {source}"),
        )?),
        None => None,
    };
    let (tty, color) = (ctx.term.stdout_is_terminal(), ctx.term.color_stdout);
    let mut outcome = engine.verify_detached(&text, detached.as_deref());
    if outcome.as_ref().is_err_and(unknown_kid)
        && let Some(refreshed) = remote.refresh(ctx)
    {
        outcome = refreshed.verify_detached(&text, detached.as_deref());
    }
    let outcome = outcome.map_err(|mut e| {
            if e.kind == jwtctl::Kind::Malformed
                && jwtctl::sd_jwt::Presentation::is_sd_jwt(&text)
            {
                return e.with_hint(
                    "this looks like an SD-JWT (disclosures after '~'): check it with 'jwtctl sd-jwt verify'",
                );
            }
            let empty_segment = detached.is_none() && text.contains("..");
            if e.message.starts_with("the payload is detached") {
                e = e.with_hint("give the payload with --payload FILE");
            } else if e.message.starts_with("the JWS carries its own payload") {
                e = e.with_hint("leave --payload out");
            } else if empty_segment
                && (e.message.starts_with("payload segment is empty")
                    || e.kind.code() == Some("bad_signature"))
            {
                e = e.with_hint(
                    "the payload segment is empty: if the payload is detached, give it with --payload FILE",
                );
            }
            e
        });
    match outcome {
        Ok(v) => {
            if v.form != Form::Compact && !args.json && !args.quiet {
                ctx.term.notice(&format!(
                    "verified by {} ({} serialization)",
                    which_signature(&v),
                    v.form.name()
                ));
            }
            if args.json {
                ctx.term
                    .print(&json_document(&envelope_ok(v, None), tty, color))?;
            } else if !args.quiet {
                match &v.payload {
                    // Escaped as it is laid out for a terminal, and coloured: not escaped again.
                    Payload::Claims(map) => {
                        ctx.term
                            .print(&json_document(&Value::Object(map.clone()), tty, color))?
                    }
                    Payload::Other { bytes, .. } => {
                        ctx.term.print_untrusted(&text_payload(bytes))?
                    }
                }
            }
            Ok(Outcome::Success)
        }
        Err(e) => Err(token_failed(ctx, e, args.json)),
    }
}

/// "signature 1 (kid "a")".
fn which_signature(v: &Verified) -> String {
    match v.header.get("kid").and_then(Value::as_str) {
        Some(kid) => format!(
            "signature {} (kid {})",
            v.signature,
            jwtctl::keys::trust::quoted(kid)
        ),
        None => format!("signature {}", v.signature),
    }
}

/// A payload that is not a claims set, as printed: text with a newline added, other bytes
/// exactly (escaped by print_untrusted on a terminal).
fn text_payload(bytes: &[u8]) -> Vec<u8> {
    let mut out = bytes.to_vec();
    if std::str::from_utf8(bytes).is_ok() && !out.ends_with(b"\n") {
        out.push(b'\n');
    }
    out
}

/// The envelope of a valid token; consumes it, so nothing is copied.
fn envelope_ok(v: Verified, line: Option<(Option<&str>, usize)>) -> Value {
    let mut map = Map::new();
    add_position(&mut map, line);
    map.insert("valid".into(), Value::Bool(true));
    if v.form != Form::Compact {
        map.insert("serialization".into(), Value::from(v.form.name()));
        let mut which = Map::new();
        which.insert("index".into(), Value::from(v.signature));
        if let Some(kid) = v.header.get("kid") {
            which.insert("kid".into(), kid.clone());
        }
        map.insert("signature".into(), Value::Object(which));
    }
    map.insert("header".into(), Value::Object(v.header));
    let name = match &v.payload {
        Payload::Claims(_) => "claims",
        Payload::Other { .. } => "payload",
    };
    map.insert(name.into(), v.payload.into_json());
    Value::Object(map)
}

/// The batch envelope of a rejected token: its position, then the `--json` verdict.
fn envelope_err(e: &Error, line: Option<(Option<&str>, usize)>) -> Value {
    let mut map = Map::new();
    add_position(&mut map, line);
    map.extend(batch_verdict(e));
    Value::Object(map)
}

fn add_position(map: &mut Map<String, Value>, line: Option<(Option<&str>, usize)>) {
    if let Some((file, n)) = line {
        if let Some(file) = file {
            map.insert("file".into(), Value::from(file));
        }
        map.insert("line".into(), Value::from(n));
    }
}

/// Lines a worker verifies in one go (a chunk is up to 8192 lines): enough that a task's buffer
/// is written in one call, few enough that every core gets a share of the smallest chunk.
const LINES_PER_TASK: usize = 32;

/// The most room a task's envelope buffer starts with: 32 ordinary tokens' envelopes fit.
const ENVELOPE_ROOM: usize = 64 * 1024;

/// What a worker made of a run of lines: counts, and the envelopes, one JSON line each.
struct Checked {
    valid: usize,
    rejected: usize,
    envelopes: Vec<u8>,
    /// The lines rejected for a kid the key set lacks, which a refetched set may verify.
    unknown: Vec<Unknown>,
}

/// A line rejected for an unknown kid: its index among the task's lines, and where its
/// envelope is in the task's buffer.
struct Unknown {
    index: usize,
    bytes: std::ops::Range<usize>,
}

/// Verifies `lines` in order; with `quiet`, counts only.
fn check_lines(engine: &Engine, lines: &[Line], label: Option<&str>, quiet: bool) -> Checked {
    // Room for envelopes as large as the lines (which the chunk's byte budget counts for them,
    // jwtctl::verify::batch), up to ENVELOPE_ROOM: ordinary tokens' buffer is allocated once
    // instead of grown as it fills, and large lines, whose envelopes may be one short rejection
    // each, reserve no more than that (under an address-space limit, reserving a task's whole
    // lines failed where the envelopes fitted).
    let room = if quiet {
        0
    } else {
        lines
            .iter()
            .map(Line::bytes)
            .sum::<usize>()
            .min(ENVELOPE_ROOM)
    };
    let mut checked = Checked {
        valid: 0,
        rejected: 0,
        envelopes: Vec::with_capacity(room),
        unknown: Vec::new(),
    };
    for (index, line) in lines.iter().enumerate() {
        check_line(engine, line, index, label, quiet, &mut checked);
    }
    checked
}

fn check_line(
    engine: &Engine,
    line: &Line,
    index: usize,
    label: Option<&str>,
    quiet: bool,
    checked: &mut Checked,
) {
    let outcome = match &line.text {
        Ok(text) => engine.verify(token::clean(text)),
        Err(why) => Err(why.error()),
    };
    let position = Some((label, line.number));
    match outcome {
        Ok(v) => {
            checked.valid += 1;
            if !quiet {
                write_envelope_ok(&mut checked.envelopes, v, position);
            }
        }
        Err(e) => {
            checked.rejected += 1;
            let start = checked.envelopes.len();
            if !quiet {
                let text = json_line(&envelope_err(&e, position));
                checked.envelopes.extend_from_slice(text.as_bytes());
                checked.envelopes.push(b'\n');
            }
            if unknown_kid(&e) {
                checked.unknown.push(Unknown {
                    index,
                    bytes: start..checked.envelopes.len(),
                });
            }
        }
    }
}

/// Verifies again, with `engine` (over a refetched set), the lines of `checked` that were
/// rejected for an unknown kid, putting their new envelopes where the old ones were.
fn check_again(
    engine: &Engine,
    checked: &mut Checked,
    lines: &[Line],
    label: Option<&str>,
    quiet: bool,
) {
    let old = std::mem::take(&mut checked.envelopes);
    let unknown = std::mem::take(&mut checked.unknown);
    let mut at = 0;
    for u in unknown {
        let Some(line) = lines.get(u.index) else {
            continue;
        };
        checked
            .envelopes
            .extend_from_slice(old.get(at..u.bytes.start).unwrap_or_default());
        at = u.bytes.end;
        checked.rejected -= 1;
        check_line(engine, line, u.index, label, quiet, checked);
    }
    checked
        .envelopes
        .extend_from_slice(old.get(at..).unwrap_or_default());
    checked.unknown.clear();
}

/// The envelope of a valid token and a newline, written straight into `out`: the bytes of
/// `json_line(&envelope_ok(v, line))` without building that map (a test checks).
fn write_envelope_ok(out: &mut Vec<u8>, v: Verified, line: Option<(Option<&str>, usize)>) {
    if v.form != Form::Compact {
        // A JSON-serialized JWS on a batch line: rare, so the general envelope (which names the
        // signature that verified) rather than a second copy of its rules here.
        let _ = serde_json::to_writer(&mut *out, &envelope_ok(v, line));
        out.push(b'\n');
        return;
    }
    out.push(b'{');
    if let Some((file, n)) = line {
        if let Some(file) = file {
            out.extend_from_slice(b"\"file\":");
            // Serializing a string or a map of strings to JSON into memory cannot fail.
            let _ = serde_json::to_writer(&mut *out, file);
            out.push(b',');
        }
        // Into the buffer directly: a format! here was an allocation per token.
        let _ = write!(out, "\"line\":{n},");
    }
    out.extend_from_slice(b"\"valid\":true,\"header\":");
    let _ = serde_json::to_writer(&mut *out, &v.header);
    out.extend_from_slice(match v.payload {
        Payload::Claims(_) => b",\"claims\":",
        Payload::Other { .. } => b",\"payload\":",
    });
    let _ = serde_json::to_writer(&mut *out, &v.payload.into_json());
    out.extend_from_slice(b"}\n");
}

/// The bytes of input in all when every source is a regular file (standard input included, when
/// it is redirected from one), for the progress line's percentage; else `None`.
fn input_size(sources: &[Option<String>]) -> Option<u64> {
    sources.iter().try_fold(0u64, |sum, source| {
        let meta = match source {
            Some(path) => std::fs::metadata(path).ok()?,
            None => std::fs::File::from(std::io::stdin().as_fd().try_clone_to_owned().ok()?)
                .metadata()
                .ok()?,
        };
        meta.is_file().then(|| sum.saturating_add(meta.len()))
    })
}

fn batch(
    mut engine: Engine,
    remote: &Remote,
    args: &VerifyArgs,
    ctx: &mut Context,
) -> Result<Outcome> {
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
    // A progress line on a terminal's standard error, never with -q (crate::terminal::Progress).
    let mut progress = if args.quiet {
        None
    } else {
        Progress::on_stderr(input_size(&sources))
    };
    let stdout_tty = std::io::stdout().is_terminal();
    let mut bytes_before = 0u64;
    // Every core; where no thread can be started (a tight memory limit), this thread alone.
    let pool = rayon::ThreadPoolBuilder::new().build().ok();
    let limits = Limits::for_threads(
        pool.as_ref()
            .map_or(1, rayon::ThreadPool::current_num_threads),
    );
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
        let io_err = |e: std::io::Error| match source {
            Some(path) => Error::io_path("read", std::path::Path::new(path), &e),
            None => Error::io(format!(
                "cannot read standard input: {}",
                jwtctl::error::describe_io(&e)
            )),
        };
        // Chunks bounded by lines and by bytes (jwtctl::verify::batch): small first chunks get the
        // first results out quickly, later ones keep every core busy, and a chunk of large
        // lines stays a few lines per thread, so memory does not depend on the input.
        let mut chunks = Chunks::new(BufReader::with_capacity(1 << 16, reader), limits);
        while let Some(chunk) = chunks.next_chunk().map_err(io_err)? {
            // The lines are freed here, where they were allocated, once verified and before the
            // results are written (freeing them in the workers measured slower on small tokens).
            // Each task verifies a run of lines and writes their envelopes into one buffer: few
            // allocations, and few large writes for this thread.
            let check = |lines: &[Line]| check_lines(&engine, lines, label, args.quiet);
            let mut results: Vec<Checked> = match &pool {
                Some(pool) => {
                    pool.install(|| chunk.par_chunks(LINES_PER_TASK).map(check).collect())
                }
                None => chunk.chunks(LINES_PER_TASK).map(check).collect(),
            };
            // A token naming a kid the set lacks (a key rotation): the set is refetched once
            // (within the cooldown), and those lines of this chunk are verified again with it;
            // the chunks after use it.
            if results.iter().any(|c| !c.unknown.is_empty())
                && let Some(refreshed) = remote.refresh(ctx)
            {
                engine = refreshed;
                for (task, checked) in results.iter_mut().enumerate() {
                    if !checked.unknown.is_empty() {
                        let lines = chunk.get(task * LINES_PER_TASK..).unwrap_or_default();
                        check_again(&engine, checked, lines, label, args.quiet);
                    }
                }
            }
            drop(chunk);
            if stdout_tty && let Some(progress) = &mut progress {
                progress.clear();
            }
            for checked in results {
                valid += checked.valid;
                rejected += checked.rejected;
                out.write_all(&checked.envelopes).map_err(stdout_error)?;
            }
            out.flush().map_err(stdout_error)?;
            if let Some(progress) = &mut progress {
                progress.update(Tally {
                    valid,
                    rejected,
                    bytes: bytes_before.saturating_add(chunks.bytes_read()),
                });
            }
        }
        bytes_before = bytes_before.saturating_add(chunks.bytes_read());
    }
    drop(out);
    drop(progress);
    ctx.term
        .notice(&format!("{valid} valid, {rejected} rejected"));
    Ok(if rejected == 0 {
        Outcome::Success
    } else {
        Outcome::Rejected
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use jwtctl::jose::alg::Alg;
    use jwtctl::jose::token::NotClaims;

    #[test]
    fn a_valid_envelope_is_written_as_the_map_would_serialize() {
        let header: Map<String, Value> =
            serde_json::from_str(r#"{"alg":"HS256","typ":"JWT","kid":"k\u001b\"1"}"#).unwrap();
        let claims: Map<String, Value> = serde_json::from_str(
            r#"{"sub":"a\u2028","exp":1767225600,"aud":["x","y"],"n":null,"f":1.5,"o":{}}"#,
        )
        .unwrap();
        let payloads = [
            Payload::Claims(claims),
            Payload::Other {
                bytes: b"text \x1b".to_vec(),
                why: NotClaims::NotJson(String::new()),
            },
            Payload::Other {
                bytes: vec![0xff, 0xfe, 0],
                why: NotClaims::NotJson(String::new()),
            },
        ];
        for (payload, form) in payloads
            .into_iter()
            .flat_map(|p| [(p.clone(), Form::Compact), (p, Form::General)])
        {
            for line in [
                None,
                Some((None, 7)),
                Some((Some("tokens \"a\".txt"), 123_456)),
            ] {
                let v = || Verified {
                    header: header.clone(),
                    payload: payload.clone(),
                    alg: Alg::HS256,
                    form,
                    signature: 1,
                };
                let mut written = Vec::new();
                write_envelope_ok(&mut written, v(), line);
                let expected = format!("{}\n", json_line(&envelope_ok(v(), line)));
                assert_eq!(String::from_utf8(written).unwrap(), expected);
            }
        }
    }
}
