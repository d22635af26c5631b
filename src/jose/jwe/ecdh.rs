//! ECDH-ES (RFC 7518 §4.6, RFC 8037 §3.2): the key agreement on P-256/384/521 and X25519,
//! the Concat KDF, and the CEK it gives directly or wraps with AES key wrap. An X25519 epk of
//! low order (an all-zero shared secret, RFC 7748 §6.1) is refused.

use aws_lc_rs::agreement::{self, ECDH_P256, ECDH_P384, ECDH_P521, UnparsedPublicKey, X25519};
use aws_lc_rs::digest;
use serde_json::{Map, Value};

use crate::error::{Error, Result};
use crate::keys::{Curve, Key, Material, jwk};

use super::aeskw;
use super::content::Enc;
use super::failed;

/// The ECDH of a curve; `None` for secp256k1, which signs ES256K only (aws-lc-rs has no
/// ECDH on it, and no JOSE library offers ECDH-ES with it).
/// The key wrap of ECDH-ES+AxxxKW: the algorithm name (the KDF's AlgorithmID) and the KEK
/// length; `None` for direct ECDH-ES, whose KDF output is the CEK.
pub(super) type Wrap = Option<(&'static str, usize)>;

pub(super) fn ecdh_alg(curve: Curve) -> Option<&'static agreement::Algorithm> {
    match curve {
        Curve::P256 => Some(&ECDH_P256),
        Curve::P384 => Some(&ECDH_P384),
        Curve::P521 => Some(&ECDH_P521),
        Curve::Secp256k1 => None,
    }
}

