//! Target groups: settings with per-protocol defaults and ranges, attributes.
