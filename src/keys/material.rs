//! Recognising key material where secret bytes are expected (`--secret`): a public key used
//! as an HMAC secret lets anyone who holds it forge tokens, so anything that looks like a key,
//! in whatever wrapping people paste it (PEM or SSH armour in any case, UTF-16 files, a BOM,
//! a bare base64 SPKI as identity providers publish it, an SSH blob, DER with trailing bytes,
//! a JWK inside other text), is recognised here, and refused as an HMAC secret
//! ([`secret_key`]). Uses only `b64` and the key parsers.

use crate::error::{Error, Remedy, Result};
use crate::input::secret::Secret;
use crate::jose::b64;

use super::{Key, load};

/// The HMAC key of a `--secret`. Bytes that are key material (a PEM block, a certificate, a
/// JWK, an SSH key, a DER key) are refused: used as a secret, a public key would let anyone
/// who holds it forge tokens (the RS256-to-HS256 confusion, through a side door).
pub fn secret_key(secret: Secret) -> Result<Key> {
    if let Some(what) = describe(secret.bytes()) {
        return Err(Error::key(format!(
            "the secret is {what}, not an HMAC secret: a public key used as a secret lets \
             anyone who has it forge tokens"
        ))
        .with_remedy(Remedy::GiveKey));
    }
    Key::oct(secret)
}

/// What `bytes` are, when they are key material rather than secret bytes.
pub(crate) fn describe(bytes: &[u8]) -> Option<&'static str> {
    let texts = texts(bytes);
    if let Some(what) = texts.iter().find_map(|t| text_form(t)) {
        return Some(what);
    }
    // DER as it is, or with whitespace a file or a paste added around it, dropped one byte at
    // a time (a key's last byte may itself be 0x20 or 0x0a).
    let mut candidate = bytes.trim_ascii_start();
    for _ in 0..=4 {
        if let Some(what) = der_form(candidate) {
            return Some(what);
        }
        match candidate.split_last() {
            Some((last, rest)) if last.is_ascii_whitespace() => candidate = rest,
            _ => break,
        }
    }
    // One base64 token (whitespace and quotes aside): a bare SPKI, certificate or SSH blob.
    for text in &texts {
        let compact: String = text
            .chars()
            .filter(|c| !c.is_whitespace() && !matches!(c, '"' | '\'' | '`'))
            .collect();
        if compact.len() < 40 {
            continue;
        }
        if let Ok(decoded) = b64::decode_any(&compact) {
            if der_form(&decoded).is_some() {
                return Some("a base64-encoded DER key or certificate");
            }
            if ssh_blob(&decoded) {
                return Some("an SSH public key (base64 blob)");
            }
        }
    }
    None
}

/// The readings of `bytes` as text: UTF-8 (without a BOM), UTF-16 in either byte order
/// (PowerShell writes it), and a lossy reading without NUL bytes.
fn texts(bytes: &[u8]) -> Vec<String> {
    let mut out = Vec::new();
    let utf8 = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Ok(text) = std::str::from_utf8(utf8) {
        out.push(text.to_string());
    }
    let nuls = bytes.iter().filter(|&&b| b == 0).count();
    if bytes.len() >= 2
        && (bytes.starts_with(b"\xFF\xFE")
            || bytes.starts_with(b"\xFE\xFF")
            || nuls * 4 >= bytes.len())
    {
        for little in [true, false] {
            let units: Vec<u16> = bytes
                .chunks_exact(2)
                .map(|p| {
                    if little {
                        u16::from_le_bytes([p[0], p[1]])
                    } else {
                        u16::from_be_bytes([p[0], p[1]])
                    }
                })
                .collect();
            let text: String = char::decode_utf16(units)
                .filter_map(|c| c.ok())
                .filter(|&c| c != '\u{feff}')
                .collect();
            out.push(text);
        }
    }
    out.push(
        String::from_utf8_lossy(utf8)
            .chars()
            .filter(|&c| c != '\0')
            .collect(),
    );
    out
}

