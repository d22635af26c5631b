//! The flags of `jwtctl encrypt` (commands/encrypt.rs).

use std::path::PathBuf;

use clap::Args;

use super::values::{KidArg, parse_enc, parse_key_alg, parse_kid, parse_p2c};
use super::{ClaimArgs, RecipientArgs, Serialization};

/// Encrypt claims (or any payload) into a JWE (RFC 7516), compact by default.
///
/// The claims come from the same flags as `sign`; --payload encrypts a file instead, and a
/// signed JWT given there is nested with cty "JWT". The key management algorithm comes from the
/// recipient: RSA-OAEP-256 for an RSA key, ECDH-ES for an EC P-256/P-384/P-521 or X25519 key
/// (secp256k1 signs only), A128KW/A192KW/A256KW for a 16/24/32-byte secret, dir for a 48/64-byte
/// one (A192CBC-HS384/A256CBC-HS512), PBES2-HS256+A128KW for --password. RSA1_5 is never used
/// to encrypt.
///
/// --serialization flattened or general writes the JSON serialization (RFC 7516 §7.2). General
/// takes one --key per recipient: the content key is shared, each recipient has its own header
/// (its alg, kid, and epk or p2s/p2c) and the protected header holds enc (and cty); with
/// several keys an EC key defaults to ECDH-ES+A256KW, since a derived key cannot be shared. -U members go to the
/// shared unprotected header, and --aad authenticates more data without encrypting it.
#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("recipient").required(true).args(["key", "secret", "password"])))]
#[command(after_help = "Examples:
  jwtctl encrypt --key recipient.pub.pem --sub alice -c ssn=123-45-6789 --exp 1h
  jwtctl encrypt --key recipient.pub.pem --payload signed.jwt        # nested JWT, cty JWT
  jwtctl encrypt --password prompt --alg PBES2-HS512+A256KW --payload notes.txt
  jwtctl encrypt --secret b64:... --alg dir --enc A256GCM --sub svc
  jwtctl encrypt --key alice.pub.pem --key bob.jwk --serialization general --payload notes.txt")]
pub struct EncryptArgs {
    #[command(flatten)]
    pub recipient: RecipientArgs,

    /// Key management algorithm: RSA-OAEP, RSA-OAEP-256, ECDH-ES, ECDH-ES+A128KW,
    /// ECDH-ES+A192KW, ECDH-ES+A256KW, A128KW, A192KW, A256KW, A128GCMKW, A192GCMKW, A256GCMKW,
    /// dir, PBES2-HS256+A128KW, PBES2-HS384+A192KW, PBES2-HS512+A256KW.
    #[arg(long, value_name = "ALG", value_parser = parse_key_alg)]
    pub alg: Option<jwtctl::jose::jwe::KeyAlg>,

    /// Content encryption: A128GCM, A192GCM, A256GCM (default), A128CBC-HS256, A192CBC-HS384,
    /// A256CBC-HS512.
    #[arg(long, value_name = "ENC", value_parser = parse_enc)]
    pub enc: Option<jwtctl::jose::jwe::Enc>,

    /// PBES2 iteration count for --password (1000 to 1000000). The default, 10000, is the
    /// most node jose and jwcrypto read without raising their limits; more resists password
    /// guessing better.
    #[arg(long, value_name = "N", default_value_t = jwtctl::jose::jwe::DEFAULT_P2C, value_parser = parse_p2c, requires = "password", conflicts_with_all = ["key", "secret"])]
    pub p2c: u32,

    /// The cty header (default: JWT when --payload is a signed JWT).
    #[arg(long, value_name = "CTY", allow_hyphen_values = true)]
    pub cty: Option<String>,

    /// The kid header: a value, or "thumbprint". Default: the JWK's own kid.
    #[arg(long, value_name = "KID", value_parser = parse_kid, allow_hyphen_values = true)]
    pub kid: Option<KidArg>,

    /// Encrypt this file (or - for standard input) as it is, instead of claims.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["claims", "iss", "sub", "aud", "exp", "nbf", "iat", "jti", "claim"])]
    pub payload: Option<String>,

    #[command(flatten)]
    pub body: ClaimArgs,

    /// compact (five segments, the default), or the JSON serialization: flattened (one
    /// recipient) or general (a recipients array, one per --key).
    #[arg(long, value_enum, value_name = "FORM", default_value_t = Serialization::Compact)]
    pub serialization: Serialization,

    /// A member of the shared unprotected header (JSON serializations): KEY=VALUE or KEY:=JSON.
    /// Repeatable.
    #[arg(
        short = 'U',
        long = "unprotected",
        value_name = "KEY=VALUE",
        allow_hyphen_values = true
    )]
    pub unprotected: Vec<String>,

    /// Additional authenticated data (JSON serializations): this file's bytes (or - for
    /// standard input) are authenticated with the ciphertext, and carried unencrypted as aad.
    #[arg(long, value_name = "FILE")]
    pub aad: Option<String>,

    /// Write the token to FILE (mode 0600) instead of standard output.
    #[arg(short, long = "out", value_name = "FILE")]
    pub out: Option<PathBuf>,

    /// Replace an existing --out file.
    #[arg(long, requires = "out")]
    pub force: bool,
}
