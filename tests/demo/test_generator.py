"""The generator's contract: determinism, all-or-nothing files, scaled profiles, unique codes."""

from __future__ import annotations

import hashlib
from pathlib import Path
from random import Random

import pytest
from stdnum.cn.ric import calc_check_digit

from bangfu.demo.generator import GenerationError, generate_register, scaled_profile, shanwei_profile
from bangfu.demo.generator.dist import CarryRounder, allocate
from bangfu.demo.generator.people import IdIssuer
from bangfu.registry import contract
from tests.demo.registers import Register, net_income

FILES = {sheet.file_name for sheet in contract.SHEETS}


def digests(folder: Path) -> dict[str, str]:
    return {path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in sorted(folder.iterdir())}


def test_same_seed_same_bytes_and_another_seed_other_data(tmp_path: Path) -> None:
    profile = scaled_profile(households=300)
    first = generate_register(profile, tmp_path / "a", seed=7)
    generate_register(profile, tmp_path / "b", seed=7)
    generate_register(profile, tmp_path / "c", seed=8)
    assert set(digests(tmp_path / "a")) == FILES
    assert digests(tmp_path / "a") == digests(tmp_path / "b")
    other = digests(tmp_path / "c")
    assert all(other[name] != digest for name, digest in digests(tmp_path / "a").items())
    assert first.households == 300


def test_files_are_utf8_with_bom_and_headers_in_contract_order(tmp_path: Path) -> None:
    generate_register(scaled_profile(households=50), tmp_path / "out", seed=1)
    for sheet in contract.SHEETS:
        raw = (tmp_path / "out" / sheet.file_name).read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" not in raw
        assert raw[3:].split(b"\n", 1)[0].decode() == ",".join(sheet.headers)


def test_interruption_leaves_no_files(tmp_path: Path) -> None:
    calls = []

    def interrupt(done: int, total: int) -> None:
        calls.append(done)
        if len(calls) == 3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        generate_register(scaled_profile(households=2000), tmp_path / "out", seed=1, progress=interrupt)
    assert list(tmp_path.iterdir()) == []


def test_a_failed_run_keeps_the_files_of_an_earlier_run(tmp_path: Path) -> None:
    out = tmp_path / "out"
    generate_register(scaled_profile(households=100), out, seed=1)
    before = digests(out)

    def interrupt(done: int, total: int) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        generate_register(scaled_profile(households=2000), out, seed=2, progress=interrupt)
    assert digests(out) == before
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


def test_progress_is_reported_up_to_the_total(tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    generate_register(
        scaled_profile(households=1000), tmp_path / "out", seed=1, progress=lambda d, t: seen.append((d, t))
    )
    assert len(seen) > 10
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)
    assert seen[-1] == (1000, 1000)


@pytest.mark.parametrize("households", [1, 7, 2500])
def test_scaled_profiles_keep_counts_and_calibration(tmp_path: Path, households: int) -> None:
    summary = generate_register(scaled_profile(households=households), tmp_path / "out", seed=3)
    register = Register.read(tmp_path / "out")
    assert len(register.households) == summary.households == households
    assert len(register.members) == summary.members
    assert len(register.incomes) == summary.income_records
    assert len(register.villages) == summary.villages and len(register.stats) == summary.village_stats
    assert all(2016 <= int(h["脱贫年度"]) <= 2020 for h in register.registered)
    labour = [h for h in register.registered if register.has_labour(h)]
    if len(labour) > 1:
        members = sum(register.size(h, 2020) for h in labour)  # on 31 December 2020 (year-end)
        income_2020 = sum(net_income(register.incomes_of[h["户编号"]][2020]) for h in labour)
        assert abs(income_2020 / members - 15_522) <= 0.5


def test_scaled_profile_shapes() -> None:
    demo = shanwei_profile()
    profile = scaled_profile(households=180_000)
    assert profile.households == 180_000 and profile.member_target is None
    assert profile.poor_villages == 10 * demo.poor_villages
    assert profile.registered_households == 10 * demo.registered_households
    with pytest.raises(ValueError):
        scaled_profile(households=0)


def test_allocate_sums_exactly_and_respects_capacity() -> None:
    rng = Random(1)
    for total in (0, 1, 17, 1000, 16_354):
        weights = [rng.random() for _ in range(37)]
        assert sum(allocate(total, weights)) == total
    assert allocate(10, [1, 1, 1], capacity=[2, 100, 100]) == [2, 4, 4]
    assert allocate(5, [0, 1]) == [0, 5]


def test_carry_rounding_keeps_the_total() -> None:
    rounder = CarryRounder()
    values = [1234.4] * 1000
    assert sum(rounder(value) for value in values) == round(sum(values))


def test_id_issuer_fills_a_bucket_without_collisions_then_refuses() -> None:
    issuer = IdIssuer(seed=1)
    numbers = {issuer.issue("441581", 2021, True)[0] for _ in range(365 * 500)}
    assert len(numbers) == 365 * 500
    assert all(calc_check_digit(n) == n[-1] and int(n[16]) % 2 == 1 for n in list(numbers)[:1000])
    with pytest.raises(GenerationError):
        issuer.issue("441581", 2021, True)


def test_large_registers_get_synthetic_towns_with_valid_codes() -> None:
    from bangfu.demo.generator.villages import layout_villages

    villages = layout_villages(scaled_profile(households=400_000), seed=1)
    codes = [v.code for v in villages]
    names = [v.name for v in villages]
    assert len(set(codes)) == len(codes) and len(set(names)) == len(names)
    assert any(v.town.endswith("镇") and v.town not in v.county.towns for v in villages)
    assert all(201 <= int(code[9:]) <= 999 and len(code) == 12 for code in codes)
