//! The JWKS cache on disk for `verify --issuer` and `verify --jwks URL`: key documents (JWK Sets
//! and issuer metadata) kept between runs under the user's cache directory, one file per URL.
//! The rules (freshness, the file format, public keys only) are the core's
//! (`jwtctl::keys::cache`); this module reads and writes the files and asks the network.
//!
//! A fresh copy is used without a request; a stale one is revalidated (`If-None-Match`); a
//! token whose `kid` the set lacks causes one refetch per cooldown. A cache file that cannot be
//! read as one is ignored and replaced; one that cannot be written leaves a warning, never a
//! failure. A cache directory or file that is not this user's alone (owned by another user, or
//! writable by others) is not read, and a directory owned by another user is not written into.
//! At most [`cache::MAX_ENTRIES`] files are kept.

use std::cell::{Cell, RefCell};
use std::path::{Path, PathBuf};
use std::time::Duration;

use jwtctl::keys::cache::{self, Entry};
use jwtctl::present::output::{PRIVATE_MODE, write_file_atomic};
use jwtctl::{Error, Result};

use crate::net::{self, Answer};

/// Where documents come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    /// The network only (`--no-cache`, `jwks show`).
    Off,
    /// The cache in this directory, and the network when it has no fresh copy.
    On(PathBuf),
    /// The cache in this directory alone (`--offline`): no fresh copy is a failure.
    Offline(PathBuf),
}

/// The default cache directory: `$XDG_CACHE_HOME/jwtctl`, else `$HOME/.cache/jwtctl` (the XDG
/// Base Directory specification; a relative `XDG_CACHE_HOME` is ignored, as it says).
pub fn default_dir() -> Option<PathBuf> {
    let absolute = |name: &str| {
        std::env::var_os(name)
            .map(PathBuf::from)
            .filter(|p| p.is_absolute())
    };
    absolute("XDG_CACHE_HOME")
        .or_else(|| absolute("HOME").map(|home| home.join(".cache")))
        .map(|dir| dir.join("jwtctl"))
}

/// Key documents by URL, through the cache.
pub struct Docs {
    mode: Mode,
    timeout: Duration,
    /// When this run last refetched for an unknown kid (without a cache, the cooldown is the
    /// run's).
    refetched: Cell<Option<i64>>,
    warnings: RefCell<Vec<String>>,
    /// Whether the warning about a cache open to others (or not ours) was given.
    said_open: Cell<bool>,
    /// Whether the warning about a cache that could not be written was given.
    said_unwritten: Cell<bool>,
    /// The process's effective uid, once learnt (`Some(None)`: it could not be).
    #[cfg(unix)]
    euid: Cell<Option<Option<u32>>>,
}

/// The process's effective uid: the owner of `/proc/self` (on Linux, the process's effective
/// user), else the owner of a new file created in the temporary directory (then removed).
#[cfg(unix)]
fn effective_uid() -> Option<u32> {
    use std::os::unix::fs::MetadataExt;
    if let Ok(meta) = std::fs::metadata("/proc/self") {
        return Some(meta.uid());
    }
    let path = std::env::temp_dir().join(format!("jwtctl-uid-{}", jwtctl::random::uuid().ok()?));
    let file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .ok()?;
    let uid = file.metadata().ok().map(|m| m.uid());
    drop(file);
    let _ = std::fs::remove_file(&path);
    uid
}

/// Whether the file at `path` begins as a cache record.
fn is_record(path: &Path) -> bool {
    use std::io::Read;
    let mut start = [0u8; cache::RECORD_START.len()];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut start))
        .is_ok_and(|()| start == cache::RECORD_START)
}

fn clock() -> i64 {
    chrono::Utc::now().timestamp()
}

impl Docs {
    pub fn new(mode: Mode, timeout: Duration) -> Docs {
        Docs {
            mode,
            timeout,
            refetched: Cell::new(None),
            warnings: RefCell::new(Vec::new()),
            said_open: Cell::new(false),
            said_unwritten: Cell::new(false),
            #[cfg(unix)]
            euid: Cell::new(None),
        }
    }

