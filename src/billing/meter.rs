//! How a stretch of usage turns into billed time: per second with AWS's 60-second minimum per
//! start (Linux/Windows instances, EBS volumes), by the started hour (SUSE instances; load
//! balancers, "each hour or partial hour"), or plainly per second (public IPv4 addresses).
//! `billed(t)` is the billed time from the start up to instant `t`: monotone in `t`, so the
//! usage of any window `[a, b)` is `billed(b) - billed(a)` and windows add up.
use crate::sim::Millis;

pub const SECOND: Millis = 1_000;
pub const MINUTE: Millis = 60_000;
pub const HOUR: Millis = 3_600_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rounding {
    /// Per second (partial seconds round up), at least 60 s for each start (aws-facts §11).
    PerSecondMin60,
    /// Each started hour counts as a whole hour.
    Hourly,
    /// Per second, no minimum.
    PerSecond,
}

/// One billable stretch `[start, end)`; `end` None while it is still going.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Meter {
    pub start: Millis,
    pub end: Option<Millis>,
    pub rounding: Rounding,
}

impl Meter {
    pub fn new(start: Millis, end: Option<Millis>, rounding: Rounding) -> Meter {
        Meter { start, end: end.map(|e| e.max(start)), rounding }
    }

    /// Billed milliseconds from the start up to `t`. The minimum (or the whole started hour) is
    /// due the moment the stretch starts.
    pub fn billed(&self, t: Millis) -> Millis {
        if t <= self.start {
            return 0;
        }
        let used = self.end.map_or(t, |e| t.min(e)) - self.start;
        let secs = used.div_ceil(SECOND) * SECOND;
        match self.rounding {
            Rounding::PerSecondMin60 => secs.max(MINUTE),
            Rounding::PerSecond => secs,
            Rounding::Hourly => used.div_ceil(HOUR).max(1) * HOUR,
        }
    }

    /// Billed milliseconds within `[a, b)`.
    pub fn between(&self, a: Millis, b: Millis) -> Millis {
        if b <= a {
            return 0;
        }
        self.billed(b) - self.billed(a)
    }
}

/// Calendar months (UTC) overlapping `[a, b)`, as `[start, end)` pairs.
pub fn months(a: Millis, b: Millis) -> Vec<(Millis, Millis)> {
    let mut out = Vec::new();
    let mut m = month_start(a);
    while m < b {
        let next = next_month(m);
        out.push((m, next));
        m = next;
    }
    out
}

/// Milliseconds in the calendar month starting at `m0`.
pub fn month_len(m0: Millis) -> Millis {
    next_month(m0) - m0
}

pub fn month_start(t: Millis) -> Millis {
    let (y, m, _) = civil_date((t / 86_400_000) as i64);
    days_from_civil(y, m, 1) as Millis * 86_400_000
}

fn next_month(m0: Millis) -> Millis {
    let (y, m, _) = civil_date((m0 / 86_400_000) as i64);
    let (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    days_from_civil(y, m, 1) as Millis * 86_400_000
}

/// Howard Hinnant's days_from_civil.
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m as i64 + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_date(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + if m <= 2 { 1 } else { 0 }, m, d)
}

/// Clock hours (UTC) overlapping `[a, b)`.
pub fn hours(a: Millis, b: Millis) -> impl Iterator<Item = Millis> {
    let first = a / HOUR * HOUR;
    (0..).map(move |k| first + k * HOUR).take_while(move |h| *h < b)
}

#[cfg(test)]
mod tests {
    use super::*;
    const T0: Millis = crate::sim::clock::DEFAULT_START;

    #[test]
    fn twenty_seconds_cost_a_minute_and_three_forty_costs_exactly_that() {
        let m = Meter::new(T0, Some(T0 + 20 * SECOND), Rounding::PerSecondMin60);
        assert_eq!(m.billed(T0 + HOUR), MINUTE);
        let m = Meter::new(T0, Some(T0 + 220 * SECOND), Rounding::PerSecondMin60);
        assert_eq!(m.billed(T0 + HOUR), 220 * SECOND);
        let m = Meter::new(T0, Some(T0 + 61 * MINUTE), Rounding::Hourly);
        assert_eq!(m.billed(T0 + 3 * HOUR), 2 * HOUR);
    }

    #[test]
    fn calendar_months() {
        // 2025-01-06 09:00 → January 2025 has 31 days, February 28.
        let ms = months(T0, T0 + 40 * 86_400_000);
        assert_eq!(ms.len(), 2);
        assert_eq!(month_len(ms[0].0), 31 * 86_400_000);
        assert_eq!(month_len(ms[1].0), 28 * 86_400_000);
        assert_eq!(crate::sim::clock::iso8601(ms[1].0), "2025-02-01T00:00:00.000Z");
    }
}
