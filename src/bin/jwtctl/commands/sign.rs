//! `jwtctl sign`: flags → claims and header → one compact JWS on stdout (or in a file).

use serde_json::{Map, Value};

use jwtctl::Key;
use jwtctl::input::claims;
use jwtctl::jose::jws::Signer;
use jwtctl::jose::token;
use jwtctl::keys::Material;
use jwtctl::keys::jwk::{ThumbprintHash, thumbprint};
use jwtctl::{Error, Result};

use super::{Context, Outcome, body, emit_token, load_keys};
use crate::cli::{KidArg, SignArgs};

pub fn run(args: SignArgs, ctx: &mut Context) -> Result<Outcome> {
    // Everything that can fail on the flags alone fails before any key or stdin is read.
    let prepared = body::prepare(&args.body, ctx.now)?;
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

    let cnf_jkt = cnf_jkt(&args, ctx)?;
    let key = signing_key(&args, ctx)?;
    let alg = args.alg.unwrap_or_else(|| key.default_alg());
    let signer = Signer::new(&key, alg)?;
    let (claims, envelope_header) = body::finish(prepared, &args.body, ctx)?;
    if let Material::Oct(secret) = &key.material
        && secret.len() < alg.hash_len()
    {
        ctx.term.warn(&format!(
            "the HMAC secret is {} bytes, shorter than the {} bytes {alg} needs to be as strong as its hash",
            secret.len(),
            alg.hash_len()
        ));
    }

    let mut claims = claims;
    if let Some(jkt) = cnf_jkt {
        bind_to(&mut claims, jkt);
    }
    body::warn_no_exp(&claims, ctx);

    let header = build_header(&args, &key, alg, envelope_header, header_assignments);
    let payload = serde_json::to_vec(&claims)
        .map_err(|e| Error::malformed(format!("claims cannot be serialized: {e}")))?;
    let token = token::assemble(&header, &payload, |input| signer.sign(input))?;

    emit_token(ctx, &token, args.out.as_deref(), args.force)?;
    Ok(Outcome::Success)
}

fn signing_key(args: &SignArgs, ctx: &mut Context) -> Result<Key> {
    if let Some(spec) = &args.secret {
        let secret = ctx.term.secret(spec, "--secret")?;
        return jwtctl::keys::material::secret_key(secret).map_err(|e| e.context("--secret"));
    }
    let Some(spec) = &args.key else {
        return Err(Error::usage(
            "give the key with --key or the secret with --secret",
        ));
    };
    let set = load_keys(ctx, spec, args.input.passphrase.as_ref())?;
    let kid = match &args.kid {
        Some(KidArg::Named(kid)) => Some(kid.as_str()),
        Some(KidArg::Thumbprint) | None => None,
    };
    set.for_signing(kid, spec)
}

/// The thumbprint `--cnf-jkt` gives or `--cnf-key`'s key has: checked to be a SHA-256
/// thumbprint (43 base64url characters), since a typo would bind the token to no key at all.
fn cnf_jkt(args: &SignArgs, ctx: &mut Context) -> Result<Option<String>> {
    if let Some(jkt) = &args.cnf_jkt {
        let ok = jkt.len() == 43
            && jkt
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        if !ok {
            return Err(Error::usage(format!(
                "--cnf-jkt \"{}\" is not an RFC 7638 SHA-256 thumbprint (43 base64url characters)",
                jwtctl::text::escape(jkt)
            ))
            .with_hint("'jwtctl dpop proof --key KEY --jkt' prints a key's thumbprint"));
        }
        return Ok(Some(jkt.clone()));
    }
    let Some(spec) = &args.cnf_key else {
        return Ok(None);
    };
    if args.key.as_deref() == Some("-") && spec == "-" {
        return Err(Error::usage(
            "--key and --cnf-key cannot both come from standard input",
        ));
    }
    let key = load_keys(ctx, spec, args.input.passphrase.as_ref())?
        .into_single(spec)
        .map_err(|e| e.context("--cnf-key"))?;
    if key.is_symmetric() {
        return Err(Error::key(format!(
            "--cnf-key {spec}: an HMAC secret cannot hold a DPoP binding: give the client's RSA, EC or Ed25519 key"
        )));
    }
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
) -> Map<String, Value> {
    let mut previous = previous.unwrap_or_default();
    previous.shift_remove("alg");
    let mut header = Map::new();
    header.insert("alg".into(), Value::from(alg.name()));
    let typ = match (&args.typ, args.no_typ) {
        (_, true) => None,
        (Some(t), false) => Some(Value::from(t.as_str())),
        (None, false) => Some(
            previous
                .get("typ")
                .cloned()
                .unwrap_or_else(|| Value::from("JWT")),
        ),
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
