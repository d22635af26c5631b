//! "A key we hold": one type for every family (RSA, EC P-256/P-384/P-521, Ed25519, HMAC
//! secret), public or private, whatever format it came from. Loading lives in `load` (format
//! detection), `pkcs` (PEM/DER) and `jwk`; generation in `generate`; signatures in `crate::jose::jws`.
//!
//! Key material is kept as the JWK components (big-endian integers, curve points, seeds), which
//! every format converts to and from; each constructor validates the material with aws-lc-rs,
//! so a `Key` that exists is a key that works. What a key may be used for is `trust`; sets for
//! publishing are `publish`; where an issuer publishes its keys is `discovery`, and the rules of
//! the JWKS cache are `cache`. Uses `jose::{b64, json, alg}`, `input::secret`, `error`, `random`.

pub mod cache;
pub mod discovery;
pub mod generate;
pub mod jwk;
pub mod load;
pub mod material;
pub mod pkcs;
pub mod publish;
pub mod trust;

use std::fmt;

use aws_lc_rs::encoding::AsBigEndian;
use aws_lc_rs::signature::{self as sig, EcdsaKeyPair, Ed25519KeyPair, KeyPair, ParsedPublicKey};
use zeroize::Zeroizing;

use crate::error::{Error, Result};
use crate::input::secret::Secret;
use crate::jose::alg::{Alg, Family};

/// The curves JOSE uses for ECDSA: the NIST curves (RFC 7518 §6.2.1.1) and secp256k1
/// (RFC 8812 §3.1), which signs ES256K only and has no ECDH in JWE.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Curve {
    P256,
    P384,
    P521,
    Secp256k1,
}

impl Curve {
    pub(crate) const ALL: [Curve; 4] = [Curve::P256, Curve::P384, Curve::P521, Curve::Secp256k1];

    /// The JWK `crv` name.
    pub fn name(self) -> &'static str {
        match self {
            Curve::P256 => "P-256",
            Curve::P384 => "P-384",
            Curve::P521 => "P-521",
            Curve::Secp256k1 => "secp256k1",
        }
    }

    pub(crate) fn from_name(name: &str) -> Option<Curve> {
        Curve::ALL.into_iter().find(|c| c.name() == name)
    }

    /// Bytes in one coordinate or in the private scalar.
    pub(crate) fn coordinate_len(self) -> usize {
        match self {
            Curve::P256 | Curve::Secp256k1 => 32,
            Curve::P384 => 48,
            Curve::P521 => 66,
        }
    }

    pub fn family(self) -> Family {
        match self {
            Curve::P256 => Family::EcP256,
            Curve::P384 => Family::EcP384,
            Curve::P521 => Family::EcP521,
            Curve::Secp256k1 => Family::EcSecp256k1,
        }
    }

    pub(crate) fn signing_alg(self) -> &'static sig::EcdsaSigningAlgorithm {
        match self {
            Curve::P256 => &sig::ECDSA_P256_SHA256_FIXED_SIGNING,
            Curve::P384 => &sig::ECDSA_P384_SHA384_FIXED_SIGNING,
            Curve::P521 => &sig::ECDSA_P521_SHA512_FIXED_SIGNING,
            Curve::Secp256k1 => &sig::ECDSA_P256K1_SHA256_FIXED_SIGNING,
        }
    }

    pub(crate) fn verification_alg(self) -> &'static sig::EcdsaVerificationAlgorithm {
        match self {
            Curve::P256 => &sig::ECDSA_P256_SHA256_FIXED,
            Curve::P384 => &sig::ECDSA_P384_SHA384_FIXED,
            Curve::P521 => &sig::ECDSA_P521_SHA512_FIXED,
            Curve::Secp256k1 => &sig::ECDSA_P256K1_SHA256_FIXED,
        }
    }
}

/// Big-endian unsigned integer bytes that are wiped when dropped.
pub(crate) type SecretBytes = Zeroizing<Vec<u8>>;

/// The private half of an RSA key in CRT form (RFC 7518 §6.3.2).
#[derive(Clone)]
pub struct RsaPrivate {
    pub d: SecretBytes,
    pub p: SecretBytes,
    pub q: SecretBytes,
    pub dp: SecretBytes,
    pub dq: SecretBytes,
    pub qi: SecretBytes,
}

