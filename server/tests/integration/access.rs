//! The access harness: every registered server function and every non-page route, called as
//! each kind of caller against seeded rows of every city and firm. It checks the expected allow
//! or deny, that a deny leaves the domain tables as they were, and that what an allowed read
//! returns holds no marker from outside the caller's scope.
//!
//! A server function or route without an entry in [`matrix`] fails the suite: every new one
//! adds its rows here.

use std::collections::{BTreeMap, BTreeSet};

use crate::helpers::{Browser, TestApp, spawn_app};

/// Project 900100's invitation handshake as seeded: need 900107 with the Deyang firm's open
/// invitation 900105 (`MARK-invitation-deyang`) and the Meishan firm's accepted one 900106 (its
/// proposal `MARK-proposal-meishan`); need 900109 filled by the Chengdu firm (participant
/// 900108, from invitation 900110). Run at seeding and as the undo of every step.
macro_rules! undo_invitations {
    () => {
        "
    DELETE FROM notifications WHERE kind LIKE 'invitation%' OR kind = 'selection_revoked';
    DELETE FROM project_milestones WHERE project_id = 900100;
    UPDATE project_participants SET invitation_id = NULL WHERE project_id = 900100;
    DELETE FROM project_participants WHERE project_id = 900100;
    DELETE FROM need_invitations WHERE project_id = 900100;
    DELETE FROM project_needs WHERE id IN (900107, 900109);
    INSERT INTO project_needs (id, project_id, capability_id, level, quantity, note, status)
    OVERRIDING SYSTEM VALUE
    SELECT v.id, 900100, c.id, 'prototype', 10, '', v.status
    FROM capabilities c, (VALUES (900107, 'open'), (900109, 'filled')) AS v (id, status)
    WHERE c.name_en = 'RV reducers';
    INSERT INTO need_invitations (id, project_id, need_id, firm_id, message, reply_by, status,
                                  invited_by, answered_by, answered_at, price_min, price_max,
                                  lead_days, proposal_note)
    OVERRIDING SYSTEM VALUE
    SELECT 900105, 900100, 900107, f.id, 'MARK-invitation-deyang', '2099-01-01'::timestamptz, 'open', o.id,
           NULL, NULL, NULL, NULL, NULL, NULL
    FROM firms f, users o WHERE f.name = 'MARK-firm-deyang' AND o.email = 'official-chengdu@harness.test'
    UNION ALL
    SELECT 900106, 900100, 900107, f.id, 'MARK-invitation-meishan', '2099-01-01'::timestamptz, 'accepted', o.id,
           r.id, now(), 100000, 150000, 30, 'MARK-proposal-meishan'
    FROM firms f, users o, users r WHERE f.name = 'MARK-firm-meishan'
      AND o.email = 'official-chengdu@harness.test' AND r.email = 'rep-meishan@harness.test'
    UNION ALL
    SELECT 900110, 900100, 900109, f.id, 'MARK-invitation-chengdu', '2099-01-01'::timestamptz, 'selected', o.id,
           o.id, now(), 1, 1, 1, NULL
    FROM firms f, users o WHERE f.name = 'MARK-firm-chengdu' AND o.email = 'official-chengdu@harness.test';
    INSERT INTO project_participants (id, project_id, need_id, firm_id, selected_by, invitation_id)
    OVERRIDING SYSTEM VALUE
    SELECT 900108, 900100, 900109, f.id, o.id, 900110
    FROM firms f, users o WHERE f.name = 'MARK-firm-chengdu' AND o.email = 'official-chengdu@harness.test';"
    };
}

/// Import 900200 as seeded: the Chengdu official's preview of `MARK-import-file.csv`, one valid
/// row (`MARK-import-row`). Run at seeding and as the undo of every step on imports.
const UNDO_IMPORTS: &str = "
    DELETE FROM firm_import_progress;
    UPDATE firm_import_rows SET firm_id = NULL;
    DELETE FROM firms WHERE name = 'MARK-import-row';
    DELETE FROM firm_import_rows;
    DELETE FROM firm_imports;
    INSERT INTO firm_imports (id, created_by, city_code, file_name, encoding, delimiter, columns,
                              row_count, valid_count)
    OVERRIDING SYSTEM VALUE
    SELECT 900200, u.id, 'chengdu', 'MARK-import-file.csv', 'utf-8', 'comma',
           '{name,credit_code,kind}', 1, 1
    FROM users u WHERE u.email = 'official-chengdu@harness.test';
    INSERT INTO firm_import_rows (import_id, position, line, cells) VALUES
        (900200, 1, 2, '{\"name\": \"MARK-import-row\", \"credit_code\": \"91510100MA6HARN051\", \"kind\": \"manufacturer\"}');";

/// Who calls.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Caller {
    Anonymous,
    Official(&'static str),
    /// Representative of the approved Deyang firm.
    RepDeyang,
    /// Representative of the approved Meishan firm.
    RepMeishan,
    /// Representative of the pending Ziyang firm.
    RepPending,
    /// An account that signed in and was then disabled.
    Disabled,
    Admin,
}

const CITIES: [&str; 4] = ["chengdu", "deyang", "meishan", "ziyang"];

fn callers() -> Vec<Caller> {
    let mut all = vec![Caller::Anonymous];
    all.extend(CITIES.iter().map(|c| Caller::Official(c)));
    all.extend([
        Caller::RepDeyang,
        Caller::RepMeishan,
        Caller::RepPending,
        Caller::Disabled,
        Caller::Admin,
    ]);
    all
}

fn email_of(caller: Caller) -> Option<String> {
    Some(match caller {
        Caller::Anonymous => return None,
        Caller::Official(city) => format!("official-{city}@harness.test"),
        Caller::RepDeyang => "rep-deyang@harness.test".into(),
        Caller::RepMeishan => "rep-meishan@harness.test".into(),
        Caller::RepPending => "rep-pending@harness.test".into(),
        Caller::Disabled => "disabled@harness.test".into(),
        Caller::Admin => "admin@harness.test".into(),
    })
}

/// The seeded world: every account's display name is a marker (`MARK-...`) to look for.
struct Seed {
    users: BTreeMap<String, i64>,
    /// The pending Ziyang firm, which reviews act on.
    pending_firm: i64,
    /// One notification of each user's, its text a marker `MARK-note-<user>`.
    notes: BTreeMap<String, i64>,
    /// The approved Deyang firm, which gets colleagues and keeps capabilities.
    deyang_firm: i64,
    /// The taxonomy's servo motors, which the admin renames and retires and the firm adds.
    servo_motors: i64,
    /// The first segment of the taxonomy, which the seeded projects belong to.
    first_category: i64,
}

/// The token of the seeded invitation link (of `MARK-invitee`, a Deyang representative).
const HARNESS_TOKEN: &str = "YWNjZXNzLWhhcm5lc3Mtb25lLXRpbWUtbGluay1rZXk";

async fn seed(app: &TestApp) -> Seed {
    let deyang = app
        .seed_firm(
            "MARK-firm-deyang",
            "91510600MA6HARN01",
            "deyang",
            "approved",
        )
        .await;
    let meishan = app
        .seed_firm(
            "MARK-firm-meishan",
            "91511400MA6HARN02",
            "meishan",
            "approved",
        )
        .await;
    let pending = app
        .seed_firm(
            "MARK-firm-ziyang-pending",
            "91512000MA6HARN03",
            "ziyang",
            "pending",
        )
        .await;
    let chengdu = app
        .seed_firm(
            "MARK-firm-chengdu",
            "91510100MA6HARN04",
            "chengdu",
            "approved",
        )
        .await;
    let mut users = BTreeMap::new();
    let mut add =
        async |key: &str, email: String, role: &str, city: Option<&str>, firm: Option<i64>| {
            let id = app
                .seed_user(&email, &format!("MARK-{key}"), role, city, firm)
                .await;
            users.insert(key.to_owned(), id);
        };
    add("admin", "admin@harness.test".into(), "admin", None, None).await;
    for city in CITIES {
        add(
            &format!("official-{city}"),
            format!("official-{city}@harness.test"),
            "official",
            Some(city),
            None,
        )
        .await;
    }
    add(
        "rep-deyang",
        "rep-deyang@harness.test".into(),
        "firm_rep",
        None,
        Some(deyang),
    )
    .await;
    add(
        "rep-deyang-colleague",
        "rep-deyang-colleague@harness.test".into(),
        "firm_rep",
        None,
        Some(deyang),
    )
    .await;
    add(
        "rep-meishan",
        "rep-meishan@harness.test".into(),
        "firm_rep",
        None,
        Some(meishan),
    )
    .await;
    add(
        "rep-pending",
        "rep-pending@harness.test".into(),
        "firm_rep",
        None,
        Some(pending),
    )
    .await;
    add(
        "rep-chengdu",
        "rep-chengdu@harness.test".into(),
        "firm_rep",
        None,
        Some(chengdu),
    )
    .await;
    // Disabled later, once signed in; an official of Chengdu until then.
    add(
        "disabled",
        "disabled@harness.test".into(),
        "official",
        Some("chengdu"),
        None,
    )
    .await;
    // Invited, no password yet, with a link that works.
    add(
        "invitee",
        "invitee@harness.test".into(),
        "firm_rep",
        None,
        Some(deyang),
    )
    .await;
    sqlx::query(
        "WITH u AS (UPDATE users SET password_hash = NULL WHERE email = 'invitee@harness.test' RETURNING id)
         INSERT INTO one_time_links (token_hash, purpose, user_id, issued_by, expires_at)
         SELECT $1, 'invitation', u.id, u.id, now() + interval '7 days' FROM u",
    )
    .bind(<sha2::Sha256 as sha2::Digest>::digest(HARNESS_TOKEN.as_bytes()).to_vec())
    .execute(&app.db)
    .await
    .expect("seed link");
    let mut notes = BTreeMap::new();
    for (key, id) in &users {
        let note: i64 = sqlx::query_scalar(
            "INSERT INTO notifications (user_id, kind, params) VALUES ($1, 'firm_registered', $2) RETURNING id",
        )
        .bind(id)
        .bind(serde_json::json!({ "firm_name": format!("MARK-note-{key}") }))
        .fetch_one(&app.db)
        .await
        .expect("seed notification");
        notes.insert(key.clone(), note);
    }
    // The Deyang firm's capabilities, at fixed ids so that an undo can put a removed one back.
    sqlx::raw_sql(SEED_CAPABILITIES)
        .execute(&app.db)
        .await
        .expect("seed capabilities");
    let servo_motors: i64 =
        sqlx::query_scalar("SELECT id FROM capabilities WHERE name_en = 'Servo motors'")
            .fetch_one(&app.db)
            .await
            .expect("servo motors");
    sqlx::raw_sql(SEED_PROJECTS)
        .execute(&app.db)
        .await
        .expect("projects");
    sqlx::raw_sql(UNDO_IMPORTS)
        .execute(&app.db)
        .await
        .expect("seed the import");
    sqlx::raw_sql(undo_invitations!())
        .execute(&app.db)
        .await
        .expect("seed projects");
    sqlx::raw_sql(UNDO_EXECUTION)
        .execute(&app.db)
        .await
        .expect("seed the project in execution");
    let first_category: i64 =
        sqlx::query_scalar("SELECT id FROM capability_categories ORDER BY id LIMIT 1")
            .fetch_one(&app.db)
            .await
            .expect("segment");
    Seed {
        first_category,
        users,
        pending_firm: pending,
        notes,
        deyang_firm: deyang,
        servo_motors,
    }
}

