//! What pages read: the serde types server functions return, one file per area. They hold
//! only data (no behaviour that needs the server), so the browser's build has them too; the
//! storage layer (`db`) fills them and the server functions (`api`) return them. Neither layer
//! is named here, and `db` never names `api` (`make check` refuses it).

pub mod accounts;
pub mod directory;
pub mod execution;
pub mod firms;
pub mod imports;
pub mod invitations;
pub mod links;
pub mod matching;
pub mod notifications;
pub mod projects;
pub mod taxonomy;
