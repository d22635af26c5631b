//! The ASN.1 key formats: PKCS#8 (plain and passphrase-encrypted), PKCS#1, SEC1, SPKI and
//! X.509 certificates, read and written with the RustCrypto `der` family of crates.

use der::asn1::{AnyRef, BitString, ObjectIdentifier, OctetString, OctetStringRef, UintRef};
use der::{Any, Decode, Encode};
use pkcs8::pkcs5::{self, pbes2};
use pkcs8::{EncryptedPrivateKeyInfoRef, PrivateKeyInfoOwned, PrivateKeyInfoRef};
use spki::{AlgorithmIdentifierOwned, SubjectPublicKeyInfoOwned, SubjectPublicKeyInfoRef};
use zeroize::Zeroizing;

use super::{Curve, Key, Material, RsaPrivate};
use crate::error::{Bounded, Error, Result};

const RSA_ENCRYPTION: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");
const RSASSA_PSS: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.10");
const EC_PUBLIC_KEY: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");
const ED25519: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.101.112");
const ED448: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.101.113");
const X25519: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.101.110");
const X448: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.101.111");
const P256: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.3.1.7");
const P384: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.132.0.34");
const P521: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.132.0.35");
const SECP256K1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.132.0.10");

/// Upper bounds on the work a passphrase-encrypted key may ask for, so that a hostile key file
/// cannot make `jwtctl` spin for hours or allocate gigabytes before the passphrase is checked.
/// PBKDF2 iterations accepted in an encrypted key (about 2-4 s of work; keygen uses 600 000).
pub(crate) const MAX_PBKDF2_ITERATIONS: u32 = 2_000_000;
/// scrypt's main buffer, 128·N·r bytes (OpenSSL's own default limit is 32 MiB; keygen uses 16).
pub(crate) const MAX_SCRYPT_MEMORY: u64 = 256 * 1024 * 1024;
/// scrypt's total work, 128·N·r·p bytes mixed: one pass over the largest buffer allowed.
pub(crate) const MAX_SCRYPT_WORK: u64 = MAX_SCRYPT_MEMORY;
/// scrypt's per-lane buffers, 128·r·p bytes, allocated up front.
pub(crate) const MAX_SCRYPT_LANES: u64 = 32 * 1024 * 1024;

fn curve_oid(curve: Curve) -> ObjectIdentifier {
    match curve {
        Curve::P256 => P256,
        Curve::P384 => P384,
        Curve::P521 => P521,
        Curve::Secp256k1 => SECP256K1,
    }
}

fn curve_from_oid(oid: ObjectIdentifier) -> Result<Curve> {
    match oid {
        P256 => Ok(Curve::P256),
        P384 => Ok(Curve::P384),
        P521 => Ok(Curve::P521),
        SECP256K1 => Ok(Curve::Secp256k1),
        other => Err(Error::key(format!("unsupported EC curve (OID {other})"))),
    }
}

fn unsupported_algorithm(oid: ObjectIdentifier) -> Error {
    let what = match oid {
        RSASSA_PSS => "RSASSA-PSS-restricted keys (id-RSASSA-PSS) are not supported: \
                       use a plain rsaEncryption key, which signs PS256/384/512 too"
            .to_string(),
        ED448 => return super::unsupported_448("Ed448"),
        X448 => return super::unsupported_448("X448"),
        other => format!("unsupported key algorithm (OID {other})"),
    };
    Error::key(what)
}

fn der_error(what: &str) -> impl Fn(der::Error) -> Error + '_ {
    move |e| Error::key(format!("invalid {what}: {e}"))
}

