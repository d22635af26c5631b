//! The claims of a new token from `--claims`, the registered-claim flags and `-c`: shared by
//! `sign` and `encrypt`.

use serde_json::{Map, Value};

use jwtctl::Result;
use jwtctl::input::claims::{self, Registered};
use jwtctl::input::time;

use super::{Context, read_input};
use crate::cli::{ClaimArgs, JtiArg};

/// A JSON object: claims or a header.
pub type Object = Map<String, Value>;

/// The flags, parsed: everything that can fail without reading a file.
pub struct Prepared {
    registered: Registered,
    assignments: Vec<(String, Value)>,
    now: i64,
}

pub fn prepare(args: &ClaimArgs, now: i64) -> Result<Prepared> {
    let assignments = args
        .claim
        .iter()
        .map(|c| claims::parse_assignment(c, "-c"))
        .collect::<Result<Vec<_>>>()?;
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
        jti: match &args.jti {
            Some(JtiArg::Auto) => Some(jwtctl::random::uuid()?),
            Some(JtiArg::Named(jti)) => Some(jti.clone()),
            None => None,
        },
    };
    Ok(Prepared {
        registered,
        assignments,
        now,
    })
}

/// Reads `--claims` and assembles the claims; also returns the header of a `decode --json`
/// envelope when that is what `--claims` held. Warns about time claims that are not numbers.
pub fn finish(
    prepared: Prepared,
    args: &ClaimArgs,
    ctx: &mut Context,
) -> Result<(Object, Option<Object>)> {
    let base = match &args.claims {
        Some(source) => {
            let label = format!("--claims {source}");
            let bytes = read_input(ctx, jwtctl::input::Input::Claims, source, &label)?;
            claims::parse_base(&bytes, &label)?
        }
        None => claims::Base {
            claims: Map::new(),
            header: None,
        },
    };
    let claims = claims::assemble(
        base.claims,
        &prepared.registered,
        prepared.assignments,
        prepared.now,
        args.no_iat,
    );
    for name in claims::non_numeric_times(&claims) {
        ctx.term.warn(&format!(
            "claim {name} is not a number, so verifiers will reject the token; use --{name} TIME or -c {name}:=SECONDS"
        ));
    }
    Ok((claims, base.header))
}

pub fn warn_no_exp(claims: &Map<String, Value>, ctx: &Context) {
    if !claims.contains_key("exp") {
        ctx.term
            .warn("the token has no exp: it never expires (set one with --exp, e.g. --exp 15m)");
    }
}
