//! JWE in the JSON serialization (RFC 7516 §7.2), flattened and general with several
//! recipients, next to compact: shared (`unprotected`) and per-recipient (`header`) unprotected
//! headers and `aad`. Decryption finds the recipient the caller's key opens and holds every
//! recipient to the same allow-lists as compact ([`crate::jose::jwe::decrypt`]): strict JSON, no
//! header member in two headers, `zip` and `crit` only protected, a bounded recipient list.

use serde_json::{Map, Value};

use crate::error::{Bounded, Error, Reason, Result};
use crate::input::MAX_RECIPIENTS;
use crate::jose::jwe::{self, DecryptPolicy, Enc, KeyAlg, Recipient, Sealed};
use crate::jose::jws_json::{Form, General, general_entries, joint};
use crate::jose::{b64, json, token};

/// Whether `text` (already cleaned) is a JSON serialization rather than a compact one.
pub fn is_json(text: &str) -> bool {
    text.starts_with('{')
}

/// One recipient of a JWE in JSON serialization.
#[derive(Debug, Clone)]
pub struct JsonRecipient {
    /// The recipient's JOSE header: protected, shared and per-recipient members together.
    pub header: Map<String, Value>,
    pub encrypted_key: Vec<u8>,
}

/// A JWE in JSON serialization, read.
#[derive(Debug, Clone)]
pub struct JsonJwe {
    pub form: Form,
    pub protected_b64: String,
    /// The protected header (empty when there is none).
    pub protected: Map<String, Value>,
    /// The shared unprotected header (`unprotected`).
    pub shared: Map<String, Value>,
    pub recipients: Vec<JsonRecipient>,
    /// The `aad` member as given (base64url).
    pub aad_b64: Option<String>,
    pub iv: Vec<u8>,
    pub ciphertext: Vec<u8>,
    pub tag: Vec<u8>,
}

impl JsonJwe {
    /// The additional authenticated data of the content encryption (RFC 7516 §5.1 step 14).
    fn aad(&self) -> Vec<u8> {
        let mut aad = self.protected_b64.clone().into_bytes();
        if let Some(extra) = &self.aad_b64 {
            aad.push(b'.');
            aad.extend_from_slice(extra.as_bytes());
        }
        aad
    }
}

fn string_member<'a>(doc: &'a Map<String, Value>, name: &str) -> Result<Option<&'a str>> {
    match doc.get(name) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(other) => Err(Error::malformed(format!(
            "{name} must be a string, not {}",
            json::type_name(other)
        ))),
    }
}

fn bytes_member(doc: &Map<String, Value>, name: &str) -> Result<Vec<u8>> {
    match string_member(doc, name)? {
        Some(s) => b64::decode(s).map_err(|why| Error::malformed(format!("{name}: {why}"))),
        None => Ok(Vec::new()),
    }
}

fn object_member(doc: &Map<String, Value>, name: &str) -> Result<Map<String, Value>> {
    match doc.get(name) {
        None => Ok(Map::new()),
        Some(Value::Object(m)) => Ok(m.clone()),
        Some(other) => Err(Error::malformed(format!(
            "{name} must be a JSON object, not {}",
            json::type_name(other)
        ))),
    }
}

