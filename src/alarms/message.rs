//! Texts CloudWatch writes (filled in next).
