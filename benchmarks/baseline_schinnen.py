"""The baseline of issue 11: the Schinnen ordinance as a hand-written Python function.

Plain ifs over the case dict, three-valued logic with None for "the facts given leave it
open", and the same output fields per line as `grondslag batch` (regulation, date, every
decision with value, citations and missing, provenance), written with the standard
library's json. It does not settle open decisions (grondslag does), and it is not a
reference for the law: the tests hold grondslag to the law, not to this file.

    python benchmarks/baseline_schinnen.py CASES.jsonl OUT.jsonl
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INCOME_LIMIT = Decimal("2500.00")


def table() -> dict:
    """The citation objects, regulation and provenance as grondslag writes them. A hand-written
    program keeps them as constants; here they are taken from grondslag once and stored in a
    file (TABLE, written by benchmarks/bench.py before timing), so the field list never drifts."""
    sys.path.insert(0, str(ROOT))
    import interpreter
    version = interpreter.load(ROOT / "rules" / "schinnen").versions[0]
    by_label = {p.citation.label: p.citation.to_dict() for p in version.program.model.provisions}
    result = version.evaluate_facts({}, dt.date(2010, 1, 1)).to_dict()
    return {"citations": by_label, "regulation": result["regulation"], "provenance": result["provenance"]}


def _load_table():
    path = os.environ.get("BASELINE_TABLE")
    data = json.loads(Path(path).read_text(encoding="utf-8")) if path else table()
    return data["citations"], data["regulation"], data["provenance"]


CIT, REGULATION, PROVENANCE = _load_table()


def age(born: dt.date, on: dt.date) -> int:
    years = on.year - born.year
    if (on.month, on.day) < (born.month, born.day):
        years -= 1
    return years


def and3(*vals):
    if any(v is False for v in vals):
        return False
    if all(v is True for v in vals):
        return True
    return None


def or3(*vals):
    if any(v is True for v in vals):
        return True
    if all(v is False for v in vals):
        return False
    return None


def not3(v):
    return None if v is None else not v


def out(value, labels, missing):
    if value is None:
        return {"value": None, "citations": [], "missing": missing}
    return {"value": value, "citations": [CIT[x] for x in labels], "missing": []}


def evaluate(case: dict, date: dt.date) -> dict:
    g = case.get
    uitkering = g("uitkering")
    ingeschreven = g("ingeschreven_als_werkzoekende")
    woont = g("woont_in_gemeente")
    gesub = g("gesubsidieerde_arbeid")
    born = g("geboortedatum")
    born = dt.date.fromisoformat(born) if born is not None else None
    income = g("gezinsinkomen")
    income = Decimal(income) if income is not None else None
    deelname = g("neemt_deel_aan_voorziening")
    nagekomen = g("verplichtingen_nagekomen")
    d = {}

    ug = None if uitkering is None else uitkering in ("wwb", "ioaw", "ioaz")
    d["uitkeringsgerechtigde"] = out(ug, ["artikel 1, onder a"], ["uitkering"])
    anw = and3(None if uitkering is None else uitkering == "anw", ingeschreven)
    d["anw_er"] = out(anw, ["artikel 1, onder b"], ["uitkering", "ingeschreven_als_werkzoekende"])
    nugger = and3(ingeschreven, not3(ug))
    d["nugger"] = out(nugger, ["artikel 1, onder c"], ["uitkering", "ingeschreven_als_werkzoekende"])
    jong = and3(ug, None if born is None else age(born, date) <= 27)
    d["jongere"] = out(jong, ["artikel 1, onder d"], ["geboortedatum", "uitkering"])
    opdracht = and3(woont, or3(and3(ug, None if born is None else age(born, date) < 65),
                               None if uitkering is None else uitkering == "anw", nugger, gesub))
    d["opdracht_ondersteuning"] = out(opdracht, ["artikel 2, eerste lid"], ["woont_in_gemeente"])
    kinderen = g("kinderen")
    kind = None if kinderen is None else any(
        age(dt.date.fromisoformat(k["geboortedatum"]), date) < 12 for k in kinderen)
    d["kinderopvang_bevorderen"] = out(and3(kind, g("opvang_nodig_voor_traject")), ["artikel 2, vierde lid"],
                                       ["kinderen", "opvang_nodig_voor_traject"])
    # artikel 4: lid 1, set aside by art. 2 lid 1 (residence), lid 4 (income) and lid 5
    doelgroep = or3(ug, anw, nugger, gesub)
    hoog = None if income is None else income > INCOME_LIMIT
    toereikend = g("voorliggende_voorziening_toereikend")
    if woont is False or hoog is True or toereikend is True:
        labels = [x for x, hit in (("artikel 2, eerste lid", woont is False), ("artikel 4, vierde lid", hoog is True),
                                   ("artikel 4, vijfde lid", toereikend is True)) if hit]
        d["aanspraak_op_ondersteuning"] = out(False, labels, [])
    elif doelgroep is False:
        d["aanspraak_op_ondersteuning"] = out(False, ["artikel 4, eerste lid"], [])
    elif doelgroep is True and woont is True and hoog is False and toereikend is False:
        d["aanspraak_op_ondersteuning"] = out(True, ["artikel 4, eerste lid"], [])
    else:
        d["aanspraak_op_ondersteuning"] = out(None, [], ["woont_in_gemeente", "gezinsinkomen"])
    aangeboden = g("voorziening_aangeboden")
    d["gebruik_voorziening_verplicht"] = out(and3(ug, aangeboden), ["artikel 5, eerste lid"],
                                             ["uitkering", "voorziening_aangeboden"])
    d["gehouden_aan_verplichtingen"] = out(deelname, ["artikel 5, tweede lid"], ["neemt_deel_aan_voorziening"])
    verlaging = and3(ug, deelname, not3(nagekomen))
    d["verlaging_uitkering"] = out(verlaging, ["artikel 5, derde lid"], ["neemt_deel_aan_voorziening"])
    terug = and3(deelname, not3(nagekomen))
    d["terugvordering_verplicht"] = out(terug, ["artikel 5, vierde lid"], ["neemt_deel_aan_voorziening"])
    onjuist = g("onjuiste_inlichtingen")
    mogelijk = or3(terug, onjuist)
    d["terugvordering_mogelijk"] = out(mogelijk, ["artikel 5, vierde lid"] if terug else ["artikel 8, vierde lid"],
                                       ["neemt_deel_aan_voorziening"])
    afwijking = and3(g("bijzondere_omstandigheden"), or3(verlaging, terug))
    d["afwijking_mogelijk"] = out(afwijking, ["artikel 5, vijfde lid"], ["bijzondere_omstandigheden"])
    ontheffing = g("ontheffing_arbeidsverplichting")
    if ontheffing == "volledig":
        d["aanbod_voorziening"] = out(False, ["artikel 6, tweede lid"], [])
    else:
        d["aanbod_voorziening"] = out(and3(ug, None if ontheffing is None else True), ["artikel 6, eerste lid"],
                                      ["uitkering", "ontheffing_arbeidsverplichting"])
    plafond = or3(g("budgetplafond_bereikt"), g("personenplafond_bereikt"))
    d["weigeringsgrond_plafond"] = out(plafond, ["artikel 7, eerste lid"] if plafond else ["artikel 7"],
                                       ["budgetplafond_bereikt"])
    eind = and3(deelname, or3(not3(nagekomen), not3(doelgroep), g("arbeid_aanvaard_zonder_voorziening"),
                              g("voorziening_draagt_onvoldoende_bij")))
    d["beeindiging_mogelijk"] = out(eind, ["artikel 8, derde lid, aanhef en onder a"] if eind else ["artikel 8"],
                                    ["neemt_deel_aan_voorziening"])
    d["hardheidsclausule_van_toepassing"] = out(g("onbillijkheid_van_overwegende_aard"), ["artikel 9"],
                                                ["onbillijkheid_van_overwegende_aard"])
    return {"regulation": REGULATION, "date": date.isoformat(), "decisions": d, "provenance": PROVENANCE}


def main(src: str, dst: str) -> int:
    failed = 0
    with open(src, "rb") as fin, open(dst, "w", encoding="utf-8") as fout:
        for n, raw in enumerate(fin, start=1):
            try:
                case = json.loads(raw, parse_float=Decimal)
                date = dt.date.fromisoformat(case["peildatum"])
                fout.write(json.dumps(evaluate(case, date), ensure_ascii=False) + "\n")
            except (ValueError, KeyError, TypeError) as exc:
                failed += 1
                fout.write(json.dumps({"line": n, "error": str(exc)}) + "\n")
    return 3 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
