"""The consensus graph: every meeting and sanctions package merged over its sources."""
