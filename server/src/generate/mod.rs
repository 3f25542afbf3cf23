//! `server generate-firms`: a large, realistic and reproducible data set for the directory's
//! benchmark (`bench/directory.sh`): approved firms across the four cities, each with about
//! eight capabilities, some certified, some verified.
//!
//! Firm number `i` is planned from its own ChaCha stream (the seed's stream `i`), so the data
//! set does not depend on the batch size, and a run resumes where an earlier one stopped: the
//! database ends up holding generated firms `0..count`. Generated firms are the ones whose
//! credit code has `GN` as its 9th and 10th characters (the code's remaining seven characters
//! number them), so run this against a database of its own. Dates (certificates' expiry,
//! verification, updates) are relative to the day of the run.
//!
//! The skew follows the alliance: the manufacturing cities have more firms, manufacturers are
//! most of them, and a few capabilities (precision machining, final assembly) are held by
//! about half of all firms while most are held by few.

mod words;

use std::collections::HashMap;
use std::fmt;
use std::time::Instant;

use anyhow::Context;
use app::domain::credit_code::CreditCode;
use app::domain::firm::{CertificateKind, FirmKind, ProductionLevel};
use app::domain::search;
use chrono::{Days, NaiveDate};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use sqlx::{PgConnection, PgPool};

use words::{CAPABILITIES, CITIES, CapabilitySpec, City, Group};

/// The most firms one data set holds (the credit codes number them in seven characters; the
/// directory has no use for more).
pub const MAX_COUNT: u64 = 10_000_000;

pub struct Options {
    /// How many generated firms the database should hold.
    pub count: u64,
    pub seed: u64,
    /// Firms written per transaction.
    pub batch_size: usize,
}

/// One generated firm, before it is written.
#[derive(Clone, Debug, PartialEq)]
pub struct PlannedFirm {
    pub name: String,
    pub name_en: String,
    pub credit_code: String,
    pub city: &'static str,
    pub kind: FirmKind,
    pub description: String,
    pub founded_year: i16,
    pub staff_size: i32,
    pub website: String,
    pub contact_name: String,
    pub contact_phone: String,
    pub contact_email: String,
    pub version: i32,
    pub created_secs_ago: i32,
    pub updated_secs_ago: i32,
    pub entries: Vec<PlannedEntry>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct PlannedEntry {
    /// An index into [`words::CAPABILITIES`].
    pub capability: usize,
    pub level: ProductionLevel,
    pub monthly_capacity: i32,
    pub lead_time_days: i32,
    pub version: i32,
    /// Verified by an official of the firm's city this long ago; `None`: not verified.
    pub verified_secs_ago: Option<i32>,
    pub certificates: Vec<PlannedCertificate>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct PlannedCertificate {
    pub kind: CertificateKind,
    pub other_name: Option<&'static str>,
    pub number: String,
    pub issuer: &'static str,
    /// Days from today to the last valid day; negative: expired.
    pub expires_in_days: i32,
}

const DAY_SECS: i32 = 24 * 3600;

/// A weighted pick; the weights need not sum to one, and the last item is the fallback.
fn pick<'a, T>(rng: &mut ChaCha8Rng, items: &'a [T], weight: impl Fn(&T) -> f64) -> &'a T {
    let total: f64 = items.iter().map(&weight).sum();
    let mut point = rng.random::<f64>() * total;
    for item in items {
        point -= weight(item);
        if point < 0.0 {
            return item;
        }
    }
    &items[items.len() - 1]
}

fn one_of<'a, T>(rng: &mut ChaCha8Rng, items: &'a [T]) -> &'a T {
    &items[rng.random_range(0..items.len())]
}

/// A whole number between `low` and `high`, evenly spread over their logarithms (capacities,
/// staff: many small, few large).
fn log_uniform(rng: &mut ChaCha8Rng, low: i32, high: i32) -> i32 {
    let (low, high) = (f64::from(low.max(1)), f64::from(high.max(1)));
    let value = (low.ln() + rng.random::<f64>() * (high.ln() - low.ln())).exp();
    value.round() as i32
}

/// The credit code's last seven characters before the check character: `index` in base 31.
fn serial(mut index: u64) -> String {
    const ALPHABET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
    let mut digits = [b'0'; 7];
    for digit in digits.iter_mut().rev() {
        *digit = ALPHABET[(index % 31) as usize];
        index /= 31;
    }
    digits.iter().map(|&b| char::from(b)).collect()
}

/// "A、B和C".
fn listing(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [init @ .., last] => format!("{}和{last}", init.join("、")),
    }
}

