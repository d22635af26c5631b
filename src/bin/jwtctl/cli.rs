//! The command line, defined once: `--help`, the man pages and the shell completions are all
//! generated from these definitions and their doc comments.

use std::path::PathBuf;

use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};

pub const EXIT_STATUS: &str = "\
Exit status:
  0  success (verify: every token valid)
  1  a token was rejected (signature, time, claim, revocation, disallowed algorithm)
  2  usage error (bad flags or arguments)
  3  malformed input (not a JWT, bad base64url, invalid JSON, claims file not an object)
  4  key problem (missing, unreadable, unsupported, wrong type for the algorithm, bad passphrase)
  5  I/O or network failure (cannot read/write a file, JWKS URL unreachable)";

/// Which exit status a bad input gives: the table of src/input.rs, for the long help (part of
/// the "Exit status" section, so every line is indented).
const INPUT_STATUS: &str = concat!(
    "  A bad input exits with the status of its row, whatever is wrong with it:\n",
    "  input                                          missing or  over its  not text or\n",
    "                                                 unreadable  limit     malformed\n",
    "  key material: --key, --verify-key, KEY,            4          4          4\n",
    "    --jwks FILE, jwks show FILE, --merge,\n",
    "    --secret, --passphrase, --password\n",
    "  TOKEN (argument, @FILE, -), --claims,              5          3          3\n",
    "    --payload, --deny\n",
    "  --jwks URL, jwks show URL: 5 when it cannot be fetched or is over the limit, 4 when\n",
    "    what it returns is not a key set"
);

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
    #[arg(
        long,
        global = true,
        env = "JWTCTL_NOW",
        value_name = "TIME",
        overrides_with = "now"
    )]
    pub now: Option<String>,

    /// Whether `now` came from the JWTCTL_NOW environment variable rather than --now (set by
    /// [`clock_from_env`] after parsing: clap's derive does not say where a value came from).
    #[arg(skip)]
    pub now_from_env: bool,

    #[command(subcommand)]
    pub command: Command,
}