#[derive(Clone)]
pub enum Material {
    Rsa {
        n: Vec<u8>,
        e: Vec<u8>,
        private: Option<RsaPrivate>,
    },
    Ec {
        curve: Curve,
        /// Uncompressed SEC1 point: 0x04 || x || y.
        point: Vec<u8>,
        /// The private scalar, `coordinate_len` bytes.
        d: Option<SecretBytes>,
    },
    Ed25519 {
        x: Vec<u8>,
        seed: Option<SecretBytes>,
    },
    /// An X25519 key for ECDH-ES (RFC 8037 §3.2): the public u-coordinate and the private
    /// scalar, 32 bytes each (RFC 7748 §5).
    X25519 {
        x: Vec<u8>,
        d: Option<SecretBytes>,
    },
    Oct(Secret),
}

/// A key plus the JWK metadata that travels with it.
#[derive(Clone)]
pub struct Key {
    pub material: Material,
    pub kid: Option<String>,
    /// The JWK `alg` the key was published with, if any.
    pub alg: Option<String>,
    /// The JWK `use`, if any.
    pub key_use: Option<String>,
    /// The JWK `key_ops`, if any.
    pub key_ops: Option<Vec<String>>,
}

impl fmt::Debug for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Key({}, kid={:?})", self.describe(), self.kid)
    }
}

impl Key {
    pub(crate) fn from_material(material: Material) -> Self {
        Key {
            material,
            kid: None,
            alg: None,
            key_use: None,
            key_ops: None,
        }
    }

    /// An RSA public key from its modulus and exponent (leading zero bytes are ignored).
    pub(crate) fn rsa_public(n: &[u8], e: &[u8]) -> Result<Key> {
        let (n, e) = (strip_zeros(n), strip_zeros(e));
        if n.is_empty() || e.is_empty() {
            return Err(Error::key("RSA key with an empty modulus or exponent"));
        }
        if n.len() > 2048 {
            return Err(Error::key(
                "RSA modulus longer than 16384 bits is not supported",
            ));
        }
        let key = Key::from_material(Material::Rsa {
            n: n.to_vec(),
            e: e.to_vec(),
            private: None,
        });
        // Structural checks only: keys under 2048 bits still load (for show and convert)
        // and are refused by `check_alg` when used to sign or verify.
        let odd = |v: &[u8]| v.last().is_some_and(|b| b & 1 == 1);
        if !odd(n) || !odd(e) || e.len() > 8 || n.len() <= e.len() || e == [1] {
            return Err(Error::key(
                "invalid RSA public key (bad modulus or exponent)",
            ));
        }
        Ok(key)
    }

    /// An RSA private key from its CRT components; checked for consistency by aws-lc.
    pub(crate) fn rsa_private(n: &[u8], e: &[u8], private: RsaPrivate) -> Result<Key> {
        let key = Key::from_material(Material::Rsa {
            n: strip_zeros(n).to_vec(),
            e: strip_zeros(e).to_vec(),
            private: Some(private),
        });
        let pkcs1 = pkcs::rsa_pkcs1_private_der(&key)?;
        sig::RsaKeyPair::from_der(&pkcs1).map_err(|e| {
            if e.to_string() == "TooSmall" {
                Error::key(format!(
                    "RSA key of {} bits is too small (at least 2048 bits)",
                    key.bits()
                ))
            } else {
                Error::key(format!("invalid RSA private key ({e})"))
            }
        })?;
        Ok(key)
    }

    /// An EC public key; the point must lie on the curve.
    pub(crate) fn ec_public(curve: Curve, point: &[u8]) -> Result<Key> {
        check_point(curve, point)?;
        Ok(Key::from_material(Material::Ec {
            curve,
            point: point.to_vec(),
            d: None,
        }))
    }

    /// An EC private key from its scalar; `point`, when known, must match it.
    pub(crate) fn ec_private(curve: Curve, d: &[u8], point: Option<&[u8]>) -> Result<Key> {
        if d.len() != curve.coordinate_len() {
            return Err(Error::key(format!(
                "EC {} private key must be {} bytes, not {}",
                curve.name(),
                curve.coordinate_len(),
                d.len()
            )));
        }
        let pair = match point {
            Some(point) => {
                check_point(curve, point)?;
                EcdsaKeyPair::from_private_key_and_public_key(curve.signing_alg(), d, point)
                    .map_err(|_| {
                        Error::key(format!(
                            "EC {} private key does not match its public key",
                            curve.name()
                        ))
                    })?
            }
            None => {
                let sec1 = pkcs::ec_sec1_private_der(curve, d)?;
                EcdsaKeyPair::from_private_key_der(curve.signing_alg(), &sec1)
                    .map_err(|_| Error::key(format!("invalid EC {} private key", curve.name())))?
            }
        };
        Self::from_ec_pair(curve, &pair)
    }