/// Plans generated firm number `index` of the data set `seed`.
pub fn plan_firm(seed: u64, index: u64) -> PlannedFirm {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(index);
    let rng = &mut rng;

    let city: &City = pick(rng, CITIES, |c| c.weight);
    let kind = pick(rng, &words::kind_weights(city.code), |(_, w)| *w).0;
    let held = plan_capabilities(rng, city, kind);
    let place = *one_of(rng, city.places);
    let (brand_zh, brand_pinyin) = plan_brand(rng);
    let (name, name_en) = plan_names(rng, kind, place, &brand_zh, &brand_pinyin, held[0]);

    let created_secs_ago = rng.random_range(DAY_SECS..=3 * 365 * DAY_SECS);
    let holds = |name_zh: &str| held.iter().any(|&i| CAPABILITIES[i].name_zh == name_zh);
    let (automotive, medical) = (holds("汽车制造"), holds("医疗"));
    let entries: Vec<PlannedEntry> = held
        .iter()
        .map(|&capability| plan_entry(rng, kind, capability, created_secs_ago, automotive, medical))
        .collect();

    let description = describe(rng, kind, place.0, &held, &entries);
    let slug = format!("{brand_pinyin}{index}");
    let contact_name = format!(
        "{}{}",
        one_of(rng, words::SURNAMES),
        one_of(rng, words::GIVEN_NAMES)
    );
    let phone_digits = rng.random_range(1_000_000..=9_999_999);
    let (founded_year, staff_size) = match kind {
        FirmKind::University => (rng.random_range(1950..=2015), rng.random_range(300..=5000)),
        FirmKind::ResearchInstitute => (rng.random_range(1980..=2024), rng.random_range(20..=600)),
        _ => {
            // More young firms than old ones.
            let age = (35.0 * rng.random::<f64>().powi(2)) as i16;
            (2025 - age, log_uniform(rng, 8, 3000))
        }
    };
    PlannedFirm {
        name,
        name_en,
        credit_code: credit_code(kind, place.2, index),
        city: city.code,
        kind,
        description,
        founded_year,
        staff_size,
        website: format!("https://www.{slug}.example.cn"),
        contact_email: format!("sales@{slug}.example.cn"),
        contact_name,
        contact_phone: format!("{}{phone_digits}", city.phone),
        version: *pick(rng, &[1, 2, 3, 4], |v| match v {
            1 => 75.0,
            2 => 15.0,
            _ => 5.0,
        }),
        updated_secs_ago: rng.random_range(0..=created_secs_ago),
        created_secs_ago,
        entries,
    }
}

/// The capabilities a firm holds (indices into [`CAPABILITIES`]): its main line first (the one
/// its name says), then the others, each held with its share leaned by the city and the kind.
fn plan_capabilities(rng: &mut ChaCha8Rng, city: &City, kind: FirmKind) -> Vec<usize> {
    let leaning =
        |spec: &CapabilitySpec| (city.leaning)(spec.group) * words::kind_leaning(kind, spec.group);
    let main_groups = words::main_groups(kind);
    let candidates: Vec<usize> = (0..CAPABILITIES.len())
        .filter(|&i| main_groups.contains(&CAPABILITIES[i].group))
        .collect();
    let main = *pick(rng, &candidates, |&i| {
        CAPABILITIES[i].share * leaning(&CAPABILITIES[i])
    });
    let mut held: Vec<usize> = (0..CAPABILITIES.len())
        .filter(|&i| {
            let spec = &CAPABILITIES[i];
            i == main || rng.random_bool((spec.share * leaning(spec)).clamp(0.0, 0.95))
        })
        .collect();
    // The main line first, then from the most commonly held down.
    held.sort_by_key(|&i| (i != main, i));
    held
}

/// The distinctive part of the name (字号): two different characters, and their pinyin.
fn plan_brand(rng: &mut ChaCha8Rng) -> (String, String) {
    let first = one_of(rng, words::BRAND_CHARS);
    let mut second = one_of(rng, words::BRAND_CHARS);
    while second.0 == first.0 {
        second = one_of(rng, words::BRAND_CHARS);
    }
    (
        [first.0, second.0].iter().collect(),
        [first.1, second.1].concat(),
    )
}

/// The names in Chinese and English: place, 字号, then the institution's kind, or the
/// company's trade (from its main line) and legal form.
fn plan_names(
    rng: &mut ChaCha8Rng,
    kind: FirmKind,
    place: words::Place,
    brand_zh: &str,
    brand_pinyin: &str,
    main: usize,
) -> (String, String) {
    let mut letters = brand_pinyin.chars();
    let brand_en: String = letters
        .next()
        .map(|c| c.to_ascii_uppercase().to_string() + letters.as_str())
        .unwrap_or_default();
    let (kind_zh, kind_en) = match kind {
        FirmKind::University => *one_of(rng, words::UNIVERSITIES),
        FirmKind::ResearchInstitute => *one_of(rng, words::INSTITUTES),
        _ => {
            let (trade_zh, trade_en) = *one_of(rng, CAPABILITIES[main].trade);
            // Not "控制技术科技有限公司": a trade that says technology takes another suffix.
            let technical = trade_en.contains("Technology");
            let (suffix_zh, suffix_en, _) = *pick(rng, words::COMPANY_SUFFIXES, |s| {
                if technical && s.1.contains("Technology") {
                    0.0
                } else {
                    s.2
                }
            });
            return (
                format!("{}{brand_zh}{trade_zh}{suffix_zh}", place.0),
                format!("{} {brand_en} {trade_en} {suffix_en}", place.1),
            );
        }
    };
    (
        format!("{}{brand_zh}{kind_zh}", place.0),
        format!("{} {brand_en} {kind_en}", place.1),
    )
}