/// Reads a JWE in JSON serialization, flattened or general.
pub fn parse_json(text: &str) -> Result<JsonJwe> {
    token::check_len(text)?;
    let doc = json::parse_object(text.as_bytes())
        .map_err(|why| Error::malformed(format!("JWE JSON serialization: {why}")))?;
    if !doc.contains_key("ciphertext") {
        return Err(Error::malformed(
            if doc.contains_key("signature") || doc.contains_key("signatures") {
                "this is a signed token (JWS, JSON serialization), not an encrypted one (JWE)"
            } else {
                "not a JWE: a JSON-serialized JWE has a ciphertext member"
            },
        ));
    }
    let (protected_b64, protected) = match string_member(&doc, "protected")? {
        Some(s) => (s.to_string(), token::decode_header(s)?),
        None => (String::new(), Map::new()),
    };
    let shared = object_member(&doc, "unprotected")?;
    // Each recipient's own header and encrypted key.
    type Entry = (Map<String, Value>, Vec<u8>);
    let (form, entries): (Form, Vec<Entry>) = match doc.get("recipients") {
        Some(list) => {
            let entries = general_entries(
                &doc,
                list,
                &General {
                    token: "JWE",
                    list: "recipients",
                    item: "recipient",
                    top: &["header", "encrypted_key"],
                    max: MAX_RECIPIENTS,
                    empty: "the JWE is for no one",
                },
            )?
            .into_iter()
            .enumerate()
            .map(|(i, r)| {
                Ok((
                    object_member(r, "header").map_err(|e| e.context(format!("recipient {i}")))?,
                    bytes_member(r, "encrypted_key")
                        .map_err(|e| e.context(format!("recipient {i}")))?,
                ))
            })
            .collect::<Result<Vec<_>>>()?;
            (Form::General, entries)
        }
        None => (
            Form::Flattened,
            vec![(
                object_member(&doc, "header")?,
                bytes_member(&doc, "encrypted_key")?,
            )],
        ),
    };
    let common = joint(protected.clone(), &shared)?;
    let mut recipients = Vec::with_capacity(entries.len());
    for (i, (own, encrypted_key)) in entries.into_iter().enumerate() {
        let label = |e: Error| match form {
            Form::General => e.context(format!("recipient {i}")),
            _ => e,
        };
        for member in ["zip", "crit"] {
            if shared.contains_key(member) || own.contains_key(member) {
                return Err(label(Error::malformed(format!(
                    "header: {member} must be in the protected header"
                ))));
            }
        }
        let header = joint(common.clone(), &own).map_err(label)?;
        recipients.push(JsonRecipient {
            header,
            encrypted_key,
        });
    }
    let aad_b64 = match string_member(&doc, "aad")? {
        Some(s) => {
            b64::decode(s).map_err(|why| Error::malformed(format!("aad: {why}")))?;
            Some(s.to_string())
        }
        None => None,
    };
    Ok(JsonJwe {
        form,
        protected_b64,
        protected,
        shared,
        recipients,
        aad_b64,
        iv: bytes_member(&doc, "iv")?,
        ciphertext: bytes_member(&doc, "ciphertext")?,
        tag: bytes_member(&doc, "tag")?,
    })
}

/// A JWE decrypted, in any serialization.
#[derive(Debug, Clone)]
pub struct Opened {
    /// The JOSE header of the recipient that opened it.
    pub header: Map<String, Value>,
    pub plaintext: Vec<u8>,
    pub form: Form,
    /// Which recipient the key opened (0 in compact and flattened ones).
    pub recipient: usize,
    /// The JSON serialization's additional authenticated data, decoded.
    pub aad: Option<Vec<u8>>,
}

