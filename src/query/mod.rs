//! What Describe* calls share: EC2 filters with wildcards, and NextToken/MaxResults pagination.
mod filter;
mod page;

pub use filter::{check_names, matches, unknown_filter, wildcard_match, Filter, FilterValues};
pub use page::{paginate, Page};
