//! `jwtctl jwks create`: a public JWK Set of some keys, merged with an existing set.

use jwtctl::present::output;
use jwtctl::{Error, Result};

use jwtctl::keys::publish;

use super::super::{Context, Outcome, load_key_set};
use super::load_all;
use crate::cli::CreateArgs;

pub fn run(args: CreateArgs, ctx: &mut Context) -> Result<Outcome> {
    if args.keys.is_empty() && args.merge.is_none() {
        return Err(Error::usage("give at least one KEY, or --merge JWKS")
            .with_hint("jwtctl jwks create signing.pem > jwks.json"));
    }
    let new = load_all(ctx, &args.keys, args.input.passphrase.as_ref())?;
    let existing = match &args.merge {
        // A set to merge is the user's own file: never fetched.
        Some(source) => load_key_set(ctx, source, &format!("--merge {source}"), None)?.keys,
        None => Vec::new(),
    };
    let publish::Built {
        set,
        notes,
        not_found,
    } = publish::build(&new, &existing, &args.alg, &args.remove)?;
    if let Some(kid) = not_found.first() {
        return Err(Error::key(format!(
            "--remove {kid}: no key with that kid in the set"
        )));
    }
    for n in &notes {
        ctx.term.warn(n);
    }
    ctx.term
        .print(&(output::json_pretty(&set, ctx.term.color_stdout) + "\n"))
        .map(|()| Outcome::Success)
}
