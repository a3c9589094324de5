//! Mã số thuế: the Vietnamese tax code. 10 digits, or 13 = the 10 digits of the parent unit plus a
//! 3-digit branch number, written `0100233488-001`. The 10th digit is a mod-11 check digit.

use crate::error::{Error, Result};
use crate::i18n::{Msg, t};

const WEIGHTS: [u32; 9] = [31, 29, 23, 19, 17, 13, 7, 5, 3];

/// A checked tax code in its written form (`0100233488` or `0100233488-001`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaxCode(String);

/// What parsing found besides the code itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TaxCodeNote {
    None,
    /// A 12-digit personal identity number used by a household business (accepted, unconfirmed).
    Personal,
}

impl TaxCode {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Parses what a user typed: digits with optional spaces, dots or a dash before the branch.
    ///
    /// ```
    /// use ocop::domain::tax_code::TaxCode;
    /// let written = TaxCode::parse("0100233488 001").map(|(code, _)| code.as_str().to_string());
    /// assert_eq!(written.ok().as_deref(), Some("0100233488-001"));
    /// assert!(TaxCode::parse("0100233480").is_err()); // the check digit should be 8
    /// ```
    pub fn parse(input: &str) -> Result<(TaxCode, TaxCodeNote)> {
        let shown = input.trim();
        let digits: String = shown.chars().filter(|c| c.is_ascii_digit()).collect();
        let only_separators = shown
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '.'));
        if !only_separators {
            return Err(Error::data(t(Msg::TaxCodeLength, &[("value", shown)])));
        }
        match digits.len() {
            10 | 13 => {
                let base: [u32; 10] = std::array::from_fn(|i| {
                    u32::from(digits.as_bytes()[i] - b'0') // unwrap-free: all ASCII digits
                });
                match check_digit(&base) {
                    None => Err(Error::data(t(Msg::TaxCodeNoValid, &[("value", shown)]))),
                    Some(d) if d != base[9] => Err(Error::data(t(
                        Msg::TaxCodeCheckDigit,
                        &[("value", shown), ("expected", &d.to_string())],
                    ))),
                    Some(_) => {
                        let written = if digits.len() == 13 {
                            format!("{}-{}", &digits[..10], &digits[10..])
                        } else {
                            digits
                        };
                        Ok((TaxCode(written), TaxCodeNote::None))
                    }
                }
            }
            12 => Ok((TaxCode(digits), TaxCodeNote::Personal)),
            _ => Err(Error::data(t(Msg::TaxCodeLength, &[("value", shown)]))),
        }
    }
}

/// The check digit for the first nine digits, or None when the sum is 0 mod 11 (no valid number).
pub fn check_digit(d: &[u32; 10]) -> Option<u32> {
    let sum: u32 = WEIGHTS.iter().zip(d.iter()).map(|(w, x)| w * x).sum();
    let r = sum % 11;
    if r == 0 {
        return None;
    }
    let c = 10 - r;
    // 10 − r is 0..=9 for r in 1..=10.
    Some(c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn known_codes() {
        assert_eq!(
            TaxCode::parse("0100233488").unwrap().0.as_str(),
            "0100233488"
        );
        assert!(TaxCode::parse("0100233480").is_err());
        assert_eq!(
            TaxCode::parse("0100233488-001").unwrap().0.as_str(),
            "0100233488-001"
        );
        assert_eq!(
            TaxCode::parse("0100233488001").unwrap().0.as_str(),
            "0100233488-001"
        );
        assert_eq!(
            TaxCode::parse(" 0100 233 488 ").unwrap().0.as_str(),
            "0100233488"
        );
        assert_eq!(
            TaxCode::parse("001234567890").unwrap().1,
            TaxCodeNote::Personal
        );
        assert!(TaxCode::parse("12345").is_err());
        assert!(TaxCode::parse("01002334ab").is_err());
    }

    #[test]
    fn wrong_check_digit_names_the_expected_digit() {
        let err = TaxCode::parse("0100233480").unwrap_err();
        assert!(err.message.contains('8'), "{}", err.message);
    }

    fn digits9() -> impl Strategy<Value = [u32; 9]> {
        proptest::array::uniform9(0u32..10)
    }

    proptest! {
        #[test]
        fn exactly_one_last_digit_is_valid(d in digits9()) {
            let valid: Vec<u32> = (0..10)
                .filter(|last| {
                    let code: String = d.iter().chain(std::iter::once(last)).map(|x| char::from(b'0' + *x as u8)).collect();
                    TaxCode::parse(&code).is_ok()
                })
                .collect();
            let mut full = [0u32; 10];
            full[..9].copy_from_slice(&d);
            match check_digit(&full) {
                Some(c) => prop_assert_eq!(valid, vec![c]),
                None => prop_assert!(valid.is_empty()),
            }
        }

        #[test]
        fn branch_suffix_keeps_validity(d in digits9(), branch in 0u32..1000) {
            let mut full = [0u32; 10];
            full[..9].copy_from_slice(&d);
            if let Some(c) = check_digit(&full) {
                let base: String = d.iter().chain(std::iter::once(&c)).map(|x| char::from(b'0' + *x as u8)).collect();
                let with = format!("{base}-{branch:03}");
                let parsed = TaxCode::parse(&with).unwrap().0;
                prop_assert_eq!(parsed.as_str(), with.as_str());
            }
        }

        #[test]
        fn one_changed_digit_is_caught(d in digits9(), pos in 0usize..10, delta in 1u32..10) {
            let mut full = [0u32; 10];
            full[..9].copy_from_slice(&d);
            if let Some(c) = check_digit(&full) {
                full[9] = c;
                full[pos] = (full[pos] + delta) % 10;
                let code: String = full.iter().map(|x| char::from(b'0' + *x as u8)).collect();
                // A single changed digit always breaks the check: the weights are all non-zero mod 11.
                prop_assert!(TaxCode::parse(&code).is_err());
            }
        }
    }
}
