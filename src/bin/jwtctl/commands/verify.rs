//! `jwtctl verify`: flags → a verification policy and keys, then one token or a stream of them.

use std::collections::HashSet;
use std::io::{BufReader, Read, Write};

use rayon::prelude::*;
use serde_json::{Map, Value};

use jwtctl::KeySet;
use jwtctl::input::secret::SecretSpec;
use jwtctl::input::{Input, Problem};
use jwtctl::input::{claims, time};
use jwtctl::jose::jws_json::Form;
use jwtctl::jose::token::{self, Payload};
use jwtctl::keys::load::Origin;
use jwtctl::present::output::{json_document, json_line};
use jwtctl::verify::Names;
use jwtctl::verify::batch::{Chunks, Limits, Line};
use jwtctl::{Engine, Policy, Verified};
use jwtctl::{Error, Result};

use super::verdict::{batch_verdict, token_failed};
use super::{Context, Outcome, load_key_set, load_keys, read_input, read_token};
use crate::cli::VerifyArgs;
use crate::terminal::stdout_error;

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
    let set = key_set(&args, ctx)?;
    let engine = Engine::new(set, policy)?;
    for w in engine.warnings() {
        ctx.term.warn(w);
    }
    if args.batch {
        return batch(&engine, &args, ctx);
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
    let color = ctx.term.color_stdout;
    let outcome = engine
        .verify_detached(&text, detached.as_deref())
        .map_err(|mut e| {
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
                    .print(&json_document(&envelope_ok(v, None), color))?;
            } else if !args.quiet {
                ctx.term.print_untrusted(&render_payload(&v, color))?;
            }
            Ok(Outcome::Success)
        }
        Err(e) => Err(token_failed(ctx, e, args.json)),
    }
}

/// What verify's messages call the policy's settings: the flags that set them.
pub const POLICY_FLAGS: Names = Names {
    algs: "--alg",
    allow_no_exp: "--allow-no-exp",
    max_age: "--max-age",
    iss: "--iss",
    aud: "--aud",
    sub: "--sub",
    claims: "--claim",
    deny: "--deny",
};

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
            let bytes = read_input(ctx, Input::DenyList, path, &format!("--deny {path}"))?;
            let text = String::from_utf8(bytes).map_err(|_| {
                Input::DenyList.error(Problem::NotText, format!("--deny {path}: not UTF-8 text"))
            })?;
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
        names: POLICY_FLAGS,
    })
}

fn key_set(args: &VerifyArgs, ctx: &mut Context) -> Result<KeySet> {
    if let Some(spec) = &args.secret {
        let secret = ctx.term.secret(spec, "--secret")?;
        return Ok(KeySet {
            keys: vec![
                jwtctl::keys::material::secret_key(secret).map_err(|e| e.context("--secret"))?,
            ],
            origin: Origin::Single,
            warnings: Vec::new(),
        });
    }
    if let Some(source) = &args.jwks {
        let timeout = std::time::Duration::from_secs(args.timeout);
        return load_key_set(ctx, source, &format!("--jwks {source}"), Some(timeout));
    }
    match &args.key {
        Some(spec) => load_keys(ctx, spec, args.input.passphrase.as_ref()),
        None => Err(Error::usage("give the key with --key, --secret or --jwks")),
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

/// The result on standard output: the claims as JSON; another payload as it is, text with a
/// newline added, other bytes exactly (escaped by print_untrusted on a terminal).
fn render_payload(v: &Verified, color: bool) -> Vec<u8> {
    match &v.payload {
        Payload::Claims(map) => json_document(&Value::Object(map.clone()), color).into_bytes(),
        Payload::Other { bytes, .. } => {
            let mut out = bytes.clone();
            if std::str::from_utf8(bytes).is_ok() && !out.ends_with(b"\n") {
                out.push(b'\n');
            }
            out
        }
    }
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

fn batch(engine: &Engine, args: &VerifyArgs, ctx: &mut Context) -> Result<Outcome> {
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
            let check = |line: &Line| {
                let outcome = match &line.text {
                    Ok(text) => engine.verify(token::clean(text)),
                    Err(why) => Err(why.error()),
                };
                let position = Some((label, line.number));
                match outcome {
                    Ok(v) => (true, json_line(&envelope_ok(v, position))),
                    Err(e) => (false, json_line(&envelope_err(&e, position))),
                }
            };
            let results: Vec<(bool, String)> = match &pool {
                Some(pool) => pool.install(|| chunk.par_iter().map(check).collect()),
                None => chunk.iter().map(check).collect(),
            };
            drop(chunk);
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
        }
    }
    drop(out);
    ctx.term
        .notice(&format!("{valid} valid, {rejected} rejected"));
    Ok(if rejected == 0 {
        Outcome::Success
    } else {
        Outcome::Rejected
    })
}
