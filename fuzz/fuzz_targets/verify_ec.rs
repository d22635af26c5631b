//! `Engine::verify` with the EC P-256 public key fixture (ES256 allowed), on arbitrary text,
//! and on arbitrary header/claims JSON signed with the matching private key.
#![no_main]

#[path = "../common/mod.rs"]
mod common;

use jwtctl::Alg;
use libfuzzer_sys::fuzz_target;

const PUBLIC: &[u8] = include_bytes!("../../tests/fixtures/keys/ec-p256.spki.pem");
const PRIVATE: &[u8] = include_bytes!("../../tests/fixtures/keys/ec-p256.pkcs8.pem");

// Built once, on first use (jws::Signer is not Sync, so a thread-local rather than a OnceLock;
// libFuzzer runs the target on one thread).
thread_local! {
    static FIXTURE: common::Fixture = {
        let key = common::load(PRIVATE).keys.remove(0);
        common::Fixture::new(|| common::load(PUBLIC), key, Alg::ES256)
    };
}

fuzz_target!(|data: &[u8]| FIXTURE.with(|fixture| fixture.run(data)));
