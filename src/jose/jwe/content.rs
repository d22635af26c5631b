//! Content encryption (RFC 7518 §5): AES-GCM and AES-CBC with HMAC-SHA2, with 128, 192 and
//! 256-bit AES keys, sealing and opening with exact key, IV and tag lengths. Every failure to open is the one `failed()` error.

use aws_lc_rs::cipher::{
    AES_128, AES_192, AES_256, DecryptionContext, EncryptionContext, PaddedBlockDecryptingKey,
    PaddedBlockEncryptingKey, UnboundCipherKey,
};
use aws_lc_rs::{aead, constant_time, hmac};

use crate::error::{Error, Result};

use super::failed;

/// Content encryption algorithms (RFC 7518 §5).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Enc {
    A128Gcm,
    A192Gcm,
    A256Gcm,
    A128CbcHs256,
    A192CbcHs384,
    A256CbcHs512,
}

impl Enc {
    pub const ALL: [Enc; 6] = [
        Enc::A128Gcm,
        Enc::A192Gcm,
        Enc::A256Gcm,
        Enc::A128CbcHs256,
        Enc::A192CbcHs384,
        Enc::A256CbcHs512,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Enc::A128Gcm => "A128GCM",
            Enc::A192Gcm => "A192GCM",
            Enc::A256Gcm => "A256GCM",
            Enc::A128CbcHs256 => "A128CBC-HS256",
            Enc::A192CbcHs384 => "A192CBC-HS384",
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
            Enc::A192Gcm => 24,
            Enc::A256Gcm | Enc::A128CbcHs256 => 32,
            Enc::A192CbcHs384 => 48,
            Enc::A256CbcHs512 => 64,
        }
    }

    pub(super) fn iv_len(self) -> usize {
        if self.is_gcm() { 12 } else { 16 }
    }

    fn is_gcm(self) -> bool {
        matches!(self, Enc::A128Gcm | Enc::A192Gcm | Enc::A256Gcm)
    }

    /// The exact authentication tag length: 128 bits for AES-GCM (RFC 7518 §5.3), half the
    /// HMAC output for AES-CBC-HMAC (§5.2.3-5.2.5), which is the MAC key length. Any other
    /// length is an integrity failure: a GCM tag split between the ciphertext and tag segments
    /// would otherwise still open.
    pub(super) fn tag_len(self) -> usize {
        if self.is_gcm() {
            16
        } else {
            self.key_len() / 2
        }
    }
}

/// The AES-GCM key and nonce of a GCM content encryption; `None` when the CEK or IV has the
/// wrong length.
fn gcm_key(enc: Enc, cek: &[u8], iv: &[u8]) -> Option<(aead::LessSafeKey, aead::Nonce)> {
    let alg = match enc {
        Enc::A128Gcm => &aead::AES_128_GCM,
        Enc::A192Gcm => &aead::AES_192_GCM,
        _ => &aead::AES_256_GCM,
    };
    let key = aead::LessSafeKey::new(aead::UnboundKey::new(alg, cek).ok()?);
    let nonce = aead::Nonce::try_assume_unique_for_key(iv).ok()?;
    Some((key, nonce))
}

