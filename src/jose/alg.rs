//! The JWS algorithms jwtctl signs and verifies (RFC 7518 §3, RFC 8037, RFC 8812), and which key
//! family each one belongs to. The token never chooses: these names are matched exactly.

use std::fmt;
use std::str::FromStr;

use crate::error::{Error, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Alg {
    HS256,
    HS384,
    HS512,
    RS256,
    RS384,
    RS512,
    PS256,
    PS384,
    PS512,
    ES256,
    ES384,
    ES512,
    ES256K,
    EdDSA,
}

/// The kinds of key, as far as algorithms care.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    Hmac,
    Rsa,
    EcP256,
    EcP384,
    EcP521,
    EcSecp256k1,
    Ed25519,
    /// X25519 (RFC 8037 §3.2): ECDH-ES key agreement only, no signatures.
    X25519,
}

impl Alg {
    pub const ALL: [Alg; 14] = [
        Alg::HS256,
        Alg::HS384,
        Alg::HS512,
        Alg::RS256,
        Alg::RS384,
        Alg::RS512,
        Alg::PS256,
        Alg::PS384,
        Alg::PS512,
        Alg::ES256,
        Alg::ES384,
        Alg::ES512,
        Alg::ES256K,
        Alg::EdDSA,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Alg::HS256 => "HS256",
            Alg::HS384 => "HS384",
            Alg::HS512 => "HS512",
            Alg::RS256 => "RS256",
            Alg::RS384 => "RS384",
            Alg::RS512 => "RS512",
            Alg::PS256 => "PS256",
            Alg::PS384 => "PS384",
            Alg::PS512 => "PS512",
            Alg::ES256 => "ES256",
            Alg::ES384 => "ES384",
            Alg::ES512 => "ES512",
            Alg::ES256K => "ES256K",
            Alg::EdDSA => "EdDSA",
        }
    }

    /// The family of key this algorithm needs. ECDSA algorithms name their curve (RFC 7518 §3.4).
    pub(crate) fn family(self) -> Family {
        match self {
            Alg::HS256 | Alg::HS384 | Alg::HS512 => Family::Hmac,
            Alg::RS256 | Alg::RS384 | Alg::RS512 | Alg::PS256 | Alg::PS384 | Alg::PS512 => {
                Family::Rsa
            }
            Alg::ES256 => Family::EcP256,
            Alg::ES384 => Family::EcP384,
            Alg::ES512 => Family::EcP521,
            Alg::ES256K => Family::EcSecp256k1,
            Alg::EdDSA => Family::Ed25519,
        }
    }

    /// Size in bytes of the hash behind the algorithm: HMAC secrets shorter than this are weak
    /// (RFC 7518 §3.2).
    pub fn hash_len(self) -> usize {
        match self {
            Alg::HS256 | Alg::RS256 | Alg::PS256 | Alg::ES256 | Alg::ES256K => 32,
            Alg::HS384 | Alg::RS384 | Alg::PS384 | Alg::ES384 => 48,
            Alg::HS512 | Alg::RS512 | Alg::PS512 | Alg::ES512 | Alg::EdDSA => 64,
        }
    }
}

impl Family {
    /// Every algorithm a key of this family can be used with.
    pub(crate) fn algorithms(self) -> &'static [Alg] {
        match self {
            Family::Hmac => &[Alg::HS256, Alg::HS384, Alg::HS512],
            Family::Rsa => &[
                Alg::RS256,
                Alg::RS384,
                Alg::RS512,
                Alg::PS256,
                Alg::PS384,
                Alg::PS512,
            ],
            Family::EcP256 => &[Alg::ES256],
            Family::EcP384 => &[Alg::ES384],
            Family::EcP521 => &[Alg::ES512],
            Family::EcSecp256k1 => &[Alg::ES256K],
            Family::Ed25519 => &[Alg::EdDSA],
            Family::X25519 => &[],
        }
    }

    /// The algorithm a key of this family signs with when the user does not say; `None` for
    /// a key that does not sign (X25519).
    pub fn default_alg(self) -> Option<Alg> {
        self.algorithms().first().copied()
    }

    pub(crate) fn describe(self) -> &'static str {
        match self {
            Family::Hmac => "an HMAC secret",
            Family::Rsa => "an RSA key",
            Family::EcP256 => "an EC P-256 key",
            Family::EcP384 => "an EC P-384 key",
            Family::EcP521 => "an EC P-521 key",
            Family::EcSecp256k1 => "an EC secp256k1 key",
            Family::Ed25519 => "an Ed25519 key",
            Family::X25519 => "an X25519 key",
        }
    }
}

impl fmt::Display for Alg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Alg {
    type Err = Error;

    /// Exact, case-sensitive names only: `hs256` or `NONE` are not algorithms.
    fn from_str(s: &str) -> Result<Self> {
        Alg::ALL
            .iter()
            .copied()
            .find(|a| a.name() == s)
            .ok_or_else(|| unknown_alg(s))
    }
}

fn unknown_alg(s: &str) -> Error {
    let hint = format!(
        "supported algorithms: {}",
        Alg::ALL.map(Alg::name).join(", ")
    );
    if s == "Ed448" {
        // RFC 9864's fully-specified name, and EdDSA with an Ed448 key: refused by name.
        Error::usage(
            "algorithm 'Ed448' is not supported: AWS-LC, jwtctl's crypto backend, has no Ed448, \
             and no audited, released Rust implementation is in use",
        )
        .with_hint(hint)
    } else if s.eq_ignore_ascii_case("none") {
        Error::usage(format!(
            "algorithm '{s}' is never accepted: unsigned tokens are not JWS"
        ))
        .with_hint(hint)
    } else {
        Error::usage(format!("unknown algorithm '{s}'")).with_hint(hint)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for alg in Alg::ALL {
            assert_eq!(alg.name().parse::<Alg>(), Ok(alg));
        }
    }

    #[test]
    fn none_and_case_variants_are_refused() {
        for s in [
            "none", "None", "NONE", "nOnE", "hs256", "Hs256", "es256k", "ES256k", "",
        ] {
            assert!(s.parse::<Alg>().is_err(), "{s} must not parse");
        }
    }

    #[test]
    fn ed448_is_refused_by_name() {
        let e = "Ed448".parse::<Alg>().unwrap_err();
        assert!(
            e.message
                .starts_with("algorithm 'Ed448' is not supported: "),
            "{}",
            e.message
        );
    }

    #[test]
    fn families_and_defaults() {
        assert_eq!(Family::Rsa.default_alg(), Some(Alg::RS256));
        assert_eq!(Family::EcP521.default_alg(), Some(Alg::ES512));
        assert_eq!(Family::Hmac.default_alg(), Some(Alg::HS256));
        assert_eq!(Family::X25519.default_alg(), None);
        assert_eq!(Alg::ES384.family(), Family::EcP384);
        assert_eq!(Alg::ES256K.family(), Family::EcSecp256k1);
        assert_eq!(Family::EcSecp256k1.algorithms(), &[Alg::ES256K]);
        for alg in Alg::ALL {
            assert!(alg.family().algorithms().contains(&alg));
        }
    }
}