/// `91` (a company) or `12` (a public institution), the region, `GN` for generated, and the
/// firm's number.
fn credit_code(kind: FirmKind, region: &str, index: u64) -> String {
    let institution = matches!(kind, FirmKind::ResearchInstitute | FirmKind::University);
    let first17 = format!(
        "{}{region}GN{}",
        if institution { "12" } else { "91" },
        serial(index)
    );
    CreditCode::complete(&first17)
        .map(String::from)
        .expect("17 characters of the code's alphabet make a code")
}

fn plan_entry(
    rng: &mut ChaCha8Rng,
    kind: FirmKind,
    capability: usize,
    created_secs_ago: i32,
    automotive: bool,
    medical: bool,
) -> PlannedEntry {
    let spec = &CAPABILITIES[capability];
    // Per hundred entries: prototype, small batch, mass production.
    let level_weights: [f64; 3] = match kind {
        FirmKind::Manufacturer => [20.0, 40.0, 40.0],
        FirmKind::ComponentSupplier => [15.0, 40.0, 45.0],
        FirmKind::Integrator => [20.0, 55.0, 25.0],
        FirmKind::ResearchInstitute => [70.0, 25.0, 5.0],
        FirmKind::University => [75.0, 22.0, 3.0],
    };
    let level = *pick(rng, ProductionLevel::ALL, |level| match level {
        ProductionLevel::Prototype => level_weights[0],
        ProductionLevel::SmallBatch => level_weights[1],
        ProductionLevel::MassProduction => level_weights[2],
    });
    let version = *pick(rng, &[1, 2, 3], |v| match v {
        1 => 85.0,
        2 => 12.0,
        _ => 3.0,
    });
    let verified_secs_ago = rng
        .random_bool(0.15)
        .then(|| rng.random_range(0..=created_secs_ago.min(400 * DAY_SECS)));
    let mut certificates: Vec<PlannedCertificate> = Vec::new();
    if rng.random_bool(0.30) {
        let count = if rng.random_bool(0.15) { 2 } else { 1 };
        for _ in 0..count {
            let taken: Vec<CertificateKind> = certificates.iter().map(|c| c.kind).collect();
            certificates.push(plan_certificate(rng, spec, automotive, medical, &taken));
        }
    }
    PlannedEntry {
        capability,
        level,
        monthly_capacity: capacity(rng, spec.group, level),
        lead_time_days: match level {
            ProductionLevel::Prototype => rng.random_range(7..=60),
            ProductionLevel::SmallBatch => rng.random_range(10..=60),
            ProductionLevel::MassProduction => rng.random_range(15..=90),
        },
        version,
        verified_secs_ago,
        certificates,
    }
}

fn capacity(rng: &mut ChaCha8Rng, group: Group, level: ProductionLevel) -> i32 {
    // Robots and projects come in units, parts and services in thousands.
    let (low, high) = match (group, level) {
        (Group::Robot | Group::Scenario | Group::Software, ProductionLevel::Prototype) => (1, 10),
        (Group::Robot | Group::Scenario | Group::Software, ProductionLevel::SmallBatch) => {
            (10, 100)
        }
        (Group::Robot | Group::Scenario | Group::Software, ProductionLevel::MassProduction) => {
            (100, 2000)
        }
        (_, ProductionLevel::Prototype) => (1, 50),
        (_, ProductionLevel::SmallBatch) => (50, 2000),
        (_, ProductionLevel::MassProduction) => (1000, 100_000),
    };
    log_uniform(rng, low, high)
}

