//! Listeners: protocols per load balancer type, one per port, default actions.
