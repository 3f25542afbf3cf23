//! The access policy: one place that decides whether an actor may take an action on a resource.
//! Pure and deny-by-default. Every server function asks it after loading its target; list
//! queries also take the actor's scope into their SQL, so nothing out of scope is even loaded.
//!
//! Every later feature adds its actions here, with rows in the table test below and in the
//! integration tests' access harness.

use super::account::{Actor, FirmId, FirmStatus, Role, RoleKind, UserId};
use super::city::CityCode;
use super::project::ProjectStatus;

/// An account as the policy needs to see it when someone acts on it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccountSubject {
    pub user: UserId,
    pub kind: RoleKind,
    /// The official's city, or the city of the representative's firm; none for the admin.
    pub city: Option<CityCode>,
    pub firm: Option<FirmId>,
}

/// A firm as the policy needs to see it when someone reviews it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FirmSubject {
    pub firm: FirmId,
    pub city: CityCode,
}

/// A project as the policy needs to see it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProjectSubject {
    /// The owning city: the poster's.
    pub city: CityCode,
    pub status: ProjectStatus,
}

/// A project in execution as the policy needs to see it: the project and the firms taking
/// part in it (one per filled need).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExecutionSubject<'a> {
    pub project: &'a ProjectSubject,
    pub participants: &'a [FirmId],
}

