"""Print how long the crisis-talk take-away takes to build (PDF fitted to one page, Markdown).

Run: python -m tests.bench.bench_handout
"""

import time

from coaching import conversations as talks

CASES = {
    "no notes": {},
    "short notes": {"acknowledge": "Energiekosten verdoppelt", "agree": "Pause bis März"},
    "long notes": {
        key: "Sehr ausführliche Notiz. " * 60
        for key in talks.script("de", "crisis_cancellation").steps
    },
}


def main(rounds: int = 5) -> None:
    for label, notes in CASES.items():
        start = time.perf_counter()
        for _ in range(rounds):
            pdf = talks.handout_pdf("de", "crisis_cancellation", notes, "sie", "Café Lindner")
        middle = time.perf_counter()
        for _ in range(rounds):
            talks.handout_markdown("de", "crisis_cancellation", notes, "sie", "Café Lindner")
        end = time.perf_counter()
        print(
            f"{label:12} PDF {(middle - start) / rounds * 1000:6.0f} ms "
            f"({len(pdf) // 1024} KB, {talks.page_count(pdf)} page) · "
            f"Markdown {(end - middle) / rounds * 1000:5.1f} ms"
        )


if __name__ == "__main__":
    main()
