//! Compact serialization (RFC 7515 §7.1, RFC 7516 §7.1): turning pasted text into the parts of
//! a token, strictly. Every segment must be canonical unpadded base64url; the header must be a
//! JSON object without duplicate members; anything else is `malformed` and names the segment.

use serde_json::{Map, Value};

use crate::error::{Bounded, Error, Result};
use crate::input::MAX_TOKEN_LEN;
use crate::jose::b64;
use crate::jose::json;

/// Strips what people paste around a token: whitespace, `Authorization: Bearer `, `Bearer `,
/// and one pair of surrounding quotes (a token copied out of JSON).
pub fn clean(text: &str) -> &str {
    let mut t = text.trim();
    if let Some(rest) = strip_prefix_ignore_case(t, "authorization:") {
        t = rest.trim_start();
    }
    if let Some(rest) = strip_prefix_ignore_case(t, "bearer")
        && rest.starts_with(char::is_whitespace)
    {
        t = rest.trim_start();
    }
    if t.len() >= 2 && t.starts_with('"') && t.ends_with('"') {
        t = t[1..t.len() - 1].trim();
    }
    t
}

fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &text[prefix.len()..])
}

/// The payload of a JWS: a JSON object (a JWT claims set) or other bytes.
#[derive(Debug, Clone, PartialEq)]
pub enum Payload {
    Claims(Map<String, Value>),
    /// Not a JSON object, and why not.
    Other {
        bytes: Vec<u8>,
        why: NotClaims,
    },
}

/// Why a JWS payload is not a JWT claims set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotClaims {
    /// Not JSON at all; the parser's message.
    NotJson(String),
    /// JSON, but not an object: the JSON type it is ("an array", "a string", ...).
    NotObject(&'static str),
}

impl std::fmt::Display for NotClaims {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NotClaims::NotJson(why) => write!(f, "not JSON ({why})"),
            NotClaims::NotObject(type_name) => write!(f, "it is {type_name}, not a JSON object"),
        }
    }
}

impl Payload {
    /// A claims set when the bytes are a JSON object; otherwise the bytes, and why not.
    pub fn from_bytes(bytes: Vec<u8>) -> Payload {
        match json::parse(&bytes) {
            Ok(Value::Object(map)) => Payload::Claims(map),
            Ok(other) => Payload::Other {
                why: NotClaims::NotObject(json::type_name(&other)),
                bytes,
            },
            Err(why) => Payload::Other {
                why: NotClaims::NotJson(why),
                bytes,
            },
        }
    }

    /// The payload as one JSON value, as `--json` output shows it: the claims set; the text of
    /// a payload that is UTF-8; otherwise its base64url form, so no byte is lost or replaced.
    pub fn into_json(self) -> Value {
        match self {
            Payload::Claims(map) => Value::Object(map),
            Payload::Other { bytes, .. } => match String::from_utf8(bytes) {
                Ok(text) => Value::String(text),
                Err(e) => Value::String(b64::encode(e.as_bytes())),
            },
        }
    }
}

/// A parsed JWS in compact form.
#[derive(Debug, Clone)]
pub struct Jws {
    pub header: Map<String, Value>,
    pub payload: Payload,
    pub signature: Vec<u8>,
    /// `base64url(header) "." base64url(payload)`, the bytes the signature covers.
    pub signing_input: String,
    /// The third segment as given.
    pub signature_b64: String,
}

/// A JWE in compact form: only its protected header can be read without a key; the other
/// segments are kept decoded for [`crate::jose::jwe::decrypt`].
#[derive(Debug, Clone)]
pub struct Jwe {
    pub header: Map<String, Value>,
    /// The first segment as given: its ASCII bytes are the additional authenticated data
    /// (RFC 7516 §5.2 step 14).
    pub protected_b64: String,
    pub encrypted_key: Vec<u8>,
    pub iv: Vec<u8>,
    pub ciphertext: Vec<u8>,
    pub tag: Vec<u8>,
}

#[derive(Debug, Clone)]
pub enum Token {
    Jws(Jws),
    Jwe(Jwe),
}

