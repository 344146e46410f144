from tests.markets.fixtures import markets_register  # noqa: F401  (fixtures)
