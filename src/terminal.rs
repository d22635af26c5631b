//! The terminal side of the tool: colour decisions, prompts without echo, standard input and
//! standard output. The core never touches any of these.

use std::io::{IsTerminal, Read, Write};

use jwtctl::error::{Error, Kind, Result};
use jwtctl::output::{Paint, paint};
use jwtctl::secret::{self, Console, Secret, SecretSpec};

use crate::cli::ColorChoice;

/// Largest standard input read as a whole (a token, a key, a claims file): 16 MiB.
pub const MAX_STDIN: u64 = 16 * 1024 * 1024;

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
    stdin_used: bool,
}

impl Terminal {
    pub fn new(choice: ColorChoice) -> Self {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let decide = |is_tty: bool| match choice {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => is_tty && !no_color,
        };
        // Colour is decided per stream here; the `colored` crate must not second-guess it.
        colored::control::set_override(true);
        Terminal {
            color_stdout: decide(std::io::stdout().is_terminal()),
            color_stderr: decide(std::io::stderr().is_terminal()),
            stdin_used: false,
        }
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

    pub fn warn(&self, message: &str) {
        stderr_line(&format!(
            "{} {message}",
            paint("warning:", Paint::Warning, self.color_stderr)
        ));
    }

    pub fn notice(&self, message: &str) {
        stderr_line(message);
    }

    /// Reads all of stdin, once; a second reader is a usage error.
    pub fn read_stdin_once(&mut self, what: &str) -> Result<Vec<u8>> {
        if self.stdin_used {
            return Err(Error::usage(format!(
                "{what} cannot read standard input: another input already did"
            )));
        }
        self.stdin_used = true;
        let mut bytes = Vec::new();
        std::io::stdin()
            .take(MAX_STDIN + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| Error::io(format!("cannot read standard input: {e}")))?;
        if bytes.len() as u64 > MAX_STDIN {
            return Err(Error::malformed(format!(
                "standard input is larger than the {} MiB limit",
                MAX_STDIN >> 20
            )));
        }
        Ok(bytes)
    }

    /// Asks for the passphrase of an encrypted key file.
    pub fn key_passphrase(&mut self, source: &str) -> Result<Secret> {
        let text = self.prompt_hidden(&format!("Passphrase for {source}: "), "--passphrase")?;
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
    pub fn new_passphrase(&mut self, spec: Option<&str>) -> Result<Secret> {
        if let Some(spec) = spec {
            return self.secret(&SecretSpec::parse(spec), "--passphrase");
        }
        let first = self.prompt_hidden("New passphrase: ", "--passphrase")?;
        let second = self.prompt_hidden("Repeat passphrase: ", "--passphrase")?;
        if first != second {
            return Err(Error::usage("the passphrases do not match"));
        }
        if first.is_empty() {
            return Err(Error::key("--passphrase: the passphrase is empty"));
        }
        Ok(Secret::new(first.into_bytes()))
    }
}

impl Console for Terminal {
    fn read_stdin(&mut self) -> std::io::Result<Vec<u8>> {
        self.read_stdin_once("a secret")
            .map_err(|e| std::io::Error::other(e.message))
    }

    fn prompt_hidden(&mut self, prompt: &str, flag: &str) -> Result<String> {
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
