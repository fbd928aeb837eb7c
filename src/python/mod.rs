//! The extension module `ec2lab._core`: thin conversion between Python and the one door
//! (`Cloud::call`). No rules live here; see `python/ec2lab/` for the Python surfaces.
mod apps;
mod core;
mod error;
mod http_front;
mod pace;
mod paths;
mod record;
mod to_py;
mod upstream;

use pyo3::prelude::*;

#[pymodule]
fn _core(m: &Bound<'_, PyModule>) -> PyResult<()> {
    error::install_quiet_panic_hook();
    // One small runtime for real-time pacing: sleeping needs no more than a thread.
    let mut rt = tokio::runtime::Builder::new_multi_thread();
    rt.worker_threads(1).enable_time();
    pyo3_async_runtimes::tokio::init(rt);

    m.add_class::<core::Core>()?;
    m.add_class::<apps::AppRequest>()?;
    m.add_class::<http_front::HttpFront>()?;
    m.add("CoreError", m.py().get_type::<error::CoreError>())?;
    m.add("ReplayError", m.py().get_type::<record::ReplayError>())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_function(wrap_pyfunction!(paths::encode_input_blobs, m)?)?;
    m.add_function(wrap_pyfunction!(paths::decode_output, m)?)?;
    Ok(())
}
