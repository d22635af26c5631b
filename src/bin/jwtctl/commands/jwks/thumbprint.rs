//! `jwtctl jwks thumbprint`: RFC 7638 thumbprints of the keys in a file.

use jwtctl::Result;
use jwtctl::keys::jwk;

use jwtctl::text::escape;

use super::super::{Context, Outcome, load_keys};
use crate::cli::ThumbprintArgs;

pub fn run(args: ThumbprintArgs, ctx: &mut Context) -> Result<Outcome> {
    let hash = args.hash;
    let set = load_keys(ctx, &args.key, args.input.passphrase.as_ref())?;
    let text = match set.origin {
        jwtctl::keys::load::Origin::Single => set
            .keys
            .iter()
            .map(|k| jwk::thumbprint(k, hash) + "\n")
            .collect::<String>(),
        jwtctl::keys::load::Origin::Set => set
            .keys
            .iter()
            .map(|k| {
                format!(
                    "{} {}\n",
                    jwk::thumbprint(k, hash),
                    escape(k.kid.as_deref().unwrap_or("-"))
                )
            })
            .collect(),
    };
    ctx.term.print(&text).map(|()| Outcome::Success)
}
