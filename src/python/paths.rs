//! Where boto3 hands out `datetime` and `bytes`: the bindings follow the dotted member paths
//! of the service model (`[]` a list level, `{}` a map level) generated into `shapes.json`.
use crate::api::shapes;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyByteArray, PyBytes, PyDateTime, PyDict, PyList, PyString, PyTuple, PyTzInfo};

/// Input: blob members given as `bytes` or `str` are sent base64-encoded, as botocore does.
/// Containers on a path are copied, never changed, so the caller's objects stay as they were.
pub fn encode_blobs<'py>(params: &Bound<'py, PyAny>, paths: &[String]) -> PyResult<Bound<'py, PyAny>> {
    let mut out = params.clone();
    for path in paths {
        let segs: Vec<&str> = path.split('.').collect();
        if let Some(new) = encode_at(&out, &segs)? {
            out = new;
        }
    }
    Ok(out)
}

fn encode_at<'py>(obj: &Bound<'py, PyAny>, segs: &[&str]) -> PyResult<Option<Bound<'py, PyAny>>> {
    let (seg, rest) = match segs.split_first() {
        Some(x) => x,
        None => return encode_leaf(obj),
    };
    match *seg {
        "[]" => {
            let items: Vec<Bound<'py, PyAny>> = if let Ok(l) = obj.cast::<PyList>() {
                l.iter().collect()
            } else if let Ok(t) = obj.cast::<PyTuple>() {
                t.iter().collect()
            } else {
                return Ok(None);
            };
            let mut changed = false;
            let mut new_items = Vec::with_capacity(items.len());
            for item in items {
                match encode_at(&item, rest)? {
                    Some(n) => {
                        changed = true;
                        new_items.push(n)
                    }
                    None => new_items.push(item),
                }
            }
            Ok(if changed { Some(PyList::new(obj.py(), new_items)?.into_any()) } else { None })
        }
        "{}" => {
            let Ok(d) = obj.cast::<PyDict>() else { return Ok(None) };
            let mut copy: Option<Bound<'py, PyDict>> = None;
            for (k, v) in d.iter() {
                if let Some(n) = encode_at(&v, rest)? {
                    copy.get_or_insert_with(|| d.copy().expect("dict copy")).set_item(k, n)?;
                }
            }
            Ok(copy.map(Bound::into_any))
        }
        key => {
            let Ok(d) = obj.cast::<PyDict>() else { return Ok(None) };
            let Some(v) = d.get_item(key)? else { return Ok(None) };
            match encode_at(&v, rest)? {
                Some(n) => {
                    let copy = d.copy()?;
                    copy.set_item(key, n)?;
                    Ok(Some(copy.into_any()))
                }
                None => Ok(None),
            }
        }
    }
}

fn encode_leaf<'py>(v: &Bound<'py, PyAny>) -> PyResult<Option<Bound<'py, PyAny>>> {
    let py = v.py();
    let raw: Bound<'py, PyAny> = if v.is_instance_of::<PyBytes>() || v.is_instance_of::<PyByteArray>() {
        v.clone()
    } else if let Ok(s) = v.cast::<PyString>() {
        s.call_method1("encode", ("utf-8",))?
    } else {
        return Ok(None); // any other type is refused by the core's validation, with botocore's message
    };
    let b64 = binascii(py)?.call_method1("b2a_base64", (raw,))?;
    let text = b64.call_method1("decode", ("ascii",))?.call_method0("strip")?;
    Ok(Some(text))
}

/// Output: ISO-8601 strings at timestamp paths become aware UTC datetimes; base64 strings at
/// blob paths become bytes. Changes `obj` (a fresh response) in place.
pub fn decode(obj: &Bound<'_, PyAny>, ts: &[String], blob: &[String]) -> PyResult<()> {
    for path in ts {
        let segs: Vec<&str> = path.split('.').collect();
        rewrite(obj, &segs, &to_datetime)?;
    }
    for path in blob {
        let segs: Vec<&str> = path.split('.').collect();
        rewrite(obj, &segs, &to_bytes)?;
    }
    Ok(())
}

