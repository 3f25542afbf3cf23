//! What generated firms are made of: the cities with their places and weights, the taxonomy
//! with how common each capability is, and the words of names and certificates.

use app::domain::firm::{CertificateKind, FirmKind};

/// Where in the industry chain a capability sits; the kinds and cities lean towards some.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Group {
    Material,
    Component,
    Module,
    Service,
    Robot,
    Scenario,
    Software,
}

pub struct City {
    pub code: &'static str,
    /// Relative number of firms: the manufacturing cities have more.
    pub weight: f64,
    /// The start of a landline number; seven digits follow.
    pub phone: &'static str,
    pub places: &'static [Place],
    /// How much more (or less) common each group is here than on average.
    pub leaning: fn(Group) -> f64,
}

/// The place a firm is named after: (Chinese, English, region code).
pub type Place = (&'static str, &'static str, &'static str);

pub const CITIES: &[City] = &[
    City {
        code: "chengdu",
        weight: 22.0,
        phone: "028-8",
        places: &[
            ("成都", "Chengdu", "510100"),
            ("天府", "Tianfu", "510116"),
            ("锦江", "Jinjiang", "510104"),
            ("蜀都", "Shudu", "510105"),
            ("锦城", "Jincheng", "510107"),
            ("武侯", "Wuhou", "510107"),
            ("双流", "Shuangliu", "510116"),
            ("龙泉", "Longquan", "510112"),
            ("郫都", "Pidu", "510117"),
            ("蓉城", "Rongcheng", "510108"),
            ("四川", "Sichuan", "510100"),
        ],
        leaning: |group| match group {
            Group::Material => 0.5,
            Group::Service => 0.8,
            Group::Module => 1.2,
            Group::Robot => 1.5,
            Group::Software => 2.0,
            Group::Component | Group::Scenario => 1.0,
        },
    },
    City {
        code: "deyang",
        weight: 32.0,
        phone: "0838-",
        places: &[
            ("德阳", "Deyang", "510600"),
            ("旌阳", "Jingyang", "510603"),
            ("广汉", "Guanghan", "510681"),
            ("什邡", "Shifang", "510682"),
            ("绵竹", "Mianzhu", "510683"),
            ("罗江", "Luojiang", "510604"),
            ("中江", "Zhongjiang", "510623"),
            ("四川", "Sichuan", "510600"),
        ],
        leaning: |group| match group {
            Group::Material => 0.6,
            Group::Component => 1.3,
            Group::Service => 1.1,
            Group::Software => 0.6,
            Group::Module | Group::Robot | Group::Scenario => 1.0,
        },
    },
    City {
        code: "meishan",
        weight: 22.0,
        phone: "028-3",
        places: &[
            ("眉山", "Meishan", "511400"),
            ("东坡", "Dongpo", "511402"),
            ("彭山", "Pengshan", "511403"),
            ("仁寿", "Renshou", "511421"),
            ("青神", "Qingshen", "511425"),
            ("洪雅", "Hongya", "511423"),
            ("丹棱", "Danling", "511424"),
            ("四川", "Sichuan", "511400"),
        ],
        leaning: |group| match group {
            Group::Material => 4.0,
            Group::Component => 1.1,
            Group::Module => 0.8,
            Group::Robot => 0.6,
            Group::Software => 0.5,
            Group::Service | Group::Scenario => 1.0,
        },
    },
    City {
        code: "ziyang",
        weight: 24.0,
        phone: "028-2",
        places: &[
            ("资阳", "Ziyang", "512000"),
            ("雁江", "Yanjiang", "512002"),
            ("安岳", "Anyue", "512021"),
            ("乐至", "Lezhi", "512022"),
            ("临空", "Linkong", "512002"),
            ("四川", "Sichuan", "512000"),
        ],
        leaning: |group| match group {
            Group::Material => 0.8,
            Group::Component => 0.9,
            Group::Service => 1.4,
            Group::Robot => 0.8,
            Group::Software => 0.6,
            Group::Module | Group::Scenario => 1.0,
        },
    },
];

/// How many of each kind per hundred firms: Chengdu, the R&D hub, has most of the institutes
/// and universities.
pub fn kind_weights(city: &str) -> [(FirmKind, f64); 5] {
    let (research, university, integrator) = match city {
        "chengdu" => (12.0, 8.0, 15.0),
        _ => (2.0, 1.0, 7.0),
    };
    [
        (
            FirmKind::Manufacturer,
            100.0 - research - university - integrator - 24.0,
        ),
        (FirmKind::ComponentSupplier, 24.0),
        (FirmKind::Integrator, integrator),
        (FirmKind::ResearchInstitute, research),
        (FirmKind::University, university),
    ]
}

/// How much more (or less) often a kind holds each group than a manufacturer.
pub fn kind_leaning(kind: FirmKind, group: Group) -> f64 {
    use Group::*;
    match (kind, group) {
        (FirmKind::Manufacturer, Software) => 0.6,
        (FirmKind::Manufacturer, _) => 1.0,
        (FirmKind::ComponentSupplier, Material | Module) => 1.3,
        (FirmKind::ComponentSupplier, Component) => 1.4,
        (FirmKind::ComponentSupplier, Service | Scenario) => 0.8,
        (FirmKind::ComponentSupplier, Robot) => 0.3,
        (FirmKind::ComponentSupplier, Software) => 0.5,
        (FirmKind::Integrator, Material) => 0.2,
        (FirmKind::Integrator, Component) => 0.5,
        (FirmKind::Integrator, Module) => 0.8,
        (FirmKind::Integrator, Service) => 0.9,
        (FirmKind::Integrator, Robot | Software) => 1.5,
        (FirmKind::Integrator, Scenario) => 1.8,
        (FirmKind::ResearchInstitute | FirmKind::University, Material) => 0.3,
        (FirmKind::ResearchInstitute | FirmKind::University, Component | Scenario) => 0.8,
        (FirmKind::ResearchInstitute | FirmKind::University, Module) => 1.1,
        (FirmKind::ResearchInstitute | FirmKind::University, Service) => 0.5,
        (FirmKind::ResearchInstitute | FirmKind::University, Robot) => 1.6,
        (FirmKind::ResearchInstitute | FirmKind::University, Software) => 4.0,
    }
}

/// The groups a firm's main line (the one in its name) comes from.
pub fn main_groups(kind: FirmKind) -> &'static [Group] {
    use Group::*;
    match kind {
        FirmKind::Manufacturer => &[Material, Component, Module, Service, Robot],
        FirmKind::ComponentSupplier => &[Material, Component, Module],
        FirmKind::Integrator => &[Scenario, Robot],
        FirmKind::ResearchInstitute | FirmKind::University => &[Software, Robot, Component, Module],
    }
}

