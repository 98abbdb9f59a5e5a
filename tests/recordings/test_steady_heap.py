"""Large arrays freed while a recording is read go back to the system, whatever their sizes.

glibc raises its mmap threshold each time a large mapping is freed, and then serves the next
large arrays from its heap, which keeps them (and fragments) after they are freed; the pipeline
and speaker detection set a fixed threshold when they start reading audio (audio.steady_heap).
Each case runs in a fresh process, where nothing has set the threshold yet, so the first case
shows what the others guard against."""

from __future__ import annotations

import subprocess
import sys
import wave
from pathlib import Path

import pytest

from transcription import audio

ROOT = Path(__file__).resolve().parents[2]

# Frees a 16 MB array (glibc raises its threshold to 16 MB), then allocates and frees another:
# prints how many MB of resident memory that second array left behind.
PROGRAM = """
import sys
from pathlib import Path
import numpy as np
from transcription import audio

def resident_mb():
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024

if sys.argv[1] == "steady_heap":
    assert audio.steady_heap()
elif sys.argv[1] == "reading":
    assert sum(len(block) for block in audio.iter_blocks(sys.argv[2])) == 16000
first = np.ones(2**21)
del first
before = resident_mb()
second = np.ones(2**21)
del second
print(resident_mb() - before)
"""

pytestmark = pytest.mark.skipif(audio._libc() is None, reason="glibc's malloc only")


def left_behind_mb(case: str, wav: Path) -> float:
    out = subprocess.run(
        [sys.executable, "-c", PROGRAM, case, str(wav)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return float(out.stdout)


@pytest.fixture
def one_second(tmp_path) -> Path:
    path = tmp_path / "silence.wav"
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(16000)
        out.writeframes(b"\0\0" * 16000)
    return path


def test_without_it_a_freed_array_stays_in_the_heap(one_second):
    assert left_behind_mb("default", one_second) > 12


@pytest.mark.parametrize("case", ["steady_heap", "reading"])
def test_with_it_a_freed_array_goes_back(case, one_second):
    """Set directly, or by starting to read a recording (what the pipeline and speaker
    detection do)."""
    assert left_behind_mb(case, one_second) < 1
