//! The flags of `jwtctl completions` and `jwtctl man` (commands/docs.rs).

use clap::{Args, ValueEnum};

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
