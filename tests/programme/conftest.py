from tests.programme.fixtures import programme, unit, village  # noqa: F401  (fixtures)