/// PKCS#8 `PrivateKeyInfo` (PEM `PRIVATE KEY`).
pub fn from_pkcs8_der(der: &[u8]) -> Result<Key> {
    let info = PrivateKeyInfoRef::from_der(der).map_err(der_error("PKCS#8 private key"))?;
    let body = info.private_key.as_bytes();
    match info.algorithm.oid {
        RSA_ENCRYPTION => from_pkcs1_private_der(body),
        EC_PUBLIC_KEY => {
            let curve = info
                .algorithm
                .parameters_oid()
                .map_err(|_| Error::key("PKCS#8 EC key without a named curve"))?;
            from_sec1_der_on(body, Some(curve_from_oid(curve)?))
        }
        ED25519 => {
            let seed = <&OctetStringRef>::from_der(body)
                .map_err(der_error("Ed25519 private key"))?
                .as_bytes();
            let public = info.public_key.as_ref().and_then(|bits| bits.as_bytes());
            Key::ed25519_private(seed, public)
        }
        // RFC 8410 §7: the private key is an OCTET STRING of the 32-byte scalar.
        X25519 => {
            let d = <&OctetStringRef>::from_der(body)
                .map_err(der_error("X25519 private key"))?
                .as_bytes();
            let public = info.public_key.as_ref().and_then(|bits| bits.as_bytes());
            Key::x25519_private(d, public)
        }
        other => Err(unsupported_algorithm(other)),
    }
}

/// PKCS#1 `RSAPrivateKey` (PEM `RSA PRIVATE KEY`).
pub(crate) fn from_pkcs1_private_der(der: &[u8]) -> Result<Key> {
    let k = pkcs1::RsaPrivateKeyRef::from_der(der).map_err(der_error("PKCS#1 RSA private key"))?;
    if k.other_prime_infos.is_some() {
        return Err(Error::key("multi-prime RSA keys are not supported"));
    }
    let secret = |u: UintRef<'_>| Zeroizing::new(u.as_bytes().to_vec());
    Key::rsa_private(
        k.modulus.as_bytes(),
        k.public_exponent.as_bytes(),
        RsaPrivate {
            d: secret(k.private_exponent),
            p: secret(k.prime1),
            q: secret(k.prime2),
            dp: secret(k.exponent1),
            dq: secret(k.exponent2),
            qi: secret(k.coefficient),
        },
    )
}

/// PKCS#1 `RSAPublicKey` (PEM `RSA PUBLIC KEY`).
pub(crate) fn from_pkcs1_public_der(der: &[u8]) -> Result<Key> {
    let k = pkcs1::RsaPublicKeyRef::from_der(der).map_err(der_error("PKCS#1 RSA public key"))?;
    Key::rsa_public(k.modulus.as_bytes(), k.public_exponent.as_bytes())
}

/// SEC1 `ECPrivateKey` (PEM `EC PRIVATE KEY`); the curve comes from its parameters.
pub(crate) fn from_sec1_der(der: &[u8]) -> Result<Key> {
    from_sec1_der_on(der, None)
}

fn from_sec1_der_on(der: &[u8], outer_curve: Option<Curve>) -> Result<Key> {
    let k = sec1::EcPrivateKey::from_der(der).map_err(der_error("SEC1 EC private key"))?;
    let inner_curve = match k.parameters {
        Some(sec1::EcParameters::NamedCurve(oid)) => Some(curve_from_oid(oid)?),
        None => None,
    };
    let curve = match (outer_curve, inner_curve) {
        (Some(a), Some(b)) if a != b => {
            return Err(Error::key("EC private key names two different curves"));
        }
        (Some(c), _) | (None, Some(c)) => c,
        (None, None) => return Err(Error::key("EC private key without a named curve")),
    };
    // SEC1 scalars are fixed-length, but some encoders drop leading zeros.
    let d = left_pad(k.private_key, curve.coordinate_len())?;
    Key::ec_private(curve, &d, k.public_key)
}

fn left_pad(bytes: &[u8], len: usize) -> Result<Zeroizing<Vec<u8>>> {
    let bytes = super::strip_zeros(bytes);
    if bytes.len() > len {
        return Err(Error::key("EC private scalar is too long for its curve"));
    }
    let mut out = Zeroizing::new(vec![0u8; len - bytes.len()]);
    out.extend_from_slice(bytes);
    Ok(out)
}

/// X.509 `SubjectPublicKeyInfo` (PEM `PUBLIC KEY`).
pub fn from_spki_der(der: &[u8]) -> Result<Key> {
    let info = SubjectPublicKeyInfoRef::from_der(der).map_err(der_error("public key"))?;
    let bits = info
        .subject_public_key
        .as_bytes()
        .ok_or_else(|| Error::key("invalid public key: not a whole number of bytes"))?;
    match info.algorithm.oid {
        RSA_ENCRYPTION => from_pkcs1_public_der(bits),
        EC_PUBLIC_KEY => {
            let curve = info
                .algorithm
                .parameters_oid()
                .map_err(|_| Error::key("EC public key without a named curve"))?;
            Key::ec_public(curve_from_oid(curve)?, bits)
        }
        ED25519 => Key::ed25519_public(bits),
        X25519 => Key::x25519_public(bits),
        other => Err(unsupported_algorithm(other)),
    }
}

