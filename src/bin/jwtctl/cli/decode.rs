//! The flags of `jwtctl decode` (commands/decode/).

use clap::Args;

use super::values::parse_zone;

/// Show a token without verifying it.
///
/// Prints the header and the payload, each time claim (exp, nbf, iat, auth_time,
/// updated_at) with its date-time and how far it is from now, and the problems a reviewer would
/// point out, with the kind of token it looks like (a JWT access token, an OpenID Connect ID
/// token or logout token, a DPoP proof, an SD-JWT: from its typ, else its claims). On a
/// terminal, each registered and OpenID Connect claim is glossed in one line (# issuer,
/// # expires: ...). The signature is NOT checked (a note on standard error says so): use
/// `jwtctl verify` for that. An expired token still decodes; only malformed input fails.
///
/// A JWS in JSON serialization (flattened or general, RFC 7515 §7.2) is shown signature by
/// signature, each with its header (protected and unprotected members together, the
/// unprotected ones named in the findings); --json gives {"serialization":...,"payload":...,
/// "signatures":[{"header":...,"signature":...}]} and --header the array of headers.
///
/// An SD-JWT or a presentation (RFC 9901, <issuer-jwt>~<disclosure>~...~[<kb-jwt>]) is shown as
/// its issuer JWT, then each disclosure where it lands (a JSON pointer into the disclosed
/// claims) with its value and salt, the digests left undisclosed (claims not shown, or
/// decoys), and the Key Binding JWT. One that breaks the rules sd-jwt verify applies is still
/// shown, with the rule as a finding. --json adds "disclosures" (disclosure, salt, name, value,
/// place), "undisclosed" ({"at","digests"}, once per object or array holding any), "claims" (with every disclosure in place) and
/// "key_binding"; --header and --payload show the issuer JWT's.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  jwtctl decode eyJhbGciOi...                 # a pasted token (Bearer prefix and spaces are fine)
  pbpaste | jwtctl decode                     # from standard input
  jwtctl decode --payload @token.txt | jq .sub
  jwtctl decode --json @presentation.txt | jq .claims  # an SD-JWT, disclosures in place")]
pub struct DecodeArgs {
    /// The token, @FILE, or - (default) for standard input.
    #[arg(value_name = "TOKEN")]
    pub token: Option<String>,

    /// Print {"header":...,"payload":...,"signature":...} as JSON.
    #[arg(long, conflicts_with_all = ["header", "payload"])]
    pub json: bool,

    /// Print only the header JSON.
    #[arg(long, conflicts_with = "payload")]
    pub header: bool,

    /// Print only the payload (JSON, or the text of a non-JSON payload).
    #[arg(long)]
    pub payload: bool,

    /// The zone the time annotations use: utc (default), local, or an offset like +02:00.
    #[arg(long, value_name = "ZONE", default_value = "utc", value_parser = parse_zone, allow_hyphen_values = true)]
    pub date: jwtctl::input::time::Zone,
}
