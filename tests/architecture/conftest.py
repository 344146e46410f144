from tests.architecture.doors import world  # noqa: F401  (fixture)
