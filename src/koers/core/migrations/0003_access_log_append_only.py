"""The access log is append-only on PostgreSQL (NEN 7513): the application's own database
role cannot change a row, nor delete one younger than five years (the retention term)."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION koers_access_log_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        RAISE EXCEPTION 'the access log is append-only';
    END IF;
    IF OLD.at > now() - interval '5 years' THEN
        RAISE EXCEPTION 'access-log rows are kept for at least five years';
    END IF;
    RETURN OLD;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER koers_access_log_append_only
    BEFORE UPDATE OR DELETE ON core_accesslogentry
    FOR EACH ROW EXECUTE FUNCTION koers_access_log_append_only();
"""
DROP = """
DROP TRIGGER IF EXISTS koers_access_log_append_only ON core_accesslogentry;
DROP FUNCTION IF EXISTS koers_access_log_append_only();
"""


def on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("core", "0002_initial")]

    operations = [migrations.RunPython(on_postgresql(CREATE), on_postgresql(DROP))]
