"""Whole-region scoring through real Celery workers: pairs per second with 1 and 2 workers, memory per worker.

    .venv/bin/python benchmarks/region_scoring.py                    # 50,000 graduates x 100,000 offers
    .venv/bin/python benchmarks/region_scoring.py --graduates 10000 --offers 20000 --check
    .venv/bin/python benchmarks/region_scoring.py --sides graduate   # chunks of graduates only
    .venv/bin/python -m benchmarks region

The region is the synthetic one of benchmarks/ranker_latency.py (no database). The driver builds the
index (a ``Matcher``) once and saves it with joblib; each worker process loads it on its first task
and keeps it in a ``MatcherCache`` keyed by model version and data version, as the platform's workers
do (they build it from the database instead). The run is a Celery chord on the ``matching`` queue, as
``matching.score_region`` sends it: one ``score_chunk`` per chunk of graduates (each graduate's top 50
offers, each offer's top 50 graduates of the chunk) and, unless ``--sides graduate``, one per chunk of
offers (each offer's top 50 retrieved from the offer's side); the lists wait in Redis and the
callback ``merge`` keeps each offer's exact top 50. Workers are ``celery -A benchmarks.region_scoring
worker --concurrency 1`` subprocesses started here, broker and results in Redis database 5; they load
the index before the clock starts, and are always stopped.

Printed: region pairs (graduates x offers) per second, pairs through features and model per second,
CPU per pair, each worker's peak RSS (VmHWM of the process that ran the chunks) and private memory,
and the merge's time and memory. Not measured: the platform's database writes (explanations and
upserts of 50 rows per graduate and per offer).
"""

from __future__ import annotations

import os

# One thread per process, as in a Celery worker: the 1- and 2-worker figures then compare processes,
# not BLAS threads. Must be set before numpy loads (workers inherit it).
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import contextlib  # noqa: E402
import datetime as dt  # noqa: E402
import shutil  # noqa: E402
import signal  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
from celery import Celery, chord  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from matching.ranker.region import (  # noqa: E402
    MatcherCache,
    TopKMerger,
    TopPairs,
    score_block,
    score_offer_block,
)

REDIS = os.environ.get("REGION_BENCH_REDIS", "redis://127.0.0.1:6379/5")
QUEUE = "matching"
TOP = 50

app = Celery("tremplin_region_bench", broker=REDIS, backend=REDIS)
app.conf.update(
    task_serializer="json",
    result_serializer="json",
    accept_content=["json"],
    task_default_queue=QUEUE,
    task_acks_late=True,
    worker_prefetch_multiplier=1,
    result_expires=3600,
    broker_connection_retry_on_startup=True,
    worker_hijack_root_logger=False,
)

_INDEX = MatcherCache(size=1)


def _memory() -> dict:
    """This process's peak and current RSS and its private (unshared) memory, in MiB."""
    out = {}
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(("VmHWM", "VmRSS")):
                out[line.split(":")[0]] = int(line.split()[1]) / 1024
    try:
        with open("/proc/self/smaps_rollup") as f:
            out["Private"] = (
                sum(int(line.split()[1]) for line in f if line.startswith(("Private_Clean", "Private_Dirty")))
                / 1024
            )
    except OSError:
        pass
    return out


def _redis():
    import redis

    return redis.Redis.from_url(REDIS)


def _matcher(index_path: str, key: list):
    import joblib

    return _INDEX.get(tuple(key), lambda: joblib.load(index_path))


@app.task(name="bench.warm")
def warm(index_path: str, key: list) -> dict:
    """Load the index in this worker process (the first chunk of a real run does it)."""
    t = time.perf_counter()
    _matcher(index_path, key)
    return {"pid": os.getpid(), "seconds": time.perf_counter() - t, "memory": _memory()}


@app.task(name="bench.score_chunk")
def score_chunk(index_path: str, key: list, side: str, start: int, stop: int, top: int) -> dict:
    """Graduates (``side="candidate"``) or offers ``start:stop`` against the other side; the offers'
    lists (partial or complete) wait in Redis for the merge."""
    m = _matcher(index_path, key)
    t, cpu = time.perf_counter(), time.process_time()
    rows = np.arange(start, stop)
    block = score_block(m, rows, top=top) if side == "candidate" else score_offer_block(m, rows, top=top)
    # As on the platform, the lists wait in Redis; the chord carries their key only.
    park = f"regionbench:{index_path}:{side}:{start}"
    _redis().set(park, block.by_offer.to_bytes(), ex=3600)
    return {
        "pid": os.getpid(),
        "side": side,
        "wall": time.perf_counter() - t,
        "cpu": time.process_time() - cpu,
        "pairs_considered": block.pairs_considered,
        "pairs_scored": block.pairs_scored,
        "partial": park,
        "partial_pairs": len(block.by_offer),
        "memory": _memory(),
    }


