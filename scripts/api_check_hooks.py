"""Schemathesis hooks for scripts/api-check.sh: how to write a value of the document's own formats.

The document marks phone numbers `format: phone`: a number in use in its country's numbering plan, which no
JSON Schema pattern can say (the pattern gives the shape; "0" has it and is refused). Here, valid numbers in
E.164, which read the same whatever `country` the request names: Spanish mobiles, +34 6xx xxx xxx.
"""

import schemathesis
from hypothesis import strategies as st

schemathesis.openapi.format("phone", st.from_regex(r"\A\+346[0-9]{8}\Z"))

# `format: time-zone`: a name of the IANA time zone database.
schemathesis.openapi.format(
    "time-zone",
    st.sampled_from(["Europe/Madrid", "Atlantic/Canary", "Europe/London", "America/New_York", "America/Mexico_City", "Asia/Tokyo", "UTC"]),
)

# `format: phone-lines`: a text/csv exclusion list, one number per line, an optional header line first.
_number = st.from_regex(r"\A\+346[0-9]{8}\Z")
schemathesis.openapi.format(
    "phone-lines",
    st.tuples(st.sampled_from(["", "telefono\n", "phone\n"]), st.lists(_number, min_size=1, max_size=5)).map(
        lambda parts: parts[0] + "\n".join(parts[1]) + "\n"
    ),
)

# `format: people-csv`: a people import, a header line with a phone column, then one person a line.
schemathesis.openapi.format(
    "people-csv",
    st.tuples(st.sampled_from(["phone\n", "phone,language\n"]), st.lists(_number, min_size=1, max_size=5)).map(
        lambda parts: parts[0] + "\n".join(n + ("," if "," in parts[0] else "") for n in parts[1]) + "\n"
    ),
)
