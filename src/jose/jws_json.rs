//! Every JWS serialization behind one type: compact (RFC 7515 §7.1), and the JSON serialization
//! (§7.2) flattened and general; detached payloads (Appendix F) and unencoded payloads (RFC 7797,
//! `b64: false`). Reading is as strict as compact: strict JSON (no duplicate members), canonical
//! base64url, a bounded number of signatures, no header member in both the protected and the
//! unprotected header, `b64` only protected and listed in `crit`, one `b64` for all signatures.

use std::borrow::Cow;

use serde_json::{Map, Value};

use crate::error::{Error, Result};
use crate::input::MAX_SIGNATURES;
use crate::jose::jws::Signer;
use crate::jose::token::{self, Payload};
use crate::jose::{b64, json};

/// How a JWS is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// `header.payload.signature` (RFC 7515 §7.1).
    Compact,
    /// One JSON object with one signature (RFC 7515 §7.2.2).
    Flattened,
    /// A JSON object with a `signatures` array (RFC 7515 §7.2.1).
    General,
}

impl Form {
    pub fn name(self) -> &'static str {
        match self {
            Form::Compact => "compact",
            Form::Flattened => "flattened",
            Form::General => "general",
        }
    }
}

/// One signature of a JWS and the headers that go with it. A compact JWS's texts are borrowed
/// from the token (`'a`); a JSON serialization's are owned.
#[derive(Debug, Clone)]
pub struct Signature<'a> {
    /// The protected header as it was given (base64url; empty when there is none): the signing
    /// input starts with it.
    pub protected_b64: Cow<'a, str>,
    /// The JOSE header: the protected and the unprotected header together (no member is in
    /// both).
    pub header: Map<String, Value>,
    /// The unprotected header (JSON serializations only); its members are in `header` too.
    pub unprotected: Map<String, Value>,
    pub signature: Vec<u8>,
    pub signature_b64: Cow<'a, str>,
}

impl Signature<'_> {
    /// The header's `kid` when it is a string.
    pub fn kid(&self) -> Option<&str> {
        self.header.get("kid").and_then(Value::as_str)
    }
}

/// A JWS in any serialization.
#[derive(Debug, Clone)]
pub struct Signed<'a> {
    pub form: Form,
    /// The payload member as it is in the JWS (base64url text, or the payload itself when
    /// unencoded); `None` when it is detached.
    pub payload_member: Option<Cow<'a, [u8]>>,
    /// `b64: false` (RFC 7797): the payload is signed and carried as it is.
    pub unencoded: bool,
    pub signatures: Vec<Signature<'a>>,
}

/// The payload a signature covers, once known.
#[derive(Debug, Clone)]
pub struct Content<'a> {
    /// The payload bytes.
    pub bytes: Vec<u8>,
    /// The payload as the signing input has it (base64url, or the bytes when unencoded).
    pub encoded: Cow<'a, [u8]>,
    /// A compact JWS's `protected.payload` as the token has it, so that its signing input is
    /// not put together again ([`Signed::signing_input`] checks that it is that).
    pub(crate) compact_input: Option<&'a [u8]>,
}

impl Content<'_> {
    pub fn payload(&self) -> Payload {
        Payload::from_bytes(self.bytes.clone())
    }
}

