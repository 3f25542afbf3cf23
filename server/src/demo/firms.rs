//! The demo firms: sixty members of the alliance across its four cities, as a reader of the
//! directory would expect them. Research institutes and universities sit mostly in Chengdu, the
//! R&D hub; reducers, servo motors, machining, moulding and assembly in Deyang, Meishan and
//! Ziyang; magnets and materials in Meishan. Every name, code, person, number and address here
//! is made up (websites and mailboxes are under `example.cn`).
//!
//! The first three keep their place: the demo accounts of `super::USERS` point at them by index.

use app::domain::account::FirmStatus::{self, Approved, Pending};
use app::domain::firm::CertificateKind::{self, Ccc, Ce, Iatf16949, Iso9001, Iso13485};
use app::domain::firm::FirmKind::{
    self, ComponentSupplier, Integrator, Manufacturer, ResearchInstitute, University,
};
use app::domain::firm::ProductionLevel::{self, MassProduction, Prototype, SmallBatch};

pub struct DemoFirm {
    /// The legal name in Chinese.
    pub name: &'static str,
    pub name_en: &'static str,
    /// The credit code's first 17 characters; the check character is computed.
    pub code: &'static str,
    pub city: &'static str,
    pub kind: FirmKind,
    pub status: FirmStatus,
    pub founded: i16,
    pub staff: i32,
    pub website: &'static str,
    pub contact: Contact,
    pub description: &'static str,
    pub capabilities: &'static [DemoCapability],
}

pub struct Contact {
    pub name: &'static str,
    pub phone: &'static str,
    pub email: &'static str,
}

const fn contact(name: &'static str, phone: &'static str, email: &'static str) -> Contact {
    Contact { name, phone, email }
}

/// A capability the firm lists, by its name in the seeded taxonomy.
pub struct DemoCapability {
    pub name_zh: &'static str,
    pub level: ProductionLevel,
    pub monthly_capacity: i32,
    pub lead_time_days: i32,
    /// Verified by the demo official of the firm's city.
    pub verified: bool,
    pub certificates: &'static [DemoCertificate],
}

const fn cap(
    name_zh: &'static str,
    level: ProductionLevel,
    monthly_capacity: i32,
    lead_time_days: i32,
) -> DemoCapability {
    DemoCapability {
        name_zh,
        level,
        monthly_capacity,
        lead_time_days,
        verified: false,
        certificates: &[],
    }
}

impl DemoCapability {
    const fn verified(self) -> Self {
        Self {
            verified: true,
            ..self
        }
    }

    const fn certified(self, certificates: &'static [DemoCertificate]) -> Self {
        Self {
            certificates,
            ..self
        }
    }
}

pub struct DemoCertificate {
    pub kind: CertificateKind,
    /// The certificate's name when it is none of the listed kinds.
    pub other_name: Option<&'static str>,
    pub number: &'static str,
    pub issuer: &'static str,
    /// `YYYY-MM-DD`, the last valid day. A few are past: the directory shows them as expired.
    pub expires_on: &'static str,
}

const fn cert(
    kind: CertificateKind,
    number: &'static str,
    issuer: &'static str,
    expires_on: &'static str,
) -> DemoCertificate {
    DemoCertificate {
        kind,
        other_name: None,
        number,
        issuer,
        expires_on,
    }
}

const fn other(
    name: &'static str,
    number: &'static str,
    issuer: &'static str,
    expires_on: &'static str,
) -> DemoCertificate {
    DemoCertificate {
        kind: CertificateKind::Other,
        other_name: Some(name),
        number,
        issuer,
        expires_on,
    }
}

// The certification bodies (made up).
const QUALITY: &str = "西部质量认证有限公司";
const TIANFU: &str = "天府认证中心有限公司";
const AUTO: &str = "西南汽车质量认证有限公司";
const MEDICAL: &str = "蜀康医疗器械认证有限公司";
const NOTIFIED_BODY: &str = "Nordstern Prüfstelle GmbH";
const CCC_BODY: &str = "中认华信认证有限公司";
const ACCREDITATION: &str = "天府合格评定中心";