/// Whether the --now value in `matches` was read from JWTCTL_NOW, not given as a flag.
pub fn clock_from_env(matches: &clap::ArgMatches) -> bool {
    matches.value_source("now") == Some(clap::parser::ValueSource::EnvVariable)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

const ENVIRONMENT: &str = "\
Environment:
  JWTCTL_NOW  The current time for every command, as --now TIME (the flag wins). verify,
              decode and decrypt say on standard error when the clock comes from it, so that
              a stray variable cannot silently turn expiry checks off.
  NO_COLOR    When set and not empty, no colour unless --color always.";

const SECURITY: &str = "\
Security:
  The token never chooses how it is checked: verify allows only --alg or the key family's
  algorithms, never \"none\", and never uses an RSA, EC or OKP key as an HMAC secret. The jku,
  x5u, jwk and x5c header parameters are never fetched or trusted, unknown crit extensions are
  rejected, and exp is required unless --allow-no-exp.
  Secrets never have to be typed into argv, where other users see them (ps, shell history):
  use @FILE, env:NAME, - (standard input) or prompt. Private keys and token files are written
  with mode 0600, atomically, and never over an existing file without --force.
  Text from a token, a key, a key set or a server never drives the terminal: control and
  invisible characters (ESC, BEL, C1, bidi overrides) are shown escaped, as \\x1b or \\u{9b}
  in messages, tables and logs and as \\u escapes in JSON shown on a terminal; --json and output
  to a pipe stay exact.";

const KEY_TRUST: &str = "\
Key trust (what each key may verify, sign, encrypt or decrypt):
  RSA                   RS256-RS512, PS256-PS512; refused under 2048 bits or with the ROCA
                        fingerprint (CVE-2017-15361)
  EC P-256/P-384/P-521  ES256/ES384/ES512 (ECDH-ES for JWE); a point off the curve is refused
  Ed25519               EdDSA
  HMAC secret           HS256/HS384/HS512; --secret refuses key material (PEM, certificate,
                        JWK, SSH or DER key); an oct JWK shorter than its HS alg's hash is
                        refused; never taken from a JWKS fetched by URL or discovery
  Every JWK is narrowed by its own alg, use and key_ops, and --alg must fit them (else exit 4,
  naming the key; with a key set, a warning, and tokens with that alg are rejected). A JWK whose alg is no JWA name, does not fit the key, or contradicts its
  use or key_ops is refused (skipped in a set). A set with two different keys under one kid,
  or with HMAC secrets beside public keys, is refused. jwks create and serve keep use, key_ops
  and alg: an encryption key is never published for signatures. An OpenID configuration's
  jwks_uri must be https (http only when both are on loopback); redirects never leave https.";

const LIMITS: &str = "\
Limits:
  Every input is read up to its limit and never further, from a file, @FILE, env:NAME or
  standard input alike; over it, the command fails with a message naming the limit and the
  exit status of the input's row in \"Exit status\".
  token                    1 MiB (plus 4 KiB of Bearer prefix, quotes and whitespace)
  key file, JWKS file      1 MiB and 1000 keys (--key, --verify-key, KEY, --jwks, jwks show,
                           --merge)
  secret                   64 KiB (--secret, --passphrase, --password, from any source)
  --claims, --payload      1 MiB
  --deny                   64 MiB
  --batch line             1 MiB + 4 KiB (reported for that line; the batch goes on)
  --batch in memory        at most 8192 lines and about 2 MiB of lines per core at a time, with
                           their results
  JSON nesting             128 levels
  --jwks URL               1 MiB body, 3 redirects, --timeout (default 10s)
  encrypted PKCS#8         PBKDF2 up to 2 000 000 iterations; scrypt 128·N·r and 128·N·r·p up
                           to 256 MiB, 128·r·p up to 32 MiB
  JWE                      PBES2 p2c up to 1 000 000; zip DEF inflated to 1 MiB
  shown values             a value from a token, key or server quoted in a message, a log line
                           or a table is shortened to 200 bytes, with \"…(N more bytes)\"
  A flag value out of its range is a usage error (exit status 2) naming the flag and the range:
  --leeway                 0s to 1h; over 5m, a warning on standard error
  --max-age                0s to 36500d (100 years)
  --timeout                1s to 1h
  --bits                   128 to 8192 (RSA: 2048, 3072 or 4096)
  --p2c                    1000 to 1 000 000
  --port                   0 to 65535
  TIME (--exp, --nbf, --iat, --now)  years 0000 to 9999";

const FILES: &str = "\
Files:
  jwtctl reads only the files named on its command line; it has no configuration file.";

const SEE_ALSO: &str = "\
See also:
  jwtctl(1), jwtctl-keygen(1), jwtctl-sign(1), jwtctl-verify(1), jwtctl-decode(1),
  jwtctl-jwks(1), jwtctl-encrypt(1), jwtctl-decrypt(1), openssl(1), RFC 7515 (JWS),
  RFC 7516 (JWE), RFC 7517 (JWK), RFC 7519 (JWT), RFC 7638";

/// The command line with its long help completed: the sections every man page and `--help`
/// share (exit status, environment, security, see also) follow each command's own examples.
pub fn command() -> clap::Command {
    fn complete(cmd: clap::Command, top: bool) -> clap::Command {
        let own = cmd
            .get_after_help()
            .map(|h| format!("{h}\n\n"))
            .unwrap_or_default();
        let extra = if top {
            format!(
                "{EXIT_STATUS}\n\n{INPUT_STATUS}\n\n{ENVIRONMENT}\n\n{SECURITY}\n\n{KEY_TRUST}\n\n{LIMITS}\n\n{FILES}\n\n{SEE_ALSO}"
            )
        } else {
            format!(
                "{EXIT_STATUS}\n\n{INPUT_STATUS}\n\n{ENVIRONMENT}\n\n{SECURITY}\n\n{KEY_TRUST}\n\n{SEE_ALSO}"
            )
        };
        let names: Vec<String> = cmd
            .get_subcommands()
            .map(|c| c.get_name().to_string())
            .collect();
        let mut cmd = cmd.after_long_help(format!("{own}{extra}"));
        for name in names {
            cmd = cmd.mut_subcommand(name, |sub| complete(sub, false));
        }
        cmd
    }
    let cmd = Cli::command();
    let own_help = cmd.get_after_help().map(|h| h.to_string());
    // The top level's short help is the exit-status table; its long help carries everything.
    let cmd = complete(cmd.after_help(None::<&str>), true);
    match own_help {
        Some(h) => cmd.after_help(h),
        None => cmd,
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    Keygen(KeygenArgs),
    Sign(Box<SignArgs>),
    Verify(Box<VerifyArgs>),
    Decode(DecodeArgs),
    Jwks(JwksArgs),
    Encrypt(Box<EncryptArgs>),
    Decrypt(Box<DecryptArgs>),
    Completions(CompletionsArgs),
    Man(ManArgs),
}

/// Print a shell completion script.
///
/// Install it where your shell looks for completions, e.g.
/// `jwtctl completions bash > ~/.local/share/bash-completion/completions/jwtctl`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum, value_name = "SHELL")]
    pub shell: ShellArg,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ShellArg {
    Bash,
    Zsh,
    Fish,
    Elvish,
    Powershell,
    Nushell,
}

/// Print a man page (roff), e.g. `jwtctl man sign | man -l -`.
#[derive(Debug, Args)]
pub struct ManArgs {
    /// The page: jwtctl (default), a command (sign), or a jwks command (jwks-create).
    #[arg(value_name = "PAGE")]
    pub page: Option<String>,

    /// List the page names instead.
    #[arg(long, conflicts_with = "page")]
    pub list: bool,
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
    pub alg: Option<jwtctl::jose::alg::Alg>,

    /// The kind of key, when no algorithm is given.
    #[arg(long = "type", value_enum, value_name = "TYPE")]
    pub key_type: Option<KeyType>,

    /// RSA modulus size (2048, 3072 or 4096; default 2048) or HMAC secret size in bits
    /// (at least the hash size, at most 8192; default 256).
    #[arg(long, value_name = "BITS", value_parser = parse_bits)]
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

    /// What the key is for: sig (signatures, the default) or enc (JWE recipients: an RSA or EC
    /// key pair, or a secret of 128 bits or more for A128KW/A256KW/dir; use --type). The JWK
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
    #[arg(long, value_name = "SPEC", requires = "encrypt")]
    pub passphrase: Option<String>,

    /// Key derivation for --encrypt: scrypt (default) or pbkdf2 (PBKDF2-SHA256, 600000 rounds).
    #[arg(long, value_enum, default_value_t = KdfArg::Scrypt, value_name = "KDF", requires = "encrypt")]
    pub kdf: KdfArg,
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

/// Largest --leeway: 1 hour. Clock skew between hosts that keep time is seconds; a leeway of
/// hours would make most access tokens (5 to 60 minutes of life) valid long after they expire.
/// To check a token as of another moment, --now is the tool.
pub const MAX_LEEWAY: u64 = 3_600;
/// Over this --leeway (5 minutes, the largest default skew of the mainstream libraries), a
/// warning says how long expired tokens stay accepted.
pub const LEEWAY_WARNING: u64 = 300;
/// Largest --max-age: 100 years, longer than any token's life.
pub const MAX_MAX_AGE: u64 = 36_500 * 86_400;
/// --timeout: 1 second to 1 hour.
pub const TIMEOUT_RANGE: (u64, u64) = (1, 3_600);
/// --bits: HMAC and JWE secrets of 128 to 8192 bits; RSA moduli are among these too.
pub const BITS_RANGE: (usize, usize) = (128, 8_192);

/// Flag parsers with a range: the message follows clap's "invalid value 'X' for '--flag':".
fn parse_timeout(s: &str) -> Result<u64, String> {
    jwtctl::input::time::parse_duration_in(s, TIMEOUT_RANGE.0, TIMEOUT_RANGE.1)
        .map_err(|e| e.message)
}

fn parse_leeway(s: &str) -> Result<u64, String> {
    jwtctl::input::time::parse_duration_in(s, 0, MAX_LEEWAY).map_err(|e| e.message)
}

fn parse_max_age(s: &str) -> Result<u64, String> {
    jwtctl::input::time::parse_duration_in(s, 0, MAX_MAX_AGE).map_err(|e| e.message)
}

/// A whole number within `min..=max`; anything else (a sign, a fraction, more digits than fit)
/// names the range, with `note` after it.
fn whole_number<T: TryFrom<u64>>(s: &str, min: u64, max: u64, note: &str) -> Result<T, String> {
    let t = s.trim();
    let value = if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) {
        t.parse::<u64>().ok()
    } else {
        None
    };
    value
        .filter(|v| (min..=max).contains(v))
        .and_then(|v| T::try_from(v).ok())
        .ok_or_else(|| format!("must be from {min} to {max}{note}"))
}

fn parse_bits(s: &str) -> Result<usize, String> {
    whole_number(
        s,
        BITS_RANGE.0 as u64,
        BITS_RANGE.1 as u64,
        " (RSA: 2048, 3072 or 4096)",
    )
}

fn parse_p2c(s: &str) -> Result<u32, String> {
    whole_number(s, 1_000, u64::from(jwtctl::jose::jwe::MAX_P2C), "")
}

fn parse_port(s: &str) -> Result<u16, String> {
    whole_number(s, 0, 65_535, " (0 picks a free port)")
}

fn parse_alg(s: &str) -> Result<jwtctl::jose::alg::Alg, String> {
    s.parse().map_err(|e: jwtctl::error::Error| e.message)
}

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
    /// Default: the key's own alg, else RS256 / ES256 / ES384 / ES512 / EdDSA.
    #[arg(long, value_name = "ALG", value_delimiter = ',', value_parser = parse_alg)]
    pub alg: Vec<jwtctl::jose::alg::Alg>,

    /// An existing JWKS to add to: its keys follow the new ones (key rotation).
    #[arg(long, value_name = "JWKS")]
    pub merge: Option<String>,

    /// Leave out the key with this kid (repeatable).
    #[arg(long, value_name = "KID")]
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

/// Build claims and print one compact JWS.
///
/// Claims are assembled in this order, later winning: --claims (a JSON object, or the
/// `decode --json` envelope of a token to re-sign), the registered-claim flags, then each
/// -c/--claim. iat defaults to now. The algorithm comes from the key (RSA→RS256, P-256→ES256,
/// P-384→ES384, P-521→ES512, Ed25519→EdDSA, secret→HS256) unless --alg says otherwise; an
/// --alg that does not fit the key is refused. Standard output holds the token and one
/// newline; warnings (no exp, short secret) go to standard error.
#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("keysource").required(true).args(["key", "secret"])))]
#[command(after_help = "Examples:
  jwtctl sign --key signing.pem --sub alice --aud api --exp 15m
  jwtctl sign --secret env:JWT_SECRET -c role=admin -c userId:=123 --exp 1h
  jwtctl sign --key jwks.json --kid 2026-01 --iss https://issuer.example --exp 1d
  jwtctl decode --json \"$T\" | jq '.payload.role=\"x\"' | jwtctl sign --key k.pem --claims -")]
