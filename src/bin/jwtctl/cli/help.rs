//! The help text beyond each flag's own line: the sections every `--help`, man page and
//! `jwtctl --help` share (exit status, environment, security, key trust, limits), and
//! [`command`], which completes the clap definition with them.

use std::ffi::OsString;

use clap::CommandFactory;

use super::{TOP_LEVEL_VALUE_FLAGS, TopLevel};

pub const EXIT_STATUS: &str = "\
Exit status:
  0  success (verify: every token valid)
  1  a token was rejected (signature, time, claim, revocation, disallowed algorithm)
  2  usage error (bad flags or arguments)
  3  malformed input (not a JWT, bad base64url, invalid JSON, claims file not an object)
  4  key problem (missing, unreadable, unsupported, wrong type for the algorithm, bad passphrase)
  5  I/O or network failure (cannot read/write a file, JWKS URL unreachable)";

/// Which exit status a bad input gives: the table of src/input/mod.rs, for the long help (part of
/// the "Exit status" section, so every line is indented).
const INPUT_STATUS: &str = concat!(
    "  A bad input exits with the status of its row, whatever is wrong with it:\n",
    "  input                                          missing or  over its  not text or\n",
    "                                                 unreadable  limit     malformed\n",
    "  key material: --key, --verify-key, KEY,            4          4          4\n",
    "    --jwks FILE, jwks show FILE, --merge,\n",
    "    --secret, --passphrase, --password\n",
    "  TOKEN (argument, @FILE, -), --claims,              5          3          3\n",
    "    --payload, --deny, --seen, PROOF, --access-token\n",
    "  --jwks URL, jwks show URL: 5 when it cannot be fetched or is over the limit, 4 when\n",
    "    what it returns is not a key set"
);

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
  EC secp256k1          ES256K only (no ECDH-ES)
  Ed25519               EdDSA
  X25519                ECDH-ES for JWE only; a low-order epk is refused
  Ed448, X448           refused by name (no implementation jwtctl trusts)
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
  --seen (dpop verify)     6 MiB and 100 000 proofs within the window
  SD-JWT                   1 MiB in all (as a token), 1024 disclosures of at most 64 KiB each,
                           claims nested at most 127 levels once disclosed; --decoys 1000
  --batch line             1 MiB + 4 KiB (reported for that line; the batch goes on)
  --batch in memory        at most 8192 lines and about 2 MiB of lines per core at a time, with
                           their results
  JSON nesting             127 levels
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
  jwtctl-jwks(1), jwtctl-encrypt(1), jwtctl-decrypt(1), jwtctl-dpop(1), jwtctl-sd-jwt(1),
  openssl(1), RFC 7515 (JWS), RFC 7516 (JWE), RFC 7517 (JWK), RFC 7519 (JWT), RFC 7638,
  RFC 9449 (DPoP), RFC 9901 (SD-JWT)";

/// The whole command tree as clap's derive defines it: the top level and every command.
pub fn tree() -> clap::Command {
    <super::Command as clap::Subcommand>::augment_subcommands(TopLevel::command())
}

/// The command line with its long help completed: the sections every man page and `--help`
/// share (exit status, environment, security, see also) follow each command's own examples.
pub fn command() -> clap::Command {
    let cmd = tree();
    let own_help = cmd.get_after_help().map(|h| h.to_string());
    // The top level's short help is the exit-status table; its long help carries everything.
    let cmd = complete(cmd.after_help(None::<&str>), true);
    match own_help {
        Some(h) => cmd.after_help(h),
        None => cmd,
    }
}

/// The command line that `args` (the program name, then its arguments) needs: when the first
/// argument after the top-level flags names a command, the top level with that command alone,
/// completed like [`command`] completes it when `long_help`; `--version` alone, the top level
/// alone; otherwise (no command, `--help`, `help`, a typo, a flag of its own) the whole of
/// [`command`]. Parsing `args` against either gives the same matches and the same errors, and,
/// with `long_help`, the same help: a command's flags, help and messages depend on the command
/// and the top-level flags only, never on the other commands. Building one command instead of
/// the whole tree with every long help is most of the start-up time saved.
///
/// Without `long_help` the command lacks the shared sections of its long help, which only a
/// help shows (and a short help, whose `--help` line then no longer says there is more): parse
/// with it first, and again with `long_help` when the outcome is a help ([`super::parse`]).
pub fn command_for(args: &[OsString], long_help: bool) -> clap::Command {
    // `jwtctl --version` alone prints the version: the top level is all it reads.
    if let [_, flag] = args
        && (flag == "--version" || flag == "-V")
    {
        return TopLevel::command();
    }
    let Some(name) = named_command(args) else {
        return command();
    };
    match super::one_command(name) {
        Some(sub) if long_help => TopLevel::command().subcommand(complete(sub, false)),
        Some(sub) => TopLevel::command().subcommand(sub),
        None => command(),
    }
}

/// The command `args` name: the first argument that is not a top-level flag with its value,
/// if it is exactly a command's name. Anything else before it (`--help`, `-V`, `--`, an
/// unknown or abbreviated flag) gives `None`, so that clap sees the whole tree.
pub(super) fn named_command(args: &[OsString]) -> Option<&str> {
    let mut rest = args.iter().skip(1);
    while let Some(arg) = rest.next() {
        let arg = arg.to_str()?;
        if TOP_LEVEL_VALUE_FLAGS.contains(&arg) {
            rest.next()?;
        } else if TOP_LEVEL_VALUE_FLAGS
            .iter()
            .any(|flag| arg.strip_prefix(flag).is_some_and(|v| v.starts_with('=')))
        {
            continue;
        } else {
            return Some(arg);
        }
    }
    None
}

/// Appends the shared sections to the long help of `cmd` and of every command under it.
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
