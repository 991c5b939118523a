"""QR code matrices for stamps, thousands at a time.

segno encodes (ISO/IEC 18004 data encoding and Reed-Solomon codewords), but its choice of the data mask
(§7.8.3: try the eight masks, keep the lowest penalty) is pure Python and takes 80% of its time: 6.4 ms a
code, 64 s for a 10,000-label run. So segno's own steps write the data and error correction codewords
(``_final_message``), numpy places them in the matrix and scores the eight masks on the same rules, in the
same way as segno's ``mask_scores``; the mask with the lowest penalty is applied and its format and version
information copied from a segno code with that mask. The result is module for module what
``segno.make(uri, error="m")`` draws (the tests compare them), at 1.6 ms a code; without segno's placement
of the codewords and its pass applying mask 0 in Python, which took 40% of that, at about 1 ms.
The helpers used from ``segno.encoder`` are not segno's public API: the tests catch an upgrade that moves
them.
"""

from collections.abc import Sequence
from functools import cache

import numpy as np
import segno
from numpy.typing import NDArray
from segno import consts as segno_consts
from segno import encoder as segno_encoder

ERROR_LEVEL = "m"  # survives a smudged or scratched print; segno raises it when the size allows
FINDER_LIKE_PATTERN = np.array([1, 0, 1, 1, 1, 0, 1], dtype=np.uint8)
Matrix = NDArray[np.uint8]


def qr_matrix(uri: str) -> Matrix:
    """The modules of the QR code of ``uri`` (1 = dark), rows top to bottom, without the quiet zone."""
    return qr_matrices([uri])[0]


def qr_matrices(uris: Sequence[str]) -> list[Matrix]:
    """The QR codes of many URIs: the penalties of codes of one size are scored together, in one pass."""
    messages = [_final_message(uri) for uri in uris]
    results: list[Matrix | None] = [None] * len(messages)
    indexes_by_version: dict[int, list[int]] = {}
    for index, (version, _error, _bits) in enumerate(messages):
        indexes_by_version.setdefault(version, []).append(index)
    for version, indexes in indexes_by_version.items():
        width = segno_encoder.calc_matrix_size(version)
        encoding_region, reserved = _regions(width)
        masks = _mask_patterns(width) & encoding_region
        rows, columns = _placement(width)
        unmasked = np.repeat(_function_patterns(width)[np.newaxis], len(indexes), axis=0)
        bits = b"".join(messages[index][2] for index in indexes)
        unmasked[:, rows, columns] = np.frombuffer(bits, dtype=np.uint8).reshape(len(indexes), -1)
        # Like segno, the penalty is scored before the format and version information are written.
        candidates = (unmasked[:, np.newaxis] ^ masks) * ~reserved
        # argmin keeps the first of equal scores, as segno does.
        best_masks = np.argmin(_penalties(candidates), axis=1).tolist()
        for position, (index, best_mask) in enumerate(zip(indexes, best_masks, strict=True)):
            final = candidates[position, best_mask]
            final[reserved] = _format_and_version_modules(version, messages[index][1], best_mask)[reserved]
            results[index] = final
    return [result for result in results if result is not None]


def _final_message(uri: str) -> tuple[int, int, bytes]:
    """The version, error level and final message bits (ISO/IEC 18004 §7.4 to §7.6) of the code
    ``segno.make(uri, error=ERROR_LEVEL, micro=False)`` makes: segno's own steps (``segno.encoder.encode``
    and ``_encode``), up to where segno places the bits in the matrix."""
    segments = segno_encoder.prepare_data(uri, None, None)
    error = segno_encoder.normalize_errorlevel(ERROR_LEVEL)
    version = segno_encoder.find_version(segments, error, eci=False, micro=False)
    error = segno_encoder.boost_error_level(version, error, segments, False)
    buffer = segno_encoder.Buffer()
    for segment in segments:
        segno_encoder.write_segment(buffer, segment, None, segno_encoder.version_range(version), False)
    capacity = segno_consts.SYMBOL_CAPACITY[version][error]  # type: ignore[index]
    segno_encoder.write_terminator(buffer, capacity, None, len(buffer))
    segno_encoder.write_padding_bits(buffer, version, len(buffer))
    segno_encoder.write_pad_codewords(buffer, version, capacity, len(buffer))
    return version, error, bytes(segno_encoder.make_final_message(version, error, buffer))


@cache
def _function_patterns(width: int) -> Matrix:
    """Finder, timing and alignment patterns, 0 elsewhere: the matrix the data bits are placed in."""
    matrix = segno_encoder.make_matrix(width, width)
    segno_encoder.add_finder_patterns(matrix, width, width)
    segno_encoder.add_alignment_patterns(matrix, width, width)
    patterns = np.array(matrix, dtype=np.uint8)
    patterns[patterns == 0x2] = 0
    return patterns


@cache
def _placement(width: int) -> tuple[NDArray[np.intp], NDArray[np.intp]]:
    """Row and column of each bit of the final message in order: segno's ``add_codewords`` walk (§7.7.3),
    two-module columns from the right, alternately upwards and downwards, skipping the function patterns
    and the vertical timing pattern."""
    matrix = segno_encoder.make_matrix(width, width)
    segno_encoder.add_finder_patterns(matrix, width, width)
    segno_encoder.add_alignment_patterns(matrix, width, width)
    free = np.array(matrix, dtype=np.uint8) == 0x2
    rows, columns = [], []
    for right in range(width - 1, 0, -2):
        if right <= 6:
            right -= 1
        for vertical in range(width):
            for offset in (0, 1):
                column = right - offset
                upwards = ((right & 2) == 0) ^ (column < 6)
                row = width - 1 - vertical if upwards else vertical
                if free[row, column]:
                    rows.append(row)
                    columns.append(column)
    return np.array(rows, dtype=np.intp), np.array(columns, dtype=np.intp)


