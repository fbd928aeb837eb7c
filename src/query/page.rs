use crate::error::ApiError;

pub struct Page<T> {
    pub items: Vec<T>,
    pub next_token: Option<String>,
}

/// Slices `items` after `next_token`; the token is opaque to callers and says where the next page starts.
pub fn paginate<T>(items: Vec<T>, max_results: Option<i64>, next_token: Option<&str>, bounds: (i64, i64)) -> Result<Page<T>, ApiError> {
    let start = match next_token {
        None => 0,
        Some(t) => decode(t).ok_or_else(|| {
            ApiError::new("InvalidParameterValue", format!("Invalid value '{t}' for NextToken"))
                .hint("Pass back exactly the NextToken the previous page returned.", "이전 페이지가 돌려준 NextToken을 그대로 넘기세요.")
        })?,
    };
    if let Some(m) = max_results {
        if m < bounds.0 || m > bounds.1 {
            return Err(ApiError::new(
                "InvalidParameterValue",
                format!("Value ( {m} ) for parameter maxResults is invalid. Expecting a value between {} and {}.", bounds.0, bounds.1),
            )
            .hint(format!("MaxResults must be between {} and {}.", bounds.0, bounds.1), format!("MaxResults는 {}~{} 사이여야 합니다.", bounds.0, bounds.1)));
        }
    }
    let total = items.len();
    let take = max_results.map(|m| m as usize).unwrap_or(usize::MAX);
    let items: Vec<T> = items.into_iter().skip(start).take(take).collect();
    let end = start + items.len();
    let next_token = if max_results.is_some() && end < total { Some(encode(end)) } else { None };
    Ok(Page { items, next_token })
}

fn encode(offset: usize) -> String {
    format!("eyJvZmZzZXQiOi{offset:08x}")
}

fn decode(token: &str) -> Option<usize> {
    usize::from_str_radix(token.strip_prefix("eyJvZmZzZXQiOi")?, 16).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn pages_through() {
        let p = paginate((0..7).collect(), Some(5), None, (5, 1000)).unwrap();
        assert_eq!(p.items, vec![0, 1, 2, 3, 4]);
        let p2 = paginate((0..7).collect(), Some(5), p.next_token.as_deref(), (5, 1000)).unwrap();
        assert_eq!(p2.items, vec![5, 6]);
        assert!(p2.next_token.is_none());
        assert!(paginate((0..7).collect::<Vec<_>>(), Some(4), None, (5, 1000)).is_err());
        assert!(paginate((0..7).collect::<Vec<_>>(), None, Some("nope"), (5, 1000)).is_err());
    }
}
