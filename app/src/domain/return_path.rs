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

#[cfg(test)]
mod tests {
    use super::ReturnPath;
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
