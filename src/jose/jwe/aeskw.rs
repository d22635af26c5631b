//! The two AES key wraps of JWE: AES Key Wrap (RFC 3394, RFC 7518 §4.4) with 128, 192 and
//! 256-bit key-encryption keys, and AES-GCM key encryption (RFC 7518 §4.7).
//!
//! aws-lc-rs's `key_wrap` module offers AES-128 and AES-256 only; for AES-192 (A192KW,
//! ECDH-ES+A192KW, PBES2-HS384+A192KW) the RFC 3394 §2.2 schedule runs here over aws-lc-rs's
//! AES-192 block cipher (one-block ECB): the AES itself is always AWS-LC's. Unwrapping checks
//! the integrity value in constant time; every failure is `None`.

use aws_lc_rs::cipher::{
    AES_192, DecryptingKey, DecryptionContext, EncryptingKey, UnboundCipherKey,
};
use aws_lc_rs::key_wrap::{self, AesKek, KeyWrap};
use aws_lc_rs::{aead, constant_time};
use zeroize::Zeroizing;

use crate::error::{Error, Result};

/// RFC 3394 §2.2.3.1: the default initial value.
const DEFAULT_IV: [u8; 8] = [0xA6; 8];

/// AES Key Wrap of `cek` (a multiple of 8 bytes, at least 16) under a 16, 24 or 32-byte `kek`.
pub(super) fn wrap(kek: &[u8], cek: &[u8]) -> Result<Vec<u8>> {
    let failed = || Error::key("AES key wrap failed");
    let cipher = match kek.len() {
        16 => &key_wrap::AES_128,
        32 => &key_wrap::AES_256,
        24 => return wrap_192(kek, cek).ok_or_else(failed),
        _ => return Err(Error::key("invalid key-wrapping key")),
    };
    let kek = AesKek::new(cipher, kek).map_err(|_| Error::key("invalid key-wrapping key"))?;
    let mut out = vec![0u8; cek.len() + 8];
    let wrapped = kek.wrap(cek, &mut out).map_err(|_| failed())?;
    Ok(wrapped.to_vec())
}

/// The key `wrapped` holds, when `kek` (16, 24 or 32 bytes) opens it.
pub(super) fn unwrap(kek: &[u8], wrapped: &[u8]) -> Option<Vec<u8>> {
    let cipher = match kek.len() {
        16 => &key_wrap::AES_128,
        32 => &key_wrap::AES_256,
        24 => return unwrap_192(kek, wrapped),
        _ => return None,
    };
    let kek = AesKek::new(cipher, kek).ok()?;
    let mut out = vec![0u8; wrapped.len()];
    kek.unwrap(wrapped, &mut out).ok().map(|k| k.to_vec())
}

/// RFC 3394 §2.2.1 (index-based wrapping) with an AES-192 KEK.
fn wrap_192(kek: &[u8], plain: &[u8]) -> Option<Vec<u8>> {
    if !plain.len().is_multiple_of(8) || plain.len() < 16 {
        return None;
    }
    let key = EncryptingKey::ecb(UnboundCipherKey::new(&AES_192, kek).ok()?).ok()?;
    let n = plain.len() / 8;
    let mut a = DEFAULT_IV;
    let mut r = Zeroizing::new(plain.to_vec());
    let mut block = Zeroizing::new([0u8; 16]);
    for j in 0..6 {
        for i in 0..n {
            block[..8].copy_from_slice(&a);
            block[8..].copy_from_slice(&r[8 * i..8 * i + 8]);
            key.encrypt(&mut block[..]).ok()?;
            let t = ((n * j + i + 1) as u64).to_be_bytes();
            for (k, byte) in a.iter_mut().enumerate() {
                *byte = block[k] ^ t[k];
            }
            r[8 * i..8 * i + 8].copy_from_slice(&block[8..]);
        }
    }
    let mut out = a.to_vec();
    out.extend_from_slice(&r);
    Some(out)
}

/// RFC 3394 §2.2.2 (index-based unwrapping) with an AES-192 KEK.
fn unwrap_192(kek: &[u8], wrapped: &[u8]) -> Option<Vec<u8>> {
    if !wrapped.len().is_multiple_of(8) || wrapped.len() < 24 {
        return None;
    }
    let key = DecryptingKey::ecb(UnboundCipherKey::new(&AES_192, kek).ok()?).ok()?;
    let n = wrapped.len() / 8 - 1;
    let mut a = [0u8; 8];
    a.copy_from_slice(&wrapped[..8]);
    let mut r = Zeroizing::new(wrapped[8..].to_vec());
    let mut block = Zeroizing::new([0u8; 16]);
    for j in (0..6).rev() {
        for i in (0..n).rev() {
            let t = ((n * j + i + 1) as u64).to_be_bytes();
            for (k, byte) in a.iter().enumerate() {
                block[k] = byte ^ t[k];
            }
            block[8..].copy_from_slice(&r[8 * i..8 * i + 8]);
            key.decrypt(&mut block[..], DecryptionContext::None).ok()?;
            a.copy_from_slice(&block[..8]);
            r[8 * i..8 * i + 8].copy_from_slice(&block[8..]);
        }
    }
    constant_time::verify_slices_are_equal(&a, &DEFAULT_IV).ok()?;
    Some(r.to_vec())
}

