//! The time grammar (`--exp`, `--nbf`, `--iat`, `--now`), the duration grammar (`--leeway`,
//! `--max-age`, `--timeout`, with their ranges), `--date` zones, and the human forms printed
//! from their results.
#![no_main]

use jwtctl::input::time::{self, MAX_TIME, MIN_TIME, Zone};
use libfuzzer_sys::fuzz_target;

/// Clocks in the range jwtctl accepts (`now` comes from the system clock or `--now`, itself
/// parsed by this grammar); `relative` is also driven with the extremes of i64 below.
const NOWS: [i64; 4] = [1_767_225_600, 0, MAX_TIME, MIN_TIME];

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for now in NOWS {
        if let Ok(ts) = time::parse_time(&text, now) {
            assert!((MIN_TIME..=MAX_TIME).contains(&ts), "{text:?} gave {ts}");
            let formatted = time::format_time(ts, Zone::Utc).expect("an in-range time formats");
            // What decode prints reads back as the same second.
            assert_eq!(
                time::parse_time(&formatted, 0).ok(),
                Some(ts),
                "{formatted}"
            );
            let _ = time::relative(ts, now);
            let _ = time::relative(ts, i64::MIN);
            let _ = time::relative(i64::MAX, ts);
        }
    }
    if let Ok(d) = time::parse_duration(&text) {
        let _ = time::human_span(u128::from(d));
        let _ = time::relative(i64::try_from(d).unwrap_or(i64::MAX), 0);
    }
    // Flag ranges (--leeway, --timeout, --max-age): inside the range, and the range's own
    // spelling of the value reads back the same.
    for (min, max) in [(0, 3_600), (1, 3_600), (0, 36_500 * 86_400)] {
        if let Ok(d) = time::parse_duration_in(&text, min, max) {
            assert!((min..=max).contains(&d), "{text:?} gave {d}");
            let spelled = time::format_duration(d);
            assert_eq!(
                time::parse_duration_in(&spelled, min, max).ok(),
                Some(d),
                "{spelled}"
            );
        }
    }
    if let Ok(zone) = text.parse::<Zone>() {
        if zone != Zone::Local {
            for ts in [0, 1_767_225_600, MAX_TIME, MIN_TIME, MAX_TIME + 1] {
                let _ = time::format_time(ts, zone);
            }
        }
    }
});
