//! Where a plain form post sends the browser back to. Only a path on this site is accepted, so
//! a crafted form cannot turn the platform into an open redirect.

/// A same-site path such as `/projects?page=2`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReturnPath(String);

impl ReturnPath {
    /// Accepts an absolute path on this site; anything else (another host, `//host`, a scheme,
    /// backslashes that browsers read as slashes, control characters) is refused.
    pub fn parse(raw: &str) -> Option<Self> {
        let ok = raw.starts_with('/')
            && !raw.starts_with("//")
            && !raw.starts_with("/\\")
            && raw.len() <= 2048
            && !raw.chars().any(|c| c.is_control() || c == '\\');
        ok.then(|| Self(raw.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Default for ReturnPath {
    fn default() -> Self {
        Self("/".to_owned())
    }
}

/// The sign-in page's address that comes back to `path` (a path on this site, with its query)
/// once signed in. The home page, the sign-in and the registration pages need no way back.
pub fn sign_in_href(path: &str) -> String {
    match ReturnPath::parse(path) {
        Some(back)
            if !matches!(
                back.0.split('?').next(),
                Some("/" | "/signin" | "/register")
            ) =>
        {
            format!("/signin?next={}", encode_query_value(back.as_str()))
        }
        _ => "/signin".to_owned(),
    }
}

/// Percent-encodes a path for a query value: everything but unreserved characters and `/`.
fn encode_query_value(path: &str) -> String {
    path.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                (b as char).to_string()
            }
            other => format!("%{other:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{ReturnPath, sign_in_href};

    #[test]
    fn the_sign_in_link_comes_back_to_the_page_it_was_followed_from() {
        assert_eq!(sign_in_href("/projects/12"), "/signin?next=/projects/12");
        assert_eq!(
            sign_in_href("/calls?city=deyang&page=2"),
            "/signin?next=/calls%3Fcity%3Ddeyang%26page%3D2"
        );
        for nowhere in [
            "/",
            "/signin",
            "/signin?next=/x",
            "/register",
            "//evil.example",
            "x",
        ] {
            assert_eq!(sign_in_href(nowhere), "/signin", "{nowhere}");
        }
    }
    use proptest::prelude::*;

    #[test]
    fn paths_on_this_site_are_kept() {
        for p in [
            "/",
            "/projects",
            "/projects?page=2&q=%E5%87%8F%E9%80%9F",
            "/a/b#c",
        ] {
            assert_eq!(
                ReturnPath::parse(p).map(|r| r.as_str().to_owned()),
                Some(p.to_owned())
            );
        }
    }

    #[test]
    fn anything_that_leaves_the_site_is_refused() {
        for p in [
            "",
            "projects",
            "//evil.example",
            "/\\evil.example",
            "/x\\y",
            "https://evil.example/",
            "javascript:alert(1)",
            "/ok\r\nSet-Cookie: x=1",
        ] {
            assert_eq!(ReturnPath::parse(p), None, "{p:?} must be refused");
        }
    }

    proptest! {
        #[test]
        fn an_accepted_path_never_names_another_host(raw in "\\PC{0,64}") {
            if let Some(path) = ReturnPath::parse(&raw) {
                let s = path.as_str();
                prop_assert!(s.starts_with('/'));
                prop_assert!(!s.starts_with("//"));
                prop_assert!(!s.contains('\\'));
            }
        }
    }
}
