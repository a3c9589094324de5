//! SHA-256 as lower-case hex: the names of stored dossier files, the regime texts kept with each
//! score sheet, and the audit chain. At the bottom of the layers, so that rules and db both use it.

use sha2::{Digest, Sha256};

pub fn sha256_hex(text: &str) -> String {
    hex(&Sha256::digest(text.as_bytes()))
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
