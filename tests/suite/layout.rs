//! The tree is the architecture, and this keeps it so: the layer map written in `src/lib.rs`
//! (rooms listed top to bottom, arrows pointing down) is read from there and checked against
//! what every core module names with `crate::`. Also: no two core modules use each other
//! (directly or round a cycle), the core never touches clap or the terminal (it may colour text,
//! but whether to is the binary's decision, passed in), and no source file
//! holds more than 600 lines of code before its tests.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const MAX_LINES: usize = 600;

/// Where a file's unit tests begin.
const TESTS: &str = "#[cfg(test)]\nmod tests";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every `.rs` file under `dir`, as paths relative to the crate root.
fn sources(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![root().join(dir)];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path.strip_prefix(root()).unwrap().to_path_buf());
            }
        }
    }
    out.sort();
    out
}

/// `src/keys/load.rs` → `keys::load`; `src/jose/jwe/mod.rs` → `jose::jwe`.
fn module_of(path: &Path) -> String {
    let rel = path.strip_prefix("src").unwrap().with_extension("");
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .filter(|p| p != "mod")
        .collect();
    parts.join("::")
}

/// The code of a file before its unit tests, without comment lines.
fn code(path: &Path) -> String {
    let text = std::fs::read_to_string(root().join(path)).unwrap();
    let before_tests = text.split(TESTS).next().unwrap_or("");
    before_tests
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The rooms of `src/lib.rs`'s layer map, top (may use everything) to bottom (uses nothing).
fn layer_map() -> Vec<Vec<String>> {
    let lib = std::fs::read_to_string(root().join("src/lib.rs")).unwrap();
    let start = lib
        .find("arrows point down this list")
        .expect("src/lib.rs states the layer map");
    let mut layers = Vec::new();
    for line in lib[start..].lines().skip(1) {
        let Some(item) = line.strip_prefix("//! - ") else {
            if line.starts_with("//!   ") {
                continue; // a continuation line
            }
            break;
        };
        let head = item.split(": ").next().unwrap_or("");
        let mut names = Vec::new();
        for quoted in head.split('`').skip(1).step_by(2) {
            match quoted.split_once("::{") {
                Some((prefix, list)) => {
                    for name in list.trim_end_matches('}').split(',') {
                        names.push(format!("{prefix}::{}", name.trim()));
                    }
                }
                None => names.push(quoted.to_string()),
            }
        }
        assert!(!names.is_empty(), "unreadable layer line: {line}");
        layers.push(names);
    }
    assert!(layers.len() >= 3, "src/lib.rs lists too few layers");
    layers
}

/// The layer (0 = top) of `module`: the longest room name it falls under.
fn layer_of(module: &str, layers: &[Vec<String>]) -> Option<(usize, String)> {
    layers
        .iter()
        .enumerate()
        .flat_map(|(i, names)| names.iter().map(move |n| (i, n.clone())))
        .filter(|(_, n)| module == n || module.starts_with(&format!("{n}::")))
        .max_by_key(|(_, n)| n.len())
}

/// For every core module, the core modules it names (`crate::a::b`, `super::x`).
fn core_uses() -> BTreeMap<String, BTreeSet<String>> {
    let files: Vec<PathBuf> = sources(Path::new("src"))
        .into_iter()
        .filter(|p| !p.starts_with("src/bin") && p != Path::new("src/lib.rs"))
        .collect();
    let modules: BTreeSet<String> = files.iter().map(|p| module_of(p)).collect();
    let mut uses = BTreeMap::new();
    for file in &files {
        let me = module_of(file);
        let code = code(file);
        let parent = match me.rsplit_once("::") {
            Some((p, _)) => format!("{p}::"),
            None => String::new(),
        };
        let mut named = BTreeSet::new();
        for (marker, base) in [("crate::", String::new()), ("super::", parent)] {
            for (i, _) in code.match_indices(marker) {
                let before = code[..i].chars().next_back();
                if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                    continue;
                }
                let rest = &code[i + marker.len()..];
                let path: String = rest
                    .chars()
                    .take_while(|c| {
                        c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_' || *c == ':'
                    })
                    .collect();
                let prefix = format!("{base}{path}").trim_end_matches(':').to_string();
                // `crate::a::{b, c::d}`: each item of the list, after the prefix.
                let mut paths = vec![prefix.clone()];
                if let Some(list) = rest[path.len()..].strip_prefix('{')
                    && let Some(end) = list.find('}')
                {
                    for item in list[..end].split(',') {
                        let item = item.trim();
                        let sep = if prefix.is_empty() { "" } else { "::" };
                        paths.push(format!("{prefix}{sep}{item}"));
                    }
                }
                for full in paths {
                    // The longest prefix that is a module.
                    let mut parts: Vec<&str> = full.split("::").collect();
                    while !parts.is_empty() {
                        let candidate = parts.join("::");
                        if modules.contains(&candidate) {
                            if candidate != me {
                                named.insert(candidate);
                            }
                            break;
                        }
                        parts.pop();
                    }
                }
            }
        }
        uses.insert(me, named);
    }
    uses
}