/// An X.509 certificate (PEM `CERTIFICATE`): its subject public key. The certificate itself is
/// not validated: it is only a container for the key.
pub(crate) fn from_certificate_der(der: &[u8]) -> Result<Key> {
    let cert = x509_cert::Certificate::from_der(der).map_err(der_error("X.509 certificate"))?;
    let spki = cert
        .tbs_certificate()
        .subject_public_key_info()
        .to_der()
        .map_err(der_error("certificate public key"))?;
    from_spki_der(&spki)
}

const REENCRYPT_HINT: &str =
    "re-encrypt it: openssl pkcs8 -topk8 -v2 aes-256-cbc -in old.pem -out new.pem";

/// Decrypts PKCS#8 `EncryptedPrivateKeyInfo` (PEM `ENCRYPTED PRIVATE KEY`) into plain PKCS#8.
pub(crate) fn decrypt_pkcs8(der: &[u8], passphrase: &[u8]) -> Result<Zeroizing<Vec<u8>>> {
    let info = EncryptedPrivateKeyInfoRef::from_der(der).map_err(|_| {
        Error::key(
            "encrypted private key uses an unsupported scheme: jwtctl reads PBES2 \
             (PBKDF2 or scrypt, with AES)",
        )
        .with_hint(REENCRYPT_HINT)
    })?;
    match &info.encryption_algorithm {
        pkcs5::EncryptionScheme::Pbes2(params) => check_kdf_cost(&params.kdf)?,
        _ => {
            return Err(Error::key(
                "encrypted key uses PBES1 (DES/RC2 with MD5/SHA-1), which is not supported",
            )
            .with_hint(REENCRYPT_HINT));
        }
    }
    let plain = info.decrypt(passphrase).map_err(|e| match e {
        pkcs8::Error::EncryptedPrivateKey(pkcs5::Error::DecryptFailed) => {
            Error::key("wrong passphrase for the encrypted private key")
        }
        pkcs8::Error::Asn1(_) => Error::key("wrong passphrase for the encrypted private key"),
        other => Error::key(format!("cannot decrypt the private key: {other}")),
    })?;
    Ok(Zeroizing::new(plain.as_bytes().to_vec()))
}

fn check_kdf_cost(kdf: &pbes2::Kdf) -> Result<()> {
    if let Some(p) = kdf.pbkdf2()
        && p.iteration_count > MAX_PBKDF2_ITERATIONS
    {
        return Err(Error::too_large(
            Bounded::Pbkdf2Iterations,
            u64::from(MAX_PBKDF2_ITERATIONS),
            format!(
                "encrypted key asks for {} PBKDF2 iterations; the limit is {MAX_PBKDF2_ITERATIONS}",
                p.iteration_count
            ),
        ));
    }
    if let Some(s) = kdf.scrypt() {
        let (n, r, p) = (
            s.cost_parameter,
            u64::from(s.block_size),
            u64::from(s.parallelization),
        );
        let describe = format!("scrypt N={n} r={r} p={p}");
        if n < 2 || !n.is_power_of_two() || r == 0 || p == 0 {
            return Err(Error::key(format!(
                "encrypted key has invalid {describe} (N must be a power of two above 1, r and p at least 1)"
            )));
        }
        let memory = 128u64.saturating_mul(n).saturating_mul(r);
        let lanes = 128u64.saturating_mul(r).saturating_mul(p);
        let work = memory.saturating_mul(p);
        if memory > MAX_SCRYPT_MEMORY || lanes > MAX_SCRYPT_LANES || work > MAX_SCRYPT_WORK {
            return Err(Error::too_large(
                Bounded::ScryptCost,
                MAX_SCRYPT_MEMORY,
                format!(
                    "encrypted key asks for {describe}, more than the limit ({} MiB of memory and work)",
                    MAX_SCRYPT_MEMORY >> 20
                ),
            )
            .with_hint("re-encrypt it with cheaper parameters: openssl pkcs8 -topk8 -scrypt"));
        }
    }
    Ok(())
}

