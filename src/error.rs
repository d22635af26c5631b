//! One error type for the whole tool. Its kind decides the exit status and, for a token that
//! fails, the `--json` reason code; its message is the one line the user sees after `error:`; an
//! optional hint says how to fix it.
//! Messages never carry secret bytes: constructors take descriptions, not key material.
//! The bottom of the layer map: uses nothing of the crate.

use std::fmt;

/// The exit statuses (README "Exit status", man page EXIT STATUS): the one place their numbers
/// are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    /// 0: success (`verify`: every token valid).
    Success,
    /// 1: a token was rejected (signature, time, claim, revocation, disallowed algorithm).
    Rejected,
    /// 2: usage error (bad flags or arguments).
    Usage,
    /// 3: malformed input (not a JWT, bad base64url, invalid JSON, claims file not an object).
    Malformed,
    /// 4: key problem (missing, unreadable, unsupported, wrong type for the algorithm, bad
    /// passphrase).
    Key,
    /// 5: I/O or network failure (cannot read/write a file, JWKS URL unreachable).
    Io,
}

impl ExitStatus {
    pub fn code(self) -> u8 {
        match self {
            ExitStatus::Success => 0,
            ExitStatus::Rejected => 1,
            ExitStatus::Usage => 2,
            ExitStatus::Malformed => 3,
            ExitStatus::Key => 4,
            ExitStatus::Io => 5,
        }
    }
}

impl From<ExitStatus> for std::process::ExitCode {
    fn from(status: ExitStatus) -> Self {
        std::process::ExitCode::from(status.code())
    }
}

/// What went wrong, as far as the exit status and the `--json` verdict are concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Exit 1. A token was rejected, for a reason the `--json` verdict reports.
    Rejected(Reason),
    /// Exit 2. Bad flags or arguments.
    Usage,
    /// Exit 3. Input that is not what it claims to be: not a JWT, bad base64url, invalid JSON.
    /// A token that is malformed has the `--json` code `malformed`.
    Malformed,
    /// Exit 4. A key that is missing, unreadable, unsupported or wrong for the algorithm.
    Key,
    /// Exit 5. A file or network operation failed.
    Io,
    /// Something over one of jwtctl's limits: `limit` is the most `what` may be, in `what`'s
    /// unit. The exit status (3, 4 or 5) and the `--json` code are `what`'s.
    TooLarge { what: Bounded, limit: u64 },
    /// Exit 0. The reader of standard output went away (`jwtctl ... | head -1`): not an error
    /// to report.
    OutputClosed,
}

impl Kind {
    pub fn exit_status(self) -> ExitStatus {
        match self {
            Kind::Rejected(_) => ExitStatus::Rejected,
            Kind::Usage => ExitStatus::Usage,
            Kind::Malformed => ExitStatus::Malformed,
            Kind::Key => ExitStatus::Key,
            Kind::Io => ExitStatus::Io,
            Kind::TooLarge { what, .. } => what.exit_status(),
            Kind::OutputClosed => ExitStatus::Success,
        }
    }

    /// The `error.code` of the `--json` verdict on a token that failed this way; `None` for
    /// failures that are not about the token (a key, a file, the flags).
    pub fn code(self) -> Option<&'static str> {
        match self {
            Kind::Rejected(reason) => Some(reason.code()),
            Kind::Malformed => Some("malformed"),
            Kind::TooLarge { what, .. } => what.code(),
            Kind::Usage | Kind::Key | Kind::Io | Kind::OutputClosed => None,
        }
    }
}

/// What one of jwtctl's limits bounds, which decides what going over it exits with: inputs
/// as the input mapping says (crate::input: key material 4, anything else 3), what a token
/// asks of the decrypter 3 with its own `--json` code, a download 5.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bounded {
    /// A token, in bytes: as read, as parsed, or as a `--batch` line. Exit 3 (`malformed`).
    Token,
    /// A claims document, in bytes. Exit 3.
    Claims,
    /// A payload to encrypt, in bytes. Exit 3.
    Payload,
    /// A deny list, in bytes. Exit 3.
    DenyList,
    /// Key material given as a key: a key file, in bytes. Exit 4.
    KeyFile,
    /// A JWK Set document, in bytes. Exit 4.
    KeySet,
    /// The keys in one JWK Set, counted. Exit 4.
    SetKeys,
    /// A secret, passphrase or password, in bytes. Exit 4.
    Secret,
    /// The PBKDF2 iterations an encrypted private key asks for. Exit 4.
    Pbkdf2Iterations,
    /// The memory (and work) scrypt would need for an encrypted private key, in bytes. Exit 4.
    ScryptCost,
    /// The PBES2 iteration count (`p2c`) a JWE asks for. Exit 3 (`limit_exceeded`).
    Pbes2Iterations,
    /// A JWE payload once decompressed, in bytes. Exit 3 (`limit_exceeded`).
    Decompressed,
    /// A document fetched over the network, in bytes. Exit 5.
    Download,
    /// The `jti`s of accepted DPoP proofs kept against replay, in bytes. Exit 3; not about the
    /// token, so no `--json` code.
    SeenStore,
    /// The disclosures of one SD-JWT, counted. Exit 3 (`malformed`).
    Disclosures,
    /// One SD-JWT disclosure, in bytes as given (base64url). Exit 3 (`malformed`).
    Disclosure,
    /// How deep the claims of an SD-JWT nest once its disclosures are in place, in levels.
    /// Exit 3 (`malformed`).
    SdDepth,
    /// The JSON pointers of an SD-JWT's places, spelled out for `decode --json`, in bytes.
    /// Exit 3 (`malformed`).
    SdPointers,
}

