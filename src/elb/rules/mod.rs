//! Rule conditions: parsing and validating them as CreateRule does, matching a request, and
//! the redirect action's `#{...}` keywords.
