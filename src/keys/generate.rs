//! New keys from the operating system's CSPRNG, through aws-lc-rs.

use aws_lc_rs::encoding::AsDer;
use aws_lc_rs::rsa::KeySize;
use aws_lc_rs::signature::{EcdsaKeyPair, Ed25519KeyPair, RsaKeyPair};

use super::{Curve, Key, pkcs};
use crate::error::{Error, Result};
use crate::input::secret::Secret;
use crate::jose::alg::{Alg, Family};

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeySpec {
    Rsa {
        bits: usize,
    },
    Ec(Curve),
    Ed25519,
    /// An X25519 key for ECDH-ES (RFC 8037 §3.2).
    X25519,
    /// An HMAC secret of this many bytes.
    Oct {
        bytes: usize,
    },
}

pub const RSA_SIZES: [usize; 3] = [2048, 3072, 4096];

impl KeySpec {
    /// The key an algorithm needs, with the default size for RSA and HMAC (the hash size).
    pub fn for_alg(alg: Alg) -> KeySpec {
        match alg.family() {
            Family::X25519 => KeySpec::X25519,
            Family::Hmac => KeySpec::Oct {
                bytes: alg.hash_len(),
            },
            Family::Rsa => KeySpec::Rsa { bits: 2048 },
            Family::EcP256 => KeySpec::Ec(Curve::P256),
            Family::EcP384 => KeySpec::Ec(Curve::P384),
            Family::EcP521 => KeySpec::Ec(Curve::P521),
            Family::EcSecp256k1 => KeySpec::Ec(Curve::Secp256k1),
            Family::Ed25519 => KeySpec::Ed25519,
        }
    }
}

pub fn generate(spec: KeySpec) -> Result<Key> {
    let failed = |what: &str| Error::key(format!("cannot generate the {what} key"));
    match spec {
        KeySpec::Rsa { bits } => {
            let size = match bits {
                2048 => KeySize::Rsa2048,
                3072 => KeySize::Rsa3072,
                4096 => KeySize::Rsa4096,
                other => {
                    return Err(Error::usage(format!(
                        "RSA keys of {other} bits are not generated: use 2048, 3072 or 4096"
                    )));
                }
            };
            let pair = RsaKeyPair::generate(size).map_err(|_| failed("RSA"))?;
            let der = AsDer::<aws_lc_rs::encoding::Pkcs8V1Der>::as_der(&pair)
                .map_err(|_| failed("RSA"))?;
            pkcs::from_pkcs8_der(der.as_ref())
        }
        KeySpec::Ec(curve) => {
            let pair = EcdsaKeyPair::generate(curve.signing_alg()).map_err(|_| failed("EC"))?;
            Key::from_ec_pair(curve, &pair)
        }
        KeySpec::Ed25519 => {
            let pair = Ed25519KeyPair::generate().map_err(|_| failed("Ed25519"))?;
            let der = pair.to_pkcs8v1().map_err(|_| failed("Ed25519"))?;
            pkcs::from_pkcs8_der(der.as_ref())
        }
        KeySpec::X25519 => {
            use aws_lc_rs::agreement::{PrivateKey, X25519};
            use aws_lc_rs::encoding::{AsBigEndian, Curve25519SeedBin};
            let private = PrivateKey::generate(&X25519).map_err(|_| failed("X25519"))?;
            let d: Curve25519SeedBin<'_> = private.as_be_bytes().map_err(|_| failed("X25519"))?;
            Key::x25519_private(d.as_ref(), None)
        }
        KeySpec::Oct { bytes } => {
            let mut secret = vec![0u8; bytes];
            crate::random::fill(&mut secret)?;
            Key::oct(Secret::new(secret))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::jwk::{ThumbprintHash, thumbprint};

    #[test]
    fn every_family_generates_and_round_trips_through_pkcs8_and_jwk() {
        for spec in [
            KeySpec::Ec(Curve::P256),
            KeySpec::Ec(Curve::P384),
            KeySpec::Ec(Curve::P521),
            KeySpec::Ec(Curve::Secp256k1),
            KeySpec::Ed25519,
            KeySpec::X25519,
            KeySpec::Rsa { bits: 2048 },
        ] {
            let key = generate(spec).unwrap();
            assert!(key.is_private());
            let der = pkcs::private_pkcs8_der(&key).unwrap();
            let back = pkcs::from_pkcs8_der(&der).unwrap();
            assert_eq!(*pkcs::private_pkcs8_der(&back).unwrap(), *der, "{spec:?}");
            let jwk = crate::keys::jwk::to_jwk(&key, true).unwrap();
            let from_jwk = crate::keys::jwk::from_jwk(&jwk).unwrap();
            assert_eq!(
                *pkcs::private_pkcs8_der(&from_jwk).unwrap(),
                *der,
                "{spec:?}"
            );
            let spki = pkcs::public_spki_der(&key).unwrap();
            let public = pkcs::from_spki_der(&spki).unwrap();
            assert!(!public.is_private());
            assert_eq!(
                thumbprint(&public, ThumbprintHash::Sha256),
                thumbprint(&key, ThumbprintHash::Sha256)
            );
        }
    }

    #[test]
    fn hmac_secrets_have_the_hash_size_and_differ() {
        let a = generate(KeySpec::for_alg(Alg::HS384)).unwrap();
        let b = generate(KeySpec::for_alg(Alg::HS384)).unwrap();
        assert_eq!(a.bits(), 384);
        assert_ne!(
            thumbprint(&a, ThumbprintHash::Sha256),
            thumbprint(&b, ThumbprintHash::Sha256)
        );
    }

    #[test]
    fn small_rsa_is_refused() {
        assert!(generate(KeySpec::Rsa { bits: 1024 }).is_err());
    }
}
