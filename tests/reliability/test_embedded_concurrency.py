"""The embedded mode (SQLite) under concurrent writers: no "database is locked" (issue #10).

Django runs in a subprocess on a fresh SQLite file with the project's settings; eight threads each run
25 transactions that read a counter and write it back (the pattern of a save that checks, then writes —
the one SQLite refuses at once with "database is locked" when transactions start deferred).
"""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import json, threading, django
django.setup()
from django.db import connection, transaction

with connection.cursor() as cursor:
    cursor.execute("CREATE TABLE counter (id INTEGER PRIMARY KEY, value INTEGER NOT NULL)")
    cursor.execute("INSERT INTO counter VALUES (1, 0)")
errors = []

def writer():
    from django.db import connection
    try:
        for _ in range(25):
            try:
                with transaction.atomic(), connection.cursor() as cursor:
                    cursor.execute("SELECT value FROM counter WHERE id = 1")
                    value = cursor.fetchone()[0]
                    cursor.execute("UPDATE counter SET value = %s WHERE id = 1", [value + 1])
            except Exception as error:
                errors.append(str(error))
    finally:
        connection.close()

threads = [threading.Thread(target=writer) for _ in range(8)]
for t in threads: t.start()
for t in threads: t.join()
with connection.cursor() as cursor:
    cursor.execute("SELECT value FROM counter WHERE id = 1")
    print(json.dumps({"value": cursor.fetchone()[0], "errors": errors[:3], "error_count": len(errors)}))
"""


def test_concurrent_writers_on_the_embedded_database_all_succeed(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "CELERY_BROKER_URL"}}
    env.update(
        DJANGO_SETTINGS_MODULE="backend.settings", DATABASE_URL=f"sqlite:///{tmp_path / 'embedded.db'}"
    )
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True, timeout=180
    )
    assert result.returncode == 0, result.stderr
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome["error_count"] == 0, outcome["errors"]
    assert outcome["value"] == 8 * 25
