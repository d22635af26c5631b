//! `Engine::verify` with an HMAC secret (HS256/384/512 allowed), on arbitrary text, and on
//! arbitrary header/claims JSON signed with the same secret (see common/mod.rs for the layout).
#![no_main]

#[path = "../common/mod.rs"]
mod common;

use jwtctl::Alg;
use libfuzzer_sys::fuzz_target;

// Built once, on first use (jws::Signer is not Sync, so a thread-local rather than a OnceLock;
// libFuzzer runs the target on one thread).
thread_local! {
    static FIXTURE: common::Fixture = {
        let key = common::hmac_set().keys.remove(0);
        common::Fixture::new(common::hmac_set, key, Alg::HS256)
    };
}

fuzz_target!(|data: &[u8]| FIXTURE.with(|fixture| fixture.run(data)));
