//! The command line, defined once: `--help`, the man pages and the shell completions are all
//! generated from these definitions and their doc comments. The top-level flags and the command
//! tree live here; each command's flags live in the module named like its module under
//! `commands/`, the value parsers in `values`, and the long help assembled in `help`. Uses clap
//! and the core's value types, nothing else.

mod body;
mod decode;
mod decrypt;
mod docs;
mod dpop;
mod encrypt;
mod help;
mod jwks;
mod keygen;
mod recipient;
mod sign;
mod values;
mod verify;

use clap::{Args, Parser, Subcommand, ValueEnum};
use jwtctl::input::secret::SecretSpec;

pub use body::ClaimArgs;
pub use decode::DecodeArgs;
pub use decrypt::DecryptArgs;
pub use docs::{CompletionsArgs, ManArgs, ShellArg};
pub use dpop::{DpopArgs, DpopCommand, DpopVerifyArgs, ProofArgs};
pub use encrypt::EncryptArgs;
use help::EXIT_STATUS;
pub use help::command;
pub use jwks::{
    ConvertArgs, CreateArgs, JwksArgs, JwksCommand, ServeArgs, ShowArgs, ThumbprintArgs,
};
pub use keygen::{KeyType, KeyUseArg, KeygenArgs};
pub use recipient::RecipientArgs;
pub use sign::SignArgs;
pub use values::{JtiArg, KidArg, LEEWAY_WARNING};
pub use verify::VerifyArgs;

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
        overrides_with = "now",
        allow_hyphen_values = true
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

#[derive(Debug, Subcommand)]
pub enum Command {
    Keygen(KeygenArgs),
    Sign(Box<SignArgs>),
    Verify(Box<VerifyArgs>),
    Decode(DecodeArgs),
    Jwks(JwksArgs),
    Encrypt(Box<EncryptArgs>),
    Decrypt(Box<DecryptArgs>),
    Dpop(DpopArgs),
    Completions(CompletionsArgs),
    Man(ManArgs),
}

/// How a key file is read: shared by every command that takes one.
#[derive(Debug, Args, Clone)]
pub struct KeyInput {
    /// Where the passphrase of an encrypted private key comes from: @FILE, env:NAME, b64:DATA,
    /// - (stdin), prompt, or a literal. Default: prompt on a terminal.
    #[arg(long, value_name = "SPEC", value_parser = values::parse_secret)]
    pub passphrase: Option<SecretSpec>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum KeyFormat {
    Pem,
    Jwk,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The command line as the commands receive it.
    fn parse(argv: &[&str]) -> Cli {
        let matches = command().try_get_matches_from(argv).unwrap();
        <Cli as clap::FromArgMatches>::from_arg_matches(&matches).unwrap()
    }

    #[test]
    fn secret_specs_arrive_parsed() {
        let cli = parse(&["jwtctl", "sign", "--secret", "env:JWT_SECRET", "--sub", "a"]);
        let Command::Sign(args) = cli.command else {
            panic!("not sign: {cli:?}")
        };
        assert_eq!(args.secret, Some(SecretSpec::Env("JWT_SECRET".into())));

        let cli = parse(&[
            "jwtctl",
            "verify",
            "--key",
            "k.pem",
            "--passphrase",
            "-",
            "t",
        ]);
        let Command::Verify(args) = cli.command else {
            panic!("not verify: {cli:?}")
        };
        assert_eq!(args.input.passphrase, Some(SecretSpec::Stdin));

        let cli = parse(&["jwtctl", "decrypt", "--password", "prompt", "t"]);
        let Command::Decrypt(args) = cli.command else {
            panic!("not decrypt: {cli:?}")
        };
        assert_eq!(args.recipient.password, Some(SecretSpec::Prompt));

        let cli = parse(&[
            "jwtctl",
            "keygen",
            "--type",
            "ec",
            "--encrypt",
            "--passphrase",
            "@p",
        ]);
        let Command::Keygen(args) = cli.command else {
            panic!("not keygen: {cli:?}")
        };
        assert_eq!(args.passphrase, Some(SecretSpec::File("p".into())));
    }

    #[test]
    fn curves_kdfs_and_hashes_arrive_as_the_core_types() {
        let cli = parse(&["jwtctl", "keygen", "--type", "ec", "--curve", "P-384"]);
        let Command::Keygen(args) = cli.command else {
            panic!("not keygen: {cli:?}")
        };
        assert_eq!(args.curve, Some(jwtctl::keys::Curve::P384));
        assert_eq!(args.kdf, jwtctl::keys::pkcs::Kdf::Scrypt);

        let cli = parse(&[
            "jwtctl",
            "keygen",
            "--type",
            "ec",
            "--encrypt",
            "--kdf",
            "pbkdf2",
        ]);
        let Command::Keygen(args) = cli.command else {
            panic!("not keygen: {cli:?}")
        };
        assert_eq!(args.kdf, jwtctl::keys::pkcs::Kdf::Pbkdf2);

        use jwtctl::keys::jwk::ThumbprintHash;
        for (argv, hash) in [
            (
                &["jwtctl", "jwks", "thumbprint", "k"][..],
                ThumbprintHash::Sha256,
            ),
            (
                &["jwtctl", "jwks", "thumbprint", "k", "--hash", "sha512"],
                ThumbprintHash::Sha512,
            ),
        ] {
            let cli = parse(argv);
            let Command::Jwks(JwksArgs {
                command: JwksCommand::Thumbprint(args),
            }) = cli.command
            else {
                panic!("not jwks thumbprint: {cli:?}")
            };
            assert_eq!(args.hash, hash);
        }
    }

    #[test]
    fn kid_and_jti_keywords_arrive_parsed() {
        let cli = parse(&[
            "jwtctl",
            "sign",
            "--secret",
            "s",
            "--kid",
            "thumbprint",
            "--jti",
            "auto",
        ]);
        let Command::Sign(args) = cli.command else {
            panic!("not sign: {cli:?}")
        };
        assert_eq!(args.kid, Some(KidArg::Thumbprint));
        assert_eq!(args.body.jti, Some(JtiArg::Auto));

        let cli = parse(&[
            "jwtctl",
            "encrypt",
            "--password",
            "p",
            "--kid",
            "k1",
            "--jti",
            "j",
        ]);
        let Command::Encrypt(args) = cli.command else {
            panic!("not encrypt: {cli:?}")
        };
        assert_eq!(args.kid, Some(KidArg::Named("k1".into())));
        assert_eq!(args.body.jti, Some(JtiArg::Named("j".into())));
    }
}
