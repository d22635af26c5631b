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
mod sd_jwt;
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
pub use help::{command, command_for};
pub use jwks::{
    ConvertArgs, CreateArgs, JwksArgs, JwksCommand, ServeArgs, ShowArgs, ThumbprintArgs,
};
pub use keygen::{KeyType, KeyUseArg, KeygenArgs};
pub use recipient::RecipientArgs;
pub use sd_jwt::{SdIssueArgs, SdJwtArgs, SdJwtCommand, SdPresentArgs, SdVerifyArgs};
pub use sign::SignArgs;
pub use values::{JtiArg, KidArg, LEEWAY_WARNING};
pub use verify::{Profile, VerifyArgs};

/// The parsed command line: the top-level flags ([`TopLevel`]) and the command.
#[derive(Debug)]
pub struct Cli {
    pub color: ColorChoice,
    pub now: Option<String>,
    /// Whether `now` came from the JWTCTL_NOW environment variable rather than --now (set by
    /// [`clock_from_env`] after parsing: clap's derive does not say where a value came from).
    pub now_from_env: bool,
    pub command: Command,
}

/// A JWT toolkit that is safe by default: generate keys, mint, decode and verify tokens,
/// and manage JWK sets.
// The top level alone: its flags and its help, without the commands, which `help::command`
// adds (all of them) or `help::command_for` (only the one the command line names), so that a
// run builds only the part of the tree it parses. The group keeps the id clap's derive gave it
// when `Cli` was this struct with the commands in it.
#[derive(Debug, Parser)]
#[command(name = "jwtctl", version, about, max_term_width = 100, after_help = EXIT_STATUS)]
#[command(subcommand_required = true, arg_required_else_help = true)]
#[group(id = "Cli")]
pub struct TopLevel {
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
}

/// The top-level flags that take a value in the next argument, for [`help::command_for`]:
/// every flag of [`TopLevel`] (a test checks the list).
const TOP_LEVEL_VALUE_FLAGS: [&str; 2] = ["--color", "--now"];

impl clap::FromArgMatches for Cli {
    fn from_arg_matches(matches: &clap::ArgMatches) -> Result<Self, clap::Error> {
        Self::from_arg_matches_mut(&mut matches.clone())
    }

    /// Takes the values out of `matches` instead of copying them (as the derive does).
    fn from_arg_matches_mut(matches: &mut clap::ArgMatches) -> Result<Self, clap::Error> {
        let top = TopLevel::from_arg_matches_mut(matches)?;
        Ok(Cli {
            color: top.color,
            now: top.now,
            now_from_env: false,
            command: Command::from_arg_matches_mut(matches)?,
        })
    }

    fn update_from_arg_matches(&mut self, matches: &clap::ArgMatches) -> Result<(), clap::Error> {
        *self = Self::from_arg_matches(matches)?;
        Ok(())
    }
}

impl clap::CommandFactory for Cli {
    /// The whole tree, as clap's derive would build it (without the long help of [`command`]).
    fn command() -> clap::Command {
        help::tree()
    }

    fn command_for_update() -> clap::Command {
        help::tree()
    }
}

/// Parses the command line (the program name, then its arguments) against the part of the tree
/// it names ([`command_for`]).
pub fn parse(args: Vec<std::ffi::OsString>) -> Result<Cli, clap::Error> {
    use clap::error::ErrorKind;
    let mut cmd = command_for(&args, false);
    let parsed = cmd.try_get_matches_from_mut(&args);
    // The command is not needed again in this run, and dropping it is a tree of small frees
    // (about a tenth of a verify's own instructions): the process's exit returns the memory.
    std::mem::forget(cmd);
    let mut matches = match parsed {
        // A help is shown: the one of the command with its long help completed.
        Err(e)
            if matches!(
                e.kind(),
                ErrorKind::DisplayHelp | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
            ) =>
        {
            command_for(&args, true).try_get_matches_from(args)?
        }
        parsed => parsed?,
    };
    // Before the values are taken out of the matches.
    let now_from_env = clock_from_env(&matches);
    let mut cli = <Cli as clap::FromArgMatches>::from_arg_matches_mut(&mut matches)?;
    cli.now_from_env = now_from_env;
    Ok(cli)
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
    #[command(name = "sd-jwt")]
    SdJwt(SdJwtArgs),
    Completions(CompletionsArgs),
    Man(ManArgs),
}

