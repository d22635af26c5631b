//! The recipient flags `encrypt` and `decrypt` share (commands/recipient.rs).

use clap::Args;
use jwtctl::input::secret::SecretSpec;

use super::KeyInput;
use super::values::parse_secret;

/// Who a JWE is for: shared by `encrypt` and `decrypt`.
#[derive(Debug, Args)]
pub struct RecipientArgs {
    /// The recipient's key: RSA or EC (the public half to encrypt, the private one to decrypt),
    /// or an oct JWK. encrypt takes it once per recipient (--serialization general).
    #[arg(short, long, value_name = "KEY")]
    pub key: Vec<String>,

    /// A symmetric key for A128KW / A256KW / dir: @FILE, env:NAME, b64:DATA, -, prompt.
    #[arg(short, long, value_name = "SPEC", value_parser = parse_secret)]
    pub secret: Option<SecretSpec>,

    /// A password for PBES2: @FILE, env:NAME, b64:DATA, -, prompt, or a literal.
    #[arg(long, value_name = "SPEC", value_parser = parse_secret)]
    pub password: Option<SecretSpec>,

    #[command(flatten)]
    pub input: KeyInput,
}
