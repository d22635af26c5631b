//! `jwtctl dpop proof` and `jwtctl dpop verify`: flags → the core's DPoP proofs and checks
//! (jwtctl::dpop), and the `--seen` replay store on disk.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde_json::{Map, Value};

use jwtctl::dpop::{self, Check, Request, seen::Seen};
use jwtctl::input::Input;
use jwtctl::present::output::{PRIVATE_MODE, json_document, write_file_atomic};
use jwtctl::{Error, Reason, Result};

use super::verdict::token_failed;
use super::{Context, Outcome, load_keys, read_token, thumbprint_arg};
use crate::cli::{DpopArgs, DpopCommand, DpopVerifyArgs, ProofArgs};

pub fn run(args: DpopArgs, ctx: &mut Context) -> Result<Outcome> {
    match args.command {
        DpopCommand::Proof(a) => proof(*a, ctx),
        DpopCommand::Verify(a) => verify(*a, ctx),
    }
}

fn proof(args: ProofArgs, ctx: &mut Context) -> Result<Outcome> {
    // The request is checked before any key or token is read.
    if let (Some(method), Some(url)) = (&args.method, &args.url) {
        dpop::check_request(method, url).map_err(|e| {
            let flag = flag_of(&e);
            e.context(flag)
        })?;
    }
    if args.key == "-" && args.access_token.as_deref() == Some("-") {
        return Err(Error::usage(
            "--key and --access-token cannot both come from standard input",
        ));
    }
    let set = load_keys(ctx, &args.key, args.input.passphrase.as_ref())?;
    let key = set.for_signing(args.kid.as_deref(), &args.key)?;
    if args.jkt {
        dpop::check_proof_key(&key)?;
        return ctx
            .term
            .print(&format!("{}\n", dpop::jkt(&key)))
            .map(|()| Outcome::Success);
    }
    let (Some(method), Some(url)) = (&args.method, &args.url) else {
        return Err(Error::usage("give the request with --method and --url"));
    };
    let access_token = match &args.access_token {
        Some(spec) => Some(access_token(ctx, spec)?),
        None => None,
    };
    let Some(alg) = args.alg.or_else(|| key.default_alg()) else {
        return Err(Error::key(format!(
            "{} cannot sign a DPoP proof: it is for ECDH-ES key agreement (JWE)",
            key.describe()
        )));
    };
    let request = Request {
        method,
        url,
        access_token: access_token.as_deref(),
        nonce: args.nonce.as_deref(),
        iat: ctx.now,
    };
    let proof = dpop::mint(&key, alg, &request).map_err(|e| e.context(&args.key))?;
    ctx.term.print(&format!("{proof}\n"))?;
    Ok(Outcome::Success)
}

/// The flag a request error is about, for its context.
fn flag_of(e: &Error) -> &'static str {
    if e.message.starts_with("the method") {
        "--method"
    } else {
        "--url"
    }
}

/// An access token given as TOKEN, @FILE or -, without what people paste around it
/// (`Authorization: DPoP `, `Bearer `, quotes).
fn access_token(ctx: &mut Context, spec: &str) -> Result<String> {
    let text = read_token(ctx, Some(spec)).map_err(|e| e.context("--access-token"))?;
    let text = strip_scheme(&text, "dpop").to_string();
    if text.is_empty() {
        return Err(Error::usage("--access-token: the access token is empty"));
    }
    Ok(text)
}

/// `text` without a leading `SCHEME ` or `SCHEME: ` (any case): a pasted `DPoP` header line or
/// `Authorization: DPoP` value.
fn strip_scheme<'a>(text: &'a str, scheme: &str) -> &'a str {
    let Some(head) = text.get(..scheme.len()) else {
        return text;
    };
    if !head.eq_ignore_ascii_case(scheme) {
        return text;
    }
    let rest = &text[scheme.len()..];
    let rest = rest.strip_prefix(':').unwrap_or(rest);
    if rest.starts_with(char::is_whitespace) {
        rest.trim_start()
    } else {
        text
    }
}

