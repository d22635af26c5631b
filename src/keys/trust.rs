//! What a key may do: one model, applied by every command that uses a key.
//!
//! A key may be used with a JWS algorithm when all of these agree:
//! - its family (an RSA key does RS*/PS*, a P-256 key ES256, a secret HS*);
//! - its own JWK `alg`, when present: a key published for PS256 is a PS256 key, nothing else;
//! - its JWK `use` and `key_ops`, when present (`"sig"`, and `"verify"` to verify);
//! - the algorithms the user allowed (`--alg`), which the caller intersects;
//!
//! and it is strong enough: RSA of 2048 bits or more without the ROCA fingerprint
//! (CVE-2017-15361), an HMAC JWK that declares HSxxx at least as long as that hash
//! (RFC 7518 §3.2). A JWK whose declarations contradict the key or each other is refused when
//! it is read ([`check_declarations`]), so such a key is never used at all.

use crate::error::{Error, Result};
use crate::jose::alg::{Alg, Family};

use super::{Key, Material};

/// What a key is asked to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Sign,
    Verify,
    Encrypt,
    Decrypt,
}

impl Op {
    /// The JWK `use` value this operation belongs to (RFC 7517 §4.2).
    pub(crate) fn use_name(self) -> &'static str {
        match self {
            Op::Sign | Op::Verify => "sig",
            Op::Encrypt | Op::Decrypt => "enc",
        }
    }

    /// The `key_ops` values that allow this operation (RFC 7517 §4.3); one of them must be
    /// listed when a key has `key_ops`.
    fn key_ops(self) -> &'static [&'static str] {
        match self {
            Op::Sign => &["sign"],
            Op::Verify => &["verify"],
            Op::Encrypt => &["encrypt", "wrapKey", "deriveKey"],
            Op::Decrypt => &["decrypt", "unwrapKey", "deriveKey"],
        }
    }

    fn verb(self) -> &'static str {
        match self {
            Op::Sign => "signing",
            Op::Verify => "verifying signatures",
            Op::Encrypt => "encrypting",
            Op::Decrypt => "decrypting",
        }
    }
}

const SIGNATURE_OPS: [&str; 2] = ["sign", "verify"];
const ENCRYPTION_OPS: [&str; 6] = [
    "encrypt",
    "decrypt",
    "wrapKey",
    "unwrapKey",
    "deriveKey",
    "deriveBits",
];

/// The kind of key a JWE algorithm name needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum JweKey {
    Rsa,
    /// ECDH-ES: an EC key on a NIST curve, or an X25519 OKP key.
    Ecdh,
    /// AES key wrap, AES-GCM key wrap, `dir`, PBES2 and the content encryption names.
    Secret,
}

/// JWE key management algorithms (RFC 7518 §4.1, RFC 8037) and content encryption algorithms
/// (§5.1): names a JWK `alg` may carry for an encryption key.
const JWE_NAMES: [(&str, JweKey); 25] = [
    ("RSA1_5", JweKey::Rsa),
    ("RSA-OAEP", JweKey::Rsa),
    ("RSA-OAEP-256", JweKey::Rsa),
    ("RSA-OAEP-384", JweKey::Rsa),
    ("RSA-OAEP-512", JweKey::Rsa),
    ("A128KW", JweKey::Secret),
    ("A192KW", JweKey::Secret),
    ("A256KW", JweKey::Secret),
    ("dir", JweKey::Secret),
    ("ECDH-ES", JweKey::Ecdh),
    ("ECDH-ES+A128KW", JweKey::Ecdh),
    ("ECDH-ES+A192KW", JweKey::Ecdh),
    ("ECDH-ES+A256KW", JweKey::Ecdh),
    ("A128GCMKW", JweKey::Secret),
    ("A192GCMKW", JweKey::Secret),
    ("A256GCMKW", JweKey::Secret),
    ("PBES2-HS256+A128KW", JweKey::Secret),
    ("PBES2-HS384+A192KW", JweKey::Secret),
    ("PBES2-HS512+A256KW", JweKey::Secret),
    ("A128CBC-HS256", JweKey::Secret),
    ("A192CBC-HS384", JweKey::Secret),
    ("A256CBC-HS512", JweKey::Secret),
    ("A128GCM", JweKey::Secret),
    ("A192GCM", JweKey::Secret),
    ("A256GCM", JweKey::Secret),
];

/// Registered JWS names jwtctl does not implement (RFC 9864's Ed448, and `none`).
const OTHER_JWS_NAMES: [&str; 2] = ["Ed448", "none"];

