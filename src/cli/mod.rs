//! The command line, as clap derive structs only: no logic here (its help in Vietnamese: help.rs).

pub mod help;

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::output::Format;

const ABOUT: &str = "OCOP (mỗi xã một sản phẩm) registrations, dossiers, scores, stars and reports, in one SQLite file";

const EXAMPLES: &str = "\
Examples:
  ocop demo                       run a whole cycle on the bundled Thọ Xuân 2019 sample
  ocop init --units fixtures/units/tho-xuan.csv --district 395
  ocop subject add --kind HTX --name \"HTX Nông nghiệp Xuân Lập\" --tax-code 0100233488 \\
      --commune \"Xuân Lập\"
  ocop product add --subject 0100233488 --name \"Chè xanh Xuân Lập\" \\\n      --set \"chè tươi\" --regime qd1048
  ocop register \"Chè xanh Xuân Lập\" --year 2019 --stage submitted
  ocop registration list --year 2019 --format csv --excel > dang-ky-2019.csv

Environment: OCOP_DB (database path), OCOP_LANG (vi|en), OCOP_USER (operator in the audit log),
NO_COLOR.
Exit codes: 0 success, 1 data failed a check, 2 usage error, 3 environment error.";

#[derive(Debug, Parser)]
#[command(name = "ocop", version, about = ABOUT, after_help = EXAMPLES, propagate_version = true)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Args)]
pub struct Global {
    /// The database file [default: $OCOP_DB, else ./ocop.db]; reports take several, one per district
    #[arg(long, global = true, value_name = "PATH", action = clap::ArgAction::Append)]
    pub db: Vec<PathBuf>,
    /// Language of messages and table headers [default: $OCOP_LANG, else vi when $LANG is vi_*, else en]
    #[arg(long, global = true, value_name = "vi|en")]
    pub lang: Option<String>,
    /// Output format of listings
    #[arg(long, global = true, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// With --format csv: add a UTF-8 BOM and CRLF line ends so that Excel shows Vietnamese right
    #[arg(long, global = true)]
    pub excel: bool,
    /// With --format csv or xlsx: column titles in the chosen language instead of the stable ids
    #[arg(long, global = true)]
    pub labels: bool,
    /// Operator recorded in the audit log [default: $OCOP_USER, else the OS user]
    #[arg(long, global = true, value_name = "NAME")]
    pub by: Option<String>,
    /// Seconds to wait for another ocop that is writing to the database
    #[arg(long, global = true, value_name = "SECONDS", default_value_t = 30.0)]
    pub wait: f64,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a database and load administrative units
    #[command(
        after_help = "Example:\n  ocop --db huyen.db init --units fixtures/units/tho-xuan.csv --district \"Thọ Xuân\""
    )]
    Init(InitArgs),
    /// Build a demo database from the bundled Thọ Xuân 2019 sample and show it
    #[command(after_help = "Example:\n  ocop demo --dir /tmp/ocop-demo")]
    Demo(DemoArgs),
    /// Administrative units (provinces, districts, communes) with validity dates and mergers
    #[command(subcommand)]
    Unit(UnitCmd),
    /// Producers (chủ thể)
    #[command(subcommand)]
    Subject(SubjectCmd),
    /// Products (sản phẩm), each in one product set (bộ sản phẩm)
    #[command(subcommand)]
    Product(ProductCmd),
    /// Register a product for a year's cycle
    #[command(
        after_help = "Example:\n  ocop register \"Chè xanh Xuân Lập\" --year 2019 --round 1 --kind new --stage submitted"
    )]
    Register(RegisterArgs),
    /// Registrations: one product's participation in one year's cycle
    #[command(subcommand)]
    Registration(RegistrationCmd),
    /// Criteria regimes, their product sets, blank score sheets
    #[command(subcommand)]
    Criteria(CriteriaCmd),
    /// The documents of a registration's dossier (hồ sơ), and their checks
    #[command(subcommand)]
    Dossier(DossierCmd),
    /// Council members' score sheets (phiếu chấm điểm)
    #[command(subcommand)]
    Score(ScoreCmd),
    /// A council's results for a year at one level: averages, stars, what the level does
    #[command(
        after_help = "Examples:\n  ocop rank --year 2019 --level district --format csv\n  ocop rank --year 2022 --level province --date 15/03/2023"
    )]
    Rank {
        /// The year of the cycle
        #[arg(long)]
        year: String,
        /// commune, district, province or central, as the regime has them
        #[arg(long)]
        level: String,
        /// Only this round [default: every round of the year]
        #[arg(long)]
        round: Option<String>,
        /// The evaluation date, recorded on registrations that have none; it decides the regime
        #[arg(long)]
        date: Option<String>,
        /// The date dossiers are checked on [default: each registration's cycle date, when it was submitted]
        #[arg(long, value_name = "DATE")]
        at: Option<String>,
    },
    /// Issue the certificate of a recognised product (3–5 stars), valid 36 months
    #[command(
        after_help = "Example:\n  ocop recognise 2019-004 --decision \"QĐ 5445/QĐ-UBND\" --date 23/12/2019"
    )]
    Recognise {
        /// The registration: its code (2019-007) or id
        registration: String,
        /// Number of the decision (số quyết định)
        #[arg(long)]
        decision: String,
        /// Date of the decision
        #[arg(long)]
        date: String,
        /// The level whose result is recognised [default: the last level that ranked it]
        #[arg(long)]
        level: Option<String>,
    },
    /// Certificates and their validity
    #[command(subcommand)]
    Certificate(CertificateCmd),
    /// District reports for a year: summary, products, groups, dossiers, progress, certificates, all
    #[command(subcommand)]
    Report(ReportCmd),
    /// A consistent copy of the live database, taken while others may be using it
    #[command(after_help = "Example:\n  ocop backup \"D:\\Sao lưu\\ocop-2019-12-31.db\"")]
    Backup {
        /// The backup file to write; its dossier files go in the folder beside it named after it
        /// (`ocop-2019.db` → `ocop-2019-files/`)
        file: PathBuf,
        /// Replace FILE if it exists (the old backup stays until the new one is complete and
        /// checked)
        #[arg(long)]
        force: bool,
    },
    /// Put a backup back as the database (or at --out PATH)
    #[command(after_help = "Example:\n  ocop restore ocop-2019-12-31.db --out ocop.db --force")]
    Restore {
        /// The backup file to restore
        file: PathBuf,
        /// Where to restore [default: the database path]
        #[arg(long = "out", alias = "to", value_name = "PATH")]
        to: Option<PathBuf>,
        /// Replace the target if it exists
        #[arg(long)]
        force: bool,
    },
    /// Check the database: integrity, foreign keys, the audit chain, stored dossier files, regime texts
    #[command(
        after_help = "Examples:\n  ocop doctor --fix\n  ocop doctor --anchor \"1234 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\""
    )]
    Doctor {
        /// Repair what can be repaired safely (indexes, unused regime texts, stored files no
        /// record uses that are older than an hour)
        #[arg(long)]
        fix: bool,
        /// Check that the audit log still reaches this head, as `ocop log --head` printed it
        /// ("N HASH", or the hash alone)
        #[arg(long, value_name = "HEAD")]
        anchor: Option<String>,
    },
    /// The audit log: every change with its time and operator
    #[command(
        after_help = "Examples:\n  ocop log --entity registration 2019-004\n  ocop log --since 2019-12-01 --by \"Cán bộ Hạnh\" --format csv\n\nWith `log`, the global --by NAME filters the entries by operator."
    )]
    Log {
        /// An entity kind (subject, product, registration, unit …) and its id or code
        #[arg(long, num_args = 2, value_names = ["KIND", "ID"])]
        entity: Option<Vec<String>>,
        /// Only entries on or after this date
        #[arg(long, value_name = "DATE")]
        since: Option<String>,
        /// Print only the chain's head, `N HASH` (entries and the last entry's hash), to keep
        /// with the printed reports
        #[arg(long, conflicts_with_all = ["entity", "since"])]
        head: bool,
    },
    /// Shell completions for bash, zsh, fish, elvish or powershell
    #[command(
        after_help = "Examples:\n  ocop completions bash > /etc/bash_completion.d/ocop\n  ocop completions powershell >> $PROFILE"
    )]
    Completions {
        /// The shell: bash, zsh, fish, elvish or powershell
        shell: clap_complete::Shell,
    },
    /// The manual page (roff), for `man`
    #[command(after_help = "Example:\n  ocop man > /usr/local/share/man/man1/ocop.1")]
    Man,
    /// Import spreadsheets (CSV, XLSX, ODS): registrations, units, score sheets or documents, checked row by row
    #[command(subcommand)]
    Import(ImportCmd),
    /// Export registrations, producers, products, score sheets or dossiers in the columns the imports read
    #[command(subcommand)]
    Export(ExportCmd),
}

