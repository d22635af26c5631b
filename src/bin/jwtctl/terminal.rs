//! The terminal side of the tool: colour decisions, prompts without echo, standard input and
//! standard output. The core never touches any of these.

use std::ffi::OsStr;
use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

use jwtctl::input::Input;
use jwtctl::input::secret::{self, Console, Secret, SecretSpec};
use jwtctl::present::output::{Paint, paint};
use jwtctl::{Error, Kind, Result};

use crate::cli::ColorChoice;

/// A failed write to standard output: a closed pipe (`| head`) ends the program quietly; any
/// other failure is an I/O error.
pub fn stdout_error(e: std::io::Error) -> Error {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        Error::new(Kind::OutputClosed, "standard output was closed")
    } else {
        Error::io(format!(
            "cannot write to standard output: {}",
            jwtctl::error::describe_io(&e)
        ))
    }
}

/// Writes one line to standard error, in one write. Standard error is where the program
/// talks about its run, never its result: a closed or failing stderr (a pipe whose reader has
/// gone, a full disk) loses the line and nothing else, and the exit status stays the one the
/// run decided. (`eprintln!` would panic there, exit 101.)
pub fn stderr_line(line: &str) {
    let mut text = String::with_capacity(line.len() + 1);
    text.push_str(line);
    text.push('\n');
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}

pub struct Terminal {
    pub color_stdout: bool,
    pub color_stderr: bool,
    /// Standard output is a terminal: untrusted text results are shown escaped.
    stdout_tty: bool,
    stdin_used: bool,
}

/// Hands every colour decision to [`use_colour`]: left alone, the `colored` crate applies its
/// own reading of NO_COLOR (set at all), CLICOLOR and whether standard output is a terminal to
/// every string painted. Called first thing in main, before any message can be painted.
pub fn own_colour_decisions() {
    colored::control::set_override(true);
}

/// Whether output to a stream gets colour, for every message and result the tool prints (the
/// usage errors of main.rs included): the one place NO_COLOR is read.
pub fn use_colour(choice: ColorChoice, is_terminal: bool) -> bool {
    colour_rule(choice, is_terminal, std::env::var_os("NO_COLOR").as_deref())
}

/// The rule of `--help` and the README: --color always and never decide; auto colours a
/// terminal, unless NO_COLOR is set and not empty (https://no-color.org).
fn colour_rule(choice: ColorChoice, is_terminal: bool, no_color: Option<&OsStr>) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => is_terminal && no_color.is_none_or(OsStr::is_empty),
    }
}

impl Terminal {
    pub fn new(choice: ColorChoice) -> Self {
        let stdout_tty = std::io::stdout().is_terminal();
        Terminal {
            color_stdout: use_colour(choice, stdout_tty),
            color_stderr: use_colour(choice, std::io::stderr().is_terminal()),
            stdout_tty,
            stdin_used: false,
        }
    }

    /// Whether standard output is a terminal (a person reads it, not a program; untrusted
    /// text is then shown escaped).
    pub fn stdout_is_terminal(&self) -> bool {
        self.stdout_tty
    }

    /// Prints the result to stdout in one write. A closed pipe (`| head`) ends the program
    /// quietly; any other failure is an I/O error.
    pub fn print(&self, text: &str) -> Result<()> {
        self.print_bytes(text.as_bytes())
    }

    /// Like [`Terminal::print`], for output that need not be text (a decrypted payload).
    pub fn print_bytes(&self, bytes: &[u8]) -> Result<()> {
        let mut out = std::io::stdout().lock();
        out.write_all(bytes)
            .and_then(|()| out.flush())
            .map_err(stdout_error)
    }

    /// A result whose bytes come from outside (a decrypted or non-JSON payload): exact in a
    /// pipe or file, but escaped (as text) on a terminal, which they must not drive.
    pub fn print_untrusted(&self, bytes: &[u8]) -> Result<()> {
        if !self.stdout_tty {
            return self.print_bytes(bytes);
        }
        let text = String::from_utf8_lossy(bytes);
        self.print(&jwtctl::text::escape_lines(&text))
    }

    /// A warning on stderr; whatever it quotes is shown escaped (see [`jwtctl::text`]).
    pub fn warn(&self, message: &str) {
        let message = jwtctl::text::escape_all(message);
        stderr_line(&format!(
            "{} {message}",
            paint("warning:", Paint::Warning, self.color_stderr)
        ));
    }

    /// A notice on stderr, escaped like a warning.
    pub fn notice(&self, message: &str) {
        let message = jwtctl::text::escape_all(message);
        stderr_line(&message);
    }

    /// Reads all of stdin as `input`, up to its limit, once; a second reader is a usage error.
    /// `label` names the input in messages.
    pub fn read_stdin_once(&mut self, input: Input, label: &str) -> Result<Vec<u8>> {
        if self.stdin_used {
            return Err(Error::usage(format!(
                "{label} cannot read standard input: another input already did"
            )));
        }
        self.stdin_used = true;
        input.read_all(std::io::stdin().lock(), label)
    }

