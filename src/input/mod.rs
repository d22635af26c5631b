//! Every input jwtctl reads, the most it reads of each, and the one mapping from what went wrong
//! with an input to an exit status. Reads are bounded: a file or stream is read up to its
//! input's limit plus one byte, never further, so `--secret @/dev/zero` fails at once instead
//! of exhausting memory. Uses only `error` and `jose::{b64, json}`.
//!
//! The mapping (README "Exit status", and the man page's EXIT STATUS section):
//!
//! | input | missing, unreadable | too large, not text, malformed |
//! |---|---|---|
//! | key material: `--key`, `--verify-key`, KEY arguments, `--jwks` FILE, `jwks show` FILE, `--merge`, `--secret`, `--passphrase`, `--password` | 4 | 4 |
//! | everything else: TOKEN, `--claims`, `--payload`, `--deny`, `--seen` | 5 | 3 |
//!
//! A key problem is exit 4 whatever it is (the exit-status table: "missing, unreadable, unsupported"); for the
//! other inputs a file that cannot be read is an I/O failure (5) and content that is wrong is
//! malformed input (3). A URL that cannot be fetched is a network failure (5), while a fetched
//! document that is not a key set is a key problem (4).

/// Key files and JWKS documents: 1 MiB.
pub(crate) const MAX_KEY_FILE: usize = 1024 * 1024;

pub mod claims;
pub mod secret;
pub mod time;

use std::io::Read;
use std::path::Path;

use crate::error::{Bounded, Error, Kind, Result, describe_io};

/// A DPoP `--seen` store: 6 MiB, room for its 100 000 entries of at most 58 bytes.
pub(crate) const MAX_SEEN_STORE: usize = 6 * 1024 * 1024;

/// Largest token accepted, in bytes (after trimming): 1 MiB.
pub(crate) const MAX_TOKEN_LEN: usize = 1024 * 1024;

/// Most signatures in one JWS (general JSON serialization): each is checked against each key.
pub const MAX_SIGNATURES: usize = 64;

/// Most recipients in one JWE (general JSON serialization): each may be tried with the key.
pub const MAX_RECIPIENTS: usize = 64;

/// Most disclosures in one SD-JWT: each is decoded, hashed and looked up once.
pub const MAX_DISCLOSURES: usize = 1024;

/// Largest SD-JWT disclosure, in bytes as given (base64url): 64 KiB.
pub const MAX_DISCLOSURE_LEN: usize = 64 * 1024;

/// What an input is for, which decides its size limit and how its failures are reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Input {
    /// TOKEN: an argument, `@FILE` or standard input.
    Token,
    /// `--claims FILE|-`.
    Claims,
    /// `encrypt --payload FILE|-`.
    Payload,
    /// `verify --deny FILE`.
    DenyList,
    /// `dpop verify --seen FILE`: the jtis of accepted DPoP proofs.
    SeenStore,
    /// A key file: `--key`, `--verify-key`, the KEY arguments of the jwks commands.
    Key,
    /// A JWK Set: `--jwks FILE|URL`, `jwks show FILE|URL`, `jwks create --merge`.
    KeySet,
    /// `--secret`, `--passphrase`, `--password`, from any source (@FILE, env:NAME, -, ...).
    Secret,
}

/// What went wrong with an input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    /// The file (or environment variable) does not exist.
    Missing,
    /// It exists but cannot be read (permissions, a directory, an I/O error).
    Unreadable,
    /// It is larger than the input's limit.
    TooLarge,
    /// It is not UTF-8 text where text is needed.
    NotText,
    /// Its content is not what it should be (not JSON, not a key, not a JWT...).
    Malformed,
}

/// Room for what people paste around a token of the largest size (`Bearer `, quotes, spaces).
const TOKEN_SLACK: usize = 4096;

impl Input {
    #[cfg(test)]
    pub(crate) const ALL: [Input; 8] = [
        Input::Token,
        Input::Claims,
        Input::Payload,
        Input::DenyList,
        Input::SeenStore,
        Input::Key,
        Input::KeySet,
        Input::Secret,
    ];

    /// The limit a message names, in bytes.
    pub(crate) fn limit(self) -> usize {
        match self {
            Input::Token => MAX_TOKEN_LEN,
            Input::Claims | Input::Payload => 1024 * 1024,
            Input::DenyList => 64 * 1024 * 1024,
            Input::SeenStore => MAX_SEEN_STORE,
            Input::Key | Input::KeySet => MAX_KEY_FILE,
            Input::Secret => 64 * 1024,
        }
    }

