//! The flags of `jwtctl dpop` and its commands (commands/dpop.rs).

use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::KeyInput;
use super::values::{parse_alg, parse_leeway, parse_max_age};

/// Mint and check DPoP proofs (RFC 9449) for testing sender-constrained APIs.
///
/// A DPoP proof is a JWT, signed by a key the client holds, that goes with one HTTP request in
/// the DPoP header: it names the method (htm), the URL (htu), the moment (iat), a unique id
/// (jti), and the access token it accompanies (ath). A token bound to that key carries its
/// thumbprint as cnf.jkt.
#[derive(Debug, Args)]
pub struct DpopArgs {
    #[command(subcommand)]
    pub command: DpopCommand,
}

#[derive(Debug, Subcommand)]
pub enum DpopCommand {
    Proof(Box<ProofArgs>),
    Verify(Box<DpopVerifyArgs>),
}

/// Print a fresh DPoP proof for one request (or, with --jkt, the key's thumbprint).
///
/// The header holds typ "dpop+jwt", the alg (from the key, or --alg) and the public key as jwk,
/// nothing private. The claims: jti (128 random bits), htm, htu (the URL without its query and
/// fragment), iat (now, or --now), ath (base64url SHA-256 of the access token) with
/// --access-token, nonce with --nonce. The key must be a private RSA, EC or Ed25519 key allowed
/// to sign; an HMAC secret never makes a proof. Each run makes a new proof: one per request.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  jwtctl keygen --alg ES256 -o client
  jwtctl dpop proof --key client.pem --jkt                      # the dpop_jkt of an authorization request
  jwtctl dpop proof --key client.pem --method POST --url https://as.example/token
  curl -H \"DPoP: $(jwtctl dpop proof --key client.pem --method GET --url \"$U\" --access-token @at)\" \\
       -H \"Authorization: DPoP $(cat at)\" \"$U\"")]
pub struct ProofArgs {
    /// The private key: PEM, DER, JWK or JWKS (pick with --kid), or - for standard input.
    #[arg(short, long, value_name = "KEY")]
    pub key: String,

    #[command(flatten)]
    pub input: KeyInput,

    /// With a JWKS, the kid of the key to use.
    #[arg(long, value_name = "KID", allow_hyphen_values = true)]
    pub kid: Option<String>,

    /// The algorithm (default: from the key; a JWK's own alg when it has one). Asymmetric only.
    #[arg(long, value_name = "ALG", value_parser = parse_alg)]
    pub alg: Option<jwtctl::jose::alg::Alg>,

    /// The HTTP method of the request (htm), as sent: GET, POST, ...
    #[arg(long, value_name = "METHOD", required_unless_present = "jkt")]
    pub method: Option<String>,

    /// The URL of the request: htu is this URL without its query and fragment.
    #[arg(long, value_name = "URL", required_unless_present = "jkt")]
    pub url: Option<String>,

    /// The access token the request carries (TOKEN, @FILE or -): the proof gets its ath.
    #[arg(long, value_name = "TOKEN")]
    pub access_token: Option<String>,

    /// The nonce the server asked for (its DPoP-Nonce header).
    #[arg(long, value_name = "NONCE", allow_hyphen_values = true)]
    pub nonce: Option<String>,

    /// Print the key's RFC 7638 SHA-256 thumbprint (dpop_jkt, cnf.jkt) instead of a proof.
    #[arg(long, conflicts_with_all = ["method", "url", "access_token", "nonce", "alg"])]
    pub jkt: bool,
}

/// Check a DPoP proof against a request, as a resource or authorization server would.
///
/// Every check of RFC 9449 §4.3, in this order: one well-formed JWS; typ is dpop+jwt; alg is an
/// asymmetric algorithm in the allow-list (--alg; default every RSA, EC and EdDSA one, never
/// none or HMAC); the jwk header is a public key (a private or secret member is refused) fit
/// for that alg; the signature verifies with it; jti, htm, htu and iat are present; htm is
/// --method (exactly); htu is --url after normalisation (scheme and host in any case, the
/// default port, percent-encoding case, dot segments; query and fragment ignored); nonce is
/// --nonce when given; iat is at most --max-age old and not in the future (--leeway either
/// way); ath is the SHA-256 of --access-token when given; and the proof key's thumbprint is
/// --jkt when given and the access token's cnf.jkt when the token is a JWT (read, not
/// verified: check it with jwtctl verify; an opaque or encrypted token's binding is not read,
/// which a warning says unless --jkt is given). With --seen FILE, a jti accepted before within
/// the window is a replay.
///
/// Prints {"jkt":...,"claims":{...}} on success (exit 0); a rejected proof exits 1 with one
/// `error:` line naming the reason code.
#[derive(Debug, Args)]
#[command(after_help = "Error codes:
  Reported as error.code by --json and at the start of the error line:
  malformed, typ_mismatch, alg_not_allowed, crit_unsupported, bad_proof_key, bad_signature,
  missing_claim, htm_mismatch, htu_mismatch, nonce_mismatch, too_old, issued_in_future,
  ath_mismatch, jkt_mismatch, replayed