/// The key length a secret-key JWE name needs, when it fixes one (`dir` and PBES2 do not).
fn jwe_secret_len(name: &str) -> Option<usize> {
    Some(match name {
        "A128KW" | "A128GCMKW" | "A128GCM" => 16,
        "A192KW" | "A192GCMKW" | "A192GCM" => 24,
        "A256KW" | "A256GCMKW" | "A256GCM" | "A128CBC-HS256" => 32,
        "A192CBC-HS384" => 48,
        "A256CBC-HS512" => 64,
        _ => return None,
    })
}

/// What a JWK `alg` value names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Declared {
    /// A JWS algorithm jwtctl implements.
    Jws(Alg),
    /// A JWE key management or content encryption algorithm.
    Jwe,
}

fn classify(name: &str) -> Result<(Declared, Option<JweKey>), String> {
    if let Ok(alg) = name.parse::<Alg>() {
        return Ok((Declared::Jws(alg), None));
    }
    // RFC 9864's fully-specified name for EdDSA with Ed25519: the same signatures.
    if name == "Ed25519" {
        return Ok((Declared::Jws(Alg::EdDSA), None));
    }
    if let Some((_, needs)) = JWE_NAMES.iter().find(|(n, _)| *n == name) {
        return Ok((Declared::Jwe, Some(*needs)));
    }
    if OTHER_JWS_NAMES.contains(&name) {
        return Err(format!(
            "alg {} is a JWS algorithm jwtctl does not implement",
            quoted(name)
        ));
    }
    Err(format!("alg {} is not a JWA algorithm name", quoted(name)))
}

/// A string from a key, token or server in double quotes, through the one terminal escaper
/// (`text::escape`): control characters are made visible, overlong values shortened.
pub fn quoted(text: &str) -> String {
    format!("\"{}\"", crate::text::escape(text))
}

/// "key \"abc\"" when the key has a kid, else "the RSA 2048-bit public key".
pub(crate) fn name(key: &Key) -> String {
    match &key.kid {
        Some(kid) => format!("key {}", quoted(kid)),
        None => format!("the {}", key.describe()),
    }
}

/// Checks what a JWK says of itself against the key and against itself: `alg` must be a JWA
/// name that fits the key, `use` and `key_ops` must agree with each other and with `alg`, and
/// `key_ops` must not repeat a value (RFC 7517 §4.2-4.4).
pub(crate) fn check_declarations(key: &Key) -> Result<()> {
    let refuse = |why: String| Error::key(format!("{}: {why}", name(key)));
    let declared = match &key.alg {
        None => None,
        Some(alg) => {
            let (declared, needs) = classify(alg).map_err(refuse)?;
            let fits = match (declared, needs) {
                (Declared::Jws(a), _) => a.family() == key.family(),
                (Declared::Jwe, Some(JweKey::Rsa)) => key.family() == Family::Rsa,
                // secp256k1 signs ES256K only: there is no ECDH-ES on it (RFC 8812 §3.2
                // registers it for ES256K).
                (Declared::Jwe, Some(JweKey::Ecdh)) => match key.material {
                    Material::Ec { curve, .. } => curve != super::Curve::Secp256k1,
                    Material::X25519 { .. } => true,
                    _ => false,
                },
                (Declared::Jwe, _) => match &key.material {
                    Material::Oct(secret) => {
                        jwe_secret_len(alg).is_none_or(|len| len == secret.len())
                    }
                    _ => false,
                },
            };
            if !fits {
                let what = match declared {
                    Declared::Jws(a) => format!("{a} needs {}", a.family().describe()),
                    Declared::Jwe => match jwe_secret_len(alg) {
                        Some(len) if key.is_symmetric() => {
                            format!("{} needs a {len}-byte key", quoted(alg))
                        }
                        _ => format!("{} is not for {}", quoted(alg), key.describe()),
                    },
                };
                return Err(refuse(format!(
                    "its alg {} does not fit the key ({what})",
                    quoted(alg)
                )));
            }
            Some(declared)
        }
    };
    if let (Some(u), Some(declared)) = (&key.key_use, declared) {
        let expected = match declared {
            Declared::Jws(_) => "sig",
            Declared::Jwe => "enc",
        };
        if (u == "sig" || u == "enc") && u != expected {
            return Err(refuse(format!(
                "its use {} contradicts its alg {}",
                quoted(u),
                quoted(key.alg.as_deref().unwrap_or(""))
            )));
        }
    }
    if let Some(ops) = &key.key_ops {
        for (i, op) in ops.iter().enumerate() {
            if ops[..i].contains(op) {
                return Err(refuse(format!("its key_ops list {} twice", quoted(op))));
            }
        }
        let contradicts = |list: &[&str]| ops.iter().find(|o| list.contains(&o.as_str()));
        let clash = match key.key_use.as_deref() {
            Some("sig") => contradicts(&ENCRYPTION_OPS),
            Some("enc") => contradicts(&SIGNATURE_OPS),
            _ => None,
        };
        if let Some(op) = clash {
            return Err(refuse(format!(
                "its key_ops {} contradicts its use {}",
                quoted(op),
                quoted(key.key_use.as_deref().unwrap_or(""))
            )));
        }
        let clash = match declared {
            Some(Declared::Jws(_)) => contradicts(&ENCRYPTION_OPS),
            Some(Declared::Jwe) => contradicts(&SIGNATURE_OPS),
            None => None,
        };
        if let Some(op) = clash {
            return Err(refuse(format!(
                "its key_ops {} contradicts its alg {}",
                quoted(op),
                quoted(key.alg.as_deref().unwrap_or(""))
            )));
        }
    }
    Ok(())
}