    /// Asks for the passphrase of an encrypted key file.
    pub fn key_passphrase(&mut self, source: &str) -> Result<Secret> {
        let text = self.read_hidden(
            &format!("Passphrase for {}: ", jwtctl::text::escape(source)),
            "--passphrase",
        )?;
        if text.is_empty() {
            return Err(Error::key("--passphrase: the passphrase is empty"));
        }
        Ok(Secret::new(text.into_bytes()))
    }

    /// Resolves a secret spec, printing its warnings.
    pub fn secret(&mut self, spec: &SecretSpec, flag: &str) -> Result<Secret> {
        let resolved = secret::resolve(spec, flag, self)?;
        for w in &resolved.warnings {
            self.warn(w);
        }
        Ok(resolved.secret)
    }

    /// A new passphrase: from `spec`, or typed twice on the terminal.
    pub fn new_passphrase(&mut self, spec: Option<&SecretSpec>) -> Result<Secret> {
        if let Some(spec) = spec {
            return self.secret(spec, "--passphrase");
        }
        let first = self.read_hidden("New passphrase: ", "--passphrase")?;
        let second = self.read_hidden("Repeat passphrase: ", "--passphrase")?;
        if first != second {
            return Err(Error::usage("the passphrases do not match"));
        }
        if first.is_empty() {
            return Err(Error::key("--passphrase: the passphrase is empty"));
        }
        Ok(Secret::new(first.into_bytes()))
    }

    /// Shows `prompt` and reads a line without echo. Errors when there is no terminal to ask;
    /// `flag` names the option that would have avoided the prompt.
    fn read_hidden(&mut self, prompt: &str, flag: &str) -> Result<String> {
        if !std::io::stdin().is_terminal() {
            return Err(Error::usage(format!(
                "{flag} is needed and cannot be asked for: standard input is not a terminal"
            ))
            .with_hint(format!(
                "give it as {flag} @FILE, {flag} env:NAME or {flag} -"
            )));
        }
        rpassword::prompt_password(prompt)
            .map_err(|e| Error::io(format!("cannot read from the terminal: {e}")))
    }
}

impl Console for Terminal {
    fn read_stdin(&mut self, input: Input, label: &str) -> Result<Vec<u8>> {
        self.read_stdin_once(input, label)
    }

    /// `label` is the flag that asked for a prompt.
    fn ask_hidden(&mut self, label: &str) -> Result<String> {
        self.read_hidden(&prompt_for(label), label)
    }
}

/// The prompt for the secret a flag asks for: `--secret` prompts "Secret: ".
fn prompt_for(flag: &str) -> String {
    let name = flag.trim_start_matches('-');
    let mut prompt = name[..1.min(name.len())].to_uppercase();
    prompt.push_str(name.get(1..).unwrap_or(""));
    prompt.push_str(": ");
    prompt
}

/// How often the progress line is redrawn, at most; a run shorter than this never shows one.
pub const PROGRESS_INTERVAL: Duration = Duration::from_millis(200);

/// What the progress line of `verify --batch` counts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    pub valid: usize,
    pub rejected: usize,
    /// Bytes of input read so far.
    pub bytes: u64,
}

/// The progress line of long work (`verify --batch`) on standard error: only when standard
/// error is a terminal, redrawn in place at most every [`PROGRESS_INTERVAL`], and erased
/// ([`Progress::clear`], and when dropped) before anything else is written to the terminal.
/// It shows only numbers the tool counted, never text from the input.
pub struct Progress {
    started: Instant,
    last_drawn: Instant,
    shown: bool,
    /// Bytes of input in all, when every input is a regular file.
    total: Option<u64>,
}

impl Progress {
    /// A progress line if standard error is a terminal, else `None`.
    pub fn on_stderr(total: Option<u64>) -> Option<Progress> {
        if !std::io::stderr().is_terminal() {
            return None;
        }
        let now = Instant::now();
        Some(Progress {
            started: now,
            last_drawn: now,
            shown: false,
            total,
        })
    }

    /// Redraws the line with `tally` if [`PROGRESS_INTERVAL`] has passed since it was last
    /// drawn (or since the start).
    pub fn update(&mut self, tally: Tally) {
        let now = Instant::now();
        if now.duration_since(self.last_drawn) < PROGRESS_INTERVAL {
            return;
        }
        self.last_drawn = now;
        let text = progress_text(tally, now.duration_since(self.started), self.total);
        // Back to the start of the line, the text, and erase what a longer line left.
        let _ = std::io::stderr()
            .lock()
            .write_all(format!("\r{text}\x1b[K").as_bytes());
        self.shown = true;
    }

