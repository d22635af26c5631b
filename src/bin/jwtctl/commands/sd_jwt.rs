//! `jwtctl sd-jwt issue|present|verify`: flags → the core's SD-JWTs (jwtctl::sd_jwt), the
//! issuer JWT checked by the same engine and policy as `verify`.

use serde_json::{Map, Value};

use jwtctl::input::claims;
use jwtctl::present::output::json_document;
use jwtctl::sd_jwt::check::{self, Check};
use jwtctl::sd_jwt::issue::{self, Options};
use jwtctl::sd_jwt::kb::{Binding, Expect};
use jwtctl::sd_jwt::present::Held;
use jwtctl::{Engine, Error, Kind, Policy, Result};

use super::verdict::token_failed;
use super::verify::POLICY_FLAGS;
use super::{Context, Outcome, body, load_key_set, load_keys, read_token};
use crate::cli::{SdIssueArgs, SdJwtArgs, SdJwtCommand, SdPresentArgs, SdVerifyArgs};

pub fn run(args: SdJwtArgs, ctx: &mut Context) -> Result<Outcome> {
    match args.command {
        SdJwtCommand::Issue(a) => issue(*a, ctx),
        SdJwtCommand::Present(a) => present(*a, ctx),
        SdJwtCommand::Verify(a) => verify(*a, ctx),
    }
}

/// At most one input from standard input.
fn one_stdin(inputs: &[(&str, Option<&str>)]) -> Result<()> {
    let on_stdin: Vec<&str> = inputs
        .iter()
        .filter(|(_, v)| *v == Some("-"))
        .map(|(name, _)| *name)
        .collect();
    if on_stdin.len() > 1 {
        return Err(Error::usage(format!(
            "{} cannot all come from standard input",
            on_stdin.join(" and ")
        )));
    }
    Ok(())
}

/// A pointer's error, with the flag that gave it.
fn pointer_flag(e: Error, flag: &str) -> Error {
    if e.kind == Kind::Usage
        && (e.message.starts_with("the pointer") || e.message.contains("JSON pointer"))
    {
        e.context(flag)
    } else {
        e
    }
}

fn issue(args: SdIssueArgs, ctx: &mut Context) -> Result<Outcome> {
    let prepared = body::prepare(&args.body, ctx.now)?;
    one_stdin(&[
        ("--key", Some(args.key.as_str())),
        ("--claims", args.body.claims.as_deref()),
        ("--holder-key", args.holder_key.as_deref()),
    ])?;
    if args.decoys > issue::MAX_DECOYS {
        return Err(Error::usage(format!(
            "--decoys {}: at most {}",
            args.decoys,
            issue::MAX_DECOYS
        )));
    }
    let set = load_keys(ctx, &args.key, args.input.passphrase.as_ref())?;
    let key = set.for_signing(args.kid.as_deref(), &args.key)?;
    let Some(alg) = args.alg.or_else(|| key.default_alg()) else {
        return Err(Error::key(format!(
            "{} cannot sign: it is for ECDH-ES key agreement (JWE)",
            key.describe()
        )));
    };
    let holder = match &args.holder_key {
        Some(spec) => {
            let key = load_keys(ctx, spec, None)?
                .into_single(spec)
                .map_err(|e| e.context("--holder-key"))?;
            // The holder signs Key Binding JWTs with this key's private half: an HMAC secret or
            // an X25519 key could bind the SD-JWT to no KB-JWT at all.
            if !key.signs_asymmetrically() {
                return Err(Error::key(format!(
                    "--holder-key {spec}: the holder key ({}) cannot sign Key Binding JWTs; give the holder's public RSA, EC or Ed25519 key",
                    key.describe()
                )));
            }
            Some(key)
        }
        None => None,
    };
    let (claims, _) = body::finish(prepared, &args.body, ctx)?;
    body::warn_no_exp(&claims, ctx);
    if args.sd.is_empty() {
        ctx.term
            .warn("no --sd: every claim is always disclosed (name claims to hide with --sd /NAME)");
    }
    let kid = args.kid.clone().or_else(|| key.kid.clone());
    let options = Options {
        pointers: &args.sd,
        decoys: args.decoys,
        holder: holder.as_ref(),
        typ: args.typ.as_deref(),
        kid: kid.as_deref(),
    };
    let sd_jwt = issue::issue(claims, &key, alg, &options).map_err(|e| match e.kind {
        Kind::Key => e.context(&args.key),
        _ => pointer_flag(e, "--sd"),
    })?;
    ctx.term.print(&format!("{sd_jwt}\n"))?;
    Ok(Outcome::Success)
}

