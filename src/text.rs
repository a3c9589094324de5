//! Text handling for Vietnamese: NFC on the way in, and a folded form for matching names the way
//! people type them ("xuan lap" finds "Xã Xuân Lập").

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Characters that show nothing: zero-width space, joiners, word joiner, BOM, direction marks and
/// embeddings.
const INVISIBLE: &[char] = &[
    '\u{200b}', '\u{200c}', '\u{200d}', '\u{200e}', '\u{200f}', '\u{2060}', '\u{feff}', '\u{202a}',
    '\u{202b}', '\u{202c}', '\u{202d}', '\u{202e}', '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}',
];

/// Unicode NFC with surrounding whitespace trimmed and inner runs of whitespace collapsed.
pub fn clean(s: &str) -> String {
    use unicode_normalization::{IsNormalized, is_nfc_quick};
    let t = s.trim();
    // Most cells are already clean: NFC with single spaces. Copy those as they are.
    let single_spaced = !t.contains("  ") && !t.contains(['\t', '\n', '\r', '\u{a0}']);
    let visible = !t.contains(INVISIBLE) && !t.chars().any(is_stray_control);
    if single_spaced && visible && is_nfc_quick(t.chars()) == IsNormalized::Yes {
        return t.to_string();
    }
    // Zero-width and direction marks carry nothing in Vietnamese text; kept, they make a name
    // that looks empty, or two names that look the same and are not.
    // So do control characters (a bell, a terminal's escape) pasted in with a name.
    let nfc: String = t
        .nfc()
        .filter(|c| !INVISIBLE.contains(c) && !is_stray_control(*c))
        .collect();
    nfc.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A control character that is not whitespace (tabs and line ends become single spaces).
fn is_stray_control(c: char) -> bool {
    c.is_control() && !c.is_whitespace()
}

/// The matching key of a name: lower case, no diacritics (đ → d), whitespace collapsed.
///
/// ```
/// use ocop::text::{fold, fold_unit_name};
/// assert_eq!(fold("Đậu phụ  Xuân Lập"), "dau phu xuan lap");
/// assert_eq!(fold_unit_name("xã Xuân Lập"), fold_unit_name("XUAN LAP"));
/// ```
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    // One character at a time: ASCII as it is, anything else decomposed on its own. Dropping the
    // combining marks makes the canonical reordering of a whole-string NFD unnecessary, and this
    // runs for every name of every imported row.
    let mut push = |c: char, out: &mut String| {
        if is_combining_mark(c) {
            return;
        }
        let c = match c {
            'đ' | 'Đ' => 'd',
            c => c,
        };
        if c.is_whitespace() {
            space = !out.is_empty();
            return;
        }
        if space {
            out.push(' ');
            space = false;
        }
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else {
            out.extend(c.to_lowercase());
        }
    };
    for c in s.chars() {
        if c.is_ascii() {
            push(c, &mut out);
        } else {
            unicode_normalization::char::decompose_canonical(c, |d| push(d, &mut out));
        }
    }
    out
}

/// Administrative prefixes that people write or leave out ("xã Xuân Lập", "TT Lam Sơn").
const UNIT_PREFIXES: &[&str] = &[
    "thi tran ",
    "tt. ",
    "tt ",
    "xa ",
    "phuong ",
    "huyen ",
    "thi xa ",
    "thanh pho ",
    "tp. ",
    "tp ",
    "quan ",
    "tinh ",
];

/// The folded name of a unit without its administrative prefix.
pub fn fold_unit_name(s: &str) -> String {
    let f = fold(s);
    for p in UNIT_PREFIXES {
        if let Some(rest) = f.strip_prefix(p) {
            return rest.trim().to_string();
        }
    }
    f
}

/// Whether `s` carries any Vietnamese mark (a tone, a vowel mark, or đ): text typed with them is
/// matched as typed; text typed without them is matched folded.
pub fn has_diacritics(s: &str) -> bool {
    !s.is_ascii()
        && fold(s)
            != s.to_lowercase()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
}

/// The tone marks of Vietnamese (grave, acute, tilde, hook above, dot below), which old and new
/// spelling place on different vowels of a syllable ("Hòa" and "Hoà").
fn is_tone_mark(c: char) -> bool {
    matches!(c, '\u{300}' | '\u{301}' | '\u{303}' | '\u{309}' | '\u{323}')
}