    /// Erases the line, if one is shown, and leaves the cursor at the start of the line.
    pub fn clear(&mut self) {
        if self.shown {
            let _ = std::io::stderr().lock().write_all(b"\r\x1b[K");
            self.shown = false;
        }
    }
}

impl Drop for Progress {
    /// An error ending the run is written after the line is erased, not on the same line.
    fn drop(&mut self) {
        self.clear();
    }
}

/// The text of the progress line: tokens done, valid and rejected, the rate since the start,
/// and with the input's size known, how far through it the run is and the time left at that
/// rate. Under 80 columns up to 100 million valid and 100 million rejected tokens.
fn progress_text(tally: Tally, elapsed: Duration, total: Option<u64>) -> String {
    let done = tally.valid.saturating_add(tally.rejected);
    let secs = elapsed.as_secs_f64();
    let rate = if secs > 0.0 { done as f64 / secs } else { 0.0 };
    let mut text = format!(
        "{done} tokens, {} valid, {} rejected, {rate:.0}/s",
        tally.valid, tally.rejected
    );
    if let Some(total) = total.filter(|&t| t > 0) {
        let bytes = tally.bytes.min(total);
        let percent = bytes.saturating_mul(100) / total;
        text.push_str(&format!(", {percent}%"));
        if bytes > 0 && secs > 0.0 {
            let left = (total - bytes) as f64 * secs / bytes as f64;
            text.push_str(&format!(" ETA {}", short_duration(left)));
        }
    }
    text
}

/// 42s, 3m05s, 2h07m.
fn short_duration(secs: f64) -> String {
    let s = secs.round().clamp(0.0, 359_999.0) as u64;
    match s {
        0..60 => format!("{s}s"),
        60..3600 => format!("{}m{:02}s", s / 60, s % 60),
        _ => format!("{}h{:02}m", s / 3600, s % 3600 / 60),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_progress_line_counts_rates_and_says_what_is_left_when_the_size_is_known() {
        let tally = Tally {
            valid: 29_990,
            rejected: 10,
            bytes: 1_500_000,
        };
        let second = Duration::from_secs(1);
        assert_eq!(
            progress_text(tally, 2 * second, None),
            "30000 tokens, 29990 valid, 10 rejected, 15000/s"
        );
        assert_eq!(
            progress_text(tally, 2 * second, Some(6_000_000)),
            "30000 tokens, 29990 valid, 10 rejected, 15000/s, 25% ETA 6s"
        );
        // Input that grew while it was read: never over 100%, nothing negative.
        assert_eq!(
            progress_text(tally, 2 * second, Some(1_000_000)),
            "30000 tokens, 29990 valid, 10 rejected, 15000/s, 100% ETA 0s"
        );
        // An empty file, or nothing read yet.
        assert_eq!(
            progress_text(Tally::default(), Duration::ZERO, Some(0)),
            "0 tokens, 0 valid, 0 rejected, 0/s"
        );
        assert_eq!(
            progress_text(Tally::default(), second, Some(10)),
            "0 tokens, 0 valid, 0 rejected, 0/s, 0%"
        );
        let worst = Tally {
            valid: 99_999_999,
            rejected: 99_999_999,
            bytes: 1,
        };
        let text = progress_text(worst, 100 * second, Some(u64::MAX));
        assert!(text.len() < 80, "{text}");
        assert_eq!(short_duration(59.4), "59s");
        assert_eq!(short_duration(185.0), "3m05s");
        assert_eq!(short_duration(7620.0), "2h07m");
        assert_eq!(short_duration(1e12), "99h59m");
    }

    #[test]
    fn no_color_set_and_not_empty_turns_auto_colour_off() {
        let set = Some(OsStr::new("1"));
        let empty = Some(OsStr::new(""));
        assert!(colour_rule(ColorChoice::Auto, true, None));
        assert!(
            colour_rule(ColorChoice::Auto, true, empty),
            "an empty NO_COLOR is not set"
        );
        assert!(!colour_rule(ColorChoice::Auto, true, set));
        assert!(!colour_rule(ColorChoice::Auto, false, None));
        assert!(colour_rule(ColorChoice::Always, false, set));
        assert!(!colour_rule(ColorChoice::Never, true, None));
    }

    #[test]
    fn colour_is_decided_here_not_by_the_colored_crate() {
        // Under `cargo test` standard output is not a terminal, so `colored` alone would paint
        // nothing.
        own_colour_decisions();
        assert_eq!(paint("error:", Paint::Bad, true), "\x1b[1;31merror:\x1b[0m");
        assert_eq!(paint("error:", Paint::Bad, false), "error:");
    }

    #[test]
    fn prompts_are_named_after_the_flag() {
        assert_eq!(prompt_for("--secret"), "Secret: ");
        assert_eq!(prompt_for("--password"), "Password: ");
        assert_eq!(prompt_for("--passphrase"), "Passphrase: ");
    }
}
