//! `jwtctl sign`: flags → claims (or a payload) and headers → one JWS in the serialization
//! asked for, on stdout (or in a file).

use serde_json::{Map, Value};

use jwtctl::Key;
use jwtctl::input::Input;
use jwtctl::input::claims;
use jwtctl::jose::jws::Signer;
use jwtctl::jose::jws_json::{self, Form, Options, Signing};
use jwtctl::keys::Material;
use jwtctl::keys::jwk::{ThumbprintHash, thumbprint};
use jwtctl::{Error, Result};

use super::{Context, Outcome, body, emit_token, load_keys, read_input, thumbprint_arg};
use crate::cli::{KidArg, Serialization, SignArgs};

pub fn run(args: SignArgs, ctx: &mut Context) -> Result<Outcome> {
    // Everything that can fail on the flags alone fails before any key or stdin is read.
    let prepared = match args.payload {
        Some(_) => None,
        None => Some(body::prepare(&args.body, ctx.now)?),
    };
    let header_assignments = args
        .header
        .iter()
        .map(|h| claims::parse_assignment(h, "-H"))
        .collect::<Result<Vec<_>>>()?;
    if let Some((name, _)) = header_assignments.iter().find(|(k, _)| k == "alg") {
        return Err(Error::usage(format!(
            "-H {name}: the algorithm is not a free header member"
        ))
        .with_hint("choose it with --alg; it must fit the key"));
    }
    if let Some((name, _)) = header_assignments
        .iter()
        .find(|(k, _)| k == "b64" || k == "crit")
    {
        return Err(Error::usage(format!(
            "-H {name}: set by jwtctl (--unencoded lists b64 in crit; no other extension is offered)"
        )));
    }
    let unprotected = unprotected_header(&args, &header_assignments)?;
    if args.key.len() > 1 && matches!(args.kid, Some(KidArg::Named(_))) {
        return Err(Error::usage(
            "--kid VALUE names one key; with several --key each signature takes its key's own kid",
        )
        .with_hint("leave --kid out, or use --kid thumbprint"));
    }
    if args.key.iter().filter(|k| *k == "-").count() > 1 {
        return Err(Error::usage("only one --key can come from standard input"));
    }

    let cnf_jkt = cnf_jkt(&args, ctx)?;
    let keys = signing_keys(&args, ctx)?;
    let mut signers = Vec::with_capacity(keys.len());
    for key in &keys {
        let alg = match args.alg.or_else(|| key.default_alg()) {
            Some(alg) => alg,
            None => {
                return Err(Error::key(format!(
                    "{} cannot sign: it is for ECDH-ES key agreement (JWE)",
                    key.describe()
                ))
                .with_hint("encrypt to it with 'jwtctl encrypt --key'"));
            }
        };
        signers.push(Signer::new(key, alg)?);
    }
    let (claims, envelope_header) = match prepared {
        Some(prepared) => {
            let (claims, envelope_header) = body::finish(prepared, &args.body, ctx)?;
            (Some(claims), envelope_header)
        }
        None => (None, None),
    };
    for (key, signer) in keys.iter().zip(&signers) {
        let alg = signer.alg();
        if let Material::Oct(secret) = &key.material
            && secret.len() < alg.hash_len()
        {
            ctx.term.warn(&format!(
                "the HMAC secret is {} bytes, shorter than the {} bytes {alg} needs to be as strong as its hash",
                secret.len(),
                alg.hash_len()
            ));
        }
    }
    let payload = match (&args.payload, claims) {
        (Some(source), _) => {
            read_input(ctx, Input::Payload, source, &format!("--payload {source}"))?
        }
        (None, Some(mut claims)) => {
            if let Some(jkt) = cnf_jkt {
                bind_to(&mut claims, jkt);
            }
            body::warn_no_exp(&claims, ctx);
            serde_json::to_vec(&claims)
                .map_err(|e| Error::malformed(format!("claims cannot be serialized: {e}")))?
        }
        (None, None) => return Err(Error::usage("no claims")),
    };

    let default_typ = args.payload.is_none().then_some("JWT");
    let signings = keys
        .iter()
        .zip(&signers)
        .map(|(key, signer)| {
            let mut protected = build_header(
                &args,
                key,
                signer.alg(),
                envelope_header.clone(),
                header_assignments.clone(),
                default_typ,
            );
            for name in unprotected.keys() {
                protected.shift_remove(name);
            }
            Signing {
                signer,
                protected,
                unprotected: unprotected.clone(),
            }
        })
        .collect();
    let options = Options {
        form: match args.serialization {
            Serialization::Compact => Form::Compact,
            Serialization::Flattened => Form::Flattened,
            Serialization::General => Form::General,
        },
        detached: args.detached,
        unencoded: args.unencoded,
    };
    let token = jws_json::sign(&payload, signings, options).map_err(|e| word(e, &args))?;

    emit_token(ctx, &token, args.out.as_deref(), args.force)?;
    Ok(Outcome::Success)
}

/// The core's refusals of a serialization, worded with the flags that fix them.
fn word(mut e: Error, args: &SignArgs) -> Error {
    if e.message.contains("holds one signature") {
        e = e.with_hint("several --key need --serialization general");
    } else if e.message.contains("no unprotected header") {
        e = e.with_hint("-U needs --serialization flattened or general");
    } else if e.message.contains("RFC 7797") || e.message.contains("must be UTF-8 text") {
        e = e.with_hint(if args.detached {
            "use a JSON serialization"
        } else {
            "add --detached, or use --serialization flattened or general"
        });
    }
    e
}