#[derive(Debug, Args)]
pub struct ImportOpts {
    /// CSV (UTF-8, UTF-16 with BOM, or --encoding), XLSX, XLSB or ODS (an .xls: save it as .xlsx)
    pub file: PathBuf,
    #[command(flatten)]
    pub read: ReadOpts,
    /// Check and count everything, write nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Import the valid rows and leave out the invalid ones
    #[arg(long)]
    pub skip_invalid: bool,
    /// With --skip-invalid: write the rejected rows here, with an error column, to fix and re-import
    #[arg(long, value_name = "FILE")]
    pub rejects: Option<PathBuf>,
    /// Check only the first N rows and write nothing (a preview)
    #[arg(long, value_name = "N")]
    pub limit: Option<u64>,
    /// A row whose tax code belongs to a producer of another name or kind changes that producer
    /// (every change kept in the audit log) instead of being refused
    #[arg(long)]
    pub update_producers: bool,
}

#[derive(Debug, Subcommand)]
pub enum ImportCmd {
    /// Registrations with their producers and products, one row each
    #[command(
        after_help = "Examples:\n  ocop import registrations \"Danh sách đăng ký xã Xuân Lập.xlsx\"\n  ocop import registrations dang-ky.csv --skip-invalid --rejects loi.csv\n  ocop import registrations dang-ky.csv --dry-run"
    )]
    Registrations(ImportOpts),
    /// Council members' sheets by part totals: long form (registration, level, member, criterion, points) or wide (… A, B, C)
    #[command(after_help = "Example:\n  ocop import scores phieu-cham-huyen-2019.xlsx")]
    Scores(ImportOpts),
    /// Dossier documents from a manifest: registration, kind, file (relative to the manifest), number, dates
    #[command(after_help = "Example:\n  ocop import documents \"Hồ sơ xã Xuân Lập/danh-muc.csv\"")]
    Documents(ImportOpts),
    /// Past years' results from the lists offices keep (decision annexes): stars, scores, decisions, certificates
    #[command(
        after_help = "Examples:\n  ocop import results \"QĐ 1234 công nhận OCOP 2023.xlsx\" --year 2023 \\\n      --decision 1234/QĐ-UBND --decided-on 20/12/2023\n  ocop import results ket-qua-ocop-2019-2024.csv --dry-run"
    )]
    Results {
        #[command(flatten)]
        opts: ImportOpts,
        #[command(flatten)]
        list: ResultListArgs,
    },
    /// Administrative units, in the project's columns or as exported from the national catalogue
    #[command(
        after_help = "Example:\n  ocop import units danh-muc-don-vi.xlsx --district \"Thọ Xuân\""
    )]
    Units {
        #[command(flatten)]
        opts: UnitImportOpts,
        #[command(flatten)]
        units: UnitFileArgs,
    },
}

