//! Key management (RFC 7518 §4): RSA-OAEP, ECDH-ES (Concat KDF, with and without AES key
//! wrap), AES key wrap, AES-GCM key encryption, direct keys and PBES2; the recipient a JWE is
//! encrypted to, and the algorithms its key allows (bound by the key's own declarations,
//! keys::trust). [`new_cek`] makes the content encryption key of a new JWE for one recipient,
//! [`recover_cek`] finds it again.

use std::num::NonZeroU32;

use aws_lc_rs::pbkdf2;
use aws_lc_rs::rsa::{
    OAEP_SHA1_MGF1SHA1, OAEP_SHA256_MGF1SHA256, OaepPrivateDecryptingKey, OaepPublicEncryptingKey,
    Pkcs1PrivateDecryptingKey, PrivateDecryptingKey, PublicEncryptingKey,
};
use serde_json::{Map, Value};

use crate::error::{Bounded, Error, Result};
use crate::input::secret::Secret;
use crate::jose::b64;
use crate::keys::{Key, Material, pkcs};

use super::aeskw::{self, GCMKW_IV_LEN, GCMKW_TAG_LEN};
use super::content::Enc;
use super::ecdh::{
    Ephemeral, ecdh_alg, ecdh_cek, ecdh_open, ephemeral_agreement, static_agreement,
};
use super::{MAX_P2C, random};

/// Key management algorithms (RFC 7518 §4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyAlg {
    RsaOaep,
    RsaOaep256,
    Rsa1_5,
    EcdhEs,
    EcdhEsA128Kw,
    EcdhEsA192Kw,
    EcdhEsA256Kw,
    A128Kw,
    A192Kw,
    A256Kw,
    A128GcmKw,
    A192GcmKw,
    A256GcmKw,
    Dir,
    Pbes2Hs256A128Kw,
    Pbes2Hs384A192Kw,
    Pbes2Hs512A256Kw,
}

impl KeyAlg {
    pub const ALL: [KeyAlg; 17] = [
        KeyAlg::RsaOaep,
        KeyAlg::RsaOaep256,
        KeyAlg::Rsa1_5,
        KeyAlg::EcdhEs,
        KeyAlg::EcdhEsA128Kw,
        KeyAlg::EcdhEsA192Kw,
        KeyAlg::EcdhEsA256Kw,
        KeyAlg::A128Kw,
        KeyAlg::A192Kw,
        KeyAlg::A256Kw,
        KeyAlg::A128GcmKw,
        KeyAlg::A192GcmKw,
        KeyAlg::A256GcmKw,
        KeyAlg::Dir,
        KeyAlg::Pbes2Hs256A128Kw,
        KeyAlg::Pbes2Hs384A192Kw,
        KeyAlg::Pbes2Hs512A256Kw,
    ];