/// The -U members: never alg, crit or b64 (always protected), never one -H sets too.
fn unprotected_header(
    args: &SignArgs,
    protected: &[(String, Value)],
) -> Result<Map<String, Value>> {
    let mut header = Map::new();
    for text in &args.unprotected {
        let (name, value) = claims::parse_assignment(text, "-U")?;
        if ["alg", "crit", "b64"].contains(&name.as_str()) {
            return Err(Error::usage(format!(
                "-U {name}: alg, crit and b64 are always in the protected header"
            )));
        }
        if protected.iter().any(|(k, _)| *k == name) {
            return Err(Error::usage(format!(
                "-U {name}: also set with -H; a header member is either protected or not (RFC 7515 §7.2.1)"
            )));
        }
        header.insert(name, value);
    }
    if !header.is_empty() && args.serialization == Serialization::Compact {
        return Err(
            Error::usage("-U: compact serialization has no unprotected header")
                .with_hint("add --serialization flattened or general"),
        );
    }
    Ok(header)
}

fn signing_keys(args: &SignArgs, ctx: &mut Context) -> Result<Vec<Key>> {
    if let Some(spec) = &args.secret {
        let secret = ctx.term.secret(spec, "--secret")?;
        return Ok(vec![
            jwtctl::keys::material::secret_key(secret).map_err(|e| e.context("--secret"))?,
        ]);
    }
    if args.key.is_empty() {
        return Err(Error::usage(
            "give the key with --key or the secret with --secret",
        ));
    }
    let kid = match &args.kid {
        Some(KidArg::Named(kid)) => Some(kid.as_str()),
        Some(KidArg::Thumbprint) | None => None,
    };
    let mut keys = Vec::with_capacity(args.key.len());
    for spec in &args.key {
        let set = load_keys(ctx, spec, args.input.passphrase.as_ref())?;
        keys.push(set.for_signing(kid, spec)?);
    }
    Ok(keys)
}

/// The thumbprint `--cnf-jkt` gives or `--cnf-key`'s key has: checked to be a SHA-256
/// thumbprint (43 base64url characters), since a typo would bind the token to no key at all.
fn cnf_jkt(args: &SignArgs, ctx: &mut Context) -> Result<Option<String>> {
    if let Some(jkt) = &args.cnf_jkt {
        return thumbprint_arg("--cnf-jkt", jkt).map(Some);
    }
    let Some(spec) = &args.cnf_key else {
        return Ok(None);
    };
    if spec == "-" && args.key.iter().any(|k| k == "-") {
        return Err(Error::usage(
            "--key and --cnf-key cannot both come from standard input",
        ));
    }
    let key = load_keys(ctx, spec, args.input.passphrase.as_ref())?
        .into_single(spec)
        .map_err(|e| e.context("--cnf-key"))?;
    jwtctl::dpop::check_proof_key(&key).map_err(|e| e.context(format!("--cnf-key {spec}")))?;
    Ok(Some(jwtctl::dpop::jkt(&key)))
}

/// `cnf.jkt` set to `jkt`; other members of a `cnf` object (given with -c) are kept.
fn bind_to(claims: &mut Map<String, Value>, jkt: String) {
    let cnf = claims
        .entry("cnf")
        .or_insert_with(|| Value::Object(Map::new()));
    if !cnf.is_object() {
        *cnf = Value::Object(Map::new());
    }
    if let Value::Object(cnf) = cnf {
        cnf.insert("jkt".into(), Value::from(jkt));
    }
}

/// alg first, then typ and kid, then the extra members of a re-signed token's header, then -H.
fn build_header(
    args: &SignArgs,
    key: &Key,
    alg: jwtctl::jose::alg::Alg,
    previous: Option<Map<String, Value>>,
    assignments: Vec<(String, Value)>,
    default_typ: Option<&str>,
) -> Map<String, Value> {
    let mut previous = previous.unwrap_or_default();
    previous.shift_remove("alg");
    let mut header = Map::new();
    header.insert("alg".into(), Value::from(alg.name()));
    let typ = match (&args.typ, args.no_typ) {
        (_, true) => None,
        (Some(t), false) => Some(Value::from(t.as_str())),
        (None, false) => previous
            .get("typ")
            .cloned()
            .or_else(|| default_typ.map(Value::from)),
    };
    previous.shift_remove("typ");
    if let Some(typ) = typ {
        header.insert("typ".into(), typ);
    }
    let kid = match &args.kid {
        Some(KidArg::Thumbprint) => Some(Value::from(thumbprint(key, ThumbprintHash::Sha256))),
        Some(KidArg::Named(k)) => Some(Value::from(k.as_str())),
        None => previous
            .get("kid")
            .cloned()
            .or_else(|| key.kid.clone().map(Value::from)),
    };
    previous.shift_remove("kid");
    if let Some(kid) = kid {
        header.insert("kid".into(), kid);
    }
    for (k, v) in previous {
        header.insert(k, v);
    }
    for (k, v) in assignments {
        header.insert(k, v);
    }
    header
}
