//! The script that wakes the page's islands. Pages are rendered on the server and read and
//! submit without JavaScript; only `#[island]` components run in the browser. A page without
//! an island downloads no WebAssembly at all: the loader below looks for an island first.

use leptos::prelude::*;

/// The module that loads the WebAssembly, only when the page holds an island, then hydrates
/// each island (the wasm exports one function per island, named in its `data-component`).
/// `<html data-islands>` says "loading" from the start, "ready" when every island is awake (tests
/// wait for it).
#[cfg(feature = "ssr")]
const LOADER: &str = r#"
const islands = document.querySelectorAll("leptos-island");
if (islands.length > 0) {
  document.documentElement.dataset.islands = "loading";
  const start = async () => {
    const glue = await import(JS_URL);
    await glue.default({ module_or_path: WASM_URL });
    glue.hydrate();
    for (const island of islands) {
      const wake = glue[island.dataset.component];
      if (wake) await wake(island);
      else console.warn("no island named", island.dataset.component);
    }
    document.documentElement.dataset.islands = "ready";
  };
  if ("requestIdleCallback" in window) requestIdleCallback(start); else start();
}
"#;

/// The file names of the browser bundle under `/pkg`: with hashed names when the site was built
/// with them (cargo-leptos writes the hashes beside the server binary).
#[cfg(feature = "ssr")]
fn bundle_names(options: &LeptosOptions) -> (String, String) {
    let name = options.output_name.to_string();
    let (mut js, mut wasm) = (name.clone(), name);
    if options.hash_files {
        let hashes = std::env::current_exe()
            .ok()
            .and_then(|exe| exe.parent().map(|dir| dir.join(options.hash_file.as_ref())))
            .and_then(|path| std::fs::read_to_string(path).ok())
            .unwrap_or_default();
        for (file, hash) in hashes.lines().filter_map(|line| line.split_once(':')) {
            match file.trim() {
                "js" => js = format!("{js}.{}", hash.trim()),
                "wasm" => wasm = format!("{wasm}.{}", hash.trim()),
                _ => {}
            }
        }
    } else {
        wasm.push_str("_bg");
    }
    (js, wasm)
}

/// The loader, in the page's `<head>`. It also tells the server-side renderer that the page
/// outside islands is not hydrated, so it carries no hydration markers.
#[component]
pub fn IslandScripts(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    {
        if let Some(context) = Owner::current_shared_context() {
            context.set_is_hydrating(false);
        }
        let (js, wasm) = bundle_names(&options);
        let pkg = options.site_pkg_dir.to_string();
        let script = format!(
            "const JS_URL = {js:?}, WASM_URL = {wasm:?};{LOADER}",
            js = format!("/{pkg}/{js}.js"),
            wasm = format!("/{pkg}/{wasm}.wasm"),
        );
        let nonce = leptos::nonce::use_nonce();
        view! { <script type="module" nonce=nonce>{script}</script> }.into_any()
    }
    #[cfg(not(feature = "ssr"))]
    {
        let _ = options;
    }
}