/// What a key's declarations say it is for: `"sig"` or `"enc"`, from its `use`, else its
/// `alg`, else its `key_ops` (when they are all of one kind); `None` when they do not say.
pub(crate) fn declared_purpose(
    key_use: Option<&str>,
    alg: Option<&str>,
    key_ops: Option<&[String]>,
) -> Option<&'static str> {
    match key_use {
        Some("sig") => return Some("sig"),
        Some("enc") => return Some("enc"),
        _ => {}
    }
    match alg.map(classify) {
        Some(Ok((Declared::Jws(_), _))) => return Some("sig"),
        Some(Ok((Declared::Jwe, _))) => return Some("enc"),
        _ => {}
    }
    let ops = key_ops.filter(|ops| !ops.is_empty())?;
    if ops.iter().all(|o| SIGNATURE_OPS.contains(&o.as_str())) {
        Some("sig")
    } else if ops.iter().all(|o| ENCRYPTION_OPS.contains(&o.as_str())) {
        Some("enc")
    } else {
        None
    }
}

/// Whether the key is published for encryption (see [`declared_purpose`]).
pub(crate) fn is_for_encryption(key: &Key) -> bool {
    declared_purpose(
        key.key_use.as_deref(),
        key.alg.as_deref(),
        key.key_ops.as_deref(),
    ) == Some("enc")
}

/// Why a key is too weak to use, if it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Weakness {
    /// An RSA modulus under 2048 bits.
    SmallRsa(usize),
    /// An RSA modulus with the ROCA fingerprint (CVE-2017-15361): its factors can be computed.
    Roca,
    /// An HMAC JWK declaring `alg` shorter than that algorithm's hash (RFC 7518 §3.2).
    ShortSecret { bytes: usize, alg: Alg },
}

impl Weakness {
    /// One line for `jwks show` and `decode`: "RSA 1024 bits (at least 2048)".
    pub(crate) fn describe(&self) -> String {
        match self {
            Weakness::SmallRsa(bits) => format!("RSA {bits} bits (at least 2048)"),
            Weakness::Roca => "RSA modulus has the ROCA fingerprint (CVE-2017-15361): \
                               its private key can be computed from the public key"
                .to_string(),
            Weakness::ShortSecret { bytes, alg } => format!(
                "{bytes}-byte secret declared for {alg}, which needs at least {} bytes \
                 (RFC 7518 §3.2)",
                alg.hash_len()
            ),
        }
    }
}

/// The key's weakness, if any. A raw `--secret` has no `alg` and keeps the rule of the README's
/// security defaults (verify accepts it, sign warns); an `oct` JWK that declares an HS algorithm is held to it.
pub fn weakness(key: &Key) -> Option<Weakness> {
    match &key.material {
        Material::Rsa { n, .. } => {
            if key.bits() < 2048 {
                Some(Weakness::SmallRsa(key.bits()))
            } else if roca_fingerprint(n) {
                Some(Weakness::Roca)
            } else {
                None
            }
        }
        Material::Oct(secret) => {
            let alg = key.alg.as_deref()?.parse::<Alg>().ok()?;
            (alg.family() == Family::Hmac && secret.len() < alg.hash_len()).then_some(
                Weakness::ShortSecret {
                    bytes: secret.len(),
                    alg,
                },
            )
        }
        _ => None,
    }
}