fn plan_certificate(
    rng: &mut ChaCha8Rng,
    spec: &CapabilitySpec,
    automotive: bool,
    medical: bool,
    taken: &[CertificateKind],
) -> PlannedCertificate {
    let weight = |kind: &CertificateKind| -> f64 {
        if taken.contains(kind) {
            return 0.0;
        }
        match kind {
            CertificateKind::Iso9001 => 60.0,
            CertificateKind::Iatf16949 if spec.name_zh == "汽车制造" => 80.0,
            CertificateKind::Iatf16949
                if automotive
                    && matches!(
                        spec.group,
                        Group::Component | Group::Material | Group::Module | Group::Service
                    ) =>
            {
                50.0
            }
            CertificateKind::Iso13485 if spec.name_zh == "医疗" => 100.0,
            CertificateKind::Iso13485
                if medical && matches!(spec.group, Group::Robot | Group::Module) =>
            {
                60.0
            }
            CertificateKind::Ce if spec.group == Group::Robot => 40.0,
            CertificateKind::Ce if spec.group == Group::Component => 8.0,
            CertificateKind::Ccc if spec.group == Group::Robot => 35.0,
            CertificateKind::Other => 6.0,
            _ => 0.0,
        }
    };
    let kind = *pick(rng, CertificateKind::ALL, weight);
    let expires_in_days = if rng.random_bool(0.12) {
        -rng.random_range(1..=720)
    } else {
        rng.random_range(30..=1095)
    };
    // Issued three years before it expires, as most are.
    let year: i32 = 2025 + (expires_in_days / 365) - 3;
    let yy = year.rem_euclid(100);
    let (other_name, number) = match kind {
        CertificateKind::Iso9001 => (
            None,
            format!(
                "{yy:02}Q{:05}R{}M",
                rng.random_range(0..100_000),
                rng.random_range(0..6)
            ),
        ),
        CertificateKind::Iatf16949 => {
            (None, format!("IATF 0{:06}", rng.random_range(0..1_000_000)))
        }
        CertificateKind::Iso13485 => (
            None,
            format!("SK{yy:02}MD{:04}", rng.random_range(0..10_000)),
        ),
        CertificateKind::Ce => (
            None,
            format!("NS-MD-{year}-{:04}", rng.random_range(0..10_000)),
        ),
        CertificateKind::Ccc => (
            None,
            format!("{year}0109{:08}", rng.random_range(0..100_000_000)),
        ),
        CertificateKind::Other => {
            let (name, prefix) = *one_of(rng, words::OTHER_CERTIFICATES);
            (
                Some(name),
                format!("{prefix}-{year}-{:05}", rng.random_range(0..100_000)),
            )
        }
    };
    let issuer = *one_of(rng, words::issuers(kind));
    PlannedCertificate {
        kind,
        other_name,
        number,
        issuer,
        expires_in_days,
    }
}

/// One or two sentences that name what the firm makes: its main line and up to three more of
/// its capabilities (so a text search finds it by them), and the markets it serves.
fn describe(
    rng: &mut ChaCha8Rng,
    kind: FirmKind,
    place: &str,
    held: &[usize],
    entries: &[PlannedEntry],
) -> String {
    let names = |groups: &[Group]| -> Vec<&str> {
        held.iter()
            .map(|&i| &CAPABILITIES[i])
            .filter(|spec| groups.contains(&spec.group))
            .map(|spec| spec.name_zh)
            .collect()
    };
    // What an integrator does itself: robots, modules, services and software, not the parts
    // it buys.
    let products = names(match kind {
        FirmKind::Integrator => &[Group::Robot, Group::Module, Group::Service, Group::Software],
        _ => &[
            Group::Material,
            Group::Component,
            Group::Module,
            Group::Service,
            Group::Robot,
            Group::Software,
        ],
    });
    let products = listing(&products[..products.len().min(4)]);
    let markets = names(&[Group::Scenario]);
    let markets = if markets.is_empty() {
        "智能制造".to_owned()
    } else {
        markets[..markets.len().min(3)].join("、")
    };
    let level = match entries.iter().map(|e| e.level).max() {
        Some(ProductionLevel::MassProduction) => "已具备规模化量产能力",
        Some(ProductionLevel::SmallBatch) => "可承接小批量订单",
        _ => "以样机研制和技术开发为主",
    };
    match kind {
        FirmKind::ResearchInstitute | FirmKind::University if !products.is_empty() => format!(
            "围绕{products}开展研究与技术开发，面向{markets}等领域，可为联盟企业提供样机研制和联合攻关。"
        ),
        FirmKind::Integrator if !products.is_empty() => format!(
            "为{markets}行业集成机器人工作站与自动化产线，具备{products}能力，提供方案设计、安装调试和运维服务。"
        ),
        FirmKind::Integrator => format!(
            "为{markets}行业集成机器人工作站与自动化产线，提供方案设计、安装调试和运维服务。"
        ),
        _ if products.is_empty() => format!("面向{markets}等行业提供机器人应用服务，{level}。"),
        _ => match rng.random_range(0..3) {
            0 => format!("专业从事{products}的研发与生产，{level}，客户覆盖{markets}等行业。"),
            1 => format!("主营{products}，{level}，产品用于{markets}等领域。"),
            _ => format!("位于{place}，为机器人企业提供{products}，{level}。"),
        },
    }
}

/// How many firms, capability entries and certificates a database holds.
pub struct DataSetCounts {
    pub firms: i64,
    pub approved: i64,
    pub entries: i64,
    pub verified: i64,
    pub certificates: i64,
    pub expired: i64,
}