fn present(args: SdPresentArgs, ctx: &mut Context) -> Result<Outcome> {
    let sd_jwt_arg = args.sd_jwt.as_deref().unwrap_or("-");
    one_stdin(&[
        ("the SD-JWT", Some(sd_jwt_arg)),
        ("--holder-key", args.holder_key.as_deref()),
    ])?;
    let text = read_token(ctx, args.sd_jwt.as_deref())?;
    let held = Held::read(&text)?;
    let presentation = held
        .select(&args.disclose)
        .map_err(|e| pointer_flag(e, "--disclose"))?;
    let out = match (&args.holder_key, &args.aud, &args.nonce) {
        (Some(spec), Some(aud), Some(nonce)) => {
            let key = load_keys(ctx, spec, args.input.passphrase.as_ref())?
                .for_signing(args.kid.as_deref(), spec)?;
            let Some(alg) = args.alg.or_else(|| key.default_alg()) else {
                return Err(Error::key(format!(
                    "--holder-key {spec}: {} cannot sign",
                    key.describe()
                )));
            };
            let binding = Binding {
                aud,
                nonce,
                iat: ctx.now,
            };
            held.bind(&presentation, &key, alg, &binding)
                .map_err(|e| e.context(format!("--holder-key {spec}")))?
        }
        (None, _, _) => presentation,
        _ => {
            return Err(Error::usage(
                "a Key Binding JWT needs --holder-key, --aud and --nonce",
            ));
        }
    };
    ctx.term.print(&format!("{out}\n"))?;
    Ok(Outcome::Success)
}

fn verify(args: SdVerifyArgs, ctx: &mut Context) -> Result<Outcome> {
    let seconds = |v: u64| i64::try_from(v).unwrap_or(i64::MAX);
    let leeway = seconds(args.leeway.unwrap_or(0));
    let claims = args
        .claim
        .iter()
        .map(|c| claims::parse_assignment(c, "--claim"))
        .collect::<Result<Vec<_>>>()?;
    one_stdin(&[
        (
            "the presentation",
            Some(args.presentation.as_deref().unwrap_or("-")),
        ),
        ("--key", args.key.as_deref()),
        ("--jwks", args.jwks.as_deref()),
    ])?;
    let deny = match &args.deny {
        Some(path) => super::verify::deny_list(ctx, path)?,
        None => Default::default(),
    };
    let policy = Policy {
        algs: args.alg.clone(),
        allow_no_exp: args.allow_no_exp,
        leeway,
        iss: args.iss.clone(),
        sub: args.sub.clone(),
        require: args.require.clone(),
        claims,
        max_age: args.max_age.map(seconds),
        deny,
        typ: args.typ.clone(),
        now: ctx.now,
        names: POLICY_FLAGS,
        ..Policy::default()
    };
    let set = match (&args.jwks, &args.key) {
        (Some(source), _) => {
            let timeout = std::time::Duration::from_secs(args.timeout);
            let docs = crate::cache::Docs::new(crate::cache::Mode::Off, timeout);
            load_key_set(ctx, source, &format!("--jwks {source}"), Some(&docs))?
        }
        (None, Some(spec)) => load_keys(ctx, spec, args.input.passphrase.as_ref())?,
        (None, None) => return Err(Error::usage("give the issuer's key with --key or --jwks")),
    };
    let engine = Engine::new(set, policy)?;
    for w in engine.warnings() {
        ctx.term.warn(w);
    }
    let text = read_token(ctx, args.presentation.as_deref())?;
    // --aud and --nonce are the KB-JWT's: a verifier that names them expects one, and a
    // presentation stripped of it must not pass with them unchecked.
    let implied = args.aud.is_some() || args.nonce.is_some();
    let check = Check {
        require_key_binding: args.require_key_binding || implied,
        kb: Expect {
            aud: args.aud.as_deref(),
            nonce: args.nonce.as_deref(),
            max_age: seconds(args.kb_max_age),
            leeway,
            now: ctx.now,
        },
    };
    let verified = match check::verify(&engine, &text, &check) {
        Ok(v) => v,
        Err(e) => {
            let e = if implied
                && !args.require_key_binding
                && e.kind == jwtctl::Kind::Rejected(jwtctl::error::Reason::KeyBindingMissing)
            {
                e.with_hint("--aud or --nonce was given: they are the Key Binding JWT's, so one is required")
            } else {
                e
            };
            return Err(token_failed(ctx, e, args.json));
        }
    };
    if verified.key_binding.is_some() {
        let unchecked: Vec<&str> = [("--aud", &args.aud), ("--nonce", &args.nonce)]
            .into_iter()
            .filter(|(_, v)| v.is_none())
            .map(|(flag, _)| flag)
            .collect();
        if !unchecked.is_empty() {
            ctx.term.warn(&format!(
                "the Key Binding JWT's {} not checked: give {} (a replayed presentation passes without them)",
                match unchecked.len() {
                    1 => format!("{} was", &unchecked[0][2..]),
                    _ => "aud and nonce were".to_string(),
                },
                unchecked.join(" and ")
            ));
        }
    }
    let (tty, color) = (ctx.term.stdout_is_terminal(), ctx.term.color_stdout);
    if args.json {
        let mut out = Map::new();
        out.insert("valid".into(), Value::Bool(true));
        out.insert("header".into(), Value::Object(verified.header));
        out.insert("claims".into(), Value::Object(verified.claims));
        if let Some(kb) = verified.key_binding {
            let mut binding = Map::new();
            binding.insert("header".into(), Value::Object(kb.header));
            binding.insert("claims".into(), Value::Object(kb.claims));
            out.insert("key_binding".into(), Value::Object(binding));
        }
        ctx.term
            .print(&json_document(&Value::Object(out), tty, color))?;
    } else if !args.quiet {
        ctx.term
            .print(&json_document(&Value::Object(verified.claims), tty, color))?;
    }
    Ok(Outcome::Success)
}