pub const FIRMS: &[DemoFirm] = &[
    // The three firms the demo accounts belong to.
    DemoFirm {
        name: "德阳东方精密传动有限公司",
        name_en: "Deyang Dongfang Precision Transmission Co., Ltd.",
        code: "91510600MA6DEMQ01",
        city: "deyang",
        kind: Manufacturer,
        status: Approved,
        founded: 2009,
        staff: 420,
        website: "https://www.dongfang-drive.example.cn",
        contact: contact(
            "赵强",
            "0838-2201688",
            "zhaoqiang@dongfang-drive.example.cn",
        ),
        description: "专业研发和制造机器人关节用谐波减速器与RV减速器，拥有从齿形设计、精密机加工到出厂检测的完整产线，年产谐波减速器逾三万台。",
        capabilities: &[
            cap("谐波减速器", MassProduction, 3000, 30)
                .verified()
                .certified(&[cert(Iso9001, "XB24Q10318R1M", QUALITY, "2027-09-30")]),
            cap("RV减速器", SmallBatch, 300, 45).certified(&[cert(
                Iso9001,
                "XB24Q10319R1M",
                QUALITY,
                "2027-09-30",
            )]),
            cap("精密机加工", MassProduction, 8000, 20),
            cap("关节模组", Prototype, 20, 60),
        ],
    },
    DemoFirm {
        name: "眉山新材磁业有限公司",
        name_en: "Meishan Xincai Magnetics Co., Ltd.",
        code: "91511400MA6DEMQ02",
        city: "meishan",
        kind: Manufacturer,
        status: Approved,
        founded: 2012,
        staff: 260,
        website: "https://www.xincai-magnet.example.cn",
        contact: contact("孙丽", "028-38123456", "sunli@xincai-magnet.example.cn"),
        description: "生产高性能烧结钕铁硼永磁体，为伺服电机、关节模组和新能源汽车驱动电机提供磁钢，并在开发低重稀土与无重稀土磁体。",
        capabilities: &[
            cap("钕铁硼永磁体", MassProduction, 120_000, 25)
                .verified()
                .certified(&[
                    cert(Iso9001, "XB23Q20871R2M", QUALITY, "2028-03-31"),
                    cert(Iatf16949, "IATF 0512207", AUTO, "2027-11-30"),
                ]),
            cap("无重稀土磁体", Prototype, 2000, 40),
            cap("汽车制造", SmallBatch, 20, 30),
        ],
    },
    DemoFirm {
        name: "资阳智造装配有限公司",
        name_en: "Ziyang Zhizao Assembly Co., Ltd.",
        code: "91512000MA6DEMQ03",
        city: "ziyang",
        kind: Manufacturer,
        status: Pending,
        founded: 2021,
        staff: 85,
        website: "https://www.zhizao-assembly.example.cn",
        contact: contact("周杰", "028-26661234", "zhoujie@zhizao-assembly.example.cn"),
        description: "承接机器人整机与电控柜的总装、调试和PCB组装，为成都的研发团队提供小批量试产服务。",
        capabilities: &[
            cap("总装", SmallBatch, 200, 20),
            cap("PCB组装", SmallBatch, 3000, 15),
            cap("快速打样", Prototype, 50, 10),
        ],
    },
    // Chengdu: the R&D hub.
    DemoFirm {
        name: "成都天府机器人研究院",
        name_en: "Chengdu Tianfu Robotics Research Institute",
        code: "12510100MA6DEMQ04",
        city: "chengdu",
        kind: ResearchInstitute,
        status: Approved,
        founded: 2017,
        staff: 180,
        website: "https://www.tf-robotics.example.cn",
        contact: contact("王晓峰", "028-85201001", "wangxf@tf-robotics.example.cn"),
        description: "面向具身智能和人形机器人开展前沿研究，建有人形机器人数据采集与训练场，并向联盟企业开放运动控制算法与样机验证平台。",
        capabilities: &[
            cap("具身智能", Prototype, 5, 90).verified(),
            cap("人形机器人", Prototype, 3, 180),
            cap("运动控制", SmallBatch, 20, 60),
            cap("数据采集与训练场", SmallBatch, 10, 30).verified(),
        ],
    },
    DemoFirm {
        name: "蜀都理工大学",
        name_en: "Shudu University of Technology",
        code: "12510100MA6DEMQ05",
        city: "chengdu",
        kind: University,
        status: Approved,
        founded: 1958,
        staff: 3200,
        website: "https://www.sdut.example.cn",
        contact: contact("李文博", "028-87600123", "robotics@sdut.example.cn"),
        description: "设有机器人工程与智能制造学院，在力/力矩传感器、机器人控制器和运动控制方向承担多项省级课题，可为企业提供样机试制、检测和联合研发。",
        capabilities: &[
            cap("力/力矩传感器", Prototype, 10, 90),
            cap("控制器", Prototype, 10, 90),
            cap("运动控制", Prototype, 5, 120),
            cap("检测认证", SmallBatch, 40, 20).certified(&[other(
                "CNAS 实验室认可",
                "CNAS L18236",
                ACCREDITATION,
                "2028-08-31",
            )]),
        ],
    },
    DemoFirm {
        name: "成都电子信息科技大学",
        name_en: "Chengdu University of Electronic Information Technology",
        code: "12510100MA6DEMQ06",
        city: "chengdu",
        kind: University,
        status: Approved,
        founded: 1956,
        staff: 4500,
        website: "https://www.cueit.example.cn",
        contact: contact("陈思远", "028-61830000", "industry@cueit.example.cn"),
        description: "在机器视觉、触觉传感器和机器人控制芯片方向有多个重点实验室，可承接视觉传感器、控制器和PCB组装的样机开发。",
        capabilities: &[
            cap("视觉传感器", Prototype, 20, 60),
            cap("触觉传感器", Prototype, 10, 90),
            cap("控制器", Prototype, 10, 90),
            cap("PCB组装", Prototype, 200, 20),
            cap("具身智能", Prototype, 5, 120),
        ],
    },
    DemoFirm {
        name: "四川锦城智能制造研究院",
        name_en: "Sichuan Jincheng Intelligent Manufacturing Research Institute",
        code: "12510107MA6DEMQ07",
        city: "chengdu",
        kind: ResearchInstitute,
        status: Approved,
        founded: 2015,
        staff: 150,
        website: "https://www.jc-imri.example.cn",
        contact: contact("杨帆", "028-85330707", "service@jc-imri.example.cn"),
        description: "从事工业机器人应用工艺与智能产线研究，为制造企业提供机器人检测认证、产线仿真和运动控制调优服务。",
        capabilities: &[
            cap("检测认证", SmallBatch, 60, 15)
                .verified()
                .certified(&[other(
                    "CNAS 实验室认可",
                    "CNAS L20417",
                    ACCREDITATION,
                    "2029-01-31",
                )]),
            cap("工业机器人", Prototype, 5, 120),
            cap("运动控制", SmallBatch, 30, 45),
            cap("数据采集与训练场", Prototype, 2, 90),
        ],
    },
    DemoFirm {
        name: "成都蓉芯运动控制技术有限公司",
        name_en: "Chengdu Rongxin Motion Control Technology Co., Ltd.",
        code: "91510116MA6DEMQ08",
        city: "chengdu",
        kind: ComponentSupplier,
        status: Approved,
        founded: 2014,
        staff: 310,
        website: "https://www.rongxin-mc.example.cn",
        contact: contact("刘畅", "028-85888808", "sales@rongxin-mc.example.cn"),
        description: "自主研发机器人控制器和伺服驱动器，产品覆盖六轴工业机器人与协作机器人，并提供运动控制软件的二次开发支持。",
        capabilities: &[
            cap("控制器", MassProduction, 2000, 30)
                .verified()
                .certified(&[
                    cert(Iso9001, "TF22Q31005R3M", TIANFU, "2028-06-30"),
                    cert(Ce, "NS-MD-2025-0147", NOTIFIED_BODY, "2030-04-30"),
                ]),
            cap("伺服驱动器", MassProduction, 5000, 25).certified(&[cert(
                Iso9001,
                "TF22Q31006R3M",
                TIANFU,
                "2028-06-30",
            )]),
            cap("运动控制", SmallBatch, 50, 30),
        ],
    },
    DemoFirm {
        name: "成都锐视智能传感科技有限公司",
        name_en: "Chengdu Ruishi Smart Sensing Technology Co., Ltd.",
        code: "91510100MA6DEMQ09",
        city: "chengdu",
        kind: ComponentSupplier,
        status: Approved,
        founded: 2018,
        staff: 120,
        website: "https://www.ruishi-vision.example.cn",
        contact: contact("黄静", "028-86662299", "huangjing@ruishi-vision.example.cn"),
        description: "研发生产面向机器人引导与质量检测的3D视觉传感器和工业相机，已在3C电子和汽车制造产线批量应用。",
        capabilities: &[
            cap("视觉传感器", MassProduction, 1500, 20).certified(&[cert(
                Iso9001,
                "TF23Q40212R2M",
                TIANFU,
                "2027-12-31",
            )]),
            cap("3C电子", SmallBatch, 20, 30),
            cap("汽车制造", SmallBatch, 10, 45),
        ],
    },
    DemoFirm {
        name: "成都协创机器人有限公司",
        name_en: "Chengdu Xiechuang Robotics Co., Ltd.",
        code: "91510112MA6DEMQ10",
        city: "chengdu",
        kind: Manufacturer,
        status: Approved,
        founded: 2016,
        staff: 540,
        website: "https://www.xiechuang-cobot.example.cn",
        contact: contact("吴昊", "028-84851010", "wuhao@xiechuang-cobot.example.cn"),
        description: "生产3至20公斤负载的协作机器人，自研关节模组，整机通过CE和CCC认证，广泛用于3C电子装配和汽车零部件上下料。",
        capabilities: &[
            cap("协作机器人", MassProduction, 400, 30)
                .verified()
                .certified(&[
                    cert(Ce, "NS-MD-2024-0932", NOTIFIED_BODY, "2029-05-31"),
                    cert(Ccc, "2024010901187736", CCC_BODY, "2029-05-31"),
                ]),
            cap("关节模组", MassProduction, 2400, 30),
            cap("总装", MassProduction, 400, 15),
            cap("3C电子", MassProduction, 100, 30),
            cap("汽车制造", SmallBatch, 30, 45),
        ],
    },
    DemoFirm {
        name: "成都天行人形机器人科技有限公司",
        name_en: "Chengdu Tianxing Humanoid Robotics Technology Co., Ltd.",
        code: "91510117MA6DEMQ11",
        city: "chengdu",
        kind: Manufacturer,
        status: Approved,
        founded: 2023,
        staff: 160,
        website: "https://www.tianxing-humanoid.example.cn",
        contact: contact("郑宇", "028-87951111", "bd@tianxing-humanoid.example.cn"),
        description: "研发全尺寸人形机器人及其灵巧手和关节模组，与高校共建具身智能训练场，已向科研和展示用户小批量交付整机。",
        capabilities: &[
            cap("人形机器人", SmallBatch, 20, 90),
            cap("灵巧手", SmallBatch, 60, 60),
            cap("关节模组", Prototype, 100, 60),
            cap("具身智能", Prototype, 5, 120),
        ],
    },
    DemoFirm {
        name: "成都康护医疗机器人有限公司",
        name_en: "Chengdu Kanghu Medical Robotics Co., Ltd.",
        code: "91510107MA6DEMQ12",
        city: "chengdu",
        kind: Manufacturer,
        status: Approved,
        founded: 2019,
        staff: 140,
        website: "https://www.kanghu-med.example.cn",
        contact: contact("何敏", "028-85131212", "hemin@kanghu-med.example.cn"),
        description: "研发康复训练机器人和护理服务机器人，通过ISO 13485质量管理体系认证，服务医院与养老机构。",
        capabilities: &[
            cap("服务机器人", SmallBatch, 40, 45).certified(&[cert(
                Iso13485,
                "SK24MD0311",
                MEDICAL,
                "2027-10-31",
            )]),
            cap("医疗", SmallBatch, 40, 60).verified().certified(&[cert(
                Iso13485,
                "SK24MD0312",
                MEDICAL,
                "2027-10-31",
            )]),
            cap("养老", Prototype, 10, 60),
        ],
    },
    DemoFirm {
        name: "成都蜀道智能物流装备有限公司",
        name_en: "Chengdu Shudao Intelligent Logistics Equipment Co., Ltd.",
        code: "91510116MA6DEMQ13",
        city: "chengdu",
        kind: Integrator,
        status: Approved,
        founded: 2013,
        staff: 380,
        website: "https://www.shudao-logistics.example.cn",
        contact: contact("罗军", "028-85781313", "luojun@shudao-logistics.example.cn"),
        description: "为仓储与制造企业集成AGV、分拣机器人和码垛机器人，提供物流系统设计、总装调试与运维服务。",
        capabilities: &[
            cap("物流", MassProduction, 30, 90).certified(&[cert(
                Iso9001,
                "TF21Q22870R3M",
                TIANFU,
                "2027-04-30",
            )]),
            cap("工业机器人", SmallBatch, 20, 60),
            cap("总装", SmallBatch, 30, 30),
            cap("末端执行器", SmallBatch, 100, 30),
        ],
    },
    DemoFirm {
        name: "成都锦程系统集成有限公司",
        name_en: "Chengdu Jincheng Systems Integration Co., Ltd.",
        code: "91510112MA6DEMQ14",
        city: "chengdu",
        kind: Integrator,
        status: Approved,
        founded: 2011,
        staff: 260,
        website: "https://www.jincheng-si.example.cn",
        contact: contact("谢涛", "028-84561414", "xietao@jincheng-si.example.cn"),
        description: "专注汽车焊装和涂装机器人工作站的系统集成，为整车厂与零部件企业交付自动化产线，具备末端执行器和工装夹具的设计制造能力。",
        capabilities: &[
            cap("汽车制造", MassProduction, 12, 120)
                .verified()
                .certified(&[cert(Iatf16949, "IATF 0498712", AUTO, "2028-02-29")]),
            cap("工业机器人", SmallBatch, 15, 90),
            cap("末端执行器", SmallBatch, 200, 30),
            cap("运动控制", SmallBatch, 10, 45),
        ],
    },
    DemoFirm {
        name: "成都航特精密制造有限公司",
        name_en: "Chengdu Hangte Precision Manufacturing Co., Ltd.",
        code: "91510116MA6DEMQ15",
        city: "chengdu",
        kind: Manufacturer,
        status: Approved,
        founded: 2008,
        staff: 450,
        website: "https://www.hangte-precision.example.cn",
        contact: contact(
            "冯磊",
            "028-85761515",
            "fenglei@hangte-precision.example.cn",
        ),
        description: "以航空零部件精密机加工起家，拥有五轴加工中心六十余台，为机器人企业提供关节壳体与结构件的快速打样和批量加工。",
        capabilities: &[
            cap("精密机加工", MassProduction, 20_000, 15)
                .verified()
                .certified(&[
                    cert(Iso9001, "TF20Q11533R4M", TIANFU, "2027-08-31"),
                    other("AS9100D", "AS9100-2024-0377", QUALITY, "2027-08-31"),
                ]),
            cap("快速打样", SmallBatch, 300, 5),
        ],
    },
    DemoFirm {
        name: "成都微力触觉科技有限公司",
        name_en: "Chengdu Weili Tactile Technology Co., Ltd.",
        code: "91510105MA6DEMQ16",
        city: "chengdu",
        kind: ComponentSupplier,
        status: Approved,
        founded: 2022,
        staff: 45,
        website: "https://www.weili-tactile.example.cn",
        contact: contact("邓琳", "028-86001616", "denglin@weili-tactile.example.cn"),
        description: "研发柔性电子皮肤与触觉传感器阵列，为灵巧手和人形机器人提供触觉感知方案。",
        capabilities: &[
            cap("触觉传感器", SmallBatch, 500, 30),
            cap("灵巧手", Prototype, 10, 90),
        ],
    },
    DemoFirm {
        name: "成都巡城智能科技有限公司",
        name_en: "Chengdu Xuncheng Intelligent Technology Co., Ltd.",
        code: "91510108MA6DEMQ17",
        city: "chengdu",
        kind: Manufacturer,
        status: Approved,
        founded: 2020,
        staff: 95,
        website: "https://www.xuncheng-robot.example.cn",
        contact: contact(
            "曾强",
            "028-83521717",
            "zengqiang@xuncheng-robot.example.cn",
        ),
        description: "研发城市巡检、道路清扫等服务机器人，已在社区和园区开展城市管理应用。",
        capabilities: &[
            cap("服务机器人", SmallBatch, 30, 60).certified(&[cert(
                Ce,
                "NS-MD-2025-0388",
                NOTIFIED_BODY,
                "2030-02-28",
            )]),
            cap("城市管理", SmallBatch, 10, 60),
            cap("特种作业", Prototype, 3, 120),
        ],
    },
    DemoFirm {
        name: "成都启明具身智能科技有限公司",
        name_en: "Chengdu Qiming Embodied AI Technology Co., Ltd.",
        code: "91510107MA6DEMQ18",
        city: "chengdu",
        kind: ComponentSupplier,
        status: Approved,
        founded: 2024,
        staff: 60,
        website: "https://www.qiming-ai.example.cn",
        contact: contact("高翔", "028-85091818", "gaoxiang@qiming-ai.example.cn"),
        description: "开发机器人具身智能模型与运动控制软件，向整机企业提供数据采集与训练场服务和算法授权。",
        capabilities: &[
            cap("具身智能", SmallBatch, 10, 30),
            cap("运动控制", SmallBatch, 10, 30),
            cap("数据采集与训练场", Prototype, 2, 60),
        ],
    },
    DemoFirm {
        name: "成都智汇机器人系统有限公司",
        name_en: "Chengdu Zhihui Robot Systems Co., Ltd.",
        code: "91510104MA6DEMQ19",
        city: "chengdu",
        kind: Integrator,
        status: Approved,
        founded: 2012,
        staff: 200,
        website: "https://www.zhihui-rs.example.cn",
        contact: contact("唐娟", "028-86541919", "tangjuan@zhihui-rs.example.cn"),
        description: "为3C电子企业集成视觉引导的装配与检测工作站，提供从方案设计、总装到运维的一站式服务。",
        capabilities: &[
            cap("3C电子", MassProduction, 20, 60).certified(&[cert(
                Iso9001,
                "TF19Q20455R4M",
                TIANFU,
                "2028-09-30",
            )]),
            cap("总装", SmallBatch, 20, 30),
            cap("末端执行器", SmallBatch, 50, 30),
        ],
    },
    // Deyang: heavy equipment, transmissions and drives.
    DemoFirm {
        name: "德阳重装精密机械有限公司",
        name_en: "Deyang Zhongzhuang Precision Machinery Co., Ltd.",
        code: "91510603MA6DEMQ20",
        city: "deyang",
        kind: Manufacturer,
        status: Approved,
        founded: 1998,
        staff: 1200,
        website: "https://www.zz-machinery.example.cn",
        contact: contact("钟建国", "0838-2512020", "zhongjg@zz-machinery.example.cn"),
        description: "依托重型装备制造基础，提供大型结构件与精密零件的数控机加工、热处理和总装服务，可加工直径三米以内的回转件。",
        capabilities: &[
            cap("精密机加工", MassProduction, 15_000, 20)
                .verified()
                .certified(&[cert(Iso9001, "XB18Q10077R5M", QUALITY, "2027-06-30")]),
            cap("总装", MassProduction, 100, 30).certified(&[cert(
                Iso9001,
                "XB18Q10078R5M",
                QUALITY,
                "2027-06-30",
            )]),
            cap("快速打样", SmallBatch, 100, 10),
        ],
    },
    DemoFirm {
        name: "德阳旌能伺服电机有限公司",
        name_en: "Deyang Jingneng Servo Motor Co., Ltd.",
        code: "91510603MA6DEMQ21",
        city: "deyang",
        kind: Manufacturer,
        status: Approved,
        founded: 2010,
        staff: 680,
        website: "https://www.jingneng-servo.example.cn",
        contact: contact("彭涛", "0838-2302121", "pengtao@jingneng-servo.example.cn"),
        description: "生产50瓦至15千瓦交流伺服电机及配套伺服驱动器和编码器，产品用于工业机器人、数控机床和新能源汽车生产线。",
        capabilities: &[
            cap("伺服电机", MassProduction, 20_000, 25)
                .verified()
                .certified(&[
                    cert(Iso9001, "XB20Q11821R3M", QUALITY, "2028-04-30"),
                    cert(Iatf16949, "IATF 0455120", AUTO, "2027-07-31"),
                    cert(Ce, "NS-LVD-2023-1102", NOTIFIED_BODY, "2028-10-31"),
                ]),
            cap("伺服驱动器", MassProduction, 12_000, 25).certified(&[cert(
                Iso9001,
                "XB20Q11822R3M",
                QUALITY,
                "2028-04-30",
            )]),
            cap("编码器", SmallBatch, 3000, 30),
        ],
    },
    DemoFirm {
        name: "广汉恒通传动科技有限公司",
        name_en: "Guanghan Hengtong Transmission Technology Co., Ltd.",
        code: "91510681MA6DEMQ22",
        city: "deyang",
        kind: Manufacturer,
        status: Approved,
        founded: 2006,
        staff: 520,
        website: "https://www.hengtong-drive.example.cn",
        contact: contact("罗斌", "0838-5222222", "luobin@hengtong-drive.example.cn"),
        description: "生产工业机器人用RV减速器和精密行星减速器，配套齿轮磨削与精密机加工产线。",
        capabilities: &[
            cap("RV减速器", SmallBatch, 800, 45)
                .verified()
                .certified(&[cert(Iso9001, "XB19Q30240R4M", QUALITY, "2028-01-31")]),
            cap("行星减速器", MassProduction, 15_000, 20).certified(&[cert(
                Iso9001,
                "XB19Q30241R4M",
                QUALITY,
                "2028-01-31",
            )]),
            cap("精密机加工", MassProduction, 10_000, 20),
        ],
    },
    DemoFirm {
        name: "什邡金鼎轴承有限公司",
        name_en: "Shifang Jinding Bearing Co., Ltd.",
        code: "91510682MA6DEMQ23",
        city: "deyang",
        kind: ComponentSupplier,
        status: Approved,
        founded: 2003,
        staff: 750,
        website: "https://www.jinding-bearing.example.cn",
        contact: contact("蒋丽", "0838-8202323", "jiangli@jinding-bearing.example.cn"),
        description: "生产机器人用交叉滚子轴承和薄壁轴承，同时为汽车制造企业配套轮毂轴承，通过IATF 16949认证。",
        capabilities: &[
            cap("轴承", MassProduction, 80_000, 30)
                .verified()
                .certified(&[
                    cert(Iatf16949, "IATF 0433876", AUTO, "2028-05-31"),
                    // Lapsed in the spring: the directory no longer counts it.
                    cert(Iso9001, "XB17Q20613R5M", QUALITY, "2026-03-31"),
                ]),
            cap("汽车制造", MassProduction, 50, 45).certified(&[cert(
                Iatf16949,
                "IATF 0433877",
                AUTO,
                "2028-05-31",
            )]),
        ],
    },
    DemoFirm {
        name: "绵竹精锐丝杠制造有限公司",
        name_en: "Mianzhu Jingrui Ball Screw Manufacturing Co., Ltd.",
        code: "91510683MA6DEMQ24",
        city: "deyang",
        kind: ComponentSupplier,
        status: Approved,
        founded: 2015,
        staff: 210,
        website: "https://www.jingrui-screw.example.cn",
        contact: contact("袁峰", "0838-6202424", "yuanfeng@jingrui-screw.example.cn"),
        description: "生产精密滚珠丝杠和行星滚柱丝杠，为人形机器人直线关节和数控机床配套。",
        capabilities: &[
            cap("丝杠", MassProduction, 6000, 30).certified(&[cert(
                Iso9001,
                "XB21Q40118R2M",
                QUALITY,
                "2027-12-31",
            )]),
            cap("精密机加工", SmallBatch, 2000, 20),
            cap("关节模组", Prototype, 50, 60),
        ],
    },
    DemoFirm {
        name: "德阳天元智能装备有限公司",
        name_en: "Deyang Tianyuan Intelligent Equipment Co., Ltd.",
        code: "91510603MA6DEMQ25",
        city: "deyang",
        kind: Integrator,
        status: Approved,
        founded: 2012,
        staff: 330,
        website: "https://www.tianyuan-ie.example.cn",
        contact: contact("邱勇", "0838-2402525", "qiuyong@tianyuan-ie.example.cn"),
        description: "为重型装备和能源装备企业集成焊接机器人与打磨机器人工作站，擅长大型结构件的机器人焊接工艺。",
        capabilities: &[
            cap("工业机器人", SmallBatch, 20, 90).certified(&[cert(
                Ce,
                "NS-MD-2023-0815",
                NOTIFIED_BODY,
                "2028-07-31",
            )]),
            cap("特种作业", SmallBatch, 10, 90),
            cap("末端执行器", SmallBatch, 80, 30),
            cap("运动控制", Prototype, 5, 60),
        ],
    },
    DemoFirm {
        name: "德阳岷山机器人有限公司",
        name_en: "Deyang Minshan Robotics Co., Ltd.",
        code: "91510603MA6DEMQ26",
        city: "deyang",
        kind: Manufacturer,
        status: Approved,
        founded: 2014,
        staff: 860,
        website: "https://www.minshan-robot.example.cn",
        contact: contact("任杰", "0838-2602626", "renjie@minshan-robot.example.cn"),
        description: "生产负载20至500公斤的六轴工业机器人和码垛机器人，自研控制器，整机通过CE和CCC认证。",
        capabilities: &[
            cap("工业机器人", MassProduction, 300, 45)
                .verified()
                .certified(&[
                    cert(Ce, "NS-MD-2022-0461", NOTIFIED_BODY, "2027-09-30"),
                    cert(Ccc, "2022010901098815", CCC_BODY, "2027-09-30"),
                ]),
            cap("控制器", MassProduction, 300, 30),
            cap("总装", MassProduction, 300, 20).certified(&[cert(
                Iso9001,
                "XB16Q10932R6M",
                QUALITY,
                "2028-11-30",
            )]),
            cap("物流", SmallBatch, 20, 60),
        ],
    },
    DemoFirm {
        name: "德阳重型装备检测研究院",
        name_en: "Deyang Heavy Equipment Testing Institute",
        code: "12510603MA6DEMQ27",
        city: "deyang",
        kind: ResearchInstitute,
        status: Approved,
        founded: 1985,
        staff: 240,
        website: "https://www.dy-testing.example.cn",
        contact: contact("熊伟", "0838-2702727", "xiongwei@dy-testing.example.cn"),
        description: "承担重型装备与机器人核心零部件的性能检测，具备减速器寿命试验、电机效率测试和计量校准能力，并生产标定用力/力矩传感器。",
        capabilities: &[
            cap("检测认证", MassProduction, 300, 10)
                .verified()
                .certified(&[other(
                    "CNAS 实验室认可",
                    "CNAS L09921",
                    ACCREDITATION,
                    "2028-12-31",
                )]),
            cap("力/力矩传感器", SmallBatch, 100, 45),
        ],
    },
    DemoFirm {
        name: "德阳光研编码器有限公司",
        name_en: "Deyang Guangyan Encoder Co., Ltd.",
        code: "91510604MA6DEMQ28",
        city: "deyang",
        kind: ComponentSupplier,
        status: Approved,
        founded: 2017,
        staff: 130,
        website: "https://www.guangyan-encoder.example.cn",
        contact: contact("夏雪", "0838-3202828", "xiaxue@guangyan-encoder.example.cn"),
        description: "生产光电与磁电绝对值编码器，为伺服电机和关节模组配套，分辨率最高23位。",
        capabilities: &[
            cap("编码器", MassProduction, 20_000, 20).certified(&[cert(
                Iso9001,
                "XB22Q20390R1M",
                QUALITY,
                "2028-02-29",
            )]),
            cap("伺服电机", Prototype, 20, 60),
        ],
    },
    DemoFirm {
        name: "德阳装备制造职业学院",
        name_en: "Deyang Vocational College of Equipment Manufacturing",
        code: "12510603MA6DEMQ29",
        city: "deyang",
        kind: University,
        status: Approved,
        founded: 1978,
        staff: 900,
        website: "https://www.dyvcem.example.cn",
        contact: contact("龚平", "0838-2902929", "gongping@dyvcem.example.cn"),
        description: "设有工业机器人技术和数控技术专业，建有实训工厂，可为企业提供精密机加工小批量试制和工业机器人操作培训。",
        capabilities: &[
            cap("精密机加工", SmallBatch, 300, 20),
            cap("工业机器人", Prototype, 2, 90),
            cap("快速打样", Prototype, 30, 10),
        ],
    },
    DemoFirm {
        name: "广汉通航特种机器人有限公司",
        name_en: "Guanghan Tonghang Special Robotics Co., Ltd.",
        code: "91510681MA6DEMQ30",
        city: "deyang",
        kind: Manufacturer,
        status: Approved,
        founded: 2018,
        staff: 170,
        website: "https://www.tonghang-robot.example.cn",
        contact: contact("万里", "0838-5303030", "wanli@tonghang-robot.example.cn"),
        description: "研发消防灭火、危化品巡检等特种作业机器人，产品用于应急救援和石化厂区巡检。",
        capabilities: &[
            // Expired at the end of last year: its renewal is under way.
            cap("特种作业", SmallBatch, 20, 60).certified(&[cert(
                Ccc,
                "2020010901031157",
                CCC_BODY,
                "2025-12-31",
            )]),
            cap("服务机器人", SmallBatch, 20, 60),
            cap("总装", SmallBatch, 20, 30),
        ],
    },
    DemoFirm {
        name: "德阳旌湖行星减速机有限公司",
        name_en: "Deyang Jinghu Planetary Gearbox Co., Ltd.",
        code: "91510603MA6DEMQ31",
        city: "deyang",
        kind: Manufacturer,
        status: Approved,
        founded: 2011,
        staff: 290,
        website: "https://www.jinghu-gearbox.example.cn",
        contact: contact("严明", "0838-2313131", "yanming@jinghu-gearbox.example.cn"),
        description: "专业生产精密行星减速器和直角减速机，与伺服电机配套用于自动化设备和协作机器人。",
        capabilities: &[
            cap("行星减速器", MassProduction, 25_000, 20).certified(&[cert(
                Iso9001,
                "XB20Q30771R3M",
                QUALITY,
                "2027-05-31",
            )]),
            cap("精密机加工", MassProduction, 5000, 20),
        ],
    },
    DemoFirm {
        name: "中江众联注塑有限公司",
        name_en: "Zhongjiang Zhonglian Injection Moulding Co., Ltd.",
        code: "91510623MA6DEMQ32",
        city: "deyang",
        kind: Manufacturer,
        status: Approved,
        founded: 2013,
        staff: 240,
        website: "https://www.zhonglian-mould.example.cn",
        contact: contact("易红", "0838-7203232", "yihong@zhonglian-mould.example.cn"),
        description: "提供机器人外壳、线束护套等塑料件的注塑成型和模具开发，配套喷涂与装配。",
        capabilities: &[
            cap("注塑成型", MassProduction, 200_000, 20).certified(&[cert(
                Iso9001,
                "XB21Q11409R2M",
                QUALITY,
                "2028-08-31",
            )]),
            cap("工程塑料与复合材料", SmallBatch, 20_000, 25),
            cap("快速打样", SmallBatch, 50, 10),
        ],
    },
    // Meishan: magnets, materials and moulding.
    DemoFirm {
        name: "眉山东坡稀土永磁有限公司",
        name_en: "Meishan Dongpo Rare-Earth Magnets Co., Ltd.",
        code: "91511402MA6DEMQ33",
        city: "meishan",
        kind: Manufacturer,
        status: Approved,
        founded: 2016,
        staff: 480,
        website: "https://www.dongpo-magnet.example.cn",
        contact: contact("苏畅", "028-38203333", "suchang@dongpo-magnet.example.cn"),
        description: "生产烧结钕铁硼永磁体和粘结钕铁硼磁环，年产能三千吨，为伺服电机和汽车驱动电机配套。",
        capabilities: &[
            cap("钕铁硼永磁体", MassProduction, 250_000, 30)
                .verified()
                .certified(&[
                    cert(Iso9001, "XB20Q21266R3M", QUALITY, "2028-10-31"),
                    cert(Iatf16949, "IATF 0477031", AUTO, "2028-10-31"),
                ]),
            cap("汽车制造", MassProduction, 40, 30),
        ],
    },
    DemoFirm {
        name: "彭山晶磁新材料科技有限公司",
        name_en: "Pengshan Jingci New Materials Technology Co., Ltd.",
        code: "91511403MA6DEMQ34",
        city: "meishan",
        kind: Manufacturer,
        status: Approved,
        founded: 2021,
        staff: 90,
        website: "https://www.jingci-materials.example.cn",
        contact: contact("付佳", "028-37603434", "fujia@jingci-materials.example.cn"),
        description: "研发晶界扩散与无重稀土磁体技术，降低钕铁硼磁体的镝铽用量，可提供中试批量样品和磁性能检测。",
        capabilities: &[
            cap("无重稀土磁体", SmallBatch, 5000, 45),
            cap("钕铁硼永磁体", SmallBatch, 20_000, 30),
            cap("检测认证", Prototype, 20, 15),
        ],
    },
    DemoFirm {
        name: "眉山岷江工程塑料有限公司",
        name_en: "Meishan Minjiang Engineering Plastics Co., Ltd.",
        code: "91511402MA6DEMQ35",
        city: "meishan",
        kind: Manufacturer,
        status: Approved,
        founded: 2009,
        staff: 350,
        website: "https://www.minjiang-plastics.example.cn",
        contact: contact(
            "廖琴",
            "028-38283535",
            "liaoqin@minjiang-plastics.example.cn",
        ),
        description: "生产改性尼龙、PEEK等工程塑料与碳纤维复合材料粒料，用于机器人轻量化结构件，并提供注塑成型服务。",
        capabilities: &[
            cap("工程塑料与复合材料", MassProduction, 800, 20).certified(&[cert(
                Iso9001,
                "TF18Q30158R5M",
                TIANFU,
                "2027-03-31",
            )]),
            cap("注塑成型", SmallBatch, 30_000, 25),
        ],
    },
    DemoFirm {
        name: "仁寿精塑模具有限公司",
        name_en: "Renshou Jingsu Mould Co., Ltd.",
        code: "91511421MA6DEMQ36",
        city: "meishan",
        kind: Manufacturer,
        status: Approved,
        founded: 2007,
        staff: 420,
        website: "https://www.jingsu-mould.example.cn",
        contact: contact("汪洋", "028-36203636", "wangyang@jingsu-mould.example.cn"),
        description: "专业从事精密注塑模具设计制造和注塑成型，为汽车零部件和3C电子企业配套，通过IATF 16949认证。",
        capabilities: &[
            cap("注塑成型", MassProduction, 500_000, 25)
                .verified()
                .certified(&[
                    cert(Iatf16949, "IATF 0420956", AUTO, "2027-12-31"),
                    cert(Iso9001, "XB15Q21870R6M", QUALITY, "2027-12-31"),
                ]),
            cap("快速打样", SmallBatch, 80, 12),
            cap("汽车制造", MassProduction, 30, 45),
            cap("3C电子", MassProduction, 30, 30),
        ],
    },
    DemoFirm {
        name: "眉山磁驱电机科技有限公司",
        name_en: "Meishan Ciqu Motor Technology Co., Ltd.",
        code: "91511402MA6DEMQ37",
        city: "meishan",
        kind: Manufacturer,
        status: Approved,
        founded: 2019,
        staff: 260,
        website: "https://www.ciqu-motor.example.cn",
        contact: contact("程亮", "028-38373737", "chengliang@ciqu-motor.example.cn"),
        description: "采用本地钕铁硼磁材生产无框力矩电机和伺服电机，专供关节模组和人形机器人。",
        capabilities: &[
            cap("伺服电机", MassProduction, 10_000, 30).certified(&[cert(
                Iso9001,
                "TF21Q40533R2M",
                TIANFU,
                "2028-07-31",
            )]),
            cap("关节模组", SmallBatch, 500, 45),
            cap("编码器", Prototype, 100, 45),
        ],
    },
    DemoFirm {
        name: "青神精工机械有限公司",
        name_en: "Qingshen Jinggong Machinery Co., Ltd.",
        code: "91511425MA6DEMQ38",
        city: "meishan",
        kind: Manufacturer,
        status: Approved,
        founded: 2005,
        staff: 310,
        website: "https://www.qs-jinggong.example.cn",
        contact: contact("姚军", "028-38803838", "yaojun@qs-jinggong.example.cn"),
        description: "提供精密机加工、钣金和总装服务，为成都与德阳的装备企业加工零部件和装配设备。",
        capabilities: &[
            // Lapsed in May and not renewed yet.
            cap("精密机加工", MassProduction, 12_000, 15).certified(&[cert(
                Iso9001,
                "XB14Q10456R6M",
                QUALITY,
                "2026-05-31",
            )]),
            cap("总装", SmallBatch, 50, 30),
        ],
    },
    DemoFirm {
        name: "眉山博远驱动技术有限公司",
        name_en: "Meishan Boyuan Drive Technology Co., Ltd.",
        code: "91511402MA6DEMQ39",
        city: "meishan",
        kind: ComponentSupplier,
        status: Approved,
        founded: 2020,
        staff: 110,
        website: "https://www.boyuan-drive.example.cn",
        contact: contact("段超", "028-38393939", "duanchao@boyuan-drive.example.cn"),
        description: "研发低压伺服驱动器和多轴控制器，自有PCB组装产线，面向协作机器人与AGV。",
        capabilities: &[
            cap("伺服驱动器", SmallBatch, 3000, 30),
            cap("控制器", Prototype, 50, 45),
            cap("PCB组装", MassProduction, 30_000, 15).certified(&[cert(
                Iso9001,
                "TF22Q11790R1M",
                TIANFU,
                "2028-03-31",
            )]),
        ],
    },
    DemoFirm {
        name: "洪雅丰收智能农机有限公司",
        name_en: "Hongya Fengshou Intelligent Agricultural Machinery Co., Ltd.",
        code: "91511423MA6DEMQ40",
        city: "meishan",
        kind: Manufacturer,
        status: Approved,
        founded: 2017,
        staff: 150,
        website: "https://www.fengshou-agri.example.cn",
        contact: contact("雷鸣", "028-37404040", "leiming@fengshou-agri.example.cn"),
        description: "研发茶园采摘、果园植保等农业机器人，结合本地茶叶和柑橘产业开展示范应用。",
        capabilities: &[
            cap("农业", SmallBatch, 20, 60),
            cap("服务机器人", SmallBatch, 20, 60),
            cap("总装", SmallBatch, 20, 30),
        ],
    },
    DemoFirm {
        name: "眉山颐康养老机器人有限公司",
        name_en: "Meishan Yikang Elderly Care Robotics Co., Ltd.",
        code: "91511402MA6DEMQ41",
        city: "meishan",
        kind: Manufacturer,
        status: Approved,
        founded: 2022,
        staff: 55,
        website: "https://www.yikang-care.example.cn",
        contact: contact("白雪", "028-38414141", "baixue@yikang-care.example.cn"),
        description: "研发助行、陪护和移位养老服务机器人，正在养老机构开展试点。",
        capabilities: &[
            cap("养老", Prototype, 10, 90),
            cap("服务机器人", Prototype, 10, 90),
        ],
    },
    DemoFirm {
        name: "丹棱碳纤复合材料有限公司",
        name_en: "Danling Carbon Fibre Composites Co., Ltd.",
        code: "91511424MA6DEMQ42",
        city: "meishan",
        kind: Manufacturer,
        status: Approved,
        founded: 2018,
        staff: 120,
        website: "https://www.danling-carbon.example.cn",
        contact: contact("石磊", "028-37424242", "shilei@danling-carbon.example.cn"),
        description: "生产碳纤维复合材料机械臂杆件和轻量化末端执行器，为协作机器人和人形机器人减重。",
        capabilities: &[
            cap("工程塑料与复合材料", SmallBatch, 2000, 30),
            cap("末端执行器", SmallBatch, 300, 30),
            cap("快速打样", Prototype, 20, 15),
        ],
    },
    DemoFirm {
        name: "眉山东坡电子组装有限公司",
        name_en: "Meishan Dongpo Electronics Assembly Co., Ltd.",
        code: "91511402MA6DEMQ43",
        city: "meishan",
        kind: Manufacturer,
        status: Approved,
        founded: 2015,
        staff: 600,
        website: "https://www.dongpo-ems.example.cn",
        contact: contact("陆芳", "028-38434343", "lufang@dongpo-ems.example.cn"),
        description: "提供SMT贴片和PCB组装代工，客户覆盖3C电子和机器人控制器企业。",
        capabilities: &[
            cap("PCB组装", MassProduction, 200_000, 10)
                .verified()
                .certified(&[cert(Iso9001, "XB19Q41127R4M", QUALITY, "2027-10-31")]),
            cap("3C电子", MassProduction, 50, 20),
        ],
    },
    DemoFirm {
        name: "眉山锐磁新材料有限公司",
        name_en: "Meishan Ruici New Materials Co., Ltd.",
        code: "91511403MA6DEMQ44",
        city: "meishan",
        kind: Manufacturer,
        status: Pending,
        founded: 2025,
        staff: 30,
        website: "https://www.ruici-materials.example.cn",
        contact: contact("秦月", "028-37444444", "qinyue@ruici-materials.example.cn"),
        description: "新设立的钕铁硼永磁体后加工企业，提供磁体切割、电镀和充磁服务。",
        capabilities: &[
            cap("钕铁硼永磁体", Prototype, 10_000, 20),
            cap("精密机加工", Prototype, 1000, 15),
        ],
    },
    // Ziyang: machining, moulding, assembly, and the dental-equipment cluster.
    DemoFirm {
        name: "资阳临空精密制造有限公司",
        name_en: "Ziyang Linkong Precision Manufacturing Co., Ltd.",
        code: "91512002MA6DEMQ45",
        city: "ziyang",
        kind: Manufacturer,
        status: Approved,
        founded: 2019,
        staff: 280,
        website: "https://www.linkong-precision.example.cn",
        contact: contact(
            "贺强",
            "028-26204545",
            "heqiang@linkong-precision.example.cn",
        ),
        description: "拥有数控车铣复合与五轴加工中心，承接机器人关节壳体、谐波减速器柔轮等零件的精密机加工。",
        capabilities: &[
            cap("精密机加工", MassProduction, 18_000, 15)
                .verified()
                .certified(&[cert(Iso9001, "TF20Q21044R3M", TIANFU, "2028-06-30")]),
            cap("快速打样", SmallBatch, 150, 7),
        ],
    },
    DemoFirm {
        name: "雁江恒力注塑科技有限公司",
        name_en: "Yanjiang Hengli Injection Moulding Technology Co., Ltd.",
        code: "91512002MA6DEMQ46",
        city: "ziyang",
        kind: Manufacturer,
        status: Approved,
        founded: 2012,
        staff: 330,
        website: "https://www.hengli-injection.example.cn",
        contact: contact("范丽", "028-26214646", "fanli@hengli-injection.example.cn"),
        description: "专业注塑成型企业，拥有80至1200吨注塑机五十余台，生产机器人外壳、汽车内饰件和家电塑料件。",
        capabilities: &[
            cap("注塑成型", MassProduction, 400_000, 20).certified(&[cert(
                Iso9001,
                "TF17Q30689R5M",
                TIANFU,
                "2027-11-30",
            )]),
            cap("工程塑料与复合材料", SmallBatch, 5000, 25),
            cap("汽车制造", SmallBatch, 10, 45),
        ],
    },
    DemoFirm {
        name: "安岳众合智能装配有限公司",
        name_en: "Anyue Zhonghe Intelligent Assembly Co., Ltd.",
        code: "91512021MA6DEMQ47",
        city: "ziyang",
        kind: Manufacturer,
        status: Approved,
        founded: 2020,
        staff: 190,
        website: "https://www.zhonghe-assembly.example.cn",
        contact: contact("陶然", "028-24204747", "taoran@zhonghe-assembly.example.cn"),
        description: "提供机器人整机、AGV和电控柜的总装与调试，配套PCB组装、物流包装和售后维修。",
        capabilities: &[
            cap("总装", MassProduction, 500, 20).certified(&[cert(
                Iso9001,
                "TF21Q41276R2M",
                TIANFU,
                "2028-01-31",
            )]),
            cap("物流", SmallBatch, 20, 30),
            cap("PCB组装", SmallBatch, 5000, 15),
        ],
    },
    DemoFirm {
        name: "资阳车城汽车零部件有限公司",
        name_en: "Ziyang Checheng Auto Parts Co., Ltd.",
        code: "91512002MA6DEMQ48",
        city: "ziyang",
        kind: ComponentSupplier,
        status: Approved,
        founded: 2004,
        staff: 900,
        website: "https://www.checheng-parts.example.cn",
        contact: contact("尹刚", "028-26284848", "yingang@checheng-parts.example.cn"),
        description: "为商用车和新能源汽车制造企业生产精密机加工件和注塑件，通过IATF 16949认证，正在拓展机器人零部件业务。",
        capabilities: &[
            cap("汽车制造", MassProduction, 80, 30)
                .verified()
                .certified(&[cert(Iatf16949, "IATF 0389214", AUTO, "2027-08-31")]),
            cap("精密机加工", MassProduction, 30_000, 20).certified(&[cert(
                Iatf16949,
                "IATF 0389215",
                AUTO,
                "2027-08-31",
            )]),
            cap("注塑成型", MassProduction, 100_000, 20),
        ],
    },
    DemoFirm {
        name: "资阳牙谷医疗机器人有限公司",
        name_en: "Ziyang Yagu Medical Robotics Co., Ltd.",
        code: "91512002MA6DEMQ49",
        city: "ziyang",
        kind: Manufacturer,
        status: Approved,
        founded: 2021,
        staff: 120,
        website: "https://www.yagu-medical.example.cn",
        contact: contact("俞静", "028-26294949", "yujing@yagu-medical.example.cn"),
        description: "依托资阳口腔装备产业，研发口腔种植手术机器人和牙科修复体加工设备，通过ISO 13485认证。",
        capabilities: &[
            cap("医疗", SmallBatch, 10, 90).verified().certified(&[cert(
                Iso13485,
                "SK23MD1187",
                MEDICAL,
                "2028-04-30",
            )]),
            cap("服务机器人", SmallBatch, 10, 90).certified(&[cert(
                Iso13485,
                "SK23MD1188",
                MEDICAL,
                "2028-04-30",
            )]),
            cap("精密机加工", SmallBatch, 500, 20),
        ],
    },
    DemoFirm {
        name: "乐至宏达减速机有限公司",
        name_en: "Lezhi Hongda Gearbox Co., Ltd.",
        code: "91512022MA6DEMQ50",
        city: "ziyang",
        kind: Manufacturer,
        status: Approved,
        founded: 2014,
        staff: 200,
        website: "https://www.hongda-gearbox.example.cn",
        contact: contact("金鑫", "028-23205050", "jinxin@hongda-gearbox.example.cn"),
        description: "生产行星减速器和蜗轮蜗杆减速机，正在试制RV减速器，用于物流输送和自动化设备。",
        capabilities: &[
            // Lapsed last year.
            cap("行星减速器", MassProduction, 12_000, 25).certified(&[cert(
                Iso9001,
                "TF16Q20377R6M",
                TIANFU,
                "2025-10-31",
            )]),
            cap("RV减速器", Prototype, 20, 90),
            cap("物流", SmallBatch, 20, 30),
        ],
    },
    DemoFirm {
        name: "资阳天翼灵巧手科技有限公司",
        name_en: "Ziyang Tianyi Dexterous Hand Technology Co., Ltd.",
        code: "91512002MA6DEMQ51",
        city: "ziyang",
        kind: Manufacturer,
        status: Approved,
        founded: 2023,
        staff: 70,
        website: "https://www.tianyi-hand.example.cn",
        contact: contact("孔明", "028-26515151", "kongming@tianyi-hand.example.cn"),
        description: "研发腱绳驱动的多自由度灵巧手，集成触觉传感器，面向人形机器人与科研用户。",
        capabilities: &[
            cap("灵巧手", SmallBatch, 100, 45),
            cap("触觉传感器", Prototype, 50, 60),
            cap("末端执行器", SmallBatch, 300, 30),
        ],
    },
    DemoFirm {
        name: "资阳川中关节模组有限公司",
        name_en: "Ziyang Chuanzhong Joint Module Co., Ltd.",
        code: "91512002MA6DEMQ52",
        city: "ziyang",
        kind: Manufacturer,
        status: Approved,
        founded: 2022,
        staff: 150,
        website: "https://www.chuanzhong-joint.example.cn",
        contact: contact("施杰", "028-26525252", "shijie@chuanzhong-joint.example.cn"),
        description: "将谐波减速器、无框伺服电机、编码器和驱动器集成为一体化关节模组，为人形机器人和协作机器人批量配套。",
        capabilities: &[
            cap("关节模组", SmallBatch, 2000, 30).verified(),
            cap("总装", SmallBatch, 2000, 20),
            cap("伺服电机", Prototype, 200, 45),
            cap("谐波减速器", Prototype, 100, 60),
        ],
    },
    DemoFirm {
        name: "资阳蜀中物流机器人有限公司",
        name_en: "Ziyang Shuzhong Logistics Robotics Co., Ltd.",
        code: "91512002MA6DEMQ53",
        city: "ziyang",
        kind: Manufacturer,
        status: Approved,
        founded: 2018,
        staff: 240,
        website: "https://www.shuzhong-amr.example.cn",
        contact: contact("潘伟", "028-26535353", "panwei@shuzhong-amr.example.cn"),
        description: "生产潜伏式AGV、叉车式AMR和料箱机器人，自研调度系统与控制器，服务汽车制造和电商仓储。",
        capabilities: &[
            cap("物流", MassProduction, 100, 45).certified(&[cert(
                Ce,
                "NS-MD-2024-0271",
                NOTIFIED_BODY,
                "2029-03-31",
            )]),
            cap("控制器", SmallBatch, 500, 30),
            cap("汽车制造", SmallBatch, 10, 60),
        ],
    },
    DemoFirm {
        name: "资阳临空职业技术学院",
        name_en: "Ziyang Linkong Vocational and Technical College",
        code: "12512002MA6DEMQ54",
        city: "ziyang",
        kind: University,
        status: Approved,
        founded: 2003,
        staff: 700,
        website: "https://www.zylkvtc.example.cn",
        contact: contact("卢敏", "028-26545454", "lumin@zylkvtc.example.cn"),
        description: "设有机器人技术和智能制造实训基地，建有面向产业工人的数据采集与训练场，可承担工业机器人调试培训。",
        capabilities: &[
            cap("数据采集与训练场", Prototype, 5, 30),
            cap("工业机器人", Prototype, 5, 60),
        ],
    },
    DemoFirm {
        name: "安岳柠都智能农机有限公司",
        name_en: "Anyue Ningdu Intelligent Agricultural Machinery Co., Ltd.",
        code: "91512021MA6DEMQ55",
        city: "ziyang",
        kind: Manufacturer,
        status: Approved,
        founded: 2020,
        staff: 80,
        website: "https://www.ningdu-agri.example.cn",
        contact: contact("方园", "028-24555555", "fangyuan@ningdu-agri.example.cn"),
        description: "研发柠檬园巡检、植保和采摘辅助的农业机器人，在川中丘陵地区小批量推广。",
        capabilities: &[
            cap("农业", SmallBatch, 30, 45),
            cap("总装", SmallBatch, 30, 30),
        ],
    },
    DemoFirm {
        name: "资阳智联电子有限公司",
        name_en: "Ziyang Zhilian Electronics Co., Ltd.",
        code: "91512002MA6DEMQ56",
        city: "ziyang",
        kind: ComponentSupplier,
        status: Approved,
        founded: 2016,
        staff: 260,
        website: "https://www.zhilian-ems.example.cn",
        contact: contact("章红", "028-26565656", "zhanghong@zhilian-ems.example.cn"),
        description: "提供PCB组装、线束加工和电控盒总装，为机器人与家电企业配套。",
        capabilities: &[
            cap("PCB组装", MassProduction, 100_000, 12).certified(&[cert(
                Iso9001,
                "TF19Q11923R4M",
                TIANFU,
                "2027-07-31",
            )]),
            cap("总装", SmallBatch, 3000, 15),
            cap("3C电子", SmallBatch, 20, 30),
        ],
    },
    DemoFirm {
        name: "资阳锦泰自动化系统集成有限公司",
        name_en: "Ziyang Jintai Automation Systems Integration Co., Ltd.",
        code: "91512002MA6DEMQ57",
        city: "ziyang",
        kind: Integrator,
        status: Approved,
        founded: 2015,
        staff: 140,
        website: "https://www.jintai-auto.example.cn",
        contact: contact("鲁斌", "028-26575757", "lubin@jintai-auto.example.cn"),
        description: "为机加工和注塑企业集成上下料机器人与视觉检测工作站，提供自动化改造的交钥匙服务。",
        capabilities: &[
            cap("工业机器人", SmallBatch, 10, 60),
            cap("末端执行器", SmallBatch, 60, 30),
            cap("汽车制造", SmallBatch, 8, 60),
        ],
    },
    // Two more makers of what the alliance buys most.
    DemoFirm {
        name: "仁寿精驱谐波传动科技有限公司",
        name_en: "Renshou Jingqu Harmonic Drive Technology Co., Ltd.",
        code: "91511421MA6DEMQ58",
        city: "meishan",
        kind: Manufacturer,
        status: Approved,
        founded: 2021,
        staff: 160,
        website: "https://www.jingqu-harmonic.example.cn",
        contact: contact("邹凯", "028-36205858", "zoukai@jingqu-harmonic.example.cn"),
        description: "生产中空型和超薄型谐波减速器，2025年实现量产，主要配套协作机器人与人形机器人关节。",
        capabilities: &[
            cap("谐波减速器", MassProduction, 5000, 35).certified(&[cert(
                Iso9001,
                "XB23Q31650R1M",
                QUALITY,
                "2029-02-28",
            )]),
            cap("精密机加工", SmallBatch, 3000, 20),
        ],
    },
    DemoFirm {
        name: "资阳雁城伺服科技有限公司",
        name_en: "Ziyang Yancheng Servo Technology Co., Ltd.",
        code: "91512002MA6DEMQ59",
        city: "ziyang",
        kind: ComponentSupplier,
        status: Approved,
        founded: 2019,
        staff: 180,
        website: "https://www.yancheng-servo.example.cn",
        contact: contact("胡斌", "028-26595959", "hubin@yancheng-servo.example.cn"),
        description: "生产中小功率伺服电机与一体化伺服驱动器，供应物流机器人和包装设备。",
        capabilities: &[
            cap("伺服电机", MassProduction, 8000, 25).certified(&[
                cert(Iso9001, "TF20Q40882R3M", TIANFU, "2028-09-30"),
                cert(Ce, "NS-LVD-2024-0566", NOTIFIED_BODY, "2029-09-30"),
            ]),
            cap("伺服驱动器", SmallBatch, 2000, 30),
        ],
    },
    DemoFirm {
        name: "成都蓉锐力控传感技术有限公司",
        name_en: "Chengdu Rongrui Force Sensing Technology Co., Ltd.",
        code: "91510112MA6DEMQ60",
        city: "chengdu",
        kind: ComponentSupplier,
        status: Approved,
        founded: 2020,
        staff: 75,
        website: "https://www.rongrui-sensing.example.cn",
        contact: contact("米兰", "028-84606060", "milan@rongrui-sensing.example.cn"),
        description: "研发六维力/力矩传感器和关节扭矩传感器，用于机器人手腕力控打磨、装配和人形机器人足底力检测。",
        capabilities: &[
            cap("力/力矩传感器", SmallBatch, 800, 30).certified(&[cert(
                Iso9001,
                "TF23Q21460R1M",
                TIANFU,
                "2029-04-30",
            )]),
            cap("关节模组", Prototype, 30, 60),
            cap("检测认证", SmallBatch, 50, 10),
        ],
    },
];

