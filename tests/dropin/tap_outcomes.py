"""Each test of a TAP stream (a Perl test file's output), one line each:
"#N OUTCOME" (ok, fail, skip, todo), the planned ones that never ran as
"missing"; unnumbered tests (IO::Socket::SSL prints "ok # [server] ..."
from two processes, in an order that depends on timing, with ports and
addresses in the text) as a count per outcome, "#unnumbered-OUTCOME N";
then "#exit CODE".

   tap_outcomes.py EXIT_CODE < FILE.out
"""
import re
import sys

OUTCOMES = ("ok", "fail", "skip", "todo")
numbered = {}
unnumbered = dict.fromkeys(OUTCOMES, 0)
planned = 0
for line in sys.stdin:
    m = re.match(r"^1\.\.(\d+)", line)
    if m:
        planned = int(m.group(1))
        continue
    m = re.match(r"^(not )?ok\b(?: (\d+)\b)?(.*)$", line)
    if not m:
        continue
    directive = m.group(3)
    if re.search(r"#\s*skip", directive, re.I):
        outcome = "skip"
    elif re.search(r"#\s*todo", directive, re.I):
        outcome = "todo"
    else:
        outcome = "fail" if m.group(1) else "ok"
    if m.group(2):
        numbered[int(m.group(2))] = outcome
    else:
        unnumbered[outcome] += 1
ran_unnumbered = sum(unnumbered.values())
for n in range(1, max([planned - ran_unnumbered, *numbered]) + 1):
    print(f"#{n} {numbered.get(n, 'missing')}")
if ran_unnumbered:
    for outcome in OUTCOMES:
        print(f"#unnumbered-{outcome} {unnumbered[outcome]}")
print(f"#exit {sys.argv[1]}")
