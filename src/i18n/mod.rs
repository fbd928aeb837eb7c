//! Display labels in English and Korean (the course notes' terms).

/// The Korean label of an instance state, as the course notes write it.
pub fn state_label(state: &str, lang: &str) -> &'static str {
    let (en, ko) = match state {
        "pending" => ("pending", "대기 중"),
        "running" => ("running", "실행 중"),
        "stopping" => ("stopping", "중지 중"),
        "stopped" => ("stopped", "중지됨"),
        "shutting-down" => ("shutting-down", "종료 중"),
        "terminated" => ("terminated", "종료됨"),
        _ => ("unknown", "알 수 없음"),
    };
    if lang == "ko" {
        ko
    } else {
        en
    }
}