    pub(crate) fn from_ec_pair(curve: Curve, pair: &EcdsaKeyPair) -> Result<Key> {
        let d = pair
            .private_key()
            .as_be_bytes()
            .map_err(|_| Error::key("cannot read the EC private key"))?;
        Ok(Key::from_material(Material::Ec {
            curve,
            point: pair.public_key().as_ref().to_vec(),
            d: Some(Zeroizing::new(d.as_ref().to_vec())),
        }))
    }

    pub(crate) fn ed25519_public(x: &[u8]) -> Result<Key> {
        if x.len() != 32 {
            return Err(Error::key(format!(
                "Ed25519 public key must be 32 bytes, not {}",
                x.len()
            )));
        }
        if has_small_order(x) {
            return Err(Error::key(
                "invalid Ed25519 public key: a point of small order, for which anyone can make \
                 a signature that verifies",
            ));
        }
        ParsedPublicKey::new(&sig::ED25519, x)
            .map_err(|_| Error::key("invalid Ed25519 public key"))?;
        Ok(Key::from_material(Material::Ed25519 {
            x: x.to_vec(),
            seed: None,
        }))
    }

    /// An Ed25519 private key from its 32-byte seed; `x`, when known, must match it.
    pub(crate) fn ed25519_private(seed: &[u8], x: Option<&[u8]>) -> Result<Key> {
        if seed.len() != 32 {
            return Err(Error::key(format!(
                "Ed25519 private key must be 32 bytes, not {}",
                seed.len()
            )));
        }
        let pair = match x {
            Some(x) => Ed25519KeyPair::from_seed_and_public_key(seed, x)
                .map_err(|_| Error::key("Ed25519 private key does not match its public key"))?,
            None => Ed25519KeyPair::from_seed_unchecked(seed)
                .map_err(|_| Error::key("invalid Ed25519 private key"))?,
        };
        Ok(Key::from_material(Material::Ed25519 {
            x: pair.public_key().as_ref().to_vec(),
            seed: Some(Zeroizing::new(seed.to_vec())),
        }))
    }

    pub(crate) fn x25519_public(x: &[u8]) -> Result<Key> {
        if x.len() != 32 {
            return Err(Error::key(format!(
                "X25519 public key must be 32 bytes, not {}",
                x.len()
            )));
        }
        Ok(Key::from_material(Material::X25519 {
            x: x.to_vec(),
            d: None,
        }))
    }

    /// An X25519 private key from its 32-byte scalar; `x`, when known, must match it.
    pub(crate) fn x25519_private(d: &[u8], x: Option<&[u8]>) -> Result<Key> {
        use aws_lc_rs::agreement::{PrivateKey, X25519};
        if d.len() != 32 {
            return Err(Error::key(format!(
                "X25519 private key must be 32 bytes, not {}",
                d.len()
            )));
        }
        let public = PrivateKey::from_private_key(&X25519, d)
            .and_then(|k| k.compute_public_key().map_err(Into::into))
            .map_err(|_| Error::key("invalid X25519 private key"))?;
        if x.is_some_and(|x| x != public.as_ref()) {
            return Err(Error::key(
                "X25519 private key does not match its public key",
            ));
        }
        Ok(Key::from_material(Material::X25519 {
            x: public.as_ref().to_vec(),
            d: Some(Zeroizing::new(d.to_vec())),
        }))
    }

    pub fn oct(secret: Secret) -> Result<Key> {
        if secret.is_empty() {
            return Err(Error::key("the HMAC secret is empty"));
        }
        Ok(Key::from_material(Material::Oct(secret)))
    }

    pub(crate) fn family(&self) -> Family {
        match &self.material {
            Material::Rsa { .. } => Family::Rsa,
            Material::Ec { curve, .. } => curve.family(),
            Material::Ed25519 { .. } => Family::Ed25519,
            Material::X25519 { .. } => Family::X25519,
            Material::Oct(_) => Family::Hmac,
        }
    }

