//! JWS signatures (RFC 7515) for every algorithm jwtctl knows, behind one interface.
//!
//! Signing: twelve algorithms go through jsonwebtoken's aws-lc-rs provider; ES512 (P-521) and
//! ES256K (secp256k1, RFC 8812), which jsonwebtoken lacks, go to aws-lc-rs directly. Verification uses aws-lc-rs on keys parsed
//! once (see [`Verifier`]). Callers see no difference: a [`Signer`] or a
//! [`Verifier`] is built once for a key and an algorithm, checked against the key's family, and
//! then used for as many tokens as needed.

use aws_lc_rs::hmac;
use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::signature::{
    self, ECDSA_P256K1_SHA256_FIXED, ECDSA_P521_SHA512_FIXED, EcdsaKeyPair, ParsedPublicKey,
    VerificationAlgorithm,
};
use jsonwebtoken::crypto::JwtSigner;
use jsonwebtoken::crypto::aws_lc::DEFAULT_PROVIDER;
use jsonwebtoken::{Algorithm, EncodingKey};

use crate::error::{Error, Result};
use crate::jose::alg::Alg;
use crate::keys::trust::{self, Op};
use crate::keys::{Key, Material, pkcs};

/// jsonwebtoken's name for `alg`; `None` for ES512 and ES256K, which it does not have.
fn jwt_alg(alg: Alg) -> Option<Algorithm> {
    Some(match alg {
        Alg::HS256 => Algorithm::HS256,
        Alg::HS384 => Algorithm::HS384,
        Alg::HS512 => Algorithm::HS512,
        Alg::RS256 => Algorithm::RS256,
        Alg::RS384 => Algorithm::RS384,
        Alg::RS512 => Algorithm::RS512,
        Alg::PS256 => Algorithm::PS256,
        Alg::PS384 => Algorithm::PS384,
        Alg::PS512 => Algorithm::PS512,
        Alg::ES256 => Algorithm::ES256,
        Alg::ES384 => Algorithm::ES384,
        Alg::ES512 | Alg::ES256K => return None,
        Alg::EdDSA => Algorithm::EdDSA,
    })
}

enum SignerImpl {
    Jwt(Box<dyn JwtSigner>),
    /// ECDSA on aws-lc-rs directly (ES512, ES256K).
    Ecdsa(EcdsaKeyPair),
}

/// Signs JWS signing inputs with one private key and one algorithm.
pub struct Signer {
    alg: Alg,
    inner: SignerImpl,
}

impl Signer {
    /// Checks that `key` is a private key of `alg`'s family (an RSA key of 2048 bits or more, a
    /// non-empty secret) and prepares it for signing.
    pub fn new(key: &Key, alg: Alg) -> Result<Signer> {
        trust::permits(key, alg, Op::Sign)?;
        if !key.is_private() {
            return Err(Error::key(format!(
                "{} cannot sign: a private key is needed",
                key.describe()
            ))
            .with_hint("give the private key (PEM, private JWK or a JWKS holding it)"));
        }
        if let Material::Oct(secret) = &key.material
            && secret.is_empty()
        {
            return Err(Error::key("the HMAC secret is empty"));
        }
        let Some(jwt) = jwt_alg(alg) else {
            // ES512, ES256K: aws-lc-rs directly, from the PKCS#8 form of the EC key (its
            // curve is the algorithm's: trust::permits checked the family).
            let Material::Ec { curve, .. } = &key.material else {
                return Err(Error::key(format!(
                    "{} cannot be used for {alg}",
                    key.describe()
                )));
            };
            let der = pkcs::private_pkcs8_der(key)?;
            let pair = EcdsaKeyPair::from_pkcs8(curve.signing_alg(), &der).map_err(|_| {
                Error::key(format!(
                    "the {} private key was rejected by AWS-LC",
                    curve.name()
                ))
            })?;
            return Ok(Signer {
                alg,
                inner: SignerImpl::Ecdsa(pair),
            });
        };
        // The key in the form jsonwebtoken's aws-lc-rs provider reads for its family.
        let encoding = match &key.material {
            Material::Oct(secret) => EncodingKey::from_secret(secret.bytes()),
            Material::Rsa { .. } => EncodingKey::from_rsa_der(&pkcs::rsa_pkcs1_private_der(key)?),
            Material::Ec { .. } => EncodingKey::from_ec_der(&pkcs::private_pkcs8_der(key)?),
            Material::Ed25519 { .. } => EncodingKey::from_ed_der(&pkcs::private_pkcs8_der(key)?),
            // trust::permits refused it: an X25519 key signs nothing.
            Material::X25519 { .. } => {
                return Err(Error::key(format!("{} cannot sign", key.describe())));
            }
        };
        let inner = SignerImpl::Jwt(
            (DEFAULT_PROVIDER.signer_factory)(&jwt, &encoding)
                .map_err(|_| Error::key(format!("{} cannot be used for {alg}", key.describe())))?,
        );
        Ok(Signer { alg, inner })
    }