impl Bounded {
    /// Key material: going over its limit, like every other problem with it, is a key problem.
    pub(crate) fn holds_keys(self) -> bool {
        matches!(
            self,
            Bounded::KeyFile
                | Bounded::KeySet
                | Bounded::SetKeys
                | Bounded::Secret
                | Bounded::Pbkdf2Iterations
                | Bounded::ScryptCost
        )
    }

    pub(crate) fn exit_status(self) -> ExitStatus {
        match self {
            Bounded::Download => ExitStatus::Io,
            b if b.holds_keys() => ExitStatus::Key,
            _ => ExitStatus::Malformed,
        }
    }

    /// What a token asks of the decrypter is refused as `limit_exceeded`; a token or other
    /// content too large to take is `malformed`, as content that is wrong is.
    pub(crate) fn code(self) -> Option<&'static str> {
        match self {
            Bounded::Pbes2Iterations | Bounded::Decompressed => Some("limit_exceeded"),
            Bounded::SeenStore => None,
            b => (b.exit_status() == ExitStatus::Malformed).then_some("malformed"),
        }
    }
}

/// Why a token was rejected; the names are the stable `error.code` values of `--json`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
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
    /// JWE: a compressed payload the caller did not allow.
    ZipNotAllowed,
    /// DPoP: the proof's `typ` is not `dpop+jwt`.
    TypMismatch,
    /// DPoP: the proof's `jwk` header is missing, not a public key, or cannot verify its `alg`.
    BadProofKey,
    /// DPoP: `htm` is not the request's method.
    HtmMismatch,
    /// DPoP: `htu` is not the request's URL (after normalisation).
    HtuMismatch,
    /// DPoP: `ath` is not the hash of the access token.
    AthMismatch,
    /// DPoP: `nonce` is not the nonce the server gave; ID token: not the nonce the client sent.
    NonceMismatch,
    /// DPoP: the proof key is not the key the access token is bound to (`cnf.jkt`).
    JktMismatch,
    /// DPoP: a proof with this `jti` was accepted before, within the window.
    Replayed,
    /// ID token: `azp` is not the client it was checked for.
    AzpMismatch,
    /// ID token: `at_hash` is not the hash of the access token given.
    AtHashMismatch,
    /// ID token: `c_hash` is not the hash of the authorization code given.
    CHashMismatch,
    /// ID token: the user authenticated (`auth_time`) longer ago than the maximum age.
    AuthTooOld,
    /// SD-JWT: `_sd_alg` names a hash this verifier does not support.
    SdAlgUnsupported,
    /// SD-JWT: a disclosure that no digest in the payload (or in another disclosure) reaches,
    /// as a tampered disclosure is.
    DisclosureUnreferenced,
    /// SD-JWT: the same disclosure given twice.
    DisclosureRepeated,
    /// SD-JWT: the same digest twice in the payload and the disclosures.
    DigestRepeated,
    /// SD-JWT: a disclosure that cannot go where its digest is: the name `_sd` or `...`, a
    /// claim already present, an object member's disclosure in an array or the other way round.
    BadDisclosure,
    /// SD-JWT: key binding was required and the presentation has no KB-JWT.
    KeyBindingMissing,
    /// SD-JWT: the key the holder is bound to (`cnf.jwk`) is missing or cannot verify the KB-JWT.
    BadHolderKey,
    /// SD-JWT: the KB-JWT's `sd_hash` is not the hash of the presentation it ends.
    SdHashMismatch,
}

