//! One module per subcommand, each a thin layer from flags to the core and back to text. Uses
//! the core through its public API, `cli` for the parsed flags, `terminal` for every byte of
//! output and `net` for fetches; no command reaches byte-level crypto.

mod body;
mod decode;
mod decrypt;
mod docs;
mod dpop;
mod encrypt;
mod jwks;
mod keygen;
mod recipient;
mod sd_jwt;
mod sign;
mod verdict;
mod verify;

use std::path::Path;

use jwtctl::KeySet;
use jwtctl::error::{Hint, Remedy};
use jwtctl::input::secret::{Secret, SecretSpec};
use jwtctl::input::{Input, Problem};
use jwtctl::keys::load;
use jwtctl::present::output::{PRIVATE_MODE, write_file_atomic};
use jwtctl::{Error, ExitStatus, Result};

use crate::cli::{Cli, Command, DpopCommand, JwksCommand, SdJwtCommand};
use crate::terminal::Terminal;

/// What every command gets besides its own flags.
pub struct Context<'a> {
    pub term: &'a mut Terminal,
    /// The current time in Unix seconds (`--now` or the clock).
    pub now: i64,
}

/// How a command that ran to its end exits. A command that fails returns an [`Error`] instead,
/// whose kind decides the exit status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Exit 0: done (`verify`: every token valid).
    Success,
    /// Exit 1: `verify --batch` rejected some of its tokens, each reported on its own line.
    Rejected,
}

impl From<Outcome> for ExitStatus {
    fn from(outcome: Outcome) -> Self {
        match outcome {
            Outcome::Success => ExitStatus::Success,
            Outcome::Rejected => ExitStatus::Rejected,
        }
    }
}

/// Runs the command.
pub fn run(cli: Cli, term: &mut Terminal) -> Result<Outcome> {
    let clock = chrono::Utc::now().timestamp();
    let now = match &cli.now {
        Some(text) => jwtctl::input::time::parse_time(text, clock).map_err(|e| {
            e.context(if cli.now_from_env {
                "JWTCTL_NOW"
            } else {
                "--now"
            })
        })?,
        None => clock,
    };
    let mut ctx = Context { term, now };
    // A clock moved by the environment (a stray CI variable) must not silently turn expiry
    // checks off: the commands that check or show time say so.
    if cli.now_from_env
        && matches!(
            cli.command,
            Command::Verify(_)
                | Command::Decode(_)
                | Command::Decrypt(_)
                | Command::Dpop(_)
                | Command::SdJwt(_)
        )
        && let Some(text) = &cli.now
    {
        let date = jwtctl::input::time::format_time(now, jwtctl::input::time::Zone::Utc)
            .unwrap_or_else(|| now.to_string());
        ctx.term.warn(&format!(
            "the clock is set by JWTCTL_NOW={} ({date}), not the system clock",
            jwtctl::text::escape(text)
        ));
    }
    let offers = Offers::of(&cli.command);
    let outcome = match cli.command {
        Command::Keygen(args) => keygen::run(args, &mut ctx),
        Command::Sign(args) => sign::run(*args, &mut ctx),
        Command::Verify(args) => verify::run(*args, &mut ctx),
        Command::Decode(args) => decode::run(args, &mut ctx),
        Command::Jwks(args) => jwks::run(args, &mut ctx),
        Command::Encrypt(args) => encrypt::run(*args, &mut ctx),
        Command::Decrypt(args) => decrypt::run(*args, &mut ctx),
        Command::Dpop(args) => dpop::run(args, &mut ctx),
        Command::SdJwt(args) => sd_jwt::run(args, &mut ctx),
        Command::Completions(args) => docs::completions(args, &mut ctx),
        Command::Man(args) => docs::man(args, &mut ctx),
    };
    outcome.map_err(|mut e| {
        if let Some(Hint::Remedy(remedy)) = e.hint {
            e.hint = Some(Hint::Text(offers.word(remedy).to_string()));
        }
        e
    })
}