/// What a whole list of results shares, when its rows do not say it (a decision annex names its
/// decision in its title).
#[derive(Debug, Args, Clone, Default)]
pub struct ResultListArgs {
    /// The year of every row that has no year column
    #[arg(long)]
    pub year: Option<String>,
    /// The decision number of every row that has none, e.g. 1234/QĐ-UBND
    #[arg(long, value_name = "NUMBER")]
    pub decision: Option<String>,
    /// The decision date of every row that has none (dd/mm/yyyy or yyyy-mm-dd)
    #[arg(long, value_name = "DATE")]
    pub decided_on: Option<String>,
}

/// How a units file is read: which district, from which day, with which successors.
#[derive(Debug, Args, Clone, Default)]
pub struct UnitFileArgs {
    /// Only this district's units (code or name)
    #[arg(long, value_name = "CODE|NAME")]
    pub district: Option<String>,
    /// The day the file's units took effect: a unit that comes back with another name, type or
    /// district becomes a new version from this day (the old one ends the day before), and the
    /// communes of its districts that the file leaves out end the day before
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// The successors of the communes that end: a CSV with old_commune_code and new_commune_code
    /// (such as vn-units-2025-successors.csv)
    #[arg(long, value_name = "FILE")]
    pub successors: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum ExportCmd {
    /// Registrations in the columns of `import registrations`
    #[command(
        after_help = "Examples:\n  ocop export registrations --year 2019 --format csv --excel --out dang-ky-2019.csv\n  ocop export registrations --year 2019 --format xlsx --out dang-ky-2019.xlsx"
    )]
    Registrations {
        /// Only registrations of this year [default: every year]
        #[arg(long)]
        year: Option<String>,
        /// Write to this file instead of the screen
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// Leave out personal data (representative, phone, address) to share statistics
        #[arg(long)]
        anonymise: bool,
    },
    /// Producers
    #[command(after_help = "Example:\n  ocop export subjects --format xlsx --out chu-the.xlsx")]
    Subjects {
        /// Write to this file instead of the screen
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// Leave out personal data (representative, phone, address)
        #[arg(long)]
        anonymise: bool,
    },
    /// Products
    #[command(after_help = "Example:\n  ocop export products --format json --out san-pham.json")]
    Products {
        /// Write to this file instead of the screen
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Council members' sheets, one row per criterion or part, in the long form of `import scores`
    #[command(
        after_help = "Example:\n  ocop export scores --year 2019 --format csv --excel --out phieu-cham-2019.csv"
    )]
    Scores {
        /// Only the sheets of this year's registrations [default: every year]
        #[arg(long)]
        year: Option<String>,
        /// Write to this file instead of the screen
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// The dossiers' files with a manifest that `import documents` reads back (a folder, or a .zip)
    #[command(
        after_help = "Example:\n  ocop export documents --year 2019 --out \"Hồ sơ 2019\"\n  ocop import documents \"Hồ sơ 2019/manifest.csv\""
    )]
    Documents {
        /// Only the dossiers of this year's registrations
        #[arg(long)]
        year: String,
        /// The folder to write (created if missing; must be empty), or a new FILE.zip
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
    },
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The home district (code or name); only its units are loaded from a file with many districts
    #[arg(long, value_name = "CODE|NAME", conflicts_with = "province")]
    pub district: Option<String>,
    /// A province office (two-level government, from 01/07/2025): only the province's communes are
    /// loaded, e.g. `--province "Thanh Hóa" --units vn-units-2025.csv`
    #[arg(long, value_name = "CODE|NAME")]
    pub province: Option<String>,
    /// Units CSV: province_code,province_name,district_code,district_name,commune_code,commune_name,commune_type[,valid_from,valid_to,successor_code]
    #[arg(long, value_name = "FILE")]
    pub units: Option<PathBuf>,
    #[command(flatten)]
    pub read: ReadOpts,
}

/// How a spreadsheet is read: which sheet, which encoding, which header row.
#[derive(Debug, Args, Clone, Default)]
pub struct ReadOpts {
    /// The sheet of a workbook [default: the first]
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
    /// Encoding of a CSV without BOM, e.g. windows-1258 [default: utf-8]
    #[arg(long, value_name = "LABEL")]
    pub encoding: Option<String>,
    /// The row that holds the column headers [default: found among the first 30 rows]
    #[arg(long, value_name = "N")]
    pub header_row: Option<u64>,
}

