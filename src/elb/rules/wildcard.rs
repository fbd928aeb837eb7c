//! The `*` (zero or more characters) and `?` (exactly one character) wildcards of rule
//! conditions. A linear-time glob with one backtracking point (no regex, no allocation): rule
//! evaluation runs for every request, so this is the hot loop.

/// Whether `text` matches `pattern`. `ci`: ASCII case-insensitive (hosts, headers, query);
/// `escapes`: `\*`, `\?` and `\\` stand for the literal character (query-string values).
pub fn matches(pattern: &str, text: &str, ci: bool, escapes: bool) -> bool {
    let (p, t) = (pattern.as_bytes(), text.as_bytes());
    let eq = |a: u8, b: u8| a == b || ci && a.eq_ignore_ascii_case(&b);
    let (mut pi, mut ti) = (0usize, 0usize);
    // Where to resume after the last `*`: (pattern index after it, text index it covers up to).
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() {
            match p[pi] {
                b'*' => {
                    pi += 1;
                    star = Some((pi, ti));
                    continue;
                }
                b'?' => {
                    pi += 1;
                    ti += char_len(t[ti]);
                    continue;
                }
                b'\\' if escapes && pi + 1 < p.len() => {
                    if eq(p[pi + 1], t[ti]) {
                        pi += 2;
                        ti += 1;
                        continue;
                    }
                }
                c => {
                    if eq(c, t[ti]) {
                        pi += 1;
                        ti += 1;
                        continue;
                    }
                }
            }
        }
        // Mismatch: let the last `*` swallow one more character, or fail.
        match star {
            Some((sp, st)) if st < t.len() => {
                let next = st + char_len(t[st]);
                star = Some((sp, next));
                pi = sp;
                ti = next;
            }
            _ => return false,
        }
    }
    while pi < p.len() && p[pi] == b'*' {
        pi += 1;
    }
    pi == p.len()
}

/// The length of the UTF-8 character starting with this byte (1 for a continuation byte,
/// which only a malformed position could give).
#[inline]
fn char_len(b: u8) -> usize {
    match b {
        0xF0..=0xFF => 4,
        0xE0..=0xEF => 3,
        0xC0..=0xDF => 2,
        _ => 1,
    }
}

/// How many wildcards a value holds (escaped ones are literal and do not count).
pub fn count(value: &str, escapes: bool) -> usize {
    let mut n = 0;
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' if escapes => {
                chars.next();
            }
            '*' | '?' => n += 1,
            _ => {}
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::matches;

    #[test]
    fn star_and_question_mark() {
        assert!(matches("/books/*", "/books/", false, false));
        assert!(matches("/books/*", "/books/x/y", false, false));
        assert!(!matches("/books/*", "/books", false, false));
        assert!(matches("/b?oks", "/books", false, false));
        assert!(!matches("/b?oks", "/boks", false, false));
        assert!(matches("*", "", false, false));
        assert!(!matches("?", "", false, false));
        assert!(matches("a*b*c", "aXXbYYbc", false, false));
        assert!(matches("?", "é", false, false));
        assert!(matches("\\*", "*", false, true));
        assert!(!matches("\\*", "x", false, true));
        assert!(matches("WWW.*.COM", "www.example.com", true, false));
        assert!(!matches("WWW.*.COM", "www.example.com", false, false));
    }
}
