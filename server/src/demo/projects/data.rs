//! The demo R&D projects as data: twenty calls of the four bureaus at every point of the
//! lifecycle, with the interest the demo firms expressed and the invitations sent. Most are
//! Chengdu's, researched in Chengdu and sourced from the manufacturers of Deyang, Meishan and
//! Ziyang; a few are the other cities' own. Every institution, figure and person here is made
//! up. The loader (`super`) writes them.

use app::domain::firm::CertificateKind::{self, Ccc, Iatf16949, Iso9001, Iso13485};
use app::domain::firm::ProductionLevel::{self, MassProduction, Prototype, SmallBatch};
use app::domain::project::ProjectStatus::{self, Cancelled, Completed, InExecution, Open};
use app::domain::project::ResearchStage::{self, Achievement, Expansion, Incubation, Maturation};
use app::domain::project::Scenario::{
    self, Agriculture, Automotive, Education, ElderlyCare, Electronics, Household, Inspection,
    Logistics, Medical,
};

pub struct DemoProject {
    pub city: &'static str,
    pub title: &'static str,
    /// Empty only for a draft.
    pub summary: &'static str,
    pub description: &'static str,
    /// The segment, by its Chinese name in the taxonomy.
    pub segment: &'static str,
    pub stage: ResearchStage,
    pub lead: Lead,
    /// Whole yuan from the city, the province, investment funds and the institution's own.
    pub funds: [i64; 4],
    /// `YYYY-MM-DD`.
    pub starts_on: &'static str,
    pub ends_on: &'static str,
    pub scenarios: &'static [Scenario],
    pub needs: &'static [DemoNeed],
    /// The lifecycle steps after the draft, in order.
    pub steps: &'static [ProjectStatus],
    /// Why, when the last step is a cancellation.
    pub cancel_reason: Option<&'static str>,
    /// Expressed while the project is open.
    pub interests: &'static [DemoInterest],
}

/// The lead research institution.
pub enum Lead {
    /// An approved research institute or university of the demo firms, by name.
    Firm(&'static str),
    /// One outside the directory.
    Named(&'static str),
}

const DRAFT: &[ProjectStatus] = &[];
const OPEN: &[ProjectStatus] = &[Open];
const IN_EXECUTION: &[ProjectStatus] = &[Open, InExecution];
const COMPLETED: &[ProjectStatus] = &[Open, InExecution, Completed];
const CANCELLED_AS_DRAFT: &[ProjectStatus] = &[Cancelled];
const CANCELLED_WHEN_OPEN: &[ProjectStatus] = &[Open, Cancelled];

/// A sourcing need, its capability by its Chinese name in the taxonomy.
pub struct DemoNeed {
    pub capability: &'static str,
    pub level: ProductionLevel,
    pub quantity: i32,
    pub certificates: &'static [CertificateKind],
    pub cities: &'static [&'static str],
    pub note: &'static str,
}

const fn need(
    capability: &'static str,
    level: ProductionLevel,
    quantity: i32,
    cities: &'static [&'static str],
    note: &'static str,
) -> DemoNeed {
    DemoNeed {
        capability,
        level,
        quantity,
        certificates: &[],
        cities,
        note,
    }
}

impl DemoNeed {
    const fn certified(self, certificates: &'static [CertificateKind]) -> Self {
        Self {
            certificates,
            ..self
        }
    }
}

/// A demo firm's expression of interest, by the email of its representative (whose firm it
/// is), for one need (an index into the project's needs) or the whole project.
pub struct DemoInterest {
    pub by: &'static str,
    pub need: Option<usize>,
    pub message: &'static str,
    /// Answered by the demo official of the project's city.
    pub reply: Option<&'static str>,
}

const fn interest(by: &'static str, need: Option<usize>, message: &'static str) -> DemoInterest {
    DemoInterest {
        by,
        need,
        message,
        reply: None,
    }
}

impl DemoInterest {
    const fn answered(self, reply: &'static str) -> Self {
        Self {
            reply: Some(reply),
            ..self
        }
    }
}

const DONGFANG: &str = "dongfang@demo.alliance-hub.cn";
const XINCAI: &str = "xincai@demo.alliance-hub.cn";