    /// What went wrong with the cache itself (a file that could not be written), to be shown
    /// as warnings; taken once.
    pub fn take_warnings(&self) -> Vec<String> {
        self.warnings.take()
    }

    fn dir(&self) -> Option<&Path> {
        match &self.mode {
            Mode::Off => None,
            Mode::On(dir) | Mode::Offline(dir) => Some(dir),
        }
    }

    fn path(&self, url: &str) -> Option<PathBuf> {
        self.dir().map(|d| d.join(cache::file_name(url)))
    }

    /// The cache file for `url`, if there is one that reads as one: a regular file (not a
    /// link, a FIFO or a device), within the size limit, for this URL.
    fn load(&self, url: &str) -> Option<Entry> {
        use std::io::Read;
        let path = self.path(url)?;
        let meta = std::fs::symlink_metadata(&path).ok()?;
        if !meta.is_file() || meta.len() > cache::MAX_FILE || !self.private(&path, &meta) {
            return None;
        }
        let file = std::fs::File::open(&path).ok()?;
        // Checked again on what was opened: the directory (or a link to it) may have been
        // swapped since the path was looked at, and only the open file is what is read.
        let opened = file.metadata().ok()?;
        if !opened.is_file() || opened.len() > cache::MAX_FILE || !self.private(&path, &opened) {
            return None;
        }
        let mut bytes = Vec::new();
        file.take(cache::MAX_FILE).read_to_end(&mut bytes).ok()?;
        Entry::parse(&bytes, url)
    }