pub struct SignArgs {
    /// The private key: PEM, DER, JWK or JWKS (pick with --kid), or - for standard input.
    #[arg(short, long, value_name = "KEY")]
    pub key: Option<String>,

    /// The HMAC secret: @FILE, env:NAME, b64:DATA, - (stdin), prompt, or a literal.
    #[arg(short, long, value_name = "SPEC")]
    pub secret: Option<String>,

    #[command(flatten)]
    pub input: KeyInput,

    /// The algorithm (default: from the key; a JWK's own alg when it has one).
    #[arg(long, value_name = "ALG", value_parser = parse_alg)]
    pub alg: Option<jwtctl::jose::alg::Alg>,

    #[command(flatten)]
    pub body: ClaimArgs,

    /// The typ header (default JWT).
    #[arg(long, value_name = "TYP", conflicts_with = "no_typ")]
    pub typ: Option<String>,

    /// Leave the typ header out.
    #[arg(long)]
    pub no_typ: bool,

    /// The kid header: a value, or "thumbprint" for the key's RFC 7638 thumbprint. Default: the
    /// JWK's own kid. With a JWKS, also picks the signing key.
    #[arg(long, value_name = "KID")]
    pub kid: Option<String>,

    /// An extra header member: KEY=VALUE or KEY:=JSON (x5t, cty, ...). Repeatable.
    #[arg(short = 'H', long = "header", value_name = "KEY=VALUE")]
    pub header: Vec<String>,

