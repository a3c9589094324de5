//! Dossier checks: what a registration's dossier lacks, what has expired, which stored files are
//! missing or changed.

use rusqlite::Connection;

use crate::db::documents::{self, Document};
use crate::db::registrations::Registration;
use crate::error::Result;
use crate::i18n::{Msg, t};
use crate::rules::dossier::{self, DossierRules};
use crate::rules::regime::Regimes;
use crate::store::{FileState, Store};

#[derive(Debug, Clone, PartialEq)]
pub enum Problem {
    Missing,
    Expired(String),
    FileMissing,
    FileChanged,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// Whether the item is mandatory for this registration (the submission gate looks at these).
    pub mandatory: bool,
    pub kind: String,
    pub no: u32,
    pub title: String,
    pub problem: Problem,
}

impl Finding {
    /// The finding as scripts read it: `missing:business-plan`, `expired:food-safety` …
    pub fn code(&self) -> String {
        let problem = match &self.problem {
            Problem::Missing => "missing",
            Problem::Expired(_) => "expired",
            Problem::FileMissing => "file-missing",
            Problem::FileChanged => "file-changed",
        };
        format!("{problem}:{}", self.kind)
    }

    /// Several findings as one cell: their codes for scripts, their sentences for people.
    pub fn cell(findings: &[Finding]) -> crate::output::Value {
        crate::output::coded(
            findings
                .iter()
                .map(Finding::code)
                .collect::<Vec<_>>()
                .join("; "),
            findings
                .iter()
                .map(Finding::message)
                .collect::<Vec<_>>()
                .join("; "),
        )
    }

    pub fn message(&self) -> String {
        let args = [("kind", self.kind.as_str()), ("title", self.title.as_str())];
        match &self.problem {
            Problem::Missing => t(Msg::DossierMissing, &args),
            Problem::Expired(on) => t(Msg::DossierExpired, &[args[0], args[1], ("date", on)]),
            Problem::FileMissing => t(Msg::DossierFileMissing, &args),
            Problem::FileChanged => t(Msg::DossierFileChanged, &args),
        }
    }
}

/// The industry of a registration's product set, under its regime.
pub fn industry_of(r: &Registration) -> String {
    Regimes::in_use()
        .ok()
        .and_then(|rs| rs.get(&r.regime).ok())
        .and_then(|rg| {
            rg.set(&r.product_set)
                .and_then(|s| rg.group(&s.group))
                .map(|g| g.industry.clone())
        })
        .unwrap_or_default()
}

/// When a document stops being valid: its own expiry date, else its issue date plus the months
/// the rules give its kind.
pub fn expires(rules: &DossierRules, d: &Document) -> Option<String> {
    if let Some(e) = &d.expires_on {
        return Some(e.clone());
    }
    let kind = rules.kind(&d.kind)?;
    let months = rules.validity_months(kind)?;
    let issued: jiff::civil::Date = d.issued_on.as_deref()?.parse().ok()?;
    issued
        .checked_add(jiff::Span::new().months(months))
        .ok()
        .map(|x| x.to_string())
}

/// Every problem of one registration's dossier on `at` (yyyy-mm-dd), given its documents: each
/// mandatory item missing, each item whose documents have all expired (mandatory or not: an
/// expired test report is worth chasing), each stored file missing or changed.
pub fn check(store: &Store, r: &Registration, docs: &[Document], at: &str) -> Result<Vec<Finding>> {
    let rules = dossier::for_regime(&r.regime)?;
    let industry = industry_of(r);
    let mut out = Vec::new();
    let valid = |d: &Document| expires(rules, d).is_none_or(|e| at < e.as_str());
    for kind in &rules.kinds {
        let mandatory = kind.required(&industry, &r.subject_kind);
        let of_kind: Vec<&Document> = docs
            .iter()
            .filter(|d| {
                d.kind == kind.id && (d.sha256.is_some() || (!kind.needs_file() && d.received))
            })
            .collect();
        let problem = if of_kind.is_empty() {
            mandatory.then_some(Problem::Missing)
        } else if !of_kind.iter().any(|d| valid(d)) {
            let last = of_kind
                .iter()
                .filter_map(|d| expires(rules, d))
                .max()
                .unwrap_or_default();
            Some(Problem::Expired(last))
        } else {
            None
        };
        if let Some(problem) = problem {
            out.push(Finding {
                mandatory,
                kind: kind.id.clone(),
                no: kind.no,
                title: kind.title().to_string(),
                problem,
            });
        }
    }
    for d in docs {
        if let Some(sha) = &d.sha256 {
            let problem = match store.check(sha) {
                FileState::Ok => continue,
                FileState::Missing => Problem::FileMissing,
                FileState::Changed => Problem::FileChanged,
            };
            let k = rules.kind(&d.kind);
            let (no, title) = k.map_or((0, d.kind.clone()), |k| (k.no, k.title().to_string()));
            let mandatory = k.is_some_and(|k| k.required(&industry, &r.subject_kind));
            out.push(Finding {
                mandatory,
                kind: d.kind.clone(),
                no,
                title,
                problem,
            });
        }
    }
    Ok(out)
}

/// The problems of one registration, reading its documents.
pub fn check_registration(
    conn: &Connection,
    store: &Store,
    r: &Registration,
    at: &str,
) -> Result<Vec<Finding>> {
    let docs = documents::of_registration(conn, r.id)?;
    check(store, r, &docs, at)
}

/// The mandatory items missing or expired today (the submission gate and the warnings look at
/// these; optional items and stored-file problems are for `dossier check`).
pub fn mandatory_problems(
    conn: &Connection,
    store: &Store,
    r: &Registration,
    at: &str,
) -> Result<Vec<Finding>> {
    let mut problems = check_registration(conn, store, r, at)?;
    problems.retain(|p| p.mandatory);
    Ok(problems)
}

/// The problems joined into one phrase for a message.
pub fn describe(problems: &[Finding]) -> String {
    problems
        .iter()
        .map(Finding::message)
        .collect::<Vec<_>>()
        .join("; ")
}

/// The date a registration's dossier is checked on by default: the day it reached `submitted`
/// through `advance` (the date it was checked for, or the day of the move), else its
/// `registered_on` when it was registered or imported at `submitted` or later, else today.
pub fn cycle_date(conn: &Connection, r: &Registration) -> Result<String> {
    for e in crate::db::audit::for_entity(conn, "registration", &r.code)?
        .iter()
        .rev()
    {
        if e.action != "stage" {
            continue;
        }
        let v: serde_json::Value = serde_json::from_str(&e.details).unwrap_or_default();
        if v["to"] == "submitted" {
            if let Some(on) = v["on"].as_str() {
                return Ok(on.to_string());
            }
            return Ok(e.at.chars().take(10).collect());
        }
    }
    Ok(r.registered_on
        .clone()
        .unwrap_or_else(|| crate::domain::date::today().to_string()))
}

/// A warning for a registration scored or ranked with its mandatory dossier incomplete (it may
/// have been registered or imported directly at a later stage), or None.
pub fn incomplete_warning(
    conn: &Connection,
    store: &Store,
    r: &Registration,
    at: Option<&str>,
) -> Result<Option<String>> {
    let on = match at {
        Some(d) => d.to_string(),
        None => cycle_date(conn, r)?,
    };
    let problems = mandatory_problems(conn, store, r, &on)?;
    if problems.is_empty() {
        return Ok(None);
    }
    Ok(Some(t(
        Msg::IncompleteWarning,
        &[("code", &r.code), ("missing", &describe(&problems))],
    )))
}
