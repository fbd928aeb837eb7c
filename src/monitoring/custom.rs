//! Metrics put by PutMetricData: samples per metric, sorted by time. Persistent map + `Arc`
//! series so that cloning the world (DryRun, proptests) stays cheap.
use super::query::{MetricKey, Sample};
use crate::sim::Millis;
use rpds::RedBlackTreeMapSync;
use std::sync::Arc;

#[derive(Debug, Clone, Default)]
pub struct CustomStore {
    series: RedBlackTreeMapSync<MetricKey, Arc<Series>>,
}

#[derive(Debug, Clone, Default)]
pub struct Series {
    /// Sorted by `t` (stable for equal times: order of arrival).
    pub samples: Vec<Sample>,
    /// When a value was last put (ListMetrics' RecentlyActive = PT3H).
    pub last_put: Millis,
}

impl CustomStore {
    pub fn put(&mut self, key: MetricKey, mut new: Vec<Sample>, now: Millis) {
        let mut series = self.series.get(&key).map(|s| (**s).clone()).unwrap_or_default();
        new.sort_by_key(|s| s.t);
        for s in new {
            let at = series.samples.partition_point(|x| x.t <= s.t);
            series.samples.insert(at, s);
        }
        series.last_put = now;
        self.series.insert_mut(key, Arc::new(series));
    }

    pub fn samples(&self, key: &MetricKey, start: Millis, end: Millis) -> Vec<Sample> {
        let Some(s) = self.series.get(key) else { return vec![] };
        let lo = s.samples.partition_point(|x| x.t < start);
        let hi = s.samples.partition_point(|x| x.t < end);
        s.samples[lo..hi].to_vec()
    }

    pub fn keys(&self) -> impl Iterator<Item = (&MetricKey, Millis)> {
        self.series.iter().map(|(k, s)| (k, s.last_put))
    }
}
