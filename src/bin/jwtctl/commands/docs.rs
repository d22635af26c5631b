//! `jwtctl completions` and `jwtctl man`: shell completions and man pages, generated from the
//! one clap definition, so `--help`, the pages and the completions cannot disagree.

use clap_complete::Shell;

use jwtctl::{Error, Result};

use super::{Context, Outcome};
use crate::cli::{self, CompletionsArgs, ManArgs, ShellArg};

pub fn completions(args: CompletionsArgs, ctx: &mut Context) -> Result<Outcome> {
    ctx.term
        .print(&completion_script(args.shell))
        .map(|()| Outcome::Success)
}

pub fn completion_script(shell: ShellArg) -> String {
    let mut cmd = cli::command();
    let mut out = Vec::new();
    match shell {
        ShellArg::Bash => clap_complete::generate(Shell::Bash, &mut cmd, "jwtctl", &mut out),
        ShellArg::Zsh => clap_complete::generate(Shell::Zsh, &mut cmd, "jwtctl", &mut out),
        ShellArg::Fish => clap_complete::generate(Shell::Fish, &mut cmd, "jwtctl", &mut out),
        ShellArg::Elvish => clap_complete::generate(Shell::Elvish, &mut cmd, "jwtctl", &mut out),
        ShellArg::Powershell => {
            clap_complete::generate(Shell::PowerShell, &mut cmd, "jwtctl", &mut out)
        }
        ShellArg::Nushell => {
            clap_complete::generate(clap_complete_nushell::Nushell, &mut cmd, "jwtctl", &mut out)
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

pub fn man(args: ManArgs, ctx: &mut Context) -> Result<Outcome> {
    if args.list {
        let names: String = pages().into_iter().map(|(n, _)| n + "\n").collect();
        return ctx.term.print(&names).map(|()| Outcome::Success);
    }
    let wanted = match args.page.as_deref() {
        None | Some("jwtctl") => "jwtctl".to_string(),
        Some(p) if p.starts_with("jwtctl-") => p.to_string(),
        Some(p) => format!("jwtctl-{p}"),
    };
    let Some((_, cmd)) = pages().into_iter().find(|(n, _)| *n == wanted) else {
        return Err(Error::usage(format!("no man page {wanted}"))
            .with_hint("'jwtctl man --list' names them"));
    };
    ctx.term.print(&render(cmd)).map(|()| Outcome::Success)
}

/// Every page: `jwtctl`, then one per command and per `jwks` command, named like the files in
/// `man/` without `.1`.
pub fn pages() -> Vec<(String, clap::Command)> {
    let mut top = cli::command();
    top.build();
    let mut out = vec![("jwtctl".to_string(), top.clone())];
    fn walk(cmd: &clap::Command, prefix: &str, out: &mut Vec<(String, clap::Command)>) {
        for sub in cmd.get_subcommands() {
            if sub.get_name() == "help" {
                continue;
            }
            let name = format!("{prefix}-{}", sub.get_name());
            let bin = name.replace('-', " ");
            out.push((name.clone(), sub.clone().name(name.clone()).bin_name(bin)));
            walk(sub, &name, out);
        }
    }
    walk(&top, "jwtctl", &mut out);
    out
}

/// A man page: clap_mangen's title, name, synopsis, description and options, then the long
/// help's "Heading:" blocks as sections (EXAMPLES, EXIT STATUS, ENVIRONMENT, ...).
pub fn render(cmd: clap::Command) -> String {
    let extra = cmd
        .get_after_long_help()
        .or_else(|| cmd.get_after_help())
        .map(|h| h.to_string())
        .unwrap_or_default();
    let man = clap_mangen::Man::new(cmd.clone())
        .date("")
        .source(format!("jwtctl {}", env!("CARGO_PKG_VERSION")))
        .manual("jwtctl manual");
    let mut out = Vec::new();
    let has_subcommands = cmd.get_subcommands().any(|s| s.get_name() != "help");
    let _ = man.render_title(&mut out);
    let _ = man.render_name_section(&mut out);
    let _ = man.render_synopsis_section(&mut out);
    let _ = man.render_description_section(&mut out);
    let _ = man.render_options_section(&mut out);
    if has_subcommands {
        let _ = man.render_subcommands_section(&mut out);
    }
    let mut text = String::from_utf8_lossy(&out).into_owned();
    for (heading, body) in sections(&extra) {
        text.push_str(&format!(".SH \"{}\"\n", heading.to_uppercase()));
        text.push_str(".nf\n");
        for line in body {
            text.push_str(&escape(line.strip_prefix("  ").unwrap_or(line)));
            text.push('\n');
        }
        text.push_str(".fi\n");
    }
    text.push_str(&format!(".SH VERSION\nv{}\n", env!("CARGO_PKG_VERSION")));
    text
}

/// Splits help text into ("Heading", lines) blocks at unindented lines ending in ':'.
fn sections(text: &str) -> Vec<(String, Vec<&str>)> {
    let mut out: Vec<(String, Vec<&str>)> = Vec::new();
    for line in text.lines() {
        if !line.starts_with(' ') && line.ends_with(':') && !line.is_empty() {
            out.push((line.trim_end_matches(':').to_string(), Vec::new()));
        } else if let Some((_, body)) = out.last_mut() {
            body.push(line);
        }
    }
    for (_, body) in &mut out {
        while body.last().is_some_and(|l| l.trim().is_empty()) {
            body.pop();
        }
    }
    out
}

/// roff escaping for a line of preformatted text.
fn escape(line: &str) -> String {
    let escaped = line.replace('\\', "\\e").replace('-', "\\-");
    if escaped.starts_with('.') || escaped.starts_with('\'') {
        format!("\\&{escaped}")
    } else {
        escaped
    }
}
