//! Every metric that has data in a region, with when it last had some (ListMetrics).
use super::query::MetricKey;
use super::workload::MINUTE;
use crate::sim::Millis;
use crate::world::World;

pub fn all(w: &World, region: &str) -> Vec<(MetricKey, Millis)> {
    let Ok(reg) = w.region(region) else { return vec![] };
    let now = w.now();
    let mut out: Vec<(MetricKey, Millis)> = reg.monitoring.custom.keys().map(|(k, t)| (k.clone(), t)).collect();
    let mut agg: std::collections::BTreeMap<MetricKey, Millis> = Default::default();
    for i in reg.compute.instances.values() {
        let Some(last) = i.run_periods.last().map(|p| p.1.unwrap_or(now)) else { continue };
        let burst = super::credits::spec(&i.instance_type).is_some();
        let asg = reg.tags.get(&i.id).and_then(|t| t.get("aws:autoscaling:groupName")).cloned();
        for (name, _) in super::ec2_metrics::METRICS {
            if (super::ec2_metrics::is_credit_metric(name) && !burst) || !super::ec2_metrics::reported_for(name, i) {
                continue;
            }
            out.push((MetricKey::new("AWS/EC2", name, &[("InstanceId", &i.id)]), last));
            let mut sets: Vec<Vec<(&str, &str)>> = vec![];
            if let Some(g) = &asg {
                sets.push(vec![("AutoScalingGroupName", g)]);
            }
            if i.detailed_monitoring {
                sets.push(vec![("InstanceType", &i.instance_type)]);
                sets.push(vec![("ImageId", &i.image_id)]);
                sets.push(vec![]);
            }
            for s in sets {
                let e = agg.entry(MetricKey::new("AWS/EC2", name, &s)).or_default();
                *e = (*e).max(last);
            }
        }
    }
    out.extend(agg);
    for ((lb, tg), series) in &reg.monitoring.elb {
        let Some(last) = series.keys().next_back().map(|m| m * MINUTE) else { continue };
        let Some(lbd) = super::elb_metrics::lb_dimension(lb) else { continue };
        let tgd = super::elb_metrics::tg_dimension(tg);
        for (name, _) in super::elb_metrics::METRICS {
            if matches!(*name, "HealthyHostCount" | "UnHealthyHostCount" | "RequestCountPerTarget") {
                continue;
            }
            out.push((MetricKey::new("AWS/ApplicationELB", name, &[("LoadBalancer", lbd)]), last));
            if let Some(t) = tgd {
                if name.starts_with("HTTPCode_ELB") || *name == "ProcessedBytes" {
                    continue;
                }
                out.push((MetricKey::new("AWS/ApplicationELB", name, &[("LoadBalancer", lbd), ("TargetGroup", t)]), last));
            }
        }
        if let Some(t) = tgd {
            out.push((MetricKey::new("AWS/ApplicationELB", "RequestCountPerTarget", &[("TargetGroup", t)]), last));
            out.push((MetricKey::new("AWS/ApplicationELB", "RequestCountPerTarget", &[("LoadBalancer", lbd), ("TargetGroup", t)]), last));
        }
    }
    for (tg, h) in &reg.monitoring.health {
        let Some(tgd) = super::elb_metrics::tg_dimension(tg) else { continue };
        for lb in crate::elb::target_group::load_balancer_arns(&reg.elb, tg) {
            let Some(lbd) = super::elb_metrics::lb_dimension(&lb) else { continue };
            if !lbd.starts_with("app/") || h.is_empty() {
                continue;
            }
            for name in ["HealthyHostCount", "UnHealthyHostCount"] {
                out.push((MetricKey::new("AWS/ApplicationELB", name, &[("LoadBalancer", lbd), ("TargetGroup", tgd)]), now));
            }
        }
    }
    out
}
