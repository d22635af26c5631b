//! `jwtctl encrypt` and `jwtctl decrypt`: JWE for claims that must stay secret.

use serde_json::{Map, Value, json};

use jwtctl::error::{Error, Result};
use jwtctl::jwe::{self, DecryptPolicy, Enc, KeyAlg, Recipient};
use jwtctl::keys::jwk::{ThumbprintHash, thumbprint};
use jwtctl::keys::trust::{self, Op};
use jwtctl::keys::{Key, Material};
use jwtctl::output::{PRIVATE_MODE, json_document, write_file_atomic};
use jwtctl::secret::{Secret, SecretSpec};
use jwtctl::verify::{Engine, Policy};

use super::{Context, body, lead_with_code, load_keys, read_input, read_token, rejection};
use crate::cli::{DecryptArgs, EncryptArgs, RecipientArgs};

enum Held {
    Key(Box<Key>),
    Password(Secret),
}

impl Held {
    fn recipient(&self) -> Recipient<'_> {
        match self {
            Held::Key(k) => Recipient::Key(k),
            Held::Password(p) => Recipient::Password(p),
        }
    }
}

fn recipient(ctx: &mut Context, args: &RecipientArgs, op: Op) -> Result<Held> {
    let passphrase = args.input.passphrase.as_deref();
    if let Some(spec) = &args.password {
        return Ok(Held::Password(
            ctx.term.secret(&SecretSpec::parse(spec), "--password")?,
        ));
    }
    if let Some(spec) = &args.secret {
        let secret = ctx.term.secret(&SecretSpec::parse(spec), "--secret")?;
        let key = jwtctl::keys::load::secret_key(secret).map_err(|e| e.context("--secret"))?;
        return Ok(Held::Key(Box::new(key)));
    }
    match &args.key {
        Some(spec) => {
            let key = load_keys(ctx, spec, passphrase)?.into_single(spec)?;
            trust::check_jwe(&key, op).map_err(|e| {
                let hint = e.hint.clone().unwrap_or_else(|| {
                    "a key pair for JWE should be separate from a signing key".to_string()
                });
                e.context(spec).with_hint(hint)
            })?;
            Ok(Held::Key(Box::new(key)))
        }
        None => Err(Error::usage("give --key, --secret or --password")),
    }
}

pub fn encrypt(args: EncryptArgs, ctx: &mut Context) -> Result<u8> {
    let prepared = match args.payload {
        Some(_) => None,
        None => Some(body::prepare(&args.body, ctx.now)?),
    };
    let held = recipient(ctx, &args.recipient, Op::Encrypt)?;
    let recipient = held.recipient();
    let alg = match args.alg {
        Some(alg) => alg,
        None => *recipient.algorithms().first().ok_or_else(|| {
            Error::key("this key cannot encrypt: JWE needs an RSA or EC key, a 16/32/48/64-byte secret, or --password")
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
                        "dir needs a 16, 32 or 64-byte key, not {len} bytes"
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
                    matches!(jwtctl::token::parse(t), Ok(jwtctl::token::Token::Jws(_)))
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
        (Some(k), Held::Key(key)) if k == "thumbprint" => {
            Some(thumbprint(key, ThumbprintHash::Sha256))
        }
        (Some(k), _) => Some(k.clone()),
        (None, Held::Key(key)) => key.kid.clone(),
        (None, Held::Password(_)) => None,
    };
    if let Some(kid) = kid {
        extra.insert("kid".into(), Value::from(kid));
    }
    if let (Held::Key(key), KeyAlg::Dir | KeyAlg::A128Kw | KeyAlg::A256Kw) = (&held, alg)
        && !matches!(key.material, Material::Oct(_))
    {
        return Err(Error::key(format!("{} needs a symmetric key", alg.name())));
    }
    let token = jwe::encrypt_with(&plaintext, &recipient, alg, enc, &extra, args.p2c)?;
    match &args.out {
        Some(path) => {
            write_file_atomic(
                path,
                format!("{token}\n").as_bytes(),
                PRIVATE_MODE,
                args.force,
            )?;
            ctx.term
                .notice(&format!("wrote the token to {}", path.display()));
        }
        None => ctx.term.print(&format!("{token}\n"))?,
    }
    Ok(0)
}

pub fn decrypt(args: DecryptArgs, ctx: &mut Context) -> Result<u8> {
    let verifier = match &args.verify_key {
        Some(spec) => {
            let set = load_keys(ctx, spec, args.recipient.input.passphrase.as_deref())?;
            Some(Engine::new(
                set,
                Policy {
                    now: ctx.now,
                    ..Default::default()
                },
            )?)
        }
        None => None,
    };
    let held = recipient(ctx, &args.recipient, Op::Decrypt)?;
    let text = read_token(ctx, args.token.as_deref())?;
    let policy = DecryptPolicy {
        algs: args.alg.clone(),
        encs: args.enc.clone(),
        allow_rsa1_5: args.allow_rsa1_5,
        allow_zip: args.allow_zip,
    };
    let color = ctx.term.color_stdout;
    let render = |v: &Value| json_document(v, color);
    let outcome = jwe::decrypt(&text, &held.recipient(), &policy).and_then(|d| {
        let nested = d
            .header
            .get("cty")
            .and_then(Value::as_str)
            .is_some_and(|c| c.eq_ignore_ascii_case("JWT"));
        match &verifier {
            Some(engine) => {
                let inner = String::from_utf8_lossy(&d.plaintext).trim().to_string();
                let verified = engine
                    .verify(&inner)
                    .map_err(|e| e.context("the nested JWT"))?;
                let claims = match verified.payload {
                    jwtctl::token::Payload::Claims(m) => Value::Object(m),
                    jwtctl::token::Payload::Other { .. } => Value::Null,
                };
                Ok((d.header, claims, None))
            }
            None => {
                if nested {
                    ctx.term.warn(
                        "the plaintext is a signed JWT and was not verified; add --verify-key to check it",
                    );
                }
                let value = match (jwtctl::json::parse(&d.plaintext), std::str::from_utf8(&d.plaintext)) {
                    (Ok(v), _) if !nested => json!({"plaintext": v}),
                    (_, Ok(text)) => json!({"plaintext": text}),
                    (_, Err(_)) => json!({"plaintext_base64url": jwtctl::b64::encode(&d.plaintext)}),
                };
                Ok((d.header, value, Some(d.plaintext)))
            }
        }
    });
    match outcome {
        Ok((header, value, raw)) => {
            match raw {
                // A verified nested JWT: its claims.
                None if args.json => ctx.term.print(&render(
                    &json!({"valid": true, "header": header, "claims": value}),
                ))?,
                None => ctx.term.print(&render(&value))?,
                Some(_) if args.json => {
                    let mut env = Map::new();
                    env.insert("header".into(), Value::Object(header));
                    if let Value::Object(parts) = value {
                        env.extend(parts);
                    }
                    ctx.term.print(&render(&Value::Object(env)))?;
                }
                // Text ends with a newline like every printed document; other bytes are
                // written exactly as they were encrypted.
                Some(mut bytes) => {
                    if std::str::from_utf8(&bytes).is_ok() && !bytes.ends_with(b"\n") {
                        bytes.push(b'\n');
                    }
                    ctx.term.print_untrusted(&bytes)?;
                }
            }
            Ok(0)
        }
        Err(e) => {
            if args.json
                && let Some(env) = rejection(&e)
            {
                ctx.term.print(&render(&Value::Object(env)))?;
            }
            Err(lead_with_code(e))
        }
    }
}
