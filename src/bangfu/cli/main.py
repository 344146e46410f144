"""The ``bangfu`` command: Django's management commands, with Bangfu's own listed first, grouped.

``bangfu <command>`` works like ``manage.py <command>``, except that a command that needs the database
first makes sure its tables exist (``bangfu.cli.database``: a fresh embedded home is created, otherwise one
line says what to run).
"""

from __future__ import annotations

import os
import sys

#: Bangfu's own commands, grouped, in the order users meet them. Each group: (title, [(command, summary)]).
COMMAND_GROUPS: list[tuple[str, list[tuple[str, str]]]] = [
    (
        "开始使用 Getting started",
        [
            (
                "demo",
                "建库、生成并载入汕尾演示数据、启动网站 / create the database, load the Shanwei demo, serve it",
            ),
            (
                "serve",
                "启动网站（生产级 WSGI 服务器）和一个后台任务进程 / serve the web application, with a worker",
            ),
            (
                "worker",
                "运行网页上开始的后台任务（导入、检查、评估、导出）/ run the background tasks started on the pages",
            ),
        ],
    ),
    (
        "数据 Data",
        [
            (
                "generate",
                "生成任意规模的合成档案（CSV）/ write a synthetic register of any size as CSV files",
            ),
            ("load", "载入生成的档案 CSV 文件夹 / load a folder of register CSV files written by generate"),
            (
                "import",
                "导入档案文件（.xlsx 或 CSV），先全面检查，有错就什么都不写；更新已有档案并保留历史"
                " / import a register file: checked in full first, all or nothing, updates kept in history",
            ),
            (
                "export",
                "按导入模板格式导出档案（xlsx 或 CSV），证件号码默认遮蔽 / export the register, IDs masked",
            ),
            (
                "template",
                "写出空白的导入模板（含填写说明）/ write the empty import workbook with instructions",
            ),
        ],
    ),
    (
        "评估 Assessment",
        [
            (
                "assess",
                "按标准评估每一户或每个村并保存结果（CSV/JSON）/ assess households or villages against a standard",
            ),
            (
                "explain",
                "逐条说明一户的评估结果及所用数值 / explain one household's verdict, criterion by criterion",
            ),
            (
                "quality",
                "检查档案数据质量，写出问题清单 CSV / run the data-quality checks, write the findings",
            ),
            (
                "mpi",
                "多维贫困指数 H、A、M0，按县区和指标分解 / Alkire–Foster H, A, M0 by county and indicator",
            ),
        ],
    ),
    (
        "规模扩展 Scale-out",
        [
            (
                "snapshot",
                "把档案快照写成带校验清单的 Parquet 文件夹（供 --snapshot 和 Spark 使用）"
                " / write the register snapshot as a Parquet folder with a checked manifest",
            ),
            (
                "results-import",
                "载入 Spark 作业写出的结果文件夹，保存为一次评估 / store the Spark job's results as a run",
            ),
        ],
    ),
    (
        "对口帮扶 Programme",
        [
            (
                "programme-import",
                "导入对口帮扶工作簿（帮扶单位、结对、干部、项目、资金等），先全面检查，有错就什么都不写"
                " / import a programme workbook (units, pairings, cadres, projects, funds…), all or nothing",
            ),
            ("programme-template", "写出空白的对口帮扶导入模板 / write the empty programme workbook"),
        ],
    ),
    (
        "防返贫监测 Monitoring",
        [
            (
                "alerts-import",
                "导入部门筛查预警数据（.xlsx 或 .csv），有错就什么都不写；按监测标准阈值产生预警，未匹配的人转为线索"
                " / import a department cross-check file: all or nothing, alerts by the standard's thresholds",
            ),
            ("alerts-export", "导出全部部门预警（CSV，UTF-8 带 BOM）/ export every department alert as CSV"),
        ],
    ),
    (
        "报告 Reports",
        [
            ("report", "计算并输出帮扶成效报告 / compute the programme results report (json or md)"),
            ("figures-refresh", "重新计算首页的预汇总指标 / rebuild the dashboard's pre-aggregated figures"),
        ],
    ),
    (
        "维护 Maintenance",
        [
            ("migrate", "创建或升级数据库 / create or upgrade the database"),
            (
                "backup",
                "把数据库、上传的文件和自定义标准备份到一个文件（网站运行时也可以）"
                " / back up the database, uploads and custom standards into one file, also while serving",
            ),
            (
                "restore",
                "从备份文件恢复到空的环境或数据库，先核对校验和与版本"
                " / restore a backup into an empty home or database, checked first",
            ),
            ("createsuperuser", "创建管理员账号 / create an administrator account"),
            ("api-token", "为用户生成接口令牌（只显示一次）/ create an API token for a user (shown once)"),
            ("collectstatic", "收集静态文件 / collect static files for the web server"),
        ],
    ),
]


def usage() -> str:
    lines = ["用法 Usage: bangfu <命令 command> [选项 options]", "", "Bangfu 命令 commands:"]
    width = max(len(name) for _, commands in COMMAND_GROUPS for name, _ in commands) + 2
    for title, commands in COMMAND_GROUPS:
        lines.append(f"\n  {title}")
        lines.extend(f"    {name:<{width}}{summary}" for name, summary in commands)
    lines += ["", "每个命令的说明 Help on one command: bangfu <命令 command> --help", "", *django_commands()]
    return "\n".join(lines)


def django_commands() -> list[str]:
    """Django's other management commands, which work too, listed after ours."""
    import textwrap

    import django
    from django.core.management import get_commands

    django.setup()
    ours = {name for _, commands in COMMAND_GROUPS for name, _ in commands}
    others = sorted(set(get_commands()) - ours)
    text = textwrap.fill(", ".join(others), width=100, initial_indent="    ", subsequent_indent="    ")
    return ["其他 Django 命令 Other Django commands:", text]


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bangfu.config.settings")
    if len(argv) < 2 or argv[1] in {"-h", "--help"} or argv[1:] == ["help"]:
        print(usage())
        return
    from django.core.management import execute_from_command_line

    if not {"-h", "--help"} & set(argv[2:]):
        import django

        # Only when a command runs (not for --help): these read Django's settings and the database.
        from bangfu.cli.database import CREATES_TABLES, database_reachable, database_ready, needs_database

        django.setup()
        if needs_database(argv[1]):
            database_ready(argv[1])  # a fresh home is created; otherwise one line says what to run
        elif argv[1] in CREATES_TABLES:
            database_reachable()
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
