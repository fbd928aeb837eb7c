//! Real-time mode: the virtual clock paced against tokio timers, for watching a notebook.
use super::core::{lock, seconds_to_ms, Shared};
use super::error::guarded;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use std::time::Duration;

/// At most this much real time passes between two steps, so progress shows and a
/// cancellation (asyncio task cancel, Jupyter interrupt) takes effect promptly.
const SLICE_MS: f64 = 250.0;

pub fn advance_paced<'py>(py: Python<'py>, cloud: Shared, seconds: f64, speed: f64) -> PyResult<Bound<'py, PyAny>> {
    let span = seconds_to_ms(seconds)?;
    if !(speed.is_finite() && speed > 0.0) {
        return Err(PyValueError::new_err(format!("speed must be a finite number > 0 (virtual seconds per real second), not {speed}")));
    }
    let target = lock(&cloud).now().saturating_add(span);
    pyo3_async_runtimes::tokio::future_into_py(py, async move {
        let mut events = 0usize;
        let mut pos = lock(&cloud).now() as f64;
        loop {
            let (now, next) = {
                let c = lock(&cloud);
                (c.now(), c.world.next_event_at())
            };
            if now >= target {
                break;
            }
            pos = pos.max(now as f64); // another caller may have moved the clock meanwhile
            let step_to = next.unwrap_or(target).clamp(now, target) as f64;
            let real_ms = ((step_to - pos) / speed).clamp(0.0, SLICE_MS);
            if real_ms > 0.0 {
                tokio::time::sleep(Duration::from_secs_f64(real_ms / 1000.0)).await;
            }
            pos = if (step_to - pos) / speed <= SLICE_MS { step_to } else { (pos + real_ms * speed).min(step_to) };
            let until = pos.floor() as u64;
            events += guarded(|| {
                let mut c = lock(&cloud);
                Ok(c.advance_to(until))
            })
            .map_err(|f| Python::attach(|py| f.into_py_err(py)))?;
        }
        Ok(events)
    })
}