/// How `keygen --encrypt` derives the key-encryption key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kdf {
    /// scrypt (N=2^14 as OpenSSL 3 reads by default), AES-256-CBC.
    Scrypt,
    /// PBKDF2-HMAC-SHA256, 600 000 iterations, AES-256-CBC.
    Pbkdf2,
}

/// Encrypts plain PKCS#8 DER under `passphrase` (PBES2, AES-256-CBC).
pub fn encrypt_pkcs8(pkcs8_der: &[u8], passphrase: &[u8], kdf: Kdf) -> Result<Vec<u8>> {
    let info = PrivateKeyInfoRef::from_der(pkcs8_der).map_err(der_error("PKCS#8 private key"))?;
    let failed = |e: pkcs8::Error| Error::key(format!("cannot encrypt the private key: {e}"));
    let doc = match kdf {
        Kdf::Scrypt => info.encrypt(passphrase).map_err(failed)?,
        Kdf::Pbkdf2 => {
            let mut salt = [0u8; 16];
            let mut iv = [0u8; 16];
            crate::random::fill(&mut salt)?;
            crate::random::fill(&mut iv)?;
            let params = pbes2::Parameters::generate_pbkdf2_sha256_aes256cbc(600_000, &salt, iv)
                .map_err(|e| Error::key(format!("cannot encrypt the private key: {e}")))?;
            info.encrypt_with_params(params, passphrase)
                .map_err(failed)?
        }
    };
    Ok(doc.as_bytes().to_vec())
}

/// PKCS#1 `RSAPrivateKey` DER of an RSA private key.
pub(crate) fn rsa_pkcs1_private_der(key: &Key) -> Result<Zeroizing<Vec<u8>>> {
    let Material::Rsa {
        n,
        e,
        private: Some(p),
    } = &key.material
    else {
        return Err(Error::key("not an RSA private key"));
    };
    fn uint(bytes: &[u8]) -> Result<UintRef<'_>> {
        UintRef::new(bytes).map_err(der_error("RSA key component"))
    }
    let k = pkcs1::RsaPrivateKeyRef {
        modulus: uint(n)?,
        public_exponent: uint(e)?,
        private_exponent: uint(&p.d)?,
        prime1: uint(&p.p)?,
        prime2: uint(&p.q)?,
        exponent1: uint(&p.dp)?,
        exponent2: uint(&p.dq)?,
        coefficient: uint(&p.qi)?,
        other_prime_infos: None,
    };
    Ok(Zeroizing::new(
        k.to_der().map_err(der_error("RSA private key"))?,
    ))
}

/// SEC1 `ECPrivateKey` DER with the curve named and no public key.
pub(crate) fn ec_sec1_private_der(curve: Curve, d: &[u8]) -> Result<Zeroizing<Vec<u8>>> {
    let k = sec1::EcPrivateKey {
        private_key: d,
        parameters: Some(sec1::EcParameters::NamedCurve(curve_oid(curve))),
        public_key: None,
    };
    Ok(Zeroizing::new(
        k.to_der().map_err(der_error("EC private key"))?,
    ))
}