pub struct CapabilitySpec {
    /// The name in the seeded taxonomy.
    pub name_zh: &'static str,
    pub group: Group,
    /// The share of firms holding it, before the kind's and city's leanings: a few are held
    /// by about half of all firms, most by few (roughly Zipf).
    pub share: f64,
    /// What a firm whose main line this is calls its trade in its name: (Chinese, English).
    pub trade: &'static [(&'static str, &'static str)],
}

const fn spec(
    name_zh: &'static str,
    group: Group,
    share: f64,
    trade: &'static [(&'static str, &'static str)],
) -> CapabilitySpec {
    CapabilitySpec {
        name_zh,
        group,
        share,
        trade,
    }
}

/// The seeded taxonomy, most commonly held first.
pub const CAPABILITIES: &[CapabilitySpec] = &[
    spec(
        "精密机加工",
        Group::Service,
        0.55,
        &[
            ("精密机械", "Precision Machinery"),
            ("数控加工", "CNC Machining"),
            ("精工机械", "Precision Engineering"),
            ("机械制造", "Machinery"),
        ],
    ),
    spec(
        "总装",
        Group::Service,
        0.48,
        &[
            ("智能装配", "Intelligent Assembly"),
            ("装备", "Equipment"),
            ("机电", "Mechatronics"),
        ],
    ),
    spec(
        "快速打样",
        Group::Service,
        0.40,
        &[("快速制造", "Rapid Manufacturing"), ("原型", "Prototyping")],
    ),
    spec(
        "汽车制造",
        Group::Scenario,
        0.38,
        &[("汽车装备", "Automotive Equipment")],
    ),
    spec(
        "3C电子",
        Group::Scenario,
        0.36,
        &[("电子装备", "Electronics Equipment")],
    ),
    spec(
        "注塑成型",
        Group::Service,
        0.33,
        &[
            ("注塑", "Injection Moulding"),
            ("模具", "Mould"),
            ("塑胶制品", "Plastic Products"),
        ],
    ),
    spec(
        "检测认证",
        Group::Service,
        0.30,
        &[
            ("检测技术", "Testing"),
            ("检验检测", "Inspection and Testing"),
        ],
    ),
    spec(
        "物流",
        Group::Scenario,
        0.28,
        &[
            ("智能物流", "Smart Logistics"),
            ("物流装备", "Logistics Equipment"),
        ],
    ),
    spec(
        "PCB组装",
        Group::Service,
        0.26,
        &[
            ("电子", "Electronics"),
            ("电子组装", "Electronics Assembly"),
        ],
    ),
    spec(
        "伺服电机",
        Group::Component,
        0.24,
        &[
            ("伺服电机", "Servo Motor"),
            ("电机", "Electric Motor"),
            ("伺服技术", "Servo Technology"),
        ],
    ),
    spec(
        "工业机器人",
        Group::Robot,
        0.23,
        &[
            ("机器人", "Robotics"),
            ("工业机器人", "Industrial Robot"),
            ("自动化", "Automation"),
        ],
    ),
    spec(
        "控制器",
        Group::Component,
        0.22,
        &[("控制技术", "Control Technology"), ("自动化", "Automation")],
    ),
    spec(
        "末端执行器",
        Group::Module,
        0.21,
        &[("夹具", "Gripper"), ("末端执行器", "End Effector")],
    ),
    spec(
        "运动控制",
        Group::Software,
        0.20,
        &[
            ("运动控制", "Motion Control"),
            ("控制技术", "Control Technology"),
        ],
    ),
    spec(
        "行星减速器",
        Group::Component,
        0.19,
        &[
            ("行星减速机", "Planetary Gearbox"),
            ("齿轮传动", "Gear Transmission"),
            ("减速机", "Gearbox"),
        ],
    ),
    spec(
        "伺服驱动器",
        Group::Component,
        0.18,
        &[("伺服驱动", "Servo Drive"), ("电气", "Electric")],
    ),
    spec(
        "视觉传感器",
        Group::Component,
        0.17,
        &[
            ("机器视觉", "Machine Vision"),
            ("光电", "Optoelectronics"),
            ("智能传感", "Smart Sensing"),
        ],
    ),
    spec(
        "编码器",
        Group::Component,
        0.15,
        &[("编码器", "Encoder"), ("光电", "Optoelectronics")],
    ),
    spec(
        "轴承",
        Group::Component,
        0.14,
        &[("轴承", "Bearing"), ("精密轴承", "Precision Bearing")],
    ),
    spec(
        "谐波减速器",
        Group::Component,
        0.13,
        &[
            ("精密传动", "Precision Transmission"),
            ("谐波传动", "Harmonic Drive"),
            ("减速器", "Reducer"),
        ],
    ),
    spec(
        "关节模组",
        Group::Module,
        0.12,
        &[("关节模组", "Joint Module"), ("机器人关节", "Robot Joint")],
    ),
    spec(
        "工程塑料与复合材料",
        Group::Material,
        0.11,
        &[("新材料", "New Materials"), ("复合材料", "Composites")],
    ),
    spec(
        "特种作业",
        Group::Scenario,
        0.10,
        &[("特种装备", "Special Equipment")],
    ),
    spec(
        "丝杠",
        Group::Component,
        0.10,
        &[("丝杠", "Ball Screw"), ("直线传动", "Linear Motion")],
    ),
    spec(
        "RV减速器",
        Group::Component,
        0.09,
        &[
            ("精密减速机", "Precision Reducer"),
            ("传动", "Transmission"),
            ("减速器", "Reducer"),
        ],
    ),
    spec(
        "协作机器人",
        Group::Robot,
        0.09,
        &[
            ("协作机器人", "Collaborative Robot"),
            ("机器人", "Robotics"),
        ],
    ),
    spec(
        "服务机器人",
        Group::Robot,
        0.09,
        &[
            ("服务机器人", "Service Robot"),
            ("智能机器人", "Intelligent Robot"),
        ],
    ),
    spec(
        "钕铁硼永磁体",
        Group::Material,
        0.08,
        &[
            ("磁业", "Magnetics"),
            ("磁材", "Magnetic Materials"),
            ("稀土永磁", "Rare-Earth Magnets"),
        ],
    ),
    spec(
        "医疗",
        Group::Scenario,
        0.07,
        &[("医疗器械", "Medical Devices")],
    ),
    spec(
        "农业",
        Group::Scenario,
        0.07,
        &[("农机", "Agricultural Machinery")],
    ),
    spec(
        "力/力矩传感器",
        Group::Component,
        0.07,
        &[
            ("传感技术", "Sensing Technology"),
            ("测控", "Measurement and Control"),
        ],
    ),
    spec(
        "城市管理",
        Group::Scenario,
        0.06,
        &[("城市服务", "Urban Services")],
    ),
    spec("养老", Group::Scenario, 0.06, &[("康养", "Elderly Care")]),
    spec(
        "具身智能",
        Group::Software,
        0.06,
        &[("智能", "Intelligent"), ("具身智能", "Embodied AI")],
    ),
    spec(
        "数据采集与训练场",
        Group::Software,
        0.05,
        &[("数据", "Data"), ("智能训练", "AI Training")],
    ),
    spec(
        "灵巧手",
        Group::Module,
        0.05,
        &[("灵巧手", "Dexterous Hand")],
    ),
    spec(
        "人形机器人",
        Group::Robot,
        0.05,
        &[
            ("人形机器人", "Humanoid Robot"),
            ("具身机器人", "Embodied Robot"),
        ],
    ),
    spec(
        "触觉传感器",
        Group::Component,
        0.04,
        &[
            ("触觉感知", "Tactile Sensing"),
            ("传感技术", "Sensing Technology"),
        ],
    ),
    spec(
        "无重稀土磁体",
        Group::Material,
        0.03,
        &[
            ("磁性材料", "Magnetic Materials"),
            ("新材料", "New Materials"),
        ],
    ),
];

