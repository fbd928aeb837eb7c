//! Picking a target: healthy ones (or all when none are: fail open), by the group's algorithm,
//! honouring stickiness cookies, cross-zone settings and slow start.
