//! `jwtctl jwks`: build, inspect and serve key sets; convert keys; compute thumbprints.

use serde_json::Value;

use jwtctl::error::{Error, Result};
use jwtctl::keys::jwk::{self, ThumbprintHash};
use jwtctl::keys::pkcs;
use jwtctl::output;

use jwtctl::keys::Key;
use jwtctl::keys::load;
use jwtctl::keyset;
use jwtctl::output::{Paint, paint};

use super::{Context, load_keys, read_input};
use crate::cli::{
    ConvertArgs, CreateArgs, HashArg, JwksArgs, JwksCommand, KeyFormat, ShowArgs, ThumbprintArgs,
};

pub fn run(args: JwksArgs, ctx: &mut Context) -> Result<u8> {
    match args.command {
        JwksCommand::Create(a) => create(a, ctx),
        JwksCommand::Show(a) => show(a, ctx),
        JwksCommand::Convert(a) => convert(a, ctx),
        JwksCommand::Thumbprint(a) => thumbprint(a, ctx),
        JwksCommand::Serve(a) => super::serve::run(a, ctx),
    }
}

/// Every key in the given files (a JWKS contributes all its keys), for publishing: an HMAC
/// secret is refused, naming its file.
pub fn load_all(ctx: &mut Context, specs: &[String], passphrase: Option<&str>) -> Result<Vec<Key>> {
    let mut keys = Vec::new();
    for spec in specs {
        let set = load_keys(ctx, spec, passphrase)?;
        if set.keys.iter().any(Key::is_symmetric) {
            return Err(Error::key(format!(
                "{spec}: an HMAC secret cannot go in a published JWKS: it has no public half"
            ))
            .with_hint("a JWKS for verifiers holds RSA, EC or Ed25519 public keys"));
        }
        keys.extend(set.keys);
    }
    Ok(keys)
}

fn create(args: CreateArgs, ctx: &mut Context) -> Result<u8> {
    if args.keys.is_empty() && args.merge.is_none() {
        return Err(Error::usage("give at least one KEY, or --merge JWKS")
            .with_hint("jwtctl jwks create signing.pem > jwks.json"));
    }
    let new = load_all(ctx, &args.keys, args.input.passphrase.as_deref())?;
    let existing = match &args.merge {
        Some(source) => {
            let bytes = read_input(ctx, source, "--merge", load::MAX_KEY_FILE)?;
            let set = load::parse_jwks(&bytes, true)
                .map_err(|e| e.context(format!("--merge {source}")))?;
            for w in &set.warnings {
                ctx.term.warn(w);
            }
            set.keys
        }
        None => Vec::new(),
    };
    let (set, notes) = keyset::build(&new, &existing, &args.alg, &args.remove)?;
    for n in &notes {
        ctx.term.warn(n);
    }
    ctx.term
        .print(&(output::json_pretty(&set, ctx.term.color_stdout) + "\n"))
        .map(|()| 0)
}