/// Decrypts a JWE in any serialization (JSON when it starts with `{`) for `recipient` under
/// `policy`. Of several recipients, those whose `kid` names another key are skipped and the
/// others tried in order; when none opens, a wrong key is the one "cannot decrypt" error.
pub fn decrypt(text: &str, recipient: &Recipient<'_>, policy: &DecryptPolicy) -> Result<Opened> {
    if !is_json(text) {
        let d = jwe::decrypt(text, recipient, policy)?;
        return Ok(Opened {
            header: d.header,
            plaintext: d.plaintext,
            form: Form::Compact,
            recipient: 0,
            aad: None,
        });
    }
    let jwe = parse_json(text)?;
    let aad = jwe.aad();
    let own_kid = match recipient {
        Recipient::Key(key) => key.kid.as_deref(),
        Recipient::Password(_) => None,
    };
    let mut failures = Vec::new();
    let mut other_kids = 0;
    // One recipient may ask for at most MAX_P2C PBES2 iterations; all the recipients a password
    // is tried on together get the same budget, or 64 of them would cost 64 times as much.
    let mut pbes2_spent: u64 = 0;
    for (index, r) in jwe.recipients.iter().enumerate() {
        let kid = r.header.get("kid").and_then(Value::as_str);
        if let (Some(own), Some(kid)) = (own_kid, kid)
            && own != kid
        {
            other_kids += 1;
            continue;
        }
        if let Recipient::Password(_) = recipient
            && let Some(p2c) = r.header.get("p2c").and_then(Value::as_u64)
        {
            pbes2_spent = pbes2_spent.saturating_add(p2c);
            if pbes2_spent > u64::from(jwe::MAX_P2C) {
                return Err(Error::too_large(
                    Bounded::Pbes2Iterations,
                    u64::from(jwe::MAX_P2C),
                    format!(
                        "the PBES2 iteration counts of the recipients tried add up to more than \
                         {} (recipient {index})",
                        jwe::MAX_P2C
                    ),
                ));
            }
        }
        let sealed = Sealed {
            aad: &aad,
            encrypted_key: &r.encrypted_key,
            iv: &jwe.iv,
            ciphertext: &jwe.ciphertext,
            tag: &jwe.tag,
        };
        match jwe::open_for(&r.header, &sealed, recipient, policy) {
            Ok(plaintext) => {
                let aad = jwe.aad_b64.as_deref().and_then(|a| b64::decode(a).ok());
                return Ok(Opened {
                    header: r.header.clone(),
                    plaintext,
                    form: jwe.form,
                    recipient: index,
                    aad,
                });
            }
            Err(e) => failures.push((index, e)),
        }
    }
    let failed = failures
        .iter()
        .position(|(_, e)| e.kind.code() == Some(Reason::DecryptionFailed.code()));
    let unknown = |first: Option<&Error>| {
        let kid = crate::keys::trust::quoted(own_kid.unwrap_or_default());
        let rest = match first {
            Some(e) => format!("; the others: {}", e.message),
            None => String::new(),
        };
        Error::rejected(
            Reason::UnknownKid,
            format!(
                "no recipient of the JWE is for key {kid} ({other_kids} name other keys{rest})"
            ),
        )
    };
    match failed {
        Some(i) => Err(failures.swap_remove(i).1),
        None if other_kids > 0 => Err(unknown(failures.first().map(|(_, e)| e))),
        None if failures.len() > 1 => {
            let parts: Vec<String> = failures
                .iter()
                .take(3)
                .map(|(i, e)| format!("recipient {i}: {}", e.message))
                .collect();
            let count = failures.len();
            let mut first = failures.swap_remove(0).1;
            first.message = format!(
                "none of the {count} recipients can be opened: {}",
                parts.join("; ")
            );
            Err(first)
        }
        None => Err(failures
            .into_iter()
            .next()
            .map(|(_, e)| e)
            .unwrap_or_else(|| unknown(None))),
    }
}

/// One recipient to encrypt to.
pub struct To<'a> {
    pub recipient: Recipient<'a>,
    pub alg: KeyAlg,
    /// Members of its own header besides those the algorithm sets (kid).
    pub header: Map<String, Value>,
}

/// How to write a JWE in JSON serialization.
#[derive(Debug, Clone, Default)]
pub struct Layout {
    /// The shared unprotected header (`unprotected`).
    pub shared: Map<String, Value>,
    /// Additional authenticated data (`aad`).
    pub aad: Option<Vec<u8>>,
}

