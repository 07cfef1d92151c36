"""The API's JSON parser: DRF's, refusing JSON nested deeper than any record needs.

Python's json module parses nested arrays by recursion, so a body of 200,000
`[` would end in a RecursionError (a 500); here it is a 400 that says why.
"""

from rest_framework import exceptions, parsers

MAX_JSON_DEPTH = 32


def json_depth(value):
    """How deeply arrays and objects nest in a parsed JSON value (without recursion)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            item = list(item.values())
        if isinstance(item, list):
            deepest = max(deepest, depth)
            stack.extend((child, depth + 1) for child in item)
    return deepest


class JSONParser(parsers.JSONParser):
    """DRF's parser, refusing (400) JSON nested deeper than any record needs."""

    def parse(self, stream, media_type=None, parser_context=None):
        too_deep = exceptions.ParseError(
            f"The JSON is nested too deeply: at most {MAX_JSON_DEPTH} levels of arrays and objects."
        )
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise too_deep from None
        if json_depth(data) > MAX_JSON_DEPTH:
            raise too_deep
        return data
