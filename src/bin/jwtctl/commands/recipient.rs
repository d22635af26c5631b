//! The JWE recipient both `encrypt` and `decrypt` take: `--key`, `--secret` or `--password`,
//! held to what the key declares (keys::trust).

use jwtctl::Key;
use jwtctl::input::secret::Secret;
use jwtctl::jose::jwe::Recipient;
use jwtctl::keys::trust::{self, Op};
use jwtctl::{Error, Result};

use super::{Context, load_keys};
use crate::cli::RecipientArgs;

pub enum Held {
    Key(Box<Key>),
    Password(Secret),
}

impl Held {
    pub fn recipient(&self) -> Recipient<'_> {
        match self {
            Held::Key(k) => Recipient::Key(k),
            Held::Password(p) => Recipient::Password(p),
        }
    }
}

/// The one recipient of `decrypt` (and of a compact `encrypt`).
pub fn recipient(ctx: &mut Context, args: &RecipientArgs, op: Op) -> Result<Held> {
    if args.key.len() > 1 {
        return Err(Error::usage(format!(
            "{} --key given; {} takes one",
            args.key.len(),
            match op {
                Op::Decrypt => "decrypt",
                _ => "this serialization",
            }
        )));
    }
    let passphrase = args.input.passphrase.as_ref();
    if let Some(spec) = &args.password {
        return Ok(Held::Password(ctx.term.secret(spec, "--password")?));
    }
    if let Some(spec) = &args.secret {
        let secret = ctx.term.secret(spec, "--secret")?;
        let key = jwtctl::keys::material::secret_key(secret).map_err(|e| e.context("--secret"))?;
        return Ok(Held::Key(Box::new(key)));
    }
    match args.key.first() {
        Some(spec) => load_recipient_key(ctx, spec, passphrase, op),
        None => Err(Error::usage("give --key, --secret or --password")),
    }
}

/// Every recipient of `encrypt`: one per --key, or the --secret or --password.
pub fn recipients(ctx: &mut Context, args: &RecipientArgs, op: Op) -> Result<Vec<Held>> {
    if args.key.len() <= 1 {
        return Ok(vec![recipient(ctx, args, op)?]);
    }
    if args.key.iter().filter(|k| *k == "-").count() > 1 {
        return Err(Error::usage("only one --key can come from standard input"));
    }
    let passphrase = args.input.passphrase.as_ref();
    args.key
        .iter()
        .map(|spec| load_recipient_key(ctx, spec, passphrase, op))
        .collect()
}

fn load_recipient_key(
    ctx: &mut Context,
    spec: &str,
    passphrase: Option<&jwtctl::input::secret::SecretSpec>,
    op: Op,
) -> Result<Held> {
    let key = load_keys(ctx, spec, passphrase)?.into_single(spec)?;
    trust::check_jwe(&key, op).map_err(|e| match e.hint {
        Some(_) => e.context(spec),
        None => e
            .context(spec)
            .with_hint("a key pair for JWE should be separate from a signing key"),
    })?;
    Ok(Held::Key(Box::new(key)))
}
