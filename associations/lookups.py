"""`field IN (a long list of integers)`, as PostgreSQL reads it fastest.

Kept for "open today" and "open now", which filter the list by the hundreds of associations
found open in a large directory: Django writes one placeholder per value, and psycopg parses and
quotes each of them, which weighed on those pages at 10,000 associations (measured: commit
f79114a).
"""

from django.core.exceptions import EmptyResultSet
from django.db.models import lookups


class In(lookups.In):
    """`queryset.filter(In(F("pk"), ids))`: sent to PostgreSQL as `field = ANY(%s::integer[])`
    with the array as one text parameter, '{1,2,3}'; other databases get Django's IN."""

    def as_postgresql(self, compiler, connection):
        if not self.rhs_is_direct_value():
            return self.as_sql(compiler, connection)
        values = [value for value in self.rhs if value is not None]
        if not values:
            raise EmptyResultSet
        lhs, lhs_params = self.process_lhs(compiler, connection)
        array = "{" + ",".join(str(int(value)) for value in values) + "}"
        return f"{lhs} = ANY(%s::{self.lhs.output_field.cast_db_type(connection)}[])", (
            *lhs_params,
            array,
        )
