"""What the HTML pages and the API share about reading a page and finding a record.

Each answers in its own words (a page's 404, the API's JSON 400 or 404);
what counts as a page number, and as a missing record, is decided here once.
"""

from django.core.exceptions import ValidationError
from django.core.paginator import InvalidPage, PageNotAnInteger


class NoSuchPage(LookupError):
    """The page asked for is not a page of the list: `number` as asked, `pages` it has.

    `whole` is False when what was asked is not a whole number at all.
    """

    def __init__(self, number, pages, *, whole=True):
        self.number = number
        self.pages = pages
        self.whole = whole
        super().__init__(f"There is no page {number}: pages run from 1 to {pages}.")


def page_of(paginator, asked, *, last="last"):
    """The `Page` of `paginator` that `asked` (a query string's value) names.

    No value is the first page; `last` (when not None) names the last one.
    Anything else that is not a page of the list raises NoSuchPage.
    """
    number = asked or 1
    if last is not None and number == last:
        number = paginator.num_pages
    try:
        return paginator.page(number)
    except PageNotAnInteger:
        raise NoSuchPage(str(number)[:20], paginator.num_pages, whole=False) from None
    except InvalidPage:
        raise NoSuchPage(str(number)[:20], paginator.num_pages) from None


class RecordMissing(LookupError):
    """No record of `model` has `value` as its `field`."""

    def __init__(self, model, field, value):
        self.model = model
        self.field = field
        self.value = value
        self.noun = model._meta.verbose_name
        super().__init__(f"No {self.noun} with {field} {value!r}.")


def find(queryset, field, value):
    """The record of `queryset` whose `field` is `value`, or RecordMissing.

    A value no record can hold (a NUL character, which PostgreSQL refuses to
    compare, or text where the field is a number) is missing too, not an error.
    """
    model = queryset.model
    if isinstance(value, str) and "\x00" in value:
        raise RecordMissing(model, field, value)
    try:
        return queryset.get(**{field: value})
    except (model.DoesNotExist, ValidationError, ValueError, TypeError):
        raise RecordMissing(model, field, value) from None
