//! The claim and header assignment grammar (`-c KEY=VALUE`, `-c KEY:=JSON`, `-H ...`) and the
//! `--claims` document (a claims object or a `decode --json` envelope), then claim assembly.
#![no_main]

use jwtctl::input::claims::{self, Registered};
use libfuzzer_sys::fuzz_target;
use serde_json::{Map, Value};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut assignments = Vec::new();
    for flag in ["-c", "-H"] {
        if let Ok((key, value)) = claims::parse_assignment(&text, flag) {
            assert!(!key.is_empty());
            assert!(!key.contains('='), "key {key:?} holds '='");
            if let (Value::String(s), false) = (&value, key.ends_with(':')) {
                // KEY=VALUE is printed back by the same rule (a key ending in ':' would print as
                // KEY:=VALUE, the JSON form).
                let again = claims::parse_assignment(&format!("{key}={s}"), flag)
                    .expect("a printed assignment reads back");
                assert_eq!(again, (key.clone(), value.clone()));
            }
            assignments.push((key, value));
        }
    }
    // Each line of the input is an assignment too, as several -c flags would be.
    for line in text.lines().take(64) {
        if let Ok(pair) = claims::parse_assignment(line, "-c") {
            assignments.push(pair);
        }
    }
    let base = claims::parse_base(data, "-").map_or_else(|_| Map::new(), |base| base.claims);
    let registered = Registered {
        iss: Some("https://issuer.example".into()),
        aud: vec!["a".into(), "b".into()],
        exp: Some(1_767_226_500),
        ..Registered::default()
    };
    let assembled = claims::assemble(base, &registered, assignments, 1_767_225_600, false);
    assert!(assembled.contains_key("iat"));
    let _ = claims::non_numeric_times(&assembled);
});
