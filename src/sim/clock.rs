/// Virtual milliseconds since the Unix epoch.
pub type Millis = u64;

/// Where every new cloud's clock starts: 2025-01-06T09:00:00Z (a Monday morning, so a
/// "weekend left running" is easy to show). Fixed so that the same seed gives the same timestamps.
pub const DEFAULT_START: Millis = 1_736_154_000_000;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clock {
    now: Millis,
}

impl Clock {
    pub fn new(start: Millis) -> Self {
        Clock { now: start }
    }
    pub fn now(&self) -> Millis {
        self.now
    }
    /// Time only moves forward; the event loop is the only caller.
    pub(crate) fn set(&mut self, at: Millis) {
        debug_assert!(at >= self.now, "virtual time never goes back");
        self.now = self.now.max(at);
    }
}

impl Default for Clock {
    fn default() -> Self {
        Clock::new(DEFAULT_START)
    }
}

/// `2025-01-06T09:00:00.000Z`, the form AWS puts on the wire.
pub fn iso8601(ms: Millis) -> String {
    let (y, mo, d, h, mi, s) = civil(ms / 1000);
    format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}.{:03}Z", ms % 1000)
}

/// `2025-01-06 09:00:00 GMT`, the form of StateTransitionReason.
pub fn gmt(ms: Millis) -> String {
    let (y, mo, d, h, mi, s) = civil(ms / 1000);
    format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02} GMT")
}

/// Days-from-civil inverse (Howard Hinnant's algorithm), valid for every date we use.
fn civil(secs: u64) -> (i64, u32, u32, u32, u32, u32) {
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + if m <= 2 { 1 } else { 0 };
    (y, m, d, (rem / 3600) as u32, (rem % 3600 / 60) as u32, (rem % 60) as u32)
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn formats_the_default_start() {
        assert_eq!(iso8601(DEFAULT_START), "2025-01-06T09:00:00.000Z");
        assert_eq!(gmt(DEFAULT_START + 61_500), "2025-01-06 09:01:01 GMT");
        assert_eq!(iso8601(951_782_400_000), "2000-02-29T00:00:00.000Z");
    }
}
