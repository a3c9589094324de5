//! The message catalogue: every message, table header and label in Vietnamese and English, side by
//! side, so that a message cannot exist in one language only (the macro makes both mandatory).
//!
//! Placeholders are written `{name}` and filled by [`t`]. The language is chosen once at start-up
//! (`--lang`, `$OCOP_LANG`, `$LANG`) and kept in a process-wide cell, so that domain errors can
//! render themselves without threading the language through every call.

use std::sync::OnceLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Vi,
    En,
}

impl Lang {
    /// `--lang` wins, then `$OCOP_LANG`, then `vi` when `$LANG` starts with `vi`, else English.
    pub fn select(flag: Option<&str>, ocop_lang: Option<&str>, lang: Option<&str>) -> Lang {
        let pick = |v: &str| {
            let v = v.trim().to_ascii_lowercase();
            if v.starts_with("vi") {
                Some(Lang::Vi)
            } else if v.starts_with("en") {
                Some(Lang::En)
            } else {
                None
            }
        };
        flag.and_then(pick)
            .or_else(|| ocop_lang.and_then(pick))
            .or_else(|| lang.filter(|l| l.starts_with("vi")).map(|_| Lang::Vi))
            .unwrap_or(Lang::En)
    }
}

static LANG: OnceLock<Lang> = OnceLock::new();

/// Sets the language for the rest of the process; the first call wins.
pub fn set_lang(lang: Lang) {
    let _ = LANG.set(lang);
}

pub fn lang() -> Lang {
    *LANG.get().unwrap_or(&Lang::En)
}

macro_rules! catalogue {
    ($($name:ident { en: $en:literal, vi: $vi:literal })*) => {
        /// A message of the catalogue.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Msg { $($name),* }

        impl Msg {
            pub const ALL: &'static [Msg] = &[$(Msg::$name),*];

            pub fn text(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $((Msg::$name, Lang::En) => $en, (Msg::$name, Lang::Vi) => $vi,)*
                }
            }
        }
    };
}

/// The text of `msg` in the current language with `{name}` placeholders filled.
pub fn t(msg: Msg, args: &[(&str, &str)]) -> String {
    match lang() {
        Lang::En => fill(&singular(msg.text(Lang::En), args), args),
        Lang::Vi => fill(msg.text(Lang::Vi), args),
    }
}

/// English counts agree with their noun: where a placeholder is "1", the plural noun right after
/// it becomes singular ("{count} rows were" → "{count} row was"; "entries" → "entry").
/// Vietnamese nouns have no plural.
fn singular(template: &str, args: &[(&str, &str)]) -> String {
    let mut out = template.to_string();
    for (key, value) in args {
        if *value != "1" {
            continue;
        }
        let mark = format!("{{{key}}} ");
        let mut from = 0;
        while let Some(pos) = out[from..].find(&mark) {
            let start = from + pos + mark.len();
            let end = out[start..]
                .find(|c: char| !c.is_ascii_alphabetic())
                .map_or(out.len(), |e| start + e);
            let word = &out[start..end];
            let one = if let Some(stem) = word.strip_suffix("ies") {
                format!("{stem}y")
            } else if word.len() > 3 && word.ends_with('s') && !word.ends_with("ss") {
                word[..word.len() - 1].to_string()
            } else {
                word.to_string()
            };
            let mut tail = out[end..].to_string();
            if one != word {
                if let Some(rest) = tail.strip_prefix(" were ") {
                    tail = format!(" was {rest}");
                } else if let Some(rest) = tail.strip_prefix(" are ") {
                    tail = format!(" is {rest}");
                } else if let Some(rest) = tail.strip_prefix(" have ") {
                    tail = format!(" has {rest}");
                }
            }
            out = format!("{}{one}{tail}", &out[..start]);
            from = start + one.len();
        }
    }
    out
}

/// The text of `msg` in the current language, without placeholders.
pub fn l(msg: Msg) -> &'static str {
    msg.text(lang())
}