    /// Write the token to FILE (mode 0600) instead of standard output.
    #[arg(short, long = "out", value_name = "FILE")]
    pub out: Option<PathBuf>,

    /// Replace an existing --out file.
    #[arg(long, requires = "out")]
    pub force: bool,
}

/// Show a token without verifying it.
///
/// Prints the header and the payload, each time claim (exp, nbf, iat, auth_time,
/// updated_at) with its date-time and how far it is from now, and the problems a reviewer would
/// point out. The signature is NOT checked (a note on standard error says so): use
/// `jwtctl verify` for that. An expired token still decodes; only malformed input fails.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  jwtctl decode eyJhbGciOi...                 # a pasted token (Bearer prefix and spaces are fine)
  pbpaste | jwtctl decode                     # from standard input
  jwtctl decode --payload @token.txt | jq .sub")]
pub struct DecodeArgs {
    /// The token, @FILE, or - (default) for standard input.
    #[arg(value_name = "TOKEN")]
    pub token: Option<String>,

    /// Print {"header":...,"payload":...,"signature":...} as JSON.
    #[arg(long, conflicts_with_all = ["header", "payload"])]
    pub json: bool,

    /// Print only the header JSON.
    #[arg(long, conflicts_with = "payload")]
    pub header: bool,

    /// Print only the payload (JSON, or the text of a non-JSON payload).
    #[arg(long)]
    pub payload: bool,

