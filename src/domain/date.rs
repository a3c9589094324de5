//! Dates as officials write them: `dd/mm/yyyy` (the Vietnamese habit) or `yyyy-mm-dd`; always
//! written back as `yyyy-mm-dd`.

use jiff::civil::Date;

use crate::error::{Error, Result};
use crate::i18n::{Msg, t};

pub fn parse_date(input: &str) -> Result<Date> {
    let s = input.trim();
    let err = || Error::data(t(Msg::DateInvalid, &[("value", s)]));
    let nums = |sep: char| -> Option<[u32; 3]> {
        let parts: Vec<&str> = s.split(sep).collect();
        if parts.len() != 3
            || parts
                .iter()
                .any(|p| p.is_empty() || p.len() > 4 || !p.bytes().all(|b| b.is_ascii_digit()))
        {
            return None;
        }
        Some([
            parts[0].parse().ok()?,
            parts[1].parse().ok()?,
            parts[2].parse().ok()?,
        ])
    };
    // dd/mm/yyyy as officials write it, also with dots or dashes (01.07.2019, 01-07-2019);
    // yyyy-mm-dd as files and scripts write it.
    let (y, m, d) = if s.contains('/') {
        let [d, m, y] = nums('/').ok_or_else(err)?;
        (y, m, d)
    } else if s.contains('.') {
        let [d, m, y] = nums('.').ok_or_else(err)?;
        (y, m, d)
    } else if s.len() == 10 && s.as_bytes().get(4) == Some(&b'-') {
        let [y, m, d] = nums('-').ok_or_else(err)?;
        (y, m, d)
    } else if s.contains('-') {
        let [d, m, y] = nums('-').ok_or_else(err)?;
        (y, m, d)
    } else {
        return Err(err());
    };
    if !(1900..=2200).contains(&y) || m > 12 || d > 31 {
        return Err(err());
    }
    Date::new(y as i16, m as i8, d as i8).map_err(|_| err())
}

pub fn parse_year(input: &str) -> Result<i32> {
    let s = input.trim();
    match s.parse::<i32>() {
        Ok(y) if (2018..=2100).contains(&y) && s.len() == 4 => Ok(y),
        _ => Err(Error::data(t(Msg::YearInvalid, &[("value", s)]))),
    }
}

pub fn parse_round(input: &str) -> Result<i64> {
    let s = input.trim();
    match s.parse::<i64>() {
        Ok(r) if (1..=99).contains(&r) => Ok(r),
        _ => Err(Error::data(t(Msg::RoundInvalid, &[("value", s)]))),
    }
}

/// Today's date on this computer's clock, in its local time zone.
/// The last day a certificate decided on `decided` is valid: 36 months counted as the Civil Code
/// counts a period in months (arts. 147–148): it starts the day after the decision and ends at
/// the end of the day of the same number 36 months later, or of that month's last day when it has
/// no such day.
///
/// ```
/// use ocop::domain::date::{certificate_valid_until, parse_date};
/// let until = |d: &str| {
///     parse_date(d).ok().and_then(|d| certificate_valid_until(d).ok()).map(|d| d.to_string())
/// };
/// assert_eq!(until("23/12/2019").as_deref(), Some("2022-12-23"));
/// assert_eq!(until("31/12/2019").as_deref(), Some("2022-12-31"));
/// assert_eq!(until("29/02/2020").as_deref(), Some("2023-02-28"));
/// ```
pub fn certificate_valid_until(decided: Date) -> Result<Date> {
    // jiff adds months to the same day of the month, clamped to the month's last day: exactly the
    // Civil Code's rule.
    decided
        .checked_add(jiff::Span::new().months(36))
        .map_err(|e| Error::data(e.to_string()))
}

pub fn today() -> Date {
    jiff::ZonedDateTime::now().date()
}

/// A date given on the command line (`--at`, `--as-of`), else today.
pub fn date_or_today(given: Option<&str>) -> Result<Date> {
    match given {
        Some(d) => parse_date(d),
        None => Ok(today()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_writings() {
        assert_eq!(parse_date("01/12/2019").unwrap().to_string(), "2019-12-01");
        assert_eq!(parse_date("1/2/2019").unwrap().to_string(), "2019-02-01");
        assert_eq!(parse_date("2019-12-01").unwrap().to_string(), "2019-12-01");
        // Dots and dashes as officials also write dd/mm/yyyy.
        assert_eq!(parse_date("01.07.2019").unwrap().to_string(), "2019-07-01");
        assert_eq!(parse_date("01-07-2019").unwrap().to_string(), "2019-07-01");
        for bad in [
            "31/02/2019",
            "2019/12/01",
            "12-31-2019",
            "2019.12.01",
            "",
            "01/12/19",
            "x",
        ] {
            assert!(parse_date(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn years() {
        assert_eq!(parse_year("2019").unwrap(), 2019);
        assert!(parse_year("19").is_err());
        assert!(parse_year("2019.5").is_err());
    }
}
