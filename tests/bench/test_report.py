"""BENCHMARKS.md keeps the sections of the runs of their own when another run rewrites its part."""

from bench import report

MAIN = "# Benchmarks\n\n## Targets\n\n- met\n"
SOAK = f"{report.SOAK_BEGIN}\n\n## Soak\n\nfirst soak\n\n{report.SOAK_END}"
AB = f"{report.AB_BEGIN}\n\n## A/B\n\nfirst A/B\n\n{report.AB_END}"


def test_a_first_soak_section_goes_before_the_ab():
    text = report.with_soak_section(f"{MAIN}\n{AB}\n", SOAK)
    assert text == f"{MAIN}\n{SOAK}\n\n{AB}\n"


def test_a_first_soak_section_goes_at_the_end_without_an_ab():
    assert report.with_soak_section(MAIN, SOAK) == f"{MAIN}\n{SOAK}\n"


def test_the_soak_replaces_its_section_and_keeps_the_rest():
    text = report.with_soak_section(f"{MAIN}\n{SOAK}\n\n{AB}\n", SOAK.replace("first", "next"))
    assert text == f"{MAIN}\n{SOAK.replace('first', 'next')}\n\n{AB}\n"


def test_the_ab_replaces_its_section_and_keeps_the_soak():
    text = report.with_ab_section(f"{MAIN}\n{SOAK}\n\n{AB}\n", AB.replace("first", "next"))
    assert report.soak_section(text) == SOAK
    assert report.ab_section(text) == AB.replace("first", "next")
