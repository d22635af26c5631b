//! The flags of `jwtctl verify` (commands/verify.rs).

use clap::{Args, ValueEnum};
use jwtctl::input::secret::SecretSpec;

use super::KeyInput;
use super::values::{parse_alg, parse_leeway, parse_max_age, parse_secret, parse_timeout};

/// Check a token's signature and claims; print the verified claims.
///
/// The token may be in any serialization, detected from its text: compact, or the JSON
/// serialization (RFC 7515 §7.2) flattened or general. A general JWS is valid when one of its
/// signatures, made by a key given, verifies under these rules; which one (its index and kid)
/// is said on standard error, and in --json output. A detached payload (RFC 7515 Appendix F) is
/// given with --payload; unencoded payloads (RFC 7797, crit ["b64"]) are understood.
///
/// The token never chooses how it is checked: the allowed algorithms are --alg, or by default
/// those of the key's family; alg "none" is never accepted; an RSA, EC or OKP key is never used
/// as an HMAC secret; jku, x5u, jwk and x5c header parameters are ignored; an unknown crit
/// extension is rejected. exp is required unless --allow-no-exp, and exp, nbf and iat are
/// checked against the current time (or --now) with --leeway (default 0).
///
/// On success the claims are printed as JSON (pretty on a terminal, one line in a pipe) and
/// the exit status is 0; a rejected token exits 1 with one `error:` line naming the reason code
/// (expired, bad_signature, ...).
#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("keysource").required(true).args(["key", "secret", "jwks", "issuer"])))]
#[command(after_help = "Error codes:
  Reported as error.code by --json and at the start of the error line:
  malformed, bad_signature, alg_not_allowed, unknown_kid, expired, not_yet_valid,
  issued_in_future, too_old, missing_claim, issuer_mismatch, audience_mismatch,
  subject_mismatch, claim_mismatch, revoked, crit_unsupported;
  with --typ or --profile: typ_mismatch; with --profile id-token: azp_mismatch,
  nonce_mismatch, at_hash_mismatch, c_hash_mismatch, auth_too_old

Examples:
  jwtctl verify --key signing.pub.pem --iss https://issuer.example --aud api \"$TOKEN\"
  jwtctl verify --issuer https://issuer.example --aud api --profile access-token \"$TOKEN\"
  jwtctl verify --issuer https://issuer.example --aud CLIENT_ID --profile id-token --nonce N @id.jwt
  jwtctl verify --jwks jwks.json --json @token.txt | jq .valid
  jwtctl verify --secret env:JWT_SECRET -q \"$TOKEN\" && echo valid
  jwtctl verify --key pub.pem --batch < tokens.txt > results.jsonl")]
pub struct VerifyArgs {
    /// The token, @FILE, or - (default) for standard input. With --batch: files of tokens
    /// (@FILE or FILE), one per line.
    #[arg(value_name = "TOKEN")]
    pub tokens: Vec<String>,

    /// The key: PEM, DER, JWK or JWKS (the token's kid picks the key), or - for standard input.
    #[arg(short, long, value_name = "KEY")]
    pub key: Option<String>,

    /// The HMAC secret: @FILE, env:NAME, b64:DATA, - (stdin), prompt, or a literal.
    #[arg(short, long, value_name = "SPEC", value_parser = parse_secret)]
    pub secret: Option<SecretSpec>,

    /// A JWKS file or http(s) URL (an OpenID configuration URL works too: its jwks_uri is
    /// followed); the token's kid picks the key, else its algorithm.
    #[arg(long, value_name = "FILE|URL")]
    pub jwks: Option<String>,

    /// The issuer's URL: its keys come from its metadata (OpenID Connect Discovery 1.0 at
    /// URL/.well-known/openid-configuration, else RFC 8414's oauth-authorization-server), whose
    /// issuer must be URL exactly, through its jwks_uri (https; http only when the issuer and
    /// its keys are both on this machine). Implies --iss URL. With --batch, discovery happens
    /// once per run.
    #[arg(long, value_name = "URL")]
    pub issuer: Option<String>,

    /// The directory of the JWKS cache for --issuer and --jwks URL (default:
    /// $XDG_CACHE_HOME/jwtctl, else ~/.cache/jwtctl). A copy is used while fresh (the server's
    /// Cache-Control max-age, at least 5 minutes and at most a day), then revalidated with its
    /// ETag; a token whose kid the cached set lacks causes one refetch (at most one a minute).
    /// Files are written atomically, one per URL, with public keys only, at most 64 (the
    /// oldest are removed); a file that is not one of the cache's, or claims to be fresh for
    /// more than a day, is ignored and replaced. A cache directory or file owned by another
    /// user is neither read nor written, and one others can write is not read.
    #[arg(long, value_name = "DIR")]
    pub cache_dir: Option<std::path::PathBuf>,

    /// Fetch keys and metadata without the cache: nothing is read from it or written to it.
    #[arg(long, conflicts_with_all = ["cache_dir", "offline"])]
    pub no_cache: bool,

    /// Verify from the cache alone, without a request: exit 5 when it holds no fresh copy of
    /// what --issuer or --jwks URL needs.
    #[arg(long)]
    pub offline: bool,

    /// Network timeout for a --jwks or --issuer URL (connect and read together, redirects
    /// included: one deadline for each URL), 1s to 1h.
    #[arg(long, value_name = "DURATION", default_value = "10s", value_parser = parse_timeout)]
    pub timeout: u64,

