#!/usr/bin/env python3
"""Synthesise the timer's cue sounds into resources/sounds/ (pure Python, no samples).

* gong.wav  - the end of a round: a soft gong on E3 (164.8 Hz, high enough for laptop
  speakers through its upper partials), about 3 s.
* chime.wav - wrap-up: a short, quieter bell, about 1.5 s.

Each sound is a sum of exponentially decaying sine partials. The partial ratios are
slightly inharmonic (as in a struck metal plate), high partials die faster than low
ones, and two partials are detuned by a fraction of a hertz so the tone beats gently
instead of sounding like an electronic beep. A few milliseconds of raised-cosine attack
avoid a click, and a fade over the last 0.4 s ends exactly in silence.

Output: 44.1 kHz, 16-bit, mono; peak normalised to -3 dBFS (gong) and -9 dBFS (chime).
The script is deterministic, so running it again reproduces the committed files byte for
byte:  python scripts/make_gong.py [output folder]
"""

from __future__ import annotations

import math
import sys
import wave
from array import array
from pathlib import Path

RATE = 44_100

# (frequency ratio to the fundamental, relative amplitude, decay time constant in s)
GONG_PARTIALS = (
    (1.000, 1.00, 1.60),
    (1.004, 0.45, 1.40),  # detuned twin: a slow beat of about 0.7 Hz
    (1.520, 0.55, 1.10),
    (2.030, 0.38, 0.85),
    (2.740, 0.26, 0.60),
    (3.410, 0.17, 0.45),
    (4.180, 0.11, 0.32),
    (5.430, 0.07, 0.22),
)
CHIME_PARTIALS = (
    (1.000, 1.00, 0.55),
    (2.005, 0.35, 0.35),
    (2.760, 0.30, 0.28),
    (2.768, 0.20, 0.30),  # detuned twin of the bell's third partial
    (5.404, 0.10, 0.12),
)


def synthesise(fundamental: float, partials: tuple[tuple[float, float, float], ...],
               seconds: float, attack: float, peak_dbfs: float) -> array:
    n = int(RATE * seconds)
    fade = int(RATE * 0.4)
    attack_n = max(1, int(RATE * attack))
    raw = [0.0] * n
    for ratio, amplitude, tau in partials:
        omega = 2 * math.pi * fundamental * ratio / RATE
        # Per-sample decay factor; multiplying avoids one exp() per sample.
        decay = math.exp(-1.0 / (RATE * tau))
        env = amplitude
        for i in range(n):
            raw[i] += env * math.sin(omega * i)
            env *= decay
    for i in range(n):
        if i < attack_n:
            raw[i] *= 0.5 - 0.5 * math.cos(math.pi * i / attack_n)
        if i >= n - fade:
            raw[i] *= 0.5 + 0.5 * math.cos(math.pi * (i - (n - fade)) / fade)
    peak = max(abs(x) for x in raw)
    target = 32767 * 10 ** (peak_dbfs / 20)
    scale = target / peak
    return array("h", (int(round(x * scale)) for x in raw))


def write_wav(path: Path, samples: array) -> None:
    if sys.byteorder == "big":
        samples = array("h", samples)
        samples.byteswap()
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(samples.tobytes())


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parent.parent / "resources" / "sounds"
    out.mkdir(parents=True, exist_ok=True)
    write_wav(out / "gong.wav", synthesise(164.8, GONG_PARTIALS, 3.0, 0.008, -3.0))
    write_wav(out / "chime.wav", synthesise(660.0, CHIME_PARTIALS, 1.5, 0.004, -9.0))
    print(f"wrote {out / 'gong.wav'} and {out / 'chime.wav'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
