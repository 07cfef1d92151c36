"""How `q` matches records, the same on every list, in the API and on /search/.

A record matches when each word of the search is in its own text, in the text
of a related record, or among the names of a place it is tied to. Case,
diacritics and punctuation do not matter (`tracker.folding`): "da nang" finds
"Đà Nẵng". Place names are matched in the `search_names` column of countries,
cities and places, which holds each one's names in every spelling, language and
script kept for it, and those of the places it lies in (a venue's locality,
region, city and country), folded: so "Bali" finds the meeting held at a hotel
in Jimbaran, and "ភ្នំពេញ" finds Phnom Penh.
"""

import re
from functools import reduce
from operator import or_

from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import connections
from django.db.models import BigIntegerField, BooleanField, F, Func, Q, TextField
from django.db.models.expressions import Expression, RawSQL
from django.db.models.lookups import Contains, Regex

from .folding import fold

# PostgreSQL's text search configuration for `q`: "simple" lower-cases words
# and neither stems them nor drops any, so a word is found as written, and
# its prefix matches too ("flood" finds "flooding"). The GIN indexes of
# migration 0020 are built on the same expressions, `tracker_unaccent` (an
# immutable wrapper of the `unaccent` extension) folding diacritics first.
SEARCH_CONFIG = "simple"
WORD_PARTS = re.compile(r"[^\W_]+")
NAMES_FIELD = "search_names"

# The bounds of a search, the same for every list, the API and /search/: each
# word is one more condition (and one more index scan of each searched
# table), and a short prefix matches much of the table, so a search has at
# most MAX_SEARCH_WORDS distinct words, and a word (or a part of one) shorter
# than MIN_PREFIX_LENGTH is matched whole ("ha" finds "Ha Long", not "Hanoi").
MAX_SEARCH_WORDS = 8
MIN_PREFIX_LENGTH = 3


def search_words(value):
    """The distinct words of `value` (case aside), in order; a ValidationError
    when there are more than MAX_SEARCH_WORDS."""
    words = {}
    for word in value.split():
        words.setdefault(word.casefold(), word)
    if len(words) > MAX_SEARCH_WORDS:
        raise ValidationError(
            f"Search for at most {MAX_SEARCH_WORDS} different words at a time "
            f"(this search has {len(words)}).",
            code="too_many_words",
        )
    return list(words.values())


def validate_search(value):
    """The validator of every `q` field: a search of too many words is a form error."""
    search_words(value)


def is_names(field):
    return field == NAMES_FIELD or field.endswith(f"__{NAMES_FIELD}")


def names_pattern(word):
    """What a folded `search_names` holds where one of its names has a word
    starting with `word` (or, for a short word, that word whole)."""
    folded = fold(word)
    return f" {folded} " if len(word) < MIN_PREFIX_LENGTH else f" {folded}"


def search(queryset, fields, value, keys_first=True):
    """Rows where, for every word of `value`, one of `fields` contains it.

    On PostgreSQL, a text field "contains" a word when one of its words starts
    with it (full-text search on indexed vectors); elsewhere, when the word is
    a part of its text. Either way a word shorter than MIN_PREFIX_LENGTH must be
    a whole word of the field. A `search_names` field contains a word when one
    of its names has a word starting with it, on either database.
    """
    words = search_words(value)
    if connections[queryset.db].vendor == "postgresql":
        return full_text_search(queryset, fields, words, keys_first)
    for word in words:
        queryset = queryset.filter(reduce(or_, (contains(field, word) for field in fields)))
    return queryset


class Folded(Func):
    """The text folded as `tracker.folding.fold` folds it (SQLite: the registered function)."""

    function = "tracker_fold"
    output_field = TextField()


def contains(field, word):
    """The word in the field's folded text or, for a short word, that word whole:
    not next to another letter or digit (SQLite's REGEXP is Python's `re`).
    Punctuation alone is looked for as written, as on PostgreSQL."""
    if is_names(field):
        return Q(**{f"{field}__contains": names_pattern(word)})
    folded = fold(word)
    if not folded or not WORD_PARTS.search(folded):
        return Q(**{f"{field}__icontains": word})
    if len(word) >= MIN_PREFIX_LENGTH:
        return Q(Contains(Folded(F(field)), folded))
    return Q(Regex(Folded(F(field)), rf"(?<![^\W_]){re.escape(folded)}(?![^\W_])"))


