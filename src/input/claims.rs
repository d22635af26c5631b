//! Claims and headers from the command line: the `KEY=VALUE` / `KEY:=JSON` grammar, and the
//! assembly order `sign` promises (base object, registered-claim flags, then `-c`; later wins).

use serde_json::{Map, Value};

use crate::error::{Error, Result};
use crate::jose::json;

/// One `KEY=VALUE` (always a string) or `KEY:=JSON` (any JSON value) assignment.
pub fn parse_assignment(text: &str, flag: &str) -> Result<(String, Value)> {
    let hint = || {
        format!(
            "write {flag} KEY=VALUE for a string, or {flag} KEY:=JSON for a number, boolean, array or object"
        )
    };
    let Some(eq) = text.find('=') else {
        return Err(
            Error::usage(format!("{flag} '{text}': expected KEY=VALUE or KEY:=JSON"))
                .with_hint(hint()),
        );
    };
    let (key, value) = if eq > 0 && text.as_bytes()[eq - 1] == b':' {
        let key = &text[..eq - 1];
        let raw = &text[eq + 1..];
        let value = json::parse(raw.as_bytes()).map_err(|why| {
            Error::usage(format!("{flag} {key}:=...: the value is not JSON ({why})")).with_hint(
                format!("to set a string, write {flag} {key}=VALUE; JSON strings need quotes: {key}:='\"text\"'"),
            )
        })?;
        (key, value)
    } else {
        (&text[..eq], Value::String(text[eq + 1..].to_string()))
    };
    if key.is_empty() {
        return Err(Error::usage(format!("{flag} '{text}': the name is empty")).with_hint(hint()));
    }
    Ok((key.to_string(), value))
}

/// What a `--claims` document turned out to be.
#[derive(Debug, Clone, PartialEq)]
pub struct Base {
    pub claims: Map<String, Value>,
    /// The header of a `decode --json` envelope, when that is what was given.
    pub header: Option<Map<String, Value>>,
}

/// Reads a claims document: a claims object, or a `decode --json` envelope
/// (`{"header":{...},"payload":{...}}`, optionally with `signature`) whose payload is re-signed.
/// `label` names the document in messages.
pub fn parse_base(bytes: &[u8], label: &str) -> Result<Base> {
    let map =
        json::parse_object(bytes).map_err(|why| Error::malformed(format!("{label}: {why}")))?;
    let is_envelope = map.len() <= 3
        && matches!(map.get("header"), Some(Value::Object(_)))
        && matches!(map.get("payload"), Some(Value::Object(_)))
        && map
            .keys()
            .all(|k| matches!(k.as_str(), "header" | "payload" | "signature"));
    if !is_envelope {
        return Ok(Base {
            claims: map,
            header: None,
        });
    }
    let mut map = map;
    let (Some(Value::Object(header)), Some(Value::Object(payload))) =
        (map.remove("header"), map.remove("payload"))
    else {
        return Err(Error::malformed(format!("{label}: not an envelope")));
    };
    Ok(Base {
        claims: payload,
        header: Some(header),
    })
}

/// The registered claims `sign` takes as flags, already resolved to values.
#[derive(Debug, Default, Clone)]
pub struct Registered {
    pub iss: Option<String>,
    pub sub: Option<String>,
    /// One audience is a string; several are an array (RFC 7519 §4.1.3).
    pub aud: Vec<String>,
    pub exp: Option<i64>,
    pub nbf: Option<i64>,
    /// `None` with `default_iat` set means "now".
    pub iat: Option<i64>,
    pub jti: Option<String>,
}

/// Assembles the claims: `base`, then the registered flags, then the `-c` assignments, later
/// winning. `iat` is set to `now` unless given anywhere or `no_iat` is set.
pub fn assemble(
    base: Map<String, Value>,
    registered: &Registered,
    assignments: Vec<(String, Value)>,
    now: i64,
    no_iat: bool,
) -> Map<String, Value> {
    let mut claims = base;
    let mut set = |k: &str, v: Value| {
        claims.insert(k.to_string(), v);
    };
    if let Some(iss) = &registered.iss {
        set("iss", Value::from(iss.as_str()));
    }
    if let Some(sub) = &registered.sub {
        set("sub", Value::from(sub.as_str()));
    }
    match registered.aud.as_slice() {
        [] => {}
        [one] => set("aud", Value::from(one.as_str())),
        many => set(
            "aud",
            Value::Array(many.iter().map(|a| Value::from(a.as_str())).collect()),
        ),
    }
    if let Some(exp) = registered.exp {
        set("exp", Value::from(exp));
    }
    if let Some(nbf) = registered.nbf {
        set("nbf", Value::from(nbf));
    }
    if let Some(iat) = registered.iat {
        set("iat", Value::from(iat));
    }
    if let Some(jti) = &registered.jti {
        set("jti", Value::from(jti.as_str()));
    }
    for (k, v) in assignments {
        set(&k, v);
    }
    if no_iat {
        claims.shift_remove("iat");
    } else if !claims.contains_key("iat") {
        claims.insert("iat".to_string(), Value::from(now));
    }
    claims
}

