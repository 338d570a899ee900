-- The ASP.NET Core Data Protection key ring, shared by every instance on this database (Storage/DatabaseKeyRing.cs).
-- It encrypts channel tokens at rest (and staff sign-in cookies): these rows are secrets; see README "Channel tokens".
CREATE TABLE data_protection_keys (
    friendly_name TEXT PRIMARY KEY,
    xml           TEXT NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL
);