    pub fn name(self) -> &'static str {
        match self {
            KeyAlg::RsaOaep => "RSA-OAEP",
            KeyAlg::RsaOaep256 => "RSA-OAEP-256",
            KeyAlg::Rsa1_5 => "RSA1_5",
            KeyAlg::EcdhEs => "ECDH-ES",
            KeyAlg::EcdhEsA128Kw => "ECDH-ES+A128KW",
            KeyAlg::EcdhEsA192Kw => "ECDH-ES+A192KW",
            KeyAlg::EcdhEsA256Kw => "ECDH-ES+A256KW",
            KeyAlg::A128Kw => "A128KW",
            KeyAlg::A192Kw => "A192KW",
            KeyAlg::A256Kw => "A256KW",
            KeyAlg::A128GcmKw => "A128GCMKW",
            KeyAlg::A192GcmKw => "A192GCMKW",
            KeyAlg::A256GcmKw => "A256GCMKW",
            KeyAlg::Dir => "dir",
            KeyAlg::Pbes2Hs256A128Kw => "PBES2-HS256+A128KW",
            KeyAlg::Pbes2Hs384A192Kw => "PBES2-HS384+A192KW",
            KeyAlg::Pbes2Hs512A256Kw => "PBES2-HS512+A256KW",
        }
    }

    pub fn parse(name: &str) -> Option<KeyAlg> {
        KeyAlg::ALL.into_iter().find(|a| a.name() == name)
    }

    /// The length of the key-wrapping key, for the AES key wrap variants (RFC 3394).
    pub(super) fn kek_len(self) -> Option<usize> {
        match self {
            KeyAlg::EcdhEsA128Kw | KeyAlg::A128Kw | KeyAlg::Pbes2Hs256A128Kw => Some(16),
            KeyAlg::EcdhEsA192Kw | KeyAlg::A192Kw | KeyAlg::Pbes2Hs384A192Kw => Some(24),
            KeyAlg::EcdhEsA256Kw | KeyAlg::A256Kw | KeyAlg::Pbes2Hs512A256Kw => Some(32),
            _ => None,
        }
    }

    /// ECDH-ES's key wrap: this algorithm's name and KEK length for ECDH-ES+AxxxKW.
    fn ecdh_wrap(self) -> super::ecdh::Wrap {
        self.kek_len().map(|len| (self.name(), len))
    }

    /// The key length of the AES-GCM key encryption variants (RFC 7518 §4.7).
    fn gcm_kek_len(self) -> Option<usize> {
        match self {
            KeyAlg::A128GcmKw => Some(16),
            KeyAlg::A192GcmKw => Some(24),
            KeyAlg::A256GcmKw => Some(32),
            _ => None,
        }
    }

    /// Whether the algorithm takes a symmetric key as it is (AES key wrap, AES-GCM key
    /// encryption, `dir`), and of which length (`None` for `dir`, which follows the `enc`).
    pub fn secret_len(self) -> Option<Option<usize>> {
        match self {
            KeyAlg::A128Kw | KeyAlg::A192Kw | KeyAlg::A256Kw => Some(self.kek_len()),
            KeyAlg::A128GcmKw | KeyAlg::A192GcmKw | KeyAlg::A256GcmKw => Some(self.gcm_kek_len()),
            KeyAlg::Dir => Some(None),
            _ => None,
        }
    }

    /// The ECDH-ES variants (RFC 7518 §4.6).
    fn is_ecdh(self) -> bool {
        matches!(
            self,
            KeyAlg::EcdhEs | KeyAlg::EcdhEsA128Kw | KeyAlg::EcdhEsA192Kw | KeyAlg::EcdhEsA256Kw
        )
    }

    /// The PBES2 variants (RFC 7518 §4.8).
    fn is_pbes2(self) -> bool {
        matches!(
            self,
            KeyAlg::Pbes2Hs256A128Kw | KeyAlg::Pbes2Hs384A192Kw | KeyAlg::Pbes2Hs512A256Kw
        )
    }
}

