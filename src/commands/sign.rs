//! `jwtctl sign`: flags → claims and header → one compact JWS on stdout (or in a file).

use serde_json::{Map, Value};

use jwtctl::claims::{self, Registered};
use jwtctl::error::{Error, Result};
use jwtctl::jws::Signer;
use jwtctl::keys::jwk::{ThumbprintHash, thumbprint};
use jwtctl::keys::{Key, Material};
use jwtctl::output::{PRIVATE_MODE, write_file_atomic};
use jwtctl::secret::SecretSpec;
use jwtctl::{time, token};

use super::{Context, load_keys, read_input};
use crate::cli::SignArgs;

/// Largest --claims document: 1 MiB, the size of the largest token anyway.
const MAX_CLAIMS: usize = 1024 * 1024;

pub fn run(args: SignArgs, ctx: &mut Context) -> Result<u8> {
    // Everything that can fail on the flags alone fails before any key or stdin is read.
    let assignments = args
        .claim
        .iter()
        .map(|c| claims::parse_assignment(c, "-c"))
        .collect::<Result<Vec<_>>>()?;
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
    let now = ctx.now;
    let time_flag = |value: &Option<String>, flag: &str| -> Result<Option<i64>> {
        value
            .as_deref()
            .map(|t| time::parse_time(t, now).map_err(|e| e.context(flag)))
            .transpose()
    };
    let registered = Registered {
        iss: args.iss.clone(),
        sub: args.sub.clone(),
        aud: args.aud.clone(),
        exp: time_flag(&args.exp, "--exp")?,
        nbf: time_flag(&args.nbf, "--nbf")?,
        iat: time_flag(&args.iat, "--iat")?,
        jti: match args.jti.as_deref() {
            Some("auto") => Some(random_uuid()?),
            other => other.map(str::to_string),
        },
    };

    let key = signing_key(&args, ctx)?;
    let alg = args.alg.unwrap_or_else(|| key.default_alg());
    let signer = Signer::new(&key, alg)?;
    let base = match &args.claims {
        Some(source) => {
            let bytes = read_input(ctx, source, "--claims", MAX_CLAIMS)?;
            claims::parse_base(&bytes, source)?
        }
        None => claims::Base {
            claims: Map::new(),
            header: None,
        },
    };
    let claims = claims::assemble(base.claims, &registered, assignments, now, args.no_iat);
    if let Material::Oct(secret) = &key.material
        && secret.len() < alg.hash_len()
    {
        ctx.term.warn(&format!(
            "the HMAC secret is {} bytes, shorter than the {} bytes {alg} needs to be as strong as its hash",
            secret.len(),
            alg.hash_len()
        ));
    }

    for name in claims::non_numeric_times(&claims) {
        ctx.term.warn(&format!(
            "claim {name} is not a number, so verifiers will reject the token; use --{name} TIME or -c {name}:=SECONDS"
        ));
    }
    if !claims.contains_key("exp") {
        ctx.term
            .warn("the token has no exp: it never expires (set one with --exp, e.g. --exp 15m)");
    }

    let header = build_header(&args, &key, alg, base.header, header_assignments);
    let payload = serde_json::to_vec(&claims)
        .map_err(|e| Error::malformed(format!("claims cannot be serialized: {e}")))?;
    let token = token::assemble(&header, &payload, |input| signer.sign(input))?;

    match &args.out {
        Some(path) => {
            let mut bytes = token.into_bytes();
            bytes.push(b'\n');
            write_file_atomic(path, &bytes, PRIVATE_MODE, args.force)?;
            ctx.term
                .notice(&format!("wrote the token to {}", path.display()));
        }
        None => ctx.term.print(&format!("{token}\n"))?,
    }
    Ok(0)
}

fn signing_key(args: &SignArgs, ctx: &mut Context) -> Result<Key> {
    if let Some(spec) = &args.secret {
        let secret = ctx.term.secret(&SecretSpec::parse(spec), "--secret")?;
        return Key::oct(secret);
    }
    let Some(spec) = &args.key else {
        return Err(Error::usage(
            "give the key with --key or the secret with --secret",
        ));
    };
    let set = load_keys(ctx, spec, args.input.passphrase.as_deref())?;
    let kid = args.kid.as_deref().filter(|k| *k != "thumbprint");
    set.for_signing(kid, spec)
}

/// alg first, then typ and kid, then the extra members of a re-signed token's header, then -H.
fn build_header(
    args: &SignArgs,
    key: &Key,
    alg: jwtctl::alg::Alg,
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
    let kid = match args.kid.as_deref() {
        Some("thumbprint") => Some(Value::from(thumbprint(key, ThumbprintHash::Sha256))),
        Some(k) => Some(Value::from(k)),
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

/// A random (version 4) UUID for `--jti auto`.
fn random_uuid() -> Result<String> {
    let mut b = [0u8; 16];
    aws_lc_rs::rand::fill(&mut b)
        .map_err(|_| Error::key("the system random number generator failed"))?;
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    Ok(format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    ))
}