impl Jws {
    /// The header's `alg`, which must be present and a string.
    pub fn alg(&self) -> Result<&str> {
        match self.header.get("alg") {
            Some(Value::String(s)) => Ok(s),
            Some(other) => Err(Error::malformed(format!(
                "header: alg must be a string, not {}",
                json::type_name(other)
            ))),
            None => Err(Error::malformed("header: no alg member")),
        }
    }

    /// The header's `kid` when it is a string.
    pub fn kid(&self) -> Option<&str> {
        self.header.get("kid").and_then(Value::as_str)
    }

    /// The claims set, or a `malformed` error saying why the payload is not one.
    pub fn claims(&self) -> Result<&Map<String, Value>> {
        match &self.payload {
            Payload::Claims(map) => Ok(map),
            Payload::Other { why, .. } => Err(Error::malformed(format!(
                "payload is not a JWT claims set: {why}"
            ))),
        }
    }
}

/// Parses a token (already [`clean`]ed): three segments for a JWS, five for a JWE.
pub fn parse(text: &str) -> Result<Token> {
    read(
        text,
        |segments| parse_jws(segments).map(Token::Jws),
        Token::Jwe,
    )
}

/// Reads a compact token (already [`clean`]ed) with the checks and messages every reader
/// shares (empty, over the limit, the count of segments, line breaks): `jws` reads the three
/// segments of a JWS, and five are read as a JWE and given to `jwe`.
pub(crate) fn read<'a, T>(
    text: &'a str,
    jws: impl FnOnce(&[&'a str]) -> Result<T>,
    jwe: impl FnOnce(Jwe) -> T,
) -> Result<T> {
    if text.is_empty() {
        return Err(Error::malformed("the token is empty"));
    }
    check_len(text)?;
    // The first five segments, and how many there are (no allocation: this runs per token).
    let mut segments = [""; 5];
    let mut count = 0usize;
    for segment in text.split('.') {
        if let Some(slot) = segments.get_mut(count) {
            *slot = segment;
        }
        count += 1;
    }
    let parsed = match count {
        3 => jws(&segments[..3]),
        5 => jwe_from_segments(&segments).map(jwe),
        n => Err(Error::malformed(format!(
            "not a JWT: {n} segment{} separated by '.', expected 3 (JWS) or 5 (JWE)",
            if n == 1 { "" } else { "s" }
        ))
        .with_hint("a JWT looks like xxxxx.yyyyy.zzzzz; check that the whole token was copied")),
    };
    // A line break can only be part of an unencoded payload (RFC 7797); in a token that does
    // not read, it says more than the segment it broke (two tokens pasted one under the other
    // read as five segments). It is looked for only then: searching every token for one was
    // a tenth of a batch's own work per token.
    match parsed {
        Err(e) => match text.find(['\n', '\r']) {
            Some(at) => {
                let lines = text.lines().filter(|l| !l.trim().is_empty()).count();
                Err(Error::malformed(if lines > 1 {
                    format!("the input holds {lines} lines: one token was expected")
                } else {
                    format!("the token holds a line break at offset {at}")
                })
                .with_hint("give one token, on one line"))
            }
            None => Err(e),
        },
        parsed => parsed,
    }
}

pub(crate) fn check_len(text: &str) -> Result<()> {
    if text.len() > MAX_TOKEN_LEN {
        return Err(Error::too_large(
            Bounded::Token,
            MAX_TOKEN_LEN as u64,
            format!(
                "the token is {} bytes, over the limit of {MAX_TOKEN_LEN} bytes (1 MiB)",
                text.len()
            ),
        ));
    }
    Ok(())
}

/// Like [`parse`], but tolerates `=` padding at the end of segments, as `decode` does for
/// pasted tokens. Returns a note when padding was removed: strict verifiers reject such tokens.
pub fn parse_lenient(text: &str) -> Result<(Token, Option<String>)> {
    match parse(text) {
        Ok(token) => Ok((token, None)),
        Err(strict) => {
            if !text.contains('=') || text.len() > MAX_TOKEN_LEN {
                return Err(strict);
            }
            let unpadded: Vec<&str> = text.split('.').map(|s| s.trim_end_matches('=')).collect();
            match parse(&unpadded.join(".")) {
                Ok(token) => Ok((
                    token,
                    Some(
                        "segments carry base64 '=' padding, which JWS forbids: verifiers (jwtctl verify too) reject this token"
                            .to_string(),
                    ),
                )),
                Err(_) => Err(strict),
            }
        }
    }
}

/// A compact JWS read up to the bytes of its payload, which are not parsed as JSON: what
/// verification needs before it knows whether the signature holds (it reads the claims once,
/// after). The segments are borrowed from the token.
pub(crate) struct RawJws<'a> {
    pub header: Map<String, Value>,
    /// The payload's bytes: decoded, or the segment itself when unencoded (RFC 7797).
    pub payload: Vec<u8>,
    pub signature: Vec<u8>,
    pub protected_b64: &'a str,
    /// The payload segment as given (the signing input's second part).
    pub payload_b64: &'a str,
    pub signature_b64: &'a str,
}

