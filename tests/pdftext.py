"""Read back the text of a PDF written by fpdf2 (no PDF library is installed): test helper only.

fpdf2 writes Unicode fonts as Identity-H with glyph codes and a ToUnicode map per font, and
compresses page streams; this undoes both, enough to assert that a sentence is on the page.
"""

import re
import zlib

_OBJECT = re.compile(rb"(\d+) 0 obj(.*?)endobj", re.S)
_STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.S)
_STRING = rb"\((?:\\.|[^\\)])*\)"
_TOKENS = re.compile(
    rb"/(F\d+)\s+[\d.]+\s+Tf|(" + _STRING + rb")\s*Tj|\[((?:" + _STRING + rb"|[^\]()])*)\]\s*TJ",
    re.S,
)
_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


def page_count(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


def pdf_text(pdf: bytes) -> str:
    objects = {int(number): body for number, body in _OBJECT.findall(pdf)}
    fonts = {}
    for body in objects.values():
        for name, ref in re.findall(rb"/(F\d+)\s+(\d+) 0 R", body):
            to_unicode = re.search(rb"/ToUnicode (\d+) 0 R", objects[int(ref)])
            fonts[name] = _cmap(_stream(objects[int(to_unicode.group(1))]))
    lines = []
    for body in objects.values():
        if re.search(rb"/Type /Page\b(?!s)", body):
            contents = int(re.search(rb"/Contents (\d+) 0 R", body).group(1))
            lines += _show(_stream(objects[contents]), fonts)
    return "\n".join(lines)


def _stream(body: bytes) -> bytes:
    data = _STREAM.search(body).group(1)
    return zlib.decompress(data) if b"/FlateDecode" in body else data


def _cmap(data: bytes) -> dict[int, str]:
    mapping = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
        for code, text in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            mapping[int(code, 16)] = bytes.fromhex(text.decode()).decode("utf-16-be")
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.S):
        for low, high, start in re.findall(
            rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block
        ):
            for offset in range(int(high, 16) - int(low, 16) + 1):
                mapping[int(low, 16) + offset] = chr(int(start, 16) + offset)
    return mapping


def _show(content: bytes, fonts: dict) -> list[str]:
    font, lines = {}, []
    for name, single, array in _TOKENS.findall(content):
        if name:
            font = fonts[name]
            continue
        parts = [single] if single else re.findall(_STRING, array)
        codes = b"".join(_unescape(part[1:-1]) for part in parts)
        lines.append(
            "".join(
                font.get(int.from_bytes(codes[i : i + 2]), "?") for i in range(0, len(codes), 2)
            )
        )
    return lines


def _unescape(raw: bytes) -> bytes:
    out, i = bytearray(), 0
    while i < len(raw):
        if raw[i : i + 1] == b"\\":
            following = raw[i + 1 : i + 2]
            octal = re.match(rb"[0-7]{1,3}", raw[i + 1 : i + 4])
            if octal:
                out.append(int(octal.group(0), 8) & 0xFF)
                i += 1 + len(octal.group(0))
                continue
            out += _ESCAPES.get(following, following)
            i += 2
        else:
            out += raw[i : i + 1]
            i += 1
    return bytes(out)
