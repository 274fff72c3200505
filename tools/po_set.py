"""Set Vietnamese translations from a JSON mapping: `python -m tools.po_set FILE.json`.

Used after `make extract-messages` to fill new entries; clears their fuzzy flag.
"""
import json
import sys

from babel.messages.pofile import read_po, write_po

PO = "app/translations/vi/LC_MESSAGES/messages.po"


def main() -> None:
    with open(sys.argv[1], encoding="utf-8") as fh:
        mapping = json.load(fh)
    with open(PO, "rb") as fh:
        catalog = read_po(fh, locale="vi")
    for message in catalog:
        key = message.id if isinstance(message.id, str) else message.id[0]
        if key in mapping:
            value = mapping[key]
            message.string = (value,) if isinstance(message.id, tuple) else value
            message.flags.discard("fuzzy")
    with open(PO, "wb") as fh:
        write_po(fh, catalog, width=0, omit_header=False)


if __name__ == "__main__":
    main()
