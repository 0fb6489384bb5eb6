"""Settings kept in the database (timing rules, scoring bands, 公示 details), with defaults in code."""
