//! Responses straight into Python objects. Like pythonize's serializer, but struct keys are
//! created once per call (a response of 200 instances repeats the same ~100 member names), and
//! a `Timestamp` becomes an aware `datetime` here, during serialisation.
use crate::api::TIMESTAMP_NEWTYPE;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyBytes, PyDateTime, PyDict, PyFloat, PyInt, PyList, PyString, PyTzInfo};
use serde::ser::{self, Serialize};
use std::cell::RefCell;
use std::collections::HashMap;

#[derive(Debug)]
pub struct Error(pub PyErr);

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}
impl std::error::Error for Error {}
impl ser::Error for Error {
    fn custom<T: std::fmt::Display>(msg: T) -> Self {
        Error(pyo3::exceptions::PyValueError::new_err(msg.to_string()))
    }
}
impl From<PyErr> for Error {
    fn from(e: PyErr) -> Self {
        Error(e)
    }
}

/// Member names are `&'static str`s from the derive: the same name is the same pointer, so the
/// cache keys on (pointer, length) with a multiplicative hash instead of hashing the text.
#[derive(Default)]
struct PtrHasher(u64);

impl std::hash::Hasher for PtrHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 ^ *b as u64).wrapping_mul(0x100_0000_01b3);
        }
    }
    fn write_usize(&mut self, n: usize) {
        self.0 = (self.0 ^ n as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
}

type Keys<'py> = RefCell<HashMap<(usize, usize), Bound<'py, PyString>, std::hash::BuildHasherDefault<PtrHasher>>>;

/// Serialises `value` into Python objects.
pub fn to_py<'py, T: Serialize + ?Sized>(py: Python<'py>, value: &T) -> PyResult<Bound<'py, PyAny>> {
    let keys = RefCell::new(HashMap::default());
    value.serialize(ToPy { py, keys: &keys }).map_err(|e| e.0)
}

#[derive(Clone, Copy)]
struct ToPy<'a, 'py> {
    py: Python<'py>,
    keys: &'a Keys<'py>,
}

impl<'py> ToPy<'_, 'py> {
    fn key(&self, k: &'static str) -> Bound<'py, PyString> {
        self.keys.borrow_mut().entry((k.as_ptr() as usize, k.len())).or_insert_with(|| PyString::intern(self.py, k)).clone()
    }
}

type R<'py> = Result<Bound<'py, PyAny>, Error>;

pub struct Seq<'a, 'py> {
    s: ToPy<'a, 'py>,
    items: Vec<Bound<'py, PyAny>>,
}

pub struct Map<'a, 'py> {
    s: ToPy<'a, 'py>,
    dict: Bound<'py, PyDict>,
    key: Option<Bound<'py, PyAny>>,
}