/// Reads the three segments of a JWS without parsing its payload.
pub(crate) fn parse_jws_raw<'a>(segments: &[&'a str]) -> Result<RawJws<'a>> {
    let [h, p, s] = segments else {
        return Err(Error::malformed("not a JWS: expected 3 segments"));
    };
    let header = decode_header(h)?;
    // An unencoded payload (RFC 7797, `b64: false`) is the segment itself; the rules that go
    // with it (b64 listed in crit) are checked where the JWS is verified (jose::jws_json).
    let payload = if header.get("b64") == Some(&Value::Bool(false)) {
        p.as_bytes().to_vec()
    } else {
        segment(p, "payload")?
    };
    let signature = segment(s, "signature")?;
    Ok(RawJws {
        header,
        payload,
        signature,
        protected_b64: h,
        payload_b64: p,
        signature_b64: s,
    })
}

/// Parses a JWS, its payload read as a claims set when it is one.
fn parse_jws(segments: &[&str]) -> Result<Jws> {
    let raw = parse_jws_raw(segments)?;
    let mut signing_input =
        String::with_capacity(raw.protected_b64.len() + 1 + raw.payload_b64.len());
    signing_input.push_str(raw.protected_b64);
    signing_input.push('.');
    signing_input.push_str(raw.payload_b64);
    Ok(Jws {
        header: raw.header,
        payload: Payload::from_bytes(raw.payload),
        signature: raw.signature,
        signing_input,
        signature_b64: raw.signature_b64.to_string(),
    })
}

/// Parses a token that must be a JWE (`decrypt`'s input), with a message that says so when it
/// is not.
pub(crate) fn parse_jwe(text: &str) -> Result<Jwe> {
    check_len(text)?;
    let segments: Vec<&str> = text.split('.').collect();
    if segments.len() != 5 {
        return Err(Error::malformed(format!(
            "not a JWE: {} segments separated by '.', expected 5",
            segments.len()
        )));
    }
    jwe_from_segments(&segments)
}

fn jwe_from_segments(segments: &[&str]) -> Result<Jwe> {
    let [h, k, i, c, t] = segments else {
        return Err(Error::malformed("not a JWE: expected 5 segments"));
    };
    Ok(Jwe {
        header: decode_header(h)?,
        protected_b64: (*h).to_string(),
        encrypted_key: segment(k, "encrypted key")?,
        iv: segment(i, "initialization vector")?,
        ciphertext: segment(c, "ciphertext")?,
        tag: segment(t, "authentication tag")?,
    })
}

pub(crate) fn decode_header(text: &str) -> Result<Map<String, Value>> {
    let bytes = segment(text, "header")?;
    if bytes.is_empty() {
        return Err(Error::malformed("header segment is empty"));
    }
    json::parse_object(&bytes).map_err(|why| Error::malformed(format!("header: {why}")))
}

fn segment(text: &str, name: &str) -> Result<Vec<u8>> {
    b64::decode(text).map_err(|why| Error::malformed(format!("{name} segment: {why}")))
}

