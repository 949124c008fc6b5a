"""Team follow-up codes: format, randomness, normalisation, storage and lookup."""

import pytest
from sqlalchemy import func, select

from gdb_facilitator.core.db.store import create_event_store
from gdb_facilitator.core.clock import FakeClock
from gdb_facilitator.core.db.engine import EventFile
from gdb_facilitator.core.db.models import EventTable, Round, TeamCode
from gdb_facilitator.core.services import codes
from gdb_facilitator.core.sheets.qr import error_level, qr_payload


@pytest.fixture
def ef(event_location):
    with create_event_store(event_location, title="Jahreskonferenz", clock=FakeClock()) as ef:
        with ef.session() as s:
            s.add_all(EventTable(number=n, name=f"T{n}") for n in (1, 2, 3))
        yield ef


def _add_rounds(ef, *numbers):
    with ef.session() as s:
        s.add_all(Round(number=n) for n in numbers)


def test_code_has_the_documented_format_and_strength():
    assert codes.RANDOM_BITS >= 128
    code = codes.new_code()
    assert len(code) == codes.CODE_LENGTH == 28
    assert set(code) <= set(codes.ALPHABET)
    assert not set("ILOU") & set(codes.ALPHABET)
    assert codes.is_valid_code(code)
    grouped = codes.format_code(code)
    assert grouped.split(" ") == [code[i:i + 4] for i in range(0, 28, 4)]


def test_codes_are_unique_across_a_hundred_thousand():
    generated = {codes.new_code() for _ in range(100_000)}
    assert len(generated) == 100_000


def test_codes_use_every_symbol_in_every_random_position():
    # a broken generator (e.g. fewer bits than claimed) leaves symbols unused somewhere
    sample = [codes.new_code() for _ in range(4000)]
    for position in range(codes.RANDOM_SYMBOLS):
        assert len({c[position] for c in sample}) == 32


def test_normalisation_of_what_people_type():
    code = codes.new_code()
    typed = " " + codes.format_code(code, "-").lower() + "\n"
    assert codes.normalise_code(typed) == code
    looks = code.replace("0", "O").replace("1", "l")
    assert codes.normalise_code(looks) == code
    assert codes.normalise_code("ｉo") == "10"  # full-width input from an IME
    assert codes.code_from_input(codes.format_code(code).lower()) == code


def test_check_symbol_catches_typos():
    code = codes.new_code()
    for i in range(len(code)):
        for ch in codes.ALPHABET:
            if ch != code[i]:
                assert not codes.is_valid_code(code[:i] + ch + code[i + 1:])
    swaps = caught = 0
    for _ in range(200):
        c = codes.new_code()
        for i in range(len(c) - 1):
            if c[i] != c[i + 1]:
                swaps += 1
                caught += not codes.is_valid_code(c[:i] + c[i + 1] + c[i] + c[i + 2:])
    assert caught / swaps > 0.95


@pytest.mark.parametrize("text", ["", "hello", "A" * 28, "x" * 5000, "https://example.org/?code=nope"])
def test_invalid_input_is_no_code(text):
    assert codes.code_from_input(text) is None


def test_code_is_found_in_scanned_urls():
    code = codes.new_code()
    for url in (f"https://gd.berlin/check?event=3&code={code}", f"https://gd.berlin/c/{code}",
                f"https://gd.berlin/c/{code}/", f"https://gd.berlin/check#{code}",
                qr_payload(code, "https://gd.berlin/check")):
        assert codes.code_from_input(url) == code


def test_qr_payload_forms():
    code = codes.new_code()
    assert qr_payload(code, "") == code
    assert qr_payload(code, "https://x.de/f") == f"https://x.de/f?code={code}"
    assert qr_payload(code, "https://x.de/f?lang=de") == f"https://x.de/f?lang=de&code={code}"
    assert qr_payload(code, "https://x.de/f?team=") == f"https://x.de/f?team={code}"
    assert qr_payload(code, "https://x.de/t/{code}/start") == f"https://x.de/t/{code}/start"
    assert qr_payload(code, "x.de/f") == f"https://x.de/f?code={code}"
    assert qr_payload(code, "https://x.de/f#top") == f"https://x.de/f?code={code}#top"
    # not a web link: the bare code is printed instead of something a phone cannot open
    assert qr_payload(code, "javascript:alert(1)") == code
    assert qr_payload(code, "ftp://x.de/") == code
    assert error_level(code) == "H"
    assert error_level("https://x.de/" + "a" * 100) == "M"
    assert error_level("https://x.de/" + "a" * 200) == "L"


def test_ensure_creates_one_code_per_table_and_round(ef):
    _add_rounds(ef, 1, 2)
    made = codes.ensure_team_codes(ef)
    assert len(made) == 6 and len(set(made.values())) == 6
    again = codes.ensure_team_codes(ef)
    assert again == made
    with ef.session() as s:
        assert s.scalar(select(func.count()).select_from(TeamCode)) == 6


def test_ensure_for_one_round(ef):
    _add_rounds(ef, 1, 2)
    with ef.session() as s:
        second = s.scalar(select(Round.id).where(Round.number == 2))
    made = codes.ensure_team_codes(ef, round_id=second)
    assert {rid for _t, rid in made} == {second}
    assert len(made) == 3


def test_ensure_without_rounds_does_not_duplicate_null_round_codes(ef):
    first = codes.ensure_team_codes(ef)
    assert {rid for _t, rid in first} == {None}
    codes.ensure_team_codes(ef)
    with ef.session() as s:
        assert s.scalar(select(func.count()).select_from(TeamCode)) == 3


def test_find_team(ef):
    _add_rounds(ef, 1)
    made = codes.ensure_team_codes(ef)
    (table_id, round_id), code = next(iter(made.items()))
    found = codes.find_team(ef, codes.format_code(code, "-").lower().replace("0", "o"))
    assert found is not None
    assert (found.table_id, found.round_id, found.round_number) == (table_id, round_id, 1)
    assert found.table_number == 1 and found.table_name == "T1"
    assert codes.find_team(ef, codes.new_code()) is None
    assert codes.find_team(ef, "") is None


def test_codes_carry_no_personal_data():
    # the code is all the QR holds: random symbols, nothing derived from the event
    code = codes.new_code()
    assert qr_payload(code) == code
    assert code.isalnum() and code.isupper() or code.isdigit()
