//! Pieces several pages share.

pub mod confirm;
pub mod form;
pub mod i18n;
pub mod islands;
pub mod issued_link;
pub mod layout;
pub mod paging;
pub mod round_trip;