/// Fails unless `key` may be used with `alg` for `op` (a JWS operation): family, declared
/// `alg`, `use`, `key_ops` and strength, in that order, each with its own message.
pub fn permits(key: &Key, alg: Alg, op: Op) -> Result<()> {
    key.check_alg(alg)?;
    if let Some(declared) = &key.alg
        && !declared_allows(key, alg)
    {
        return Err(Error::key(format!(
            "{} is published for alg {} only (its JWK alg), not for {alg}",
            name(key),
            quoted(declared)
        ))
        .with_hint(match declared.parse::<Alg>() {
            Ok(own) => format!("a key is bound to the alg it declares: {own} here, or another key"),
            Err(_) => format!(
                "{} is an encryption algorithm: this key is for JWE",
                quoted(declared)
            ),
        }));
    }
    check_use(key, op)?;
    match weakness(key) {
        None => Ok(()),
        Some(Weakness::SmallRsa(bits)) => Err(Error::key(format!(
            "RSA key of {bits} bits is too small for {alg} (at least 2048 bits)"
        ))),
        Some(w) => Err(Error::key(format!(
            "{} is weak: {}",
            name(key),
            w.describe()
        ))),
    }
}

/// Fails when the JWK's `use` or `key_ops` say the key is not for `op`.
pub fn check_use(key: &Key, op: Op) -> Result<()> {
    if let Some(u) = &key.key_use
        && u != op.use_name()
    {
        let purpose = match op.use_name() {
            "sig" => "signatures",
            _ => "encryption",
        };
        return Err(Error::key(format!(
            "{} is published for use {}, not for {purpose} ({})",
            name(key),
            quoted(u),
            quoted(op.use_name())
        )));
    }
    if let Some(ops) = &key.key_ops
        && !ops.iter().any(|o| op.key_ops().contains(&o.as_str()))
    {
        return Err(Error::key(format!(
            "{} has key_ops [{}], which do not allow {}",
            name(key),
            ops.iter().map(|o| quoted(o)).collect::<Vec<_>>().join(", "),
            op.verb()
        )));
    }
    Ok(())
}

/// Fails unless `key` may be used for the JWE operation `op`: its `use` and `key_ops` allow
/// it, and its own `alg`, when present, is not a signature algorithm. Which key management
/// algorithms it then allows is `jwe::Recipient::algorithms`.
pub fn check_jwe(key: &Key, op: Op) -> Result<()> {
    check_use(key, op)?;
    if let Some(declared) = &key.alg
        && let Ok((Declared::Jws(alg), _)) = classify(declared)
    {
        return Err(Error::key(format!(
            "{} is published for the signature algorithm {alg}, not for encryption",
            name(key)
        ))
        .with_hint("a key pair for JWE should be separate from a signing key"));
    }
    check_strength(key)
}

/// Fails, naming the key and why, when it is too weak for any use.
pub(crate) fn check_strength(key: &Key) -> Result<()> {
    match weakness(key) {
        None => Ok(()),
        Some(w) => Err(Error::key(format!(
            "{} is weak: {}",
            name(key),
            w.describe()
        ))),
    }
}

/// The JWS algorithms `key` may be used with for `op`: its family's, narrowed by everything
/// the key declares. An error (naming the key and the reason) when there are none.
pub fn jws_algorithms(key: &Key, op: Op) -> Result<Vec<Alg>> {
    let family = key.family().algorithms();
    let declared: Vec<Alg> = family
        .iter()
        .copied()
        .filter(|&alg| declared_allows(key, alg))
        .collect();
    // Size, use, key_ops and strength do not depend on the algorithm: checking one that the
    // declaration allows settles them all (and the strength test, ROCA's included, runs once).
    match declared.first() {
        Some(&alg) if permits(key, alg, op).is_ok() => Ok(declared),
        _ => Err(family
            .first()
            .and_then(|&alg| permits(key, alg, op).err())
            .unwrap_or_else(|| match key.family() {
                Family::X25519 => Error::key(format!(
                    "{} is an X25519 key: it is for ECDH-ES key agreement (JWE), not for signatures",
                    name(key)
                )),
                _ => Error::key(format!("{} has no usable algorithm", name(key))),
            })),
    }
}

/// Whether the key's own JWK `alg`, if any, is `alg`.
fn declared_allows(key: &Key, alg: Alg) -> bool {
    key.alg.as_deref().is_none_or(
        |declared| matches!(classify(declared), Ok((Declared::Jws(own), _)) if own == alg),
    )
}

