//! What `verify`, `verify --batch` and `decrypt` say about a token that failed: the `--json`
//! verdict and the error line, both following from the error's kind (its `--json` code), in
//! one place.

use serde_json::{Map, Value};

use jwtctl::Error;
use jwtctl::present::output::json_document;

use super::Context;

/// The `--json` verdict on a token that failed, `{"valid":false,"error":{"code":...,
/// "message":...}}`, the code the error's kind gives. `None` for failures that are not about
/// the token (an unreadable key file, I/O), which are reported only as errors.
pub fn verdict(e: &Error) -> Option<Map<String, Value>> {
    Some(verdict_with(e.kind.code()?, e))
}

/// The verdict on one line of `verify --batch`, which every line gets: a failure that is not
/// about the token (none is known) is reported as a malformed one rather than left out.
pub fn batch_verdict(e: &Error) -> Map<String, Value> {
    verdict(e).unwrap_or_else(|| verdict_with("malformed", e))
}

fn verdict_with(code: &str, e: &Error) -> Map<String, Value> {
    let mut error = Map::new();
    error.insert("code".into(), Value::from(code));
    error.insert("message".into(), Value::from(e.message.as_str()));
    let mut map = Map::new();
    map.insert("valid".into(), Value::Bool(false));
    map.insert("error".into(), Value::Object(error));
    map
}

/// Reports a token that failed (`verify`, `decrypt`): with `--json`, the verdict on standard
/// output; then the error to return, its code in front as `--json` reports it ("expired: token
/// expired 3 days ago").
pub fn token_failed(ctx: &Context, e: Error, json: bool) -> Error {
    if json && let Some(verdict) = verdict(&e) {
        let document = json_document(
            &Value::Object(verdict),
            ctx.term.stdout_is_terminal(),
            ctx.term.color_stdout,
        );
        if let Err(closed_or_failed) = ctx.term.print(&document) {
            return closed_or_failed;
        }
    }
    lead_with_code(e)
}

fn lead_with_code(mut e: Error) -> Error {
    if let Some(code) = e.kind.code() {
        e.message = format!("{code}: {}", e.message);
    }
    e
}

#[cfg(test)]
mod tests {
    use super::*;
    use jwtctl::error::{Bounded, Kind, Reason};

    fn code_and_message(e: &Error) -> Option<(String, String)> {
        let v = Value::Object(verdict(e)?);
        assert_eq!(v["valid"], Value::Bool(false));
        Some((
            v["error"]["code"].as_str()?.to_string(),
            v["error"]["message"].as_str()?.to_string(),
        ))
    }

    #[test]
    fn a_verdict_per_reason() {
        for reason in Reason::ALL {
            let e = Error::rejected(reason, "why");
            assert_eq!(
                code_and_message(&e),
                Some((reason.code().to_string(), "why".to_string()))
            );
            assert_eq!(lead_with_code(e).message, format!("{}: why", reason.code()));
        }
    }

    #[test]
    fn malformed_tokens_and_limits_have_codes_other_failures_none() {
        let code = |e: Error| code_and_message(&e).map(|(c, _)| c);
        assert_eq!(
            code(Error::malformed("not a JWT")).as_deref(),
            Some("malformed")
        );
        let p2c = Error::too_large(Bounded::Pbes2Iterations, 1_000_000, "p2c");
        assert_eq!(code(p2c).as_deref(), Some("limit_exceeded"));
        let long = Error::too_large(Bounded::Token, 1 << 20, "the token is too long");
        assert_eq!(code(long).as_deref(), Some("malformed"));
        for e in [
            Error::key("cannot read k.pem"),
            Error::io("cannot fetch"),
            Error::usage("no token given"),
            Error::too_large(Bounded::KeySet, 1 << 20, "JWKS is too large"),
        ] {
            assert_eq!(code(e.clone()), None, "{e:?}");
            // Not about the token: the message stays as it is, and --batch still reports it.
            assert_eq!(lead_with_code(e.clone()).message, e.message);
            let line = Value::Object(batch_verdict(&e));
            assert_eq!(line["error"]["code"], "malformed");
        }
        assert_eq!(Error::new(Kind::OutputClosed, "closed").kind.code(), None);
    }
}
