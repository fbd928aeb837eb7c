//! Rule conditions and actions: parsing and validating them as CreateRule/CreateListener do,
//! rendering them back into botocore's shapes, matching a request, and the redirect action's
//! `#{...}` keywords.
//!
//! Callers (`api/elbv2`, `rule_store`, `routing`):
//! - `parse_conditions(&[ConditionSpec])`, `render_conditions(&[Condition])`;
//! - `parse_actions(&[ActionSpec], &|arn| exists)`, then `check_for_listener(&actions, protocol)`
//!   (HTTPS-only authenticate, no HTTPS→HTTP redirect, NLB forwards only), `render_actions`;
//! - `matches_all(&conditions, &req)` (Err = why not, for the trace), `why_not`, and the
//!   allocation-free `rule_matches` / `matches`;
//! - `redirect_location(&redirect, &req, listener_protocol, listener_port)`;
//! - `wildcard::matches(pattern, text, case_insensitive, escapes)` for `*`/`?` anywhere else.
pub mod action;
pub mod condition;
pub mod matching;
pub mod redirect;
pub mod shapes;
pub mod wildcard;

pub use action::{check_for_listener, parse_actions, render_actions, target_group_arns};
pub use condition::{parse_conditions, render_conditions};
pub use matching::{matches, matches_all, rule_matches, why_not};
pub use redirect::redirect_location;
pub use shapes::{ActionShape, ActionSpec, ConditionShape, ConditionSpec};

use crate::error::ApiError;

/// elbv2's `ValidationError` (HTTP 400) with the hint in English and Korean.
pub(crate) fn validation(message: impl Into<String>, en: impl Into<String>, ko: impl Into<String>) -> ApiError {
    ApiError::new("ValidationError", message).hint(en, ko)
}
