//! Progress reports on a milestone: a date, how far the work is, what happened, and files (PDF,
//! images, spreadsheets). A file's type is read from its bytes, never from its name or what the
//! browser said it was: an HTML page renamed `.pdf` is refused.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::firm::{field, number};
use crate::domain::project::long_text;

/// The largest file a report takes: 20 MB.
pub const MAX_FILE_BYTES: usize = 20 * 1024 * 1024;
/// The most files one report takes.
pub const MAX_FILES: usize = 10;
pub const REPORT_TEXT_MAX_CHARS: usize = 5000;
/// The longest file name kept (longer names are cut, keeping their extension).
pub const FILE_NAME_MAX_CHARS: usize = 120;

/// The report form's fields as typed (the files apart): what a refused form shows again.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportForm {
    pub reported_on: String,
    pub percent: String,
    pub body: String,
}

pub const REPORT_FIELDS: [&str; 3] = ["reported_on", "percent", "body"];

/// A report's text, parsed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewReport {
    pub reported_on: NaiveDate,
    pub percent: i16,
    pub body: String,
}

impl NewReport {
    /// Every field is checked; a report is dated no later than `today` (Beijing), and an empty
    /// date is today.
    pub fn parse(
        form: &ReportForm,
        today: NaiveDate,
    ) -> Result<Self, Vec<(&'static str, &'static str)>> {
        let mut errors = Vec::new();
        let e = &mut errors;
        let reported_on = field(
            e,
            "reported_on",
            match form.reported_on.trim() {
                "" => Ok(today),
                raw => NaiveDate::parse_from_str(raw, "%Y-%m-%d")
                    .map_err(|_| "date_invalid")
                    .and_then(|d| if d > today { Err("date_future") } else { Ok(d) }),
            },
        );
        let percent = field(
            e,
            "percent",
            number::<i16>(form.percent.trim().trim_end_matches('%'), 0, 100),
        );
        let body = field(
            e,
            "body",
            long_text(&form.body, REPORT_TEXT_MAX_CHARS).and_then(|b| {
                if b.is_empty() {
                    Err("required")
                } else if b.contains('\0') {
                    // PostgreSQL keeps no NUL in text.
                    Err("control_character")
                } else {
                    Ok(b)
                }
            }),
        );
        match (reported_on, percent, body) {
            (Some(reported_on), Some(percent), Some(body)) if errors.is_empty() => Ok(Self {
                reported_on,
                percent,
                body,
            }),
            _ => Err(errors),
        }
    }
}

/// The kinds of file a report takes, as their bytes tell.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum FileKind {
    Pdf,
    Png,
    Jpeg,
    Webp,
    Gif,
    /// Excel 2007 and later, and WPS saving as such.
    Xlsx,
    /// Excel 97-2003.
    Xls,
    /// OpenDocument (LibreOffice, WPS).
    Ods,
}

impl FileKind {
    #[cfg(feature = "ssr")]
    /// The kind the bytes are, or `None` for anything else (text, HTML, archives, programs).
    pub fn of(bytes: &[u8]) -> Option<Self> {
        let found = infer::get(bytes)?;
        Some(match found.mime_type() {
            // `infer` finds `%PDF` anywhere in the first kilobyte (an HTML page can carry it in
            // a comment); a PDF begins with it.
            "application/pdf" if bytes.starts_with(b"%PDF-") => Self::Pdf,
            "image/png" => Self::Png,
            "image/jpeg" => Self::Jpeg,
            "image/webp" => Self::Webp,
            "image/gif" => Self::Gif,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" => Self::Xlsx,
            "application/vnd.ms-excel" => Self::Xls,
            "application/vnd.oasis.opendocument.spreadsheet" => Self::Ods,
            _ => return None,
        })
    }