/// The small primes of the ROCA test: a modulus made by the vulnerable generator is, modulo
/// each of them, a power of 65537 (Nemec et al., "The Return of Coppersmith's Attack", 2017).
const ROCA_PRIMES: [u32; 38] = [
    3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89, 97,
    101, 103, 107, 109, 113, 127, 131, 137, 139, 149, 151, 157, 163, 167,
];

/// Whether the big-endian modulus `n` has the ROCA fingerprint: for every prime p above,
/// n mod p lies in the subgroup of (Z/pZ)* generated by 65537. A random modulus passes all 38
/// tests with a probability below 2^-150.
///
/// The primes are taken in groups whose product fits in 32 bits, and `n` is reduced once per
/// group rather than once per prime: a random modulus usually fails in the first group (at 11,
/// where 65537 generates only {1, 10}), so the test reads the modulus once. It runs for every
/// RSA key each time a verify or sign checks what the key may do.
pub(crate) fn roca_fingerprint(n: &[u8]) -> bool {
    let mut primes = &ROCA_PRIMES[..];
    while !primes.is_empty() {
        let mut product = 1u64;
        let mut size = 0;
        while let Some(&p) = primes.get(size) {
            if product * u64::from(p) > u64::from(u32::MAX) {
                break;
            }
            product *= u64::from(p);
            size += 1;
        }
        let (group, rest) = primes.split_at(size);
        let residue = n
            .iter()
            .fold(0u64, |acc, &byte| ((acc << 8) | u64::from(byte)) % product);
        if !group
            .iter()
            .all(|&p| in_roca_subgroup(residue % u64::from(p), p))
        {
            return false;
        }
        primes = rest;
    }
    true
}