/// `ocop import units` and `ocop unit import`: one command, the same flags.
#[derive(Debug, Args, Clone)]
pub struct UnitImportOpts {
    /// The units file: CSV (UTF-8, UTF-16 with BOM, or --encoding), XLSX or ODS
    pub file: PathBuf,
    #[command(flatten)]
    pub read: ReadOpts,
    /// Check and count everything, write nothing
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Folder for the demo database (created if missing)
    #[arg(long, value_name = "DIR", default_value = "ocop-demo")]
    pub dir: PathBuf,
    /// Build the demo again over an earlier demo in DIR
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Subcommand)]
pub enum UnitCmd {
    /// List units; by default the communes in force today
    #[command(
        after_help = "Examples:\n  ocop unit list --at 2019-06-30\n  ocop unit list --all --format csv"
    )]
    List {
        /// province, district or commune
        #[arg(long, default_value = "commune")]
        level: String,
        /// Only units in force on this date (dd/mm/yyyy or yyyy-mm-dd) [default: today]
        #[arg(long, value_name = "DATE", conflicts_with = "all")]
        at: Option<String>,
        /// Every version of every unit, including merged ones
        #[arg(long)]
        all: bool,
        /// Only this district's units (code or name) [default: the home district]
        #[arg(long, value_name = "CODE|NAME")]
        district: Option<String>,
    },
    /// Show a unit with its validity and mergers
    #[command(after_help = "Example:\n  ocop unit show 15481")]
    Show {
        /// Code or name
        unit: String,
    },
    /// Load or update units from a CSV (same columns as init --units)
    #[command(after_help = "Example:\n  ocop unit import don-vi.csv")]
    Import {
        #[command(flatten)]
        opts: UnitImportOpts,
        #[command(flatten)]
        units: UnitFileArgs,
    },
}

#[derive(Debug, Args)]
pub struct SubjectFieldArgs {
    /// enterprise (DN), cooperative (HTX), cooperative-group (THT) or household (hộ kinh doanh)
    #[arg(long)]
    pub kind: Option<String>,
    /// Name as on the business registration
    #[arg(long)]
    pub name: Option<String>,
    /// Mã số thuế: 10 digits, or 13 written 0100233488-001
    #[arg(long, value_name = "CODE")]
    pub tax_code: Option<String>,
    /// Người đại diện
    #[arg(long, value_name = "NAME")]
    pub representative: Option<String>,
    /// Vietnamese phone number, stored as 0912345678
    #[arg(long)]
    pub phone: Option<String>,
    /// Address
    #[arg(long, value_name = "TEXT")]
    pub address: Option<String>,
    /// Commune, by code or name
    #[arg(long, value_name = "CODE|NAME")]
    pub commune: Option<String>,
    /// The date the commune is taken on, for a producer of a past list whose commune has since
    /// merged [default: today]
    #[arg(long, value_name = "DATE", requires = "commune")]
    pub as_of: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum SubjectCmd {
    /// Add a producer
    #[command(
        after_help = "Example:\n  ocop subject add --kind HTX --name \"HTX Xuân Lập\" --tax-code 0100233488 \\\n      --phone \"0912 345 678\" --commune \"Xuân Lập\""
    )]
    Add(SubjectFieldArgs),
    /// List producers
    #[command(after_help = "Example:\n  ocop subject list --commune \"Xuân Lập\" --format csv")]
    List {
        /// Only producers of this commune (code or name)
        #[arg(long, value_name = "CODE|NAME")]
        commune: Option<String>,
        /// Only producers of this kind: enterprise (DN), cooperative (HTX), cooperative-group (THT) or household
        #[arg(long)]
        kind: Option<String>,
        /// Part of the name or tax code, diacritics optional
        #[arg(long)]
        search: Option<String>,
    },
    /// Show one producer
    #[command(after_help = "Example:\n  ocop subject show 0100233488")]
    Show {
        /// Id, tax code or name
        subject: String,
    },
    /// Change a producer's fields
    #[command(after_help = "Example:\n  ocop subject edit 0100233488 --phone 0987654321")]
    Edit {
        /// Id, tax code or name
        subject: String,
        #[command(flatten)]
        fields: SubjectFieldArgs,
    },
    /// Remove a producer that has no products
    #[command(after_help = "Example:\n  ocop subject remove 12")]
    Remove {
        /// Id, tax code or name
        subject: String,
    },
}

