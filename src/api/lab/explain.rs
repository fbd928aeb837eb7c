//! ExplainInstanceType: decodes an instance type name part by part (rules in
//! `crate::catalog::explain`; this file only converts request and response).
use crate::catalog::explain::{self, Explanation, Lang};
use crate::catalog::InstanceType;
use crate::error::ApiError;
use serde::{Deserialize, Serialize};

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ExplainInstanceTypeRequest {
    instance_type: String,
    /// `en` (default) or `ko`
    language: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct FamilyShape {
    letters: String,
    category: String,
    /// A stable code for programs: `general-purpose`, `compute-optimized`, `memory-optimized`,
    /// `accelerated-computing`, `storage-optimized`, `hpc-optimized`.
    category_code: String,
    description: String,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AttributeShape {
    letter: String,
    meaning: String,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SizeShape {
    name: String,
    description: String,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DiskShape {
    count: u32,
    #[serde(rename = "SizeInGB")]
    size_in_gb: u64,
    #[serde(rename = "Type")]
    kind: String,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct FactsShape {
    #[serde(rename = "VCpus")]
    vcpus: u32,
    #[serde(rename = "MemoryMiB")]
    memory_mib: u64,
    architectures: Vec<String>,
    instance_store: Vec<DiskShape>,
    burstable: bool,
    free_tier_eligible: bool,
    network_performance: String,
    current_generation: bool,
    bare_metal: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    hypervisor: Option<String>,
    hibernation_supported: bool,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SizeInFamilyShape {
    instance_type: String,
    #[serde(rename = "VCpus")]
    vcpus: u32,
    #[serde(rename = "MemoryMiB")]
    memory_mib: u64,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ExplainInstanceTypeResponse {
    instance_type: String,
    language: String,
    family: FamilyShape,
    #[serde(skip_serializing_if = "Option::is_none")]
    generation: Option<u32>,
    attributes: Vec<AttributeShape>,
    size: SizeShape,
    known: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    facts: Option<FactsShape>,
    sizes_in_family: Vec<SizeInFamilyShape>,
    lines: Vec<String>,
}

fn facts(t: &InstanceType) -> FactsShape {
    FactsShape {
        vcpus: t.vcpus,
        memory_mib: t.memory_mib,
        architectures: t.architectures.clone(),
        instance_store: t.instance_store.iter().map(|d| DiskShape { count: d.count, size_in_gb: d.size_gb, kind: d.kind.clone() }).collect(),
        burstable: t.burstable,
        free_tier_eligible: t.free_tier_eligible,
        network_performance: t.network_performance.clone(),
        current_generation: t.current_generation,
        bare_metal: t.bare_metal,
        hypervisor: t.hypervisor.clone(),
        hibernation_supported: t.hibernation_supported,
    }
}

pub fn explain_instance_type(r: ExplainInstanceTypeRequest) -> Result<ExplainInstanceTypeResponse, ApiError> {
    let language = r.language.unwrap_or_else(|| "en".into());
    let lang = Lang::parse(&language).ok_or_else(|| {
        ApiError::new("InvalidParameterValue", format!("Invalid value '{language}' for Language."))
            .hint("Language is en (English) or ko (Korean).", "Language는 en(영어) 또는 ko(한국어)입니다.")
    })?;
    let e: Explanation = explain::explain(&r.instance_type, lang)?;
    Ok(ExplainInstanceTypeResponse {
        instance_type: e.instance_type,
        language,
        family: FamilyShape {
            letters: e.family.letters,
            category: e.family.category.label(lang),
            category_code: e.family.category.code().into(),
            description: e.family.description,
        },
        generation: e.generation,
        attributes: e.attributes.into_iter().map(|a| AttributeShape { letter: a.name, meaning: a.meaning }).collect(),
        size: SizeShape { name: e.size.name, description: e.size.meaning },
        known: e.known,
        facts: e.facts.map(facts),
        sizes_in_family: e
            .sizes_in_family
            .iter()
            .map(|t| SizeInFamilyShape { instance_type: t.name.clone(), vcpus: t.vcpus, memory_mib: t.memory_mib })
            .collect(),
        lines: e.lines,
    })
}
