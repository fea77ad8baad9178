"""Schemathesis hooks for scripts/api-check.sh: how to write a value of the document's own formats.

The document marks phone numbers `format: phone`: a number in use in its country's numbering plan, which no
JSON Schema pattern can say (the pattern gives the shape; "0" has it and is refused). Here, valid numbers in
E.164, which read the same whatever `country` the request names: Spanish mobiles, +34 6xx xxx xxx.
"""

import schemathesis
from hypothesis import strategies as st

schemathesis.openapi.format("phone", st.from_regex(r"\A\+346[0-9]{8}\Z"))