impl<'a, 'py> ser::Serializer for ToPy<'a, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = Error;
    type SerializeSeq = Seq<'a, 'py>;
    type SerializeTuple = Seq<'a, 'py>;
    type SerializeTupleStruct = Seq<'a, 'py>;
    type SerializeTupleVariant = Seq<'a, 'py>;
    type SerializeMap = Map<'a, 'py>;
    type SerializeStruct = Map<'a, 'py>;
    type SerializeStructVariant = Map<'a, 'py>;

    fn serialize_bool(self, v: bool) -> R<'py> {
        Ok(PyBool::new(self.py, v).to_owned().into_any())
    }
    fn serialize_i8(self, v: i8) -> R<'py> {
        self.serialize_i64(v as i64)
    }
    fn serialize_i16(self, v: i16) -> R<'py> {
        self.serialize_i64(v as i64)
    }
    fn serialize_i32(self, v: i32) -> R<'py> {
        self.serialize_i64(v as i64)
    }
    fn serialize_i64(self, v: i64) -> R<'py> {
        Ok(PyInt::new(self.py, v).into_any())
    }
    fn serialize_u8(self, v: u8) -> R<'py> {
        self.serialize_u64(v as u64)
    }
    fn serialize_u16(self, v: u16) -> R<'py> {
        self.serialize_u64(v as u64)
    }
    fn serialize_u32(self, v: u32) -> R<'py> {
        self.serialize_u64(v as u64)
    }
    fn serialize_u64(self, v: u64) -> R<'py> {
        Ok(PyInt::new(self.py, v).into_any())
    }
    fn serialize_f32(self, v: f32) -> R<'py> {
        self.serialize_f64(v as f64)
    }
    fn serialize_f64(self, v: f64) -> R<'py> {
        Ok(PyFloat::new(self.py, v).into_any())
    }
    fn serialize_char(self, v: char) -> R<'py> {
        self.serialize_str(&v.to_string())
    }
    fn serialize_str(self, v: &str) -> R<'py> {
        Ok(PyString::new(self.py, v).into_any())
    }
    fn serialize_bytes(self, v: &[u8]) -> R<'py> {
        Ok(PyBytes::new(self.py, v).into_any())
    }
    fn serialize_none(self) -> R<'py> {
        Ok(self.py.None().into_bound(self.py))
    }
    fn serialize_some<T: Serialize + ?Sized>(self, v: &T) -> R<'py> {
        v.serialize(self)
    }
    fn serialize_unit(self) -> R<'py> {
        self.serialize_none()
    }
    fn serialize_unit_struct(self, _: &'static str) -> R<'py> {
        Ok(PyDict::new(self.py).into_any())
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> R<'py> {
        Ok(self.key(variant).into_any())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, name: &'static str, v: &T) -> R<'py> {
        let out = v.serialize(self)?;
        if name == TIMESTAMP_NEWTYPE {
            return datetime(self.py, &out);
        }
        Ok(out)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(self, _: &'static str, _: u32, variant: &'static str, v: &T) -> R<'py> {
        let d = PyDict::new(self.py);
        d.set_item(self.key(variant), v.serialize(self)?)?;
        Ok(d.into_any())
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<Seq<'a, 'py>, Error> {
        Ok(Seq { s: self, items: Vec::with_capacity(len.unwrap_or(0)) })
    }
    fn serialize_tuple(self, len: usize) -> Result<Seq<'a, 'py>, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<Seq<'a, 'py>, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(self, _: &'static str, _: u32, _: &'static str, len: usize) -> Result<Seq<'a, 'py>, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Map<'a, 'py>, Error> {
        Ok(Map { s: self, dict: PyDict::new(self.py), key: None })
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Map<'a, 'py>, Error> {
        self.serialize_map(None)
    }
    fn serialize_struct_variant(self, _: &'static str, _: u32, _: &'static str, _: usize) -> Result<Map<'a, 'py>, Error> {
        self.serialize_map(None)
    }
}

/// `2025-01-06T09:00:00.000Z` (what `Timestamp` writes) as an aware UTC datetime.
fn datetime<'py>(py: Python<'py>, iso: &Bound<'py, PyAny>) -> R<'py> {
    let s: String = iso.extract()?;
    let n = |a: usize, b: usize| s.get(a..b).and_then(|x| x.parse::<u32>().ok()).ok_or_else(|| <Error as ser::Error>::custom(format!("bad timestamp {s}")));
    let utc = PyTzInfo::utc(py)?;
    let dt = PyDateTime::new(
        py,
        n(0, 4)? as i32,
        n(5, 7)? as u8,
        n(8, 10)? as u8,
        n(11, 13)? as u8,
        n(14, 16)? as u8,
        n(17, 19)? as u8,
        n(20, 23)? * 1000,
        Some(&utc),
    )?;
    Ok(dt.into_any())
}

macro_rules! seq_impl {
    ($t:ident, $f:ident) => {
        impl<'py> ser::$t for Seq<'_, 'py> {
            type Ok = Bound<'py, PyAny>;
            type Error = Error;
            fn $f<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), Error> {
                self.items.push(v.serialize(self.s)?);
                Ok(())
            }
            fn end(self) -> R<'py> {
                Ok(PyList::new(self.s.py, self.items)?.into_any())
            }
        }
    };
}
seq_impl!(SerializeSeq, serialize_element);
seq_impl!(SerializeTuple, serialize_element);
seq_impl!(SerializeTupleStruct, serialize_field);
seq_impl!(SerializeTupleVariant, serialize_field);

impl<'py> ser::SerializeMap for Map<'_, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, k: &T) -> Result<(), Error> {
        self.key = Some(k.serialize(self.s)?);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), Error> {
        let k = self.key.take().ok_or_else(|| <Error as ser::Error>::custom("map value without a key"))?;
        self.dict.set_item(k, v.serialize(self.s)?)?;
        Ok(())
    }
    fn end(self) -> R<'py> {
        Ok(self.dict.into_any())
    }
}

macro_rules! struct_impl {
    ($t:ident) => {
        impl<'py> ser::$t for Map<'_, 'py> {
            type Ok = Bound<'py, PyAny>;
            type Error = Error;
            fn serialize_field<T: Serialize + ?Sized>(&mut self, k: &'static str, v: &T) -> Result<(), Error> {
                self.dict.set_item(self.s.key(k), v.serialize(self.s)?)?;
                Ok(())
            }
            fn end(self) -> R<'py> {
                Ok(self.dict.into_any())
            }
        }
    };
}
struct_impl!(SerializeStruct);
struct_impl!(SerializeStructVariant);