/// The ways out a command offers, for wording the remedies the core suggests: a remedy names
/// only a flag the command has.
#[derive(Debug, Clone, Copy)]
struct Offers {
    /// `--kid` picks one key of a set (`sign`, `jwks convert`, `dpop proof`).
    kid_picks_key: bool,
    /// `--secret` takes an HMAC secret (`sign`, `verify`, `encrypt`, `decrypt`).
    secret: bool,
    /// The keys are published, so only public keys are wanted (`jwks create`, `jwks serve`).
    publishes: bool,
}

impl Offers {
    fn of(command: &Command) -> Self {
        let kid_picks_key = matches!(command, Command::Sign(_))
            || matches!(command, Command::Jwks(j) if matches!(j.command, JwksCommand::Convert(_)))
            || matches!(command, Command::Dpop(d) if matches!(d.command, DpopCommand::Proof(_)))
            || matches!(command, Command::SdJwt(s)
                if matches!(s.command, SdJwtCommand::Issue(_) | SdJwtCommand::Present(_)));
        let secret = matches!(
            command,
            Command::Sign(_) | Command::Verify(_) | Command::Encrypt(_) | Command::Decrypt(_)
        );
        let publishes = matches!(command, Command::Jwks(j)
            if matches!(j.command, JwksCommand::Create(_) | JwksCommand::Serve(_)));
        Offers {
            kid_picks_key,
            secret,
            publishes,
        }
    }

    /// The hint line for `remedy`, worded with this command's flags.
    fn word(self, remedy: Remedy) -> &'static str {
        match remedy {
            Remedy::Overwrite => "use --force to replace it",
            Remedy::PickKey if self.kid_picks_key => "pick one with --kid",
            Remedy::PickKey => {
                "give a file with just that key ('jwtctl jwks convert --kid KID' extracts one)"
            }
            Remedy::GiveSecret if self.secret => {
                "for an HMAC secret use --secret (@FILE, env:NAME, b64:DATA, -, prompt) or an oct JWK"
            }
            Remedy::GiveSecret if self.publishes => {
                "a published set holds public keys: give RSA, EC or Ed25519 keys (PEM, DER, JWK or JWKS)"
            }
            Remedy::GiveSecret => "an HMAC secret is read here only as an oct JWK",
            Remedy::GiveKey => {
                "give keys with --key (PEM, DER, JWK or JWKS); --secret takes HMAC secret bytes"
            }
        }
    }
}

/// The hint line's text. Remedies were worded by [`run`] with the command's flags; one that
/// reaches here anyway gets the wording of a command that has them all.
pub fn hint_text(hint: &Hint) -> &str {
    match hint {
        Hint::Text(text) => text,
        Hint::Remedy(remedy) => Offers {
            kid_picks_key: true,
            secret: true,
            publishes: false,
        }
        .word(*remedy),
    }
}

/// A flag's RFC 7638 SHA-256 thumbprint (`--cnf-jkt`, `dpop verify --jkt`), checked to be
/// one: a typo would bind a token to no key, or reject every proof as bound to another key.
pub fn thumbprint_arg(flag: &str, value: &str) -> Result<String> {
    if jwtctl::keys::jwk::is_sha256_thumbprint(value) {
        return Ok(value.to_string());
    }
    Err(Error::usage(format!(
        "{flag} \"{}\" is not an RFC 7638 SHA-256 thumbprint (43 base64url characters)",
        jwtctl::text::escape(value)
    ))
    .with_hint("'jwtctl dpop proof --key KEY --jkt' prints a key's thumbprint"))
}

/// Reads a file (or stdin for `-`) as `input`, never past its limit; `label` names it in
/// messages. What a failure exits with is `input`'s (see [`jwtctl::input`]).
pub fn read_input(ctx: &mut Context, input: Input, spec: &str, label: &str) -> Result<Vec<u8>> {
    if spec == "-" {
        return ctx.term.read_stdin_once(input, label);
    }
    input.read_file(Path::new(spec), label)
}

/// Loads the keys in `spec` (a file or `-`), asking for a passphrase only if one is needed.
pub fn load_keys(ctx: &mut Context, spec: &str, passphrase: Option<&SecretSpec>) -> Result<KeySet> {
    let bytes = read_input(ctx, Input::Key, spec, &key_label(spec))?;
    let term = &mut *ctx.term;
    let mut ask = || -> Result<Secret> {
        match passphrase {
            Some(p) => term.secret(p, "--passphrase"),
            None => term.key_passphrase(spec),
        }
    };
    // A key file that is a JWKS with no "keys" array is a key problem like any other.
    let set =
        load::parse(&bytes, &mut ask).map_err(|e| Input::Key.recast(e.context(key_label(spec))))?;
    for w in &set.warnings {
        ctx.term.warn(w);
    }
    Ok(set)
}

