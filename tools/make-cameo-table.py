#!/usr/bin/env python3
"""Derive data/cameo.tsv from the shared CAMEO reference tables.

Reads (from the project root, ../shared/reference/):
  cameo-codes.csv          CAMEO 1.1b3 codes, names, Goldstein scores
  CAMEO2PLOVER-2021.txt    CAMEO -> PLOVER type, mode, context (Draft 0.8)
Writes data/cameo.tsv (tab-separated, header row):
  code root quad_class goldstein plover_type plover_mode plover_context track name

Rules
- code, root, goldstein come from cameo-codes.csv; the name is cleaned
  (mojibake replacement characters dropped, whitespace collapsed, first
  letter upper-cased for the three names that start in lower case).
- quad_class (GDELT): roots 01-05 -> 1, 06-08 -> 2, 09-13 -> 3, 14-20 -> 4.
- PLOVER: the first row for a code wins (175 is listed twice, identically;
  root 08 is listed as CONCEDE and as RETREAT, CONCEDE comes first).
  Contexts are written comma-separated ("crime; corruption" -> "crime,corruption").
  A code missing from the table inherits type, mode and context from its
  parent (4-digit -> 3-digit -> 2-digit root).
- The 2021 table has no rows for roots 01 and 02.  Root 01 (public
  statements) has no PLOVER counterpart and is left empty.  CAMEO 02
  (APPEAL) is merged into PLOVER REQUEST together with CAMEO 10 (DEMAND);
  the 02 sub-codes parallel the 10 ones (021<->101, 0211<->1011, ...,
  028<->108), so an 02 code takes the PLOVER row of its 10 twin.
- track: the code's default policy track (our judgment, see TRACK below).

Usage: python3 tools/make-cameo-table.py [--shared DIR] [--out FILE]
"""
import argparse
import csv
import os
import re
import sys

TRACKS = {"security", "diplomacy", "economy", "water", "narcotics",
          "migration", "ideology", "other"}

# Default policy track.  Most specific key wins: exact code, then 3-digit
# parent, then root.  Verbal cooperation and verbal conflict default to
# diplomacy; economic sub-codes go to economy, military / intelligence /
# peacekeeping sub-codes to security, humanitarian aid and asylum to
# migration (in this domain humanitarian questions are refugee questions).
TRACK = {
    # roots
    "01": "diplomacy", "02": "diplomacy", "03": "diplomacy", "04": "diplomacy",
    "05": "diplomacy", "06": "diplomacy", "07": "economy", "08": "diplomacy",
    "09": "other", "10": "diplomacy", "11": "diplomacy", "12": "diplomacy",
    "13": "diplomacy", "14": "other", "15": "security", "16": "diplomacy",
    "17": "security", "18": "security", "19": "security", "20": "security",
    # 02 appeal
    "0211": "economy", "0212": "security", "0214": "security",
    "0231": "economy", "0232": "security", "0233": "migration", "0234": "security",
    "0254": "economy", "0256": "security",
    # 03 intent
    "0311": "economy", "0312": "security", "0314": "security",
    "0331": "economy", "0332": "security", "0333": "migration", "0334": "security",
    "0354": "economy", "0356": "security",
    # 06 material cooperation
    "061": "economy", "062": "security", "064": "security",
    # 07 aid
    "070": "economy", "071": "economy", "072": "security", "073": "migration",
    "074": "security", "075": "migration",
    # 08 yield
    "081": "other", "0811": "other", "0812": "other", "0813": "security",
    "0814": "security", "082": "other", "083": "other", "0831": "other",
    "0832": "other", "0833": "other", "0834": "other",
    "085": "economy", "0861": "security", "0863": "migration",
    "087": "security", "0871": "security", "0872": "security",
    "0873": "security", "0874": "security",
    # 09 investigate
    "093": "security", "094": "security",
    # 10 demand
    "1011": "economy", "1012": "security", "1014": "security",
    "1031": "economy", "1032": "security", "1033": "migration", "1034": "security",
    "1054": "economy", "1056": "security",
    # 11 disapprove
    "1123": "security", "1124": "security", "1125": "security",
    # 12 reject
    "1211": "economy", "1212": "security", "1214": "security",
    "1221": "economy", "1222": "security", "1223": "migration", "1224": "security",
    "1244": "economy", "1246": "security",
    # 13 threaten
    "1311": "economy", "1312": "economy", "137": "security", "138": "security",
    # 16 reduce relations
    "162": "economy", "1621": "economy", "1622": "security", "1623": "migration",
    "163": "economy", "1661": "security", "1663": "migration",
    # 17 coerce: force and police action -> security (root default);
    # administrative sanctions -> other; deportation -> migration
    "172": "other", "1721": "other", "1722": "other",
    "1723": "security", "1724": "security",
    "174": "migration",
    # 20 mass violence
    "201": "migration",
}