const TIANFU: Lead = Lead::Firm("成都天府机器人研究院");
const SHUDU: Lead = Lead::Firm("蜀都理工大学");
const DIANKE: Lead = Lead::Firm("成都电子信息科技大学");
const JINCHENG: Lead = Lead::Firm("四川锦城智能制造研究院");

pub const PROJECTS: &[DemoProject] = &[
    // Chengdu: research in Chengdu, parts from the alliance.
    DemoProject {
        city: "chengdu",
        title: "人形机器人高功率密度一体化关节模组研发",
        summary: "面向人形机器人下肢与腰部关节，研发集成无框力矩电机、谐波减速器、双编码器与驱动器的一体化关节模组，峰值扭矩不低于150 N·m，功率密度较现有方案提升30%。项目在成都完成设计与样机验证，面向联盟城市征集减速器、电机、磁钢与精密结构件的小批量配套。",
        description: "项目由成都天府机器人研究院牵头，分三个阶段推进：2026年底前完成关节构型与电磁设计，2027年上半年完成20套样机并在整机平台上开展步态测试，2027年下半年进入500套小批量试产。\n配套企业需提供出厂检测报告，并配合研究院开展温升、冲击与1000小时寿命的联合可靠性试验。",
        segment: "模组",
        stage: Incubation,
        lead: TIANFU,
        funds: [6_000_000, 3_000_000, 5_000_000, 2_000_000],
        starts_on: "2026-09-01",
        ends_on: "2027-12-31",
        scenarios: &[Automotive, Logistics, Household],
        needs: &[
            need(
                "谐波减速器",
                SmallBatch,
                500,
                &["deyang", "meishan"],
                "减速比100，背隙不大于20弧秒，需提供寿命试验数据。",
            )
            .certified(&[Iso9001]),
            need(
                "伺服电机",
                SmallBatch,
                500,
                &["deyang", "meishan", "ziyang"],
                "无框力矩电机，外径不大于110 mm，额定转矩8 N·m。",
            )
            .certified(&[Iso9001]),
            need(
                "钕铁硼永磁体",
                SmallBatch,
                20_000,
                &["meishan"],
                "N52SH牌号，按转子图纸加工并分段充磁。",
            )
            .certified(&[Iso9001]),
            need(
                "精密机加工",
                SmallBatch,
                1_000,
                &["deyang", "ziyang"],
                "关节壳体与输出法兰，铝合金与钛合金，公差±0.01 mm。",
            ),
        ],
        steps: IN_EXECUTION,
        cancel_reason: None,
        interests: &[
            interest(
                DONGFANG,
                Some(0),
                "我司谐波减速器已批量生产，背隙可控制在15弧秒以内，可在30天内提供50台样件供联合测试。",
            )
            .answered("感谢贵司响应。请于下周与研究院项目组对接样件技术要求，届时我局一同参加。"),
            interest(
                XINCAI,
                Some(2),
                "我司可供应N52SH烧结钕铁硼磁钢并按图纸分段充磁，可先提供一批样品供研究院检测。",
            ),
        ],
    },
    DemoProject {
        city: "chengdu",
        title: "协作机器人RV减速器国产化替代与可靠性验证",
        summary: "针对10–20 kg负载协作机器人的肩肘关节，完成国产RV减速器的选型、联合设计改进与整机可靠性验证，目标传动精度不低于1弧分、额定寿命6000小时，形成可替代进口产品的配套方案。",
        description: "蜀都理工大学负责齿形修形与仿真分析，联盟内的协作机器人企业提供整机测试平台。\n本项目征集RV减速器与配套交叉滚子轴承的小批量供货，以及第三方精度与寿命检测服务。",
        segment: "核心零部件",
        stage: Maturation,
        lead: SHUDU,
        funds: [3_000_000, 2_000_000, 0, 1_500_000],
        starts_on: "2026-07-01",
        ends_on: "2027-09-30",
        scenarios: &[Automotive, Electronics],
        needs: &[
            need(
                "RV减速器",
                SmallBatch,
                200,
                &["deyang", "ziyang"],
                "RV-40E规格，需配合开展加速寿命试验。",
            )
            .certified(&[Iso9001]),
            need(
                "轴承",
                SmallBatch,
                400,
                &["deyang"],
                "交叉滚子轴承，P4级。",
            )
            .certified(&[Iso9001]),
            need(
                "检测认证",
                Prototype,
                1,
                &["deyang"],
                "传动精度、背隙与寿命检测，出具检测报告。",
            ),
        ],
        steps: OPEN,
        cancel_reason: None,
        interests: &[interest(
            DONGFANG,
            Some(0),
            "我司RV减速器已小批量供货，可按RV-40E规格提供200台，并欢迎项目组到产线审核。",
        )],
    },
    DemoProject {
        city: "chengdu",
        title: "五指灵巧手触觉感知与精细操作技术",
        summary: "研发指尖与掌面具有分布式触觉感知的五指灵巧手，单手自由度不少于12个、指尖力分辨率0.1 N，支持3C装配与家庭服务中的精细抓取。征集微型丝杠、触觉传感阵列与精密注塑件的样件配套。",
        description: "项目采用腱绳与微型丝杠混合驱动的技术路线，由成都电子信息科技大学机器人学院牵头，2027年完成两代样机。\n配套以样件为主，后续按测试结果确定小批量供应商。",
        segment: "模组",
        stage: Incubation,
        lead: DIANKE,
        funds: [2_500_000, 1_000_000, 0, 500_000],
        starts_on: "2026-10-01",
        ends_on: "2028-03-31",
        scenarios: &[Electronics, Medical, Household],
        needs: &[
            need(
                "丝杠",
                Prototype,
                300,
                &["deyang"],
                "微型滚珠丝杠，直径4–6 mm。",
            ),
            need(
                "触觉传感器",
                Prototype,
                100,
                &["chengdu", "ziyang"],
                "柔性阵列，每个指尖不少于64个感知单元。",
            ),
            need(
                "注塑成型",
                Prototype,
                200,
                &["meishan", "ziyang"],
                "指节外壳，PA12与TPU双色注塑。",
            ),
        ],
        steps: OPEN,
        cancel_reason: None,
        interests: &[],
    },
    DemoProject {
        city: "chengdu",
        title: "下肢康复外骨骼机器人临床样机研制",
        summary: "研制面向脑卒中与脊髓损伤患者的下肢康复外骨骼，完成髋膝四自由度驱动、步态意图识别与临床样机，满足医疗器械注册检验要求，2027年在成都、资阳两家医院开展临床试用。",
        description: "四川锦城智能制造研究院负责驱动与控制系统，合作医院负责临床方案。\n样机的电机、外壳与总装均按医疗器械质量体系管理，供应商需具备ISO 13485认证。",
        segment: "整机",
        stage: Maturation,
        lead: JINCHENG,
        funds: [4_000_000, 2_000_000, 3_000_000, 1_000_000],
        starts_on: "2026-03-01",
        ends_on: "2027-06-30",
        scenarios: &[Medical, ElderlyCare],
        needs: &[
            need(
                "伺服电机",
                SmallBatch,
                120,
                &["deyang", "meishan"],
                "扁平外转子电机，额定功率200 W。",
            )
            .certified(&[Iso13485]),
            need(
                "注塑成型",
                SmallBatch,
                300,
                &["meishan", "ziyang"],
                "医用级PC/ABS外壳与绑带卡扣。",
            )
            .certified(&[Iso13485]),
            need(
                "总装",
                SmallBatch,
                30,
                &["ziyang"],
                "临床样机总装与出厂检验。",
            )
            .certified(&[Iso13485]),
        ],
        steps: IN_EXECUTION,
        cancel_reason: None,
        interests: &[],
    },
    DemoProject {
        city: "chengdu",
        title: "汽车焊装线视觉引导协作机器人工作站",
        summary: "为资阳、德阳汽车零部件企业的焊装线开发视觉引导协作机器人工作站，实现来料位置偏差±5 mm以内的自动纠偏与焊点质量在线检测，2027年在两条产线完成示范应用。",
        description: "成都负责视觉算法与工作站设计，资阳、德阳的零部件企业提供产线与工艺数据。\n工作站的工装与集成装配按汽车行业质量体系要求执行。",
        segment: "应用场景",
        stage: Expansion,
        lead: Lead::Named("蓉城先进制造技术研究中心"),
        funds: [2_000_000, 0, 4_000_000, 6_000_000],
        starts_on: "2026-05-01",
        ends_on: "2027-04-30",
        scenarios: &[Automotive],
        needs: &[
            need(
                "视觉传感器",
                SmallBatch,
                40,
                &["chengdu", "ziyang"],
                "3D结构光相机，工作距离500–1000 mm。",
            )
            .certified(&[Iatf16949]),
            need(
                "精密机加工",
                SmallBatch,
                200,
                &["deyang", "ziyang"],
                "焊接夹具与定位工装。",
            )
            .certified(&[Iatf16949]),
            need(
                "总装",
                SmallBatch,
                20,
                &["ziyang"],
                "工作站集成装配与产线联调。",
            ),
        ],
        steps: IN_EXECUTION,
        cancel_reason: None,
        interests: &[],
    },
    DemoProject {
        city: "chengdu",
        title: "具身智能数据采集与训练场建设",
        summary: "建设面向人形机器人的具身智能数据采集与训练场，布置家庭、仓储和装配三类场景，采集遥操作与真机示教数据不少于10万条，向联盟成员开放数据与算力服务。征集人形机器人整机与六维力传感器配套。",
        description: "训练场设在成都天府机器人研究院，一期面积2000平方米。\n联盟成员可预约使用场地与数据，整机与传感器供应商可优先参与数据标准的制定。",
        segment: "软件",
        stage: Incubation,
        lead: TIANFU,
        funds: [8_000_000, 5_000_000, 0, 2_000_000],
        starts_on: "2026-11-01",
        ends_on: "2028-10-31",
        scenarios: &[Household, Logistics, Education],
        needs: &[
            need(
                "人形机器人",
                SmallBatch,
                20,
                &["chengdu", "ziyang"],
                "全尺寸人形机器人，需开放遥操作与数据接口。",
            ),
            need(
                "力/力矩传感器",
                SmallBatch,
                100,
                &["chengdu", "deyang"],
                "六维力传感器，用于腕部与踝部。",
            ),
        ],
        steps: OPEN,
        cancel_reason: None,
        interests: &[],
    },
    DemoProject {
        city: "chengdu",
        title: "巡检四足机器人防爆关节驱动单元",
        summary: "",
        description: "面向石化与电力巡检的四足机器人，研发满足防爆要求的关节驱动单元。方案正在论证，需求尚待细化。",
        segment: "核心零部件",
        stage: Incubation,
        lead: JINCHENG,
        funds: [1_500_000, 0, 0, 500_000],
        starts_on: "2027-03-01",
        ends_on: "2028-02-28",
        scenarios: &[Inspection],
        needs: &[
            need(
                "伺服驱动器",
                Prototype,
                50,
                &["deyang", "ziyang"],
                "与防爆外壳一体化设计的驱动器。",
            )
            .certified(&[Ccc]),
            need(
                "行星减速器",
                Prototype,
                50,
                &["deyang"],
                "减速比10，外径不大于90 mm。",
            ),
        ],
        steps: DRAFT,
        cancel_reason: None,
        interests: &[],
    },
    DemoProject {
        city: "chengdu",
        title: "社区养老陪护服务机器人示范",
        summary: "完成陪护服务机器人的小批量试产与社区示范：100台机器人在成都、眉山12个社区养老服务中心投入使用，提供跌倒检测、用药提醒与视频问诊功能，累计服务老人逾3000人次。",
        description: "成都电子信息科技大学负责整机与交互软件，眉山、资阳企业承担外壳、电路板与整机装配。\n项目已于2026年10月通过验收，机器人转由各服务中心运营。",
        segment: "整机",
        stage: Expansion,
        lead: DIANKE,
        funds: [3_000_000, 1_000_000, 2_000_000, 1_000_000],
        starts_on: "2026-01-01",
        ends_on: "2026-10-31",
        scenarios: &[ElderlyCare, Household],
        needs: &[
            need(
                "总装",
                SmallBatch,
                100,
                &["meishan", "ziyang"],
                "整机装配与72小时老化测试。",
            )
            .certified(&[Ccc]),
            need(
                "注塑成型",
                SmallBatch,
                500,
                &["meishan"],
                "机身外壳，阻燃ABS。",
            )
            .certified(&[Ccc]),
            need(
                "PCB组装",
                SmallBatch,
                200,
                &["ziyang"],
                "主控板与电源板贴装。",
            ),
        ],
        steps: COMPLETED,
        cancel_reason: None,
        interests: &[],
    },
    DemoProject {
        city: "chengdu",
        title: "低重稀土高矫顽力磁体在机器人伺服电机中的应用验证",
        summary: "将蜀都理工大学的晶界扩散低重稀土磁体技术转化到机器人伺服电机，重稀土用量降低60%以上，150 ℃下矫顽力不低于20 kOe，并在伺服电机样机上完成温升与退磁试验。",
        description: "学校提供晶界扩散工艺与配方，眉山的磁材企业负责试制磁钢，德阳、眉山的电机企业装配对比样机。\n试验数据由双方共享，用于后续的量产工艺定型。",
        segment: "材料",
        stage: Achievement,
        lead: SHUDU,
        funds: [2_000_000, 2_000_000, 0, 1_000_000],
        starts_on: "2026-04-01",
        ends_on: "2027-09-30",
        scenarios: &[Automotive, Electronics],
        needs: &[
            need(
                "无重稀土磁体",
                Prototype,
                5_000,
                &["meishan"],
                "按图纸加工并镀镍。",
            ),
            need(
                "伺服电机",
                Prototype,
                50,
                &["deyang", "meishan"],
                "用试验磁钢装配的对比样机。",
            )
            .certified(&[Iso9001]),
        ],
        steps: IN_EXECUTION,
        cancel_reason: None,
        interests: &[],
    },
    DemoProject {
        city: "chengdu",
        title: "机器人关节高精度绝对值编码器",
        summary: "研发23位单圈、多圈计数无需电池的磁电式绝对值编码器，满足关节模组的小型化要求。",
        description: "由成都电子信息科技大学牵头，拟申报2027年市级科技项目。",
        segment: "核心零部件",
        stage: Incubation,
        lead: DIANKE,
        funds: [1_000_000, 500_000, 0, 300_000],
        starts_on: "2027-01-01",
        ends_on: "2027-12-31",
        scenarios: &[Automotive, Electronics],
        needs: &[
            need("编码器", Prototype, 200, &["deyang"], "磁环与读头样件。"),
            need(
                "PCB组装",
                Prototype,
                200,
                &["meishan", "ziyang"],
                "编码器信号板贴装。",
            ),
        ],
        steps: DRAFT,
        cancel_reason: None,
        interests: &[],
    },
    DemoProject {
        city: "chengdu",
        title: "智能仓储分拣AMR整机开发",
        summary: "开发载重300 kg的潜伏式分拣AMR，实现集群调度与自动充电，计划在成都双流与资阳空港物流园区部署200台。",
        description: "项目由物流装备工程技术中心牵头，整机在资阳总装。",
        segment: "整机",
        stage: Expansion,
        lead: Lead::Named("成都物流装备工程技术中心"),
        funds: [2_000_000, 0, 6_000_000, 2_000_000],
        starts_on: "2026-06-01",
        ends_on: "2027-06-30",
        scenarios: &[Logistics],
        needs: &[
            need(
                "行星减速器",
                MassProduction,
                800,
                &["deyang", "ziyang"],
                "驱动轮减速机，减速比20。",
            )
            .certified(&[Iso9001]),
            need(
                "注塑成型",
                SmallBatch,
                400,
                &["meishan", "ziyang"],
                "车体外壳与防撞条。",
            ),
            need("总装", SmallBatch, 200, &["ziyang"], "整机装配与下线调试。"),
        ],
        steps: CANCELLED_WHEN_OPEN,
        cancel_reason: Some("牵头单位调整产品路线，项目并入2027年度智能物流装备专项统筹实施。"),
        interests: &[],
    },
    DemoProject {
        city: "chengdu",
        title: "精密行星滚柱丝杠国产化研制",
        summary: "面向人形机器人线性执行器，研制导程2–5 mm的精密行星滚柱丝杠，额定动载荷不低于20 kN、定位精度G5级，突破螺纹磨削与热处理工艺，形成年产万套的配套能力。",
        description: "成都天府机器人研究院负责设计与检测，德阳、资阳的机加工企业承担螺母、滚柱与丝杠轴的加工。\n2027年完成300套小批量验证，2028年起按整机企业的需求扩产。",
        segment: "核心零部件",
        stage: Maturation,
        lead: TIANFU,
        funds: [3_000_000, 1_500_000, 2_000_000, 1_000_000],
        starts_on: "2026-09-01",
        ends_on: "2028-02-28",
        scenarios: &[Automotive, Household],
        needs: &[
            need(
                "丝杠",
                SmallBatch,
                300,
                &["deyang"],
                "行星滚柱丝杠总成，G5级。",
            )
            .certified(&[Iso9001]),
            need(
                "精密机加工",
                SmallBatch,
                600,
                &["deyang", "ziyang"],
                "螺母与滚柱的螺纹磨削。",
            )
            .certified(&[Iso9001]),
            need("轴承", SmallBatch, 600, &["deyang"], "配对角接触球轴承。"),
        ],
        steps: OPEN,
        cancel_reason: None,
        interests: &[interest(
            DONGFANG,
            Some(1),
            "我司有数控螺纹磨床与三坐标检测能力，可承接螺母与滚柱的加工，首批样件交期约25天。",
        )],
    },
    DemoProject {
        city: "chengdu",
        title: "丘陵果园柑橘采摘机器人末端执行器",
        summary: "研制适用于丘陵果园的柔性采摘末端执行器，单果采摘周期不超过6秒、损伤率低于3%，已在眉山、资阳的柑橘基地完成一个采摘季的田间试验。",
        description: "蜀都理工大学负责夹持与剪切机构设计，眉山、资阳的农机企业提供试验果园与整机平台。\n项目已于2026年9月验收，成果由农机企业转化。",
        segment: "模组",
        stage: Maturation,
        lead: SHUDU,
        funds: [1_200_000, 800_000, 0, 300_000],
        starts_on: "2026-02-01",
        ends_on: "2026-09-30",
        scenarios: &[Agriculture],
        needs: &[
            need(
                "末端执行器",
                Prototype,
                20,
                &["meishan", "ziyang"],
                "柔性夹爪与剪切机构。",
            ),
            need(
                "快速打样",
                Prototype,
                60,
                &["ziyang"],
                "3D打印与CNC快速样件。",
            ),
        ],
        steps: COMPLETED,
        cancel_reason: None,
        interests: &[],
    },
    DemoProject {
        city: "chengdu",
        title: "手术机器人力反馈主手研发",
        summary: "",
        description: "研究院已完成力反馈主手的原理样机，拟申报2027年市级科技项目，需求与经费正在测算。",
        segment: "核心零部件",
        stage: Achievement,
        lead: TIANFU,
        funds: [0, 0, 0, 800_000],
        starts_on: "2027-06-01",
        ends_on: "2028-05-31",
        scenarios: &[Medical],
        needs: &[
            need(
                "力/力矩传感器",
                Prototype,
                20,
                &["chengdu"],
                "三维力传感器，量程±20 N。",
            )
            .certified(&[Iso13485]),
            need(
                "精密机加工",
                Prototype,
                50,
                &["deyang", "ziyang"],
                "钛合金连杆。",
            )
            .certified(&[Iso13485]),
        ],
        steps: DRAFT,
        cancel_reason: None,
        interests: &[],
    },
    // Deyang.
    DemoProject {
        city: "deyang",
        title: "重型装备大件焊接机器人智能产线改造",
        summary: "在德阳重装企业的水轮机与汽轮机大件焊接车间部署焊接机器人与焊缝视觉跟踪系统，单件焊接效率提升40%，焊缝一次合格率达到98%以上。面向成都征集视觉传感与控制系统，面向联盟征集弧焊机器人整机。",
        description: "德阳重型装备检测研究院负责工艺评定与焊缝检测，两家重装企业提供改造车间。\n机器人需配外部轴，控制系统需支持多机协同。",
        segment: "应用场景",
        stage: Expansion,
        lead: Lead::Firm("德阳重型装备检测研究院"),
        funds: [3_000_000, 2_000_000, 0, 5_000_000],
        starts_on: "2026-10-01",
        ends_on: "2027-12-31",
        scenarios: &[Inspection],
        needs: &[
            need(
                "工业机器人",
                SmallBatch,
                12,
                &["chengdu", "deyang"],
                "负载20 kg以上的弧焊机器人，配外部轴。",
            )
            .certified(&[Ccc]),
            need(
                "视觉传感器",
                SmallBatch,
                12,
                &["chengdu"],
                "激光焊缝跟踪传感器。",
            ),
            need(
                "控制器",
                SmallBatch,
                12,
                &["chengdu"],
                "支持多机协同与外部轴联动。",
            ),
        ],
        steps: OPEN,
        cancel_reason: None,
        interests: &[],
    },
    DemoProject {
        city: "deyang",
        title: "RV减速器寿命加速试验平台建设",
        summary: "建设可同时测试8台RV与谐波减速器的加速寿命试验平台，面向联盟企业提供精度、刚度与寿命检测服务，并作为职业学院的实训基地。",
        description: "平台设在德阳装备制造职业学院，2027年起对联盟企业开放预约。",
        segment: "制造服务",
        stage: Maturation,
        lead: Lead::Firm("德阳装备制造职业学院"),
        funds: [1_500_000, 1_000_000, 0, 500_000],
        starts_on: "2026-05-01",
        ends_on: "2027-04-30",
        scenarios: &[Education],
        needs: &[
            need(
                "力/力矩传感器",
                SmallBatch,
                16,
                &["chengdu"],
                "扭矩传感器，量程2000 N·m。",
            ),
            need(
                "伺服电机",
                SmallBatch,
                16,
                &["deyang", "ziyang"],
                "加载电机，额定功率7.5 kW。",
            )
            .certified(&[Iso9001]),
        ],
        steps: IN_EXECUTION,
        cancel_reason: None,
        interests: &[],
    },
    // Meishan.
    DemoProject {
        city: "meishan",
        title: "无重稀土永磁体量产工艺攻关",
        summary: "突破无重稀土烧结磁体的晶粒细化与晶界调控工艺，建成年产300吨的中试线，产品剩磁不低于1.35 T、矫顽力不低于17 kOe，为联盟的伺服电机与关节模组企业提供低成本磁材。",
        description: "创新中心联合眉山的磁材企业建设中试线，成都、德阳的检测机构负责磁性能检测。\n中试产品将在德阳、资阳的伺服电机上装机验证。",
        segment: "材料",
        stage: Maturation,
        lead: Lead::Named("眉山稀土功能材料创新中心"),
        funds: [2_000_000, 3_000_000, 4_000_000, 3_000_000],
        starts_on: "2026-03-01",
        ends_on: "2027-12-31",
        scenarios: &[Automotive, Electronics],
        needs: &[
            need(
                "检测认证",
                Prototype,
                1,
                &["chengdu", "deyang"],
                "磁性能与高温退磁检测，出具检测报告。",
            ),
            need(
                "伺服电机",
                Prototype,
                30,
                &["deyang", "ziyang"],
                "装机对比验证样机。",
            )
            .certified(&[Iso9001]),
        ],
        steps: IN_EXECUTION,
        cancel_reason: None,
        interests: &[],
    },
    DemoProject {
        city: "meishan",
        title: "养老机构助行机器人示范应用",
        summary: "在眉山三家养老机构试用助行机器人，验证扶抱与跌倒保护功能。",
        description: "由市社会福利院牵头组织示范。",
        segment: "应用场景",
        stage: Expansion,
        lead: Lead::Named("眉山市社会福利院"),
        funds: [1_000_000, 0, 0, 200_000],
        starts_on: "2027-01-01",
        ends_on: "2027-12-31",
        scenarios: &[ElderlyCare],
        needs: &[need(
            "服务机器人",
            SmallBatch,
            30,
            &["chengdu", "meishan"],
            "具备扶抱与跌倒保护功能。",
        )
        .certified(&[Ccc])],
        steps: CANCELLED_AS_DRAFT,
        cancel_reason: Some("示范机构调整，改由2027年度养老服务机器人专项统一组织。"),
        interests: &[],
    },
    // Ziyang.
    DemoProject {
        city: "ziyang",
        title: "口腔种植手术机器人精密机械臂研制",
        summary: "依托资阳口腔装备产业基础，研制六自由度口腔种植手术机械臂，末端定位精度不超过0.2 mm，配合光学导航完成种植窝洞预备。征集精密减速器、力传感器与医疗级结构件配套。",
        description: "创新中心联合资阳的医疗机器人企业开展研制，2027年完成样机并进入注册检验。\n所有配套件需符合医疗器械质量体系要求。",
        segment: "整机",
        stage: Incubation,
        lead: Lead::Named("资阳口腔装备产业创新中心"),
        funds: [2_500_000, 1_500_000, 3_000_000, 1_000_000],
        starts_on: "2026-08-01",
        ends_on: "2028-06-30",
        scenarios: &[Medical],
        needs: &[
            need(
                "谐波减速器",
                SmallBatch,
                100,
                &["deyang", "meishan"],
                "小型谐波减速器，背隙不大于10弧秒。",
            )
            .certified(&[Iso13485]),
            need(
                "力/力矩传感器",
                Prototype,
                20,
                &["chengdu"],
                "六维力传感器。",
            ),
            need(
                "精密机加工",
                SmallBatch,
                200,
                &["ziyang"],
                "医用不锈钢与钛合金结构件。",
            )
            .certified(&[Iso13485]),
        ],
        steps: OPEN,
        cancel_reason: None,
        interests: &[],
    },
    DemoProject {
        city: "ziyang",
        title: "汽车零部件柔性装配协作机器人工作站",
        summary: "为资阳汽车零部件企业开发可快速换型的协作机器人装配工作站。",
        description: "由资阳临空职业技术学院牵头，方案编制中。",
        segment: "应用场景",
        stage: Maturation,
        lead: Lead::Firm("资阳临空职业技术学院"),
        funds: [800_000, 0, 0, 1_200_000],
        starts_on: "2027-03-01",
        ends_on: "2027-12-31",
        scenarios: &[Automotive],
        needs: &[
            need(
                "协作机器人",
                SmallBatch,
                10,
                &["chengdu"],
                "负载10 kg，支持力控装配。",
            ),
            need(
                "末端执行器",
                SmallBatch,
                20,
                &["chengdu", "ziyang"],
                "快换夹爪。",
            ),
        ],
        steps: DRAFT,
        cancel_reason: None,
        interests: &[],
    },
];

