//! The one source of random bytes: the operating system's CSPRNG through AWS-LC. Keys, salts,
//! IVs, content encryption keys, temporary file names and `--jti auto` all come from here.
//! Uses only `error`.

use aws_lc_rs::rand::SecureRandom;

use crate::error::{Error, Result};

/// Fills `buf` with random bytes.
pub(crate) fn fill(buf: &mut [u8]) -> Result<()> {
    aws_lc_rs::rand::SystemRandom::new()
        .fill(buf)
        .map_err(|_| Error::key("the system random number generator failed"))
}

/// `len` random bytes.
pub(crate) fn bytes(len: usize) -> Result<Vec<u8>> {
    let mut out = vec![0u8; len];
    fill(&mut out)?;
    Ok(out)
}

/// A random (version 4) UUID, as `--jti auto` puts in a token (RFC 9562 §5.4).
pub fn uuid() -> Result<String> {
    let mut b = [0u8; 16];
    fill(&mut b)?;
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    Ok(format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    ))
}

#[cfg(test)]
mod tests {
    #[test]
    fn uuids_are_version_4() {
        let id = super::uuid().unwrap();
        assert_eq!(id.len(), 36);
        assert_eq!(&id[14..15], "4");
        assert!(matches!(&id[19..20], "8" | "9" | "a" | "b"), "{id}");
        assert_ne!(id, super::uuid().unwrap());
    }
}