@app.task(name="bench.merge")
def merge(results: list[dict], top: int, sample: list[int]) -> dict:
    """Chord callback: each offer's exact top list; returns figures and the lists of ``sample`` offers."""
    t, cpu = time.perf_counter(), time.process_time()
    merger, client = TopKMerger(top), _redis()
    for r in results:
        merger.add(TopPairs.from_bytes(client.get(r["partial"])))
    merged = merger.result()
    client.delete(*[r["partial"] for r in results])
    sizes = np.bincount(merged.key) if len(merged) else np.zeros(0, dtype=np.int64)
    wanted = set(sample)
    lists = {str(o): items for o, items in merged.groups().items() if o in wanted}
    stats = [{k: v for k, v in r.items() if k != "partial"} for r in results]
    return {
        "pid": os.getpid(),
        "wall": time.perf_counter() - t,
        "cpu": time.process_time() - cpu,
        "entries_in": sum(r["partial_pairs"] for r in results),
        "pairs": len(merged),
        "offers_with_list": int((sizes > 0).sum()),
        "offers_full": int((sizes >= top).sum()),
        "lists": lists,
        "chunks": stats,
        "memory": _memory(),
    }


# ------------------------------------------------------------------------------------- the driver


def _status(pid: int) -> dict:
    out = {}
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(("VmHWM", "VmRSS")):
                    out[line.split(":")[0]] = int(line.split()[1]) / 1024
    except OSError:
        pass
    return out


