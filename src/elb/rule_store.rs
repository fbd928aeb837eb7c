//! Rules of a listener: create, modify, priorities, delete, quotas.