/// The Deyang firm's harmonic reducers (entry 900000, version 1, with certificate 900002) and
/// RV reducers (entry 900001, there to be removed).
const SEED_CAPABILITIES: &str = "
    INSERT INTO firm_capabilities (id, firm_id, capability_id, level, monthly_capacity, lead_time_days)
    OVERRIDING SYSTEM VALUE
    SELECT 900000, f.id, c.id, 'small_batch', 100, 30 FROM firms f, capabilities c
    WHERE f.name = 'MARK-firm-deyang' AND c.name_en = 'Harmonic reducers';
    INSERT INTO capability_certificates (id, firm_capability_id, kind, number, issuer, expires_on)
    OVERRIDING SYSTEM VALUE VALUES (900002, 900000, 'iso9001', 'MARK-cert-deyang', 'CQC', '2099-01-01');
    INSERT INTO firm_capabilities (id, firm_id, capability_id, level, monthly_capacity, lead_time_days)
    OVERRIDING SYSTEM VALUE
    SELECT 900001, f.id, c.id, 'prototype', 5, 60 FROM firms f, capabilities c
    WHERE f.name = 'MARK-firm-deyang' AND c.name_en = 'RV reducers';";

/// Chengdu's open project 900100 (its need 900101, and the Meishan firm's interest 900103 in the
/// whole project) and Chengdu's draft 900102. The open call's public part carries the marker of
/// its title only; its description, need note, responsible official and interest carry theirs.
const SEED_PROJECTS: &str = "
    INSERT INTO projects (id, city_code, title, summary, description, category_id, stage,
                          responsible_user_id, created_by, status)
    OVERRIDING SYSTEM VALUE
    SELECT 900100, 'chengdu', 'MARK-project-open', '公开摘要', 'MARK-project-desc',
           (SELECT id FROM capability_categories ORDER BY id LIMIT 1), 'incubation', u.id, u.id, 'open'
    FROM users u WHERE u.email = 'official-chengdu@harness.test';
    INSERT INTO projects (id, city_code, title, summary, description, category_id, stage,
                          responsible_user_id, created_by, status)
    OVERRIDING SYSTEM VALUE
    SELECT 900102, 'chengdu', 'MARK-project-draft', '', '',
           (SELECT id FROM capability_categories ORDER BY id LIMIT 1), 'achievement', u.id, u.id, 'draft'
    FROM users u WHERE u.email = 'official-chengdu@harness.test';
    INSERT INTO project_needs (id, project_id, capability_id, level, quantity, note)
    OVERRIDING SYSTEM VALUE
    SELECT 900101, 900100, c.id, 'small_batch', 100, 'MARK-need-note'
    FROM capabilities c WHERE c.name_en = 'Harmonic reducers';
    INSERT INTO project_interests (id, project_id, firm_id, author_id, message)
    OVERRIDING SYSTEM VALUE
    SELECT 900103, 900100, u.firm_id, u.id, 'MARK-interest-meishan'
    FROM users u WHERE u.email = 'rep-meishan@harness.test';
    INSERT INTO need_overrides (id, need_id, firm_id, kind, reason, set_by)
    OVERRIDING SYSTEM VALUE
    SELECT 900104, 900101, f.id, 'pin', '既有合作', u.id
    FROM firms f, users u WHERE f.name = 'MARK-firm-deyang' AND u.email = 'official-chengdu@harness.test';";

/// Project 900300, Chengdu's, in execution: the approved Deyang firm takes part (participant
/// 900302, need 900301) with milestone 900303 in progress (reported on: report 900308 with
/// file 900309), 900304 handed in and 900310 planned. Run at seeding
/// and as the undo of every step on milestones. (Its title is no marker: the project lists'
/// rows of the matrix stay as they are.)
const UNDO_EXECUTION: &str = "
    DELETE FROM notifications WHERE kind LIKE 'milestone%' OR kind LIKE 'risk%'
        OR kind IN ('disbursement_recorded', 'mentioned');
    DELETE FROM project_disbursements WHERE project_id = 900300;
    DELETE FROM project_messages WHERE project_id = 900300;
    DELETE FROM project_health_overrides WHERE project_id = 900300;
    DELETE FROM project_risks WHERE project_id = 900300;
    DELETE FROM milestone_report_files WHERE report_id IN (
        SELECT r.id FROM milestone_reports r JOIN project_milestones m ON m.id = r.milestone_id
        WHERE m.project_id = 900300);
    DELETE FROM milestone_reports WHERE milestone_id IN (
        SELECT id FROM project_milestones WHERE project_id = 900300);
    DELETE FROM project_milestones WHERE project_id = 900300;
    DELETE FROM project_participants WHERE project_id = 900300;
    DELETE FROM project_needs WHERE project_id = 900300;
    DELETE FROM projects WHERE id = 900300;
    INSERT INTO projects (id, city_code, title, summary, description, category_id, stage,
                          responsible_user_id, created_by, status)
    OVERRIDING SYSTEM VALUE
    SELECT 900300, 'chengdu', '执行中的项目', '摘要', '',
           (SELECT id FROM capability_categories ORDER BY id LIMIT 1), 'incubation', u.id, u.id,
           'in_execution'
    FROM users u WHERE u.email = 'official-chengdu@harness.test';
    INSERT INTO project_needs (id, project_id, capability_id, level, quantity, note, status)
    OVERRIDING SYSTEM VALUE
    SELECT 900301, 900300, c.id, 'prototype', 10, '', 'filled'
    FROM capabilities c WHERE c.name_en = 'RV reducers';
    INSERT INTO project_participants (id, project_id, need_id, firm_id, selected_by)
    OVERRIDING SYSTEM VALUE
    SELECT 900302, 900300, 900301, f.id, u.id
    FROM firms f, users u WHERE f.name = 'MARK-firm-deyang' AND u.email = 'official-chengdu@harness.test';
    INSERT INTO project_milestones (id, project_id, participant_id, position, rung, due_on, state)
    OVERRIDING SYSTEM VALUE
    VALUES (900303, 900300, 900302, 1, 'prototype', '2099-01-01', 'in_progress'),
           (900304, 900300, 900302, 2, 'bench_qualification', '2099-06-01', 'submitted'),
           (900310, 900300, 900302, 3, 'sample', '2099-09-01', 'planned');
    INSERT INTO project_risks (id, project_id, title, severity, likelihood, owner_participant_id,
                               created_by, escalated_by, escalated_at, escalation_reason)
    OVERRIDING SYSTEM VALUE
    SELECT 900305, 900300, 'MARK-risk-deyang', 'high', 'medium', 900302, u.id, NULL, NULL, NULL
    FROM users u WHERE u.email = 'official-chengdu@harness.test'
    UNION ALL
    SELECT 900306, 900300, '协调中的风险', 'medium', 'low', NULL, u.id, u.id, now(), '需要四市协调'
    FROM users u WHERE u.email = 'official-chengdu@harness.test';
    INSERT INTO project_health_overrides (project_id, participant_id, health, reason, set_by)
    SELECT 900300, 900302, 'red', '供货中断', u.id
    FROM users u WHERE u.email = 'official-chengdu@harness.test';
    INSERT INTO project_messages (id, project_id, author_id, body)
    OVERRIDING SYSTEM VALUE
    SELECT 900307, 900300, u.id, '请各方本周五前更新样机进度。'
    FROM users u WHERE u.email = 'official-chengdu@harness.test';
    INSERT INTO milestone_reports (id, milestone_id, reported_on, percent, body, author_id)
    OVERRIDING SYSTEM VALUE
    SELECT 900308, 900303, '2026-11-30', 40, '样机装配完成四成。', u.id
    FROM users u WHERE u.email = 'rep-deyang@harness.test';
    INSERT INTO milestone_report_files (id, report_id, position, file_name, media_type, size_bytes,
                                        sha256, content)
    OVERRIDING SYSTEM VALUE
    SELECT 900309, 900308, 1, '装配照片.pdf', 'application/pdf', length(c), sha256(c), c
    FROM (SELECT convert_to('%PDF-1.4 MARK-file-deyang %%EOF', 'UTF8') AS c) f;";

/// The alliance's settings as migrated.
const UNDO_SETTINGS: &str = "
    UPDATE alliance_settings SET health_red_overdue_days = 14, health_stale_report_days = 30,
        version = 1, updated_by = NULL;";

/// Who see project 900300's execution: every bureau, the admin and the Deyang participant
/// (its risk, its firm, and the Chengdu official who escalated a risk and overrode a health).
/// To anyone else it does not exist.
fn execution_readers(caller: Caller) -> Expect {
    match caller {
        Caller::Official(_) | Caller::Admin | Caller::RepDeyang => Expect::Allow,
        _ => Expect::Deny(404),
    }
}

