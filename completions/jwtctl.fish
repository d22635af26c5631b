# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_jwtctl_global_optspecs
    string join \n color= now= h/help V/version
end

function __fish_jwtctl_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_jwtctl_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_jwtctl_using_subcommand
    set -l cmd (__fish_jwtctl_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c jwtctl -n "__fish_jwtctl_needs_command" -l color -d 'When to colour output: auto (only on a terminal, and not when NO_COLOR is set), always, or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c jwtctl -n "__fish_jwtctl_needs_command" -l now -d 'Pretend the current time is TIME (a duration from now, RFC 3339, YYYY-MM-DD or Unix seconds). Makes output reproducible and checks tokens "as of" a moment' -r
complete -c jwtctl -n "__fish_jwtctl_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c jwtctl -n "__fish_jwtctl_needs_command" -s V -l version -d 'Print version'
complete -c jwtctl -n "__fish_jwtctl_needs_command" -f -a "keygen" -d 'Generate a key pair or an HMAC secret'
complete -c jwtctl -n "__fish_jwtctl_needs_command" -f -a "sign" -d 'Build claims (or take any payload) and print one JWS, compact by default'
complete -c jwtctl -n "__fish_jwtctl_needs_command" -f -a "verify" -d 'Check a token\'s signature and claims; print the verified claims'
complete -c jwtctl -n "__fish_jwtctl_needs_command" -f -a "decode" -d 'Show a token without verifying it'
complete -c jwtctl -n "__fish_jwtctl_needs_command" -f -a "jwks" -d 'Work with JSON Web Keys and key sets: create, show, convert, thumbprint, serve'
complete -c jwtctl -n "__fish_jwtctl_needs_command" -f -a "encrypt" -d 'Encrypt claims (or any payload) into a JWE (RFC 7516), compact by default'
complete -c jwtctl -n "__fish_jwtctl_needs_command" -f -a "decrypt" -d 'Decrypt a JWE and print its plaintext'
complete -c jwtctl -n "__fish_jwtctl_needs_command" -f -a "dpop" -d 'Mint and check DPoP proofs (RFC 9449) for testing sender-constrained APIs'
complete -c jwtctl -n "__fish_jwtctl_needs_command" -f -a "sd-jwt" -d 'Issue, present and verify selective-disclosure JWTs (SD-JWT, RFC 9901)'
complete -c jwtctl -n "__fish_jwtctl_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c jwtctl -n "__fish_jwtctl_needs_command" -f -a "man" -d 'Print a man page (roff), e.g. `jwtctl man sign | man -l -`'
complete -c jwtctl -n "__fish_jwtctl_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c jwtctl -n "__fish_jwtctl_using_subcommand keygen" -l alg -d 'The algorithm the key is for: RS256/384/512 and PS256/384/512 (RSA 2048), ES256 (P-256), ES384 (P-384), ES512 (P-521), ES256K (secp256k1), EdDSA (Ed25519), HS256/384/512 (secret of the hash size)' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand keygen" -l type -d 'The kind of key, when no algorithm is given' -r -f -a "rsa\t''
ec\t''
ed25519\t''
x25519\t'An X25519 key for ECDH-ES (JWE), written with use "enc"'
oct\t''"
complete -c jwtctl -n "__fish_jwtctl_using_subcommand keygen" -l bits -d 'RSA modulus size (2048, 3072 or 4096; default 2048) or secret size in bits (for HMAC at least the hash size, with --use enc at least 128; at most 8192; default 256)' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand keygen" -l curve -d 'EC curve for --type ec (default P-256; secp256k1 signs ES256K only)' -r -f -a "P-256\t''
P-384\t''
P-521\t''
secp256k1\t''"
complete -c jwtctl -n "__fish_jwtctl_using_subcommand keygen" -l format -d 'Output format: pem (PKCS#8 private, SPKI public) or jwk. HMAC secrets are always JWK' -r -f -a "pem\t''
jwk\t''"
complete -c jwtctl -n "__fish_jwtctl_using_subcommand keygen" -l kid -d 'The kid of a JWK (default: its RFC 7638 thumbprint)' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand keygen" -l use -d 'What the key is for: sig (signatures, the default) or enc (JWE recipients: an RSA or EC key pair, an X25519 key, or a secret of 128 bits or more for AxxxKW/AxxxGCMKW/dir; use --type). The JWK says it in "use"; an enc JWK carries no JWS alg' -r -f -a "sig\t''
enc\t''"
complete -c jwtctl -n "__fish_jwtctl_using_subcommand keygen" -s o -l out -d 'Write the private key to NAME.pem (or NAME.jwk) and the public key to NAME.pub.pem (or NAME.pub.jwk) instead of printing the private key' -r -F
complete -c jwtctl -n "__fish_jwtctl_using_subcommand keygen" -l passphrase -d 'Where the passphrase for --encrypt comes from: @FILE, env:NAME, b64:DATA, - (stdin), prompt, or a literal. Default: asked twice on the terminal' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand keygen" -l kdf -d 'Key derivation for --encrypt: scrypt (default) or pbkdf2 (PBKDF2-SHA256, 600000 rounds)' -r -f -a "scrypt\t''
pbkdf2\t''"
complete -c jwtctl -n "__fish_jwtctl_using_subcommand keygen" -l color -d 'When to colour output: auto (only on a terminal, and not when NO_COLOR is set), always, or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c jwtctl -n "__fish_jwtctl_using_subcommand keygen" -l now -d 'Pretend the current time is TIME (a duration from now, RFC 3339, YYYY-MM-DD or Unix seconds). Makes output reproducible and checks tokens "as of" a moment' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand keygen" -l force -d 'Replace existing output files'
complete -c jwtctl -n "__fish_jwtctl_using_subcommand keygen" -l encrypt -d 'Encrypt the private key with a passphrase (PKCS#8 PBES2, AES-256-CBC; PEM only)'
complete -c jwtctl -n "__fish_jwtctl_using_subcommand keygen" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c jwtctl -n "__fish_jwtctl_using_subcommand sign" -s k -l key -d 'The private key: PEM, DER, JWK or JWKS (pick with --kid), or - for standard input. Repeat for one signature per key (--serialization general)' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand sign" -s s -l secret -d 'The HMAC secret: @FILE, env:NAME, b64:DATA, - (stdin), prompt, or a literal' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand sign" -l passphrase -d 'Where the passphrase of an encrypted private key comes from: @FILE, env:NAME, b64:DATA, - (stdin), prompt, or a literal. Default: prompt on a terminal' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand sign" -l alg -d 'The algorithm (default: from the key; a JWK\'s own alg when it has one)' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand sign" -l claims -d 'A JSON object to start from (a file, or - for standard input); also takes the `decode --json` envelope, keeping the header\'s extra members' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand sign" -l iss -d 'Issuer (iss)' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand sign" -l sub -d 'Subject (sub)' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand sign" -l aud -d 'Audience (aud); repeat for several, which makes an array' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand sign" -l exp -d 'Expiry (exp): a duration from now (15m, 1h30m, 7d, -1h), RFC 3339, YYYY-MM-DD or Unix seconds' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand sign" -l nbf -d 'Not before (nbf), as TIME' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand sign" -l iat -d 'Issued at (iat), as TIME (default: now)' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand sign" -l jti -d 'Token id (jti); "auto" makes a random UUID' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand sign" -s c -l claim -d 'A claim: KEY=VALUE sets a string, KEY:=JSON any JSON value (n:=1, ok:=true, roles:=\'["a","b"]\'). Repeatable' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand sign" -l typ -d 'The typ header (default JWT)' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand sign" -l kid -d 'The kid header: a value, or "thumbprint" for the key\'s RFC 7638 thumbprint. Default: the JWK\'s own kid. With a JWKS, also picks the signing key' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand sign" -s H -l header -d 'An extra header member: KEY=VALUE or KEY:=JSON (x5t, cty, ...). Repeatable' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand sign" -s U -l unprotected -d 'A member of each signature\'s unprotected header (JSON serializations): KEY=VALUE or KEY:=JSON. Repeatable. A member set here is left out of the protected header (a kid from the key too); alg, crit and b64 are always protected' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand sign" -l payload -d 'Sign this file\'s bytes (or - for standard input) as they are, instead of claims' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand sign" -l serialization -d 'compact (header.payload.signature, the default), or the JSON serialization: flattened (one signature) or general (a signatures array, one per --key)' -r -f -a "compact\t''
flattened\t''
general\t''"
complete -c jwtctl -n "__fish_jwtctl_using_subcommand sign" -l cnf-jkt -d 'Bind the token to a DPoP key (RFC 9449 §6): cnf.jkt is this RFC 7638 SHA-256 thumbprint (from `jwtctl dpop proof --key KEY --jkt`)' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand sign" -l cnf-key -d 'Bind the token to a DPoP key: cnf.jkt is this key\'s thumbprint (public or private key: PEM, DER, JWK; an HMAC secret is refused)' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand sign" -s o -l out -d 'Write the token to FILE (mode 0600) instead of standard output' -r -F
complete -c jwtctl -n "__fish_jwtctl_using_subcommand sign" -l color -d 'When to colour output: auto (only on a terminal, and not when NO_COLOR is set), always, or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c jwtctl -n "__fish_jwtctl_using_subcommand sign" -l now -d 'Pretend the current time is TIME (a duration from now, RFC 3339, YYYY-MM-DD or Unix seconds). Makes output reproducible and checks tokens "as of" a moment' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand sign" -l no-iat -d 'Leave iat out'
complete -c jwtctl -n "__fish_jwtctl_using_subcommand sign" -l no-typ -d 'Leave the typ header out'
complete -c jwtctl -n "__fish_jwtctl_using_subcommand sign" -l detached -d 'Leave the payload out of the JWS (RFC 7515 Appendix F): header..signature in compact form; verify gets the payload with --payload'
complete -c jwtctl -n "__fish_jwtctl_using_subcommand sign" -l unencoded -d 'Sign the payload unencoded (RFC 7797: b64 false, listed in crit). In compact form the payload must be free of \'.\', or detached'
complete -c jwtctl -n "__fish_jwtctl_using_subcommand sign" -l force -d 'Replace an existing --out file'
complete -c jwtctl -n "__fish_jwtctl_using_subcommand sign" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c jwtctl -n "__fish_jwtctl_using_subcommand verify" -s k -l key -d 'The key: PEM, DER, JWK or JWKS (the token\'s kid picks the key), or - for standard input' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand verify" -s s -l secret -d 'The HMAC secret: @FILE, env:NAME, b64:DATA, - (stdin), prompt, or a literal' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand verify" -l jwks -d 'A JWKS file or http(s) URL (an OpenID configuration URL works too: its jwks_uri is followed); the token\'s kid picks the key, else its algorithm' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand verify" -l issuer -d 'The issuer\'s URL: its keys come from its metadata (OpenID Connect Discovery 1.0 at URL/.well-known/openid-configuration, else RFC 8414\'s oauth-authorization-server), whose issuer must be URL exactly, through its jwks_uri (https; http only when the issuer and its keys are both on this machine). Implies --iss URL. With --batch, discovery happens once per run' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand verify" -l cache-dir -d 'The directory of the JWKS cache for --issuer and --jwks URL (default: $XDG_CACHE_HOME/jwtctl, else ~/.cache/jwtctl). A copy is used while fresh (the server\'s Cache-Control max-age, at least 5 minutes and at most a day), then revalidated with its ETag; a token whose kid the cached set lacks causes one refetch (at most one a minute). Files are written atomically, one per URL, with public keys only, at most 64 (the oldest are removed); a file that is not one of the cache\'s, or claims to be fresh for more than a day, is ignored and replaced. A cache directory or file owned by another user is neither read nor written, and one others can write is not read' -r -F
complete -c jwtctl -n "__fish_jwtctl_using_subcommand verify" -l timeout -d 'Network timeout for a --jwks or --issuer URL (connect and read together, redirects included: one deadline for each URL), 1s to 1h' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand verify" -l passphrase -d 'Where the passphrase of an encrypted private key comes from: @FILE, env:NAME, b64:DATA, - (stdin), prompt, or a literal. Default: prompt on a terminal' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand verify" -l alg -d 'Allowed algorithms (repeatable or comma-separated). Default: the key family\'s algorithms' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand verify" -l leeway -d 'Clock skew tolerated on exp, nbf, iat and --max-age (e.g. 30s, 2m). Default 0, at most 1h; over 5m, a warning on standard error. To check a token as of another time, use --now' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand verify" -l iss -d 'Required issuer (repeat to accept any of several)' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand verify" -l aud -d 'Required audience: the token passes if any of its audiences is one of these' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand verify" -l sub -d 'Required subject' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand verify" -l require -d 'Claims that must be present (repeatable or comma-separated)' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand verify" -l claim -d 'A claim that must have this value: KEY=VALUE (string) or KEY:=JSON. Repeatable' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand verify" -l max-age -d 'Largest accepted age, measured from iat (e.g. 1h; at most 36500d)' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand verify" -l typ -d 'The header\'s typ must name this media type (RFC 7515 §4.1.9: compared without regard to case, the application/ prefix optional), e.g. at+jwt. In a JSON serialization it must be in the protected header' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand verify" -l profile -d 'The kind of token expected, so that one kind cannot be replayed as another (RFC 8725). access-token (RFC 9068): typ at+jwt; iss, exp, aud, sub, client_id, iat and jti present; --aud required. id-token (OpenID Connect Core 3.1.3.7): --aud is the client id (exactly one); iss, sub, aud, exp and iat present; typ JWT or none; azp present when there are several audiences, and equal to the client id when present; --nonce, --access-token (at_hash), --code (c_hash) checked when given; with --max-age, auth_time required and at most that old too; with --issuer, only the issuer\'s id_token_signing_alg_values_supported algorithms' -r -f -a "access-token\t'A JWT access token (RFC 9068)'
id-token\t'An OpenID Connect ID token'"
complete -c jwtctl -n "__fish_jwtctl_using_subcommand verify" -l nonce -d 'ID tokens: the nonce the client sent; the token\'s nonce claim must equal it' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand verify" -l access-token -d 'ID tokens: the access token issued with it (TOKEN, @FILE or - for standard input); the token\'s at_hash must be its hash' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand verify" -l code -d 'ID tokens: the authorization code issued with it; the token\'s c_hash must be its hash' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand verify" -l deny -d 'A file of revoked token ids (jti), one per line; # starts a comment' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand verify" -l payload -d 'The payload of a detached JWS (header..signature, or JSON without payload): a file, or - for standard input' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand verify" -l color -d 'When to colour output: auto (only on a terminal, and not when NO_COLOR is set), always, or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c jwtctl -n "__fish_jwtctl_using_subcommand verify" -l now -d 'Pretend the current time is TIME (a duration from now, RFC 3339, YYYY-MM-DD or Unix seconds). Makes output reproducible and checks tokens "as of" a moment' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand verify" -l no-cache -d 'Fetch keys and metadata without the cache: nothing is read from it or written to it'
complete -c jwtctl -n "__fish_jwtctl_using_subcommand verify" -l offline -d 'Verify from the cache alone, without a request: exit 5 when it holds no fresh copy of what --issuer or --jwks URL needs'
complete -c jwtctl -n "__fish_jwtctl_using_subcommand verify" -l allow-no-exp -d 'Accept tokens that have no exp claim'
complete -c jwtctl -n "__fish_jwtctl_using_subcommand verify" -l signature-only -d 'Check only the signature; the payload need not be JSON. It is printed as it is: text with a newline added, other bytes exactly in a pipe; on a terminal, control characters and bytes that are not UTF-8 are shown escaped. --json shows a payload that is not UTF-8 in base64url, as decode --json does'
complete -c jwtctl -n "__fish_jwtctl_using_subcommand verify" -s q -l quiet -d 'Print nothing; the exit status says it all'
complete -c jwtctl -n "__fish_jwtctl_using_subcommand verify" -l json -d 'Print {"valid":true,"header":...,"claims":...} or {"valid":false,"error":{"code":..., "message":...}} on standard output, for valid and invalid tokens alike'
complete -c jwtctl -n "__fish_jwtctl_using_subcommand verify" -l batch -d 'Verify many tokens: one per line from standard input (or the files given), one --json envelope per line with its line number, in input order; a summary on standard error. Uses every core; the lines in memory are bounded whatever the input (LIMITS). On a terminal, standard error shows a progress line until the summary (tokens, valid, rejected, rate; for files, the percentage and time left); never with -q'
complete -c jwtctl -n "__fish_jwtctl_using_subcommand verify" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c jwtctl -n "__fish_jwtctl_using_subcommand decode" -l date -d 'The zone the time annotations use: utc (default), local, or an offset like +02:00' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand decode" -l color -d 'When to colour output: auto (only on a terminal, and not when NO_COLOR is set), always, or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c jwtctl -n "__fish_jwtctl_using_subcommand decode" -l now -d 'Pretend the current time is TIME (a duration from now, RFC 3339, YYYY-MM-DD or Unix seconds). Makes output reproducible and checks tokens "as of" a moment' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand decode" -l json -d 'Print {"header":...,"payload":...,"signature":...} as JSON'
complete -c jwtctl -n "__fish_jwtctl_using_subcommand decode" -l header -d 'Print only the header JSON'
complete -c jwtctl -n "__fish_jwtctl_using_subcommand decode" -l payload -d 'Print only the payload (JSON, or the text of a non-JSON payload)'
complete -c jwtctl -n "__fish_jwtctl_using_subcommand decode" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c jwtctl -n "__fish_jwtctl_using_subcommand jwks; and not __fish_seen_subcommand_from create show convert thumbprint serve help" -l color -d 'When to colour output: auto (only on a terminal, and not when NO_COLOR is set), always, or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c jwtctl -n "__fish_jwtctl_using_subcommand jwks; and not __fish_seen_subcommand_from create show convert thumbprint serve help" -l now -d 'Pretend the current time is TIME (a duration from now, RFC 3339, YYYY-MM-DD or Unix seconds). Makes output reproducible and checks tokens "as of" a moment' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand jwks; and not __fish_seen_subcommand_from create show convert thumbprint serve help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c jwtctl -n "__fish_jwtctl_using_subcommand jwks; and not __fish_seen_subcommand_from create show convert thumbprint serve help" -f -a "create" -d 'Build a public JWKS from keys, for a service to publish'
complete -c jwtctl -n "__fish_jwtctl_using_subcommand jwks; and not __fish_seen_subcommand_from create show convert thumbprint serve help" -f -a "show" -d 'Show the keys of a JWKS (file or URL) as a table, and what is wrong with them'
complete -c jwtctl -n "__fish_jwtctl_using_subcommand jwks; and not __fish_seen_subcommand_from create show convert thumbprint serve help" -f -a "convert" -d 'Convert a key between PEM and JWK'
complete -c jwtctl -n "__fish_jwtctl_using_subcommand jwks; and not __fish_seen_subcommand_from create show convert thumbprint serve help" -f -a "thumbprint" -d 'Print the RFC 7638 thumbprint of a key (base64url of the hash of its canonical JWK)'
complete -c jwtctl -n "__fish_jwtctl_using_subcommand jwks; and not __fish_seen_subcommand_from create show convert thumbprint serve help" -f -a "serve" -d 'Serve the public JWKS of keys over HTTP, for local development'
complete -c jwtctl -n "__fish_jwtctl_using_subcommand jwks; and not __fish_seen_subcommand_from create show convert thumbprint serve help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c jwtctl -n "__fish_jwtctl_using_subcommand jwks; and __fish_seen_subcommand_from create" -l alg -d 'The alg for keys of that algorithm\'s family (e.g. PS256 for RSA keys); repeatable. Default: the key\'s own alg, else RS256 / ES256 / ES384 / ES512 / ES256K / EdDSA' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand jwks; and __fish_seen_subcommand_from create" -l merge -d 'An existing JWKS to add to: its keys follow the new ones (key rotation)' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand jwks; and __fish_seen_subcommand_from create" -l remove -d 'Leave out the key with this kid (repeatable)' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand jwks; and __fish_seen_subcommand_from create" -l passphrase -d 'Where the passphrase of an encrypted private key comes from: @FILE, env:NAME, b64:DATA, - (stdin), prompt, or a literal. Default: prompt on a terminal' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand jwks; and __fish_seen_subcommand_from create" -l color -d 'When to colour output: auto (only on a terminal, and not when NO_COLOR is set), always, or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c jwtctl -n "__fish_jwtctl_using_subcommand jwks; and __fish_seen_subcommand_from create" -l now -d 'Pretend the current time is TIME (a duration from now, RFC 3339, YYYY-MM-DD or Unix seconds). Makes output reproducible and checks tokens "as of" a moment' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand jwks; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c jwtctl -n "__fish_jwtctl_using_subcommand jwks; and __fish_seen_subcommand_from show" -l timeout -d 'Network timeout for a URL (connect and read together), 1s to 1h' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand jwks; and __fish_seen_subcommand_from show" -l color -d 'When to colour output: auto (only on a terminal, and not when NO_COLOR is set), always, or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c jwtctl -n "__fish_jwtctl_using_subcommand jwks; and __fish_seen_subcommand_from show" -l now -d 'Pretend the current time is TIME (a duration from now, RFC 3339, YYYY-MM-DD or Unix seconds). Makes output reproducible and checks tokens "as of" a moment' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand jwks; and __fish_seen_subcommand_from show" -l json -d 'Print a JSON array of the rows (kid, kty, size, alg, use, thumbprint, private, problems)'
complete -c jwtctl -n "__fish_jwtctl_using_subcommand jwks; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c jwtctl -n "__fish_jwtctl_using_subcommand jwks; and __fish_seen_subcommand_from convert" -l to -d 'The output format' -r -f -a "pem\t''
jwk\t''"
complete -c jwtctl -n "__fish_jwtctl_using_subcommand jwks; and __fish_seen_subcommand_from convert" -l kid -d 'With a JWKS, the kid of the key to convert' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand jwks; and __fish_seen_subcommand_from convert" -l passphrase -d 'Where the passphrase of an encrypted private key comes from: @FILE, env:NAME, b64:DATA, - (stdin), prompt, or a literal. Default: prompt on a terminal' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand jwks; and __fish_seen_subcommand_from convert" -l color -d 'When to colour output: auto (only on a terminal, and not when NO_COLOR is set), always, or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c jwtctl -n "__fish_jwtctl_using_subcommand jwks; and __fish_seen_subcommand_from convert" -l now -d 'Pretend the current time is TIME (a duration from now, RFC 3339, YYYY-MM-DD or Unix seconds). Makes output reproducible and checks tokens "as of" a moment' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand jwks; and __fish_seen_subcommand_from convert" -l public -d 'Write only the public key'
complete -c jwtctl -n "__fish_jwtctl_using_subcommand jwks; and __fish_seen_subcommand_from convert" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c jwtctl -n "__fish_jwtctl_using_subcommand jwks; and __fish_seen_subcommand_from thumbprint" -l hash -d 'The hash function' -r -f -a "sha256\t''
sha384\t''
sha512\t''"
complete -c jwtctl -n "__fish_jwtctl_using_subcommand jwks; and __fish_seen_subcommand_from thumbprint" -l passphrase -d 'Where the passphrase of an encrypted private key comes from: @FILE, env:NAME, b64:DATA, - (stdin), prompt, or a literal. Default: prompt on a terminal' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand jwks; and __fish_seen_subcommand_from thumbprint" -l color -d 'When to colour output: auto (only on a terminal, and not when NO_COLOR is set), always, or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c jwtctl -n "__fish_jwtctl_using_subcommand jwks; and __fish_seen_subcommand_from thumbprint" -l now -d 'Pretend the current time is TIME (a duration from now, RFC 3339, YYYY-MM-DD or Unix seconds). Makes output reproducible and checks tokens "as of" a moment' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand jwks; and __fish_seen_subcommand_from thumbprint" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c jwtctl -n "__fish_jwtctl_using_subcommand jwks; and __fish_seen_subcommand_from serve" -l bind -d 'The address to listen on' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand jwks; and __fish_seen_subcommand_from serve" -l port -d 'The port (0 picks a free one)' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand jwks; and __fish_seen_subcommand_from serve" -l issuer -d 'The issuer in /.well-known/openid-configuration (default: the server\'s URL)' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand jwks; and __fish_seen_subcommand_from serve" -l alg -d 'The alg for keys of that algorithm\'s family, as in `jwks create`' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand jwks; and __fish_seen_subcommand_from serve" -l passphrase -d 'Where the passphrase of an encrypted private key comes from: @FILE, env:NAME, b64:DATA, - (stdin), prompt, or a literal. Default: prompt on a terminal' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand jwks; and __fish_seen_subcommand_from serve" -l color -d 'When to colour output: auto (only on a terminal, and not when NO_COLOR is set), always, or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c jwtctl -n "__fish_jwtctl_using_subcommand jwks; and __fish_seen_subcommand_from serve" -l now -d 'Pretend the current time is TIME (a duration from now, RFC 3339, YYYY-MM-DD or Unix seconds). Makes output reproducible and checks tokens "as of" a moment' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand jwks; and __fish_seen_subcommand_from serve" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c jwtctl -n "__fish_jwtctl_using_subcommand jwks; and __fish_seen_subcommand_from help" -f -a "create" -d 'Build a public JWKS from keys, for a service to publish'
complete -c jwtctl -n "__fish_jwtctl_using_subcommand jwks; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show the keys of a JWKS (file or URL) as a table, and what is wrong with them'
complete -c jwtctl -n "__fish_jwtctl_using_subcommand jwks; and __fish_seen_subcommand_from help" -f -a "convert" -d 'Convert a key between PEM and JWK'
complete -c jwtctl -n "__fish_jwtctl_using_subcommand jwks; and __fish_seen_subcommand_from help" -f -a "thumbprint" -d 'Print the RFC 7638 thumbprint of a key (base64url of the hash of its canonical JWK)'
complete -c jwtctl -n "__fish_jwtctl_using_subcommand jwks; and __fish_seen_subcommand_from help" -f -a "serve" -d 'Serve the public JWKS of keys over HTTP, for local development'
complete -c jwtctl -n "__fish_jwtctl_using_subcommand jwks; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c jwtctl -n "__fish_jwtctl_using_subcommand encrypt" -s k -l key -d 'The recipient\'s key: RSA or EC (the public half to encrypt, the private one to decrypt), or an oct JWK. encrypt takes it once per recipient (--serialization general)' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand encrypt" -s s -l secret -d 'A symmetric key for A128KW / A256KW / dir: @FILE, env:NAME, b64:DATA, -, prompt' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand encrypt" -l password -d 'A password for PBES2: @FILE, env:NAME, b64:DATA, -, prompt, or a literal' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand encrypt" -l passphrase -d 'Where the passphrase of an encrypted private key comes from: @FILE, env:NAME, b64:DATA, - (stdin), prompt, or a literal. Default: prompt on a terminal' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand encrypt" -l alg -d 'Key management algorithm: RSA-OAEP, RSA-OAEP-256, ECDH-ES, ECDH-ES+A128KW, ECDH-ES+A192KW, ECDH-ES+A256KW, A128KW, A192KW, A256KW, A128GCMKW, A192GCMKW, A256GCMKW, dir, PBES2-HS256+A128KW, PBES2-HS384+A192KW, PBES2-HS512+A256KW' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand encrypt" -l enc -d 'Content encryption: A128GCM, A192GCM, A256GCM (default), A128CBC-HS256, A192CBC-HS384, A256CBC-HS512' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand encrypt" -l p2c -d 'PBES2 iteration count for --password (1000 to 1000000). The default, 10000, is the most node jose and jwcrypto read without raising their limits; more resists password guessing better' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand encrypt" -l cty -d 'The cty header (default: JWT when --payload is a signed JWT)' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand encrypt" -l kid -d 'The kid header: a value, or "thumbprint". Default: the JWK\'s own kid' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand encrypt" -l payload -d 'Encrypt this file (or - for standard input) as it is, instead of claims' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand encrypt" -l claims -d 'A JSON object to start from (a file, or - for standard input); also takes the `decode --json` envelope, keeping the header\'s extra members' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand encrypt" -l iss -d 'Issuer (iss)' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand encrypt" -l sub -d 'Subject (sub)' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand encrypt" -l aud -d 'Audience (aud); repeat for several, which makes an array' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand encrypt" -l exp -d 'Expiry (exp): a duration from now (15m, 1h30m, 7d, -1h), RFC 3339, YYYY-MM-DD or Unix seconds' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand encrypt" -l nbf -d 'Not before (nbf), as TIME' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand encrypt" -l iat -d 'Issued at (iat), as TIME (default: now)' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand encrypt" -l jti -d 'Token id (jti); "auto" makes a random UUID' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand encrypt" -s c -l claim -d 'A claim: KEY=VALUE sets a string, KEY:=JSON any JSON value (n:=1, ok:=true, roles:=\'["a","b"]\'). Repeatable' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand encrypt" -l serialization -d 'compact (five segments, the default), or the JSON serialization: flattened (one recipient) or general (a recipients array, one per --key)' -r -f -a "compact\t''
flattened\t''
general\t''"
complete -c jwtctl -n "__fish_jwtctl_using_subcommand encrypt" -s U -l unprotected -d 'A member of the shared unprotected header (JSON serializations): KEY=VALUE or KEY:=JSON. Repeatable' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand encrypt" -l aad -d 'Additional authenticated data (JSON serializations): this file\'s bytes (or - for standard input) are authenticated with the ciphertext, and carried unencrypted as aad' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand encrypt" -s o -l out -d 'Write the token to FILE (mode 0600) instead of standard output' -r -F
complete -c jwtctl -n "__fish_jwtctl_using_subcommand encrypt" -l color -d 'When to colour output: auto (only on a terminal, and not when NO_COLOR is set), always, or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c jwtctl -n "__fish_jwtctl_using_subcommand encrypt" -l now -d 'Pretend the current time is TIME (a duration from now, RFC 3339, YYYY-MM-DD or Unix seconds). Makes output reproducible and checks tokens "as of" a moment' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand encrypt" -l no-iat -d 'Leave iat out'
complete -c jwtctl -n "__fish_jwtctl_using_subcommand encrypt" -l force -d 'Replace an existing --out file'
complete -c jwtctl -n "__fish_jwtctl_using_subcommand encrypt" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c jwtctl -n "__fish_jwtctl_using_subcommand decrypt" -s k -l key -d 'The recipient\'s key: RSA or EC (the public half to encrypt, the private one to decrypt), or an oct JWK. encrypt takes it once per recipient (--serialization general)' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand decrypt" -s s -l secret -d 'A symmetric key for A128KW / A256KW / dir: @FILE, env:NAME, b64:DATA, -, prompt' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand decrypt" -l password -d 'A password for PBES2: @FILE, env:NAME, b64:DATA, -, prompt, or a literal' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand decrypt" -l passphrase -d 'Where the passphrase of an encrypted private key comes from: @FILE, env:NAME, b64:DATA, - (stdin), prompt, or a literal. Default: prompt on a terminal' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand decrypt" -l alg -d 'Allowed key management algorithms (repeatable or comma-separated): RSA-OAEP, RSA-OAEP-256, RSA1_5, ECDH-ES, ECDH-ES+A128KW, ECDH-ES+A192KW, ECDH-ES+A256KW, A128KW, A192KW, A256KW, A128GCMKW, A192GCMKW, A256GCMKW, dir, PBES2-HS256+A128KW, PBES2-HS384+A192KW, PBES2-HS512+A256KW' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand decrypt" -l enc -d 'Allowed content encryption algorithms (repeatable or comma-separated): A128GCM, A192GCM, A256GCM, A128CBC-HS256, A192CBC-HS384, A256CBC-HS512' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand decrypt" -l verify-key -d 'The plaintext is a signed JWT: verify it with this key (exp required unless --allow-no-exp, algorithms from the key) and print its claims' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand decrypt" -l color -d 'When to colour output: auto (only on a terminal, and not when NO_COLOR is set), always, or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c jwtctl -n "__fish_jwtctl_using_subcommand decrypt" -l now -d 'Pretend the current time is TIME (a duration from now, RFC 3339, YYYY-MM-DD or Unix seconds). Makes output reproducible and checks tokens "as of" a moment' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand decrypt" -l allow-rsa1-5 -d 'Accept RSA1_5 (PKCS#1 v1.5) key transport, for old senders only'
complete -c jwtctl -n "__fish_jwtctl_using_subcommand decrypt" -l allow-zip -d 'Accept compressed payloads (zip DEF), inflated to at most 1 MiB'
complete -c jwtctl -n "__fish_jwtctl_using_subcommand decrypt" -l allow-no-exp -d 'With --verify-key: accept a nested JWT that has no exp (it never expires)'
complete -c jwtctl -n "__fish_jwtctl_using_subcommand decrypt" -l json -d 'Print {"header":...,"plaintext":...} (the plaintext as JSON when it is JSON) or {"valid":false,"error":{...}}'
complete -c jwtctl -n "__fish_jwtctl_using_subcommand decrypt" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c jwtctl -n "__fish_jwtctl_using_subcommand dpop; and not __fish_seen_subcommand_from proof verify help" -l color -d 'When to colour output: auto (only on a terminal, and not when NO_COLOR is set), always, or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c jwtctl -n "__fish_jwtctl_using_subcommand dpop; and not __fish_seen_subcommand_from proof verify help" -l now -d 'Pretend the current time is TIME (a duration from now, RFC 3339, YYYY-MM-DD or Unix seconds). Makes output reproducible and checks tokens "as of" a moment' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand dpop; and not __fish_seen_subcommand_from proof verify help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c jwtctl -n "__fish_jwtctl_using_subcommand dpop; and not __fish_seen_subcommand_from proof verify help" -f -a "proof" -d 'Print a fresh DPoP proof for one request (or, with --jkt, the key\'s thumbprint)'
complete -c jwtctl -n "__fish_jwtctl_using_subcommand dpop; and not __fish_seen_subcommand_from proof verify help" -f -a "verify" -d 'Check a DPoP proof against a request, as a resource or authorization server would'
complete -c jwtctl -n "__fish_jwtctl_using_subcommand dpop; and not __fish_seen_subcommand_from proof verify help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c jwtctl -n "__fish_jwtctl_using_subcommand dpop; and __fish_seen_subcommand_from proof" -s k -l key -d 'The private key: PEM, DER, JWK or JWKS (pick with --kid), or - for standard input' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand dpop; and __fish_seen_subcommand_from proof" -l passphrase -d 'Where the passphrase of an encrypted private key comes from: @FILE, env:NAME, b64:DATA, - (stdin), prompt, or a literal. Default: prompt on a terminal' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand dpop; and __fish_seen_subcommand_from proof" -l kid -d 'With a JWKS, the kid of the key to use' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand dpop; and __fish_seen_subcommand_from proof" -l alg -d 'The algorithm (default: from the key; a JWK\'s own alg when it has one). Asymmetric only' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand dpop; and __fish_seen_subcommand_from proof" -l method -d 'The HTTP method of the request (htm), as sent: GET, POST, ...' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand dpop; and __fish_seen_subcommand_from proof" -l url -d 'The URL of the request: htu is this URL without its query and fragment' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand dpop; and __fish_seen_subcommand_from proof" -l access-token -d 'The access token the request carries (TOKEN, @FILE or -): the proof gets its ath' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand dpop; and __fish_seen_subcommand_from proof" -l nonce -d 'The nonce the server asked for (its DPoP-Nonce header)' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand dpop; and __fish_seen_subcommand_from proof" -l color -d 'When to colour output: auto (only on a terminal, and not when NO_COLOR is set), always, or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c jwtctl -n "__fish_jwtctl_using_subcommand dpop; and __fish_seen_subcommand_from proof" -l now -d 'Pretend the current time is TIME (a duration from now, RFC 3339, YYYY-MM-DD or Unix seconds). Makes output reproducible and checks tokens "as of" a moment' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand dpop; and __fish_seen_subcommand_from proof" -l jkt -d 'Print the key\'s RFC 7638 SHA-256 thumbprint (dpop_jkt, cnf.jkt) instead of a proof'
complete -c jwtctl -n "__fish_jwtctl_using_subcommand dpop; and __fish_seen_subcommand_from proof" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c jwtctl -n "__fish_jwtctl_using_subcommand dpop; and __fish_seen_subcommand_from verify" -l method -d 'The HTTP method of the request' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand dpop; and __fish_seen_subcommand_from verify" -l url -d 'The URL of the request' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand dpop; and __fish_seen_subcommand_from verify" -l access-token -d 'The access token sent with the proof (TOKEN, @FILE or -): ath must be its hash, and when it is a JWT its cnf.jkt must be the proof key\'s thumbprint' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand dpop; and __fish_seen_subcommand_from verify" -l nonce -d 'The nonce the server gave (DPoP-Nonce): the proof must carry it' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand dpop; and __fish_seen_subcommand_from verify" -l jkt -d 'The thumbprint the proof key must have (the dpop_jkt or cnf.jkt it is bound to)' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand dpop; and __fish_seen_subcommand_from verify" -l alg -d 'Allowed algorithms (repeatable or comma-separated; asymmetric only). Default: every RSA, EC and EdDSA algorithm' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand dpop; and __fish_seen_subcommand_from verify" -l max-age -d 'Largest accepted age of the proof, from its iat (default 5m)' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand dpop; and __fish_seen_subcommand_from verify" -l leeway -d 'Clock skew tolerated on iat, both ways (default 0, at most 1h)' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand dpop; and __fish_seen_subcommand_from verify" -l seen -d 'Remember accepted proofs in FILE and reject a jti seen before within the window' -r -F
complete -c jwtctl -n "__fish_jwtctl_using_subcommand dpop; and __fish_seen_subcommand_from verify" -l color -d 'When to colour output: auto (only on a terminal, and not when NO_COLOR is set), always, or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c jwtctl -n "__fish_jwtctl_using_subcommand dpop; and __fish_seen_subcommand_from verify" -l now -d 'Pretend the current time is TIME (a duration from now, RFC 3339, YYYY-MM-DD or Unix seconds). Makes output reproducible and checks tokens "as of" a moment' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand dpop; and __fish_seen_subcommand_from verify" -s q -l quiet -d 'Print nothing; the exit status says it all'
complete -c jwtctl -n "__fish_jwtctl_using_subcommand dpop; and __fish_seen_subcommand_from verify" -l json -d 'Print {"valid":true,"jkt":...,"header":...,"claims":...} or {"valid":false,"error": {"code":...,"message":...}} on standard output, for valid and invalid proofs alike'
complete -c jwtctl -n "__fish_jwtctl_using_subcommand dpop; and __fish_seen_subcommand_from verify" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c jwtctl -n "__fish_jwtctl_using_subcommand dpop; and __fish_seen_subcommand_from help" -f -a "proof" -d 'Print a fresh DPoP proof for one request (or, with --jkt, the key\'s thumbprint)'
complete -c jwtctl -n "__fish_jwtctl_using_subcommand dpop; and __fish_seen_subcommand_from help" -f -a "verify" -d 'Check a DPoP proof against a request, as a resource or authorization server would'
complete -c jwtctl -n "__fish_jwtctl_using_subcommand dpop; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c jwtctl -n "__fish_jwtctl_using_subcommand sd-jwt; and not __fish_seen_subcommand_from issue present verify help" -l color -d 'When to colour output: auto (only on a terminal, and not when NO_COLOR is set), always, or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c jwtctl -n "__fish_jwtctl_using_subcommand sd-jwt; and not __fish_seen_subcommand_from issue present verify help" -l now -d 'Pretend the current time is TIME (a duration from now, RFC 3339, YYYY-MM-DD or Unix seconds). Makes output reproducible and checks tokens "as of" a moment' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand sd-jwt; and not __fish_seen_subcommand_from issue present verify help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c jwtctl -n "__fish_jwtctl_using_subcommand sd-jwt; and not __fish_seen_subcommand_from issue present verify help" -f -a "issue" -d 'Issue an SD-JWT: sign claims with some of them selectively disclosable'
complete -c jwtctl -n "__fish_jwtctl_using_subcommand sd-jwt; and not __fish_seen_subcommand_from issue present verify help" -f -a "present" -d 'Make a presentation: keep the disclosures of the claims to show, drop the others'
complete -c jwtctl -n "__fish_jwtctl_using_subcommand sd-jwt; and not __fish_seen_subcommand_from issue present verify help" -f -a "verify" -d 'Verify an SD-JWT or a presentation; print the disclosed claims'
complete -c jwtctl -n "__fish_jwtctl_using_subcommand sd-jwt; and not __fish_seen_subcommand_from issue present verify help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c jwtctl -n "__fish_jwtctl_using_subcommand sd-jwt; and __fish_seen_subcommand_from issue" -s k -l key -d 'The issuer\'s private key: PEM, DER, JWK or JWKS (pick with --kid), or - for standard input' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand sd-jwt; and __fish_seen_subcommand_from issue" -l passphrase -d 'Where the passphrase of an encrypted private key comes from: @FILE, env:NAME, b64:DATA, - (stdin), prompt, or a literal. Default: prompt on a terminal' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand sd-jwt; and __fish_seen_subcommand_from issue" -l kid -d 'With a JWKS, the kid of the key to use (and the header\'s kid)' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand sd-jwt; and __fish_seen_subcommand_from issue" -l alg -d 'The algorithm (default: from the key; a JWK\'s own alg when it has one)' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand sd-jwt; and __fish_seen_subcommand_from issue" -l claims -d 'A JSON object to start from (a file, or - for standard input); also takes the `decode --json` envelope, keeping the header\'s extra members' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand sd-jwt; and __fish_seen_subcommand_from issue" -l iss -d 'Issuer (iss)' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand sd-jwt; and __fish_seen_subcommand_from issue" -l sub -d 'Subject (sub)' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand sd-jwt; and __fish_seen_subcommand_from issue" -l aud -d 'Audience (aud); repeat for several, which makes an array' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand sd-jwt; and __fish_seen_subcommand_from issue" -l exp -d 'Expiry (exp): a duration from now (15m, 1h30m, 7d, -1h), RFC 3339, YYYY-MM-DD or Unix seconds' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand sd-jwt; and __fish_seen_subcommand_from issue" -l nbf -d 'Not before (nbf), as TIME' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand sd-jwt; and __fish_seen_subcommand_from issue" -l iat -d 'Issued at (iat), as TIME (default: now)' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand sd-jwt; and __fish_seen_subcommand_from issue" -l jti -d 'Token id (jti); "auto" makes a random UUID' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand sd-jwt; and __fish_seen_subcommand_from issue" -s c -l claim -d 'A claim: KEY=VALUE sets a string, KEY:=JSON any JSON value (n:=1, ok:=true, roles:=\'["a","b"]\'). Repeatable' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand sd-jwt; and __fish_seen_subcommand_from issue" -l sd -d 'A JSON pointer to a claim to make selectively disclosable. Repeatable' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand sd-jwt; and __fish_seen_subcommand_from issue" -l decoys -d 'Random decoy digests to add to the top-level _sd (at most 1000)' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand sd-jwt; and __fish_seen_subcommand_from issue" -l holder-key -d 'The holder\'s public key (PEM, DER or JWK): the SD-JWT is bound to it with cnf.jwk. It must be able to sign Key Binding JWTs: RSA, EC or Ed25519 (an X25519 key or an HMAC secret is refused, exit 4)' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand sd-jwt; and __fish_seen_subcommand_from issue" -l typ -d 'The typ header (dc+sd-jwt for SD-JWT VC, example+sd-jwt, ...). Default: none' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand sd-jwt; and __fish_seen_subcommand_from issue" -l color -d 'When to colour output: auto (only on a terminal, and not when NO_COLOR is set), always, or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c jwtctl -n "__fish_jwtctl_using_subcommand sd-jwt; and __fish_seen_subcommand_from issue" -l now -d 'Pretend the current time is TIME (a duration from now, RFC 3339, YYYY-MM-DD or Unix seconds). Makes output reproducible and checks tokens "as of" a moment' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand sd-jwt; and __fish_seen_subcommand_from issue" -l no-iat -d 'Leave iat out'
complete -c jwtctl -n "__fish_jwtctl_using_subcommand sd-jwt; and __fish_seen_subcommand_from issue" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c jwtctl -n "__fish_jwtctl_using_subcommand sd-jwt; and __fish_seen_subcommand_from present" -l disclose -d 'A JSON pointer to a claim to disclose. Repeatable' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand sd-jwt; and __fish_seen_subcommand_from present" -l holder-key -d 'The holder\'s private key (PEM, DER, JWK or JWKS with --kid): appends a Key Binding JWT' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand sd-jwt; and __fish_seen_subcommand_from present" -l passphrase -d 'Where the passphrase of an encrypted private key comes from: @FILE, env:NAME, b64:DATA, - (stdin), prompt, or a literal. Default: prompt on a terminal' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand sd-jwt; and __fish_seen_subcommand_from present" -l kid -d 'With a JWKS, the kid of the holder key' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand sd-jwt; and __fish_seen_subcommand_from present" -l alg -d 'The algorithm of the Key Binding JWT (default: from the key). Asymmetric only' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand sd-jwt; and __fish_seen_subcommand_from present" -l aud -d 'The verifier the presentation is for: the Key Binding JWT\'s aud' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand sd-jwt; and __fish_seen_subcommand_from present" -l nonce -d 'The verifier\'s nonce: the Key Binding JWT\'s nonce' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand sd-jwt; and __fish_seen_subcommand_from present" -l color -d 'When to colour output: auto (only on a terminal, and not when NO_COLOR is set), always, or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c jwtctl -n "__fish_jwtctl_using_subcommand sd-jwt; and __fish_seen_subcommand_from present" -l now -d 'Pretend the current time is TIME (a duration from now, RFC 3339, YYYY-MM-DD or Unix seconds). Makes output reproducible and checks tokens "as of" a moment' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand sd-jwt; and __fish_seen_subcommand_from present" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c jwtctl -n "__fish_jwtctl_using_subcommand sd-jwt; and __fish_seen_subcommand_from verify" -s k -l key -d 'The issuer\'s key: PEM, DER, JWK or JWKS (the issuer JWT\'s kid picks the key), or - for standard input' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand sd-jwt; and __fish_seen_subcommand_from verify" -l jwks -d 'The issuer\'s JWKS, a file or http(s) URL (an OpenID configuration URL works too)' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand sd-jwt; and __fish_seen_subcommand_from verify" -l timeout -d 'Network timeout for a --jwks URL, 1s to 1h' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand sd-jwt; and __fish_seen_subcommand_from verify" -l passphrase -d 'Where the passphrase of an encrypted private key comes from: @FILE, env:NAME, b64:DATA, - (stdin), prompt, or a literal. Default: prompt on a terminal' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand sd-jwt; and __fish_seen_subcommand_from verify" -l alg -d 'Allowed algorithms of the issuer JWT (repeatable or comma-separated). Default: the key family\'s algorithms' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand sd-jwt; and __fish_seen_subcommand_from verify" -l leeway -d 'Clock skew tolerated on exp, nbf, iat, --max-age and the KB-JWT\'s iat (default 0, at most 1h)' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand sd-jwt; and __fish_seen_subcommand_from verify" -l iss -d 'Required issuer (repeat to accept any of several)' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand sd-jwt; and __fish_seen_subcommand_from verify" -l sub -d 'Required subject' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand sd-jwt; and __fish_seen_subcommand_from verify" -l require -d 'Claims that must be present once disclosed (repeatable or comma-separated)' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand sd-jwt; and __fish_seen_subcommand_from verify" -l claim -d 'A claim that must have this value once disclosed: KEY=VALUE or KEY:=JSON. Repeatable' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand sd-jwt; and __fish_seen_subcommand_from verify" -l max-age -d 'Largest accepted age of the issuer JWT, from its iat' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand sd-jwt; and __fish_seen_subcommand_from verify" -l deny -d 'A file of revoked token ids (the issuer JWT\'s jti), one per line; # starts a comment' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand sd-jwt; and __fish_seen_subcommand_from verify" -l typ -d 'The issuer JWT\'s typ must name this media type (RFC 7515 §4.1.9: compared without regard to case, the application/ prefix optional), e.g. dc+sd-jwt. RFC 9901 §9.11 recommends that verifiers check it, so that another kind of JWT cannot pass as this one' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand sd-jwt; and __fish_seen_subcommand_from verify" -l aud -d 'This verifier\'s identifier: the Key Binding JWT\'s aud must be it (and there must be one), and an issuer JWT that names audiences must include it' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand sd-jwt; and __fish_seen_subcommand_from verify" -l nonce -d 'The nonce this verifier gave: the Key Binding JWT\'s nonce must be it (and there must be one)' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand sd-jwt; and __fish_seen_subcommand_from verify" -l kb-max-age -d 'Largest accepted age of the Key Binding JWT, from its iat (default 5m)' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand sd-jwt; and __fish_seen_subcommand_from verify" -l color -d 'When to colour output: auto (only on a terminal, and not when NO_COLOR is set), always, or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c jwtctl -n "__fish_jwtctl_using_subcommand sd-jwt; and __fish_seen_subcommand_from verify" -l now -d 'Pretend the current time is TIME (a duration from now, RFC 3339, YYYY-MM-DD or Unix seconds). Makes output reproducible and checks tokens "as of" a moment' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand sd-jwt; and __fish_seen_subcommand_from verify" -l allow-no-exp -d 'Accept an issuer JWT that has no exp claim'
complete -c jwtctl -n "__fish_jwtctl_using_subcommand sd-jwt; and __fish_seen_subcommand_from verify" -l require-key-binding -d 'Refuse a presentation without a Key Binding JWT'
complete -c jwtctl -n "__fish_jwtctl_using_subcommand sd-jwt; and __fish_seen_subcommand_from verify" -s q -l quiet -d 'Print nothing; the exit status says it all'
complete -c jwtctl -n "__fish_jwtctl_using_subcommand sd-jwt; and __fish_seen_subcommand_from verify" -l json -d 'Print {"valid":true,"header":...,"claims":...,"key_binding":...} or {"valid":false, "error":{"code":...,"message":...}} on standard output, for valid and invalid presentations alike'
complete -c jwtctl -n "__fish_jwtctl_using_subcommand sd-jwt; and __fish_seen_subcommand_from verify" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c jwtctl -n "__fish_jwtctl_using_subcommand sd-jwt; and __fish_seen_subcommand_from help" -f -a "issue" -d 'Issue an SD-JWT: sign claims with some of them selectively disclosable'
complete -c jwtctl -n "__fish_jwtctl_using_subcommand sd-jwt; and __fish_seen_subcommand_from help" -f -a "present" -d 'Make a presentation: keep the disclosures of the claims to show, drop the others'
complete -c jwtctl -n "__fish_jwtctl_using_subcommand sd-jwt; and __fish_seen_subcommand_from help" -f -a "verify" -d 'Verify an SD-JWT or a presentation; print the disclosed claims'
complete -c jwtctl -n "__fish_jwtctl_using_subcommand sd-jwt; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c jwtctl -n "__fish_jwtctl_using_subcommand completions" -l color -d 'When to colour output: auto (only on a terminal, and not when NO_COLOR is set), always, or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c jwtctl -n "__fish_jwtctl_using_subcommand completions" -l now -d 'Pretend the current time is TIME (a duration from now, RFC 3339, YYYY-MM-DD or Unix seconds). Makes output reproducible and checks tokens "as of" a moment' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c jwtctl -n "__fish_jwtctl_using_subcommand man" -l color -d 'When to colour output: auto (only on a terminal, and not when NO_COLOR is set), always, or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c jwtctl -n "__fish_jwtctl_using_subcommand man" -l now -d 'Pretend the current time is TIME (a duration from now, RFC 3339, YYYY-MM-DD or Unix seconds). Makes output reproducible and checks tokens "as of" a moment' -r
complete -c jwtctl -n "__fish_jwtctl_using_subcommand man" -l list -d 'List the page names instead'
complete -c jwtctl -n "__fish_jwtctl_using_subcommand man" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c jwtctl -n "__fish_jwtctl_using_subcommand help; and not __fish_seen_subcommand_from keygen sign verify decode jwks encrypt decrypt dpop sd-jwt completions man help" -f -a "keygen" -d 'Generate a key pair or an HMAC secret'
complete -c jwtctl -n "__fish_jwtctl_using_subcommand help; and not __fish_seen_subcommand_from keygen sign verify decode jwks encrypt decrypt dpop sd-jwt completions man help" -f -a "sign" -d 'Build claims (or take any payload) and print one JWS, compact by default'
complete -c jwtctl -n "__fish_jwtctl_using_subcommand help; and not __fish_seen_subcommand_from keygen sign verify decode jwks encrypt decrypt dpop sd-jwt completions man help" -f -a "verify" -d 'Check a token\'s signature and claims; print the verified claims'
complete -c jwtctl -n "__fish_jwtctl_using_subcommand help; and not __fish_seen_subcommand_from keygen sign verify decode jwks encrypt decrypt dpop sd-jwt completions man help" -f -a "decode" -d 'Show a token without verifying it'
complete -c jwtctl -n "__fish_jwtctl_using_subcommand help; and not __fish_seen_subcommand_from keygen sign verify decode jwks encrypt decrypt dpop sd-jwt completions man help" -f -a "jwks" -d 'Work with JSON Web Keys and key sets: create, show, convert, thumbprint, serve'
complete -c jwtctl -n "__fish_jwtctl_using_subcommand help; and not __fish_seen_subcommand_from keygen sign verify decode jwks encrypt decrypt dpop sd-jwt completions man help" -f -a "encrypt" -d 'Encrypt claims (or any payload) into a JWE (RFC 7516), compact by default'
complete -c jwtctl -n "__fish_jwtctl_using_subcommand help; and not __fish_seen_subcommand_from keygen sign verify decode jwks encrypt decrypt dpop sd-jwt completions man help" -f -a "decrypt" -d 'Decrypt a JWE and print its plaintext'
complete -c jwtctl -n "__fish_jwtctl_using_subcommand help; and not __fish_seen_subcommand_from keygen sign verify decode jwks encrypt decrypt dpop sd-jwt completions man help" -f -a "dpop" -d 'Mint and check DPoP proofs (RFC 9449) for testing sender-constrained APIs'
complete -c jwtctl -n "__fish_jwtctl_using_subcommand help; and not __fish_seen_subcommand_from keygen sign verify decode jwks encrypt decrypt dpop sd-jwt completions man help" -f -a "sd-jwt" -d 'Issue, present and verify selective-disclosure JWTs (SD-JWT, RFC 9901)'
complete -c jwtctl -n "__fish_jwtctl_using_subcommand help; and not __fish_seen_subcommand_from keygen sign verify decode jwks encrypt decrypt dpop sd-jwt completions man help" -f -a "completions" -d 'Print a shell completion script'
complete -c jwtctl -n "__fish_jwtctl_using_subcommand help; and not __fish_seen_subcommand_from keygen sign verify decode jwks encrypt decrypt dpop sd-jwt completions man help" -f -a "man" -d 'Print a man page (roff), e.g. `jwtctl man sign | man -l -`'
complete -c jwtctl -n "__fish_jwtctl_using_subcommand help; and not __fish_seen_subcommand_from keygen sign verify decode jwks encrypt decrypt dpop sd-jwt completions man help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c jwtctl -n "__fish_jwtctl_using_subcommand help; and __fish_seen_subcommand_from jwks" -f -a "create" -d 'Build a public JWKS from keys, for a service to publish'
complete -c jwtctl -n "__fish_jwtctl_using_subcommand help; and __fish_seen_subcommand_from jwks" -f -a "show" -d 'Show the keys of a JWKS (file or URL) as a table, and what is wrong with them'
complete -c jwtctl -n "__fish_jwtctl_using_subcommand help; and __fish_seen_subcommand_from jwks" -f -a "convert" -d 'Convert a key between PEM and JWK'
complete -c jwtctl -n "__fish_jwtctl_using_subcommand help; and __fish_seen_subcommand_from jwks" -f -a "thumbprint" -d 'Print the RFC 7638 thumbprint of a key (base64url of the hash of its canonical JWK)'
complete -c jwtctl -n "__fish_jwtctl_using_subcommand help; and __fish_seen_subcommand_from jwks" -f -a "serve" -d 'Serve the public JWKS of keys over HTTP, for local development'
complete -c jwtctl -n "__fish_jwtctl_using_subcommand help; and __fish_seen_subcommand_from dpop" -f -a "proof" -d 'Print a fresh DPoP proof for one request (or, with --jkt, the key\'s thumbprint)'
complete -c jwtctl -n "__fish_jwtctl_using_subcommand help; and __fish_seen_subcommand_from dpop" -f -a "verify" -d 'Check a DPoP proof against a request, as a resource or authorization server would'
complete -c jwtctl -n "__fish_jwtctl_using_subcommand help; and __fish_seen_subcommand_from sd-jwt" -f -a "issue" -d 'Issue an SD-JWT: sign claims with some of them selectively disclosable'
complete -c jwtctl -n "__fish_jwtctl_using_subcommand help; and __fish_seen_subcommand_from sd-jwt" -f -a "present" -d 'Make a presentation: keep the disclosures of the claims to show, drop the others'
complete -c jwtctl -n "__fish_jwtctl_using_subcommand help; and __fish_seen_subcommand_from sd-jwt" -f -a "verify" -d 'Verify an SD-JWT or a presentation; print the disclosed claims'