impl DataSetCounts {
    pub async fn of(conn: &mut PgConnection, today: NaiveDate) -> sqlx::Result<Self> {
        sqlx::query_as!(
            Self,
            r#"SELECT (SELECT count(*) FROM firms) AS "firms!",
                    (SELECT count(*) FROM firms WHERE status = 'approved') AS "approved!",
                    (SELECT count(*) FROM firm_capabilities) AS "entries!",
                    (SELECT count(*) FROM firm_capabilities WHERE verified_at IS NOT NULL)
                      AS "verified!",
                    (SELECT count(*) FROM capability_certificates) AS "certificates!",
                    (SELECT count(*) FROM capability_certificates WHERE expires_on < $1)
                      AS "expired!""#,
            today as _
        )
        .fetch_one(conn)
        .await
    }
}

impl fmt::Display for DataSetCounts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} firms ({} approved), {} capability entries ({} verified), {} certificates ({} expired)",
            thousands(self.firms),
            thousands(self.approved),
            thousands(self.entries),
            thousands(self.verified),
            thousands(self.certificates),
            thousands(self.expired)
        )
    }
}

/// 1234567 as "1,234,567".
pub fn thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

/// Today in Beijing (China keeps no summer time), the day certificates expire by.
pub fn beijing_today() -> NaiveDate {
    let beijing = chrono::FixedOffset::east_opt(8 * 3600).expect("UTC+8 is an offset");
    chrono::Utc::now().with_timezone(&beijing).date_naive()
}

/// The official of each city who verifies generated entries: the city's first active one, or
/// else one made for the purpose, disabled, with a random password nobody knows.
async fn verifiers(pool: &PgPool) -> anyhow::Result<HashMap<&'static str, i64>> {
    let mut out = HashMap::new();
    for city in CITIES {
        let existing = sqlx::query_scalar!(
            "SELECT id FROM users WHERE role = 'official' AND city_code = $1
             ORDER BY status = 'active' DESC, id LIMIT 1",
            city.code
        )
        .fetch_optional(pool)
        .await?;
        let id = match existing {
            Some(id) => id,
            None => {
                use rand::distr::{Alphanumeric, SampleString};
                let password = Alphanumeric.sample_string(&mut rand::rng(), 40);
                let hash = app::auth::hash_password(password).await?;
                sqlx::query_scalar!(
                    "INSERT INTO users (email, display_name, password_hash, role, city_code, status)
                     VALUES ($1, $2, $3, 'official', $4, 'disabled') RETURNING id",
                    format!("verifier.{}@generated.example.cn", city.code),
                    "生成数据核验员",
                    hash,
                    city.code
                )
                .fetch_one(pool)
                .await?
            }
        };
        out.insert(city.code, id);
    }
    Ok(out)
}

