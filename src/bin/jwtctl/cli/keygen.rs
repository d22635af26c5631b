//! The flags of `jwtctl keygen` (commands/keygen.rs).

use std::path::PathBuf;

use clap::builder::{EnumValueParser, TypedValueParser};
use clap::{Args, ValueEnum};

use jwtctl::input::secret::SecretSpec;
use jwtctl::keys::Curve;
use jwtctl::keys::pkcs::Kdf;

use super::KeyFormat;
use super::values::{parse_alg, parse_bits, parse_secret};

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
  jwtctl keygen --type x25519 --format jwk         # an ECDH-ES recipient key
  jwtctl keygen --alg HS256                        # a 256-bit secret as an oct JWK")]
pub struct KeygenArgs {
    /// The algorithm the key is for: RS256/384/512 and PS256/384/512 (RSA 2048), ES256 (P-256),
    /// ES384 (P-384), ES512 (P-521), ES256K (secp256k1), EdDSA (Ed25519), HS256/384/512 (secret
    /// of the hash size).
    #[arg(long, value_name = "ALG", value_parser = parse_alg)]
    pub alg: Option<jwtctl::jose::alg::Alg>,

    /// The kind of key, when no algorithm is given.
    #[arg(long = "type", value_enum, value_name = "TYPE")]
    pub key_type: Option<KeyType>,

    /// RSA modulus size (2048, 3072 or 4096; default 2048) or secret size in bits (for HMAC at
    /// least the hash size, with --use enc at least 128; at most 8192; default 256).
    #[arg(long, value_name = "BITS", value_parser = parse_bits)]
    pub bits: Option<usize>,

    /// EC curve for --type ec (default P-256; secp256k1 signs ES256K only).
    #[arg(long, value_name = "CURVE", value_parser = curve_parser())]
    pub curve: Option<Curve>,

    /// Output format: pem (PKCS#8 private, SPKI public) or jwk. HMAC secrets are always JWK.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<KeyFormat>,

    /// The kid of a JWK (default: its RFC 7638 thumbprint).
    #[arg(long, value_name = "KID", allow_hyphen_values = true)]
    pub kid: Option<String>,

    /// What the key is for: sig (signatures, the default) or enc (JWE recipients: an RSA or EC
    /// key pair, an X25519 key, or a secret of 128 bits or more for AxxxKW/AxxxGCMKW/dir; use
    /// --type). The JWK
    /// says it in "use"; an enc JWK carries no JWS alg.
    #[arg(long = "use", value_enum, default_value_t = KeyUseArg::Sig, value_name = "USE")]
    pub key_use: KeyUseArg,

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
    #[arg(long, value_name = "SPEC", requires = "encrypt", value_parser = parse_secret)]
    pub passphrase: Option<SecretSpec>,

    /// Key derivation for --encrypt: scrypt (default) or pbkdf2 (PBKDF2-SHA256, 600000 rounds).
    #[arg(long, default_value = "scrypt", value_parser = kdf_parser(), value_name = "KDF", requires = "encrypt")]
    pub kdf: Kdf,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum KeyUseArg {
    Sig,
    Enc,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum KeyType {
    Rsa,
    Ec,
    Ed25519,
    /// An X25519 key for ECDH-ES (JWE), written with use "enc".
    X25519,
    Oct,
}

/// The curves --curve names, by their JOSE names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum CurveArg {
    #[value(name = "P-256")]
    P256,
    #[value(name = "P-384")]
    P384,
    #[value(name = "P-521")]
    P521,
    #[value(name = "secp256k1")]
    Secp256k1,
}

fn curve_parser() -> impl TypedValueParser<Value = Curve> {
    EnumValueParser::<CurveArg>::new().map(|c| match c {
        CurveArg::P256 => Curve::P256,
        CurveArg::P384 => Curve::P384,
        CurveArg::P521 => Curve::P521,
        CurveArg::Secp256k1 => Curve::Secp256k1,
    })
}

/// The key derivations --kdf names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum KdfArg {
    Scrypt,
    Pbkdf2,
}

fn kdf_parser() -> impl TypedValueParser<Value = Kdf> {
    EnumValueParser::<KdfArg>::new().map(|k| match k {
        KdfArg::Scrypt => Kdf::Scrypt,
        KdfArg::Pbkdf2 => Kdf::Pbkdf2,
    })
}