    pub fn media_type(self) -> &'static str {
        match self {
            Self::Pdf => "application/pdf",
            Self::Png => "image/png",
            Self::Jpeg => "image/jpeg",
            Self::Webp => "image/webp",
            Self::Gif => "image/gif",
            Self::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Self::Xls => "application/vnd.ms-excel",
            Self::Ods => "application/vnd.oasis.opendocument.spreadsheet",
        }
    }

    pub fn from_media_type(media_type: &str) -> Option<Self> {
        [
            Self::Pdf,
            Self::Png,
            Self::Jpeg,
            Self::Webp,
            Self::Gif,
            Self::Xlsx,
            Self::Xls,
            Self::Ods,
        ]
        .into_iter()
        .find(|k| k.media_type() == media_type)
    }

    /// The extensions a file of this kind may carry; the first is the one it is given.
    fn extensions(self) -> &'static [&'static str] {
        match self {
            Self::Pdf => &["pdf"],
            Self::Png => &["png"],
            Self::Jpeg => &["jpg", "jpeg"],
            Self::Webp => &["webp"],
            Self::Gif => &["gif"],
            Self::Xlsx => &["xlsx"],
            Self::Xls => &["xls"],
            Self::Ods => &["ods"],
        }
    }

    /// The file's name as it is kept and downloaded: without folders or control characters, at
    /// most [`FILE_NAME_MAX_CHARS`], and ending in an extension of its kind (`scan` from a
    /// phone becomes `scan.pdf`; `photo.pdf` that is a PNG becomes `photo.pdf.png`).
    pub fn file_name(self, sent: &str) -> String {
        let base = sent.rsplit(['/', '\\']).next().unwrap_or_default();
        let cleaned: String = base
            .chars()
            .filter(|c| !c.is_control() && !matches!(c, '"' | '<' | '>' | ':' | '|' | '?' | '*'))
            .collect();
        let cleaned = cleaned.trim().trim_start_matches('.').trim();
        let stem = if cleaned.is_empty() { "file" } else { cleaned };
        let has_extension = stem.rsplit_once('.').is_some_and(|(_, ext)| {
            self.extensions()
                .iter()
                .any(|e| e.eq_ignore_ascii_case(ext))
        });
        let extension = self.extensions()[0];
        let (stem, suffix) = if has_extension {
            match stem.rsplit_once('.') {
                Some((stem, ext)) => (stem.to_owned(), format!(".{ext}")),
                None => (stem.to_owned(), String::new()),
            }
        } else {
            (stem.to_owned(), format!(".{extension}"))
        };
        let room = FILE_NAME_MAX_CHARS.saturating_sub(suffix.chars().count());
        let stem: String = stem.chars().take(room).collect();
        format!("{}{suffix}", stem.trim_end())
    }
}

