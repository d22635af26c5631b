//! JWT claim values (RFC 7519 §2, §4.1): NumericDate and the shape of the `aud` claim, read
//! the same way by verification and by decode's findings.

use serde_json::Value;

/// A NumericDate claim as whole seconds, if it is a number in range.
pub(crate) fn numeric_date(value: &Value) -> Option<i64> {
    if let Some(i) = value.as_i64() {
        return Some(i);
    }
    let f = value.as_f64()?;
    (f.is_finite() && f.abs() < 1e15).then(|| f.floor() as i64)
}

/// The audiences of an `aud` claim, which RFC 7519 §4.1.3 makes a string or an array of
/// strings; for any other shape, why it is malformed.
pub(crate) fn audiences(value: &Value) -> Result<Vec<&str>, String> {
    let shape = "it must be a string or an array of strings";
    match value {
        Value::String(a) => Ok(vec![a.as_str()]),
        Value::Array(items) => items
            .iter()
            .map(|item| {
                item.as_str().ok_or_else(|| {
                    format!(
                        "claim aud is an array holding {}: {shape}",
                        crate::jose::json::type_name(item)
                    )
                })
            })
            .collect(),
        other => Err(format!(
            "claim aud is {}: {shape}",
            crate::jose::json::type_name(other)
        )),
    }
}

/// The media type a header's `typ` names (RFC 7515 §4.1.9): `application/` prepended when it has
/// no `/`, compared without regard to case.
fn media_type(typ: &str) -> String {
    let lower = typ.to_ascii_lowercase();
    if lower.contains('/') {
        lower
    } else {
        format!("application/{lower}")
    }
}

/// Whether a header's `typ` names the media type `want` (either as `typ` spells it).
pub(crate) fn typ_is(header_typ: &str, want: &str) -> bool {
    media_type(header_typ) == media_type(want)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn numeric_dates() {
        assert_eq!(numeric_date(&json!(5)), Some(5));
        assert_eq!(numeric_date(&json!(5.9)), Some(5));
        assert_eq!(numeric_date(&json!(1e300)), None);
        assert_eq!(numeric_date(&json!("5")), None);
    }

    #[test]
    fn typ_compares_as_a_media_type() {
        assert!(typ_is("at+jwt", "at+jwt"));
        assert!(typ_is("application/at+jwt", "at+jwt"));
        assert!(typ_is("AT+JWT", "Application/At+Jwt"));
        assert!(!typ_is("jwt", "at+jwt"));
        assert!(!typ_is("text/at+jwt", "at+jwt"));
        assert!(!typ_is("at+jwt ", "at+jwt"));
    }
}
