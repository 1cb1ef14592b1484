"""The reason taxonomy in words and order: labels per language, the order that fixes colours.

Shared by the reasons page's aggregations and takeaways (coaching.insights) and its figures
(coaching.charts.reasons), so neither needs the other for a label.
"""

from coaching.content import catalog

UNASSIGNED = "_unassigned"


def reason_keys() -> list[str]:
    """The taxonomy order: it fixes each reason's colour in every chart."""
    return list(catalog("de").doc("reasons").reasons)


def reason_roots() -> dict[str, str]:
    return {key: r.root for key, r in catalog("de").doc("reasons").reasons.items()}


def reason_label(key: str, lang: str) -> str:
    cat = catalog(lang)
    found = cat.doc("reasons").reasons.get(key)
    return found.label if found else cat.text("insights.unassigned")


def root_label(key: str, lang: str) -> str:
    cat = catalog(lang)
    found = cat.doc("reasons").root_categories.get(key)
    return found.label if found else cat.text("insights.unassigned")


def stage_label(key: str, lang: str) -> str:
    if key == "crisis_talk":
        return catalog(lang).text("insights.stage_crisis_talk")
    return catalog(lang).text(f"pipeline.stage.{key}")


def signal_label(key: str, lang: str) -> str:
    found = catalog(lang).doc("signals").signals.get(key)
    return found.label if found else key


def join_words(words: list[str], lang: str) -> str:
    """'A, B und C' / 'A, B and C'."""
    if len(words) <= 1:
        return "".join(words)
    last = catalog(lang).text("insights.and")
    return f"{', '.join(words[:-1])} {last} {words[-1]}"


def reason_order() -> dict[str, int]:
    order = {key: i for i, key in enumerate(reason_keys())}
    order[UNASSIGNED] = len(order)
    return order


def root_order() -> dict[str, int]:
    order = {key: i for i, key in enumerate(catalog("de").doc("reasons").root_categories)}
    order[UNASSIGNED] = len(order)
    return order