    pub fn alg(&self) -> Alg {
        self.alg
    }

    /// The signature over `input` (the ASCII `header.payload`), raw bytes.
    pub fn sign(&self, input: &[u8]) -> Result<Vec<u8>> {
        let failed = || Error::key(format!("signing with {} failed", self.alg));
        match &self.inner {
            SignerImpl::Jwt(s) => s.try_sign(input).map_err(|_| failed()),
            SignerImpl::Ecdsa(pair) => pair
                .sign(&SystemRandom::new(), input)
                .map(|sig| sig.as_ref().to_vec())
                .map_err(|_| failed()),
        }
    }
}

enum VerifierImpl {
    Hmac(Box<hmac::Key>),
    Public(ParsedPublicKey),
}

/// Checks JWS signatures with one key (public or private) and one algorithm.
///
/// Verification calls aws-lc-rs directly, on a public key parsed once: jsonwebtoken's verifiers
/// re-parse the key for every token and are not `Send`/`Sync`, which `verify --batch` needs.
/// The crypto is the same AWS-LC code jsonwebtoken's backend calls.
pub(crate) struct Verifier {
    /// The exact signature length the algorithm produces.
    signature_len: usize,
    inner: VerifierImpl,
}

fn verification_alg(alg: Alg) -> &'static dyn VerificationAlgorithm {
    match alg {
        Alg::RS256 => &signature::RSA_PKCS1_2048_8192_SHA256,
        Alg::RS384 => &signature::RSA_PKCS1_2048_8192_SHA384,
        Alg::RS512 => &signature::RSA_PKCS1_2048_8192_SHA512,
        Alg::PS256 => &signature::RSA_PSS_2048_8192_SHA256,
        Alg::PS384 => &signature::RSA_PSS_2048_8192_SHA384,
        Alg::PS512 => &signature::RSA_PSS_2048_8192_SHA512,
        Alg::ES256 => &signature::ECDSA_P256_SHA256_FIXED,
        Alg::ES384 => &signature::ECDSA_P384_SHA384_FIXED,
        Alg::ES512 => &ECDSA_P521_SHA512_FIXED,
        Alg::ES256K => &ECDSA_P256K1_SHA256_FIXED,
        // HMAC never reaches here; Ed25519 is the remaining family.
        Alg::EdDSA | Alg::HS256 | Alg::HS384 | Alg::HS512 => &signature::ED25519,
    }
}

impl Verifier {
    /// Checks that `key` belongs to `alg`'s family: an RSA, EC or OKP key is never an HMAC
    /// secret, whatever a token says.
    pub(crate) fn new(key: &Key, alg: Alg) -> Result<Verifier> {
        trust::permits(key, alg, Op::Verify)?;
        let rejected = |_| Error::key(format!("{} cannot be used for {alg}", key.describe()));
        let (inner, signature_len) = match &key.material {
            Material::Oct(secret) => {
                if secret.is_empty() {
                    return Err(Error::key("the HMAC secret is empty"));
                }
                let h = match alg {
                    Alg::HS384 => hmac::HMAC_SHA384,
                    Alg::HS512 => hmac::HMAC_SHA512,
                    _ => hmac::HMAC_SHA256,
                };
                (
                    VerifierImpl::Hmac(Box::new(hmac::Key::new(h, secret.bytes()))),
                    alg.hash_len(),
                )
            }
            Material::Rsa { n, .. } => {
                let spki = pkcs::public_spki_der(key)?;
                (
                    VerifierImpl::Public(
                        ParsedPublicKey::new(verification_alg(alg), spki).map_err(rejected)?,
                    ),
                    crate::keys::strip_zeros(n).len(),
                )
            }
            Material::Ec { curve, point, .. } => (
                VerifierImpl::Public(
                    ParsedPublicKey::new(verification_alg(alg), point).map_err(rejected)?,
                ),
                2 * curve.coordinate_len(),
            ),
            Material::Ed25519 { x, .. } => (
                VerifierImpl::Public(
                    ParsedPublicKey::new(&signature::ED25519, x).map_err(rejected)?,
                ),
                64,
            ),
            // trust::permits refused it: an X25519 key verifies nothing.
            Material::X25519 { .. } => {
                return Err(Error::key(format!("{} cannot verify", key.describe())));
            }
        };
        Ok(Verifier {
            signature_len,
            inner,
        })
    }