fn execution_seen(caller: Caller) -> Option<BTreeSet<String>> {
    Some(match caller {
        // Those in the project's discussion also read who else is (the names a message may
        // mention): Chengdu's active officials (the account the matrix disables is active but
        // for its own call), the Deyang firm's representatives and the admin.
        Caller::Official("chengdu") | Caller::Admin | Caller::RepDeyang => set(&[
            "risk-deyang",
            "firm-deyang",
            "official-chengdu",
            "disabled",
            "admin",
            "rep-deyang",
            "rep-deyang-colleague",
            "invitee",
        ]),
        // Every bureau reads the participant's reports, and so who wrote them.
        Caller::Official(_) => set(&[
            "risk-deyang",
            "firm-deyang",
            "official-chengdu",
            "rep-deyang",
        ]),
        _ => BTreeSet::new(),
    })
}

/// What the portfolio shows of project 900300 (its one project in execution): its next
/// milestone's firm and the Deyang participant's open high risk, the reason of its amber; to
/// the bureaus, the admin and the Deyang participant. Another firm's portfolio is empty.
fn portfolio_seen(caller: Caller) -> Option<BTreeSet<String>> {
    Some(match caller {
        Caller::Official(_) | Caller::Admin | Caller::RepDeyang => {
            set(&["firm-deyang", "risk-deyang"])
        }
        _ => BTreeSet::new(),
    })
}

/// Who manage project 900300's execution: Chengdu's officials; see [`milestone_step`].
fn execution_managers(caller: Caller) -> Expect {
    milestone_step(caller, Caller::Official("chengdu"))
}

/// Who steps a milestone of project 900300: `allowed` may; the rest of those who see the
/// project's execution (every bureau, the admin, the Deyang participant) are forbidden; to
/// the other firms it does not exist.
fn milestone_step(caller: Caller, allowed: Caller) -> Expect {
    match caller {
        Caller::Anonymous | Caller::Disabled => Expect::Deny(401),
        c if c == allowed => Expect::Allow,
        Caller::Official(_) | Caller::Admin | Caller::RepDeyang => Expect::Deny(403),
        Caller::RepMeishan | Caller::RepPending => Expect::Deny(404),
    }
}

/// Puts need 900101's overrides back as seeded: the Deyang firm pinned.
const UNDO_OVERRIDES: &str = "
    DELETE FROM need_overrides WHERE id <> 900104;
    UPDATE need_overrides SET cleared_at = NULL, cleared_by = NULL WHERE id = 900104;";

/// Puts project 900100 back as seeded: version 1, open, its needs (with the override and the
/// invitations), no reply.
const UNDO_PROJECT: &str = concat!(
    undo_invitations!(),
    "
    DELETE FROM project_revisions WHERE project_id = 900100;
    DELETE FROM project_needs WHERE project_id = 900100 AND id NOT IN (900101, 900107, 900109);
    INSERT INTO project_needs (id, project_id, capability_id, level, quantity, note)
    OVERRIDING SYSTEM VALUE
    SELECT 900101, 900100, c.id, 'small_batch', 100, 'MARK-need-note'
    FROM capabilities c WHERE c.name_en = 'Harmonic reducers'
    ON CONFLICT (id) DO NOTHING;
    UPDATE projects SET version = 1, status = 'open', cancel_reason = NULL,
        title = 'MARK-project-open', description = 'MARK-project-desc' WHERE id = 900100;
    UPDATE project_interests SET reply = NULL, replied_by = NULL, replied_at = NULL WHERE id = 900103;
    DELETE FROM project_interests WHERE id <> 900103;
    INSERT INTO need_overrides (id, need_id, firm_id, kind, reason, set_by)
    OVERRIDING SYSTEM VALUE
    SELECT 900104, 900101, f.id, 'pin', '既有合作', u.id
    FROM firms f, users u WHERE f.name = 'MARK-firm-deyang' AND u.email = 'official-chengdu@harness.test'
    ON CONFLICT (id) DO NOTHING;
    UPDATE project_needs SET level = 'small_batch', quantity = 100, note = 'MARK-need-note',
        certificates = '{}', preferred_cities = '{}',
        capability_id = (SELECT id FROM capabilities WHERE name_en = 'Harmonic reducers')
    WHERE id = 900101;
    DELETE FROM notifications WHERE kind IN ('project_interest', 'interest_answered');"
);

/// What the whole of project 900100 shows a member (its interest aside).
fn whole_project() -> BTreeSet<String> {
    set(&[
        "project-open",
        "project-desc",
        "need-note",
        "official-chengdu",
        // The participant of need 900109.
        "firm-chengdu",
    ])
}

/// The owning city's officials and the admin: who edit project 900100 and answer its interests.
fn chengdu_bureau(caller: Caller) -> Expect {
    match caller {
        Caller::Anonymous | Caller::Disabled => Expect::Deny(401),
        Caller::Admin | Caller::Official("chengdu") => Expect::Allow,
        _ => Expect::Deny(403),
    }
}

