//! The claim flags `sign` and `encrypt` share (commands/body.rs).

use clap::Args;

use super::values::{JtiArg, parse_jti};

/// The claims of a token, from a JSON base and flags; shared by `sign` and `encrypt`.
#[derive(Debug, Args)]
pub struct ClaimArgs {
    /// A JSON object to start from (a file, or - for standard input); also takes the
    /// `decode --json` envelope, keeping the header's extra members.
    #[arg(long, value_name = "FILE")]
    pub claims: Option<String>,

    /// Issuer (iss).
    #[arg(long, value_name = "ISSUER", allow_hyphen_values = true)]
    pub iss: Option<String>,

    /// Subject (sub).
    #[arg(long, value_name = "SUBJECT", allow_hyphen_values = true)]
    pub sub: Option<String>,

    /// Audience (aud); repeat for several, which makes an array.
    #[arg(long, value_name = "AUDIENCE", allow_hyphen_values = true)]
    pub aud: Vec<String>,

    /// Expiry (exp): a duration from now (15m, 1h30m, 7d, -1h), RFC 3339, YYYY-MM-DD or Unix
    /// seconds.
    #[arg(long, value_name = "TIME", allow_hyphen_values = true)]
    pub exp: Option<String>,

    /// Not before (nbf), as TIME.
    #[arg(long, value_name = "TIME", allow_hyphen_values = true)]
    pub nbf: Option<String>,

    /// Issued at (iat), as TIME (default: now).
    #[arg(
        long,
        value_name = "TIME",
        allow_hyphen_values = true,
        conflicts_with = "no_iat"
    )]
    pub iat: Option<String>,

    /// Leave iat out.
    #[arg(long)]
    pub no_iat: bool,

    /// Token id (jti); "auto" makes a random UUID.
    #[arg(long, value_name = "ID", value_parser = parse_jti, allow_hyphen_values = true)]
    pub jti: Option<JtiArg>,

    /// A claim: KEY=VALUE sets a string, KEY:=JSON any JSON value (n:=1, ok:=true,
    /// roles:='["a","b"]'). Repeatable.
    #[arg(
        short = 'c',
        long = "claim",
        value_name = "KEY=VALUE",
        allow_hyphen_values = true
    )]
    pub claim: Vec<String>,
}