/// What a JWE is encrypted to, or decrypted with.
pub enum Recipient<'a> {
    Key(&'a Key),
    Password(&'a Secret),
}

impl Recipient<'_> {
    /// The key management algorithms this recipient can be used with.
    pub fn algorithms(&self) -> Vec<KeyAlg> {
        match self {
            Recipient::Password(_) => vec![
                KeyAlg::Pbes2Hs256A128Kw,
                KeyAlg::Pbes2Hs384A192Kw,
                KeyAlg::Pbes2Hs512A256Kw,
            ],
            Recipient::Key(key) => {
                let mut algs = match &key.material {
                    Material::Rsa { .. } => vec![KeyAlg::RsaOaep256, KeyAlg::RsaOaep],
                    Material::Ec { curve, .. } if ecdh_alg(*curve).is_none() => Vec::new(),
                    Material::Ec { .. } => vec![
                        KeyAlg::EcdhEs,
                        KeyAlg::EcdhEsA128Kw,
                        KeyAlg::EcdhEsA192Kw,
                        KeyAlg::EcdhEsA256Kw,
                    ],
                    Material::Oct(s) => {
                        // AES key wrap first (the default), then AES-GCM key encryption.
                        let mut algs: Vec<KeyAlg> = KeyAlg::ALL
                            .into_iter()
                            .filter(|a| a.secret_len().is_some_and(|len| len == Some(s.len())))
                            .collect();
                        if Enc::ALL.iter().any(|e| e.key_len() == s.len()) {
                            algs.push(KeyAlg::Dir);
                        }
                        algs
                    }
                    Material::X25519 { .. } => vec![
                        KeyAlg::EcdhEs,
                        KeyAlg::EcdhEsA128Kw,
                        KeyAlg::EcdhEsA192Kw,
                        KeyAlg::EcdhEsA256Kw,
                    ],
                    Material::Ed25519 { .. } => Vec::new(),
                };
                // A JWK's own alg binds it (keys::trust): a key published for RSA-OAEP-256 is
                // used for that alone, one published for a content encryption is a `dir` key,
                // and one published for a signature algorithm is for no JWE at all.
                if let Some(declared) = key.alg.as_deref() {
                    match KeyAlg::parse(declared) {
                        Some(KeyAlg::Rsa1_5) if key.family() == crate::jose::alg::Family::Rsa => {
                            algs = vec![KeyAlg::Rsa1_5];
                        }
                        Some(own) => algs.retain(|a| *a == own),
                        None if Enc::parse(declared).is_some() => {
                            algs.retain(|a| *a == KeyAlg::Dir);
                        }
                        None => algs.clear(),
                    }
                }
                algs
            }
        }
    }

    /// The content encryption a key is bound to by its own alg (a `dir` key published for
    /// A256GCM encrypts with A256GCM and nothing else).
    pub fn declared_enc(&self) -> Option<Enc> {
        match self {
            Recipient::Key(key) => key.alg.as_deref().and_then(Enc::parse),
            Recipient::Password(_) => None,
        }
    }

    /// The key management algorithms this recipient may decrypt: [`Self::algorithms`], and
    /// RSA1_5 when `allow_rsa1_5` and the key is an RSA key that declares no other algorithm
    /// (a key published for RSA-OAEP is never used for PKCS #1 v1.5).
    pub(super) fn decrypt_algorithms(&self, allow_rsa1_5: bool) -> Vec<KeyAlg> {
        let mut algs = self.algorithms();
        if !allow_rsa1_5 {
            algs.retain(|a| *a != KeyAlg::Rsa1_5);
        } else if let Recipient::Key(key) = self
            && key.alg.is_none()
            && key.family() == crate::jose::alg::Family::Rsa
        {
            algs.push(KeyAlg::Rsa1_5);
        }
        algs
    }

    pub(super) fn describe(&self) -> String {
        match self {
            Recipient::Password(_) => "a password".to_string(),
            Recipient::Key(k) => match &k.alg {
                // A key bound by its own alg says so, and names itself.
                Some(alg) => format!(
                    "{} (published for alg {} only)",
                    crate::keys::trust::name(k),
                    crate::keys::trust::quoted(alg)
                ),
                None => k.describe(),
            },
        }
    }
}

pub(super) fn pbes2_key(alg: KeyAlg, password: &[u8], p2s: &[u8], p2c: u32) -> Result<Vec<u8>> {
    let (prf, len) = match alg {
        KeyAlg::Pbes2Hs256A128Kw => (pbkdf2::PBKDF2_HMAC_SHA256, 16),
        KeyAlg::Pbes2Hs384A192Kw => (pbkdf2::PBKDF2_HMAC_SHA384, 24),
        _ => (pbkdf2::PBKDF2_HMAC_SHA512, 32),
    };
    let iterations =
        NonZeroU32::new(p2c).ok_or_else(|| Error::malformed("header: p2c must be at least 1"))?;
    let mut salt = alg.name().as_bytes().to_vec();
    salt.push(0);
    salt.extend_from_slice(p2s);
    let mut out = vec![0u8; len];
    pbkdf2::derive(prf, iterations, &salt, password, &mut out);
    Ok(out)
}

/// The key management of a new JWE for one recipient: the content encryption key, the
/// encrypted key, and the header members the algorithm adds (`epk`; `p2s`, `p2c`; `iv`, `tag`).
pub(super) struct NewCek {
    pub(super) cek: Vec<u8>,
    pub(super) encrypted_key: Vec<u8>,
    pub(super) header: Map<String, Value>,
}