/// The fields of an edit of project 900100 from its version 1.
fn project_edit_form(seed: &Seed) -> Vec<(String, String)> {
    let responsible = seed.users["official-chengdu"].to_string();
    let category = seed.first_category.to_string();
    [
        ("project_id", "900100"),
        ("version", "1"),
        ("title", "MARK-project-open"),
        ("summary", "公开摘要"),
        ("description", "MARK-project-desc"),
        ("category_id", category.as_str()),
        ("stage", "incubation"),
        ("lead_firm_id", ""),
        ("lead_institution", ""),
        ("fund_city", "100"),
        ("fund_province", ""),
        ("fund_investment", ""),
        ("fund_own", ""),
        ("starts_on", ""),
        ("ends_on", ""),
        ("responsible_id", responsible.as_str()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect()
}

/// Puts the harmonic reducers entry back as seeded: version 1, unverified, its certificate.
const UNDO_ENTRY: &str = "
    DELETE FROM capability_certificates WHERE firm_capability_id = 900000 AND id <> 900002;
    INSERT INTO capability_certificates (id, firm_capability_id, kind, number, issuer, expires_on)
    OVERRIDING SYSTEM VALUE VALUES (900002, 900000, 'iso9001', 'MARK-cert-deyang', 'CQC', '2099-01-01')
    ON CONFLICT (id) DO NOTHING;
    UPDATE firm_capabilities SET version = 1, level = 'small_batch', monthly_capacity = 100,
        lead_time_days = 30, verified_by = NULL, verified_at = NULL, verified_version = NULL
    WHERE id = 900000;";

/// The Deyang firm's representatives and the admin: who keep its profile.
fn deyang_firm_editors(caller: Caller) -> Expect {
    match caller {
        Caller::Anonymous | Caller::Disabled => Expect::Deny(401),
        Caller::Admin | Caller::RepDeyang => Expect::Allow,
        _ => Expect::Deny(403),
    }
}

/// The bureaus and the admin: who import and export spreadsheets (never a representative).
fn bureaus(caller: Caller) -> Expect {
    match caller {
        Caller::Anonymous | Caller::Disabled => Expect::Deny(401),
        Caller::Admin | Caller::Official(_) => Expect::Allow,
        _ => Expect::Deny(403),
    }
}

/// Only the Chengdu official who uploaded import 900200; to everyone else it does not exist.
fn chengdu_uploader(caller: Caller) -> Expect {
    match caller {
        Caller::Anonymous | Caller::Disabled => Expect::Deny(401),
        Caller::Official("chengdu") => Expect::Allow,
        _ => Expect::Deny(404),
    }
}

fn import_form(_: &Seed) -> Vec<(String, String)> {
    vec![("import_id".into(), "900200".into())]
}

/// The alliance's members: officials, the admin, representatives of approved firms.
fn members(caller: Caller) -> Expect {
    match caller {
        Caller::Anonymous | Caller::Disabled => Expect::Deny(401),
        Caller::RepPending => Expect::Deny(403),
        _ => Expect::Allow,
    }
}

/// What a call should get.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Expect {
    Allow,
    Deny(u16),
}

/// One server function or route: how to call it, what each caller gets, which markers each
/// caller may see in an allowed answer (`None`: the answer holds no seeded rows), and the SQL
/// that undoes an allowed change so the next caller starts from the same world.
struct Entry {
    method: &'static str,
    path: &'static str,
    form: fn(&Seed) -> Vec<(String, String)>,
    expect: fn(Caller) -> Expect,
    visible: fn(Caller) -> Option<BTreeSet<String>>,
    undo: Option<&'static str>,
}

fn signed_in(caller: Caller) -> bool {
    !matches!(caller, Caller::Anonymous | Caller::Disabled)
}

fn no_form(_: &Seed) -> Vec<(String, String)> {
    Vec::new()
}

fn everyone(_: Caller) -> Expect {
    Expect::Allow
}

fn signed_in_only(caller: Caller) -> Expect {
    if signed_in(caller) {
        Expect::Allow
    } else {
        Expect::Deny(401)
    }
}

/// The key of the caller's own seeded account.
fn own_key(caller: Caller) -> Option<String> {
    email_of(caller).map(|e| e.trim_end_matches("@harness.test").to_owned())
}

/// The caller's own notification marker: all their inbox may show.
fn own_note(caller: Caller) -> Option<BTreeSet<String>> {
    Some(match caller {
        Caller::Anonymous | Caller::Disabled => BTreeSet::new(),
        other => own_key(other)
            .map(|k| set(&[&format!("note-{k}")]))
            .unwrap_or_default(),
    })
}

/// The pending firms each caller's queue may hold.
fn review_queue(caller: Caller) -> Option<BTreeSet<String>> {
    Some(match caller {
        Caller::Admin | Caller::Official("ziyang") => set(&["firm-ziyang-pending"]),
        _ => BTreeSet::new(),
    })
}

fn reviewers_only(caller: Caller) -> Expect {
    match caller {
        Caller::Anonymous | Caller::Disabled => Expect::Deny(401),
        Caller::Admin | Caller::Official("ziyang") => Expect::Allow,
        _ => Expect::Deny(403),
    }
}

fn admin_only(caller: Caller) -> Expect {
    match caller {
        Caller::Anonymous | Caller::Disabled => Expect::Deny(401),
        Caller::Admin => Expect::Allow,
        _ => Expect::Deny(403),
    }
}

/// The approved Deyang firm's own representatives, Deyang's officials and the admin.
fn deyang_firm_people(caller: Caller) -> Expect {
    match caller {
        Caller::Anonymous | Caller::Disabled => Expect::Deny(401),
        Caller::Admin | Caller::Official("deyang") | Caller::RepDeyang => Expect::Allow,
        _ => Expect::Deny(403),
    }
}

const UNDO_REVIEW: &str =
    "UPDATE firms SET status = 'pending' WHERE name = 'MARK-firm-ziyang-pending';
     DELETE FROM notifications WHERE kind IN ('firm_approved', 'firm_rejected')";

fn no_rows(_: Caller) -> Option<BTreeSet<String>> {
    None
}

fn set(keys: &[&str]) -> BTreeSet<String> {
    keys.iter().map(|k| format!("MARK-{k}")).collect()
}

/// The caller's own marker: all `get_current_user` may show.
fn own_marker(caller: Caller) -> Option<BTreeSet<String>> {
    Some(match caller {
        Caller::Anonymous | Caller::Disabled => BTreeSet::new(),
        Caller::Official(city) => set(&[&format!("official-{city}")]),
        Caller::RepDeyang => set(&["rep-deyang", "firm-deyang"]),
        Caller::RepMeishan => set(&["rep-meishan", "firm-meishan"]),
        Caller::RepPending => set(&["rep-pending", "firm-ziyang-pending"]),
        Caller::Admin => set(&["admin"]),
    })
}

/// The accounts each caller's list may hold.
fn account_scope(caller: Caller) -> Option<BTreeSet<String>> {
    Some(match caller {
        Caller::Anonymous | Caller::Disabled => BTreeSet::new(),
        Caller::Admin => {
            let mut all = set(&[
                "admin",
                "rep-deyang",
                "rep-deyang-colleague",
                "invitee",
                "rep-meishan",
                "rep-pending",
                "rep-chengdu",
                "disabled",
                "firm-deyang",
                "firm-meishan",
                "firm-ziyang-pending",
                "firm-chengdu",
            ]);
            all.extend(CITIES.iter().map(|c| format!("MARK-official-{c}")));
            all
        }
        Caller::Official("chengdu") => set(&[
            "official-chengdu",
            "rep-chengdu",
            "firm-chengdu",
            "disabled",
        ]),
        Caller::Official("deyang") => set(&[
            "official-deyang",
            "rep-deyang",
            "rep-deyang-colleague",
            "invitee",
            "firm-deyang",
        ]),
        Caller::Official("meishan") => set(&["official-meishan", "rep-meishan", "firm-meishan"]),
        Caller::Official("ziyang") => {
            set(&["official-ziyang", "rep-pending", "firm-ziyang-pending"])
        }
        Caller::Official(other) => panic!("no scope for {other}"),
        Caller::RepDeyang => set(&[
            "rep-deyang",
            "rep-deyang-colleague",
            "invitee",
            "firm-deyang",
        ]),
        Caller::RepMeishan => set(&["rep-meishan", "firm-meishan"]),
        Caller::RepPending => set(&["rep-pending", "firm-ziyang-pending"]),
    })
}

fn matrix() -> Vec<Entry> {
    vec![
        Entry {
            method: "MULTIPART",
            path: "/api/upload_firm_import",
            // A file of one Chengdu firm: any bureau may upload it for a preview (another
            // city's official sees its row refused), no representative may.
            form: |_| {
                vec![(
                    "file".into(),
                    "企业名称,统一社会信用代码,机构类型\r\nMARK-upload-row,91510100MA6HARN051,制造企业\r\n"
                        .into(),
                )]
            },
            expect: bureaus,
            visible: no_rows,
            undo: Some(UNDO_IMPORTS),
        },
        Entry {
            method: "GET",
            path: "/api/get_firm_import",
            form: import_form,
            expect: chengdu_uploader,
            visible: |_| Some(set(&["import-file", "import-row"])),
            undo: None,
        },
        Entry {
            method: "POST",
            path: "/api/confirm_firm_import",
            form: import_form,
            expect: chengdu_uploader,
            visible: no_rows,
            undo: Some(UNDO_IMPORTS),
        },
        Entry {
            method: "POST",
            path: "/api/discard_firm_import",
            form: import_form,
            expect: chengdu_uploader,
            visible: no_rows,
            undo: Some(UNDO_IMPORTS),
        },
        Entry {
            method: "GET",
            path: "/api/firm_import_progress",
            form: import_form,
            expect: chengdu_uploader,
            visible: no_rows,
            undo: None,
        },
        Entry {
            method: "GET",
            path: "/api/firm_import_template",
            form: no_form,
            expect: bureaus,
            visible: no_rows,
            undo: None,
        },
        Entry {
            method: "GET",
            path: "/api/export_firms",
            form: no_form,
            // Contact details in bulk: the bureaus and the admin, never a representative.
            expect: bureaus,
            visible: |_| Some(set(&["firm-deyang", "firm-meishan", "firm-chengdu"])),
            undo: None,
        },
        Entry {
            method: "GET",
            path: "/api/export_projects",
            form: no_form,
            expect: bureaus,
            visible: |caller| {
                Some(match caller {
                    Caller::Admin | Caller::Official("chengdu") => {
                        set(&["project-open", "project-draft"])
                    }
                    _ => set(&["project-open"]),
                })
            },
            undo: None,
        },
        Entry {
            method: "GET",
            path: "/api/list_projects",
            form: no_form,
            // Everyone gets a list: the open calls' public part, or more for members.
            expect: everyone,
            visible: |caller| {
                Some(match caller {
                    Caller::Admin | Caller::Official("chengdu") => {
                        set(&["project-open", "project-draft"])
                    }
                    _ => set(&["project-open"]),
                })
            },
            undo: None,
        },
        Entry {
            method: "GET",
            path: "/api/get_project",
            form: |_| vec![("project_id".into(), "900100".into())],
            expect: everyone,
            visible: |caller| {
                let interest = set(&["interest-meishan", "firm-meishan", "rep-meishan"]);
                Some(match caller {
                    Caller::Anonymous | Caller::Disabled | Caller::RepPending => {
                        set(&["project-open"])
                    }
                    Caller::Admin | Caller::Official("chengdu") | Caller::RepMeishan => {
                        whole_project().union(&interest).cloned().collect()
                    }
                    _ => whole_project(),
                })
            },
            undo: None,
        },
        Entry {
            method: "GET",
            path: "/api/get_project_form",
            form: |_| vec![("project_id".into(), "900100".into())],
            expect: chengdu_bureau,
            visible: |_| {
                Some(set(&[
                    "project-open",
                    "project-desc",
                    "official-chengdu",
                    "disabled",
                ]))
            },
            undo: None,
        },
        Entry {
            method: "POST",
            path: "/api/create_project",
            form: |seed| {
                let mut form = project_edit_form(seed);
                form.retain(|(k, _)| k != "project_id" && k != "version");
                for (k, v) in &mut form {
                    if k == "title" {
                        *v = "MARK-new-project".into();
                    }
                }
                form
            },
            // Officials post for their city; the responsible official must be of that city,
            // so another city's official is refused the form's Chengdu official (422).
            expect: |caller| match caller {
                Caller::Anonymous | Caller::Disabled => Expect::Deny(401),
                Caller::Official("chengdu") => Expect::Allow,
                Caller::Official(_) => Expect::Deny(422),
                _ => Expect::Deny(403),
            },
            visible: no_rows,
            undo: Some(
                "DELETE FROM project_revisions WHERE project_id IN
                     (SELECT id FROM projects WHERE title = 'MARK-new-project');
                 DELETE FROM projects WHERE title = 'MARK-new-project'",
            ),
        },
        Entry {
            method: "POST",
            path: "/api/update_project",
            form: project_edit_form,
            expect: chengdu_bureau,
            visible: no_rows,
            undo: Some(UNDO_PROJECT),
        },
        Entry {
            method: "POST",
            path: "/api/add_need",
            form: |seed| {
                vec![
                    ("project_id".into(), "900100".into()),
                    ("version".into(), "1".into()),
                    ("capability_id".into(), seed.servo_motors.to_string()),
                    ("level".into(), "prototype".into()),
                    ("quantity".into(), "5".into()),
                ]
            },
            expect: chengdu_bureau,
            visible: no_rows,
            undo: Some(UNDO_PROJECT),
        },
        Entry {
            method: "POST",
            path: "/api/remove_need",
            form: |_| {
                vec![
                    ("project_id".into(), "900100".into()),
                    ("version".into(), "1".into()),
                    ("need_id".into(), "900101".into()),
                ]
            },
            expect: chengdu_bureau,
            visible: no_rows,
            undo: Some(UNDO_PROJECT),
        },
        Entry {
            method: "POST",
            path: "/api/change_project_status",
            form: |_| {
                vec![
                    ("project_id".into(), "900100".into()),
                    ("status".into(), "in_execution".into()),
                ]
            },
            expect: chengdu_bureau,
            visible: no_rows,
            undo: Some(UNDO_PROJECT),
        },
        Entry {
            method: "POST",
            path: "/api/express_interest",
            form: |_| {
                vec![
                    ("project_id".into(), "900100".into()),
                    ("need_id".into(), "900101".into()),
                    ("message".into(), "MARK-new-interest".into()),
                ]
            },
            // Representatives of approved firms only.
            expect: |caller| match caller {
                Caller::Anonymous | Caller::Disabled => Expect::Deny(401),
                Caller::RepDeyang | Caller::RepMeishan => Expect::Allow,
                _ => Expect::Deny(403),
            },
            visible: no_rows,
            undo: Some(UNDO_PROJECT),
        },
        Entry {
            method: "POST",
            path: "/api/answer_interest",
            form: |_| {
                vec![
                    ("interest_id".into(), "900103".into()),
                    ("reply".into(), "MARK-reply".into()),
                ]
            },
            expect: chengdu_bureau,
            visible: no_rows,
            undo: Some(UNDO_PROJECT),
        },
        Entry {
            method: "GET",
            path: "/api/get_candidates",
            form: |_| {
                vec![
                    ("project_id".into(), "900100".into()),
                    ("need_id".into(), "900101".into()),
                ]
            },
            // Competitors side by side: the owning city's officials and the admin only.
            expect: chengdu_bureau,
            visible: |_| Some(set(&["project-open", "firm-deyang", "official-chengdu"])),
            undo: None,
        },
        Entry {
            method: "POST",
            path: "/api/set_candidate_override",
            form: |seed| {
                vec![
                    ("project_id".into(), "900100".into()),
                    ("need_id".into(), "900101".into()),
                    ("firm_id".into(), seed.deyang_firm.to_string()),
                    ("kind".into(), "exclude".into()),
                    ("reason".into(), "MARK-override-reason".into()),
                ]
            },
            expect: chengdu_bureau,
            visible: no_rows,
            undo: Some(UNDO_OVERRIDES),
        },
        Entry {
            method: "POST",
            path: "/api/clear_candidate_override",
            form: |seed| {
                vec![
                    ("project_id".into(), "900100".into()),
                    ("need_id".into(), "900101".into()),
                    ("firm_id".into(), seed.deyang_firm.to_string()),
                ]
            },
            expect: chengdu_bureau,
            visible: no_rows,
            undo: Some(UNDO_OVERRIDES),
        },
        Entry {
            method: "GET",
            path: "/api/projects_for_firm",
            form: no_form,
            // A firm's own fit, for representatives of approved firms.
            expect: |caller| match caller {
                Caller::Anonymous | Caller::Disabled => Expect::Deny(401),
                Caller::RepDeyang | Caller::RepMeishan => Expect::Allow,
                _ => Expect::Deny(403),
            },
            // The Deyang firm holds the open call's capability; the Meishan firm none.
            visible: |caller| {
                Some(match caller {
                    Caller::RepDeyang => set(&["project-open"]),
                    _ => BTreeSet::new(),
                })
            },
            undo: None,
        },
        Entry {
            method: "GET",
            path: "/api/get_need_invitations",
            form: |_| {
                vec![
                    ("project_id".into(), "900100".into()),
                    ("need_id".into(), "900107".into()),
                ]
            },
            // Every firm's proposal: the owning city's officials and the admin only; to
            // everyone else the need's invitations do not exist.
            expect: |caller| match chengdu_bureau(caller) {
                Expect::Deny(403) => Expect::Deny(404),
                other => other,
            },
            visible: |_| {
                Some(set(&[
                    "invitation-deyang",
                    "invitation-meishan",
                    "proposal-meishan",
                    "firm-deyang",
                    "firm-meishan",
                    "official-chengdu",
                ]))
            },
            undo: None,
        },
        Entry {
            method: "POST",
            path: "/api/invite_firms",
            form: |seed| {
                vec![
                    ("project_id".into(), "900100".into()),
                    ("need_id".into(), "900101".into()),
                    ("firm_ids[]".into(), seed.deyang_firm.to_string()),
                    ("message".into(), "MARK-new-invitation".into()),
                    (
                        "reply_by".into(),
                        (chrono::Utc::now().date_naive() + chrono::Days::new(7)).to_string(),
                    ),
                ]
            },
            expect: chengdu_bureau,
            visible: no_rows,
            undo: Some(undo_invitations!()),
        },
        Entry {
            method: "POST",
            path: "/api/withdraw_invitation",
            form: |_| vec![("invitation_id".into(), "900105".into())],
            expect: chengdu_bureau,
            visible: no_rows,
            undo: Some(undo_invitations!()),
        },
        Entry {
            method: "POST",
            path: "/api/accept_invitation",
            form: |_| {
                vec![
                    ("invitation_id".into(), "900105".into()),
                    ("price_min".into(), "10".into()),
                    ("price_max".into(), "12".into()),
                    ("lead_days".into(), "30".into()),
                    ("note".into(), "MARK-new-proposal".into()),
                ]
            },
            // The invited firm's own representatives only.
            expect: |caller| match caller {
                Caller::Anonymous | Caller::Disabled => Expect::Deny(401),
                Caller::RepDeyang => Expect::Allow,
                _ => Expect::Deny(404),
            },
            visible: no_rows,
            undo: Some(undo_invitations!()),
        },
        Entry {
            method: "POST",
            path: "/api/decline_invitation",
            form: |_| {
                vec![
                    ("invitation_id".into(), "900105".into()),
                    ("reason".into(), "no_capacity".into()),
                    ("note".into(), "".into()),
                ]
            },
            expect: |caller| match caller {
                Caller::Anonymous | Caller::Disabled => Expect::Deny(401),
                Caller::RepDeyang => Expect::Allow,
                _ => Expect::Deny(404),
            },
            visible: no_rows,
            undo: Some(undo_invitations!()),
        },
        Entry {
            method: "POST",
            path: "/api/select_proposal",
            form: |_| vec![("invitation_id".into(), "900106".into())],
            expect: chengdu_bureau,
            visible: no_rows,
            undo: Some(undo_invitations!()),
        },
        Entry {
            method: "POST",
            path: "/api/revoke_selection",
            form: |_| {
                vec![
                    ("project_id".into(), "900100".into()),
                    ("need_id".into(), "900109".into()),
                    ("reason".into(), "MARK-revoke-reason".into()),
                ]
            },
            expect: chengdu_bureau,
            visible: no_rows,
            undo: Some(undo_invitations!()),
        },
        Entry {
            method: "GET",
            path: "/api/my_invitations",
            form: no_form,
            // Every representative sees their own firm's invitations, and only those.
            expect: |caller| match caller {
                Caller::Anonymous | Caller::Disabled => Expect::Deny(401),
                Caller::RepDeyang | Caller::RepMeishan | Caller::RepPending => Expect::Allow,
                _ => Expect::Deny(403),
            },
            visible: |caller| {
                Some(match caller {
                    Caller::RepDeyang => set(&["project-open", "invitation-deyang"]),
                    Caller::RepMeishan => {
                        set(&["project-open", "invitation-meishan", "proposal-meishan"])
                    }
                    _ => BTreeSet::new(),
                })
            },
            undo: None,
        },
        Entry {
            method: "POST",
            path: "/api/update_need",
            form: |seed| {
                vec![
                    ("project_id".into(), "900100".into()),
                    ("version".into(), "1".into()),
                    ("need_id".into(), "900101".into()),
                    ("capability_id".into(), seed.servo_motors.to_string()),
                    ("level".into(), "mass_production".into()),
                    ("quantity".into(), "500".into()),
                    ("note".into(), "MARK-need-note".into()),
                ]
            },
            expect: chengdu_bureau,
            visible: no_rows,
            undo: Some(UNDO_PROJECT),
        },
        Entry {
            method: "GET",
            path: "/api/list_taxonomy",
            // Public reference data: no seeded rows in it.
            form: no_form,
            expect: everyone,
            visible: no_rows,
            undo: None,
        },
        Entry {
            method: "POST",
            path: "/api/add_taxonomy_entry",
            form: |_| {
                vec![
                    ("category_id".into(), String::new()),
                    ("name_zh".into(), "新环节".into()),
                    ("name_en".into(), "MARK-new-segment".into()),
                ]
            },
            expect: admin_only,
            visible: no_rows,
            undo: Some("DELETE FROM capability_categories WHERE name_en = 'MARK-new-segment'"),
        },
        Entry {
            method: "POST",
            path: "/api/rename_taxonomy_entry",
            form: |seed| {
                vec![
                    ("level".into(), "capability".into()),
                    ("id".into(), seed.servo_motors.to_string()),
                    ("name_zh".into(), "伺服电动机".into()),
                    ("name_en".into(), "MARK-renamed".into()),
                ]
            },
            expect: admin_only,
            visible: no_rows,
            undo: Some(
                "UPDATE capabilities SET name_zh = '伺服电机', name_en = 'Servo motors'
                 WHERE name_en = 'MARK-renamed'",
            ),
        },
        Entry {
            method: "POST",
            path: "/api/set_taxonomy_entry_retired",
            form: |seed| {
                vec![
                    ("level".into(), "capability".into()),
                    ("id".into(), seed.servo_motors.to_string()),
                    ("retired".into(), "true".into()),
                ]
            },
            expect: admin_only,
            visible: no_rows,
            undo: Some("UPDATE capabilities SET retired_at = NULL"),
        },
        Entry {
            method: "GET",
            path: "/api/search_firms",
            // Approved firms only, whoever of the members asks.
            form: no_form,
            expect: members,
            visible: |_| Some(set(&["firm-deyang", "firm-meishan", "firm-chengdu"])),
            undo: None,
        },
        Entry {
            method: "GET",
            path: "/api/get_firm",
            // A firm awaiting approval: its own people, its city's officials and the admin; to
            // everyone else it does not exist (the same 404 as an id that names nothing).
            form: |seed| vec![("firm_id".into(), seed.pending_firm.to_string())],
            expect: |caller| match caller {
                Caller::Anonymous | Caller::Disabled => Expect::Deny(401),
                Caller::Admin | Caller::Official("ziyang") | Caller::RepPending => Expect::Allow,
                _ => Expect::Deny(404),
            },
            visible: no_rows,
            undo: None,
        },
        Entry {
            method: "GET",
            path: "/api/get_firm",
            form: |seed| vec![("firm_id".into(), seed.deyang_firm.to_string())],
            // A pending firm's people cannot tell an approved firm from no firm.
            expect: |caller| match members(caller) {
                Expect::Deny(403) => Expect::Deny(404),
                other => other,
            },
            visible: |_| Some(set(&["firm-deyang", "cert-deyang"])),
            undo: None,
        },
        Entry {
            method: "POST",
            path: "/api/update_firm_profile",
            form: |seed| {
                let firm = seed.deyang_firm.to_string();
                [
                    ("firm_id", firm.as_str()),
                    ("version", "1"),
                    ("name", "MARK-firm-deyang"),
                    ("name_en", ""),
                    ("kind", "manufacturer"),
                    ("description", "谐波减速器"),
                    ("founded_year", "2008"),
                    ("staff_size", "120"),
                    ("website", ""),
                    ("contact_name", ""),
                    ("contact_phone", ""),
                    ("contact_email", ""),
                ]
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .collect()
            },
            expect: deyang_firm_editors,
            visible: no_rows,
            undo: Some(
                "UPDATE firms SET version = 1, description = '', founded_year = NULL,
                     staff_size = NULL WHERE name = 'MARK-firm-deyang'",
            ),
        },
        Entry {
            method: "POST",
            path: "/api/add_firm_capability",
            form: |seed| {
                vec![
                    ("firm_id".into(), seed.deyang_firm.to_string()),
                    ("capability_id".into(), seed.servo_motors.to_string()),
                    ("level".into(), "prototype".into()),
                    ("monthly_capacity".into(), "10".into()),
                    ("lead_time_days".into(), "5".into()),
                ]
            },
            expect: deyang_firm_editors,
            visible: no_rows,
            undo: Some(
                "DELETE FROM firm_capabilities WHERE capability_id =
                     (SELECT id FROM capabilities WHERE name_en = 'Servo motors')",
            ),
        },
        Entry {
            method: "POST",
            path: "/api/update_firm_capability",
            form: |_| {
                [
                    ("entry_id", "900000"),
                    ("version", "1"),
                    ("level", "mass_production"),
                    ("monthly_capacity", "500"),
                    ("lead_time_days", "20"),
                ]
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .collect()
            },
            expect: deyang_firm_editors,
            visible: no_rows,
            undo: Some(UNDO_ENTRY),
        },
        Entry {
            method: "POST",
            path: "/api/remove_firm_capability",
            form: |_| vec![("entry_id".into(), "900001".into()), ("version".into(), "1".into())],
            expect: deyang_firm_editors,
            visible: no_rows,
            undo: Some(
                "INSERT INTO firm_capabilities (id, firm_id, capability_id, level, monthly_capacity, lead_time_days)
                 OVERRIDING SYSTEM VALUE
                 SELECT 900001, f.id, c.id, 'prototype', 5, 60 FROM firms f, capabilities c
                 WHERE f.name = 'MARK-firm-deyang' AND c.name_en = 'RV reducers'",
            ),
        },
        Entry {
            method: "POST",
            path: "/api/add_certificate",
            form: |_| {
                [
                    ("entry_id", "900000"),
                    ("version", "1"),
                    ("kind", "iatf16949"),
                    ("other_name", ""),
                    ("number", "MARK-new-cert"),
                    ("issuer", "CQC"),
                    ("expires_on", "2099-12-31"),
                ]
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .collect()
            },
            expect: deyang_firm_editors,
            visible: no_rows,
            undo: Some(UNDO_ENTRY),
        },
        Entry {
            method: "POST",
            path: "/api/remove_certificate",
            form: |_| {
                vec![
                    ("certificate_id".into(), "900002".into()),
                    ("version".into(), "1".into()),
                ]
            },
            expect: deyang_firm_editors,
            visible: no_rows,
            undo: Some(UNDO_ENTRY),
        },
        Entry {
            method: "POST",
            path: "/api/verify_firm_capability",
            form: |_| vec![("entry_id".into(), "900000".into()), ("version".into(), "1".into())],
            expect: |caller| match caller {
                Caller::Anonymous | Caller::Disabled => Expect::Deny(401),
                Caller::Admin | Caller::Official("deyang") => Expect::Allow,
                _ => Expect::Deny(403),
            },
            visible: no_rows,
            undo: Some(UNDO_ENTRY),
        },
        Entry {
            method: "POST",
            path: "/api/invite_official",
            form: |_| {
                vec![
                    ("display_name".into(), "MARK-invited-official".into()),
                    ("email".into(), "invited-official@harness.test".into()),
                    ("city".into(), "meishan".into()),
                ]
            },
            expect: admin_only,
            visible: no_rows,
            undo: Some(
                "DELETE FROM one_time_links WHERE user_id IN
                     (SELECT id FROM users WHERE email = 'invited-official@harness.test');
                 DELETE FROM users WHERE email = 'invited-official@harness.test'",
            ),
        },
        Entry {
            method: "GET",
            path: "/api/list_representatives",
            form: |seed| vec![("firm_id".into(), seed.deyang_firm.to_string())],
            expect: deyang_firm_people,
            visible: |_| {
                Some(set(&[
                    "firm-deyang",
                    "rep-deyang",
                    "rep-deyang-colleague",
                    "invitee",
                ]))
            },
            undo: None,
        },
        Entry {
            method: "POST",
            path: "/api/add_representative",
            form: |seed| {
                vec![
                    ("firm_id".into(), seed.deyang_firm.to_string()),
                    ("display_name".into(), "MARK-new-colleague".into()),
                    ("email".into(), "new-colleague@harness.test".into()),
                    ("replaces".into(), String::new()),
                ]
            },
            expect: deyang_firm_people,
            visible: no_rows,
            undo: Some(
                "DELETE FROM notifications WHERE kind = 'colleague_added';
                 DELETE FROM one_time_links WHERE user_id IN
                     (SELECT id FROM users WHERE email = 'new-colleague@harness.test');
                 DELETE FROM users WHERE email = 'new-colleague@harness.test'",
            ),
        },
        Entry {
            method: "POST",
            path: "/api/issue_password_link",
            form: |seed| {
                vec![(
                    "user_id".into(),
                    seed.users["rep-deyang-colleague"].to_string(),
                )]
            },
            expect: |caller| match caller {
                Caller::Anonymous | Caller::Disabled => Expect::Deny(401),
                Caller::Admin | Caller::Official("deyang") => Expect::Allow,
                // Sees the colleague, may not reset their password.
                Caller::RepDeyang => Expect::Deny(403),
                _ => Expect::Deny(404),
            },
            visible: no_rows,
            undo: Some(
                "DELETE FROM one_time_links WHERE user_id IN
                     (SELECT id FROM users WHERE email = 'rep-deyang-colleague@harness.test')",
            ),
        },
        Entry {
            method: "POST",
            path: "/api/link_details",
            // The link is the key: whoever holds it sees whose account it opens, and only that.
            form: |_| vec![("token".into(), HARNESS_TOKEN.into())],
            expect: everyone,
            visible: |_| Some(set(&["invitee", "firm-deyang"])),
            undo: None,
        },
        Entry {
            method: "POST",
            path: "/api/set_password_by_link",
            form: |_| {
                let p = crate::helpers::TEST_PASSWORD.to_owned();
                vec![
                    ("token".into(), HARNESS_TOKEN.into()),
                    ("password".into(), p.clone()),
                    ("confirm_password".into(), p),
                ]
            },
            expect: everyone,
            visible: no_rows,
            undo: Some(
                "UPDATE one_time_links SET used_at = NULL;
                 UPDATE users SET password_hash = NULL WHERE email = 'invitee@harness.test'",
            ),
        },
        Entry {
            method: "POST",
            path: "/api/register_firm",
            // Anyone may register a firm; each call is undone before the next caller's.
            form: |_| {
                let code = app::domain::credit_code::CreditCode::complete("91510600MA6HARN09")
                    .expect("code");
                let p = crate::helpers::TEST_PASSWORD.to_owned();
                [
                    ("firm_name", "MARK-new-firm"),
                    ("credit_code", code.as_str()),
                    ("city", "deyang"),
                    ("kind", "manufacturer"),
                    ("rep_name", "MARK-new-rep"),
                    ("email", "new-rep@harness.test"),
                    ("password", &p),
                    ("confirm_password", &p),
                ]
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .collect()
            },
            expect: everyone,
            visible: no_rows,
            undo: Some(
                "DELETE FROM notifications WHERE params->>'firm_name' = 'MARK-new-firm';
                 DELETE FROM users WHERE email = 'new-rep@harness.test';
                 DELETE FROM firms WHERE name = 'MARK-new-firm'",
            ),
        },
        Entry {
            method: "GET",
            path: "/api/list_pending_firms",
            form: no_form,
            expect: |c| match c {
                Caller::Anonymous | Caller::Disabled => Expect::Deny(401),
                Caller::Admin | Caller::Official(_) => Expect::Allow,
                _ => Expect::Deny(403),
            },
            visible: review_queue,
            undo: None,
        },
        Entry {
            method: "POST",
            path: "/api/approve_firm",
            form: |seed| vec![("firm_id".into(), seed.pending_firm.to_string())],
            expect: reviewers_only,
            visible: no_rows,
            undo: Some(UNDO_REVIEW),
        },
        Entry {
            method: "POST",
            path: "/api/reject_firm",
            form: |seed| {
                vec![
                    ("firm_id".into(), seed.pending_firm.to_string()),
                    ("reason".into(), "incomplete".into()),
                ]
            },
            expect: reviewers_only,
            visible: no_rows,
            undo: Some(UNDO_REVIEW),
        },
        Entry {
            method: "GET",
            path: "/api/list_notifications",
            form: no_form,
            expect: signed_in_only,
            visible: own_note,
            undo: None,
        },
        Entry {
            method: "POST",
            path: "/api/mark_notification_read",
            // The admin's: theirs to mark, nobody else's even to see.
            form: |seed| vec![("id".into(), seed.notes["admin"].to_string())],
            expect: |c| match c {
                Caller::Anonymous | Caller::Disabled => Expect::Deny(401),
                Caller::Admin => Expect::Allow,
                _ => Expect::Deny(404),
            },
            visible: no_rows,
            undo: Some("UPDATE notifications SET read_at = NULL"),
        },
        Entry {
            method: "POST",
            path: "/api/mark_all_notifications_read",
            form: no_form,
            expect: signed_in_only,
            visible: no_rows,
            undo: Some("UPDATE notifications SET read_at = NULL"),
        },
        Entry {
            method: "GET",
            path: "/healthz",
            form: no_form,
            expect: everyone,
            visible: no_rows,
            undo: None,
        },
        Entry {
            method: "GET",
            path: "/readyz",
            form: no_form,
            expect: everyone,
            visible: no_rows,
            undo: None,
        },
        Entry {
            method: "GET",
            path: "/api/list_cities",
            form: no_form,
            expect: everyone,
            visible: no_rows,
            undo: None,
        },
        Entry {
            method: "POST",
            path: "/api/set_language",
            form: |_| vec![("lang".into(), "en".into()), ("next".into(), "/".into())],
            expect: everyone,
            visible: no_rows,
            undo: Some("UPDATE users SET language = NULL"),
        },
        Entry {
            method: "POST",
            path: "/api/sign_in",
            // Everyone may try; this signs in as the Chengdu firm's representative.
            form: |_| {
                vec![
                    ("email".into(), "rep-chengdu@harness.test".into()),
                    ("password".into(), crate::helpers::TEST_PASSWORD.into()),
                    ("next".into(), "/".into()),
                ]
            },
            expect: everyone,
            visible: |_| Some(BTreeSet::new()),
            undo: None,
        },
        Entry {
            method: "GET",
            path: "/api/sign_in_email",
            form: no_form,
            expect: everyone,
            visible: |_| Some(BTreeSet::new()),
            undo: None,
        },
        Entry {
            method: "POST",
            path: "/api/sign_out",
            form: no_form,
            expect: everyone,
            visible: no_rows,
            undo: None,
        },
        Entry {
            method: "GET",
            path: "/api/get_current_user",
            form: no_form,
            expect: everyone,
            visible: own_marker,
            undo: None,
        },
        Entry {
            method: "POST",
            path: "/api/change_password",
            // The same password again: a real change (a new hash; the caller's other sessions end) that later sign-ins survive.
            form: |_| {
                let p = crate::helpers::TEST_PASSWORD.to_owned();
                vec![
                    ("current_password".into(), p.clone()),
                    ("new_password".into(), p.clone()),
                    ("confirm_password".into(), p),
                ]
            },
            expect: signed_in_only,
            visible: no_rows,
            undo: None,
        },
        Entry {
            method: "GET",
            path: "/api/list_accounts",
            form: no_form,
            expect: signed_in_only,
            visible: account_scope,
            undo: None,
        },
        Entry {
            method: "POST",
            path: "/api/set_account_status",
            form: |seed| {
                vec![
                    (
                        "user_id".into(),
                        seed.users["rep-deyang-colleague"].to_string(),
                    ),
                    ("active".into(), "false".into()),
                ]
            },
            expect: |caller| match caller {
                Caller::Anonymous | Caller::Disabled => Expect::Deny(401),
                Caller::Admin | Caller::Official("deyang") => Expect::Allow,
                // Sees the colleague, may not disable them.
                Caller::RepDeyang => Expect::Deny(403),
                // Out of their sight.
                _ => Expect::Deny(404),
            },
            visible: no_rows,
            undo: Some(
                "UPDATE users SET status = 'active' WHERE email = 'rep-deyang-colleague@harness.test'",
            ),
        },
        Entry {
            method: "POST",
            path: "/api/submit_milestone",
            form: |_| vec![("milestone_id".into(), "900303".into())],
            expect: |caller| milestone_step(caller, Caller::RepDeyang),
            visible: no_rows,
            undo: Some(UNDO_EXECUTION),
        },
        Entry {
            method: "POST",
            path: "/api/start_milestone",
            // The planned sample milestone.
            form: |_| vec![("milestone_id".into(), "900310".into())],
            expect: |caller| match caller {
                Caller::Official("chengdu") | Caller::RepDeyang => Expect::Allow,
                other => milestone_step(other, Caller::RepDeyang),
            },
            visible: no_rows,
            undo: Some(UNDO_EXECUTION),
        },
        Entry {
            method: "POST",
            path: "/api/update_milestone",
            form: |_| {
                vec![
                    ("milestone_id".into(), "900304".into()),
                    ("version".into(), "1".into()),
                    ("name".into(), String::new()),
                    ("deliverable".into(), "台架试验报告".into()),
                    ("due_on".into(), "2099-07-01".into()),
                    ("acceptance".into(), "回差不大于 1 弧分".into()),
                ]
            },
            expect: execution_managers,
            visible: no_rows,
            undo: Some(UNDO_EXECUTION),
        },
        Entry {
            method: "POST",
            path: "/api/move_milestone",
            form: |_| {
                vec![
                    ("milestone_id".into(), "900304".into()),
                    ("direction".into(), "earlier".into()),
                ]
            },
            expect: execution_managers,
            visible: no_rows,
            undo: Some(UNDO_EXECUTION),
        },
        Entry {
            method: "POST",
            path: "/api/accept_milestone",
            form: |_| vec![("milestone_id".into(), "900304".into())],
            expect: |caller| milestone_step(caller, Caller::Official("chengdu")),
            visible: no_rows,
            undo: Some(UNDO_EXECUTION),
        },
        Entry {
            method: "POST",
            path: "/api/reject_milestone",
            form: |_| {
                vec![
                    ("milestone_id".into(), "900304".into()),
                    ("reason".into(), "扭转刚度未达标".into()),
                ]
            },
            expect: |caller| milestone_step(caller, Caller::Official("chengdu")),
            visible: no_rows,
            undo: Some(UNDO_EXECUTION),
        },
        Entry {
            method: "MULTIPART",
            path: "/api/post_report",
            form: |_| {
                vec![
                    ("milestone_id".into(), "900303".into()),
                    ("reported_on".into(), "2026-12-01".into()),
                    ("percent".into(), "60".into()),
                    ("body".into(), "样机完成装配，开始台架测试。".into()),
                    ("files".into(), "%PDF-1.7\n%%EOF\n".into()),
                ]
            },
            // The participant's representatives and the owning city's officials; the other
            // bureaus and the admin read the execution but write no report on it.
            expect: |caller| match caller {
                Caller::Official("chengdu") | Caller::RepDeyang => Expect::Allow,
                other => milestone_step(other, Caller::RepDeyang),
            },
            visible: no_rows,
            undo: Some(UNDO_EXECUTION),
        },
        Entry {
            method: "GET",
            path: "/api/report_file",
            form: |_| vec![("file_id".into(), "900309".into())],
            // Those who read the Deyang participant's work: every bureau, the admin and the
            // participant; the file's bytes are the answer.
            expect: |caller| match caller {
                Caller::Anonymous | Caller::Disabled => Expect::Deny(401),
                other => execution_readers(other),
            },
            visible: |_| Some(set(&["file-deyang"])),
            undo: None,
        },
        Entry {
            method: "GET",
            path: "/api/get_execution",
            form: |_| vec![("project_id".into(), "900300".into())],
            expect: execution_readers,
            visible: execution_seen,
            undo: None,
        },
        Entry {
            method: "POST",
            path: "/api/add_risk",
            form: |_| {
                vec![
                    ("project_id".into(), "900300".into()),
                    ("title".into(), "减速器交期".into()),
                    ("description".into(), String::new()),
                    ("severity".into(), "high".into()),
                    ("likelihood".into(), "low".into()),
                    ("owner".into(), "participant:900302".into()),
                    ("due_on".into(), "2099-03-01".into()),
                    ("mitigation".into(), String::new()),
                ]
            },
            expect: execution_managers,
            visible: no_rows,
            undo: Some(UNDO_EXECUTION),
        },
        Entry {
            method: "POST",
            path: "/api/update_risk",
            form: |_| {
                vec![
                    ("risk_id".into(), "900305".into()),
                    ("version".into(), "1".into()),
                    ("title".into(), "减速器交期".into()),
                    ("description".into(), String::new()),
                    ("severity".into(), "medium".into()),
                    ("likelihood".into(), "low".into()),
                    ("owner".into(), String::new()),
                    ("due_on".into(), String::new()),
                    ("mitigation".into(), "备选供应商".into()),
                    ("state".into(), "mitigated".into()),
                ]
            },
            expect: execution_managers,
            visible: no_rows,
            undo: Some(UNDO_EXECUTION),
        },
        Entry {
            method: "POST",
            path: "/api/escalate_risk",
            form: |_| {
                vec![
                    ("risk_id".into(), "900305".into()),
                    ("reason".into(), "需要省级协调".into()),
                ]
            },
            expect: execution_managers,
            visible: no_rows,
            undo: Some(UNDO_EXECUTION),
        },
        Entry {
            method: "POST",
            path: "/api/deescalate_risk",
            form: |_| vec![("risk_id".into(), "900306".into())],
            expect: execution_managers,
            visible: no_rows,
            undo: Some(UNDO_EXECUTION),
        },
        Entry {
            method: "POST",
            path: "/api/override_health",
            form: |_| {
                vec![
                    ("project_id".into(), "900300".into()),
                    ("participant_id".into(), String::new()),
                    ("health".into(), "amber".into()),
                    ("reason".into(), "验收资料滞后".into()),
                ]
            },
            expect: execution_managers,
            visible: no_rows,
            undo: Some(UNDO_EXECUTION),
        },
        Entry {
            method: "POST",
            path: "/api/clear_health_override",
            form: |_| {
                vec![
                    ("project_id".into(), "900300".into()),
                    ("participant_id".into(), "900302".into()),
                ]
            },
            expect: execution_managers,
            visible: no_rows,
            undo: Some(UNDO_EXECUTION),
        },
        Entry {
            method: "POST",
            path: "/api/record_disbursement",
            // The project planned nothing: every payment overspends, so it comes with its reason.
            form: |_| {
                vec![
                    ("project_id".into(), "900300".into()),
                    ("paid_on".into(), "2026-01-15".into()),
                    ("amount".into(), "12.5".into()),
                    ("source".into(), "city".into()),
                    ("recipient".into(), "participant:900302".into()),
                    ("note".into(), "首笔拨付".into()),
                    ("overspend_reason".into(), "追加样机试验".into()),
                ]
            },
            expect: execution_managers,
            visible: no_rows,
            undo: Some(UNDO_EXECUTION),
        },
        Entry {
            method: "POST",
            path: "/api/post_message",
            form: |_| {
                vec![
                    ("project_id".into(), "900300".into()),
                    ("body".into(), "样机已发出，请查收。".into()),
                ]
            },
            // The owning city's officials, the participant and the admin; the other bureaus read
            // the execution but are not in its discussion.
            expect: |caller| match caller {
                Caller::Anonymous | Caller::Disabled => Expect::Deny(401),
                Caller::Official("chengdu") | Caller::Admin | Caller::RepDeyang => Expect::Allow,
                Caller::Official(_) => Expect::Deny(403),
                Caller::RepMeishan | Caller::RepPending => Expect::Deny(404),
            },
            visible: no_rows,
            undo: Some(UNDO_EXECUTION),
        },
        Entry {
            method: "POST",
            path: "/api/edit_message",
            form: |_| {
                vec![
                    ("message_id".into(), "900307".into()),
                    ("body".into(), "请各方本周四前更新样机进度。".into()),
                ]
            },
            // Its author alone.
            expect: execution_managers,
            visible: no_rows,
            undo: Some(UNDO_EXECUTION),
        },
        Entry {
            method: "GET",
            path: "/api/list_portfolio",
            form: no_form,
            expect: members,
            visible: portfolio_seen,
            undo: None,
        },
        Entry {
            method: "GET",
            path: "/api/export_portfolio",
            form: no_form,
            expect: bureaus,
            visible: portfolio_seen,
            undo: None,
        },
        Entry {
            method: "GET",
            path: "/api/get_alliance_settings",
            form: no_form,
            expect: admin_only,
            visible: no_rows,
            undo: None,
        },
        Entry {
            method: "POST",
            path: "/api/set_health_settings",
            form: |_| {
                vec![
                    ("version".into(), "1".into()),
                    ("red_overdue_days".into(), "21".into()),
                    ("stale_report_days".into(), "45".into()),
                ]
            },
            expect: admin_only,
            visible: no_rows,
            undo: Some(UNDO_SETTINGS),
        },
    ]
}

/// A digest of every domain table (everything but the session store, the audit trail and the
/// migrations' bookkeeping), to show a refused call changed nothing.
async fn domain_digest(app: &TestApp) -> BTreeMap<String, String> {
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT tablename::text FROM pg_tables WHERE schemaname = 'public'
           AND tablename NOT IN ('sessions', 'audit_log', '_sqlx_migrations') ORDER BY 1",
    )
    .fetch_all(&app.db)
    .await
    .expect("tables");
    let mut digest = BTreeMap::new();
    for table in tables {
        let sum: String = sqlx::query_scalar(&format!(
            "SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM \"{table}\" t"
        ))
        .fetch_one(&app.db)
        .await
        .expect("digest");
        digest.insert(table, sum);
    }
    digest
}