fn verify(args: DpopVerifyArgs, ctx: &mut Context) -> Result<Outcome> {
    dpop::check_request(&args.method, &args.url).map_err(|e| {
        let flag = flag_of(&e);
        e.context(flag)
    })?;
    if let Some(alg) = args
        .alg
        .iter()
        .find(|a| !dpop::asymmetric_algs().contains(a))
    {
        return Err(Error::usage(format!(
            "--alg {alg}: a DPoP proof is signed with an asymmetric algorithm, never a MAC"
        )));
    }
    let proof_on_stdin = args.proof.as_deref().is_none_or(|p| p == "-");
    if proof_on_stdin && args.access_token.as_deref() == Some("-") {
        return Err(Error::usage(
            "the proof and --access-token cannot both come from standard input",
        ));
    }
    let jkt = match &args.jkt {
        Some(value) => Some(thumbprint_arg("--jkt", value)?),
        None => None,
    };
    let access_token = match &args.access_token {
        Some(spec) => Some(access_token(ctx, spec)?),
        None => None,
    };
    let seconds = |v: u64| i64::try_from(v).unwrap_or(i64::MAX);
    let check = Check {
        method: &args.method,
        url: &args.url,
        access_token: access_token.as_deref(),
        nonce: args.nonce.as_deref(),
        jkt: jkt.as_deref(),
        algs: &args.alg,
        max_age: seconds(args.max_age),
        leeway: seconds(args.leeway.unwrap_or(0)),
        now: ctx.now,
    };
    // A store path that cannot be a store fails the run before the proof is read.
    if let Some(path) = &args.seen {
        check_seen_path(path)?;
    }
    let text = read_token(ctx, args.proof.as_deref())?;
    let text = strip_scheme(&text, "dpop");
    let verified = match dpop::verify(text, &check) {
        Ok(v) => v,
        Err(e) => return Err(token_failed(ctx, e, args.json)),
    };
    if let Some(path) = &args.seen {
        // Locked from reading the store to rewriting it, so two verifiers cannot both accept
        // one proof; only a proof that passed every other check takes the lock.
        let label = format!("--seen {}", path.display());
        let _lock = lock_seen(path, &label)?;
        let window = dpop::window(&check);
        let mut seen = load_seen(path, &label, check.now, window)?;
        if seen.window() > window {
            ctx.term.warn(&format!(
                "{label} keeps proofs for {} s after their iat, the widest window a run has \
                 used on it, longer than this run's {window} s; remove the store to narrow it",
                seen.window()
            ));
        }
        if seen.contains(&verified.jti) {
            let e = Error::rejected(
                Reason::Replayed,
                format!(
                    "a proof with jti \"{}\" was accepted before, within the window",
                    jwtctl::text::escape(&verified.jti)
                ),
            );
            return Err(token_failed(ctx, e, args.json));
        }
        seen.insert(&verified.jti, verified.iat)
            .map_err(|e| e.context(&label))?;
        write_file_atomic(path, &seen.to_bytes(), PRIVATE_MODE, true)?;
    }
    for note in &verified.notes {
        ctx.term.warn(note);
    }
    let mut out = Map::new();
    if args.json {
        out.insert("valid".into(), Value::Bool(true));
    }
    out.insert("jkt".into(), Value::from(verified.jkt));
    if args.json {
        out.insert("header".into(), Value::Object(verified.header));
    }
    out.insert("claims".into(), Value::Object(verified.claims));
    if !args.quiet {
        let (tty, color) = (ctx.term.stdout_is_terminal(), ctx.term.color_stdout);
        ctx.term
            .print(&json_document(&Value::Object(out), tty, color))?;
    }
    Ok(Outcome::Success)
}

/// How long a run waits for another verifier to release the store.
const LOCK_WAIT: Duration = Duration::from_secs(10);

/// Refuses a `--seen` path that cannot be a store: a folder, a symbolic link, a FIFO or
/// another special file. A missing file is a new, empty store.
fn check_seen_path(path: &Path) -> Result<()> {
    let label = format!("--seen {}", path.display());
    match std::fs::symlink_metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        // Refused as reading it says, before a lock file is left beside a folder.
        Ok(meta) if meta.is_dir() => Input::SeenStore.read_file(path, &label).map(|_| ()),
        Ok(meta) if !meta.is_file() => Err(not_regular(&label, &meta)),
        _ => Ok(()),
    }
}

/// A FIFO would block the read forever, and the store is replaced on every write, which
/// would turn a symbolic link into a file and leave the store it named behind.
fn not_regular(label: &str, meta: &std::fs::Metadata) -> Error {
    let what = if meta.file_type().is_symlink() {
        "a symbolic link"
    } else {
        "a special file"
    };
    Error::io(format!("cannot read {label}: not a regular file ({what})"))
        .with_hint("give the path of the store file itself; dpop verify creates it")
}