/// The distinctive part of a name (字号) is two of these: (character, pinyin). None of them
/// makes a product word with its neighbour, so a search for 减速 or 伺服 finds only the firms
/// that make them.
pub const BRAND_CHARS: &[(char, &str)] = &[
    ('华', "hua"),
    ('锐', "rui"),
    ('恒', "heng"),
    ('鑫', "xin"),
    ('瑞', "rui"),
    ('泰', "tai"),
    ('达', "da"),
    ('晟', "sheng"),
    ('宏', "hong"),
    ('创', "chuang"),
    ('远', "yuan"),
    ('航', "hang"),
    ('联', "lian"),
    ('众', "zhong"),
    ('源', "yuan"),
    ('邦', "bang"),
    ('博', "bo"),
    ('诚', "cheng"),
    ('信', "xin"),
    ('凯', "kai"),
    ('盛', "sheng"),
    ('宇', "yu"),
    ('明', "ming"),
    ('和', "he"),
    ('峰', "feng"),
    ('海', "hai"),
    ('振', "zhen"),
    ('兴', "xing"),
    ('卓', "zhuo"),
    ('越', "yue"),
    ('金', "jin"),
    ('鼎', "ding"),
    ('立', "li"),
    ('方', "fang"),
    ('正', "zheng"),
    ('德', "de"),
    ('安', "an"),
    ('康', "kang"),
    ('嘉', "jia"),
    ('益', "yi"),
    ('同', "tong"),
    ('启', "qi"),
    ('睿', "rui"),
    ('驰', "chi"),
    ('拓', "tuo"),
    ('骏', "jun"),
    ('腾', "teng"),
    ('云', "yun"),
    ('川', "chuan"),
    ('蓉', "rong"),
];

