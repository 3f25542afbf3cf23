//! Pieces several pages share.

pub mod i18n;
pub mod layout;
