"""The claim vocabulary of lessons, in words: every claim kind, its arguments, and what
each tab can measure -- made from the tabs' declarations (a ``Catalog``), for the
README (``tests/test_lessons.py`` checks the README's copy against it)."""
from __future__ import annotations

from . import COMPARISONS, claim_args

BEGIN = "<!-- claim vocabulary: made by lrviz.lessons.vocabulary.markdown(catalog()) -->"
END = "<!-- end of the claim vocabulary -->"

_KINDS = {"model": "one of the tab's models", "point": "one number per input",
          "label": "a class the tab's models tell apart, from 0",
          "feature": "the number of an input, from 0",
          int: "a whole number", float: "a number", bool: "true or false", str: "a measure"}
_HOLDS = {"range": "`min` ≤ value ≤ `max` (either may be left out)",
          "at_most": "value ≤ `max_abs`", "is": "value is `is`"}
_COMPARED = {"change": ("Run moves the measure up (`sign` 1) or down (-1)",
                        "how Run changes a measure"),
             "compare": ("`model`'s value is above (`sign` 1) or below (-1) `than`'s",
                         "one model's measure against another's")}


def _args(spec, skip=()):
    out = []
    for name, (kind, required) in spec.items():
        if name not in skip:
            words = f"`{name}` ({'1 or -1' if name == 'sign' else _KINDS.get(kind, kind)})"
            out.append(words if required else f"optional {words}")
    return "; ".join(out) or "none"


def measures_of(catalog):
    """Every measure any tab declares, by name (one declaration per name)."""
    out = {}
    for tab in catalog.tabs:
        for m in catalog.measures[tab].values():
            out.setdefault(m.name, m)
    return out


def markdown(catalog):
    """The README's table of claims and of the measures of each tab."""
    rows = [BEGIN, "", "| claim | arguments | holds when | what it measures |",
            "|---|---|---|---|"]
    for m in measures_of(catalog).values():
        only = f" (only for {', '.join(m.models)})" if m.models else ""
        rows.append(f"| `{m.name}` | {_args(m.args)} | {_HOLDS[m.test]} | {m.doc}{only} |")
    for kind in COMPARISONS:
        spec = {"of": (str, True), **claim_args(kind, measures_of(catalog)["accuracy"])}
        holds, doc = _COMPARED[kind]
        rows.append(f"| `{kind}` | {_args(spec, skip=('model',) if kind == 'change' else ())}"
                    f"; and the arguments of the measure `of` names | {holds} | {doc} |")
    rows += ["", "| tab | measures (those a `change` or `compare` may be `of` in bold) "
             "| models |", "|---|---|---|"]
    for tab in catalog.tabs:
        names = ", ".join(f"**{m.name}**" if m.comparable else m.name
                          for m in catalog.measures[tab].values())
        rows.append(f"| {tab} | {names} | {', '.join(catalog.models[tab])} |")
    return "\n".join(rows + ["", END])