impl Reason {
    pub const ALL: [Reason; 36] = [
        Reason::BadSignature,
        Reason::AlgNotAllowed,
        Reason::UnknownKid,
        Reason::Expired,
        Reason::NotYetValid,
        Reason::IssuedInFuture,
        Reason::TooOld,
        Reason::MissingClaim,
        Reason::IssuerMismatch,
        Reason::AudienceMismatch,
        Reason::SubjectMismatch,
        Reason::ClaimMismatch,
        Reason::Revoked,
        Reason::CritUnsupported,
        Reason::DecryptionFailed,
        Reason::ZipNotAllowed,
        Reason::TypMismatch,
        Reason::BadProofKey,
        Reason::HtmMismatch,
        Reason::HtuMismatch,
        Reason::AthMismatch,
        Reason::NonceMismatch,
        Reason::JktMismatch,
        Reason::Replayed,
        Reason::AzpMismatch,
        Reason::AtHashMismatch,
        Reason::CHashMismatch,
        Reason::AuthTooOld,
        Reason::SdAlgUnsupported,
        Reason::DisclosureUnreferenced,
        Reason::DisclosureRepeated,
        Reason::DigestRepeated,
        Reason::BadDisclosure,
        Reason::KeyBindingMissing,
        Reason::BadHolderKey,
        Reason::SdHashMismatch,
    ];

    pub fn code(self) -> &'static str {
        match self {
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
            Reason::TypMismatch => "typ_mismatch",
            Reason::BadProofKey => "bad_proof_key",
            Reason::HtmMismatch => "htm_mismatch",
            Reason::HtuMismatch => "htu_mismatch",
            Reason::AthMismatch => "ath_mismatch",
            Reason::NonceMismatch => "nonce_mismatch",
            Reason::JktMismatch => "jkt_mismatch",
            Reason::Replayed => "replayed",
            Reason::AzpMismatch => "azp_mismatch",
            Reason::AtHashMismatch => "at_hash_mismatch",
            Reason::CHashMismatch => "c_hash_mismatch",
            Reason::AuthTooOld => "auth_too_old",
            Reason::SdAlgUnsupported => "sd_alg_unsupported",
            Reason::DisclosureUnreferenced => "disclosure_unreferenced",
            Reason::DisclosureRepeated => "disclosure_repeated",
            Reason::DigestRepeated => "digest_repeated",
            Reason::BadDisclosure => "bad_disclosure",
            Reason::KeyBindingMissing => "key_binding_missing",
            Reason::BadHolderKey => "bad_holder_key",
            Reason::SdHashMismatch => "sd_hash_mismatch",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub kind: Kind,
    pub message: String,
    pub hint: Option<Hint>,
}

/// What the user can do about an error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Hint {
    /// Advice the core words itself.
    Text(String),
    /// A way out through an option of the caller's, which the core does not name: the command
    /// layer words it, with its flag.
    Remedy(Remedy),
}

impl Hint {
    /// The advice, when the core worded it.
    #[cfg(test)]
    pub(crate) fn text(&self) -> Option<&str> {
        match self {
            Hint::Text(text) => Some(text),
            Hint::Remedy(_) => None,
        }
    }
}

