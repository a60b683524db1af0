from tests.embedded import data_dir, migrated_template  # noqa: F401 - fixtures
