"""Runs the dev set's score.py on a cifras binary, prints its report and fails when a score
falls below the floors in floors.toml (or a count rises above its ceiling).

usage: python guard.py CIFRAS_BIN DEVSET_DIR"""
import os, subprocess, sys, tomllib

binary, devset = sys.argv[1], sys.argv[2]
here = os.path.dirname(os.path.abspath(__file__))
floors = tomllib.load(open(os.path.join(here, "floors.toml"), "rb"))
out = subprocess.run([sys.executable, os.path.join(devset, "score.py"), binary],
                     capture_output=True, text=True)
print(out.stdout, end="")
if out.returncode != 0:
    print(out.stderr, end="")
    sys.exit(f"score.py exited {out.returncode}")
line = next((l for l in out.stdout.splitlines() if l.startswith("SCORE ")), None)
if line is None:
    sys.exit("score.py printed no SCORE line")
got = {k: float(v) for k, v in (kv.split("=") for kv in line.split()[1:])}
ceilings = {"trap_hits", "bad_spans", "invented_rows"}
bad = []
for key, floor in floors.items():
    if key not in got:
        bad.append(f"{key}: not in score.py's output")
    elif key in ceilings and got[key] > floor:
        bad.append(f"{key} = {got[key]:g}, at most {floor:g} allowed")
    elif key not in ceilings and got[key] < floor:
        bad.append(f"{key} = {got[key]:g}, below the floor {floor:g}")
if bad:
    sys.exit("dev set scores fell: " + "; ".join(bad))
print("dev set: every score at or above its floor")
