//! One error type for the whole program, carrying the exit code class that SPEC.md promises
//! (1 data, 2 usage, 3 environment). Messages are already in the user's language when built.

use std::fmt;

use crate::i18n::{Msg, t};

/// The class of a failure, which decides the process exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The data failed a check: invalid input, not found, a rule refused the change. Exit 1.
    Data,
    /// The command line was wrong. Exit 2.
    Usage,
    /// The environment failed: file unreadable, database missing, locked, corrupt or too new. Exit 3.
    Env,
}

impl Kind {
    pub fn exit_code(self) -> u8 {
        match self {
            Kind::Data => 1,
            Kind::Usage => 2,
            Kind::Env => 3,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub struct Error {
    pub kind: Kind,
    pub message: String,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl Error {
    pub fn data(message: impl Into<String>) -> Self {
        Error {
            kind: Kind::Data,
            message: message.into(),
        }
    }
    pub fn usage(message: impl Into<String>) -> Self {
        Error {
            kind: Kind::Usage,
            message: message.into(),
        }
    }
    pub fn env(message: impl Into<String>) -> Self {
        Error {
            kind: Kind::Env,
            message: message.into(),
        }
    }
}

pub type Result<T> = std::result::Result<T, Error>;

impl From<rusqlite::Error> for Error {
    fn from(err: rusqlite::Error) -> Self {
        use rusqlite::ffi::ErrorCode as C;
        let detail = err.to_string();
        match err.sqlite_error_code() {
            Some(C::DatabaseBusy) | Some(C::DatabaseLocked) => Error::env(t(Msg::DbBusy, &[])),
            Some(C::NotADatabase) | Some(C::DatabaseCorrupt) => {
                Error::env(t(Msg::DbCorrupt, &[("detail", &detail)]))
            }
            Some(C::ReadOnly) => Error::env(t(Msg::DbReadOnly, &[("detail", &detail)])),
            Some(C::DiskFull) => Error::env(t(Msg::DiskFull, &[("detail", &detail)])),
            Some(C::ConstraintViolation) => {
                Error::data(t(Msg::ConstraintFailed, &[("detail", &detail)]))
            }
            _ => Error::env(t(Msg::DbError, &[("detail", &detail)])),
        }
    }
}

impl From<std::io::Error> for Error {
    fn from(err: std::io::Error) -> Self {
        Error::env(t(Msg::IoError, &[("detail", &err.to_string())]))
    }
}