#[derive(Debug, Args)]
pub struct ProductFieldArgs {
    /// Product name
    #[arg(long)]
    pub name: Option<String>,
    /// The producer: id, tax code or name
    #[arg(long, value_name = "SUBJECT")]
    pub subject: Option<String>,
    /// Product set (bộ sản phẩm): id, number or name
    #[arg(long, value_name = "SET")]
    pub set: Option<String>,
    /// Criteria regime of the set [default: the regime in force today]
    #[arg(long, value_name = "ID")]
    pub regime: Option<String>,
    /// Commune of production [default: the producer's]
    #[arg(long, value_name = "CODE|NAME")]
    pub commune: Option<String>,
    /// The date the commune is taken on, for a product of a past list whose commune has since
    /// merged [default: today]
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum ProductCmd {
    /// Add a product
    #[command(
        after_help = "Example:\n  ocop product add --subject 0100233488 --name \"Chè xanh Xuân Lập\" \\\n      --set \"chè tươi\" --regime qd1048"
    )]
    Add(ProductFieldArgs),
    /// List products
    #[command(after_help = "Example:\n  ocop product list --search che --format json")]
    List {
        /// Only this producer's products (id, tax code or name)
        #[arg(long, value_name = "SUBJECT")]
        subject: Option<String>,
        /// Only products of this commune (code or name)
        #[arg(long, value_name = "CODE|NAME")]
        commune: Option<String>,
        /// Product set id or name (of --regime, default the regime in force today)
        #[arg(long)]
        set: Option<String>,
        /// The criteria regime of --set [default: the regime in force today]
        #[arg(long, value_name = "ID")]
        regime: Option<String>,
        /// Part of the product's or producer's name, diacritics optional
        #[arg(long)]
        search: Option<String>,
    },
    /// Show one product
    #[command(after_help = "Example:\n  ocop product show \"banh gai tu tru\"")]
    Show {
        /// Id or name
        product: String,
    },
    /// Change a product's fields
    #[command(after_help = "Example:\n  ocop product edit 3 --name \"Chè búp Xuân Lập\"")]
    Edit {
        /// Id or name
        product: String,
        #[command(flatten)]
        fields: ProductFieldArgs,
    },
    /// Remove a product that has no registrations
    #[command(after_help = "Example:\n  ocop product remove 3")]
    Remove {
        /// Id or name
        product: String,
    },
}

#[derive(Debug, Args)]
pub struct RegisterArgs {
    /// The product: id or name (or --from-cert)
    #[arg(required_unless_present = "from_cert", conflicts_with = "from_cert")]
    pub product: Option<String>,
    /// Re-evaluate the product of certificate N (its id in ocop certificate list): kind
    /// re-evaluation, and the certificate is the one it renews
    #[arg(long, value_name = "N")]
    pub from_cert: Option<i64>,
    /// The year of the cycle
    #[arg(long)]
    pub year: String,
    /// The round within the year
    #[arg(long, default_value = "1")]
    pub round: String,
    /// new, re-evaluation or upgrade (mới, đánh giá lại, nâng hạng) [default: new; re-evaluation with --from-cert]
    #[arg(long)]
    pub kind: Option<String>,
    /// idea, plan, implementing, submitted, evaluated, recognised, not-recognised, withdrawn
    #[arg(long, default_value = "idea")]
    pub stage: String,
    /// Date of registration (dd/mm/yyyy or yyyy-mm-dd)
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,
    /// Criteria regime [default: the one in force on 31 December of the year]
    #[arg(long, value_name = "ID")]
    pub regime: Option<String>,
    /// Product set of the registration's regime [default: the product's]
    #[arg(long, value_name = "SET")]
    pub set: Option<String>,
    /// The commune the registration is made in [default: the product's commune then, or the one
    /// that took it over]; needed where that commune was divided between several
    #[arg(long, value_name = "CODE|NAME")]
    pub commune: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum RegistrationCmd {
    /// List registrations
    #[command(
        after_help = "Examples:\n  ocop registration list --year 2019 --stage submitted\n  ocop registration list --commune \"Xuân Lập\" --search \"che\" --format json"
    )]
    List {
        /// Only registrations of this year
        #[arg(long)]
        year: Option<String>,
        /// Only registrations of this round
        #[arg(long)]
        round: Option<String>,
        /// Only registrations at this stage (id or Vietnamese name)
        #[arg(long)]
        stage: Option<String>,
        /// Only registrations of this commune (code or name)
        #[arg(long, value_name = "CODE|NAME")]
        commune: Option<String>,
        /// Product set id or name
        #[arg(long)]
        set: Option<String>,
        /// Product group id or name
        #[arg(long, value_name = "ID|NAME")]
        group: Option<String>,
        /// Part of the product's or producer's name, or of the code; diacritics optional
        #[arg(long)]
        search: Option<String>,
    },
    /// Show one registration with its history
    #[command(after_help = "Example:\n  ocop registration show 2019-007")]
    Show {
        /// The registration: its code (2019-007) or id
        registration: String,
    },
    /// Move a registration forward in the cycle
    #[command(
        after_help = "Examples:\n  ocop registration advance 2019-007 --stage submitted\n  ocop registration advance 2019-007 --stage submitted --force --reason \"bổ sung giấy phép sau\""
    )]
    Advance {
        /// The registration: its code (2019-007) or id
        registration: String,
        /// The stage to move to: plan, implementing, submitted or withdrawn (or the Vietnamese
        /// names); evaluated, recognised and not-recognised come only from `rank` and `recognise`
        #[arg(long)]
        stage: String,
        /// Why, kept in the audit log
        #[arg(long)]
        reason: Option<String>,
        /// Submit although the mandatory dossier is incomplete (needs --reason)
        #[arg(long)]
        force: bool,
        /// The date the dossier is checked on when submitting (the cycle's date) [default: today]
        #[arg(long, value_name = "DATE")]
        at: Option<String>,
    },
    /// Withdraw a registration (rút đăng ký)
    #[command(
        after_help = "Example:\n  ocop registration withdraw 2019-007 --reason \"chủ thể xin rút\""
    )]
    Withdraw {
        /// The registration: its code (2019-007) or id
        registration: String,
        /// Why, kept in the audit log
        #[arg(long)]
        reason: Option<String>,
    },
    /// Change the product set (and regime) of a registration that has no sheets yet, e.g. one
    /// that its evaluation date moved to a new regime
    #[command(
        after_help = "Example:\n  ocop registration edit 2023-004 --regime qd148 --set \"Thịt, thủy sản, trứng, sữa tươi\""
    )]
    Edit {
        /// The registration: its code (2019-007) or id
        registration: String,
        /// The product set: id, number or name, of the registration's regime (or of --regime)
        #[arg(long)]
        set: String,
        /// The criteria regime [default: the registration's]
        #[arg(long, value_name = "ID")]
        regime: Option<String>,
    },
}