/// Encrypts `plaintext` to every recipient of `to` with `enc`, as a JSON serialization:
/// flattened (one recipient, whose members are all protected, as in compact) or general (the
/// protected header holds enc and `extra`; each recipient's header its alg, kid, and epk or
/// p2s/p2c). `extra` are protected members (cty, typ).
pub fn encrypt(
    plaintext: &[u8],
    to: &[To<'_>],
    enc: Enc,
    extra: &Map<String, Value>,
    form: Form,
    layout: &Layout,
    p2c: u32,
) -> Result<String> {
    jwe::check_extra(extra)?;
    jwe::check_extra(&layout.shared)?;
    if form != Form::General && to.len() != 1 {
        return Err(Error::usage(format!(
            "{} serialization holds one recipient, not {}",
            form.name(),
            to.len()
        )));
    }
    if form == Form::Compact {
        if !layout.shared.is_empty() || layout.aad.is_some() {
            return Err(Error::usage(
                "compact serialization has no unprotected header and no aad",
            ));
        }
        let mut members = extra.clone();
        members.extend(to[0].header.clone());
        return jwe::encrypt_with(plaintext, &to[0].recipient, to[0].alg, enc, &members, p2c);
    }
    let shared_cek = if to.len() > 1 {
        Some(crate::random::bytes(enc.key_len())?)
    } else {
        None
    };
    let mut protected = Map::new();
    let mut cek = Vec::new();
    let mut written = Vec::with_capacity(to.len());
    for t in to {
        let (mut members, key, encrypted_key) =
            jwe::key_management(&t.recipient, t.alg, enc, p2c, shared_cek.as_deref())?;
        cek = key;
        members.extend(t.header.clone());
        if form == Form::Flattened {
            protected = members;
            protected.extend(extra.clone());
            written.push((Map::new(), encrypted_key));
        } else {
            members.shift_remove("enc");
            written.push((members, encrypted_key));
        }
    }
    if form == Form::General {
        protected.insert("enc".into(), Value::from(enc.name()));
        protected.extend(extra.clone());
    }
    for (own, _) in &written {
        let common =
            joint(protected.clone(), &layout.shared).map_err(|e| Error::usage(e.message))?;
        joint(common, own).map_err(|e| Error::usage(e.message))?;
    }
    let protected_b64 =
        b64::encode(&serde_json::to_vec(&protected).map_err(|e| Error::malformed(e.to_string()))?);
    let aad_b64 = layout.aad.as_deref().map(b64::encode);
    let mut aad = protected_b64.clone().into_bytes();
    if let Some(extra) = &aad_b64 {
        aad.push(b'.');
        aad.extend_from_slice(extra.as_bytes());
    }
    let (iv, ciphertext, tag) = jwe::seal_content(enc, &cek, &aad, plaintext)?;

    let mut doc = Map::new();
    doc.insert("protected".into(), Value::from(protected_b64));
    if !layout.shared.is_empty() {
        doc.insert("unprotected".into(), Value::Object(layout.shared.clone()));
    }
    let entry = |(own, encrypted_key): (Map<String, Value>, Vec<u8>)| {
        let mut e = Map::new();
        if !own.is_empty() {
            e.insert("header".into(), Value::Object(own));
        }
        if !encrypted_key.is_empty() {
            e.insert(
                "encrypted_key".into(),
                Value::from(b64::encode(&encrypted_key)),
            );
        }
        e
    };
    if form == Form::Flattened {
        doc.extend(written.into_iter().flat_map(entry));
    } else {
        let list: Vec<Value> = written
            .into_iter()
            .map(|w| Value::Object(entry(w)))
            .collect();
        doc.insert("recipients".into(), Value::Array(list));
    }
    if let Some(a) = aad_b64 {
        doc.insert("aad".into(), Value::from(a));
    }
    doc.insert("iv".into(), Value::from(b64::encode(&iv)));
    doc.insert("ciphertext".into(), Value::from(b64::encode(&ciphertext)));
    doc.insert("tag".into(), Value::from(b64::encode(&tag)));
    serde_json::to_string(&Value::Object(doc))
        .map_err(|e| Error::malformed(format!("the JWE cannot be serialized: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Key;
    use crate::input::secret::Secret;
    use crate::jose::alg::Alg;
    use crate::keys::generate::{KeySpec, generate};
    use serde_json::json;

    #[test]
    fn pbes2_recipients_share_one_iteration_budget() {
        // Two recipients of 600 000 iterations each: refused before any key derivation.
        let recipient = |p2c: u32| {
            json!({"header": {"alg": "PBES2-HS256+A128KW", "p2s": "AAAAAAAAAAA", "p2c": p2c},
                   "encrypted_key": "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"})
        };
        let doc = json!({
            "protected": b64::encode(br#"{"enc":"A128GCM"}"#),
            "recipients": [recipient(600_000), recipient(600_000)],
            "iv": "AAAAAAAAAAAAAAAA", "ciphertext": "AAAA", "tag": "AAAAAAAAAAAAAAAAAAAAAA"
        });
        let password = Secret::new(b"correct horse".to_vec());
        let start = std::time::Instant::now();
        let e = decrypt(
            &doc.to_string(),
            &Recipient::Password(&password),
            &DecryptPolicy::default(),
        )
        .unwrap_err();
        assert!(
            matches!(
                e.kind,
                crate::error::Kind::TooLarge {
                    what: Bounded::Pbes2Iterations,
                    ..
                }
            ),
            "{e:?}"
        );
        assert!(
            e.message.contains("add up to more than 1000000"),
            "{}",
            e.message
        );
        assert!(start.elapsed().as_secs() < 5);
    }

    fn oct(len: usize, kid: &str) -> Key {
        let mut k = Key::oct(Secret::new(vec![len as u8; len])).unwrap();
        k.kid = Some(kid.to_string());
        k
    }

    #[test]
    fn several_recipients_each_open_the_general_jwe() {
        let a = oct(16, "a");
        let b = oct(32, "b");
        let ec = generate(KeySpec::for_alg(Alg::ES256)).unwrap();
        let to = vec![
            To {
                recipient: Recipient::Key(&a),
                alg: KeyAlg::A128Kw,
                header: [("kid".to_string(), Value::from("a"))]
                    .into_iter()
                    .collect(),
            },
            To {
                recipient: Recipient::Key(&b),
                alg: KeyAlg::A256Kw,
                header: [("kid".to_string(), Value::from("b"))]
                    .into_iter()
                    .collect(),
            },
            To {
                recipient: Recipient::Key(&ec),
                alg: KeyAlg::EcdhEsA128Kw,
                header: Map::new(),
            },
        ];
        let layout = Layout {
            shared: [("jku".to_string(), Value::from("ignored"))]
                .into_iter()
                .collect(),
            aad: Some(b"context".to_vec()),
        };
        let text = encrypt(
            b"hi",
            &to,
            Enc::A128Gcm,
            &Map::new(),
            Form::General,
            &layout,
            1000,
        )
        .unwrap();
        for (key, index) in [(&a, 0), (&b, 1), (&ec, 2)] {
            let opened = decrypt(&text, &Recipient::Key(key), &DecryptPolicy::default()).unwrap();
            assert_eq!(opened.plaintext, b"hi");
            assert_eq!(opened.recipient, index);
            assert_eq!(opened.aad.as_deref(), Some(&b"context"[..]));
        }
        // Changing the aad breaks the tag.
        let tampered = text.replace(&b64::encode(b"context"), &b64::encode(b"contexT"));
        let e = decrypt(&tampered, &Recipient::Key(&a), &DecryptPolicy::default()).unwrap_err();
        assert_eq!(e.kind.code(), Some("decryption_failed"));
        // A key no recipient names.
        let c = oct(16, "c");
        let e = decrypt(&text, &Recipient::Key(&c), &DecryptPolicy::default()).unwrap_err();
        assert_eq!(e.kind.code(), Some("unknown_kid"), "{e:?}");
        assert!(e.message.contains("2 name other keys"), "{e:?}");
        // dir cannot share its key.
        let dir = To {
            recipient: Recipient::Key(&b),
            alg: KeyAlg::Dir,
            header: Map::new(),
        };
        let two = [
            dir,
            To {
                recipient: Recipient::Key(&a),
                alg: KeyAlg::A128Kw,
                header: Map::new(),
            },
        ];
        assert!(
            encrypt(
                b"x",
                &two,
                Enc::A256Gcm,
                &Map::new(),
                Form::General,
                &Layout::default(),
                1000
            )
            .is_err()
        );
    }

    #[test]
    fn malformed_json_jwes_say_why() {
        let p = b64::encode(br#"{"enc":"A128GCM"}"#);
        let cases = [
            (
                r#"{"protected":"e30","recipients":[],"iv":"","ciphertext":"","tag":""}"#
                    .to_string(),
                "recipients is empty",
            ),
            (
                format!(
                    r#"{{"protected":"{p}","unprotected":{{"enc":"A128GCM"}},"header":{{"alg":"A128KW"}},"iv":"","ciphertext":"","tag":""}}"#
                ),
                "in both",
            ),
            (
                format!(
                    r#"{{"protected":"{p}","unprotected":{{"zip":"DEF"}},"header":{{"alg":"A128KW"}},"iv":"","ciphertext":"","tag":""}}"#
                ),
                "zip must be in the protected header",
            ),
            (
                format!(
                    r#"{{"protected":"{p}","header":{{"alg":"A128KW","crit":["x"]}},"iv":"","ciphertext":"","tag":""}}"#
                ),
                "crit must be in the protected header",
            ),
            (
                format!(
                    r#"{{"protected":"{p}","recipients":[{{}}],"header":{{}},"iv":"","ciphertext":"","tag":""}}"#
                ),
                "top-level header",
            ),
            (
                format!(
                    r#"{{"protected":"{p}","header":{{"alg":"A128KW"}},"iv":"","ciphertext":"","ciphertext":"","tag":""}}"#
                ),
                "duplicate",
            ),
            (
                format!(
                    r#"{{"protected":"{p}","header":{{"alg":"A128KW"}},"iv":"","ciphertext":"a+b","tag":""}}"#
                ),
                "ciphertext",
            ),
            (
                r#"{"payload":"e30","signature":""}"#.to_string(),
                "signed token",
            ),
        ];
        for (text, expected) in cases {
            let e = parse_json(&text).unwrap_err();
            assert_eq!(e.kind, crate::error::Kind::Malformed, "{text}");
            assert!(e.message.contains(expected), "{text}: {}", e.message);
        }
        let many: Vec<String> = (0..=MAX_RECIPIENTS).map(|_| "{}".to_string()).collect();
        let text = format!(
            r#"{{"protected":"{p}","recipients":[{}],"iv":"","ciphertext":"","tag":""}}"#,
            many.join(",")
        );
        assert!(parse_json(&text).unwrap_err().message.contains("limit"));
    }

    #[test]
    fn recipients_are_held_to_the_allow_lists() {
        let a = oct(16, "a");
        let to = [To {
            recipient: Recipient::Key(&a),
            alg: KeyAlg::A128Kw,
            header: Map::new(),
        }];
        let text = encrypt(
            b"hi",
            &to,
            Enc::A128Gcm,
            &Map::new(),
            Form::Flattened,
            &Layout::default(),
            1000,
        )
        .unwrap();
        let policy = DecryptPolicy {
            encs: vec![Enc::A256Gcm],
            ..Default::default()
        };
        let e = decrypt(&text, &Recipient::Key(&a), &policy).unwrap_err();
        assert_eq!(e.kind.code(), Some("alg_not_allowed"));
        let policy = DecryptPolicy {
            algs: vec![KeyAlg::A256Kw],
            ..Default::default()
        };
        assert_eq!(
            decrypt(&text, &Recipient::Key(&a), &policy)
                .unwrap_err()
                .kind
                .code(),
            Some("alg_not_allowed")
        );
    }
}
