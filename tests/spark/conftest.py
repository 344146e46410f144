"""One SparkSession for the whole test session (starting Spark costs seconds).

Spark tests skip when pyspark or Java is missing, unless BANGFU_REQUIRE_SPARK is set (CI sets it): then a
missing Spark fails them, so they cannot be skipped silently.
"""

import os

import pytest

from bangfu.engine import spark as engine_spark


def spark_or_skip():
    reason = engine_spark.spark_available()
    if reason:
        if os.environ.get("BANGFU_REQUIRE_SPARK"):
            pytest.fail(f"BANGFU_REQUIRE_SPARK is set but Spark cannot run: {reason}")
        pytest.skip(reason)
    return engine_spark.session(app_name="bangfu tests")


@pytest.fixture(scope="session")
def spark():
    session = spark_or_skip()
    yield session
    session.stop()
