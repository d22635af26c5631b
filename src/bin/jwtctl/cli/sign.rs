//! The flags of `jwtctl sign` (commands/sign.rs).

use std::path::PathBuf;

use clap::Args;
use jwtctl::input::secret::SecretSpec;

use super::values::{KidArg, parse_alg, parse_kid, parse_secret};
use super::{ClaimArgs, KeyInput, Serialization};

/// Build claims (or take any payload) and print one JWS, compact by default.
///
/// Claims are assembled in this order, later winning: --claims (a JSON object, or the
/// `decode --json` envelope of a token to re-sign), the registered-claim flags, then each
/// -c/--claim. iat defaults to now. --payload signs a file's bytes instead (a JWS that is not a
/// JWT: a webhook body, a document), with no typ unless --typ. The algorithm comes from the key
/// (RSA→RS256, P-256→ES256, P-384→ES384, P-521→ES512, secp256k1→ES256K, Ed25519→EdDSA,
/// secret→HS256) unless --alg says otherwise; an --alg that does not fit the key is refused.
///
/// --serialization flattened or general writes the JSON serialization (RFC 7515 §7.2); general
/// holds one signature per --key, each with its own protected header (alg, kid) and the
/// unprotected members of -U. --detached leaves the payload out (header..signature, RFC 7515
/// Appendix F); --unencoded signs the payload as it is (b64 false, listed in crit, RFC 7797),
/// which a compact JWS carries only when the payload has no '.'.
///
/// Standard output holds the token and one newline; warnings (no exp, short secret) go to
/// standard error.
#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("keysource").required(true).args(["key", "secret"])))]
#[command(after_help = "Examples:
  jwtctl sign --key signing.pem --sub alice --aud api --exp 15m
  jwtctl sign --secret env:JWT_SECRET -c role=admin -c userId:=123 --exp 1h
  jwtctl sign --key jwks.json --kid 2026-01 --iss https://issuer.example --exp 1d
  jwtctl sign --key as.pem --sub alice --exp 5m --cnf-key client.pub.pem   # a DPoP-bound token
  jwtctl decode --json \"$T\" | jq '.payload.role=\"x\"' | jwtctl sign --key k.pem --claims -
  jwtctl sign --secret @hook.key --payload body.json --detached --unencoded
  jwtctl sign --key a.pem --key b.jwk --serialization general --payload doc.txt")]
pub struct SignArgs {
    /// The private key: PEM, DER, JWK or JWKS (pick with --kid), or - for standard input.
    /// Repeat for one signature per key (--serialization general).
    #[arg(short, long, value_name = "KEY")]
    pub key: Vec<String>,

    /// The HMAC secret: @FILE, env:NAME, b64:DATA, - (stdin), prompt, or a literal.
    #[arg(short, long, value_name = "SPEC", value_parser = parse_secret)]
    pub secret: Option<SecretSpec>,

    #[command(flatten)]
    pub input: KeyInput,

    /// The algorithm (default: from the key; a JWK's own alg when it has one).
    #[arg(long, value_name = "ALG", value_parser = parse_alg)]
    pub alg: Option<jwtctl::jose::alg::Alg>,

    #[command(flatten)]
    pub body: ClaimArgs,

    /// The typ header (default JWT).
    #[arg(
        long,
        value_name = "TYP",
        conflicts_with = "no_typ",
        allow_hyphen_values = true
    )]
    pub typ: Option<String>,

    /// Leave the typ header out.
    #[arg(long)]
    pub no_typ: bool,

    /// The kid header: a value, or "thumbprint" for the key's RFC 7638 thumbprint. Default: the
    /// JWK's own kid. With a JWKS, also picks the signing key.
    #[arg(long, value_name = "KID", value_parser = parse_kid, allow_hyphen_values = true)]
    pub kid: Option<KidArg>,

    /// An extra header member: KEY=VALUE or KEY:=JSON (x5t, cty, ...). Repeatable.
    #[arg(
        short = 'H',
        long = "header",
        value_name = "KEY=VALUE",
        allow_hyphen_values = true
    )]
    pub header: Vec<String>,

    /// A member of each signature's unprotected header (JSON serializations): KEY=VALUE or
    /// KEY:=JSON. Repeatable. A member set here is left out of the protected header (a kid
    /// from the key too); alg, crit and b64 are always protected.
    #[arg(
        short = 'U',
        long = "unprotected",
        value_name = "KEY=VALUE",
        allow_hyphen_values = true
    )]
    pub unprotected: Vec<String>,

    /// Sign this file's bytes (or - for standard input) as they are, instead of claims.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["claims", "iss", "sub", "aud", "exp", "nbf", "iat", "no_iat", "jti", "claim"])]
    pub payload: Option<String>,

    /// compact (header.payload.signature, the default), or the JSON serialization: flattened
    /// (one signature) or general (a signatures array, one per --key).
    #[arg(long, value_enum, value_name = "FORM", default_value_t = Serialization::Compact)]
    pub serialization: Serialization,

    /// Leave the payload out of the JWS (RFC 7515 Appendix F): header..signature in compact
    /// form; verify gets the payload with --payload.
    #[arg(long)]
    pub detached: bool,

    /// Sign the payload unencoded (RFC 7797: b64 false, listed in crit). In compact form the
    /// payload must be free of '.', or detached.
    #[arg(long)]
    pub unencoded: bool,

    /// Bind the token to a DPoP key (RFC 9449 §6): cnf.jkt is this RFC 7638 SHA-256 thumbprint
    /// (from `jwtctl dpop proof --key KEY --jkt`).
    #[arg(
        long,
        value_name = "THUMBPRINT",
        conflicts_with_all = ["cnf_key", "payload"],
        allow_hyphen_values = true
    )]
    pub cnf_jkt: Option<String>,

    /// Bind the token to a DPoP key: cnf.jkt is this key's thumbprint (public or private key:
    /// PEM, DER, JWK; an HMAC secret is refused).
    #[arg(long, value_name = "KEY", conflicts_with = "payload")]
    pub cnf_key: Option<String>,

    /// Write the token to FILE (mode 0600) instead of standard output.
    #[arg(short, long = "out", value_name = "FILE")]
    pub out: Option<PathBuf>,

    /// Replace an existing --out file.
    #[arg(long, requires = "out")]
    pub force: bool,
}
