-- When a channel's refresh token stops working (Zalo OA: about 3 months after it was issued, platforms.md §1.2 [S]): set
-- whenever a refresh token is stored (connected in the console, refreshed, seeded from configuration), so the health
-- board and the daily check can warn before an idle OA loses it. NULL: the platform has no refresh tokens, or unknown.
ALTER TABLE channel_tokens ADD COLUMN refresh_expires_at TEXT;