    /// The most bytes read: the limit, plus room around a token.
    fn read_cap(self) -> usize {
        match self {
            Input::Token => self.limit() + TOKEN_SLACK,
            _ => self.limit(),
        }
    }

    /// "a key file", for messages.
    pub(crate) fn noun(self) -> &'static str {
        match self {
            Input::Token => "a token",
            Input::Claims => "a claims file",
            Input::Payload => "a payload",
            Input::DenyList => "a deny list",
            Input::SeenStore => "a store of seen proofs",
            Input::Key => "a key file",
            Input::KeySet => "a key set",
            Input::Secret => "a secret or passphrase",
        }
    }

    /// What this input's limit bounds, in the terms of the error type.
    pub(crate) fn bounded(self) -> Bounded {
        match self {
            Input::Token => Bounded::Token,
            Input::Claims => Bounded::Claims,
            Input::Payload => Bounded::Payload,
            Input::DenyList => Bounded::DenyList,
            Input::SeenStore => Bounded::SeenStore,
            Input::Key => Bounded::KeyFile,
            Input::KeySet => Bounded::KeySet,
            Input::Secret => Bounded::Secret,
        }
    }

    /// Key material: every problem with it is a key problem.
    pub(crate) fn holds_keys(self) -> bool {
        self.bounded().holds_keys()
    }

    /// The one mapping from (input, problem) to what the exit status reports. Going over the
    /// limit is [`Kind::TooLarge`], which carries the limit and exits as the others do.
    pub(crate) fn kind(self, problem: Problem) -> Kind {
        match (self.holds_keys(), problem) {
            (_, Problem::TooLarge) => Kind::TooLarge {
                what: self.bounded(),
                limit: self.limit() as u64,
            },
            (true, _) => Kind::Key,
            (false, Problem::Missing | Problem::Unreadable) => Kind::Io,
            (false, Problem::NotText | Problem::Malformed) => Kind::Malformed,
        }
    }

    /// The error for `problem`, of the kind the mapping gives.
    pub fn error(self, problem: Problem, message: impl Into<String>) -> Error {
        Error::new(self.kind(problem), message)
    }

    /// `label` is larger than the limit.
    pub(crate) fn too_large(self, label: &str) -> Error {
        self.error(
            Problem::TooLarge,
            format!(
                "{label} is larger than the {} limit for {}",
                size(self.limit()),
                self.noun()
            ),
        )
    }

    /// An I/O error reading the input `label` names: missing or unreadable.
    pub(crate) fn io_error(self, label: &str, err: &std::io::Error) -> Error {
        let problem = match err.kind() {
            std::io::ErrorKind::NotFound => Problem::Missing,
            _ => Problem::Unreadable,
        };
        self.error(
            problem,
            format!("cannot read {label}: {}", describe_io(err)),
        )
    }

    /// An error found while parsing this input's content, given the kind the mapping gives
    /// content that is wrong: a JWKS that is not JSON is a key problem when it is a key set,
    /// malformed input when it is claims. Only the kind changes. Errors that are not about the
    /// content (usage, I/O, a limit, which knows what it bounds) are kept.
    pub fn recast(self, mut e: Error) -> Error {
        if matches!(e.kind, Kind::Malformed | Kind::Key) {
            e.kind = self.kind(Problem::Malformed);
        }
        e
    }

    /// Reads all of `reader`, up to the limit; `label` names the input in messages.
    pub fn read_all(self, reader: impl Read, label: &str) -> Result<Vec<u8>> {
        let mut bytes = Vec::new();
        reader
            .take(self.read_cap() as u64 + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| self.io_error(label, &e))?;
        if bytes.len() > self.read_cap() {
            return Err(self.too_large(label));
        }
        Ok(bytes)
    }

    /// Reads the file at `path`, up to the limit; `label` names it in messages.
    pub fn read_file(self, path: &Path, label: &str) -> Result<Vec<u8>> {
        let file = std::fs::File::open(path).map_err(|e| self.io_error(label, &e))?;
        self.read_all(file, label)
    }
}

