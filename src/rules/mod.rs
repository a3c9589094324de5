//! Loading and checking the project's rule files (schemas/*.toml) into typed values.

pub mod criteria;
pub mod dossier;
pub mod regime;

/// The 1-based lines of a TOML file that declare `id = "value"` (spacing as written), for error
/// messages that name the line of a regime's or a tree's node.
pub(crate) fn lines_declaring<'a>(text: &'a str, value: &str) -> impl Iterator<Item = usize> + 'a {
    let needle = format!("\"{value}\"");
    text.lines().enumerate().filter_map(move |(i, l)| {
        let l = l.trim_start();
        (l.starts_with("id") && l.contains(&needle)).then_some(i + 1)
    })
}