/// Makes the content encryption key for `enc` (or takes the `shared` one) and encrypts it to
/// `recipient` with `alg` (`p2c` iterations for PBES2). The caller has checked that the
/// recipient allows `alg`, and that a shared key goes only to algorithms that wrap one.
pub(super) fn new_cek(
    alg: KeyAlg,
    enc: Enc,
    recipient: &Recipient<'_>,
    p2c: u32,
    shared: Option<&[u8]>,
) -> Result<NewCek> {
    let mut header = Map::new();
    let cannot = || {
        Error::key(format!(
            "{} cannot be used with {}",
            recipient.describe(),
            alg.name()
        ))
    };
    let (cek, encrypted_key) = match (alg, recipient) {
        (KeyAlg::Dir, Recipient::Key(key)) => {
            let Material::Oct(secret) = &key.material else {
                return Err(Error::key("dir needs a symmetric key"));
            };
            if secret.len() != enc.key_len() {
                return Err(Error::key(format!(
                    "dir with {} needs a {}-byte key, not {} bytes",
                    enc.name(),
                    enc.key_len(),
                    secret.len()
                )));
            }
            (secret.bytes().to_vec(), Vec::new())
        }
        (KeyAlg::RsaOaep | KeyAlg::RsaOaep256, Recipient::Key(key)) => {
            let cek = super::content::content_key(enc, shared)?;
            let spki = pkcs::public_spki_der(key)?;
            let public = PublicEncryptingKey::from_der(&spki)
                .ok()
                .and_then(|k| OaepPublicEncryptingKey::new(k).ok())
                .ok_or_else(|| Error::key("the RSA key cannot encrypt"))?;
            let oaep = if alg == KeyAlg::RsaOaep {
                &OAEP_SHA1_MGF1SHA1
            } else {
                &OAEP_SHA256_MGF1SHA256
            };
            let mut out = vec![0u8; public.ciphertext_size()];
            let wrapped = public
                .encrypt(oaep, &cek, &mut out, None)
                .map_err(|_| Error::key("RSA-OAEP encryption failed"))?
                .to_vec();
            (cek, wrapped)
        }
        (_, Recipient::Key(key)) if alg.is_ecdh() => {
            let Ephemeral { epk, z } = ephemeral_agreement(key)?.ok_or_else(cannot)?;
            header.insert("epk".into(), Value::Object(epk));
            ecdh_cek(alg.ecdh_wrap(), enc, &z, &[], &[], shared)?
        }
        (_, Recipient::Key(key)) if alg.kek_len().is_some() => {
            let Material::Oct(secret) = &key.material else {
                return Err(Error::key("AES key wrap needs a symmetric key"));
            };
            let cek = super::content::content_key(enc, shared)?;
            let wrapped = aeskw::wrap(secret.bytes(), &cek)?;
            (cek, wrapped)
        }
        (_, Recipient::Key(key)) if alg.gcm_kek_len().is_some() => {
            let Material::Oct(secret) = &key.material else {
                return Err(Error::key("AES-GCM key encryption needs a symmetric key"));
            };
            if Some(secret.len()) != alg.gcm_kek_len() {
                return Err(cannot());
            }
            let cek = super::content::content_key(enc, shared)?;
            let iv = random(GCMKW_IV_LEN)?;
            let (wrapped, tag) = aeskw::gcm_wrap(secret.bytes(), &iv, &cek)?;
            header.insert("iv".into(), Value::from(b64::encode(&iv)));
            header.insert("tag".into(), Value::from(b64::encode(&tag)));
            (cek, wrapped)
        }
        (_, Recipient::Password(password)) if alg.is_pbes2() => {
            let salt = random(16)?;
            header.insert("p2s".into(), Value::from(b64::encode(&salt)));
            header.insert("p2c".into(), Value::from(p2c));
            let kek = pbes2_key(alg, password.bytes(), &salt, p2c)?;
            let cek = super::content::content_key(enc, shared)?;
            let wrapped = aeskw::wrap(&kek, &cek)?;
            (cek, wrapped)
        }
        _ => return Err(cannot()),
    };
    Ok(NewCek {
        cek,
        encrypted_key,
        header,
    })
}