    /// Whether `signature` is a valid signature of `input`. ECDSA signatures must be exactly
    /// the raw `r || s` of the curve (no DER, no padding); r and s of zero or ≥ n fail in AWS-LC.
    /// HMAC tags are compared in constant time.
    pub(crate) fn verify(&self, input: &[u8], signature: &[u8]) -> bool {
        if signature.len() != self.signature_len {
            return false;
        }
        match &self.inner {
            VerifierImpl::Hmac(key) => hmac::verify(key, input, signature).is_ok(),
            VerifierImpl::Public(key) => key.verify_sig(input, signature).is_ok(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::secret::Secret;
    use crate::keys::generate::{KeySpec, generate};

    fn key_for(alg: Alg) -> Key {
        match alg.family() {
            crate::jose::alg::Family::Hmac => {
                Key::oct(Secret::new(vec![7; alg.hash_len()])).unwrap()
            }
            _ => generate(KeySpec::for_alg(alg)).unwrap(),
        }
    }

    #[test]
    fn every_algorithm_signs_and_verifies_and_detects_a_flipped_bit() {
        for alg in Alg::ALL {
            let key = key_for(alg);
            let signer = Signer::new(&key, alg).unwrap();
            let sig = signer.sign(b"header.payload").unwrap();
            let public = key.public().unwrap_or_else(|| key.clone());
            let verifier = Verifier::new(&public, alg).unwrap();
            assert!(verifier.verify(b"header.payload", &sig), "{alg}");
            assert!(!verifier.verify(b"header.payloae", &sig), "{alg}");
            let mut bad = sig.clone();
            bad[0] ^= 1;
            assert!(!verifier.verify(b"header.payload", &bad), "{alg}");
            let mut long = sig.clone();
            long.push(0);
            assert!(!verifier.verify(b"header.payload", &long), "{alg}");
        }
    }

    #[test]
    fn es512_signatures_are_raw_132_bytes() {
        let key = key_for(Alg::ES512);
        let sig = Signer::new(&key, Alg::ES512).unwrap().sign(b"x").unwrap();
        assert_eq!(sig.len(), 132);
    }

    #[test]
    fn es256k_signatures_are_raw_64_bytes_and_bound_to_secp256k1() {
        let key = key_for(Alg::ES256K);
        let sig = Signer::new(&key, Alg::ES256K).unwrap().sign(b"x").unwrap();
        assert_eq!(sig.len(), 64);
        // A secp256k1 key signs ES256K only; a P-256 key never verifies ES256K, nor the
        // reverse, though both sign with SHA-256 and 64-byte signatures.
        assert!(Signer::new(&key, Alg::ES256).is_err());
        assert!(Verifier::new(&key, Alg::ES256).is_err());
        let p256 = key_for(Alg::ES256);
        assert!(Signer::new(&p256, Alg::ES256K).is_err());
        assert!(Verifier::new(&p256, Alg::ES256K).is_err());
    }

    #[test]
    fn ecdsa_zero_signature_is_rejected() {
        for alg in [Alg::ES256, Alg::ES384, Alg::ES512, Alg::ES256K] {
            let key = key_for(alg);
            let v = Verifier::new(&key, alg).unwrap();
            let len = 2 * match alg {
                Alg::ES256 | Alg::ES256K => 32,
                Alg::ES384 => 48,
                _ => 66,
            };
            assert!(!v.verify(b"x", &vec![0; len]), "{alg}");
            assert!(!v.verify(b"x", &vec![0xff; len]), "{alg}");
        }
    }

    #[test]
    fn wrong_family_and_public_keys_cannot_sign() {
        let rsa = key_for(Alg::RS256);
        assert!(Signer::new(&rsa, Alg::HS256).is_err());
        assert!(Verifier::new(&rsa, Alg::HS256).is_err());
        assert!(Signer::new(&rsa.public().unwrap(), Alg::RS256).is_err());
        let p256 = key_for(Alg::ES256);
        assert!(Signer::new(&p256, Alg::ES384).is_err());
    }
}
