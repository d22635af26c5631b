//! JSON parsing for untrusted input: duplicate member names are an error (RFC 7519 §4 lets a
//! parser reject them, and two parsers that pick different duplicates disagree on what a token
//! says), and nesting is bounded by serde_json's recursion limit, so depth cannot overflow the stack.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

/// The most levels a document may nest: serde_json's recursion limit of 128 refuses the 128th
/// level, so 127. The SD-JWT processing bounds the claims it builds from disclosures by the
/// same number, so that what it accepts can be read again.
pub(crate) const MAX_DEPTH: usize = 127;

/// Up to this many members, a new member name is checked against the others one by one.
const SCAN_MEMBERS: usize = 8;

/// Parses any JSON value, refusing duplicate member names anywhere in it.
pub fn parse(bytes: &[u8]) -> Result<Value, String> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value = (&mut de)
        .deserialize_any(StrictVisitor { top: true })
        .map_err(describe)?;
    de.end().map_err(describe)?;
    Ok(value)
}

/// Parses a JSON object (a header, a claims set, a JWK).
pub fn parse_object(bytes: &[u8]) -> Result<Map<String, Value>, String> {
    match parse(bytes)? {
        Value::Object(map) => Ok(map),
        other => Err(format!(
            "expected a JSON object, found {}",
            type_name(&other)
        )),
    }
}

pub(crate) fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn describe(e: serde_json::Error) -> String {
    let text = e.to_string();
    if text.starts_with("recursion limit exceeded") {
        format!("JSON nested deeper than {MAX_DEPTH} levels")
    } else {
        format!("invalid JSON: {text}")
    }
}

struct Strict(Value);

impl<'de> Deserialize<'de> for Strict {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer
            .deserialize_any(StrictVisitor { top: false })
            .map(Strict)
    }
}

/// The members a top-level object has room for from the start.
const TOP_MEMBERS: usize = 8;

struct StrictVisitor {
    /// The document itself, not a value nested in it. When it is an object (a header, a claims
    /// set), its map starts with room for [`TOP_MEMBERS`] members: one allocation where growing
    /// from nothing reallocated and rehashed as the members came (`verify --batch`: 1 300 fewer
    /// instructions per token). Nested objects start empty, so a document of many small objects
    /// costs no more memory than before.
    top: bool,
}

impl<'de> Visitor<'de> for StrictVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        serde_json::Number::from_f64(v)
            .map(Value::Number)
            .ok_or_else(|| E::custom("number out of range"))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(Strict(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = if self.top {
            Map::with_capacity(TOP_MEMBERS)
        } else {
            Map::new()
        };
        while let Some(key) = map.next_key::<String>()? {
            // A header or claims set has a handful of members: comparing the new name with
            // each is cheaper than hashing it once more than `insert` will (measured in
            // `verify --batch`); a large object is looked up in its table.
            let duplicate = if object.len() <= SCAN_MEMBERS {
                object.keys().any(|k| *k == key)
            } else {
                object.contains_key(&key)
            };
            if duplicate {
                return Err(de::Error::custom(format!(
                    "duplicate member name {}",
                    crate::text::escape(&crate::text::json_string(&key))
                )));
            }
            let Strict(value) = map.next_value()?;
            object.insert(key, value);
        }
        Ok(Value::Object(object))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_member_order() {
        let map = parse_object(br#"{"z":1,"a":2,"m":{"y":1,"b":2}}"#).unwrap();
        let text = serde_json::to_string(&map).unwrap();
        assert_eq!(text, r#"{"z":1,"a":2,"m":{"y":1,"b":2}}"#);
    }

    #[test]
    fn duplicates_are_refused_at_any_depth() {
        assert!(
            parse_object(br#"{"alg":"HS256","alg":"none"}"#)
                .unwrap_err()
                .contains("duplicate member name \"alg\"")
        );
        assert!(parse(br#"[{"a":{"b":1,"b":2}}]"#).is_err());
    }

    #[test]
    fn duplicates_are_found_in_small_and_large_objects() {
        // Small objects are scanned, large ones looked up: a duplicate is found on either
        // side of the boundary, first or last member, and distinct names never clash.
        for members in [1, SCAN_MEMBERS, SCAN_MEMBERS + 1, SCAN_MEMBERS + 2, 50] {
            let names: Vec<String> = (0..members).map(|i| format!("\"m{i}\":{i}")).collect();
            let distinct = format!("{{{}}}", names.join(","));
            assert_eq!(parse_object(distinct.as_bytes()).unwrap().len(), members);
            for dup in [0, members - 1] {
                let text = format!("{{{},\"m{dup}\":true}}", names.join(","));
                let err = parse_object(text.as_bytes()).unwrap_err();
                assert!(
                    err.contains(&format!("duplicate member name \"m{dup}\"")),
                    "{err}"
                );
            }
        }
        // Names are compared once unescaped: "a" and "aa" differ, "\\u0061" is "a".
        assert!(parse_object(br#"{"a":1,"aa":2,"a\u0000":3}"#).is_ok());
        assert!(parse_object(br#"{"a":1,"\u0061":2}"#).is_err());
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let deep = "[".repeat(100_000) + &"]".repeat(100_000);
        assert!(
            parse(deep.as_bytes())
                .unwrap_err()
                .contains("nested deeper")
        );
        let ok = "[".repeat(100) + &"]".repeat(100);
        assert!(parse(ok.as_bytes()).is_ok());
    }

    #[test]
    fn non_objects_and_trailing_data() {
        assert!(parse_object(b"[1]").unwrap_err().contains("an array"));
        assert!(parse_object(b"{} x").is_err());
        assert!(parse(b"1e400").is_err());
        assert!(parse(b"1.5").is_ok());
    }
}
