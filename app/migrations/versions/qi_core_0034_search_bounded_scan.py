"""search on PostgreSQL: the first matches by a scan of the pages where the sample found them, the
rest from the GIN bitmap (issue 16)

``qi_search_matches`` took a boolean: scan the table until ``cap`` matches (the sample found the
words dense) or read the bitmap. A scan stops early only when the matches lie early in the table:
on a freshly generated database the table began with 17,000 pages of institutions, whose large
vectors live in TOAST, before the first standard holding ``GB/T`` (353,000 buffers, 258 ms; the
bitmap takes 45 ms). It now takes the range of pages to scan, which the caller estimates from where
the sample's matches lie (``app.search.query.PostgresTsvector``), and finds what that scan did not
in the bitmap, outside the range. Both return rows in the table's order, so a query finds the same
matches on every request while the table is unchanged.

Revision ID: qi_core_0034
Revises: qi_core_0033
Create Date: 2026-11-27 18:00:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'qi_core_0034'
down_revision = 'qi_core_0033'
branch_labels = None
depends_on = None

SELECT = ("'SELECT e.id, (SELECT count(*)::integer FROM unnest($3) g WHERE e.search_vector @@ g), "
          "e.title_vector @@ $2, length(e.title) FROM qi_search_entry e WHERE e.search_vector @@ $1 '")
# The settings are the function's own (restored when it returns): the scan may only be a TID range
# scan (it reads pages ``first`` to ``last`` whatever it finds), the rest only the bitmap.
MATCHES = f"""
CREATE FUNCTION qi_search_matches(q tsquery, t tsquery, groups tsquery[], cap integer, first integer, last integer)
RETURNS TABLE (id integer, held integer, in_title boolean, title_length integer)
STABLE STRICT LANGUAGE plpgsql SET enable_seqscan = off SET enable_indexscan = off SET enable_bitmapscan = on
SET enable_tidscan = on SET jit = off AS $$
DECLARE
  found integer := 0;
  low tid := format('(%s,0)', greatest(first, 0))::tid;
  high tid := format('(%s,0)', greatest(last, first, 0))::tid;
BEGIN
  IF last > first THEN
    PERFORM set_config('enable_bitmapscan', 'off', true);
    RETURN QUERY EXECUTE {SELECT} || 'AND e.ctid >= $5 AND e.ctid < $6 LIMIT $4' USING q, t, groups, cap, low, high;
    GET DIAGNOSTICS found = ROW_COUNT;
    IF found >= cap THEN
      RETURN;
    END IF;
    PERFORM set_config('enable_bitmapscan', 'on', true);
  END IF;
  PERFORM set_config('enable_tidscan', 'off', true);
  RETURN QUERY EXECUTE {SELECT} || 'AND NOT (e.ctid >= $5 AND e.ctid < $6) LIMIT $4'
    USING q, t, groups, cap - found, low, high;
END
$$
"""
# qi_core_0031's
OLD = f"""
CREATE FUNCTION qi_search_matches(q tsquery, t tsquery, groups tsquery[], cap integer, dense boolean)
RETURNS TABLE (id integer, held integer, in_title boolean, title_length integer)
STABLE STRICT LANGUAGE plpgsql SET enable_seqscan = on SET enable_indexscan = on SET synchronize_seqscans = off
SET jit = off AS $$
BEGIN
  IF NOT dense THEN
    PERFORM set_config('enable_seqscan', 'off', true);
    PERFORM set_config('enable_indexscan', 'off', true);
  END IF;
  RETURN QUERY EXECUTE {SELECT} || 'LIMIT $4' USING q, t, groups, cap;
END
$$
"""


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP FUNCTION qi_search_matches(tsquery, tsquery, tsquery[], integer, boolean)")
    op.execute(MATCHES)


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP FUNCTION qi_search_matches(tsquery, tsquery, tsquery[], integer, integer, integer)")
    op.execute(OLD)
