"""Fixed-window counters in the shared cache, for sign-in throttling and public endpoints."""

from django.core.cache import cache


def hit(key: str, *, limit: int, window_seconds: int) -> bool:
    """Count one hit on ``key``; ``True`` while the window holds at most ``limit`` hits."""
    cache_key = f"ratelimit:{key}"
    cache.add(cache_key, 0, timeout=window_seconds)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, timeout=window_seconds)
        count = 1
    return count <= limit


def count(key: str) -> int:
    return int(cache.get(f"ratelimit:{key}", 0))


def reset(key: str) -> None:
    cache.delete(f"ratelimit:{key}")


def client_address(request) -> str:
    return str(request.META.get("REMOTE_ADDR", "unknown"))