    /// Whether a cache file and its directory are private to this user: owned by the process's
    /// effective user and writable by no one else (the directory checked both as a link, when
    /// it is one, and as what the link names). A copy that someone else could have put there
    /// is not read (said once, as a warning).
    fn private(&self, path: &Path, meta: &std::fs::Metadata) -> bool {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            if !self.dir_private() {
                return false;
            }
            let standing = cache::standing(meta.uid(), self.euid(), meta.mode());
            if standing != cache::Standing::Private {
                self.untrusted("file", path, standing);
                return false;
            }
        }
        let _ = (path, meta);
        true
    }

    /// Whether the cache directory is this user's alone (see [`Docs::private`]); a directory
    /// that is not there yet is (it will be created private). Unix only.
    fn dir_private(&self) -> bool {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let Some(dir) = self.dir() else {
                return true;
            };
            // Without a trailing `/` or `/.`, which would make the link's own metadata that of
            // what it names.
            let dir: PathBuf = dir.components().collect();
            let dir = dir.as_path();
            let Ok(link) = std::fs::symlink_metadata(dir) else {
                return true;
            };
            let mut checked = Vec::new();
            if link.file_type().is_symlink() {
                // A link's own mode is meaningless (0777): only its owner counts.
                checked.push((link.uid(), 0));
            }
            match std::fs::metadata(dir) {
                Ok(target) => checked.push((target.uid(), target.mode())),
                Err(_) => return true,
            }
            for (owner, mode) in checked {
                let standing = cache::standing(owner, self.euid(), mode);
                if standing != cache::Standing::Private {
                    self.untrusted("directory", dir, standing);
                    return false;
                }
            }
        }
        true
    }

    /// Says once why the cache is not read.
    #[cfg(unix)]
    fn untrusted(&self, what: &str, path: &Path, standing: cache::Standing) {
        if self.said_open.replace(true) {
            return;
        }
        let message = match standing {
            cache::Standing::Foreign if self.euid().is_none() => format!(
                "the JWKS cache {what} {} is not used: this process's user could not be learnt to check who owns it",
                path.display()
            ),
            cache::Standing::Foreign => format!(
                "the JWKS cache {what} {} is owned by another user, so it is neither read nor written; use a cache directory of your own",
                path.display()
            ),
            _ => format!(
                "the JWKS cache {what} {} is writable by others, so it is not read; make it private (chmod {})",
                path.display(),
                if what == "file" { "600" } else { "700" }
            ),
        };
        self.warnings.borrow_mut().push(message);
    }

    /// The process's effective uid, learnt once: the owner of `/proc/self` (Linux), else of a
    /// file this process creates in the temporary directory; `None` when neither works.
    #[cfg(unix)]
    fn euid(&self) -> Option<u32> {
        if let Some(known) = self.euid.get() {
            return known;
        }
        let found = effective_uid();
        self.euid.set(Some(found));
        found
    }

    fn store(&self, entry: &Entry) {
        let Some(path) = self.path(&entry.url) else {
            return;
        };
        let result = self.create_dir().and_then(|()| {
            // A directory that is not ours alone is not written into (said by dir_private).
            if !self.dir_private() {
                return Ok(());
            }
            // A file in the way that is not a regular file (a directory, a link) is not ours
            // to replace.
            if std::fs::symlink_metadata(&path).is_ok_and(|m| !m.is_file()) {
                return Err(Error::io(format!(
                    "cannot write {}: it is not a regular file",
                    path.display()
                )));
            }
            // A record that would not read back (a document nested just under the limit is
            // over it inside its record) is not written: it would be refetched every run
            // and still take a file.
            let bytes = entry.to_bytes();
            if Entry::parse(&bytes, &entry.url).is_none() {
                return Ok(());
            }
            write_file_atomic(&path, &bytes, PRIVATE_MODE, true)?;
            self.evict();
            Ok(())
        });
        if let Err(e) = result
            && !self.said_unwritten.replace(true)
        {
            self.warnings
                .borrow_mut()
                .push(format!("the JWKS cache was not updated: {}", e.message));
        }
    }

    /// Removes the oldest cache files beyond [`cache::MAX_ENTRIES`] (by modification time):
    /// regular files named as cache files that begin as a cache record, nothing else in the
    /// directory (a `<thumbprint>.json` of the user's has the same shape of name).
    fn evict(&self) {
        let Some(dir) = self.dir() else {
            return;
        };
        let Ok(listing) = std::fs::read_dir(dir) else {
            return;
        };
        let files: Vec<(PathBuf, std::time::SystemTime)> = listing
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_str().is_some_and(cache::is_file_name))
            .filter_map(|e| {
                let meta = std::fs::symlink_metadata(e.path()).ok()?;
                let modified = meta.modified().ok()?;
                (meta.is_file() && is_record(&e.path())).then(|| (e.path(), modified))
            })
            .take(cache::MAX_ENTRIES * 64)
            .collect();
        for path in cache::to_evict(files) {
            let _ = std::fs::remove_file(path);
        }
    }

    fn create_dir(&self) -> Result<()> {
        let Some(dir) = self.dir() else {
            return Ok(());
        };
        let mut builder = std::fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        builder
            .create(dir)
            .map_err(|e| Error::io_path("create", dir, &e))
    }

    fn request(&self, url: &str, etag: Option<&str>, absent_ok: bool) -> Result<Answer> {
        net::get(url, self.timeout, etag, absent_ok)
    }

    /// A fresh copy of the document at `url` from the cache, if there is one.
    pub fn cached(&self, url: &str) -> Option<Vec<u8>> {
        self.load(url)
            .filter(|e| e.is_fresh(clock()))
            .map(|e| e.document_bytes())
    }

    /// [`Docs::get`], read by `check` (the same reader a fetched document goes through). A
    /// copy from the cache that `check` refuses is ignored (it is corrupt, or planted): the
    /// document is fetched again, and the cache file replaced. Offline, the refusal stands.
    pub fn get_valid<T>(
        &self,
        url: &str,
        absent_ok: bool,
        check: &dyn Fn(&[u8]) -> Result<T>,
    ) -> Result<Option<T>> {
        let Some((bytes, from_cache)) = self.get_inner(url, absent_ok)? else {
            return Ok(None);
        };
        match check(&bytes) {
            Ok(value) => Ok(Some(value)),
            Err(_) if from_cache && !matches!(self.mode, Mode::Offline(_)) => {
                match self.fetch(url, None, absent_ok, clock(), None)? {
                    Some((bytes, _)) => check(&bytes).map(Some),
                    None => Ok(None),
                }
            }
            Err(e) => Err(e),
        }
    }

    /// A fresh copy of `url` from the cache that `check` accepts, if there is one.
    pub fn cached_valid<T>(&self, url: &str, check: &dyn Fn(&[u8]) -> Result<T>) -> Option<T> {
        self.cached(url).and_then(|bytes| check(&bytes).ok())
    }

    /// The document at `url`: a fresh copy from the cache, else from the network (a
    /// conditional request when a stale copy is held), stored for next time. With
    /// `absent_ok`, `None` when the server has no such document (which is not cached).
    pub fn get(&self, url: &str, absent_ok: bool) -> Result<Option<Vec<u8>>> {
        Ok(self.get_inner(url, absent_ok)?.map(|(bytes, _)| bytes))
    }

    /// [`Docs::get`], saying whether the document is the cache's copy.
    fn get_inner(&self, url: &str, absent_ok: bool) -> Result<Option<(Vec<u8>, bool)>> {
        let now = clock();
        let held = self.load(url);
        if let Some(entry) = &held
            && entry.is_fresh(now)
        {
            return Ok(Some((entry.document_bytes(), true)));
        }
        if let Mode::Offline(dir) = &self.mode {
            return Err(Error::io(format!(
                "--offline: the cache ({}) holds no fresh copy of {}",
                dir.display(),
                jwtctl::keys::trust::quoted(url)
            )));
        }
        let refetched_at = held.as_ref().and_then(|e| e.refetched_at);
        self.fetch(url, held, absent_ok, now, refetched_at)
    }

    /// Asks the server for `url`, revalidating `held` when there is one, and stores the answer
    /// with `refetched_at`.
    fn fetch(
        &self,
        url: &str,
        held: Option<Entry>,
        absent_ok: bool,
        now: i64,
        refetched_at: Option<i64>,
    ) -> Result<Option<(Vec<u8>, bool)>> {
        let etag = held.as_ref().and_then(|e| e.etag.as_deref());
        match self.request(url, etag, absent_ok)? {
            Answer::Absent => Ok(None),
            Answer::NotModified { cache_control } => match held {
                Some(mut entry) => {
                    entry.confirmed(cache_control.as_deref(), now);
                    entry.refetched_at = refetched_at;
                    self.store(&entry);
                    Ok(Some((entry.document_bytes(), true)))
                }
                None => Err(Error::io(format!(
                    "cannot fetch {}: HTTP status 304 to an unconditional request",
                    jwtctl::keys::trust::quoted(url)
                ))),
            },
            Answer::Body {
                bytes,
                etag,
                cache_control,
            } => {
                if let Ok(document) = jwtctl::jose::json::parse_object(&bytes) {
                    let mut entry = Entry::new(url, document, etag, cache_control.as_deref(), now);
                    entry.refetched_at = refetched_at;
                    self.store(&entry);
                }
                Ok(Some((bytes, false)))
            }
        }
    }

    /// For a token whose `kid` the set from `url` lacks: the set as the server has it now, or
    /// `None` when no request may be made (offline, or a refetch within the cooldown).
    pub fn refetch(&self, url: &str) -> Result<Option<Vec<u8>>> {
        if matches!(self.mode, Mode::Offline(_)) {
            return Ok(None);
        }
        let now = clock();
        let held = self.load(url);
        let in_run = self
            .refetched
            .get()
            .is_none_or(|t| t > now || now - t >= cache::COOLDOWN);
        if !in_run || held.as_ref().is_some_and(|e| !e.may_refetch(now)) {
            return Ok(None);
        }
        self.refetched.set(Some(now));
        Ok(self
            .fetch(url, held, false, now, Some(now))?
            .map(|(bytes, _)| bytes))
    }
}
