//! `jwks show` (`publish::describe`) on arbitrary documents, and `jwks create`/`--merge`/`--remove`
//! (`publish::build`) on the keys they hold. A built set must never publish private material.
#![no_main]

use jwtctl::Alg;
use jwtctl::keys::load;
use jwtctl::keys::publish;
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

const PRIVATE_MEMBERS: [&str; 7] = ["d", "p", "q", "dp", "dq", "qi", "k"];

fuzz_target!(|data: &[u8]| {
    if let Ok(rows) = publish::describe(data) {
        for row in &rows {
            let _ = row.to_json();
        }
    }
    let Ok(set) = load::parse_jwks(data, load::SetSource::Local) else {
        return;
    };
    let keys: Vec<_> = set.keys.into_iter().filter(|k| !k.is_symmetric()).collect();
    let (new, existing) = keys.split_at(keys.len() / 2);
    let algs = [Alg::PS384, Alg::ES512];
    for (new, existing, algs) in [(&keys[..], &[][..], &[][..]), (new, existing, &algs[..])] {
        let Ok(publish::Built { set: doc, .. }) = publish::build(new, existing, algs, &[]) else {
            continue;
        };
        let items = doc["keys"].as_array().expect("keys array");
        assert!(items.len() <= new.len() + existing.len());
        for item in items {
            for m in PRIVATE_MEMBERS {
                assert!(item.get(m).is_none(), "published set carries {m}: {item}");
            }
        }
        // The published set reads back, with every key, and shows no private material.
        let bytes = serde_json::to_vec(&doc).expect("serialize");
        let back =
            load::parse_jwks(&bytes, load::SetSource::Local).expect("a built set reads back");
        assert_eq!(back.keys.len(), items.len());
        let rows = publish::describe(&bytes).expect("a built set describes");
        assert!(rows.iter().all(|r| !r.private));
        // Removing the first kid works, and no key with that kid is left.
        if let Some(kid) = items
            .first()
            .and_then(|k| k.get("kid"))
            .and_then(Value::as_str)
        {
            let remove = [kid.to_string()];
            let smaller = publish::build(new, existing, algs, &remove).expect("remove a kid");
            assert!(smaller.not_found.is_empty(), "the kid of a key in the set was not found");
            let left = smaller.set["keys"].as_array().expect("keys");
            assert!(
                left.iter()
                    .all(|k| k.get("kid").and_then(Value::as_str) != Some(kid))
            );
        }
    }
});