/// Concat KDF (NIST SP 800-56A, RFC 7518 §4.6.2) with SHA-256.
pub(super) fn concat_kdf(z: &[u8], alg: &str, apu: &[u8], apv: &[u8], len: usize) -> Vec<u8> {
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

/// ECDH-ES after the agreement (RFC 7518 §4.6.2): the Concat KDF output is the CEK (direct),
/// or the key that wraps a random CEK; returns (CEK, encrypted key).
pub(super) fn ecdh_cek(
    wrap: Wrap,
    enc: Enc,
    z: &[u8],
    apu: &[u8],
    apv: &[u8],
    shared: Option<&[u8]>,
) -> Result<(Vec<u8>, Vec<u8>)> {
    match wrap {
        None => Ok((
            concat_kdf(z, enc.name(), apu, apv, enc.key_len()),
            Vec::new(),
        )),
        Some((name, len)) => {
            let kek = concat_kdf(z, name, apu, apv, len);
            let cek = super::content::content_key(enc, shared)?;
            let wrapped = aeskw::wrap(&kek, &cek)?;
            Ok((cek, wrapped))
        }
    }
}

/// The `epk` header member and the shared secret Z of a new ECDH-ES message.
pub(super) struct Ephemeral {
    pub(super) epk: Map<String, Value>,
    pub(super) z: Vec<u8>,
}

/// The sender's side of ECDH-ES: a new ephemeral key on the recipient's curve (P-256/384/521
/// or X25519), its public JWK for the `epk` header member, and the shared secret Z; `None`
/// when the key does no ECDH at all.
pub(super) fn ephemeral_agreement(key: &Key) -> Result<Option<Ephemeral>> {
    let (ecdh, peer): (&'static agreement::Algorithm, &[u8]) = match &key.material {
        Material::Ec { curve, point, .. } => match ecdh_alg(*curve) {
            Some(ecdh) => (ecdh, point),
            None => return Ok(None),
        },
        Material::X25519 { x, .. } => (&X25519, x),
        _ => return Ok(None),
    };
    let broken = || Error::key("cannot make an ephemeral key for ECDH-ES");
    let ephemeral = agreement::PrivateKey::generate(ecdh).map_err(|_| broken())?;
    let public = ephemeral.compute_public_key().map_err(|_| broken())?;
    let epk = match &key.material {
        Material::Ec { curve, .. } => Key::ec_public(*curve, public.as_ref())?,
        _ => Key::x25519_public(public.as_ref())?,
    };
    let mut epk_jwk = jwk::to_jwk(&epk, false)?;
    epk_jwk.shift_remove("kid");
    let z = agreement::agree(
        &ephemeral,
        UnparsedPublicKey::new(ecdh, peer),
        // X25519 with a low-order point (RFC 7748 §6.1) gives an all-zero Z, which AWS-LC refuses.
        Error::key("ECDH key agreement failed: the recipient's key is not a usable public key"),
        |z| Ok(z.to_vec()),
    )?;
    Ok(Some(Ephemeral { epk: epk_jwk, z }))
}

/// The recipient's side of ECDH-ES: Z from the private key and the header's `epk`, which must be
/// a public key of the same curve. An X25519 `epk` that is a low-order point gives an all-zero
/// Z, which is refused (RFC 7748 §6.1, RFC 8037 §3.2): the header is malformed.
pub(super) fn static_agreement(key: &Key, header: &Map<String, Value>) -> Result<Vec<u8>> {
    let epk = match header.get("epk") {
        Some(Value::Object(map)) => jwk::from_jwk(map).map_err(|e| {
            Error::malformed(format!(
                "header: epk is not a valid public key ({})",
                e.message
            ))
        })?,
        _ => return Err(Error::malformed("header: ECDH-ES needs an epk object")),
    };
    if epk.is_private() {
        return Err(Error::malformed("header: epk must be a public key"));
    }
    let (ecdh, d, peer): (&'static agreement::Algorithm, &[u8], &[u8]) =
        match (&key.material, &epk.material) {
            (
                Material::Ec {
                    curve, d: Some(d), ..
                },
                Material::Ec {
                    curve: epk_curve,
                    point,
                    ..
                },
            ) => {
                if epk_curve != curve {
                    return Err(Error::malformed(format!(
                        "header: epk is on {}, the key on {}",
                        epk_curve.name(),
                        curve.name()
                    )));
                }
                let ecdh = ecdh_alg(*curve)
                    .ok_or_else(|| Error::key("the EC private key cannot be used for ECDH"))?;
                (ecdh, d, point)
            }
            (Material::X25519 { d: Some(d), .. }, Material::X25519 { x, .. }) => (&X25519, d, x),
            (Material::Ec { d: Some(_), .. } | Material::X25519 { d: Some(_), .. }, _) => {
                return Err(Error::malformed(format!(
                    "header: epk must be a public key of the recipient's kind ({}), not an {}",
                    key.describe().replace(" private key", ""),
                    epk.describe()
                )));
            }
            _ => {
                return Err(Error::key(
                    "decrypting ECDH-ES needs the private EC or X25519 key",
                ));
            }
        };
    let private = agreement::PrivateKey::from_private_key(ecdh, d)
        .map_err(|_| Error::key("the private key cannot be used for ECDH"))?;
    let low_order = || {
        Error::malformed(
            "header: epk is a low-order X25519 point: the shared secret is all zero \
             (RFC 7748 §6.1)",
        )
    };
    let z = agreement::agree(
        &private,
        UnparsedPublicKey::new(ecdh, peer),
        // P-256/384/521 points were checked when the epk was read: only X25519 fails here.
        if ecdh == &X25519 {
            low_order()
        } else {
            failed()
        },
        |z| Ok(z.to_vec()),
    )?;
    if z.iter().all(|&b| b == 0) {
        return Err(low_order());
    }
    Ok(z)
}

/// The CEK of an ECDH-ES JWE after the agreement, when the encrypted key opens (and is empty
/// for direct ECDH-ES).
pub(super) fn ecdh_open(
    wrap: Wrap,
    enc: Enc,
    z: &[u8],
    apu: &[u8],
    apv: &[u8],
    encrypted_key: &[u8],
) -> Option<Vec<u8>> {
    match wrap {
        None => encrypted_key
            .is_empty()
            .then(|| concat_kdf(z, enc.name(), apu, apv, enc.key_len())),
        Some((name, len)) => aeskw::unwrap(&concat_kdf(z, name, apu, apv, len), encrypted_key),
    }
}
