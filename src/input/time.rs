//! The time grammar shared by `--exp`, `--nbf`, `--iat`, `--now` (`jwtctl sign --help`, TIME) and the
//! duration grammar of `--leeway` and `--max-age`, plus the human forms `decode` prints.
//! Times are Unix seconds (`i64`); nothing here reads the clock: "now" is always passed in.

use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone, Utc};

use crate::error::{Error, Result};

/// 9999-12-31T23:59:59Z: the last second every JOSE library and `date` can show.
pub const MAX_TIME: i64 = 253_402_300_799;
/// 0000-01-01T00:00:00Z.
pub const MIN_TIME: i64 = -62_167_219_200;

const TIME_FORMS: &str = "accepted forms: a duration from now (90s, 15m, 1h30m, 7d, 2w, +1h, -1h), \
an RFC 3339 date-time (2026-01-31T12:00:00Z), a date (2026-01-31, midnight UTC), \
Unix seconds (1767225600) or 'now'";
const DURATION_FORMS: &str = "accepted forms: a number with a unit s, m, h, d or w (30s, 15m, 1h30m, 7d, 2w), or plain seconds (60)";

/// Parses a point in time. Durations are relative to `now`.
pub fn parse_time(text: &str, now: i64) -> Result<i64> {
    let s = text.trim();
    let invalid = || Error::usage(format!("invalid time '{text}'")).with_hint(TIME_FORMS);
    if s.is_empty() {
        return Err(invalid());
    }
    if s == "now" {
        return Ok(now);
    }
    let out_of_range = || {
        Error::usage(format!(
            "time '{text}' is out of range (years 0000 to 9999)"
        ))
    };
    let value = if s.bytes().all(|b| b.is_ascii_digit()) {
        // Only digits: a failure to parse is a number too large for any time.
        s.parse::<i64>().map_err(|_| out_of_range())?
    } else if let Some(seconds) = parse_signed_duration(s) {
        now.checked_add(seconds.ok_or_else(out_of_range)?)
            .ok_or_else(out_of_range)?
    } else if is_date(s) {
        let date = NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| invalid())?;
        date.and_hms_opt(0, 0, 0)
            .ok_or_else(invalid)?
            .and_utc()
            .timestamp()
    } else {
        DateTime::parse_from_rfc3339(s)
            .map_err(|_| invalid())?
            .timestamp()
    };
    if !(MIN_TIME..=MAX_TIME).contains(&value) {
        return Err(out_of_range());
    }
    Ok(value)
}

/// Parses a non-negative length of time in seconds (`--leeway 30s`, `--max-age 1h`).
pub fn parse_duration(text: &str) -> Result<u64> {
    let s = text.trim();
    let invalid = || Error::usage(format!("invalid duration '{text}'")).with_hint(DURATION_FORMS);
    if s.starts_with('-') {
        return Err(Error::usage(format!(
            "duration '{text}' must not be negative"
        )));
    }
    let s = s.strip_prefix('+').unwrap_or(s);
    if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
        return s.parse::<u64>().map_err(|_| invalid());
    }
    match parse_signed_duration(s) {
        Some(Some(seconds)) => u64::try_from(seconds).map_err(|_| invalid()),
        _ => Err(invalid()),
    }
}

/// Parses a duration (the grammar of [`parse_duration`]) that must lie within `min..=max`
/// seconds, for a flag with a range. The error says what is wrong and the range, without the
/// value or the flag (the command-line parser puts those in front): "must be from 0s to 1h".
/// A value too large to count, or negative, is out of range like any other.
pub fn parse_duration_in(text: &str, min: u64, max: u64) -> Result<u64> {
    let range = format!("from {} to {}", format_duration(min), format_duration(max));
    let s = text.trim();
    let (negative, body) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    let value = if !body.is_empty() && body.bytes().all(|b| b.is_ascii_digit()) {
        body.parse::<u64>().ok()
    } else {
        match parse_signed_duration(body) {
            Some(seconds) => seconds.and_then(|n| u64::try_from(n).ok()),
            None => {
                return Err(Error::usage(format!(
                    "not a duration: use a number with a unit s, m, h, d or w (30s, 15m, \
                     1h30m), or plain seconds, {range}"
                )));
            }
        }
    };
    match value {
        Some(v) if !negative && (min..=max).contains(&v) => Ok(v),
        Some(0) if negative && min == 0 => Ok(0),
        _ => Err(Error::usage(format!("must be {range}"))),
    }
}