// Parsed once per process: the size of the largest variant costs nothing worth a Box.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub enum ScoreCmd {
    /// Add one member's sheet: criterion by criterion, from a filled sheet, or by part totals
    #[command(
        after_help = "Examples:\n  ocop score add 2019-004 --level district --member \"Lê Văn A\" \\\n      --part A=31 --part B=24 --part C=38\n  ocop score add 2019-004 --level district --member \"Lê Văn A\" --sheet phieu-le-van-a.xlsx\n  ocop score add 2019-004 --level district --member \"Lê Văn A\" A1.1=3 A1.2=2 … C10=5"
    )]
    Add {
        #[command(flatten)]
        sheet_of: SheetOf,
        /// A part total, PART=POINTS; once per part of the regime
        #[arg(long = "part", value_name = "PART=POINTS")]
        parts: Vec<String>,
        /// Per-criterion points (A1.1=3 …; `na` where a criterion applies only under a condition,
        /// `loai` where its elimination rule holds, `dung` where its stop rule holds)
        #[arg(value_name = "CRITERION=POINTS")]
        criteria: Vec<String>,
        /// A filled sheet (CSV or XLSX, as `ocop criteria template` writes it): columns criterion and points
        #[arg(long, value_name = "FILE", conflicts_with = "parts")]
        sheet: Option<PathBuf>,
        /// The commune's pre-assessment of a set scored by part totals (1489, 26/2026): each aspect
        /// met or not, ASPECT=met|not-met (origin, labour, idea, identity)
        #[arg(long = "aspect", value_name = "ASPECT=met|not-met")]
        aspects: Vec<String>,
        /// Date of scoring
        #[arg(long)]
        date: Option<String>,
        /// The date the dossier is checked on [default: the cycle's date, when it was submitted]
        #[arg(long, value_name = "DATE")]
        at: Option<String>,
        /// The member found an elimination rule met (bị loại), with the reason
        #[arg(long, value_name = "REASON")]
        eliminated: Option<String>,
        /// The member found a stop rule met (dừng đánh giá, e.g. no food-safety certificate), with the reason
        #[arg(long, value_name = "REASON")]
        stopped: Option<String>,
        /// A note kept with the sheet
        #[arg(long, value_name = "TEXT")]
        note: Option<String>,
        #[command(flatten)]
        overrides: CycleOverrides,
    },
    /// Enter one member's sheet at the prompt: criterion by criterion where the set has its criteria, else part by part
    #[command(
        after_help = "Example:\n  ocop score enter 2019-004 --level district --member \"Lê Văn An\""
    )]
    Enter {
        #[command(flatten)]
        sheet_of: SheetOf,
    },
    /// Show every sheet of a registration, the averages and the stars
    #[command(
        after_help = "Examples:\n  ocop score show 2019-004\n  ocop score show 2019-004 --criteria --format csv"
    )]
    Show {
        /// The registration: its code (2019-007) or id
        registration: String,
        /// Every criterion of every sheet scored by criteria (one row per member and criterion)
        #[arg(long)]
        criteria: bool,
    },
    /// Remove one member's sheet
    #[command(
        after_help = "Example:\n  ocop score remove 2019-004 --level district --member \"Lê Văn A\""
    )]
    Remove {
        #[command(flatten)]
        sheet_of: SheetOf,
        #[command(flatten)]
        overrides: CycleOverrides,
    },
}

/// Passing a rule of the cycle, with a reason the audit log keeps.
#[derive(Debug, Args, Clone, Default)]
pub struct CycleOverrides {
    /// Score at a level the registration was not forwarded to (e.g. registered directly with the
    /// province); needs --reason
    #[arg(long)]
    pub force: bool,
    /// Change the sheets of a level that has ranked: its result and every result above it are
    /// cleared; needs --reason
    #[arg(long)]
    pub reopen: bool,
    /// Why, kept in the audit log
    #[arg(long, value_name = "TEXT")]
    pub reason: Option<String>,
}

