//! The value parsers of the flags whose values are more than a string, and their ranges: a bad
//! value is a usage error from clap, naming the flag and what it accepts.
//!
//! Two kinds of values are still parsed by the commands, on purpose: TIME (--now, --exp, --nbf,
//! --iat), which is relative to a clock known only once the whole line is parsed (--now itself
//! is relative to the system clock, and is named JWTCTL_NOW in errors when it came from there),
//! and KEY=VALUE assignments (-c, --claim, -H). Their errors ("--exp: invalid time 'x'" with
//! the accepted forms as the hint) are not in clap's shape ("invalid value 'x' for '--exp
//! <TIME>': ..." with a usage hint), so moving them here would change what users see.

use jwtctl::input::secret::SecretSpec;

/// Largest --leeway: 1 hour. Clock skew between hosts that keep time is seconds; a leeway of
/// hours would make most access tokens (5 to 60 minutes of life) valid long after they expire.
/// To check a token as of another moment, --now is the tool.
pub const MAX_LEEWAY: u64 = 3_600;
/// Over this --leeway (5 minutes, the largest default skew of the mainstream libraries), a
/// warning says how long expired tokens stay accepted.
pub const LEEWAY_WARNING: u64 = 300;
/// Largest --max-age: 100 years, longer than any token's life.
pub const MAX_MAX_AGE: u64 = 36_500 * 86_400;
/// --timeout: 1 second to 1 hour.
pub const TIMEOUT_RANGE: (u64, u64) = (1, 3_600);
/// --bits: HMAC and JWE secrets of 128 to 8192 bits; RSA moduli are among these too.
pub const BITS_RANGE: (usize, usize) = (128, 8_192);

/// A secret spec (`--secret`, `--passphrase`, `--password`): every string is one (a literal at
/// worst), so this never fails; the secret itself is read when the command needs it.
pub(super) fn parse_secret(s: &str) -> Result<SecretSpec, std::convert::Infallible> {
    Ok(SecretSpec::parse(s))
}

/// `--kid` of `sign` and `encrypt`: a value, or the keyword "thumbprint".
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KidArg {
    /// The key's RFC 7638 thumbprint (SHA-256).
    Thumbprint,
    Named(String),
}

pub(super) fn parse_kid(s: &str) -> Result<KidArg, std::convert::Infallible> {
    Ok(match s {
        "thumbprint" => KidArg::Thumbprint,
        kid => KidArg::Named(kid.to_string()),
    })
}

/// `--jti`: a value, or the keyword "auto" for a random UUID.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JtiArg {
    Auto,
    Named(String),
}

pub(super) fn parse_jti(s: &str) -> Result<JtiArg, std::convert::Infallible> {
    Ok(match s {
        "auto" => JtiArg::Auto,
        jti => JtiArg::Named(jti.to_string()),
    })
}

/// Flag parsers with a range: the message follows clap's "invalid value 'X' for '--flag':".
pub(super) fn parse_timeout(s: &str) -> Result<u64, String> {
    jwtctl::input::time::parse_duration_in(s, TIMEOUT_RANGE.0, TIMEOUT_RANGE.1)
        .map_err(|e| e.message)
}

pub(super) fn parse_leeway(s: &str) -> Result<u64, String> {
    jwtctl::input::time::parse_duration_in(s, 0, MAX_LEEWAY).map_err(|e| e.message)
}

pub(super) fn parse_max_age(s: &str) -> Result<u64, String> {
    jwtctl::input::time::parse_duration_in(s, 0, MAX_MAX_AGE).map_err(|e| e.message)
}

/// A whole number within `min..=max`; anything else (a sign, a fraction, more digits than fit)
/// names the range, with `note` after it.
fn whole_number<T: TryFrom<u64>>(s: &str, min: u64, max: u64, note: &str) -> Result<T, String> {
    let t = s.trim();
    let value = if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) {
        t.parse::<u64>().ok()
    } else {
        None
    };
    value
        .filter(|v| (min..=max).contains(v))
        .and_then(|v| T::try_from(v).ok())
        .ok_or_else(|| format!("must be from {min} to {max}{note}"))
}

pub(super) fn parse_bits(s: &str) -> Result<usize, String> {
    whole_number(
        s,
        BITS_RANGE.0 as u64,
        BITS_RANGE.1 as u64,
        " (RSA: 2048, 3072 or 4096)",
    )
}

pub(super) fn parse_p2c(s: &str) -> Result<u32, String> {
    whole_number(s, 1_000, u64::from(jwtctl::jose::jwe::MAX_P2C), "")
}

pub(super) fn parse_port(s: &str) -> Result<u16, String> {
    whole_number(s, 0, 65_535, " (0 picks a free port)")
}

pub(super) fn parse_alg(s: &str) -> Result<jwtctl::jose::alg::Alg, String> {
    s.parse().map_err(|e: jwtctl::error::Error| e.message)
}

pub(super) fn parse_zone(s: &str) -> Result<jwtctl::input::time::Zone, String> {
    s.parse().map_err(|e: jwtctl::error::Error| e.message)
}

pub(super) fn parse_key_alg(s: &str) -> Result<jwtctl::jose::jwe::KeyAlg, String> {
    jwtctl::jose::jwe::KeyAlg::parse(s).ok_or_else(|| {
        format!(
            "unknown key management algorithm '{s}' (known: {})",
            jwtctl::jose::jwe::KeyAlg::ALL.map(|a| a.name()).join(", ")
        )
    })
}

pub(super) fn parse_enc(s: &str) -> Result<jwtctl::jose::jwe::Enc, String> {
    jwtctl::jose::jwe::Enc::parse(s).ok_or_else(|| {
        format!(
            "unknown content encryption '{s}' (known: {})",
            jwtctl::jose::jwe::Enc::ALL.map(|e| e.name()).join(", ")
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_numbers_name_their_range() {
        assert_eq!(parse_port("0"), Ok(0));
        assert_eq!(parse_port("65535"), Ok(65_535));
        assert_eq!(parse_p2c("1000"), Ok(1_000));
        assert_eq!(parse_bits(" 8192 "), Ok(8_192));
        for bad in [
            "65536",
            "-1",
            "+1",
            "",
            "1.0",
            "99999999999999999999999",
            "0x10",
        ] {
            assert_eq!(
                parse_port(bad),
                Err("must be from 0 to 65535 (0 picks a free port)".to_string()),
                "{bad}"
            );
        }
        assert!(parse_p2c("4294967296").is_err());
        assert!(parse_bits("127").is_err());
        assert!(parse_bits("8193").is_err());
    }

    #[test]
    fn duration_flags_have_ranges() {
        assert_eq!(parse_leeway("1h"), Ok(MAX_LEEWAY));
        assert!(parse_leeway("3601").is_err());
        assert!(parse_leeway("18446744073709551615").is_err());
        assert_eq!(parse_timeout("10s"), Ok(10));
        assert!(parse_timeout("0").is_err());
        assert!(parse_timeout("9999999999999999999").is_err());
        assert_eq!(parse_max_age("36500d"), Ok(MAX_MAX_AGE));
        assert!(parse_max_age("36501d").is_err());
    }
}
