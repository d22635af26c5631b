//! verify's policy: the flags that say what a valid token is (claims, times, revocation, the
//! token profiles), read into the core's [`Policy`].

use std::collections::HashSet;

use jwtctl::input::{Input, Problem};
use jwtctl::input::{claims, time};
use jwtctl::verify::Names;
use jwtctl::{Error, Policy, Result};

use super::super::{Context, read_input, read_token};
use crate::cli::VerifyArgs;

/// What verify's messages call the policy's settings: the flags that set them.
pub const POLICY_FLAGS: Names = Names {
    algs: "--alg",
    allow_no_exp: "--allow-no-exp",
    max_age: "--max-age",
    iss: "--iss",
    aud: "--aud",
    sub: "--sub",
    claims: "--claim",
    deny: "--deny",
    typ: "--typ",
    profile: "--profile",
    nonce: "--nonce",
    access_token: "--access-token",
    code: "--code",
};

/// [`POLICY_FLAGS`] when the issuer comes from `--issuer`.
const ISSUER_FLAGS: Names = Names {
    iss: "--issuer",
    ..POLICY_FLAGS
};

pub(super) fn policy(args: &VerifyArgs, ctx: &mut Context) -> Result<Policy> {
    // Both are range-checked by the flag parser (cli.rs), so they fit.
    let seconds = |v: u64| i64::try_from(v).unwrap_or(i64::MAX);
    let leeway = args.leeway.unwrap_or(0);
    if leeway > crate::cli::LEEWAY_WARNING {
        let span = time::format_duration(leeway);
        ctx.term.warn(&format!(
            "--leeway {span}: tokens are accepted up to {span} after they expire (and as long \
             before nbf); clock skew is normally a few seconds"
        ));
    }
    let claims = args
        .claim
        .iter()
        .map(|c| claims::parse_assignment(c, "--claim"))
        .collect::<Result<Vec<_>>>()?;
    let deny = match &args.deny {
        Some(path) => deny_list(ctx, path)?,
        None => HashSet::new(),
    };
    let (iss, names) = match &args.issuer {
        Some(issuer) => {
            if let Some(other) = args.iss.iter().find(|i| *i != issuer) {
                return Err(Error::usage(format!(
                    "--iss {} contradicts --issuer {}, which requires the token's iss to be its URL",
                    jwtctl::keys::trust::quoted(other),
                    jwtctl::keys::trust::quoted(issuer)
                ))
                .with_hint("leave --iss out: --issuer implies it"));
            }
            (vec![issuer.clone()], ISSUER_FLAGS)
        }
        None => (args.iss.clone(), POLICY_FLAGS),
    };
    Ok(Policy {
        algs: args.alg.clone(),
        allow_no_exp: args.allow_no_exp,
        signature_only: args.signature_only,
        leeway: seconds(leeway),
        iss,
        aud: args.aud.clone(),
        sub: args.sub.clone(),
        require: args.require.clone(),
        claims,
        max_age: args.max_age.map(seconds),
        deny,
        now: ctx.now,
        typ: args.typ.clone(),
        profile: profile(args, ctx)?,
        names,
    })
}

/// The revoked token ids of `--deny FILE`: one per line, `#` starting a comment.
pub fn deny_list(ctx: &mut Context, path: &str) -> Result<HashSet<String>> {
    let bytes = read_input(ctx, Input::DenyList, path, &format!("--deny {path}"))?;
    let text = String::from_utf8(bytes).map_err(|_| {
        Input::DenyList.error(Problem::NotText, format!("--deny {path}: not UTF-8 text"))
    })?;
    Ok(text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect())
}

/// `--profile`, with the ID token's settings, which only it takes.
fn profile(args: &VerifyArgs, ctx: &mut Context) -> Result<Option<jwtctl::verify::Profile>> {
    use jwtctl::verify::{IdToken, Profile};
    if args.profile != Some(crate::cli::Profile::IdToken) {
        let given = [
            ("--nonce", args.nonce.is_some()),
            ("--access-token", args.access_token.is_some()),
            ("--code", args.code.is_some()),
        ];
        if let Some((flag, _)) = given.iter().find(|(_, set)| *set) {
            return Err(Error::usage(format!(
                "{flag} is checked in ID tokens only; add --profile id-token"
            )));
        }
    }
    Ok(match args.profile {
        None => None,
        Some(crate::cli::Profile::AccessToken) => Some(Profile::AccessToken),
        Some(crate::cli::Profile::IdToken) => {
            // The access token comes as the token does (TOKEN, @FILE or -), so that a bearer
            // token need not be written in the command line, where other users see it.
            let access_token = match &args.access_token {
                Some(spec) => {
                    let token =
                        read_token(ctx, Some(spec)).map_err(|e| e.context("--access-token"))?;
                    if token.is_empty() {
                        return Err(Error::usage("--access-token: the access token is empty"));
                    }
                    Some(token)
                }
                None => None,
            };
            if args.code.as_deref() == Some("") {
                return Err(Error::usage("--code: the authorization code is empty"));
            }
            Some(Profile::IdToken(IdToken {
                nonce: args.nonce.clone(),
                access_token,
                code: args.code.clone(),
            }))
        }
    })
}