fn fill(template: &str, args: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        match after.find('}') {
            Some(end) => {
                let key = &after[..end];
                match args.iter().find(|(k, _)| *k == key) {
                    Some((_, v)) => out.push_str(v),
                    None => {
                        out.push('{');
                        out.push_str(key);
                        out.push('}');
                    }
                }
                rest = &after[end + 1..];
            }
            None => {
                out.push_str(&rest[start..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

catalogue! {
    // --- environment and database
    DbMissing {
        en: "no ocop database at {path}: create one with `ocop init` (or point to yours with --db or OCOP_DB)",
        vi: "không có cơ sở dữ liệu ocop tại {path}: hãy tạo bằng lệnh `ocop init` (hoặc chỉ đến tệp của bạn bằng --db hoặc OCOP_DB)"
    }
    DbExists {
        en: "{path} already exists: `ocop init` never touches an existing database; choose another path with --db or remove the file yourself",
        vi: "{path} đã tồn tại: `ocop init` không bao giờ ghi đè cơ sở dữ liệu có sẵn; hãy chọn đường dẫn khác bằng --db hoặc tự xóa tệp đó"
    }
    DbBusy {
        en: "the database is busy: another ocop command is writing to it and did not finish within the wait; try again, or give a longer --wait SECONDS",
        vi: "cơ sở dữ liệu đang bận: một lệnh ocop khác đang ghi và chưa xong trong thời gian chờ; hãy thử lại, hoặc tăng thời gian chờ bằng --wait SỐ_GIÂY"
    }
    DbBusyHolder {
        en: "the last writer to start: {operator}, `ocop {command}`, process {pid}, at {since}",
        vi: "người bắt đầu ghi gần nhất: {operator}, `ocop {command}`, tiến trình {pid}, lúc {since}"
    }
    DbCorrupt {
        en: "the file is not a readable ocop database ({detail}); restore it from a backup",
        vi: "tệp không phải là cơ sở dữ liệu ocop đọc được ({detail}); hãy khôi phục từ bản sao lưu"
    }
    DbReadOnly {
        en: "the database cannot be written ({detail}); check that the file and its folder are writable by you",
        vi: "không ghi được vào cơ sở dữ liệu ({detail}); hãy kiểm tra quyền ghi của bạn trên tệp và thư mục chứa nó"
    }
    DiskFull {
        en: "the disk is full ({detail}); nothing was changed; free some space and run the command again",
        vi: "ổ đĩa đã đầy ({detail}); chưa có gì bị thay đổi; hãy giải phóng dung lượng rồi chạy lại lệnh"
    }
    DbError {
        en: "database error: {detail}",
        vi: "lỗi cơ sở dữ liệu: {detail}"
    }
    ConstraintFailed {
        en: "the change breaks a rule of the database ({detail}); nothing was changed",
        vi: "thay đổi vi phạm ràng buộc của cơ sở dữ liệu ({detail}); chưa có gì bị thay đổi"
    }
    IoError {
        en: "file error: {detail}",
        vi: "lỗi tệp: {detail}"
    }
    FileUnreadable {
        en: "cannot read {path}: {detail}",
        vi: "không đọc được {path}: {detail}"
    }
    FileUnwritable {
        en: "cannot write {path}: {detail}",
        vi: "không ghi được {path}: {detail}"
    }
    DbTooNew {
        en: "the database {path} has schema version {found}, newer than this ocop understands ({supported}); use a newer ocop",
        vi: "cơ sở dữ liệu {path} có phiên bản lược đồ {found}, mới hơn phiên bản ocop này hỗ trợ ({supported}); hãy dùng ocop mới hơn"
    }
    DbMigrated {
        en: "the database was upgraded from schema version {from} to {to}; a copy of the old file is at {backup}",
        vi: "cơ sở dữ liệu đã được nâng từ phiên bản lược đồ {from} lên {to}; bản sao tệp cũ ở {backup}"
    }
    // --- init and demo
    InitDone {
        en: "created {path} with {units} administrative units",
        vi: "đã tạo {path} với {units} đơn vị hành chính"
    }
    InitHome {
        en: "area of this install: {district}",
        vi: "địa bàn quản lý: {district}"
    }
    DistrictNotInUnits {
        en: "{district} is not in {path}; give a district or province that the units file contains",
        vi: "{district} không có trong {path}; hãy chọn huyện hoặc tỉnh có trong tệp đơn vị hành chính"
    }
    DemoDirHasDb {
        en: "{path} is not a demo database; choose another folder with --dir",
        vi: "{path} không phải cơ sở dữ liệu mẫu; hãy chọn thư mục khác bằng --dir"
    }
    DemoDone {
        en: "demo database: {path} ({subjects} producers, {products} products, {registrations} registrations); try: ocop --db {path} registration list",
        vi: "cơ sở dữ liệu mẫu: {path} ({subjects} chủ thể, {products} sản phẩm, {registrations} đăng ký); thử: ocop --db {path} registration list"
    }
    AreaProvince {
        en: "{province}, {year}",
        vi: "{province}, năm {year}"
    }
    AreaDistrict {
        en: "{district}, {province}, {year}",
        vi: "{district}, {province}, năm {year}"
    }
    AreaSuccessors {
        en: "{n} communes of {province} that took over {district} (from 01/07/2025), {year}",
        vi: "{n} xã của {province} kế thừa {district} (từ 01/07/2025), năm {year}"
    }
    DemoTitle2026 {
        en: "After the reform of 01/07/2025: the 8 communes of Thanh Hóa that took over Thọ Xuân, 2026 cycle (commune pre-assessment, province council): summary per commune",
        vi: "Sau sắp xếp đơn vị hành chính ngày 01/07/2025: 8 xã của tỉnh Thanh Hóa kế thừa huyện Thọ Xuân, chu kỳ 2026 (cấp xã đánh giá sơ bộ, hội đồng cấp tỉnh): tổng hợp theo xã"
    }
    DemoTitle {
        en: "Thọ Xuân district, 2019 cycle: summary per commune",
        vi: "Huyện Thọ Xuân, chu kỳ 2019: tổng hợp theo xã"
    }
    // --- units
    UnitRenamedNeedsDate {
        en: "{path}: these units come back with another name, type or district: {units}; a unit is never renamed in place (the records of its time keep its name): give --from DATE, the day the change took effect, to make them new versions",
        vi: "{path}: các đơn vị sau có tên, loại hoặc huyện khác: {units}; đơn vị không bao giờ bị đổi tên tại chỗ (hồ sơ thời đó giữ tên cũ): hãy dùng --from NGÀY, ngày thay đổi có hiệu lực, để tạo phiên bản mới"
    }
    UnitsVersioned {
        en: "{count} units changed from {from} (new versions, the old ones end the day before): {units}",
        vi: "{count} đơn vị thay đổi từ {from} (phiên bản mới, phiên bản cũ kết thúc ngày hôm trước): {units}"
    }
    UnitsMissing {
        en: "{count} communes in force are not in {path} although it covers their district: {units}; if they ended, give --from DATE (and --successors FILE) to close them",
        vi: "{count} xã đang có hiệu lực không có trong {path} dù tệp có huyện của chúng: {units}; nếu các xã này đã kết thúc, hãy dùng --from NGÀY (và --successors TỆP) để đóng"
    }
    UnitsClosed {
        en: "{count} communes not in the file end on the day before {from}: {units}",
        vi: "{count} xã không có trong tệp kết thúc vào ngày trước {from}: {units}"
    }
    SuccessorsColumns {
        en: "a successors file needs the columns old_commune_code and new_commune_code (the national successors file has them)",
        vi: "tệp đơn vị kế thừa cần các cột old_commune_code và new_commune_code (tệp kế thừa toàn quốc có sẵn)"
    }
    UnitNotInForceOn {
        en: "{name} ({code}) was not in force on {on}{when}{successor}; give the commune of that date",
        vi: "{name} ({code}) không có hiệu lực vào ngày {on}{when}{successor}; hãy ghi xã của thời điểm đó"
    }
    NotASuccessor {
        en: "{unit} did not take over the product's commune {own}, which was divided between {successors}: give one of them",
        vi: "{unit} không kế thừa xã của sản phẩm là {own}, xã này đã được chia cho {successors}: hãy chọn một trong các đơn vị đó"
    }
    AtPlace {
        en: "{place}: {message}",
        vi: "{place}: {message}"
    }
    CsvUnreadable {
        en: "this row cannot be read as CSV ({detail}); check its quotes and separators",
        vi: "không đọc được dòng này theo dạng CSV ({detail}); hãy kiểm tra dấu ngoặc kép và dấu phân cách"
    }
    SchemaFileBroken {
        en: "{file} is not a valid schema file: {detail}",
        vi: "{file} không phải tệp cấu trúc hợp lệ: {detail}"
    }
    SchemaSharedHeader {
        en: "{file}: columns `{a}` and `{b}` share the header `{name}`",
        vi: "{file}: hai cột `{a}` và `{b}` có cùng tiêu đề `{name}`"
    }
    SuccessorsDividedValue {
        en: "`{value}` is neither yes nor no",
        vi: "`{value}` không phải yes (có) hay no (không)"
    }
    SuccessorsDividedRows {
        en: "commune {code} is marked divided = {said} but has {count} successor row(s); a divided commune has a row per successor, the others one",
        vi: "xã {code} ghi divided = {said} nhưng có {count} dòng đơn vị kế thừa; xã bị chia có một dòng cho mỗi đơn vị kế thừa, các xã khác một dòng"
    }
    TwoLevelBeforeReform {
        en: "{path} has no districts: it describes the units of the two-level government, which began on {reform}; --from {from} comes before (give --from 2025-07-01 or later)",
        vi: "{path} không có cấp huyện: tệp mô tả đơn vị của chính quyền hai cấp, bắt đầu từ {reform}; --from {from} có trước ngày đó (hãy ghi --from 2025-07-01 hoặc muộn hơn)"
    }
    DistrictsAfterReform {
        en: "{path} has districts, which were abolished on {reform}: it cannot take effect on {from}; give the date its units began (before {reform}), or a file of the two-level government",
        vi: "{path} có cấp huyện, cấp đã bỏ từ {reform}: tệp không thể có hiệu lực từ ngày {from}; hãy ghi ngày các đơn vị đó bắt đầu (trước {reform}), hoặc dùng tệp của chính quyền hai cấp"
    }
    DistrictsOnTwoLevel {
        en: "{path} has districts (the units before {reform}), and this database already holds the communes of the two-level government: its rows would stand beside them as if in force; the units of the past are not loaded this way",
        vi: "{path} có cấp huyện (đơn vị trước {reform}), trong khi cơ sở dữ liệu này đã có các xã của chính quyền hai cấp: các dòng của tệp sẽ đứng cạnh như thể còn hiệu lực; không nạp đơn vị của thời trước theo cách này"
    }
    ReformNoSuccessor {
        en: "the successors file names no successor for these communes of the district, which would stay in force after {reform}: {units}; give the complete successors file",
        vi: "tệp đơn vị kế thừa không có đơn vị kế thừa của các xã sau của huyện, các xã này sẽ vẫn có hiệu lực sau {reform}: {units}; hãy dùng tệp đơn vị kế thừa đầy đủ"
    }
    ReformStrangeSuccessor {
        en: "the successors file names successors that are not communes of {path} in the district's province: {units}; correct the successors file",
        vi: "tệp đơn vị kế thừa ghi đơn vị kế thừa không phải là xã của {path} thuộc tỉnh của huyện: {units}; hãy sửa tệp đơn vị kế thừa"
    }
    FromBeforeStart {
        en: "{unit} began on {start}: --from {from} would end it before or as it began and rewrite its history; give the date the file's units took effect",
        vi: "{unit} bắt đầu từ ngày {start}: --from {from} sẽ kết thúc đơn vị trước hoặc ngay khi bắt đầu và viết lại lịch sử của đơn vị; hãy ghi đúng ngày các đơn vị trong tệp có hiệu lực"
    }
    ReformNeedsSuccessors {
        en: "{path} has no districts (the two-level government of 01/07/2025): to know which of its communes took over those of district {district}, give --from 2025-07-01 and --successors FILE (such as vn-units-2025-successors.csv)",
        vi: "{path} không có cấp huyện (chính quyền hai cấp từ 01/07/2025): để biết xã nào kế thừa các xã của huyện {district}, hãy ghi --from 2025-07-01 và --successors TỆP (ví dụ vn-units-2025-successors.csv)"
    }
    UnitMergedInto {
        en: "{unit} was merged into {successor} on {date}: a record of that date or later belongs to {successor}; give it instead",
        vi: "{unit} đã sáp nhập vào {successor} từ ngày {date}: hồ sơ từ ngày đó trở đi thuộc {successor}; hãy ghi đơn vị này"
    }
    UnitDividedBetween {
        en: "{unit} was divided on {date} between {successors}: say which one the record belongs to (--commune, or the commune's column of the file)",
        vi: "{unit} đã được chia từ ngày {date} cho các đơn vị {successors}: hãy chỉ rõ hồ sơ thuộc đơn vị nào (--commune, hoặc cột xã của tệp)"
    }
    UnitUntil {
        en: " (it ended on {date})",
        vi: " (đã kết thúc ngày {date})"
    }
    UnitFrom {
        en: " (it begins on {date})",
        vi: " (bắt đầu từ ngày {date})"
    }
    UnitSuccessorIs {
        en: ": it became part of {name} ({code})",
        vi: ": đã sáp nhập vào {name} ({code})"
    }
    UnitUsedAfter {
        en: "{name} ({code}) would end before {from}, but {count} registrations of {from} or later are placed in it; check --from (the day the change took effect)",
        vi: "{name} ({code}) sẽ kết thúc trước ngày {from}, nhưng có {count} đăng ký từ ngày {from} trở đi thuộc đơn vị này; hãy kiểm tra --from (ngày thay đổi có hiệu lực)"
    }
    UnitsImported {
        en: "{path}: {added} units added, {versions} new versions, {closed} closed, {updated} updated, {same} unchanged",
        vi: "{path}: thêm {added} đơn vị, {versions} phiên bản mới, đóng {closed}, cập nhật {updated}, giữ nguyên {same}"
    }
    UnitRowError {
        en: "{path}:{row}:{column}: {message}",
        vi: "{path}:{row}:{column}: {message}"
    }
    UnitRowErrors {
        en: "{path}: {count} rows have errors; nothing was imported; correct them and import again",
        vi: "{path}: có {count} dòng lỗi; chưa nhập dữ liệu nào; hãy sửa rồi nhập lại"
    }
    MissingColumn {
        en: "{path}: the column `{column}` is missing from the header; add it and try again",
        vi: "{path}: thiếu cột `{column}` trong dòng tiêu đề; hãy thêm cột này rồi thử lại"
    }
    CellRequired {
        en: "a value is required",
        vi: "cần có giá trị"
    }
    CodeDigits {
        en: "`{value}` is not a code of {digits} digits",
        vi: "`{value}` không phải là mã gồm {digits} chữ số"
    }
    UnknownSuccessor {
        en: "successor `{code}` is not a unit of the file or the database",
        vi: "đơn vị kế thừa `{code}` không có trong tệp hoặc cơ sở dữ liệu"
    }
    ValidityOrder {
        en: "valid_to {to} is before valid_from {from}",
        vi: "valid_to {to} trước valid_from {from}"
    }
    UnitMerged {
        en: "merged into {successor} on {date}",
        vi: "đã sáp nhập vào {successor} từ ngày {date}"
    }
    UnitEnded {
        en: "no longer in force from {date}",
        vi: "hết hiệu lực từ ngày {date}"
    }
    UnitFormedFrom {
        en: "formed on {date} from {sources}",
        vi: "được thành lập ngày {date} từ {sources}"
    }
    UnitInForce {
        en: "in force",
        vi: "đang có hiệu lực"
    }
    // --- lookups
    NotFound {
        en: "no {what} matches `{query}`; check the spelling, or list them with `{hint}`",
        vi: "không tìm thấy {what} nào khớp với `{query}`; hãy kiểm tra lại, hoặc xem danh sách bằng `{hint}`"
    }
    Ambiguous {
        en: "`{query}` matches several {what}: {candidates}; give the code or id instead",
        vi: "`{query}` khớp với nhiều {what}: {candidates}; hãy ghi mã hoặc số id thay cho tên"
    }
    WhatCommune { en: "commune", vi: "xã" }
    WhatDistrict { en: "district", vi: "huyện" }
    WhatUnit { en: "administrative unit", vi: "đơn vị hành chính" }
    WhatSubject { en: "producer", vi: "chủ thể" }
    WhatProduct { en: "product", vi: "sản phẩm" }
    WhatRegistration { en: "registration", vi: "đăng ký" }
    WhatProductSet { en: "product set", vi: "bộ sản phẩm" }
    WhatGroup { en: "product group", vi: "nhóm sản phẩm" }
    WhatRegime { en: "criteria regime", vi: "bộ tiêu chí" }
    // --- field checks
    TaxCodeLength {
        en: "tax code `{value}` must have 10 digits, or 13 written as 10 digits, a dash and 3 digits (0100233488-001)",
        vi: "mã số thuế `{value}` phải có 10 chữ số, hoặc 13 chữ số viết dạng 10 số, gạch ngang, 3 số (0100233488-001)"
    }
    TaxCodeCheckDigit {
        en: "tax code `{value}` has a wrong check digit: the 10th digit should be {expected}; check the number on the business registration",
        vi: "mã số thuế `{value}` sai chữ số kiểm tra: chữ số thứ 10 phải là {expected}; hãy đối chiếu với giấy đăng ký kinh doanh"
    }
    TaxCodeNoValid {
        en: "tax code `{value}` cannot be valid: no check digit exists for its first 9 digits",
        vi: "mã số thuế `{value}` không thể hợp lệ: 9 chữ số đầu không có chữ số kiểm tra nào phù hợp"
    }
    TaxCodePersonal {
        en: "tax code `{value}` has 12 digits (a personal identity number); accepted, but check it",
        vi: "mã số thuế `{value}` có 12 chữ số (số định danh cá nhân); vẫn chấp nhận, nhưng hãy kiểm tra lại"
    }
    TaxCodeOtherProducer {
        en: "tax code {tax_code} belongs to the producer \"{old_name}\" ({old_kind}), not \"{name}\" ({kind}); correct the row, or give --update-producers if that producer was renamed",
        vi: "mã số thuế {tax_code} thuộc chủ thể \"{old_name}\" ({old_kind}), không phải \"{name}\" ({kind}); hãy sửa dòng này, hoặc dùng --update-producers nếu chủ thể đó đã đổi tên"
    }
    SubjectAmbiguousInCommune {
        en: "several producers are named \"{name}\" in this commune: {found}; give the tax code to say which",
        vi: "có nhiều chủ thể tên \"{name}\" trong xã này: {found}; hãy ghi mã số thuế để chỉ rõ chủ thể nào"
    }
    SubjectSameNameOtherTaxCode {
        en: "row {row}: a new producer \"{name}\" with tax code {tax_code} shares its name and commune with {found}; kept apart (a tax code is a legal entity)",
        vi: "dòng {row}: chủ thể mới \"{name}\" có mã số thuế {tax_code} trùng tên và xã với {found}; được giữ riêng (mỗi mã số thuế là một pháp nhân)"
    }
    TaxCodeTaken {
        en: "tax code {value} already belongs to producer #{id} {name}",
        vi: "mã số thuế {value} đã thuộc về chủ thể #{id} {name}"
    }
    PhoneInvalid {
        en: "phone `{value}` is not a Vietnamese number: give 10 digits for a mobile (0912 345 678) or 11 for a landline (0237 3 123 456), +84 accepted",
        vi: "số điện thoại `{value}` không hợp lệ: di động gồm 10 chữ số (0912 345 678), cố định gồm 11 chữ số (0237 3 123 456), có thể ghi +84"
    }
    SubjectKindInvalid {
        en: "producer kind `{value}` is unknown: use enterprise (DN), cooperative (HTX), cooperative-group (THT) or household",
        vi: "loại hình chủ thể `{value}` không hợp lệ: dùng doanh nghiệp (DN), hợp tác xã (HTX), tổ hợp tác (THT) hoặc hộ kinh doanh"
    }
    RegKindInvalid {
        en: "registration kind `{value}` is unknown: use new, re-evaluation or upgrade (mới, đánh giá lại, nâng hạng)",
        vi: "loại đăng ký `{value}` không hợp lệ: dùng mới, đánh giá lại hoặc nâng hạng (new, re-evaluation, upgrade)"
    }
    StageInvalid {
        en: "stage `{value}` is unknown: use one of {stages}",
        vi: "giai đoạn `{value}` không hợp lệ: dùng một trong {stages}"
    }
    DateInvalid {
        en: "date `{value}` is not a date: write yyyy-mm-dd or dd/mm/yyyy",
        vi: "ngày `{value}` không hợp lệ: ghi theo dạng dd/mm/yyyy hoặc yyyy-mm-dd"
    }
    YearInvalid {
        en: "year `{value}` is not a four-digit year between 2018 and 2100",
        vi: "năm `{value}` không phải năm bốn chữ số từ 2018 đến 2100"
    }
    RoundInvalid {
        en: "round `{value}` must be a whole number from 1 to 99",
        vi: "đợt `{value}` phải là số nguyên từ 1 đến 99"
    }
    FieldTooLong {
        en: "{field} has {chars} characters, more than the {max} an import accepts; shorten it",
        vi: "{field} có {chars} ký tự, nhiều hơn mức {max} mà việc nhập dữ liệu chấp nhận; hãy rút gọn"
    }
    NameEmpty {
        en: "the name must not be empty",
        vi: "tên không được để trống"
    }
    NothingToEdit {
        en: "nothing to change: give at least one option to edit (see --help)",
        vi: "không có gì để sửa: hãy nêu ít nhất một tùy chọn cần sửa (xem --help)"
    }
    // --- subjects, products, registrations
    SubjectAdded {
        en: "added producer #{id} {name}",
        vi: "đã thêm chủ thể #{id} {name}"
    }
    SubjectEdited {
        en: "updated producer #{id} {name}",
        vi: "đã cập nhật chủ thể #{id} {name}"
    }
    SubjectRemoved {
        en: "removed producer #{id} {name}",
        vi: "đã xóa chủ thể #{id} {name}"
    }
    SubjectHasProducts {
        en: "producer #{id} {name} still has {count} products; remove them first (ocop product list --subject {id})",
        vi: "chủ thể #{id} {name} vẫn còn {count} sản phẩm; hãy xóa các sản phẩm trước (ocop product list --subject {id})"
    }
    ProductAdded {
        en: "added product #{id} {name} ({set}, regime {regime})",
        vi: "đã thêm sản phẩm #{id} {name} ({set}, bộ tiêu chí {regime})"
    }
    ProductEdited {
        en: "updated product #{id} {name}",
        vi: "đã cập nhật sản phẩm #{id} {name}"
    }
    ProductRemoved {
        en: "removed product #{id} {name}",
        vi: "đã xóa sản phẩm #{id} {name}"
    }
    ProductExists {
        en: "producer #{subject} already has a product named {name} (#{id})",
        vi: "chủ thể #{subject} đã có sản phẩm tên {name} (#{id})"
    }
    ProductHasRegistrations {
        en: "product #{id} {name} has {count} registrations; withdraw them instead of removing the product",
        vi: "sản phẩm #{id} {name} đã có {count} lượt đăng ký; hãy rút đăng ký thay vì xóa sản phẩm"
    }
    NoRegimeForYear {
        en: "no criteria regime is in force on {date} (the regimes: {regimes}; the first, 1048, from 21/08/2019); give a date in force, or name a regime (ocop register PRODUCT --year YEAR --regime ID)",
        vi: "không có bộ tiêu chí nào có hiệu lực ngày {date} (các bộ tiêu chí: {regimes}; bộ đầu tiên, 1048, từ 21/08/2019); hãy ghi ngày trong thời gian hiệu lực, hoặc chỉ định bộ tiêu chí (ocop register SẢN_PHẨM --year NĂM --regime MÃ)"
    }
    SetNotInRegime {
        en: "product set {set} belongs to regime {from}, not {to}; give the set of {to} (`ocop registration edit REG --regime {to} --set SET`; the sets: `ocop criteria list --regime {to}`)",
        vi: "bộ sản phẩm {set} thuộc bộ tiêu chí {from}, không thuộc {to}; hãy chọn bộ sản phẩm của {to} (`ocop registration edit MÃ --regime {to} --set BỘ`; danh sách: `ocop criteria list --regime {to}`)"
    }
    DoctorSetUnknown {
        en: "{n} {what} row(s) have product set {set}, which is not a set of regime {regime} (several sets of the annex continue it): give each its set with `ocop registration edit REG --set SET` or `ocop product edit ID --set SET` (the sets: `ocop criteria list --regime {regime}`)",
        vi: "{n} dòng {what} có bộ sản phẩm {set}, không phải bộ sản phẩm của bộ tiêu chí {regime} (nhiều bộ sản phẩm của phụ lục kế thừa nó): hãy chọn bộ cho từng dòng bằng `ocop registration edit MÃ --set BỘ` hoặc `ocop product edit ID --set BỘ` (danh sách: `ocop criteria list --regime {regime}`)"
    }
    MandatoryMissed {
        en: "{code}: the average is in the {band}★ band, but {missed}: rated {stars}★ (a mandatory criterion binds its star and every star above)",
        vi: "{code}: điểm bình quân thuộc khoảng {band}★, nhưng {missed}: xếp hạng {stars}★ (tiêu chí bắt buộc của một hạng sao áp dụng cho cả các hạng cao hơn)"
    }
    MandatoryBelow {
        en: "{criterion} ({title}) is below the {req}★ requirement (council average {average}, needed {needed})",
        vi: "{criterion} ({title}) chưa đạt yêu cầu bắt buộc của hạng {req}★ (bình quân hội đồng {average}, cần {needed})"
    }
    MandatoryZero {
        en: "{criterion} ({title}) scores 0, and the {req}★ rating requires points there",
        vi: "{criterion} ({title}) được 0 điểm, trong khi hạng {req}★ bắt buộc phải có điểm ở tiêu chí này"
    }
    MandatoryUnchecked {
        en: "{code}: the mandatory criteria per star were not checked, because a sheet was scored by part totals; rated by the band of the average alone (score every sheet criterion by criterion to check them)",
        vi: "{code}: chưa kiểm tra được các tiêu chí bắt buộc theo hạng sao vì có phiếu chấm theo tổng điểm phần; xếp hạng theo khoảng điểm bình quân (chấm từng tiêu chí trên mọi phiếu để kiểm tra)"
    }
    Preassessed {
        en: "{level} pre-assessed {count} registration(s): {forwarded} forwarded to the province, the others returned with the reasons (a returned dossier stays submitted and can be assessed again)",
        vi: "{level} đã đánh giá sơ bộ {count} đăng ký: {forwarded} chuyển lên cấp tỉnh, các đăng ký còn lại trả lại hồ sơ kèm lý do (hồ sơ trả lại vẫn ở giai đoạn đã nộp và được đánh giá lại)"
    }
    PreassessNoParts {
        en: "the commune's pre-assessment gives no part totals: it assesses {aspects}",
        vi: "đánh giá sơ bộ của cấp xã không chấm tổng điểm phần: cấp xã đánh giá {aspects}"
    }
    PreassessCriteria {
        en: "the commune pre-assesses the set {set} on these criteria, each once, and no others: {criteria} (e.g. `ocop score add REG --level commune --member M A1.1=5 …`)",
        vi: "cấp xã đánh giá sơ bộ bộ sản phẩm {set} theo đúng các tiêu chí sau, mỗi tiêu chí một lần: {criteria} (ví dụ `ocop score add MÃ --level commune --member TÊN A1.1=5 …`)"
    }
    PreassessAspects {
        en: "the commune pre-assesses every one of these aspects as met or not met, each once: {aspects} (e.g. `--aspect origin=met --aspect labour=not-met …`)",
        vi: "cấp xã đánh giá sơ bộ từng nội dung sau là đạt hoặc không đạt, mỗi nội dung một lần: {aspects} (ví dụ `--aspect origin=dat --aspect labour=khong-dat …`)"
    }
    PreassessMet {
        en: "aspect {aspect}: `{value}` is neither met nor not-met (đạt / không đạt)",
        vi: "nội dung {aspect}: `{value}` không phải đạt hay không đạt (met / not-met)"
    }
    PreassessNotMet {
        en: "{member} found {aspect} not met",
        vi: "{member} đánh giá {aspect} không đạt"
    }
    PreassessDossier {
        en: "the dossier is not in order on {on}: {problems}",
        vi: "hồ sơ chưa hợp lệ vào ngày {on}: {problems}"
    }
    AspectsOnlyCommune {
        en: "--aspect belongs to the commune's pre-assessment; level {level} scores criteria or part totals",
        vi: "--aspect chỉ dùng cho đánh giá sơ bộ của cấp xã; cấp {level} chấm theo tiêu chí hoặc tổng điểm phần"
    }
    SetCarryAmbiguous {
        en: "product set {set} of regime {from} is continued by several sets of {to}: {candidates}; name the one that fits the product with --set (`ocop registration edit REG --set SET` for a registration)",
        vi: "bộ sản phẩm {set} của bộ tiêu chí {from} được nhiều bộ sản phẩm của {to} kế thừa: {candidates}; hãy chọn bộ phù hợp với sản phẩm bằng --set (với đăng ký đã có: `ocop registration edit MÃ --set BỘ`)"
    }
    Registered {
        en: "registered {code}: {product}, {year} round {round}, stage {stage}",
        vi: "đã đăng ký {code}: {product}, năm {year} đợt {round}, giai đoạn {stage}"
    }
    AlreadyRegistered {
        en: "product #{product} is already registered for {year} round {round} as {code}",
        vi: "sản phẩm #{product} đã được đăng ký năm {year} đợt {round} với mã {code}"
    }
    StageAdvanced {
        en: "{code}: {from} → {to}",
        vi: "{code}: {from} → {to}"
    }
    StageSame {
        en: "{code} is already at stage {stage}",
        vi: "{code} đã ở giai đoạn {stage}"
    }
    StageBackwards {
        en: "{code} cannot move back from {from} to {to}: stages only move forward in the cycle",
        vi: "{code} không thể lùi từ giai đoạn {from} về {to}: giai đoạn chỉ đi tiếp theo chu kỳ"
    }
    StageFromWithdrawn {
        en: "{code} was withdrawn and cannot move to {to}; register the product again for a new round",
        vi: "{code} đã rút đăng ký nên không thể chuyển sang {to}; hãy đăng ký lại sản phẩm ở đợt mới"
    }
    StageFinal {
        en: "{code} already has the council's decision ({from}) and cannot move to {to}",
        vi: "{code} đã có quyết định của hội đồng ({from}) nên không thể chuyển sang {to}"
    }
    UnitNotInForce {
        en: "the commune of product #{product} ({unit}) was not in force in {year} and has no successor then; give the commune with --commune",
        vi: "xã của sản phẩm #{product} ({unit}) không còn hiệu lực trong năm {year} và không có đơn vị kế thừa; hãy chỉ định xã bằng --commune"
    }
    Warning {
        en: "warning: {message}",
        vi: "cảnh báo: {message}"
    }
    // --- imports
    NulByte {
        en: "{path}:{row}: the row holds a NUL byte: the file is binary or damaged; save it again as CSV or XLSX",
        vi: "{path}:{row}: dòng có ký tự NUL: tệp không phải văn bản hoặc đã hỏng; hãy lưu lại dưới dạng CSV hoặc XLSX"
    }
    WorkbookTooBig {
        en: "{path} unpacks to {size} MiB, more than the {max} MiB a workbook may take (a damaged file or a zip bomb); save the list as CSV and import that",
        vi: "{path} khi giải nén có {size} MiB, vượt quá {max} MiB cho phép (tệp hỏng hoặc tệp nén độc hại); hãy lưu danh sách dưới dạng CSV rồi nhập tệp đó"
    }
    XlsNotRead {
        en: "{path} is an Excel 97–2003 workbook (.xls), which ocop does not read safely; open it in Excel or LibreOffice, save it as .xlsx (or CSV UTF-8) and import that",
        vi: "{path} là sổ tính Excel 97–2003 (.xls), ocop không đọc định dạng này một cách an toàn; hãy mở bằng Excel hoặc LibreOffice, lưu thành .xlsx (hoặc CSV UTF-8) rồi nhập tệp đó"
    }
    SheetTooWide {
        en: "{path}:{row}:{column}: a cell beyond column {max}, more than any import uses (a damaged or hostile file); delete the columns after the data and save again",
        vi: "{path}:{row}:{column}: có ô vượt quá cột {max}, nhiều hơn mọi bảng nhập cần (tệp hỏng hoặc độc hại); hãy xóa các cột sau dữ liệu rồi lưu lại"
    }
    SheetTooBig {
        en: "{path}: the sheet expands to more than {max} cells once its repeated rows and columns are counted (a damaged or hostile file); delete the empty rows after the data, or save the list as CSV",
        vi: "{path}: trang tính mở rộng thành hơn {max} ô khi tính các dòng, cột lặp lại (tệp hỏng hoặc độc hại); hãy xóa các dòng trống sau dữ liệu, hoặc lưu danh sách dưới dạng CSV"
    }
    WorkbookUnreadable {
        en: "cannot read the workbook {path} ({detail}); check that it is an .xlsx, .xlsb or .ods file saved by a spreadsheet program, or save it as CSV UTF-8",
        vi: "không đọc được sổ tính {path} ({detail}); hãy kiểm tra đó là tệp .xlsx, .xlsb hoặc .ods do chương trình bảng tính lưu, hoặc lưu thành CSV UTF-8"
    }
    MoreWarnings {
        en: "… and {count} more warnings of the same kinds not shown",
        vi: "… và {count} cảnh báo cùng loại khác không hiển thị"
    }
    MoreErrors {
        en: "… and {count} more errors not shown; give --skip-invalid --rejects FILE to get every rejected row with its error",
        vi: "… và {count} lỗi khác không hiển thị; dùng --skip-invalid --rejects FILE để có mọi dòng bị loại kèm lỗi"
    }
    CellReferenceOutOfRange {
        en: "a cell reference out of range",
        vi: "địa chỉ ô vượt ngoài phạm vi"
    }
    RowsOutOfOrder {
        en: "row {row} comes after row {was}",
        vi: "dòng {row} đứng sau dòng {was}"
    }
    CellTooLong {
        en: "{path}:{row}: a cell holds {chars} characters, more than the {max} a cell may hold; the file is damaged or not a registration list",
        vi: "{path}:{row}: một ô có {chars} ký tự, vượt quá {max} ký tự cho phép; tệp bị hỏng hoặc không phải danh sách đăng ký"
    }
    HeaderNotFound {
        en: "{path}: no header row with the columns {columns} in the first {rows} rows; add them, or give the header's row with --header-row N",
        vi: "{path}: không tìm thấy dòng tiêu đề có các cột {columns} trong {rows} dòng đầu; hãy bổ sung, hoặc chỉ ra dòng tiêu đề bằng --header-row N"
    }
    UnknownColumns {
        en: "{path}: these columns are not used: {columns}",
        vi: "{path}: các cột sau không được sử dụng: {columns}"
    }
    TaxCodeRestored {
        en: "{path}:{row}:tax_code: `{value}` lost its leading zero; read as {code}",
        vi: "{path}:{row}:tax_code: `{value}` bị mất số 0 ở đầu; đã đọc thành {code}"
    }
    PhoneRestored {
        en: "{path}:{row}:phone: `{value}` lost its leading zero; read as {phone}",
        vi: "{path}:{row}:phone: `{value}` bị mất số 0 ở đầu; đã đọc thành {phone}"
    }
    ImportSummary {
        en: "{path}: {rows} rows; registrations: {reg_added} added, {reg_updated} updated, {reg_same} unchanged; producers: {subj_added} added, {subj_updated} updated; products: {prod_added} added, {prod_updated} updated",
        vi: "{path}: {rows} dòng; đăng ký: thêm {reg_added}, cập nhật {reg_updated}, giữ nguyên {reg_same}; chủ thể: thêm {subj_added}, cập nhật {subj_updated}; sản phẩm: thêm {prod_added}, cập nhật {prod_updated}"
    }
    ImportNoChanges {
        en: "{path}: {rows} rows; nothing changed: {same} registrations were already in the database",
        vi: "{path}: {rows} dòng; không có gì thay đổi: {same} đăng ký đã có trong cơ sở dữ liệu"
    }
    ScoresImported {
        en: "{path}: {rows} rows, {sheets} sheets added, {rejected} sheets rejected",
        vi: "{path}: {rows} dòng, thêm {sheets} phiếu chấm, loại {rejected} phiếu"
    }
    ScoresFailed {
        en: "{path}: {count} sheets have errors; nothing was imported; correct them and import again, or import the valid sheets with --skip-invalid",
        vi: "{path}: có {count} phiếu chấm lỗi; chưa nhập dữ liệu nào; hãy sửa rồi nhập lại, hoặc nhập các phiếu hợp lệ bằng --skip-invalid"
    }
    ImportFailed {
        en: "{path}: {count} rows have errors; nothing was imported; correct them and import again, or import the valid rows with --skip-invalid --rejects FILE",
        vi: "{path}: có {count} dòng lỗi; chưa nhập dữ liệu nào; hãy sửa rồi nhập lại, hoặc nhập các dòng hợp lệ bằng --skip-invalid --rejects TỆP"
    }
    ImportRejected {
        en: "{count} rows were rejected and written to {rejects} with an error column; correct them there and import that file",
        vi: "{count} dòng bị loại và đã ghi vào {rejects} kèm cột lỗi; hãy sửa trong tệp đó rồi nhập lại tệp đó"
    }
    ImportRejectedNoFile {
        en: "{count} rows were rejected (give --rejects FILE to keep them for correction)",
        vi: "{count} dòng bị loại (dùng --rejects TỆP để giữ lại và sửa)"
    }
    ImportDryRun {
        en: "dry run: nothing was written",
        vi: "chạy thử: chưa ghi gì vào cơ sở dữ liệu"
    }
    RejectsNeedsSkip {
        en: "--rejects only works with --skip-invalid",
        vi: "--rejects chỉ dùng cùng với --skip-invalid"
    }
    ProgressRows {
        en: "rows checked",
        vi: "dòng đã kiểm tra"
    }
    ExportWritten {
        en: "wrote {rows} rows to {path}",
        vi: "đã ghi {rows} dòng vào {path}"
    }
    XlsxNeedsOut {
        en: "--format xlsx writes a file: give --out FILE.xlsx",
        vi: "--format xlsx ghi ra tệp: hãy chỉ định --out TỆP.xlsx"
    }
    // --- scoring
    PartMissing {
        en: "part {part} is missing: give its points, 0 to {max} (`ocop score add … --part {part}=POINTS`, or the {part} column of a sheets file)",
        vi: "thiếu phần {part}: hãy ghi số điểm, từ 0 đến {max} (`ocop score add … --part {part}=ĐIỂM`, hoặc cột {part} của tệp phiếu chấm)"
    }
    PartTwice {
        en: "part {part} is given twice; give each part once",
        vi: "phần {part} được ghi hai lần; mỗi phần chỉ ghi một lần"
    }
    PartUnknown {
        en: "part `{part}` is not a part of this regime; its parts are {parts}",
        vi: "`{part}` không phải là một phần của bộ tiêu chí này; các phần là {parts}"
    }
    PointsInvalid {
        en: "part {part}: `{value}` is not a number of points from 0 to {max}",
        vi: "phần {part}: `{value}` không phải số điểm từ 0 đến {max}"
    }
    PartOverMax {
        en: "part {part}: {value} points is more than the part's maximum of {max}",
        vi: "phần {part}: {value} điểm vượt quá điểm tối đa {max} của phần này"
    }
    SheetNeedsPoints {
        en: "give the sheet of {code}: criteria (A1.1=3 …), --sheet FILE, or part totals (--part A=.. --part B=.. --part C=..)",
        vi: "hãy ghi phiếu chấm của {code}: điểm từng tiêu chí (A1.1=3 …), --sheet TỆP, hoặc tổng điểm từng phần (--part A=.. --part B=.. --part C=..)"
    }
    CriterionCellInvalid {
        en: "`{value}` is neither a part (A, B, C) nor a criterion id (A1.1 …)",
        vi: "`{value}` không phải là phần (A, B, C) hay mã tiêu chí (A1.1 …)"
    }
    RegimeOfDateDiffers {
        en: "{code} already has sheets under {scored}, but on {date} the regime in force is {regime}: give a date within {scored}'s time, or remove the sheets first",
        vi: "{code} đã có phiếu chấm theo {scored}, nhưng ngày {date} thì bộ tiêu chí có hiệu lực là {regime}: hãy ghi ngày trong thời gian hiệu lực của {scored}, hoặc xóa các phiếu đã chấm trước"
    }
    RegimeMovedByDate {
        en: "{code} is evaluated on {date}: the regime in force then is {to}, not {from}; the registration now follows {to}",
        vi: "{code} được đánh giá ngày {date}: bộ tiêu chí có hiệu lực khi đó là {to}, không phải {from}; đăng ký nay theo {to}"
    }
    RegimeImported {
        en: "imported regime {id} from {path}: {sets} product sets, {trees} with their criteria",
        vi: "đã nhập bộ tiêu chí {id} từ {path}: {sets} bộ sản phẩm, {trees} bộ có đủ tiêu chí"
    }
    RegimeImportedReplaces {
        en: "imported regime {id} from {path}: {sets} product sets, {trees} with their criteria; it replaces the built-in {id} for sheets scored from now on (sheets already scored keep their text)",
        vi: "đã nhập bộ tiêu chí {id} từ {path}: {sets} bộ sản phẩm, {trees} bộ có đủ tiêu chí; bộ này thay bộ {id} có sẵn cho các phiếu chấm từ nay (các phiếu đã chấm giữ nguyên văn bản cũ)"
    }
    CriterionUnknown {
        en: "criterion `{criterion}` is not in the criteria of {set}; they run from {first} to {last} (ocop criteria show \"{set}\")",
        vi: "tiêu chí `{criterion}` không có trong bộ tiêu chí của {set}; các tiêu chí từ {first} đến {last} (ocop criteria show \"{set}\")"
    }
    CriterionHeading {
        en: "{criterion} is a heading: score the criteria under it ({children})",
        vi: "{criterion} là mục lớn: hãy chấm các tiêu chí bên trong ({children})"
    }
    CriterionTwice {
        en: "criterion {criterion} is given twice; give each criterion once",
        vi: "tiêu chí {criterion} được ghi hai lần; mỗi tiêu chí chỉ ghi một lần"
    }
    OptionNotAllowed {
        en: "criterion {criterion} ({title}): `{value}` is not one of its options; the allowed points are {allowed}",
        vi: "tiêu chí {criterion} ({title}): `{value}` không phải là một mức điểm của tiêu chí; các mức được chấm là {allowed}"
    }
    CriteriaMissing {
        en: "{count} criteria are not scored: {criteria}; give every criterion (or `na` where it applies only under a condition)",
        vi: "còn {count} tiêu chí chưa chấm: {criteria}; hãy chấm đủ mọi tiêu chí (hoặc `kad` với tiêu chí chỉ áp dụng khi có điều kiện)"
    }
    NotApplicableRefused {
        en: "criterion {criterion} applies to every product; only criteria with a condition may be marked not applicable",
        vi: "tiêu chí {criterion} áp dụng cho mọi sản phẩm; chỉ tiêu chí có điều kiện áp dụng mới được ghi không áp dụng"
    }
    EliminationRefused {
        en: "criterion {criterion} has no elimination rule; `loai` marks only criteria whose note eliminates the product",
        vi: "tiêu chí {criterion} không có quy định loại; chỉ ghi `loai` ở tiêu chí có ghi chú bị loại"
    }
    StopRefused {
        en: "criterion {criterion} has no stop rule; `dung` marks only criteria whose note stops the evaluation",
        vi: "tiêu chí {criterion} không có quy định dừng đánh giá; chỉ ghi `dung` ở tiêu chí có ghi chú dừng đánh giá"
    }
    SetScoredByParts {
        en: "the set {set} of {regime} is scored by part totals (its criteria are not in the regime file): use --part A=.. --part B=.. --part C=..",
        vi: "bộ sản phẩm {set} của {regime} được chấm theo tổng điểm từng phần (tệp bộ tiêu chí chưa có các tiêu chí): hãy dùng --part A=.. --part B=.. --part C=.."
    }
    PartsAndCriteria {
        en: "give either criteria (A1.1=3 …) or part totals (--part A=..), not both",
        vi: "chỉ ghi điểm từng tiêu chí (A1.1=3 …) hoặc tổng điểm từng phần (--part A=..), không ghi cả hai"
    }
    AnswerNotApplicable {
        en: "not applicable",
        vi: "không áp dụng"
    }
    CriterionPrompt {
        en: "{criterion} {title} [{allowed}]: ",
        vi: "{criterion} {title} [{allowed}]: "
    }
    CriterionPromptHelp {
        en: "  (type the points of one option; `na` if it does not apply; `loai` if the product is eliminated; `dung` if the evaluation stops)",
        vi: "  (gõ số điểm của một mức; `kad` nếu không áp dụng; `loai` nếu sản phẩm bị loại; `dung` nếu dừng đánh giá)"
    }
    RuleEliminates {
        en: "eliminated if",
        vi: "bị loại nếu"
    }
    RuleStops {
        en: "evaluation stops if",
        vi: "dừng đánh giá nếu"
    }
    RuleStopsAtZero {
        en: "0 points stops the evaluation",
        vi: "0 điểm thì dừng đánh giá"
    }
    RuleAppliesIf {
        en: "applies only if",
        vi: "chỉ áp dụng khi"
    }
    SheetRowsInvalid {
        en: "{path}: no column of criterion ids and points; the sheet needs the columns `criterion` and `points` (ocop criteria template makes one)",
        vi: "{path}: không có cột mã tiêu chí và cột điểm; phiếu cần có cột `tiêu chí` và cột `điểm` (lệnh ocop criteria template tạo sẵn phiếu)"
    }
    EnterPrompt {
        en: "Part {part}, {title} (0 to {max}): ",
        vi: "Phần {part}, {title} (0 đến {max}): "
    }
    EnterHeader {
        en: "{code} {product}: sheet of {member} at {level} level, regime {regime}",
        vi: "{code} {product}: phiếu chấm của {member} cấp {level}, bộ tiêu chí {regime}"
    }
    EnterEnded {
        en: "the input ended before every part was given; nothing was saved",
        vi: "dữ liệu nhập kết thúc trước khi ghi đủ các phần; chưa lưu gì"
    }
    CriteriaNotAvailable {
        en: "the regime {regime} has no per-criterion options in its file yet; score by part totals with --part A=.. --part B=.. --part C=..",
        vi: "bộ tiêu chí {regime} chưa có thang điểm từng tiêu chí trong tệp; hãy chấm theo tổng điểm từng phần bằng --part A=.. --part B=.. --part C=.."
    }
    LevelNotInRegime {
        en: "level `{level}` is not a council level of {regime}; its levels are {levels}",
        vi: "cấp `{level}` không phải cấp hội đồng của {regime}; các cấp là {levels}"
    }
    RegimeSpan {
        en: "{regime} from {from} to {to} (levels {levels})",
        vi: "{regime} từ {from} đến {to} (các cấp {levels})"
    }
    LevelYearSpans {
        en: "{error}. The year {year} has two regimes: {spans}; a council that met under the earlier one gives its date: `ocop score add … --date DD/MM/YYYY` for a sheet, `ocop rank --year {year} --level {level} --date DD/MM/YYYY` for the ranking",
        vi: "{error}. Năm {year} có hai bộ tiêu chí: {spans}; hội đồng họp theo bộ tiêu chí trước thì ghi ngày họp: `ocop score add … --date NGÀY/THÁNG/NĂM` khi nhập phiếu, `ocop rank --year {year} --level {level} --date NGÀY/THÁNG/NĂM` khi xếp hạng"
    }
    SheetExists {
        en: "{member} already has a sheet at {level} level for {code}; remove it first with `ocop score remove {code} --level {level} --member \"{member}\"`",
        vi: "{member} đã có phiếu chấm cấp {level} cho {code}; hãy xóa trước bằng `ocop score remove {code} --level {level} --member \"{member}\"`"
    }
    SheetNotFound {
        en: "{code} has no sheet of {member} at {level} level",
        vi: "{code} không có phiếu chấm của {member} ở cấp {level}"
    }
    PreassessAdded {
        en: "{code}: pre-assessment of {member} at {level} level recorded; `ocop rank --level commune` forwards or returns the dossier",
        vi: "{code}: đã ghi phiếu đánh giá sơ bộ của {member} ở {level}; `ocop rank --level xa` chuyển hồ sơ lên tỉnh hoặc trả lại"
    }
    SheetAdded {
        en: "{code}: sheet of {member} at {level} level: total {total}",
        vi: "{code}: phiếu chấm của {member} cấp {level}: tổng {total} điểm"
    }
    SheetRemoved {
        en: "{code}: removed the sheet of {member} at {level} level",
        vi: "{code}: đã xóa phiếu chấm của {member} cấp {level}"
    }
    WithdrawnNoScore {
        en: "{code} was withdrawn; it cannot be scored",
        vi: "{code} đã rút đăng ký nên không thể chấm điểm"
    }
    NoSheets {
        en: "no registration of {year} has sheets at {level} level; add them with `ocop score add`",
        vi: "không có đăng ký nào năm {year} có phiếu chấm cấp {level}; hãy nhập bằng `ocop score add`"
    }
    Ranked {
        en: "{count} registrations ranked at {level} level",
        vi: "đã xếp hạng {count} đăng ký ở cấp {level}"
    }
    NoResult {
        en: "{code} has no council result to recognise; rank it first with `ocop rank --year {year} --level LEVEL`",
        vi: "{code} chưa có kết quả của hội đồng để công nhận; hãy xếp hạng trước bằng `ocop rank --year {year} --level CẤP`"
    }
    NotRecognisable {
        en: "{code} has {stars}★ at {level}, which that level does not recognise (it recognises {recognises}); {next}",
        vi: "{code} đạt {stars}★ ở {level}, cấp này không công nhận hạng sao đó (cấp này công nhận {recognises}); {next}"
    }
    NextForwarded {
        en: "it was forwarded: score and rank it at {next}, which recognises it",
        vi: "sản phẩm đã được chuyển lên: hãy chấm và xếp hạng ở {next}, cấp sẽ công nhận"
    }
    NextNotRecognised {
        en: "no level recognises this rating, so no certificate is issued",
        vi: "không cấp nào công nhận hạng này, nên không cấp giấy chứng nhận"
    }
    SheetDateFuture {
        en: "{code}: the date {date} is in the future; give the day the council met",
        vi: "{code}: ngày {date} là ngày trong tương lai; hãy ghi ngày hội đồng họp"
    }
    SheetDateBeforeYear {
        en: "{code}: the date {date} comes before the registration's year {year}; give the day the council met",
        vi: "{code}: ngày {date} có trước năm đăng ký {year}; hãy ghi ngày hội đồng họp"
    }
    SheetDateOtherRegime {
        en: "{code} is scored under {regime}, which was not in force on {date} (then: {other}); give a date under {regime}, or, before any sheet, `ocop registration edit REG --regime {other}`",
        vi: "{code} được chấm theo {regime}, bộ tiêu chí này không có hiệu lực ngày {date} (khi đó: {other}); hãy ghi ngày thuộc {regime}, hoặc khi chưa có phiếu chấm: `ocop registration edit MÃ --regime {other}`"
    }
    MixedSheetsParts {
        en: "{code}: at {level} the members score this set criterion by criterion ({member} did), so that its mandatory criteria per star can be checked; give this sheet criterion by criterion too",
        vi: "{code}: ở {level} các thành viên chấm bộ sản phẩm này theo từng tiêu chí ({member} đã chấm như vậy) để kiểm tra được tiêu chí bắt buộc theo hạng sao; hãy chấm phiếu này theo từng tiêu chí"
    }
    MixedSheetsCriteria {
        en: "{code}: at {level} the members scored by part totals ({member} did); a criterion sheet beside them could not be checked against the mandatory criteria together: score by part totals, or remove the part-total sheets (`ocop score remove`) and score every sheet criterion by criterion",
        vi: "{code}: ở {level} các thành viên đã chấm theo tổng điểm phần ({member} đã chấm như vậy); phiếu chấm theo tiêu chí bên cạnh không kiểm tra chung được tiêu chí bắt buộc: hãy chấm theo tổng điểm phần, hoặc xóa các phiếu tổng điểm (`ocop score remove`) rồi chấm mọi phiếu theo từng tiêu chí"
    }
    RegimeNotInYear {
        en: "regime {regime} was in force from {from} to {to}, on no day of {year}: a registration of {year} takes a regime of its year",
        vi: "bộ tiêu chí {regime} có hiệu lực từ {from} đến {to}, không ngày nào thuộc năm {year}: đăng ký năm {year} phải theo bộ tiêu chí của năm đó"
    }
    NotRankedYet {
        en: "not ranked yet",
        vi: "chưa xếp hạng"
    }
    AlreadyRecognised {
        en: "{code} already has certificate #{id} ({decision})",
        vi: "{code} đã có giấy chứng nhận #{id} ({decision})"
    }
    Recognised {
        en: "{code}: certificate #{id}, {stars} stars, decision {decision} of {date}, valid until {until}",
        vi: "{code}: giấy chứng nhận #{id}, {stars} sao, quyết định {decision} ngày {date}, hiệu lực đến {until}"
    }
    StageByCouncil {
        en: "{code}: the stage \"{stage}\" is reached only through the council's result: use `{command}`",
        vi: "{code}: giai đoạn \"{stage}\" chỉ đạt được qua kết quả của hội đồng: hãy dùng `{command}`"
    }
    SheetAfterRecognition {
        en: "{code} is recognised (certificate #{id}): no sheet is added, changed or removed any more; a new evaluation is a new registration (ocop register PRODUCT --year Y --kind re-evaluation or --kind upgrade)",
        vi: "{code} đã được công nhận (giấy chứng nhận #{id}): không thêm, sửa hay xóa phiếu chấm nữa; đánh giá lại là một đăng ký mới (ocop register SẢN_PHẨM --year NĂM --kind re-evaluation hoặc --kind upgrade)"
    }
    SheetBeforeSubmission {
        en: "{code} is at the stage \"{stage}\": councils score a registration from \"submitted\" on; submit it first (ocop registration advance {code} --stage submitted)",
        vi: "{code} đang ở giai đoạn \"{stage}\": hội đồng chỉ chấm từ giai đoạn \"đã nộp hồ sơ\"; hãy nộp hồ sơ trước (ocop registration advance {code} --stage submitted)"
    }
    LevelNotReached {
        en: "{code} did not reach the {level} level: the {below} level did not forward it (its result: {result}); it goes up only when {below} forwards it (rank it there if it has not), or record why it came to the {level} another way (`ocop score add … --force --reason TEXT`)",
        vi: "{code} chưa lên {level}: cấp {below} chưa chuyển lên (kết quả: {result}); sản phẩm chỉ lên khi cấp {below} chuyển lên (hãy xếp hạng ở đó nếu chưa xếp), hoặc ghi lý do sản phẩm lên {level} theo đường khác (`ocop score add … --force --reason LÝ_DO`)"
    }
    LevelClosed {
        en: "the {level} council has ranked {code} ({result}): its sheets are closed; to change them, `ocop score add … --reopen --reason TEXT` (its result and every result above it are cleared and must be ranked again)",
        vi: "hội đồng cấp {level} đã xếp hạng {code} ({result}): các phiếu chấm đã khóa; muốn sửa: `ocop score add … --reopen --reason LÝ_DO` (kết quả cấp này và các cấp trên bị xóa, phải xếp hạng lại)"
    }
    OverrideNeedsReason {
        en: "--force and --reopen need --reason TEXT, kept in the audit log",
        vi: "--force và --reopen cần --reason LÝ_DO, được lưu trong nhật ký"
    }
    DecisionTooEarly {
        en: "{code}: a decision of {date} comes before {earliest} ({why}); give the date of the decision",
        vi: "{code}: quyết định ngày {date} có trước ngày {earliest} ({why}); hãy ghi đúng ngày ra quyết định"
    }
    DecisionInFuture {
        en: "{code}: the decision date {date} is in the future; give the date the decision was signed",
        vi: "{code}: ngày quyết định {date} ở tương lai; hãy ghi ngày ký quyết định"
    }
    WhyYearStart {
        en: "the start of the registration's year {year}",
        vi: "đầu năm đăng ký {year}"
    }
    WhyRegimeStart {
        en: "the day {regime} took effect",
        vi: "ngày {regime} có hiệu lực"
    }
    WhyLastSheet {
        en: "the last {level} sheet of the result it recognises",
        vi: "phiếu chấm cuối cùng cấp {level} của kết quả được công nhận"
    }
    RankSkipped {
        en: "not ranked at {level}, not forwarded there (rank the level below first, or score with `ocop score add … --force --reason TEXT`): {codes}",
        vi: "chưa xếp hạng ở cấp {level} vì chưa được chuyển lên (hãy xếp hạng cấp dưới trước, hoặc chấm với `ocop score add … --force --reason LÝ_DO`): {codes}"
    }
    WhyRenewed {
        en: "the decision of certificate #{id}, which it renews",
        vi: "quyết định của giấy chứng nhận #{id} mà nó thay thế"
    }
    ProductMarksDiffer {
        en: "the product \"{name}\" differs from the producer's \"{stored}\" only by its marks; an import never renames a product: correct the row, or rename it with ocop product edit",
        vi: "sản phẩm \"{name}\" chỉ khác sản phẩm \"{stored}\" của chủ thể ở dấu; việc nhập không bao giờ đổi tên sản phẩm: hãy sửa dòng này, hoặc đổi tên bằng ocop product edit"
    }
    RecognisedBelow {
        en: "{code}: {total} ({stars}★) falls in the range the {by} level recognises; that level recognises it (ocop recognise {code} …)",
        vi: "{code}: {total} ({stars}★) thuộc khoảng điểm do cấp {by} công nhận; cấp đó công nhận sản phẩm (ocop recognise {code} …)"
    }
    RegistrationEdited {
        en: "{code}: regime {regime}, product set {set}",
        vi: "{code}: bộ tiêu chí {regime}, bộ sản phẩm {set}"
    }
    EditAfterSheets {
        en: "{code} already has {count} score sheets under its set; its set and regime no longer change (remove the sheets first: ocop score remove {code} --level LEVEL --member NAME, with --reopen --reason TEXT where that level has ranked)",
        vi: "{code} đã có {count} phiếu chấm theo bộ sản phẩm hiện tại; không đổi bộ sản phẩm và bộ tiêu chí được nữa (hãy xóa các phiếu trước: ocop score remove {code} --level CẤP --member TÊN, kèm --reopen --reason LÝ_DO nếu cấp đó đã xếp hạng)"
    }
    RecordVanished {
        en: "the {what} changed under this command (another ocop removed it); run the command again",
        vi: "{what} đã thay đổi trong lúc lệnh chạy (một ocop khác đã xóa); hãy chạy lại lệnh"
    }
    UnitLevelInvalid {
        en: "--level {level}: give province, district or commune",
        vi: "--level {level}: hãy cho province, district hoặc commune"
    }
    CsvNotUtf8 {
        en: "the text is not UTF-8; save the file as CSV UTF-8, or give --encoding windows-1258",
        vi: "văn bản không ở mã UTF-8; hãy lưu tệp dạng CSV UTF-8, hoặc dùng --encoding windows-1258"
    }
    WorkbookNoSheet {
        en: "the workbook has no sheet",
        vi: "sổ tính không có trang tính nào"
    }
    RegimeNoText {
        en: "the regime {regime} has no text to keep with the sheet; check the regime files (ocop criteria check)",
        vi: "bộ tiêu chí {regime} không có văn bản để lưu kèm phiếu chấm; hãy kiểm tra tệp bộ tiêu chí (ocop criteria check)"
    }
    PairUsage {
        en: "`{value}`: write PART=POINTS or CRITERION=POINTS, e.g. A=31 or A1.1=3",
        vi: "`{value}`: hãy viết PHẦN=ĐIỂM hoặc TIÊU_CHÍ=ĐIỂM, ví dụ A=31 hoặc A1.1=3"
    }
    UnknownEncoding {
        en: "--encoding {label}: unknown encoding; use utf-8, utf-16le, utf-16be or windows-1258",
        vi: "--encoding {label}: bảng mã không rõ; hãy dùng utf-8, utf-16le, utf-16be hoặc windows-1258"
    }
    NoSuchSheet {
        en: "{path}: no sheet `{want}`; the sheets are: {sheets}",
        vi: "{path}: không có trang tính `{want}`; các trang tính là: {sheets}"
    }
    // --- safety
    BackupWritten {
        en: "backup written to {path} ({size} bytes)",
        vi: "đã sao lưu vào {path} ({size} byte)"
    }
    TargetExists {
        en: "{path} already exists; give --force to replace it",
        vi: "{path} đã tồn tại; dùng --force để thay thế"
    }
    Restored {
        en: "restored {from} to {to}",
        vi: "đã khôi phục {from} vào {to}"
    }
    NotAnOcopBackup {
        en: "{path} is not an ocop database ({detail})",
        vi: "{path} không phải cơ sở dữ liệu ocop ({detail})"
    }
    DoctorOk {
        en: "{path}: no problem found (schema version {version}, {entries} audit entries)",
        vi: "{path}: không phát hiện vấn đề nào (lược đồ phiên bản {version}, {entries} mục nhật ký)"
    }
    DoctorProblems {
        en: "{path}: {count} problems found",
        vi: "{path}: phát hiện {count} vấn đề"
    }
    DoctorIntegrity {
        en: "integrity check: {detail}; restore the latest backup (ocop restore)",
        vi: "kiểm tra toàn vẹn: {detail}; hãy khôi phục bản sao lưu gần nhất (ocop restore)"
    }
    DoctorForeignKey {
        en: "table {table}, row {row}: refers to a missing row of {parent}",
        vi: "bảng {table}, dòng {row}: tham chiếu đến dòng không tồn tại của {parent}"
    }
    DoctorAudit {
        en: "the audit log was altered at entry {id}: an entry was edited or removed outside ocop",
        vi: "nhật ký đã bị sửa tại mục {id}: có mục bị sửa hoặc xóa ngoài ocop"
    }
    DoctorOrphanRegime {
        en: "{count} stored regime texts are used by no score sheet (--fix removes them)",
        vi: "có {count} văn bản bộ tiêu chí không được phiếu chấm nào sử dụng (--fix sẽ xóa)"
    }
    DoctorFixed {
        en: "fixed: indexes rebuilt, {count} unused regime texts and {files} unused stored files removed",
        vi: "đã sửa: dựng lại chỉ mục, xóa {count} văn bản bộ tiêu chí và {files} tệp lưu trữ không dùng"
    }
    DoctorFileMissing {
        en: "stored file {sha} is missing from the store: restore it from a backup",
        vi: "tệp lưu trữ {sha} không còn trong kho: hãy khôi phục từ bản sao lưu"
    }
    DoctorFileChanged {
        en: "stored file {sha} no longer matches its SHA-256: restore it from a backup",
        vi: "tệp lưu trữ {sha} không còn khớp mã SHA-256: hãy khôi phục từ bản sao lưu"
    }
    DoctorOrphanFiles {
        en: "stored files used by no document: {count} (left by an interrupted command; --fix removes them)",
        vi: "có {count} tệp trong kho không thuộc tài liệu nào (do lệnh bị ngắt; --fix sẽ xóa)"
    }
    OutputProtected {
        en: "{path} is the database, one of its companion files, the dossier store or a file this command reads; nothing was written: give another output path",
        vi: "{path} là cơ sở dữ liệu, một tệp đi kèm, kho hồ sơ hoặc tệp mà lệnh này đang đọc; chưa ghi gì: hãy chọn đường dẫn ghi khác"
    }
    IsAFolder {
        en: "it is a folder; give a file name",
        vi: "đó là một thư mục; hãy cho tên tệp"
    }
    NotARegularFile {
        en: "{path} is not a regular file (a folder, a device or a pipe); give a file",
        vi: "{path} không phải là tệp thông thường (là thư mục, thiết bị hoặc đường ống); hãy cho một tệp"
    }
    PathLeavesFolder {
        en: "the path leaves the manifest's folder (an absolute path, `..` or a symbolic link pointing outside); put the file inside the folder",
        vi: "đường dẫn ra ngoài thư mục của bảng kê (đường dẫn tuyệt đối, `..` hoặc liên kết tượng trưng trỏ ra ngoài); hãy đặt tệp trong thư mục đó"
    }
    PathMissing {
        en: "the file does not exist",
        vi: "tệp không tồn tại"
    }
    PathNotRegular {
        en: "not a regular file (a folder, a device or a pipe)",
        vi: "không phải tệp thông thường (thư mục, thiết bị hoặc đường ống)"
    }
    FileTooBig {
        en: "{path} is {size} bytes, over the limit of {max} bytes; give --max-size BYTES to accept a larger file",
        vi: "{path} có {size} byte, vượt giới hạn {max} byte; dùng --max-size BYTES để nhận tệp lớn hơn"
    }
    BackupStoreIsLive {
        en: "the backup {path} would keep its dossier files in the live store {store}; nothing was written: give the backup another name or folder",
        vi: "bản sao lưu {path} sẽ giữ tệp hồ sơ trong chính kho đang dùng {store}; chưa ghi gì: hãy đặt tên hoặc thư mục khác cho bản sao lưu"
    }
    BackupFileBad {
        en: "stored file {sha} cannot be backed up ({detail}); no backup was written and the old one, if any, is kept: run ocop doctor",
        vi: "không sao lưu được tệp lưu trữ {sha} ({detail}); chưa ghi bản sao lưu nào và bản cũ (nếu có) được giữ nguyên: hãy chạy ocop doctor"
    }
    BackupHead {
        en: "audit head: {head} (keep it: ocop doctor --anchor \"{head}\" checks that the log still reaches it)",
        vi: "đỉnh nhật ký: {head} (hãy lưu lại: ocop doctor --anchor \"{head}\" kiểm tra nhật ký vẫn còn đến đó)"
    }
    RestoreFileBad {
        en: "{path}: stored file {sha} {detail}; nothing was restored",
        vi: "{path}: tệp lưu trữ {sha} {detail}; chưa khôi phục gì"
    }
    StoredFileMissing {
        en: "is missing",
        vi: "không có"
    }
    StoredFileChanged {
        en: "does not match its SHA-256",
        vi: "không khớp mã SHA-256"
    }
    SchemaDiffers {
        en: "the schema differs from the one this ocop creates: {detail}",
        vi: "lược đồ khác với lược đồ do ocop này tạo: {detail}"
    }
    SchemaExtra {
        en: "{kind} {name} is not ocop's",
        vi: "{kind} {name} không phải của ocop"
    }
    SchemaChanged {
        en: "{kind} {name} was changed",
        vi: "{kind} {name} đã bị thay đổi"
    }
    SchemaMissing {
        en: "{kind} {name} is missing",
        vi: "thiếu {kind} {name}"
    }
    AnchorUsage {
        en: "--anchor: give the line `ocop log --head` printed (\"N HASH\") or its 64-hex-digit hash",
        vi: "--anchor: hãy cho dòng mà `ocop log --head` đã in (\"N HASH\") hoặc mã băm 64 chữ số hex"
    }
    DoctorAnchorLost {
        en: "the audit log no longer reaches the anchor {anchor}: {detail}",
        vi: "nhật ký không còn đến được mốc {anchor}: {detail}"
    }
    AnchorShort {
        en: "it has {count} entries, the anchor was taken at {n}: entries were removed",
        vi: "nhật ký có {count} mục, mốc được lấy khi có {n} mục: đã có mục bị xóa"
    }
    AnchorNotFound {
        en: "no entry has that hash: entries up to the anchor were changed or removed",
        vi: "không mục nào có mã băm đó: các mục đến mốc đã bị sửa hoặc xóa"
    }
    AnchorOk {
        en: "the audit log reaches the anchor (entry {n}); {after} entries since",
        vi: "nhật ký đến được mốc (mục {n}); có {after} mục sau đó"
    }
    DoctorStrayFiles {
        en: "{count} files or folders in the store are not ocop's stored files and were left alone: {names}",
        vi: "có {count} tệp hoặc thư mục trong kho không phải tệp lưu trữ của ocop và được để nguyên: {names}"
    }
    DbNotOcop {
        en: "{path} is not an ocop database ({detail}); it was not changed: give the right --db, or create a database with `ocop init`",
        vi: "{path} không phải cơ sở dữ liệu ocop ({detail}); tệp không bị thay đổi: hãy cho đúng --db, hoặc tạo cơ sở dữ liệu bằng `ocop init`"
    }
    BundleTargetExists {
        en: "{path} already exists and is not empty; nothing was written: give a new folder or .zip name",
        vi: "{path} đã tồn tại và không trống; chưa ghi gì: hãy cho tên thư mục hoặc tệp .zip mới"
    }
    StoreOfAnotherDb {
        en: "the folder {store} is the dossier store of the database {other}; nothing was written: give {path} another name or folder",
        vi: "thư mục {store} là kho hồ sơ của cơ sở dữ liệu {other}; chưa ghi gì: hãy đặt tên hoặc thư mục khác cho {path}"
    }
    BundleWritten {
        en: "wrote {files} files and the manifest to {path}",
        vi: "đã ghi {files} tệp và bảng kê vào {path}"
    }
    // --- dossiers
    DossierMissing {
        en: "missing: {title} ({kind})",
        vi: "còn thiếu: {title} ({kind})"
    }
    DossierExpired {
        en: "expired on {date}: {title} ({kind})",
        vi: "hết hiệu lực từ ngày {date}: {title} ({kind})"
    }
    DossierFileMissing {
        en: "the stored file of {title} ({kind}) is missing from the store",
        vi: "tệp đã lưu của {title} ({kind}) không còn trong kho lưu trữ"
    }
    DossierFileChanged {
        en: "the stored file of {title} ({kind}) was changed after it was added",
        vi: "tệp đã lưu của {title} ({kind}) đã bị thay đổi sau khi thêm vào"
    }
    PathLeaves {
        en: "`{path}` leaves the manifest's folder; give a path relative to it, without `..`",
        vi: "`{path}` nằm ngoài thư mục của tệp danh sách; hãy ghi đường dẫn tương đối, không dùng `..`"
    }
    DocumentsImported {
        en: "{path}: {rows} rows, {added} documents added, {rejected} rows rejected",
        vi: "{path}: {rows} dòng, thêm {added} tài liệu, loại {rejected} dòng"
    }
    DocumentsFailed {
        en: "{path}: {count} rows have errors; nothing was imported; correct them and import again, or import the valid rows with --skip-invalid",
        vi: "{path}: có {count} dòng lỗi; chưa nhập dữ liệu nào; hãy sửa rồi nhập lại, hoặc nhập các dòng hợp lệ bằng --skip-invalid"
    }
    DossierComplete {
        en: "{code}: dossier complete",
        vi: "{code}: hồ sơ đầy đủ"
    }
    DossierIncomplete {
        en: "{code}: {count} problems in the dossier",
        vi: "{code}: hồ sơ có {count} vấn đề"
    }
    DossierNotAllComplete {
        en: "{count} of {total} dossiers are not complete",
        vi: "{count} trên {total} hồ sơ chưa đầy đủ"
    }
    DossierKindUnknown {
        en: "`{kind}` is not a document kind of {regime}; list them with `ocop dossier kinds --regime {regime}`",
        vi: "`{kind}` không phải loại tài liệu của {regime}; xem danh sách bằng `ocop dossier kinds --regime {regime}`"
    }
    DossierNeedsFile {
        en: "{title} needs its file (`ocop dossier add … --file PATH`, or the file column of a manifest)",
        vi: "{title} cần có tệp đính kèm (`ocop dossier add … --file ĐƯỜNG_DẪN`, hoặc cột tệp của bảng kê)"
    }
    DossierNeedsFileOrReceipt {
        en: "give --file PATH, or --received when only the receipt is recorded",
        vi: "hãy ghi --file ĐƯỜNG_DẪN, hoặc --received khi chỉ ghi nhận đã nhận"
    }
    DocumentAdded {
        en: "{code}: added document #{id}, {title}",
        vi: "{code}: đã thêm tài liệu #{id}, {title}"
    }
    DocumentRemoved {
        en: "{code}: removed document #{id}",
        vi: "{code}: đã xóa tài liệu #{id}"
    }
    DocumentNotFound {
        en: "{code} has no document #{id}; see `ocop dossier list {code}`",
        vi: "{code} không có tài liệu #{id}; xem `ocop dossier list {code}`"
    }
    AdvanceIncomplete {
        en: "{code} cannot be submitted: the mandatory dossier is incomplete ({missing}); add the documents, or give --force --reason TEXT",
        vi: "{code} chưa thể nộp: hồ sơ bắt buộc chưa đầy đủ ({missing}); hãy bổ sung tài liệu, hoặc dùng --force --reason LÝ_DO"
    }
    ForceNeedsReason {
        en: "--force needs --reason TEXT, which the audit log keeps",
        vi: "--force cần kèm --reason LÝ_DO để ghi vào nhật ký"
    }
    VerifyOk {
        en: "{count} stored files checked: all present and unchanged",
        vi: "đã kiểm tra {count} tệp lưu trữ: tất cả còn nguyên vẹn"
    }
    VerifyBad {
        en: "{bad} of {count} stored files are missing or changed",
        vi: "{bad} trên {count} tệp lưu trữ bị mất hoặc bị thay đổi"
    }
    RankIncomplete {
        en: "{count} registrations were ranked with an incomplete dossier ({codes}); see `ocop dossier check --year {year}`",
        vi: "{count} đăng ký được xếp hạng khi hồ sơ chưa đầy đủ ({codes}); xem `ocop dossier check --year {year}`"
    }
    IncompleteWarning {
        en: "{code}: the dossier is incomplete ({missing})",
        vi: "{code}: hồ sơ chưa đầy đủ ({missing})"
    }
    RegimeFileOk {
        en: "{path}: regime {id} is well formed: {parts} parts adding up to 100, {bands} star bands covering 0–100, {levels} levels, {sets} product sets, {trees} of them with their criteria (the others are scored by part totals)",
        vi: "{path}: bộ tiêu chí {id} hợp lệ: {parts} phần cộng đủ 100 điểm, {bands} mức sao phủ 0–100, {levels} cấp, {sets} bộ sản phẩm, trong đó {trees} bộ có đủ tiêu chí (các bộ khác chấm theo tổng điểm từng phần)"
    }
    ScoredByPartsBecause {
        en: "Why: {why}.",
        vi: "Lý do: {why}."
    }
    MandatoryFor {
        en: "mandatory for {stars}★ and above",
        vi: "bắt buộc từ hạng {stars}★"
    }
    MandatoryCriterion {
        en: "Mandatory for {stars}★ and above: the product must score here (more than 0 points)",
        vi: "Tiêu chí bắt buộc từ hạng {stars}★: sản phẩm phải có điểm ở tiêu chí này (trên 0 điểm)"
    }
    ScoredByParts {
        en: "This product set has no criteria in the regime file: sheets are scored by part totals.",
        vi: "Bộ sản phẩm này chưa có các tiêu chí trong tệp bộ tiêu chí: phiếu chấm theo tổng điểm từng phần."
    }
    SeveralDbsReportsOnly {
        en: "several --db are for reports over several district files; give one --db for this command",
        vi: "nhiều --db chỉ dùng cho báo cáo gộp nhiều tệp của các huyện; lệnh này chỉ nhận một --db"
    }
    DuplicateProducer {
        en: "producer {tax} {name} is in several files ({files}); its products are counted once in the products report",
        vi: "chủ thể {tax} {name} có trong nhiều tệp ({files}); sản phẩm của chủ thể này chỉ được tính một lần trong danh sách sản phẩm"
    }
    // --- table headers and labels
    HId { en: "Id", vi: "Id" }
    HCode { en: "Code", vi: "Mã" }
    HName { en: "Name", vi: "Tên" }
    HLevel { en: "Level", vi: "Cấp" }
    HType { en: "Type", vi: "Loại" }
    HProvince { en: "Province", vi: "Tỉnh" }
    HProvinceCode { en: "Province code", vi: "Mã tỉnh" }
    HDistrict { en: "District", vi: "Huyện" }
    HDistrictCode { en: "District code", vi: "Mã huyện" }
    HCommune { en: "Commune", vi: "Xã" }
    HCommuneCode { en: "Commune code", vi: "Mã xã" }
    HValidFrom { en: "Valid from", vi: "Hiệu lực từ" }
    HValidTo { en: "Valid to", vi: "Hiệu lực đến" }
    HSuccessor { en: "Successor", vi: "Đơn vị kế thừa" }
    HStatus { en: "Status", vi: "Tình trạng" }
    HSubjectKind { en: "Producer kind", vi: "Loại hình chủ thể" }
    HSubject { en: "Producer", vi: "Chủ thể" }
    HTaxCode { en: "Tax code", vi: "Mã số thuế" }
    HRepresentative { en: "Representative", vi: "Người đại diện" }
    HPhone { en: "Phone", vi: "Điện thoại" }
    HAddress { en: "Address", vi: "Địa chỉ" }
    HProducts { en: "Products", vi: "Số sản phẩm" }
    HProduct { en: "Product", vi: "Sản phẩm" }
    HRegime { en: "Regime", vi: "Bộ tiêu chí" }
    HProductSet { en: "Product set", vi: "Bộ sản phẩm" }
    HGroup { en: "Group", vi: "Nhóm" }
    HIndustry { en: "Industry", vi: "Ngành" }
    HRegistrations { en: "Registrations", vi: "Số đăng ký" }
    HYear { en: "Year", vi: "Năm" }
    HRound { en: "Round", vi: "Đợt" }
    HRegKind { en: "Kind", vi: "Loại đăng ký" }
    HStage { en: "Stage", vi: "Giai đoạn" }
    HRegisteredOn { en: "Registered on", vi: "Ngày đăng ký" }
    HField { en: "Field", vi: "Mục" }
    HCriterion { en: "Criterion", vi: "Mã tiêu chí" }
    HWithCriteria { en: "Sets with criteria", vi: "Bộ có tiêu chí" }
    HSource { en: "Source", vi: "Nguồn" }
    BuiltIn { en: "built in", vi: "có sẵn" }
    HContent { en: "Content", vi: "Nội dung" }
    HOptions { en: "Options [points]", vi: "Các mức [điểm]" }
    HPoints { en: "Points", vi: "Điểm" }
    HPointsGiven { en: "Points given", vi: "Điểm chấm" }
    HValue { en: "Value", vi: "Giá trị" }
    HWhen { en: "When", vi: "Thời điểm" }
    HOperator { en: "Operator", vi: "Người thực hiện" }
    HAction { en: "Action", vi: "Thao tác" }
    HDetails { en: "Details", vi: "Chi tiết" }
    HTotal { en: "Total", vi: "Tổng cộng" }
    HIdea { en: "Idea", vi: "Ý tưởng" }
    HSubmitted { en: "Submitted", vi: "Đã nộp" }
    HError { en: "Error", vi: "Lỗi" }
    HMember { en: "Member", vi: "Thành viên" }
    HNumber { en: "Number", vi: "Số" }
    HIssued { en: "Issued", vi: "Ngày cấp" }
    HExpires { en: "Expires", vi: "Ngày hết hạn" }
    HFile { en: "File", vi: "Tệp" }
    HSize { en: "Size", vi: "Dung lượng" }
    HMandatory { en: "Mandatory", vi: "Bắt buộc" }
    HAttach { en: "Attach", vi: "Hình thức nộp" }
    HProblem { en: "Problem", vi: "Vấn đề" }
    HStars3 { en: "3 stars", vi: "3 sao" }
    HStars4 { en: "4 stars", vi: "4 sao" }
    HStars5 { en: "5 stars", vi: "5 sao" }
    HBelow3 { en: "Below 3 stars", vi: "Dưới 3 sao" }
    HEvaluated { en: "Evaluated", vi: "Đã đánh giá" }
    HEliminated { en: "Eliminated", vi: "Bị loại" }
    HRecognised { en: "Recognised", vi: "Được công nhận" }
    HMembers { en: "Members", vi: "Số thành viên" }
    HPart { en: "Part", vi: "Phần" }
    HPartA { en: "A", vi: "A" }
    HPartB { en: "B", vi: "B" }
    HPartC { en: "C", vi: "C" }
    HScore { en: "Total", vi: "Tổng điểm" }
    HPreassessment {
        en: "pre-assessment",
        vi: "đánh giá sơ bộ"
    }
    HCommuneAt {
        en: "Commune on the date",
        vi: "Xã tại ngày xem"
    }
    HAverage { en: "Average", vi: "Điểm trung bình" }
    HStars { en: "Stars", vi: "Số sao" }
    HOutcome { en: "Outcome", vi: "Kết quả" }
    HNote { en: "Note", vi: "Ghi chú" }
    HDecision { en: "Decision", vi: "Quyết định" }
    HDecisionDate { en: "Decision date", vi: "Ngày quyết định" }
    HValidUntil { en: "Valid until", vi: "Hiệu lực đến" }
    OutRecognises { en: "recognised at this level", vi: "công nhận ở cấp này" }
    OutForwards { en: "forwarded to the next level", vi: "chuyển cấp trên" }
    OutNone { en: "not recognised", vi: "không công nhận" }
    OutEliminated { en: "eliminated", vi: "bị loại" }
    OutReturned {
        en: "returned to the producer",
        vi: "trả lại hồ sơ"
    }
    OutStopped { en: "evaluation stopped", vi: "dừng đánh giá" }
    CertValid { en: "valid", vi: "còn hiệu lực" }
    CertExpiring { en: "expiring", vi: "sắp hết hạn" }
    CertLapsed { en: "lapsed", vi: "hết hiệu lực" }
    CertReplaced { en: "replaced", vi: "đã được thay thế" }
    CertRevoked { en: "revoked", vi: "đã thu hồi" }
    HPreparing { en: "Preparing", vi: "Đang chuẩn bị" }
    HWithdrawn { en: "Withdrawn", vi: "Đã rút" }
    HDecided { en: "Evaluated or decided", vi: "Đã đánh giá/quyết định" }
    // --- value labels
    KindEnterprise { en: "enterprise", vi: "doanh nghiệp" }
    KindCooperative { en: "cooperative", vi: "hợp tác xã" }
    KindCoopGroup { en: "cooperative group", vi: "tổ hợp tác" }
    KindHousehold { en: "household business", vi: "hộ kinh doanh" }
    RegNew { en: "new", vi: "mới" }
    RegReEvaluation { en: "re-evaluation", vi: "đánh giá lại" }
    RegUpgrade { en: "upgrade", vi: "nâng hạng" }
    StIdea { en: "idea", vi: "ý tưởng" }
    StPlan { en: "plan", vi: "phương án" }
    StImplementing { en: "implementing", vi: "đang triển khai" }
    StSubmitted { en: "submitted", vi: "đã nộp hồ sơ" }
    StEvaluated { en: "evaluated", vi: "đã đánh giá" }
    StRecognised { en: "recognised", vi: "được công nhận" }
    StNotRecognised { en: "not recognised", vi: "không được công nhận" }
    StWithdrawn { en: "withdrawn", vi: "đã rút" }
    LvProvince { en: "province", vi: "tỉnh" }
    LvDistrict { en: "district", vi: "huyện" }
    LvCommune { en: "commune", vi: "xã" }
    LvCentral { en: "central", vi: "trung ương" }
    ImportedNoSheets {
        en: "{code} has a result imported from a list ({level}, {stars}★, decision {decision}): it was not scored in ocop, so no sheets can be added to it",
        vi: "{code} có kết quả nhập từ danh sách ({level}, {stars}★, quyết định {decision}): sản phẩm không được chấm trong ocop nên không thể thêm phiếu chấm"
    }
    SourceCouncil { en: "council", vi: "hội đồng" }
    SourceImported { en: "imported list", vi: "nhập từ danh sách" }
    ResultsNeedYear {
        en: "the year is missing: give a year column or --year YEAR for the whole list",
        vi: "thiếu năm: hãy thêm cột năm hoặc dùng --year NĂM cho cả danh sách"
    }
    ResultsNeedDecision {
        en: "a decision date without a decision number: give the decision column or --decision NUMBER",
        vi: "có ngày quyết định nhưng thiếu số quyết định: hãy thêm cột số quyết định hoặc dùng --decision SỐ"
    }
    ResultsNeedPlace {
        en: "no commune or district: give a commune or district column, or an address that names them (\"xã Xuân Lập, huyện Thọ Xuân\")",
        vi: "không có xã hoặc huyện: hãy thêm cột xã hoặc huyện, hoặc địa chỉ ghi rõ (\"xã Xuân Lập, huyện Thọ Xuân\")"
    }
    StarsInvalid {
        en: "\"{value}\" is not a star rating: write 1 to 5 (\"3\", \"3 sao\", \"★★★\")",
        vi: "\"{value}\" không phải hạng sao: ghi từ 1 đến 5 (\"3\", \"3 sao\", \"★★★\")"
    }
    ScoreInvalid {
        en: "\"{value}\" is not a score: write points from 0 to 100, e.g. 72.5",
        vi: "\"{value}\" không phải điểm: ghi số điểm từ 0 đến 100, ví dụ 72,5"
    }
    StarsAboveScore {
        en: "{stars}★ with a score of {score}: that score rates at most {band}★; check the stars or the score",
        vi: "{stars}★ với {score} điểm: số điểm này chỉ đạt tối đa {band}★; hãy kiểm tra lại hạng sao hoặc điểm"
    }
    ResultLevelCannotRecognise {
        en: "the {level} level does not recognise {stars}★ under {regime}, nor does any level below it: give the level that recognised it (Cấp công nhận)",
        vi: "cấp {level} không công nhận {stars}★ theo {regime}, các cấp dưới cũng không: hãy ghi đúng cấp công nhận"
    }
    ResultDiffers {
        en: "{code} already has a {level} result ({had}); this row says {row}: correct the row, or the registration (ocop registration show {code})",
        vi: "{code} đã có kết quả cấp {level} ({had}); dòng này ghi {row}: hãy sửa dòng, hoặc kiểm tra đăng ký (ocop registration show {code})"
    }
    ResultOnScoredRegistration {
        en: "{code} is being scored in ocop (it has sheets or a result at another level): rank and recognise it with ocop rank and ocop recognise, not from a list",
        vi: "{code} đang được chấm trong ocop (đã có phiếu chấm hoặc kết quả ở cấp khác): hãy xếp hạng và công nhận bằng ocop rank và ocop recognise, không nhập từ danh sách"
    }
    ResultSetKept {
        en: "{path}:{row}: the product set \"{set}\" is none of {regime}'s: the result is imported without a set and the text kept with it (ocop registration show)",
        vi: "{path}:{row}: bộ sản phẩm \"{set}\" không thuộc {regime}: kết quả được nhập không có bộ sản phẩm, giữ nguyên chữ đã ghi (ocop registration show)"
    }
    ImportResultsSummary {
        en: "{path}: {rows} rows: {results} results and {certificates} certificates added, {same} unchanged; {reg_added} registrations, {subj_added} producers and {prod_added} products added",
        vi: "{path}: {rows} dòng: thêm {results} kết quả và {certificates} giấy chứng nhận, {same} không đổi; thêm {reg_added} đăng ký, {subj_added} chủ thể và {prod_added} sản phẩm"
    }
    WhatCertificate { en: "certificate", vi: "giấy chứng nhận" }
    CertificateNotRenewable {
        en: "certificate {id} is {status}: only a valid certificate is re-evaluated (ocop certificate list shows the one that replaced it)",
        vi: "giấy chứng nhận {id} ở trạng thái {status}: chỉ giấy chứng nhận còn hiệu lực mới được đánh giá lại (ocop certificate list cho biết giấy thay thế)"
    }
    RegisterNeedsProduct {
        en: "name the product to register, or give --from-cert N to re-evaluate a certificate's product",
        vi: "hãy ghi sản phẩm cần đăng ký, hoặc dùng --from-cert SỐ để đánh giá lại sản phẩm của một giấy chứng nhận"
    }
    FromCertIsRenewal {
        en: "--from-cert registers a re-evaluation or an upgrade: give --kind re-evaluation or --kind upgrade",
        vi: "--from-cert đăng ký đánh giá lại hoặc nâng hạng: hãy dùng --kind re-evaluation hoặc --kind upgrade"
    }
    ProductHasNoSet {
        en: "{product} has no product set (its past list gave none that ocop knows): give --set SET of {regime} (the sets: ocop criteria list --regime {regime})",
        vi: "{product} chưa có bộ sản phẩm (danh sách cũ không ghi bộ sản phẩm mà ocop biết): hãy dùng --set BỘ_SẢN_PHẨM của {regime} (danh sách bộ: ocop criteria list --regime {regime})"
    }
    HelpGlobalOptions { en: "Global options", vi: "Tùy chọn chung" }
    HelpOptions { en: "Options", vi: "Tùy chọn" }
    HelpCommands { en: "Commands", vi: "Lệnh" }
    HelpPrintHelp { en: "Print help", vi: "In trợ giúp" }
    HelpPrintVersion { en: "Print version", vi: "In phiên bản" }
    LangUnknown {
        en: "--lang {value}: ocop speaks vi (Vietnamese) and en (English)",
        vi: "--lang {value}: ocop chỉ có tiếng Việt (vi) và tiếng Anh (en)"
    }
    UsageErrorUnknownArg { en: "unexpected argument '{arg}'", vi: "đối số không hợp lệ '{arg}'" }
    UsageErrorMissing { en: "the following required arguments were not provided: {args}", vi: "thiếu đối số bắt buộc: {args}" }
    UsageErrorInvalidValue { en: "invalid value '{value}' for '{arg}'", vi: "giá trị '{value}' không hợp lệ cho '{arg}'" }
    UsageErrorUnknownCommand { en: "unrecognized subcommand '{arg}'", vi: "không có lệnh '{arg}'" }
    UsageErrorValueMissing { en: "a value is required for '{arg}' but none was supplied", vi: "'{arg}' cần một giá trị nhưng chưa có" }
    UsageErrorConflict { en: "the argument '{arg}' cannot be used with '{other}'", vi: "không dùng '{arg}' cùng với '{other}'" }
    UsageErrorTip { en: "tip: did you mean {suggestion}?", vi: "gợi ý: có phải là {suggestion}?" }
    UsageErrorPossible { en: "possible values: {values}", vi: "các giá trị được dùng: {values}" }
    UsageErrorMore { en: "For more information, try '--help'.", vi: "Xem thêm: thêm '--help' vào lệnh." }
    HelpArguments { en: "Arguments", vi: "Đối số" }
    ResultDecidedBeforeYear {
        en: "a decision of {date} comes before the year {year} it recognises: check the year or the date",
        vi: "quyết định ngày {date} có trước năm {year} được công nhận: hãy kiểm tra năm hoặc ngày"
    }
    ResultDecidedInFuture {
        en: "the decision date {date} is in the future: give the date the decision was signed",
        vi: "ngày quyết định {date} ở tương lai: hãy ghi ngày ký quyết định"
    }
    ResultValidBeforeDecision {
        en: "valid until {until}, not after the decision of {date}: check the dates (or leave valid_until empty for 36 months)",
        vi: "hiệu lực đến {until}, không sau ngày quyết định {date}: hãy kiểm tra lại ngày (hoặc để trống để tính 36 tháng)"
    }
    FromCertYearTooEarly {
        en: "certificate {id} was decided on {date}: its re-evaluation is registered in that year or later, not in {year}",
        vi: "giấy chứng nhận {id} được quyết định ngày {date}: việc đánh giá lại đăng ký từ năm đó trở đi, không phải năm {year}"
    }
    Yes { en: "yes", vi: "có" }
    No { en: "no", vi: "không" }
    StatusComplete { en: "complete", vi: "đủ" }
    StatusIncomplete { en: "incomplete", vi: "thiếu" }
    MandatoryForIndustries { en: "for {industries}", vi: "với ngành {industries}" }
    MandatoryForProducers { en: "{when}, for {kinds}", vi: "{when}, với {kinds}" }
    MandatoryExceptIndustries { en: "{when}, except {industries}", vi: "{when}, trừ ngành {industries}" }
    AttachFile { en: "file", vi: "tệp" }
    AttachReceipt { en: "receipt", vi: "xác nhận đã nhận" }
    HValidityMonths { en: "Valid for (months)", vi: "Thời hạn (tháng)" }
    InitAreaNeedsUnits {
        en: "{area}: the units of a district or province come from a units file: give --units FILE (the national list is in vn-units files; see docs/two-level.md)",
        vi: "{area}: đơn vị hành chính của huyện hoặc tỉnh được nạp từ tệp danh mục: hãy dùng --units TỆP (xem docs/two-level.md)"
    }
    InitNoUnitsHint {
        en: "the database has no administrative units yet: load them with ocop import units FILE --district CODE|NAME (or create it again with --units FILE)",
        vi: "cơ sở dữ liệu chưa có đơn vị hành chính: hãy nạp bằng ocop import units TỆP --district MÃ|TÊN (hoặc tạo lại với --units TỆP)"
    }
    XlsxNoOut {
        en: "{command} prints to the screen: --format xlsx is for the commands that write a file (as `ocop report summary --year 2019 --format xlsx --out tong-hop.xlsx`); use --format csv --excel here",
        vi: "{command} in ra màn hình: --format xlsx dành cho các lệnh ghi tệp (như `ocop report summary --year 2019 --format xlsx --out tong-hop.xlsx`); ở đây hãy dùng --format csv --excel"
    }
    NotAWorkbook {
        en: "{path} is not an .{ext} workbook (it does not start as one; a CSV or text file renamed?): open it in Excel and save it as .{ext}, or give it its own extension (.csv)",
        vi: "{path} không phải sổ tính .{ext} (có thể là tệp CSV hoặc văn bản bị đổi đuôi): hãy mở bằng Excel rồi lưu lại thành .{ext}, hoặc đặt đúng đuôi tệp (.csv)"
    }
    DbIsAFolder {
        en: "{path} is a folder: give the database file with --db (e.g. --db {path}/ocop.db)",
        vi: "{path} là một thư mục: hãy chỉ định tệp dữ liệu bằng --db (ví dụ --db {path}/ocop.db)"
    }
    RegimeFileEmpty {
        en: "{file} is empty: a regime file is TOML in the format of docs/regimes.md (ocop criteria show qd1048 shows one)",
        vi: "{file} trống: tệp bộ tiêu chí là TOML theo mẫu trong docs/regimes.md (ocop criteria show qd1048 cho xem một bộ)"
    }
    RegimeFileUnreadable {
        en: "{file}:{line}: not a regime file: {detail} (the format: docs/regimes.md)",
        vi: "{file}:{line}: không phải tệp bộ tiêu chí: {detail} (mẫu: docs/regimes.md)"
    }
    FolderMissing {
        en: "the folder {folder} does not exist; create it first or choose another",
        vi: "thư mục {folder} không tồn tại; hãy tạo trước hoặc chọn thư mục khác"
    }
    DecisionEmpty {
        en: "--decision is empty: give the decision's number, e.g. --decision \"5445/QĐ-UBND\"",
        vi: "--decision đang trống: hãy ghi số quyết định, ví dụ --decision \"5445/QĐ-UBND\""
    }
    DemoExists {
        en: "{path} holds the demo already: give --force to build it again, or --dir OTHER",
        vi: "{path} đã có dữ liệu trình diễn: dùng --force để tạo lại, hoặc --dir THƯ_MỤC_KHÁC"
    }
    DemoNoDb {
        en: "the demo builds its own database in --dir (default ocop-demo/ocop.db): give --dir instead of --db",
        vi: "lệnh demo tạo cơ sở dữ liệu riêng trong --dir (mặc định ocop-demo/ocop.db): hãy dùng --dir thay cho --db"
    }
    ActAdd { en: "add", vi: "thêm" }
    ActEdit { en: "edit", vi: "sửa" }
    ActRemove { en: "remove", vi: "xóa" }
    ActStage { en: "stage", vi: "chuyển giai đoạn" }
    ActScore { en: "score", vi: "chấm điểm" }
    ActRank { en: "rank", vi: "xếp hạng" }
    ActRecognise { en: "recognise", vi: "công nhận" }
    ActImport { en: "import", vi: "nhập tệp" }
    ActImportResult { en: "import result", vi: "nhập kết quả" }
    ActReopen { en: "reopen", vi: "mở lại" }
    ActForce { en: "force", vi: "cho phép ngoại lệ" }
    ActWithdraw { en: "withdraw", vi: "rút" }
    ActRegister { en: "register", vi: "đăng ký" }
    ActBackup { en: "backup", vi: "sao lưu" }
    ActRestore { en: "restore", vi: "khôi phục" }
    ActInit { en: "create", vi: "tạo" }
    EntSubject { en: "producer", vi: "chủ thể" }
    EntProduct { en: "product", vi: "sản phẩm" }
    EntRegistration { en: "registration", vi: "đăng ký" }
    EntUnit { en: "unit", vi: "đơn vị" }
    EntCertificate { en: "certificate", vi: "giấy chứng nhận" }
    EntDocument { en: "document", vi: "tài liệu" }
    EntYear { en: "year", vi: "năm" }
    EntResult { en: "result", vi: "kết quả" }
    EntRegime { en: "regime", vi: "bộ tiêu chí" }
    ActFix { en: "fix", vi: "sửa lỗi" }
    ActMigrate { en: "migrate", vi: "nâng cấp" }
    ActRemoveDocument { en: "remove document", vi: "xóa tài liệu" }
    ActUnscore { en: "remove sheet", vi: "xóa phiếu chấm" }
    EntDatabase { en: "database", vi: "cơ sở dữ liệu" }
    EntSchema { en: "schema", vi: "cấu trúc dữ liệu" }
    HelpSubcommand { en: "Print this message or the help of the given subcommand(s)", vi: "In trợ giúp này, hoặc trợ giúp của lệnh con được nêu" }
    HProductId { en: "Product id", vi: "Số id sản phẩm" }
    HSubjectId { en: "Producer id", vi: "Số id chủ thể" }
    HSha256 { en: "SHA-256", vi: "Mã băm SHA-256" }
    DocumentsNoRejects {
        en: "import documents writes no rejects file: correct the manifest's rows it names and import it again (with --skip-invalid the valid rows go in now)",
        vi: "import documents không ghi tệp dòng lỗi: hãy sửa các dòng được nêu trong bảng kê rồi nhập lại (với --skip-invalid các dòng hợp lệ được nhập ngay)"
    }
    SheetNoPoints {
        en: "{path}: no points given yet: the sheet lists {count} criteria and its points column is empty; write each criterion's points (one of its options) and add it again",
        vi: "{path}: chưa có điểm: phiếu có {count} tiêu chí nhưng cột điểm còn trống; hãy ghi điểm của từng tiêu chí (theo một mức của tiêu chí) rồi nhập lại"
    }
    HReceived { en: "Received", vi: "Đã nhận" }
    HScoredOn { en: "Scored on", vi: "Ngày chấm" }
    HStopped { en: "Stopped", vi: "Dừng đánh giá" }
    NoDocumentsInYear {
        en: "no registration of {year} has documents yet (ocop dossier list REGISTRATION)",
        vi: "chưa có đăng ký nào của năm {year} có tài liệu hồ sơ (ocop dossier list MÃ_ĐĂNG_KÝ)"
    }
    UsageErrorTwice { en: "the argument '{arg}' cannot be used multiple times", vi: "đối số '{arg}' chỉ được dùng một lần" }
    NotAFolder {
        en: "{path} is a file, not a folder: give a folder to write into (it is created if missing)",
        vi: "{path} là một tệp, không phải thư mục: hãy chỉ định thư mục để ghi (chưa có thì được tạo)"
    }
    RptRegimes {
        en: "Scored under: {regimes}",
        vi: "Đánh giá theo {regimes}"
    }
    RptMadeFrom {
        en: "Made from audit log entry {n} of {date} (hash {hash}…)",
        vi: "Lập từ nhật ký hệ thống, mục {n} ngày {date} (mã {hash}…)"
    }
    RptMadeFromEmpty {
        en: "Made from a database with an empty audit log",
        vi: "Lập từ cơ sở dữ liệu chưa có mục nhật ký nào"
    }
    RptPageOf { en: "Page &P of &N", vi: "Trang &P/&N" }
    SheetChart { en: "Chart", vi: "Biểu đồ" }
    ChartByCommune {
        en: "OCOP products by stars and commune: {area}",
        vi: "Sản phẩm OCOP theo số sao và theo xã: {area}"
    }
    ChartByGroup {
        en: "OCOP products by group and stars: {area}",
        vi: "Sản phẩm OCOP theo nhóm và số sao: {area}"
    }
    ChartTrend {
        en: "OCOP products rated 3 stars or more, per year: {area}",
        vi: "Sản phẩm OCOP đạt từ 3 sao trở lên qua các năm: {area}"
    }
    RptSummary {
        en: "OCOP programme results by commune",
        vi: "Kết quả thực hiện Chương trình OCOP theo xã"
    }
    RptProducts {
        en: "OCOP products evaluated and rated",
        vi: "Danh sách sản phẩm OCOP được đánh giá, phân hạng"
    }
    RptGroups {
        en: "OCOP products by group and stars",
        vi: "Sản phẩm OCOP theo nhóm sản phẩm và số sao"
    }
    RptProgress {
        en: "OCOP registrations by stage of the cycle",
        vi: "Tiến độ thực hiện chu trình OCOP theo xã"
    }
    RptCertificates {
        en: "OCOP certificates",
        vi: "Giấy chứng nhận sản phẩm OCOP"
    }
    RptDossiers {
        en: "Completeness of OCOP dossiers",
        vi: "Tình trạng hồ sơ sản phẩm OCOP"
    }
    RptTrend {
        en: "OCOP products rated 3 stars or more, per year",
        vi: "Sản phẩm OCOP đạt từ 3 sao trở lên qua các năm"
    }
    ChartFailed {
        en: "could not draw the report: {detail}",
        vi: "không lập được báo cáo: {detail}"
    }
    BriefKind { en: "REPORT", vi: "BÁO CÁO" }
    BriefHeading {
        en: "Results of the OCOP programme in {year}",
        vi: "Kết quả thực hiện Chương trình OCOP năm {year}"
    }
    BriefKeyNumbers { en: "1. Key numbers", vi: "1. Kết quả chủ yếu" }
    BriefByCommune { en: "2. Results by commune", vi: "2. Kết quả theo xã" }
    BriefByGroup {
        en: "3. Results by product group",
        vi: "3. Kết quả theo nhóm sản phẩm"
    }
    BriefChart {
        en: "4. Products by stars and commune",
        vi: "4. Biểu đồ sản phẩm theo số sao và theo xã"
    }
    BriefProducts {
        en: "5. Products rated 3 stars or more",
        vi: "5. Danh sách sản phẩm đạt từ 3 sao trở lên"
    }
    BriefNoProducts {
        en: "No product was rated 3 stars or more this year.",
        vi: "Trong năm chưa có sản phẩm nào đạt từ 3 sao trở lên."
    }
    BriefUp {
        en: " ({year}: {n}, up {d})",
        vi: " (năm {year}: {n}, tăng {d})"
    }
    BriefDown {
        en: " ({year}: {n}, down {d})",
        vi: " (năm {year}: {n}, giảm {d})"
    }
    BriefSame {
        en: " ({year}: {n}, unchanged)",
        vi: " (năm {year}: {n}, không đổi)"
    }
    BriefRegistered {
        en: "In {year}, {n} products were registered for the OCOP programme{compare}.",
        vi: "Năm {year}, có {n} sản phẩm đăng ký tham gia Chương trình OCOP{compare}."
    }
    BriefEvaluated {
        en: "{submitted} products submitted a dossier; {evaluated} were evaluated and rated by a council{compare}.",
        vi: "{submitted} sản phẩm đã nộp hồ sơ; {evaluated} sản phẩm đã được Hội đồng đánh giá, phân hạng{compare}."
    }
    BriefRated {
        en: "{n} products were rated 3 stars or more: {s3} with 3 stars, {s4} with 4 stars and {s5} with 5 stars{compare}.",
        vi: "{n} sản phẩm đạt từ 3 sao trở lên, gồm {s3} sản phẩm 3 sao, {s4} sản phẩm 4 sao và {s5} sản phẩm 5 sao{compare}."
    }
    BriefRecognised {
        en: "{n} products hold a recognition decision and certificate{compare}; {below} were rated below 3 stars and {eliminated} were eliminated.",
        vi: "{n} sản phẩm đã có quyết định công nhận và giấy chứng nhận{compare}; {below} sản phẩm chưa đạt 3 sao và {eliminated} sản phẩm bị loại."
    }
    BriefAverage {
        en: "The average score of the products scored is {avg} points{compare}.",
        vi: "Điểm bình quân của các sản phẩm được chấm điểm là {avg} điểm{compare}."
    }
    BriefYearRound {
        en: "{year}, round {round}",
        vi: "{year}, đợt {round}"
    }
    BriefNoPrevious {
        en: "The database holds no earlier year to compare with.",
        vi: "Cơ sở dữ liệu chưa có số liệu của các năm trước để so sánh."
    }
    BriefOtherCommunes {
        en: "Communes with registrations but no dossier submitted ({n})",
        vi: "Các xã có đăng ký nhưng chưa nộp hồ sơ ({n} xã)"
    }
    BriefWritten {
        en: "wrote the brief to {path}",
        vi: "đã ghi báo cáo tóm tắt vào {path}"
    }
    RptRound {
        en: "{report}, round {round}",
        vi: "{report}, đợt {round}"
    }
    RptAsOf {
        en: "Status on {date}",
        vi: "Tình trạng tại ngày {date}"
    }
    RptCheckedOn {
        en: "Dossiers checked against the documents valid on {date}",
        vi: "Hồ sơ được kiểm tra theo hiệu lực giấy tờ tại ngày {date}"
    }
    DbGivenTwice {
        en: "`{a}` and `{b}` are the same district file (the same path, or the same audit log): every count would be doubled; give each district's file once",
        vi: "`{a}` và `{b}` là cùng một tệp dữ liệu (cùng đường dẫn hoặc cùng nhật ký hệ thống): mọi số liệu sẽ bị tính hai lần; mỗi tệp của huyện chỉ ghi một lần"
    }
    TrendRangeReversed {
        en: "--from {from} is after --to {to}: give the earlier year first",
        vi: "--from {from} sau --to {to}: ghi năm đầu trước"
    }
    BriefNoRegistrations {
        en: "{year} has no registration in this database: the brief states zeros (check --year)",
        vi: "năm {year} chưa có đăng ký nào trong cơ sở dữ liệu: báo cáo tóm tắt chỉ có số 0 (kiểm tra lại --year)"
    }
    MarksFrom {
        en: "The mandatory criteria (★ marks) are 781/QĐ-TTg's minimum requirements: they bind evaluations from {date}; an earlier evaluation is rated by its band alone.",
        vi: "Các tiêu chí bắt buộc (dấu ★) là yêu cầu tối thiểu của Quyết định 781/QĐ-TTg: áp dụng cho các lần đánh giá từ ngày {date}; lần đánh giá trước ngày đó chỉ xếp hạng theo khoảng điểm."
    }
    MarksNotBinding {
        en: "{code} was evaluated before {date}: the ★ marks on this sheet do not bind it (it is rated by its band)",
        vi: "{code} được đánh giá trước ngày {date}: các tiêu chí bắt buộc (dấu ★) trên phiếu này không áp dụng (xếp hạng theo khoảng điểm)"
    }
    BriefNeedsDocx {
        en: "`{path}`: the brief is a Word document; give a file name ending in .docx (nothing was written)",
        vi: "`{path}`: báo cáo tóm tắt là văn bản Word; hãy đặt tên tệp có đuôi .docx (chưa ghi gì)"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn placeholders(s: &str) -> Vec<String> {
        let mut out: Vec<String> = s
            .split('{')
            .skip(1)
            .filter_map(|p| p.split_once('}').map(|(k, _)| k.to_string()))
            .collect();
        out.sort();
        out.dedup();
        out
    }

    #[test]
    fn both_languages_use_the_same_placeholders() {
        for m in Msg::ALL {
            assert_eq!(
                placeholders(m.text(Lang::En)),
                placeholders(m.text(Lang::Vi)),
                "{m:?}"
            );
            assert!(!m.text(Lang::Vi).is_empty() && !m.text(Lang::En).is_empty());
        }
    }

    #[test]
    fn one_of_a_thing_is_singular_in_english() {
        let one = [("count", "1")];
        assert_eq!(
            fill(&singular("{count} rows were rejected", &one), &one),
            "1 row was rejected"
        );
        assert_eq!(
            fill(&singular("{count} entries, {count} files", &one), &one),
            "1 entry, 1 file"
        );
        let two = [("count", "2")];
        assert_eq!(
            fill(&singular("{count} rows were rejected", &two), &two),
            "2 rows were rejected"
        );
    }

    #[test]
    fn fill_replaces_known_and_keeps_unknown() {
        assert_eq!(fill("a {x} b {y}", &[("x", "1")]), "a 1 b {y}");
        assert_eq!(fill("open { brace", &[]), "open { brace");
    }

    #[test]
    fn language_selection_order() {
        assert_eq!(
            Lang::select(Some("en"), Some("vi"), Some("vi_VN.UTF-8")),
            Lang::En
        );
        assert_eq!(Lang::select(None, Some("vi"), None), Lang::Vi);
        assert_eq!(Lang::select(None, None, Some("vi_VN.UTF-8")), Lang::Vi);
        assert_eq!(Lang::select(None, None, Some("de_DE.UTF-8")), Lang::En);
        assert_eq!(Lang::select(None, None, None), Lang::En);
    }
}