/// A browser signed in as `caller` (for `Disabled`: signed in, then disabled behind its back).
async fn browser_for(app: &TestApp, caller: Caller) -> Browser {
    let browser = app.browser();
    if let Some(email) = email_of(caller) {
        browser.sign_in_ok(&email).await;
    }
    if caller == Caller::Disabled {
        sqlx::query(
            "WITH u AS (UPDATE users SET status = 'disabled' WHERE email = 'disabled@harness.test' RETURNING id)
             UPDATE user_sessions SET ended_at = now() WHERE user_id IN (SELECT id FROM u)",
        )
            .execute(&app.db)
            .await
            .expect("disable");
    }
    browser
}

async fn restore_disabled(app: &TestApp) {
    sqlx::query("UPDATE users SET status = 'active' WHERE email = 'disabled@harness.test'")
        .execute(&app.db)
        .await
        .expect("enable");
}

/// A form's fields as a multipart upload, each as a file named after its field.
fn multipart(form: Vec<(String, String)>) -> reqwest::multipart::Form {
    form.into_iter().fold(
        reqwest::multipart::Form::new(),
        |multipart, (field, value)| {
            let part = reqwest::multipart::Part::bytes(value.into_bytes())
                .file_name(format!("{field}.csv"));
            multipart.part(field, part)
        },
    )
}

