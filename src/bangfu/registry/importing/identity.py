"""Resident ID numbers (居民身份证号码) and division codes checked against GB/T 2260 of any period.

The contract: 18 characters, 17 digits then a digit or X, a real birth date not in the future (and, for
plausibility, not before 1900-01-01: a year 0001 or 1890 is a typing error, not a living person), the ISO 7064
MOD 11-2 check digit, and a region prefix that is a *county-level* GB/T 2260 code (not a province's 440000
nor a prefecture's 441500: numbers are issued by county-level public security offices) of *some* period — the
code in force when
the number was issued, not at birth (people born in 海丰县 before 1988 hold 441521… numbers). So stdnum's
``cn.ric.validate`` (which wants the code to exist in the birth year) is not used; its check digit is, and
its code list ``stdnum/cn/loc.dat`` is read here with the years ignored.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache
from importlib import resources

from stdnum.cn import ric

from bangfu.registry.importing.issues import Problem

_ID_PATTERN = re.compile(r"\d{17}[\dX]")
_LEGACY_PATTERN = re.compile(r"\d{15}")


@cache
def gb2260_codes() -> frozenset[str]:
    """Every six-digit GB/T 2260 code that has ever existed (python-stdnum's list, years ignored)."""
    text = resources.files("stdnum.cn").joinpath("loc.dat").read_text(encoding="utf-8")
    codes, province = set(), ""
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        if not line.startswith(" "):
            province = line.split(maxsplit=1)[0]
            codes.add(province + "0000")
        else:
            codes.add(province + line.split(maxsplit=1)[0])
    return frozenset(code for code in codes if len(code) == 6 and code.isdigit())


@cache
def gb2260_county_level_codes() -> frozenset[str]:
    """County-level GB/T 2260 codes (last two digits not 00): the prefixes an ID number may have."""
    return frozenset(code for code in gb2260_codes() if not code.endswith("00"))


#: The earliest plausible birth date in an ID number (the register holds living people).
EARLIEST_BIRTH = date(1900, 1, 1)


@cache
def gb2260_county_codes() -> frozenset[str]:
    """GB/T 2260 codes below province level: the first 6 digits a village code may start with."""
    return frozenset(code for code in gb2260_codes() if not code.endswith("0000"))


def id_number_problem(number: str, column: str, today: date | None = None) -> Problem | None:
    """Why ``number`` (already normalised: half-width, upper case) is not a valid ID number, or ``None``."""
    if len(number) != 18 or not _ID_PATTERN.fullmatch(number):
        key = "id_legacy" if _LEGACY_PATTERN.fullmatch(number) else "id_format"
        return Problem(column, key)
    try:
        birth = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return Problem(column, "id_birth_invalid", {"digits": number[6:14]})
    if birth > (today or date.today()):
        return Problem(column, "id_birth_future", {"birth": birth.isoformat()})
    if birth < EARLIEST_BIRTH:
        return Problem(column, "id_birth_early", {"birth": birth.isoformat()})
    if number[:6] not in gb2260_county_level_codes():
        return Problem(column, "id_region", {"prefix": number[:6]})
    expected = ric.calc_check_digit(number)  # takes the full 18 characters and ignores the last
    if number[17] != expected:
        return Problem(column, "id_check", {"expected": expected})
    return None


def id_birth_date(number: str) -> date:
    """The birth date written in a valid ID number."""
    return date(int(number[6:10]), int(number[10:12]), int(number[12:14]))


def id_sex(number: str) -> str:
    """男 or 女 from a valid ID number: the 17th digit is odd for men, even for women."""
    return "男" if int(number[16]) % 2 else "女"