    /// The zone the time annotations use: utc (default), local, or an offset like +02:00.
    #[arg(long, value_name = "ZONE", default_value = "utc", value_parser = parse_zone, allow_hyphen_values = true)]
    pub date: jwtctl::input::time::Zone,
}

fn parse_zone(s: &str) -> Result<jwtctl::input::time::Zone, String> {
    s.parse().map_err(|e: jwtctl::error::Error| e.message)
}

/// Check a token's signature and claims; print the verified claims.
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
#[command(group(clap::ArgGroup::new("keysource").required(true).args(["key", "secret", "jwks"])))]
#[command(after_help = "Error codes:
  Reported as error.code by --json and at the start of the error line:
  malformed, bad_signature, alg_not_allowed, unknown_kid, expired, not_yet_valid,
  issued_in_future, too_old, missing_claim, issuer_mismatch, audience_mismatch,
  subject_mismatch, claim_mismatch, revoked, crit_unsupported

Examples:
  jwtctl verify --key signing.pub.pem --iss https://issuer.example --aud api \"$TOKEN\"
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
    #[arg(short, long, value_name = "SPEC")]
    pub secret: Option<String>,

    /// A JWKS file or http(s) URL (an OpenID configuration URL works too: its jwks_uri is
    /// followed); the token's kid picks the key, else its algorithm.
    #[arg(long, value_name = "FILE|URL")]
    pub jwks: Option<String>,

    /// Network timeout for a --jwks URL (connect and read together), 1s to 1h.
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

    /// Check only the signature; the payload need not be JSON and is printed as text.
    #[arg(long, conflicts_with_all = ["iss", "aud", "sub", "require", "claim", "max_age", "deny", "allow_no_exp"])]
    pub signature_only: bool,

    /// Clock skew tolerated on exp, nbf, iat and --max-age (e.g. 30s, 2m). Default 0, at most
    /// 1h; over 5m, a warning on standard error. To check a token as of another time, use --now.
    #[arg(long, value_name = "DURATION", value_parser = parse_leeway)]
    pub leeway: Option<u64>,

    /// Required issuer (repeat to accept any of several).
    #[arg(long, value_name = "ISSUER")]
    pub iss: Vec<String>,

    /// Required audience: the token passes if any of its audiences is one of these.
    #[arg(long, value_name = "AUDIENCE")]
    pub aud: Vec<String>,

    /// Required subject.
    #[arg(long, value_name = "SUBJECT")]
    pub sub: Option<String>,

    /// Claims that must be present (repeatable or comma-separated).
    #[arg(long, value_name = "CLAIM", value_delimiter = ',')]
    pub require: Vec<String>,

    /// A claim that must have this value: KEY=VALUE (string) or KEY:=JSON. Repeatable.
    #[arg(long, value_name = "KEY=VALUE")]
    pub claim: Vec<String>,

    /// Largest accepted age, measured from iat (e.g. 1h; at most 36500d).
    #[arg(long, value_name = "DURATION", value_parser = parse_max_age)]
    pub max_age: Option<u64>,

    /// A file of revoked token ids (jti), one per line; # starts a comment.
    #[arg(long, value_name = "FILE")]
    pub deny: Option<String>,

    /// Print nothing; the exit status says it all.
    #[arg(short, long, conflicts_with = "json")]
    pub quiet: bool,

    /// Print {"valid":true,"header":...,"claims":...} or {"valid":false,"error":{"code":...,
    /// "message":...}} on standard output, for valid and invalid tokens alike.
    #[arg(long)]
    pub json: bool,

    /// Verify many tokens: one per line from standard input (or the files given), one --json
    /// envelope per line with its line number, in input order; a summary on standard error.
    /// Uses every core; the lines in memory are bounded whatever the input (LIMITS).
    #[arg(long)]
    pub batch: bool,
}

