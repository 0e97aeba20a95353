"""Application forms per service item (申请表), defined by administrators in the UI (issue 18).

- ``definition``: the JSON a form is (fields, kinds, rules, conditions), checked;
- ``schema``: its generated JSON Schema, and answers checked against it with translated messages;
- ``rendering``: the WTForms form of a definition, answers from it and answers shown;
- ``models`` / ``publishing``: the draft, the published versions, the answers of a need;
- ``files``: a form's files, kept across a form sent back;
- ``filing``: the answers part inside the need forms (``app.needs.views``);
- ``views``: the builder, preview, export and import (Admin); ``export``: answers as xlsx (staff).
"""
