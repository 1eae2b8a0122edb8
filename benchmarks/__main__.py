"""Run every benchmark, each printing its figures beside the baseline measured in the same run.

.venv/bin/python -m benchmarks            # all (several minutes; PostgreSQL for the API one)
.venv/bin/python -m benchmarks api nlp    # some
.venv/bin/python -m benchmarks region     # whole-region scoring through Celery workers (Redis)
"""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCHMARKS = {
    "api": [sys.executable, "-m", "benchmarks.api_search"],
    "nlp": [sys.executable, "benchmarks/nlp_throughput.py"],
    "ranker": [sys.executable, "benchmarks/ranker_latency.py"],
    "region": [sys.executable, "benchmarks/region_scoring.py"],
    "load": [sys.executable, "benchmarks/load.py"],
}


def main(argv: list[str]) -> int:
    names = argv or list(BENCHMARKS)
    unknown = [n for n in names if n not in BENCHMARKS]
    if unknown:
        print(
            f"Benchmarks inconnus : {', '.join(unknown)} (connus : {', '.join(BENCHMARKS)})", file=sys.stderr
        )
        return 2
    status = 0
    for name in names:
        print(f"\n=== {name} ===", flush=True)
        status |= subprocess.run(BENCHMARKS[name], cwd=ROOT, check=False).returncode
    return status


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