#[cfg(test)]
mod tests {
    use super::*;
    use app::domain::credit_code::CreditCode;
    use std::collections::HashSet;

    /// The taxonomy as `migrations/20261122000500_firm_profiles.sql` seeds it.
    const TAXONOMY: &[&str] = &[
        "钕铁硼永磁体",
        "无重稀土磁体",
        "工程塑料与复合材料",
        "谐波减速器",
        "RV减速器",
        "行星减速器",
        "伺服电机",
        "伺服驱动器",
        "控制器",
        "力/力矩传感器",
        "视觉传感器",
        "编码器",
        "触觉传感器",
        "轴承",
        "丝杠",
        "关节模组",
        "灵巧手",
        "末端执行器",
        "精密机加工",
        "快速打样",
        "注塑成型",
        "PCB组装",
        "总装",
        "检测认证",
        "工业机器人",
        "协作机器人",
        "人形机器人",
        "服务机器人",
        "汽车制造",
        "3C电子",
        "物流",
        "农业",
        "城市管理",
        "医疗",
        "养老",
        "特种作业",
        "具身智能",
        "运动控制",
        "数据采集与训练场",
    ];

    fn region_of(city: &str) -> &'static str {
        match city {
            "chengdu" => "5101",
            "deyang" => "5106",
            "meishan" => "5114",
            "ziyang" => "5120",
            other => panic!("not a member city: {other}"),
        }
    }

    #[test]
    fn every_demo_firm_has_a_valid_code_of_its_city_and_its_own_name() {
        let mut codes = HashSet::new();
        let mut names = HashSet::new();
        for firm in FIRMS {
            let code = CreditCode::complete(firm.code).expect(firm.code);
            assert!(
                code.region_code().starts_with(region_of(firm.city)),
                "{}",
                firm.name
            );
            assert!(codes.insert(code), "{} repeats a code", firm.name);
            assert!(names.insert(firm.name), "{} twice", firm.name);
        }
        assert!((55..=65).contains(&FIRMS.len()));
    }

    #[test]
    fn the_accounts_firms_keep_their_places() {
        assert_eq!(FIRMS[0].name, "德阳东方精密传动有限公司");
        assert_eq!(FIRMS[0].code, "91510600MA6DEMQ01");
        assert_eq!(FIRMS[1].name, "眉山新材磁业有限公司");
        assert_eq!(FIRMS[1].code, "91511400MA6DEMQ02");
        assert_eq!(FIRMS[2].name, "资阳智造装配有限公司");
        assert_eq!(FIRMS[2].code, "91512000MA6DEMQ03");
        assert_eq!(FIRMS[2].status, Pending);
    }

    #[test]
    fn every_profile_fits_the_schema() {
        for firm in FIRMS {
            assert!(
                (2..=6).contains(&firm.capabilities.len()),
                "{}: {} capabilities",
                firm.name,
                firm.capabilities.len()
            );
            assert!(firm.description.chars().count() <= 2000, "{}", firm.name);
            assert!(firm.website.starts_with("https://"), "{}", firm.name);
            assert!(firm.contact.email.contains('@'), "{}", firm.name);
            let mut seen = HashSet::new();
            for capability in firm.capabilities {
                assert!(
                    TAXONOMY.contains(&capability.name_zh),
                    "{}: {}",
                    firm.name,
                    capability.name_zh
                );
                assert!(seen.insert(capability.name_zh), "{}", firm.name);
                assert!(
                    !(capability.verified && firm.status != Approved),
                    "{}: only an approved firm is verified",
                    firm.name
                );
                for certificate in capability.certificates {
                    assert!(
                        chrono::NaiveDate::parse_from_str(certificate.expires_on, "%Y-%m-%d")
                            .is_ok(),
                        "{}",
                        certificate.number
                    );
                    assert_eq!(
                        certificate.kind == CertificateKind::Other,
                        certificate.other_name.is_some()
                    );
                }
            }
        }
    }
}
