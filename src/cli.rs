//! The command line, defined once: `--help`, the man pages and the shell completions are all
//! generated from these definitions and their doc comments.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

const EXIT_STATUS: &str = "\
Exit status:
  0  success (verify: every token valid)
  1  a token was rejected (signature, time, claim, revocation, disallowed algorithm)
  2  usage error (bad flags or arguments)
  3  malformed input (not a JWT, bad base64url, invalid JSON, claims file not an object)
  4  key problem (missing, unreadable, unsupported, wrong type for the algorithm, bad passphrase)
  5  I/O or network failure (cannot read/write a file, JWKS URL unreachable)";

/// A JWT toolkit that is safe by default: generate keys, mint, decode and verify tokens,
/// and manage JWK sets.
#[derive(Debug, Parser)]
#[command(name = "jwtctl", version, about, max_term_width = 100, after_help = EXIT_STATUS)]
pub struct Cli {
    /// When to colour output: auto (only on a terminal, and not when NO_COLOR is set),
    /// always, or never.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,

    /// Pretend the current time is TIME (a duration from now, RFC 3339, YYYY-MM-DD or Unix
    /// seconds). Makes output reproducible and checks tokens "as of" a moment.
    #[arg(long, global = true, env = "JWTCTL_NOW", value_name = "TIME")]
    pub now: Option<String>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    Keygen(KeygenArgs),
    Jwks(JwksArgs),
}

/// Generate a key pair or an HMAC secret.
///
/// The private key goes to standard output, or with --out NAME to NAME.pem (mode 0600,
/// written atomically) and its public key to NAME.pub.pem. JWK output carries kid (the
/// RFC 7638 thumbprint unless --kid is given), alg and use.
#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("what").required(true).args(["alg", "key_type"])))]
#[command(after_help = "Examples:
  jwtctl keygen --alg RS256 --out signing          # signing.pem + signing.pub.pem
  jwtctl keygen --alg ES256 --format jwk           # a private JWK on stdout
  jwtctl keygen --type ed25519 --out k --encrypt   # asks for a passphrase twice
  jwtctl keygen --alg HS256                        # a 256-bit secret as an oct JWK")]
pub struct KeygenArgs {
    /// The algorithm the key is for: RS256/384/512 and PS256/384/512 (RSA 2048), ES256 (P-256),
    /// ES384 (P-384), ES512 (P-521), EdDSA (Ed25519), HS256/384/512 (secret of the hash size).
    #[arg(long, value_name = "ALG", value_parser = parse_alg)]
    pub alg: Option<jwtctl::alg::Alg>,

    /// The kind of key, when no algorithm is given.
    #[arg(long = "type", value_enum, value_name = "TYPE")]
    pub key_type: Option<KeyType>,

    /// RSA modulus size (2048, 3072 or 4096; default 2048) or HMAC secret size in bits
    /// (at least the hash size; default 256).
    #[arg(long, value_name = "BITS")]
    pub bits: Option<usize>,

    /// EC curve for --type ec (default P-256).
    #[arg(long, value_enum, value_name = "CURVE")]
    pub curve: Option<CurveArg>,

    /// Output format: pem (PKCS#8 private, SPKI public) or jwk. HMAC secrets are always JWK.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<KeyFormat>,

    /// The kid of a JWK (default: its RFC 7638 thumbprint).
    #[arg(long, value_name = "KID")]
    pub kid: Option<String>,

    /// Write the private key to NAME.pem (or NAME.jwk) and the public key to NAME.pub.pem
    /// (or NAME.pub.jwk) instead of printing the private key.
    #[arg(short, long = "out", value_name = "NAME")]
    pub out: Option<PathBuf>,

    /// Replace existing output files.
    #[arg(long)]
    pub force: bool,

    /// Encrypt the private key with a passphrase (PKCS#8 PBES2, AES-256-CBC; PEM only).
    #[arg(long)]
    pub encrypt: bool,

    /// Where the passphrase for --encrypt comes from: @FILE, env:NAME, b64:DATA, - (stdin),
    /// prompt, or a literal. Default: asked twice on the terminal.
    #[arg(long, value_name = "SPEC", requires = "encrypt")]
    pub passphrase: Option<String>,

    /// Key derivation for --encrypt: scrypt (default) or pbkdf2 (PBKDF2-SHA256, 600000 rounds).
    #[arg(long, value_enum, default_value_t = KdfArg::Scrypt, value_name = "KDF", requires = "encrypt")]
    pub kdf: KdfArg,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum KeyType {
    Rsa,
    Ec,
    Ed25519,
    Oct,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CurveArg {
    #[value(name = "P-256")]
    P256,
    #[value(name = "P-384")]
    P384,
    #[value(name = "P-521")]
    P521,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum KeyFormat {
    Pem,
    Jwk,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum KdfArg {
    Scrypt,
    Pbkdf2,
}

fn parse_alg(s: &str) -> Result<jwtctl::alg::Alg, String> {
    s.parse().map_err(|e: jwtctl::error::Error| e.message)
}

/// Work with JSON Web Keys and key sets: convert, thumbprint.
#[derive(Debug, Args)]
pub struct JwksArgs {
    #[command(subcommand)]
    pub command: JwksCommand,
}

#[derive(Debug, Subcommand)]
pub enum JwksCommand {
    Convert(ConvertArgs),
    Thumbprint(ThumbprintArgs),
}

/// How a key file is read: shared by every command that takes one.
#[derive(Debug, Args, Clone)]
pub struct KeyInput {
    /// Where the passphrase of an encrypted private key comes from: @FILE, env:NAME, b64:DATA,
    /// - (stdin), prompt, or a literal. Default: prompt on a terminal.
    #[arg(long, value_name = "SPEC")]
    pub passphrase: Option<String>,
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
    #[arg(long, value_name = "KID")]
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
    #[arg(long, value_enum, default_value_t = HashArg::Sha256, value_name = "HASH")]
    pub hash: HashArg,

    #[command(flatten)]
    pub input: KeyInput,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum HashArg {
    Sha256,
    Sha384,
    Sha512,
}