fn markers_in(body: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut rest = body;
    while let Some(at) = rest.find("MARK-") {
        let tail = &rest[at..];
        let end = tail
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
            .unwrap_or(tail.len());
        found.insert(tail[..end].to_owned());
        rest = &tail[end..];
    }
    found
}

#[test]
fn every_server_function_and_route_has_an_entry_in_the_matrix() {
    let registered: BTreeSet<(String, String)> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, method)| (method.to_string(), path.to_owned()))
        .chain(
            server::startup::non_page_routes()
                .into_iter()
                .map(|(m, p, _)| (m.to_string(), p.to_owned())),
        )
        .collect();
    let covered: BTreeSet<(String, String)> = matrix()
        .iter()
        .map(|e| {
            let method = if e.method == "MULTIPART" {
                "POST"
            } else {
                e.method
            };
            (method.to_owned(), e.path.to_owned())
        })
        .collect();
    let missing: Vec<_> = registered.difference(&covered).collect();
    assert!(
        missing.is_empty(),
        "server functions or routes without rows in the access matrix: {missing:?}"
    );
    let stale: Vec<_> = covered.difference(&registered).collect();
    assert!(
        stale.is_empty(),
        "matrix rows for nothing registered: {stale:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_caller_gets_exactly_what_the_policy_allows() {
    let app = spawn_app().await;
    let seed = seed(&app).await;
    let mut failures = Vec::new();

    for entry in matrix() {
        for caller in callers() {
            let browser = browser_for(&app, caller).await;
            let before = domain_digest(&app).await;
            let form = (entry.form)(&seed);
            let request = match entry.method {
                "GET" => browser.client.get(browser.url(entry.path)).query(&form),
                "POST" => browser.client.post(browser.url(entry.path)).form(&form),
                "MULTIPART" => browser
                    .client
                    .post(browser.url(entry.path))
                    .multipart(multipart(form)),
                other => panic!("method {other}"),
            };
            let response = request.send().await.expect("sent");
            let status = response.status().as_u16();
            let body = response.text().await.unwrap_or_default();
            let label = format!("{} {} as {caller:?}", entry.method, entry.path);

            match (entry.expect)(caller) {
                Expect::Allow => {
                    if status >= 400 {
                        failures.push(format!("{label}: expected allow, got {status}: {body}"));
                    } else if let Some(scope) = (entry.visible)(caller) {
                        let seen = markers_in(&body);
                        if !seen.is_subset(&scope) || (!scope.is_empty() && seen != scope) {
                            failures
                                .push(format!("{label}: saw {seen:?}, may see exactly {scope:?}"));
                        }
                    }
                    if let Some(undo) = entry.undo {
                        sqlx::raw_sql(undo).execute(&app.db).await.expect("undo");
                    }
                }
                Expect::Deny(expected) => {
                    if status != expected {
                        failures.push(format!(
                            "{label}: expected {expected}, got {status}: {body}"
                        ));
                    }
                    if domain_digest(&app).await != before {
                        failures.push(format!("{label}: refused, yet the domain tables changed"));
                    }
                    if !markers_in(&body).is_empty() {
                        failures.push(format!("{label}: a refusal carried seeded data: {body}"));
                    }
                }
            }
            if caller == Caller::Disabled {
                restore_disabled(&app).await;
            }
        }
    }
    assert!(
        failures.is_empty(),
        "access matrix failures:\n{}",
        failures.join("\n")
    );
}