/// Reads a JWK Set from `source`: a URL when `docs` is given and `source` is one (fetched
/// through it under the key-trust rules of `net::fetch_jwks`), otherwise a file or `-`. `label`
/// names it in messages. The source decides what the set may hold (a fetched set is public).
pub fn read_key_set(
    ctx: &mut Context,
    source: &str,
    label: &str,
    docs: Option<&crate::cache::Docs>,
) -> Result<(Vec<u8>, load::SetSource)> {
    match docs {
        Some(docs) if crate::net::is_url(source) => {
            let (bytes, _) = crate::net::fetch_jwks(source, docs, &mut |w| ctx.term.warn(w))
                .map_err(|e| Input::KeySet.recast(e))?;
            Ok((bytes, load::SetSource::Fetched))
        }
        _ => Ok((
            read_input(ctx, Input::KeySet, source, label)?,
            load::SetSource::Local,
        )),
    }
}

/// Reads and parses a JWK Set (see [`read_key_set`]), its warnings shown.
pub fn load_key_set(
    ctx: &mut Context,
    source: &str,
    label: &str,
    docs: Option<&crate::cache::Docs>,
) -> Result<KeySet> {
    let (bytes, from) = read_key_set(ctx, source, label, docs)?;
    parse_key_set(ctx, &bytes, from, label)
}

/// Parses a JWK Set read from `label`, its warnings shown.
fn parse_key_set(
    ctx: &mut Context,
    bytes: &[u8],
    from: load::SetSource,
    label: &str,
) -> Result<KeySet> {
    let set = load::parse_jwks(bytes, from).map_err(|e| Input::KeySet.recast(e.context(label)))?;
    for w in &set.warnings {
        ctx.term.warn(w);
    }
    Ok(set)
}

fn key_label(spec: &str) -> String {
    if spec == "-" {
        "key from standard input".to_string()
    } else {
        spec.to_string()
    }
}

/// Writes a token that was made (`sign`, `encrypt`) to `out` (0600, atomically, replacing a file
/// only with `force`) or, without `out`, to standard output; either way followed by a newline.
pub fn emit_token(ctx: &mut Context, token: &str, out: Option<&Path>, force: bool) -> Result<()> {
    let line = format!("{token}\n");
    match out {
        Some(path) => {
            write_file_atomic(path, line.as_bytes(), PRIVATE_MODE, force)?;
            ctx.term
                .notice(&format!("wrote the token to {}", path.display()));
            Ok(())
        }
        None => ctx.term.print(&line),
    }
}

/// Reads a TOKEN argument: the token itself, `@PATH`, or `-`/nothing for standard input; then
/// strips what people paste around it (whitespace, `Bearer `, quotes).
pub fn read_token(ctx: &mut Context, arg: Option<&str>) -> Result<String> {
    let (label, spec) = match arg {
        None | Some("-") => {
            if std::io::IsTerminal::is_terminal(&std::io::stdin()) {
                return Err(Error::usage("no token given")
                    .with_hint("pass the token as an argument, @FILE, or pipe it in"));
            }
            ("the token on standard input".to_string(), "-")
        }
        Some(a) => match a.strip_prefix('@') {
            Some(path) => (format!("token file {path}"), path),
            None => return Ok(jwtctl::jose::token::clean(a).to_string()),
        },
    };
    let bytes = read_input(ctx, Input::Token, spec, &label)?;
    let text = String::from_utf8(bytes).map_err(|_| {
        Input::Token.error(
            Problem::NotText,
            format!("{label} is not text (invalid UTF-8)"),
        )
    })?;
    Ok(jwtctl::jose::token::clean(&text).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outcomes_exit_0_and_1() {
        assert_eq!(ExitStatus::from(Outcome::Success).code(), 0);
        assert_eq!(ExitStatus::from(Outcome::Rejected).code(), 1);
    }
}
