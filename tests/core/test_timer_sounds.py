"""The bundled cue sounds: present, in the promised format, and reproducible by their script."""

import array
import subprocess
import sys
import wave
from pathlib import Path

import pytest

from gdb_facilitator.core.services.timer import SOUND_FOR_CUE

ROOT = Path(__file__).resolve().parents[2]
SOUNDS = ROOT / "resources" / "sounds"


def _read(path: Path) -> tuple:
    with wave.open(str(path)) as w:
        params = w.getparams()
        samples = array.array("h", w.readframes(w.getnframes()))
    if sys.byteorder == "big":
        samples.byteswap()
    return params, samples


@pytest.mark.parametrize(("name", "seconds", "peak_dbfs"), [("gong.wav", 3.0, -3.0), ("chime.wav", 1.5, -9.0)])
def test_sound_format(name, seconds, peak_dbfs):
    params, samples = _read(SOUNDS / name)
    assert (params.nchannels, params.sampwidth, params.framerate) == (1, 2, 44_100)
    assert params.nframes == int(44_100 * seconds)
    peak = max(abs(s) for s in samples)
    assert peak == pytest.approx(32767 * 10 ** (peak_dbfs / 20), abs=2)
    assert samples[0] == 0 and samples[-1] == 0  # no click at either end


def test_every_cue_sound_exists_and_has_a_licence():
    for name in filter(None, SOUND_FOR_CUE.values()):
        assert (SOUNDS / name).is_file()
    assert "CC0 1.0" in (SOUNDS / "LICENSE.txt").read_text(encoding="utf-8")


def test_script_reproduces_the_committed_files(tmp_path):
    subprocess.run([sys.executable, str(ROOT / "scripts" / "make_gong.py"), str(tmp_path)],
                   check=True, capture_output=True)
    for name in ("gong.wav", "chime.wav"):
        assert (tmp_path / name).read_bytes() == (SOUNDS / name).read_bytes()