#[derive(Debug, Args)]
pub struct ReportScope {
    /// The year of the report
    #[arg(long)]
    pub year: String,
    /// Only this round [default: every round of the year]
    #[arg(long)]
    pub round: Option<String>,
    /// Count the results of this level [default: the highest level that scored each registration]
    #[arg(long)]
    pub level: Option<String>,
    /// Write to this file instead of the screen (.csv, .json or, with --format xlsx, .xlsx)
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum ReportCmd {
    /// One row per commune of the year's units: registrations, submitted, evaluated, stars, average
    #[command(
        after_help = "Examples:\n  ocop report summary --year 2019\n  ocop report summary --year 2019 --format xlsx --labels --out tong-hop-2019.xlsx"
    )]
    Summary(ReportScope),
    /// Every evaluated product with its producer, set, group, averages, stars and decision
    #[command(
        after_help = "Example:\n  ocop report products --year 2019 --min-stars 3 --format csv --excel --out san-pham-2019.csv"
    )]
    Products {
        #[command(flatten)]
        scope: ReportScope,
        /// Only products with at least N stars
        #[arg(long, value_name = "N")]
        min_stars: Option<u8>,
    },
    /// Product groups × stars
    #[command(after_help = "Example:\n  ocop report groups --year 2019")]
    Groups(ReportScope),
    /// Dossier completeness per registration
    #[command(after_help = "Example:\n  ocop report dossiers --year 2019 --at 2019-11-01")]
    Dossiers {
        #[command(flatten)]
        scope: ReportScope,
        /// The date documents must be valid on [default: today]
        #[arg(long, value_name = "DATE")]
        at: Option<String>,
    },
    /// Registrations by cycle stage per commune
    #[command(after_help = "Example:\n  ocop report progress --year 2019")]
    Progress(ReportScope),
    /// Certificates valid, expiring and lapsed
    #[command(after_help = "Example:\n  ocop report certificates --expiring-within 180")]
    Certificates {
        #[command(flatten)]
        filter: CertificateFilter,
        /// Write to this file instead of the screen (.csv, .json or, with --format xlsx, .xlsx)
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Products rated 3 stars or more per year and stars, every year in the database
    #[command(
        after_help = "Examples:\n  ocop report trend\n  ocop report trend --from 2019 --to 2026 --format xlsx --labels --out xu-huong.xlsx"
    )]
    Trend {
        /// The first year [default: the first year with a registration]
        #[arg(long, value_name = "YEAR")]
        from: Option<String>,
        /// The last year [default: the last year with a registration]
        #[arg(long, value_name = "YEAR")]
        to: Option<String>,
        /// Only this round of each year [default: every round]
        #[arg(long)]
        round: Option<String>,
        /// Write to this file instead of the screen (.csv, .json or, with --format xlsx, .xlsx)
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// The yearly brief as a Word document: key numbers against the previous year, tables, chart
    #[command(
        after_help = "Example:\n  ocop --lang vi report brief --year 2019 --out bao-cao-2019.docx"
    )]
    Brief {
        /// The year of the report
        #[arg(long)]
        year: String,
        /// Only this round [default: every round of the year]
        #[arg(long)]
        round: Option<String>,
        /// The Word document to write (.docx)
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Every report of the year as CSV files in a folder, with the brief (Word), for scripted yearly runs
    #[command(after_help = "Example:\n  ocop report all --year 2019 --out bao-cao-2019")]
    All {
        /// The year of the report
        #[arg(long)]
        year: String,
        /// Only this round [default: every round of the year]
        #[arg(long)]
        round: Option<String>,
        /// The folder (created if missing)
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
    },
}

/// Which certificates a listing shows, as `certificate list` and `report certificates` take it.
#[derive(Debug, Args, Clone)]
pub struct CertificateFilter {
    /// Only certificates that lapse within this many days
    #[arg(long, value_name = "DAYS", alias = "within")]
    pub expiring_within: Option<i64>,
    /// Only lapsed certificates
    #[arg(long)]
    pub lapsed: bool,
    /// The date to judge validity on [default: today]
    #[arg(long, value_name = "DATE")]
    pub at: Option<String>,
}

/// One member's sheet of a registration at a level: what `score add`, `enter` and `remove` name.
#[derive(Debug, Args, Clone)]
pub struct SheetOf {
    /// The registration: its code (2019-007) or id
    pub registration: String,
    /// The council level: commune, district, province or central, as the regime has them
    #[arg(long)]
    pub level: String,
    /// The council member (thành viên hội đồng)
    #[arg(long)]
    pub member: String,
}

#[derive(Debug, Subcommand)]
pub enum CertificateCmd {
    /// List certificates: valid, expiring, lapsed
    #[command(
        after_help = "Examples:\n  ocop certificate list --expiring-within 180\n  ocop certificate list --lapsed --at 2023-01-01"
    )]
    List {
        #[command(flatten)]
        filter: CertificateFilter,
    },
}

