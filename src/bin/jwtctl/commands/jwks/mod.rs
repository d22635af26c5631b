//! `jwtctl jwks`: build, inspect and serve key sets; convert keys; compute thumbprints. One
//! module per subcommand; what several share (loading the keys to publish) lives here.

mod convert;
mod create;
mod serve;
mod show;
mod thumbprint;

use jwtctl::input::secret::SecretSpec;
use jwtctl::{Error, Result};

use jwtctl::Key;

use super::{Context, Outcome, load_keys};
use crate::cli::{JwksArgs, JwksCommand};

pub fn run(args: JwksArgs, ctx: &mut Context) -> Result<Outcome> {
    match args.command {
        JwksCommand::Create(a) => create::run(a, ctx),
        JwksCommand::Show(a) => show::run(a, ctx),
        JwksCommand::Convert(a) => convert::run(a, ctx),
        JwksCommand::Thumbprint(a) => thumbprint::run(a, ctx),
        JwksCommand::Serve(a) => serve::run(a, ctx),
    }
}

/// Every key in the given files (a JWKS contributes all its keys), for publishing: an HMAC
/// secret is refused, naming its file.
pub fn load_all(
    ctx: &mut Context,
    specs: &[String],
    passphrase: Option<&SecretSpec>,
) -> Result<Vec<Key>> {
    let mut keys = Vec::new();
    for spec in specs {
        let set = load_keys(ctx, spec, passphrase)?;
        if set.keys.iter().any(Key::is_symmetric) {
            return Err(Error::key(format!(
                "{spec}: an HMAC secret cannot go in a published JWKS: it has no public half"
            ))
            .with_hint("a JWKS for verifiers holds RSA, EC or Ed25519 public keys"));
        }
        keys.extend(set.keys);
    }
    Ok(keys)
}