fn text_form(text: &str) -> Option<&'static str> {
    for line in text.lines() {
        let line = line.trim_start();
        let dashes = line.len() - line.trim_start_matches('-').len();
        let rest = line.trim_start_matches('-').trim_start();
        if dashes >= 3
            && rest
                .get(..5)
                .is_some_and(|p| p.eq_ignore_ascii_case("begin"))
        {
            let label = rest.to_ascii_uppercase();
            return Some(if label.contains("SSH2") {
                "an SSH public key (RFC 4716)"
            } else if label.contains("OPENSSH") {
                "an OpenSSH key"
            } else if label.contains("CERTIFICATE") {
                "a certificate (PEM)"
            } else {
                "a PEM block"
            });
        }
        let words: Vec<&str> = line
            .split_whitespace()
            .map(|w| w.trim_matches(|c| matches!(c, '"' | '\'' | '`' | ',')))
            .collect();
        let ssh_types = ["ssh-", "ecdsa-sha2-", "sk-ssh-", "sk-ecdsa-"];
        if words.windows(2).any(|w| {
            ssh_types
                .iter()
                .any(|t| w[0].starts_with(t) || w[0].contains(&format!(",{t}")))
                && w[1].starts_with("AAAA")
        }) {
            return Some("an OpenSSH public key");
        }
    }
    if text.contains("\"kty\"") {
        return Some(if text.contains("\"keys\"") {
            "a JWK Set"
        } else {
            "a JWK"
        });
    }
    None
}

/// DER that jwtctl reads as a key, or any DER structure shaped like one (a SEQUENCE spanning
/// the input, holding at least two elements that begin with a SEQUENCE, INTEGER, OID or
/// explicit tag): keys, certificates and PKCS#7 bundles of every algorithm.
fn der_form(bytes: &[u8]) -> Option<&'static str> {
    if bytes.first() != Some(&0x30) {
        return None;
    }
    let mut no_passphrase = || Err(crate::error::Error::key("encrypted"));
    if load::parse(bytes, &mut no_passphrase).is_ok()
        || pkcs8::EncryptedPrivateKeyInfoRef::try_from(bytes).is_ok()
        || der_shaped(bytes)
    {
        return Some("a DER-encoded key or certificate");
    }
    None
}

/// One DER element: (tag, contents, the bytes after it).
fn tlv(bytes: &[u8]) -> Option<(u8, &[u8], &[u8])> {
    let (&tag, rest) = bytes.split_first()?;
    let (&first, rest) = rest.split_first()?;
    let (len, rest) = if first < 0x80 {
        (usize::from(first), rest)
    } else {
        let n = usize::from(first & 0x7f);
        if n == 0 || n > 4 || rest.len() < n {
            return None;
        }
        let len = rest[..n]
            .iter()
            .fold(0usize, |acc, &b| (acc << 8) | usize::from(b));
        (len, &rest[n..])
    };
    (rest.len() >= len).then(|| (tag, &rest[..len], &rest[len..]))
}

fn der_shaped(bytes: &[u8]) -> bool {
    let Some((0x30, mut content, [])) = tlv(bytes) else {
        return false;
    };
    let mut count = 0;
    let mut first = None;
    while !content.is_empty() {
        let Some((tag, _, rest)) = tlv(content) else {
            return false;
        };
        first.get_or_insert(tag);
        count += 1;
        content = rest;
    }
    count >= 2 && matches!(first, Some(0x30 | 0x02 | 0x06 | 0xa0))
}

