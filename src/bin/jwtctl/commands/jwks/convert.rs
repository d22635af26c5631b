//! `jwtctl jwks convert`: one key from PEM to JWK or back, private or public.

use serde_json::Value;

use jwtctl::keys::jwk::{self, ThumbprintHash};
use jwtctl::keys::pkcs;
use jwtctl::present::output;
use jwtctl::{Error, Result};

use super::super::{Context, Outcome, load_keys};
use crate::cli::{ConvertArgs, KeyFormat};

pub fn run(args: ConvertArgs, ctx: &mut Context) -> Result<Outcome> {
    let set = load_keys(ctx, &args.key, args.input.passphrase.as_ref())?;
    let mut key = set.for_signing(args.kid.as_deref(), &args.key)?;
    if args.public {
        key = key.public().ok_or_else(|| {
            Error::key("an HMAC secret has no public key").with_hint("drop --public")
        })?;
    }
    let text = match args.to {
        KeyFormat::Pem if key.is_symmetric() => {
            return Err(Error::key("an HMAC secret has no PEM form").with_hint("use --to jwk"));
        }
        KeyFormat::Pem if key.is_private() => {
            pkcs::to_pem("PRIVATE KEY", &pkcs::private_pkcs8_der(&key)?)
        }
        KeyFormat::Pem => pkcs::to_pem("PUBLIC KEY", &pkcs::public_spki_der(&key)?),
        KeyFormat::Jwk => {
            if key.kid.is_none() {
                key.kid = Some(jwk::thumbprint(&key, ThumbprintHash::Sha256));
            }
            let map = jwk::to_jwk(&key, key.is_private())?;
            output::json_pretty(&Value::Object(map), ctx.term.color_stdout) + "\n"
        }
    };
    ctx.term.print(&text).map(|()| Outcome::Success)
}
