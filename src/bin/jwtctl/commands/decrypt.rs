//! `jwtctl decrypt`: a JWE in any serialization, as strict as verify; a nested JWT verified
//! with `--verify-key`.

use serde_json::{Map, Value, json};

use jwtctl::Result;
use jwtctl::jose::jwe::{self, DecryptPolicy};
use jwtctl::jose::jwe_json;
use jwtctl::jose::jws_json::Form;
use jwtctl::keys::trust::Op;
use jwtctl::present::output::json_document;
use jwtctl::{Engine, Policy};

use super::recipient::recipient;
use super::verdict::token_failed;
use super::{Context, Outcome, load_keys, read_token};
use crate::cli::DecryptArgs;

pub fn run(args: DecryptArgs, ctx: &mut Context) -> Result<Outcome> {
    let verifier = match &args.verify_key {
        Some(spec) => {
            let set = load_keys(ctx, spec, args.recipient.input.passphrase.as_ref())?;
            Some(Engine::new(
                set,
                Policy {
                    now: ctx.now,
                    allow_no_exp: args.allow_no_exp,
                    // Only --allow-no-exp of verify's settings is a decrypt flag too; the
                    // others are never set here, so their names never reach a message.
                    names: super::verify::POLICY_FLAGS,
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
        names: jwe::Names {
            allow_rsa1_5: "--allow-rsa1-5",
            allow_zip: "--allow-zip",
        },
    };
    let (tty, color) = (ctx.term.stdout_is_terminal(), ctx.term.color_stdout);
    let render = |v: &Value| json_document(v, tty, color);
    let outcome = jwe_json::decrypt(&text, &held.recipient(), &policy).and_then(|d| {
        let (form, index) = (d.form, d.recipient);
        let mut about = Map::new();
        if form != Form::Compact {
            about.insert("serialization".into(), Value::from(form.name()));
            let mut which = Map::new();
            which.insert("index".into(), Value::from(index));
            if let Some(kid) = d.header.get("kid") {
                which.insert("kid".into(), kid.clone());
            }
            about.insert("recipient".into(), Value::Object(which));
            if let Some(aad) = &d.aad {
                let value = match std::str::from_utf8(aad) {
                    Ok(text) => json!({"aad": text}),
                    Err(_) => json!({"aad_base64url": jwtctl::jose::b64::encode(aad)}),
                };
                if let Value::Object(m) = value {
                    about.extend(m);
                }
            }
            if !args.json {
                let kid = match d.header.get("kid").and_then(Value::as_str) {
                    Some(kid) => format!(" (kid {})", jwtctl::keys::trust::quoted(kid)),
                    None => String::new(),
                };
                ctx.term.notice(&format!(
                    "decrypted for recipient {index}{kid} ({} serialization)",
                    form.name()
                ));
            }
        }
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
                    jwtctl::jose::token::Payload::Claims(m) => Value::Object(m),
                    jwtctl::jose::token::Payload::Other { .. } => Value::Null,
                };
                Ok((d.header, claims, None, about))
            }
            None => {
                if nested {
                    ctx.term.warn(
                        "the plaintext is a signed JWT and was not verified; add --verify-key to check it",
                    );
                }
                let value = match (jwtctl::jose::json::parse(&d.plaintext), std::str::from_utf8(&d.plaintext)) {
                    (Ok(v), _) if !nested => json!({"plaintext": v}),
                    (_, Ok(text)) => json!({"plaintext": text}),
                    (_, Err(_)) => json!({"plaintext_base64url": jwtctl::jose::b64::encode(&d.plaintext)}),
                };
                Ok((d.header, value, Some(d.plaintext), about))
            }
        }
    });
    match outcome {
        Ok((header, value, raw, about)) => {
            match raw {
                // A verified nested JWT: its claims.
                None if args.json => {
                    let mut env = Map::new();
                    env.insert("valid".into(), Value::Bool(true));
                    env.extend(about);
                    env.insert("header".into(), Value::Object(header));
                    env.insert("claims".into(), value);
                    ctx.term.print(&render(&Value::Object(env)))?
                }
                None => ctx.term.print(&render(&value))?,
                Some(_) if args.json => {
                    let mut env = about;
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
            Ok(Outcome::Success)
        }
        Err(e) => Err(token_failed(ctx, e, args.json)),
    }
}