/// The exact lengths of the AES-GCM key wrap header members (RFC 7518 §4.7.1): a 96-bit `iv`
/// and a 128-bit `tag`.
pub(super) const GCMKW_IV_LEN: usize = 12;
pub(super) const GCMKW_TAG_LEN: usize = 16;

fn gcm(kek: &[u8]) -> Option<aead::LessSafeKey> {
    let alg = match kek.len() {
        16 => &aead::AES_128_GCM,
        24 => &aead::AES_192_GCM,
        32 => &aead::AES_256_GCM,
        _ => return None,
    };
    Some(aead::LessSafeKey::new(
        aead::UnboundKey::new(alg, kek).ok()?,
    ))
}

/// AES-GCM key encryption (RFC 7518 §4.7): (encrypted key, tag), with no additional data.
pub(super) fn gcm_wrap(kek: &[u8], iv: &[u8], cek: &[u8]) -> Result<(Vec<u8>, Vec<u8>)> {
    let failed = || Error::key("AES-GCM key encryption failed");
    let key = gcm(kek).ok_or_else(failed)?;
    let nonce = aead::Nonce::try_assume_unique_for_key(iv).map_err(|_| failed())?;
    let mut in_out = cek.to_vec();
    let tag = key
        .seal_in_place_separate_tag(nonce, aead::Aad::empty(), &mut in_out)
        .map_err(|_| failed())?;
    Ok((in_out, tag.as_ref().to_vec()))
}

/// The CEK of an AES-GCM key encryption, when `kek`, `iv` and `tag` open it.
pub(super) fn gcm_unwrap(kek: &[u8], iv: &[u8], tag: &[u8], wrapped: &[u8]) -> Option<Vec<u8>> {
    if iv.len() != GCMKW_IV_LEN || tag.len() != GCMKW_TAG_LEN {
        return None;
    }
    let key = gcm(kek)?;
    let nonce = aead::Nonce::try_assume_unique_for_key(iv).ok()?;
    let mut in_out = wrapped.to_vec();
    in_out.extend_from_slice(tag);
    key.open_in_place(nonce, aead::Aad::empty(), &mut in_out)
        .ok()
        .map(|cek| cek.to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jose::jwe::hex;

    /// RFC 3394 §4.1-4.6: every KEK size with every key data size it wraps.
    #[test]
    fn rfc3394_section_4_vectors() {
        let kek = hex("000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F");
        let data = hex("00112233445566778899AABBCCDDEEFF000102030405060708090A0B0C0D0E0F");
        for (kek_len, data_len, expected) in [
            (16, 16, "1FA68B0A8112B447 AEF34BD8FB5A7B82 9D3E862371D2CFE5"),
            (24, 16, "96778B25AE6CA435 F92B5B97C050AED2 468AB8A17AD84E5D"),
            (32, 16, "64E8C3F9CE0F5BA2 63E9777905818A2A 93C8191E7D6E8AE7"),
            (
                24,
                24,
                "031D33264E15D332 68F24EC260743EDC E1C6C7DDEE725A93 6BA814915C6762D2",
            ),
            (
                32,
                24,
                "A8F9BC1612C68B3F F6E6F4FBE30E71E4 769C8B80A32CB895 8CD5D17D6B254DA1",
            ),
            (
                32,
                32,
                "28C9F404C4B810F4 CBCCB35CFB87F826 3F5786E2D80ED326 CBC7F0E71A99F43B FB988B9B7A02DD21",
            ),
        ] {
            let (kek, data, expected) = (&kek[..kek_len], &data[..data_len], hex(expected));
            assert_eq!(wrap(kek, data).unwrap(), expected, "{kek_len} {data_len}");
            assert_eq!(
                unwrap(kek, &expected).unwrap(),
                data,
                "{kek_len} {data_len}"
            );
            let mut bad = expected.clone();
            bad[5] ^= 1;
            assert_eq!(unwrap(kek, &bad), None, "{kek_len} {data_len}");
        }
    }

    #[test]
    fn aes192_wrap_refuses_bad_lengths() {
        let kek = [1u8; 24];
        assert!(wrap(&kek, &[0u8; 8]).is_err());
        assert!(wrap(&kek, &[0u8; 17]).is_err());
        assert_eq!(unwrap(&kek, &[0u8; 16]), None);
        assert_eq!(unwrap(&kek, &[0u8; 25]), None);
        assert!(wrap(&[1u8; 20], &[0u8; 16]).is_err());
    }

    #[test]
    fn gcm_key_wrap_round_trips_and_checks_iv_and_tag() {
        for len in [16, 24, 32] {
            let kek = vec![7u8; len];
            let iv = [3u8; GCMKW_IV_LEN];
            let cek = [9u8; 32];
            let (wrapped, tag) = gcm_wrap(&kek, &iv, &cek).unwrap();
            assert_eq!(wrapped.len(), 32);
            assert_eq!(gcm_unwrap(&kek, &iv, &tag, &wrapped).unwrap(), cek);
            let mut bad_tag = tag.clone();
            bad_tag[0] ^= 1;
            assert_eq!(gcm_unwrap(&kek, &iv, &bad_tag, &wrapped), None);
            assert_eq!(gcm_unwrap(&kek, &iv[1..], &tag, &wrapped), None);
            assert_eq!(gcm_unwrap(&kek, &iv, &tag[..15], &wrapped), None);
            assert_eq!(gcm_unwrap(&kek, &[4u8; 12], &tag, &wrapped), None);
        }
    }
}
