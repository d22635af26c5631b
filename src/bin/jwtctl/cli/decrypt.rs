//! The flags of `jwtctl decrypt` (commands/decrypt.rs).

use clap::Args;

use super::RecipientArgs;
use super::values::{parse_enc, parse_key_alg};

/// Decrypt a JWE and print its plaintext.
///
/// The JWE may be compact or in the JSON serialization (RFC 7516 §7.2), flattened or general:
/// of several recipients, those whose kid names another key are skipped and the others tried in
/// order, each held to the rules below; which recipient the key opened is said on standard
/// error (and in --json output, with the aad). Header members in two headers, and zip or crit
/// outside the protected header, are malformed.
///
/// As strict as verify: the key management algorithms are --alg or the key's own (RSA-OAEP,
/// RSA-OAEP-256 for RSA; ECDH-ES variants for EC and X25519; AxxxKW, AxxxGCMKW and dir for
/// secrets, by their length; PBES2 for --password), the content encryption --enc or all six
/// (A128GCM, A192GCM, A256GCM, A128CBC-HS256, A192CBC-HS384, A256CBC-HS512); RSA1_5 only with --allow-rsa1-5;
/// compressed payloads only with --allow-zip (at most 1 MiB inflated); any crit is rejected;
/// PBES2 p2c is at most 1000000. A wrong key and an altered token give the same error.
#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("recipient").required(true).args(["key", "secret", "password"])))]
#[command(after_help = "Error codes:
  Reported as error.code by --json and at the start of the error line:
  malformed, alg_not_allowed, crit_unsupported, zip_not_allowed, limit_exceeded,
  decryption_failed, and for --verify-key the verify codes

Examples:
  jwtctl decrypt --key recipient.pem @token.jwe
  jwtctl decrypt --key recipient.pem --verify-key issuer.pub.pem @nested.jwe
  jwtctl decrypt --password prompt --json @token.jwe")]
pub struct DecryptArgs {
    /// The token, @FILE, or - (default) for standard input.
    #[arg(value_name = "TOKEN")]
    pub token: Option<String>,

    #[command(flatten)]
    pub recipient: RecipientArgs,

    /// Allowed key management algorithms (repeatable or comma-separated): RSA-OAEP,
    /// RSA-OAEP-256, RSA1_5, ECDH-ES, ECDH-ES+A128KW, ECDH-ES+A192KW, ECDH-ES+A256KW, A128KW,
    /// A192KW, A256KW, A128GCMKW, A192GCMKW, A256GCMKW, dir, PBES2-HS256+A128KW,
    /// PBES2-HS384+A192KW, PBES2-HS512+A256KW.
    #[arg(long, value_name = "ALG", value_delimiter = ',', value_parser = parse_key_alg)]
    pub alg: Vec<jwtctl::jose::jwe::KeyAlg>,

    /// Allowed content encryption algorithms (repeatable or comma-separated): A128GCM, A192GCM,
    /// A256GCM, A128CBC-HS256, A192CBC-HS384, A256CBC-HS512.
    #[arg(long, value_name = "ENC", value_delimiter = ',', value_parser = parse_enc)]
    pub enc: Vec<jwtctl::jose::jwe::Enc>,

    /// Accept RSA1_5 (PKCS#1 v1.5) key transport, for old senders only.
    #[arg(long = "allow-rsa1-5")]
    pub allow_rsa1_5: bool,

    /// Accept compressed payloads (zip DEF), inflated to at most 1 MiB.
    #[arg(long)]
    pub allow_zip: bool,

    /// The plaintext is a signed JWT: verify it with this key (exp required unless
    /// --allow-no-exp, algorithms from the key) and print its claims.
    #[arg(long, value_name = "KEY")]
    pub verify_key: Option<String>,

    /// With --verify-key: accept a nested JWT that has no exp (it never expires).
    #[arg(long, requires = "verify_key")]
    pub allow_no_exp: bool,

    /// Print {"header":...,"plaintext":...} (the plaintext as JSON when it is JSON) or
    /// {"valid":false,"error":{...}}.
    #[arg(long)]
    pub json: bool,
}