/// The claims of a token, from a JSON base and flags; shared by `sign` and `encrypt`.
#[derive(Debug, Args)]
pub struct ClaimArgs {
    /// A JSON object to start from (a file, or - for standard input); also takes the
    /// `decode --json` envelope, keeping the header's extra members.
    #[arg(long, value_name = "FILE")]
    pub claims: Option<String>,

    /// Issuer (iss).
    #[arg(long, value_name = "ISSUER")]
    pub iss: Option<String>,

    /// Subject (sub).
    #[arg(long, value_name = "SUBJECT")]
    pub sub: Option<String>,

    /// Audience (aud); repeat for several, which makes an array.
    #[arg(long, value_name = "AUDIENCE")]
    pub aud: Vec<String>,

    /// Expiry (exp): a duration from now (15m, 1h30m, 7d, -1h), RFC 3339, YYYY-MM-DD or Unix
    /// seconds.
    #[arg(long, value_name = "TIME", allow_hyphen_values = true)]
    pub exp: Option<String>,

    /// Not before (nbf), as TIME.
    #[arg(long, value_name = "TIME", allow_hyphen_values = true)]
    pub nbf: Option<String>,

    /// Issued at (iat), as TIME (default: now).
    #[arg(
        long,
        value_name = "TIME",
        allow_hyphen_values = true,
        conflicts_with = "no_iat"
    )]
    pub iat: Option<String>,

    /// Leave iat out.
    #[arg(long)]
    pub no_iat: bool,

    /// Token id (jti); "auto" makes a random UUID.
    #[arg(long, value_name = "ID")]
    pub jti: Option<String>,

    /// A claim: KEY=VALUE sets a string, KEY:=JSON any JSON value (n:=1, ok:=true,
    /// roles:='["a","b"]'). Repeatable.
    #[arg(short = 'c', long = "claim", value_name = "KEY=VALUE")]
    pub claim: Vec<String>,
}