/// The content encryption key, `None` when the key material does not open it. Header problems
/// that are visible without any key (a bad epk, a huge p2c) are errors of their own.
pub(super) fn recover_cek(
    alg: KeyAlg,
    enc: Enc,
    recipient: &Recipient<'_>,
    header: &Map<String, Value>,
    encrypted_key: &[u8],
) -> Result<Option<Vec<u8>>> {
    match (alg, recipient) {
        (KeyAlg::Dir, Recipient::Key(key)) => match &key.material {
            Material::Oct(s) if encrypted_key.is_empty() => Ok(Some(s.bytes().to_vec())),
            _ => Ok(None),
        },
        (KeyAlg::RsaOaep | KeyAlg::RsaOaep256 | KeyAlg::Rsa1_5, Recipient::Key(key)) => {
            if !key.is_private() {
                return Err(Error::key("decrypting needs the private RSA key"));
            }
            let der = pkcs::private_pkcs8_der(key)?;
            let private = PrivateDecryptingKey::from_pkcs8(&der)
                .map_err(|_| Error::key("the RSA key cannot decrypt"))?;
            let mut out = vec![0u8; encrypted_key.len().max(1)];
            Ok(match alg {
                KeyAlg::Rsa1_5 => Pkcs1PrivateDecryptingKey::new(private)
                    .ok()
                    .and_then(|k| k.decrypt(encrypted_key, &mut out).ok().map(|p| p.to_vec())),
                _ => {
                    let oaep = if alg == KeyAlg::RsaOaep {
                        &OAEP_SHA1_MGF1SHA1
                    } else {
                        &OAEP_SHA256_MGF1SHA256
                    };
                    OaepPrivateDecryptingKey::new(private).ok().and_then(|k| {
                        k.decrypt(oaep, encrypted_key, &mut out, None)
                            .ok()
                            .map(|p| p.to_vec())
                    })
                }
            })
        }
        (_, Recipient::Key(key)) if alg.is_ecdh() => {
            let z = static_agreement(key, header)?;
            let apu = b64_member(header, "apu")?;
            let apv = b64_member(header, "apv")?;
            Ok(ecdh_open(
                alg.ecdh_wrap(),
                enc,
                &z,
                &apu,
                &apv,
                encrypted_key,
            ))
        }
        (_, Recipient::Key(key)) if alg.kek_len().is_some() => match &key.material {
            Material::Oct(s) => Ok(aeskw::unwrap(s.bytes(), encrypted_key)),
            _ => Ok(None),
        },
        (_, Recipient::Key(key)) if alg.gcm_kek_len().is_some() => {
            // RFC 7518 §4.7.1: both members are required, with their exact lengths; they are
            // visible without the key, so a bad one is a malformed header.
            let iv = b64_member(header, "iv")?;
            let tag = b64_member(header, "tag")?;
            for (name, value, len) in [("iv", &iv, GCMKW_IV_LEN), ("tag", &tag, GCMKW_TAG_LEN)] {
                if !header.contains_key(name) {
                    return Err(Error::malformed(format!(
                        "header: {} needs the {name} member",
                        alg.name()
                    )));
                }
                if value.len() != len {
                    return Err(Error::malformed(format!(
                        "header: {name} must be {len} bytes for {}, not {}",
                        alg.name(),
                        value.len()
                    )));
                }
            }
            Ok(match &key.material {
                Material::Oct(s) => aeskw::gcm_unwrap(s.bytes(), &iv, &tag, encrypted_key),
                _ => None,
            })
        }
        (_, Recipient::Password(password)) if alg.is_pbes2() => {
            let p2c = match header.get("p2c") {
                Some(v) => v
                    .as_u64()
                    .ok_or_else(|| Error::malformed("header: p2c must be a positive integer"))?,
                None => return Err(Error::malformed("header: PBES2 needs p2c")),
            };
            if p2c > u64::from(MAX_P2C) {
                return Err(Error::too_large(
                    Bounded::Pbes2Iterations,
                    u64::from(MAX_P2C),
                    format!("header: p2c {p2c} is over the limit of {MAX_P2C} iterations"),
                ));
            }
            let p2s = b64_member(header, "p2s")?;
            if p2s.len() < 8 {
                return Err(Error::malformed("header: p2s must be at least 8 bytes"));
            }
            let kek = pbes2_key(alg, password.bytes(), &p2s, p2c as u32)?;
            Ok(aeskw::unwrap(&kek, encrypted_key))
        }
        _ => Ok(None),
    }
}

fn b64_member(header: &Map<String, Value>, name: &str) -> Result<Vec<u8>> {
    match header.get(name) {
        None => Ok(Vec::new()),
        Some(Value::String(s)) => {
            b64::decode(s).map_err(|why| Error::malformed(format!("header: {name}: {why}")))
        }
        Some(_) => Err(Error::malformed(format!("header: {name} must be a string"))),
    }
}