def quad_class(root):
    r = int(root)
    if 1 <= r <= 5:
        return 1
    if 6 <= r <= 8:
        return 2
    if 9 <= r <= 13:
        return 3
    if 14 <= r <= 20:
        return 4
    raise ValueError("bad root %r" % root)


def clean_name(s):
    s = s.replace("\ufffd", "")
    s = re.sub(r"\s+", " ", s).strip()
    if s and s[0].islower():
        s = s[0].upper() + s[1:]
    return s


def parents(code):
    """code, then its ancestors: 4-digit -> 3-digit -> root."""
    out = [code]
    if len(code) == 4:
        out.append(code[:3])
    if len(code) >= 3:
        out.append(code[:2])
    return out


def read_plover(path):
    rows = {}
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#") or line.startswith("~"):
                continue
            m = re.match(r"^\s*(\d{2,4})\s*:\s*(.*)$", line)
            if not m:
                continue
            code, rest = m.group(1), m.group(2)
            rest = rest.split("#", 1)[0]
            parts = [p.strip() for p in rest.split(",")]
            while len(parts) < 3:
                parts.append("")
            ptype, mode = parts[0], parts[1]
            context = ",".join(parts[2:])
            ctx = [c.strip() for c in re.split(r"[;,]", context) if c.strip()]
            if code in rows:          # first row wins
                continue
            rows[code] = (ptype.strip(), mode.strip(), ",".join(ctx))
    return rows


def track_of(code):
    for c in parents(code):
        if c in TRACK:
            return TRACK[c]
    raise ValueError("no track for " + code)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(here)
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=os.path.join(root, "..", "shared"))
    ap.add_argument("--out", default=os.path.join(root, "data", "cameo.tsv"))
    a = ap.parse_args()
    ref = os.path.join(a.shared, "reference")
    plover = read_plover(os.path.join(ref, "CAMEO2PLOVER-2021.txt"))

    rows = []
    with open(os.path.join(ref, "cameo-codes.csv"), encoding="utf-8",
              errors="replace", newline="") as f:
        for r in csv.DictReader(f):
            code = r["code"].strip()
            root_code = r["root_code"].strip()
            if not re.fullmatch(r"\d{2,4}", code) or code[:2] != root_code:
                sys.exit("bad code row: %r" % r)
            gold = float(r["goldstein"])
            # PLOVER row: own, else parent's; 02x takes its 10x twin's row
            prow = None
            look = parents(code)
            if root_code == "02":
                look = ["10" + c[2:] for c in look]
            for c in look:
                if c in plover:
                    prow = plover[c]
                    break
            if prow is None:
                prow = ("", "", "")
            t = track_of(code)
            assert t in TRACKS
            rows.append((code, root_code, str(quad_class(root_code)),
                         ("%g" % gold), prow[0], prow[1], prow[2], t,
                         clean_name(r["name"])))

    seen = set()
    with open(a.out, "w", encoding="utf-8", newline="") as out:
        out.write("code\troot\tquad_class\tgoldstein\tplover_type\t"
                  "plover_mode\tplover_context\ttrack\tname\n")
        for row in rows:
            if row[0] in seen:
                sys.exit("duplicate code " + row[0])
            seen.add(row[0])
            out.write("\t".join(row) + "\n")
    print("wrote %d codes to %s" % (len(rows), a.out), file=sys.stderr)


if __name__ == "__main__":
    main()