Replay store (--seen FILE):
  Holds the iat and the SHA-256 of the jti of each proof accepted within the window (--max-age
  plus twice --leeway, for verifiers whose clocks are that far apart; the widest any run has
  used on the store, so a narrower run never drops what a wider one would still accept, and
  warns), at most 100 000 of them (6 MiB); older entries are dropped as it is read. It is created when missing and rewritten atomically (mode 0600) after each accepted proof. A
  file that is not such a store is refused (exit 3), never read as empty, which would let
  every replay through; remove it to start afresh. A full store refuses new proofs (exit 3).
  Runs on one store take turns: a run whose proof passed every other check holds FILE.lock
  (created beside the store and left there) from reading the store to rewriting it, and waits
  up to 10 s for the others; a store locked longer fails the run (exit 5) rather than let a
  proof through twice.

Examples:
  jwtctl dpop verify --method GET --url https://api.example/r --access-token @at \"$PROOF\"
  jwtctl dpop verify --method POST --url https://as.example/token --nonce \"$N\" --seen seen.db @proof
  jwtctl dpop verify --method GET --url \"$U\" --jkt \"$(jwtctl dpop proof -k client.pem --jkt)\" @proof")]
pub struct DpopVerifyArgs {
    /// The proof (the DPoP header's value), @FILE, or - (default) for standard input.
    #[arg(value_name = "PROOF")]
    pub proof: Option<String>,

    /// The HTTP method of the request.
    #[arg(long, value_name = "METHOD")]
    pub method: String,

    /// The URL of the request.
    #[arg(long, value_name = "URL")]
    pub url: String,

    /// The access token sent with the proof (TOKEN, @FILE or -): ath must be its hash, and when
    /// it is a JWT its cnf.jkt must be the proof key's thumbprint.
    #[arg(long, value_name = "TOKEN")]
    pub access_token: Option<String>,

    /// The nonce the server gave (DPoP-Nonce): the proof must carry it.
    #[arg(long, value_name = "NONCE", allow_hyphen_values = true)]
    pub nonce: Option<String>,

    /// The thumbprint the proof key must have (the dpop_jkt or cnf.jkt it is bound to).
    #[arg(long, value_name = "THUMBPRINT", allow_hyphen_values = true)]
    pub jkt: Option<String>,

    /// Allowed algorithms (repeatable or comma-separated; asymmetric only). Default: every RSA,
    /// EC and EdDSA algorithm.
    #[arg(long, value_name = "ALG", value_delimiter = ',', value_parser = parse_alg)]
    pub alg: Vec<jwtctl::jose::alg::Alg>,

    /// Largest accepted age of the proof, from its iat (default 5m).
    #[arg(long, value_name = "DURATION", default_value = "5m", value_parser = parse_max_age)]
    pub max_age: u64,

    /// Clock skew tolerated on iat, both ways (default 0, at most 1h).
    #[arg(long, value_name = "DURATION", value_parser = parse_leeway)]
    pub leeway: Option<u64>,

    /// Remember accepted proofs in FILE and reject a jti seen before within the window.
    #[arg(long, value_name = "FILE")]
    pub seen: Option<PathBuf>,

    /// Print nothing; the exit status says it all.
    #[arg(short, long, conflicts_with = "json")]
    pub quiet: bool,

    /// Print {"valid":true,"jkt":...,"header":...,"claims":...} or {"valid":false,"error":
    /// {"code":...,"message":...}} on standard output, for valid and invalid proofs alike.
    #[arg(long)]
    pub json: bool,
}
