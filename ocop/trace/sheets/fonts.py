"""The one font of the stamps: DejaVu Sans, measured and subset with fontTools.

The certificate PDF uses DejaVu Serif (same Debian package, ``fonts-dejavu-core``); the stamps use the
Sans of that family because DejaVu Serif has no ★ (U+2605) and a sans face stays legible at the 4 to 6 pt
that a 38 × 21.2 mm label leaves. Both have every Vietnamese letter precomposed, so text is normalised to
NFC before it is measured or drawn.
"""

import io
import subprocess
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

FAMILY = "DejaVu Sans"
DEBIAN_PATH = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
ELLIPSIS = "…"
REPLACEMENT = "?"  # drawn for a character the font lacks (an emoji in a product name, say)
POINT_IN_MILLIMETRES = 25.4 / 72


# eq=False: a font is itself, hashed by identity, so measurements of it can be cached.
@dataclass(frozen=True, eq=False)
class Font:
    path: Path
    postscript_name: str
    units_per_em: int
    glyph_id_by_character: dict[str, int]
    advance_by_glyph_id: dict[int, int]
    ascent: int
    descent: int
    cap_height: int
    bounding_box: tuple[int, int, int, int]

    def clean(self, text: str) -> str:
        """``text`` in NFC with what the font cannot draw replaced, on one line."""
        text = " ".join(unicodedata.normalize("NFC", text).split())
        return "".join(
            character if character in self.glyph_id_by_character else REPLACEMENT for character in text
        )

    def width(self, text: str, size: float) -> float:
        """The advance width of clean ``text`` at ``size``, in the unit of ``size``."""
        units = sum(self.advance_by_glyph_id[self.glyph_id_by_character[character]] for character in text)
        return units * size / self.units_per_em

    def truncate(self, text: str, size: float, width: float) -> str:
        """Clean ``text`` cut to ``width``, an ellipsis marking the cut."""
        text = self.clean(text)
        if self.width(text, size) <= width:
            return text
        while text and self.width(text.rstrip() + ELLIPSIS, size) > width:
            text = text[:-1]
        return text.rstrip() + ELLIPSIS

    @lru_cache(maxsize=256)  # noqa: B019 - one font for the process's life; a print run has one name
    def wrap(self, text: str, size: float, width: float, lines: int) -> list[str]:
        """Clean ``text`` in at most ``lines`` lines of ``width``, the last one truncated if it must be."""
        words = self.clean(text).split(" ")
        result: list[str] = []
        while words and len(result) < lines - 1:
            line = words.pop(0)
            while words and self.width(f"{line} {words[0]}", size) <= width:
                line = f"{line} {words.pop(0)}"
            if self.width(line, size) > width:  # one word longer than the line: cut it, go on
                result.append(self.truncate(line, size, width))
                continue
            result.append(line)
        if words:
            result.append(self.truncate(" ".join(words), size, width))
        return result

    def subset_bytes(self, characters: set[str]) -> bytes:
        """The font file with only the glyphs of ``characters``, the glyph ids unchanged (the PDF text
        names glyphs by their id in the whole font, so pages can be written before the subset is)."""
        options = subset.Options()
        options.retain_gids = True
        options.layout_features = []
        options.notdef_outline = True
        options.drop_tables += ["FFTM"]  # FontForge's timestamps: fontTools cannot subset them
        font = TTFont(self.path)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes={ord(character) for character in characters})
        subsetter.subset(font)
        buffer = io.BytesIO()
        font.save(buffer)
        return buffer.getvalue()


@cache
def stamp_font() -> Font:
    font = TTFont(_font_path(), lazy=True)
    character_map = font.getBestCmap()
    glyph_id_by_character = {chr(code): font.getGlyphID(name) for code, name in character_map.items()}
    metrics = font["hmtx"].metrics
    advance_by_glyph_id = {font.getGlyphID(name): metric[0] for name, metric in metrics.items()}
    head = font["head"]
    return Font(
        path=_font_path(),
        postscript_name=str(font["name"].getDebugName(6)),
        units_per_em=head.unitsPerEm,
        glyph_id_by_character=glyph_id_by_character,
        advance_by_glyph_id=advance_by_glyph_id,
        ascent=font["hhea"].ascent,
        descent=font["hhea"].descent,
        cap_height=font["glyf"]["H"].yMax,  # DejaVu's OS/2 table is too old to say
        bounding_box=(head.xMin, head.yMin, head.xMax, head.yMax),
    )


def _font_path() -> Path:
    """DejaVu Sans where fontconfig finds it, Debian's path when fontconfig is absent."""
    try:
        found = subprocess.run(  # noqa: S603 - fixed arguments, no user input
            ["fc-match", "--format=%{file}", f"{FAMILY}:style=Book"],  # noqa: S607 - fontconfig's tool
            capture_output=True,
            text=True,
            check=True,
            timeout=10,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        found = ""
    path = Path(found) if found.endswith("DejaVuSans.ttf") else DEBIAN_PATH
    if not path.exists():
        raise FileNotFoundError(f"{FAMILY} is needed for stamps: install Debian's fonts-dejavu-core")
    return path