    /// The JWK `kty`.
    pub(crate) fn kty(&self) -> &'static str {
        match &self.material {
            Material::Rsa { .. } => "RSA",
            Material::Ec { .. } => "EC",
            Material::Ed25519 { .. } | Material::X25519 { .. } => "OKP",
            Material::Oct(_) => "oct",
        }
    }

    /// Whether the key holds private material (an HMAC secret always does).
    pub fn is_private(&self) -> bool {
        match &self.material {
            Material::Rsa { private, .. } => private.is_some(),
            Material::Ec { d, .. } => d.is_some(),
            Material::Ed25519 { seed, .. } => seed.is_some(),
            Material::X25519 { d, .. } => d.is_some(),
            Material::Oct(_) => true,
        }
    }

    pub fn is_symmetric(&self) -> bool {
        matches!(self.material, Material::Oct(_))
    }

    /// Whether the key's family signs with an asymmetric algorithm: not an HMAC secret, not an
    /// X25519 (key agreement) key. What a DPoP proof or a Key Binding JWT needs.
    pub fn signs_asymmetrically(&self) -> bool {
        self.family()
            .algorithms()
            .iter()
            .any(|a| a.family() != Family::Hmac)
    }

    /// The public half, with the same metadata; its `key_ops` are what the public half does
    /// (`sign` becomes `verify`, `decrypt` `encrypt`, `unwrapKey` `wrapKey`). `None` for an HMAC
    /// secret, which has no public half.
    pub fn public(&self) -> Option<Key> {
        let material = match &self.material {
            Material::Rsa { n, e, .. } => Material::Rsa {
                n: n.clone(),
                e: e.clone(),
                private: None,
            },
            Material::Ec { curve, point, .. } => Material::Ec {
                curve: *curve,
                point: point.clone(),
                d: None,
            },
            Material::Ed25519 { x, .. } => Material::Ed25519 {
                x: x.clone(),
                seed: None,
            },
            Material::X25519 { x, .. } => Material::X25519 {
                x: x.clone(),
                d: None,
            },
            Material::Oct(_) => return None,
        };
        Some(Key {
            material,
            kid: self.kid.clone(),
            alg: self.alg.clone(),
            key_use: self.key_use.clone(),
            key_ops: self.key_ops.as_deref().map(public_ops),
        })
    }

    /// Key size in bits: the RSA modulus, the curve, the secret length.
    pub fn bits(&self) -> usize {
        match &self.material {
            Material::Rsa { n, .. } => {
                let lead = n.first().map_or(0, |b| 8 - b.leading_zeros() as usize);
                (n.len().saturating_sub(1)) * 8 + lead
            }
            Material::Ec { curve, .. } => match curve {
                Curve::P256 | Curve::Secp256k1 => 256,
                Curve::P384 => 384,
                Curve::P521 => 521,
            },
            Material::Ed25519 { .. } | Material::X25519 { .. } => 256,
            Material::Oct(s) => s.len() * 8,
        }
    }

    /// "RSA 2048-bit private key", "EC P-256 public key", "256-bit HMAC secret".
    pub fn describe(&self) -> String {
        let half = if self.is_private() {
            "private"
        } else {
            "public"
        };
        match &self.material {
            Material::Rsa { .. } => format!("RSA {}-bit {half} key", self.bits()),
            Material::Ec { curve, .. } => format!("EC {} {half} key", curve.name()),
            Material::Ed25519 { .. } => format!("Ed25519 {half} key"),
            Material::X25519 { .. } => format!("X25519 {half} key"),
            Material::Oct(_) => format!("{}-bit HMAC secret", self.bits()),
        }
    }

    /// The algorithm to sign with when none is asked for: the JWK's own `alg` if it fits,
    /// else the family default; `None` for a key that does not sign (X25519).
    pub fn default_alg(&self) -> Option<Alg> {
        self.declared_alg().or_else(|| self.family().default_alg())
    }

    /// The JWK's `alg`, when it names an algorithm this key can actually use.
    pub fn declared_alg(&self) -> Option<Alg> {
        let alg: Alg = self.alg.as_deref()?.parse().ok()?;
        self.family().algorithms().contains(&alg).then_some(alg)
    }

    /// Fails unless this key can be used with `alg` (right family, big enough).
    pub fn check_alg(&self, alg: Alg) -> Result<()> {
        if alg.family() != self.family() {
            return Err(Error::key(format!(
                "algorithm {alg} needs {}, not the given {}",
                alg.family().describe(),
                self.describe()
            ))
            .with_hint(match self.family().algorithms() {
                [] => "this key is for ECDH-ES key agreement (JWE), not for signatures".to_string(),
                algs => format!(
                    "this key signs with {}",
                    algs.iter().map(|a| a.name()).collect::<Vec<_>>().join(", ")
                ),
            }));
        }
        if let Material::Rsa { .. } = self.material
            && self.bits() < 2048
        {
            return Err(Error::key(format!(
                "RSA key of {} bits is too small for {alg} (at least 2048 bits)",
                self.bits()
            )));
        }
        Ok(())
    }
}