/// The end of a company's name: (Chinese, English, weight).
pub const COMPANY_SUFFIXES: &[(&str, &str, f64)] = &[
    ("有限公司", "Co., Ltd.", 35.0),
    ("科技有限公司", "Technology Co., Ltd.", 35.0),
    ("制造有限公司", "Manufacturing Co., Ltd.", 12.0),
    ("股份有限公司", "Corporation", 8.0),
    ("实业有限公司", "Industrial Co., Ltd.", 10.0),
];

/// What a research institute calls itself after its place and 字号.
pub const INSTITUTES: &[(&str, &str)] = &[
    ("机器人研究院", "Robotics Research Institute"),
    (
        "智能制造研究院",
        "Intelligent Manufacturing Research Institute",
    ),
    ("工业技术研究院", "Industrial Technology Research Institute"),
    ("具身智能研究所", "Embodied AI Research Institute"),
];

/// What a university calls itself after its place and 字号.
pub const UNIVERSITIES: &[(&str, &str)] = &[
    ("理工大学", "University of Technology"),
    ("工程学院", "Institute of Engineering"),
    ("职业技术学院", "Vocational and Technical College"),
    ("工业大学", "University of Industry"),
];

pub const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "林", "罗", "高", "郑", "梁", "谢", "宋", "唐", "许", "邓", "冯", "韩", "曾",
];

pub const GIVEN_NAMES: &[&str] = &[
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明",
    "超", "秀英", "华", "慧", "建国", "志强", "晓东", "海燕", "文博", "思远", "雨桐", "子涵",
    "浩然", "欣怡",
];

/// Who issues certificates of each kind (made up).
pub fn issuers(kind: CertificateKind) -> &'static [&'static str] {
    match kind {
        CertificateKind::Iso9001 | CertificateKind::Other => &[
            "西部质量认证有限公司",
            "天府认证中心有限公司",
            "华夏质量认证中心有限公司",
            "蜀都认证有限公司",
        ],
        CertificateKind::Iatf16949 => &["西南汽车质量认证有限公司", "川汽质量认证有限公司"],
        CertificateKind::Iso13485 => &["蜀康医疗器械认证有限公司", "华医质量认证有限公司"],
        CertificateKind::Ce => &["Nordstern Prüfstelle GmbH", "Alpen Certification AG"],
        CertificateKind::Ccc => &["中认华信认证有限公司"],
    }
}

/// Certificates of none of the listed kinds: (name, number prefix).
pub const OTHER_CERTIFICATES: &[(&str, &str)] = &[
    ("ISO 14001", "EMS"),
    ("ISO 45001", "OHS"),
    ("AS9100D", "AS"),
    ("GJB 9001C", "GJB"),
    ("ISO/IEC 27001", "ISMS"),
];
