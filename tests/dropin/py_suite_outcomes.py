"""Each test case of a regrtest --junit-xml file, one line each:
NAME OUTCOME (ok, skipped, failure or error), sorted by name.

   py_test_ssl_outcomes.py FILE.xml
"""
import sys
import xml.etree.ElementTree as ET

outcomes = {}
for case in ET.parse(sys.argv[1]).getroot().iter("testcase"):
    tags = {child.tag for child in case}
    outcome = "ok"
    for tag in ("error", "failure", "skipped"):
        if tag in tags:
            outcome = tag
            break
    outcomes[case.get("name")] = outcome
for name in sorted(outcomes):
    print(name, outcomes[name])