/// Why a file was refused: the code the form shows under the files.
#[cfg(feature = "ssr")]
pub fn check_file(bytes: &[u8]) -> Result<FileKind, &'static str> {
    if bytes.is_empty() {
        return Err("attachment_empty");
    }
    if bytes.len() > MAX_FILE_BYTES {
        return Err("attachment_too_large");
    }
    FileKind::of(bytes).ok_or("attachment_type")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 4).expect("a date")
    }

    fn form() -> ReportForm {
        ReportForm {
            reported_on: "2026-12-01".into(),
            percent: "60".into(),
            body: "  样机完成装配\r\n开始台架测试 ".into(),
        }
    }

    #[test]
    fn a_report_is_read_with_its_line_breaks() {
        let report = NewReport::parse(&form(), today()).expect("a report");
        assert_eq!(
            report.reported_on,
            NaiveDate::from_ymd_opt(2026, 12, 1).expect("a date")
        );
        assert_eq!(report.percent, 60);
        assert_eq!(report.body, "样机完成装配\n开始台架测试");
    }

    #[test]
    fn an_empty_date_is_today_and_a_percent_sign_is_allowed() {
        let report = NewReport::parse(
            &ReportForm {
                reported_on: " ".into(),
                percent: "100%".into(),
                ..form()
            },
            today(),
        )
        .expect("a report");
        assert_eq!(report.reported_on, today());
        assert_eq!(report.percent, 100);
    }

    #[test]
    fn every_bad_field_is_named_with_its_code() {
        let cases: [(ReportForm, Vec<(&str, &str)>); 6] = [
            (
                ReportForm {
                    body: "样机\0完成".into(),
                    ..form()
                },
                vec![("body", "control_character")],
            ),
            (
                ReportForm {
                    reported_on: "2026-12-05".into(),
                    ..form()
                },
                vec![("reported_on", "date_future")],
            ),
            (
                ReportForm {
                    reported_on: "12/01".into(),
                    ..form()
                },
                vec![("reported_on", "date_invalid")],
            ),
            (
                ReportForm {
                    percent: "101".into(),
                    ..form()
                },
                vec![("percent", "out_of_range")],
            ),
            (
                ReportForm {
                    percent: "".into(),
                    body: " \r\n ".into(),
                    ..form()
                },
                vec![("percent", "required"), ("body", "required")],
            ),
            (
                ReportForm {
                    body: "字".repeat(REPORT_TEXT_MAX_CHARS + 1),
                    ..form()
                },
                vec![("body", "too_long")],
            ),
        ];
        for (form, expected) in cases {
            assert_eq!(NewReport::parse(&form, today()), Err(expected), "{form:?}");
        }
    }

    #[cfg(feature = "ssr")]
    const PDF: &[u8] = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n";
    #[cfg(feature = "ssr")]
    const PNG: &[u8] = &[
        0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, b'I', b'H', b'D', b'R',
    ];
    #[cfg(feature = "ssr")]
    const JPEG: &[u8] = &[0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, b'J', b'F', b'I', b'F', 0];

    #[test]
    #[cfg(feature = "ssr")]
    fn a_file_is_known_by_its_bytes_not_its_name() {
        assert_eq!(check_file(PDF), Ok(FileKind::Pdf));
        assert_eq!(check_file(PNG), Ok(FileKind::Png));
        assert_eq!(check_file(JPEG), Ok(FileKind::Jpeg));
        for refused in [
            &b"<!DOCTYPE html><html><script>alert(1)</script></html>"[..],
            b"<html><!--%PDF-1.4--><script>alert(1)</script></html>",
            b"name,amount\nA,1\n",
            b"MZ\x90\x00\x03\x00\x00\x00",
            b"PK\x03\x04\x14\x00\x00\x00",
        ] {
            assert_eq!(check_file(refused), Err("attachment_type"), "{refused:?}");
        }
        assert_eq!(check_file(b""), Err("attachment_empty"));
    }

    #[test]
    #[cfg(feature = "ssr")]
    fn a_file_over_twenty_megabytes_is_refused() {
        let mut big = PDF.to_vec();
        big.resize(MAX_FILE_BYTES, b' ');
        assert_eq!(check_file(&big), Ok(FileKind::Pdf));
        big.push(b' ');
        assert_eq!(check_file(&big), Err("attachment_too_large"));
    }

    #[test]
    fn a_name_is_cleaned_and_ends_in_its_kind() {
        let cases = [
            (
                FileKind::Pdf,
                "C:\\Users\\wang\\样机测试报告.PDF",
                "样机测试报告.PDF",
            ),
            (FileKind::Pdf, "scan", "scan.pdf"),
            (FileKind::Png, "photo.pdf", "photo.pdf.png"),
            (FileKind::Jpeg, "../../etc/现场.jpeg", "现场.jpeg"),
            (FileKind::Xlsx, "\"a<b>\n.xlsx", "ab.xlsx"),
            (FileKind::Pdf, "   ", "file.pdf"),
            (FileKind::Pdf, ".hidden", "hidden.pdf"),
        ];
        for (kind, sent, kept) in cases {
            assert_eq!(kind.file_name(sent), kept, "{sent:?}");
        }
        let long = format!("{}.pdf", "测".repeat(300));
        let kept = FileKind::Pdf.file_name(&long);
        assert_eq!(kept.chars().count(), FILE_NAME_MAX_CHARS);
        assert!(kept.ends_with(".pdf"));
    }

    #[test]
    fn every_kind_reads_back_from_its_media_type() {
        for kind in [
            FileKind::Pdf,
            FileKind::Png,
            FileKind::Jpeg,
            FileKind::Webp,
            FileKind::Gif,
            FileKind::Xlsx,
            FileKind::Xls,
            FileKind::Ods,
        ] {
            assert_eq!(FileKind::from_media_type(kind.media_type()), Some(kind));
        }
    }
}