#[test]
fn arrows_point_down_the_layer_map_of_lib_rs() {
    let layers = layer_map();
    let mut upward = Vec::new();
    for (module, named) in core_uses() {
        let Some((mine, room)) = layer_of(&module, &layers) else {
            // A folder's module file that only gathers rooms (`jose`) is no room itself.
            let gathers = layers
                .iter()
                .flatten()
                .any(|r| r.starts_with(&format!("{module}::")));
            assert!(gathers, "{module} is in no room of src/lib.rs's layer map");
            continue;
        };
        for other in named {
            if let Some((theirs, other_room)) = layer_of(&other, &layers)
                && theirs < mine
            {
                upward.push(format!(
                    "{module} ({room}) uses {other} ({other_room}), a room above it"
                ));
            }
        }
    }
    assert!(
        upward.is_empty(),
        "arrows pointing up:\n{}",
        upward.join("\n")
    );
}

#[test]
fn no_two_core_modules_use_each_other() {
    let uses = core_uses();
    // Depth-first search for a cycle; report the first one found.
    fn visit(
        m: &str,
        uses: &BTreeMap<String, BTreeSet<String>>,
        state: &mut BTreeMap<String, u8>,
        stack: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        state.insert(m.to_string(), 1);
        stack.push(m.to_string());
        for next in uses.get(m).into_iter().flatten() {
            match state.get(next.as_str()) {
                Some(1) => {
                    let at = stack.iter().position(|s| s == next).unwrap_or(0);
                    let mut cycle = stack[at..].to_vec();
                    cycle.push(next.clone());
                    return Some(cycle);
                }
                Some(_) => {}
                None => {
                    if let Some(c) = visit(next, uses, state, stack) {
                        return Some(c);
                    }
                }
            }
        }
        stack.pop();
        state.insert(m.to_string(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for m in uses.keys() {
        if !state.contains_key(m)
            && let Some(cycle) = visit(m, &uses, &mut state, &mut Vec::new())
        {
            panic!("import cycle: {}", cycle.join(" -> "));
        }
    }
}

#[test]
fn the_core_knows_nothing_of_clap_or_the_terminal() {
    let mut found = Vec::new();
    for file in sources(Path::new("src")) {
        if file.starts_with("src/bin") {
            continue;
        }
        let code = code(&file);
        for needle in [
            "clap::",
            "std::io::stdout",
            "std::io::stderr",
            "std::io::stdin",
            "IsTerminal",
        ] {
            if code.contains(needle) {
                found.push(format!("{} names {needle}", file.display()));
            }
        }
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn no_source_file_is_over_600_lines_before_its_tests() {
    let mut long = Vec::new();
    for file in sources(Path::new("src")) {
        let text = std::fs::read_to_string(root().join(&file)).unwrap();
        let lines = text.split(TESTS).next().unwrap_or("").lines().count();
        if lines > MAX_LINES {
            long.push(format!("{}: {lines} lines", file.display()));
        }
    }
    assert!(
        long.is_empty(),
        "split these by what they hold:\n{}",
        long.join("\n")
    );
}