/// "1 MiB", "64 KiB", "100 bytes".
pub(crate) fn size(bytes: usize) -> String {
    const KIB: usize = 1024;
    const MIB: usize = 1024 * 1024;
    if bytes >= MIB && bytes.is_multiple_of(MIB) {
        format!("{} MiB", bytes / MIB)
    } else if bytes >= KIB && bytes.is_multiple_of(KIB) {
        format!("{} KiB", bytes / KIB)
    } else {
        format!("{bytes} bytes")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Hint;

    #[test]
    fn one_exit_status_per_input_and_problem() {
        use Problem::*;
        for input in Input::ALL {
            for problem in [Missing, Unreadable, TooLarge, NotText, Malformed] {
                let code = input.kind(problem).exit_status().code();
                let expected = match (input, problem) {
                    (Input::Key | Input::KeySet | Input::Secret, _) => 4,
                    (_, Missing | Unreadable) => 5,
                    _ => 3,
                };
                assert_eq!(code, expected, "{input:?} {problem:?}");
            }
        }
    }

    #[test]
    fn reads_stop_at_the_limit() {
        // An endless stream is read up to the limit plus one byte, then refused.
        let e = Input::Secret
            .read_all(std::io::repeat(0), "--secret -")
            .unwrap_err();
        assert_eq!(
            e.kind,
            Kind::TooLarge {
                what: Bounded::Secret,
                limit: 64 * 1024
            }
        );
        assert_eq!(
            e.message,
            "--secret - is larger than the 64 KiB limit for a secret or passphrase"
        );
        let e = Input::Claims
            .read_all(std::io::repeat(b'{'), "--claims -")
            .unwrap_err();
        assert_eq!(
            e.kind,
            Kind::TooLarge {
                what: Bounded::Claims,
                limit: 1024 * 1024
            }
        );
        assert!(e.message.contains("1 MiB limit"));
        // A token may carry 4 KiB of Bearer prefix and whitespace around 1 MiB.
        let ok = vec![b' '; Input::Token.limit() + 4096];
        assert_eq!(Input::Token.read_all(&ok[..], "-").unwrap().len(), ok.len());
        let e = Input::Token
            .read_all(std::io::repeat(b'a'), "the token on standard input")
            .unwrap_err();
        assert!(
            e.message.ends_with("the 1 MiB limit for a token"),
            "{}",
            e.message
        );
    }

    #[test]
    fn files_missing_or_unreadable() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("nope");
        let e = Input::Key.read_file(&missing, "--key nope").unwrap_err();
        assert_eq!(e.kind, Kind::Key);
        assert_eq!(
            e.message,
            "cannot read --key nope: No such file or directory"
        );
        assert_eq!(
            Input::Token.read_file(&missing, "nope").unwrap_err().kind,
            Kind::Io
        );
        // A directory opens but cannot be read.
        let e = Input::Claims.read_file(dir.path(), "dir").unwrap_err();
        assert_eq!(e.kind, Kind::Io);
        assert_eq!(
            Input::Secret.read_file(dir.path(), "dir").unwrap_err().kind,
            Kind::Key
        );
    }

    #[test]
    fn recast_follows_the_mapping() {
        let e = Input::KeySet.recast(Error::malformed("JWKS has no \"keys\" array"));
        assert_eq!(e.kind, Kind::Key);
        assert_eq!(e.kind.code(), None);
        let e = Input::Key.recast(Error::malformed("not JSON").with_hint("check the file"));
        assert_eq!(
            (e.message.as_str(), e.hint.as_ref().and_then(Hint::text)),
            ("not JSON", Some("check the file"))
        );
        let e = Input::Claims.recast(Error::malformed("not JSON"));
        assert_eq!(e.kind, Kind::Malformed);
        let e = Input::Key.recast(Error::usage("no terminal"));
        assert_eq!(e.kind, Kind::Usage);
        // A limit knows what it bounds: a key set over its key count stays that.
        let over = Error::too_large(Bounded::SetKeys, 1000, "JWKS has 1001 keys");
        assert_eq!(Input::Key.recast(over.clone()), over);
    }

    #[test]
    fn sizes() {
        assert_eq!(size(1024 * 1024), "1 MiB");
        assert_eq!(size(64 * 1024), "64 KiB");
        assert_eq!(size(1028 * 1024), "1028 KiB");
        assert_eq!(size(100), "100 bytes");
    }
}