#[derive(Debug, Subcommand)]
pub enum DossierCmd {
    /// Add a document: its file goes into the store beside the database
    #[command(
        after_help = "Examples:\n  ocop dossier add 2019-004 --kind business-plan --file \"Phương án kinh doanh.pdf\"\n  ocop dossier add 2019-004 --kind test-report --file kiem-nghiem.pdf \\\n      --number 123/KN --issued 01/06/2019\n  ocop dossier add 2019-004 --kind product-samples --received"
    )]
    Add {
        /// The registration: its code (2019-007) or id
        registration: String,
        /// Document kind id, number or title (see `ocop dossier kinds`)
        #[arg(long)]
        kind: String,
        /// The document's file (a regular file: PDF, scan, photo)
        #[arg(long, value_name = "PATH")]
        file: Option<PathBuf>,
        /// The largest file accepted, in bytes
        #[arg(long, value_name = "BYTES", default_value_t = crate::store::DEFAULT_MAX_SIZE)]
        max_size: u64,
        /// Only the receipt is recorded (product samples)
        #[arg(long)]
        received: bool,
        /// The document's number, e.g. 123/KN
        #[arg(long)]
        number: Option<String>,
        /// Date of issue (dd/mm/yyyy or yyyy-mm-dd)
        #[arg(long, value_name = "DATE")]
        issued: Option<String>,
        /// Expiry date (dd/mm/yyyy or yyyy-mm-dd) [default: the issue date plus the kind's validity]
        #[arg(long, value_name = "DATE")]
        expires: Option<String>,
        /// A note kept with the document
        #[arg(long, value_name = "TEXT")]
        note: Option<String>,
    },
    /// The documents of a registration
    #[command(after_help = "Example:\n  ocop dossier list 2019-004")]
    List {
        /// The registration: its code (2019-007) or id
        registration: String,
    },
    /// Remove a document from a registration's dossier (its stored file stays while used)
    #[command(after_help = "Example:\n  ocop dossier remove 2019-004 --id 12")]
    Remove {
        /// The registration: its code (2019-007) or id
        registration: String,
        /// The document's id, as `ocop dossier list` shows it
        #[arg(long)]
        id: i64,
    },
    /// Check dossiers: missing mandatory items, expired items, stored files missing or changed (with --year: the registrations submitted or later)
    #[command(
        after_help = "Examples:\n  ocop dossier check 2019-004\n  ocop dossier check --year 2019 --at 2019-11-15 --format csv"
    )]
    Check {
        /// The registrations to check: codes or ids [default: every registration submitted or later]
        registrations: Vec<String>,
        /// Only the registrations of this year (when none is named)
        #[arg(long)]
        year: Option<String>,
        /// The date documents must be valid on [default: today]
        #[arg(long, value_name = "DATE")]
        at: Option<String>,
    },
    /// Bundle dossiers for the next council: the files by item number and kind, a manifest and a cover sheet
    #[command(
        after_help = "Example:\n  ocop dossier export 2019-004 2019-007 --out \"Gửi tỉnh 2019\""
    )]
    Export {
        /// The registrations to bundle: codes or ids
        #[arg(required = true)]
        registrations: Vec<String>,
        /// The folder to write (created if missing; must be empty), or a new FILE.zip
        #[arg(long = "out", alias = "to", value_name = "DIR")]
        to: PathBuf,
        /// The date the cover sheet checks validity on [default: today]
        #[arg(long, value_name = "DATE")]
        at: Option<String>,
    },
    /// Check every stored file against its SHA-256
    #[command(after_help = "Example:\n  ocop dossier verify")]
    Verify,
    /// The document kinds of a regime and when each is mandatory
    #[command(after_help = "Example:\n  ocop dossier kinds --regime qd148 --format csv")]
    Kinds {
        /// The criteria regime [default: the one in force today]
        #[arg(long, value_name = "ID")]
        regime: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum CriteriaCmd {
    /// List the regimes, or the product sets of one regime
    #[command(
        after_help = "Examples:\n  ocop criteria list\n  ocop criteria list --regime qd1048 --format csv"
    )]
    List {
        /// List the product sets of this regime
        #[arg(long, value_name = "ID")]
        regime: Option<String>,
    },
    /// A regime (its parts, bands and levels) or one of its product sets
    #[command(
        after_help = "Examples:\n  ocop criteria show qd1048\n  ocop criteria show \"rượu trắng\" --regime qd1048"
    )]
    Show {
        /// A regime id, or a product set (id, number or name)
        what: String,
        /// The regime of the product set [default: the regime in force today]
        #[arg(long, value_name = "ID")]
        regime: Option<String>,
    },
    /// A blank score sheet: criterion by criterion where the set has its criteria (for `ocop score
    /// add --sheet`), else one row per member with the part totals (for `ocop import scores`)
    #[command(
        after_help = "Examples:\n  ocop criteria template 2019-004 --format xlsx --out phieu-cham-2019-004.xlsx\n  ocop criteria template 2019-004 --level district --members 5 --by-parts \\\n      --format xlsx --out phieu-cham.xlsx\n  ocop criteria template \"rượu trắng\" --regime qd1048 --format csv"
    )]
    Template {
        /// A registration (its code is filled in) or a product set
        what: String,
        /// The regime of the product set [default: the regime in force today]
        #[arg(long, value_name = "ID")]
        regime: Option<String>,
        /// The council level filled in on the form by part totals
        #[arg(long)]
        level: Option<String>,
        /// Rows to fill, one per council member (the form by part totals)
        #[arg(long, value_name = "N", default_value_t = 3)]
        members: u32,
        /// The form by part totals even where the set has its criteria
        #[arg(long)]
        by_parts: bool,
        /// Write to this file instead of the screen
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Check a regime file of your own
    #[command(after_help = "Example:\n  ocop criteria check bo-tieu-chi-2026.toml")]
    Check {
        /// The regime file (TOML, in the format of docs/regimes.md)
        file: PathBuf,
    },
    /// Import a regime file of your own into the database, after the same checks: a new regime,
    /// or one that replaces the built-in regime of the same id for sheets scored from now on
    #[command(after_help = "Example:\n  ocop criteria import bo-tieu-chi-148-day-du.toml")]
    Import {
        /// The regime file (TOML, in the format of docs/regimes.md), checked first
        file: PathBuf,
    },
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
    }
}
