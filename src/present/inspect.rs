//! What a reviewer would point out in a token, without verifying it: the findings `decode`
//! shows under the header and payload.

use serde_json::{Map, Value};

use crate::input::time;
use crate::jose::jwt::{audiences, numeric_date};
use crate::text::escape;

/// The claims `decode` annotates with a date-time.
pub const TIME_CLAIMS: [&str; 5] = ["exp", "nbf", "iat", "auth_time", "updated_at"];

/// Header parameters that point at keys; verifiers must never fetch or trust them.
const KEY_POINTERS: [&str; 4] = ["jku", "x5u", "jwk", "x5c"];

/// Words in claim names that suggest a secret was put in a token anyone can read.
const SECRET_WORDS: [&str; 10] = [
    "password", "passwd", "secret", "card", "cvv", "ssn", "apikey", "api_key", "private", "pin",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// Something a reviewer must act on.
    Problem,
    /// Worth knowing.
    Note,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub severity: Severity,
    pub text: String,
}

fn problem(text: impl Into<String>) -> Finding {
    Finding {
        severity: Severity::Problem,
        text: text.into(),
    }
}

fn note(text: impl Into<String>) -> Finding {
    Finding {
        severity: Severity::Note,
        text: text.into(),
    }
}

/// "2026-01-01T00:00:00Z, in 14 minutes" for a time claim value, or why it is not a time.
pub fn annotate_time(value: &Value, now: i64, zone: time::Zone) -> String {
    match numeric_date(value) {
        Some(ts) => match time::format_time(ts, zone) {
            Some(date) => format!("{date}, {}", time::relative(ts, now)),
            None => "outside the years 0000-9999".to_string(),
        },
        None => format!(
            "not a NumericDate ({})",
            crate::jose::json::type_name(value)
        ),
    }
}

/// Which kind of token a header belongs to: what its `alg` protects differs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeaderOf {
    /// A JWS: `alg` names the signature (`none` means anyone can forge it).
    Jws,
    /// A JWE: `alg` names the key management; the JWS-only findings do not apply.
    Jwe,
}

/// Findings about a JWS header and claims, relative to `now`.
pub fn findings(
    header: &Map<String, Value>,
    claims: Option<&Map<String, Value>>,
    now: i64,
) -> Vec<Finding> {
    let mut out = Vec::new();
    header_findings(header, HeaderOf::Jws, &mut out);
    if let Some(claims) = claims {
        claim_findings(claims, now, &mut out);
    }
    out
}

/// Findings about a header alone, of a JWS or a JWE.
pub fn header_findings(header: &Map<String, Value>, of: HeaderOf, out: &mut Vec<Finding>) {
    match header.get("alg") {
        Some(Value::String(a)) if of == HeaderOf::Jws && a.eq_ignore_ascii_case("none") => out.push(problem(format!(
            "alg is \"{}\": the token is unsigned and anyone can forge it; jwtctl verify never accepts it",
            escape(a)
        ))),
        Some(Value::String(_)) => {}
        _ => out.push(problem("header has no string alg")),
    }
    for name in KEY_POINTERS {
        if header.contains_key(name) {
            out.push(problem(format!(
                "header carries {name}: a key chosen by the token itself must never be fetched or trusted"
            )));
        }
    }
    if let Some(Value::Object(jwk)) = header.get("jwk") {
        match crate::keys::jwk::from_jwk(jwk) {
            Err(e) => out.push(problem(format!(
                "header jwk is not a usable key: {}",
                e.message
            ))),
            Ok(key) => {
                if let Some(weakness) = crate::keys::trust::weakness(&key) {
                    out.push(problem(format!(
                        "header jwk is weak: {}",
                        weakness.describe()
                    )));
                }
            }
        }
    }
    if let Some(kid) = header.get("kid") {
        match kid.as_str() {
            Some(k) if suspicious_kid(k) => out.push(problem(format!(
                "kid {} looks like a path or an injection attempt",
                escape(&crate::text::json_quote(kid))
            ))),
            Some(_) => {}
            None => out.push(problem("kid is not a string")),
        }
    }
    if let Some(crit) = header.get("crit") {
        out.push(note(format!(
            "crit {}: verifiers must understand these header parameters or reject the token",
            escape(&crate::text::json_quote(crit))
        )));
    }
}

fn suspicious_kid(kid: &str) -> bool {
    kid.len() > 256
        || kid.contains("..")
        || kid.contains('/')
        || kid.contains('\\')
        || kid
            .chars()
            .any(|c| c.is_control() || matches!(c, '\'' | '"' | ';' | '|' | '`' | '$' | '<' | '>'))
        || kid.to_ascii_lowercase().contains(" or ")
}

