//! The terminal escaper (`jwtctl::text`) and the JSON rendering for terminals
//! (`text::json_string`, `text::json_quote`): whatever the text, nothing that drives a
//! terminal comes out, the length is bounded, printable text is left alone, escaping twice
//! changes nothing, and what was escaped can be read back.
//!
//! Byte 0 picks the length limit of `text::escape_max` (0..=255); the rest is the text (lossy
//! UTF-8, so every character, including the C1 controls and bidi overrides, is reachable).
#![no_main]

use jwtctl::text::{json_quote, json_string};
use jwtctl::text::{SHOWN_MAX, escape, escape_all, escape_lines, escape_max, is_unsafe};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

/// The longest marker: "…(" + a 20-digit count + " more bytes)".
const MARKER_MAX: usize = 3 + 1 + 20 + 12;

/// Reads escaped text back: `\xNN` and `\u{N}` become the character; a backslash that starts
/// neither is itself. Only meaningful for text that held no backslash before escaping.
fn unescape(shown: &str) -> Option<String> {
    let mut out = String::new();
    let mut rest = shown;
    while let Some(i) = rest.find('\\') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        if let Some(hex) = rest.strip_prefix("\\x").and_then(|r| r.get(..2)) {
            out.push(char::from(u8::from_str_radix(hex, 16).ok()?));
            rest = &rest[4..];
        } else if let Some(body) = rest.strip_prefix("\\u{") {
            let end = body.find('}')?;
            out.push(char::from_u32(u32::from_str_radix(&body[..end], 16).ok()?)?);
            rest = &body[end + 1..];
        } else {
            return None;
        }
    }
    out.push_str(rest);
    Some(out)
}

fuzz_target!(|data: &[u8]| {
    let Some((&limit, rest)) = data.split_first() else {
        return;
    };
    let input = String::from_utf8_lossy(rest);
    let max = usize::from(limit);
    let safe_input = !input.chars().any(is_unsafe);

    let all = escape_all(&input);
    // Nothing that drives a terminal, in any variant.
    for shown in [&escape(&input), &escape_max(&input, max), &all] {
        assert!(!shown.chars().any(is_unsafe), "{shown:?}");
    }
    let lines = escape_lines(&input);
    assert!(
        !lines
            .chars()
            .any(|c| is_unsafe(c) && c != '\n' && c != '\t'),
        "{lines:?}"
    );
    // Bounded: the limit plus the marker.
    assert!(escape(&input).len() <= SHOWN_MAX + MARKER_MAX);
    let short = escape_max(&input, max);
    assert!(short.len() <= max + MARKER_MAX, "{} > {max}", short.len());
    // A shortened value is a prefix of the whole one, followed by the marker.
    if let Some(cut) = short.rfind("…(")
        && (short.ends_with(" more bytes)") || short.ends_with(" more byte)"))
    {
        assert!(all.starts_with(&short[..cut]), "{short:?} / {all:?}");
    } else {
        assert_eq!(short, all);
    }
    // Printable text, ASCII or not, passes unchanged.
    if safe_input {
        assert_eq!(all, input);
        if input.len() <= max {
            assert_eq!(short, input);
        }
    }
    // Idempotent: escaping escaped text changes nothing.
    assert_eq!(escape_all(&all), all);
    assert_eq!(escape_all(&short), short);
    // Round trip, for text without backslashes (a backslash is shown as itself).
    if !input.contains('\\') {
        assert_eq!(unescape(&all).as_deref(), Some(&*input), "{all:?}");
    }
    // JSON for terminals: the same value, nothing unsafe in it.
    let quoted = json_string(&input);
    assert!(!quoted.chars().any(is_unsafe), "{quoted:?}");
    assert_eq!(
        serde_json::from_str::<Value>(&quoted).ok(),
        Some(Value::String(input.to_string()))
    );
    let value = serde_json::json!({ input.to_string(): [input.to_string(), 1] });
    let line = json_quote(&value);
    assert!(!line.chars().any(is_unsafe), "{line:?}");
    assert_eq!(serde_json::from_str::<Value>(&line).ok(), Some(value));
});
