//! The whole simulated world: the clock, the event queue, and every region's resources.
use crate::geo::{RegionInfo, REGIONS};
use crate::sim::{Clock, EventQueue, Millis, SimRng};
use crate::{alarms, autoscaling, compute, elb, images, keys, monitoring, network, purchase, sns, storage, tags};
use std::collections::BTreeMap;

/// The account every resource belongs to (the same one moto and the AWS docs' examples use).
pub const ACCOUNT_ID: &str = "123456789012";

#[derive(Debug, Clone)]
pub enum Event {
    Compute { region: &'static str, event: compute::Event },
    Storage { region: &'static str, event: storage::Event },
    Network { region: &'static str, event: network::Event },
    Elb { region: &'static str, event: elb::Event },
    Monitoring { region: &'static str, event: monitoring::Event },
    Alarms { region: &'static str, event: alarms::Event },
    AutoScaling { region: &'static str, event: autoscaling::Event },
    Purchase { region: &'static str, event: purchase::Event },
}

#[derive(Debug, Clone)]
pub struct Region {
    pub info: &'static RegionInfo,
    /// Versioned: caches of network verdicts (ELB health checks) see any change.
    pub network: crate::sim::Versioned<network::RegionNetwork>,
    pub compute: compute::RegionCompute,
    pub images: images::RegionImages,
    pub storage: storage::RegionStorage,
    pub tags: tags::TagStore,
    pub keys: keys::RegionKeys,
    pub elb: elb::RegionElb,
    pub monitoring: monitoring::RegionMonitoring,
    pub alarms: alarms::RegionAlarms,
    pub sns: sns::RegionSns,
    pub autoscaling: autoscaling::RegionAutoScaling,
    pub purchase: purchase::RegionPurchase,
}

#[derive(Debug, Clone)]
pub struct World {
    pub seed: u64,
    pub clock: Clock,
    pub rng: SimRng,
    pub queue: EventQueue<Event>,
    pub regions: BTreeMap<&'static str, Region>,
    /// Marketplace products the account has subscribed to (account-wide).
    pub marketplace: images::marketplace::Subscriptions,
    /// Apps that live outside the core (Python callables, real upstream servers) and the tape of
    /// their replies (`elb::apps`); not part of the world's Debug text.
    pub externals: elb::apps::Externals,
    /// The account's usage ledger and Savings Plans (`src/billing`).
    pub billing: crate::billing::Billing,
}

impl World {
    pub fn new(seed: u64) -> Self {
        let mut rng = SimRng::new(seed);
        let clock = Clock::default();
        let regions = REGIONS
            .iter()
            .map(|info| {
                let network = network::RegionNetwork::with_default_vpc(info, &mut rng);
                let images = images::RegionImages::public_catalog(info);
                let storage = storage::RegionStorage::public_catalog(&images);
                (
                    info.name,
                    Region {
                        info,
                        network: crate::sim::Versioned::new(network),
                        compute: Default::default(),
                        images,
                        storage,
                        tags: Default::default(),
                        keys: Default::default(),
                        elb: Default::default(),
                        monitoring: Default::default(),
                        alarms: Default::default(),
                        sns: Default::default(),
                        autoscaling: Default::default(),
                        purchase: Default::default(),
                    },
                )
            })
            .collect();
        World {
            seed,
            clock,
            rng,
            queue: EventQueue::default(),
            regions,
            marketplace: Default::default(),
            externals: Default::default(),
            billing: Default::default(),
        }
    }

    pub fn now(&self) -> Millis {
        self.clock.now()
    }

    pub fn region(&self, name: &str) -> Result<&Region, crate::ApiError> {
        crate::geo::require_region(name)?;
        Ok(&self.regions[name])
    }

    pub fn region_mut(&mut self, name: &str) -> Result<&mut Region, crate::ApiError> {
        crate::geo::require_region(name)?;
        Ok(self.regions.get_mut(name).expect("every modelled region exists"))
    }

    pub fn schedule(&mut self, after_ms: Millis, event: Event) {
        let at = self.now() + after_ms;
        self.queue.schedule(at, event);
    }

    /// Runs every event due up to `until`, in time order, then sets the clock to `until`.
    pub fn advance_to(&mut self, until: Millis) -> usize {
        let mut n = 0;
        while let Some((at, event)) = self.queue.pop_due(until) {
            self.clock.set(at);
            self.apply(event);
            n += 1;
        }
        self.clock.set(until.max(self.now()));
        n
    }

    pub fn next_event_at(&self) -> Option<Millis> {
        self.queue.next_at()
    }

    fn apply(&mut self, event: Event) {
        match event {
            Event::Compute { region, event } => compute::apply_event(self, region, event),
            Event::Storage { region, event } => storage::apply_event(self, region, event),
            Event::Network { region, event } => network::apply_event(self, region, event),
            Event::Elb { region, event } => elb::apply_event(self, region, event),
            Event::Monitoring { region, event } => monitoring::apply_event(self, region, event),
            Event::Alarms { region, event } => alarms::apply_event(self, region, event),
            Event::AutoScaling { region, event } => autoscaling::apply_event(self, region, event),
            Event::Purchase { region, event } => purchase::apply_event(self, region, event),
        }
    }
}