/// What someone wants to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action<'a> {
    /// Read and mark one's own notifications.
    ReadOwnNotifications,
    /// See the firms awaiting approval in one's scope (see [`firm_review_scope`]).
    ListPendingFirms,
    /// Approve or reject a firm's registration.
    ReviewFirm(&'a FirmSubject),
    /// See one's own account, change one's own password or language.
    ManageOwnAccount,
    /// List the accounts in one's scope (see [`account_scope`]).
    ListAccounts,
    /// Disable or re-enable an account.
    SetAccountStatus(&'a AccountSubject),
    /// Invite an official of a city (an account and its one-time link).
    InviteOfficial,
    /// See a firm's representatives.
    ListRepresentatives(&'a FirmSubject),
    /// Add a colleague to a firm as another representative, with a one-time link.
    AddRepresentative(&'a FirmSubject, FirmStatus),
    /// Add a representative in place of one who left (whose account is disabled).
    ReplaceRepresentative(&'a FirmSubject, FirmStatus),
    /// Issue a password reset link for an account.
    IssuePasswordReset(&'a AccountSubject),
    /// Search the directory of approved firms.
    SearchDirectory,
    /// See a firm's page: its profile, capabilities and certificates.
    ViewFirm(&'a FirmSubject, FirmStatus),
    /// Change a firm's profile and capabilities (not its legal name: see below).
    EditFirm(&'a FirmSubject),
    /// Change a firm's legal (Chinese) name, which its city's bureau approved.
    EditFirmLegalName(&'a FirmSubject, FirmStatus),
    /// Confirm a capability a firm claims: the top rung of the trust ladder.
    VerifyCapability(&'a FirmSubject),
    /// Add, rename, retire and restore entries of the capability taxonomy.
    ManageTaxonomy,
    /// See an open call's public part (title, summary, city, segment, stage, capabilities).
    ViewOpenCall(ProjectStatus),
    /// See a project whole: budget, description, contacts, needs in full, history.
    ViewProject(&'a ProjectSubject),
    /// Post a new project (it belongs to the poster's city).
    CreateProject,
    /// Change a project's content and needs, and move it through its lifecycle.
    EditProject(&'a ProjectSubject),
    /// Express a firm's interest in a project.
    ExpressInterest(&'a ProjectSubject),
    /// See every firm's expressions of interest in a project and answer them.
    AnswerInterests(&'a ProjectSubject),
    /// See the ranked candidates for a project's needs and pin or exclude firms: competitors'
    /// standing side by side, so only the owning city's officials (and the admin).
    MatchCandidates(&'a ProjectSubject),
    /// See the open projects that fit one's own firm, with its own score.
    SeeProjectsForFirm,
    /// Invite firms to a project's needs, withdraw invitations, compare the proposals, select
    /// one and revoke a selection: the owning city's officials (and the admin).
    ManageInvitations(&'a ProjectSubject),
    /// See a need's invitations and every firm's proposal side by side: the same people.
    SeeNeedInvitations(&'a ProjectSubject),
    /// Answer an invitation addressed to this firm (accept with a proposal or decline).
    AnswerInvitation(FirmId),
    /// See one's own firm's invitations and proposals.
    SeeOwnInvitations,
    /// Upload a spreadsheet of firms for a preview (see [`import_scope`] for whose firms).
    ImportFirms,
    /// See, confirm or discard a preview: only the one who uploaded it.
    UseImport { uploaded_by: UserId },
    /// Download a directory search or a project list as a spreadsheet: contact details in bulk
    /// are personal data, so the bureaus and the admin only.
    ExportSpreadsheet,
    /// See a project's execution: its participants' milestones, its health, risks, timeline
    /// and the money planned. Every bureau and the admin; a participant's representatives.
    ViewExecution(&'a ExecutionSubject<'a>),
    /// Run a project's execution: edit its milestones, accept or reject them, record
    /// disbursements, manage and escalate risks, override the health. The owning city's
    /// officials only (the admin and the other bureaus read).
    ManageExecution(&'a ProjectSubject),
    /// Submit a participant's milestone for acceptance: that participant's representatives.
    SubmitMilestone(FirmId),
    /// Post a progress report on a participant's milestone: its representatives, and the
    /// owning city's officials.
    PostReport(&'a ProjectSubject, FirmId),
    /// Read what concerns one participant alone: its reports and their files, the payments
    /// made to it. Every bureau and the admin, and that participant's representatives; never
    /// another participant.
    ReadParticipantWork(FirmId),
    /// Write in a project's discussion (and read it): the owning city's officials, the
    /// participants' representatives and the admin.
    Discuss(&'a ExecutionSubject<'a>),
    /// Read and change the alliance's settings (the health rules' thresholds): the admin.
    ManageSettings,
    /// Read a project's money as a whole: what each source planned and paid, and the payments
    /// made to the project rather than to one participant. The bureaus and the admin (a firm
    /// reads only the payments made to it, `ReadParticipantWork`).
    ReadProjectMoney,
}

/// Whose firms an actor may import.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImportScope {
    /// An official: firms of their own city only (a row naming another city is refused).
    City(CityCode),
    /// The admin: firms of any member city, each row naming its own.
    Alliance,
}

pub fn import_scope(actor: &Actor) -> Option<ImportScope> {
    match &actor.role {
        Role::Admin => Some(ImportScope::Alliance),
        Role::Official { city } => Some(ImportScope::City(city.clone())),
        Role::FirmRep { .. } => None,
    }
}

/// Whether `actor` (none for a visitor) may take `action`. Anything not allowed here is denied.
pub fn allows(actor: Option<&Actor>, action: &Action<'_>) -> bool {
    let Some(actor) = actor else {
        // Visitors may only do what needs no account: read the open calls.
        return matches!(action, Action::ViewOpenCall(ProjectStatus::Open));
    };
    match action {
        Action::ManageOwnAccount | Action::ListAccounts | Action::ReadOwnNotifications => true,
        Action::ListPendingFirms => firm_review_scope(actor).is_some(),
        // Only the firm's city's officials (and the admin) decide on it.
        Action::ReviewFirm(firm) => match &actor.role {
            Role::Admin => true,
            Role::Official { city } => *city == firm.city,
            Role::FirmRep { .. } => false,
        },
        Action::SetAccountStatus(subject) => {
            // Nobody locks themselves out.
            if subject.user == actor.user {
                return false;
            }
            match &actor.role {
                Role::Admin => true,
                // A city's officials look after the representatives of their city's firms.
                Role::Official { city } => {
                    subject.kind == RoleKind::FirmRep && subject.city.as_ref() == Some(city)
                }
                Role::FirmRep { .. } => false,
            }
        }
        Action::InviteOfficial => actor.role == Role::Admin,
        Action::ListRepresentatives(firm) => match &actor.role {
            Role::Admin => true,
            Role::Official { city } => *city == firm.city,
            Role::FirmRep { firm: own, .. } => *own == firm.firm,
        },
        // Colleagues join approved firms only; the firm's own representatives add them, and
        // so do its city's officials.
        Action::AddRepresentative(firm, status) => {
            *status == FirmStatus::Approved
                && match &actor.role {
                    Role::Admin => true,
                    Role::Official { city } => *city == firm.city,
                    Role::FirmRep { firm: own, .. } => *own == firm.firm,
                }
        }
        // Only the bureau (and the admin) replaces someone: a representative cannot push a
        // colleague out.
        Action::ReplaceRepresentative(firm, status) => {
            *status == FirmStatus::Approved
                && match &actor.role {
                    Role::Admin => true,
                    Role::Official { city } => *city == firm.city,
                    Role::FirmRep { .. } => false,
                }
        }
        Action::IssuePasswordReset(subject) => {
            // One's own password is changed on the account page, with the current one.
            if subject.user == actor.user {
                return false;
            }
            match &actor.role {
                Role::Admin => true,
                // A city's officials reset the passwords of their city's firms' people; the
                // admin looks after officials.
                Role::Official { city } => {
                    subject.kind == RoleKind::FirmRep && subject.city.as_ref() == Some(city)
                }
                Role::FirmRep { .. } => false,
            }
        }
        Action::SearchDirectory => approved_member(actor),
        // Approved firms are seen by every member; a firm awaiting approval (or rejected) by
        // its own people, its city's officials (who review it) and the admin.
        Action::ViewFirm(firm, status) => match &actor.role {
            Role::Admin => true,
            Role::Official { city } => *status == FirmStatus::Approved || *city == firm.city,
            Role::FirmRep { firm: own, .. } => {
                *own == firm.firm || (*status == FirmStatus::Approved && approved_member(actor))
            }
        },
        Action::EditFirm(firm) => match &actor.role {
            Role::Admin => true,
            Role::Official { .. } => false,
            Role::FirmRep { firm: own, .. } => *own == firm.firm,
        },
        // The bureau approved the firm under this name: afterwards only the admin changes it.
        Action::EditFirmLegalName(firm, status) => match &actor.role {
            Role::Admin => true,
            Role::Official { .. } => false,
            Role::FirmRep { firm: own, .. } => *own == firm.firm && *status != FirmStatus::Approved,
        },
        Action::VerifyCapability(firm) => match &actor.role {
            Role::Admin => true,
            Role::Official { city } => *city == firm.city,
            Role::FirmRep { .. } => false,
        },
        Action::ManageTaxonomy => actor.role == Role::Admin,
        Action::ViewOpenCall(status) => *status == ProjectStatus::Open,
        // Drafts stay with their city's bureau (and the admin); the rest is for every member.
        Action::ViewProject(project) => match &actor.role {
            Role::Admin => true,
            Role::Official { city } => {
                project.status != ProjectStatus::Draft || *city == project.city
            }
            Role::FirmRep { .. } => {
                project.status != ProjectStatus::Draft && approved_member(actor)
            }
        },
        Action::CreateProject => matches!(actor.role, Role::Official { .. }),
        Action::EditProject(project)
        | Action::AnswerInterests(project)
        | Action::MatchCandidates(project)
        | Action::ManageInvitations(project)
        | Action::SeeNeedInvitations(project) => match &actor.role {
            Role::Admin => true,
            Role::Official { city } => *city == project.city,
            Role::FirmRep { .. } => false,
        },
        // A firm of the alliance speaks for itself; whether the call is still open is a rule
        // of the lifecycle, answered with a conflict.
        Action::ExpressInterest(project) => {
            matches!(actor.role, Role::FirmRep { .. })
                && approved_member(actor)
                && project.status != ProjectStatus::Draft
        }
        Action::SeeProjectsForFirm => {
            matches!(actor.role, Role::FirmRep { .. }) && approved_member(actor)
        }
        // Only the invited firm's own people answer, and only while the firm is a member.
        Action::AnswerInvitation(firm) => match &actor.role {
            Role::FirmRep { firm: own, .. } => *own == *firm && approved_member(actor),
            Role::Admin | Role::Official { .. } => false,
        },
        Action::SeeOwnInvitations => matches!(actor.role, Role::FirmRep { .. }),
        Action::ImportFirms => import_scope(actor).is_some(),
        Action::UseImport { uploaded_by } => {
            *uploaded_by == actor.user && import_scope(actor).is_some()
        }
        Action::ExportSpreadsheet => matches!(actor.role, Role::Admin | Role::Official { .. }),
        Action::ViewExecution(execution) => match &actor.role {
            Role::Admin | Role::Official { .. } => true,
            Role::FirmRep { firm, .. } => {
                approved_member(actor) && execution.participants.contains(firm)
            }
        },
        Action::ManageExecution(project) => {
            matches!(&actor.role, Role::Official { city } if *city == project.city)
        }
        Action::SubmitMilestone(participant) => match &actor.role {
            Role::FirmRep { firm, .. } => firm == participant && approved_member(actor),
            Role::Admin | Role::Official { .. } => false,
        },
        Action::PostReport(project, participant) => match &actor.role {
            Role::Official { city } => *city == project.city,
            Role::FirmRep { firm, .. } => firm == participant && approved_member(actor),
            Role::Admin => false,
        },
        Action::ReadParticipantWork(participant) => match &actor.role {
            Role::Admin | Role::Official { .. } => true,
            Role::FirmRep { firm, .. } => firm == participant && approved_member(actor),
        },
        Action::Discuss(execution) => match &actor.role {
            Role::Admin => true,
            Role::Official { city } => *city == execution.project.city,
            Role::FirmRep { firm, .. } => {
                approved_member(actor) && execution.participants.contains(firm)
            }
        },
        Action::ManageSettings => matches!(actor.role, Role::Admin),
        Action::ReadProjectMoney => matches!(actor.role, Role::Admin | Role::Official { .. }),
    }
}

/// How a refusal is answered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// 403: the actor may see the thing but not do this to it.
    Forbidden,
    /// 404: the same answer as for an id that names nothing.
    NotFound,
}

/// The rule for answering a refusal: **whoever may not see a thing gets 404 for it, whether it
/// exists or not**, so that refusals never tell which ids exist (a pending firm's people could
/// otherwise count every firm, another firm could probe invitations). 403 is for a thing the
/// actor may see but may not change or answer. Asked only after [`allows`] said no.
///
/// - a firm's page, a preview of an import (its uploader's alone), a need's invitations and
///   proposals: reads, so a refusal is 404;
/// - an invitation is answered by the firm it addresses; to anyone else there is no invitation
///   for them to answer: 404;
/// - everything else refused is 403.
pub fn refusal(action: &Action<'_>) -> Refusal {
    match action {
        Action::ViewFirm(..)
        | Action::UseImport { .. }
        | Action::SeeNeedInvitations(_)
        | Action::AnswerInvitation(_)
        | Action::ViewExecution(_)
        | Action::ReadParticipantWork(_) => Refusal::NotFound,
        _ => Refusal::Forbidden,
    }
}

/// The city a project `actor` posts belongs to, when the policy lets them post one: an
/// official's own city.
pub fn posting_city(actor: &Actor) -> Option<&CityCode> {
    match &actor.role {
        Role::Official { city } if allows(Some(actor), &Action::CreateProject) => Some(city),
        _ => None,
    }
}

/// The firm `actor` acts for in `action`, when the policy allows it: a representative's own
/// firm (expressing interest, seeing the projects that fit it, its invitations).
pub fn acting_firm(actor: &Actor, action: &Action<'_>) -> Option<FirmId> {
    match &actor.role {
        Role::FirmRep { firm, .. } if allows(Some(actor), action) => Some(*firm),
        _ => None,
    }
}

/// Which projects an actor's lists hold.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProjectScope {
    /// Open calls only, their public part (visitors, firms awaiting approval).
    OpenCalls,
    /// Every project but drafts, whole; and the drafts of this city (an official's) or of
    /// every city (the admin).
    Members { drafts: DraftScope },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DraftScope {
    None,
    City(CityCode),
    All,
}

/// The same rule as [`Action::ViewProject`], for list queries.
pub fn project_scope(actor: Option<&Actor>) -> ProjectScope {
    match actor.map(|a| (&a.role, approved_member(a))) {
        Some((Role::Admin, _)) => ProjectScope::Members {
            drafts: DraftScope::All,
        },
        Some((Role::Official { city }, _)) => ProjectScope::Members {
            drafts: DraftScope::City(city.clone()),
        },
        Some((Role::FirmRep { .. }, true)) => ProjectScope::Members {
            drafts: DraftScope::None,
        },
        _ => ProjectScope::OpenCalls,
    }
}

/// Whose projects in execution a portfolio lists, by the rule of [`Action::ViewExecution`]:
/// every one for the bureaus and the admin, those its firm takes part in for an approved
/// firm's representative (`Some(Some(firm))`), none for anyone else (`None`: refused).
pub fn portfolio_scope(actor: &Actor) -> Option<Option<FirmId>> {
    match &actor.role {
        Role::Admin | Role::Official { .. } => Some(None),
        Role::FirmRep { firm, .. } if approved_member(actor) => Some(Some(*firm)),
        Role::FirmRep { .. } => None,
    }
}

/// Whether a representative's own firm is approved (the directory is for the alliance's
/// members: a pending or rejected firm's people see only their own firm).
fn approved_member(actor: &Actor) -> bool {
    match &actor.role {
        Role::Admin | Role::Official { .. } => true,
        Role::FirmRep { firm_status, .. } => *firm_status == FirmStatus::Approved,
    }
}

/// Which accounts an actor may list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AccountScope {
    /// Every account (the admin).
    All,
    /// The city's officials and the representatives of the city's firms.
    City(CityCode),
    /// The firm's own representatives.
    Firm(FirmId),
}

pub fn account_scope(actor: &Actor) -> AccountScope {
    match &actor.role {
        Role::Admin => AccountScope::All,
        Role::Official { city } => AccountScope::City(city.clone()),
        Role::FirmRep { firm, .. } => AccountScope::Firm(*firm),
    }
}

impl AccountScope {
    /// The same rule the SQL applies, for tests and for checks on a single account.
    pub fn contains(&self, subject: &AccountSubject) -> bool {
        match self {
            Self::All => true,
            Self::City(city) => {
                subject.kind != RoleKind::Admin && subject.city.as_ref() == Some(city)
            }
            Self::Firm(firm) => subject.firm == Some(*firm),
        }
    }
}

/// Whose firm registrations an actor reviews: every city's (the admin), their own city's (an
/// official), none (a representative).
pub fn firm_review_scope(actor: &Actor) -> Option<Option<CityCode>> {
    match &actor.role {
        Role::Admin => Some(None),
        Role::Official { city } => Some(Some(city.clone())),
        Role::FirmRep { .. } => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::account::FirmStatus;

    fn city(code: &str) -> CityCode {
        CityCode::parse(code).expect("city code")
    }

    fn admin() -> Actor {
        Actor {
            user: UserId(1),
            role: Role::Admin,
        }
    }
    fn official(id: i64, code: &str) -> Actor {
        Actor {
            user: UserId(id),
            role: Role::Official { city: city(code) },
        }
    }
    fn rep(id: i64, firm: i64, code: &str, status: FirmStatus) -> Actor {
        Actor {
            user: UserId(id),
            role: Role::FirmRep {
                firm: FirmId(firm),
                firm_city: city(code),
                firm_status: status,
            },
        }
    }

    #[test]
    fn a_project_is_posted_for_the_officials_own_city_and_by_nobody_else() {
        let deyang = official(2, "deyang");
        assert_eq!(posting_city(&deyang), Some(&city("deyang")));
        assert_eq!(posting_city(&admin()), None);
        assert_eq!(
            posting_city(&rep(3, 7, "deyang", FirmStatus::Approved)),
            None
        );
    }

    #[test]
    fn a_representative_acts_for_their_own_firm_once_it_is_approved() {
        let approved = rep(3, 7, "meishan", FirmStatus::Approved);
        let pending = rep(4, 8, "meishan", FirmStatus::Pending);
        assert_eq!(
            acting_firm(&approved, &Action::SeeProjectsForFirm),
            Some(FirmId(7))
        );
        assert_eq!(acting_firm(&pending, &Action::SeeProjectsForFirm), None);
        assert_eq!(
            acting_firm(&official(2, "meishan"), &Action::SeeOwnInvitations),
            None
        );
        assert_eq!(acting_firm(&admin(), &Action::SeeOwnInvitations), None);
    }

    #[test]
    fn what_one_may_not_see_is_refused_as_not_found() {
        let firm = FirmSubject {
            firm: FirmId(7),
            city: city("chengdu"),
        };
        let project = ProjectSubject {
            city: city("chengdu"),
            status: ProjectStatus::Open,
        };
        for hidden in [
            Action::ViewFirm(&firm, FirmStatus::Pending),
            Action::UseImport {
                uploaded_by: UserId(3),
            },
            Action::SeeNeedInvitations(&project),
            Action::AnswerInvitation(FirmId(7)),
        ] {
            assert_eq!(refusal(&hidden), Refusal::NotFound, "{hidden:?}");
        }
        for seen in [
            Action::EditFirm(&firm),
            Action::ManageInvitations(&project),
            Action::EditProject(&project),
        ] {
            assert_eq!(refusal(&seen), Refusal::Forbidden, "{seen:?}");
        }
        // A need's invitations are seen by whoever manages them, and by nobody else.
        let chengdu = official(2, "chengdu");
        let deyang = official(3, "deyang");
        assert!(allows(
            Some(&chengdu),
            &Action::SeeNeedInvitations(&project)
        ));
        assert!(!allows(
            Some(&deyang),
            &Action::SeeNeedInvitations(&project)
        ));
    }

    fn subject_of(actor: &Actor) -> AccountSubject {
        match &actor.role {
            Role::Admin => AccountSubject {
                user: actor.user,
                kind: RoleKind::Admin,
                city: None,
                firm: None,
            },
            Role::Official { city } => AccountSubject {
                user: actor.user,
                kind: RoleKind::Official,
                city: Some(city.clone()),
                firm: None,
            },
            Role::FirmRep {
                firm, firm_city, ..
            } => AccountSubject {
                user: actor.user,
                kind: RoleKind::FirmRep,
                city: Some(firm_city.clone()),
                firm: Some(*firm),
            },
        }
    }

    /// The actors of the table: one of each kind that matters.
    fn cast() -> Vec<(&'static str, Actor)> {
        vec![
            ("admin", admin()),
            ("official_chengdu", official(10, "chengdu")),
            ("official_deyang", official(11, "deyang")),
            (
                "rep_deyang_approved",
                rep(20, 200, "deyang", FirmStatus::Approved),
            ),
            (
                "rep_deyang_approved_colleague",
                rep(21, 200, "deyang", FirmStatus::Approved),
            ),
            (
                "rep_meishan_approved",
                rep(22, 201, "meishan", FirmStatus::Approved),
            ),
            (
                "rep_ziyang_pending",
                rep(23, 202, "ziyang", FirmStatus::Pending),
            ),
        ]
    }

    /// Actor x project for everything about projects: the whole table.
    #[test]
    fn who_may_see_edit_and_answer_which_project() {
        let chengdu = |status| ProjectSubject {
            city: city("chengdu"),
            status,
        };
        let (draft, open, done) = (
            chengdu(ProjectStatus::Draft),
            chengdu(ProjectStatus::Open),
            chengdu(ProjectStatus::Completed),
        );
        // (actor, open call, view draft, view open, view completed, create, edit,
        //  express interest in open, answer interests)
        let table: [(&str, [bool; 8]); 7] = [
            (
                "visitor",
                [true, false, false, false, false, false, false, false],
            ),
            ("admin", [true, true, true, true, false, true, false, true]),
            (
                "official_chengdu",
                [true, true, true, true, true, true, false, true],
            ),
            (
                "official_deyang",
                [true, false, true, true, true, false, false, false],
            ),
            (
                "rep_deyang_approved",
                [true, false, true, true, false, false, true, false],
            ),
            (
                "rep_ziyang_pending",
                [true, false, false, false, false, false, false, false],
            ),
            (
                "rep_meishan_approved",
                [true, false, true, true, false, false, true, false],
            ),
        ];
        for (name, expected) in table {
            let actor = cast().into_iter().find(|(n, _)| *n == name).map(|(_, a)| a);
            let a = actor.as_ref();
            let got = [
                allows(a, &Action::ViewOpenCall(ProjectStatus::Open)),
                allows(a, &Action::ViewProject(&draft)),
                allows(a, &Action::ViewProject(&open)),
                allows(a, &Action::ViewProject(&done)),
                allows(a, &Action::CreateProject),
                allows(a, &Action::EditProject(&open)),
                allows(a, &Action::ExpressInterest(&open)),
                allows(a, &Action::AnswerInterests(&open)),
            ];
            assert_eq!(got, expected, "{name}");
            // Candidates go with answering interests: the owning city's officials and the
            // admin; a firm sees only its own fit, and only once approved.
            assert_eq!(
                allows(a, &Action::MatchCandidates(&open)),
                expected[7],
                "{name}"
            );
            assert_eq!(
                allows(a, &Action::SeeProjectsForFirm),
                matches!(name, "rep_deyang_approved" | "rep_meishan_approved"),
                "{name}"
            );
            // Invitations are worked by the same people; a firm answers only its own, and
            // only while approved; every representative sees their own firm's.
            assert_eq!(
                allows(a, &Action::ManageInvitations(&open)),
                expected[7],
                "{name}"
            );
            assert_eq!(
                allows(a, &Action::AnswerInvitation(FirmId(200))),
                name == "rep_deyang_approved",
                "{name}"
            );
            assert!(
                !allows(a, &Action::AnswerInvitation(FirmId(202))),
                "{name}: a pending firm answers nothing"
            );
            assert_eq!(
                allows(a, &Action::SeeOwnInvitations),
                name.starts_with("rep_"),
                "{name}"
            );
            // A firm never sees a draft nor speaks to one; a closed call is nobody's open call.
            assert!(!allows(a, &Action::ExpressInterest(&draft)), "{name}");
            assert!(
                !allows(a, &Action::ViewOpenCall(ProjectStatus::Draft)),
                "{name}"
            );
            // The list's scope says the same as the single checks.
            let scope = project_scope(a);
            let lists_draft = matches!(
                &scope,
                ProjectScope::Members {
                    drafts: DraftScope::All
                }
            ) || matches!(&scope, ProjectScope::Members { drafts: DraftScope::City(c) } if *c == draft.city);
            assert_eq!(lists_draft, expected[1], "{name} lists the draft");
            assert_eq!(
                matches!(scope, ProjectScope::Members { .. }),
                expected[2],
                "{name} lists whole"
            );
        }
    }

    #[test]
    fn visitors_are_denied_every_action() {
        let someone = subject_of(&official(11, "deyang"));
        for action in [
            Action::ManageOwnAccount,
            Action::ListAccounts,
            Action::SetAccountStatus(&someone),
            Action::InviteOfficial,
            Action::IssuePasswordReset(&someone),
        ] {
            assert!(!allows(None, &action), "{action:?}");
        }
    }

    #[test]
    fn every_signed_in_user_manages_their_own_account_and_lists_their_scope() {
        for (name, actor) in cast() {
            assert!(allows(Some(&actor), &Action::ManageOwnAccount), "{name}");
            assert!(allows(Some(&actor), &Action::ListAccounts), "{name}");
        }
    }

    /// Actor x subject for disabling or enabling an account: the whole table.
    #[test]
    fn who_may_disable_whom() {
        let cast = cast();
        let by_name = |n: &str| {
            cast.iter()
                .find(|(name, _)| *name == n)
                .map(|(_, a)| a.clone())
                .expect("in cast")
        };
        // (actor, subject, allowed)
        let table = [
            ("admin", "official_chengdu", true),
            ("admin", "official_deyang", true),
            ("admin", "rep_deyang_approved", true),
            ("admin", "rep_ziyang_pending", true),
            ("admin", "admin", false),
            ("official_deyang", "rep_deyang_approved", true),
            ("official_deyang", "rep_deyang_approved_colleague", true),
            ("official_deyang", "rep_meishan_approved", false),
            ("official_deyang", "rep_ziyang_pending", false),
            ("official_deyang", "official_chengdu", false),
            ("official_deyang", "admin", false),
            ("official_deyang", "official_deyang", false),
            ("official_chengdu", "rep_deyang_approved", false),
            (
                "rep_deyang_approved",
                "rep_deyang_approved_colleague",
                false,
            ),
            ("rep_deyang_approved", "official_deyang", false),
            ("rep_deyang_approved", "rep_deyang_approved", false),
            ("rep_ziyang_pending", "rep_meishan_approved", false),
        ];
        for (actor, subject, allowed) in table {
            let subject_account = subject_of(&by_name(subject));
            assert_eq!(
                allows(
                    Some(&by_name(actor)),
                    &Action::SetAccountStatus(&subject_account)
                ),
                allowed,
                "{actor} sets the status of {subject}"
            );
        }
    }

    /// Spreadsheets: officials and the admin import (officials their own city's firms) and
    /// export; a preview is its uploader's alone; representatives do neither.
    #[test]
    fn who_may_import_and_export_spreadsheets() {
        for (name, actor) in cast() {
            let a = Some(&actor);
            let member_of_bureau = !name.starts_with("rep_");
            assert_eq!(
                allows(a, &Action::ImportFirms),
                member_of_bureau,
                "{name} imports"
            );
            assert_eq!(
                allows(a, &Action::ExportSpreadsheet),
                member_of_bureau,
                "{name} exports"
            );
            assert_eq!(
                allows(
                    a,
                    &Action::UseImport {
                        uploaded_by: actor.user
                    }
                ),
                member_of_bureau,
                "{name} uses their own preview"
            );
            assert!(
                !allows(
                    a,
                    &Action::UseImport {
                        uploaded_by: UserId(-1)
                    }
                ),
                "{name} uses another's preview"
            );
            let scope = import_scope(&actor);
            match &actor.role {
                Role::Official { city } => assert_eq!(scope, Some(ImportScope::City(city.clone()))),
                Role::Admin => assert_eq!(scope, Some(ImportScope::Alliance)),
                Role::FirmRep { .. } => assert_eq!(scope, None),
            }
        }
        assert!(!allows(None, &Action::ImportFirms));
        assert!(!allows(None, &Action::ExportSpreadsheet));
    }

    /// Actor x firm for everything about firm profiles: the whole table.
    #[test]
    fn who_may_see_edit_and_verify_which_firm() {
        let approved_deyang = FirmSubject {
            firm: FirmId(200),
            city: city("deyang"),
        };
        let pending_ziyang = FirmSubject {
            firm: FirmId(202),
            city: city("ziyang"),
        };
        let approved = FirmStatus::Approved;
        let pending = FirmStatus::Pending;
        // (actor, directory, view deyang, view pending ziyang, edit deyang, rename deyang,
        //  rename pending ziyang, verify deyang, taxonomy)
        let table = [
            ("admin", [true, true, true, true, true, true, true, true]),
            (
                "official_chengdu",
                [true, true, false, false, false, false, false, false],
            ),
            (
                "official_deyang",
                [true, true, false, false, false, false, true, false],
            ),
            (
                "rep_deyang_approved",
                [true, true, false, true, false, false, false, false],
            ),
            (
                "rep_meishan_approved",
                [true, true, false, false, false, false, false, false],
            ),
            (
                "rep_ziyang_pending",
                [false, false, true, false, false, true, false, false],
            ),
        ];
        for (name, expected) in table {
            let actor = cast()
                .into_iter()
                .find(|(n, _)| *n == name)
                .map(|(_, a)| a)
                .expect("in cast");
            let a = Some(&actor);
            let got = [
                allows(a, &Action::SearchDirectory),
                allows(a, &Action::ViewFirm(&approved_deyang, approved)),
                allows(a, &Action::ViewFirm(&pending_ziyang, pending)),
                allows(a, &Action::EditFirm(&approved_deyang)),
                allows(a, &Action::EditFirmLegalName(&approved_deyang, approved)),
                allows(a, &Action::EditFirmLegalName(&pending_ziyang, pending)),
                allows(a, &Action::VerifyCapability(&approved_deyang)),
                allows(a, &Action::ManageTaxonomy),
            ];
            assert_eq!(got, expected, "{name}");
        }
        assert!(!allows(None, &Action::SearchDirectory));
        assert!(!allows(None, &Action::ViewFirm(&approved_deyang, approved)));
    }

    #[test]
    fn list_scopes_hold_exactly_the_accounts_each_role_may_see() {
        let cast = cast();
        let seen_by = |viewer: &Actor| -> Vec<&str> {
            let scope = account_scope(viewer);
            cast.iter()
                .filter(|(_, a)| scope.contains(&subject_of(a)))
                .map(|(n, _)| *n)
                .collect()
        };
        assert_eq!(seen_by(&admin()).len(), cast.len());
        assert_eq!(
            seen_by(&official(11, "deyang")),
            [
                "official_deyang",
                "rep_deyang_approved",
                "rep_deyang_approved_colleague"
            ]
        );
        assert_eq!(seen_by(&official(10, "chengdu")), ["official_chengdu"]);
        assert_eq!(
            seen_by(&rep(20, 200, "deyang", FirmStatus::Approved)),
            ["rep_deyang_approved", "rep_deyang_approved_colleague"]
        );
        // A pending firm's representative sees only their own firm.
        assert_eq!(
            seen_by(&rep(23, 202, "ziyang", FirmStatus::Pending)),
            ["rep_ziyang_pending"]
        );
    }

    #[test]
    fn only_the_firms_city_and_the_admin_review_a_registration() {
        let ziyang_firm = FirmSubject {
            firm: FirmId(202),
            city: city("ziyang"),
        };
        let table = [
            ("admin", true),
            ("official_chengdu", false),
            ("official_deyang", false),
            ("rep_deyang_approved", false),
            ("rep_ziyang_pending", false),
        ];
        let cast = cast();
        for (name, allowed) in table {
            let actor = cast
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, a)| a)
                .expect("in cast");
            assert_eq!(
                allows(Some(actor), &Action::ReviewFirm(&ziyang_firm)),
                allowed,
                "{name}"
            );
        }
        assert!(allows(
            Some(&official(12, "ziyang")),
            &Action::ReviewFirm(&ziyang_firm)
        ));
        assert!(!allows(None, &Action::ReviewFirm(&ziyang_firm)));
    }

    #[test]
    fn officials_and_the_admin_list_pending_firms_representatives_do_not() {
        assert_eq!(firm_review_scope(&admin()), Some(None));
        assert_eq!(
            firm_review_scope(&official(11, "deyang")),
            Some(Some(city("deyang")))
        );
        assert_eq!(
            firm_review_scope(&rep(20, 200, "deyang", FirmStatus::Approved)),
            None
        );
        assert!(allows(
            Some(&official(11, "deyang")),
            &Action::ListPendingFirms
        ));
        assert!(!allows(
            Some(&rep(23, 202, "ziyang", FirmStatus::Pending)),
            &Action::ListPendingFirms
        ));
        assert!(!allows(None, &Action::ListPendingFirms));
        for (name, actor) in cast() {
            assert!(
                allows(Some(&actor), &Action::ReadOwnNotifications),
                "{name}"
            );
        }
        assert!(!allows(None, &Action::ReadOwnNotifications));
    }

    fn firm_subject(id: i64, code: &str) -> FirmSubject {
        FirmSubject {
            firm: FirmId(id),
            city: city(code),
        }
    }

    fn actor_named(name: &str) -> Actor {
        cast()
            .into_iter()
            .find(|(n, _)| *n == name)
            .map(|(_, a)| a)
            .expect("in cast")
    }

    #[test]
    fn only_the_admin_invites_officials() {
        for (name, actor) in cast() {
            assert_eq!(
                allows(Some(&actor), &Action::InviteOfficial),
                name == "admin",
                "{name}"
            );
        }
        assert!(!allows(None, &Action::InviteOfficial));
    }

    /// Who sees, adds to and replaces the representatives of the approved Deyang firm (200),
    /// and of the pending Ziyang firm (202).
    #[test]
    fn who_looks_after_a_firms_representatives() {
        let deyang = firm_subject(200, "deyang");
        let ziyang = firm_subject(202, "ziyang");
        // (actor, list, add, replace) for the approved Deyang firm
        let table = [
            ("admin", true, true, true),
            ("official_deyang", true, true, true),
            ("official_chengdu", false, false, false),
            ("rep_deyang_approved", true, true, false),
            ("rep_deyang_approved_colleague", true, true, false),
            ("rep_meishan_approved", false, false, false),
            ("rep_ziyang_pending", false, false, false),
        ];
        for (name, list, add, replace) in table {
            let actor = actor_named(name);
            let approved = FirmStatus::Approved;
            assert_eq!(
                allows(Some(&actor), &Action::ListRepresentatives(&deyang)),
                list,
                "{name} lists"
            );
            assert_eq!(
                allows(Some(&actor), &Action::AddRepresentative(&deyang, approved)),
                add,
                "{name} adds"
            );
            assert_eq!(
                allows(
                    Some(&actor),
                    &Action::ReplaceRepresentative(&deyang, approved)
                ),
                replace,
                "{name} replaces"
            );
        }
        // A pending firm gets no colleagues, not even from the admin; its own representative
        // still sees who they are.
        let pending = FirmStatus::Pending;
        let ziyang_rep = actor_named("rep_ziyang_pending");
        assert!(allows(
            Some(&ziyang_rep),
            &Action::ListRepresentatives(&ziyang)
        ));
        for actor in [admin(), official(12, "ziyang"), ziyang_rep] {
            assert!(!allows(
                Some(&actor),
                &Action::AddRepresentative(&ziyang, pending)
            ));
            assert!(!allows(
                Some(&actor),
                &Action::ReplaceRepresentative(&ziyang, pending)
            ));
        }
        assert!(!allows(None, &Action::ListRepresentatives(&deyang)));
    }

    #[test]
    fn who_may_issue_a_password_reset_for_whom() {
        // (actor, subject, allowed)
        let table = [
            ("admin", "official_deyang", true),
            ("admin", "rep_ziyang_pending", true),
            ("admin", "admin", false),
            ("official_deyang", "rep_deyang_approved", true),
            ("official_deyang", "rep_meishan_approved", false),
            ("official_deyang", "official_chengdu", false),
            ("official_deyang", "official_deyang", false),
            ("official_chengdu", "rep_deyang_approved", false),
            (
                "rep_deyang_approved",
                "rep_deyang_approved_colleague",
                false,
            ),
            ("rep_deyang_approved", "rep_deyang_approved", false),
        ];
        for (actor, subject, allowed) in table {
            let subject = subject_of(&actor_named(subject));
            assert_eq!(
                allows(
                    Some(&actor_named(actor)),
                    &Action::IssuePasswordReset(&subject)
                ),
                allowed,
                "{actor} resets {subject:?}"
            );
        }
    }

    /// Actor x project in execution, for everything about execution (issue 22's "who may do
    /// what"): the Chengdu project, the approved Deyang firm taking part, the Meishan firm not.
    #[test]
    fn who_may_see_and_run_a_project_in_execution() {
        let project = ProjectSubject {
            city: city("chengdu"),
            status: ProjectStatus::InExecution,
        };
        let participants = [FirmId(200)];
        let execution = ExecutionSubject {
            project: &project,
            participants: &participants,
        };
        let deyang_firm = FirmId(200);
        let meishan_firm = FirmId(201);
        // (actor, view, manage, submit Deyang's, post on Deyang's, read Deyang's work,
        //  read Meishan's work, discuss)
        let table = [
            ("admin", true, false, false, false, true, true, true),
            (
                "official_chengdu",
                true,
                true,
                false,
                true,
                true,
                true,
                true,
            ),
            (
                "official_deyang",
                true,
                false,
                false,
                false,
                true,
                true,
                false,
            ),
            (
                "rep_deyang_approved",
                true,
                false,
                true,
                true,
                true,
                false,
                true,
            ),
            (
                "rep_deyang_approved_colleague",
                true,
                false,
                true,
                true,
                true,
                false,
                true,
            ),
            (
                "rep_meishan_approved",
                false,
                false,
                false,
                false,
                false,
                true,
                false,
            ),
            (
                "rep_ziyang_pending",
                false,
                false,
                false,
                false,
                false,
                false,
                false,
            ),
        ];
        let cast = cast();
        assert_eq!(table.len(), cast.len());
        for ((name, view, manage, submit, post, read_own, read_other, discuss), (who, actor)) in
            table.into_iter().zip(cast)
        {
            assert_eq!(name, who);
            let a = Some(&actor);
            assert_eq!(
                allows(a, &Action::ViewExecution(&execution)),
                view,
                "{name} view"
            );
            assert_eq!(
                allows(a, &Action::ManageExecution(&project)),
                manage,
                "{name} manage"
            );
            assert_eq!(
                allows(a, &Action::SubmitMilestone(deyang_firm)),
                submit,
                "{name} submit"
            );
            assert_eq!(
                allows(a, &Action::PostReport(&project, deyang_firm)),
                post,
                "{name} report"
            );
            assert_eq!(
                allows(a, &Action::ReadParticipantWork(deyang_firm)),
                read_own,
                "{name} read Deyang's"
            );
            assert_eq!(
                allows(a, &Action::ReadParticipantWork(meishan_firm)),
                read_other,
                "{name} read Meishan's"
            );
            assert_eq!(
                allows(a, &Action::Discuss(&execution)),
                discuss,
                "{name} discuss"
            );
        }
        // A visitor sees none of it; what is out of sight is refused as not found.
        assert!(!allows(None, &Action::ViewExecution(&execution)));
        assert!(!allows(None, &Action::ReadParticipantWork(deyang_firm)));
        assert_eq!(
            refusal(&Action::ViewExecution(&execution)),
            Refusal::NotFound
        );
        assert_eq!(
            refusal(&Action::ReadParticipantWork(deyang_firm)),
            Refusal::NotFound
        );
        assert_eq!(
            refusal(&Action::ManageExecution(&project)),
            Refusal::Forbidden
        );
    }

    #[test]
    fn a_portfolio_lists_what_its_reader_may_see_of_execution() {
        for (who, actor) in cast() {
            let expected = match who {
                "admin" | "official_chengdu" | "official_deyang" => Some(None),
                "rep_deyang_approved" | "rep_deyang_approved_colleague" => Some(Some(FirmId(200))),
                "rep_meishan_approved" => Some(Some(FirmId(201))),
                _ => None,
            };
            assert_eq!(portfolio_scope(&actor), expected, "{who}");
        }
    }

    #[test]
    fn a_projects_money_as_a_whole_is_the_bureaus_and_the_admins() {
        for (who, actor) in cast() {
            assert_eq!(
                allows(Some(&actor), &Action::ReadProjectMoney),
                !who.starts_with("rep_"),
                "{who}"
            );
        }
        assert!(!allows(None, &Action::ReadProjectMoney));
    }

    #[test]
    fn only_the_admin_changes_the_alliances_settings() {
        for (who, actor) in cast() {
            assert_eq!(
                allows(Some(&actor), &Action::ManageSettings),
                who == "admin",
                "{who}"
            );
        }
        assert!(!allows(None, &Action::ManageSettings));
        assert_eq!(refusal(&Action::ManageSettings), Refusal::Forbidden);
    }
}