fn parse_key_alg(s: &str) -> Result<jwtctl::jose::jwe::KeyAlg, String> {
    jwtctl::jose::jwe::KeyAlg::parse(s).ok_or_else(|| {
        format!(
            "unknown key management algorithm '{s}' (known: {})",
            jwtctl::jose::jwe::KeyAlg::ALL.map(|a| a.name()).join(", ")
        )
    })
}

fn parse_enc(s: &str) -> Result<jwtctl::jose::jwe::Enc, String> {
    jwtctl::jose::jwe::Enc::parse(s).ok_or_else(|| {
        format!(
            "unknown content encryption '{s}' (known: {})",
            jwtctl::jose::jwe::Enc::ALL.map(|e| e.name()).join(", ")
        )
    })
}

/// Encrypt claims (or any payload) into a compact JWE (RFC 7516).
///
/// The claims come from the same flags as `sign`; --payload encrypts a file instead, and a
/// signed JWT given there is nested with cty "JWT". The key management algorithm comes from the
/// recipient: RSA-OAEP-256 for an RSA key, ECDH-ES for an EC key, A128KW/A256KW for a 16/32-byte
/// secret, PBES2-HS256+A128KW for --password. RSA1_5 is never used to encrypt.
#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("recipient").required(true).args(["key", "secret", "password"])))]
#[command(after_help = "Examples:
  jwtctl encrypt --key recipient.pub.pem --sub alice -c ssn=123-45-6789 --exp 1h
  jwtctl encrypt --key recipient.pub.pem --payload signed.jwt        # nested JWT, cty JWT
  jwtctl encrypt --password prompt --alg PBES2-HS512+A256KW --payload notes.txt
  jwtctl encrypt --secret b64:... --alg dir --enc A256GCM --sub svc")]
pub struct EncryptArgs {
    #[command(flatten)]
    pub recipient: RecipientArgs,

    /// Key management algorithm: RSA-OAEP, RSA-OAEP-256, ECDH-ES, ECDH-ES+A128KW,
    /// ECDH-ES+A256KW, A128KW, A256KW, dir, PBES2-HS256+A128KW, PBES2-HS512+A256KW.
    #[arg(long, value_name = "ALG", value_parser = parse_key_alg)]
    pub alg: Option<jwtctl::jose::jwe::KeyAlg>,

    /// Content encryption: A128GCM, A256GCM (default), A128CBC-HS256, A256CBC-HS512.
    #[arg(long, value_name = "ENC", value_parser = parse_enc)]
    pub enc: Option<jwtctl::jose::jwe::Enc>,

    /// PBES2 iteration count for --password (1000 to 1000000). The default, 10000, is the
    /// most node jose and jwcrypto read without raising their limits; more resists password
    /// guessing better.
    #[arg(long, value_name = "N", default_value_t = jwtctl::jose::jwe::DEFAULT_P2C, value_parser = parse_p2c, requires = "password")]
    pub p2c: u32,

    /// The cty header (default: JWT when --payload is a signed JWT).
    #[arg(long, value_name = "CTY")]
    pub cty: Option<String>,

    /// The kid header: a value, or "thumbprint". Default: the JWK's own kid.
    #[arg(long, value_name = "KID")]
    pub kid: Option<String>,

    /// Encrypt this file (or - for standard input) as it is, instead of claims.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["claims", "iss", "sub", "aud", "exp", "nbf", "iat", "jti", "claim"])]
    pub payload: Option<String>,

    #[command(flatten)]
    pub body: ClaimArgs,

    /// Write the token to FILE (mode 0600) instead of standard output.
    #[arg(short, long = "out", value_name = "FILE")]
    pub out: Option<PathBuf>,

