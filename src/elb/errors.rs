//! ELBv2's refusals (codes from botocore's elbv2 model), each with en/ko hints.
