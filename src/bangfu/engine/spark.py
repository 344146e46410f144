"""Run compiled standards on Apache Spark SQL over a Parquet snapshot folder (``bangfu[spark]``).

The SQL is the compiler's Spark printing of the same SQLGlot tree the DuckDB engine runs
(``CompiledQuery.to("spark")``); the snapshot tables become temporary views over the folder's Parquet files
(exactly the schema's columns), and the result is written as Parquet. Local mode by default
(``local[*]``); ``master`` (``spark://…``, ``yarn``) or ``SPARK_REMOTE`` (Spark Connect, ``sc://host:15002``)
for a cluster. Start-up is quiet and offline: no packages are downloaded, no web UI, the driver on
127.0.0.1 in local mode. Pure Python: no Django, so ``bangfu.spark_job`` can run it on a cluster.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bangfu.engine.parquet import SCHEMAS, table_files

#: Shuffle partitions in local mode (Spark's default of 200 makes each small query slow).
LOCAL_SHUFFLE_PARTITIONS = "4"
_DDL_TYPES = {"int64": "BIGINT", "int32": "INT", "string": "STRING", "bool": "BOOLEAN", "double": "DOUBLE"}


class SparkUnavailable(Exception):
    """pyspark or Java is missing (the message says how to install them)."""


def spark_available() -> str | None:
    """Why Spark cannot run here (a one-line reason), or ``None`` when pyspark and Java are installed."""
    try:
        import pyspark  # noqa: F401
    except ImportError:
        return "没有安装 pyspark：pip install 'bangfu[spark]' / pyspark is not installed"
    if not os.environ.get("SPARK_REMOTE") and not (
        shutil.which("java") or (os.environ.get("JAVA_HOME") and Path(os.environ["JAVA_HOME"]).is_dir())
    ):
        return (
            "没有找到 Java（需要 Java 17 或更新）：apt-get install openjdk-17-jre-headless / Java is missing"
        )
    return None


def session(master: str | None = None, app_name: str = "bangfu", config: dict[str, str] | None = None):
    """A SparkSession: Spark Connect when ``SPARK_REMOTE`` is set, else ``master`` (default ``local[*]``).

    ``config``: further Spark settings (e.g. ``spark.driver.memory``, which only applies before the first
    session of the process starts the JVM)."""
    reason = spark_available()
    if reason:
        raise SparkUnavailable(reason)
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName(app_name)
    remote = os.environ.get("SPARK_REMOTE")
    if remote:
        return builder.remote(remote).getOrCreate()
    master = master or "local[*]"
    builder = builder.master(master).config("spark.ui.enabled", "false")
    builder = builder.config("spark.ui.showConsoleProgress", "false")
    builder = builder.config(
        "spark.driver.extraJavaOptions", f"-Dlog4j.configurationFile=file:{_log_config()}"
    )
    builder = builder.config("spark.sql.session.timeZone", "UTC")
    builder = builder.config("spark.sql.parquet.datetimeRebaseModeInWrite", "CORRECTED")
    if master.startswith("local"):
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")  # read by the JVM before any setting
        builder = (
            builder.config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.sql.shuffle.partitions", LOCAL_SHUFFLE_PARTITIONS)
        )
    for key, value in (config or {}).items():
        builder = builder.config(key, value)
    os.environ.setdefault("PYSPARK_PYTHON", _python())
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    return spark


#: Spark's own log: errors only (its default prints start-up warnings and INFO lines on every run).
LOG4J2 = """status = error
appender.console.type = Console
appender.console.name = console
appender.console.target = SYSTEM_ERR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = spark %p %c{1}: %m%n
rootLogger.level = error
rootLogger.appenderRef.console.ref = console
"""


def _log_config() -> Path:
    path = Path(tempfile.gettempdir()) / "bangfu-spark-log4j2.properties"
    if not path.is_file() or path.read_text() != LOG4J2:
        path.write_text(LOG4J2)
    return path


def _python() -> str:
    import sys

    return sys.executable


def ddl(table: str) -> str:
    """The Spark schema (DDL) of a snapshot table."""
    fields = []
    for field in SCHEMAS[table]:
        kind = "DATE" if str(field.type) == "date32[day]" else _DDL_TYPES[str(field.type)]
        fields.append(f"`{field.name}` {kind}")
    return ", ".join(fields)


def register_snapshot(spark, folder: Path) -> None:
    """Each snapshot table as a temporary view over its Parquet files, exactly the schema's columns."""
    for table in SCHEMAS:
        files = table_files(folder, table)
        frame = spark.read.schema(ddl(table)).parquet(*files)
        frame.select(*SCHEMAS[table].names).createOrReplaceTempView(table)


@dataclass
class SparkResult:
    rows: int
    seconds: float
    folder: Path


def evaluate_to_parquet(spark, sql: str, out_dir: Path) -> SparkResult:
    """Run ``sql`` on the registered snapshot views; write its rows as Parquet under ``out_dir/rows``."""
    started = time.perf_counter()
    frame = spark.sql(sql)
    target = Path(out_dir) / "rows"
    frame.write.mode("overwrite").parquet(str(target))
    seconds = time.perf_counter() - started
    rows = spark.read.parquet(str(target)).count()
    return SparkResult(rows, seconds, Path(out_dir))


def master_of(spark) -> str:
    """The session's master URL (``spark-connect`` for a Spark Connect session, which has no context)."""
    try:
        return spark.sparkContext.master
    except Exception:  # Spark Connect sessions refuse sparkContext
        return "spark-connect"
