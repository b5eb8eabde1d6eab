"""The fonts of a letter: the standard names its DOCX asks for (the ones the offices' Word has), and the free
OpenType fonts embedded in its PDF, the closest Debian has (Fandol, from texlive-lang-chinese)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from xiaoneng.errors import XiaonengError

# GB/T 9704 names the styles; these are the fonts of those styles in Chinese government offices.
FANG, SONG_TITLE, HEI, KAI, SONG = "仿宋_GB2312", "方正小标宋简体", "黑体", "楷体_GB2312", "宋体"

FANDOL_DIR = Path("/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol")


@dataclass(frozen=True)
class Face:
    family: str  # the CSS family name inside the PDF
    file: str


# 仿宋 body, 小标宋-like bold Song for the title and the issuer's mark, 黑体 and 楷体 for the first two levels,
# Song for the page numbers (7.5: 4号半角宋体阿拉伯数字).
FACES = {
    "fang": Face("XnFang", "FandolFang-Regular.otf"),
    "title": Face("XnSongBold", "FandolSong-Bold.otf"),
    "hei": Face("XnHei", "FandolHei-Regular.otf"),
    "kai": Face("XnKai", "FandolKai-Regular.otf"),
    "song": Face("XnSong", "FandolSong-Regular.otf"),
}


class FontsMissing(XiaonengError):
    status_code = 503
    code = "fonts_missing"


def font_path(key: str, directory: Path = FANDOL_DIR) -> Path:
    path = directory / FACES[key].file
    if not path.is_file():
        raise FontsMissing(f"服务器缺少公文字体 {FACES[key].file}（Debian 软件包 texlive-lang-chinese），无法生成 PDF")
    return path


def font_faces_css(directory: Path = FANDOL_DIR) -> str:
    """@font-face rules naming each file, so the PDF never depends on what fontconfig would pick instead."""
    return "\n".join(f"@font-face {{ font-family: {face.family}; src: url('{font_path(key, directory).as_uri()}'); }}"
                     for key, face in FACES.items())
