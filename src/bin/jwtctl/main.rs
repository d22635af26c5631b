//! `jwtctl`: parse the command line, run one command, turn the outcome into an exit code.
// Lints (Cargo.toml [lints]): no print macros; stderr goes through terminal::stderr_line
// (never a panic on a closed stderr), stdout through Terminal::print (a closed pipe ends the run
// quietly).

mod cache;
mod cli;
mod commands;
mod net;
mod terminal;

use std::process::ExitCode;

use jwtctl::present::output::{Paint, paint};
use jwtctl::{Error, ExitStatus, Kind};

use crate::terminal::{Terminal, stderr_line};

fn main() -> ExitCode {
    terminal::own_colour_decisions();
    let cli = match cli::parse(std::env::args_os().collect()) {
        Ok(cli) => cli,
        Err(e) => return clap_error(e),
    };
    let mut term = Terminal::new(cli.color);
    match commands::run(cli, &mut term) {
        Ok(outcome) => ExitCode::from(ExitStatus::from(outcome)),
        Err(e) => report(&e, &term),
    }
}

/// The one place errors reach the user: one `error:` line, at most one `hint:` line.
fn report(e: &Error, term: &Terminal) -> ExitCode {
    if e.kind == Kind::OutputClosed {
        return ExitCode::SUCCESS;
    }
    let color = term.color_stderr;
    stderr_line(&format!(
        "{} {}",
        paint("error:", Paint::Bad, color),
        one_line(&e.message)
    ));
    if let Some(hint) = &e.hint {
        stderr_line(&format!(
            "{} {}",
            paint("hint:", Paint::Dim, color),
            one_line(commands::hint_text(hint))
        ));
    }
    ExitCode::from(e.kind.exit_status())
}

/// The last line of defence: whatever a message quotes (file names, token fragments, values
/// already escaped where they were quoted) reaches the terminal escaped, on one line.
fn one_line(text: &str) -> std::borrow::Cow<'_, str> {
    jwtctl::text::escape_all(text)
}

/// clap's own messages are multi-line; keep its first line and its tip, as ours are shaped.
fn clap_error(e: clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            // Help and version are results: stdout, exit 0. A closed pipe is fine.
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = e.print();
            return ExitCode::from(2);
        }
        _ => {}
    }
    let text = e.render().to_string();
    // The message is the first line plus any indented continuation lines (the missing
    // arguments, the possible values); a "tip:" line becomes the hint.
    let mut message = String::new();
    let mut tip = None;
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim();
        if i == 0 {
            message.push_str(trimmed.strip_prefix("error: ").unwrap_or(trimmed));
        } else if let Some(t) = trimmed.strip_prefix("tip: ") {
            tip.get_or_insert_with(|| t.to_string());
        } else if line.starts_with("  ") && tip.is_none() && !trimmed.is_empty() {
            message.push(' ');
            message.push_str(trimmed);
        } else if trimmed.starts_with("Usage:") {
            break;
        }
    }
    let hint = tip.unwrap_or_else(|| match subcommand_in_argv() {
        Some(cmd) => format!("run 'jwtctl {cmd} --help' for usage"),
        None => "run 'jwtctl --help' for usage".to_string(),
    });
    // The command line did not parse, so --color is unknown: the auto rule decides.
    let color = terminal::use_colour(
        cli::ColorChoice::Auto,
        std::io::IsTerminal::is_terminal(&std::io::stderr()),
    );
    stderr_line(&format!(
        "{} {}",
        paint("error:", Paint::Bad, color),
        one_line(&message)
    ));
    stderr_line(&format!(
        "{} {}",
        paint("hint:", Paint::Dim, color),
        one_line(&hint)
    ));
    ExitCode::from(2)
}

/// The subcommand the user typed, for the usage hint.
fn subcommand_in_argv() -> Option<String> {
    let names: Vec<String> = <cli::Cli as clap::CommandFactory>::command()
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect();
    std::env::args().skip(1).find(|a| names.contains(a))
}
