//! CloudWatch's evaluation rules, table-driven: the two tables of CW:AlarmThatSendsEmail
//! ("How alarm state is evaluated when data is missing": 3 of 3 and 2 of 3, evaluation range 5)
//! for every TreatMissingData value, plus M-of-N cases with full data.
use ec2lab::alarms::evaluate::{decide, evaluation_range};
use ec2lab::alarms::{Comparison, State, TreatMissing};

/// `0 - X - X` → the range: 0 = within threshold (value 1), X = breaching (value 9), - = missing.
fn range(s: &str) -> Vec<Option<f64>> {
    s.split_whitespace()
        .map(|c| match c {
            "0" => Some(1.0),
            "X" => Some(9.0),
            "-" => None,
            _ => panic!("bad cell {c}"),
        })
        .collect()
}

/// None = "Retain current state".
fn state(s: &str) -> Option<State> {
    match s {
        "OK" => Some(State::Ok),
        "ALARM" => Some(State::Alarm),
        "INSUFFICIENT" => Some(State::InsufficientData),
        "RETAIN" => None,
        _ => panic!("bad state {s}"),
    }
}

/// Rows: data points, then the state for MISSING, IGNORE, BREACHING, NOT BREACHING.
fn check(m: usize, n: usize, rows: &[(&str, [&str; 4])]) {
    let treats = [TreatMissing::Missing, TreatMissing::Ignore, TreatMissing::Breaching, TreatMissing::NotBreaching];
    for (points, expected) in rows {
        for (t, e) in treats.iter().zip(expected) {
            let d = decide(&range(points), n, m, Comparison::GreaterThanThreshold, 5.0, *t);
            assert_eq!(d.state, state(e), "{m} of {n}, '{points}', {t:?}: {d:?}");
            assert_eq!(d.evaluated.len(), n, "always N evaluated points");
        }
    }
}

#[test]
fn docs_table_3_of_3() {
    check(
        3,
        3,
        &[
            ("0 - X - X", ["OK", "OK", "OK", "OK"]),
            ("0 - - - -", ["OK", "OK", "OK", "OK"]),
            ("- - - - -", ["INSUFFICIENT", "RETAIN", "ALARM", "OK"]),
            ("0 X X - X", ["ALARM", "ALARM", "ALARM", "ALARM"]),
            ("- - - - X", ["INSUFFICIENT", "RETAIN", "ALARM", "OK"]),
            ("X - - - -", ["ALARM", "RETAIN", "ALARM", "OK"]),
        ],
    );
}

#[test]
fn docs_table_2_of_3() {
    check(
        2,
        3,
        &[
            ("0 - X - X", ["ALARM", "ALARM", "ALARM", "ALARM"]),
            ("0 0 X 0 X", ["ALARM", "ALARM", "ALARM", "ALARM"]),
            ("0 - X - -", ["OK", "OK", "ALARM", "OK"]),
            ("- - - - 0", ["OK", "OK", "ALARM", "OK"]),
            ("- - - - X", ["INSUFFICIENT", "RETAIN", "ALARM", "OK"]),
        ],
    );
}

#[test]
fn full_data_m_of_n() {
    // With every period present TreatMissingData never matters: the newest N decide.
    check(1, 1, &[("0 0 X", ["ALARM", "ALARM", "ALARM", "ALARM"]), ("X X 0", ["OK", "OK", "OK", "OK"])]);
    check(
        3,
        5,
        &[("X X X 0 0 0 0", ["OK", "OK", "OK", "OK"]), ("0 0 X 0 X 0 X", ["ALARM", "ALARM", "ALARM", "ALARM"]), ("X X 0 0 X X 0", ["OK", "OK", "OK", "OK"])],
    );
    check(2, 2, &[("X X X 0", ["OK", "OK", "OK", "OK"]), ("0 0 X X", ["ALARM", "ALARM", "ALARM", "ALARM"])]);
}

#[test]
fn comparison_operators_at_the_threshold() {
    let at = [Some(5.0)];
    let d = |c| decide(&at, 1, 1, c, 5.0, TreatMissing::Missing).state;
    assert_eq!(d(Comparison::GreaterThanOrEqualToThreshold), Some(State::Alarm));
    assert_eq!(d(Comparison::GreaterThanThreshold), Some(State::Ok));
    assert_eq!(d(Comparison::LessThanOrEqualToThreshold), Some(State::Alarm));
    assert_eq!(d(Comparison::LessThanThreshold), Some(State::Ok));
}

#[test]
fn evaluation_range_is_n_plus_two() {
    assert_eq!(evaluation_range(3), 5, "the docs' example: 5 points for N = 3");
    assert_eq!(evaluation_range(1), 3);
}
