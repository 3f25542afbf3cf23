//! Progress reports on a milestone, posted by the participant's representatives or the owning
//! city's officials, with files (PDF, images, spreadsheets: up to 20 MB each and 10 per report,
//! stored in PostgreSQL, the type read from the bytes); and a report's file, downloaded only by
//! whoever may read that participant's work.

use leptos::prelude::*;
use leptos::server_fn::codec::{ByteStream, GetUrl, MultipartData, MultipartFormData, Streaming};

use crate::errors::AppError;

/// The form's path, which has the body limit of ten files.
pub const POST_REPORT_PATH: &str = "/api/post_report";

/// Posts a progress report on a milestone (the form's fields `milestone_id`, `reported_on`,
/// `percent`, `body` and any number of `files`, as multipart). A first report on a milestone
/// not yet begun (or returned) puts it in progress. Refused, a plain form comes back with what
/// was typed, the files excepted.
#[server(prefix = "/api", endpoint = "post_report", input = MultipartFormData)]
pub async fn post_report(data: MultipartData) -> Result<(), AppError> {
    crate::api::ssr::answer(ssr::post(data)).await
}

/// A report's file as a download (`Content-Disposition: attachment`, its type as read from its
/// bytes, `nosniff`), for whoever may read that participant's work; not found for anyone else.
#[server(prefix = "/api", endpoint = "report_file", input = GetUrl, output = Streaming)]
pub async fn report_file(file_id: String) -> Result<ByteStream<AppError>, AppError> {
    crate::api::ssr::answer(ssr::download(&file_id)).await
}

#[cfg(feature = "ssr")]
mod ssr {
    use leptos::server_fn::codec::{ByteStream, MultipartData};

    use crate::api::ssr::{
        Context, Failure, audit_of, begin, beijing_today, parse_id, refuse, refuse_action,
        require_viewer,
    };
    use crate::db::execution::reports::{self as db, CheckedFile};
    use crate::domain::access::{Action, ExecutionSubject, allows};
    use crate::domain::execution::milestone::{MilestoneState, MilestoneStep, check_step};
    use crate::domain::execution::report::{
        FileKind, MAX_FILE_BYTES, MAX_FILES, NewReport, ReportForm, check_file,
    };
    use crate::domain::project::ProjectStatus;
    use crate::errors::AppError;

    /// The multipart form as read: its text fields (each cut at a sane length) and its files
    /// (each cut past the limit, and then marked too large).
    #[derive(Default)]
    struct Posted {
        fields: Vec<(String, String)>,
        files: Vec<Upload>,
    }

    struct Upload {
        name: String,
        bytes: Vec<u8>,
        too_large: bool,
    }

