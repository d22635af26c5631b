
use builtin;
use str;

set edit:completion:arg-completer[jwtctl] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'jwtctl'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'jwtctl'= {
            cand --color 'When to colour output: auto (only on a terminal, and not when NO_COLOR is set), always, or never'
            cand --now 'Pretend the current time is TIME (a duration from now, RFC 3339, YYYY-MM-DD or Unix seconds). Makes output reproducible and checks tokens "as of" a moment'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand keygen 'Generate a key pair or an HMAC secret'
            cand sign 'Build claims (or take any payload) and print one JWS, compact by default'
            cand verify 'Check a token''s signature and claims; print the verified claims'
            cand decode 'Show a token without verifying it'
            cand jwks 'Work with JSON Web Keys and key sets: create, show, convert, thumbprint, serve'
            cand encrypt 'Encrypt claims (or any payload) into a JWE (RFC 7516), compact by default'
            cand decrypt 'Decrypt a JWE and print its plaintext'
            cand dpop 'Mint and check DPoP proofs (RFC 9449) for testing sender-constrained APIs'
            cand sd-jwt 'Issue, present and verify selective-disclosure JWTs (SD-JWT, RFC 9901)'
            cand completions 'Print a shell completion script'
            cand man 'Print a man page (roff), e.g. `jwtctl man sign | man -l -`'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'jwtctl;keygen'= {
            cand --alg 'The algorithm the key is for: RS256/384/512 and PS256/384/512 (RSA 2048), ES256 (P-256), ES384 (P-384), ES512 (P-521), ES256K (secp256k1), EdDSA (Ed25519), HS256/384/512 (secret of the hash size)'
            cand --type 'The kind of key, when no algorithm is given'
            cand --bits 'RSA modulus size (2048, 3072 or 4096; default 2048) or secret size in bits (for HMAC at least the hash size, with --use enc at least 128; at most 8192; default 256)'
            cand --curve 'EC curve for --type ec (default P-256; secp256k1 signs ES256K only)'
            cand --format 'Output format: pem (PKCS#8 private, SPKI public) or jwk. HMAC secrets are always JWK'
            cand --kid 'The kid of a JWK (default: its RFC 7638 thumbprint)'
            cand --use 'What the key is for: sig (signatures, the default) or enc (JWE recipients: an RSA or EC key pair, an X25519 key, or a secret of 128 bits or more for AxxxKW/AxxxGCMKW/dir; use --type). The JWK says it in "use"; an enc JWK carries no JWS alg'
            cand -o 'Write the private key to NAME.pem (or NAME.jwk) and the public key to NAME.pub.pem (or NAME.pub.jwk) instead of printing the private key'
            cand --out 'Write the private key to NAME.pem (or NAME.jwk) and the public key to NAME.pub.pem (or NAME.pub.jwk) instead of printing the private key'
            cand --passphrase 'Where the passphrase for --encrypt comes from: @FILE, env:NAME, b64:DATA, - (stdin), prompt, or a literal. Default: asked twice on the terminal'
            cand --kdf 'Key derivation for --encrypt: scrypt (default) or pbkdf2 (PBKDF2-SHA256, 600000 rounds)'
            cand --color 'When to colour output: auto (only on a terminal, and not when NO_COLOR is set), always, or never'
            cand --now 'Pretend the current time is TIME (a duration from now, RFC 3339, YYYY-MM-DD or Unix seconds). Makes output reproducible and checks tokens "as of" a moment'
            cand --force 'Replace existing output files'
            cand --encrypt 'Encrypt the private key with a passphrase (PKCS#8 PBES2, AES-256-CBC; PEM only)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'jwtctl;sign'= {
            cand -k 'The private key: PEM, DER, JWK or JWKS (pick with --kid), or - for standard input. Repeat for one signature per key (--serialization general)'
            cand --key 'The private key: PEM, DER, JWK or JWKS (pick with --kid), or - for standard input. Repeat for one signature per key (--serialization general)'
            cand -s 'The HMAC secret: @FILE, env:NAME, b64:DATA, - (stdin), prompt, or a literal'
            cand --secret 'The HMAC secret: @FILE, env:NAME, b64:DATA, - (stdin), prompt, or a literal'
            cand --passphrase 'Where the passphrase of an encrypted private key comes from: @FILE, env:NAME, b64:DATA, - (stdin), prompt, or a literal. Default: prompt on a terminal'
            cand --alg 'The algorithm (default: from the key; a JWK''s own alg when it has one)'
            cand --claims 'A JSON object to start from (a file, or - for standard input); also takes the `decode --json` envelope, keeping the header''s extra members'
            cand --iss 'Issuer (iss)'
            cand --sub 'Subject (sub)'
            cand --aud 'Audience (aud); repeat for several, which makes an array'
            cand --exp 'Expiry (exp): a duration from now (15m, 1h30m, 7d, -1h), RFC 3339, YYYY-MM-DD or Unix seconds'
            cand --nbf 'Not before (nbf), as TIME'
            cand --iat 'Issued at (iat), as TIME (default: now)'
            cand --jti 'Token id (jti); "auto" makes a random UUID'
            cand -c 'A claim: KEY=VALUE sets a string, KEY:=JSON any JSON value (n:=1, ok:=true, roles:=''["a","b"]''). Repeatable'
            cand --claim 'A claim: KEY=VALUE sets a string, KEY:=JSON any JSON value (n:=1, ok:=true, roles:=''["a","b"]''). Repeatable'
            cand --typ 'The typ header (default JWT)'
            cand --kid 'The kid header: a value, or "thumbprint" for the key''s RFC 7638 thumbprint. Default: the JWK''s own kid. With a JWKS, also picks the signing key'
            cand -H 'An extra header member: KEY=VALUE or KEY:=JSON (x5t, cty, ...). Repeatable'
            cand --header 'An extra header member: KEY=VALUE or KEY:=JSON (x5t, cty, ...). Repeatable'
            cand -U 'A member of each signature''s unprotected header (JSON serializations): KEY=VALUE or KEY:=JSON. Repeatable. A member set here is left out of the protected header (a kid from the key too); alg, crit and b64 are always protected'
            cand --unprotected 'A member of each signature''s unprotected header (JSON serializations): KEY=VALUE or KEY:=JSON. Repeatable. A member set here is left out of the protected header (a kid from the key too); alg, crit and b64 are always protected'
            cand --payload 'Sign this file''s bytes (or - for standard input) as they are, instead of claims'
            cand --serialization 'compact (header.payload.signature, the default), or the JSON serialization: flattened (one signature) or general (a signatures array, one per --key)'
            cand --cnf-jkt 'Bind the token to a DPoP key (RFC 9449 §6): cnf.jkt is this RFC 7638 SHA-256 thumbprint (from `jwtctl dpop proof --key KEY --jkt`)'
            cand --cnf-key 'Bind the token to a DPoP key: cnf.jkt is this key''s thumbprint (public or private key: PEM, DER, JWK; an HMAC secret is refused)'
            cand -o 'Write the token to FILE (mode 0600) instead of standard output'
            cand --out 'Write the token to FILE (mode 0600) instead of standard output'
            cand --color 'When to colour output: auto (only on a terminal, and not when NO_COLOR is set), always, or never'
            cand --now 'Pretend the current time is TIME (a duration from now, RFC 3339, YYYY-MM-DD or Unix seconds). Makes output reproducible and checks tokens "as of" a moment'
            cand --no-iat 'Leave iat out'
            cand --no-typ 'Leave the typ header out'
            cand --detached 'Leave the payload out of the JWS (RFC 7515 Appendix F): header..signature in compact form; verify gets the payload with --payload'
            cand --unencoded 'Sign the payload unencoded (RFC 7797: b64 false, listed in crit). In compact form the payload must be free of ''.'', or detached'
            cand --force 'Replace an existing --out file'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'jwtctl;verify'= {
            cand -k 'The key: PEM, DER, JWK or JWKS (the token''s kid picks the key), or - for standard input'
            cand --key 'The key: PEM, DER, JWK or JWKS (the token''s kid picks the key), or - for standard input'
            cand -s 'The HMAC secret: @FILE, env:NAME, b64:DATA, - (stdin), prompt, or a literal'
            cand --secret 'The HMAC secret: @FILE, env:NAME, b64:DATA, - (stdin), prompt, or a literal'
            cand --jwks 'A JWKS file or http(s) URL (an OpenID configuration URL works too: its jwks_uri is followed); the token''s kid picks the key, else its algorithm'
            cand --issuer 'The issuer''s URL: its keys come from its metadata (OpenID Connect Discovery 1.0 at URL/.well-known/openid-configuration, else RFC 8414''s oauth-authorization-server), whose issuer must be URL exactly, through its jwks_uri (https; http only when the issuer and its keys are both on this machine). Implies --iss URL. With --batch, discovery happens once per run'
            cand --cache-dir 'The directory of the JWKS cache for --issuer and --jwks URL (default: $XDG_CACHE_HOME/jwtctl, else ~/.cache/jwtctl). A copy is used while fresh (the server''s Cache-Control max-age, at least 5 minutes and at most a day), then revalidated with its ETag; a token whose kid the cached set lacks causes one refetch (at most one a minute). Files are written atomically, one per URL, with public keys only, at most 64 (the oldest are removed); a file that is not one of the cache''s, or claims to be fresh for more than a day, is ignored and replaced. A cache directory or file owned by another user is neither read nor written, and one others can write is not read'
            cand --timeout 'Network timeout for a --jwks or --issuer URL (connect and read together, redirects included: one deadline for each URL), 1s to 1h'
            cand --passphrase 'Where the passphrase of an encrypted private key comes from: @FILE, env:NAME, b64:DATA, - (stdin), prompt, or a literal. Default: prompt on a terminal'
            cand --alg 'Allowed algorithms (repeatable or comma-separated). Default: the key family''s algorithms'
            cand --leeway 'Clock skew tolerated on exp, nbf, iat and --max-age (e.g. 30s, 2m). Default 0, at most 1h; over 5m, a warning on standard error. To check a token as of another time, use --now'
            cand --iss 'Required issuer (repeat to accept any of several)'
            cand --aud 'Required audience: the token passes if any of its audiences is one of these'
            cand --sub 'Required subject'
            cand --require 'Claims that must be present (repeatable or comma-separated)'
            cand --claim 'A claim that must have this value: KEY=VALUE (string) or KEY:=JSON. Repeatable'
            cand --max-age 'Largest accepted age, measured from iat (e.g. 1h; at most 36500d)'
            cand --typ 'The header''s typ must name this media type (RFC 7515 §4.1.9: compared without regard to case, the application/ prefix optional), e.g. at+jwt. In a JSON serialization it must be in the protected header'
            cand --profile 'The kind of token expected, so that one kind cannot be replayed as another (RFC 8725). access-token (RFC 9068): typ at+jwt; iss, exp, aud, sub, client_id, iat and jti present; --aud required. id-token (OpenID Connect Core 3.1.3.7): --aud is the client id (exactly one); iss, sub, aud, exp and iat present; typ JWT or none; azp present when there are several audiences, and equal to the client id when present; --nonce, --access-token (at_hash), --code (c_hash) checked when given; with --max-age, auth_time required and at most that old too; with --issuer, only the issuer''s id_token_signing_alg_values_supported algorithms'
            cand --nonce 'ID tokens: the nonce the client sent; the token''s nonce claim must equal it'
            cand --access-token 'ID tokens: the access token issued with it (TOKEN, @FILE or - for standard input); the token''s at_hash must be its hash'
            cand --code 'ID tokens: the authorization code issued with it; the token''s c_hash must be its hash'
            cand --deny 'A file of revoked token ids (jti), one per line; # starts a comment'
            cand --payload 'The payload of a detached JWS (header..signature, or JSON without payload): a file, or - for standard input'
            cand --color 'When to colour output: auto (only on a terminal, and not when NO_COLOR is set), always, or never'
            cand --now 'Pretend the current time is TIME (a duration from now, RFC 3339, YYYY-MM-DD or Unix seconds). Makes output reproducible and checks tokens "as of" a moment'
            cand --no-cache 'Fetch keys and metadata without the cache: nothing is read from it or written to it'
            cand --offline 'Verify from the cache alone, without a request: exit 5 when it holds no fresh copy of what --issuer or --jwks URL needs'
            cand --allow-no-exp 'Accept tokens that have no exp claim'
            cand --signature-only 'Check only the signature; the payload need not be JSON. It is printed as it is: text with a newline added, other bytes exactly in a pipe; on a terminal, control characters and bytes that are not UTF-8 are shown escaped. --json shows a payload that is not UTF-8 in base64url, as decode --json does'
            cand -q 'Print nothing; the exit status says it all'
            cand --quiet 'Print nothing; the exit status says it all'
            cand --json 'Print {"valid":true,"header":...,"claims":...} or {"valid":false,"error":{"code":..., "message":...}} on standard output, for valid and invalid tokens alike'
            cand --batch 'Verify many tokens: one per line from standard input (or the files given), one --json envelope per line with its line number, in input order; a summary on standard error. Uses every core; the lines in memory are bounded whatever the input (LIMITS). On a terminal, standard error shows a progress line until the summary (tokens, valid, rejected, rate; for files, the percentage and time left); never with -q'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'jwtctl;decode'= {
            cand --date 'The zone the time annotations use: utc (default), local, or an offset like +02:00'
            cand --color 'When to colour output: auto (only on a terminal, and not when NO_COLOR is set), always, or never'
            cand --now 'Pretend the current time is TIME (a duration from now, RFC 3339, YYYY-MM-DD or Unix seconds). Makes output reproducible and checks tokens "as of" a moment'
            cand --json 'Print {"header":...,"payload":...,"signature":...} as JSON'
            cand --header 'Print only the header JSON'
            cand --payload 'Print only the payload (JSON, or the text of a non-JSON payload)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'jwtctl;jwks'= {
            cand --color 'When to colour output: auto (only on a terminal, and not when NO_COLOR is set), always, or never'
            cand --now 'Pretend the current time is TIME (a duration from now, RFC 3339, YYYY-MM-DD or Unix seconds). Makes output reproducible and checks tokens "as of" a moment'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand create 'Build a public JWKS from keys, for a service to publish'
            cand show 'Show the keys of a JWKS (file or URL) as a table, and what is wrong with them'
            cand convert 'Convert a key between PEM and JWK'
            cand thumbprint 'Print the RFC 7638 thumbprint of a key (base64url of the hash of its canonical JWK)'
            cand serve 'Serve the public JWKS of keys over HTTP, for local development'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'jwtctl;jwks;create'= {
            cand --alg 'The alg for keys of that algorithm''s family (e.g. PS256 for RSA keys); repeatable. Default: the key''s own alg, else RS256 / ES256 / ES384 / ES512 / ES256K / EdDSA'
            cand --merge 'An existing JWKS to add to: its keys follow the new ones (key rotation)'
            cand --remove 'Leave out the key with this kid (repeatable)'
            cand --passphrase 'Where the passphrase of an encrypted private key comes from: @FILE, env:NAME, b64:DATA, - (stdin), prompt, or a literal. Default: prompt on a terminal'
            cand --color 'When to colour output: auto (only on a terminal, and not when NO_COLOR is set), always, or never'
            cand --now 'Pretend the current time is TIME (a duration from now, RFC 3339, YYYY-MM-DD or Unix seconds). Makes output reproducible and checks tokens "as of" a moment'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'jwtctl;jwks;show'= {
            cand --timeout 'Network timeout for a URL (connect and read together), 1s to 1h'
            cand --color 'When to colour output: auto (only on a terminal, and not when NO_COLOR is set), always, or never'
            cand --now 'Pretend the current time is TIME (a duration from now, RFC 3339, YYYY-MM-DD or Unix seconds). Makes output reproducible and checks tokens "as of" a moment'
            cand --json 'Print a JSON array of the rows (kid, kty, size, alg, use, thumbprint, private, problems)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'jwtctl;jwks;convert'= {
            cand --to 'The output format'
            cand --kid 'With a JWKS, the kid of the key to convert'
            cand --passphrase 'Where the passphrase of an encrypted private key comes from: @FILE, env:NAME, b64:DATA, - (stdin), prompt, or a literal. Default: prompt on a terminal'
            cand --color 'When to colour output: auto (only on a terminal, and not when NO_COLOR is set), always, or never'
            cand --now 'Pretend the current time is TIME (a duration from now, RFC 3339, YYYY-MM-DD or Unix seconds). Makes output reproducible and checks tokens "as of" a moment'
            cand --public 'Write only the public key'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'jwtctl;jwks;thumbprint'= {
            cand --hash 'The hash function'
            cand --passphrase 'Where the passphrase of an encrypted private key comes from: @FILE, env:NAME, b64:DATA, - (stdin), prompt, or a literal. Default: prompt on a terminal'
            cand --color 'When to colour output: auto (only on a terminal, and not when NO_COLOR is set), always, or never'
            cand --now 'Pretend the current time is TIME (a duration from now, RFC 3339, YYYY-MM-DD or Unix seconds). Makes output reproducible and checks tokens "as of" a moment'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'jwtctl;jwks;serve'= {
            cand --bind 'The address to listen on'
            cand --port 'The port (0 picks a free one)'
            cand --issuer 'The issuer in /.well-known/openid-configuration (default: the server''s URL)'
            cand --alg 'The alg for keys of that algorithm''s family, as in `jwks create`'
            cand --passphrase 'Where the passphrase of an encrypted private key comes from: @FILE, env:NAME, b64:DATA, - (stdin), prompt, or a literal. Default: prompt on a terminal'
            cand --color 'When to colour output: auto (only on a terminal, and not when NO_COLOR is set), always, or never'
            cand --now 'Pretend the current time is TIME (a duration from now, RFC 3339, YYYY-MM-DD or Unix seconds). Makes output reproducible and checks tokens "as of" a moment'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'jwtctl;jwks;help'= {
            cand create 'Build a public JWKS from keys, for a service to publish'
            cand show 'Show the keys of a JWKS (file or URL) as a table, and what is wrong with them'
            cand convert 'Convert a key between PEM and JWK'
            cand thumbprint 'Print the RFC 7638 thumbprint of a key (base64url of the hash of its canonical JWK)'
            cand serve 'Serve the public JWKS of keys over HTTP, for local development'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'jwtctl;jwks;help;create'= {
        }
        &'jwtctl;jwks;help;show'= {
        }
        &'jwtctl;jwks;help;convert'= {
        }
        &'jwtctl;jwks;help;thumbprint'= {
        }
        &'jwtctl;jwks;help;serve'= {
        }
        &'jwtctl;jwks;help;help'= {
        }
        &'jwtctl;encrypt'= {
            cand -k 'The recipient''s key: RSA or EC (the public half to encrypt, the private one to decrypt), or an oct JWK. encrypt takes it once per recipient (--serialization general)'
            cand --key 'The recipient''s key: RSA or EC (the public half to encrypt, the private one to decrypt), or an oct JWK. encrypt takes it once per recipient (--serialization general)'
            cand -s 'A symmetric key for A128KW / A256KW / dir: @FILE, env:NAME, b64:DATA, -, prompt'
            cand --secret 'A symmetric key for A128KW / A256KW / dir: @FILE, env:NAME, b64:DATA, -, prompt'
            cand --password 'A password for PBES2: @FILE, env:NAME, b64:DATA, -, prompt, or a literal'
            cand --passphrase 'Where the passphrase of an encrypted private key comes from: @FILE, env:NAME, b64:DATA, - (stdin), prompt, or a literal. Default: prompt on a terminal'
            cand --alg 'Key management algorithm: RSA-OAEP, RSA-OAEP-256, ECDH-ES, ECDH-ES+A128KW, ECDH-ES+A192KW, ECDH-ES+A256KW, A128KW, A192KW, A256KW, A128GCMKW, A192GCMKW, A256GCMKW, dir, PBES2-HS256+A128KW, PBES2-HS384+A192KW, PBES2-HS512+A256KW'
            cand --enc 'Content encryption: A128GCM, A192GCM, A256GCM (default), A128CBC-HS256, A192CBC-HS384, A256CBC-HS512'
            cand --p2c 'PBES2 iteration count for --password (1000 to 1000000). The default, 10000, is the most node jose and jwcrypto read without raising their limits; more resists password guessing better'
            cand --cty 'The cty header (default: JWT when --payload is a signed JWT)'
            cand --kid 'The kid header: a value, or "thumbprint". Default: the JWK''s own kid'
            cand --payload 'Encrypt this file (or - for standard input) as it is, instead of claims'
            cand --claims 'A JSON object to start from (a file, or - for standard input); also takes the `decode --json` envelope, keeping the header''s extra members'
            cand --iss 'Issuer (iss)'
            cand --sub 'Subject (sub)'
            cand --aud 'Audience (aud); repeat for several, which makes an array'
            cand --exp 'Expiry (exp): a duration from now (15m, 1h30m, 7d, -1h), RFC 3339, YYYY-MM-DD or Unix seconds'
            cand --nbf 'Not before (nbf), as TIME'
            cand --iat 'Issued at (iat), as TIME (default: now)'
            cand --jti 'Token id (jti); "auto" makes a random UUID'
            cand -c 'A claim: KEY=VALUE sets a string, KEY:=JSON any JSON value (n:=1, ok:=true, roles:=''["a","b"]''). Repeatable'
            cand --claim 'A claim: KEY=VALUE sets a string, KEY:=JSON any JSON value (n:=1, ok:=true, roles:=''["a","b"]''). Repeatable'
            cand --serialization 'compact (five segments, the default), or the JSON serialization: flattened (one recipient) or general (a recipients array, one per --key)'
            cand -U 'A member of the shared unprotected header (JSON serializations): KEY=VALUE or KEY:=JSON. Repeatable'
            cand --unprotected 'A member of the shared unprotected header (JSON serializations): KEY=VALUE or KEY:=JSON. Repeatable'
            cand --aad 'Additional authenticated data (JSON serializations): this file''s bytes (or - for standard input) are authenticated with the ciphertext, and carried unencrypted as aad'
            cand -o 'Write the token to FILE (mode 0600) instead of standard output'
            cand --out 'Write the token to FILE (mode 0600) instead of standard output'
            cand --color 'When to colour output: auto (only on a terminal, and not when NO_COLOR is set), always, or never'
            cand --now 'Pretend the current time is TIME (a duration from now, RFC 3339, YYYY-MM-DD or Unix seconds). Makes output reproducible and checks tokens "as of" a moment'
            cand --no-iat 'Leave iat out'
            cand --force 'Replace an existing --out file'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'jwtctl;decrypt'= {
            cand -k 'The recipient''s key: RSA or EC (the public half to encrypt, the private one to decrypt), or an oct JWK. encrypt takes it once per recipient (--serialization general)'
            cand --key 'The recipient''s key: RSA or EC (the public half to encrypt, the private one to decrypt), or an oct JWK. encrypt takes it once per recipient (--serialization general)'
            cand -s 'A symmetric key for A128KW / A256KW / dir: @FILE, env:NAME, b64:DATA, -, prompt'
            cand --secret 'A symmetric key for A128KW / A256KW / dir: @FILE, env:NAME, b64:DATA, -, prompt'
            cand --password 'A password for PBES2: @FILE, env:NAME, b64:DATA, -, prompt, or a literal'
            cand --passphrase 'Where the passphrase of an encrypted private key comes from: @FILE, env:NAME, b64:DATA, - (stdin), prompt, or a literal. Default: prompt on a terminal'
            cand --alg 'Allowed key management algorithms (repeatable or comma-separated): RSA-OAEP, RSA-OAEP-256, RSA1_5, ECDH-ES, ECDH-ES+A128KW, ECDH-ES+A192KW, ECDH-ES+A256KW, A128KW, A192KW, A256KW, A128GCMKW, A192GCMKW, A256GCMKW, dir, PBES2-HS256+A128KW, PBES2-HS384+A192KW, PBES2-HS512+A256KW'
            cand --enc 'Allowed content encryption algorithms (repeatable or comma-separated): A128GCM, A192GCM, A256GCM, A128CBC-HS256, A192CBC-HS384, A256CBC-HS512'
            cand --verify-key 'The plaintext is a signed JWT: verify it with this key (exp required unless --allow-no-exp, algorithms from the key) and print its claims'
            cand --color 'When to colour output: auto (only on a terminal, and not when NO_COLOR is set), always, or never'
            cand --now 'Pretend the current time is TIME (a duration from now, RFC 3339, YYYY-MM-DD or Unix seconds). Makes output reproducible and checks tokens "as of" a moment'
            cand --allow-rsa1-5 'Accept RSA1_5 (PKCS#1 v1.5) key transport, for old senders only'
            cand --allow-zip 'Accept compressed payloads (zip DEF), inflated to at most 1 MiB'
            cand --allow-no-exp 'With --verify-key: accept a nested JWT that has no exp (it never expires)'
            cand --json 'Print {"header":...,"plaintext":...} (the plaintext as JSON when it is JSON) or {"valid":false,"error":{...}}'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'jwtctl;dpop'= {
            cand --color 'When to colour output: auto (only on a terminal, and not when NO_COLOR is set), always, or never'
            cand --now 'Pretend the current time is TIME (a duration from now, RFC 3339, YYYY-MM-DD or Unix seconds). Makes output reproducible and checks tokens "as of" a moment'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand proof 'Print a fresh DPoP proof for one request (or, with --jkt, the key''s thumbprint)'
            cand verify 'Check a DPoP proof against a request, as a resource or authorization server would'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'jwtctl;dpop;proof'= {
            cand -k 'The private key: PEM, DER, JWK or JWKS (pick with --kid), or - for standard input'
            cand --key 'The private key: PEM, DER, JWK or JWKS (pick with --kid), or - for standard input'
            cand --passphrase 'Where the passphrase of an encrypted private key comes from: @FILE, env:NAME, b64:DATA, - (stdin), prompt, or a literal. Default: prompt on a terminal'
            cand --kid 'With a JWKS, the kid of the key to use'
            cand --alg 'The algorithm (default: from the key; a JWK''s own alg when it has one). Asymmetric only'
            cand --method 'The HTTP method of the request (htm), as sent: GET, POST, ...'
            cand --url 'The URL of the request: htu is this URL without its query and fragment'
            cand --access-token 'The access token the request carries (TOKEN, @FILE or -): the proof gets its ath'
            cand --nonce 'The nonce the server asked for (its DPoP-Nonce header)'
            cand --color 'When to colour output: auto (only on a terminal, and not when NO_COLOR is set), always, or never'
            cand --now 'Pretend the current time is TIME (a duration from now, RFC 3339, YYYY-MM-DD or Unix seconds). Makes output reproducible and checks tokens "as of" a moment'
            cand --jkt 'Print the key''s RFC 7638 SHA-256 thumbprint (dpop_jkt, cnf.jkt) instead of a proof'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'jwtctl;dpop;verify'= {
            cand --method 'The HTTP method of the request'
            cand --url 'The URL of the request'
            cand --access-token 'The access token sent with the proof (TOKEN, @FILE or -): ath must be its hash, and when it is a JWT its cnf.jkt must be the proof key''s thumbprint'
            cand --nonce 'The nonce the server gave (DPoP-Nonce): the proof must carry it'
            cand --jkt 'The thumbprint the proof key must have (the dpop_jkt or cnf.jkt it is bound to)'
            cand --alg 'Allowed algorithms (repeatable or comma-separated; asymmetric only). Default: every RSA, EC and EdDSA algorithm'
            cand --max-age 'Largest accepted age of the proof, from its iat (default 5m)'
            cand --leeway 'Clock skew tolerated on iat, both ways (default 0, at most 1h)'
            cand --seen 'Remember accepted proofs in FILE and reject a jti seen before within the window'
            cand --color 'When to colour output: auto (only on a terminal, and not when NO_COLOR is set), always, or never'
            cand --now 'Pretend the current time is TIME (a duration from now, RFC 3339, YYYY-MM-DD or Unix seconds). Makes output reproducible and checks tokens "as of" a moment'
            cand -q 'Print nothing; the exit status says it all'
            cand --quiet 'Print nothing; the exit status says it all'
            cand --json 'Print {"valid":true,"jkt":...,"header":...,"claims":...} or {"valid":false,"error": {"code":...,"message":...}} on standard output, for valid and invalid proofs alike'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'jwtctl;dpop;help'= {
            cand proof 'Print a fresh DPoP proof for one request (or, with --jkt, the key''s thumbprint)'
            cand verify 'Check a DPoP proof against a request, as a resource or authorization server would'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'jwtctl;dpop;help;proof'= {
        }
        &'jwtctl;dpop;help;verify'= {
        }
        &'jwtctl;dpop;help;help'= {
        }
        &'jwtctl;sd-jwt'= {
            cand --color 'When to colour output: auto (only on a terminal, and not when NO_COLOR is set), always, or never'
            cand --now 'Pretend the current time is TIME (a duration from now, RFC 3339, YYYY-MM-DD or Unix seconds). Makes output reproducible and checks tokens "as of" a moment'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand issue 'Issue an SD-JWT: sign claims with some of them selectively disclosable'
            cand present 'Make a presentation: keep the disclosures of the claims to show, drop the others'
            cand verify 'Verify an SD-JWT or a presentation; print the disclosed claims'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'jwtctl;sd-jwt;issue'= {
            cand -k 'The issuer''s private key: PEM, DER, JWK or JWKS (pick with --kid), or - for standard input'
            cand --key 'The issuer''s private key: PEM, DER, JWK or JWKS (pick with --kid), or - for standard input'
            cand --passphrase 'Where the passphrase of an encrypted private key comes from: @FILE, env:NAME, b64:DATA, - (stdin), prompt, or a literal. Default: prompt on a terminal'
            cand --kid 'With a JWKS, the kid of the key to use (and the header''s kid)'
            cand --alg 'The algorithm (default: from the key; a JWK''s own alg when it has one)'
            cand --claims 'A JSON object to start from (a file, or - for standard input); also takes the `decode --json` envelope, keeping the header''s extra members'
            cand --iss 'Issuer (iss)'
            cand --sub 'Subject (sub)'
            cand --aud 'Audience (aud); repeat for several, which makes an array'
            cand --exp 'Expiry (exp): a duration from now (15m, 1h30m, 7d, -1h), RFC 3339, YYYY-MM-DD or Unix seconds'
            cand --nbf 'Not before (nbf), as TIME'
            cand --iat 'Issued at (iat), as TIME (default: now)'
            cand --jti 'Token id (jti); "auto" makes a random UUID'
            cand -c 'A claim: KEY=VALUE sets a string, KEY:=JSON any JSON value (n:=1, ok:=true, roles:=''["a","b"]''). Repeatable'
            cand --claim 'A claim: KEY=VALUE sets a string, KEY:=JSON any JSON value (n:=1, ok:=true, roles:=''["a","b"]''). Repeatable'
            cand --sd 'A JSON pointer to a claim to make selectively disclosable. Repeatable'
            cand --decoys 'Random decoy digests to add to the top-level _sd (at most 1000)'
            cand --holder-key 'The holder''s public key (PEM, DER or JWK): the SD-JWT is bound to it with cnf.jwk. It must be able to sign Key Binding JWTs: RSA, EC or Ed25519 (an X25519 key or an HMAC secret is refused, exit 4)'
            cand --typ 'The typ header (dc+sd-jwt for SD-JWT VC, example+sd-jwt, ...). Default: none'
            cand --color 'When to colour output: auto (only on a terminal, and not when NO_COLOR is set), always, or never'
            cand --now 'Pretend the current time is TIME (a duration from now, RFC 3339, YYYY-MM-DD or Unix seconds). Makes output reproducible and checks tokens "as of" a moment'
            cand --no-iat 'Leave iat out'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'jwtctl;sd-jwt;present'= {
            cand --disclose 'A JSON pointer to a claim to disclose. Repeatable'
            cand --holder-key 'The holder''s private key (PEM, DER, JWK or JWKS with --kid): appends a Key Binding JWT'
            cand --passphrase 'Where the passphrase of an encrypted private key comes from: @FILE, env:NAME, b64:DATA, - (stdin), prompt, or a literal. Default: prompt on a terminal'
            cand --kid 'With a JWKS, the kid of the holder key'
            cand --alg 'The algorithm of the Key Binding JWT (default: from the key). Asymmetric only'
            cand --aud 'The verifier the presentation is for: the Key Binding JWT''s aud'
            cand --nonce 'The verifier''s nonce: the Key Binding JWT''s nonce'
            cand --color 'When to colour output: auto (only on a terminal, and not when NO_COLOR is set), always, or never'
            cand --now 'Pretend the current time is TIME (a duration from now, RFC 3339, YYYY-MM-DD or Unix seconds). Makes output reproducible and checks tokens "as of" a moment'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'jwtctl;sd-jwt;verify'= {
            cand -k 'The issuer''s key: PEM, DER, JWK or JWKS (the issuer JWT''s kid picks the key), or - for standard input'
            cand --key 'The issuer''s key: PEM, DER, JWK or JWKS (the issuer JWT''s kid picks the key), or - for standard input'
            cand --jwks 'The issuer''s JWKS, a file or http(s) URL (an OpenID configuration URL works too)'
            cand --timeout 'Network timeout for a --jwks URL, 1s to 1h'
            cand --passphrase 'Where the passphrase of an encrypted private key comes from: @FILE, env:NAME, b64:DATA, - (stdin), prompt, or a literal. Default: prompt on a terminal'
            cand --alg 'Allowed algorithms of the issuer JWT (repeatable or comma-separated). Default: the key family''s algorithms'
            cand --leeway 'Clock skew tolerated on exp, nbf, iat, --max-age and the KB-JWT''s iat (default 0, at most 1h)'
            cand --iss 'Required issuer (repeat to accept any of several)'
            cand --sub 'Required subject'
            cand --require 'Claims that must be present once disclosed (repeatable or comma-separated)'
            cand --claim 'A claim that must have this value once disclosed: KEY=VALUE or KEY:=JSON. Repeatable'
            cand --max-age 'Largest accepted age of the issuer JWT, from its iat'
            cand --deny 'A file of revoked token ids (the issuer JWT''s jti), one per line; # starts a comment'
            cand --typ 'The issuer JWT''s typ must name this media type (RFC 7515 §4.1.9: compared without regard to case, the application/ prefix optional), e.g. dc+sd-jwt. RFC 9901 §9.11 recommends that verifiers check it, so that another kind of JWT cannot pass as this one'
            cand --aud 'This verifier''s identifier: the Key Binding JWT''s aud must be it (and there must be one), and an issuer JWT that names audiences must include it'
            cand --nonce 'The nonce this verifier gave: the Key Binding JWT''s nonce must be it (and there must be one)'
            cand --kb-max-age 'Largest accepted age of the Key Binding JWT, from its iat (default 5m)'
            cand --color 'When to colour output: auto (only on a terminal, and not when NO_COLOR is set), always, or never'
            cand --now 'Pretend the current time is TIME (a duration from now, RFC 3339, YYYY-MM-DD or Unix seconds). Makes output reproducible and checks tokens "as of" a moment'
            cand --allow-no-exp 'Accept an issuer JWT that has no exp claim'
            cand --require-key-binding 'Refuse a presentation without a Key Binding JWT'
            cand -q 'Print nothing; the exit status says it all'
            cand --quiet 'Print nothing; the exit status says it all'
            cand --json 'Print {"valid":true,"header":...,"claims":...,"key_binding":...} or {"valid":false, "error":{"code":...,"message":...}} on standard output, for valid and invalid presentations alike'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'jwtctl;sd-jwt;help'= {
            cand issue 'Issue an SD-JWT: sign claims with some of them selectively disclosable'
            cand present 'Make a presentation: keep the disclosures of the claims to show, drop the others'
            cand verify 'Verify an SD-JWT or a presentation; print the disclosed claims'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'jwtctl;sd-jwt;help;issue'= {
        }
        &'jwtctl;sd-jwt;help;present'= {
        }
        &'jwtctl;sd-jwt;help;verify'= {
        }
        &'jwtctl;sd-jwt;help;help'= {
        }
        &'jwtctl;completions'= {
            cand --color 'When to colour output: auto (only on a terminal, and not when NO_COLOR is set), always, or never'
            cand --now 'Pretend the current time is TIME (a duration from now, RFC 3339, YYYY-MM-DD or Unix seconds). Makes output reproducible and checks tokens "as of" a moment'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'jwtctl;man'= {
            cand --color 'When to colour output: auto (only on a terminal, and not when NO_COLOR is set), always, or never'
            cand --now 'Pretend the current time is TIME (a duration from now, RFC 3339, YYYY-MM-DD or Unix seconds). Makes output reproducible and checks tokens "as of" a moment'
            cand --list 'List the page names instead'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'jwtctl;help'= {
            cand keygen 'Generate a key pair or an HMAC secret'
            cand sign 'Build claims (or take any payload) and print one JWS, compact by default'
            cand verify 'Check a token''s signature and claims; print the verified claims'
            cand decode 'Show a token without verifying it'
            cand jwks 'Work with JSON Web Keys and key sets: create, show, convert, thumbprint, serve'
            cand encrypt 'Encrypt claims (or any payload) into a JWE (RFC 7516), compact by default'
            cand decrypt 'Decrypt a JWE and print its plaintext'
            cand dpop 'Mint and check DPoP proofs (RFC 9449) for testing sender-constrained APIs'
            cand sd-jwt 'Issue, present and verify selective-disclosure JWTs (SD-JWT, RFC 9901)'
            cand completions 'Print a shell completion script'
            cand man 'Print a man page (roff), e.g. `jwtctl man sign | man -l -`'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'jwtctl;help;keygen'= {
        }
        &'jwtctl;help;sign'= {
        }
        &'jwtctl;help;verify'= {
        }
        &'jwtctl;help;decode'= {
        }
        &'jwtctl;help;jwks'= {
            cand create 'Build a public JWKS from keys, for a service to publish'
            cand show 'Show the keys of a JWKS (file or URL) as a table, and what is wrong with them'
            cand convert 'Convert a key between PEM and JWK'
            cand thumbprint 'Print the RFC 7638 thumbprint of a key (base64url of the hash of its canonical JWK)'
            cand serve 'Serve the public JWKS of keys over HTTP, for local development'
        }
        &'jwtctl;help;jwks;create'= {
        }
        &'jwtctl;help;jwks;show'= {
        }
        &'jwtctl;help;jwks;convert'= {
        }
        &'jwtctl;help;jwks;thumbprint'= {
        }
        &'jwtctl;help;jwks;serve'= {
        }
        &'jwtctl;help;encrypt'= {
        }
        &'jwtctl;help;decrypt'= {
        }
        &'jwtctl;help;dpop'= {
            cand proof 'Print a fresh DPoP proof for one request (or, with --jkt, the key''s thumbprint)'
            cand verify 'Check a DPoP proof against a request, as a resource or authorization server would'
        }
        &'jwtctl;help;dpop;proof'= {
        }
        &'jwtctl;help;dpop;verify'= {
        }
        &'jwtctl;help;sd-jwt'= {
            cand issue 'Issue an SD-JWT: sign claims with some of them selectively disclosable'
            cand present 'Make a presentation: keep the disclosures of the claims to show, drop the others'
            cand verify 'Verify an SD-JWT or a presentation; print the disclosed claims'
        }
        &'jwtctl;help;sd-jwt;issue'= {
        }
        &'jwtctl;help;sd-jwt;present'= {
        }
        &'jwtctl;help;sd-jwt;verify'= {
        }
        &'jwtctl;help;completions'= {
        }
        &'jwtctl;help;man'= {
        }
        &'jwtctl;help;help'= {
        }
    ]
    $completions[$command]
}