impl<'a> Signed<'a> {
    /// The payload, from the JWS or, when it is detached, from `detached`.
    pub fn content(&self, detached: Option<&[u8]>) -> Result<Content<'a>> {
        match (&self.payload_member, detached) {
            (Some(member), None) => {
                let bytes = if self.unencoded {
                    member.to_vec()
                } else {
                    // A member that is not base64url was refused when the JWS was read.
                    let text = std::str::from_utf8(member).unwrap_or_default();
                    b64::decode(text).map_err(|why| Error::malformed(format!("payload: {why}")))?
                };
                Ok(Content {
                    bytes,
                    encoded: member.clone(),
                    compact_input: None,
                })
            }
            (None, Some(bytes)) => Ok(Content {
                bytes: bytes.to_vec(),
                encoded: Cow::Owned(if self.unencoded {
                    bytes.to_vec()
                } else {
                    b64::encode(bytes).into_bytes()
                }),
                compact_input: None,
            }),
            // A compact JWS whose payload segment is empty: detached content fills it.
            (Some(member), Some(bytes)) if member.is_empty() && self.form == Form::Compact => {
                Signed {
                    payload_member: None,
                    ..self.clone()
                }
                .content(Some(bytes))
            }
            (Some(_), Some(_)) => Err(Error::usage(
                "the JWS carries its own payload, so a detached payload cannot be checked against it",
            )),
            (None, None) => Err(Error::malformed(
                "the payload is detached (RFC 7515 Appendix F): the JWS does not carry it",
            )
            .with_hint("give the payload that was signed")),
        }
    }

    /// The bytes `signature` covers: `protected "." payload`. A compact JWS's are borrowed from
    /// the token, once they are checked to be exactly those bytes.
    pub fn signing_input<'c>(signature: &Signature, content: &'c Content) -> Cow<'c, [u8]> {
        let protected = signature.protected_b64.as_bytes();
        let encoded: &[u8] = &content.encoded;
        if let Some(input) = content.compact_input
            && input.len() == protected.len() + 1 + encoded.len()
            && input.starts_with(protected)
            && input.get(protected.len()) == Some(&b'.')
            && input.ends_with(encoded)
        {
            return Cow::Borrowed(input);
        }
        let mut input = Vec::with_capacity(protected.len() + 1 + encoded.len());
        input.extend_from_slice(protected);
        input.push(b'.');
        input.extend_from_slice(encoded);
        Cow::Owned(input)
    }
}

/// Whether `text` (already cleaned) is a JSON serialization rather than a compact one.
pub fn is_json(text: &str) -> bool {
    text.starts_with('{')
}

/// Reads a JWS in any serialization: JSON when it starts with `{`, compact otherwise.
pub fn parse(text: &str) -> Result<Signed<'static>> {
    if is_json(text) {
        return parse_json(text);
    }
    match token::parse(text)? {
        token::Token::Jws(jws) => from_compact(jws),
        token::Token::Jwe(_) => Err(Error::malformed(
            "this is an encrypted token (JWE, 5 segments), not a signed one (JWS)",
        )),
    }
}

/// A compact JWS as a [`Signed`] with one signature.
pub fn from_compact(jws: token::Jws) -> Result<Signed<'static>> {
    let (protected_b64, payload_b64) = jws
        .signing_input
        .split_once('.')
        .ok_or_else(|| Error::malformed("not a JWS: expected 3 segments"))?;
    compact(
        jws.header,
        jws.signature,
        Cow::Owned(protected_b64.to_string()),
        Cow::Owned(payload_b64.as_bytes().to_vec()),
        Cow::Owned(jws.signature_b64),
    )
}

/// A compact JWS read by [`token::parse_jws_raw`] from `token` as a [`Signed`], with the content
/// its payload segment carries: the payload is decoded once, and not parsed (what verification
/// wants). Its segments and signing input are borrowed from `token`, not copied.
pub(crate) fn from_raw<'a>(
    raw: token::RawJws<'a>,
    token: &'a str,
) -> Result<(Signed<'a>, Content<'a>)> {
    let content = Content {
        bytes: raw.payload,
        encoded: Cow::Borrowed(raw.payload_b64.as_bytes()),
        compact_input: token
            .get(..raw.protected_b64.len() + 1 + raw.payload_b64.len())
            .map(str::as_bytes),
    };
    let signed = compact(
        raw.header,
        raw.signature,
        Cow::Borrowed(raw.protected_b64),
        Cow::Borrowed(raw.payload_b64.as_bytes()),
        Cow::Borrowed(raw.signature_b64),
    )?;
    Ok((signed, content))
}

/// The one signature of a compact JWS, its segments as given; the header's b64/crit rules
/// checked.
fn compact<'a>(
    header: Map<String, Value>,
    signature: Vec<u8>,
    protected_b64: Cow<'a, str>,
    payload_b64: Cow<'a, [u8]>,
    signature_b64: Cow<'a, str>,
) -> Result<Signed<'a>> {
    let unencoded = unencoded(&header, &Map::new())?;
    Ok(Signed {
        form: Form::Compact,
        payload_member: Some(payload_b64),
        unencoded,
        signatures: vec![Signature {
            protected_b64,
            unprotected: Map::new(),
            header,
            signature,
            signature_b64,
        }],
    })
}