type Leaf<'a> = dyn for<'py> Fn(&Bound<'py, PyAny>) -> PyResult<Option<Bound<'py, PyAny>>> + 'a;

/// Applies `leaf` to every value at `segs` below the container `obj`.
fn rewrite(obj: &Bound<'_, PyAny>, segs: &[&str], leaf: &Leaf<'_>) -> PyResult<()> {
    let Some((seg, rest)) = segs.split_first() else { return Ok(()) };
    match *seg {
        "[]" => {
            let Ok(list) = obj.cast::<PyList>() else { return Ok(()) };
            for i in 0..list.len() {
                let item = list.get_item(i)?;
                if rest.is_empty() {
                    if let Some(n) = leaf(&item)? {
                        list.set_item(i, n)?;
                    }
                } else {
                    rewrite(&item, rest, leaf)?;
                }
            }
        }
        "{}" => {
            let Ok(d) = obj.cast::<PyDict>() else { return Ok(()) };
            let pairs: Vec<_> = d.iter().collect();
            for (k, v) in pairs {
                if rest.is_empty() {
                    if let Some(n) = leaf(&v)? {
                        d.set_item(k, n)?;
                    }
                } else {
                    rewrite(&v, rest, leaf)?;
                }
            }
        }
        key => {
            let Ok(d) = obj.cast::<PyDict>() else { return Ok(()) };
            let Some(v) = d.get_item(key)? else { return Ok(()) };
            if rest.is_empty() {
                if let Some(n) = leaf(&v)? {
                    d.set_item(key, n)?;
                }
            } else {
                rewrite(&v, rest, leaf)?;
            }
        }
    }
    Ok(())
}

fn to_datetime<'py>(v: &Bound<'py, PyAny>) -> PyResult<Option<Bound<'py, PyAny>>> {
    let Ok(s) = v.cast::<PyString>() else { return Ok(None) };
    let s = s.to_cow()?;
    let Some(p) = parse_iso8601(&s) else { return Ok(None) };
    let py = v.py();
    let utc = PyTzInfo::utc(py)?;
    let dt = PyDateTime::new(py, p.0, p.1, p.2, p.3, p.4, p.5, p.6, Some(&utc))?;
    Ok(Some(dt.into_any()))
}

fn to_bytes<'py>(v: &Bound<'py, PyAny>) -> PyResult<Option<Bound<'py, PyAny>>> {
    if !v.is_instance_of::<PyString>() {
        return Ok(None);
    }
    Ok(Some(binascii(v.py())?.call_method1("a2b_base64", (v,))?))
}

/// `2025-01-06T09:00:00.000Z` (fraction optional) -> (year, month, day, hour, minute, second, µs).
fn parse_iso8601(s: &str) -> Option<(i32, u8, u8, u8, u8, u8, u32)> {
    let b = s.as_bytes();
    if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || b[10] != b'T' || b[13] != b':' || b[16] != b':' || !s.ends_with('Z') {
        return None;
    }
    let num = |a: usize, z: usize| s.get(a..z)?.parse::<u32>().ok();
    let frac = &s[19..s.len() - 1];
    let micros = if frac.is_empty() {
        0
    } else {
        let digits = frac.strip_prefix('.')?;
        if digits.is_empty() || digits.len() > 9 || !digits.bytes().all(|c| c.is_ascii_digit()) {
            return None;
        }
        let padded = format!("{digits:0<6}");
        padded[..6].parse::<u32>().ok()?
    };
    Some((num(0, 4)? as i32, num(5, 7)? as u8, num(8, 10)? as u8, num(11, 13)? as u8, num(14, 16)? as u8, num(17, 19)? as u8, micros))
}

fn binascii(py: Python<'_>) -> PyResult<&Bound<'_, PyModule>> {
    static MODULE: PyOnceLock<Py<PyModule>> = PyOnceLock::new();
    MODULE.get_or_try_init(py, || Ok::<_, PyErr>(py.import("binascii")?.unbind())).map(|m| m.bind(py))
}

/// For tests of the bindings: `encode_blobs` for one operation's input.
#[pyfunction]
pub fn encode_input_blobs<'py>(service: &str, operation: &str, params: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    match shapes::operation(service, operation) {
        Some(s) => encode_blobs(params, &s.in_blob),
        None => Ok(params.clone()),
    }
}

/// For tests of the bindings: `decode` for one operation's output (changes `response` in place).
#[pyfunction]
pub fn decode_output<'py>(service: &str, operation: &str, response: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    if let Some(s) = shapes::operation(service, operation) {
        decode(response, &s.ts, &s.blob)?;
    }
    Ok(response.clone())
}

#[cfg(test)]
mod tests {
    use super::parse_iso8601;
    #[test]
    fn parses_the_wire_form() {
        assert_eq!(parse_iso8601("2025-01-06T09:00:00.000Z"), Some((2025, 1, 6, 9, 0, 0, 0)));
        assert_eq!(parse_iso8601("2025-01-06T09:00:01.5Z"), Some((2025, 1, 6, 9, 0, 1, 500_000)));
        assert_eq!(parse_iso8601("2025-01-06T09:00:01Z"), Some((2025, 1, 6, 9, 0, 1, 0)));
        assert_eq!(parse_iso8601("not a time"), None);
    }
}
