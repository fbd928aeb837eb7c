use super::Millis;
use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// Events ordered by (time, insertion order): two events at the same instant run in the order
/// they were scheduled, which keeps runs deterministic.
#[derive(Debug, Clone)]
pub struct EventQueue<E> {
    heap: BinaryHeap<Reverse<Entry<E>>>,
    seq: u64,
}

#[derive(Debug, Clone)]
struct Entry<E> {
    at: Millis,
    seq: u64,
    event: E,
}

impl<E> PartialEq for Entry<E> {
    fn eq(&self, o: &Self) -> bool {
        (self.at, self.seq) == (o.at, o.seq)
    }
}
impl<E> Eq for Entry<E> {}
impl<E> PartialOrd for Entry<E> {
    fn partial_cmp(&self, o: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(o))
    }
}
impl<E> Ord for Entry<E> {
    fn cmp(&self, o: &Self) -> std::cmp::Ordering {
        (self.at, self.seq).cmp(&(o.at, o.seq))
    }
}

impl<E> Default for EventQueue<E> {
    fn default() -> Self {
        EventQueue { heap: BinaryHeap::new(), seq: 0 }
    }
}

impl<E> EventQueue<E> {
    pub fn schedule(&mut self, at: Millis, event: E) {
        self.seq += 1;
        self.heap.push(Reverse(Entry { at, seq: self.seq, event }));
    }
    pub fn next_at(&self) -> Option<Millis> {
        self.heap.peek().map(|Reverse(e)| e.at)
    }
    /// The earliest event due at or before `until`.
    pub fn pop_due(&mut self, until: Millis) -> Option<(Millis, E)> {
        if self.next_at()? <= until {
            self.heap.pop().map(|Reverse(e)| (e.at, e.event))
        } else {
            None
        }
    }
    pub fn len(&self) -> usize {
        self.heap.len()
    }
    pub fn is_empty(&self) -> bool {
        self.heap.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn same_instant_keeps_schedule_order() {
        let mut q = EventQueue::default();
        q.schedule(10, "b");
        q.schedule(5, "a");
        q.schedule(10, "c");
        assert_eq!(q.pop_due(100), Some((5, "a")));
        assert_eq!(q.pop_due(100), Some((10, "b")));
        assert_eq!(q.pop_due(9), None);
        assert_eq!(q.pop_due(10), Some((10, "c")));
        assert!(q.is_empty());
    }
}
