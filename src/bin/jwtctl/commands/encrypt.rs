//! `jwtctl encrypt`: claims (or a signed JWT, or bytes) as a JWE, compact or JSON-serialized to
//! one or several recipients.

use serde_json::{Map, Value};

use jwtctl::input::claims;
use jwtctl::jose::jwe::{self, Enc, KeyAlg};
use jwtctl::jose::jwe_json::{self, Layout, To};
use jwtctl::jose::jws_json::Form;
use jwtctl::keys::Material;
use jwtctl::keys::jwk::{ThumbprintHash, thumbprint};
use jwtctl::keys::trust::Op;
use jwtctl::{Error, Result};

use super::recipient::{Held, recipients};
use super::{Context, Outcome, body, emit_token, read_input};
use crate::cli::{EncryptArgs, KidArg, Serialization};

pub fn run(args: EncryptArgs, ctx: &mut Context) -> Result<Outcome> {
    if matches!(args.kid, Some(KidArg::Thumbprint)) && args.recipient.password.is_some() {
        return Err(Error::usage(
            "--kid thumbprint: a password has no key to take the thumbprint of",
        )
        .with_hint("name the key with --kid VALUE, or leave the kid out"));
    }
    let several = args.recipient.key.len() > 1;
    if several && matches!(args.kid, Some(KidArg::Named(_))) {
        return Err(Error::usage(
            "--kid VALUE names one key; with several --key each recipient takes its key's own kid",
        )
        .with_hint("leave --kid out, or use --kid thumbprint"));
    }
    let form = match args.serialization {
        Serialization::Compact => Form::Compact,
        Serialization::Flattened => Form::Flattened,
        Serialization::General => Form::General,
    };
    if several && form != Form::General {
        return Err(Error::usage(format!(
            "{} serialization holds one recipient, not {}",
            form.name(),
            args.recipient.key.len()
        ))
        .with_hint("several --key need --serialization general"));
    }
    let mut shared = Map::new();
    for text in &args.unprotected {
        let (name, value) = claims::parse_assignment(text, "-U")?;
        shared.insert(name, value);
    }
    if form == Form::Compact && (!shared.is_empty() || args.aad.is_some()) {
        return Err(Error::usage(format!(
            "{}: compact serialization has no unprotected header and no aad",
            if shared.is_empty() { "--aad" } else { "-U" }
        ))
        .with_hint("add --serialization flattened or general"));
    }
    let prepared = match args.payload {
        Some(_) => None,
        None => Some(body::prepare(&args.body, ctx.now)?),
    };
    let helds = recipients(ctx, &args.recipient, Op::Encrypt)?;
    let Some(held) = helds.first() else {
        return Err(Error::usage("give --key, --secret or --password"));
    };
    let recipient = held.recipient();
    let mut algs = Vec::with_capacity(helds.len());
    for h in &helds {
        algs.push(match args.alg {
            Some(alg) => alg,
            None => match h.recipient().algorithms().first() {
                // A key derived for one recipient cannot be shared by several.
                Some(KeyAlg::EcdhEs) if several => KeyAlg::EcdhEsA256Kw,
                Some(alg) => *alg,
                None => return Err(Error::key("this key cannot encrypt: JWE needs an RSA key, an EC P-256/P-384/P-521 or X25519 key, a 16/24/32/48/64-byte secret, or --password")),
            },
        });
    }
    let alg = algs[0];
    let enc = match (args.enc, alg, held) {
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
    let mut to = Vec::with_capacity(helds.len());
    for (h, &alg) in helds.iter().zip(&algs) {
        let kid = match (&args.kid, h) {
            (Some(KidArg::Thumbprint), Held::Key(key)) => {
                Some(thumbprint(key, ThumbprintHash::Sha256))
            }
            // Refused above, before anything was read.
            (Some(KidArg::Thumbprint), Held::Password(_)) => None,
            (Some(KidArg::Named(k)), _) => Some(k.clone()),
            (None, Held::Key(key)) => key.kid.clone(),
            (None, Held::Password(_)) => None,
        };
        if let Held::Key(key) = h
            && alg.secret_len().is_some()
            && !matches!(key.material, Material::Oct(_))
        {
            return Err(Error::key(format!("{} needs a symmetric key", alg.name())));
        }
        let mut header = Map::new();
        if let Some(kid) = kid {
            header.insert("kid".into(), Value::from(kid));
        }
        to.push(To {
            recipient: h.recipient(),
            alg,
            header,
        });
    }
    let token = if form == Form::Compact {
        extra.extend(to[0].header.clone());
        jwe::encrypt_with(&plaintext, &recipient, alg, enc, &extra, args.p2c)?
    } else {
        let aad = match &args.aad {
            Some(source) => Some(read_input(
                ctx,
                jwtctl::input::Input::Payload,
                source,
                &format!("--aad {source}"),
            )?),
            None => None,
        };
        let layout = Layout { shared, aad };
        jwe_json::encrypt(&plaintext, &to, enc, &extra, form, &layout, args.p2c)?
    };
    emit_token(ctx, &token, args.out.as_deref(), args.force)?;
    Ok(Outcome::Success)
}