/// A way out of an error through one of the caller's options.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Remedy {
    /// Replace the file that is in the way.
    Overwrite,
    /// Pick one key of several, by its kid.
    PickKey,
    /// Give an HMAC secret as a secret (or an oct JWK), not as key material.
    GiveSecret,
    /// Give key material as a key, not as an HMAC secret.
    GiveKey,
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn new(kind: Kind, message: impl Into<String>) -> Self {
        Error {
            kind,
            message: message.into(),
            hint: None,
        }
    }
    pub fn usage(message: impl Into<String>) -> Self {
        Self::new(Kind::Usage, message)
    }
    pub fn malformed(message: impl Into<String>) -> Self {
        Self::new(Kind::Malformed, message)
    }
    pub fn key(message: impl Into<String>) -> Self {
        Self::new(Kind::Key, message)
    }
    pub fn io(message: impl Into<String>) -> Self {
        Self::new(Kind::Io, message)
    }
    pub fn rejected(reason: Reason, message: impl Into<String>) -> Self {
        Self::new(Kind::Rejected(reason), message)
    }
    /// `what` is over its `limit`; the message says so in the user's terms.
    pub fn too_large(what: Bounded, limit: u64, message: impl Into<String>) -> Self {
        Self::new(Kind::TooLarge { what, limit }, message)
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
        self.hint = Some(Hint::Text(hint.into()));
        self
    }
    /// The hint is `remedy`, which the command layer words.
    pub(crate) fn with_remedy(mut self, remedy: Remedy) -> Self {
        self.hint = Some(Hint::Remedy(remedy));
        self
    }
    /// Puts `context` in front of the message: "k.pem: not a key".
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

    const BOUNDED: [Bounded; 18] = [
        Bounded::Token,
        Bounded::Claims,
        Bounded::Payload,
        Bounded::DenyList,
        Bounded::KeyFile,
        Bounded::KeySet,
        Bounded::SetKeys,
        Bounded::Secret,
        Bounded::Pbkdf2Iterations,
        Bounded::ScryptCost,
        Bounded::Pbes2Iterations,
        Bounded::Decompressed,
        Bounded::Download,
        Bounded::SeenStore,
        Bounded::Disclosures,
        Bounded::Disclosure,
        Bounded::SdDepth,
        Bounded::SdPointers,
    ];

    #[test]
    fn exit_codes_follow_the_table() {
        let code = |kind: Kind| kind.exit_status().code();
        for reason in Reason::ALL {
            assert_eq!(code(Kind::Rejected(reason)), 1, "{reason:?}");
        }
        assert_eq!(code(Kind::Usage), 2);
        assert_eq!(code(Kind::Malformed), 3);
        assert_eq!(code(Kind::Key), 4);
        assert_eq!(code(Kind::Io), 5);
        assert_eq!(code(Kind::OutputClosed), 0);
        assert_eq!(ExitStatus::Success.code(), 0);
    }

    #[test]
    fn over_a_limit_exits_as_what_it_bounds() {
        for what in BOUNDED {
            let expected = match what {
                Bounded::Download => 5,
                Bounded::KeyFile
                | Bounded::KeySet
                | Bounded::SetKeys
                | Bounded::Secret
                | Bounded::Pbkdf2Iterations
                | Bounded::ScryptCost => 4,
                Bounded::Token
                | Bounded::Claims
                | Bounded::Payload
                | Bounded::DenyList
                | Bounded::Pbes2Iterations
                | Bounded::Decompressed
                | Bounded::SeenStore
                | Bounded::Disclosures
                | Bounded::Disclosure
                | Bounded::SdDepth
                | Bounded::SdPointers => 3,
            };
            let kind = Kind::TooLarge { what, limit: 1 };
            assert_eq!(kind.exit_status().code(), expected, "{what:?}");
        }
    }

    #[test]
    fn a_too_large_error_reports_its_limit() {
        let e = Error::too_large(Bounded::Pbes2Iterations, 1_000_000, "p2c is over the limit");
        assert_eq!(
            e.kind,
            Kind::TooLarge {
                what: Bounded::Pbes2Iterations,
                limit: 1_000_000
            }
        );
        assert_eq!(e.message, "p2c is over the limit");
    }

    #[test]
    fn verdict_codes_follow_from_the_kind() {
        // Every rejection has its reason's code, and the codes are distinct.
        let codes: std::collections::HashSet<_> = Reason::ALL
            .iter()
            .map(|r| Kind::Rejected(*r).code())
            .collect();
        assert_eq!(codes.len(), Reason::ALL.len());
        assert_eq!(Kind::Rejected(Reason::Expired).code(), Some("expired"));
        assert_eq!(Kind::Malformed.code(), Some("malformed"));
        // A token too large to take is malformed; what a token asks of the decrypter has its
        // own code; a limit on anything else is not about the token.
        let over = |what| Kind::TooLarge { what, limit: 1 }.code();
        assert_eq!(over(Bounded::Token), Some("malformed"));
        assert_eq!(over(Bounded::Pbes2Iterations), Some("limit_exceeded"));
        assert_eq!(over(Bounded::Decompressed), Some("limit_exceeded"));
        assert_eq!(over(Bounded::KeySet), None);
        assert_eq!(over(Bounded::Download), None);
        assert_eq!(over(Bounded::SeenStore), None);
        assert_eq!(over(Bounded::Disclosures), Some("malformed"));
        assert_eq!(over(Bounded::Disclosure), Some("malformed"));
        assert_eq!(over(Bounded::SdDepth), Some("malformed"));
        for kind in [Kind::Usage, Kind::Key, Kind::Io, Kind::OutputClosed] {
            assert_eq!(kind.code(), None, "{kind:?}");
        }
        assert!(!codes.contains(&Some("malformed")));
        assert!(!codes.contains(&Some("limit_exceeded")));
    }

    #[test]
    fn io_errors_drop_the_os_error_number() {
        let err = std::io::Error::from_raw_os_error(2);
        let e = Error::io_path("read", std::path::Path::new("k.pem"), &err);
        assert_eq!(e.message, "cannot read k.pem: No such file or directory");
        assert_eq!(e.kind, Kind::Io);
    }
}