/// Reads a JWS in JSON serialization, flattened or general.
pub fn parse_json(text: &str) -> Result<Signed<'static>> {
    token::check_len(text)?;
    let doc = json::parse_object(text.as_bytes())
        .map_err(|why| Error::malformed(format!("JWS JSON serialization: {why}")))?;
    let (form, entries): (Form, Vec<&Map<String, Value>>) = match doc.get("signatures") {
        Some(list) => {
            let entries = general_entries(
                &doc,
                list,
                &General {
                    token: "JWS",
                    list: "signatures",
                    item: "signature",
                    top: &["protected", "header", "signature"],
                    max: MAX_SIGNATURES,
                    empty: "the JWS has no signature to verify",
                },
            )?;
            (Form::General, entries)
        }
        None if doc.contains_key("signature") => (Form::Flattened, vec![&doc]),
        None if doc.contains_key("ciphertext") => {
            return Err(Error::malformed(
                "this is an encrypted token (JWE, JSON serialization), not a signed one (JWS)",
            ));
        }
        None => {
            return Err(Error::malformed(
                "not a JWS: a JSON-serialized JWS has a signatures array (general) or a signature member (flattened)",
            ));
        }
    };
    let signatures = entries
        .iter()
        .enumerate()
        .map(|(i, e)| {
            entry(e).map_err(|err| match form {
                Form::General => err.context(format!("signature {i}")),
                _ => err,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let modes = signatures
        .iter()
        .map(|s| unencoded(&s.header, &s.unprotected))
        .collect::<Result<Vec<bool>>>()?;
    let unencoded = modes.first().copied().unwrap_or(false);
    if modes.iter().any(|m| *m != unencoded) {
        return Err(Error::malformed(
            "the signatures disagree on b64: one JWS has one payload encoding (RFC 7797 §3)",
        ));
    }
    let payload_member = match doc.get("payload") {
        None => None,
        Some(Value::String(s)) => {
            if !unencoded {
                b64::decode(s).map_err(|why| Error::malformed(format!("payload: {why}")))?;
            }
            Some(Cow::Owned(s.as_bytes().to_vec()))
        }
        Some(other) => {
            return Err(Error::malformed(format!(
                "payload must be a string, not {}",
                json::type_name(other)
            )));
        }
    };
    Ok(Signed {
        form,
        payload_member,
        unencoded,
        signatures,
    })
}

/// One signature object: `protected`, `header`, `signature`.
fn entry(e: &Map<String, Value>) -> Result<Signature<'static>> {
    let (protected_b64, protected) = match e.get("protected") {
        None => (String::new(), Map::new()),
        Some(Value::String(s)) => (
            s.clone(),
            token::decode_header(s).map_err(|e| e.context("protected"))?,
        ),
        Some(other) => {
            return Err(Error::malformed(format!(
                "protected must be a string, not {}",
                json::type_name(other)
            )));
        }
    };
    let unprotected = match e.get("header") {
        None => Map::new(),
        Some(Value::Object(m)) => m.clone(),
        Some(other) => {
            return Err(Error::malformed(format!(
                "header must be a JSON object, not {}",
                json::type_name(other)
            )));
        }
    };
    if !e.contains_key("protected") && !e.contains_key("header") {
        return Err(Error::malformed(
            "no header: a signature needs a protected or an unprotected header",
        ));
    }
    let signature_b64 = match e.get("signature") {
        Some(Value::String(s)) => s.clone(),
        Some(other) => {
            return Err(Error::malformed(format!(
                "signature must be a string, not {}",
                json::type_name(other)
            )));
        }
        None => return Err(Error::malformed("no signature member")),
    };
    let signature =
        b64::decode(&signature_b64).map_err(|why| Error::malformed(format!("signature: {why}")))?;
    let header = joint(protected, &unprotected)?;
    Ok(Signature {
        protected_b64: Cow::Owned(protected_b64),
        unprotected,
        header,
        signature,
        signature_b64: Cow::Owned(signature_b64),
    })
}

/// The JOSE header: the union of the protected and unprotected headers, which must not share
/// a member (RFC 7515 §7.2.1, RFC 7516 §7.2.1).
pub(crate) fn joint(
    protected: Map<String, Value>,
    unprotected: &Map<String, Value>,
) -> Result<Map<String, Value>> {
    let mut header = protected;
    for (k, v) in unprotected {
        if header.contains_key(k) {
            return Err(Error::malformed(format!(
                "header member {} is in both the protected and the unprotected header",
                crate::text::json_string(k)
            )));
        }
        header.insert(k.clone(), v.clone());
    }
    Ok(header)
}

/// Whether a signature's header (`header`, the JOSE header, of which `unprotected` is the
/// unprotected part) makes the payload unencoded (RFC 7797): `b64` must be protected, a
/// boolean, and listed in `crit`; `crit` itself must be protected (RFC 7515 §4.1.11).
pub(crate) fn unencoded(
    header: &Map<String, Value>,
    unprotected: &Map<String, Value>,
) -> Result<bool> {
    for member in ["b64", "crit"] {
        if unprotected.contains_key(member) {
            return Err(Error::malformed(format!(
                "header: {member} must be in the protected header"
            )));
        }
    }
    match header.get("b64") {
        None => Ok(false),
        Some(Value::Bool(b64)) => {
            let listed = header
                .get("crit")
                .and_then(Value::as_array)
                .is_some_and(|c| c.iter().any(|m| m == "b64"));
            if !listed {
                return Err(Error::malformed(
                    "header: b64 is used but not listed in crit (RFC 7797 §6)",
                ));
            }
            Ok(!b64)
        }
        Some(other) => Err(Error::malformed(format!(
            "header: b64 must be a boolean, not {}",
            json::type_name(other)
        ))),
    }
}

/// One signature to make: a signer and the headers that go with it.
pub struct Signing<'a> {
    pub signer: &'a Signer,
    /// The protected header, `alg` first.
    pub protected: Map<String, Value>,
    /// The unprotected header (JSON serializations only).
    pub unprotected: Map<String, Value>,
}

/// How to write a JWS.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    pub form: Form,
    /// Leave the payload out (RFC 7515 Appendix F).
    pub detached: bool,
    /// `b64: false` (RFC 7797): sign the payload as it is; listed in `crit`.
    pub unencoded: bool,
}

