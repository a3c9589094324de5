//! Loading and checking the project's rule files (schemas/*.toml) into typed values.

pub mod criteria;
pub mod dossier;
pub mod regime;
