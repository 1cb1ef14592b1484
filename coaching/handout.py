"""PDF and Markdown handouts built from one outline, so both say the same thing.

User text is written as plain text into the PDF (no markup is interpreted) and escaped in Markdown;
web and mail addresses in it become code spans, because Markdown viewers link bare addresses
even when their characters are escaped.
"""

import re
from dataclasses import dataclass, field

from fpdf import FPDF

from coaching.settings import PROJECT_ROOT

FONTS = PROJECT_ROOT / "data" / "fonts"
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~])")
_ADDRESS = re.compile(
    r"(?i)(?:\b[a-z][a-z0-9+.-]*://|\b(?:mailto|javascript|data|tel|file):|\bwww\.)"
    r"[^\s<>()\[\]\"'`]+"
    r"|[\w.+-]+@[\w-]+\.[\w.-]+"
)


@dataclass
class Section:
    heading: str
    paragraphs: list[str] = field(default_factory=list)
    bullets: list[str] = field(default_factory=list)


@dataclass
class Outline:
    title: str
    subtitle: str = ""
    sections: list[Section] = field(default_factory=list)
    footer: str = ""


def to_markdown(outline: Outline) -> str:
    lines = [f"# {md(outline.title)}", ""]
    if outline.subtitle:
        lines += [f"_{md(outline.subtitle)}_", ""]
    for section in outline.sections:
        lines += [f"## {md(section.heading)}", ""]
        lines += [f"{md(p)}\n" for p in section.paragraphs]
        lines += [f"- {md(b)}" for b in section.bullets]
        lines.append("")
    if outline.footer:
        lines += ["---", md(outline.footer)]
    return "\n".join(lines).strip() + "\n"


def to_pdf(outline: Outline) -> bytes:
    pdf = FPDF(format="A4")
    pdf.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 18)
    pdf.multi_cell(0, 9, outline.title, new_x="LMARGIN", new_y="NEXT")
    if outline.subtitle:
        pdf.set_font("DejaVu", "", 10)
        pdf.multi_cell(0, 6, outline.subtitle, new_x="LMARGIN", new_y="NEXT")
    for section in outline.sections:
        pdf.ln(3)
        pdf.set_font("DejaVu", "B", 12)
        pdf.multi_cell(0, 7, section.heading, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "", 10)
        for paragraph in section.paragraphs:
            pdf.multi_cell(0, 5.5, paragraph, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1)
        for bullet in section.bullets:
            pdf.multi_cell(0, 5.5, f"• {bullet}", new_x="LMARGIN", new_y="NEXT")
    if outline.footer:
        pdf.ln(4)
        pdf.set_font("DejaVu", "", 8)
        pdf.multi_cell(0, 4.5, outline.footer, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def md(text: str) -> str:
    """User text as literal Markdown: markup escaped, addresses as code (never a link)."""
    parts, last = [], 0
    for found in _ADDRESS.finditer(text):
        parts += [_MD_SPECIAL.sub(r"\\\1", text[last : found.start()]), _code(found.group())]
        last = found.end()
    return "".join([*parts, _MD_SPECIAL.sub(r"\\\1", text[last:])])


def _code(text: str) -> str:
    fence = "`" * (max((len(run) for run in re.findall("`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"
