//! Writes fixtures/import/xa-xuan-lap-2019.xlsx: a commune's registration list as it arrives in a
//! workbook, with title rows, real date cells, numbers that lost their leading zeros, a code typed
//! as a number, and bad rows. Run once with `cargo run --example make_fixture_workbook`; the file
//! is committed.

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, XlsxError};

fn main() -> Result<(), XlsxError> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Danh sách đăng ký")?;
    let bold = Format::new().set_bold();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    ws.write_string_with_format(0, 0, "UBND XÃ XUÂN LẬP", &bold)?;
    ws.write_string_with_format(1, 0, "DANH SÁCH ĐĂNG KÝ SẢN PHẨM OCOP NĂM 2019", &bold)?;
    let header = [
        "STT",
        "Năm",
        "Đợt",
        "Loại đăng ký",
        "Giai đoạn",
        "Ngày đăng ký",
        "Xã",
        "Loại hình chủ thể",
        "Tên chủ thể",
        "Mã số thuế",
        "Người đại diện",
        "Điện thoại",
        "Địa chỉ",
        "Tên sản phẩm",
        "Bộ sản phẩm",
    ];
    for (c, h) in header.iter().enumerate() {
        ws.write_string_with_format(3, c as u16, *h, &bold)?;
    }
    // (year, date, commune as text or number, kind, name, tax code as number, phone as number, product, set)
    enum Cell<'a> {
        T(&'a str),
        N(f64),
        D(u16, u8, u8),
        E,
    }
    use Cell::*;
    let rows: Vec<Vec<Cell>> = vec![
        vec![
            N(1.0),
            N(2019.0),
            N(1.0),
            T("Mới"),
            T("Đã nộp hồ sơ"),
            D(2019, 7, 12),
            T("Xã Xuân Lập"),
            T("HTX"),
            T("HTX Dịch vụ nông nghiệp Xuân Lập"),
            N(100233488.0),
            T("Lê Văn Hùng"),
            N(912345678.0),
            T("Thôn 2, xã Xuân Lập"),
            T("Bánh gai Tứ Trụ"),
            T("Chế biến từ gạo, ngũ cốc"),
        ],
        vec![
            N(2.0),
            N(2019.0),
            N(1.0),
            T("mới"),
            T("ý tưởng"),
            D(2019, 7, 15),
            N(15586.0),
            T("Hộ kinh doanh"),
            T("Hộ kinh doanh Nguyễn Thị Lan"),
            E,
            T("Nguyễn Thị Lan"),
            T("0988 123 456"),
            E,
            T("Bánh gai Lan Tứ Trụ"),
            T("Chế biến từ gạo, ngũ cốc"),
        ],
        vec![
            N(3.0),
            N(2019.0),
            N(2.0),
            T("mới"),
            T("phương án"),
            D(2019, 9, 20),
            T("THỌ THẮNG"),
            T("THT"),
            T("Tổ hợp tác bánh gai Thọ Thắng"),
            E,
            T("Lê Thị Thắng"),
            E,
            E,
            T("Bánh gai Thọ Thắng"),
            T("Chế biến từ gạo, ngũ cốc"),
        ],
        vec![
            N(4.0),
            N(2019.0),
            N(1.0),
            T("mới"),
            T("đã nộp hồ sơ"),
            D(2019, 7, 22),
            T("Xuân Lập"),
            T("Doanh nghiệp"),
            T("Công ty TNHH Gạo Xuân Lập"),
            T("0100233480"),
            T("Trần Văn Gạo"),
            E,
            E,
            T("Gạo nếp cái hoa vàng"),
            T("Gạo, ngũ cốc"),
        ],
        vec![
            N(5.0),
            N(2019.0),
            N(1.0),
            T("mới"),
            T("đã nộp hồ sơ"),
            D(2019, 7, 23),
            T("Xuân Lâm Mới"),
            T("HTX"),
            T("HTX Không Có Xã"),
            E,
            E,
            E,
            E,
            T("Mật ong Xuân Lâm"),
            T("Mật ong"),
        ],
        vec![
            N(6.0),
            N(2019.0),
            N(1.0),
            T("mới"),
            T("đã nộp hồ sơ"),
            D(2019, 7, 24),
            T("Thọ Thắng"),
            T("HTX"),
            T("HTX Chè Thọ Thắng"),
            E,
            E,
            E,
            E,
            E,
            T("Chè tươi, chế biến"),
        ],
        vec![
            N(7.0),
            N(19.0),
            N(1.0),
            T("mới"),
            T("đã nộp hồ sơ"),
            D(2019, 7, 25),
            T("Thọ Thắng"),
            T("HTX"),
            T("HTX Rượu Thọ Thắng"),
            E,
            E,
            E,
            E,
            T("Rượu nếp Thọ Thắng"),
            T("Rượu trắng"),
        ],
    ];
    for (r, row) in rows.iter().enumerate() {
        let r = r as u32 + 4;
        for (c, cell) in row.iter().enumerate() {
            let c = c as u16;
            match cell {
                T(s) => {
                    ws.write_string(r, c, *s)?;
                }
                N(n) => {
                    ws.write_number(r, c, *n)?;
                }
                D(y, m, d) => {
                    ws.write_datetime_with_format(
                        r,
                        c,
                        ExcelDateTime::from_ymd(*y, *m, *d)?,
                        &date,
                    )?;
                }
                E => {}
            }
        }
    }
    ws.autofit();
    let notes = wb.add_worksheet();
    notes.set_name("Ghi chú")?;
    notes.write_string(0, 0, "Dòng 4–7 có lỗi cố ý để kiểm tra chương trình.")?;
    wb.save("fixtures/import/xa-xuan-lap-2019.xlsx")
}
