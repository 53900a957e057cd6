"""heiiki sandbox: a local AWS + Databricks emulator for tests (see ../README.md)."""
