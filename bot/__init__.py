"""salesbot conversation core, channel adapters, CLI and scheduler."""
