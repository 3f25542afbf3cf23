//! R&D projects: the open calls everyone reads, the whole project the alliance's members read,
//! and what the owning city's bureau does with it: post, edit (naming the version it read),
//! add and remove needs, move it through its lifecycle, and answer the firms' interest.

mod edit;
mod interests;
mod lifecycle;
mod needs;
mod read;
#[cfg(feature = "ssr")]
pub(crate) mod ssr;

pub use edit::*;
pub use interests::*;
pub use lifecycle::*;
pub use needs::*;
pub use read::*;
