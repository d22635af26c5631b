//! Where secrets come from (`jwtctl sign --help`, `--secret`): `@PATH`, `env:NAME`, `b64:DATA`, `-` (stdin),
//! `prompt`, or a literal. Secret bytes live in `Secret`, which zeroes itself and never prints.
//! Reading stdin and prompting belong to the caller, through `Console`.

use std::fmt;
use std::path::PathBuf;

use zeroize::Zeroizing;

use crate::error::{Error, Result};
use crate::input::{Input, Problem};
use crate::jose::b64;

/// Secret bytes. `Debug` shows the length only.
#[derive(Clone)]
pub struct Secret(Zeroizing<Vec<u8>>);

impl Secret {
    pub fn new(bytes: Vec<u8>) -> Self {
        Secret(Zeroizing::new(bytes))
    }
    pub fn bytes(&self) -> &[u8] {
        &self.0
    }
    pub fn len(&self) -> usize {
        self.0.len()
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Secret({} bytes)", self.0.len())
    }
}

/// How a secret was specified on the command line.
#[derive(Clone, PartialEq, Eq)]
pub enum SecretSpec {
    File(PathBuf),
    Env(String),
    Base64(String),
    Stdin,
    Prompt,
    Literal(String),
}

impl fmt::Debug for SecretSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SecretSpec::File(p) => write!(f, "File({})", p.display()),
            SecretSpec::Env(n) => write!(f, "Env({n})"),
            SecretSpec::Base64(_) => f.write_str("Base64(..)"),
            SecretSpec::Stdin => f.write_str("Stdin"),
            SecretSpec::Prompt => f.write_str("Prompt"),
            SecretSpec::Literal(_) => f.write_str("Literal(..)"),
        }
    }
}

impl SecretSpec {
    pub fn parse(spec: &str) -> SecretSpec {
        if let Some(path) = spec.strip_prefix('@') {
            SecretSpec::File(PathBuf::from(path))
        } else if let Some(name) = spec.strip_prefix("env:") {
            SecretSpec::Env(name.to_string())
        } else if let Some(data) = spec.strip_prefix("b64:") {
            SecretSpec::Base64(data.to_string())
        } else if spec == "-" {
            SecretSpec::Stdin
        } else if spec == "prompt" {
            SecretSpec::Prompt
        } else {
            SecretSpec::Literal(spec.to_string())
        }
    }

    pub fn reads_stdin(&self) -> bool {
        matches!(self, SecretSpec::Stdin)
    }
}

/// The terminal side of secret input, implemented by the command layer.
pub trait Console {
    /// All of standard input, read as `input` (up to its limit); `label` names it in messages.
    fn read_stdin(&mut self, input: Input, label: &str) -> Result<Vec<u8>>;
    /// Asks for the secret `label` names and reads a line without echo. Errors when there is
    /// no terminal to ask.
    fn ask_hidden(&mut self, label: &str) -> Result<String>;
}

/// A secret plus the warnings the user should see about how it was given.
#[derive(Debug)]
pub struct Resolved {
    pub secret: Secret,
    pub warnings: Vec<String>,
}

/// Reads the secret `spec` names. `label` names it in messages (the command line passes the
/// flag that gave the spec).
/// Every failure is a key problem (exit 4, see [`crate::input`]): a missing file or variable, a
/// secret over the limit (files and standard input are never read past it), an empty secret.
pub fn resolve(spec: &SecretSpec, label: &str, console: &mut dyn Console) -> Result<Resolved> {
    let mut warnings = Vec::new();
    let bytes: Vec<u8> = match spec {
        SecretSpec::File(path) => {
            let bytes = Input::Secret.read_file(path, &format!("{label} @{}", path.display()))?;
            if bytes.ends_with(b"\n") {
                warnings.push(format!(
                    "{label} @{}: the file ends with a newline, which is part of the secret",
                    path.display()
                ));
            }
            bytes
        }
        SecretSpec::Env(name) => match std::env::var_os(name) {
            Some(value) => value.into_encoded_bytes(),
            None => {
                return Err(Input::Secret.error(
                    Problem::Missing,
                    format!("{label} env:{name}: environment variable {name} is not set"),
                ));
            }
        },
        SecretSpec::Base64(data) => b64::decode_any(data.trim()).map_err(|why| {
            Input::Secret.error(
                Problem::Malformed,
                format!("{label} b64:...: not base64 ({why})"),
            )
        })?,
        SecretSpec::Stdin => {
            let mut bytes = console.read_stdin(Input::Secret, &format!("{label} -"))?;
            strip_line_end(&mut bytes);
            bytes
        }
        SecretSpec::Prompt => console.ask_hidden(label)?.into_bytes(),
        SecretSpec::Literal(text) => text.clone().into_bytes(),
    };
    // Files and standard input stop at the limit; the other sources are measured here.
    if bytes.len() > Input::Secret.limit() {
        let source = match spec {
            SecretSpec::Env(name) => format!("env:{name}"),
            SecretSpec::Base64(_) => "b64:...".to_string(),
            SecretSpec::Prompt => "prompt".to_string(),
            _ => "(the value given)".to_string(),
        };
        return Err(Input::Secret.too_large(&format!("{label} {source}")));
    }
    if bytes.is_empty() {
        return Err(Error::key(format!("{label} is empty"))
            .with_hint("an empty HMAC secret or passphrase protects nothing"));
    }
    Ok(Resolved {
        secret: Secret::new(bytes),
        warnings,
    })
}