/// Signs `payload` once per [`Signing`] and writes the JWS in `options.form`.
pub fn sign(payload: &[u8], signings: Vec<Signing<'_>>, options: Options) -> Result<String> {
    let one = signings.len() == 1;
    if options.form != Form::General && !one {
        return Err(Error::usage(format!(
            "{} serialization holds one signature, not {}",
            options.form.name(),
            signings.len()
        ))
        .with_hint("the general JSON serialization holds several"));
    }
    if signings.is_empty() {
        return Err(Error::usage("no key to sign with"));
    }
    if options.form == Form::Compact && signings.iter().any(|s| !s.unprotected.is_empty()) {
        return Err(
            Error::usage("compact serialization has no unprotected header")
                .with_hint("use a JSON serialization (flattened or general)"),
        );
    }
    if options.unencoded && !options.detached {
        if options.form == Form::Compact && payload.contains(&b'.') {
            return Err(Error::usage(
                "an unencoded payload with a '.' cannot be in a compact JWS (RFC 7797 §5.2)",
            )
            .with_hint("detach the payload, or use a JSON serialization"));
        }
        if std::str::from_utf8(payload).is_err() {
            return Err(
                Error::usage("an unencoded payload carried in the JWS must be UTF-8 text")
                    .with_hint("detach the payload, or leave it base64url-encoded"),
            );
        }
    }
    let encoded: Vec<u8> = if options.unencoded {
        payload.to_vec()
    } else {
        b64::encode(payload).into_bytes()
    };
    let mut written = Vec::with_capacity(signings.len());
    for Signing {
        signer,
        mut protected,
        unprotected,
    } in signings
    {
        if options.unencoded {
            if protected.contains_key("b64") || protected.contains_key("crit") {
                return Err(Error::usage(
                    "header members b64 and crit are set by jwtctl for an unencoded payload",
                ));
            }
            protected.insert("b64".into(), Value::Bool(false));
            protected.insert("crit".into(), Value::from(vec!["b64"]));
        }
        if let Some(name) = unprotected.keys().find(|k| protected.contains_key(*k)) {
            return Err(Error::usage(format!(
                "header member {} cannot be in both the protected and the unprotected header",
                crate::text::json_string(name)
            )));
        }
        let header_json = serde_json::to_vec(&protected)
            .map_err(|e| Error::malformed(format!("header cannot be serialized: {e}")))?;
        let protected_b64 = b64::encode(&header_json);
        let mut input = protected_b64.clone().into_bytes();
        input.push(b'.');
        input.extend_from_slice(&encoded);
        let signature = b64::encode(&signer.sign(&input)?);
        written.push((protected_b64, unprotected, signature));
    }
    // Checked above: the payload is text whenever it is carried unencoded.
    let payload_text = String::from_utf8_lossy(&encoded).into_owned();
    if options.form == Form::Compact {
        let (protected_b64, _, signature) = &written[0];
        let payload = if options.detached { "" } else { &payload_text };
        return Ok(format!("{protected_b64}.{payload}.{signature}"));
    }
    let entry = |(protected_b64, unprotected, signature): (String, Map<String, Value>, String)| {
        let mut e = Map::new();
        e.insert("protected".into(), Value::from(protected_b64));
        if !unprotected.is_empty() {
            e.insert("header".into(), Value::Object(unprotected));
        }
        e.insert("signature".into(), Value::from(signature));
        e
    };
    let mut doc = Map::new();
    if !options.detached {
        doc.insert("payload".into(), Value::from(payload_text));
    }
    if options.form == Form::Flattened {
        doc.extend(written.into_iter().flat_map(entry));
    } else {
        let list: Vec<Value> = written
            .into_iter()
            .map(|w| Value::Object(entry(w)))
            .collect();
        doc.insert("signatures".into(), Value::Array(list));
    }
    serde_json::to_string(&Value::Object(doc))
        .map_err(|e| Error::malformed(format!("the JWS cannot be serialized: {e}")))
}

