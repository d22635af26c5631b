//! `jwtctl encrypt`: claims (or a signed JWT, or bytes) as a compact JWE.

use serde_json::{Map, Value};

use jwtctl::jose::jwe::{self, Enc, KeyAlg};
use jwtctl::keys::Material;
use jwtctl::keys::jwk::{ThumbprintHash, thumbprint};
use jwtctl::keys::trust::Op;
use jwtctl::{Error, Result};

use super::recipient::{Held, recipient};
use super::{Context, Outcome, body, emit_token, read_input};
use crate::cli::{EncryptArgs, KidArg};

pub fn run(args: EncryptArgs, ctx: &mut Context) -> Result<Outcome> {
    if matches!(args.kid, Some(KidArg::Thumbprint)) && args.recipient.password.is_some() {
        return Err(Error::usage(
            "--kid thumbprint: a password has no key to take the thumbprint of",
        )
        .with_hint("name the key with --kid VALUE, or leave the kid out"));
    }
    let prepared = match args.payload {
        Some(_) => None,
        None => Some(body::prepare(&args.body, ctx.now)?),
    };
    let held = recipient(ctx, &args.recipient, Op::Encrypt)?;
    let recipient = held.recipient();
    let alg = match args.alg {
        Some(alg) => alg,
        None => *recipient.algorithms().first().ok_or_else(|| {
            Error::key("this key cannot encrypt: JWE needs an RSA or EC key, a 16/24/32/48/64-byte secret, or --password")
        })?,
    };
    let enc = match (args.enc, alg, &held) {
        (Some(enc), _, _) => enc,
        (None, _, _) if recipient.declared_enc().is_some() => {
            recipient.declared_enc().unwrap_or(Enc::A256Gcm)
        }
        (None, KeyAlg::Dir, Held::Key(key)) => {
            let len = key.bits() / 8;
            Enc::ALL
                .into_iter()
                .find(|e| e.key_len() == len)
                .ok_or_else(|| {
                    Error::key(format!(
                        "dir needs a 16, 24, 32, 48 or 64-byte key, not {len} bytes"
                    ))
                })?
        }
        (None, _, _) => Enc::A256Gcm,
    };
    let mut extra = Map::new();
    let (plaintext, cty) = match &args.payload {
        Some(source) => {
            let bytes = read_input(
                ctx,
                jwtctl::input::Input::Payload,
                source,
                &format!("--payload {source}"),
            )?;
            let nested = std::str::from_utf8(&bytes)
                .ok()
                .map(str::trim)
                .is_some_and(|t| {
                    matches!(
                        jwtctl::jose::token::parse(t),
                        Ok(jwtctl::jose::token::Token::Jws(_))
                    )
                });
            let bytes = if nested {
                // A token file usually ends with a newline that is not part of the token.
                String::from_utf8_lossy(&bytes).trim().as_bytes().to_vec()
            } else {
                bytes
            };
            (
                bytes,
                args.cty
                    .clone()
                    .or_else(|| nested.then(|| "JWT".to_string())),
            )
        }
        None => {
            let prepared = prepared.ok_or_else(|| Error::usage("no claims"))?;
            let (claims, _) = body::finish(prepared, &args.body, ctx)?;
            body::warn_no_exp(&claims, ctx);
            let bytes = serde_json::to_vec(&claims)
                .map_err(|e| Error::malformed(format!("claims cannot be serialized: {e}")))?;
            (bytes, args.cty.clone())
        }
    };
    if let Some(cty) = cty {
        extra.insert("cty".into(), Value::from(cty));
    }
    let kid = match (&args.kid, &held) {
        (Some(KidArg::Thumbprint), Held::Key(key)) => Some(thumbprint(key, ThumbprintHash::Sha256)),
        // Refused above, before anything was read.
        (Some(KidArg::Thumbprint), Held::Password(_)) => None,
        (Some(KidArg::Named(k)), _) => Some(k.clone()),
        (None, Held::Key(key)) => key.kid.clone(),
        (None, Held::Password(_)) => None,
    };
    if let Some(kid) = kid {
        extra.insert("kid".into(), Value::from(kid));
    }
    if let Held::Key(key) = &held
        && alg.secret_len().is_some()
        && !matches!(key.material, Material::Oct(_))
    {
        return Err(Error::key(format!("{} needs a symmetric key", alg.name())));
    }
    let token = jwe::encrypt_with(&plaintext, &recipient, alg, enc, &extra, args.p2c)?;
    emit_token(ctx, &token, args.out.as_deref(), args.force)?;
    Ok(Outcome::Success)
}
