//! The flags of `jwtctl jwks` and its commands (commands/jwks/).

use clap::builder::{EnumValueParser, TypedValueParser};
use clap::{Args, Subcommand, ValueEnum};
use jwtctl::keys::jwk::ThumbprintHash;

use super::values::{parse_alg, parse_port, parse_timeout};
use super::{KeyFormat, KeyInput};

/// Work with JSON Web Keys and key sets: create, show, convert, thumbprint, serve.
#[derive(Debug, Args)]
pub struct JwksArgs {
    #[command(subcommand)]
    pub command: JwksCommand,
}

#[derive(Debug, Subcommand)]
pub enum JwksCommand {
    Create(CreateArgs),
    Show(ShowArgs),
    Convert(ConvertArgs),
    Thumbprint(ThumbprintArgs),
    Serve(ServeArgs),
}

/// Build a public JWKS from keys, for a service to publish.
///
/// Each KEY (PEM, DER, JWK, JWKS or certificate; private keys are fine) becomes a public JWK
/// with kid (its own, or its RFC 7638 thumbprint), alg and use "sig", in the order given; a key
/// given twice appears once. Private material never appears in the output.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  jwtctl jwks create signing.pem > jwks.json
  jwtctl jwks create new.pem --merge jwks.json > rotated.json      # new key first, old kept
  jwtctl jwks create --merge jwks.json --remove OLD_KID > trimmed.json
  jwtctl jwks create rsa.pem --alg PS256 ec.pem                     # RSA keys as PS256")]
pub struct CreateArgs {
    /// Key files (or - for standard input, once).
    #[arg(value_name = "KEY")]
    pub keys: Vec<String>,

    /// The alg for keys of that algorithm's family (e.g. PS256 for RSA keys); repeatable.
    /// Default: the key's own alg, else RS256 / ES256 / ES384 / ES512 / ES256K / EdDSA.
    #[arg(long, value_name = "ALG", value_delimiter = ',', value_parser = parse_alg)]
    pub alg: Vec<jwtctl::jose::alg::Alg>,

    /// An existing JWKS to add to: its keys follow the new ones (key rotation).
    #[arg(long, value_name = "JWKS")]
    pub merge: Option<String>,

    /// Leave out the key with this kid (repeatable).
    #[arg(long, value_name = "KID", allow_hyphen_values = true)]
    pub remove: Vec<String>,

    #[command(flatten)]
    pub input: KeyInput,
}

/// Show the keys of a JWKS (file or URL) as a table, and what is wrong with them.
///
/// Flags weak keys (RSA under 2048 bits), private material in a published set, keys without
/// kid, duplicate kids and keys jwtctl cannot use. Exits 0 even when it finds problems.
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The JWKS: a file, an http(s) URL (an OpenID configuration URL works too), or -.
    #[arg(value_name = "FILE|URL")]
    pub source: String,

    /// Print a JSON array of the rows (kid, kty, size, alg, use, thumbprint, private, problems).
    #[arg(long)]
    pub json: bool,

    /// Network timeout for a URL (connect and read together), 1s to 1h.
    #[arg(long, value_name = "DURATION", default_value = "10s", value_parser = parse_timeout)]
    pub timeout: u64,
}

/// Serve the public JWKS of keys over HTTP, for local development.
///
/// Serves /jwks.json and /.well-known/jwks.json (application/json), and
/// /.well-known/openid-configuration (issuer and jwks_uri), answers 404 for anything else and
/// 405 for methods other than GET and HEAD. Prints the JWKS URL on standard output, logs one
/// line per request on standard error, and stops cleanly on Ctrl-C or SIGTERM. Binds to
/// 127.0.0.1 unless --bind says otherwise. Private material is never served.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  jwtctl jwks serve signing.pem                     # http://127.0.0.1:4000/jwks.json
  jwtctl jwks serve jwks.json --port 0              # any free port; the URL says which")]
pub struct ServeArgs {
    /// Key files or JWKS documents.
    #[arg(value_name = "KEY", required = true)]
    pub keys: Vec<String>,

    /// The address to listen on.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1")]
    pub bind: String,

    /// The port (0 picks a free one).
    #[arg(long, value_name = "PORT", default_value_t = 4000, value_parser = parse_port)]
    pub port: u16,

    /// The issuer in /.well-known/openid-configuration (default: the server's URL).
    #[arg(long, value_name = "URL")]
    pub issuer: Option<String>,

    /// The alg for keys of that algorithm's family, as in `jwks create`.
    #[arg(long, value_name = "ALG", value_delimiter = ',', value_parser = parse_alg)]
    pub alg: Vec<jwtctl::jose::alg::Alg>,

    #[command(flatten)]
    pub input: KeyInput,
}

/// Convert a key between PEM and JWK.
///
/// KEY is read in any format jwtctl knows (PEM PKCS#8/PKCS#1/SEC1/SPKI/certificate, encrypted
/// PKCS#8, DER, JWK, JWKS). PEM output is PKCS#8 for private keys and SPKI for public keys.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  jwtctl jwks convert key.pem --to jwk              # private JWK
  jwtctl jwks convert key.pem --to jwk --public     # public JWK, kid = thumbprint
  jwtctl jwks convert key.jwk --to pem --public     # SPKI PEM for OpenSSL")]
pub struct ConvertArgs {
    /// The key file, or - for standard input.
    #[arg(value_name = "KEY")]
    pub key: String,

    /// The output format.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub to: KeyFormat,

    /// Write only the public key.
    #[arg(long)]
    pub public: bool,

    /// With a JWKS, the kid of the key to convert.
    #[arg(long, value_name = "KID", allow_hyphen_values = true)]
    pub kid: Option<String>,

    #[command(flatten)]
    pub input: KeyInput,
}

/// Print the RFC 7638 thumbprint of a key (base64url of the hash of its canonical JWK).
///
/// For a JWKS, one line per key: the thumbprint, a space and the kid.
#[derive(Debug, Args)]
pub struct ThumbprintArgs {
    /// The key file, or - for standard input.
    #[arg(value_name = "KEY")]
    pub key: String,

    /// The hash function.
    #[arg(long, default_value = "sha256", value_parser = hash_parser(), value_name = "HASH")]
    pub hash: ThumbprintHash,

    #[command(flatten)]
    pub input: KeyInput,
}

/// The hash functions --hash names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum HashArg {
    Sha256,
    Sha384,
    Sha512,
}

fn hash_parser() -> impl TypedValueParser<Value = ThumbprintHash> {
    EnumValueParser::<HashArg>::new().map(|h| match h {
        HashArg::Sha256 => ThumbprintHash::Sha256,
        HashArg::Sha384 => ThumbprintHash::Sha384,
        HashArg::Sha512 => ThumbprintHash::Sha512,
    })
}
