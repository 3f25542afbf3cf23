//! The token of a one-time link: 32 random bytes from the operating system, written in the link
//! as URL-safe base64 (43 characters) and stored only as its SHA-256 hash. A fast hash is right
//! here: the token is as random as a key, so there is no dictionary to slow down.

use argon2::password_hash::rand_core::{OsRng, RngCore};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

/// The path a link opens, without the token.
pub const LINK_PATH: &str = "/link/";

const TOKEN_BYTES: usize = 32;
const TOKEN_CHARS: usize = 43;

/// A token as it travels in a link. Its `Debug` never shows it.
#[derive(Clone, PartialEq, Eq)]
pub struct LinkToken(String);

impl std::fmt::Debug for LinkToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("LinkToken(…)")
    }
}

impl LinkToken {
    /// A new random token.
    pub fn generate() -> Self {
        let mut bytes = [0u8; TOKEN_BYTES];
        OsRng.fill_bytes(&mut bytes);
        Self(URL_SAFE_NO_PAD.encode(bytes))
    }

    /// A token as it came back in a link; anything not shaped like one is refused before the
    /// database is asked.
    pub fn parse(raw: &str) -> Option<Self> {
        let raw = raw.trim();
        let decoded = URL_SAFE_NO_PAD.decode(raw).ok()?;
        (raw.len() == TOKEN_CHARS && decoded.len() == TOKEN_BYTES).then(|| Self(raw.to_owned()))
    }

    /// What the database keeps.
    pub fn hash(&self) -> Vec<u8> {
        Sha256::digest(self.0.as_bytes()).to_vec()
    }

    /// The site-relative link to pass on.
    pub fn path(&self) -> String {
        format!("{LINK_PATH}{}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_well_formed_and_hashed() {
        let a = LinkToken::generate();
        let b = LinkToken::generate();
        assert_ne!(a, b);
        assert_eq!(a.0.len(), TOKEN_CHARS);
        assert_eq!(LinkToken::parse(&a.0), Some(a.clone()));
        assert_eq!(a.hash().len(), 32);
        assert_ne!(a.hash(), b.hash());
        assert!(a.path().starts_with("/link/"));
        assert_eq!(format!("{a:?}"), "LinkToken(…)");
    }

    #[test]
    fn anything_not_shaped_like_a_token_is_refused() {
        let good = LinkToken::generate().0;
        for bad in [
            String::new(),
            good[..42].to_owned(),
            format!("{good}A"),
            good.replace(|c: char| c.is_ascii_alphanumeric(), "+"),
            "../../etc/passwd".to_owned(),
        ] {
            assert_eq!(LinkToken::parse(&bad), None, "{bad}");
        }
    }
}
