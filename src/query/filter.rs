use crate::error::ApiError;
use crate::tags::Tags;

/// One `Filters` entry: a name and the values of which any may match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filter {
    pub name: String,
    pub values: Vec<String>,
}

/// A resource that answers filter names with its values; `None` means the filter name is unknown.
pub trait FilterValues {
    /// Every filter name the resource answers, so that an unknown name is refused even when
    /// there is nothing to filter (a test per resource checks the list against `filter_values`).
    const NAMES: &'static [&'static str] = &[];
    fn filter_values(&self, name: &str) -> Option<Vec<String>>;
    fn tags(&self) -> Option<&Tags> {
        None
    }
}

/// EC2 filter wildcards: `*` any run of characters, `?` exactly one; `\` escapes. Case-sensitive.
pub fn wildcard_match(pattern: &str, value: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let v: Vec<char> = value.chars().collect();
    fn go(p: &[char], v: &[char]) -> bool {
        match p.first() {
            None => v.is_empty(),
            Some('*') => (0..=v.len()).any(|i| go(&p[1..], &v[i..])),
            Some('?') => !v.is_empty() && go(&p[1..], &v[1..]),
            Some('\\') if p.len() > 1 => v.first() == Some(&p[1]) && go(&p[2..], &v[1..]),
            Some(c) => v.first() == Some(c) && go(&p[1..], &v[1..]),
        }
    }
    go(&p, &v)
}

/// All filters must match (AND); within a filter any value may match (OR).
pub fn matches<T: FilterValues>(filters: &[Filter], item: &T) -> Result<bool, ApiError> {
    for f in filters {
        let have: Vec<String> = if let Some(key) = f.name.strip_prefix("tag:") {
            item.tags().and_then(|t| t.get(key).cloned()).into_iter().collect()
        } else if f.name == "tag-key" {
            item.tags().map(|t| t.keys().cloned().collect()).unwrap_or_default()
        } else if f.name == "tag-value" {
            item.tags().map(|t| t.values().cloned().collect()).unwrap_or_default()
        } else {
            item.filter_values(&f.name).ok_or_else(|| unknown_filter(&f.name))?
        };
        if !f.values.iter().any(|want| have.iter().any(|h| wildcard_match(want, h))) {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Refuses filter names the resource does not know, before looking at any resource.
pub fn check_names<T: FilterValues>(filters: &[Filter]) -> Result<(), ApiError> {
    for f in filters {
        let tag = f.name.starts_with("tag:") || f.name == "tag-key" || f.name == "tag-value";
        if !T::NAMES.is_empty() && !tag && !T::NAMES.contains(&f.name.as_str()) {
            return Err(unknown_filter(&f.name));
        }
    }
    Ok(())
}

pub fn unknown_filter(name: &str) -> ApiError {
    ApiError::new("InvalidParameterValue", format!("The filter '{name}' is invalid")).hint(
        "This filter name is not supported by this Describe call; see the operation's documented filter names.",
        "이 Describe 호출은 해당 필터 이름을 지원하지 않습니다. 문서에 나온 필터 이름을 확인하세요.",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn wildcards() {
        assert!(wildcard_match("t2.*", "t2.micro"));
        assert!(wildcard_match("t?.micro", "t3.micro"));
        assert!(!wildcard_match("t2.*", "t3.micro"));
        assert!(wildcard_match("a\\*", "a*"));
        assert!(!wildcard_match("a\\*", "ab"));
        assert!(!wildcard_match("T2.micro", "t2.micro"));
    }
}
