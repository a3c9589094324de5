//! Domain types and rules with no I/O: they never print, never open files, never touch SQL.

pub mod date;
pub mod mandatory;
pub mod phone;
pub mod registration;
pub mod score;
pub mod sheet;
pub mod subject;
pub mod tax_code;

/// Council levels (cấp hội đồng), from the lowest to the highest; which a regime uses comes from
/// its file.
pub const LEVELS: [&str; 4] = ["commune", "district", "province", "central"];