class AnyOf(Func):
    """`field = ANY(ARRAY(subquery))`: the subquery runs once, and its keys are
    looked up in the field's index, which can be OR-ed with a text index (an
    `IN (subquery)` would be checked row by row)."""

    template = "(%(expressions)s))"
    arg_joiner = " = ANY("
    output_field = BooleanField()


def full_text_search(queryset, fields, words, keys_first=True):
    """`search` on PostgreSQL: the row's own text fields form one vector (a GIN
    index of the same expression serves it), and a related record's fields and
    a tied place's names are searched in its own table, its matching keys then
    filtering the rows.

    A row matches when each word is in its own vector or elsewhere. With
    several words, that is asked as: its own vector holds every word (one index
    scan of all the words together; word by word, PostgreSQL would recompute
    the vector of every row one common word matches), or it matches one of
    the words elsewhere and each word is in one or the other.

    The keys of the matching rows are found first, in a query of their own
    (`matching_keys`): asked for the first page of a sorted list, PostgreSQL
    would otherwise walk the order's index and test every row, misjudging how
    many rows the keys of related records match (a guess, since those keys are
    known only then). The condition is written as SQL text (`matching_sql`), not
    built of the ORM's expressions: the same SQL, built in a small fraction of
    the time. Without `keys_first`, for a query whose order no index serves, the
    rows are tested themselves (`Matches`), in the same query.
    """
    own = [field for field in fields if "__" not in field and not is_names(field)]
    matched = []
    for word in words:
        if not WORD_PARTS.search(fold(word) or ""):  # nothing but punctuation: as written
            condition = reduce(or_, (Q(**{f"{f}__icontains": word}) for f in fields))
            queryset = queryset.filter(condition)
        else:
            matched.append(word)
    if not matched:
        return queryset
    if len(own) == len(fields) or not keys_first:
        # its own fields alone: the index of their vector serves the search
        return queryset.filter(Matches(queryset.model, fields, matched))
    keys = matching_keys(queryset.model, fields, matched, queryset.db)
    found = queryset.filter(AnyOf(F("pk"), keys_array(keys)))
    conditions = found.query.where.children
    if not queryset.query.where and len(conditions) == 1:
        # nothing else filters the rows: they are as many as the keys
        found.query.keys_counted = (conditions[0], keys_in(keys))
    return found


def keys_array(array):
    """The keys' array (its text, "{1,2}") written into the query rather than given
    as a value, so that PostgreSQL plans the query for these keys: given as a
    value to a prepared query, they were read by a plan made once for any keys,
    and a page of the meetings matching "flood" took 3.4 ms rather than 2.0.
    Only digits and commas are written in."""
    if not KEYS_TEXT.fullmatch(array):
        raise ValueError(f"not an array of keys: {array[:40]!r}")
    return RawSQL(f"'{array}'::bigint[]", (), output_field=KEYS)


KEYS_TEXT = re.compile(r"\{[0-9,]*\}")


def keys_in(array):
    """How many keys an array's text ("{1,2}") holds."""
    return 0 if array == "{}" else array.count(",") + 1


def known_count(queryset):
    """How many rows a query filtered by the matching keys alone has, known
    from the keys without counting them again; None when other conditions
    filter it too (they are then counted, by `COUNT(*)`)."""
    query = queryset.query
    known = getattr(query, "keys_counted", None)
    if known is None or query.is_sliced or query.distinct or query.combinator:
        return None
    condition, count = known
    where = query.where
    if where.negated or len(where.children) != 1 or where.children[0] is not condition:
        return None
    return count


# the keys of rows, as one array (`= ANY('{1,2}'::bigint[])`): an empty one still
# runs the query, as an empty list given to `pk__in` would not
KEYS = ArrayField(BigIntegerField())


