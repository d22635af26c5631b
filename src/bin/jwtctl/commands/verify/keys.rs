//! Where `verify` gets its keys: a key or secret, a JWK Set file, or over the network (`--jwks
//! URL`, `--issuer`) through the cache; and, for a fetched set, the refetch when a token names a
//! `kid` the set lacks.

use jwtctl::input::Input;
use jwtctl::keys::load::Origin;
use jwtctl::{Engine, Error, KeySet, Policy, Result};

use super::super::{Context, load_key_set, load_keys};
use crate::cache::{Docs, Mode};
use crate::cli::VerifyArgs;
use crate::net::is_url;

/// Where the cache is, from --cache-dir, --no-cache and --offline.
pub(super) fn cache_mode(args: &VerifyArgs) -> Result<Mode> {
    if args.no_cache {
        return Ok(Mode::Off);
    }
    let dir = args.cache_dir.clone().or_else(crate::cache::default_dir);
    match (dir, args.offline) {
        (Some(dir), true) => Ok(Mode::Offline(dir)),
        (Some(dir), false) => Ok(Mode::On(dir)),
        (None, true) => Err(Error::usage(
            "--offline verifies from the cache, and there is no cache directory (neither XDG_CACHE_HOME nor HOME is set)",
        )
        .with_hint("give one with --cache-dir DIR")),
        (None, false) => Ok(Mode::Off),
    }
}

/// The keys, with --issuer the issuer's metadata, and the URL of a fetched set.
pub(super) struct Keys {
    pub set: KeySet,
    pub metadata: Option<jwtctl::keys::discovery::Metadata>,
    pub url: Option<String>,
}

pub(super) fn key_set(args: &VerifyArgs, ctx: &mut Context, docs: &Docs) -> Result<Keys> {
    let local = |set| Keys {
        set,
        metadata: None,
        url: None,
    };
    if args.offline && args.issuer.is_none() && !args.jwks.as_deref().is_some_and(is_url) {
        return Err(Error::usage(
            "--offline works with --issuer or --jwks URL, whose keys the cache holds",
        ));
    }
    if let Some(spec) = &args.secret {
        let secret = ctx.term.secret(spec, "--secret")?;
        let set = KeySet {
            keys: vec![
                jwtctl::keys::material::secret_key(secret).map_err(|e| e.context("--secret"))?,
            ],
            origin: Origin::Single,
            warnings: Vec::new(),
        };
        return Ok(local(set));
    }
    if let Some(source) = &args.jwks {
        let label = format!("--jwks {source}");
        if !is_url(source) {
            return Ok(local(load_key_set(ctx, source, &label, None)?));
        }
        let (set, url) = crate::net::fetch_key_set(source, docs, &mut |w| ctx.term.warn(w))
            .map_err(|e| {
                // A set that does not read names the flag, as a file would; a fetch that fails
                // names its URL already.
                let e = match e.kind {
                    jwtctl::Kind::Malformed | jwtctl::Kind::Key => e.context(&label),
                    _ => e,
                };
                Input::KeySet.recast(e)
            })?;
        for w in &set.warnings {
            ctx.term.warn(w);
        }
        return Ok(Keys {
            set,
            metadata: None,
            url: Some(url),
        });
    }
    if let Some(issuer) = &args.issuer {
        let found = crate::net::discover(issuer, docs).map_err(|e| {
            let e = Input::KeySet.recast(e);
            if e.kind == jwtctl::Kind::Usage {
                e.context("--issuer")
            } else {
                e
            }
        })?;
        for w in &found.set.warnings {
            ctx.term.warn(w);
        }
        return Ok(Keys {
            set: found.set,
            url: Some(found.metadata.jwks_uri.clone()),
            metadata: Some(found.metadata),
        });
    }
    match &args.key {
        Some(spec) => Ok(local(load_keys(ctx, spec, args.input.passphrase.as_ref())?)),
        None => Err(Error::usage("give the key with --key, --secret or --jwks")),
    }
}

/// Whether a token failed because its `kid` is not in the set.
pub(super) fn unknown_kid(e: &Error) -> bool {
    e.kind == jwtctl::Kind::Rejected(jwtctl::Reason::UnknownKid)
}

/// How to build an engine from a set, and where to get the set again when a token names a
/// `kid` it lacks (a key rotation): the URL it was fetched from, through the cache.
pub(super) struct Remote<'a> {
    pub docs: &'a Docs,
    pub url: Option<String>,
    /// With --issuer and --profile id-token, the issuer's ID-token algorithms.
    pub id_token_algs: Option<Vec<jwtctl::Alg>>,
    pub issuer: Option<String>,
    pub policy: Policy,
}

impl Remote<'_> {
    pub(super) fn engine(&self, set: KeySet) -> Result<Engine> {
        let mut engine = Engine::new(set, self.policy.clone())?;
        // An issuer's ID tokens are signed with the algorithms its metadata lists (OpenID
        // Connect Core §3.1.3.7, 7.): with --profile id-token, no other is accepted.
        if let Some(algs) = &self.id_token_algs {
            engine.narrow(algs).map_err(|e| {
                e.context(format!(
                    "--issuer {}: its metadata's id_token_signing_alg_values_supported",
                    jwtctl::keys::trust::quoted(self.issuer.as_deref().unwrap_or(""))
                ))
            })?;
        }
        Ok(engine)
    }

    /// An engine over the set as its server has it now, when the set was fetched and a
    /// refetch may be made (not offline, not within the cooldown); `None` otherwise. A refetch
    /// that fails is a warning: the token stays rejected for its unknown kid.
    pub(super) fn refresh(&self, ctx: &mut Context) -> Option<Engine> {
        let url = self.url.as_deref()?;
        let engine = self.docs.refetch(url).and_then(|bytes| match bytes {
            Some(bytes) => {
                let set = crate::net::parse_set(&bytes).map_err(|e| Input::KeySet.recast(e))?;
                self.engine(set).map(Some)
            }
            None => Ok(None),
        });
        for w in self.docs.take_warnings() {
            ctx.term.warn(&w);
        }
        match engine {
            Ok(engine) => engine,
            Err(e) => {
                ctx.term.warn(&format!(
                    "a token names a kid the key set lacks, and refetching {} failed: {}",
                    jwtctl::keys::trust::quoted(url),
                    e.message
                ));
                None
            }
        }
    }
}