/// Whether `residue` (below `p`) is a power of 65537 modulo the prime `p`.
fn in_roca_subgroup(residue: u64, p: u32) -> bool {
    let p = u64::from(p);
    let generator = 65537 % p;
    let mut power = 1u64;
    loop {
        if power == residue {
            return true;
        }
        power = power * generator % p;
        if power == 1 {
            return false;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jose::json;
    use crate::keys::generate::{KeySpec, generate};
    use crate::keys::jwk::from_jwk;

    fn jwk(text: &str) -> Result<Key> {
        from_jwk(&json::parse_object(text.as_bytes()).unwrap())
    }

    const P256: &str = r#""kty":"EC","crv":"P-256","x":"04N0xi21hshyvBp7I167sbE_bXqyqkAPfefdklMO7wY","y":"UI8exy-C06a7DUnjIdENkxeFtHM4-l_41LqEw9nVgmw""#;

    #[test]
    fn declarations_that_contradict_the_key_are_refused() {
        for (extra, why) in [
            (r#""alg":"ES521""#, "not a JWA algorithm name"),
            (r#""alg":"ES224""#, "not a JWA algorithm name"),
            (r#""alg":"ES512""#, "does not fit"),
            (r#""alg":"HS256""#, "does not fit"),
            (r#""alg":"RSA-OAEP""#, "does not fit"),
            (r#""alg":"Ed448""#, "does not implement"),
            (r#""alg":"ES256K""#, "ES256K needs an EC secp256k1 key"),
            (r#""alg":"ES256","use":"enc""#, "contradicts its alg"),
            (r#""alg":"ECDH-ES","use":"sig""#, "contradicts its alg"),
            (
                r#""use":"sig","key_ops":["encrypt"]"#,
                "contradicts its use",
            ),
            (r#""key_ops":["verify","verify"]"#, "twice"),
        ] {
            let e = jwk(&format!("{{{P256},{extra}}}")).unwrap_err();
            assert!(e.message.contains(why), "{extra}: {}", e.message);
            assert_eq!(e.kind, crate::error::Kind::Key);
        }
        for extra in [
            r#""alg":"ES256","use":"sig""#,
            r#""alg":"ECDH-ES+A128KW","use":"enc""#,
            r#""use":"enc","key_ops":["deriveKey"]"#,
            r#""key_ops":["verify","custom-op"]"#,
        ] {
            jwk(&format!("{{{P256},{extra}}}")).unwrap();
        }
        let aes = jwk(
            r#"{"kty":"oct","k":"-ebuDNsVZ2iJtoZ-akfXTSCt4UO2cruLCsbWlBinggE","alg":"A256GCM","use":"sig"}"#,
        );
        assert!(aes.unwrap_err().message.contains("contradicts"));
    }

    #[test]
    fn a_declared_alg_binds_the_key() {
        let key = generate(KeySpec::Rsa { bits: 2048 }).unwrap();
        let mut ps = key.clone();
        ps.alg = Some("PS256".into());
        assert!(permits(&ps, Alg::PS256, Op::Verify).is_ok());
        let e = permits(&ps, Alg::RS256, Op::Verify).unwrap_err();
        assert!(
            e.message.contains("published for alg \"PS256\" only"),
            "{}",
            e.message
        );
        assert_eq!(jws_algorithms(&ps, Op::Verify).unwrap(), vec![Alg::PS256]);
        assert_eq!(jws_algorithms(&key, Op::Verify).unwrap().len(), 6);
        let mut enc = key.clone();
        enc.alg = Some("RSA-OAEP".into());
        assert!(jws_algorithms(&enc, Op::Verify).is_err());
        let mut ops = key;
        ops.key_ops = Some(vec!["verify".into()]);
        assert!(permits(&ops, Alg::RS256, Op::Verify).is_ok());
        assert!(permits(&ops, Alg::RS256, Op::Sign).is_err());
    }

    #[test]
    fn short_declared_secrets_are_weak_raw_ones_are_not() {
        let short =
            jwk(r#"{"kty":"oct","k":"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHg","alg":"HS256"}"#)
                .unwrap();
        let e = permits(&short, Alg::HS256, Op::Verify).unwrap_err();
        assert!(
            e.message.contains("31-byte secret declared for HS256"),
            "{}",
            e.message
        );
        let mut raw = short.clone();
        raw.alg = None;
        assert!(permits(&raw, Alg::HS256, Op::Verify).is_ok());
    }

    #[test]
    fn roca_fingerprint_is_detected() {
        // The modulus of Project Wycheproof's ROCA test key (json_web_key_test.json, tcId 7).
        let n = crate::jose::b64::decode("AanFpofbj7KjD4Lf-N2hVMKR7yewSyXhhbirIMTGpfYEhZ_lnt5UoK98DnKIgArXGTu3MaW_HhFw16HGaTDUHqPrId7fe4r11CqRw09yBFuW79V8sYIwHdzCaWflUI6auImYbVfoN9_nD5n8N8SY9DwXw7mwZM9wREPXoDPgOoIWl6q_MPsp7n0zs3Z5ZaiQWOOzl1S9OhwAfSiiOwz6efnXEaxuTEtPd7BjSx7NaFka8Dx9U7YqXy2RFj1O9PjyaDGuRh7YXsX3iMUSP_wSyHQg_c_qHRtKUsNSGCT7OZg0hzm2KphtjnayKJvC64vAbROBR4Ubg6Bxg9IQVZ-QYyE").unwrap();
        assert!(roca_fingerprint(&n));
        for _ in 0..4 {
            let key = generate(KeySpec::Rsa { bits: 2048 }).unwrap();
            let Material::Rsa { n, .. } = &key.material else {
                unreachable!()
            };
            assert!(!roca_fingerprint(n));
            assert_eq!(weakness(&key), None);
        }
        // A power of 65537 is one by definition.
        assert!(roca_fingerprint(&65537u64.pow(3).to_be_bytes()));
    }

    /// The grouped reduction gives what the definition gives, prime by prime.
    #[test]
    fn roca_fingerprint_matches_the_test_prime_by_prime() {
        fn by_definition(n: &[u8]) -> bool {
            ROCA_PRIMES.iter().all(|&p| {
                let residue = n
                    .iter()
                    .fold(0u32, |acc, &byte| (acc * 256 + u32::from(byte)) % p);
                in_roca_subgroup(u64::from(residue), p)
            })
        }
        let mut n = vec![0u8; 256];
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        let mut agree_on = [0usize; 2];
        for round in 0..2000 {
            for byte in n.iter_mut() {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                *byte = state.to_be_bytes()[0];
            }
            // Some moduli built to pass the first groups, so that later groups are reached.
            if round % 2 == 0 {
                n[255] = 1;
                n[..255].fill(0);
                n[254] = (round % 251) as u8;
            }
            let got = roca_fingerprint(&n);
            assert_eq!(got, by_definition(&n), "round {round}");
            agree_on[usize::from(got)] += 1;
        }
        assert!(agree_on[0] > 0 && agree_on[1] > 0, "{agree_on:?}");
    }
}