/// Claims that must be NumericDate but were given as something else (e.g. `-c exp=123`).
pub fn non_numeric_times(claims: &Map<String, Value>) -> Vec<&str> {
    ["exp", "nbf", "iat"]
        .into_iter()
        .filter(|k| claims.get(*k).is_some_and(|v| !v.is_number()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn assignments() {
        assert_eq!(
            parse_assignment("role=admin", "-c").unwrap(),
            ("role".into(), json!("admin"))
        );
        assert_eq!(
            parse_assignment("n=123", "-c").unwrap(),
            ("n".into(), json!("123"))
        );
        assert_eq!(
            parse_assignment("n:=123", "-c").unwrap(),
            ("n".into(), json!(123))
        );
        assert_eq!(
            parse_assignment("roles:=[\"a\",\"b\"]", "-c").unwrap(),
            ("roles".into(), json!(["a", "b"]))
        );
        assert_eq!(
            parse_assignment("url=https://x/?a=b", "-c").unwrap(),
            ("url".into(), json!("https://x/?a=b"))
        );
        assert_eq!(
            parse_assignment("empty=", "-c").unwrap(),
            ("empty".into(), json!(""))
        );
        for bad in [
            "noequals",
            "=x",
            ":=1",
            "n:=abc",
            "n:={\"a\":1,\"a\":2}",
            "n:=",
        ] {
            let e = parse_assignment(bad, "-c").unwrap_err();
            assert_eq!(e.kind, crate::error::Kind::Usage, "{bad}");
        }
    }

    #[test]
    fn assembly_order_and_later_wins() {
        let base = json!({"sub": "base", "x": 1}).as_object().unwrap().clone();
        let reg = Registered {
            sub: Some("flag".into()),
            aud: vec!["a".into()],
            exp: Some(100),
            ..Default::default()
        };
        let claims = assemble(base, &reg, vec![("sub".into(), json!("c"))], 50, false);
        assert_eq!(
            Value::Object(claims),
            json!({"sub": "c", "x": 1, "aud": "a", "exp": 100, "iat": 50})
        );
        let reg = Registered {
            aud: vec!["a".into(), "b".into()],
            ..Default::default()
        };
        let claims = assemble(Map::new(), &reg, vec![], 50, true);
        assert_eq!(Value::Object(claims), json!({"aud": ["a", "b"]}));
    }

    #[test]
    fn envelope_is_recognised() {
        let b = parse_base(
            br#"{"header":{"alg":"HS256","x5t":"q"},"payload":{"a":1},"signature":"s"}"#,
            "-",
        )
        .unwrap();
        assert_eq!(b.claims["a"], 1);
        assert_eq!(b.header.unwrap()["x5t"], "q");
        // An object with a claim called header is just claims.
        let b = parse_base(br#"{"header":{},"payload":{},"sub":"x"}"#, "-").unwrap();
        assert!(b.header.is_none());
        assert!(parse_base(b"[1]", "-").is_err());
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    fn json_value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::from),
            any::<i64>().prop_map(Value::from),
            "\\PC{0,12}".prop_map(Value::from),
        ];
        leaf.prop_recursive(3, 24, 4, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                proptest::collection::btree_map("[a-z]{1,6}", inner, 0..4)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest! {
        /// KEY=VALUE is always the string VALUE, whatever it looks like.
        #[test]
        fn key_equals_value_is_a_string(key in "[A-Za-z_][A-Za-z0-9_.]{0,10}", value in "\\PC{0,30}") {
            let (k, v) = parse_assignment(&format!("{key}={value}"), "-c").unwrap();
            prop_assert_eq!(k, key);
            prop_assert_eq!(v, Value::String(value));
        }

        /// KEY:=JSON is always exactly the JSON value.
        #[test]
        fn key_colon_equals_json_is_the_value(key in "[A-Za-z_][A-Za-z0-9_]{0,10}", value in json_value()) {
            let text = format!("{key}:={}", serde_json::to_string(&value).unwrap());
            let (k, v) = parse_assignment(&text, "-c").unwrap();
            prop_assert_eq!(k, key);
            prop_assert_eq!(v, value);
        }
    }
}
