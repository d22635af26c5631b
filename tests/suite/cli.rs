//! Golden command-line cases: every file under tests/cmd is one behaviour, with its arguments,
//! expected stdout, stderr and exit status (trycmd format). Re-bless after an intended change:
//!
//!     TRYCMD=overwrite SNAPSHOTS=overwrite cargo test
//!
//! Cases run from the crate root with the clock fixed at 2026-01-01T00:00:00Z (`--now`, through
//! the wrapper of tests/suite/common; JWTCTL_NOW is emptied so that a developer's own cannot leak in).

use crate::common;

#[test]
fn golden_cases() {
    trycmd::TestCases::new()
        .register_bin("jwtctl", common::jwtctl_with_fixed_clock())
        .env("JWTCTL_NOW", "")
        .env("NO_COLOR", "1")
        // Help is wrapped to COLUMNS when it is set; unset, a pipe gets 100 (max_term_width).
        .env("COLUMNS", "100")
        .case("tests/cmd/*/*.toml")
        .case("tests/cmd/*/*.trycmd");
}
