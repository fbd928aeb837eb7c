//! Decodes an instance type name part by part (family, generation, attribute letters, size) in
//! English or Korean, with the catalog's facts and the other sizes of the same family. The
//! terms follow the course notes (범용, 컴퓨팅 최적화 ...) and the User Guide's naming conventions.
use super::name::{self, NameError, Size, TypeName, Variant};
use super::InstanceType;
use crate::error::ApiError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    En,
    Ko,
}

impl Lang {
    pub fn parse(s: &str) -> Option<Lang> {
        match s {
            "en" => Some(Lang::En),
            "ko" => Some(Lang::Ko),
            _ => None,
        }
    }
    fn pick(self, en: impl Into<String>, ko: impl Into<String>) -> String {
        match self {
            Lang::En => en.into(),
            Lang::Ko => ko.into(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Category {
    GeneralPurpose,
    ComputeOptimized,
    MemoryOptimized,
    AcceleratedComputing,
    StorageOptimized,
    HpcOptimized,
}

impl Category {
    /// A stable code for programs (`compute-optimized`).
    pub fn code(self) -> &'static str {
        match self {
            Category::GeneralPurpose => "general-purpose",
            Category::ComputeOptimized => "compute-optimized",
            Category::MemoryOptimized => "memory-optimized",
            Category::AcceleratedComputing => "accelerated-computing",
            Category::StorageOptimized => "storage-optimized",
            Category::HpcOptimized => "hpc-optimized",
        }
    }
    pub fn label(self, lang: Lang) -> String {
        let (en, ko) = match self {
            Category::GeneralPurpose => ("general purpose", "범용"),
            Category::ComputeOptimized => ("compute optimized", "컴퓨팅 최적화"),
            Category::MemoryOptimized => ("memory optimized", "메모리 최적화"),
            Category::AcceleratedComputing => ("accelerated computing", "가속화된 컴퓨팅"),
            Category::StorageOptimized => ("storage optimized", "스토리지 최적화"),
            Category::HpcOptimized => ("HPC optimized", "HPC 최적화"),
        };
        lang.pick(en, ko)
    }
}

use Category::*;

/// Family letters: category and what the family is for (UG:instance-types, course notes 2.2.1).
const FAMILIES: &[(&str, Category, &str, &str)] = &[
    (
        "t",
        GeneralPurpose,
        "burstable performance (\"turbo\"): a baseline CPU level plus CPU credits to burst above it, for variable workloads",
        "버스트 가능 (가변적 워크로드): 기준 CPU 성능에 더해 CPU 크레딧을 써서 순간적으로 더 높은 성능을 냄",
    ),
    (
        "m",
        GeneralPurpose,
        "the balanced family (\"most scenarios\"): compute, memory and networking in proportion",
        "균형 잡힌 컴퓨팅, 메모리, 네트워킹 (대부분의 워크로드)",
    ),
    ("a", GeneralPurpose, "Arm-based: the first AWS Graviton processor", "Arm 프로세서 기반 (AWS Graviton 1세대)"),
    (
        "mac",
        GeneralPurpose,
        "macOS on Apple Mac hardware, as whole bare-metal machines on Dedicated Hosts",
        "Apple Mac 하드웨어에서 macOS 실행 (전용 호스트의 베어메탈)",
    ),
    (
        "c",
        ComputeOptimized,
        "for compute-intensive applications that need high-performance processors",
        "고성능 프로세서를 활용하는 컴퓨팅 집약적인 애플리케이션에 적합 (CPU 집약적 워크로드)",
    ),
    (
        "r",
        MemoryOptimized,
        "\"RAM\": for workloads that process large data sets in memory",
        "메모리 집약적 워크로드: 메모리에서 대규모 데이터를 처리하는 워크로드에 적합",
    ),
    ("x", MemoryOptimized, "extra-large memory: for large in-memory databases", "초대형 메모리 (대규모 인메모리 데이터베이스)"),
    (
        "u",
        MemoryOptimized,
        "high memory (\"ultra\"): terabytes of memory for very large in-memory databases such as SAP HANA",
        "초고용량 메모리: SAP HANA 같은 대형 인메모리 데이터베이스를 위한 수 TB의 메모리",
    ),
    (
        "z",
        MemoryOptimized,
        "high frequency: very fast CPU cores together with a lot of memory",
        "고성능 컴퓨팅 (고주파 프로세서): 매우 빠른 CPU 코어와 넉넉한 메모리",
    ),
    ("p", AcceleratedComputing, "GPU accelerated computing: machine learning and high performance computing", "GPU 가속 컴퓨팅 (머신러닝, 고성능 컴퓨팅)"),
    ("g", AcceleratedComputing, "GPU instances: graphics, video and machine learning inference", "GPU 인스턴스 (그래픽 처리, 머신러닝 추론)"),
    (
        "gr",
        AcceleratedComputing,
        "GPU instances with more memory per vCPU, for graphics and rendering",
        "vCPU당 메모리가 더 많은 GPU 인스턴스 (그래픽, 렌더링)",
    ),
    ("f", AcceleratedComputing, "FPGA instances: programmable hardware acceleration", "FPGA 인스턴스 (하드웨어 가속)"),
    ("inf", AcceleratedComputing, "AWS Inferentia chips: machine learning inference", "AWS Inferentia 칩 (추론 최적화)"),
    ("trn", AcceleratedComputing, "AWS Trainium chips: machine learning training", "AWS Trainium 칩 (훈련 최적화)"),
    ("dl", AcceleratedComputing, "deep learning accelerators (Habana Gaudi, Qualcomm AI 100)", "딥 러닝 가속기 (Habana Gaudi, Qualcomm AI 100)"),
    ("vt", AcceleratedComputing, "video transcoding accelerators", "비디오 트랜스코딩 가속기"),
    ("i", StorageOptimized, "\"I/O\": fast local NVMe SSDs for high random I/O", "고속 로컬 I/O: 빠른 로컬 NVMe SSD"),
    ("im", StorageOptimized, "local SSDs with about 4 GiB of memory per vCPU", "로컬 SSD, vCPU당 메모리 약 4GiB"),
    ("is", StorageOptimized, "local SSDs with about 6 GiB of memory per vCPU", "로컬 SSD, vCPU당 메모리 약 6GiB"),
    ("d", StorageOptimized, "dense storage: a lot of local HDD capacity", "밀도 스토리지 (대용량 데이터, 로컬 HDD)"),
    ("h", StorageOptimized, "high throughput from local HDDs", "고처리량 (로컬 HDD)"),
    ("hpc", HpcOptimized, "high performance computing: large, tightly coupled simulations", "고성능 컴퓨팅(HPC): 대규모 과학·공학 시뮬레이션"),
];

#[derive(Debug, Clone, PartialEq)]
pub struct FamilyPart {
    pub letters: String,
    pub category: Category,
    pub description: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    /// The letter(s) or size name explained.
    pub name: String,
    pub meaning: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Explanation {
    pub instance_type: String,
    pub lang: Lang,
    pub family: FamilyPart,
    pub generation: Option<u32>,
    /// Attribute letters in order, then the dash variant (`-flex`) if any.
    pub attributes: Vec<Part>,
    pub size: Part,
    /// Whether the catalog has this exact type.
    pub known: bool,
    pub facts: Option<&'static InstanceType>,
    /// Every size of the same family (`c6gn`), smallest first.
    pub sizes_in_family: Vec<&'static InstanceType>,
    /// Sentences a notebook can print as they are.
    pub lines: Vec<String>,
}

/// Explains `name`, or refuses a malformed one with AWS's message and a hint on the format.
pub fn explain(type_name: &str, lang: Lang) -> Result<Explanation, ApiError> {
    let n = name::parse(type_name).map_err(|e| malformed(type_name, &e))?;
    let &(letters, category, en, ko) = FAMILIES.iter().find(|f| f.0 == n.family).expect("the parser knows only these families");
    let family = FamilyPart { letters: letters.to_string(), category, description: lang.pick(en, ko) };
    let mut attributes: Vec<Part> = n.attributes.chars().map(|c| Part { name: c.to_string(), meaning: attribute(c, category, lang) }).collect();
    if let Some(v) = n.variant {
        attributes.push(Part { name: format!("-{}", variant_text(v)), meaning: variant(v, lang) });
    }
    let size = Part { name: n.size_name.to_string(), meaning: size(n.size, lang) };
    let facts = super::instance_type(type_name);
    let sizes_in_family = super::sizes_in_family(n.series);
    let mut e = Explanation {
        instance_type: type_name.to_string(),
        lang,
        family,
        generation: n.generation,
        attributes,
        size,
        known: facts.is_some(),
        facts,
        sizes_in_family,
        lines: vec![],
    };
    e.lines = lines(&e, &n);
    Ok(e)
}

fn variant_text(v: Variant) -> String {
    match v {
        Variant::Flex => "flex".into(),
        Variant::MemoryTb(n) => format!("{n}tb"),
        Variant::Gpu(s) | Variant::AppleChip(s) => s.into(),
    }
}

fn attribute(c: char, category: Category, lang: Lang) -> String {
    let (en, ko) = match c {
        'a' => ("AMD processor", "AMD 프로세서"),
        'b' => ("block storage optimized: more EBS bandwidth", "블록 스토리지(EBS) 최적화: 더 높은 EBS 대역폭"),
        'd' => (
            "local NVMe instance store: disks on the host, whose data is lost when the instance stops or terminates",
            "로컬 NVMe 인스턴스 스토어 포함: 호스트의 디스크로, 인스턴스를 중지하거나 종료하면 데이터가 사라짐",
        ),
        'e' => match category {
            StorageOptimized => ("extra storage", "추가 스토리지"),
            MemoryOptimized | AcceleratedComputing => ("extra memory", "추가 메모리"),
            _ => ("extra storage or memory", "추가 스토리지 또는 메모리"),
        },
        'f' => ("fractional GPU: a share of one GPU", "분할 GPU: GPU 하나의 일부를 사용"),
        'g' => ("AWS Graviton processor (Arm-based, arm64)", "AWS Graviton 프로세서 (Arm 기반, arm64)"),
        'i' => ("Intel processor", "인텔 프로세서"),
        'n' => ("network optimized: more network bandwidth", "네트워크 최적화: 더 높은 네트워크 대역폭"),
        'q' => ("Qualcomm inference accelerators", "Qualcomm 추론 가속기"),
        'z' => ("high CPU frequency", "높은 CPU 클럭 (고주파)"),
        _ => unreachable!("the parser accepts only known attribute letters"),
    };
    lang.pick(en, ko)
}

fn variant(v: Variant, lang: Lang) -> String {
    match v {
        Variant::Flex => lang.pick(
            "Flex: a lower-priced version that runs at full CPU performance most of the time, in the common sizes",
            "Flex: 대부분의 시간 동안 전체 CPU 성능을 내는 더 저렴한 버전 (일반적인 크기만 제공)",
        ),
        Variant::MemoryTb(n) => lang.pick(format!("{n} TB of memory"), format!("메모리 {n} TB")),
        Variant::Gpu(m) => lang.pick(format!("NVIDIA {} GPUs", m.to_uppercase()), format!("NVIDIA {} GPU 탑재", m.to_uppercase())),
        Variant::AppleChip(m) => {
            let digits = m[1..].bytes().take_while(u8::is_ascii_digit).count() + 1;
            let tier = match &m[digits..] {
                "" => String::new(),
                t => format!(" {}{}", t[..1].to_uppercase(), &t[1..]),
            };
            let chip = format!("Apple {}{tier}", m[..digits].to_uppercase());
            lang.pick(format!("{chip} chip"), format!("{chip} 칩"))
        }
    }
}

fn size(s: Size, lang: Lang) -> String {
    match s {
        Size::Named(0) => {
            lang.pick("the smallest size (nano < micro < small < medium < large < xlarge)", "가장 작은 크기 (nano < micro < small < medium < large < xlarge)")
        }
        Size::Named(_) => lang.pick(
            "a named size below xlarge (nano < micro < small < medium < large < xlarge)",
            "xlarge보다 작은 이름 붙은 크기 (nano < micro < small < medium < large < xlarge)",
        ),
        Size::XLarge(1) => lang.pick("the base of the numbered sizes: a 2xlarge is twice an xlarge", "숫자가 붙는 크기의 기준: 2xlarge는 xlarge의 2배"),
        Size::XLarge(n) => lang.pick(format!("{n} times an xlarge (about {n}× its vCPUs and memory)"), format!("xlarge의 {n}배 (vCPU와 메모리가 약 {n}배)")),
        Size::Metal(None) => {
            lang.pick("bare metal: the whole physical server, with no hypervisor in between", "베어메탈: 하이퍼바이저 없이 물리 서버 전체를 사용")
        }
        Size::Metal(Some(n)) => lang.pick(
            format!("bare metal the size of a {n}xlarge: a whole physical server, no hypervisor"),
            format!("{n}xlarge 크기의 베어메탈: 하이퍼바이저 없이 물리 서버 전체를 사용"),
        ),
    }
}

fn ordinal(n: u32) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// `131072` MiB → `128 GiB`; `512` → `0.5 GiB`; `3840` → `3.75 GiB`.
pub fn gib(mib: u64) -> String {
    format!("{} GiB", trim(mib as f64 / 1024.0))
}

fn trim(x: f64) -> String {
    let s = format!("{x:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// A ratio as `64×` (English) or `64배` (Korean).
fn times(a: u64, b: u64, lang: Lang) -> String {
    let r = trim(a as f64 / b.max(1) as f64);
    lang.pick(format!("{r}×"), format!("{r}배"))
}

fn lines(e: &Explanation, n: &TypeName) -> Vec<String> {
    let lang = e.lang;
    let mut out = Vec::new();
    let attrs: String = e.attributes.iter().map(|a| a.name.as_str()).filter(|a| !a.starts_with('-')).collect();
    let variant = e.attributes.iter().find(|a| a.name.starts_with('-')).map(|a| a.name.as_str());
    let (fam_w, gen_w, attr_w, var_w, size_w) = match lang {
        Lang::En => ("family", "generation", "attributes", "option", "size"),
        Lang::Ko => ("패밀리", "세대", "추가 기능", "옵션", "크기"),
    };
    let mut parts = vec![format!("[{fam_w} {}]", e.family.letters)];
    let gen_part = e.generation.map(|g| format!("[{gen_w} {g}]"));
    let var_part = variant.map(|v| format!("[{var_w} {v}]"));
    if n.attributes.is_empty() && n.generation.is_some() && n.series[n.family.len()..].starts_with('-') {
        // u-6tb1: the option comes before the generation
        parts.extend(var_part.clone());
        parts.extend(gen_part);
    } else {
        parts.extend(gen_part);
        if !attrs.is_empty() {
            parts.push(format!("[{attr_w} {attrs}]"));
        }
        parts.extend(var_part);
    }
    out.push(format!("{} = {}.[{size_w} {}]", e.instance_type, parts.concat(), e.size.name));
    out.push(format!("{} = {} — {}.", e.family.letters, e.family.category.label(lang), e.family.description));
    match e.generation {
        Some(g) => out.push(lang.pick(
            format!("{g} = the {} generation of the {} family (a higher number is newer).", ordinal(g), e.family.letters),
            format!("{g} = {} 패밀리의 {g}세대 (숫자가 클수록 최신 세대).", e.family.letters),
        )),
        None => out.push(lang.pick(
            "There is no generation number: the option after the dash names the Apple chip instead.",
            "세대 숫자가 없습니다. 대시 뒤의 옵션이 Apple 칩을 나타냅니다.",
        )),
    }
    for a in &e.attributes {
        out.push(format!("{} = {}.", a.name, a.meaning));
    }
    out.push(format!("{} = {}.", e.size.name, e.size.meaning));
    match e.facts {
        Some(t) => out.extend(fact_lines(t, lang)),
        None => {
            let sizes: Vec<&str> = e.sizes_in_family.iter().map(|t| t.size()).collect();
            out.push(if sizes.is_empty() {
                lang.pick(
                    format!("The catalog has no {}: there is no {} family at all.", e.instance_type, n.series),
                    format!("카탈로그에 {}은(는) 없습니다. {} 패밀리 자체가 없습니다.", e.instance_type, n.series),
                )
            } else {
                lang.pick(
                    format!("The catalog has no {}: {} comes only in {}.", e.instance_type, n.series, sizes.join(", ")),
                    format!("카탈로그에 {}은(는) 없습니다. {}의 크기는 {}뿐입니다.", e.instance_type, n.series, sizes.join(", ")),
                )
            });
        }
    }
    if let Some(t) = e.facts {
        out.extend(size_lines(t, &e.sizes_in_family, n.series, lang));
    }
    out
}

fn fact_lines(t: &InstanceType, lang: Lang) -> Vec<String> {
    let mut out = Vec::new();
    let hv = match &t.hypervisor {
        Some(h) => lang.pick(format!("hypervisor {h}"), format!("하이퍼바이저 {h}")),
        None => lang.pick("no hypervisor (bare metal)", "하이퍼바이저 없음 (베어메탈)"),
    };
    let arch = t.architectures.join("/");
    out.push(lang.pick(
        format!(
            "{}: {} vCPU{}, {} of memory, {arch}, network {}, {hv}.",
            t.name,
            t.vcpus,
            if t.vcpus == 1 { "" } else { "s" },
            gib(t.memory_mib),
            t.network_performance
        ),
        format!("{}: vCPU {}개, 메모리 {}, {arch}, 네트워크 {}, {hv}.", t.name, t.vcpus, gib(t.memory_mib), t.network_performance),
    ));
    if t.instance_store.is_empty() {
        out.push(lang.pick("No instance store: all storage is EBS volumes.", "인스턴스 스토어 없음: 스토리지는 모두 EBS 볼륨입니다."));
    } else {
        let nvme = if t.instance_store_nvme { "NVMe " } else { "" };
        let disks: Vec<String> = t.instance_store.iter().map(|d| format!("{} × {} GB {nvme}{}", d.count, d.size_gb, d.kind.to_uppercase())).collect();
        out.push(lang.pick(
            format!("Instance store: {}, temporary (lost when the instance stops or terminates).", disks.join(" + ")),
            format!("인스턴스 스토어: {}, 임시 저장소 (인스턴스를 중지하거나 종료하면 사라짐).", disks.join(" + ")),
        ));
    }
    if t.burstable {
        out.push(lang.pick(
            "Burstable: it earns CPU credits while it runs below its baseline and spends them to run above it.",
            "버스트 가능: 기준 성능 아래로 실행되는 동안 CPU 크레딧을 모으고, 크레딧을 써서 기준 이상으로 실행합니다.",
        ));
    }
    if t.free_tier_eligible {
        out.push(lang.pick("Free tier eligible: 750 hours a month for the first 12 months.", "프리 티어 대상: 처음 12개월 동안 매달 750시간 무료."));
    }
    if !t.current_generation {
        out.push(lang.pick(
            format!("AWS lists {} as a previous generation type (CurrentGeneration = false).", t.name),
            format!("AWS는 {}을(를) 이전 세대 유형으로 분류합니다 (CurrentGeneration = false).", t.name),
        ));
    }
    out
}

fn size_lines(t: &InstanceType, sizes: &[&InstanceType], series: &str, lang: Lang) -> Vec<String> {
    let names: Vec<&str> = sizes.iter().map(|s| s.size()).collect();
    if sizes.len() < 2 {
        return vec![lang.pick(format!("{series} comes in one size only: {}.", t.size()), format!("{series}의 크기는 {} 하나뿐입니다.", t.size()))];
    }
    let mut out = vec![lang.pick(
        format!("{series} comes in {} sizes: {}.", sizes.len(), names.join(", ")),
        format!("{series}의 크기 {}가지: {}.", sizes.len(), names.join(", ")),
    )];
    let (small, large) = (sizes[0], sizes[sizes.len() - 1]);
    let cmp = |a: &InstanceType, b: &InstanceType| (times(a.vcpus as u64, b.vcpus as u64, lang), times(a.memory_mib, b.memory_mib, lang));
    out.push(if t.name == small.name {
        let (v, m) = cmp(large, t);
        lang.pick(
            format!("{} is the smallest size; the largest, {}, has {v} its vCPUs and {m} its memory.", t.name, large.name),
            format!("크기 비교: {}은(는) 가장 작은 크기이며, 가장 큰 {}은(는) 이 크기 대비 vCPU {v}, 메모리 {m}입니다.", t.name, large.name),
        )
    } else if t.name == large.name {
        let (v, m) = cmp(t, small);
        lang.pick(
            format!("{} is the largest size: {v} the vCPUs and {m} the memory of the smallest, {}.", t.name, small.name),
            format!("크기 비교: {}은(는) 가장 큰 크기이며, 가장 작은 {} 대비 vCPU {v}, 메모리 {m}입니다.", t.name, small.name),
        )
    } else {
        let (v, m) = cmp(t, small);
        let (v2, m2) = cmp(large, t);
        lang.pick(
            format!(
                "{} has {v} the vCPUs and {m} the memory of the smallest, {}; the largest, {}, has {v2} its vCPUs and {m2} its memory.",
                t.name, small.name, large.name
            ),
            format!(
                "크기 비교: {}은(는) 가장 작은 {} 대비 vCPU {v}, 메모리 {m}이고, 가장 큰 {}은(는) 이 크기 대비 vCPU {v2}, 메모리 {m2}입니다.",
                t.name, small.name, large.name
            ),
        )
    });
    out
}

fn malformed(type_name: &str, e: &NameError) -> ApiError {
    let families = name::FAMILIES.join(", ");
    let attrs: Vec<String> = name::ATTRIBUTES.chars().map(String::from).collect();
    let attrs = attrs.join(", ");
    let (en, ko) = match e {
        NameError::NoDot => ("There is no dot between the family part and the size.".to_string(), "패밀리 부분과 크기 사이에 점(.)이 없습니다.".to_string()),
        NameError::Family(f) if f.is_empty() => {
            ("The name must start with the lowercase family letters.".to_string(), "이름은 소문자 패밀리 문자로 시작해야 합니다.".to_string())
        }
        NameError::Family(f) => {
            (format!("'{f}' is not an instance family; the families are {families}."), format!("'{f}'은(는) 인스턴스 패밀리가 아닙니다. 패밀리: {families}."))
        }
        NameError::Generation => (
            "The family letters must be followed by a generation number (t2, c6).".to_string(),
            "패밀리 문자 뒤에 세대 숫자가 와야 합니다 (t2, c6).".to_string(),
        ),
        NameError::Attribute(c) => {
            (format!("'{c}' is not an attribute letter; they are {attrs}."), format!("'{c}'은(는) 추가 기능 문자가 아닙니다. 추가 기능 문자: {attrs}."))
        }
        NameError::Variant(v) => (
            format!("'{v}' is not a known option after the dash; options are -flex, -<N>tb, -b<N> and -m<N>."),
            format!("'{v}'은(는) 대시 뒤에 올 수 있는 옵션이 아닙니다. 옵션: -flex, -<N>tb, -b<N>, -m<N>."),
        ),
        NameError::Size(s) => (
            format!("'{s}' is not a size; sizes are nano, micro, small, medium, large, xlarge, <N>xlarge, metal and metal-<N>xl."),
            format!("'{s}'은(는) 크기가 아닙니다. 크기: nano, micro, small, medium, large, xlarge, <N>xlarge, metal, metal-<N>xl."),
        ),
    };
    ApiError::new("InvalidParameterValue", format!("Invalid value '{type_name}' for InstanceType.")).hint(
        format!("{en} Instance type names look like [family][generation][attributes].[size], for example t2.micro, c6gn.16xlarge or m7i-flex.large."),
        format!("{ko} 인스턴스 유형 이름은 [패밀리][세대][추가 기능].[크기] 형식입니다 (예: t2.micro, c6gn.16xlarge, m7i-flex.large)."),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_family_letter_is_explained() {
        for f in name::FAMILIES {
            assert!(FAMILIES.iter().any(|x| x.0 == *f), "{f}");
        }
        assert_eq!(FAMILIES.len(), name::FAMILIES.len());
    }

    #[test]
    fn every_catalog_type_explains() {
        for t in super::super::all() {
            let e = explain(&t.name, Lang::Ko).unwrap();
            assert!(e.known && e.lines.len() >= 5, "{}", t.name);
        }
    }

    #[test]
    fn numbers() {
        assert_eq!(gib(131072), "128 GiB");
        assert_eq!(gib(512), "0.5 GiB");
        assert_eq!(gib(3840), "3.75 GiB");
        assert_eq!(times(64, 1, Lang::En), "64×");
        assert_eq!(times(4, 3, Lang::En), "1.33×");
        assert_eq!(times(64, 1, Lang::Ko), "64배");
        assert_eq!(ordinal(1) + &ordinal(2) + &ordinal(3) + &ordinal(11) + &ordinal(6), "1st2nd3rd11th6th");
    }

    #[test]
    fn apple_chips_and_gpus() {
        assert_eq!(variant(Variant::AppleChip("m2pro"), Lang::En), "Apple M2 Pro chip");
        assert_eq!(variant(Variant::AppleChip("m1ultra"), Lang::Ko), "Apple M1 Ultra 칩");
        assert_eq!(variant(Variant::AppleChip("m4"), Lang::En), "Apple M4 chip");
        assert_eq!(variant(Variant::Gpu("b200"), Lang::En), "NVIDIA B200 GPUs");
    }
}
