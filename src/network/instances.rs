//! What an instance's lifecycle does to its ENIs and addresses (UG:using-instance-addressing,
//! aws-facts §2.6 and §3): the private addresses stay through stop/start; the auto-assigned
//! public IPv4 goes back to Amazon's pool on stop, hibernate and terminate and a new one comes
//! on start; Elastic IPs stay through stop/start; on terminate the ENIs marked
//! DeleteOnTermination are deleted (their EIPs disassociated) and the others detached.
use super::RegionNetwork;
use crate::geo::RegionInfo;
use crate::sim::SimRng;
use crate::tags::TagStore;

impl RegionNetwork {
    /// The instance's security group ids (all of eth0's; what DescribeInstances shows).
    pub fn instance_groups(&self, instance_id: &str) -> Vec<(String, String)> {
        self.enis_of(instance_id)
            .first()
            .map(|e| e.groups.iter().map(|g| (g.clone(), self.security_groups.get(g).map(|s| s.name.clone()).unwrap_or_default())).collect())
            .unwrap_or_default()
    }

    /// The primary private address of the instance (eth0's).
    pub fn instance_private_ip(&self, instance_id: &str, primary_eni: Option<&str>) -> Option<u32> {
        match primary_eni {
            Some(id) => self.enis.get(id).map(|e| e.primary_ip()),
            None => self.enis_of(instance_id).first().map(|e| e.primary_ip()),
        }
    }

    /// The public address of the instance (eth0's primary address: an EIP or the auto-assigned one).
    pub fn instance_public_ip(&self, primary_eni: Option<&str>) -> Option<u32> {
        let eni = self.enis.get(primary_eni?)?;
        self.primary_public_ip(eni)
    }

    /// Stop, hibernate or shutting-down: every auto-assigned public address goes back to the pool.
    pub fn release_auto_public_ips(&mut self, instance_id: &str) {
        let mut freed = Vec::new();
        for e in self.enis.values_mut().filter(|e| e.instance_id() == Some(instance_id)) {
            freed.extend(e.auto_public_ip.take());
        }
        for ip in freed {
            self.release_public_ip(ip);
        }
    }

    /// Start: a new public address for eth0 if it was launched with one, the instance has only
    /// one ENI, and no Elastic IP covers the primary address.
    pub fn assign_auto_public_ip_on_start(&mut self, instance_id: &str, info: &RegionInfo, rng: &mut SimRng) {
        let enis = self.enis_of(instance_id);
        let [eni] = enis.as_slice() else { return };
        if !eni.wants_public_ip || eni.auto_public_ip.is_some() || self.eip_on(&eni.id, eni.primary_ip()).is_some() {
            return;
        }
        let id = eni.id.clone();
        let ip = self.allocate_public_ip(info, rng);
        self.enis.get_mut(&id).expect("found above").auto_public_ip = Some(ip);
    }

    /// Terminated: ENIs with DeleteOnTermination go (addresses freed, EIPs disassociated, tags
    /// forgotten); the others are detached and become `available`.
    pub fn instance_terminated(&mut self, instance_id: &str, tags: &mut TagStore) {
        self.release_auto_public_ips(instance_id);
        let ids: Vec<String> = self.enis.values().filter(|e| e.instance_id() == Some(instance_id)).map(|e| e.id.clone()).collect();
        for id in ids {
            let delete = self.enis[&id].attachment.as_ref().is_some_and(|a| a.delete_on_termination);
            if delete {
                self.remove_eni(&id);
                tags.forget(&id);
            } else {
                self.enis.get_mut(&id).expect("listed").attachment = None;
            }
        }
    }

    /// Deletes an ENI: frees its private addresses and its auto public address, and
    /// disassociates any Elastic IP from it (the EIP stays allocated).
    pub fn remove_eni(&mut self, eni_id: &str) {
        let Some(e) = self.enis.remove(eni_id) else { return };
        for p in &e.private_ips {
            self.release_private_ip(&e.subnet_id, p.address);
        }
        if let Some(ip) = e.auto_public_ip {
            self.release_public_ip(ip);
        }
        for eip in self.elastic_ips.values_mut() {
            if eip.association.as_ref().is_some_and(|a| a.eni_id == eni_id) {
                eip.association = None;
            }
        }
    }
}