/// Writes one batch in one transaction: the firms, their entries, the entries' certificates.
async fn insert_batch(
    pool: &PgPool,
    firms: &[PlannedFirm],
    capability_ids: &[i64],
    verifiers: &HashMap<&'static str, i64>,
    today: NaiveDate,
) -> anyhow::Result<()> {
    let mut tx = pool.begin().await?;
    // A lost batch is made again by the next run; waiting for each flush is not needed. (A
    // setting is no statement the server prepares, so it is sent as it is.)
    sqlx::raw_sql("SET LOCAL synchronous_commit = off")
        .execute(&mut *tx)
        .await?;

    let column = |f: fn(&PlannedFirm) -> String| firms.iter().map(f).collect::<Vec<String>>();
    let terms: Vec<String> = firms
        .iter()
        .map(|f| {
            search::index_terms([f.name.as_str(), f.name_en.as_str(), f.description.as_str()])
                .join(" ")
        })
        .collect();
    let cities: Vec<String> = firms.iter().map(|f| f.city.to_owned()).collect();
    let kinds: Vec<String> = firms.iter().map(|f| f.kind.as_db().to_owned()).collect();
    let founded: Vec<i16> = firms.iter().map(|f| f.founded_year).collect();
    let staff: Vec<i32> = firms.iter().map(|f| f.staff_size).collect();
    let versions: Vec<i32> = firms.iter().map(|f| f.version).collect();
    let created: Vec<i32> = firms.iter().map(|f| f.created_secs_ago).collect();
    let updated: Vec<i32> = firms.iter().map(|f| f.updated_secs_ago).collect();
    let ids = sqlx::query!(
        "INSERT INTO firms (name, name_en, credit_code, city_code, kind, status, description,
                founded_year, staff_size, website, contact_name, contact_phone, contact_email,
                version, search_terms, search_terms_version, name_sort_key, created_at,
                updated_at)
         SELECT t.name, t.name_en, t.credit_code, t.city_code, t.kind, 'approved', t.description,
                t.founded_year, t.staff_size, t.website, t.contact_name, t.contact_phone,
                t.contact_email, t.version, string_to_array(t.terms, ' '), $18, t.sort_key,
                now() - t.created_ago * interval '1 second',
                now() - t.updated_ago * interval '1 second'
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
                     $7::int2[], $8::int4[], $9::text[], $10::text[], $11::text[], $12::text[],
                     $13::int4[], $14::text[], $15::text[], $16::int4[], $17::int4[])
              AS t(name, name_en, credit_code, city_code, kind, description, founded_year,
                   staff_size, website, contact_name, contact_phone, contact_email, version,
                   terms, sort_key, created_ago, updated_ago)
         RETURNING id, credit_code",
        &column(|f| f.name.clone()),
        &column(|f| f.name_en.clone()),
        &column(|f| f.credit_code.clone()),
        &cities,
        &kinds,
        &column(|f| f.description.clone()),
        &founded,
        &staff,
        &column(|f| f.website.clone()),
        &column(|f| f.contact_name.clone()),
        &column(|f| f.contact_phone.clone()),
        &column(|f| f.contact_email.clone()),
        &versions,
        &terms,
        &column(|f| search::sort_key(&f.name)),
        &created,
        &updated,
        search::TERMS_VERSION
    )
    .fetch_all(&mut *tx)
    .await
    .context("cannot insert the firms")?;
    let firm_ids: HashMap<String, i64> = ids.into_iter().map(|r| (r.credit_code, r.id)).collect();

    let mut entry_firm = Vec::new();
    let mut entry_capability = Vec::new();
    let mut level = Vec::new();
    let mut capacity = Vec::new();
    let mut lead_time = Vec::new();
    let mut version = Vec::new();
    let mut verified_by = Vec::new();
    let mut verified_ago = Vec::new();
    let mut created_ago = Vec::new();
    for firm in firms {
        let firm_id = firm_ids[&firm.credit_code];
        for entry in &firm.entries {
            entry_firm.push(firm_id);
            entry_capability.push(capability_ids[entry.capability]);
            level.push(entry.level.as_db().to_owned());
            capacity.push(entry.monthly_capacity);
            lead_time.push(entry.lead_time_days);
            version.push(entry.version);
            verified_by.push(entry.verified_secs_ago.map(|_| verifiers[firm.city]));
            verified_ago.push(entry.verified_secs_ago);
            created_ago.push(firm.created_secs_ago);
        }
    }
    // `verified_by` and `verified_ago` hold NULLs for the unverified entries, which the
    // macro's `&[i64]` cannot say: checked by the database only (`as _`).
    let entry_ids = sqlx::query!(
        "INSERT INTO firm_capabilities (firm_id, capability_id, level, monthly_capacity,
                lead_time_days, version, verified_by, verified_at, verified_version, created_at,
                updated_at)
         SELECT t.firm_id, t.capability_id, t.level, t.capacity, t.lead_time, t.version,
                t.verified_by, now() - t.verified_ago * interval '1 second',
                CASE WHEN t.verified_by IS NOT NULL THEN t.version END,
                now() - t.created_ago * interval '1 second',
                now() - t.created_ago * interval '1 second'
         FROM unnest($1::int8[], $2::int8[], $3::text[], $4::int4[], $5::int4[], $6::int4[],
                     $7::int8[], $8::int4[], $9::int4[])
              AS t(firm_id, capability_id, level, capacity, lead_time, version, verified_by,
                   verified_ago, created_ago)
         RETURNING id, firm_id, capability_id",
        &entry_firm,
        &entry_capability,
        &level,
        &capacity,
        &lead_time,
        &version,
        &verified_by as _,
        &verified_ago as _,
        &created_ago
    )
    .fetch_all(&mut *tx)
    .await
    .context("cannot insert the capability entries")?;
    let entry_id: HashMap<(i64, i64), i64> = entry_ids
        .into_iter()
        .map(|r| ((r.firm_id, r.capability_id), r.id))
        .collect();

    let mut certificate_entry = Vec::new();
    let mut kind = Vec::new();
    let mut other_name = Vec::new();
    let mut number = Vec::new();
    let mut issuer = Vec::new();
    let mut expires_on = Vec::new();
    for firm in firms {
        let firm_id = firm_ids[&firm.credit_code];
        for entry in &firm.entries {
            for certificate in &entry.certificates {
                certificate_entry.push(entry_id[&(firm_id, capability_ids[entry.capability])]);
                kind.push(certificate.kind.as_db().to_owned());
                other_name.push(certificate.other_name);
                number.push(certificate.number.clone());
                issuer.push(certificate.issuer.to_owned());
                let days = Days::new(u64::from(certificate.expires_in_days.unsigned_abs()));
                expires_on.push(if certificate.expires_in_days < 0 {
                    today - days
                } else {
                    today + days
                });
            }
        }
    }
    // `other_name` holds NULLs, and the dates are chrono's: checked by the database (`as _`).
    sqlx::query!(
        "INSERT INTO capability_certificates (firm_capability_id, kind, other_name, number,
                issuer, expires_on)
         SELECT * FROM unnest($1::int8[], $2::text[], $3::text[], $4::text[], $5::text[],
                              $6::date[])",
        &certificate_entry,
        &kind,
        &other_name as _,
        &number,
        &issuer,
        &expires_on as _
    )
    .execute(&mut *tx)
    .await
    .context("cannot insert the certificates")?;
    tx.commit().await?;
    Ok(())
}

