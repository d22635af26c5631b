//! JWE in compact serialization (RFC 7516) on aws-lc-rs primitives: RSA-OAEP(-256), ECDH-ES
//! (direct and with AES key wrap), AES key wrap, direct keys and PBES2 for key management;
//! AES-GCM and AES-CBC + HMAC-SHA2 for content. Decryption is as strict as `verify`: the
//! algorithms come from the caller's allow-lists, `crit` and `zip` are refused unless allowed,
//! PBES2 iteration counts are bounded, and every failure after the header checks (a wrong key, a
//! bad wrapped key, a bad tag, RSA1_5 padding) is one error with one message.

use std::io::Read;
use std::num::NonZeroU32;

use aws_lc_rs::agreement::{self, ECDH_P256, ECDH_P384, ECDH_P521, UnparsedPublicKey};
use aws_lc_rs::cipher::{
    AES_128, AES_256, DecryptionContext, EncryptionContext, PaddedBlockDecryptingKey,
    PaddedBlockEncryptingKey, UnboundCipherKey,
};
use aws_lc_rs::key_wrap::{self, AesKek, KeyWrap};
use aws_lc_rs::rsa::{
    OAEP_SHA1_MGF1SHA1, OAEP_SHA256_MGF1SHA256, OaepPrivateDecryptingKey, OaepPublicEncryptingKey,
    Pkcs1PrivateDecryptingKey, PrivateDecryptingKey, PublicEncryptingKey,
};
use aws_lc_rs::{aead, constant_time, digest, hmac, pbkdf2, rand};
use serde_json::{Map, Value};

use crate::b64;
use crate::error::{Error, Reason, Result};
use crate::json;
use crate::keys::{Curve, Key, Material, jwk, pkcs};
use crate::secret::Secret;
use crate::text::escape;

/// Protected header members jwtctl sets itself and never copies from the caller.
const RESERVED_HEADER: [&str; 9] = [
    "alg", "enc", "epk", "apu", "apv", "p2s", "p2c", "zip", "crit",
];

/// The one message for every failure after the header checks.
pub const DECRYPTION_FAILED: &str = "cannot decrypt: wrong key, or the token was altered";

/// Largest PBES2 iteration count accepted when decrypting (a CPU-exhaustion guard).
pub const MAX_P2C: u32 = 1_000_000;
/// PBES2 iteration count used when encrypting, unless the caller asks for more: the most that
/// node `jose` (10 000) and jwcrypto (16 384) accept without raising their limits.
pub const DEFAULT_P2C: u32 = 10_000;
/// Largest plaintext after `zip: DEF` decompression.
pub const MAX_INFLATED: u64 = 1024 * 1024;

/// Key management algorithms (RFC 7518 §4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyAlg {
    RsaOaep,
    RsaOaep256,
    Rsa1_5,
    EcdhEs,
    EcdhEsA128Kw,
    EcdhEsA256Kw,
    A128Kw,
    A256Kw,
    Dir,
    Pbes2Hs256A128Kw,
    Pbes2Hs512A256Kw,
}

/// Content encryption algorithms (RFC 7518 §5).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Enc {
    A128Gcm,
    A256Gcm,
    A128CbcHs256,
    A256CbcHs512,
}

impl KeyAlg {
    pub const ALL: [KeyAlg; 11] = [
        KeyAlg::RsaOaep,
        KeyAlg::RsaOaep256,
        KeyAlg::Rsa1_5,
        KeyAlg::EcdhEs,
        KeyAlg::EcdhEsA128Kw,
        KeyAlg::EcdhEsA256Kw,
        KeyAlg::A128Kw,
        KeyAlg::A256Kw,
        KeyAlg::Dir,
        KeyAlg::Pbes2Hs256A128Kw,
        KeyAlg::Pbes2Hs512A256Kw,
    ];

    pub fn name(self) -> &'static str {
        match self {
            KeyAlg::RsaOaep => "RSA-OAEP",
            KeyAlg::RsaOaep256 => "RSA-OAEP-256",
            KeyAlg::Rsa1_5 => "RSA1_5",
            KeyAlg::EcdhEs => "ECDH-ES",
            KeyAlg::EcdhEsA128Kw => "ECDH-ES+A128KW",
            KeyAlg::EcdhEsA256Kw => "ECDH-ES+A256KW",
            KeyAlg::A128Kw => "A128KW",
            KeyAlg::A256Kw => "A256KW",
            KeyAlg::Dir => "dir",
            KeyAlg::Pbes2Hs256A128Kw => "PBES2-HS256+A128KW",
            KeyAlg::Pbes2Hs512A256Kw => "PBES2-HS512+A256KW",
        }
    }

    pub fn parse(name: &str) -> Option<KeyAlg> {
        KeyAlg::ALL.into_iter().find(|a| a.name() == name)
    }

    /// The length of the key-wrapping key, for the AES key wrap variants.
    fn kek_len(self) -> Option<usize> {
        match self {
            KeyAlg::EcdhEsA128Kw | KeyAlg::A128Kw | KeyAlg::Pbes2Hs256A128Kw => Some(16),
            KeyAlg::EcdhEsA256Kw | KeyAlg::A256Kw | KeyAlg::Pbes2Hs512A256Kw => Some(32),
            _ => None,
        }
    }
}

