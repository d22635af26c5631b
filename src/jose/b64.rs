//! base64url as JOSE uses it (RFC 7515 §2): no padding, URL-safe alphabet, canonical.
//! Strict decoding rejects padding, `+`/`/` and non-zero trailing bits, so one value has exactly
//! one encoding and a token cannot be altered without changing its signing input.

use base64::Engine;
use base64::alphabet;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};

const STRICT: GeneralPurpose = GeneralPurpose::new(
    &alphabet::URL_SAFE,
    GeneralPurposeConfig::new()
        .with_encode_padding(false)
        .with_decode_padding_mode(DecodePaddingMode::RequireNone)
        .with_decode_allow_trailing_bits(false),
);

/// Tolerates `=` padding: for showing pasted tokens, never for verifying them.
const LENIENT_URL: GeneralPurpose = GeneralPurpose::new(
    &alphabet::URL_SAFE,
    GeneralPurposeConfig::new()
        .with_encode_padding(false)
        .with_decode_padding_mode(DecodePaddingMode::Indifferent)
        .with_decode_allow_trailing_bits(false),
);

const LENIENT_STD: GeneralPurpose = GeneralPurpose::new(
    &alphabet::STANDARD,
    GeneralPurposeConfig::new()
        .with_encode_padding(true)
        .with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

pub fn encode(bytes: &[u8]) -> String {
    STRICT.encode(bytes)
}

/// Canonical unpadded base64url, or a short reason for the error message.
pub(crate) fn decode(text: &str) -> Result<Vec<u8>, String> {
    STRICT.decode(text).map_err(|e| describe(text, e))
}

/// Either alphabet, padding optional: for secrets given as `b64:DATA`.
pub(crate) fn decode_any(text: &str) -> Result<Vec<u8>, String> {
    let url_like = text.contains('-') || text.contains('_');
    let result = if url_like {
        LENIENT_URL.decode(text.trim_end_matches('='))
    } else {
        LENIENT_STD.decode(text)
    };
    result.map_err(|e| describe(text, e))
}

fn describe(text: &str, e: base64::DecodeError) -> String {
    use base64::DecodeError::*;
    match e {
        InvalidByte(i, b) => {
            let shown = text
                .get(i..)
                .and_then(|rest| rest.chars().next())
                .unwrap_or(char::from(b));
            match shown {
                '=' => "padding '=' is not allowed in base64url".to_string(),
                '+' | '/' => format!(
                    "'{shown}' at offset {i} is standard base64, not base64url (use '-' and '_')"
                ),
                c if crate::text::is_unsafe(c) => format!(
                    "invalid character '{}' at offset {i}",
                    crate::text::escape(&c.to_string())
                ),
                c if c.is_whitespace() => {
                    format!("invalid character {:?} at offset {i}", c)
                }
                c => format!("invalid character '{c}' at offset {i}"),
            }
        }
        InvalidLength(_) => "invalid length for base64url".to_string(),
        InvalidLastSymbol(i, _) => {
            format!("non-canonical base64url: the last character (offset {i}) has unused bits set")
        }
        InvalidPadding => "invalid padding".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        for len in 0..40 {
            let data: Vec<u8> = (0..len).map(|i| (i * 37 + 11) as u8).collect();
            assert_eq!(decode(&encode(&data)).unwrap(), data);
        }
    }

    #[test]
    fn strict_rejects_non_canonical_forms() {
        assert!(decode("eyJhIjoxfQ").is_ok());
        assert!(decode("eyJhIjoxfQ==").unwrap_err().contains("padding"));
        assert!(decode("ab+c").unwrap_err().contains("standard base64"));
        assert!(decode("ab/c").is_err());
        // "QQ" is "A"; "QR" decodes to the same byte with non-zero trailing bits.
        assert_eq!(decode("QQ").unwrap(), b"A");
        assert!(decode("QR").unwrap_err().contains("non-canonical"));
        assert!(decode("Q").is_err());
        assert!(decode("ab c").is_err());
    }

    #[test]
    fn lenient_forms() {
        assert_eq!(decode_any("aGk=").unwrap(), b"hi");
        assert_eq!(decode_any("aGk").unwrap(), b"hi");
        assert_eq!(decode_any("-_8").unwrap(), vec![0xfb, 0xff]);
        assert_eq!(decode_any("+/8=").unwrap(), vec![0xfb, 0xff]);
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn encode_decode_round_trips(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
            prop_assert_eq!(decode(&encode(&bytes)).unwrap(), bytes);
        }

        /// Whatever decodes must be the one canonical encoding of what it decodes to: no
        /// padding, no '+' or '/', no stray trailing bits, so a token has one spelling.
        #[test]
        fn only_canonical_text_decodes(text in "[A-Za-z0-9_+/=-]{0,64}") {
            if let Ok(bytes) = decode(&text) {
                prop_assert_eq!(encode(&bytes), text);
            }
        }

        /// Changing the last character of a canonical encoding's spare bits is rejected.
        #[test]
        fn trailing_bits_must_be_zero(bytes in proptest::collection::vec(any::<u8>(), 1..64)) {
            let text = encode(&bytes);
            if bytes.len() % 3 != 0 {
                const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
                let last = *text.as_bytes().last().unwrap();
                let index = ALPHABET.iter().position(|&c| c == last).unwrap();
                let altered = ALPHABET[index | 1];
                if altered != last {
                    let mut changed = text[..text.len() - 1].to_string();
                    changed.push(altered as char);
                    prop_assert!(decode(&changed).is_err());
                }
            }
        }
    }
}