fn show(args: ShowArgs, ctx: &mut Context) -> Result<u8> {
    let bytes = if crate::net::is_url(&args.source) {
        crate::net::fetch_jwks(&args.source, std::time::Duration::from_secs(args.timeout))?
    } else {
        read_input(ctx, &args.source, "JWKS", load::MAX_KEY_FILE)?
    };
    let rows = keyset::describe(&bytes).map_err(|e| {
        let e = e.context(&args.source);
        if bytes.starts_with(b"-----BEGIN") {
            e.with_hint(
                "this is a PEM key, not a JWKS; 'jwtctl jwks create FILE' makes a JWKS of it",
            )
        } else {
            e
        }
    })?;
    let color = ctx.term.color_stdout;
    if args.json {
        let value = Value::Array(rows.iter().map(keyset::Row::to_json).collect());
        return ctx
            .term
            .print(&output::json_document(&value, color))
            .map(|()| 0);
    }
    let header = ["KID", "KTY", "SIZE", "ALG", "USE", "THUMBPRINT", "PRIVATE"];
    let cells: Vec<[String; 7]> = rows
        .iter()
        .map(|r| {
            [
                r.kid.clone().unwrap_or_else(|| "-".into()),
                r.kty.clone(),
                r.size.clone(),
                r.alg.clone().unwrap_or_else(|| "-".into()),
                r.key_use.clone().unwrap_or_else(|| "-".into()),
                r.thumbprint.clone().unwrap_or_else(|| "-".into()),
                if r.private { "yes" } else { "no" }.into(),
            ]
        })
        .collect();
    let mut widths = header.map(str::len);
    for row in &cells {
        for (w, c) in widths.iter_mut().zip(row) {
            *w = (*w).max(c.chars().count());
        }
    }
    let line = |cols: &[String]| {
        let mut out = String::new();
        for (i, (c, w)) in cols.iter().zip(widths).enumerate() {
            if i + 1 == cols.len() {
                out.push_str(c);
            } else {
                out.push_str(&format!("{c:<w$}  "));
            }
        }
        out.trim_end().to_string() + "\n"
    };
    let mut text = paint(
        line(&header.map(String::from)).trim_end(),
        Paint::Heading,
        color,
    ) + "\n";
    for row in &cells {
        text.push_str(&line(row));
    }
    let problems: Vec<String> = rows
        .iter()
        .enumerate()
        .flat_map(|(i, r)| {
            let name = r.kid.clone().unwrap_or_else(|| format!("key #{}", i + 1));
            r.problems
                .iter()
                .map(move |p| format!("  {} {name}: {p}", paint("!", Paint::Bad, color)))
        })
        .collect();
    if !problems.is_empty() {
        text.push_str(&format!("\n{}\n", paint("Problems", Paint::Heading, color)));
        for p in problems {
            text.push_str(&p);
            text.push('\n');
        }
    }
    text.push_str(&format!(
        "\n{} key{}\n",
        rows.len(),
        if rows.len() == 1 { "" } else { "s" }
    ));
    ctx.term.print(&text).map(|()| 0)
}

fn convert(args: ConvertArgs, ctx: &mut Context) -> Result<u8> {
    let set = load_keys(ctx, &args.key, args.input.passphrase.as_deref())?;
    let mut key = set.for_signing(args.kid.as_deref(), &args.key)?;
    if args.public {
        key = key.public().ok_or_else(|| {
            Error::key("an HMAC secret has no public key").with_hint("drop --public")
        })?;
    }
    let text = match args.to {
        KeyFormat::Pem if key.is_symmetric() => {
            return Err(Error::key("an HMAC secret has no PEM form").with_hint("use --to jwk"));
        }
        KeyFormat::Pem if key.is_private() => {
            pkcs::to_pem("PRIVATE KEY", &pkcs::private_pkcs8_der(&key)?)
        }
        KeyFormat::Pem => pkcs::to_pem("PUBLIC KEY", &pkcs::public_spki_der(&key)?),
        KeyFormat::Jwk => {
            if key.kid.is_none() {
                key.kid = Some(jwk::thumbprint(&key, ThumbprintHash::Sha256));
            }
            let map = jwk::to_jwk(&key, key.is_private())?;
            output::json_pretty(&Value::Object(map), ctx.term.color_stdout) + "\n"
        }
    };
    ctx.term.print(&text).map(|()| 0)
}

fn thumbprint(args: ThumbprintArgs, ctx: &mut Context) -> Result<u8> {
    let hash = match args.hash {
        HashArg::Sha256 => ThumbprintHash::Sha256,
        HashArg::Sha384 => ThumbprintHash::Sha384,
        HashArg::Sha512 => ThumbprintHash::Sha512,
    };
    let set = load_keys(ctx, &args.key, args.input.passphrase.as_deref())?;
    let text = match set.origin {
        jwtctl::keys::load::Origin::Single => set
            .keys
            .iter()
            .map(|k| jwk::thumbprint(k, hash) + "\n")
            .collect::<String>(),
        jwtctl::keys::load::Origin::Set => set
            .keys
            .iter()
            .map(|k| {
                format!(
                    "{} {}\n",
                    jwk::thumbprint(k, hash),
                    k.kid.as_deref().unwrap_or("-")
                )
            })
            .collect(),
    };
    ctx.term.print(&text).map(|()| 0)
}
