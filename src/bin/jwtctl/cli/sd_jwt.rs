//! The flags of `jwtctl sd-jwt` and its commands (commands/sd_jwt.rs).

use clap::{Args, Subcommand};

use super::values::{parse_alg, parse_leeway, parse_max_age, parse_timeout};
use super::{ClaimArgs, KeyInput};

/// Issue, present and verify selective-disclosure JWTs (SD-JWT, RFC 9901).
///
/// An SD-JWT is a JWT signed by its issuer in which some claims are only digests; each hidden
/// claim travels beside it as a disclosure (base64url JSON: salt, name, value), and the holder
/// chooses which disclosures to show a verifier. It is written
/// <issuer-jwt>~<disclosure>~...~ and, when the holder proves it holds the key named in the
/// SD-JWT's cnf claim, ends in a Key Binding JWT (typ kb+jwt) instead of the last '~'.
#[derive(Debug, Args)]
pub struct SdJwtArgs {
    #[command(subcommand)]
    pub command: SdJwtCommand,
}

#[derive(Debug, Subcommand)]
pub enum SdJwtCommand {
    Issue(Box<SdIssueArgs>),
    Present(Box<SdPresentArgs>),
    Verify(Box<SdVerifyArgs>),
}

/// Issue an SD-JWT: sign claims with some of them selectively disclosable.
///
/// The claims are built as sign builds them (--claims, the registered-claim flags, -c). Each
/// --sd JSON pointer (RFC 6901) names a claim to hide: an object member (/email,
/// /address/street_address) becomes a disclosure [salt, name, value] whose digest goes in the
/// _sd array of the object that held it; an array element (/nationalities/1) becomes
/// [salt, value] and is replaced by {"...": digest}. A pointer below another one
/// (/address/street_address with /address) makes a recursive disclosure. Salts are 128 random
/// bits; digests are SHA-256 (_sd_alg sha-256), each _sd array in digest order, which hides the
/// order of the claims; --decoys adds that many random digests to the top-level _sd. With
/// --holder-key the payload gets cnf.jwk, the holder's public key, which key binding needs.
/// What a verifier needs to judge validity is never hidden (RFC 9901 §9.7): --sd on iss, aud,
/// exp, nbf, iat, jti or cnf, or inside them, is refused (exit 2); an element of an aud array
/// may be hidden, and sub may.
/// The header has the alg (from the key, or --alg), the kid of a JWK that has one, and --typ
/// when given (dc+sd-jwt for SD-JWT VC; none by default).
///
/// Prints <issuer-jwt>~<disclosure>~...~ and a newline, the disclosures in --sd order.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  jwtctl sd-jwt issue --key issuer.pem --iss https://issuer.example --exp 1y \\
      --claims person.json --sd /email --sd /address --sd /nationalities/1 --decoys 2
  jwtctl sd-jwt issue --key issuer.pem --claims c.json --sd /address/street_address --sd /address \\
      --holder-key wallet.pub.pem --typ dc+sd-jwt --exp 30d")]
pub struct SdIssueArgs {
    /// The issuer's private key: PEM, DER, JWK or JWKS (pick with --kid), or - for standard
    /// input.
    #[arg(short, long, value_name = "KEY")]
    pub key: String,

    #[command(flatten)]
    pub input: KeyInput,

    /// With a JWKS, the kid of the key to use (and the header's kid).
    #[arg(long, value_name = "KID", allow_hyphen_values = true)]
    pub kid: Option<String>,

    /// The algorithm (default: from the key; a JWK's own alg when it has one).
    #[arg(long, value_name = "ALG", value_parser = parse_alg)]
    pub alg: Option<jwtctl::jose::alg::Alg>,

    #[command(flatten)]
    pub body: ClaimArgs,

    /// A JSON pointer to a claim to make selectively disclosable. Repeatable.
    #[arg(long = "sd", value_name = "POINTER")]
    pub sd: Vec<String>,

    /// Random decoy digests to add to the top-level _sd (at most 1000).
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub decoys: usize,

    /// The holder's public key (PEM, DER or JWK): the SD-JWT is bound to it with cnf.jwk. It
    /// must be able to sign Key Binding JWTs: RSA, EC or Ed25519 (an X25519 key or an HMAC
    /// secret is refused, exit 4).
    #[arg(long, value_name = "KEY")]
    pub holder_key: Option<String>,

    /// The typ header (dc+sd-jwt for SD-JWT VC, example+sd-jwt, ...). Default: none.
    #[arg(long, value_name = "TYP", allow_hyphen_values = true)]
    pub typ: Option<String>,
}