    impl Posted {
        fn text(&self, name: &str) -> String {
            self.fields
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.clone())
                .unwrap_or_default()
        }
    }

    /// The longest text field kept, in bytes (the report's text is 5,000 characters).
    const TEXT_FIELD_BYTES: usize = 80_000;

    async fn read(data: MultipartData) -> Result<Posted, AppError> {
        let malformed = || AppError::validation("files", "file_malformed");
        let mut multipart = data.into_inner().ok_or_else(malformed)?;
        let mut posted = Posted::default();
        while let Some(mut field) = multipart.next_field().await.map_err(|_| malformed())? {
            let name = field.name().unwrap_or_default().to_owned();
            // Past the limits the rest is read and dropped, so the browser gets the answer, not
            // a reset connection; nothing beyond them is kept (a file past the tenth is
            // counted, not held).
            let keep_bytes = if name == "files" {
                if posted.files.len() < MAX_FILES {
                    MAX_FILE_BYTES
                } else {
                    0
                }
            } else {
                TEXT_FIELD_BYTES
            };
            let file_name = field.file_name().unwrap_or_default().to_owned();
            let mut bytes = Vec::new();
            let mut too_large = false;
            while let Some(chunk) = field.chunk().await.map_err(|_| malformed())? {
                if too_large || bytes.len() + chunk.len() > keep_bytes {
                    too_large = true;
                    bytes = Vec::new();
                    continue;
                }
                bytes.extend_from_slice(&chunk);
            }
            if name == "files" {
                // A file input left empty sends a part with no name and no bytes.
                if too_large || !bytes.is_empty() || !file_name.is_empty() {
                    posted.files.push(Upload {
                        name: file_name,
                        bytes,
                        too_large: too_large && keep_bytes > 0,
                    });
                }
            } else if posted.fields.len() < 20 {
                let text = String::from_utf8_lossy(&bytes).into_owned();
                posted.fields.push((name, text));
            }
        }
        Ok(posted)
    }

    /// Reads the rest of a body the function will not use, keeping nothing: the client that
    /// is refused still gets the answer, not a connection cut while it was sending.
    async fn drain(data: MultipartData) {
        let Some(mut multipart) = data.into_inner() else {
            return;
        };
        while let Ok(Some(mut field)) = multipart.next_field().await {
            while let Ok(Some(_)) = field.chunk().await {}
        }
    }

    pub async fn post(data: MultipartData) -> Result<(), Failure> {
        let viewer = match require_viewer() {
            Ok(viewer) => viewer,
            Err(refused) => {
                drain(data).await;
                return Err(refused.into());
            }
        };
        let Posted { fields, files } = read(data).await?;
        let posted = Posted {
            fields,
            files: Vec::new(),
        };
        let outcome = post_read(&viewer, &posted, files).await;
        if outcome.is_err() {
            // A plain form comes back with what was typed (a browser never fills a file in).
            crate::api::ssr::amend_echo(
                posted
                    .fields
                    .into_iter()
                    .map(|(n, v)| (n, vec![v]))
                    .collect(),
            )
            .await;
        }
        outcome
    }

    async fn post_read(
        viewer: &crate::auth::Viewer,
        posted: &Posted,
        uploads: Vec<Upload>,
    ) -> Result<(), Failure> {
        let name = "post_report";
        let id = parse_id(&posted.text("milestone_id"), "milestone_id")?;
        let mut tx = begin("post_report: begin").await?;
        let m = crate::db::execution::milestone_for_update(&mut tx, id)
            .await
            .context("post_report: load")?
            .ok_or(AppError::NotFound)?;
        let participants = crate::db::execution::participant_firms(&mut tx, m.project)
            .await
            .context("post_report: participants")?;
        let execution = ExecutionSubject {
            project: &m.subject,
            participants: &participants,
        };
        let entity = Some(id.to_string());
        let view = Action::ViewExecution(&execution);
        if !allows(Some(&viewer.actor), &view) {
            return Err(refuse_action(
                &view,
                viewer,
                name,
                "project_milestone",
                entity,
            ));
        }
        if !allows(Some(&viewer.actor), &Action::PostReport(&m.subject, m.firm)) {
            return Err(refuse(viewer, name, "project_milestone", entity));
        }
        let form = ReportForm {
            reported_on: posted.text("reported_on"),
            percent: posted.text("percent"),
            body: posted.text("body"),
        };
        let parsed = NewReport::parse(&form, beijing_today());
        let files = check_files(uploads);
        let (report, files) = match (parsed, files) {
            (Ok(report), Ok(files)) => (report, files),
            (parsed, files) => {
                let mut errors = parsed.err().unwrap_or_default();
                if let Err(code) = files {
                    errors.push(("files", code));
                }
                return Err(AppError::fields(errors).into());
            }
        };
        if m.subject.status != ProjectStatus::InExecution {
            return Err(AppError::conflict("project_not_in_execution").into());
        }
        // A report on a milestone not yet begun, or returned, begins it again.
        let to = match m.state {
            MilestoneState::Accepted => return Err(AppError::conflict("milestone_accepted").into()),
            MilestoneState::Planned | MilestoneState::Rejected => {
                Some(check_step(m.state, MilestoneStep::Start).map_err(AppError::conflict)?)
            }
            MilestoneState::InProgress | MilestoneState::Submitted => None,
        };
        let report_id = db::insert(&mut tx, id, &report, viewer.actor.user)
            .await
            .context("post_report: write")?;
        db::insert_files(&mut tx, report_id, &files)
            .await
            .context("post_report: files")?;
        if let Some(to) = to {
            crate::db::execution::set_state(&mut tx, id, to, viewer.actor.user, None)
                .await
                .context("post_report: start")?;
        }
        audit_of(
            viewer,
            "milestone_report_posted",
            "project_milestone",
            Some(id.to_string()),
        )
        .after(serde_json::json!({
            "report": report_id, "project": m.project.0, "firm": m.firm.0,
            "reported_on": report.reported_on, "percent": report.percent,
            "state": to.map(|s| s.as_db()),
            "files": files.iter().map(|f| serde_json::json!({
                "name": f.name, "type": f.kind.media_type(), "bytes": f.bytes.len(),
            })).collect::<Vec<_>>(),
        }))
        .write(&mut tx)
        .await?;
        tx.commit().await.context("post_report: commit")?;
        crate::api::ssr::notify(crate::components::round_trip::Notice::Saved).await;
        Ok(())
    }

    /// Every file checked: the first refusal's code, naming the limit it broke.
    fn check_files(uploads: Vec<Upload>) -> Result<Vec<CheckedFile>, &'static str> {
        if uploads.len() > MAX_FILES {
            return Err("attachments_too_many");
        }
        uploads
            .into_iter()
            .map(|upload| {
                if upload.too_large {
                    return Err("attachment_too_large");
                }
                let kind = check_file(&upload.bytes)?;
                Ok(CheckedFile {
                    name: kind.file_name(&upload.name),
                    kind,
                    bytes: upload.bytes,
                })
            })
            .collect()
    }

    pub async fn download(raw_id: &str) -> Result<ByteStream<AppError>, Failure> {
        let viewer = require_viewer()?;
        let id = parse_id(raw_id, "file_id").map_err(|_| AppError::NotFound)?;
        let mut conn = crate::api::ssr::pool()?
            .acquire()
            .await
            .context("report_file: acquire")?;
        let file = db::file(&mut conn, id)
            .await
            .context("report_file: load")?
            .ok_or(AppError::NotFound)?;
        let subject = crate::api::projects::ssr::need_subject(&mut conn, file.project).await?;
        let participants = crate::db::execution::participant_firms(&mut conn, file.project)
            .await
            .context("report_file: participants")?;
        let execution = ExecutionSubject {
            project: &subject,
            participants: &participants,
        };
        // Whoever may not read this participant's work hears there is no such file.
        for action in [
            Action::ViewExecution(&execution),
            Action::ReadParticipantWork(file.firm),
        ] {
            if !allows(Some(&viewer.actor), &action) {
                let entity = Some(id.to_string());
                return Err(refuse_action(
                    &action,
                    &viewer,
                    "report_file",
                    "milestone_report_file",
                    entity,
                ));
            }
        }
        let kind = FileKind::from_media_type(&file.media_type).ok_or(AppError::Internal)?;
        // The bytes only once the reader may have them.
        let content = db::content(&mut conn, id)
            .await
            .context("report_file: content")?;
        Ok(crate::api::exports::ssr::download(
            &file.name,
            kind.media_type(),
            content,
        )?)
    }
}
