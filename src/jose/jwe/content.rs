//! Content encryption (RFC 7518 §5): AES-GCM and AES-CBC with HMAC-SHA2, sealing and opening
//! with exact key, IV and tag lengths. Every failure to open is the one `failed()` error.

use aws_lc_rs::cipher::{
    AES_128, AES_256, DecryptionContext, EncryptionContext, PaddedBlockDecryptingKey,
    PaddedBlockEncryptingKey, UnboundCipherKey,
};
use aws_lc_rs::{aead, constant_time, hmac};

use crate::error::{Error, Result};

use super::failed;

/// Content encryption algorithms (RFC 7518 §5).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Enc {
    A128Gcm,
    A256Gcm,
    A128CbcHs256,
    A256CbcHs512,
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

    pub(super) fn iv_len(self) -> usize {
        match self {
            Enc::A128Gcm | Enc::A256Gcm => 12,
            _ => 16,
        }
    }

    /// The exact authentication tag length: 128 bits for AES-GCM (RFC 7518 §5.3), half the
    /// HMAC output for AES-CBC-HMAC (§5.2.3-5.2.5). Any other length is an integrity failure:
    /// a GCM tag split between the ciphertext and tag segments would otherwise still open.
    pub(super) fn tag_len(self) -> usize {
        match self {
            Enc::A128Gcm | Enc::A256Gcm | Enc::A128CbcHs256 => 16,
            Enc::A256CbcHs512 => 32,
        }
    }
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
pub(super) fn seal(
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

pub(super) fn open(
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
