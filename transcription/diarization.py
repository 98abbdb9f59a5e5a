"""Who speaks when: offline speaker diarization of a recording on the CPU.

It needs nothing to download.

The light engine ("mfcc") needs only NumPy and SciPy: speech found by the same Silero VAD as
transcription, a voice print per sliding window of 1.5 s (mean MFCCs and median pitch),
agglomerative clustering of the prints cut where the clusters fit best (silhouette), every print
then given its nearest speaker, and turns split where the speaker of the prints changes. The
audio is decoded block by block, so memory stays flat however long the recording; only the
small voice prints (a few kB a minute) are kept.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .audio import BLOCK_SECONDS, iter_blocks, probe
from .base import SAMPLE_RATE

Progress = Callable[[float], None]

WINDOW = 1.5  # seconds of speech behind one voice print
HOP = 0.75  # seconds between voice prints
FRAME, FRAME_HOP, N_FFT, N_MELS, N_MFCC = 400, 160, 512, 40, 20  # 25 ms frames every 10 ms
MAX_SPEAKERS = 16
MAX_CLUSTERED = 3000  # voice prints clustered at once; the rest join the nearest speaker
VOICED = 0.5  # normalised autocorrelation peak of a voiced frame


@dataclass(frozen=True)
class SpeakerTurn:
    """A stretch of one detected voice, in seconds from the start of the recording."""

    start: float
    end: float
    speaker: int  # 0, 1, … in order of first appearance


@dataclass(frozen=True)
class Diarization:
    """The turns, and per speaker its mean voice print (to recognise the voice elsewhere)."""

    turns: list[SpeakerTurn]
    voiceprints: dict[int, list[float]]
    engine: str

    @property
    def speakers(self) -> int:
        return len(self.voiceprints)


# -- voice prints --------------------------------------------------------------------------------


def _mel_filters() -> np.ndarray:
    def hz_to_mel(hz):
        return 2595 * np.log10(1 + np.asarray(hz) / 700)

    def mel_to_hz(mel):
        return 700 * (10 ** (np.asarray(mel) / 2595) - 1)

    edges = mel_to_hz(np.linspace(hz_to_mel(60), hz_to_mel(7600), N_MELS + 2))
    bins = np.fft.rfftfreq(N_FFT, 1 / SAMPLE_RATE)
    filters = np.zeros((N_MELS, len(bins)), dtype=np.float32)
    for m in range(N_MELS):
        low, mid, high = edges[m : m + 3]
        filters[m] = np.clip(
            np.minimum((bins - low) / (mid - low), (high - bins) / (high - mid)), 0, None
        )
    return filters


_FILTERS = _mel_filters()
_WINDOW_FN = np.hamming(FRAME).astype(np.float32)
_DCT = np.cos(
    np.pi / N_MELS * (np.arange(N_MELS) + 0.5)[None, :] * np.arange(1, N_MFCC + 1)[:, None]
)


def frame_features(audio: np.ndarray) -> np.ndarray:
    """Per 10 ms frame of 16 kHz audio: MFCCs 1..20, then the log pitch (NaN if unvoiced)."""
    if len(audio) < FRAME:
        return np.zeros((0, N_MFCC + 1), dtype=np.float32)
    audio = audio.astype(np.float32)
    emphasised = np.append(audio[0], audio[1:] - 0.97 * audio[:-1])
    count = 1 + (len(audio) - FRAME) // FRAME_HOP
    frames = np.lib.stride_tricks.sliding_window_view(emphasised, FRAME)[::FRAME_HOP][:count]
    power = np.abs(np.fft.rfft(frames * _WINDOW_FN, N_FFT)) ** 2
    mfccs = np.log(power @ _FILTERS.T + 1e-8) @ _DCT.T
    # Pitch of every other frame is enough for a window's median, at half the cost.
    raw = np.lib.stride_tricks.sliding_window_view(audio, FRAME)[::FRAME_HOP][:count:2]
    pitch = np.full(count, np.nan)
    pitch[::2] = _log_pitch(raw)
    return np.column_stack([mfccs, pitch]).astype(np.float32)


def _log_pitch(frames: np.ndarray) -> np.ndarray:
    """Log F0 of each frame from its autocorrelation peak (50 to 500 Hz); NaN where the peak is
    too weak for a voiced sound."""
    centred = frames - frames.mean(axis=1, keepdims=True)
    spectrum = np.fft.rfft(centred * _WINDOW_FN, 2 * N_FFT)
    correlation = np.fft.irfft(np.abs(spectrum) ** 2, 2 * N_FFT)[:, : SAMPLE_RATE // 50 + 1]
    correlation /= correlation[:, :1] + 1e-9
    shortest = SAMPLE_RATE // 500
    lag = shortest + np.argmax(correlation[:, shortest:], axis=1)
    voiced = correlation[np.arange(len(lag)), lag] > VOICED
    return np.where(voiced, np.log(SAMPLE_RATE / lag), np.nan)


def _prints(features: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Voice prints of sliding windows over one speech region's frame features (mean MFCCs, then
    the median pitch of the voiced frames, NaN if too few): (prints, centre frames)."""
    size, hop = int(WINDOW * 100), int(HOP * 100)
    if len(features) < 40:  # under 0.4 s: too little to tell a voice
        return np.zeros((0, N_MFCC + 1)), np.zeros(0, dtype=int)
    starts = list(range(0, max(len(features) - size, 0) + 1, hop))
    if starts[-1] + size < len(features):
        starts.append(max(len(features) - size, 0))
    prints = np.stack([_print(features[s : s + size]) for s in starts])
    centres = np.array([min(s + size // 2, len(features) - 1) for s in starts])
    return prints, centres


def _print(window: np.ndarray) -> np.ndarray:
    """One window's print: its mean MFCCs and the median pitch of its voiced frames."""
    pitch = window[:, N_MFCC]
    voiced = pitch[~np.isnan(pitch)]
    median = np.median(voiced) if len(voiced) >= 8 else np.nan
    return np.append(window[:, :N_MFCC].mean(axis=0), median)


# -- clustering ----------------------------------------------------------------------------------

MIN_GAP = 1.3  # a jump this large in merge distance (one voice: < 1.25)…
MIN_SILHOUETTE = 0.4  # …and a cut into voices that fits better than this (one voice: 0.2-0.4)…
CLEAR_SILHOUETTE = 0.45  # …or one that fits better than this, else one voice
PITCH_WEIGHT = 1.7  # pitch counts as three MFCCs: voices of one synthesiser differ mostly in it
MIN_PRINTS = 4  # a speaker has at least this many voice prints (3 s of speech)…
MIN_SHARE = 0.02  # …and at least this share of them


def _space(prints: np.ndarray) -> np.ndarray:
    """Prints as unit rows for cosine clustering: each column standardised, a missing pitch
    set to the median one, the pitch column weighted."""
    prints = prints.copy()
    pitch = prints[:, N_MFCC]
    known = pitch[~np.isnan(pitch)]
    pitch[np.isnan(pitch)] = np.median(known) if len(known) else 0.0
    standard = (prints - prints.mean(axis=0)) / (prints.std(axis=0) + 1e-6)
    standard[:, N_MFCC] *= PITCH_WEIGHT
    return _unit(standard).astype(np.float32)


def _unit(rows: np.ndarray) -> np.ndarray:
    return rows / (np.linalg.norm(rows, axis=1, keepdims=True) + 1e-9)


def cluster(prints: np.ndarray, *, max_speakers: int = MAX_SPEAKERS) -> np.ndarray:
    """A speaker number per voice print, by average-linkage clustering on cosine distance of the
    standardised prints. Of the cuts of the tree into 2..max_speakers voices of a few seconds
    each (smaller clusters join the nearest voice), the one with the best silhouette; one voice
    unless that cut fits clearly, or fairly with a jump in merge distance."""
    from scipy.cluster.hierarchy import linkage

    n = len(prints)
    if n < 4:
        return np.zeros(n, dtype=int)
    unit = _space(prints)
    tree = linkage(unit, method="average", metric="cosine")
    heights = tree[:, 2]
    jump = max(
        (
            heights[-(k - 1)] / max(heights[-k], 1e-9)
            for k in range(2, min(max_speakers, n - 1) + 1)
        ),
        default=0.0,
    )
    labels, score = _best_cut(tree, unit, max_speakers)
    if score >= CLEAR_SILHOUETTE or (jump >= MIN_GAP and score >= MIN_SILHOUETTE):
        return labels
    return np.zeros(n, dtype=int)


def _best_cut(tree: np.ndarray, unit: np.ndarray, max_speakers: int) -> tuple[np.ndarray, float]:
    """The cut of `tree` whose speakers (clusters of at least MIN_PRINTS and MIN_SHARE) have the
    best silhouette, and that silhouette (-1 without such a cut). Cutting lower than the count
    wanted is needed on long recordings, where stray prints make many tiny clusters high up."""
    from scipy.cluster.hierarchy import fcluster

    n = len(unit)
    smallest = max(MIN_PRINTS, int(MIN_SHARE * n))
    similarity = unit @ unit.T
    best, best_score, seen = np.zeros(n, dtype=int), -1.0, set()
    for k in range(2, min(n - 1, 4 * max_speakers) + 1):
        labels = _without_small(unit, fcluster(tree, k, criterion="maxclust") - 1, smallest)
        speakers = int(labels.max()) + 1
        if speakers > max_speakers:
            break
        if speakers < 2 or speakers in seen:
            continue
        seen.add(speakers)
        score = _silhouette(similarity, labels)
        if score > best_score:
            best, best_score = labels, score
    return best, best_score


def _without_small(unit: np.ndarray, labels: np.ndarray, smallest: int) -> np.ndarray:
    """Clusters smaller than `smallest` joined to the nearest larger one; renumbered 0, 1, …"""
    large = np.flatnonzero(np.bincount(labels) >= smallest)
    if len(large) < 2:
        return np.zeros(len(labels), dtype=int)
    return _nearest(unit, [labels == k for k in large])


def _nearest(unit: np.ndarray, members: list[np.ndarray]) -> np.ndarray:
    """Each row's nearest (cosine) centre of the given groups of rows, renumbered 0, 1, …"""
    centres = _unit(np.stack([unit[group].mean(axis=0) for group in members]))
    return np.unique(np.argmax(unit @ centres.T, axis=1), return_inverse=True)[1]


def _silhouette(similarity: np.ndarray, labels: np.ndarray) -> float:
    """Mean silhouette of a partition, from the rows' cosine similarities."""
    onehot = np.eye(int(labels.max()) + 1, dtype=np.float32)[labels]
    sizes = onehot.sum(axis=0)
    distance = 1 - (similarity @ onehot) / sizes  # mean distance of each row to each cluster
    rows = np.arange(len(labels))
    own = distance[rows, labels] * sizes[labels] / np.maximum(sizes[labels] - 1, 1)
    distance[rows, labels] = np.inf
    other = distance.min(axis=1)
    return float(np.mean((other - own) / np.maximum(np.maximum(other, own), 1e-9)))


# -- the whole step ------------------------------------------------------------------------------


def diarize_path(
    path: Path | str,
    *,
    max_speakers: int = MAX_SPEAKERS,
    progress: Progress | None = None,
    block_seconds: float = BLOCK_SECONDS,
) -> Diarization:
    """Detected speakers' turns in the recording at `path`."""
    from .vad import speech_regions

    info = probe(path)
    expected = (info.duration or 0) * SAMPLE_RATE
    prints, times, regions = [], [], []
    offset = 0
    for block in iter_blocks(path, block_seconds=block_seconds):
        for start, end in speech_regions(block):
            features = frame_features(block[start:end])
            found, centres = _prints(features)
            base = (offset + start) / SAMPLE_RATE
            regions.append((base, (offset + end) / SAMPLE_RATE))
            if len(found):
                prints.append(found)
                times.append(base + centres / 100)
        offset += len(block)
        if progress and expected:
            progress(min(offset / expected, 1.0) * 0.8)
    if not prints:
        return Diarization(turns=[], voiceprints={}, engine="mfcc")
    all_prints, all_times = np.concatenate(prints), np.concatenate(times)
    labels = _labels(all_prints, max_speakers)
    turns, order = _turns(regions, all_times, labels)
    if progress:
        progress(1.0)
    voiceprints = {
        order[label]: [
            round(float(x), 4) for x in all_prints[labels == label, :N_MFCC].mean(axis=0)
        ]
        for label in order
    }
    return Diarization(turns=turns, voiceprints=voiceprints, engine="mfcc")


def _labels(prints: np.ndarray, max_speakers: int) -> np.ndarray:
    """Cluster at most MAX_CLUSTERED prints (evenly spread over the recording), then give every
    print the speaker of the nearest centre: that also settles prints the tree put badly."""
    picked = np.linspace(0, len(prints) - 1, min(len(prints), MAX_CLUSTERED)).astype(int)
    labels = cluster(prints[picked], max_speakers=max_speakers)
    if labels.max() == 0:
        return np.zeros(len(prints), dtype=int)
    unit = _space(prints)
    return _nearest(unit, [picked[labels == k] for k in range(int(labels.max()) + 1)])


def _turns(
    regions: list[tuple[float, float]], times: np.ndarray, labels: np.ndarray
) -> tuple[list[SpeakerTurn], dict[int, int]]:
    """Each speech region split where the nearest voice print's speaker changes; speakers
    renumbered by first appearance; neighbours of one speaker merged."""
    turns: list[SpeakerTurn] = []
    for start, end in regions:
        inside = np.flatnonzero((times >= start) & (times <= end))
        if not len(inside):
            nearest = int(np.argmin(np.abs(times - (start + end) / 2)))
            turns.append(SpeakerTurn(start, end, int(labels[nearest])))
            continue
        region_labels = _smooth(labels[inside])
        region_times = times[inside]
        cut = start
        for i in range(1, len(inside)):
            if region_labels[i] != region_labels[i - 1]:
                boundary = float((region_times[i] + region_times[i - 1]) / 2)
                turns.append(SpeakerTurn(cut, boundary, int(region_labels[i - 1])))
                cut = boundary
        turns.append(SpeakerTurn(cut, end, int(region_labels[-1])))
    order: dict[int, int] = {}
    merged: list[SpeakerTurn] = []
    for turn in turns:
        speaker = order.setdefault(turn.speaker, len(order))
        if merged and merged[-1].speaker == speaker and turn.start - merged[-1].end < 0.5:
            merged[-1] = SpeakerTurn(merged[-1].start, turn.end, speaker)
        else:
            merged.append(SpeakerTurn(turn.start, turn.end, speaker))
    return merged, order


def _smooth(labels: np.ndarray) -> np.ndarray:
    """A lone window between two of another speaker takes their label (a median filter of 3)."""
    out = labels.copy()
    for i in range(1, len(labels) - 1):
        if labels[i - 1] == labels[i + 1] != labels[i]:
            out[i] = labels[i - 1]
    return out


# -- turns onto transcript lines -----------------------------------------------------------------


def speaker_at(turns: list[SpeakerTurn], start: float, end: float) -> int | None:
    """The speaker who talks most between `start` and `end` (the nearest turn's when none
    overlaps); None without turns."""
    if not turns:
        return None
    talk: dict[int, float] = {}
    for turn in turns:
        shared = min(end, turn.end) - max(start, turn.start)
        if shared > 0:
            talk[turn.speaker] = talk.get(turn.speaker, 0.0) + shared
    if talk:
        return max(talk, key=talk.__getitem__)
    middle = (start + end) / 2
    return min(turns, key=lambda t: min(abs(t.start - middle), abs(t.end - middle))).speaker


def split_words(
    words: list[dict], turns: list[SpeakerTurn], *, min_words: int = 2
) -> list[tuple[int | None, list[dict]]]:
    """A line's words grouped into runs of one speaker each (a run shorter than `min_words`
    joins the run before it): where the speaker changes inside a line, the line is split."""
    runs: list[tuple[int | None, list[dict]]] = []
    for word in words:
        speaker = speaker_at(turns, float(word["start"]), float(word["end"]))
        if runs and runs[-1][0] == speaker:
            runs[-1][1].append(word)
        else:
            runs.append((speaker, [word]))
    merged: list[tuple[int | None, list[dict]]] = []
    for speaker, run in runs:
        if merged and (len(run) < min_words or merged[-1][0] == speaker):
            merged[-1][1].extend(run)
        elif merged and len(merged[-1][1]) < min_words:
            merged[-1] = (speaker, merged[-1][1] + run)
        else:
            merged.append((speaker, run))
    return merged
