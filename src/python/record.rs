//! Saving and replaying recordings from Python (`Cloud.save` / `Cloud.load`); the rules are in
//! `src/record`.
use super::error::{guarded, Failure};
use crate::record::{self, ReplayError as Refusal};
use crate::Cloud;
use pyo3::prelude::*;

pyo3::create_exception!(
    ec2lab._core,
    ReplayError,
    pyo3::exceptions::PyValueError,
    "A recording that does not replay to what it says. Attributes: entry (1-based, or None for the file as a whole), entries (how many the file has), subject, expected, got, reason."
);

fn refused(py: Python<'_>, e: &Refusal) -> PyErr {
    let err = PyErr::new::<ReplayError, _>(e.to_string());
    let value = err.value(py);
    let texts = [("subject", &e.subject), ("expected", &e.expected), ("got", &e.got), ("reason", &e.reason)];
    let mut result = value.setattr("entry", e.entry).and_then(|_| value.setattr("entries", e.entries));
    for (name, text) in texts {
        result = result.and_then(|_| value.setattr(name, text.as_str()));
    }
    match result {
        Ok(()) => err,
        Err(e) => e,
    }
}

/// The recording as JSON text.
pub fn save(cloud: &Cloud, region: &str) -> String {
    serde_json::to_string(&cloud.recording(region)).expect("a recording always serialises")
}

/// Parses and replays `text` without the GIL: the replayed cloud and its default region.
pub fn load(py: Python<'_>, text: String, expected_seed: Option<u64>) -> PyResult<(Cloud, String)> {
    let outcome = py.detach(move || guarded(|| Ok(record::load(&text, expected_seed).map(|(cloud, rec)| (cloud, rec.region)))));
    match outcome.map_err(|f: Failure| f.into_py_err(py))? {
        Ok(done) => Ok(done),
        Err(e) => Err(refused(py, &e)),
    }
}
