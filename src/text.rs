//! Untrusted text made safe to show to a person. Whatever comes from a token, a key, a key set, a
//! server or a request (an `alg`, a `kid`, a claim name, a URL, a path) is shown through
//! [`escape`] (or its variants, which share one implementation), so that no byte from it can
//! drive the terminal: no ESC or CSI to retitle the window, hide or rewrite text, no BEL, no
//! carriage return to overwrite a line, no bidi override to reorder what is read. Those characters
//! are made visible instead (`\x1b`, `\u{9b}`, `\u{202e}`), and an overlong value is shortened
//! with a visible marker (`…(12345 more bytes)`).
//!
//! Printable text, ASCII or not, passes unchanged, and escaping is idempotent: a message may
//! quote already-escaped values and be escaped again as a whole (the output layer does that as a
//! last line of defence) without changing. The price is that a backslash is not escaped, so the
//! four characters `\x1b` in a value look like an escaped ESC; JSON output (`--json`) is exact
//! and never ambiguous.
//!
//! JSON quoted for a person (a `kid` or a claim value in a message, a document on a terminal)
//! goes through [`json_quote`]: the same JSON value, with nothing in it that drives a terminal.
//! The bottom of the layer map: uses nothing of the crate.

use std::borrow::Cow;
use std::fmt::Write as _;

/// The longest an untrusted value quoted in a message, a log line or a table may be, in bytes
/// of escaped text, before it is shortened.
pub const SHOWN_MAX: usize = 200;

/// Whether `c` must never reach a terminal as it is: the C0 and C1 control characters and DEL
/// (ESC, CSI, BEL, CR, ...), and the invisible format characters that reorder or hide text
/// (bidi embeddings, overrides, isolates and marks, zero-width characters, line and paragraph
/// separators, the byte order mark, interlinear annotations and tag characters), and the
/// characters that show as nothing or as blank space where a name is read (the soft hyphen,
/// the combining grapheme joiner, the Hangul fillers, the Mongolian vowel separator, the
/// musical formatting controls), which let `ad\u{ad}min` pass for `admin`.
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{00ad}'
                | '\u{034f}'
                | '\u{061c}'
                | '\u{115f}'..='\u{1160}'
                | '\u{180e}'
                | '\u{200b}'..='\u{200f}'
                | '\u{2028}'..='\u{202e}'
                | '\u{2060}'..='\u{206f}'
                | '\u{3164}'
                | '\u{feff}'
                | '\u{ffa0}'
                | '\u{fff9}'..='\u{fffb}'
                | '\u{1d173}'..='\u{1d17a}'
                | '\u{e0000}'..='\u{e007f}'
        )
}

/// `text` for a one-line message, a log line or a table cell: unsafe characters made visible,
/// and shortened to about [`SHOWN_MAX`] bytes.
pub fn escape(text: &str) -> Cow<'_, str> {
    escape_with(text, SHOWN_MAX, false)
}

/// Like [`escape`], shortened to at most `max` bytes of escaped text (plus the marker).
pub fn escape_max(text: &str, max: usize) -> Cow<'_, str> {
    escape_with(text, max, false)
}

/// Like [`escape`] but never shortened: for whole messages, which quote values already
/// shortened, on their way to the terminal.
pub fn escape_all(text: &str) -> Cow<'_, str> {
    escape_with(text, usize::MAX, false)
}

/// Like [`escape_all`], but keeps line feeds and tabs: for text shown as a block (a payload
/// that is not JSON).
pub fn escape_lines(text: &str) -> Cow<'_, str> {
    escape_with(text, usize::MAX, true)
}

/// The one implementation: every unsafe character becomes `\xNN` (below U+0080) or `\u{N}`;
/// once the output would pass `max` bytes, the rest is replaced by `…(N more bytes)`.
fn escape_with(text: &str, max: usize, keep_lines: bool) -> Cow<'_, str> {
    let keep = |c: char| keep_lines && matches!(c, '\n' | '\t');
    if text.len() <= max && !text.chars().any(|c| is_unsafe(c) && !keep(c)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len().min(max) + 16);
    for (i, c) in text.char_indices() {
        let start = out.len();
        if !is_unsafe(c) || keep(c) {
            out.push(c);
        } else if u32::from(c) < 0x80 {
            let _ = write!(out, "\\x{:02x}", u32::from(c));
        } else {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        }
        if out.len() > max {
            out.truncate(start);
            let rest = text.len() - i;
            let _ = write!(
                out,
                "…({rest} more byte{})",
                if rest == 1 { "" } else { "s" }
            );
            break;
        }
    }
    Cow::Owned(out)
}

/// A JSON string literal for a person to read (see [`json_quote`]).
pub fn json_string(s: &str) -> String {
    json_quote(&serde_json::Value::String(s.to_string()))
}

/// One-line JSON for a person to read, e.g. a value quoted in a message: serde's escaping, plus
/// `\uXXXX` for what [`is_unsafe`] names and JSON allows raw in strings (DEL, the C1
/// controls, bidi overrides...), so it is the same JSON value and nothing in it can drive a
/// terminal.
pub fn json_quote(value: &serde_json::Value) -> String {
    let quoted = serde_json::to_string(value).unwrap_or_default();
    if !quoted.chars().any(is_unsafe) {
        return quoted;
    }
    let mut out = String::with_capacity(quoted.len() + 16);
    for c in quoted.chars() {
        if is_unsafe(c) {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{unit:04x}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_become_visible() {
        assert_eq!(escape("a\u{1b}]0;pwned\u{7}b"), "a\\x1b]0;pwned\\x07b");
        assert_eq!(escape("\u{9b}31m"), "\\u{9b}31m");
        assert_eq!(escape("x\r\ny\t\u{7f}"), "x\\x0d\\x0ay\\x09\\x7f");
        assert_eq!(escape("evil\u{202e}txt.exe"), "evil\\u{202e}txt.exe");
        assert_eq!(escape("\u{e0041}"), "\\u{e0041}");
        // Blank or invisible where a name is read.
        assert_eq!(escape("ad\u{ad}min"), "ad\\u{ad}min");
        for c in [
            '\u{34f}',
            '\u{115f}',
            '\u{180e}',
            '\u{3164}',
            '\u{ffa0}',
            '\u{1d173}',
        ] {
            assert!(is_unsafe(c), "{c:?}");
        }
        assert_eq!(escape_lines("a\nb\tc\u{1b}"), "a\nb\tc\\x1b");
    }

    #[test]
    fn printable_text_passes_unchanged() {
        for text in ["RS256", "kid-1 \\ \"quoted\" é 日本 🦀", "", "a\\x1b"] {
            assert!(matches!(escape(text), Cow::Borrowed(_)), "{text}");
        }
    }

    #[test]
    fn long_values_are_shortened_visibly() {
        let long = "a".repeat(100_000);
        let shown = escape(&long);
        assert!(shown.len() <= SHOWN_MAX + 30, "{}", shown.len());
        assert!(shown.ends_with(&format!("…({} more bytes)", 100_000 - SHOWN_MAX)));
        assert_eq!(escape_max("abcdef", 4), "abcd…(2 more bytes)");
        // An escape is never cut in half.
        assert_eq!(escape_max("ab\u{1b}", 4), "ab…(1 more byte)");
        assert_eq!(escape_all(&long).len(), 100_000);
    }

    #[test]
    fn escaping_twice_changes_nothing() {
        let hostile = "\u{1b}[2J\u{9b}1;1H\u{202e}\u{7}".repeat(50);
        let once = escape(&hostile);
        assert_eq!(escape_all(&once), once);
        assert!(!once.chars().any(is_unsafe));
    }
}
