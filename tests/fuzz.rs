//! Property tests in place of a fuzzer: the readers and parsers never panic, whatever they get.
//! (cargo-fuzz needs a nightly toolchain, which this machine does not have.)

use std::path::Path;

use ocop::import::schema::{REGISTRATIONS, Schema};
use ocop::import::source::{CsvSource, RowSource};
use proptest::prelude::*;

fn read_all(bytes: Vec<u8>, encoding: Option<&str>) {
    if let Ok(mut src) = CsvSource::new(
        Box::new(std::io::Cursor::new(bytes)),
        encoding,
        Path::new("fuzz.csv"),
    ) {
        // Errors are fine (a row with a NUL byte, bad UTF-8); a panic or a hang is not.
        for _ in 0..10_000 {
            match src.next_row() {
                Ok(Some(_)) => {}
                Ok(None) | Err(_) => break,
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, .. ProptestConfig::default() })]

    #[test]
    fn the_csv_reader_takes_any_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        read_all(bytes.clone(), None);
        read_all(bytes.clone(), Some("windows-1258"));
        let mut bom = vec![0xFF, 0xFE];
        bom.extend(bytes);
        read_all(bom, None);
    }

    #[test]
    fn the_csv_reader_takes_csv_like_text(text in "[a-zA-Zà-ỹ0-9,;\t\"\r\n ]{0,400}") {
        read_all(text.into_bytes(), None);
    }

    #[test]
    fn header_matching_takes_any_cells(cells in proptest::collection::vec("\\PC{0,30}", 0..40)) {
        let schema = Schema::load("r", REGISTRATIONS).unwrap();
        let m = schema.match_header(&cells);
        prop_assert!(m.matched() <= schema.columns.len());
    }

    #[test]
    fn dates_years_rounds_tax_codes_and_phones_take_any_text(s in "\\PC{0,40}") {
        let _ = ocop::domain::date::parse_date(&s);
        let _ = ocop::domain::date::parse_year(&s);
        let _ = ocop::domain::date::parse_round(&s);
        let _ = ocop::domain::tax_code::TaxCode::parse(&s);
        let _ = ocop::domain::phone::normalise(&s);
        let _ = ocop::domain::score::parse_points(&s);
        let _ = ocop::import::registrations::date_cell(&s);
    }

    #[test]
    fn digit_strings_as_dates_and_codes(s in "[0-9/\\-]{0,20}") {
        let _ = ocop::domain::date::parse_date(&s);
        let _ = ocop::import::registrations::date_cell(&s);
        let _ = ocop::domain::tax_code::TaxCode::parse(&s);
    }

    #[test]
    fn regime_loading_takes_any_text(s in "\\PC{0,300}") {
        let _ = ocop::rules::regime::Regime::load("fuzz.toml", &s);
        let _ = ocop::rules::dossier::DossierRules::load("fuzz.toml", &s);
    }

    #[test]
    fn regime_loading_takes_damaged_regime_files(cut in 0usize..6000, junk in "\\PC{0,20}", at in 0usize..6000) {
        let text = ocop::rules::regime::BUILTIN[0].1;
        let cut = cut.min(text.len());
        let at = at.min(cut);
        let mut damaged: String = text.chars().take(cut).collect();
        let at = damaged.char_indices().map(|(i, _)| i).find(|i| *i >= at).unwrap_or(damaged.len());
        damaged.insert_str(at, &junk);
        let _ = ocop::rules::regime::Regime::load("damaged.toml", &damaged);
    }
}

#[test]
fn huge_numbers_in_a_regime_file_are_refused() {
    let text =
        ocop::rules::regime::BUILTIN[0]
            .1
            .replacen("max = 35", "max = 99999999999999999999", 1);
    assert!(ocop::rules::regime::Regime::load("x.toml", &text).is_err());
    let text = ocop::rules::regime::BUILTIN[0]
        .1
        .replacen("to = 30", "to = 1e308", 1);
    assert!(ocop::rules::regime::Regime::load("x.toml", &text).is_err());
}