/// The command `name` alone, built as clap's derive builds it inside the whole tree (a test
/// checks that it is the same); `None` if no command has that name.
fn one_command(name: &str) -> Option<clap::Command> {
    fn build<A: Args>(name: &'static str) -> clap::Command {
        A::augment_args(clap::Command::new(name))
    }
    Some(match name {
        "keygen" => build::<KeygenArgs>("keygen"),
        "sign" => build::<SignArgs>("sign"),
        "verify" => build::<VerifyArgs>("verify"),
        "decode" => build::<DecodeArgs>("decode"),
        "jwks" => build::<JwksArgs>("jwks"),
        "encrypt" => build::<EncryptArgs>("encrypt"),
        "decrypt" => build::<DecryptArgs>("decrypt"),
        "dpop" => build::<DpopArgs>("dpop"),
        "sd-jwt" => build::<SdJwtArgs>("sd-jwt"),
        "completions" => build::<CompletionsArgs>("completions"),
        "man" => build::<ManArgs>("man"),
        _ => return None,
    })
}

/// How a key file is read: shared by every command that takes one.
#[derive(Debug, Args, Clone)]
pub struct KeyInput {
    /// Where the passphrase of an encrypted private key comes from: @FILE, env:NAME, b64:DATA,
    /// - (stdin), prompt, or a literal. Default: prompt on a terminal.
    #[arg(long, value_name = "SPEC", value_parser = values::parse_secret)]
    pub passphrase: Option<SecretSpec>,
}

