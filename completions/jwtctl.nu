module completions {

  def "nu-complete jwtctl color" [] {
    [ "auto" "always" "never" ]
  }

  # A command-line JWT toolkit: keygen, sign, verify, decode and JWKS, safe by default
  export extern jwtctl [
    --color: string@"nu-complete jwtctl color" # When to colour output: auto (only on a terminal, and not when NO_COLOR is set), always, or never
    --now: string             # Pretend the current time is TIME (a duration from now, RFC 3339, YYYY-MM-DD or Unix seconds). Makes output reproducible and checks tokens "as of" a moment
    --help(-h)                # Print help (see more with '--help')
    --version(-V)             # Print version
  ]

  def "nu-complete jwtctl keygen key_type" [] {
    [ "rsa" "ec" "ed25519" "x25519" "oct" ]
  }

  def "nu-complete jwtctl keygen curve" [] {
    [ "P-256" "P-384" "P-521" "secp256k1" ]
  }

  def "nu-complete jwtctl keygen format" [] {
    [ "pem" "jwk" ]
  }

  def "nu-complete jwtctl keygen key_use" [] {
    [ "sig" "enc" ]
  }

  def "nu-complete jwtctl keygen kdf" [] {
    [ "scrypt" "pbkdf2" ]
  }

  def "nu-complete jwtctl keygen color" [] {
    [ "auto" "always" "never" ]
  }

  # Generate a key pair or an HMAC secret
  export extern "jwtctl keygen" [
    --alg: string             # The algorithm the key is for: RS256/384/512 and PS256/384/512 (RSA 2048), ES256 (P-256), ES384 (P-384), ES512 (P-521), ES256K (secp256k1), EdDSA (Ed25519), HS256/384/512 (secret of the hash size)
    --type: string@"nu-complete jwtctl keygen key_type" # The kind of key, when no algorithm is given
    --bits: string            # RSA modulus size (2048, 3072 or 4096; default 2048) or secret size in bits (for HMAC at least the hash size, with --use enc at least 128; at most 8192; default 256)
    --curve: string@"nu-complete jwtctl keygen curve" # EC curve for --type ec (default P-256; secp256k1 signs ES256K only)
    --format: string@"nu-complete jwtctl keygen format" # Output format: pem (PKCS#8 private, SPKI public) or jwk. HMAC secrets are always JWK
    --kid: string             # The kid of a JWK (default: its RFC 7638 thumbprint)
    --use: string@"nu-complete jwtctl keygen key_use" # What the key is for: sig (signatures, the default) or enc (JWE recipients: an RSA or EC key pair, an X25519 key, or a secret of 128 bits or more for AxxxKW/AxxxGCMKW/dir; use --type). The JWK says it in "use"; an enc JWK carries no JWS alg
    --out(-o): path           # Write the private key to NAME.pem (or NAME.jwk) and the public key to NAME.pub.pem (or NAME.pub.jwk) instead of printing the private key
    --force                   # Replace existing output files
    --encrypt                 # Encrypt the private key with a passphrase (PKCS#8 PBES2, AES-256-CBC; PEM only)
    --passphrase: string      # Where the passphrase for --encrypt comes from: @FILE, env:NAME, b64:DATA, - (stdin), prompt, or a literal. Default: asked twice on the terminal
    --kdf: string@"nu-complete jwtctl keygen kdf" # Key derivation for --encrypt: scrypt (default) or pbkdf2 (PBKDF2-SHA256, 600000 rounds)
    --color: string@"nu-complete jwtctl keygen color" # When to colour output: auto (only on a terminal, and not when NO_COLOR is set), always, or never
    --now: string             # Pretend the current time is TIME (a duration from now, RFC 3339, YYYY-MM-DD or Unix seconds). Makes output reproducible and checks tokens "as of" a moment
    --help(-h)                # Print help (see more with '--help')
  ]

  def "nu-complete jwtctl sign serialization" [] {
    [ "compact" "flattened" "general" ]
  }

  def "nu-complete jwtctl sign color" [] {
    [ "auto" "always" "never" ]
  }

  # Build claims (or take any payload) and print one JWS, compact by default
  export extern "jwtctl sign" [
    --key(-k): string         # The private key: PEM, DER, JWK or JWKS (pick with --kid), or - for standard input. Repeat for one signature per key (--serialization general)
    --secret(-s): string      # The HMAC secret: @FILE, env:NAME, b64:DATA, - (stdin), prompt, or a literal
    --passphrase: string      # Where the passphrase of an encrypted private key comes from: @FILE, env:NAME, b64:DATA, - (stdin), prompt, or a literal. Default: prompt on a terminal
    --alg: string             # The algorithm (default: from the key; a JWK's own alg when it has one)
    --claims: string          # A JSON object to start from (a file, or - for standard input); also takes the `decode --json` envelope, keeping the header's extra members
    --iss: string             # Issuer (iss)
    --sub: string             # Subject (sub)
    --aud: string             # Audience (aud); repeat for several, which makes an array
    --exp: string             # Expiry (exp): a duration from now (15m, 1h30m, 7d, -1h), RFC 3339, YYYY-MM-DD or Unix seconds
    --nbf: string             # Not before (nbf), as TIME
    --iat: string             # Issued at (iat), as TIME (default: now)
    --no-iat                  # Leave iat out
    --jti: string             # Token id (jti); "auto" makes a random UUID
    --claim(-c): string       # A claim: KEY=VALUE sets a string, KEY:=JSON any JSON value (n:=1, ok:=true, roles:='["a","b"]'). Repeatable
    --typ: string             # The typ header (default JWT)
    --no-typ                  # Leave the typ header out
    --kid: string             # The kid header: a value, or "thumbprint" for the key's RFC 7638 thumbprint. Default: the JWK's own kid. With a JWKS, also picks the signing key
    --header(-H): string      # An extra header member: KEY=VALUE or KEY:=JSON (x5t, cty, ...). Repeatable
    --unprotected(-U): string # A member of each signature's unprotected header (JSON serializations): KEY=VALUE or KEY:=JSON. Repeatable. A member set here is left out of the protected header (a kid from the key too); alg, crit and b64 are always protected
    --payload: string         # Sign this file's bytes (or - for standard input) as they are, instead of claims
    --serialization: string@"nu-complete jwtctl sign serialization" # compact (header.payload.signature, the default), or the JSON serialization: flattened (one signature) or general (a signatures array, one per --key)
    --detached                # Leave the payload out of the JWS (RFC 7515 Appendix F): header..signature in compact form; verify gets the payload with --payload
    --unencoded               # Sign the payload unencoded (RFC 7797: b64 false, listed in crit). In compact form the payload must be free of '.', or detached
    --cnf-jkt: string         # Bind the token to a DPoP key (RFC 9449 §6): cnf.jkt is this RFC 7638 SHA-256 thumbprint (from `jwtctl dpop proof --key KEY --jkt`)
    --cnf-key: string         # Bind the token to a DPoP key: cnf.jkt is this key's thumbprint (public or private key: PEM, DER, JWK; an HMAC secret is refused)
    --out(-o): path           # Write the token to FILE (mode 0600) instead of standard output
    --force                   # Replace an existing --out file
    --color: string@"nu-complete jwtctl sign color" # When to colour output: auto (only on a terminal, and not when NO_COLOR is set), always, or never
    --now: string             # Pretend the current time is TIME (a duration from now, RFC 3339, YYYY-MM-DD or Unix seconds). Makes output reproducible and checks tokens "as of" a moment
    --help(-h)                # Print help (see more with '--help')
  ]

  def "nu-complete jwtctl verify profile" [] {
    [ "access-token" "id-token" ]
  }

  def "nu-complete jwtctl verify color" [] {
    [ "auto" "always" "never" ]
  }

  # Check a token's signature and claims; print the verified claims
  export extern "jwtctl verify" [
    --key(-k): string         # The key: PEM, DER, JWK or JWKS (the token's kid picks the key), or - for standard input
    --secret(-s): string      # The HMAC secret: @FILE, env:NAME, b64:DATA, - (stdin), prompt, or a literal
    --jwks: string            # A JWKS file or http(s) URL (an OpenID configuration URL works too: its jwks_uri is followed); the token's kid picks the key, else its algorithm
    --issuer: string          # The issuer's URL: its keys come from its metadata (OpenID Connect Discovery 1.0 at URL/.well-known/openid-configuration, else RFC 8414's oauth-authorization-server), whose issuer must be URL exactly, through its jwks_uri (https; http only when the issuer and its keys are both on this machine). Implies --iss URL. With --batch, discovery happens once per run
    --cache-dir: path         # The directory of the JWKS cache for --issuer and --jwks URL (default: $XDG_CACHE_HOME/jwtctl, else ~/.cache/jwtctl). A copy is used while fresh (the server's Cache-Control max-age, at least 5 minutes and at most a day), then revalidated with its ETag; a token whose kid the cached set lacks causes one refetch (at most one a minute). Files are written atomically, one per URL, with public keys only, at most 64 (the oldest are removed); a file that is not one of the cache's, or claims to be fresh for more than a day, is ignored and replaced. A cache directory or file owned by another user is neither read nor written, and one others can write is not read
    --no-cache                # Fetch keys and metadata without the cache: nothing is read from it or written to it
    --offline                 # Verify from the cache alone, without a request: exit 5 when it holds no fresh copy of what --issuer or --jwks URL needs
    --timeout: string         # Network timeout for a --jwks or --issuer URL (connect and read together, redirects included: one deadline for each URL), 1s to 1h
    --passphrase: string      # Where the passphrase of an encrypted private key comes from: @FILE, env:NAME, b64:DATA, - (stdin), prompt, or a literal. Default: prompt on a terminal
    --alg: string             # Allowed algorithms (repeatable or comma-separated). Default: the key family's algorithms
    --allow-no-exp            # Accept tokens that have no exp claim
    --signature-only          # Check only the signature; the payload need not be JSON. It is printed as it is: text with a newline added, other bytes exactly in a pipe; on a terminal, control characters and bytes that are not UTF-8 are shown escaped. --json shows a payload that is not UTF-8 in base64url, as decode --json does
    --leeway: string          # Clock skew tolerated on exp, nbf, iat and --max-age (e.g. 30s, 2m). Default 0, at most 1h; over 5m, a warning on standard error. To check a token as of another time, use --now
    --iss: string             # Required issuer (repeat to accept any of several)
    --aud: string             # Required audience: the token passes if any of its audiences is one of these
    --sub: string             # Required subject
    --require: string         # Claims that must be present (repeatable or comma-separated)
    --claim: string           # A claim that must have this value: KEY=VALUE (string) or KEY:=JSON. Repeatable
    --max-age: string         # Largest accepted age, measured from iat (e.g. 1h; at most 36500d)
    --typ: string             # The header's typ must name this media type (RFC 7515 §4.1.9: compared without regard to case, the application/ prefix optional), e.g. at+jwt. In a JSON serialization it must be in the protected header
    --profile: string@"nu-complete jwtctl verify profile" # The kind of token expected, so that one kind cannot be replayed as another (RFC 8725). access-token (RFC 9068): typ at+jwt; iss, exp, aud, sub, client_id, iat and jti present; --aud required. id-token (OpenID Connect Core 3.1.3.7): --aud is the client id (exactly one); iss, sub, aud, exp and iat present; typ JWT or none; azp present when there are several audiences, and equal to the client id when present; --nonce, --access-token (at_hash), --code (c_hash) checked when given; with --max-age, auth_time required and at most that old too; with --issuer, only the issuer's id_token_signing_alg_values_supported algorithms
    --nonce: string           # ID tokens: the nonce the client sent; the token's nonce claim must equal it
    --access-token: string    # ID tokens: the access token issued with it (TOKEN, @FILE or - for standard input); the token's at_hash must be its hash
    --code: string            # ID tokens: the authorization code issued with it; the token's c_hash must be its hash
    --deny: string            # A file of revoked token ids (jti), one per line; # starts a comment
    --payload: string         # The payload of a detached JWS (header..signature, or JSON without payload): a file, or - for standard input
    --quiet(-q)               # Print nothing; the exit status says it all
    --json                    # Print {"valid":true,"header":...,"claims":...} or {"valid":false,"error":{"code":..., "message":...}} on standard output, for valid and invalid tokens alike
    --batch                   # Verify many tokens: one per line from standard input (or the files given), one --json envelope per line with its line number, in input order; a summary on standard error. Uses every core; the lines in memory are bounded whatever the input (LIMITS). On a terminal, standard error shows a progress line until the summary (tokens, valid, rejected, rate; for files, the percentage and time left); never with -q
    --color: string@"nu-complete jwtctl verify color" # When to colour output: auto (only on a terminal, and not when NO_COLOR is set), always, or never
    --now: string             # Pretend the current time is TIME (a duration from now, RFC 3339, YYYY-MM-DD or Unix seconds). Makes output reproducible and checks tokens "as of" a moment
    --help(-h)                # Print help (see more with '--help')
    ...tokens: string         # The token, @FILE, or - (default) for standard input. With --batch: files of tokens (@FILE or FILE), one per line
  ]

  def "nu-complete jwtctl decode color" [] {
    [ "auto" "always" "never" ]
  }

  # Show a token without verifying it
  export extern "jwtctl decode" [
    --json                    # Print {"header":...,"payload":...,"signature":...} as JSON
    --header                  # Print only the header JSON
    --payload                 # Print only the payload (JSON, or the text of a non-JSON payload)
    --date: string            # The zone the time annotations use: utc (default), local, or an offset like +02:00
    --color: string@"nu-complete jwtctl decode color" # When to colour output: auto (only on a terminal, and not when NO_COLOR is set), always, or never
    --now: string             # Pretend the current time is TIME (a duration from now, RFC 3339, YYYY-MM-DD or Unix seconds). Makes output reproducible and checks tokens "as of" a moment
    --help(-h)                # Print help (see more with '--help')
    token?: string            # The token, @FILE, or - (default) for standard input
  ]

  def "nu-complete jwtctl jwks color" [] {
    [ "auto" "always" "never" ]
  }

  # Work with JSON Web Keys and key sets: create, show, convert, thumbprint, serve
  export extern "jwtctl jwks" [
    --color: string@"nu-complete jwtctl jwks color" # When to colour output: auto (only on a terminal, and not when NO_COLOR is set), always, or never
    --now: string             # Pretend the current time is TIME (a duration from now, RFC 3339, YYYY-MM-DD or Unix seconds). Makes output reproducible and checks tokens "as of" a moment
    --help(-h)                # Print help (see more with '--help')
  ]

  def "nu-complete jwtctl jwks create color" [] {
    [ "auto" "always" "never" ]
  }

  # Build a public JWKS from keys, for a service to publish
  export extern "jwtctl jwks create" [
    --alg: string             # The alg for keys of that algorithm's family (e.g. PS256 for RSA keys); repeatable. Default: the key's own alg, else RS256 / ES256 / ES384 / ES512 / ES256K / EdDSA
    --merge: string           # An existing JWKS to add to: its keys follow the new ones (key rotation)
    --remove: string          # Leave out the key with this kid (repeatable)
    --passphrase: string      # Where the passphrase of an encrypted private key comes from: @FILE, env:NAME, b64:DATA, - (stdin), prompt, or a literal. Default: prompt on a terminal
    --color: string@"nu-complete jwtctl jwks create color" # When to colour output: auto (only on a terminal, and not when NO_COLOR is set), always, or never
    --now: string             # Pretend the current time is TIME (a duration from now, RFC 3339, YYYY-MM-DD or Unix seconds). Makes output reproducible and checks tokens "as of" a moment
    --help(-h)                # Print help (see more with '--help')
    ...keys: string           # Key files (or - for standard input, once)
  ]

  def "nu-complete jwtctl jwks show color" [] {
    [ "auto" "always" "never" ]
  }

  # Show the keys of a JWKS (file or URL) as a table, and what is wrong with them
  export extern "jwtctl jwks show" [
    --json                    # Print a JSON array of the rows (kid, kty, size, alg, use, thumbprint, private, problems)
    --timeout: string         # Network timeout for a URL (connect and read together), 1s to 1h
    --color: string@"nu-complete jwtctl jwks show color" # When to colour output: auto (only on a terminal, and not when NO_COLOR is set), always, or never
    --now: string             # Pretend the current time is TIME (a duration from now, RFC 3339, YYYY-MM-DD or Unix seconds). Makes output reproducible and checks tokens "as of" a moment
    --help(-h)                # Print help (see more with '--help')
    source: string            # The JWKS: a file, an http(s) URL (an OpenID configuration URL works too), or -
  ]

  def "nu-complete jwtctl jwks convert to" [] {
    [ "pem" "jwk" ]
  }

  def "nu-complete jwtctl jwks convert color" [] {
    [ "auto" "always" "never" ]
  }

  # Convert a key between PEM and JWK
  export extern "jwtctl jwks convert" [
    --to: string@"nu-complete jwtctl jwks convert to" # The output format
    --public                  # Write only the public key
    --kid: string             # With a JWKS, the kid of the key to convert
    --passphrase: string      # Where the passphrase of an encrypted private key comes from: @FILE, env:NAME, b64:DATA, - (stdin), prompt, or a literal. Default: prompt on a terminal
    --color: string@"nu-complete jwtctl jwks convert color" # When to colour output: auto (only on a terminal, and not when NO_COLOR is set), always, or never
    --now: string             # Pretend the current time is TIME (a duration from now, RFC 3339, YYYY-MM-DD or Unix seconds). Makes output reproducible and checks tokens "as of" a moment
    --help(-h)                # Print help (see more with '--help')
    key: string               # The key file, or - for standard input
  ]

  def "nu-complete jwtctl jwks thumbprint hash" [] {
    [ "sha256" "sha384" "sha512" ]
  }

  def "nu-complete jwtctl jwks thumbprint color" [] {
    [ "auto" "always" "never" ]
  }

  # Print the RFC 7638 thumbprint of a key (base64url of the hash of its canonical JWK)
  export extern "jwtctl jwks thumbprint" [
    --hash: string@"nu-complete jwtctl jwks thumbprint hash" # The hash function
    --passphrase: string      # Where the passphrase of an encrypted private key comes from: @FILE, env:NAME, b64:DATA, - (stdin), prompt, or a literal. Default: prompt on a terminal
    --color: string@"nu-complete jwtctl jwks thumbprint color" # When to colour output: auto (only on a terminal, and not when NO_COLOR is set), always, or never
    --now: string             # Pretend the current time is TIME (a duration from now, RFC 3339, YYYY-MM-DD or Unix seconds). Makes output reproducible and checks tokens "as of" a moment
    --help(-h)                # Print help (see more with '--help')
    key: string               # The key file, or - for standard input
  ]

  def "nu-complete jwtctl jwks serve color" [] {
    [ "auto" "always" "never" ]
  }

  # Serve the public JWKS of keys over HTTP, for local development
  export extern "jwtctl jwks serve" [
    --bind: string            # The address to listen on
    --port: string            # The port (0 picks a free one)
    --issuer: string          # The issuer in /.well-known/openid-configuration (default: the server's URL)
    --alg: string             # The alg for keys of that algorithm's family, as in `jwks create`
    --passphrase: string      # Where the passphrase of an encrypted private key comes from: @FILE, env:NAME, b64:DATA, - (stdin), prompt, or a literal. Default: prompt on a terminal
    --color: string@"nu-complete jwtctl jwks serve color" # When to colour output: auto (only on a terminal, and not when NO_COLOR is set), always, or never
    --now: string             # Pretend the current time is TIME (a duration from now, RFC 3339, YYYY-MM-DD or Unix seconds). Makes output reproducible and checks tokens "as of" a moment
    --help(-h)                # Print help (see more with '--help')
    ...keys: string           # Key files or JWKS documents
  ]

  # Print this message or the help of the given subcommand(s)
  export extern "jwtctl jwks help" [
  ]

  # Build a public JWKS from keys, for a service to publish
  export extern "jwtctl jwks help create" [
  ]

  # Show the keys of a JWKS (file or URL) as a table, and what is wrong with them
  export extern "jwtctl jwks help show" [
  ]

  # Convert a key between PEM and JWK
  export extern "jwtctl jwks help convert" [
  ]

  # Print the RFC 7638 thumbprint of a key (base64url of the hash of its canonical JWK)
  export extern "jwtctl jwks help thumbprint" [
  ]

  # Serve the public JWKS of keys over HTTP, for local development
  export extern "jwtctl jwks help serve" [
  ]

  # Print this message or the help of the given subcommand(s)
  export extern "jwtctl jwks help help" [
  ]

  def "nu-complete jwtctl encrypt serialization" [] {
    [ "compact" "flattened" "general" ]
  }

  def "nu-complete jwtctl encrypt color" [] {
    [ "auto" "always" "never" ]
  }

  # Encrypt claims (or any payload) into a JWE (RFC 7516), compact by default
  export extern "jwtctl encrypt" [
    --key(-k): string         # The recipient's key: RSA or EC (the public half to encrypt, the private one to decrypt), or an oct JWK. encrypt takes it once per recipient (--serialization general)
    --secret(-s): string      # A symmetric key for A128KW / A256KW / dir: @FILE, env:NAME, b64:DATA, -, prompt
    --password: string        # A password for PBES2: @FILE, env:NAME, b64:DATA, -, prompt, or a literal
    --passphrase: string      # Where the passphrase of an encrypted private key comes from: @FILE, env:NAME, b64:DATA, - (stdin), prompt, or a literal. Default: prompt on a terminal
    --alg: string             # Key management algorithm: RSA-OAEP, RSA-OAEP-256, ECDH-ES, ECDH-ES+A128KW, ECDH-ES+A192KW, ECDH-ES+A256KW, A128KW, A192KW, A256KW, A128GCMKW, A192GCMKW, A256GCMKW, dir, PBES2-HS256+A128KW, PBES2-HS384+A192KW, PBES2-HS512+A256KW
    --enc: string             # Content encryption: A128GCM, A192GCM, A256GCM (default), A128CBC-HS256, A192CBC-HS384, A256CBC-HS512
    --p2c: string             # PBES2 iteration count for --password (1000 to 1000000). The default, 10000, is the most node jose and jwcrypto read without raising their limits; more resists password guessing better
    --cty: string             # The cty header (default: JWT when --payload is a signed JWT)
    --kid: string             # The kid header: a value, or "thumbprint". Default: the JWK's own kid
    --payload: string         # Encrypt this file (or - for standard input) as it is, instead of claims
    --claims: string          # A JSON object to start from (a file, or - for standard input); also takes the `decode --json` envelope, keeping the header's extra members
    --iss: string             # Issuer (iss)
    --sub: string             # Subject (sub)
    --aud: string             # Audience (aud); repeat for several, which makes an array
    --exp: string             # Expiry (exp): a duration from now (15m, 1h30m, 7d, -1h), RFC 3339, YYYY-MM-DD or Unix seconds
    --nbf: string             # Not before (nbf), as TIME
    --iat: string             # Issued at (iat), as TIME (default: now)
    --no-iat                  # Leave iat out
    --jti: string             # Token id (jti); "auto" makes a random UUID
    --claim(-c): string       # A claim: KEY=VALUE sets a string, KEY:=JSON any JSON value (n:=1, ok:=true, roles:='["a","b"]'). Repeatable
    --serialization: string@"nu-complete jwtctl encrypt serialization" # compact (five segments, the default), or the JSON serialization: flattened (one recipient) or general (a recipients array, one per --key)
    --unprotected(-U): string # A member of the shared unprotected header (JSON serializations): KEY=VALUE or KEY:=JSON. Repeatable
    --aad: string             # Additional authenticated data (JSON serializations): this file's bytes (or - for standard input) are authenticated with the ciphertext, and carried unencrypted as aad
    --out(-o): path           # Write the token to FILE (mode 0600) instead of standard output
    --force                   # Replace an existing --out file
    --color: string@"nu-complete jwtctl encrypt color" # When to colour output: auto (only on a terminal, and not when NO_COLOR is set), always, or never
    --now: string             # Pretend the current time is TIME (a duration from now, RFC 3339, YYYY-MM-DD or Unix seconds). Makes output reproducible and checks tokens "as of" a moment
    --help(-h)                # Print help (see more with '--help')
  ]

  def "nu-complete jwtctl decrypt color" [] {
    [ "auto" "always" "never" ]
  }

  # Decrypt a JWE and print its plaintext
  export extern "jwtctl decrypt" [
    --key(-k): string         # The recipient's key: RSA or EC (the public half to encrypt, the private one to decrypt), or an oct JWK. encrypt takes it once per recipient (--serialization general)
    --secret(-s): string      # A symmetric key for A128KW / A256KW / dir: @FILE, env:NAME, b64:DATA, -, prompt
    --password: string        # A password for PBES2: @FILE, env:NAME, b64:DATA, -, prompt, or a literal
    --passphrase: string      # Where the passphrase of an encrypted private key comes from: @FILE, env:NAME, b64:DATA, - (stdin), prompt, or a literal. Default: prompt on a terminal
    --alg: string             # Allowed key management algorithms (repeatable or comma-separated): RSA-OAEP, RSA-OAEP-256, RSA1_5, ECDH-ES, ECDH-ES+A128KW, ECDH-ES+A192KW, ECDH-ES+A256KW, A128KW, A192KW, A256KW, A128GCMKW, A192GCMKW, A256GCMKW, dir, PBES2-HS256+A128KW, PBES2-HS384+A192KW, PBES2-HS512+A256KW
    --enc: string             # Allowed content encryption algorithms (repeatable or comma-separated): A128GCM, A192GCM, A256GCM, A128CBC-HS256, A192CBC-HS384, A256CBC-HS512
    --allow-rsa1-5            # Accept RSA1_5 (PKCS#1 v1.5) key transport, for old senders only
    --allow-zip               # Accept compressed payloads (zip DEF), inflated to at most 1 MiB
    --verify-key: string      # The plaintext is a signed JWT: verify it with this key (exp required unless --allow-no-exp, algorithms from the key) and print its claims
    --allow-no-exp            # With --verify-key: accept a nested JWT that has no exp (it never expires)
    --json                    # Print {"header":...,"plaintext":...} (the plaintext as JSON when it is JSON) or {"valid":false,"error":{...}}
    --color: string@"nu-complete jwtctl decrypt color" # When to colour output: auto (only on a terminal, and not when NO_COLOR is set), always, or never
    --now: string             # Pretend the current time is TIME (a duration from now, RFC 3339, YYYY-MM-DD or Unix seconds). Makes output reproducible and checks tokens "as of" a moment
    --help(-h)                # Print help (see more with '--help')
    token?: string            # The token, @FILE, or - (default) for standard input
  ]

  def "nu-complete jwtctl dpop color" [] {
    [ "auto" "always" "never" ]
  }

  # Mint and check DPoP proofs (RFC 9449) for testing sender-constrained APIs
  export extern "jwtctl dpop" [
    --color: string@"nu-complete jwtctl dpop color" # When to colour output: auto (only on a terminal, and not when NO_COLOR is set), always, or never
    --now: string             # Pretend the current time is TIME (a duration from now, RFC 3339, YYYY-MM-DD or Unix seconds). Makes output reproducible and checks tokens "as of" a moment
    --help(-h)                # Print help (see more with '--help')
  ]

  def "nu-complete jwtctl dpop proof color" [] {
    [ "auto" "always" "never" ]
  }

  # Print a fresh DPoP proof for one request (or, with --jkt, the key's thumbprint)
  export extern "jwtctl dpop proof" [
    --key(-k): string         # The private key: PEM, DER, JWK or JWKS (pick with --kid), or - for standard input
    --passphrase: string      # Where the passphrase of an encrypted private key comes from: @FILE, env:NAME, b64:DATA, - (stdin), prompt, or a literal. Default: prompt on a terminal
    --kid: string             # With a JWKS, the kid of the key to use
    --alg: string             # The algorithm (default: from the key; a JWK's own alg when it has one). Asymmetric only
    --method: string          # The HTTP method of the request (htm), as sent: GET, POST, ...
    --url: string             # The URL of the request: htu is this URL without its query and fragment
    --access-token: string    # The access token the request carries (TOKEN, @FILE or -): the proof gets its ath
    --nonce: string           # The nonce the server asked for (its DPoP-Nonce header)
    --jkt                     # Print the key's RFC 7638 SHA-256 thumbprint (dpop_jkt, cnf.jkt) instead of a proof
    --color: string@"nu-complete jwtctl dpop proof color" # When to colour output: auto (only on a terminal, and not when NO_COLOR is set), always, or never
    --now: string             # Pretend the current time is TIME (a duration from now, RFC 3339, YYYY-MM-DD or Unix seconds). Makes output reproducible and checks tokens "as of" a moment
    --help(-h)                # Print help (see more with '--help')
  ]

  def "nu-complete jwtctl dpop verify color" [] {
    [ "auto" "always" "never" ]
  }

  # Check a DPoP proof against a request, as a resource or authorization server would
  export extern "jwtctl dpop verify" [
    --method: string          # The HTTP method of the request
    --url: string             # The URL of the request
    --access-token: string    # The access token sent with the proof (TOKEN, @FILE or -): ath must be its hash, and when it is a JWT its cnf.jkt must be the proof key's thumbprint
    --nonce: string           # The nonce the server gave (DPoP-Nonce): the proof must carry it
    --jkt: string             # The thumbprint the proof key must have (the dpop_jkt or cnf.jkt it is bound to)
    --alg: string             # Allowed algorithms (repeatable or comma-separated; asymmetric only). Default: every RSA, EC and EdDSA algorithm
    --max-age: string         # Largest accepted age of the proof, from its iat (default 5m)
    --leeway: string          # Clock skew tolerated on iat, both ways (default 0, at most 1h)
    --seen: path              # Remember accepted proofs in FILE and reject a jti seen before within the window
    --quiet(-q)               # Print nothing; the exit status says it all
    --json                    # Print {"valid":true,"jkt":...,"header":...,"claims":...} or {"valid":false,"error": {"code":...,"message":...}} on standard output, for valid and invalid proofs alike
    --color: string@"nu-complete jwtctl dpop verify color" # When to colour output: auto (only on a terminal, and not when NO_COLOR is set), always, or never
    --now: string             # Pretend the current time is TIME (a duration from now, RFC 3339, YYYY-MM-DD or Unix seconds). Makes output reproducible and checks tokens "as of" a moment
    --help(-h)                # Print help (see more with '--help')
    proof?: string            # The proof (the DPoP header's value), @FILE, or - (default) for standard input
  ]

  # Print this message or the help of the given subcommand(s)
  export extern "jwtctl dpop help" [
  ]

  # Print a fresh DPoP proof for one request (or, with --jkt, the key's thumbprint)
  export extern "jwtctl dpop help proof" [
  ]

  # Check a DPoP proof against a request, as a resource or authorization server would
  export extern "jwtctl dpop help verify" [
  ]

  # Print this message or the help of the given subcommand(s)
  export extern "jwtctl dpop help help" [
  ]

  def "nu-complete jwtctl sd-jwt color" [] {
    [ "auto" "always" "never" ]
  }

  # Issue, present and verify selective-disclosure JWTs (SD-JWT, RFC 9901)
  export extern "jwtctl sd-jwt" [
    --color: string@"nu-complete jwtctl sd-jwt color" # When to colour output: auto (only on a terminal, and not when NO_COLOR is set), always, or never
    --now: string             # Pretend the current time is TIME (a duration from now, RFC 3339, YYYY-MM-DD or Unix seconds). Makes output reproducible and checks tokens "as of" a moment
    --help(-h)                # Print help (see more with '--help')
  ]

  def "nu-complete jwtctl sd-jwt issue color" [] {
    [ "auto" "always" "never" ]
  }

  # Issue an SD-JWT: sign claims with some of them selectively disclosable
  export extern "jwtctl sd-jwt issue" [
    --key(-k): string         # The issuer's private key: PEM, DER, JWK or JWKS (pick with --kid), or - for standard input
    --passphrase: string      # Where the passphrase of an encrypted private key comes from: @FILE, env:NAME, b64:DATA, - (stdin), prompt, or a literal. Default: prompt on a terminal
    --kid: string             # With a JWKS, the kid of the key to use (and the header's kid)
    --alg: string             # The algorithm (default: from the key; a JWK's own alg when it has one)
    --claims: string          # A JSON object to start from (a file, or - for standard input); also takes the `decode --json` envelope, keeping the header's extra members
    --iss: string             # Issuer (iss)
    --sub: string             # Subject (sub)
    --aud: string             # Audience (aud); repeat for several, which makes an array
    --exp: string             # Expiry (exp): a duration from now (15m, 1h30m, 7d, -1h), RFC 3339, YYYY-MM-DD or Unix seconds
    --nbf: string             # Not before (nbf), as TIME
    --iat: string             # Issued at (iat), as TIME (default: now)
    --no-iat                  # Leave iat out
    --jti: string             # Token id (jti); "auto" makes a random UUID
    --claim(-c): string       # A claim: KEY=VALUE sets a string, KEY:=JSON any JSON value (n:=1, ok:=true, roles:='["a","b"]'). Repeatable
    --sd: string              # A JSON pointer to a claim to make selectively disclosable. Repeatable
    --decoys: string          # Random decoy digests to add to the top-level _sd (at most 1000)
    --holder-key: string      # The holder's public key (PEM, DER or JWK): the SD-JWT is bound to it with cnf.jwk. It must be able to sign Key Binding JWTs: RSA, EC or Ed25519 (an X25519 key or an HMAC secret is refused, exit 4)
    --typ: string             # The typ header (dc+sd-jwt for SD-JWT VC, example+sd-jwt, ...). Default: none
    --color: string@"nu-complete jwtctl sd-jwt issue color" # When to colour output: auto (only on a terminal, and not when NO_COLOR is set), always, or never
    --now: string             # Pretend the current time is TIME (a duration from now, RFC 3339, YYYY-MM-DD or Unix seconds). Makes output reproducible and checks tokens "as of" a moment
    --help(-h)                # Print help (see more with '--help')
  ]

  def "nu-complete jwtctl sd-jwt present color" [] {
    [ "auto" "always" "never" ]
  }

  # Make a presentation: keep the disclosures of the claims to show, drop the others
  export extern "jwtctl sd-jwt present" [
    --disclose: string        # A JSON pointer to a claim to disclose. Repeatable
    --holder-key: string      # The holder's private key (PEM, DER, JWK or JWKS with --kid): appends a Key Binding JWT
    --passphrase: string      # Where the passphrase of an encrypted private key comes from: @FILE, env:NAME, b64:DATA, - (stdin), prompt, or a literal. Default: prompt on a terminal
    --kid: string             # With a JWKS, the kid of the holder key
    --alg: string             # The algorithm of the Key Binding JWT (default: from the key). Asymmetric only
    --aud: string             # The verifier the presentation is for: the Key Binding JWT's aud
    --nonce: string           # The verifier's nonce: the Key Binding JWT's nonce
    --color: string@"nu-complete jwtctl sd-jwt present color" # When to colour output: auto (only on a terminal, and not when NO_COLOR is set), always, or never
    --now: string             # Pretend the current time is TIME (a duration from now, RFC 3339, YYYY-MM-DD or Unix seconds). Makes output reproducible and checks tokens "as of" a moment
    --help(-h)                # Print help (see more with '--help')
    sd_jwt?: string           # The SD-JWT as issued, @FILE, or - (default) for standard input
  ]

  def "nu-complete jwtctl sd-jwt verify color" [] {
    [ "auto" "always" "never" ]
  }

  # Verify an SD-JWT or a presentation; print the disclosed claims
  export extern "jwtctl sd-jwt verify" [
    --key(-k): string         # The issuer's key: PEM, DER, JWK or JWKS (the issuer JWT's kid picks the key), or - for standard input
    --jwks: string            # The issuer's JWKS, a file or http(s) URL (an OpenID configuration URL works too)
    --timeout: string         # Network timeout for a --jwks URL, 1s to 1h
    --passphrase: string      # Where the passphrase of an encrypted private key comes from: @FILE, env:NAME, b64:DATA, - (stdin), prompt, or a literal. Default: prompt on a terminal
    --alg: string             # Allowed algorithms of the issuer JWT (repeatable or comma-separated). Default: the key family's algorithms
    --allow-no-exp            # Accept an issuer JWT that has no exp claim
    --leeway: string          # Clock skew tolerated on exp, nbf, iat, --max-age and the KB-JWT's iat (default 0, at most 1h)
    --iss: string             # Required issuer (repeat to accept any of several)
    --sub: string             # Required subject
    --require: string         # Claims that must be present once disclosed (repeatable or comma-separated)
    --claim: string           # A claim that must have this value once disclosed: KEY=VALUE or KEY:=JSON. Repeatable
    --max-age: string         # Largest accepted age of the issuer JWT, from its iat
    --deny: string            # A file of revoked token ids (the issuer JWT's jti), one per line; # starts a comment
    --typ: string             # The issuer JWT's typ must name this media type (RFC 7515 §4.1.9: compared without regard to case, the application/ prefix optional), e.g. dc+sd-jwt. RFC 9901 §9.11 recommends that verifiers check it, so that another kind of JWT cannot pass as this one
    --require-key-binding     # Refuse a presentation without a Key Binding JWT
    --aud: string             # This verifier's identifier: the Key Binding JWT's aud must be it (and there must be one), and an issuer JWT that names audiences must include it
    --nonce: string           # The nonce this verifier gave: the Key Binding JWT's nonce must be it (and there must be one)
    --kb-max-age: string      # Largest accepted age of the Key Binding JWT, from its iat (default 5m)
    --quiet(-q)               # Print nothing; the exit status says it all
    --json                    # Print {"valid":true,"header":...,"claims":...,"key_binding":...} or {"valid":false, "error":{"code":...,"message":...}} on standard output, for valid and invalid presentations alike
    --color: string@"nu-complete jwtctl sd-jwt verify color" # When to colour output: auto (only on a terminal, and not when NO_COLOR is set), always, or never
    --now: string             # Pretend the current time is TIME (a duration from now, RFC 3339, YYYY-MM-DD or Unix seconds). Makes output reproducible and checks tokens "as of" a moment
    --help(-h)                # Print help (see more with '--help')
    presentation?: string     # The SD-JWT or presentation, @FILE, or - (default) for standard input
  ]

  # Print this message or the help of the given subcommand(s)
  export extern "jwtctl sd-jwt help" [
  ]

  # Issue an SD-JWT: sign claims with some of them selectively disclosable
  export extern "jwtctl sd-jwt help issue" [
  ]

  # Make a presentation: keep the disclosures of the claims to show, drop the others
  export extern "jwtctl sd-jwt help present" [
  ]

  # Verify an SD-JWT or a presentation; print the disclosed claims
  export extern "jwtctl sd-jwt help verify" [
  ]

  # Print this message or the help of the given subcommand(s)
  export extern "jwtctl sd-jwt help help" [
  ]

  def "nu-complete jwtctl completions shell" [] {
    [ "bash" "zsh" "fish" "elvish" "powershell" "nushell" ]
  }

  def "nu-complete jwtctl completions color" [] {
    [ "auto" "always" "never" ]
  }

  # Print a shell completion script
  export extern "jwtctl completions" [
    --color: string@"nu-complete jwtctl completions color" # When to colour output: auto (only on a terminal, and not when NO_COLOR is set), always, or never
    --now: string             # Pretend the current time is TIME (a duration from now, RFC 3339, YYYY-MM-DD or Unix seconds). Makes output reproducible and checks tokens "as of" a moment
    --help(-h)                # Print help (see more with '--help')
    shell: string@"nu-complete jwtctl completions shell" # The shell
  ]

  def "nu-complete jwtctl man color" [] {
    [ "auto" "always" "never" ]
  }

  # Print a man page (roff), e.g. `jwtctl man sign | man -l -`
  export extern "jwtctl man" [
    --list                    # List the page names instead
    --color: string@"nu-complete jwtctl man color" # When to colour output: auto (only on a terminal, and not when NO_COLOR is set), always, or never
    --now: string             # Pretend the current time is TIME (a duration from now, RFC 3339, YYYY-MM-DD or Unix seconds). Makes output reproducible and checks tokens "as of" a moment
    --help(-h)                # Print help (see more with '--help')
    page?: string             # The page: jwtctl (default), a command (sign), or a jwks command (jwks-create)
  ]

  # Print this message or the help of the given subcommand(s)
  export extern "jwtctl help" [
  ]

  # Generate a key pair or an HMAC secret
  export extern "jwtctl help keygen" [
  ]

  # Build claims (or take any payload) and print one JWS, compact by default
  export extern "jwtctl help sign" [
  ]

  # Check a token's signature and claims; print the verified claims
  export extern "jwtctl help verify" [
  ]

  # Show a token without verifying it
  export extern "jwtctl help decode" [
  ]

  # Work with JSON Web Keys and key sets: create, show, convert, thumbprint, serve
  export extern "jwtctl help jwks" [
  ]

  # Build a public JWKS from keys, for a service to publish
  export extern "jwtctl help jwks create" [
  ]

  # Show the keys of a JWKS (file or URL) as a table, and what is wrong with them
  export extern "jwtctl help jwks show" [
  ]

  # Convert a key between PEM and JWK
  export extern "jwtctl help jwks convert" [
  ]

  # Print the RFC 7638 thumbprint of a key (base64url of the hash of its canonical JWK)
  export extern "jwtctl help jwks thumbprint" [
  ]

  # Serve the public JWKS of keys over HTTP, for local development
  export extern "jwtctl help jwks serve" [
  ]

  # Encrypt claims (or any payload) into a JWE (RFC 7516), compact by default
  export extern "jwtctl help encrypt" [
  ]

  # Decrypt a JWE and print its plaintext
  export extern "jwtctl help decrypt" [
  ]

  # Mint and check DPoP proofs (RFC 9449) for testing sender-constrained APIs
  export extern "jwtctl help dpop" [
  ]

  # Print a fresh DPoP proof for one request (or, with --jkt, the key's thumbprint)
  export extern "jwtctl help dpop proof" [
  ]

  # Check a DPoP proof against a request, as a resource or authorization server would
  export extern "jwtctl help dpop verify" [
  ]

  # Issue, present and verify selective-disclosure JWTs (SD-JWT, RFC 9901)
  export extern "jwtctl help sd-jwt" [
  ]

  # Issue an SD-JWT: sign claims with some of them selectively disclosable
  export extern "jwtctl help sd-jwt issue" [
  ]

  # Make a presentation: keep the disclosures of the claims to show, drop the others
  export extern "jwtctl help sd-jwt present" [
  ]

  # Verify an SD-JWT or a presentation; print the disclosed claims
  export extern "jwtctl help sd-jwt verify" [
  ]

  # Print a shell completion script
  export extern "jwtctl help completions" [
  ]

  # Print a man page (roff), e.g. `jwtctl man sign | man -l -`
  export extern "jwtctl help man" [
  ]

  # Print this message or the help of the given subcommand(s)
  export extern "jwtctl help help" [
  ]

}

export use completions *