/// A whole number of seconds in its largest exact unit: "0s", "90s", "5m", "1h", "36500d".
pub fn format_duration(seconds: u64) -> String {
    for (size, unit) in [(604_800, 'w'), (86_400, 'd'), (3_600, 'h'), (60, 'm')] {
        if seconds != 0 && seconds.is_multiple_of(size) {
            return format!("{}{unit}", seconds / size);
        }
    }
    format!("{seconds}s")
}

/// `Some(None)`: looks like a duration but overflows. `None`: not a duration at all.
fn parse_signed_duration(s: &str) -> Option<Option<i64>> {
    let (negative, body) = match s.as_bytes().first()? {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    if body.is_empty() {
        return None;
    }
    let mut total: Option<i64> = Some(0);
    let mut digits = String::new();
    for c in body.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
            continue;
        }
        let unit: i64 = match c {
            's' => 1,
            'm' => 60,
            'h' => 3_600,
            'd' => 86_400,
            'w' => 604_800,
            _ => return None,
        };
        if digits.is_empty() {
            return None;
        }
        let part = digits.parse::<i64>().ok().and_then(|n| n.checked_mul(unit));
        total = match (total, part) {
            (Some(t), Some(p)) => t.checked_add(p),
            _ => None,
        };
        digits.clear();
    }
    if !digits.is_empty() {
        return None; // a trailing number without a unit: "1h30"
    }
    Some(if negative {
        total.and_then(i64::checked_neg)
    } else {
        total
    })
}

fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

/// Which clock `decode` shows date-times in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Zone {
    Utc,
    Local,
    Fixed(FixedOffset),
}

impl std::str::FromStr for Zone {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        match s {
            "utc" | "UTC" => Ok(Zone::Utc),
            "local" => Ok(Zone::Local),
            _ => DateTime::parse_from_rfc3339(&format!("2000-01-01T00:00:00{s}"))
                .map(|d| Zone::Fixed(*d.offset()))
                .map_err(|_| {
                    Error::usage(format!("invalid zone '{s}'"))
                        .with_hint("use utc, local, or an offset such as +02:00 or -05:30")
                }),
        }
    }
}

/// An RFC 3339 date-time in `zone` (`2026-11-23T19:27:04Z`, `2026-11-23T20:27:04+01:00`).
/// Returns `None` for times outside years 0000–9999.
pub fn format_time(ts: i64, zone: Zone) -> Option<String> {
    if !(MIN_TIME..=MAX_TIME).contains(&ts) {
        return None;
    }
    let utc = Utc.timestamp_opt(ts, 0).single()?;
    Some(match zone {
        Zone::Utc => utc.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
        Zone::Local => utc
            .with_timezone(&chrono::Local)
            .format("%Y-%m-%dT%H:%M:%S%:z")
            .to_string(),
        Zone::Fixed(offset) => utc
            .with_timezone(&offset)
            .format("%Y-%m-%dT%H:%M:%S%:z")
            .to_string(),
    })
}

/// "in 14 minutes", "3 days ago", "now": how far `ts` is from `now`, in the largest whole unit.
pub fn relative(ts: i64, now: i64) -> String {
    let diff = i128::from(ts) - i128::from(now);
    if diff == 0 {
        return "now".to_string();
    }
    let amount = human_span(diff.unsigned_abs());
    if diff > 0 {
        format!("in {amount}")
    } else {
        format!("{amount} ago")
    }
}

