//! Vietnamese phone numbers, stored in their national form: 10 digits for a mobile
//! (`0912345678`), 11 for a landline with its area code (`02373123456`).

use crate::error::{Error, Result};
use crate::i18n::{Msg, t};

pub fn normalise(input: &str) -> Result<String> {
    let shown = input.trim();
    let allowed = shown
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '.' | '-' | '(' | ')' | '+'));
    let err = || Error::data(t(Msg::PhoneInvalid, &[("value", shown)]));
    if !allowed {
        return Err(err());
    }
    let digits: String = shown.chars().filter(|c| c.is_ascii_digit()).collect();
    let national = if let Some(rest) = digits
        .strip_prefix("84")
        .filter(|_| shown.starts_with('+') || digits.len() == 11 || digits.len() == 12)
    {
        format!("0{rest}")
    } else {
        digits
    };
    let ok = match national.len() {
        10 => {
            national.starts_with('0') && !national.starts_with("00") && !national.starts_with("02")
        }
        11 => national.starts_with("02"),
        _ => false,
    };
    if ok { Ok(national) } else { Err(err()) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_common_writings() {
        assert_eq!(normalise("0912 345 678").unwrap(), "0912345678");
        assert_eq!(normalise("0912.345.678").unwrap(), "0912345678");
        assert_eq!(normalise("+84 912 345 678").unwrap(), "0912345678");
        assert_eq!(normalise("84912345678").unwrap(), "0912345678");
        assert_eq!(normalise("(0237) 3 123 456").unwrap(), "02373123456");
    }

    #[test]
    fn refuses_others() {
        for bad in ["12345", "0012345678", "abc", "091234567", "0237312345"] {
            assert!(normalise(bad).is_err(), "{bad}");
        }
    }
}