/// `echo secret | jwtctl ...` adds one newline that is not part of the secret.
fn strip_line_end(bytes: &mut Vec<u8>) {
    if bytes.ends_with(b"\n") {
        bytes.pop();
        if bytes.ends_with(b"\r") {
            bytes.pop();
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A console with canned stdin and answers, for tests.
    pub struct FakeConsole {
        pub stdin: Vec<u8>,
        pub answers: Vec<String>,
    }

    impl Console for FakeConsole {
        fn read_stdin(&mut self, input: Input, label: &str) -> Result<Vec<u8>> {
            input.read_all(&std::mem::take(&mut self.stdin)[..], label)
        }
        fn ask_hidden(&mut self, _label: &str) -> Result<String> {
            if self.answers.is_empty() {
                Err(Error::usage("no terminal"))
            } else {
                Ok(self.answers.remove(0))
            }
        }
    }

    fn fake(stdin: &[u8]) -> FakeConsole {
        FakeConsole {
            stdin: stdin.to_vec(),
            answers: vec!["typed".into()],
        }
    }

    fn get(spec: &str, console: &mut FakeConsole) -> Result<Resolved> {
        resolve(&SecretSpec::parse(spec), "--secret", console)
    }

    #[test]
    fn every_source() {
        let mut c = fake(b"from-stdin\n");
        assert_eq!(get("literal", &mut c).unwrap().secret.bytes(), b"literal");
        assert_eq!(get("b64:aGk=", &mut c).unwrap().secret.bytes(), b"hi");
        assert_eq!(get("b64:-_8", &mut c).unwrap().secret.bytes(), [0xfb, 0xff]);
        assert_eq!(get("-", &mut c).unwrap().secret.bytes(), b"from-stdin");
        assert_eq!(get("prompt", &mut c).unwrap().secret.bytes(), b"typed");
        // The test process always has PATH (cargo sets it); no need to modify the environment.
        let path = std::env::var("PATH").unwrap();
        assert_eq!(
            get("env:PATH", &mut c).unwrap().secret.bytes(),
            path.as_bytes()
        );
    }

    #[test]
    fn files_keep_exact_bytes_and_warn_on_newline() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s");
        std::fs::write(&path, b"abc\n").unwrap();
        let r = get(&format!("@{}", path.display()), &mut fake(b"")).unwrap();
        assert_eq!(r.secret.bytes(), b"abc\n");
        assert_eq!(r.warnings.len(), 1);
        let missing = get("@/nonexistent/secret", &mut fake(b"")).unwrap_err();
        assert_eq!(missing.kind, crate::error::Kind::Key);
        assert_eq!(
            missing.message,
            "cannot read --secret @/nonexistent/secret: No such file or directory"
        );
    }

    #[test]
    fn empty_secrets_are_key_errors() {
        for spec in ["", "b64:", "-"] {
            let e = get(spec, &mut fake(b"\n")).unwrap_err();
            assert_eq!(e.kind, crate::error::Kind::Key, "{spec:?}");
        }
        let e = get("env:JWTCTL_TEST_UNSET_VARIABLE", &mut fake(b"")).unwrap_err();
        assert_eq!(e.kind, crate::error::Kind::Key);
    }

    #[test]
    fn every_source_is_bounded() {
        let limit = Input::Secret.limit();
        let big = vec![b'a'; limit + 1];
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big");
        std::fs::write(&path, &big).unwrap();
        let literal = String::from_utf8(big.clone()).unwrap();
        for spec in [
            format!("@{}", path.display()),
            format!("b64:{}", crate::jose::b64::encode(&big)),
            "-".to_string(),
            literal,
        ] {
            let e = get(&spec, &mut fake(&big)).unwrap_err();
            assert_eq!(
                e.kind,
                crate::error::Kind::TooLarge {
                    what: crate::error::Bounded::Secret,
                    limit: 64 * 1024
                },
                "{:.20}",
                spec
            );
            assert_eq!(e.kind.exit_status(), crate::error::ExitStatus::Key);
            assert!(e.message.contains("64 KiB limit"), "{}", e.message);
        }
        let mut at_limit = fake(&big[..limit]);
        assert_eq!(get("-", &mut at_limit).unwrap().secret.len(), limit);
    }

    #[test]
    fn debug_never_shows_the_secret() {
        let s = Secret::new(b"hunter2".to_vec());
        assert_eq!(format!("{s:?}"), "Secret(7 bytes)");
        assert!(!format!("{:?}", SecretSpec::parse("hunter2")).contains("hunter2"));
    }
}
