//! Names, ARNs and DNS names (aws-facts §14.1).