/// Make a presentation: keep the disclosures of the claims to show, drop the others.
///
/// Each --disclose POINTER names a claim as it sits in the fully disclosed claims (as
/// sd-jwt verify or decode shows them; array indexes count every element): the presentation
/// keeps the disclosure of that claim, of every disclosed claim above it (so it can be placed)
/// and below it (so it is shown whole). A pointer that names no claim, or a claim with no
/// disclosure at, above or below it, is an error. Without --disclose nothing is disclosed.
/// The issuer's signature is not checked (the holder may not have its key).
///
/// With --holder-key (the private half of the SD-JWT's cnf.jwk), --aud and --nonce, a Key
/// Binding JWT is appended: header typ kb+jwt and alg; claims iat (now, or --now), aud, nonce
/// and sd_hash, the SHA-256 of the presentation up to its last '~'. An SD-JWT that already
/// ends in a Key Binding JWT is refused: present the SD-JWT as issued.
///
/// Prints the presentation and a newline.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  jwtctl sd-jwt present @credential.txt --disclose /email --disclose /address/locality
  jwtctl sd-jwt present @credential.txt --disclose /nationalities/1 \\
      --holder-key wallet.pem --aud https://verifier.example --nonce \"$NONCE\"")]
pub struct SdPresentArgs {
    /// The SD-JWT as issued, @FILE, or - (default) for standard input.
    #[arg(value_name = "SDJWT")]
    pub sd_jwt: Option<String>,

    /// A JSON pointer to a claim to disclose. Repeatable.
    #[arg(long, value_name = "POINTER")]
    pub disclose: Vec<String>,

    /// The holder's private key (PEM, DER, JWK or JWKS with --kid): appends a Key Binding JWT.
    #[arg(long, value_name = "KEY", requires_all = ["aud", "nonce"])]
    pub holder_key: Option<String>,

    #[command(flatten)]
    pub input: KeyInput,

    /// With a JWKS, the kid of the holder key.
    #[arg(
        long,
        value_name = "KID",
        allow_hyphen_values = true,
        requires = "holder_key"
    )]
    pub kid: Option<String>,

    /// The algorithm of the Key Binding JWT (default: from the key). Asymmetric only.
    #[arg(long, value_name = "ALG", value_parser = parse_alg, requires = "holder_key")]
    pub alg: Option<jwtctl::jose::alg::Alg>,

    /// The verifier the presentation is for: the Key Binding JWT's aud.
    #[arg(
        long,
        value_name = "AUDIENCE",
        allow_hyphen_values = true,
        requires = "holder_key"
    )]
    pub aud: Option<String>,

    /// The verifier's nonce: the Key Binding JWT's nonce.
    #[arg(
        long,
        value_name = "NONCE",
        allow_hyphen_values = true,
        requires = "holder_key"
    )]
    pub nonce: Option<String>,
}

/// Verify an SD-JWT or a presentation; print the disclosed claims.
///
/// The issuer JWT is checked as verify checks a token, under the same key-trust rules: the
/// allowed algorithms are --alg or the key's family (never none), exp is required unless
/// --allow-no-exp, and --iss, --sub, --require, --claim and --max-age apply to the claims once
/// disclosed, --typ to its header, --deny to its jti (a presentation with no jti, plain or disclosed, is refused as
/// missing_claim when the deny list is not empty: a revocation check that cannot run fails
/// closed). Then every disclosure: its digest must occur exactly once in
/// the payload or in another disclosure (a disclosure no digest reaches, as a tampered one is,
/// is an error, not dropped), no disclosure twice, no claim named _sd, ... or _sd_alg, none overwriting a claim already
/// there, an object member's disclosure only in an _sd and an array element's only in {"...":
/// digest}, and _sd_alg sha-256, sha-384 or sha-512. The last component is empty or a Key
/// Binding JWT; a KB-JWT, when present, must have typ kb+jwt (application/kb+jwt, any case), be signed with an asymmetric
/// algorithm by the key of cnf.jwk, carry sd_hash, the hash of the presentation before it, an
/// iat within --kb-max-age (and not in the future; --leeway either way), and aud and nonce
/// (RFC 9901 §4.3 requires both: a KB-JWT without either is missing_claim), equal to --aud
/// and --nonce when given. --require-key-binding refuses a presentation
/// without one, and needs --aud and --nonce; --aud or --nonce alone require one too (they are
/// the KB-JWT's: a presentation stripped of its KB-JWT must not pass with them unchecked).
///
/// Prints the processed claims: disclosed claims in place; _sd, _sd_alg and undisclosed
/// digests gone. A rejected presentation exits 1 with one `error:` line naming the reason code.
#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("keysource").required(true).args(["key", "jwks"])))]
#[command(after_help = "Error codes:
  Reported as error.code by --json and at the start of the error line:
  malformed, bad_signature, alg_not_allowed, unknown_kid, crit_unsupported, expired,
  not_yet_valid, issued_in_future, too_old, missing_claim, issuer_mismatch, subject_mismatch,
  claim_mismatch, revoked, sd_alg_unsupported, disclosure_unreferenced, disclosure_repeated,
  digest_repeated, bad_disclosure, key_binding_missing, bad_holder_key, typ_mismatch,
  sd_hash_mismatch, audience_mismatch, nonce_mismatch

