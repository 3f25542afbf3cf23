//! One module per page (or per area, once an area has several pages).

pub mod accounts;
pub mod error;
pub mod firms;
pub mod home;
pub mod inbox;
pub mod link;
pub mod not_found;
pub mod projects;
pub mod settings;
