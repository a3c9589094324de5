//! ocop: the OCOP ("mỗi xã một sản phẩm") programme's registrations, dossiers, score sheets,
//! stars, certificates and reports, kept in one SQLite file.
//!
//! Data flows one way: `cmd` → `domain`/`rules` → `db`; readers (`import`) and renderers
//! (`output`) sit at the edges.

pub mod cli;
pub mod cmd;
pub mod db;
pub mod domain;
pub mod error;
pub mod files;
pub mod hash;
pub mod i18n;
pub mod import;
pub mod ops;
pub mod output;
pub mod report;
pub mod rules;
pub mod store;
pub mod text;