/// The key of a name as typed: lower case, decomposed, each word's tone mark moved to its end so
/// that its placement does not matter; vowel marks (â, ă, ê, ô, ơ, ư) and đ kept.
///
/// ```
/// use ocop::text::accent_key;
/// assert_eq!(accent_key("Hòa"), accent_key("Hoà"));
/// assert_ne!(accent_key("Hoằng Phụ"), accent_key("Hoằng Phú"));
/// assert_ne!(accent_key("Thanh"), accent_key("Thành"));
/// assert!(accent_key("Các sản phẩm khác từ chè, trà").contains(&accent_key("chè")));
/// ```
pub fn accent_key(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 4);
    let mut tones = String::new();
    let mut space = false;
    for c in s.to_lowercase().nfd() {
        if is_tone_mark(c) {
            tones.push(c);
        } else if c.is_alphanumeric() || is_combining_mark(c) {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(c);
        } else {
            // The end of a word (a space, a comma …): its tone goes here.
            out.push_str(&tones);
            tones.clear();
            if c.is_whitespace() {
                space = true;
            } else {
                if space && !out.is_empty() {
                    out.push(' ');
                }
                space = false;
                out.push(c);
            }
        }
    }
    out.push_str(&tones);
    out
}

/// Whether `key` holds `q` (both accent keys) ending where a letter ends (not half-way through
/// a letter's marks: "chê" is not in "chế").
fn holds_as_typed(key: &str, q: &str) -> bool {
    key.match_indices(q).any(|(i, m)| {
        key[i + m.len()..]
            .chars()
            .next()
            .is_none_or(|c| !is_combining_mark(c))
    })
}

/// Narrows names found without diacritics to those that match as typed, when the text was typed
/// with diacritics: "Hoằng Phụ" is not "Hoằng Phú", "chè" not "chế". A name equal as typed wins,
/// then a name holding the text as typed; when none does, the names found are kept as they were
/// (a misspelt mark still finds the one name it can mean).
pub fn prefer_as_typed<T>(found: Vec<T>, query: &str, names: impl Fn(&T) -> Vec<&str>) -> Vec<T> {
    if found.len() < 2 || !has_diacritics(query) {
        return found;
    }
    let q = accent_key(query);
    let exact = |t: &T| names(t).iter().any(|n| accent_key(n) == q);
    if found.iter().any(exact) {
        return found.into_iter().filter(|t| exact(t)).collect();
    }
    let holds = |t: &T| names(t).iter().any(|n| holds_as_typed(&accent_key(n), &q));
    if found.iter().any(holds) {
        return found.into_iter().filter(|t| holds(t)).collect();
    }
    found
}

