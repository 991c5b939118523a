"""Connection events, meetings and agreements (contracts/trade.md §2, §3): import, services, statistics."""