/// AES-CBC + HMAC (RFC 7518 §5.2.2.1): the MAC key is the first half of the CEK, the AES key the
/// second; returns (MAC key, AES key, cipher). The CEK length was checked against the `enc`.
fn cbc_keys(cek: &[u8]) -> (&[u8], &[u8], &'static aws_lc_rs::cipher::Algorithm) {
    let half = cek.len() / 2;
    let (mac_key, enc_key) = cek.split_at(half);
    let cipher = match half {
        16 => &AES_128,
        24 => &AES_192,
        _ => &AES_256,
    };
    (mac_key, enc_key, cipher)
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
    if cek.len() != enc.key_len() || iv.len() != enc.iv_len() {
        return Err(broken());
    }
    match enc {
        Enc::A128Gcm | Enc::A192Gcm | Enc::A256Gcm => {
            let (key, nonce) = gcm_key(enc, cek, iv).ok_or_else(broken)?;
            let mut in_out = plaintext.to_vec();
            let tag = key
                .seal_in_place_separate_tag(nonce, aead::Aad::from(aad), &mut in_out)
                .map_err(|_| broken())?;
            Ok((in_out, tag.as_ref().to_vec()))
        }
        Enc::A128CbcHs256 | Enc::A192CbcHs384 | Enc::A256CbcHs512 => {
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
    let alg = match enc {
        Enc::A128CbcHs256 => hmac::HMAC_SHA256,
        Enc::A192CbcHs384 => hmac::HMAC_SHA384,
        _ => hmac::HMAC_SHA512,
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
        Enc::A128Gcm | Enc::A192Gcm | Enc::A256Gcm => {
            let (key, nonce) = gcm_key(enc, cek, iv).ok_or_else(failed)?;
            let mut in_out = ciphertext.to_vec();
            in_out.extend_from_slice(tag);
            let plain = key
                .open_in_place(nonce, aead::Aad::from(aad), &mut in_out)
                .map_err(|_| failed())?;
            Ok(plain.to_vec())
        }
        Enc::A128CbcHs256 | Enc::A192CbcHs384 | Enc::A256CbcHs512 => {
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

/// The content encryption key for `enc`: the one several recipients share (JSON
/// serialization), or a fresh one.
pub(super) fn content_key(enc: Enc, shared: Option<&[u8]>) -> Result<Vec<u8>> {
    match shared {
        Some(cek) => Ok(cek.to_vec()),
        None => crate::random::bytes(enc.key_len()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jose::jwe::hex;

    /// RFC 7518 Appendix B.2: AES_192_CBC_HMAC_SHA_384.
    #[test]
    fn a192cbc_hs384_matches_rfc7518_appendix_b2() {
        let cek: Vec<u8> = (0u8..48).collect();
        let plaintext = b"A cipher system must not be required to be secret, and it must be able \
to fall into the hands of the enemy without inconvenience";
        let iv = hex("1a f3 8c 2d c2 b9 6f fd d8 66 94 09 23 41 bc 04");
        let aad = b"The second principle of Auguste Kerckhoffs";
        let (ciphertext, tag) = seal(Enc::A192CbcHs384, &cek, &iv, aad, plaintext).unwrap();
        assert_eq!(
            ciphertext,
            hex("ea 65 da 6b 59 e6 1e db 41 9b e6 2d 19 71 2a e5
                 d3 03 ee b5 00 52 d0 df d6 69 7f 77 22 4c 8e db
                 00 0d 27 9b dc 14 c1 07 26 54 bd 30 94 42 30 c6
                 57 be d4 ca 0c 9f 4a 84 66 f2 2b 22 6d 17 46 21
                 4b f8 cf c2 40 0a dd 9f 51 26 e4 79 66 3f c9 0b
                 3b ed 78 7a 2f 0f fc bf 39 04 be 2a 64 1d 5c 21
                 05 bf e5 91 ba e2 3b 1d 74 49 e5 32 ee f6 0a 9a
                 c8 bb 6c 6b 01 d3 5d 49 78 7b cd 57 ef 48 49 27
                 f2 80 ad c9 1a c0 c4 e7 9c 7b 11 ef c6 00 54 e3")
        );
        assert_eq!(
            tag,
            hex("84 90 ac 0e 58 94 9b fe 51 87 5d 73 3f 93 ac 20 75 16 80 39 cc c7 33 d7")
        );
        let opened = open(Enc::A192CbcHs384, &cek, &iv, aad, &ciphertext, &tag).unwrap();
        assert_eq!(opened, plaintext);
    }

    #[test]
    fn every_enc_round_trips_with_exact_lengths_only() {
        for enc in Enc::ALL {
            let cek = vec![9u8; enc.key_len()];
            let iv = vec![1u8; enc.iv_len()];
            let (ct, tag) = seal(enc, &cek, &iv, b"aad", b"plain").unwrap();
            assert_eq!(tag.len(), enc.tag_len(), "{}", enc.name());
            assert_eq!(open(enc, &cek, &iv, b"aad", &ct, &tag).unwrap(), b"plain");
            assert!(open(enc, &cek, &iv, b"aae", &ct, &tag).is_err());
            assert!(open(enc, &cek, &iv, b"aad", &ct, &tag[1..]).is_err());
            assert!(open(enc, &cek[1..], &iv, b"aad", &ct, &tag).is_err());
            assert!(open(enc, &cek, &iv[1..], b"aad", &ct, &tag).is_err());
            assert!(seal(enc, &cek[1..], &iv, b"aad", b"plain").is_err());
            assert_eq!(Enc::parse(enc.name()), Some(enc));
        }
        assert_eq!(Enc::A192Gcm.key_len(), 24);
        assert_eq!(Enc::A192CbcHs384.tag_len(), 24);
    }
}