def start_workers(n: int, logdir: Path) -> list[subprocess.Popen]:
    procs = []
    for i in range(n):
        log = open(logdir / f"worker{i}.log", "wb")  # noqa: SIM115 (closed with the process)
        cmd = [
            sys.executable, "-m", "celery", "-A", "benchmarks.region_scoring", "worker",
            "--concurrency", "1", "--pool", "prefork", "--prefetch-multiplier", "1",
            "-Q", f"{QUEUE},warm{i}", "-n", f"regionbench{i}@%h", "--loglevel", "WARNING",
            "--without-gossip", "--without-mingle", "--without-heartbeat",
        ]  # fmt: skip
        # A session of its own: the worker and the child it forks can be stopped together.
        procs.append(
            subprocess.Popen(cmd, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        )
        procs[-1]._bench_log = log
    return procs


def stop_workers(procs: list[subprocess.Popen]) -> None:
    """Warm shutdown, then the process group of each worker we started if it lingers."""
    for p in procs:
        if p.poll() is None:
            p.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + 30
    for p in procs:
        with contextlib.suppress(subprocess.TimeoutExpired):
            p.wait(timeout=max(0.1, deadline - time.monotonic()))
        if p.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(p.pid, signal.SIGKILL)
            p.wait(timeout=10)
        p._bench_log.close()


def _purge() -> None:
    with app.connection_for_write() as conn:
        for q in (QUEUE, "warm0", "warm1"):
            # A queue never declared has nothing to purge.
            with contextlib.suppress(Exception):
                conn.default_channel.queue_purge(q)


def run(workers: int, index_path: str, key: list, n_grads: int, n_offers: int, args, sample, logdir):
    procs = start_workers(workers, logdir)
    try:
        t = time.perf_counter()
        warmed = [warm.apply_async((index_path, key), queue=f"warm{i}") for i in range(workers)]
        loads = [w.get(timeout=900) for w in warmed]
        for w in warmed:
            w.forget()
        ready = time.perf_counter() - t
        header = [
            score_chunk.s(index_path, key, "candidate", a, min(a + args.chunk, n_grads), TOP).set(queue=QUEUE)
            for a in range(0, n_grads, args.chunk)
        ]
        if args.sides == "both":
            header += [
                score_chunk.s(index_path, key, "offer", a, min(a + args.offer_chunk, n_offers), TOP).set(
                    queue=QUEUE
                )
                for a in range(0, n_offers, args.offer_chunk)
            ]
        t, cpu0 = time.perf_counter(), time.process_time()
        result = chord(header)(merge.s(TOP, sample).set(queue=QUEUE))
        merged = result.get(timeout=3600)
        wall = time.perf_counter() - t
        driver_cpu = time.process_time() - cpu0
        main_memory = {p.pid: _status(p.pid) for p in procs}
        result.forget()
        if result.parent is not None:
            result.parent.forget()
    except BaseException:
        for i in range(workers):
            log = (logdir / f"worker{i}.log").read_text(errors="replace")
            print(f"--- worker {i} log (end) ---\n{log[-3000:]}", file=sys.stderr)
        raise
    finally:
        stop_workers(procs)
    return {
        "workers": workers,
        "ready": ready,
        "loads": loads,
        "wall": wall,
        "driver_cpu": driver_cpu,
        "merge": merged,
        "main_memory": main_memory,
        "n_chunks": len(header),
    }


def report(r: dict, n_grads: int, n_offers: int, sides: str) -> None:
    chunks = r["merge"]["chunks"]
    considered = sum(c["pairs_considered"] for c in chunks)
    scored = sum(c["pairs_scored"] for c in chunks)
    cpu = sum(c["cpu"] for c in chunks)
    region = n_grads * n_offers
    assert considered == region * (2 if sides == "both" else 1), (considered, region)
    m = r["merge"]
    walls = {side: [c["wall"] for c in chunks if c["side"] == side] for side in ("candidate", "offer")}
    print(
        f"\n{r['workers']} worker(s), {r['n_chunks']} chunks: {r['wall']:.1f} s wall, from sending the chunks "
        f"to the merged lists"
        f"\n  {region / r['wall'] / 1e6:8.1f} M region pairs/s (graduates x offers = {region:,})"
        f"\n  {scored / r['wall'] / 1e3:8.1f} k pairs/s through features and model ({scored:,} pairs)"
        f"\n  {considered / cpu / 1e6:8.1f} M pairs per CPU-second in the chunks, product and filters "
        f"({considered:,} pairs, {cpu:.1f} CPU-s in all: "
        + ", ".join(
            f"{side} chunks {sum(c['cpu'] for c in chunks if c['side'] == side):.1f} CPU-s "
            f"(median {np.median(w):.2f} s wall each)"
            for side, w in walls.items()
            if w
        )
        + ")"
        f"\n  merge: {m['wall']:.1f} s wall, {m['entries_in']:,} list entries in, {m['pairs']:,} pairs out; "
        f"{m['offers_with_list']:,} offers with a list, {m['offers_full']:,} with a full top-{TOP}"
        f"\n  index load before the run: "
        + ", ".join(f"{w['seconds']:.1f} s" for w in r["loads"])
        + f" (workers ready {r['ready']:.1f} s after start)"
    )
    by_pid: dict[int, dict] = {}
    for c in chunks:
        mem = by_pid.setdefault(c["pid"], {"chunks": 0, "VmHWM": 0.0, "Private": 0.0})
        mem["chunks"] += 1
        mem["VmHWM"] = max(mem["VmHWM"], c["memory"].get("VmHWM", 0.0))
        mem["Private"] = max(mem["Private"], c["memory"].get("Private", 0.0))
    for pid, mem in sorted(by_pid.items()):
        print(
            f"  worker process {pid}: {mem['chunks']} chunks, peak RSS {mem['VmHWM']:.0f} MiB, "
            f"private {mem['Private']:.0f} MiB"
        )
    print(
        f"  merge process {m['pid']}: peak RSS {m['memory'].get('VmHWM', 0):.0f} MiB after the merge; "
        "worker main processes: "
        + ", ".join(f"{v.get('VmRSS', 0):.0f} MiB" for v in r["main_memory"].values())
    )


def compare_with_shortlists(matcher, lists: dict, sample: list[int]) -> None:
    """How the region's per-offer lists (graduates whose retrieval reached the offer) compare with
    the offers' interactive shortlists (retrieval from the offer's side)."""
    overlaps, region_mean, short_mean, region_len = [], [], [], []
    for o in sample:
        mine = lists.get(str(o), [])
        short = matcher.shortlist(matcher.offers.ids[o], TOP, explain=False)
        theirs = {matcher.candidates.index[s.candidate_id] for s in short}
        region_len.append(len(mine))
        if short:
            overlaps.append(len({c for c, _ in mine} & theirs) / len(short))
            short_mean.append(np.mean([s.score for s in short]))
        if mine:
            region_mean.append(np.mean([s for _, s in mine]))
    print(
        f"\nPer-offer lists vs the offers' own shortlists ({len(sample)} offers sampled): "
        f"{np.mean(region_len):.1f} graduates per region list (top {TOP}), "
        f"overlap with the shortlist {np.mean(overlaps):.0%}, "
        f"mean score {np.mean(region_mean) if region_mean else float('nan'):.3f} (region) vs "
        f"{np.mean(short_mean) if short_mean else float('nan'):.3f} (shortlist)"
    )


def check(matcher, lists: dict, sample: list[int], args) -> None:
    from matching.ranker.region import score_region

    ref = score_region(matcher, chunk=args.chunk, top=TOP, offer_side=args.sides == "both").by_offer.groups()
    bad = [o for o in sample if [c for c, _ in ref.get(o, [])] != [c for c, _ in lists.get(str(o), [])]]
    print(
        f"check against in-process scoring: {len(sample) - len(bad)} of {len(sample)} sampled offers identical"
    )
    if bad:
        raise SystemExit(f"merged lists differ for offers {bad[:10]}")


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--graduates", type=int, default=50_000)
    p.add_argument("--offers", type=int, default=100_000)
    p.add_argument("--chunk", type=int, default=500, help="graduates per Celery chunk (the platform's size)")
    p.add_argument("--offer-chunk", type=int, default=1000, help="offers per chunk of the offers' pass")
    p.add_argument(
        "--sides",
        choices=("both", "graduate"),
        default="both",
        help="both: chunks of graduates and of offers, as the platform (default); graduate: graduates only",
    )
    p.add_argument("--workers", default="1,2", help="worker counts to run, e.g. 1,2")
    p.add_argument("--sample", type=int, default=200, help="offers compared with their shortlists")
    p.add_argument(
        "--check", action="store_true", help="also score in-process and compare (doubles the time)"
    )
    p.add_argument("--seed", type=int, default=0)
    args = p.parse_args(argv)
    counts = [int(w) for w in args.workers.split(",")]

    from benchmarks.ranker_latency import build

    print(f"# Region scoring benchmark — {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} CPUs")
    print(f"load average at start: {os.getloadavg()[0]:.2f}")
    t = time.perf_counter()
    matcher = build(args.offers, args.graduates, seed=args.seed)
    n_offers, n_grads = len(matcher.offers), len(matcher.candidates)
    print(
        f"index built in {time.perf_counter() - t:.1f} s: {n_grads:,} graduates x {n_offers:,} offers "
        f"= {n_grads * n_offers:,} pairs; model {' > '.join(n for n, _ in matcher.model.steps)}; "
        f"chunks of {args.chunk} graduates"
        + (f" and of {args.offer_chunk} offers" if args.sides == "both" else " (no offers' pass)")
        + f", top {TOP} per side"
    )
    tmp = Path(tempfile.mkdtemp(prefix="region-bench-"))
    try:
        import joblib

        t = time.perf_counter()
        index_path = str(tmp / "index.joblib")
        joblib.dump(matcher, index_path)
        print(
            f"index saved in {time.perf_counter() - t:.1f} s ({os.path.getsize(index_path) / 2**20:.0f} MiB)"
        )
        key = [f"trained-seed{args.seed + 1}", f"{n_grads}x{n_offers}-seed{args.seed}-{tmp.name}"]
        rng = np.random.default_rng(args.seed)
        sample = sorted(int(o) for o in rng.choice(n_offers, size=min(args.sample, n_offers), replace=False))
        _purge()
        results = []
        for workers in counts:
            results.append(run(workers, index_path, key, n_grads, n_offers, args, sample, tmp))
            report(results[-1], n_grads, n_offers, args.sides)
        if len(results) > 1:
            base = results[0]["wall"]
            print(
                "\nspeed-up: "
                + ", ".join(f"{r['workers']} worker(s) {base / r['wall']:.2f}x" for r in results)
            )
        lists = results[-1]["merge"]["lists"]
        compare_with_shortlists(matcher, lists, sample)
        if len(results) > 1:
            same = all(r["merge"]["lists"] == lists for r in results)
            print(f"merged lists of the sampled offers identical across runs: {same}")
        if args.check:
            check(matcher, lists, sample, args)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"\nload average at end: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