/// A LIKE pattern that finds `key` anywhere, with `%`, `_` and `\\` in it taken literally (the
/// query says `ESCAPE '\\'`): searching for "%" finds names with a per cent sign, not everything.
pub fn like_contains(key: &str) -> String {
    let mut out = String::with_capacity(key.len() + 2);
    out.push('%');
    for c in key.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

/// The first characters that make a spreadsheet take a cell for a formula.
const FORMULA: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A CSV cell that a spreadsheet would take for a formula (`=`, `+`, `-`, `@`, a tab or a carriage
/// return first) gets a leading apostrophe, so that Excel shows it as text instead of running
/// it; [`csv_unsafe`] removes exactly that apostrophe on import.
///
/// ```
/// use ocop::text::{csv_safe, csv_unsafe};
/// assert_eq!(csv_safe("=HYPERLINK(\"http://x\")"), "'=HYPERLINK(\"http://x\")");
/// assert_eq!(csv_safe("Xã Xuân Lập"), "Xã Xuân Lập");
/// assert_eq!(csv_unsafe("'=1+1"), "=1+1");
/// assert_eq!(csv_unsafe("'Tứ Trụ"), "'Tứ Trụ");
/// assert_eq!(csv_unsafe(&csv_safe("'=already")), "'=already");
/// ```
pub fn csv_safe(s: &str) -> std::borrow::Cow<'_, str> {
    // A text that already begins with the apostrophe and a formula character gets one more, so
    // that the import, which removes one, gives it back as it was.
    if s.trim_start_matches('\'').starts_with(FORMULA) {
        std::borrow::Cow::Owned(format!("'{s}"))
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

/// The cell as it was before [`csv_safe`]: one apostrophe is dropped where apostrophes are
/// followed by a formula character; any other apostrophe is the user's own and stays.
pub fn csv_unsafe(s: &str) -> &str {
    match s.strip_prefix('\'') {
        Some(rest) if rest.trim_start_matches('\'').starts_with(FORMULA) => rest,
        _ => s,
    }
}

/// Text made safe for a terminal: control characters (which could move the cursor or change
/// colours if printed raw) are shown as `\u{..}` escapes; tabs and newlines become spaces.
pub fn printable(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(char::is_control) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\t' | '\n' | '\r' => out.push(' '),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn names_typed_with_marks_are_matched_as_typed() {
        let units = vec!["Xã Hoằng Phú", "Xã Hoằng Phụ"];
        assert_eq!(
            prefer_as_typed(units.clone(), "Hoằng Phụ", |n| vec![*n]),
            ["Xã Hoằng Phụ"]
        );
        assert_eq!(
            prefer_as_typed(units.clone(), "hoang phu", |n| vec![*n]),
            units
        );
        let thanh = vec!["Xã Hoằng Thanh", "Xã Hoằng Thành"];
        assert_eq!(
            prefer_as_typed(thanh.clone(), "Hoằng Thành", |n| vec![*n]),
            ["Xã Hoằng Thành"]
        );
        assert_eq!(
            prefer_as_typed(thanh, "Hoằng Thanh", |n| vec![*n]),
            ["Xã Hoằng Thanh"]
        );
        let sets = vec!["Chè tươi, chè chế biến", "Chế biến từ gạo, ngũ cốc"];
        assert_eq!(
            prefer_as_typed(sets, "chè", |n| vec![*n]),
            ["Chè tươi, chè chế biến"]
        );
        // Tone placement, case and NFC do not matter.
        let hoa = vec!["Xã Xuân Hoà", "Xã Xuân Hóa"];
        assert_eq!(
            prefer_as_typed(hoa, "XUÂN HÒA", |n| vec![*n]),
            ["Xã Xuân Hoà"]
        );
        // A misspelt mark keeps what the folded match found.
        let one = vec!["Xã Hoằng Phú", "Xã Hoằng Lộc"];
        assert_eq!(prefer_as_typed(one.clone(), "Hoằng Phũ", |n| vec![*n]), one);
    }

    #[test]
    fn folds_vietnamese() {
        assert_eq!(fold("Xã Xuân Lập"), "xa xuan lap");
        assert_eq!(fold("  ĐẬU  phụ "), "dau phu");
        assert_eq!(fold("Hòa"), fold("Hoà"));
        assert_eq!(fold_unit_name("Thị trấn Lam Sơn"), "lam son");
        assert_eq!(fold_unit_name("XUAN LAP"), "xuan lap");
        assert_eq!(fold_unit_name("xã Xuân Lập"), "xuan lap");
    }

    #[test]
    fn clean_makes_nfc() {
        let decomposed = "Xu\u{0061}\u{0302}n"; // "Xuân" with a combining circumflex
        assert_eq!(clean(decomposed), "Xuân");
        assert_eq!(clean("  a \t b  "), "a b");
        // A bell or a terminal escape pasted into a name is dropped, not stored.
        assert_eq!(clean("Mật\u{7} ong\u{1b}[31m"), "Mật ong[31m");
    }

    #[test]
    fn printable_escapes_controls() {
        assert_eq!(printable("a\u{1b}[31mb"), "a\\u{1b}[31mb");
        assert_eq!(printable("plain"), "plain");
    }

    /// The straightforward fold over a whole-string NFD, which `fold` must equal.
    fn fold_by_nfd(s: &str) -> String {
        let mut out = String::new();
        let mut space = false;
        for c in s.nfd().filter(|c| !is_combining_mark(*c)) {
            let c = if c == 'đ' || c == 'Đ' { 'd' } else { c };
            if c.is_whitespace() {
                space = !out.is_empty();
                continue;
            }
            if space {
                out.push(' ');
                space = false;
            }
            out.extend(c.to_lowercase());
        }
        out
    }

    proptest! {
        #[test]
        fn a_defused_csv_cell_comes_back_as_it_was(s in "['=+@\\-\t\rA ]{0,4}\\PC{0,8}") {
            let safe = csv_safe(&s);
            prop_assert!(!safe.starts_with(FORMULA));
            prop_assert_eq!(csv_unsafe(&safe), s.as_str());
        }

        #[test]
        fn fold_equals_the_fold_of_the_whole_nfd(s in "\\PC{0,40}") {
            prop_assert_eq!(fold(&s), fold_by_nfd(&s));
        }

        #[test]
        fn fold_is_idempotent(s in "\\PC{0,40}") {
            let once = fold(&s);
            prop_assert_eq!(fold(&once), once.clone());
        }

        #[test]
        fn fold_ignores_case_and_normal_form(s in "[a-zA-Zàáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ ]{0,30}") {
            let upper = s.to_uppercase();
            let nfd: String = s.nfd().collect();
            prop_assert_eq!(fold(&s), fold(&upper));
            prop_assert_eq!(fold(&s), fold(&nfd));
        }

        #[test]
        fn fold_output_has_no_vietnamese_marks(s in "[a-zàáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ ]{0,30}") {
            prop_assert!(fold(&s).chars().all(|c| c.is_ascii_lowercase() || c == ' '));
        }
    }
}