/// Builds a compact JWS from its JSON header, payload bytes and a signing function.
pub fn assemble(
    header: &Map<String, Value>,
    payload: &[u8],
    sign: impl FnOnce(&[u8]) -> Result<Vec<u8>>,
) -> Result<String> {
    let header_json = serde_json::to_vec(header)
        .map_err(|e| Error::malformed(format!("header cannot be serialized: {e}")))?;
    let mut token = b64::encode(&header_json);
    token.push('.');
    token.push_str(&b64::encode(payload));
    let signature = sign(token.as_bytes())?;
    token.push('.');
    token.push_str(&b64::encode(&signature));
    Ok(token)
}

#[cfg(test)]
mod tests {
    use super::*;

    const T: &str = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln";

    #[test]
    fn clean_strips_what_people_paste() {
        for raw in [
            T.to_string(),
            format!("  {T}\n"),
            format!("Bearer {T}"),
            format!("bearer\t{T}"),
            format!("Authorization: Bearer {T}"),
            format!("authorization:bearer {T}"),
            format!("\"{T}\""),
        ] {
            assert_eq!(clean(&raw), T, "{raw:?}");
        }
        // "Bearer" glued to the token is not a prefix.
        assert_eq!(clean("BearerX"), "BearerX");
    }

    #[test]
    fn parses_a_jws() {
        let Token::Jws(jws) = parse(T).unwrap() else {
            panic!("not a JWS")
        };
        assert_eq!(jws.alg().unwrap(), "HS256");
        assert_eq!(jws.claims().unwrap()["sub"], "a");
        assert_eq!(jws.signature, b"sig");
        assert_eq!(jws.signing_input, "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhIn0");
    }

    #[test]
    fn malformed_tokens_name_the_segment() {
        let cases = [
            ("", "empty"),
            ("abc", "1 segment"),
            ("a.b", "2 segments"),
            ("a.b.c.d", "4 segments"),
            // Two tokens pasted one under the other read as five segments: said as lines.
            (
                "eyJhbGciOiJIUzI1NiJ9.e30.c2ln\neyJhbGciOiJIUzI1NiJ9.e30.c2ln",
                "2 lines",
            ),
            ("eyJhbGciOiJIUzI1NiJ9.e30\r.c2ln", "line break at offset 24"),
            ("eyJhbGciOiJIUzI1NiJ9=.e30.", "header segment"),
            ("eyJhbGciOiJIUzI1NiJ9.e30=.", "payload segment"),
            ("eyJhbGciOiJIUzI1NiJ9.e30.a+b", "signature segment"),
            ("bm90IGpzb24.e30.", "header: "),
            ("W10.e30.", "header: expected a JSON object"),
            ("eyJhbGciOiJIUzI1NiIsImFsZyI6Im5vbmUifQ.e30.", "duplicate"),
        ];
        for (token, expected) in cases {
            let err = parse(token).unwrap_err();
            assert_eq!(err.kind, crate::error::Kind::Malformed, "{token}");
            assert!(err.message.contains(expected), "{token}: {}", err.message);
        }
    }

    #[test]
    fn oversized_tokens_are_refused_before_decoding() {
        let big = "a".repeat(MAX_TOKEN_LEN + 1);
        let e = parse(&big).unwrap_err();
        assert!(e.message.contains("1 MiB"));
        assert_eq!(
            e.kind,
            crate::error::Kind::TooLarge {
                what: Bounded::Token,
                limit: MAX_TOKEN_LEN as u64
            }
        );
        // Reported by --json as a malformed token, as before the limit was a kind of its own.
        assert_eq!(e.kind.code(), Some("malformed"));
    }

    #[test]
    fn non_json_payload_is_kept_as_bytes() {
        let t = format!(
            "eyJhbGciOiJIUzI1NiJ9.{}.",
            crate::jose::b64::encode(b"hello")
        );
        let Token::Jws(jws) = parse(&t).unwrap() else {
            panic!()
        };
        assert!(matches!(jws.payload, Payload::Other { .. }));
        assert!(jws.claims().is_err());
    }
}
