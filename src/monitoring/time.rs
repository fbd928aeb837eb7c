//! Timestamps in requests: ISO-8601 (what the Python client sends for a `datetime`) or epoch
//! seconds (what botocore accepts as a number).
use crate::error::ApiError;
use crate::sim::Millis;
use serde::{Deserialize, Deserializer};

/// A timestamp member of a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeIn(pub Millis);

impl<'de> Deserialize<'de> for TimeIn {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            N(f64),
            S(String),
        }
        match Raw::deserialize(d)? {
            Raw::N(x) if x.is_finite() && (0.0..=253_402_300_799.0).contains(&x) => Ok(TimeIn((x * 1000.0).round() as Millis)),
            Raw::S(s) => parse_iso(&s).map(TimeIn).ok_or_else(|| serde::de::Error::custom(format!("invalid value: timestamp '{s}'"))),
            _ => Err(serde::de::Error::custom("invalid value: timestamp")),
        }
    }
}

/// `2025-01-06T09:00:00Z`, with optional fraction and `+00:00`/`+HH:MM` offset, or a date-only form.
pub fn parse_iso(s: &str) -> Option<Millis> {
    let s = s.trim();
    if let Ok(x) = s.parse::<f64>() {
        return (x.is_finite() && (0.0..=253_402_300_799.0).contains(&x)).then(|| (x * 1000.0).round() as Millis);
    }
    let (date, rest) = s.split_once(['T', ' ']).unwrap_or((s, "00:00:00Z"));
    let mut d = date.split('-');
    let (y, mo, da): (i64, u32, u32) = (d.next()?.parse().ok()?, d.next()?.parse().ok()?, d.next()?.parse().ok()?);
    if d.next().is_some() || !(1..=12).contains(&mo) || !(1..=31).contains(&da) || !(1970..=9999).contains(&y) {
        return None;
    }
    // Split off the zone.
    let (clock, offset_min): (&str, i64) = if let Some(c) = rest.strip_suffix('Z').or_else(|| rest.strip_suffix('z')) {
        (c, 0)
    } else if let Some(i) = rest.rfind(['+', '-']) {
        let (c, z) = rest.split_at(i);
        let sign = if z.starts_with('-') { -1 } else { 1 };
        let z = &z[1..];
        let (h, m) = z.split_once(':').unwrap_or((z.get(..2)?, z.get(2..).filter(|m| !m.is_empty()).unwrap_or("0")));
        let (h, m): (i64, i64) = (h.parse().ok()?, m.parse().ok()?);
        if !(0..=23).contains(&h) || !(0..=59).contains(&m) {
            return None;
        }
        (c, sign * (h * 60 + m))
    } else {
        (rest, 0)
    };
    let mut c = clock.split(':');
    let h: i64 = c.next()?.parse().ok()?;
    let mi: i64 = c.next().unwrap_or("0").parse().ok()?;
    let sec: f64 = c.next().unwrap_or("0").parse().ok()?;
    if h > 23 || mi > 59 || !(0.0..61.0).contains(&sec) {
        return None;
    }
    let days = days_from_civil(y, mo, da);
    let ms = (days * 86_400 + h * 3600 + mi * 60 - offset_min * 60) * 1000 + (sec * 1000.0).round() as i64;
    (ms >= 0).then_some(ms as Millis)
}

fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m as i64 + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

pub fn require(t: Option<TimeIn>, name: &str) -> Result<Millis, ApiError> {
    t.map(|t| t.0).ok_or_else(|| ApiError::param_validation(format!("Parameter validation failed:\nMissing required parameter in input: \"{name}\"")))
}

#[cfg(test)]
mod tests {
    use super::parse_iso;
    use crate::sim::clock::iso8601;

    #[test]
    fn round_trips_the_wire_form_and_offsets() {
        let t = 1_736_154_000_000;
        assert_eq!(parse_iso(&iso8601(t)), Some(t));
        assert_eq!(parse_iso("2025-01-06T09:00:00+00:00"), Some(t));
        assert_eq!(parse_iso("2025-01-06T18:00:00+09:00"), Some(t));
        assert_eq!(parse_iso("2025-01-06 09:00:00"), Some(t));
        assert_eq!(parse_iso("1736154000"), Some(t));
        assert_eq!(parse_iso("2025-13-06T09:00:00Z"), None);
    }
}
