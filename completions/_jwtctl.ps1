
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'jwtctl' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'jwtctl'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'jwtctl' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (only on a terminal, and not when NO_COLOR is set), always, or never')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'Pretend the current time is TIME (a duration from now, RFC 3339, YYYY-MM-DD or Unix seconds). Makes output reproducible and checks tokens "as of" a moment')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('keygen', 'keygen', [CompletionResultType]::ParameterValue, 'Generate a key pair or an HMAC secret')
            [CompletionResult]::new('sign', 'sign', [CompletionResultType]::ParameterValue, 'Build claims (or take any payload) and print one JWS, compact by default')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check a token''s signature and claims; print the verified claims')
            [CompletionResult]::new('decode', 'decode', [CompletionResultType]::ParameterValue, 'Show a token without verifying it')
            [CompletionResult]::new('jwks', 'jwks', [CompletionResultType]::ParameterValue, 'Work with JSON Web Keys and key sets: create, show, convert, thumbprint, serve')
            [CompletionResult]::new('encrypt', 'encrypt', [CompletionResultType]::ParameterValue, 'Encrypt claims (or any payload) into a JWE (RFC 7516), compact by default')
            [CompletionResult]::new('decrypt', 'decrypt', [CompletionResultType]::ParameterValue, 'Decrypt a JWE and print its plaintext')
            [CompletionResult]::new('dpop', 'dpop', [CompletionResultType]::ParameterValue, 'Mint and check DPoP proofs (RFC 9449) for testing sender-constrained APIs')
            [CompletionResult]::new('sd-jwt', 'sd-jwt', [CompletionResultType]::ParameterValue, 'Issue, present and verify selective-disclosure JWTs (SD-JWT, RFC 9901)')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print a man page (roff), e.g. `jwtctl man sign | man -l -`')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'jwtctl;keygen' {
            [CompletionResult]::new('--alg', '--alg', [CompletionResultType]::ParameterName, 'The algorithm the key is for: RS256/384/512 and PS256/384/512 (RSA 2048), ES256 (P-256), ES384 (P-384), ES512 (P-521), ES256K (secp256k1), EdDSA (Ed25519), HS256/384/512 (secret of the hash size)')
            [CompletionResult]::new('--type', '--type', [CompletionResultType]::ParameterName, 'The kind of key, when no algorithm is given')
            [CompletionResult]::new('--bits', '--bits', [CompletionResultType]::ParameterName, 'RSA modulus size (2048, 3072 or 4096; default 2048) or secret size in bits (for HMAC at least the hash size, with --use enc at least 128; at most 8192; default 256)')
            [CompletionResult]::new('--curve', '--curve', [CompletionResultType]::ParameterName, 'EC curve for --type ec (default P-256; secp256k1 signs ES256K only)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: pem (PKCS#8 private, SPKI public) or jwk. HMAC secrets are always JWK')
            [CompletionResult]::new('--kid', '--kid', [CompletionResultType]::ParameterName, 'The kid of a JWK (default: its RFC 7638 thumbprint)')
            [CompletionResult]::new('--use', '--use', [CompletionResultType]::ParameterName, 'What the key is for: sig (signatures, the default) or enc (JWE recipients: an RSA or EC key pair, an X25519 key, or a secret of 128 bits or more for AxxxKW/AxxxGCMKW/dir; use --type). The JWK says it in "use"; an enc JWK carries no JWS alg')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write the private key to NAME.pem (or NAME.jwk) and the public key to NAME.pub.pem (or NAME.pub.jwk) instead of printing the private key')
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Write the private key to NAME.pem (or NAME.jwk) and the public key to NAME.pub.pem (or NAME.pub.jwk) instead of printing the private key')
            [CompletionResult]::new('--passphrase', '--passphrase', [CompletionResultType]::ParameterName, 'Where the passphrase for --encrypt comes from: @FILE, env:NAME, b64:DATA, - (stdin), prompt, or a literal. Default: asked twice on the terminal')
            [CompletionResult]::new('--kdf', '--kdf', [CompletionResultType]::ParameterName, 'Key derivation for --encrypt: scrypt (default) or pbkdf2 (PBKDF2-SHA256, 600000 rounds)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (only on a terminal, and not when NO_COLOR is set), always, or never')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'Pretend the current time is TIME (a duration from now, RFC 3339, YYYY-MM-DD or Unix seconds). Makes output reproducible and checks tokens "as of" a moment')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace existing output files')
            [CompletionResult]::new('--encrypt', '--encrypt', [CompletionResultType]::ParameterName, 'Encrypt the private key with a passphrase (PKCS#8 PBES2, AES-256-CBC; PEM only)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'jwtctl;sign' {
            [CompletionResult]::new('-k', '-k', [CompletionResultType]::ParameterName, 'The private key: PEM, DER, JWK or JWKS (pick with --kid), or - for standard input. Repeat for one signature per key (--serialization general)')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'The private key: PEM, DER, JWK or JWKS (pick with --kid), or - for standard input. Repeat for one signature per key (--serialization general)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'The HMAC secret: @FILE, env:NAME, b64:DATA, - (stdin), prompt, or a literal')
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'The HMAC secret: @FILE, env:NAME, b64:DATA, - (stdin), prompt, or a literal')
            [CompletionResult]::new('--passphrase', '--passphrase', [CompletionResultType]::ParameterName, 'Where the passphrase of an encrypted private key comes from: @FILE, env:NAME, b64:DATA, - (stdin), prompt, or a literal. Default: prompt on a terminal')
            [CompletionResult]::new('--alg', '--alg', [CompletionResultType]::ParameterName, 'The algorithm (default: from the key; a JWK''s own alg when it has one)')
            [CompletionResult]::new('--claims', '--claims', [CompletionResultType]::ParameterName, 'A JSON object to start from (a file, or - for standard input); also takes the `decode --json` envelope, keeping the header''s extra members')
            [CompletionResult]::new('--iss', '--iss', [CompletionResultType]::ParameterName, 'Issuer (iss)')
            [CompletionResult]::new('--sub', '--sub', [CompletionResultType]::ParameterName, 'Subject (sub)')
            [CompletionResult]::new('--aud', '--aud', [CompletionResultType]::ParameterName, 'Audience (aud); repeat for several, which makes an array')
            [CompletionResult]::new('--exp', '--exp', [CompletionResultType]::ParameterName, 'Expiry (exp): a duration from now (15m, 1h30m, 7d, -1h), RFC 3339, YYYY-MM-DD or Unix seconds')
            [CompletionResult]::new('--nbf', '--nbf', [CompletionResultType]::ParameterName, 'Not before (nbf), as TIME')
            [CompletionResult]::new('--iat', '--iat', [CompletionResultType]::ParameterName, 'Issued at (iat), as TIME (default: now)')
            [CompletionResult]::new('--jti', '--jti', [CompletionResultType]::ParameterName, 'Token id (jti); "auto" makes a random UUID')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'A claim: KEY=VALUE sets a string, KEY:=JSON any JSON value (n:=1, ok:=true, roles:=''["a","b"]''). Repeatable')
            [CompletionResult]::new('--claim', '--claim', [CompletionResultType]::ParameterName, 'A claim: KEY=VALUE sets a string, KEY:=JSON any JSON value (n:=1, ok:=true, roles:=''["a","b"]''). Repeatable')
            [CompletionResult]::new('--typ', '--typ', [CompletionResultType]::ParameterName, 'The typ header (default JWT)')
            [CompletionResult]::new('--kid', '--kid', [CompletionResultType]::ParameterName, 'The kid header: a value, or "thumbprint" for the key''s RFC 7638 thumbprint. Default: the JWK''s own kid. With a JWKS, also picks the signing key')
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'An extra header member: KEY=VALUE or KEY:=JSON (x5t, cty, ...). Repeatable')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'An extra header member: KEY=VALUE or KEY:=JSON (x5t, cty, ...). Repeatable')
            [CompletionResult]::new('-U', '-U ', [CompletionResultType]::ParameterName, 'A member of each signature''s unprotected header (JSON serializations): KEY=VALUE or KEY:=JSON. Repeatable. A member set here is left out of the protected header (a kid from the key too); alg, crit and b64 are always protected')
            [CompletionResult]::new('--unprotected', '--unprotected', [CompletionResultType]::ParameterName, 'A member of each signature''s unprotected header (JSON serializations): KEY=VALUE or KEY:=JSON. Repeatable. A member set here is left out of the protected header (a kid from the key too); alg, crit and b64 are always protected')
            [CompletionResult]::new('--payload', '--payload', [CompletionResultType]::ParameterName, 'Sign this file''s bytes (or - for standard input) as they are, instead of claims')
            [CompletionResult]::new('--serialization', '--serialization', [CompletionResultType]::ParameterName, 'compact (header.payload.signature, the default), or the JSON serialization: flattened (one signature) or general (a signatures array, one per --key)')
            [CompletionResult]::new('--cnf-jkt', '--cnf-jkt', [CompletionResultType]::ParameterName, 'Bind the token to a DPoP key (RFC 9449 §6): cnf.jkt is this RFC 7638 SHA-256 thumbprint (from `jwtctl dpop proof --key KEY --jkt`)')
            [CompletionResult]::new('--cnf-key', '--cnf-key', [CompletionResultType]::ParameterName, 'Bind the token to a DPoP key: cnf.jkt is this key''s thumbprint (public or private key: PEM, DER, JWK; an HMAC secret is refused)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write the token to FILE (mode 0600) instead of standard output')
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Write the token to FILE (mode 0600) instead of standard output')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (only on a terminal, and not when NO_COLOR is set), always, or never')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'Pretend the current time is TIME (a duration from now, RFC 3339, YYYY-MM-DD or Unix seconds). Makes output reproducible and checks tokens "as of" a moment')
            [CompletionResult]::new('--no-iat', '--no-iat', [CompletionResultType]::ParameterName, 'Leave iat out')
            [CompletionResult]::new('--no-typ', '--no-typ', [CompletionResultType]::ParameterName, 'Leave the typ header out')
            [CompletionResult]::new('--detached', '--detached', [CompletionResultType]::ParameterName, 'Leave the payload out of the JWS (RFC 7515 Appendix F): header..signature in compact form; verify gets the payload with --payload')
            [CompletionResult]::new('--unencoded', '--unencoded', [CompletionResultType]::ParameterName, 'Sign the payload unencoded (RFC 7797: b64 false, listed in crit). In compact form the payload must be free of ''.'', or detached')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace an existing --out file')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'jwtctl;verify' {
            [CompletionResult]::new('-k', '-k', [CompletionResultType]::ParameterName, 'The key: PEM, DER, JWK or JWKS (the token''s kid picks the key), or - for standard input')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'The key: PEM, DER, JWK or JWKS (the token''s kid picks the key), or - for standard input')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'The HMAC secret: @FILE, env:NAME, b64:DATA, - (stdin), prompt, or a literal')
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'The HMAC secret: @FILE, env:NAME, b64:DATA, - (stdin), prompt, or a literal')
            [CompletionResult]::new('--jwks', '--jwks', [CompletionResultType]::ParameterName, 'A JWKS file or http(s) URL (an OpenID configuration URL works too: its jwks_uri is followed); the token''s kid picks the key, else its algorithm')
            [CompletionResult]::new('--issuer', '--issuer', [CompletionResultType]::ParameterName, 'The issuer''s URL: its keys come from its metadata (OpenID Connect Discovery 1.0 at URL/.well-known/openid-configuration, else RFC 8414''s oauth-authorization-server), whose issuer must be URL exactly, through its jwks_uri (https; http only when the issuer and its keys are both on this machine). Implies --iss URL. With --batch, discovery happens once per run')
            [CompletionResult]::new('--cache-dir', '--cache-dir', [CompletionResultType]::ParameterName, 'The directory of the JWKS cache for --issuer and --jwks URL (default: $XDG_CACHE_HOME/jwtctl, else ~/.cache/jwtctl). A copy is used while fresh (the server''s Cache-Control max-age, at least 5 minutes and at most a day), then revalidated with its ETag; a token whose kid the cached set lacks causes one refetch (at most one a minute). Files are written atomically, one per URL, with public keys only, at most 64 (the oldest are removed); a file that is not one of the cache''s, or claims to be fresh for more than a day, is ignored and replaced. A cache directory or file owned by another user is neither read nor written, and one others can write is not read')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Network timeout for a --jwks or --issuer URL (connect and read together, redirects included: one deadline for each URL), 1s to 1h')
            [CompletionResult]::new('--passphrase', '--passphrase', [CompletionResultType]::ParameterName, 'Where the passphrase of an encrypted private key comes from: @FILE, env:NAME, b64:DATA, - (stdin), prompt, or a literal. Default: prompt on a terminal')
            [CompletionResult]::new('--alg', '--alg', [CompletionResultType]::ParameterName, 'Allowed algorithms (repeatable or comma-separated). Default: the key family''s algorithms')
            [CompletionResult]::new('--leeway', '--leeway', [CompletionResultType]::ParameterName, 'Clock skew tolerated on exp, nbf, iat and --max-age (e.g. 30s, 2m). Default 0, at most 1h; over 5m, a warning on standard error. To check a token as of another time, use --now')
            [CompletionResult]::new('--iss', '--iss', [CompletionResultType]::ParameterName, 'Required issuer (repeat to accept any of several)')
            [CompletionResult]::new('--aud', '--aud', [CompletionResultType]::ParameterName, 'Required audience: the token passes if any of its audiences is one of these')
            [CompletionResult]::new('--sub', '--sub', [CompletionResultType]::ParameterName, 'Required subject')
            [CompletionResult]::new('--require', '--require', [CompletionResultType]::ParameterName, 'Claims that must be present (repeatable or comma-separated)')
            [CompletionResult]::new('--claim', '--claim', [CompletionResultType]::ParameterName, 'A claim that must have this value: KEY=VALUE (string) or KEY:=JSON. Repeatable')
            [CompletionResult]::new('--max-age', '--max-age', [CompletionResultType]::ParameterName, 'Largest accepted age, measured from iat (e.g. 1h; at most 36500d)')
            [CompletionResult]::new('--typ', '--typ', [CompletionResultType]::ParameterName, 'The header''s typ must name this media type (RFC 7515 §4.1.9: compared without regard to case, the application/ prefix optional), e.g. at+jwt. In a JSON serialization it must be in the protected header')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'The kind of token expected, so that one kind cannot be replayed as another (RFC 8725). access-token (RFC 9068): typ at+jwt; iss, exp, aud, sub, client_id, iat and jti present; --aud required. id-token (OpenID Connect Core 3.1.3.7): --aud is the client id (exactly one); iss, sub, aud, exp and iat present; typ JWT or none; azp present when there are several audiences, and equal to the client id when present; --nonce, --access-token (at_hash), --code (c_hash) checked when given; with --max-age, auth_time required and at most that old too; with --issuer, only the issuer''s id_token_signing_alg_values_supported algorithms')
            [CompletionResult]::new('--nonce', '--nonce', [CompletionResultType]::ParameterName, 'ID tokens: the nonce the client sent; the token''s nonce claim must equal it')
            [CompletionResult]::new('--access-token', '--access-token', [CompletionResultType]::ParameterName, 'ID tokens: the access token issued with it (TOKEN, @FILE or - for standard input); the token''s at_hash must be its hash')
            [CompletionResult]::new('--code', '--code', [CompletionResultType]::ParameterName, 'ID tokens: the authorization code issued with it; the token''s c_hash must be its hash')
            [CompletionResult]::new('--deny', '--deny', [CompletionResultType]::ParameterName, 'A file of revoked token ids (jti), one per line; # starts a comment')
            [CompletionResult]::new('--payload', '--payload', [CompletionResultType]::ParameterName, 'The payload of a detached JWS (header..signature, or JSON without payload): a file, or - for standard input')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (only on a terminal, and not when NO_COLOR is set), always, or never')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'Pretend the current time is TIME (a duration from now, RFC 3339, YYYY-MM-DD or Unix seconds). Makes output reproducible and checks tokens "as of" a moment')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Fetch keys and metadata without the cache: nothing is read from it or written to it')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Verify from the cache alone, without a request: exit 5 when it holds no fresh copy of what --issuer or --jwks URL needs')
            [CompletionResult]::new('--allow-no-exp', '--allow-no-exp', [CompletionResultType]::ParameterName, 'Accept tokens that have no exp claim')
            [CompletionResult]::new('--signature-only', '--signature-only', [CompletionResultType]::ParameterName, 'Check only the signature; the payload need not be JSON. It is printed as it is: text with a newline added, other bytes exactly in a pipe; on a terminal, control characters and bytes that are not UTF-8 are shown escaped. --json shows a payload that is not UTF-8 in base64url, as decode --json does')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing; the exit status says it all')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing; the exit status says it all')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print {"valid":true,"header":...,"claims":...} or {"valid":false,"error":{"code":..., "message":...}} on standard output, for valid and invalid tokens alike')
            [CompletionResult]::new('--batch', '--batch', [CompletionResultType]::ParameterName, 'Verify many tokens: one per line from standard input (or the files given), one --json envelope per line with its line number, in input order; a summary on standard error. Uses every core; the lines in memory are bounded whatever the input (LIMITS). On a terminal, standard error shows a progress line until the summary (tokens, valid, rejected, rate; for files, the percentage and time left); never with -q')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'jwtctl;decode' {
            [CompletionResult]::new('--date', '--date', [CompletionResultType]::ParameterName, 'The zone the time annotations use: utc (default), local, or an offset like +02:00')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (only on a terminal, and not when NO_COLOR is set), always, or never')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'Pretend the current time is TIME (a duration from now, RFC 3339, YYYY-MM-DD or Unix seconds). Makes output reproducible and checks tokens "as of" a moment')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print {"header":...,"payload":...,"signature":...} as JSON')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'Print only the header JSON')
            [CompletionResult]::new('--payload', '--payload', [CompletionResultType]::ParameterName, 'Print only the payload (JSON, or the text of a non-JSON payload)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'jwtctl;jwks' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (only on a terminal, and not when NO_COLOR is set), always, or never')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'Pretend the current time is TIME (a duration from now, RFC 3339, YYYY-MM-DD or Unix seconds). Makes output reproducible and checks tokens "as of" a moment')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Build a public JWKS from keys, for a service to publish')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show the keys of a JWKS (file or URL) as a table, and what is wrong with them')
            [CompletionResult]::new('convert', 'convert', [CompletionResultType]::ParameterValue, 'Convert a key between PEM and JWK')
            [CompletionResult]::new('thumbprint', 'thumbprint', [CompletionResultType]::ParameterValue, 'Print the RFC 7638 thumbprint of a key (base64url of the hash of its canonical JWK)')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Serve the public JWKS of keys over HTTP, for local development')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'jwtctl;jwks;create' {
            [CompletionResult]::new('--alg', '--alg', [CompletionResultType]::ParameterName, 'The alg for keys of that algorithm''s family (e.g. PS256 for RSA keys); repeatable. Default: the key''s own alg, else RS256 / ES256 / ES384 / ES512 / ES256K / EdDSA')
            [CompletionResult]::new('--merge', '--merge', [CompletionResultType]::ParameterName, 'An existing JWKS to add to: its keys follow the new ones (key rotation)')
            [CompletionResult]::new('--remove', '--remove', [CompletionResultType]::ParameterName, 'Leave out the key with this kid (repeatable)')
            [CompletionResult]::new('--passphrase', '--passphrase', [CompletionResultType]::ParameterName, 'Where the passphrase of an encrypted private key comes from: @FILE, env:NAME, b64:DATA, - (stdin), prompt, or a literal. Default: prompt on a terminal')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (only on a terminal, and not when NO_COLOR is set), always, or never')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'Pretend the current time is TIME (a duration from now, RFC 3339, YYYY-MM-DD or Unix seconds). Makes output reproducible and checks tokens "as of" a moment')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'jwtctl;jwks;show' {
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Network timeout for a URL (connect and read together), 1s to 1h')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (only on a terminal, and not when NO_COLOR is set), always, or never')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'Pretend the current time is TIME (a duration from now, RFC 3339, YYYY-MM-DD or Unix seconds). Makes output reproducible and checks tokens "as of" a moment')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print a JSON array of the rows (kid, kty, size, alg, use, thumbprint, private, problems)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'jwtctl;jwks;convert' {
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'The output format')
            [CompletionResult]::new('--kid', '--kid', [CompletionResultType]::ParameterName, 'With a JWKS, the kid of the key to convert')
            [CompletionResult]::new('--passphrase', '--passphrase', [CompletionResultType]::ParameterName, 'Where the passphrase of an encrypted private key comes from: @FILE, env:NAME, b64:DATA, - (stdin), prompt, or a literal. Default: prompt on a terminal')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (only on a terminal, and not when NO_COLOR is set), always, or never')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'Pretend the current time is TIME (a duration from now, RFC 3339, YYYY-MM-DD or Unix seconds). Makes output reproducible and checks tokens "as of" a moment')
            [CompletionResult]::new('--public', '--public', [CompletionResultType]::ParameterName, 'Write only the public key')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'jwtctl;jwks;thumbprint' {
            [CompletionResult]::new('--hash', '--hash', [CompletionResultType]::ParameterName, 'The hash function')
            [CompletionResult]::new('--passphrase', '--passphrase', [CompletionResultType]::ParameterName, 'Where the passphrase of an encrypted private key comes from: @FILE, env:NAME, b64:DATA, - (stdin), prompt, or a literal. Default: prompt on a terminal')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (only on a terminal, and not when NO_COLOR is set), always, or never')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'Pretend the current time is TIME (a duration from now, RFC 3339, YYYY-MM-DD or Unix seconds). Makes output reproducible and checks tokens "as of" a moment')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'jwtctl;jwks;serve' {
            [CompletionResult]::new('--bind', '--bind', [CompletionResultType]::ParameterName, 'The address to listen on')
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'The port (0 picks a free one)')
            [CompletionResult]::new('--issuer', '--issuer', [CompletionResultType]::ParameterName, 'The issuer in /.well-known/openid-configuration (default: the server''s URL)')
            [CompletionResult]::new('--alg', '--alg', [CompletionResultType]::ParameterName, 'The alg for keys of that algorithm''s family, as in `jwks create`')
            [CompletionResult]::new('--passphrase', '--passphrase', [CompletionResultType]::ParameterName, 'Where the passphrase of an encrypted private key comes from: @FILE, env:NAME, b64:DATA, - (stdin), prompt, or a literal. Default: prompt on a terminal')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (only on a terminal, and not when NO_COLOR is set), always, or never')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'Pretend the current time is TIME (a duration from now, RFC 3339, YYYY-MM-DD or Unix seconds). Makes output reproducible and checks tokens "as of" a moment')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'jwtctl;jwks;help' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Build a public JWKS from keys, for a service to publish')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show the keys of a JWKS (file or URL) as a table, and what is wrong with them')
            [CompletionResult]::new('convert', 'convert', [CompletionResultType]::ParameterValue, 'Convert a key between PEM and JWK')
            [CompletionResult]::new('thumbprint', 'thumbprint', [CompletionResultType]::ParameterValue, 'Print the RFC 7638 thumbprint of a key (base64url of the hash of its canonical JWK)')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Serve the public JWKS of keys over HTTP, for local development')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'jwtctl;jwks;help;create' {
            break
        }
        'jwtctl;jwks;help;show' {
            break
        }
        'jwtctl;jwks;help;convert' {
            break
        }
        'jwtctl;jwks;help;thumbprint' {
            break
        }
        'jwtctl;jwks;help;serve' {
            break
        }
        'jwtctl;jwks;help;help' {
            break
        }
        'jwtctl;encrypt' {
            [CompletionResult]::new('-k', '-k', [CompletionResultType]::ParameterName, 'The recipient''s key: RSA or EC (the public half to encrypt, the private one to decrypt), or an oct JWK. encrypt takes it once per recipient (--serialization general)')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'The recipient''s key: RSA or EC (the public half to encrypt, the private one to decrypt), or an oct JWK. encrypt takes it once per recipient (--serialization general)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'A symmetric key for A128KW / A256KW / dir: @FILE, env:NAME, b64:DATA, -, prompt')
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'A symmetric key for A128KW / A256KW / dir: @FILE, env:NAME, b64:DATA, -, prompt')
            [CompletionResult]::new('--password', '--password', [CompletionResultType]::ParameterName, 'A password for PBES2: @FILE, env:NAME, b64:DATA, -, prompt, or a literal')
            [CompletionResult]::new('--passphrase', '--passphrase', [CompletionResultType]::ParameterName, 'Where the passphrase of an encrypted private key comes from: @FILE, env:NAME, b64:DATA, - (stdin), prompt, or a literal. Default: prompt on a terminal')
            [CompletionResult]::new('--alg', '--alg', [CompletionResultType]::ParameterName, 'Key management algorithm: RSA-OAEP, RSA-OAEP-256, ECDH-ES, ECDH-ES+A128KW, ECDH-ES+A192KW, ECDH-ES+A256KW, A128KW, A192KW, A256KW, A128GCMKW, A192GCMKW, A256GCMKW, dir, PBES2-HS256+A128KW, PBES2-HS384+A192KW, PBES2-HS512+A256KW')
            [CompletionResult]::new('--enc', '--enc', [CompletionResultType]::ParameterName, 'Content encryption: A128GCM, A192GCM, A256GCM (default), A128CBC-HS256, A192CBC-HS384, A256CBC-HS512')
            [CompletionResult]::new('--p2c', '--p2c', [CompletionResultType]::ParameterName, 'PBES2 iteration count for --password (1000 to 1000000). The default, 10000, is the most node jose and jwcrypto read without raising their limits; more resists password guessing better')
            [CompletionResult]::new('--cty', '--cty', [CompletionResultType]::ParameterName, 'The cty header (default: JWT when --payload is a signed JWT)')
            [CompletionResult]::new('--kid', '--kid', [CompletionResultType]::ParameterName, 'The kid header: a value, or "thumbprint". Default: the JWK''s own kid')
            [CompletionResult]::new('--payload', '--payload', [CompletionResultType]::ParameterName, 'Encrypt this file (or - for standard input) as it is, instead of claims')
            [CompletionResult]::new('--claims', '--claims', [CompletionResultType]::ParameterName, 'A JSON object to start from (a file, or - for standard input); also takes the `decode --json` envelope, keeping the header''s extra members')
            [CompletionResult]::new('--iss', '--iss', [CompletionResultType]::ParameterName, 'Issuer (iss)')
            [CompletionResult]::new('--sub', '--sub', [CompletionResultType]::ParameterName, 'Subject (sub)')
            [CompletionResult]::new('--aud', '--aud', [CompletionResultType]::ParameterName, 'Audience (aud); repeat for several, which makes an array')
            [CompletionResult]::new('--exp', '--exp', [CompletionResultType]::ParameterName, 'Expiry (exp): a duration from now (15m, 1h30m, 7d, -1h), RFC 3339, YYYY-MM-DD or Unix seconds')
            [CompletionResult]::new('--nbf', '--nbf', [CompletionResultType]::ParameterName, 'Not before (nbf), as TIME')
            [CompletionResult]::new('--iat', '--iat', [CompletionResultType]::ParameterName, 'Issued at (iat), as TIME (default: now)')
            [CompletionResult]::new('--jti', '--jti', [CompletionResultType]::ParameterName, 'Token id (jti); "auto" makes a random UUID')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'A claim: KEY=VALUE sets a string, KEY:=JSON any JSON value (n:=1, ok:=true, roles:=''["a","b"]''). Repeatable')
            [CompletionResult]::new('--claim', '--claim', [CompletionResultType]::ParameterName, 'A claim: KEY=VALUE sets a string, KEY:=JSON any JSON value (n:=1, ok:=true, roles:=''["a","b"]''). Repeatable')
            [CompletionResult]::new('--serialization', '--serialization', [CompletionResultType]::ParameterName, 'compact (five segments, the default), or the JSON serialization: flattened (one recipient) or general (a recipients array, one per --key)')
            [CompletionResult]::new('-U', '-U ', [CompletionResultType]::ParameterName, 'A member of the shared unprotected header (JSON serializations): KEY=VALUE or KEY:=JSON. Repeatable')
            [CompletionResult]::new('--unprotected', '--unprotected', [CompletionResultType]::ParameterName, 'A member of the shared unprotected header (JSON serializations): KEY=VALUE or KEY:=JSON. Repeatable')
            [CompletionResult]::new('--aad', '--aad', [CompletionResultType]::ParameterName, 'Additional authenticated data (JSON serializations): this file''s bytes (or - for standard input) are authenticated with the ciphertext, and carried unencrypted as aad')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write the token to FILE (mode 0600) instead of standard output')
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Write the token to FILE (mode 0600) instead of standard output')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (only on a terminal, and not when NO_COLOR is set), always, or never')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'Pretend the current time is TIME (a duration from now, RFC 3339, YYYY-MM-DD or Unix seconds). Makes output reproducible and checks tokens "as of" a moment')
            [CompletionResult]::new('--no-iat', '--no-iat', [CompletionResultType]::ParameterName, 'Leave iat out')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace an existing --out file')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'jwtctl;decrypt' {
            [CompletionResult]::new('-k', '-k', [CompletionResultType]::ParameterName, 'The recipient''s key: RSA or EC (the public half to encrypt, the private one to decrypt), or an oct JWK. encrypt takes it once per recipient (--serialization general)')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'The recipient''s key: RSA or EC (the public half to encrypt, the private one to decrypt), or an oct JWK. encrypt takes it once per recipient (--serialization general)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'A symmetric key for A128KW / A256KW / dir: @FILE, env:NAME, b64:DATA, -, prompt')
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'A symmetric key for A128KW / A256KW / dir: @FILE, env:NAME, b64:DATA, -, prompt')
            [CompletionResult]::new('--password', '--password', [CompletionResultType]::ParameterName, 'A password for PBES2: @FILE, env:NAME, b64:DATA, -, prompt, or a literal')
            [CompletionResult]::new('--passphrase', '--passphrase', [CompletionResultType]::ParameterName, 'Where the passphrase of an encrypted private key comes from: @FILE, env:NAME, b64:DATA, - (stdin), prompt, or a literal. Default: prompt on a terminal')
            [CompletionResult]::new('--alg', '--alg', [CompletionResultType]::ParameterName, 'Allowed key management algorithms (repeatable or comma-separated): RSA-OAEP, RSA-OAEP-256, RSA1_5, ECDH-ES, ECDH-ES+A128KW, ECDH-ES+A192KW, ECDH-ES+A256KW, A128KW, A192KW, A256KW, A128GCMKW, A192GCMKW, A256GCMKW, dir, PBES2-HS256+A128KW, PBES2-HS384+A192KW, PBES2-HS512+A256KW')
            [CompletionResult]::new('--enc', '--enc', [CompletionResultType]::ParameterName, 'Allowed content encryption algorithms (repeatable or comma-separated): A128GCM, A192GCM, A256GCM, A128CBC-HS256, A192CBC-HS384, A256CBC-HS512')
            [CompletionResult]::new('--verify-key', '--verify-key', [CompletionResultType]::ParameterName, 'The plaintext is a signed JWT: verify it with this key (exp required unless --allow-no-exp, algorithms from the key) and print its claims')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (only on a terminal, and not when NO_COLOR is set), always, or never')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'Pretend the current time is TIME (a duration from now, RFC 3339, YYYY-MM-DD or Unix seconds). Makes output reproducible and checks tokens "as of" a moment')
            [CompletionResult]::new('--allow-rsa1-5', '--allow-rsa1-5', [CompletionResultType]::ParameterName, 'Accept RSA1_5 (PKCS#1 v1.5) key transport, for old senders only')
            [CompletionResult]::new('--allow-zip', '--allow-zip', [CompletionResultType]::ParameterName, 'Accept compressed payloads (zip DEF), inflated to at most 1 MiB')
            [CompletionResult]::new('--allow-no-exp', '--allow-no-exp', [CompletionResultType]::ParameterName, 'With --verify-key: accept a nested JWT that has no exp (it never expires)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print {"header":...,"plaintext":...} (the plaintext as JSON when it is JSON) or {"valid":false,"error":{...}}')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'jwtctl;dpop' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (only on a terminal, and not when NO_COLOR is set), always, or never')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'Pretend the current time is TIME (a duration from now, RFC 3339, YYYY-MM-DD or Unix seconds). Makes output reproducible and checks tokens "as of" a moment')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('proof', 'proof', [CompletionResultType]::ParameterValue, 'Print a fresh DPoP proof for one request (or, with --jkt, the key''s thumbprint)')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check a DPoP proof against a request, as a resource or authorization server would')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'jwtctl;dpop;proof' {
            [CompletionResult]::new('-k', '-k', [CompletionResultType]::ParameterName, 'The private key: PEM, DER, JWK or JWKS (pick with --kid), or - for standard input')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'The private key: PEM, DER, JWK or JWKS (pick with --kid), or - for standard input')
            [CompletionResult]::new('--passphrase', '--passphrase', [CompletionResultType]::ParameterName, 'Where the passphrase of an encrypted private key comes from: @FILE, env:NAME, b64:DATA, - (stdin), prompt, or a literal. Default: prompt on a terminal')
            [CompletionResult]::new('--kid', '--kid', [CompletionResultType]::ParameterName, 'With a JWKS, the kid of the key to use')
            [CompletionResult]::new('--alg', '--alg', [CompletionResultType]::ParameterName, 'The algorithm (default: from the key; a JWK''s own alg when it has one). Asymmetric only')
            [CompletionResult]::new('--method', '--method', [CompletionResultType]::ParameterName, 'The HTTP method of the request (htm), as sent: GET, POST, ...')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'The URL of the request: htu is this URL without its query and fragment')
            [CompletionResult]::new('--access-token', '--access-token', [CompletionResultType]::ParameterName, 'The access token the request carries (TOKEN, @FILE or -): the proof gets its ath')
            [CompletionResult]::new('--nonce', '--nonce', [CompletionResultType]::ParameterName, 'The nonce the server asked for (its DPoP-Nonce header)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (only on a terminal, and not when NO_COLOR is set), always, or never')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'Pretend the current time is TIME (a duration from now, RFC 3339, YYYY-MM-DD or Unix seconds). Makes output reproducible and checks tokens "as of" a moment')
            [CompletionResult]::new('--jkt', '--jkt', [CompletionResultType]::ParameterName, 'Print the key''s RFC 7638 SHA-256 thumbprint (dpop_jkt, cnf.jkt) instead of a proof')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'jwtctl;dpop;verify' {
            [CompletionResult]::new('--method', '--method', [CompletionResultType]::ParameterName, 'The HTTP method of the request')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'The URL of the request')
            [CompletionResult]::new('--access-token', '--access-token', [CompletionResultType]::ParameterName, 'The access token sent with the proof (TOKEN, @FILE or -): ath must be its hash, and when it is a JWT its cnf.jkt must be the proof key''s thumbprint')
            [CompletionResult]::new('--nonce', '--nonce', [CompletionResultType]::ParameterName, 'The nonce the server gave (DPoP-Nonce): the proof must carry it')
            [CompletionResult]::new('--jkt', '--jkt', [CompletionResultType]::ParameterName, 'The thumbprint the proof key must have (the dpop_jkt or cnf.jkt it is bound to)')
            [CompletionResult]::new('--alg', '--alg', [CompletionResultType]::ParameterName, 'Allowed algorithms (repeatable or comma-separated; asymmetric only). Default: every RSA, EC and EdDSA algorithm')
            [CompletionResult]::new('--max-age', '--max-age', [CompletionResultType]::ParameterName, 'Largest accepted age of the proof, from its iat (default 5m)')
            [CompletionResult]::new('--leeway', '--leeway', [CompletionResultType]::ParameterName, 'Clock skew tolerated on iat, both ways (default 0, at most 1h)')
            [CompletionResult]::new('--seen', '--seen', [CompletionResultType]::ParameterName, 'Remember accepted proofs in FILE and reject a jti seen before within the window')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (only on a terminal, and not when NO_COLOR is set), always, or never')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'Pretend the current time is TIME (a duration from now, RFC 3339, YYYY-MM-DD or Unix seconds). Makes output reproducible and checks tokens "as of" a moment')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing; the exit status says it all')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing; the exit status says it all')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print {"valid":true,"jkt":...,"header":...,"claims":...} or {"valid":false,"error": {"code":...,"message":...}} on standard output, for valid and invalid proofs alike')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'jwtctl;dpop;help' {
            [CompletionResult]::new('proof', 'proof', [CompletionResultType]::ParameterValue, 'Print a fresh DPoP proof for one request (or, with --jkt, the key''s thumbprint)')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check a DPoP proof against a request, as a resource or authorization server would')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'jwtctl;dpop;help;proof' {
            break
        }
        'jwtctl;dpop;help;verify' {
            break
        }
        'jwtctl;dpop;help;help' {
            break
        }
        'jwtctl;sd-jwt' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (only on a terminal, and not when NO_COLOR is set), always, or never')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'Pretend the current time is TIME (a duration from now, RFC 3339, YYYY-MM-DD or Unix seconds). Makes output reproducible and checks tokens "as of" a moment')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('issue', 'issue', [CompletionResultType]::ParameterValue, 'Issue an SD-JWT: sign claims with some of them selectively disclosable')
            [CompletionResult]::new('present', 'present', [CompletionResultType]::ParameterValue, 'Make a presentation: keep the disclosures of the claims to show, drop the others')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Verify an SD-JWT or a presentation; print the disclosed claims')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'jwtctl;sd-jwt;issue' {
            [CompletionResult]::new('-k', '-k', [CompletionResultType]::ParameterName, 'The issuer''s private key: PEM, DER, JWK or JWKS (pick with --kid), or - for standard input')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'The issuer''s private key: PEM, DER, JWK or JWKS (pick with --kid), or - for standard input')
            [CompletionResult]::new('--passphrase', '--passphrase', [CompletionResultType]::ParameterName, 'Where the passphrase of an encrypted private key comes from: @FILE, env:NAME, b64:DATA, - (stdin), prompt, or a literal. Default: prompt on a terminal')
            [CompletionResult]::new('--kid', '--kid', [CompletionResultType]::ParameterName, 'With a JWKS, the kid of the key to use (and the header''s kid)')
            [CompletionResult]::new('--alg', '--alg', [CompletionResultType]::ParameterName, 'The algorithm (default: from the key; a JWK''s own alg when it has one)')
            [CompletionResult]::new('--claims', '--claims', [CompletionResultType]::ParameterName, 'A JSON object to start from (a file, or - for standard input); also takes the `decode --json` envelope, keeping the header''s extra members')
            [CompletionResult]::new('--iss', '--iss', [CompletionResultType]::ParameterName, 'Issuer (iss)')
            [CompletionResult]::new('--sub', '--sub', [CompletionResultType]::ParameterName, 'Subject (sub)')
            [CompletionResult]::new('--aud', '--aud', [CompletionResultType]::ParameterName, 'Audience (aud); repeat for several, which makes an array')
            [CompletionResult]::new('--exp', '--exp', [CompletionResultType]::ParameterName, 'Expiry (exp): a duration from now (15m, 1h30m, 7d, -1h), RFC 3339, YYYY-MM-DD or Unix seconds')
            [CompletionResult]::new('--nbf', '--nbf', [CompletionResultType]::ParameterName, 'Not before (nbf), as TIME')
            [CompletionResult]::new('--iat', '--iat', [CompletionResultType]::ParameterName, 'Issued at (iat), as TIME (default: now)')
            [CompletionResult]::new('--jti', '--jti', [CompletionResultType]::ParameterName, 'Token id (jti); "auto" makes a random UUID')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'A claim: KEY=VALUE sets a string, KEY:=JSON any JSON value (n:=1, ok:=true, roles:=''["a","b"]''). Repeatable')
            [CompletionResult]::new('--claim', '--claim', [CompletionResultType]::ParameterName, 'A claim: KEY=VALUE sets a string, KEY:=JSON any JSON value (n:=1, ok:=true, roles:=''["a","b"]''). Repeatable')
            [CompletionResult]::new('--sd', '--sd', [CompletionResultType]::ParameterName, 'A JSON pointer to a claim to make selectively disclosable. Repeatable')
            [CompletionResult]::new('--decoys', '--decoys', [CompletionResultType]::ParameterName, 'Random decoy digests to add to the top-level _sd (at most 1000)')
            [CompletionResult]::new('--holder-key', '--holder-key', [CompletionResultType]::ParameterName, 'The holder''s public key (PEM, DER or JWK): the SD-JWT is bound to it with cnf.jwk. It must be able to sign Key Binding JWTs: RSA, EC or Ed25519 (an X25519 key or an HMAC secret is refused, exit 4)')
            [CompletionResult]::new('--typ', '--typ', [CompletionResultType]::ParameterName, 'The typ header (dc+sd-jwt for SD-JWT VC, example+sd-jwt, ...). Default: none')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (only on a terminal, and not when NO_COLOR is set), always, or never')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'Pretend the current time is TIME (a duration from now, RFC 3339, YYYY-MM-DD or Unix seconds). Makes output reproducible and checks tokens "as of" a moment')
            [CompletionResult]::new('--no-iat', '--no-iat', [CompletionResultType]::ParameterName, 'Leave iat out')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'jwtctl;sd-jwt;present' {
            [CompletionResult]::new('--disclose', '--disclose', [CompletionResultType]::ParameterName, 'A JSON pointer to a claim to disclose. Repeatable')
            [CompletionResult]::new('--holder-key', '--holder-key', [CompletionResultType]::ParameterName, 'The holder''s private key (PEM, DER, JWK or JWKS with --kid): appends a Key Binding JWT')
            [CompletionResult]::new('--passphrase', '--passphrase', [CompletionResultType]::ParameterName, 'Where the passphrase of an encrypted private key comes from: @FILE, env:NAME, b64:DATA, - (stdin), prompt, or a literal. Default: prompt on a terminal')
            [CompletionResult]::new('--kid', '--kid', [CompletionResultType]::ParameterName, 'With a JWKS, the kid of the holder key')
            [CompletionResult]::new('--alg', '--alg', [CompletionResultType]::ParameterName, 'The algorithm of the Key Binding JWT (default: from the key). Asymmetric only')
            [CompletionResult]::new('--aud', '--aud', [CompletionResultType]::ParameterName, 'The verifier the presentation is for: the Key Binding JWT''s aud')
            [CompletionResult]::new('--nonce', '--nonce', [CompletionResultType]::ParameterName, 'The verifier''s nonce: the Key Binding JWT''s nonce')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (only on a terminal, and not when NO_COLOR is set), always, or never')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'Pretend the current time is TIME (a duration from now, RFC 3339, YYYY-MM-DD or Unix seconds). Makes output reproducible and checks tokens "as of" a moment')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'jwtctl;sd-jwt;verify' {
            [CompletionResult]::new('-k', '-k', [CompletionResultType]::ParameterName, 'The issuer''s key: PEM, DER, JWK or JWKS (the issuer JWT''s kid picks the key), or - for standard input')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'The issuer''s key: PEM, DER, JWK or JWKS (the issuer JWT''s kid picks the key), or - for standard input')
            [CompletionResult]::new('--jwks', '--jwks', [CompletionResultType]::ParameterName, 'The issuer''s JWKS, a file or http(s) URL (an OpenID configuration URL works too)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Network timeout for a --jwks URL, 1s to 1h')
            [CompletionResult]::new('--passphrase', '--passphrase', [CompletionResultType]::ParameterName, 'Where the passphrase of an encrypted private key comes from: @FILE, env:NAME, b64:DATA, - (stdin), prompt, or a literal. Default: prompt on a terminal')
            [CompletionResult]::new('--alg', '--alg', [CompletionResultType]::ParameterName, 'Allowed algorithms of the issuer JWT (repeatable or comma-separated). Default: the key family''s algorithms')
            [CompletionResult]::new('--leeway', '--leeway', [CompletionResultType]::ParameterName, 'Clock skew tolerated on exp, nbf, iat, --max-age and the KB-JWT''s iat (default 0, at most 1h)')
            [CompletionResult]::new('--iss', '--iss', [CompletionResultType]::ParameterName, 'Required issuer (repeat to accept any of several)')
            [CompletionResult]::new('--sub', '--sub', [CompletionResultType]::ParameterName, 'Required subject')
            [CompletionResult]::new('--require', '--require', [CompletionResultType]::ParameterName, 'Claims that must be present once disclosed (repeatable or comma-separated)')
            [CompletionResult]::new('--claim', '--claim', [CompletionResultType]::ParameterName, 'A claim that must have this value once disclosed: KEY=VALUE or KEY:=JSON. Repeatable')
            [CompletionResult]::new('--max-age', '--max-age', [CompletionResultType]::ParameterName, 'Largest accepted age of the issuer JWT, from its iat')
            [CompletionResult]::new('--deny', '--deny', [CompletionResultType]::ParameterName, 'A file of revoked token ids (the issuer JWT''s jti), one per line; # starts a comment')
            [CompletionResult]::new('--typ', '--typ', [CompletionResultType]::ParameterName, 'The issuer JWT''s typ must name this media type (RFC 7515 §4.1.9: compared without regard to case, the application/ prefix optional), e.g. dc+sd-jwt. RFC 9901 §9.11 recommends that verifiers check it, so that another kind of JWT cannot pass as this one')
            [CompletionResult]::new('--aud', '--aud', [CompletionResultType]::ParameterName, 'This verifier''s identifier: the Key Binding JWT''s aud must be it (and there must be one), and an issuer JWT that names audiences must include it')
            [CompletionResult]::new('--nonce', '--nonce', [CompletionResultType]::ParameterName, 'The nonce this verifier gave: the Key Binding JWT''s nonce must be it (and there must be one)')
            [CompletionResult]::new('--kb-max-age', '--kb-max-age', [CompletionResultType]::ParameterName, 'Largest accepted age of the Key Binding JWT, from its iat (default 5m)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (only on a terminal, and not when NO_COLOR is set), always, or never')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'Pretend the current time is TIME (a duration from now, RFC 3339, YYYY-MM-DD or Unix seconds). Makes output reproducible and checks tokens "as of" a moment')
            [CompletionResult]::new('--allow-no-exp', '--allow-no-exp', [CompletionResultType]::ParameterName, 'Accept an issuer JWT that has no exp claim')
            [CompletionResult]::new('--require-key-binding', '--require-key-binding', [CompletionResultType]::ParameterName, 'Refuse a presentation without a Key Binding JWT')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing; the exit status says it all')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing; the exit status says it all')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print {"valid":true,"header":...,"claims":...,"key_binding":...} or {"valid":false, "error":{"code":...,"message":...}} on standard output, for valid and invalid presentations alike')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'jwtctl;sd-jwt;help' {
            [CompletionResult]::new('issue', 'issue', [CompletionResultType]::ParameterValue, 'Issue an SD-JWT: sign claims with some of them selectively disclosable')
            [CompletionResult]::new('present', 'present', [CompletionResultType]::ParameterValue, 'Make a presentation: keep the disclosures of the claims to show, drop the others')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Verify an SD-JWT or a presentation; print the disclosed claims')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'jwtctl;sd-jwt;help;issue' {
            break
        }
        'jwtctl;sd-jwt;help;present' {
            break
        }
        'jwtctl;sd-jwt;help;verify' {
            break
        }
        'jwtctl;sd-jwt;help;help' {
            break
        }
        'jwtctl;completions' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (only on a terminal, and not when NO_COLOR is set), always, or never')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'Pretend the current time is TIME (a duration from now, RFC 3339, YYYY-MM-DD or Unix seconds). Makes output reproducible and checks tokens "as of" a moment')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'jwtctl;man' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (only on a terminal, and not when NO_COLOR is set), always, or never')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'Pretend the current time is TIME (a duration from now, RFC 3339, YYYY-MM-DD or Unix seconds). Makes output reproducible and checks tokens "as of" a moment')
            [CompletionResult]::new('--list', '--list', [CompletionResultType]::ParameterName, 'List the page names instead')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'jwtctl;help' {
            [CompletionResult]::new('keygen', 'keygen', [CompletionResultType]::ParameterValue, 'Generate a key pair or an HMAC secret')
            [CompletionResult]::new('sign', 'sign', [CompletionResultType]::ParameterValue, 'Build claims (or take any payload) and print one JWS, compact by default')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check a token''s signature and claims; print the verified claims')
            [CompletionResult]::new('decode', 'decode', [CompletionResultType]::ParameterValue, 'Show a token without verifying it')
            [CompletionResult]::new('jwks', 'jwks', [CompletionResultType]::ParameterValue, 'Work with JSON Web Keys and key sets: create, show, convert, thumbprint, serve')
            [CompletionResult]::new('encrypt', 'encrypt', [CompletionResultType]::ParameterValue, 'Encrypt claims (or any payload) into a JWE (RFC 7516), compact by default')
            [CompletionResult]::new('decrypt', 'decrypt', [CompletionResultType]::ParameterValue, 'Decrypt a JWE and print its plaintext')
            [CompletionResult]::new('dpop', 'dpop', [CompletionResultType]::ParameterValue, 'Mint and check DPoP proofs (RFC 9449) for testing sender-constrained APIs')
            [CompletionResult]::new('sd-jwt', 'sd-jwt', [CompletionResultType]::ParameterValue, 'Issue, present and verify selective-disclosure JWTs (SD-JWT, RFC 9901)')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print a man page (roff), e.g. `jwtctl man sign | man -l -`')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'jwtctl;help;keygen' {
            break
        }
        'jwtctl;help;sign' {
            break
        }
        'jwtctl;help;verify' {
            break
        }
        'jwtctl;help;decode' {
            break
        }
        'jwtctl;help;jwks' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Build a public JWKS from keys, for a service to publish')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show the keys of a JWKS (file or URL) as a table, and what is wrong with them')
            [CompletionResult]::new('convert', 'convert', [CompletionResultType]::ParameterValue, 'Convert a key between PEM and JWK')
            [CompletionResult]::new('thumbprint', 'thumbprint', [CompletionResultType]::ParameterValue, 'Print the RFC 7638 thumbprint of a key (base64url of the hash of its canonical JWK)')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Serve the public JWKS of keys over HTTP, for local development')
            break
        }
        'jwtctl;help;jwks;create' {
            break
        }
        'jwtctl;help;jwks;show' {
            break
        }
        'jwtctl;help;jwks;convert' {
            break
        }
        'jwtctl;help;jwks;thumbprint' {
            break
        }
        'jwtctl;help;jwks;serve' {
            break
        }
        'jwtctl;help;encrypt' {
            break
        }
        'jwtctl;help;decrypt' {
            break
        }
        'jwtctl;help;dpop' {
            [CompletionResult]::new('proof', 'proof', [CompletionResultType]::ParameterValue, 'Print a fresh DPoP proof for one request (or, with --jkt, the key''s thumbprint)')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check a DPoP proof against a request, as a resource or authorization server would')
            break
        }
        'jwtctl;help;dpop;proof' {
            break
        }
        'jwtctl;help;dpop;verify' {
            break
        }
        'jwtctl;help;sd-jwt' {
            [CompletionResult]::new('issue', 'issue', [CompletionResultType]::ParameterValue, 'Issue an SD-JWT: sign claims with some of them selectively disclosable')
            [CompletionResult]::new('present', 'present', [CompletionResultType]::ParameterValue, 'Make a presentation: keep the disclosures of the claims to show, drop the others')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Verify an SD-JWT or a presentation; print the disclosed claims')
            break
        }
        'jwtctl;help;sd-jwt;issue' {
            break
        }
        'jwtctl;help;sd-jwt;present' {
            break
        }
        'jwtctl;help;sd-jwt;verify' {
            break
        }
        'jwtctl;help;completions' {
            break
        }
        'jwtctl;help;man' {
            break
        }
        'jwtctl;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
