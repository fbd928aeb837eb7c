//! A value that knows when it may have changed: every mutable borrow gives it a new version, so
//! a cache keyed on the version can never serve a stale answer (it may miss more than needed).
use std::fmt;
use std::ops::{Deref, DerefMut};
use std::sync::atomic::{AtomicU64, Ordering};

/// Versions come from one process-wide counter: a value replaced wholesale, or a world cloned
/// and changed on both sides, never repeats a version a cache has seen.
static NEXT: AtomicU64 = AtomicU64::new(1);

fn next() -> u64 {
    NEXT.fetch_add(1, Ordering::Relaxed)
}

#[derive(Clone)]
pub struct Versioned<T> {
    value: T,
    version: u64,
}

impl<T> Versioned<T> {
    pub fn new(value: T) -> Self {
        Self { value, version: next() }
    }

    /// Changes whenever the value was borrowed mutably since.
    pub fn version(&self) -> u64 {
        self.version
    }
}

impl<T: Default> Default for Versioned<T> {
    fn default() -> Self {
        Self::new(T::default())
    }
}

impl<T> Deref for Versioned<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T> DerefMut for Versioned<T> {
    fn deref_mut(&mut self) -> &mut T {
        self.version = next();
        &mut self.value
    }
}

/// The value's own text: the version is not state (the world's Debug text is digested).
impl<T: fmt::Debug> fmt::Debug for Versioned<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.value.fmt(f)
    }
}

impl<T: PartialEq> PartialEq for Versioned<T> {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mutable_borrow_changes_the_version_a_read_does_not() {
        let mut v = Versioned::new(vec![1]);
        let a = v.version();
        assert_eq!(v.len(), 1);
        assert_eq!(v.version(), a);
        v.push(2);
        assert_ne!(v.version(), a);
        let copy = v.clone();
        v.push(3);
        assert_ne!(v.version(), copy.version());
        assert_eq!(format!("{v:?}"), "[1, 2, 3]");
    }
}
