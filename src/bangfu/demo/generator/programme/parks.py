"""The 1+4 industrial parks (1+4产业园区) and the investment projects they brought in (招商项目).

The counts and the total are the published ones exactly (R17–R20): projects up to 1 billion yuan are drawn
log-uniformly, the projects over 1 billion share the rest of the total above their floor, and the donor
city's investors hold the R19 count, the largest projects (given to the investors the article names) among
them. Amounts are whole 万元.
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from decimal import Decimal
from random import Random

from bangfu.demo.generator.dist import GenerationError, Picker, allocate
from bangfu.demo.generator.programme.profile import WAN, ProgrammeProfile, value, weights
from bangfu.demo.generator.programme.register import COUNTY_SUFFIX

DAY = timedelta(days=1)


def generate_parks(profile: ProgrammeProfile, seed: int) -> tuple[list[dict], list[dict]]:
    rng = Random(f"bangfu/{seed}/programme/parks")
    spec = profile.params["investments"]
    t = profile.targets
    parks = [
        {"name": park["name"], "division": park["county"] + COUNTY_SUFFIX} for park in profile.params["parks"]
    ]
    park_picker = Picker([p["name"] for p in parks], [float(p["weight"]) for p in profile.params["parks"]])
    amounts = _amounts(rng, spec, t.park_projects, t.park_projects_over_1bn, t.park_investment)
    order = sorted(range(len(amounts)), key=lambda i: -amounts[i])
    named = spec["named_investors"]["values"]
    donor = set(order[: min(len(named), t.park_projects_from_donor)])
    others = [i for i in range(len(amounts)) if i not in donor]
    donor |= set(rng.sample(others, t.park_projects_from_donor - len(donor)))
    origins = Picker.from_mapping(weights(spec["other_origins"]))
    sectors = Picker.from_mapping(weights(spec["sectors"]))
    year_weights = {int(y): w for y, w in weights(spec["signed_year_weights"]).items()}
    years = Picker(list(year_weights), list(year_weights.values()))
    words = spec["name_words"]["values"]
    named_at = {index: name for index, name in zip(order, named, strict=False)}
    investments = []
    for index, amount in enumerate(amounts):
        origin = profile.donor_city if index in donor else origins.pick(rng)
        sector = sectors.pick(rng)
        short = "".join(rng.choice(words) for _ in range(2))
        investor = named_at.get(index) or _company(short, origin, sector)
        if index in named_at:
            short = investor.split("（")[0].removesuffix("有限公司").removesuffix("股份").removesuffix("集团")
        signed = date(years.pick(rng), 1 + int(rng.random() * 12), 1 + int(rng.random() * 28))
        investments.append(
            {"park": park_picker.pick(rng), "name": f"{short}{sector}项目",
             "investor": investor, "investor_origin_city": origin, "amount": Decimal(amount), "sector": sector,
             **_progress(rng, signed, profile.end_date)}
        )  # fmt: skip
    return parks, investments


def _amounts(rng: Random, spec: dict, count: int, large: int, total: int) -> list[int]:
    """``count`` amounts in yuan (whole 万元) summing to ``total``, exactly ``large`` of them over 1e9."""
    low, high = spec["small_amount"]["low"] / WAN, spec["small_amount"]["high"] / WAN
    floor = int(value(spec["large_min"])) // WAN
    small = [
        math.exp(math.log(low) + (math.log(high) - math.log(low)) * rng.random())
        for _ in range(count - large)
    ]
    room = total // WAN - large * floor
    if room < 0:
        raise GenerationError("招商项目投资总额不足以容纳超10亿元项目的数量")
    scale = min(1.0, room * 0.45 / sum(small)) if small else 1.0  # the large projects keep most of the total
    small_wan = [max(1, int(amount * scale)) for amount in small]
    extra = room - sum(small_wan)
    large_wan = [floor + share for share in allocate(extra, [rng.random() ** 3 + 0.05 for _ in range(large)])]
    if not large:
        small_wan[0] += extra
    amounts = [w * WAN for w in small_wan + large_wan]
    rng.shuffle(amounts)
    return amounts


def _company(short: str, origin: str, sector: str) -> str:
    if origin == "香港":
        return f"{short}{sector}（香港）有限公司"
    return f"{origin}市{short}{sector}有限公司"


def _progress(rng: Random, signed: date, end: date) -> dict:
    """签约 → 开工 → 投产 by the end date: started 1–8 months after signing, producing 10–24 months later."""
    started = signed + DAY * int(30 + rng.random() * 210)
    producing = started + DAY * int(300 + rng.random() * 420)
    if started > end:
        return {"status": "签约", "signed_date": signed, "started_date": None, "producing_date": None}
    if producing > end:
        return {"status": "开工", "signed_date": signed, "started_date": started, "producing_date": None}
    return {"status": "投产", "signed_date": signed, "started_date": started, "producing_date": producing}