    #[command(flatten)]
    pub input: KeyInput,

    /// Allowed algorithms (repeatable or comma-separated). Default: the key family's algorithms.
    #[arg(long, value_name = "ALG", value_delimiter = ',', value_parser = parse_alg)]
    pub alg: Vec<jwtctl::jose::alg::Alg>,

    /// Accept tokens that have no exp claim.
    #[arg(long)]
    pub allow_no_exp: bool,

    /// Check only the signature; the payload need not be JSON. It is printed as it is: text
    /// with a newline added, other bytes exactly in a pipe; on a terminal, control characters
    /// and bytes that are not UTF-8 are shown escaped.
    /// --json shows a payload that is not UTF-8 in base64url, as decode --json does.
    #[arg(long, conflicts_with_all = ["iss", "aud", "sub", "require", "claim", "max_age", "deny", "allow_no_exp", "typ", "profile", "issuer"])]
    pub signature_only: bool,

    /// Clock skew tolerated on exp, nbf, iat and --max-age (e.g. 30s, 2m). Default 0, at most
    /// 1h; over 5m, a warning on standard error. To check a token as of another time, use --now.
    #[arg(long, value_name = "DURATION", value_parser = parse_leeway)]
    pub leeway: Option<u64>,

    /// Required issuer (repeat to accept any of several).
    #[arg(long, value_name = "ISSUER", allow_hyphen_values = true)]
    pub iss: Vec<String>,

    /// Required audience: the token passes if any of its audiences is one of these.
    #[arg(long, value_name = "AUDIENCE", allow_hyphen_values = true)]
    pub aud: Vec<String>,

    /// Required subject.
    #[arg(long, value_name = "SUBJECT", allow_hyphen_values = true)]
    pub sub: Option<String>,

    /// Claims that must be present (repeatable or comma-separated).
    #[arg(
        long,
        value_name = "CLAIM",
        value_delimiter = ',',
        allow_hyphen_values = true
    )]
    pub require: Vec<String>,

    /// A claim that must have this value: KEY=VALUE (string) or KEY:=JSON. Repeatable.
    #[arg(long, value_name = "KEY=VALUE", allow_hyphen_values = true)]
    pub claim: Vec<String>,

    /// Largest accepted age, measured from iat (e.g. 1h; at most 36500d).
    #[arg(long, value_name = "DURATION", value_parser = parse_max_age)]
    pub max_age: Option<u64>,

    /// The header's typ must name this media type (RFC 7515 §4.1.9: compared without regard to
    /// case, the application/ prefix optional), e.g. at+jwt. In a JSON serialization it must be
    /// in the protected header.
    #[arg(long, value_name = "TYPE")]
    pub typ: Option<String>,

    /// The kind of token expected, so that one kind cannot be replayed as another (RFC 8725).
    /// access-token (RFC 9068): typ at+jwt; iss, exp, aud, sub, client_id, iat and jti present;
    /// --aud required. id-token (OpenID Connect Core 3.1.3.7): --aud is the client id (exactly
    /// one); iss, sub, aud, exp and iat present; typ JWT or none; azp present when there are
    /// several audiences, and equal to the client id when present; --nonce, --access-token
    /// (at_hash), --code (c_hash) checked when given; with --max-age, auth_time required and
    /// at most that old too; with --issuer, only the issuer's
    /// id_token_signing_alg_values_supported algorithms.
    #[arg(long, value_name = "PROFILE")]
    pub profile: Option<Profile>,

    /// ID tokens: the nonce the client sent; the token's nonce claim must equal it.
    #[arg(long, value_name = "NONCE", allow_hyphen_values = true)]
    pub nonce: Option<String>,

    /// ID tokens: the access token issued with it (TOKEN, @FILE or - for standard input); the
    /// token's at_hash must be its hash.
    #[arg(long, value_name = "TOKEN")]
    pub access_token: Option<String>,

    /// ID tokens: the authorization code issued with it; the token's c_hash must be its hash.
    #[arg(long, value_name = "CODE", allow_hyphen_values = true)]
    pub code: Option<String>,

    /// A file of revoked token ids (jti), one per line; # starts a comment.
    #[arg(long, value_name = "FILE")]
    pub deny: Option<String>,

    /// The payload of a detached JWS (header..signature, or JSON without payload): a file, or
    /// - for standard input.
    #[arg(long, value_name = "FILE", conflicts_with = "batch")]
    pub payload: Option<String>,

    /// Print nothing; the exit status says it all.
    #[arg(short, long, conflicts_with = "json")]
    pub quiet: bool,

    /// Print {"valid":true,"header":...,"claims":...} or {"valid":false,"error":{"code":...,
    /// "message":...}} on standard output, for valid and invalid tokens alike.
    #[arg(long)]
    pub json: bool,

    /// Verify many tokens: one per line from standard input (or the files given), one --json
    /// envelope per line with its line number, in input order; a summary on standard error.
    /// Uses every core; the lines in memory are bounded whatever the input (LIMITS). On a
    /// terminal, standard error shows a progress line until the summary (tokens, valid,
    /// rejected, rate; for files, the percentage and time left); never with -q.
    #[arg(long)]
    pub batch: bool,
}

/// The values of `verify --profile`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Profile {
    /// A JWT access token (RFC 9068).
    AccessToken,
    /// An OpenID Connect ID token.
    IdToken,
}