def matching_keys(model, fields, words, using):
    """The keys of the rows matching (`matching_sql`), read first, in a query of
    their own, as the text of an array ("{1,2}"): given them, PostgreSQL knows how
    many rows match, and chooses well between reading those rows and sorting
    them, and walking the order's index testing each row's key against the list
    (a hash look-up). Read and given back as text, the keys cost Python nothing
    to parse or to write, however many they are."""
    with connections[using].cursor() as cursor:
        cursor.execute(*keys_query(model, fields, words))
        return cursor.fetchone()[0]


def condition_sql(model, fields, value, alias):
    """`search(model's rows, fields, value)` on PostgreSQL as one SQL condition on
    the rows aliased `alias`: its text and parameters; None where a word is
    punctuation alone (matched as written, by the ORM's `icontains`)."""
    words = search_words(value)
    if not all(WORD_PARTS.search(fold(word) or "") for word in words):
        return None
    return matching_sql(model, fields, words, alias)


def keys_query(model, fields, words):
    """The query of `matching_keys`: its SQL text and parameters."""
    pk = quote(model._meta.pk.column)
    where, params = matching_sql(model, fields, words, "t")
    table = quote(model._meta.db_table)
    return f"SELECT ARRAY(SELECT t.{pk} FROM {table} t WHERE {where})::text", params


def quote(name):
    return connections["default"].ops.quote_name(name)


def vector_sql(alias, columns):
    """The folded text of `columns` of the table aliased `alias` as one `simple`
    vector: the expression the GIN indexes of migrations 0020 and 0081 index."""
    text = " || ' ' || ".join(f"COALESCE({alias}.{quote(column)}, '')" for column in columns)
    return f"to_tsvector('{SEARCH_CONFIG}'::regconfig, tracker_unaccent({text}))"


def tsquery_sql(word):
    """The word's parts as prefixes ("mobil" finds "mobility"; a part shorter than
    MIN_PREFIX_LENGTH whole), or the word as PostgreSQL reads a text ("covid-19" is
    "covid" and "-19" there, so it is also looked for as written): a `tsquery`, as
    SQL text and its parameters."""
    written, folded = word, fold(word) or ""
    parts = WORD_PARTS.findall(folded)
    plain = f"plainto_tsquery('{SEARCH_CONFIG}'::regconfig, %s)"
    sql, params = [plain], [folded]
    if written.casefold() != folded:
        sql.append(plain)
        params.append(written)
    if len(folded) >= MIN_PREFIX_LENGTH:
        prefixes = " & ".join(f"{p}:*" if len(p) >= MIN_PREFIX_LENGTH else p for p in parts)
        sql.insert(0, f"to_tsquery('{SEARCH_CONFIG}'::regconfig, %s)")
        params.insert(0, prefixes)
    return f"({' || '.join(sql)})", params


def like_param(word):
    """The `LIKE` pattern of a `search_names` holding `names_pattern(word)`."""
    pattern = names_pattern(word).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{pattern}%"


class OfEachRow(Expression):
    """A condition or a figure of each row of a query, written as SQL around the
    row's key as the query aliases it (`self.pk`, compiled): a subclass's `as_sql`
    writes the rest."""

    def __init__(self):
        super().__init__()
        self.pk = F("pk")

    def get_source_expressions(self):
        return [self.pk]

    def set_source_expressions(self, exprs):
        (self.pk,) = exprs


class Matches(OfEachRow):
    """The condition of `full_text_search` on the rows themselves, rather than
    their keys found first: for a query whose order no index can serve (a search
    page's group, exact names first, when a word of the search is punctuation
    alone and `condition_sql` leaves it to the ORM), where PostgreSQL cannot
    choose to walk an index testing every row."""

    output_field = BooleanField()

    def __init__(self, model, fields, words):
        super().__init__()
        self.model, self.fields, self.words = model, fields, words

    def as_sql(self, compiler, connection):
        pk, _ = compiler.compile(self.pk)
        alias = pk.rsplit(".", 1)[0]
        where, params = matching_sql(self.model, self.fields, self.words, alias)
        return f"({where})", params