/// "1 second", "14 minutes", "3 days", "2 years".
pub fn human_span(seconds: u128) -> String {
    const UNITS: [(u128, &str); 5] = [
        (365 * 86_400, "year"),
        (86_400, "day"),
        (3_600, "hour"),
        (60, "minute"),
        (1, "second"),
    ];
    for (size, name) in UNITS {
        if seconds >= size {
            let n = seconds / size;
            return format!("{n} {name}{}", if n == 1 { "" } else { "s" });
        }
    }
    "0 seconds".to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Hint;

    const NOW: i64 = 1_767_225_600; // 2026-01-01T00:00:00Z

    #[test]
    fn durations_from_now() {
        assert_eq!(parse_time("90s", NOW).unwrap(), NOW + 90);
        assert_eq!(parse_time("15m", NOW).unwrap(), NOW + 900);
        assert_eq!(parse_time("1h30m", NOW).unwrap(), NOW + 5_400);
        assert_eq!(parse_time("7d", NOW).unwrap(), NOW + 7 * 86_400);
        assert_eq!(parse_time("2w", NOW).unwrap(), NOW + 14 * 86_400);
        assert_eq!(parse_time("+1h", NOW).unwrap(), NOW + 3_600);
        assert_eq!(parse_time("-1h", NOW).unwrap(), NOW - 3_600);
        assert_eq!(parse_time(" 1d ", NOW).unwrap(), NOW + 86_400);
        assert_eq!(parse_time("now", NOW).unwrap(), NOW);
    }

    #[test]
    fn absolute_forms() {
        assert_eq!(parse_time("1767225600", 0).unwrap(), NOW);
        assert_eq!(parse_time("0", NOW).unwrap(), 0);
        assert_eq!(parse_time("2026-01-01", 0).unwrap(), NOW);
        assert_eq!(parse_time("2026-01-01T00:00:00Z", 0).unwrap(), NOW);
        assert_eq!(parse_time("2026-01-01T01:00:00+01:00", 0).unwrap(), NOW);
        assert_eq!(parse_time("2026-01-01T00:00:00.999Z", 0).unwrap(), NOW);
    }

    #[test]
    fn errors_are_usage_errors_with_the_accepted_forms() {
        for bad in [
            "",
            "1h30",
            "h",
            "5x",
            "--1h",
            "2026-13-01",
            "2026-02-30",
            "yesterday",
            "1.5h",
            "12:00",
            "-",
            "+",
            "1e9",
        ] {
            let e = parse_time(bad, NOW).unwrap_err();
            assert_eq!(e.kind, crate::error::Kind::Usage, "{bad}");
            assert!(
                e.hint
                    .as_ref()
                    .and_then(Hint::text)
                    .unwrap_or("")
                    .contains("1h30m"),
                "{bad}"
            );
        }
    }

    #[test]
    fn overflow_is_an_error_not_a_panic() {
        assert!(parse_time("99999999999999999999s", NOW).is_err());
        assert!(parse_time("9223372036854775807s", NOW).is_err());
        assert!(parse_time("-9223372036854775807w", NOW).is_err());
        assert!(parse_time("99999999999999999999", NOW).is_err());
        assert!(parse_time("253402300800", NOW).is_err());
        assert!(parse_time("10000w", NOW).is_ok());
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("30").unwrap(), 30);
        assert_eq!(parse_duration("30s").unwrap(), 30);
        assert_eq!(parse_duration("1h30m").unwrap(), 5_400);
        assert_eq!(parse_duration("+2m").unwrap(), 120);
        assert!(parse_duration("-1h").is_err());
        assert!(parse_duration("").is_err());
        assert!(parse_duration("1y").is_err());
    }

    #[test]
    fn bounded_durations_name_their_range() {
        assert_eq!(parse_duration_in("30s", 0, 3_600).unwrap(), 30);
        assert_eq!(parse_duration_in("1h", 0, 3_600).unwrap(), 3_600);
        assert_eq!(parse_duration_in("+60", 0, 3_600).unwrap(), 60);
        assert_eq!(parse_duration_in("-0", 0, 3_600).unwrap(), 0);
        for bad in [
            "1h1s",
            "0",
            "-1s",
            "-0",
            "18446744073709551615",
            "18446744073709551616",
            "9999999999999999999",
            "99999999999999999999w",
            "9223372036854775807s",
        ] {
            let e = parse_duration_in(bad, 1, 3_600).unwrap_err();
            assert_eq!(e.kind, crate::error::Kind::Usage);
            assert_eq!(e.message, "must be from 1s to 1h", "{bad}");
        }
        for bad in ["", "1y", "h", "1h30", "--1", "1.5h"] {
            let e = parse_duration_in(bad, 0, 3_600).unwrap_err();
            assert!(e.message.starts_with("not a duration"), "{bad}");
            assert!(e.message.ends_with("from 0s to 1h"), "{bad}");
        }
        assert_eq!(format_duration(0), "0s");
        assert_eq!(format_duration(90), "90s");
        assert_eq!(format_duration(300), "5m");
        assert_eq!(format_duration(36_500 * 86_400), "36500d");
        assert_eq!(format_duration(1_209_600), "2w");
    }

    #[test]
    fn formatting() {
        assert_eq!(format_time(NOW, Zone::Utc).unwrap(), "2026-01-01T00:00:00Z");
        let plus2: Zone = "+02:00".parse().unwrap();
        assert_eq!(
            format_time(NOW, plus2).unwrap(),
            "2026-01-01T02:00:00+02:00"
        );
        assert!(format_time(MAX_TIME + 1, Zone::Utc).is_none());
        assert!("bogus".parse::<Zone>().is_err());
        assert_eq!(relative(NOW + 14 * 60 + 5, NOW), "in 14 minutes");
        assert_eq!(relative(NOW - 3 * 86_400, NOW), "3 days ago");
        assert_eq!(relative(NOW - 1, NOW), "1 second ago");
        assert_eq!(relative(NOW, NOW), "now");
        assert!(relative(i64::MAX, i64::MIN).starts_with("in "));
        assert!(relative(i64::MIN, i64::MAX).ends_with(" years ago"));
    }

    #[test]
    fn formatted_times_parse_back() {
        for ts in [0, 1, NOW, NOW + 12_345, MAX_TIME, MIN_TIME, -1] {
            let text = format_time(ts, Zone::Utc).unwrap();
            assert_eq!(parse_time(&text, 0).unwrap(), ts, "{text}");
        }
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// format -> parse is the identity over the whole supported range.
        #[test]
        fn rfc3339_round_trips(ts in MIN_TIME..=MAX_TIME) {
            let text = format_time(ts, Zone::Utc).unwrap();
            prop_assert_eq!(parse_time(&text, 0).unwrap(), ts);
        }

        /// Bare integers are Unix seconds.
        #[test]
        fn unix_seconds_round_trip(ts in 0..=MAX_TIME) {
            prop_assert_eq!(parse_time(&ts.to_string(), 0).unwrap(), ts);
        }

        /// "1h2m3s"-style durations add up, with + and - signs.
        #[test]
        fn durations_add_up(w in 0i64..50, d in 0i64..400, h in 0i64..48, m in 0i64..120, s in 0i64..120, neg: bool) {
            let text = format!("{}{w}w{d}d{h}h{m}m{s}s", if neg { "-" } else { "+" });
            let seconds = w * 604_800 + d * 86_400 + h * 3_600 + m * 60 + s;
            let now = 1_767_225_600;
            let expected = if neg { now - seconds } else { now + seconds };
            prop_assert_eq!(parse_time(&text, now).unwrap(), expected);
            if !neg {
                prop_assert_eq!(parse_duration(&text).unwrap(), seconds as u64);
            }
        }

        /// Any text at all: an answer or a usage error, never a panic.
        #[test]
        fn any_text_is_handled(text in "\\PC{0,40}", now in any::<i64>()) {
            if let Err(e) = parse_time(&text, now) {
                prop_assert_eq!(e.kind, crate::error::Kind::Usage);
            }
            let _ = parse_duration(&text);
            if let Ok(v) = parse_duration_in(&text, 1, 3_600) {
                prop_assert!((1..=3_600).contains(&v));
            }
        }
    }
}