/// The `key_ops` of a public key whose private half has `ops`.
fn public_ops(ops: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for op in ops {
        let public = match op.as_str() {
            "sign" => "verify",
            "decrypt" => "encrypt",
            "unwrapKey" => "wrapKey",
            other => other,
        };
        if !out.iter().any(|o| o == public) {
            out.push(public.to_string());
        }
    }
    out
}

fn check_point(curve: Curve, point: &[u8]) -> Result<()> {
    let expected = 1 + 2 * curve.coordinate_len();
    if point.len() != expected || point.first() != Some(&4) {
        return Err(Error::key(format!(
            "EC {} public key must be an uncompressed point of {expected} bytes",
            curve.name()
        )));
    }
    ParsedPublicKey::new(curve.verification_alg(), point)
        .map_err(|_| Error::key(format!("EC public key is not a point on {}", curve.name())))?;
    Ok(())
}

/// Ed448 and X448 (RFC 8037) are refused by name: aws-lc-rs, jwtctl's crypto backend, has
/// neither, and the Rust crates that do (ed448-goldilocks: a 2021 release of an unaudited
/// implementation, its successor only in pre-releases) are not well-kept enough to trust with keys.
pub(crate) fn unsupported_448(name: &str) -> Error {
    let instead = if name == "X448" { "X25519" } else { "Ed25519" };
    Error::key(format!(
        "{name} is not supported: AWS-LC, jwtctl's crypto backend, has no {name}, and no \
         audited, released Rust implementation is in use; use {instead}"
    ))
}

/// The y-coordinates (little-endian, sign bit clear) of the eight points of small order on
/// edwards25519 (orders 1, 2, 4 and 8), then 0 and 1 written a second way (y + p). A public key
/// among them verifies a signature anyone can make: R the identity and S zero pass
/// [S]B = R + [k]A for every message. (Computed from the curve equation; libsodium refuses the
/// same list.)
const ED25519_SMALL_ORDER_Y: [[u8; 32]; 7] = [
    [
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x00,
    ],
    [
        0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x00,
    ],
    [
        0x26, 0xe8, 0x95, 0x8f, 0xc2, 0xb2, 0x27, 0xb0, 0x45, 0xc3, 0xf4, 0x89, 0xf2, 0xef, 0x98,
        0xf0, 0xd5, 0xdf, 0xac, 0x05, 0xd3, 0xc6, 0x33, 0x39, 0xb1, 0x38, 0x02, 0x88, 0x6d, 0x53,
        0xfc, 0x05,
    ],
    [
        0xc7, 0x17, 0x6a, 0x70, 0x3d, 0x4d, 0xd8, 0x4f, 0xba, 0x3c, 0x0b, 0x76, 0x0d, 0x10, 0x67,
        0x0f, 0x2a, 0x20, 0x53, 0xfa, 0x2c, 0x39, 0xcc, 0xc6, 0x4e, 0xc7, 0xfd, 0x77, 0x92, 0xac,
        0x03, 0x7a,
    ],
    [
        0xec, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xff, 0x7f,
    ],
    [
        0xed, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xff, 0x7f,
    ],
    [
        0xee, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xff, 0x7f,
    ],
];

/// Whether an encoded Ed25519 point has small order (its sign bit aside).
fn has_small_order(x: &[u8]) -> bool {
    let mut y = [0u8; 32];
    if x.len() != 32 {
        return false;
    }
    y.copy_from_slice(x);
    y[31] &= 0x7f;
    ED25519_SMALL_ORDER_Y.contains(&y)
}

pub(crate) fn strip_zeros(bytes: &[u8]) -> &[u8] {
    let start = bytes.iter().position(|&b| b != 0).unwrap_or(bytes.len());
    &bytes[start..]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_ed25519_public_key_of_small_order_is_refused() {
        for y in ED25519_SMALL_ORDER_Y {
            for sign in [0u8, 0x80] {
                let mut x = y;
                x[31] |= sign;
                let e = Key::ed25519_public(&x).unwrap_err();
                assert_eq!(e.kind, crate::error::Kind::Key, "{x:02x?}");
                assert!(e.message.contains("small order"), "{}", e.message);
            }
        }
        // A key made from a seed is of prime order, and loads.
        let pair = Ed25519KeyPair::from_seed_unchecked(&[7u8; 32]).unwrap();
        assert!(Key::ed25519_public(pair.public_key().as_ref()).is_ok());
    }
}