/// What names the parts of a general JSON serialization (RFC 7515 §7.2.1, RFC 7516 §7.2.1),
/// for [`general_entries`].
pub(crate) struct General {
    /// "JWS" or "JWE".
    pub(crate) token: &'static str,
    /// The member that lists the entries: "signatures" or "recipients".
    pub(crate) list: &'static str,
    /// One entry: "signature" or "recipient".
    pub(crate) item: &'static str,
    /// Members that belong in the entries, never beside the list.
    pub(crate) top: &'static [&'static str],
    /// The most entries accepted (the work per token is bounded by it).
    pub(crate) max: usize,
    /// Why an empty list is refused.
    pub(crate) empty: &'static str,
}

/// The entries of a general JSON serialization: `list` must be an array of 1 to `g.max` JSON
/// objects, with none of `g.top` at the top level of `doc` beside it.
pub(crate) fn general_entries<'a>(
    doc: &Map<String, Value>,
    list: &'a Value,
    g: &General,
) -> Result<Vec<&'a Map<String, Value>>> {
    let (token, name) = (g.token, g.list);
    if let Some(m) = g.top.iter().find(|m| doc.contains_key(**m)) {
        return Err(Error::malformed(format!(
            "{token} JSON serialization: a general {token} (with {name}) has no top-level {m} member"
        )));
    }
    let Value::Array(list) = list else {
        return Err(Error::malformed(format!("{name} must be an array")));
    };
    if list.is_empty() {
        return Err(Error::malformed(format!("{name} is empty: {}", g.empty)));
    }
    if list.len() > g.max {
        return Err(Error::malformed(format!(
            "the {token} has {} {name}, over the limit of {}",
            list.len(),
            g.max
        )));
    }
    list.iter()
        .enumerate()
        .map(|(i, e)| {
            e.as_object()
                .ok_or_else(|| Error::malformed(format!("{} {i}: must be a JSON object", g.item)))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Key;
    use crate::input::secret::Secret;
    use crate::jose::alg::Alg;

    /// A compact JWS read for verification: its signing input is the token's own
    /// `protected.payload`, borrowed; a content whose recorded input does not match its parts
    /// (or that has none) gets the input put together from them.
    #[test]
    fn a_compact_signing_input_is_borrowed_only_when_it_is_those_bytes() {
        let token = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhIn0.c2lnbmF0dXJl";
        let raw = token::read(token, |s| token::parse_jws_raw(s).map(Some), |_| None)
            .unwrap()
            .unwrap();
        let (signed, content) = from_raw(raw, token).unwrap();
        let signature = &signed.signatures[0];
        let input = Signed::signing_input(signature, &content);
        assert!(matches!(input, Cow::Borrowed(_)));
        assert_eq!(&*input, b"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhIn0");
        assert_eq!(signature.signature_b64, "c2lnbmF0dXJl");
        assert_eq!(
            signed.payload_member.as_deref(),
            Some(&b"eyJzdWIiOiJhIn0"[..])
        );

        let expected = b"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhIn0".to_vec();
        let wrong: [&[u8]; 4] = [
            b"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhIn1",
            b"eyJhbGciOiJIUzI1NiJ9xeyJzdWIiOiJhIn0",
            b"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhIn0.",
            b"",
        ];
        for recorded in wrong.into_iter().map(Some).chain([None]) {
            let other = Content {
                compact_input: recorded,
                ..content.clone()
            };
            let input = Signed::signing_input(signature, &other);
            assert!(matches!(input, Cow::Owned(_)), "{recorded:?}");
            assert_eq!(*input, expected);
        }
    }

    fn hs256() -> Signer {
        let key = Key::oct(Secret::new(vec![7; 32])).unwrap();
        Signer::new(&key, Alg::HS256).unwrap()
    }

    fn header(alg: &str) -> Map<String, Value> {
        let mut h = Map::new();
        h.insert("alg".into(), Value::from(alg));
        h
    }

    fn signed(form: Form, detached: bool, unencoded: bool, payload: &[u8]) -> String {
        let signer = hs256();
        let signing = Signing {
            signer: &signer,
            protected: header("HS256"),
            unprotected: Map::new(),
        };
        sign(
            payload,
            vec![signing],
            Options {
                form,
                detached,
                unencoded,
            },
        )
        .unwrap()
    }

    #[test]
    fn every_form_reads_back_with_the_same_signing_input() {
        for form in [Form::Compact, Form::Flattened, Form::General] {
            for (detached, unencoded) in [(false, false), (true, false), (true, true)] {
                let text = signed(form, detached, unencoded, b"$.02");
                let jws = parse(&text).unwrap();
                assert_eq!(jws.form, form, "{text}");
                assert_eq!(jws.unencoded, unencoded, "{text}");
                let given = detached.then_some(&b"$.02"[..]);
                let content = jws.content(given).unwrap();
                assert_eq!(content.bytes, b"$.02", "{text}");
                let input = Signed::signing_input(&jws.signatures[0], &content);
                let expected = if unencoded {
                    b"$.02".to_vec()
                } else {
                    b"JC4wMg".to_vec()
                };
                assert!(input.ends_with(&expected), "{text}");
                if detached && form == Form::Compact {
                    // An empty payload segment: empty content, refused by verify unless given.
                    assert!(jws.content(None).unwrap().bytes.is_empty());
                } else if detached {
                    assert!(jws.content(None).is_err());
                }
            }
        }
    }

    #[test]
    fn unencoded_compact_refuses_a_dot_unless_detached() {
        let signer = hs256();
        let make = |detached| {
            sign(
                b"$.02",
                vec![Signing {
                    signer: &signer,
                    protected: header("HS256"),
                    unprotected: Map::new(),
                }],
                Options {
                    form: Form::Compact,
                    detached,
                    unencoded: true,
                },
            )
        };
        assert!(make(false).unwrap_err().message.contains("RFC 7797"));
        assert!(make(true).unwrap().contains(".."));
    }

    #[test]
    fn malformed_json_serializations_say_why() {
        let p = b64::encode(br#"{"alg":"HS256"}"#);
        let b64f = b64::encode(br#"{"alg":"HS256","b64":false}"#);
        let cases = [
            (
                r#"{"payload":"e30","signatures":[]}"#.to_string(),
                "signatures is empty",
            ),
            (r#"{"payload":"e30"}"#.to_string(), "not a JWS"),
            (
                r#"{"payload":"e30","signatures":{}}"#.to_string(),
                "must be an array",
            ),
            (
                r#"{"payload":"e30","signatures":[1]}"#.to_string(),
                "JSON object",
            ),
            (
                format!(r#"{{"payload":"e30","protected":"{p}","signature":"","signature":""}}"#),
                "duplicate",
            ),
            (
                format!(
                    r#"{{"payload":"e30","protected":"{p}","header":{{"alg":"HS256"}},"signature":""}}"#
                ),
                "in both",
            ),
            (
                format!(
                    r#"{{"payload":"e30","signatures":[{{"protected":"{p}","signature":""}}],"signature":""}}"#
                ),
                "top-level signature",
            ),
            (
                r#"{"payload":"e30","signature":""}"#.to_string(),
                "no header",
            ),
            (
                format!(r#"{{"payload":"e30=","protected":"{p}","signature":""}}"#),
                "payload",
            ),
            (
                format!(r#"{{"payload":"e30","protected":"{p}","signature":"a+b"}}"#),
                "signature",
            ),
            (
                format!(r#"{{"payload":"e30","protected":"{b64f}","signature":""}}"#),
                "crit",
            ),
            (
                format!(
                    r#"{{"payload":"e30","protected":"{p}","header":{{"b64":false}},"signature":""}}"#
                ),
                "protected header",
            ),
            (
                format!(
                    r#"{{"payload":"e30","protected":"{p}","header":{{"crit":["b64"]}},"signature":""}}"#
                ),
                "protected header",
            ),
            (
                r#"{"protected":"e30","ciphertext":"","iv":""}"#.to_string(),
                "encrypted",
            ),
            (
                r#"{"payload":"e30","protected":"","signature":""}"#.to_string(),
                "protected: header segment is empty",
            ),
        ];
        for (text, expected) in cases {
            let e = parse(&text).unwrap_err();
            assert_eq!(e.kind, crate::error::Kind::Malformed, "{text}");
            assert!(e.message.contains(expected), "{text}: {}", e.message);
            assert!(!e.message.starts_with(':'), "{text}: {}", e.message);
        }
        let many: Vec<String> = (0..=MAX_SIGNATURES)
            .map(|_| format!(r#"{{"protected":"{p}","signature":""}}"#))
            .collect();
        let text = format!(r#"{{"payload":"e30","signatures":[{}]}}"#, many.join(","));
        assert!(parse(&text).unwrap_err().message.contains("limit"));
    }

    #[test]
    fn signatures_must_agree_on_b64() {
        let plain = b64::encode(br#"{"alg":"HS256"}"#);
        let raw = b64::encode(br#"{"alg":"HS256","b64":false,"crit":["b64"]}"#);
        let text = format!(
            r#"{{"payload":"e30","signatures":[{{"protected":"{plain}","signature":""}},{{"protected":"{raw}","signature":""}}]}}"#
        );
        assert!(parse(&text).unwrap_err().message.contains("disagree"));
    }

    #[test]
    fn general_json_holds_one_signature_per_signer_and_compact_one() {
        let a = hs256();
        let b = hs256();
        let two = || {
            vec![
                Signing {
                    signer: &a,
                    protected: header("HS256"),
                    unprotected: Map::new(),
                },
                Signing {
                    signer: &b,
                    protected: header("HS256"),
                    unprotected: [("kid".to_string(), Value::from("b"))]
                        .into_iter()
                        .collect(),
                },
            ]
        };
        let options = |form| Options {
            form,
            detached: false,
            unencoded: false,
        };
        let text = sign(b"x", two(), options(Form::General)).unwrap();
        let jws = parse(&text).unwrap();
        assert_eq!(jws.signatures.len(), 2);
        assert_eq!(jws.signatures[1].kid(), Some("b"));
        assert!(sign(b"x", two(), options(Form::Compact)).is_err());
        assert!(sign(b"x", two(), options(Form::Flattened)).is_err());
    }
}