fn claim_findings(claims: &Map<String, Value>, now: i64, out: &mut Vec<Finding>) {
    let time_of = |name: &str| claims.get(name).and_then(numeric_date);
    for name in TIME_CLAIMS {
        if let Some(v) = claims.get(name)
            && numeric_date(v).is_none()
        {
            out.push(problem(format!(
                "{name} is {}, not a NumericDate (seconds since 1970)",
                crate::jose::json::type_name(v)
            )));
        }
    }
    if let Some(Err(why)) = claims.get("aud").map(audiences) {
        out.push(problem(format!("{why}; verifiers reject the token")));
    }
    match time_of("exp") {
        None if !claims.contains_key("exp") => out.push(problem("no exp: the token never expires")),
        Some(exp) if exp <= now => {
            out.push(problem(format!("expired {}", time::relative(exp, now))))
        }
        _ => {}
    }
    if let (Some(iat), Some(exp)) = (time_of("iat"), time_of("exp")) {
        let life = i128::from(exp) - i128::from(iat);
        if life > 86_400 {
            out.push(note(format!(
                "lifetime of {} (iat to exp) is over a day",
                time::human_span(life.unsigned_abs())
            )));
        } else if life < 0 {
            out.push(problem("exp is before iat"));
        }
    }
    if let Some(nbf) = time_of("nbf")
        && nbf > now
    {
        out.push(problem(format!(
            "not valid before {} ({})",
            time::format_time(nbf, time::Zone::Utc).unwrap_or_default(),
            time::relative(nbf, now)
        )));
    }
    if let Some(iat) = time_of("iat")
        && iat > now
    {
        out.push(problem(format!(
            "issued in the future ({})",
            time::relative(iat, now)
        )));
    }
    let mut secrets = Vec::new();
    secret_like_names(claims, "", &mut secrets, 0);
    for path in secrets {
        out.push(problem(format!(
            "claim {} looks like a secret: anyone holding the token can read it",
            escape(&path)
        )));
    }
}

fn secret_like_names(map: &Map<String, Value>, prefix: &str, out: &mut Vec<String>, depth: usize) {
    if depth > 8 {
        return;
    }
    for (k, v) in map {
        let path = if prefix.is_empty() {
            k.clone()
        } else {
            format!("{prefix}.{k}")
        };
        let lower = k.to_ascii_lowercase();
        let word_match = SECRET_WORDS.iter().any(|w| {
            if *w == "pin" {
                lower == "pin" || lower.ends_with("_pin")
            } else {
                lower.contains(w)
            }
        });
        if word_match {
            out.push(path.clone());
        }
        if let Value::Object(inner) = v {
            secret_like_names(inner, &path, out, depth + 1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn texts(header: Value, claims: Value, now: i64) -> Vec<String> {
        findings(header.as_object().unwrap(), claims.as_object(), now)
            .into_iter()
            .map(|f| f.text)
            .collect()
    }

    #[test]
    fn alg_none_is_an_unsigned_jws_but_says_nothing_of_a_jwe() {
        let header = json!({"alg": "none", "jku": "https://evil.example/keys"});
        let header = header.as_object().unwrap();
        let of = |kind| {
            let mut out = Vec::new();
            header_findings(header, kind, &mut out);
            out.into_iter().map(|f| f.text).collect::<Vec<_>>()
        };
        let jws = of(HeaderOf::Jws);
        assert!(jws.iter().any(|t| t.contains("unsigned")), "{jws:?}");
        let jwe = of(HeaderOf::Jwe);
        assert!(!jwe.iter().any(|t| t.contains("unsigned")), "{jwe:?}");
        // The findings that hold for any header still do.
        assert!(jwe.iter().any(|t| t.contains("jku")), "{jwe:?}");
    }

    #[test]
    fn a_clean_token_has_no_findings() {
        let t = texts(
            json!({"alg":"RS256","typ":"JWT","kid":"abc-1"}),
            json!({"sub":"a","iat":100,"exp":1000}),
            200,
        );
        assert!(t.is_empty(), "{t:?}");
    }

    #[test]
    fn reviewer_findings() {
        let t = texts(
            json!({"alg":"none","jku":"https://evil","kid":"../../dev/null"}),
            json!({"iat":0,"nbf":5000,"user":{"password":"x"},"card_number":"4111"}),
            100,
        );
        let all = t.join("\n");
        for expected in [
            "unsigned",
            "jku",
            "kid \"../../dev/null\"",
            "no exp",
            "not valid before",
            "user.password",
            "card_number",
        ] {
            assert!(all.contains(expected), "{expected} missing in\n{all}");
        }
        let t = texts(json!({"alg":"HS256"}), json!({"iat":0,"exp":"soon"}), 100).join("\n");
        assert!(t.contains("exp is a string"), "{t}");
        let t = texts(json!({"alg":"HS256"}), json!({"iat":0,"exp":90000}), 100).join("\n");
        assert!(t.contains("lifetime of 1 day"), "{t}");
        let t = texts(json!({"alg":"HS256"}), json!({"exp":50}), 100).join("\n");
        assert!(t.contains("expired 50 seconds ago"), "{t}");
        for aud in [json!(["api", 5]), json!(true)] {
            let t = texts(json!({"alg":"HS256"}), json!({"exp":500, "aud": aud}), 100);
            assert!(t.iter().any(|f| f.starts_with("claim aud is ")), "{t:?}");
        }
        let t = texts(
            json!({"alg":"HS256"}),
            json!({"exp":500, "aud":["a","b"]}),
            100,
        );
        assert!(t.is_empty(), "{t:?}");
    }
}