Limits:
  An SD-JWT is at most 1 MiB (as a token), with at most 1024 disclosures of at most 64 KiB
  each, and claims nested at most 127 levels deep once disclosed (exit 3, malformed).

Examples:
  jwtctl sd-jwt verify --key issuer.pub.pem --iss https://issuer.example --typ dc+sd-jwt \\
      @credential.txt
  jwtctl sd-jwt verify --key issuer.pub.pem --require-key-binding \\
      --aud https://verifier.example --nonce \"$NONCE\" --json @presentation.txt")]
pub struct SdVerifyArgs {
    /// The SD-JWT or presentation, @FILE, or - (default) for standard input.
    #[arg(value_name = "PRESENTATION")]
    pub presentation: Option<String>,

    /// The issuer's key: PEM, DER, JWK or JWKS (the issuer JWT's kid picks the key), or - for
    /// standard input.
    #[arg(short, long, value_name = "KEY")]
    pub key: Option<String>,

    /// The issuer's JWKS, a file or http(s) URL (an OpenID configuration URL works too).
    #[arg(long, value_name = "FILE|URL")]
    pub jwks: Option<String>,

    /// Network timeout for a --jwks URL, 1s to 1h.
    #[arg(long, value_name = "DURATION", default_value = "10s", value_parser = parse_timeout)]
    pub timeout: u64,

    #[command(flatten)]
    pub input: KeyInput,

    /// Allowed algorithms of the issuer JWT (repeatable or comma-separated). Default: the key
    /// family's algorithms.
    #[arg(long, value_name = "ALG", value_delimiter = ',', value_parser = parse_alg)]
    pub alg: Vec<jwtctl::jose::alg::Alg>,

    /// Accept an issuer JWT that has no exp claim.
    #[arg(long)]
    pub allow_no_exp: bool,

    /// Clock skew tolerated on exp, nbf, iat, --max-age and the KB-JWT's iat (default 0, at
    /// most 1h).
    #[arg(long, value_name = "DURATION", value_parser = parse_leeway)]
    pub leeway: Option<u64>,

    /// Required issuer (repeat to accept any of several).
    #[arg(long, value_name = "ISSUER", allow_hyphen_values = true)]
    pub iss: Vec<String>,

    /// Required subject.
    #[arg(long, value_name = "SUBJECT", allow_hyphen_values = true)]
    pub sub: Option<String>,

    /// Claims that must be present once disclosed (repeatable or comma-separated).
    #[arg(
        long,
        value_name = "CLAIM",
        value_delimiter = ',',
        allow_hyphen_values = true
    )]
    pub require: Vec<String>,

    /// A claim that must have this value once disclosed: KEY=VALUE or KEY:=JSON. Repeatable.
    #[arg(long, value_name = "KEY=VALUE", allow_hyphen_values = true)]
    pub claim: Vec<String>,

    /// Largest accepted age of the issuer JWT, from its iat.
    #[arg(long, value_name = "DURATION", value_parser = parse_max_age)]
    pub max_age: Option<u64>,

    /// A file of revoked token ids (the issuer JWT's jti), one per line; # starts a comment.
    #[arg(long, value_name = "FILE")]
    pub deny: Option<String>,

    /// The issuer JWT's typ must name this media type (RFC 7515 §4.1.9: compared without
    /// regard to case, the application/ prefix optional), e.g. dc+sd-jwt. RFC 9901 §9.11
    /// recommends that verifiers check it, so that another kind of JWT cannot pass as this one.
    #[arg(long, value_name = "TYPE")]
    pub typ: Option<String>,

    /// Refuse a presentation without a Key Binding JWT.
    #[arg(long, requires_all = ["aud", "nonce"])]
    pub require_key_binding: bool,

    /// This verifier's identifier: the Key Binding JWT's aud must be it (and there must be one),
    /// and an issuer JWT that names audiences must include it.
    #[arg(long, value_name = "AUDIENCE", allow_hyphen_values = true)]
    pub aud: Option<String>,

    /// The nonce this verifier gave: the Key Binding JWT's nonce must be it (and there must be
    /// one).
    #[arg(long, value_name = "NONCE", allow_hyphen_values = true)]
    pub nonce: Option<String>,

    /// Largest accepted age of the Key Binding JWT, from its iat (default 5m).
    #[arg(long, value_name = "DURATION", default_value = "5m", value_parser = parse_max_age)]
    pub kb_max_age: u64,

    /// Print nothing; the exit status says it all.
    #[arg(short, long, conflicts_with = "json")]
    pub quiet: bool,

    /// Print {"valid":true,"header":...,"claims":...,"key_binding":...} or {"valid":false,
    /// "error":{"code":...,"message":...}} on standard output, for valid and invalid
    /// presentations alike.
    #[arg(long)]
    pub json: bool,
}
