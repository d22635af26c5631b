//! One error type for the whole tool. Its kind decides the exit code; its message is the one
//! line the user sees after `error:`; an optional hint says how to fix it.
//! Messages never carry secret bytes: constructors take descriptions, not key material.

use std::fmt;

/// What went wrong, as far as the exit status is concerned (README "Exit status"; man page EXIT STATUS).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A token was rejected: signature, time, claim, revocation, disallowed algorithm.
    Rejected,
    /// Bad flags or arguments.
    Usage,
    /// Input that is not what it claims to be: not a JWT, bad base64url, invalid JSON.
    Malformed,
    /// A key that is missing, unreadable, unsupported or wrong for the algorithm.
    Key,
    /// A file or network operation failed.
    Io,
    /// The reader of standard output went away (`jwtctl ... | head -1`): not an error to report.
    OutputClosed,
}

impl Kind {
    pub fn exit_code(self) -> u8 {
        match self {
            Kind::Rejected => 1,
            Kind::Usage => 2,
            Kind::Malformed => 3,
            Kind::Key => 4,
            Kind::Io => 5,
            Kind::OutputClosed => 0,
        }
    }
}

/// Why `verify` rejected a token; the names are the stable `error.code` values of `--json`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    Malformed,
    BadSignature,
    AlgNotAllowed,
    UnknownKid,
    Expired,
    NotYetValid,
    IssuedInFuture,
    TooOld,
    MissingClaim,
    IssuerMismatch,
    AudienceMismatch,
    SubjectMismatch,
    ClaimMismatch,
    Revoked,
    CritUnsupported,
    /// JWE: wrong key, bad wrapped key or bad tag, deliberately indistinguishable.
    DecryptionFailed,
    /// JWE: a compressed payload without --allow-zip.
    ZipNotAllowed,
    /// A resource limit (PBES2 p2c, decompressed size).
    LimitExceeded,
}

impl Reason {
    pub fn code(self) -> &'static str {
        match self {
            Reason::Malformed => "malformed",
            Reason::BadSignature => "bad_signature",
            Reason::AlgNotAllowed => "alg_not_allowed",
            Reason::UnknownKid => "unknown_kid",
            Reason::Expired => "expired",
            Reason::NotYetValid => "not_yet_valid",
            Reason::IssuedInFuture => "issued_in_future",
            Reason::TooOld => "too_old",
            Reason::MissingClaim => "missing_claim",
            Reason::IssuerMismatch => "issuer_mismatch",
            Reason::AudienceMismatch => "audience_mismatch",
            Reason::SubjectMismatch => "subject_mismatch",
            Reason::ClaimMismatch => "claim_mismatch",
            Reason::Revoked => "revoked",
            Reason::CritUnsupported => "crit_unsupported",
            Reason::DecryptionFailed => "decryption_failed",
            Reason::ZipNotAllowed => "zip_not_allowed",
            Reason::LimitExceeded => "limit_exceeded",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub kind: Kind,
    pub message: String,
    pub hint: Option<String>,
    /// Set for token rejections (and malformed tokens) so `verify --json` can report a code.
    pub reason: Option<Reason>,
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn new(kind: Kind, message: impl Into<String>) -> Self {
        Error {
            kind,
            message: message.into(),
            hint: None,
            reason: None,
        }
    }
    pub fn usage(message: impl Into<String>) -> Self {
        Self::new(Kind::Usage, message)
    }
    pub fn malformed(message: impl Into<String>) -> Self {
        Self::new(Kind::Malformed, message).with_reason(Reason::Malformed)
    }
    pub fn key(message: impl Into<String>) -> Self {
        Self::new(Kind::Key, message)
    }
    pub fn io(message: impl Into<String>) -> Self {
        Self::new(Kind::Io, message)
    }
    pub fn rejected(reason: Reason, message: impl Into<String>) -> Self {
        Self::new(Kind::Rejected, message).with_reason(reason)
    }
    /// An I/O failure on `path`, worded the way a user reads it ("cannot read k.pem: No such file").
    pub fn io_path(action: &str, path: &std::path::Path, err: &std::io::Error) -> Self {
        Self::io(format!(
            "cannot {action} {}: {}",
            path.display(),
            describe_io(err)
        ))
    }
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
    pub fn with_reason(mut self, reason: Reason) -> Self {
        self.reason = Some(reason);
        self
    }
    /// Puts `context` in front of the message: "--key k.pem: not a key".
    pub fn context(mut self, context: impl fmt::Display) -> Self {
        self.message = format!("{context}: {}", self.message);
        self
    }
}

/// `std::io::Error`'s text without the "(os error 2)" suffix users do not need.
pub fn describe_io(err: &std::io::Error) -> String {
    let text = err.to_string();
    match text.find(" (os error") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exit_codes_follow_the_spec_table() {
        assert_eq!(Kind::Rejected.exit_code(), 1);
        assert_eq!(Kind::Usage.exit_code(), 2);
        assert_eq!(Kind::Malformed.exit_code(), 3);
        assert_eq!(Kind::Key.exit_code(), 4);
        assert_eq!(Kind::Io.exit_code(), 5);
    }

    #[test]
    fn io_errors_drop_the_os_error_number() {
        let err = std::io::Error::from_raw_os_error(2);
        let e = Error::io_path("read", std::path::Path::new("k.pem"), &err);
        assert_eq!(e.message, "cannot read k.pem: No such file or directory");
        assert_eq!(e.kind, Kind::Io);
    }
}