/// A field no function declares (a city, a status) is refused, never silently dropped: every
/// state-changing function, called by the admin (who may do the most) with its own fields and
/// one more, answers 422 and changes nothing.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_field_a_function_does_not_take_is_refused_and_changes_nothing() {
    let app = spawn_app().await;
    let seed = seed(&app).await;
    let admin = browser_for(&app, Caller::Admin).await;
    let mut failures = Vec::new();
    for entry in matrix().into_iter().filter(|e| e.method == "POST") {
        for extra in [
            ("city", "chengdu"),
            ("status", "approved"),
            ("role", "admin"),
        ] {
            let mut form = (entry.form)(&seed);
            if form.iter().any(|(field, _)| field == extra.0) {
                // A field the function does take (registration's city) is not unknown to it.
                continue;
            }
            form.push((extra.0.to_owned(), extra.1.to_owned()));
            let before = domain_digest(&app).await;
            let response = admin
                .client
                .post(admin.url(entry.path))
                .form(&form)
                .send()
                .await
                .expect("sent");
            let status = response.status().as_u16();
            let body = response.text().await.unwrap_or_default();
            if status != 422 || !body.contains("unknown_field") {
                failures.push(format!(
                    "{} with {}: got {status}: {body}",
                    entry.path, extra.0
                ));
            }
            if domain_digest(&app).await != before {
                failures.push(format!(
                    "{} with {}: the domain tables changed",
                    entry.path, extra.0
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "extra fields not refused:\n{}",
        failures.join("\n")
    );
}

/// Who may not act hears so whatever they typed: every state-changing function, called by
/// every caller it refuses with its subject's ids as seeded and every other field made
/// unreadable (too long, no number, no date, no choice), answers the refusal of the matrix
/// (never 422) and changes nothing. The policy is asked before the input is read.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_caller_hears_the_refusal_whatever_the_input() {
    let app = spawn_app().await;
    let seed = seed(&app).await;
    let unreadable = format!("%不是-{}", "x".repeat(20_000));
    let mut failures = Vec::new();
    for entry in matrix()
        .into_iter()
        .filter(|e| matches!(e.method, "POST" | "MULTIPART"))
    {
        for caller in callers() {
            let Expect::Deny(expected) = (entry.expect)(caller) else {
                continue;
            };
            let browser = browser_for(&app, caller).await;
            let form: Vec<(String, String)> = (entry.form)(&seed)
                .into_iter()
                .map(|(field, value)| {
                    // The ids name the subject (`replaces`: the representative replaced).
                    if field.ends_with("_id")
                        || matches!(field.as_str(), "id" | "version" | "replaces")
                    {
                        (field, value)
                    } else {
                        (field, unreadable.clone())
                    }
                })
                .collect();
            let before = domain_digest(&app).await;
            let request = browser.client.post(browser.url(entry.path));
            let request = match entry.method {
                "MULTIPART" => request.multipart(multipart(form)),
                _ => request.form(&form),
            };
            let response = request.send().await.expect("sent");
            let status = response.status().as_u16();
            if status != expected {
                let body = response.text().await.unwrap_or_default();
                let body: String = body.chars().take(300).collect();
                failures.push(format!(
                    "{} as {caller:?}: expected {expected}, got {status}: {body}",
                    entry.path
                ));
            }
            if domain_digest(&app).await != before {
                failures.push(format!(
                    "{} as {caller:?}: refused, yet the domain tables changed",
                    entry.path
                ));
            }
            if caller == Caller::Disabled {
                restore_disabled(&app).await;
            }
        }
    }
    assert!(
        failures.is_empty(),
        "input read before the policy:\n{}",
        failures.join("\n")
    );
}