/// An invitation the demo official of a project's city sent once it opened, to the firm of a
/// demo representative, and how the firm answered.
pub struct DemoInvitation {
    pub project: &'static str,
    /// An index into the project's needs.
    pub need: usize,
    pub firm_of: &'static str,
    pub message: &'static str,
    /// Accepted with this proposal (price range in 万元, lead days, note); none: not answered.
    pub proposal: Option<(i64, i64, i32, &'static str)>,
    /// The official selected the proposal: the firm takes part.
    pub selected: bool,
}

/// The project whose execution the demo tells (`super::execution`): it started with the
/// Deyang reducer maker and the Meishan magnet maker taking part.
pub const EXECUTION_STORY: &str = "人形机器人高功率密度一体化关节模组研发";

/// The Deyang reducer maker and the Meishan magnet maker take part in the humanoid joint
/// project, each selected on its proposal.
pub const INVITATIONS: &[DemoInvitation] = &[
    DemoInvitation {
        project: "人形机器人高功率密度一体化关节模组研发",
        need: 0,
        firm_of: DONGFANG,
        message: "请就500套谐波减速器（减速比100）报价，并附寿命试验数据。",
        proposal: Some((60, 75, 45, "含税含运费，首批100套45天内交付。")),
        selected: true,
    },
    DemoInvitation {
        project: "人形机器人高功率密度一体化关节模组研发",
        need: 2,
        firm_of: XINCAI,
        message: "请就N52SH磁钢2万片报价，按转子图纸加工并分段充磁。",
        proposal: Some((
            35,
            42,
            30,
            "N52SH烧结钕铁硼，分段充磁，首批5000片30天内交付。",
        )),
        selected: true,
    },
];
