//! One module per page (or per area, once an area has several pages).

pub mod accounts;
pub mod error;
pub mod home;
pub mod not_found;