def related_paths(model, fields):
    """{path: (its foreign key's column, the related table and its key's column, its
    text columns, whether its names)} of the `fields` that lie in a related record;
    a path is one step (a foreign key)."""
    related = {}
    for field in fields:
        if "__" not in field:
            continue
        path, name = field.split("__")
        foreign_key = model._meta.get_field(path)
        target = foreign_key.related_model._meta
        column, table_of, key, columns, names = related.get(
            path, (foreign_key.column, target.db_table, target.pk.column, [], False)
        )
        if is_names(name):
            names = True
        else:
            columns = [*columns, target.get_field(name).column]
        related[path] = (column, table_of, key, columns, names)
    return related


class WordConditions:
    """The SQL conditions that a row aliased `alias` holds a word, in its own text,
    in a related record's text or among the names of a tied place."""

    def __init__(self, model, fields):
        self.own = [
            model._meta.get_field(f).column for f in fields if "__" not in f and not is_names(f)
        ]
        self.related = related_paths(model, fields)
        self.has_names = NAMES_FIELD in fields

    def in_own(self, alias, word):
        sql, params = tsquery_sql(word)
        return f"{vector_sql(alias, self.own)} @@ {sql}", params

    def elsewhere(self, alias, word):
        """The word in a related record's text or among the names of a tied place."""
        conditions, params = [], []
        query, query_params = tsquery_sql(word)
        for column, table_of, key, columns, names in self.related.values():
            tests, tests_params = [], []
            if columns:
                tests.append(f"{vector_sql('r', columns)} @@ {query}")
                tests_params += query_params
            if names:
                tests.append(f"r.{quote(NAMES_FIELD)} LIKE %s")
                tests_params.append(like_param(word))
            conditions.append(
                f"{alias}.{quote(column)} = ANY(ARRAY(SELECT r.{quote(key)} "
                f"FROM {quote(table_of)} r WHERE {' OR '.join(tests)}))"
            )
            params += tests_params
        if self.has_names:
            conditions.append(f"{alias}.{quote(NAMES_FIELD)} LIKE %s")
            params.append(like_param(word))
        return conditions, params

    def either(self, alias, word):
        conditions, params = self.elsewhere(alias, word)
        if self.own:
            sql, own_params = self.in_own(alias, word)
            conditions, params = [sql, *conditions], [*own_params, *params]
        return f"({' OR '.join(conditions)})", params

    def each_word(self, alias, words):
        parts = [self.either(alias, word) for word in words]
        return " AND ".join(sql for sql, _ in parts), [p for _, params in parts for p in params]


def matching_sql(model, fields, words, table_alias):
    """The condition of `full_text_search` on the rows of `model` aliased
    `table_alias`, as SQL text and its parameters."""
    table = quote(model._meta.db_table)
    pk = quote(model._meta.pk.column)
    match = WordConditions(model, fields)
    own = match.own
    if len(words) == 1 or not own:
        return match.each_word(table_alias, words)
    if not match.related and not match.has_names:
        sql, params = zip(*(tsquery_sql(word) for word in words), strict=True)
        return f"{vector_sql(table_alias, own)} @@ ({' && '.join(sql)})", sum(params, [])
    # the rows holding every word themselves (one index scan), or, found by the
    # keys of the related records or places matching any word, holding each
    # word in one or the other: a list of keys computed once, so that
    # PostgreSQL need not recompute the vector of every row the index scan finds
    every = [tsquery_sql(word) for word in words]
    own_all = f"{vector_sql(table_alias, own)} @@ ({' && '.join(sql for sql, _ in every)})"
    own_all_params = [p for _, params in every for p in params]
    any_parts = [match.elsewhere("u", word) for word in words]
    any_elsewhere = " OR ".join(sql for conditions, _ in any_parts for sql in conditions)
    any_params = [p for _, params in any_parts for p in params]
    each, each_params = match.each_word("u", words)
    return (
        f"{own_all} OR {table_alias}.{pk} = ANY(ARRAY("
        f"SELECT u.{pk} FROM {table} u WHERE ({any_elsewhere}) AND {each}))",
        [*own_all_params, *any_params, *each_params],
    )