impl Enc {
    pub const ALL: [Enc; 4] = [
        Enc::A128Gcm,
        Enc::A256Gcm,
        Enc::A128CbcHs256,
        Enc::A256CbcHs512,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Enc::A128Gcm => "A128GCM",
            Enc::A256Gcm => "A256GCM",
            Enc::A128CbcHs256 => "A128CBC-HS256",
            Enc::A256CbcHs512 => "A256CBC-HS512",
        }
    }

    pub fn parse(name: &str) -> Option<Enc> {
        Enc::ALL.into_iter().find(|e| e.name() == name)
    }

    /// Content encryption key length in bytes.
    pub fn key_len(self) -> usize {
        match self {
            Enc::A128Gcm => 16,
            Enc::A256Gcm | Enc::A128CbcHs256 => 32,
            Enc::A256CbcHs512 => 64,
        }
    }

    fn iv_len(self) -> usize {
        match self {
            Enc::A128Gcm | Enc::A256Gcm => 12,
            _ => 16,
        }
    }

    /// The exact authentication tag length: 128 bits for AES-GCM (RFC 7518 §5.3), half the
    /// HMAC output for AES-CBC-HMAC (§5.2.3-5.2.5). Any other length is an integrity failure:
    /// a GCM tag split between the ciphertext and tag segments would otherwise still open.
    fn tag_len(self) -> usize {
        match self {
            Enc::A128Gcm | Enc::A256Gcm | Enc::A128CbcHs256 => 16,
            Enc::A256CbcHs512 => 32,
        }
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
            Recipient::Password(_) => vec![KeyAlg::Pbes2Hs256A128Kw, KeyAlg::Pbes2Hs512A256Kw],
            Recipient::Key(key) => {
                let mut algs = match &key.material {
                    Material::Rsa { .. } => vec![KeyAlg::RsaOaep256, KeyAlg::RsaOaep],
                    Material::Ec { .. } => {
                        vec![KeyAlg::EcdhEs, KeyAlg::EcdhEsA128Kw, KeyAlg::EcdhEsA256Kw]
                    }
                    Material::Oct(s) => {
                        let mut algs = Vec::new();
                        match s.len() {
                            16 => algs.push(KeyAlg::A128Kw),
                            32 => algs.push(KeyAlg::A256Kw),
                            _ => {}
                        }
                        if Enc::ALL.iter().any(|e| e.key_len() == s.len()) {
                            algs.push(KeyAlg::Dir);
                        }
                        algs
                    }
                    Material::Ed25519 { .. } => Vec::new(),
                };
                // A JWK's own alg binds it (keys::trust): a key published for RSA-OAEP-256 is
                // used for that alone, one published for a content encryption is a `dir` key,
                // and one published for a signature algorithm is for no JWE at all.
                if let Some(declared) = key.alg.as_deref() {
                    match KeyAlg::parse(declared) {
                        Some(KeyAlg::Rsa1_5) if key.family() == crate::alg::Family::Rsa => {
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
    fn decrypt_algorithms(&self, allow_rsa1_5: bool) -> Vec<KeyAlg> {
        let mut algs = self.algorithms();
        if !allow_rsa1_5 {
            algs.retain(|a| *a != KeyAlg::Rsa1_5);
        } else if let Recipient::Key(key) = self
            && key.alg.is_none()
            && key.family() == crate::alg::Family::Rsa
        {
            algs.push(KeyAlg::Rsa1_5);
        }
        algs
    }

    fn describe(&self) -> String {
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

fn random(len: usize) -> Result<Vec<u8>> {
    let mut out = vec![0u8; len];
    rand::fill(&mut out).map_err(|_| Error::key("the system random number generator failed"))?;
    Ok(out)
}

fn failed() -> Error {
    Error::rejected(Reason::DecryptionFailed, DECRYPTION_FAILED)
}

/// Encrypts `plaintext` to `recipient`. `header` holds extra protected header members (cty,
/// kid, ...); alg and enc are set here.
pub fn encrypt(
    plaintext: &[u8],
    recipient: &Recipient<'_>,
    alg: KeyAlg,
    enc: Enc,
    extra: &Map<String, Value>,
) -> Result<String> {
    encrypt_with(plaintext, recipient, alg, enc, extra, DEFAULT_P2C)
}

/// [`encrypt`] with a chosen PBES2 iteration count (1000 to [`MAX_P2C`]).
pub fn encrypt_with(
    plaintext: &[u8],
    recipient: &Recipient<'_>,
    alg: KeyAlg,
    enc: Enc,
    extra: &Map<String, Value>,
    p2c: u32,
) -> Result<String> {
    // Members that change how the token is processed are jwtctl's to set: copying them from the
    // caller (apu/apv feed the key derivation, zip and crit change decryption) would produce
    // tokens that do not decrypt. Found by the jwe_decrypt fuzz target.
    if let Some(name) = extra.keys().find(|k| RESERVED_HEADER.contains(&k.as_str())) {
        return Err(Error::usage(format!(
            "header member {name} is set by jwtctl, not by the caller"
        )));
    }
    if !(1000..=MAX_P2C).contains(&p2c) {
        return Err(Error::usage(format!(
            "--p2c {p2c}: the PBES2 iteration count must be between 1000 and {MAX_P2C}"
        )));
    }
    if alg == KeyAlg::Rsa1_5 {
        return Err(Error::usage(
            "RSA1_5 is never used to encrypt: it is open to padding-oracle attacks",
        )
        .with_hint("use RSA-OAEP-256"));
    }
    if !recipient.algorithms().contains(&alg) {
        return Err(Error::key(format!(
            "{} cannot be used with {}",
            recipient.describe(),
            alg.name()
        )));
    }
    if let Some(own) = recipient.declared_enc()
        && own != enc
    {
        return Err(Error::key(format!(
            "{} cannot be used with {}",
            recipient.describe(),
            enc.name()
        )));
    }
    let mut header = Map::new();
    header.insert("alg".into(), Value::from(alg.name()));
    header.insert("enc".into(), Value::from(enc.name()));
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
            let cek = random(enc.key_len())?;
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
        (KeyAlg::EcdhEs | KeyAlg::EcdhEsA128Kw | KeyAlg::EcdhEsA256Kw, Recipient::Key(key)) => {
            let Material::Ec { curve, point, .. } = &key.material else {
                return Err(Error::key("ECDH-ES needs an EC key"));
            };
            let ephemeral = agreement::PrivateKey::generate(ecdh_alg(*curve))
                .map_err(|_| Error::key("cannot make an ephemeral EC key"))?;
            let epk_point = ephemeral
                .compute_public_key()
                .map_err(|_| Error::key("cannot make an ephemeral EC key"))?;
            let epk = Key::ec_public(*curve, epk_point.as_ref())?;
            let mut epk_jwk = jwk::to_jwk(&epk, false)?;
            epk_jwk.shift_remove("kid");
            header.insert("epk".into(), Value::Object(epk_jwk));
            let (agreed_alg, len) = match alg.kek_len() {
                Some(kek) => (alg.name(), kek),
                None => (enc.name(), enc.key_len()),
            };
            let z = agreement::agree(
                &ephemeral,
                UnparsedPublicKey::new(ecdh_alg(*curve), point),
                Error::key("ECDH key agreement failed"),
                |z| Ok(z.to_vec()),
            )?;
            let derived = concat_kdf(&z, agreed_alg, &[], &[], len);
            if alg == KeyAlg::EcdhEs {
                (derived, Vec::new())
            } else {
                let cek = random(enc.key_len())?;
                let wrapped = aes_wrap(&derived, &cek)?;
                (cek, wrapped)
            }
        }
        (KeyAlg::A128Kw | KeyAlg::A256Kw, Recipient::Key(key)) => {
            let Material::Oct(secret) = &key.material else {
                return Err(Error::key("AES key wrap needs a symmetric key"));
            };
            let cek = random(enc.key_len())?;
            let wrapped = aes_wrap(secret.bytes(), &cek)?;
            (cek, wrapped)
        }
        (KeyAlg::Pbes2Hs256A128Kw | KeyAlg::Pbes2Hs512A256Kw, Recipient::Password(password)) => {
            let salt = random(16)?;
            header.insert("p2s".into(), Value::from(b64::encode(&salt)));
            header.insert("p2c".into(), Value::from(p2c));
            let kek = pbes2_key(alg, password.bytes(), &salt, p2c)?;
            let cek = random(enc.key_len())?;
            let wrapped = aes_wrap(&kek, &cek)?;
            (cek, wrapped)
        }
        _ => {
            return Err(Error::key(format!(
                "{} cannot be used with {}",
                recipient.describe(),
                alg.name()
            )));
        }
    };
    for (k, v) in extra {
        header.insert(k.clone(), v.clone());
    }
    let header_b64 =
        b64::encode(&serde_json::to_vec(&header).map_err(|e| Error::malformed(e.to_string()))?);
    let iv = random(enc.iv_len())?;
    let (ciphertext, tag) = seal(enc, &cek, &iv, header_b64.as_bytes(), plaintext)?;
    Ok(format!(
        "{header_b64}.{}.{}.{}.{}",
        b64::encode(&encrypted_key),
        b64::encode(&iv),
        b64::encode(&ciphertext),
        b64::encode(&tag)
    ))
}

fn ecdh_alg(curve: Curve) -> &'static agreement::Algorithm {
    match curve {
        Curve::P256 => &ECDH_P256,
        Curve::P384 => &ECDH_P384,
        Curve::P521 => &ECDH_P521,
    }
}

/// Concat KDF (NIST SP 800-56A, RFC 7518 §4.6.2) with SHA-256.
fn concat_kdf(z: &[u8], alg: &str, apu: &[u8], apv: &[u8], len: usize) -> Vec<u8> {
    let mut other = Vec::new();
    for part in [alg.as_bytes(), apu, apv] {
        other.extend_from_slice(&(part.len() as u32).to_be_bytes());
        other.extend_from_slice(part);
    }
    other.extend_from_slice(&((len * 8) as u32).to_be_bytes());
    let mut out = Vec::new();
    let mut counter: u32 = 1;
    while out.len() < len {
        let mut ctx = digest::Context::new(&digest::SHA256);
        ctx.update(&counter.to_be_bytes());
        ctx.update(z);
        ctx.update(&other);
        out.extend_from_slice(ctx.finish().as_ref());
        counter += 1;
    }
    out.truncate(len);
    out
}

fn aes_wrap(kek: &[u8], cek: &[u8]) -> Result<Vec<u8>> {
    let cipher = if kek.len() == 16 {
        &key_wrap::AES_128
    } else {
        &key_wrap::AES_256
    };
    let kek = AesKek::new(cipher, kek).map_err(|_| Error::key("invalid key-wrapping key"))?;
    let mut out = vec![0u8; cek.len() + 8];
    let wrapped = kek
        .wrap(cek, &mut out)
        .map_err(|_| Error::key("AES key wrap failed"))?;
    Ok(wrapped.to_vec())
}

fn aes_unwrap(kek: &[u8], wrapped: &[u8]) -> Option<Vec<u8>> {
    let cipher = match kek.len() {
        16 => &key_wrap::AES_128,
        32 => &key_wrap::AES_256,
        _ => return None,
    };
    let kek = AesKek::new(cipher, kek).ok()?;
    let mut out = vec![0u8; wrapped.len()];
    kek.unwrap(wrapped, &mut out).ok().map(|k| k.to_vec())
}

fn pbes2_key(alg: KeyAlg, password: &[u8], p2s: &[u8], p2c: u32) -> Result<Vec<u8>> {
    let (prf, len) = match alg {
        KeyAlg::Pbes2Hs256A128Kw => (pbkdf2::PBKDF2_HMAC_SHA256, 16),
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

/// The AES-GCM key and nonce of a GCM content encryption; `None` when the CEK or IV has the
/// wrong length.
fn gcm_key(enc: Enc, cek: &[u8], iv: &[u8]) -> Option<(aead::LessSafeKey, aead::Nonce)> {
    let alg = if enc == Enc::A128Gcm {
        &aead::AES_128_GCM
    } else {
        &aead::AES_256_GCM
    };
    let key = aead::LessSafeKey::new(aead::UnboundKey::new(alg, cek).ok()?);
    let nonce = aead::Nonce::try_assume_unique_for_key(iv).ok()?;
    Some((key, nonce))
}

/// AES-CBC + HMAC (RFC 7518 §5.2.2.1): the MAC key is the first half of the CEK, the AES key the
/// second; returns (MAC key, AES key, cipher).
fn cbc_keys(cek: &[u8]) -> (&[u8], &[u8], &'static aws_lc_rs::cipher::Algorithm) {
    let half = cek.len() / 2;
    let (mac_key, enc_key) = cek.split_at(half);
    (
        mac_key,
        enc_key,
        if half == 16 { &AES_128 } else { &AES_256 },
    )
}

/// Content encryption: returns (ciphertext, tag).
fn seal(
    enc: Enc,
    cek: &[u8],
    iv: &[u8],
    aad: &[u8],
    plaintext: &[u8],
) -> Result<(Vec<u8>, Vec<u8>)> {
    let broken = || Error::key(format!("{} encryption failed", enc.name()));
    match enc {
        Enc::A128Gcm | Enc::A256Gcm => {
            let (key, nonce) = gcm_key(enc, cek, iv).ok_or_else(broken)?;
            let mut in_out = plaintext.to_vec();
            let tag = key
                .seal_in_place_separate_tag(nonce, aead::Aad::from(aad), &mut in_out)
                .map_err(|_| broken())?;
            Ok((in_out, tag.as_ref().to_vec()))
        }
        Enc::A128CbcHs256 | Enc::A256CbcHs512 => {
            let (mac_key, enc_key, cipher) = cbc_keys(cek);
            let key = PaddedBlockEncryptingKey::cbc_pkcs7(
                UnboundCipherKey::new(cipher, enc_key).map_err(|_| broken())?,
            )
            .map_err(|_| broken())?;
            let iv16: [u8; 16] = iv.try_into().map_err(|_| broken())?;
            let mut in_out = plaintext.to_vec();
            key.less_safe_encrypt(&mut in_out, EncryptionContext::Iv128(iv16.into()))
                .map_err(|_| broken())?;
            let tag = cbc_tag(enc, mac_key, aad, iv, &in_out);
            Ok((in_out, tag))
        }
    }
}

fn cbc_tag(enc: Enc, mac_key: &[u8], aad: &[u8], iv: &[u8], ciphertext: &[u8]) -> Vec<u8> {
    let alg = if enc == Enc::A128CbcHs256 {
        hmac::HMAC_SHA256
    } else {
        hmac::HMAC_SHA512
    };
    let mut ctx = hmac::Context::with_key(&hmac::Key::new(alg, mac_key));
    ctx.update(aad);
    ctx.update(iv);
    ctx.update(ciphertext);
    ctx.update(&((aad.len() as u64) * 8).to_be_bytes());
    let full = ctx.sign();
    full.as_ref()[..mac_key.len()].to_vec()
}

fn open(
    enc: Enc,
    cek: &[u8],
    iv: &[u8],
    aad: &[u8],
    ciphertext: &[u8],
    tag: &[u8],
) -> Result<Vec<u8>> {
    if cek.len() != enc.key_len() || iv.len() != enc.iv_len() || tag.len() != enc.tag_len() {
        return Err(failed());
    }
    match enc {
        Enc::A128Gcm | Enc::A256Gcm => {
            let (key, nonce) = gcm_key(enc, cek, iv).ok_or_else(failed)?;
            let mut in_out = ciphertext.to_vec();
            in_out.extend_from_slice(tag);
            let plain = key
                .open_in_place(nonce, aead::Aad::from(aad), &mut in_out)
                .map_err(|_| failed())?;
            Ok(plain.to_vec())
        }
        Enc::A128CbcHs256 | Enc::A256CbcHs512 => {
            let (mac_key, enc_key, cipher) = cbc_keys(cek);
            let expected = cbc_tag(enc, mac_key, aad, iv, ciphertext);
            if constant_time::verify_slices_are_equal(&expected, tag).is_err() {
                return Err(failed());
            }
            let key = PaddedBlockDecryptingKey::cbc_pkcs7(
                UnboundCipherKey::new(cipher, enc_key).map_err(|_| failed())?,
            )
            .map_err(|_| failed())?;
            let iv16: [u8; 16] = iv.try_into().map_err(|_| failed())?;
            let mut in_out = ciphertext.to_vec();
            let plain = key
                .decrypt(&mut in_out, DecryptionContext::Iv128(iv16.into()))
                .map_err(|_| failed())?;
            Ok(plain.to_vec())
        }
    }
}

/// What `decrypt` allows.
#[derive(Debug, Clone, Default)]
pub struct DecryptPolicy {
    /// Allowed key management algorithms; empty means the recipient's (never RSA1_5 unless
    /// `allow_rsa1_5`).
    pub algs: Vec<KeyAlg>,
    /// Allowed content encryption algorithms; empty means all four.
    pub encs: Vec<Enc>,
    pub allow_rsa1_5: bool,
    /// Accept `zip: "DEF"` and inflate, up to [`MAX_INFLATED`] bytes.
    pub allow_zip: bool,
}

/// A decrypted JWE.
#[derive(Debug, Clone)]
pub struct Decrypted {
    pub header: Map<String, Value>,
    pub plaintext: Vec<u8>,
}

fn segment(text: &str, name: &str) -> Result<Vec<u8>> {
    b64::decode(text).map_err(|why| Error::malformed(format!("{name} segment: {why}")))
}

fn not_allowed(message: String) -> Error {
    Error::rejected(Reason::AlgNotAllowed, message)
}

/// Decrypts a compact JWE (already cleaned of whitespace) for `recipient` under `policy`.
pub fn decrypt(text: &str, recipient: &Recipient<'_>, policy: &DecryptPolicy) -> Result<Decrypted> {
    if text.len() > crate::token::MAX_TOKEN_LEN {
        return Err(Error::malformed(format!(
            "the token is {} bytes, over the limit of {} bytes (1 MiB)",
            text.len(),
            crate::token::MAX_TOKEN_LEN
        )));
    }
    let parts: Vec<&str> = text.split('.').collect();
    let [h, k, i, c, t] = parts.as_slice() else {
        return Err(Error::malformed(format!(
            "not a JWE: {} segments separated by '.', expected 5",
            parts.len()
        )));
    };
    let header_bytes = segment(h, "header")?;
    let header = json::parse_object(&header_bytes)
        .map_err(|why| Error::malformed(format!("header: {why}")))?;
    let encrypted_key = segment(k, "encrypted key")?;
    let iv = segment(i, "initialization vector")?;
    let ciphertext = segment(c, "ciphertext")?;
    let tag = segment(t, "authentication tag")?;

    let text_member = |name: &str| -> Result<&str> {
        match header.get(name) {
            Some(Value::String(s)) => Ok(s),
            Some(_) => Err(Error::malformed(format!("header: {name} must be a string"))),
            None => Err(Error::malformed(format!("header: no {name} member"))),
        }
    };
    let alg_name = text_member("alg")?;
    let enc_name = text_member("enc")?;
    let usable = recipient.decrypt_algorithms(policy.allow_rsa1_5);
    let mut allowed_algs: Vec<KeyAlg> = if policy.algs.is_empty() {
        usable.clone()
    } else {
        policy.algs.clone()
    };
    allowed_algs.retain(|a| *a != KeyAlg::Rsa1_5 || policy.allow_rsa1_5);
    if KeyAlg::parse(alg_name) == Some(KeyAlg::Rsa1_5) && !policy.allow_rsa1_5 {
        // Even when --alg lists it: RSA1_5 needs its own opt-in.
        return Err(not_allowed(
            "alg RSA1_5 (PKCS#1 v1.5 key transport, open to padding-oracle attacks) is refused \
             unless --allow-rsa1-5"
                .to_string(),
        ));
    }
    let alg = KeyAlg::parse(alg_name)
        .filter(|a| allowed_algs.contains(a))
        .ok_or_else(|| {
            not_allowed(format!(
                "alg \"{}\" is not allowed (allowed: {})",
                escape(alg_name),
                allowed_algs
                    .iter()
                    .map(|a| a.name())
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
        })?;
    let allowed_encs: Vec<Enc> = if policy.encs.is_empty() {
        Enc::ALL.to_vec()
    } else {
        policy.encs.clone()
    };
    let enc = Enc::parse(enc_name)
        .filter(|e| allowed_encs.contains(e))
        .ok_or_else(|| {
            not_allowed(format!(
                "enc \"{}\" is not allowed (allowed: {})",
                escape(enc_name),
                allowed_encs
                    .iter()
                    .map(|e| e.name())
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
        })?;
    if let Some(crit) = header.get("crit") {
        return Err(Error::rejected(
            Reason::CritUnsupported,
            format!(
                "header crit {} lists extensions this decrypter does not support",
                escape(&crate::output::json_quote(crit))
            ),
        ));
    }
    let zip = match header.get("zip") {
        None => false,
        Some(Value::String(z)) if z == "DEF" && policy.allow_zip => true,
        Some(Value::String(z)) if z == "DEF" => {
            return Err(Error::rejected(
                Reason::ZipNotAllowed,
                "the payload is compressed (zip DEF), which is refused unless --allow-zip",
            ));
        }
        Some(other) => {
            return Err(Error::rejected(
                Reason::ZipNotAllowed,
                format!(
                    "unsupported zip {}",
                    escape(&crate::output::json_quote(other))
                ),
            ));
        }
    };
    if let Some(own) = recipient.declared_enc()
        && own != enc
    {
        return Err(not_allowed(format!(
            "enc {} is not allowed: {} is published for {} only",
            enc.name(),
            recipient.describe(),
            own.name()
        )));
    }
    if !usable.contains(&alg) {
        return Err(Error::key(format!(
            "{} cannot decrypt {}",
            recipient.describe(),
            alg.name()
        )));
    }

    // From here on, every failure is "decryption failed": a CEK that cannot be recovered is
    // replaced by a random one, so a wrong key fails at the tag check like a bad tag does.
    let cek = match recover_cek(alg, enc, recipient, &header, &encrypted_key)? {
        Some(cek) if cek.len() == enc.key_len() => cek,
        _ => random(enc.key_len())?,
    };
    let plaintext = open(enc, &cek, &iv, h.as_bytes(), &ciphertext, &tag)?;
    let plaintext = if zip { inflate(&plaintext)? } else { plaintext };
    Ok(Decrypted { header, plaintext })
}

/// The content encryption key, `None` when the key material does not open it. Header problems
/// that are visible without any key (a bad epk, a huge p2c) are errors of their own.
fn recover_cek(
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
        (KeyAlg::EcdhEs | KeyAlg::EcdhEsA128Kw | KeyAlg::EcdhEsA256Kw, Recipient::Key(key)) => {
            let Material::Ec {
                curve, d: Some(d), ..
            } = &key.material
            else {
                return Err(Error::key("decrypting ECDH-ES needs the private EC key"));
            };
            let epk = match header.get("epk") {
                Some(Value::Object(map)) => jwk::from_jwk(map).map_err(|e| {
                    Error::malformed(format!(
                        "header: epk is not a valid public key ({})",
                        e.message
                    ))
                })?,
                _ => return Err(Error::malformed("header: ECDH-ES needs an epk object")),
            };
            let Material::Ec {
                curve: epk_curve,
                point,
                d: None,
            } = &epk.material
            else {
                return Err(Error::malformed("header: epk must be a public EC key"));
            };
            if epk_curve != curve {
                return Err(Error::malformed(format!(
                    "header: epk is on {}, the key on {}",
                    epk_curve.name(),
                    curve.name()
                )));
            }
            let apu = b64_member(header, "apu")?;
            let apv = b64_member(header, "apv")?;
            let private = agreement::PrivateKey::from_private_key(ecdh_alg(*curve), d)
                .map_err(|_| Error::key("the EC private key cannot be used for ECDH"))?;
            let z = agreement::agree(
                &private,
                UnparsedPublicKey::new(ecdh_alg(*curve), point),
                failed(),
                |z| Ok(z.to_vec()),
            )?;
            let (agreed_alg, len) = match alg.kek_len() {
                Some(kek) => (alg.name(), kek),
                None => (enc.name(), enc.key_len()),
            };
            let derived = concat_kdf(&z, agreed_alg, &apu, &apv, len);
            if alg == KeyAlg::EcdhEs {
                Ok(encrypted_key.is_empty().then_some(derived))
            } else {
                Ok(aes_unwrap(&derived, encrypted_key))
            }
        }
        (KeyAlg::A128Kw | KeyAlg::A256Kw, Recipient::Key(key)) => match &key.material {
            Material::Oct(s) => Ok(aes_unwrap(s.bytes(), encrypted_key)),
            _ => Ok(None),
        },
        (KeyAlg::Pbes2Hs256A128Kw | KeyAlg::Pbes2Hs512A256Kw, Recipient::Password(password)) => {
            let p2c = match header.get("p2c") {
                Some(v) => v
                    .as_u64()
                    .ok_or_else(|| Error::malformed("header: p2c must be a positive integer"))?,
                None => return Err(Error::malformed("header: PBES2 needs p2c")),
            };
            if p2c > u64::from(MAX_P2C) {
                return Err(Error::new(
                    crate::error::Kind::Malformed,
                    format!("header: p2c {p2c} is over the limit of {MAX_P2C} iterations"),
                )
                .with_reason(Reason::LimitExceeded));
            }
            let p2s = b64_member(header, "p2s")?;
            if p2s.len() < 8 {
                return Err(Error::malformed("header: p2s must be at least 8 bytes"));
            }
            let kek = pbes2_key(alg, password.bytes(), &p2s, p2c as u32)?;
            Ok(aes_unwrap(&kek, encrypted_key))
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

/// Raw DEFLATE (RFC 1951), refusing output over [`MAX_INFLATED`].
fn inflate(data: &[u8]) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    flate2::read::DeflateDecoder::new(data)
        .take(MAX_INFLATED + 1)
        .read_to_end(&mut out)
        .map_err(|_| failed())?;
    if out.len() as u64 > MAX_INFLATED {
        return Err(Error::new(
            crate::error::Kind::Malformed,
            format!(
                "the decompressed payload is over the limit of {} KiB",
                MAX_INFLATED / 1024
            ),
        )
        .with_reason(Reason::LimitExceeded));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::generate::{KeySpec, generate};

    fn recipients() -> Vec<(Key, Vec<KeyAlg>)> {
        vec![
            (
                generate(KeySpec::Rsa { bits: 2048 }).unwrap(),
                vec![KeyAlg::RsaOaep, KeyAlg::RsaOaep256],
            ),
            (
                generate(KeySpec::for_alg(crate::alg::Alg::ES256)).unwrap(),
                vec![KeyAlg::EcdhEs, KeyAlg::EcdhEsA128Kw, KeyAlg::EcdhEsA256Kw],
            ),
            (
                generate(KeySpec::for_alg(crate::alg::Alg::ES512)).unwrap(),
                vec![KeyAlg::EcdhEs, KeyAlg::EcdhEsA256Kw],
            ),
            (
                Key::oct(Secret::new(vec![3; 16])).unwrap(),
                vec![KeyAlg::A128Kw, KeyAlg::Dir],
            ),
            (
                Key::oct(Secret::new(vec![4; 32])).unwrap(),
                vec![KeyAlg::A256Kw, KeyAlg::Dir],
            ),
        ]
    }

    #[test]
    fn every_alg_and_enc_round_trips_and_tampering_fails() {
        let extra = Map::new();
        for (key, algs) in recipients() {
            let public = key.public().unwrap_or_else(|| key.clone());
            for alg in algs {
                for enc in Enc::ALL {
                    if alg == KeyAlg::Dir && enc.key_len() != key.bits() / 8 {
                        continue;
                    }
                    let token =
                        encrypt(b"secret claims", &Recipient::Key(&public), alg, enc, &extra)
                            .unwrap_or_else(|e| {
                                panic!("{} {}: {}", alg.name(), enc.name(), e.message)
                            });
                    let out = decrypt(&token, &Recipient::Key(&key), &DecryptPolicy::default())
                        .unwrap_or_else(|e| panic!("{} {}: {}", alg.name(), enc.name(), e.message));
                    assert_eq!(out.plaintext, b"secret claims");
                    // Flip a bit in each of ciphertext and tag: one and the same error.
                    let parts: Vec<&str> = token.split('.').collect();
                    for idx in [3, 4] {
                        let mut bytes = b64::decode(parts[idx]).unwrap();
                        bytes[0] ^= 1;
                        let mut p: Vec<String> = parts.iter().map(|s| s.to_string()).collect();
                        p[idx] = b64::encode(&bytes);
                        let e = decrypt(
                            &p.join("."),
                            &Recipient::Key(&key),
                            &DecryptPolicy::default(),
                        )
                        .unwrap_err();
                        assert_eq!(
                            e.message,
                            DECRYPTION_FAILED,
                            "{} {}",
                            alg.name(),
                            enc.name()
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn pbes2_round_trips_and_bounds_p2c() {
        let pw = Secret::new(b"correct horse".to_vec());
        let token = encrypt(
            b"x",
            &Recipient::Password(&pw),
            KeyAlg::Pbes2Hs256A128Kw,
            Enc::A128Gcm,
            &Map::new(),
        )
        .unwrap();
        let out = decrypt(&token, &Recipient::Password(&pw), &DecryptPolicy::default()).unwrap();
        assert_eq!(out.plaintext, b"x");
        let wrong = Secret::new(b"wrong".to_vec());
        let e = decrypt(
            &token,
            &Recipient::Password(&wrong),
            &DecryptPolicy::default(),
        )
        .unwrap_err();
        assert_eq!(e.message, DECRYPTION_FAILED);
    }

    #[test]
    fn reserved_header_members_are_refused_not_copied() {
        // Fuzz finding: an "apu" passed in by the caller went into the header but not into the
        // key derivation, so the token did not decrypt.
        let key = generate(KeySpec::for_alg(crate::alg::Alg::ES256)).unwrap();
        for name in RESERVED_HEADER {
            let mut extra = Map::new();
            extra.insert(name.into(), Value::from("x"));
            assert!(
                encrypt(
                    b"",
                    &Recipient::Key(&key),
                    KeyAlg::EcdhEs,
                    Enc::A128Gcm,
                    &extra
                )
                .is_err(),
                "{name}"
            );
        }
        let mut extra = Map::new();
        extra.insert("kid".into(), Value::from("k"));
        let token = encrypt(
            b"",
            &Recipient::Key(&key),
            KeyAlg::EcdhEs,
            Enc::A128Gcm,
            &extra,
        )
        .unwrap();
        assert!(decrypt(&token, &Recipient::Key(&key), &DecryptPolicy::default()).is_ok());
    }

    #[test]
    fn rsa1_5_is_refused_for_encryption() {
        let key = generate(KeySpec::Rsa { bits: 2048 }).unwrap();
        assert!(
            encrypt(
                b"x",
                &Recipient::Key(&key),
                KeyAlg::Rsa1_5,
                Enc::A128Gcm,
                &Map::new()
            )
            .is_err()
        );
    }

    #[test]
    fn rsa1_5_needs_its_opt_in_even_when_listed() {
        let key = generate(KeySpec::Rsa { bits: 2048 }).unwrap();
        let header = b64::encode(br#"{"alg":"RSA1_5","enc":"A128GCM"}"#);
        let token = format!("{header}.AAAA.AAAA.AAAA.AAAA");
        for algs in [
            vec![],
            vec![KeyAlg::Rsa1_5],
            vec![KeyAlg::Rsa1_5, KeyAlg::RsaOaep],
        ] {
            let policy = DecryptPolicy {
                algs,
                ..DecryptPolicy::default()
            };
            let e = decrypt(&token, &Recipient::Key(&key), &policy).unwrap_err();
            assert_eq!(e.reason, Some(Reason::AlgNotAllowed));
            assert!(e.message.contains("--allow-rsa1-5"), "{}", e.message);
        }
        // Another disallowed alg never lists RSA1_5 as allowed without the opt-in.
        let header = b64::encode(br#"{"alg":"A128KW","enc":"A128GCM"}"#);
        let policy = DecryptPolicy {
            algs: vec![KeyAlg::Rsa1_5, KeyAlg::RsaOaep],
            ..DecryptPolicy::default()
        };
        let e = decrypt(
            &format!("{header}.AAAA.AAAA.AAAA.AAAA"),
            &Recipient::Key(&key),
            &policy,
        )
        .unwrap_err();
        assert!(e.message.ends_with("(allowed: RSA-OAEP)"), "{}", e.message);
    }

    #[test]
    fn concat_kdf_matches_rfc7518_appendix_c() {
        // RFC 7518 C: Z from the example, "A128GCM", apu "Alice", apv "Bob", 128 bits.
        let z: [u8; 32] = [
            158, 86, 217, 29, 129, 113, 53, 211, 114, 131, 66, 131, 191, 132, 38, 156, 251, 49,
            110, 163, 218, 128, 106, 72, 246, 218, 167, 121, 140, 254, 144, 196,
        ];
        let key = concat_kdf(&z, "A128GCM", b"Alice", b"Bob", 16);
        assert_eq!(b64::encode(&key), "VqqN6vgjbSBcIijNcacQGg");
    }
}