/// Adds generated firms until the database holds `options.count` of them, printing progress
/// and the data set's totals. The migrations have run.
pub async fn generate_firms(pool: &PgPool, options: &Options) -> anyhow::Result<()> {
    anyhow::ensure!(
        options.count <= MAX_COUNT,
        "at most {MAX_COUNT} generated firms"
    );
    anyhow::ensure!(options.batch_size > 0, "the batch size must be at least 1");
    let started = Instant::now();
    let today = beijing_today();

    let known: HashMap<String, i64> = sqlx::query!("SELECT name_zh, id FROM capabilities")
        .fetch_all(pool)
        .await?
        .into_iter()
        .map(|r| (r.name_zh, r.id))
        .collect();
    let capability_ids = CAPABILITIES
        .iter()
        .map(|spec| {
            known
                .get(spec.name_zh)
                .copied()
                .with_context(|| format!("the taxonomy has no capability named {}", spec.name_zh))
        })
        .collect::<anyhow::Result<Vec<i64>>>()?;

    let existing = sqlx::query_scalar!(
        r#"SELECT count(*) AS "count!" FROM firms WHERE credit_code LIKE '________GN%'"#
    )
    .fetch_one(pool)
    .await?;
    let existing = u64::try_from(existing).unwrap_or(0);
    if existing >= options.count {
        println!(
            "the database already holds {} generated firms; nothing to add",
            thousands(existing as i64)
        );
    } else {
        let verifiers = verifiers(pool).await?;
        println!(
            "adding generated firms {}..{} (seed {}, {} per batch)",
            existing, options.count, options.seed, options.batch_size
        );
        let mut next = existing;
        let mut reported = Instant::now();
        while next < options.count {
            let end = (next + options.batch_size as u64).min(options.count);
            let firms: Vec<PlannedFirm> = (next..end).map(|i| plan_firm(options.seed, i)).collect();
            insert_batch(pool, &firms, &capability_ids, &verifiers, today)
                .await
                .with_context(|| format!("cannot write generated firms {next}..{end}"))?;
            next = end;
            if reported.elapsed().as_secs() >= 5 || next == options.count {
                let secs = started.elapsed().as_secs_f64();
                println!(
                    "  {:>10} of {} firms, {:.0} s, {:.0} firms/s",
                    thousands(next as i64),
                    thousands(options.count as i64),
                    secs,
                    (next - existing) as f64 / secs
                );
                reported = Instant::now();
            }
        }
        println!("analysing the tables");
        sqlx::raw_sql("ANALYZE firms, firm_capabilities, capability_certificates")
            .execute(pool)
            .await?;
    }
    let mut conn = pool.acquire().await?;
    let counts = DataSetCounts::of(&mut conn, today).await?;
    println!("data set: {counts}");
    println!("took {:.1} s", started.elapsed().as_secs_f64());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn sample(n: u64) -> Vec<PlannedFirm> {
        (0..n).map(|i| plan_firm(42, i)).collect()
    }

    fn share(firms: &[PlannedFirm], held: impl Fn(&PlannedFirm) -> bool) -> f64 {
        firms.iter().filter(|f| held(f)).count() as f64 / firms.len() as f64
    }

    fn holds(firm: &PlannedFirm, name_zh: &str) -> bool {
        firm.entries
            .iter()
            .any(|e| CAPABILITIES[e.capability].name_zh == name_zh)
    }

    #[test]
    fn a_firm_is_the_same_for_the_same_seed_and_index_whatever_came_before() {
        assert_eq!(plan_firm(42, 1234), plan_firm(42, 1234));
        assert_ne!(plan_firm(42, 1234), plan_firm(43, 1234));
        assert_ne!(plan_firm(42, 1234), plan_firm(42, 1235));
    }

    #[test]
    fn every_code_is_valid_of_its_city_and_unique() {
        let firms = sample(3000);
        let mut codes = HashSet::new();
        for firm in &firms {
            let code = CreditCode::parse(&firm.credit_code).expect("valid");
            let prefix = match firm.city {
                "chengdu" => "5101",
                "deyang" => "5106",
                "meishan" => "5114",
                "ziyang" => "5120",
                other => panic!("not a member city: {other}"),
            };
            assert!(
                code.region_code().starts_with(prefix),
                "{}",
                firm.credit_code
            );
            assert_eq!(&firm.credit_code[8..10], "GN");
            assert!(codes.insert(firm.credit_code.clone()));
        }
    }

    #[test]
    fn the_data_set_is_skewed_like_the_alliance() {
        let firms = sample(4000);
        let entries: usize = firms.iter().map(|f| f.entries.len()).sum();
        let per_firm = entries as f64 / firms.len() as f64;
        assert!(
            (7.0..=9.0).contains(&per_firm),
            "{per_firm} entries per firm"
        );

        let machining = share(&firms, |f| holds(f, "精密机加工"));
        let assembly = share(&firms, |f| holds(f, "总装"));
        assert!((0.4..=0.6).contains(&machining), "machining {machining}");
        assert!((0.35..=0.6).contains(&assembly), "assembly {assembly}");
        let dexterous = share(&firms, |f| holds(f, "灵巧手"));
        assert!(dexterous < 0.1, "dexterous hands {dexterous}");

        let manufacturers = share(&firms, |f| f.kind == FirmKind::Manufacturer);
        assert!(manufacturers > 0.5, "manufacturers {manufacturers}");
        let chengdu = share(&firms, |f| f.city == "chengdu");
        let deyang = share(&firms, |f| f.city == "deyang");
        assert!(deyang > chengdu, "Deyang {deyang}, Chengdu {chengdu}");
        let universities_in_chengdu = firms
            .iter()
            .filter(|f| f.kind == FirmKind::University)
            .filter(|f| f.city == "chengdu")
            .count() as f64
            / firms
                .iter()
                .filter(|f| f.kind == FirmKind::University)
                .count() as f64;
        assert!(universities_in_chengdu > 0.5);

        let all: Vec<&PlannedEntry> = firms.iter().flat_map(|f| &f.entries).collect();
        let certified =
            all.iter().filter(|e| !e.certificates.is_empty()).count() as f64 / all.len() as f64;
        let verified =
            all.iter().filter(|e| e.verified_secs_ago.is_some()).count() as f64 / all.len() as f64;
        assert!((0.25..=0.35).contains(&certified), "certified {certified}");
        assert!((0.12..=0.18).contains(&verified), "verified {verified}");
        assert!(
            all.iter()
                .flat_map(|e| &e.certificates)
                .any(|c| c.expires_in_days < 0)
        );
        for level in ProductionLevel::ALL {
            let n = all.iter().filter(|e| e.level == *level).count() as f64 / all.len() as f64;
            assert!(n > 0.1, "{level:?} {n}");
        }
    }

    #[test]
    fn a_search_for_reducers_or_servos_finds_an_honest_share() {
        let firms = sample(4000);
        let found = |word: &str| -> Vec<&PlannedFirm> {
            let query = search::query_terms(word);
            firms
                .iter()
                .filter(|f| {
                    let index = search::index_terms([
                        f.name.as_str(),
                        f.name_en.as_str(),
                        f.description.as_str(),
                    ]);
                    query.iter().all(|t| index.contains(t))
                })
                .collect()
        };
        for (word, makers) in [
            ("减速", &["谐波减速器", "RV减速器", "行星减速器"][..]),
            ("伺服", &["伺服电机", "伺服驱动器"][..]),
        ] {
            let hits = found(word);
            let share = hits.len() as f64 / firms.len() as f64;
            assert!((0.03..=0.4).contains(&share), "{word}: {share}");
            // Only makers are found by the word.
            for firm in hits {
                assert!(
                    makers.iter().any(|m| holds(firm, m)),
                    "{word} finds {} ({})",
                    firm.name,
                    firm.description
                );
            }
        }
    }

    #[test]
    fn every_profile_fits_the_schema() {
        for firm in sample(2000) {
            assert!(firm.name.chars().count() <= 200);
            assert!(firm.name_en.chars().count() <= 200);
            assert!(firm.description.chars().count() <= 2000);
            assert!(!firm.entries.is_empty());
            assert!((1800..=2100).contains(&firm.founded_year));
            assert!(firm.staff_size >= 1);
            assert!(firm.contact_phone.len() >= 5);
            assert!(firm.updated_secs_ago <= firm.created_secs_ago);
            let mut seen = HashSet::new();
            for entry in &firm.entries {
                assert!(seen.insert(entry.capability));
                assert!((0..=100_000_000).contains(&entry.monthly_capacity));
                assert!((0..=3650).contains(&entry.lead_time_days));
                for certificate in &entry.certificates {
                    assert_eq!(
                        certificate.kind == CertificateKind::Other,
                        certificate.other_name.is_some()
                    );
                    assert!(!certificate.number.trim().is_empty());
                }
            }
        }
    }

    #[test]
    fn the_generators_taxonomy_is_the_seeded_one() {
        let migration = include_str!("../../../migrations/20261122000500_firm_profiles.sql");
        for spec in CAPABILITIES {
            assert!(
                migration.contains(&format!("'{}'", spec.name_zh)),
                "{}",
                spec.name_zh
            );
        }
        let names: HashSet<&str> = CAPABILITIES.iter().map(|s| s.name_zh).collect();
        assert_eq!(names.len(), 39);
    }

    #[test]
    fn numbers_read_with_thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(100_000), "100,000");
        assert_eq!(thousands(-1_234_567), "-1,234,567");
    }
}