/// How `sign` and `encrypt` write a token: compact (RFC 7515/7516 §7.1), or the JSON
/// serialization flattened (one signature or recipient) or general (several).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Serialization {
    Compact,
    Flattened,
    General,
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

    fn os(argv: &[&str]) -> Vec<std::ffi::OsString> {
        argv.iter().map(Into::into).collect()
    }

    /// What parsing `argv` against a command gives: the parsed command line, or the error's
    /// kind and its text, plain and coloured (help and version are "errors" too).
    fn outcome(parsed: Result<Cli, clap::Error>) -> String {
        match parsed {
            Ok(cli) => format!("{cli:?}"),
            Err(e) => format!("{:?}\n{}\n{}", e.kind(), e.render(), e.render().ansi()),
        }
    }

    #[test]
    fn each_command_is_built_alone_as_the_whole_tree_builds_it() {
        let tree = help::tree();
        let names: Vec<&str> = tree.get_subcommands().map(|c| c.get_name()).collect();
        assert_eq!(
            names.len(),
            11,
            "a command was added: give it to one_command"
        );
        // Identical but for the command's place in the list of the top level's commands, which
        // only the top level's own help shows (never shown with a command named).
        let unplaced = |c: &clap::Command| format!("{:?}", c.clone().display_order(None));
        for sub in tree.get_subcommands() {
            let name = sub.get_name();
            let alone = one_command(name).unwrap_or_else(|| panic!("one_command({name})"));
            assert_eq!(unplaced(&alone), unplaced(sub), "{name}");
            // Completed the same way, under the same top level.
            let full = command();
            let pruned = command_for(&os(&["jwtctl", name]), true);
            assert_eq!(pruned.get_subcommands().count(), 1, "{name}");
            let (Some(a), Some(b)) = (pruned.find_subcommand(name), full.find_subcommand(name))
            else {
                panic!("{name} missing");
            };
            assert_eq!(unplaced(a), unplaced(b), "{name}");
        }
        assert!(one_command("help").is_none() && one_command("sig").is_none());
        // The top level is the same but for its commands.
        let top = <TopLevel as clap::CommandFactory>::command();
        let args = |c: &clap::Command| format!("{:?}", c.get_arguments().collect::<Vec<_>>());
        let groups = |c: &clap::Command| format!("{:?}", c.get_groups().collect::<Vec<_>>());
        assert_eq!(args(&top), args(&tree));
        assert_eq!(groups(&top), groups(&tree));
        assert!(tree.is_subcommand_required_set() && tree.is_arg_required_else_help_set());
        // The flags that take a value, which command_for skips to find the command.
        let mut value_flags: Vec<String> = top
            .get_arguments()
            .filter(|a| a.get_action().takes_values())
            .map(|a| format!("--{}", a.get_long().unwrap_or_default()))
            .collect();
        value_flags.sort();
        assert_eq!(value_flags, TOP_LEVEL_VALUE_FLAGS);
    }

    #[test]
    fn the_command_named_is_found_after_the_top_level_flags() {
        for (argv, name) in [
            (&["jwtctl", "sign", "--sub", "a"][..], Some("sign")),
            (
                &["jwtctl", "--color", "never", "verify", "t"],
                Some("verify"),
            ),
            (&["jwtctl", "--now", "sign", "decode"], Some("decode")),
            (
                &["jwtctl", "--now=1h", "--color=always", "jwks"],
                Some("jwks"),
            ),
            (&["jwtctl", "--color"], None),
            (&["jwtctl"], None),
            (&["jwtctl", "--help", "sign"], Some("--help")),
            (&["jwtctl", "--nowx", "sign"], Some("--nowx")),
        ] {
            assert_eq!(help::named_command(&os(argv)), name, "{argv:?}");
        }
        // Whatever is not exactly a command gets the whole tree.
        for argv in [
            &["jwtctl"][..],
            &["jwtctl", "--help"],
            &["jwtctl", "help", "sign"],
            &["jwtctl", "sig"],
            &["jwtctl", "--", "sign"],
            &["jwtctl", "-V", "sign"],
        ] {
            assert_eq!(
                command_for(&os(argv), false).get_subcommands().count(),
                command().get_subcommands().count(),
                "{argv:?}"
            );
        }
    }

    #[test]
    fn a_command_parses_alone_as_in_the_whole_tree() {
        // Every command (and jwks command) with no arguments, -h, --help, an unknown flag, a
        // misspelt one and a flag without its value; and a few runs that parse.
        let mut argvs: Vec<Vec<String>> = Vec::new();
        let tree = command();
        let mut paths: Vec<Vec<String>> = Vec::new();
        for sub in tree.get_subcommands() {
            paths.push(vec![sub.get_name().to_string()]);
            for subsub in sub.get_subcommands() {
                paths.push(vec![
                    sub.get_name().to_string(),
                    subsub.get_name().to_string(),
                ]);
            }
        }
        for path in paths {
            for tail in [
                &[][..],
                &["-h"],
                &["--help"],
                &["--bogus"],
                &["--kye", "k"],
                &["--key"],
                &["help"],
                &["--color", "sometimes"],
            ] {
                let mut argv = vec!["jwtctl".to_string()];
                argv.extend(path.iter().cloned());
                argv.extend(tail.iter().map(|s| s.to_string()));
                argvs.push(argv);
            }
        }
        for argv in [
            &[
                "jwtctl", "--color", "never", "sign", "--secret", "s", "--sub", "a",
            ][..],
            &[
                "jwtctl", "--now=1h", "verify", "--key", "k.pem", "--batch", "a", "b",
            ],
            &["jwtctl", "decode", "--json", "t", "--now", "2020-01-01"],
            &["jwtctl", "jwks", "thumbprint", "k", "--hash", "sha512"],
            &["jwtctl", "keygen", "--type", "rsaa"],
            &["jwtctl", "verify", "--key", "k", "--secret", "s", "t"],
            &["jwtctl", "verify", "--quiet", "--json", "--key", "k", "t"],
            &["jwtctl", "completions", "bash"],
            &["jwtctl", "man", "--list"],
            &["jwtctl", "sign", "--version"],
            &["jwtctl", "--version"],
            &["jwtctl", "-V"],
            &["jwtctl", "--version", "sign"],
            &["jwtctl", "-V", "--bogus"],
            &["jwtctl", "--color", "never", "--version"],
        ] {
            argvs.push(argv.iter().map(|s| s.to_string()).collect());
        }
        for argv in argvs {
            let argv: Vec<&str> = argv.iter().map(String::as_str).collect();
            let whole_tree = command().try_get_matches_from(&argv).and_then(|m| {
                <Cli as clap::FromArgMatches>::from_arg_matches(&m).map(|mut cli| {
                    cli.now_from_env = clock_from_env(&m);
                    cli
                })
            });
            assert_eq!(
                outcome(super::parse(os(&argv))),
                outcome(whole_tree),
                "{argv:?}"
            );
        }
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
