"""search on PostgreSQL: prefix lexemes and a count that reads the GIN index only (issue 16)

The text vectors also hold, for every token of letters or digits, its first one, two and three
characters behind a ">" (``>g``, ``>gb``, ``>t``), as SQLite's full-text table keeps its prefix index
(qi_core_0028): a short prefix term (``t`` of GB/T) is one lexeme, where ``'t':*`` united the postings
of every token starting with t (240 ms at a million entries). ``qi_search_count`` counts the entries
matching a tsquery up to a cap from the GIN index alone: the planner, taking a word and a kind as
independent, read a million standards one by one for a word that two of them hold (584 ms).
``qi_search_matches`` gives the first matches of a tsquery by the path the caller chooses.

Revision ID: qi_core_0031
Revises: qi_core_0030
Create Date: 2026-11-27 12:00:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'qi_core_0031'
down_revision = 'qi_core_0030'
branch_labels = None
depends_on = None

PREFIXES = """
CREATE OR REPLACE FUNCTION qi_search_prefixes(tokens text) RETURNS text
IMMUTABLE STRICT PARALLEL SAFE LANGUAGE sql AS $$
  SELECT coalesce(string_agg(DISTINCT '>' || left(t, n), ' '), '')
  FROM unnest(string_to_array(tokens, ' ')) AS t, generate_series(1, 3) AS n
  WHERE t ~ '^[a-z0-9]' AND length(t) >= n
$$
"""
# Only bitmap scans: the count stops at the cap once the GIN index has named the matches, and no
# estimate can make it walk the table. JIT compiles for longer than such a count runs.
COUNT = """
CREATE OR REPLACE FUNCTION qi_search_count(q tsquery, cap integer) RETURNS integer
STABLE STRICT LANGUAGE sql SET enable_seqscan = off SET enable_indexscan = off SET jit = off AS $$
  SELECT count(*)::integer FROM (SELECT 1 FROM qi_search_entry WHERE search_vector @@ q LIMIT cap) c
$$
"""
# The matches of a tsquery, at most ``cap`` of them, in the order the table holds them: dense (the
# word is in a good share of the entries) by a scan that stops at the cap, else from the GIN
# index's bitmap; the caller knows which from a sample (app.search.query). Each comes with what the
# page is ranked by (how many of ``groups`` it holds, whether its title holds ``t``, the title's
# length), read in the same pass, so only the page's own rows are read again. Scans are not
# synchronised, so the same query finds the same matches whoever else is reading the table.
MATCHES = """
CREATE OR REPLACE FUNCTION qi_search_matches(q tsquery, t tsquery, groups tsquery[], cap integer, dense boolean)
RETURNS TABLE (id integer, held integer, in_title boolean, title_length integer)
STABLE STRICT LANGUAGE plpgsql SET enable_seqscan = on SET enable_indexscan = on SET synchronize_seqscans = off
SET jit = off AS $$
BEGIN
  IF NOT dense THEN
    PERFORM set_config('enable_seqscan', 'off', true);
    PERFORM set_config('enable_indexscan', 'off', true);
  END IF;
  RETURN QUERY EXECUTE 'SELECT e.id, (SELECT count(*)::integer FROM unnest($3) g WHERE e.search_vector @@ g), '
    'e.title_vector @@ $2, length(e.title) FROM qi_search_entry e WHERE e.search_vector @@ $1 LIMIT $4'
    USING q, t, groups, cap;
END
$$
"""
TEXT = "title_tokens || ' ' || body_tokens"
VECTORS = {
    "search_vector": f"{TEXT} || ' ' || regexp_replace(tags, '(\\S+)', '#\\1', 'g')",
    "title_vector": "title_tokens",
}


def _vectors(prefixed: bool):
    for column, words in VECTORS.items():
        tokens = f"{words} || ' ' || qi_search_prefixes({TEXT if column == 'search_vector' else words})" \
            if prefixed else words
        op.execute(f"ALTER TABLE qi_search_entry DROP COLUMN {column}")
        op.execute(f"ALTER TABLE qi_search_entry ADD COLUMN {column} tsvector GENERATED ALWAYS AS (array_to_tsvector("
                   f"array_remove(string_to_array({tokens}, ' '), ''))) STORED")
    op.execute("CREATE INDEX ix_qi_search_entry_vector ON qi_search_entry USING gin (search_vector)")
    op.execute("CREATE INDEX ix_qi_search_entry_title_vector ON qi_search_entry USING gin (title_vector)")


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(PREFIXES)
    _vectors(prefixed=True)
    op.execute(COUNT)
    op.execute(MATCHES)


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP FUNCTION qi_search_matches(tsquery, tsquery, tsquery[], integer, boolean)")
    op.execute("DROP FUNCTION qi_search_count(tsquery, integer)")
    _vectors(prefixed=False)
    op.execute("DROP FUNCTION qi_search_prefixes(text)")