    /// Replace an existing --out file.
    #[arg(long, requires = "out")]
    pub force: bool,
}

/// Decrypt a compact JWE and print its plaintext.
///
/// As strict as verify: the key management algorithms are --alg or the key's own (RSA-OAEP,
/// RSA-OAEP-256 for RSA; ECDH-ES variants for EC; A128KW/A256KW/dir for secrets; PBES2 for
/// --password), the content encryption --enc or all four; RSA1_5 only with --allow-rsa1-5;
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

    /// Allowed key management algorithms (repeatable or comma-separated).
    #[arg(long, value_name = "ALG", value_delimiter = ',', value_parser = parse_key_alg)]
    pub alg: Vec<jwtctl::jose::jwe::KeyAlg>,

    /// Allowed content encryption algorithms (repeatable or comma-separated).
    #[arg(long, value_name = "ENC", value_delimiter = ',', value_parser = parse_enc)]
    pub enc: Vec<jwtctl::jose::jwe::Enc>,

    /// Accept RSA1_5 (PKCS#1 v1.5) key transport, for old senders only.
    #[arg(long = "allow-rsa1-5")]
    pub allow_rsa1_5: bool,

    /// Accept compressed payloads (zip DEF), inflated to at most 1 MiB.
    #[arg(long)]
    pub allow_zip: bool,

    /// The plaintext is a signed JWT: verify it with this key (exp required, algorithms from
    /// the key) and print its claims.
    #[arg(long, value_name = "KEY")]
    pub verify_key: Option<String>,

    /// Print {"header":...,"plaintext":...} (the plaintext as JSON when it is JSON) or
    /// {"valid":false,"error":{...}}.
    #[arg(long)]
    pub json: bool,
}

/// Who a JWE is for: shared by `encrypt` and `decrypt`.
#[derive(Debug, Args)]
pub struct RecipientArgs {
    /// The recipient's key: RSA or EC (the public half to encrypt, the private one to decrypt),
    /// or an oct JWK.
    #[arg(short, long, value_name = "KEY")]
    pub key: Option<String>,

    /// A symmetric key for A128KW / A256KW / dir: @FILE, env:NAME, b64:DATA, -, prompt.
    #[arg(short, long, value_name = "SPEC")]
    pub secret: Option<String>,

    /// A password for PBES2: @FILE, env:NAME, b64:DATA, -, prompt, or a literal.
    #[arg(long, value_name = "SPEC")]
    pub password: Option<String>,

    #[command(flatten)]
    pub input: KeyInput,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_numbers_name_their_range() {
        assert_eq!(parse_port("0"), Ok(0));
        assert_eq!(parse_port("65535"), Ok(65_535));
        assert_eq!(parse_p2c("1000"), Ok(1_000));
        assert_eq!(parse_bits(" 8192 "), Ok(8_192));
        for bad in [
            "65536",
            "-1",
            "+1",
            "",
            "1.0",
            "99999999999999999999999",
            "0x10",
        ] {
            assert_eq!(
                parse_port(bad),
                Err("must be from 0 to 65535 (0 picks a free port)".to_string()),
                "{bad}"
            );
        }
        assert!(parse_p2c("4294967296").is_err());
        assert!(parse_bits("127").is_err());
        assert!(parse_bits("8193").is_err());
    }

    #[test]
    fn duration_flags_have_ranges() {
        assert_eq!(parse_leeway("1h"), Ok(MAX_LEEWAY));
        assert!(parse_leeway("3601").is_err());
        assert!(parse_leeway("18446744073709551615").is_err());
        assert_eq!(parse_timeout("10s"), Ok(10));
        assert!(parse_timeout("0").is_err());
        assert!(parse_timeout("9999999999999999999").is_err());
        assert_eq!(parse_max_age("36500d"), Ok(MAX_MAX_AGE));
        assert!(parse_max_age("36501d").is_err());
    }
}