/// PKCS#8 `PrivateKeyInfo` DER of a private key, in the layout OpenSSL writes.
pub fn private_pkcs8_der(key: &Key) -> Result<Zeroizing<Vec<u8>>> {
    let (algorithm, body) = match &key.material {
        Material::Rsa { .. } => (
            AlgorithmIdentifierOwned {
                oid: RSA_ENCRYPTION,
                parameters: Some(Any::from(AnyRef::NULL)),
            },
            rsa_pkcs1_private_der(key)?,
        ),
        Material::Ec {
            curve,
            point,
            d: Some(d),
        } => {
            let inner = sec1::EcPrivateKey {
                private_key: d,
                parameters: None,
                public_key: Some(point),
            };
            (
                AlgorithmIdentifierOwned {
                    oid: EC_PUBLIC_KEY,
                    parameters: Some(
                        Any::encode_from(&curve_oid(*curve)).map_err(der_error("curve"))?,
                    ),
                },
                Zeroizing::new(inner.to_der().map_err(der_error("EC private key"))?),
            )
        }
        Material::Ed25519 {
            seed: Some(seed), ..
        } => (
            AlgorithmIdentifierOwned {
                oid: ED25519,
                parameters: None,
            },
            Zeroizing::new(
                OctetStringRef::new(seed)
                    .and_then(|o| o.to_der())
                    .map_err(der_error("Ed25519 private key"))?,
            ),
        ),
        Material::X25519 { d: Some(d), .. } => (
            AlgorithmIdentifierOwned {
                oid: X25519,
                parameters: None,
            },
            Zeroizing::new(
                OctetStringRef::new(d)
                    .and_then(|o| o.to_der())
                    .map_err(der_error("X25519 private key"))?,
            ),
        ),
        Material::Oct(_) => {
            // keygen and jwks convert refuse PEM for a secret before they get here.
            return Err(Error::key("an HMAC secret has no PKCS#8 form"));
        }
        _ => return Err(Error::key("a public key has no private PKCS#8 form")),
    };
    let info = PrivateKeyInfoOwned::new(
        algorithm,
        OctetString::new(body.to_vec()).map_err(der_error("private key"))?,
    );
    Ok(Zeroizing::new(
        info.to_der().map_err(der_error("private key"))?,
    ))
}

/// X.509 `SubjectPublicKeyInfo` DER of the public half of a key.
pub fn public_spki_der(key: &Key) -> Result<Vec<u8>> {
    let (algorithm, bits) = match &key.material {
        Material::Rsa { n, e, .. } => {
            let pk = pkcs1::RsaPublicKeyRef {
                modulus: UintRef::new(n).map_err(der_error("RSA modulus"))?,
                public_exponent: UintRef::new(e).map_err(der_error("RSA exponent"))?,
            };
            (
                AlgorithmIdentifierOwned {
                    oid: RSA_ENCRYPTION,
                    parameters: Some(Any::from(AnyRef::NULL)),
                },
                pk.to_der().map_err(der_error("RSA public key"))?,
            )
        }
        Material::Ec { curve, point, .. } => (
            AlgorithmIdentifierOwned {
                oid: EC_PUBLIC_KEY,
                parameters: Some(Any::encode_from(&curve_oid(*curve)).map_err(der_error("curve"))?),
            },
            point.clone(),
        ),
        Material::Ed25519 { x, .. } => (
            AlgorithmIdentifierOwned {
                oid: ED25519,
                parameters: None,
            },
            x.clone(),
        ),
        Material::X25519 { x, .. } => (
            AlgorithmIdentifierOwned {
                oid: X25519,
                parameters: None,
            },
            x.clone(),
        ),
        Material::Oct(_) => return Err(Error::key("an HMAC secret has no public key")),
    };
    let info = SubjectPublicKeyInfoOwned {
        algorithm,
        subject_public_key: BitString::from_bytes(&bits).map_err(der_error("public key"))?,
    };
    info.to_der().map_err(der_error("public key"))
}

/// PEM text with LF line endings.
pub fn to_pem(label: &str, der: &[u8]) -> String {
    let config = pem::EncodeConfig::new().set_line_ending(pem::LineEnding::LF);
    pem::encode_config(&pem::Pem::new(label, der), config)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Kind;

    #[test]
    fn a_kdf_over_its_cost_limit_says_which_limit() {
        let pbkdf2 = include_bytes!("../../tests/fixtures/hostile/pbkdf2-max-iterations.der");
        let e = decrypt_pkcs8(pbkdf2, b"x").unwrap_err();
        assert_eq!(
            e.kind,
            Kind::TooLarge {
                what: Bounded::Pbkdf2Iterations,
                limit: u64::from(MAX_PBKDF2_ITERATIONS)
            }
        );
        let scrypt = include_bytes!("../../tests/fixtures/hostile/scrypt-max-cost.der");
        let e = decrypt_pkcs8(scrypt, b"x").unwrap_err();
        assert_eq!(
            e.kind,
            Kind::TooLarge {
                what: Bounded::ScryptCost,
                limit: MAX_SCRYPT_MEMORY
            }
        );
        assert_eq!(e.kind.exit_status(), crate::error::ExitStatus::Key);
    }
}