/// An exclusive lock on the store, in `PATH.lock` beside it (the store itself is replaced on
/// every write, which would let go of a lock held on it). A run waits up to [`LOCK_WAIT`] for
/// another to finish, then fails rather than read a store about to change. A lock file removed
/// or replaced while it was waited for (a cleaner of old files, a hand) is opened again: a lock
/// on a file no longer at that name would exclude nobody. (Removing it while a run holds it
/// still lets a second run in: the lock file is left alone while verifiers run.)
fn lock_seen(path: &Path, label: &str) -> Result<File> {
    let mut name = path.as_os_str().to_owned();
    name.push(".lock");
    let lock_path = PathBuf::from(name);
    let deadline = Instant::now() + LOCK_WAIT;
    loop {
        let file = open_lock(&lock_path, label)?;
        loop {
            match file.try_lock() {
                Ok(()) => break,
                Err(TryLockError::WouldBlock) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(10));
                }
                Err(TryLockError::WouldBlock) => {
                    return Err(Error::io(format!(
                        "cannot lock {label}: {} stayed locked by other runs for {} s",
                        lock_path.display(),
                        LOCK_WAIT.as_secs()
                    )));
                }
                Err(TryLockError::Error(e)) => {
                    return Err(Error::io_path("lock", &lock_path, &e).context(label));
                }
            }
        }
        if still_named(&file, &lock_path) {
            // A lock file in use looks fresh to cleaners of old files (tmpfiles, tmpreaper),
            // which would otherwise remove it while a run holds it.
            let _ = file.set_modified(std::time::SystemTime::now());
            return Ok(file);
        }
        if Instant::now() >= deadline {
            return Err(Error::io(format!(
                "cannot lock {label}: {} kept being removed or replaced",
                lock_path.display()
            )));
        }
    }
}

fn open_lock(lock_path: &Path, label: &str) -> Result<File> {
    match std::fs::symlink_metadata(lock_path) {
        Ok(meta) if !meta.is_file() => {
            return Err(Error::io(format!(
                "cannot lock {label}: {} is not a regular file",
                lock_path.display()
            ))
            .with_hint("it is created by dpop verify --seen as the store's lock; remove it"));
        }
        _ => {}
    }
    let mut options = OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(PRIVATE_MODE);
    }
    options
        .open(lock_path)
        .map_err(|e| Error::io_path("lock", lock_path, &e).context(label))
}

/// Whether the locked `file` is still the one at `lock_path`.
fn still_named(file: &File, lock_path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (file.metadata(), std::fs::symlink_metadata(lock_path)) {
            (Ok(held), Ok(named)) => held.dev() == named.dev() && held.ino() == named.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = (file, lock_path);
        true
    }
}

/// The store's entries within the window, read under its lock: empty when the file does not
/// exist (looked for again here, since another run may have created it meanwhile).
fn load_seen(path: &Path, label: &str, now: i64, window: i64) -> Result<Seen> {
    match std::fs::symlink_metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Seen::new(window)),
        Ok(meta) if !(meta.is_file() || meta.is_dir()) => return Err(not_regular(label, &meta)),
        _ => {}
    }
    let bytes = Input::SeenStore.read_file(path, label)?;
    Seen::parse(&bytes, now, window).map_err(|e| {
        let malformed = e.kind == jwtctl::Kind::Malformed;
        let e = Input::SeenStore.recast(e.context(label));
        if malformed {
            e.with_hint(
                "it is written only by dpop verify --seen; remove it to start an empty store",
            )
        } else {
            e
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pasted_header_names_are_stripped() {
        assert_eq!(strip_scheme("DPoP eyJ.a.b", "dpop"), "eyJ.a.b");
        assert_eq!(strip_scheme("dpop: eyJ.a.b", "dpop"), "eyJ.a.b");
        assert_eq!(strip_scheme("DPoPeyJ.a.b", "dpop"), "DPoPeyJ.a.b");
        assert_eq!(strip_scheme("eyJ.a.b", "dpop"), "eyJ.a.b");
        assert_eq!(strip_scheme("dp", "dpop"), "dp");
        assert_eq!(strip_scheme("dpé", "dpop"), "dpé");
    }
}