/// An SSH wire-format public key: a length-prefixed key type name.
fn ssh_blob(bytes: &[u8]) -> bool {
    let Some((len, rest)) = bytes.split_first_chunk::<4>() else {
        return false;
    };
    let len = u32::from_be_bytes(*len) as usize;
    rest.get(..len).is_some_and(|name| {
        ["ssh-", "ecdsa-sha2-", "sk-ssh-", "sk-ecdsa-"]
            .iter()
            .any(|t| name.starts_with(t.as_bytes()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::generate::{KeySpec, generate};
    use crate::keys::pkcs;

    fn spki_pem() -> String {
        let key = generate(KeySpec::for_alg(crate::jose::alg::Alg::ES256)).unwrap();
        pkcs::to_pem("PUBLIC KEY", &pkcs::public_spki_der(&key).unwrap())
    }

    fn utf16le(text: &str) -> Vec<u8> {
        let mut out = vec![0xff, 0xfe];
        for unit in text.encode_utf16() {
            out.extend_from_slice(&unit.to_le_bytes());
        }
        out
    }

    #[test]
    fn key_material_in_every_wrapping_is_recognised() {
        let pem = spki_pem();
        let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
        let der = b64::decode_any(&body).unwrap();
        let jwk = r#"{"kty":"EC","crv":"P-256","x":"AAAA","y":"BBBB"}"#;
        let ssh =
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIIxqEGH6ncvqIuw8s/s8HQxcCZ65+AlbJzAEhHGDiy0J me";
        let blob = ssh.split(' ').nth(1).unwrap();
        let cases: Vec<Vec<u8>> = vec![
            pem.clone().into_bytes(),
            pem.to_lowercase().into_bytes(),
            pem.replace("-----", "----").into_bytes(),
            pem.replace("BEGIN ", "BEGIN\t").into_bytes(),
            format!("junk before\n{pem}").into_bytes(),
            utf16le(&pem),
            body.clone().into_bytes(),
            format!("\"{body}\"").into_bytes(),
            der.clone(),
            [der.as_slice(), b"\n"].concat(),
            jwk.as_bytes().to_vec(),
            [b"\xEF\xBB\xBF".as_slice(), jwk.as_bytes()].concat(),
            format!("[{jwk}] trailing").into_bytes(),
            format!("# comment\n{jwk}\0").into_bytes(),
            utf16le(jwk),
            format!(r#"{{"keys":[{jwk}]}}"#).into_bytes(),
            ssh.as_bytes().to_vec(),
            format!("\"{ssh}\"").into_bytes(),
            format!("no-pty,command=\"x\" {ssh}").into_bytes(),
            blob.as_bytes().to_vec(),
            b"---- Begin SSH2 PUBLIC KEY ----\nAAAA\n---- END SSH2 PUBLIC KEY ----\n".to_vec(),
        ];
        for (i, bytes) in cases.iter().enumerate() {
            assert!(
                describe(bytes).is_some(),
                "case {i}: {:?}",
                String::from_utf8_lossy(bytes)
            );
        }
    }

    #[test]
    fn der_ending_in_a_whitespace_byte_is_still_recognised() {
        // A DER key whose last byte is a newline or space: trimming first would break it.
        for _ in 0..64 {
            let key = generate(KeySpec::for_alg(crate::jose::alg::Alg::ES256)).unwrap();
            let der = pkcs::public_spki_der(&key).unwrap();
            for last in [b'\n', b' ', b'\t'] {
                let mut bytes = der.clone();
                if let Some(b) = bytes.last_mut() {
                    *b = last;
                }
                // Not a valid key any more, but still DER-shaped key material.
                assert!(describe(&bytes).is_some(), "{bytes:?}");
                assert!(describe(&[bytes.as_slice(), b"\n"].concat()).is_some());
            }
        }
    }

    #[test]
    fn ordinary_secrets_are_not_key_material() {
        for secret in [
            b"hunter2".to_vec(),
            b"correct horse battery staple".to_vec(),
            b"BxDRKH7ec8NtC3R8RYHqoyUUGf76JqiLXL5nS0fG2KU".to_vec(),
            vec![0x30; 64],
            (0u8..=255).collect(),
            // Armour-like dashes before a multi-byte character: no panic on a char boundary.
            "---begi\u{e9}".as_bytes().to_vec(),
            "-----ab\u{1f980}".as_bytes().to_vec(),
        ] {
            assert_eq!(describe(&secret), None, "{secret:?}");
        }
        // Random 32- and 64-byte secrets: never mistaken for keys.
        for _ in 0..2000 {
            let mut bytes = [0u8; 64];
            crate::random::fill(&mut bytes).unwrap();
            assert_eq!(describe(&bytes[..32]), None);
            assert_eq!(describe(&bytes), None);
        }
    }
}
