//! JWE in compact serialization (RFC 7516) on aws-lc-rs primitives: RSA-OAEP(-256), ECDH-ES
//! (direct and with AES key wrap), AES key wrap, AES-GCM key encryption, direct keys and PBES2
//! for key management (`keymgmt`, `aeskw`); AES-GCM and AES-CBC + HMAC-SHA2 for content. Decryption is as strict as `verify`: the
//! algorithms come from the caller's allow-lists, `crit` and `zip` are refused unless allowed,
//! PBES2 iteration counts are bounded, and every failure after the header checks (a wrong key, a
//! bad wrapped key, a bad tag, RSA1_5 padding) is one error with one message.

use std::io::Read;

use serde_json::{Map, Value};

use crate::error::{Bounded, Error, Reason, Result};
use crate::jose::b64;
use crate::text::escape;

mod aeskw;
mod content;
mod ecdh;
mod keymgmt;

pub use content::Enc;
use content::{open, seal};
pub use keymgmt::{KeyAlg, Recipient};
use keymgmt::{new_cek, recover_cek};

/// Protected header members jwtctl sets itself and never copies from the caller.
const RESERVED_HEADER: [&str; 11] = [
    "alg", "enc", "epk", "apu", "apv", "p2s", "p2c", "iv", "tag", "zip", "crit",
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

pub(super) use crate::random::bytes as random;

pub(super) fn failed() -> Error {
    Error::rejected(Reason::DecryptionFailed, DECRYPTION_FAILED)
}

/// The bytes of a hex string that may hold white space, as the RFCs print their vectors (the
/// unit tests' shared reader of them).
#[cfg(test)]
pub(crate) fn hex(text: &str) -> Vec<u8> {
    let text: String = text.split_whitespace().collect();
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap())
        .collect()
}

