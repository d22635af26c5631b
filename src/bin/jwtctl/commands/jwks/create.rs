//! `jwtctl jwks create`: a public JWK Set of some keys, merged with an existing set.

use jwtctl::error::{Error, Result};
use jwtctl::present::output;

use jwtctl::keys::load;
use jwtctl::keys::publish;

use jwtctl::input::Input;

use super::super::{Context, read_input};
use super::load_all;
use crate::cli::CreateArgs;

pub fn run(args: CreateArgs, ctx: &mut Context) -> Result<u8> {
    if args.keys.is_empty() && args.merge.is_none() {
        return Err(Error::usage("give at least one KEY, or --merge JWKS")
            .with_hint("jwtctl jwks create signing.pem > jwks.json"));
    }
    let new = load_all(ctx, &args.keys, args.input.passphrase.as_ref())?;
    let existing = match &args.merge {
        Some(source) => {
            let label = format!("--merge {source}");
            let bytes = read_input(ctx, Input::KeySet, source, &label)?;
            let set = load::parse_jwks(&bytes, load::SetSource::Local)
                .map_err(|e| Input::KeySet.recast(e.context(&label)))?;
            for w in &set.warnings {
                ctx.term.warn(w);
            }
            set.keys
        }
        None => Vec::new(),
    };
    let (set, notes) = publish::build(&new, &existing, &args.alg, &args.remove)?;
    for n in &notes {
        ctx.term.warn(n);
    }
    ctx.term
        .print(&(output::json_pretty(&set, ctx.term.color_stdout) + "\n"))
        .map(|()| 0)
}