def _penalties(candidates: Matrix) -> NDArray[np.int64]:
    """ISO/IEC 18004 §7.8.3.1 penalties N1 to N4 of each candidate (the last two axes), scored exactly as
    segno scores them."""
    width = candidates.shape[-1]
    squares = (-2, -1)
    # Rows and columns alike: the columns of each candidate become more rows.
    lines = np.concatenate([candidates, np.swapaxes(candidates, -1, -2)], axis=-2).astype(bool)
    same_as_next = lines[..., 1:] == lines[..., :-1]
    # N1: a run of L >= 5 modules of one colour scores L - 2 = (L - 4 windows of 5 in it) + 2 for the run.
    five_alike = (
        same_as_next[..., :-3] & same_as_next[..., 1:-2] & same_as_next[..., 2:-1] & same_as_next[..., 3:]
    )
    run_starts = five_alike.copy()
    run_starts[..., 1:] &= ~same_as_next[..., : width - 5]
    first_score = five_alike.sum(axis=squares) + 2 * run_starts.sum(axis=squares)
    # N2: every 2x2 block of one colour scores 3.
    rows = candidates.astype(bool)
    corner = rows[..., 1:, 1:]
    block = (corner == rows[..., 1:, :-1]) & (corner == rows[..., :-1, 1:]) & (corner == rows[..., :-1, :-1])
    second_score = 3 * block.sum(axis=squares)
    third_score = 40 * _finder_like_counts(lines)
    # N4: the same float arithmetic as segno, so a tie breaks the same way.
    dark_percent = candidates.sum(axis=squares, dtype=np.int64).astype(np.float64) / (width * width) * 100
    fourth_score = 10 * (np.abs(dark_percent - 50) / 5).astype(np.int64)
    return first_score + second_score + third_score + fourth_score


def _finder_like_counts(lines: NDArray[np.bool_]) -> NDArray[np.int64]:
    """N3: the 1:1:3:1:1 pattern with four light modules before or after it, outside the symbol counting
    as light (segno's reading of the standard).

    segno resumes its search seven modules after a counted pattern, so a pattern overlapping a counted
    one (four or six modules on) is not counted; that chain is resolved by iterating to a fixed point.
    """
    width = lines.shape[-1]
    positions = width - 6
    dark, light = lines, ~lines
    matches = dark[..., 0:positions] & light[..., 1 : positions + 1]
    for offset, is_dark in enumerate(FINDER_LIKE_PATTERN.tolist()[2:], start=2):
        matches &= (dark if is_dark else light)[..., offset : offset + positions]
    padded = np.zeros((*lines.shape[:-1], width + 8), dtype=bool)
    padded[..., 4:-4] = lines
    any_dark_of_four = padded[..., :-3] | padded[..., 1:-2] | padded[..., 2:-1] | padded[..., 3:]
    light_before = ~any_dark_of_four[..., 0:positions]
    light_after = ~any_dark_of_four[..., 11 : 11 + positions]
    qualifying = matches & (light_before | light_after)
    counted = qualifying.copy()
    while True:
        blocked = np.zeros_like(counted)
        blocked[..., 4:] |= counted[..., :-4]
        blocked[..., 6:] |= counted[..., :-6]
        following = qualifying & ~blocked
        if np.array_equal(following, counted):
            return counted.sum(axis=(-2, -1))
        counted = following


@cache
def _regions(width: int) -> tuple[NDArray[np.bool_], NDArray[np.bool_]]:
    """Where the data goes (masked), and where the format and version information go, for this width."""
    function_modules = segno_encoder.make_matrix(width, width)
    segno_encoder.add_finder_patterns(function_modules, width, width)
    segno_encoder.add_alignment_patterns(function_modules, width, width)
    function_modules[-8][8] = 0x1  # the dark module: never masked
    layout = np.array(function_modules, dtype=np.uint8)
    unreserved = segno_encoder.make_matrix(width, width, reserve_regions=False)
    segno_encoder.add_finder_patterns(unreserved, width, width)
    segno_encoder.add_alignment_patterns(unreserved, width, width)
    reserved = (layout != np.array(unreserved, dtype=np.uint8)) | np.zeros((width, width), dtype=bool)
    reserved[-8, 8] = True
    return layout > 0x1, reserved


@cache
def _mask_patterns(width: int) -> Matrix:
    rows, columns = np.indices((width, width))
    functions = segno_encoder.get_data_mask_functions(False)
    return np.array([np.vectorize(function)(rows, columns) for function in functions], dtype=np.uint8)


@cache
def _format_and_version_modules(version: int, error: int, mask: int) -> Matrix:
    """The modules of a code of this version, error level and mask: only its reserved areas are read."""
    # The format information depends on the error level and the mask, the version information on the
    # version only; the data of this reference code is never used.
    reference = segno.make_qr(
        "", version=version, error=segno_encoder.get_error_name(error), mask=mask, boost_error=False
    )
    return np.array(reference.matrix, dtype=np.uint8)