/// Encrypts `plaintext` to `recipient` with the default PBES2 iteration count (the tests'
/// shorthand for [`encrypt_with`]).
#[cfg(test)]
fn encrypt(
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
    check_extra(extra)?;
    let (mut header, cek, encrypted_key) = key_management(recipient, alg, enc, p2c, None)?;
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

/// Encrypts `plaintext` with `enc` under `cek` and a fresh IV (the JSON serialization's
/// content step): the IV, the ciphertext and the tag.
pub(crate) fn seal_content(
    enc: Enc,
    cek: &[u8],
    aad: &[u8],
    plaintext: &[u8],
) -> Result<(Vec<u8>, Vec<u8>, Vec<u8>)> {
    let iv = random(enc.iv_len())?;
    let (ciphertext, tag) = seal(enc, cek, &iv, aad, plaintext)?;
    Ok((iv, ciphertext, tag))
}

/// Members that change how the token is processed are jwtctl's to set: copying them from the
/// caller (apu/apv feed the key derivation, zip and crit change decryption) would produce
/// tokens that do not decrypt. Found by the jwe_decrypt fuzz target.
pub(crate) fn check_extra(extra: &Map<String, Value>) -> Result<()> {
    if let Some(name) = extra.keys().find(|k| RESERVED_HEADER.contains(&k.as_str())) {
        return Err(Error::usage(format!(
            "header member {name} is set by jwtctl, not by the caller"
        )));
    }
    Ok(())
}

/// What one recipient's key management gives: its header members, the CEK, the encrypted key.
pub(crate) type Managed = (Map<String, Value>, Vec<u8>, Vec<u8>);

/// One recipient's key management: the header members it sets (alg and enc first, then epk or
/// p2s and p2c), the content encryption key and the encrypted key. `shared` is the CEK several
/// recipients of one JWE share (JSON serialization); `None` makes a fresh one. Direct
/// algorithms (dir, ECDH-ES), whose key is the CEK, cannot share one.
pub(crate) fn key_management(
    recipient: &Recipient<'_>,
    alg: KeyAlg,
    enc: Enc,
    p2c: u32,
    shared: Option<&[u8]>,
) -> Result<Managed> {
    if shared.is_some() && matches!(alg, KeyAlg::Dir | KeyAlg::EcdhEs) {
        return Err(Error::usage(format!(
            "{} derives the content key from the recipient's key, so it cannot be one of several recipients",
            alg.name()
        )));
    }
    if !(1000..=MAX_P2C).contains(&p2c) {
        // The command line refuses such a count before it gets here.
        return Err(Error::usage(format!(
            "PBES2 iteration count {p2c}: it must be between 1000 and {MAX_P2C}"
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
    let keymgmt::NewCek {
        cek,
        encrypted_key,
        header: members,
    } = new_cek(alg, enc, recipient, p2c, shared)?;
    let mut header = Map::new();
    header.insert("alg".into(), Value::from(alg.name()));
    header.insert("enc".into(), Value::from(enc.name()));
    header.extend(members);
    Ok((header, cek, encrypted_key))
}

/// What `decrypt` allows.
#[derive(Debug, Clone, Default)]
pub struct DecryptPolicy {
    /// Allowed key management algorithms; empty means the recipient's (never RSA1_5 unless
    /// `allow_rsa1_5`).
    pub algs: Vec<KeyAlg>,
    /// Allowed content encryption algorithms; empty means all of [`Enc::ALL`].
    pub encs: Vec<Enc>,
    pub allow_rsa1_5: bool,
    /// Accept `zip: "DEF"` and inflate, up to [`MAX_INFLATED`] bytes.
    pub allow_zip: bool,
    /// What messages call the two opt-ins above.
    pub names: Names,
}

/// What messages call the opt-ins of a [`DecryptPolicy`] when a token needs one ("refused
/// unless allow_zip"): the command line passes its flags. The default is the field names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Names {
    pub allow_rsa1_5: &'static str,
    pub allow_zip: &'static str,
}

impl Default for Names {
    fn default() -> Self {
        Names {
            allow_rsa1_5: "allow_rsa1_5",
            allow_zip: "allow_zip",
        }
    }
}

/// A decrypted JWE.
#[derive(Debug, Clone)]
pub struct Decrypted {
    pub header: Map<String, Value>,
    pub plaintext: Vec<u8>,
}

fn not_allowed(message: String) -> Error {
    Error::rejected(Reason::AlgNotAllowed, message)
}

/// The algorithm the header member `member` names, when it is one of `allowed`; otherwise
/// `alg_not_allowed`, listing what is.
fn allowed_one<T: Copy + PartialEq>(
    member: &str,
    value: &str,
    allowed: &[T],
    parse: fn(&str) -> Option<T>,
    name: fn(T) -> &'static str,
) -> Result<T> {
    parse(value).filter(|a| allowed.contains(a)).ok_or_else(|| {
        let names: Vec<&str> = allowed.iter().map(|a| name(*a)).collect();
        not_allowed(format!(
            "{member} \"{}\" is not allowed (allowed: {})",
            escape(value),
            names.join(", ")
        ))
    })
}

/// Decrypts a compact JWE (already cleaned of whitespace) for `recipient` under `policy`.
pub fn decrypt(text: &str, recipient: &Recipient<'_>, policy: &DecryptPolicy) -> Result<Decrypted> {
    let crate::jose::token::Jwe {
        header,
        protected_b64,
        encrypted_key,
        iv,
        ciphertext,
        tag,
    } = crate::jose::token::parse_jwe(text)?;
    let sealed = Sealed {
        aad: protected_b64.as_bytes(),
        encrypted_key: &encrypted_key,
        iv: &iv,
        ciphertext: &ciphertext,
        tag: &tag,
    };
    let plaintext = open_for(&header, &sealed, recipient, policy)?;
    Ok(Decrypted { header, plaintext })
}

/// The parts of a JWE for one recipient, as decoded from any serialization.
pub(crate) struct Sealed<'a> {
    /// The additional authenticated data: the protected header as given, and in the JSON
    /// serialization `"." aad` after it (RFC 7516 §5.1 step 14).
    pub aad: &'a [u8],
    pub encrypted_key: &'a [u8],
    pub iv: &'a [u8],
    pub ciphertext: &'a [u8],
    pub tag: &'a [u8],
}

/// The plaintext of a JWE whose (JOSE) header is `header`, for `recipient` under `policy`:
/// the allow-lists, `crit` and `zip` checked first, then one error for every failure after.
pub(crate) fn open_for(
    header: &Map<String, Value>,
    sealed: &Sealed<'_>,
    recipient: &Recipient<'_>,
    policy: &DecryptPolicy,
) -> Result<Vec<u8>> {
    let Sealed {
        aad,
        encrypted_key,
        iv,
        ciphertext,
        tag,
    } = *sealed;

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
        // Even when the allowed algorithms list it: RSA1_5 needs its own opt-in.
        return Err(not_allowed(format!(
            "alg RSA1_5 (PKCS#1 v1.5 key transport, open to padding-oracle attacks) is refused \
             unless {}",
            policy.names.allow_rsa1_5
        )));
    }
    let alg = allowed_one("alg", alg_name, &allowed_algs, KeyAlg::parse, KeyAlg::name)?;
    let allowed_encs: Vec<Enc> = if policy.encs.is_empty() {
        Enc::ALL.to_vec()
    } else {
        policy.encs.clone()
    };
    let enc = allowed_one("enc", enc_name, &allowed_encs, Enc::parse, Enc::name)?;
    if let Some(crit) = header.get("crit") {
        return Err(Error::rejected(
            Reason::CritUnsupported,
            format!(
                "header crit {} lists extensions this decrypter does not support",
                escape(&crate::text::json_quote(crit))
            ),
        ));
    }
    let zip = match header.get("zip") {
        None => false,
        Some(Value::String(z)) if z == "DEF" && policy.allow_zip => true,
        Some(Value::String(z)) if z == "DEF" => {
            return Err(Error::rejected(
                Reason::ZipNotAllowed,
                format!(
                    "the payload is compressed (zip DEF), which is refused unless {}",
                    policy.names.allow_zip
                ),
            ));
        }
        Some(other) => {
            return Err(Error::rejected(
                Reason::ZipNotAllowed,
                format!(
                    "unsupported zip {}",
                    escape(&crate::text::json_quote(other))
                ),
            ));
        }
    };
    if recipient.declared_enc().is_some_and(|own| own != enc) {
        // describe() names the key and the alg it is bound to.
        return Err(not_allowed(format!(
            "enc {} is not allowed: {}",
            enc.name(),
            recipient.describe()
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
    let cek = match recover_cek(alg, enc, recipient, header, encrypted_key)? {
        Some(cek) if cek.len() == enc.key_len() => cek,
        _ => random(enc.key_len())?,
    };
    let plaintext = open(enc, &cek, iv, aad, ciphertext, tag)?;
    if zip {
        inflate(&plaintext)
    } else {
        Ok(plaintext)
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
        return Err(Error::too_large(
            Bounded::Decompressed,
            MAX_INFLATED,
            format!(
                "the decompressed payload is over the limit of {} KiB",
                MAX_INFLATED / 1024
            ),
        ));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::ecdh::concat_kdf;
    use super::*;
    use crate::input::secret::Secret;
    use crate::keys::Key;
    use crate::keys::generate::{KeySpec, generate};

    fn recipients() -> Vec<(Key, Vec<KeyAlg>)> {
        vec![
            (
                generate(KeySpec::Rsa { bits: 2048 }).unwrap(),
                vec![KeyAlg::RsaOaep, KeyAlg::RsaOaep256],
            ),
            (
                generate(KeySpec::for_alg(crate::jose::alg::Alg::ES256)).unwrap(),
                vec![
                    KeyAlg::EcdhEs,
                    KeyAlg::EcdhEsA128Kw,
                    KeyAlg::EcdhEsA192Kw,
                    KeyAlg::EcdhEsA256Kw,
                ],
            ),
            (
                generate(KeySpec::for_alg(crate::jose::alg::Alg::ES512)).unwrap(),
                vec![KeyAlg::EcdhEs, KeyAlg::EcdhEsA256Kw],
            ),
            (
                generate(KeySpec::X25519).unwrap(),
                vec![
                    KeyAlg::EcdhEs,
                    KeyAlg::EcdhEsA128Kw,
                    KeyAlg::EcdhEsA192Kw,
                    KeyAlg::EcdhEsA256Kw,
                ],
            ),
            (
                Key::oct(Secret::new(vec![3; 16])).unwrap(),
                vec![KeyAlg::A128Kw, KeyAlg::A128GcmKw, KeyAlg::Dir],
            ),
            (
                Key::oct(Secret::new(vec![6; 24])).unwrap(),
                vec![KeyAlg::A192Kw, KeyAlg::A192GcmKw, KeyAlg::Dir],
            ),
            (
                Key::oct(Secret::new(vec![4; 32])).unwrap(),
                vec![KeyAlg::A256Kw, KeyAlg::A256GcmKw, KeyAlg::Dir],
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
                    // The key offers these algorithms, the first one by default.
                    assert!(Recipient::Key(&key).algorithms().contains(&alg));
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
    fn every_pbes2_variant_round_trips() {
        let pw = Secret::new(b"correct horse".to_vec());
        assert_eq!(Recipient::Password(&pw).algorithms().len(), 3);
        for alg in Recipient::Password(&pw).algorithms() {
            for enc in [Enc::A192Gcm, Enc::A256CbcHs512] {
                let token =
                    encrypt_with(b"x", &Recipient::Password(&pw), alg, enc, &Map::new(), 1000)
                        .unwrap();
                let out =
                    decrypt(&token, &Recipient::Password(&pw), &DecryptPolicy::default()).unwrap();
                assert_eq!(out.plaintext, b"x", "{}", alg.name());
            }
        }
    }

    /// RFC 7518 §4.7.1: AES-GCM key encryption needs `iv` (96 bits) and `tag` (128 bits) in
    /// the header; without them, or with other lengths, the token is malformed (exit 3), which
    /// is visible before any key is tried.
    #[test]
    fn gcm_key_wrap_needs_iv_and_tag_of_exact_lengths() {
        let key = Key::oct(Secret::new(vec![8; 32])).unwrap();
        let token = encrypt(
            b"x",
            &Recipient::Key(&key),
            KeyAlg::A256GcmKw,
            Enc::A128Gcm,
            &Map::new(),
        )
        .unwrap();
        let parts: Vec<&str> = token.split('.').collect();
        let header = json_header(parts[0]);
        assert_eq!(
            b64::decode(header["iv"].as_str().unwrap()).unwrap().len(),
            12
        );
        assert_eq!(
            b64::decode(header["tag"].as_str().unwrap()).unwrap().len(),
            16
        );
        assert_eq!(b64::decode(parts[1]).unwrap().len(), 16);
        let with = |edit: &dyn Fn(&mut Map<String, Value>)| {
            let mut h = header.clone();
            edit(&mut h);
            let mut p: Vec<String> = parts.iter().map(|s| s.to_string()).collect();
            p[0] = b64::encode(&serde_json::to_vec(&h).unwrap());
            decrypt(
                &p.join("."),
                &Recipient::Key(&key),
                &DecryptPolicy::default(),
            )
        };
        for (what, edit, message) in [
            (
                "no iv",
                &(|h: &mut Map<String, Value>| {
                    h.remove("iv");
                }) as &dyn Fn(&mut Map<String, Value>),
                "header: A256GCMKW needs the iv member",
            ),
            (
                "no tag",
                &|h: &mut Map<String, Value>| {
                    h.remove("tag");
                },
                "header: A256GCMKW needs the tag member",
            ),
            (
                "short iv",
                &|h: &mut Map<String, Value>| {
                    h.insert("iv".into(), Value::from(b64::encode(&[0u8; 8])));
                },
                "header: iv must be 12 bytes for A256GCMKW, not 8",
            ),
            (
                "long tag",
                &|h: &mut Map<String, Value>| {
                    h.insert("tag".into(), Value::from(b64::encode(&[0u8; 17])));
                },
                "header: tag must be 16 bytes for A256GCMKW, not 17",
            ),
            (
                "tag not a string",
                &|h: &mut Map<String, Value>| {
                    h.insert("tag".into(), Value::from(5));
                },
                "header: tag must be a string",
            ),
        ] {
            let e = with(edit).unwrap_err();
            assert_eq!(e.kind, crate::error::Kind::Malformed, "{what}");
            assert_eq!(e.message, message, "{what}");
        }
        // A tag of the right length that does not open the key: the one decryption error.
        let e = with(&|h| {
            h.insert("tag".into(), Value::from(b64::encode(&[0u8; 16])));
        })
        .unwrap_err();
        assert_eq!(e.message, DECRYPTION_FAILED);
        assert!(with(&|_| {}).is_ok());
    }

    /// RFC 7748 §6.1, RFC 8037 §3.2: an X25519 epk of low order gives an all-zero shared
    /// secret, which is refused as a malformed header, not used to derive a key.
    #[test]
    fn x25519_low_order_epk_is_refused() {
        let key = generate(KeySpec::X25519).unwrap();
        let token = encrypt(
            b"x",
            &Recipient::Key(&key),
            KeyAlg::EcdhEs,
            Enc::A128Gcm,
            &Map::new(),
        )
        .unwrap();
        let parts: Vec<&str> = token.split('.').collect();
        let mut header = json_header(parts[0]);
        assert_eq!(header["epk"]["crv"], "X25519");
        assert_eq!(header["epk"]["kty"], "OKP");
        for low_order in [[0u8; 32], {
            let mut one = [0u8; 32];
            one[0] = 1;
            one
        }] {
            header["epk"]["x"] = Value::from(b64::encode(&low_order));
            let mut p: Vec<String> = parts.iter().map(|s| s.to_string()).collect();
            p[0] = b64::encode(&serde_json::to_vec(&header).unwrap());
            let e = decrypt(
                &p.join("."),
                &Recipient::Key(&key),
                &DecryptPolicy::default(),
            )
            .unwrap_err();
            assert_eq!(e.kind, crate::error::Kind::Malformed);
            assert!(
                e.message.contains("low-order X25519 point"),
                "{}",
                e.message
            );
        }
        // An EC epk for an X25519 key, and an X25519 epk for an EC key: malformed.
        let ec = generate(KeySpec::for_alg(crate::jose::alg::Alg::ES256)).unwrap();
        let ec_token = encrypt(
            b"x",
            &Recipient::Key(&ec),
            KeyAlg::EcdhEs,
            Enc::A128Gcm,
            &Map::new(),
        )
        .unwrap();
        let e = decrypt(&ec_token, &Recipient::Key(&key), &DecryptPolicy::default());
        assert!(e.is_err());
        let e = decrypt(&token, &Recipient::Key(&ec), &DecryptPolicy::default()).unwrap_err();
        assert_eq!(e.kind, crate::error::Kind::Malformed, "{}", e.message);
    }

    fn json_header(segment: &str) -> Map<String, Value> {
        crate::jose::json::parse_object(&b64::decode(segment).unwrap()).unwrap()
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
        let e = encrypt_with(
            b"x",
            &Recipient::Password(&pw),
            KeyAlg::Pbes2Hs256A128Kw,
            Enc::A128Gcm,
            &Map::new(),
            999,
        )
        .unwrap_err();
        assert_eq!(e.kind, crate::error::Kind::Usage);
        assert_eq!(
            e.message,
            "PBES2 iteration count 999: it must be between 1000 and 1000000"
        );
    }

    #[test]
    fn a_compressed_payload_names_the_opt_in_as_the_caller_does() {
        // Refused before any key is used, so dummy segments after the header are enough.
        let key = Key::oct(Secret::new(vec![5; 16])).unwrap();
        let header = b64::encode(br#"{"alg":"dir","enc":"A128GCM","zip":"DEF"}"#);
        let token = format!("{header}..AAAAAAAAAAAAAAAA.AAAA.AAAAAAAAAAAAAAAAAAAAAA");
        let refused = |names: Names| {
            let policy = DecryptPolicy {
                names,
                ..DecryptPolicy::default()
            };
            let e = decrypt(&token, &Recipient::Key(&key), &policy).unwrap_err();
            assert_eq!(e.kind, crate::error::Kind::Rejected(Reason::ZipNotAllowed));
            e.message
        };
        assert_eq!(
            refused(Names::default()),
            "the payload is compressed (zip DEF), which is refused unless allow_zip"
        );
        let flags = Names {
            allow_zip: "--inflate",
            ..Names::default()
        };
        assert!(refused(flags).ends_with("refused unless --inflate"));
    }

    #[test]
    fn reserved_header_members_are_refused_not_copied() {
        // Fuzz finding: an "apu" passed in by the caller went into the header but not into the
        // key derivation, so the token did not decrypt.
        let key = generate(KeySpec::for_alg(crate::jose::alg::Alg::ES256)).unwrap();
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
            assert_eq!(e.kind, crate::error::Kind::Rejected(Reason::AlgNotAllowed));
            assert!(e.message.ends_with("unless allow_rsa1_5"), "{}", e.message);
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
