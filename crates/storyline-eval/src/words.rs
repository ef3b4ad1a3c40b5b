//! Word-repair measure. (Placeholder.)
