"""The results store: a folder of Parquet parts that survives being killed at any moment.

Layout of a store folder::

    provenance.json    what made these results (code, lock file, experiment, seeds, sessions)
    experiment.toml    the experiment file as it was run
    design.parquet     every planned run: run id, replication, scenario, point, seed, factors
    parts/part-SSSS-NNNNNN.parquet   results, a few runs each, one row per run
    manifest.json      an index of the parts (a convenience; rebuilt from the parts)
    results.parquet    design joined with results (a convenience, rewritten after a sweep)
    .bpsim-writer.lock while a sweep or merge writes: who (host, process), since when

The part file is the unit of atomicity. A part is written to a hidden temporary file,
flushed to disk, then renamed into place (`os.replace` is atomic on POSIX), so a
reader sees a whole part or none. Which runs are finished is read from the parts
themselves, never from the manifest, so a part written just before a kill, with
the manifest not yet updated, still counts; a half-written temporary file is never
read and is removed on resume. Reads keep one row per run id (a finished row over a
failed one), so even a part copied twice cannot duplicate a run.

Every row records the hash of the model code that computed it (``code_sha256``), so a
store resumed or merged across a code change (only with ``--allow-code-change``)
still says which runs came from which code. One writer at a time: `writer_lock`
refuses a second sweep or merge on the same folder, and recognises the lock of a
writer that was killed.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import socket
import time
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from bpsim.machinery.errors import UsageError

PROVENANCE = "provenance.json"
DESIGN = "design.parquet"
MANIFEST = "manifest.json"
EXPERIMENT = "experiment.toml"
RESULTS = "results.parquet"
PARTS = "parts"

LOCK = ".bpsim-writer.lock"

#: Columns of a part besides the outcomes.
META_COLUMNS = ("run_id", "status", "error", "traceback", "seconds", "worker", "code_sha256")
#: Columns whose values depend on where and when a run ran, not on what it computed.
VOLATILE_COLUMNS = ("seconds", "worker", "traceback")
OK = "ok"
FAILED = "failed"
MISSING = "missing"
#: The store-level code hash of a store that holds runs of several model versions.
MIXED = "mixed"


class StoreError(UsageError):
    """A results folder that cannot be used as asked; the message says why."""


class StoreWriteError(StoreError):
    """Writing to a store failed (a full disk, say); what was stored before is whole."""

    @classmethod
    def of(cls, root: Path, err: OSError, lost: int) -> StoreWriteError:
        """The one-line message for a failed write of `lost` runs into the store at `root`."""
        why = "the disk is full" if err.errno == errno.ENOSPC else (err.strerror or str(err))
        runs = f"the last {lost} finished runs were not saved and will run again; " if lost else ""
        return cls(
            f"writing to '{root}' failed ({why}); {runs}every run saved before is kept and "
            "the store is consistent; free space and continue with bpsim sweep --resume"
        )


def _process_start(pid: int) -> str | None:
    # The start time of a process (Linux /proc), so a lock of a dead writer whose
    # process id was reused by an unrelated process is still seen as stale.
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError):
        return None


def _alive(pid: int, start: str | None) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: it exists
        pass
    return start is None or _process_start(pid) in (None, start)


@contextlib.contextmanager
def writer_lock(root: str | Path) -> Iterator[Path]:
    """Hold the store folder's writer lock while the block runs.

    The lock is a file made with ``O_EXCL`` (atomic on a local or NFSv3+ file
    system) that names its writer. A lock left by a writer that was killed on this
    host (its process no longer exists) is taken over; one from another host
    cannot be checked from here and is refused, saying how to remove it.

    Raises:
        StoreError: If another writer holds the lock.
    """
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    path = root / LOCK
    me = {
        "host": socket.gethostname(),
        "pid": os.getpid(),
        "process_start": _process_start(os.getpid()),
        "since": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }
    for _ in range(3):
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            holder = _read_lock(path)
            if holder is None or (
                holder.get("host") == me["host"]
                and not _alive(int(holder.get("pid", -1)), holder.get("process_start"))
            ):
                path.unlink(missing_ok=True)  # stale: its writer is gone
                continue
            where = "this host" if holder.get("host") == me["host"] else f"host {holder['host']}"
            raise StoreError(
                f"'{root}' is being written by another bpsim (process {holder.get('pid')} on "
                f"{where}, since {holder.get('since')}); wait for it to finish, or, if that "
                f"writer is gone, delete '{path}'"
            ) from None
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(me, fh)
        break
    else:  # pragma: no cover - another writer won every race
        raise StoreError(f"'{root}': could not take the writer lock '{path}'")
    try:
        yield path
    finally:
        with contextlib.suppress(OSError):
            path.unlink()


def _read_lock(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        # Half-written by a writer killed between creating and filling it: give it a
        # moment (it may be writing now), then treat an unreadable lock as stale.
        time.sleep(0.2)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
    if not isinstance(data, dict) or not isinstance(data.get("pid"), int):
        return None
    return data


def _fsync_dir(path: Path) -> None:
    # The rename itself must reach the disk too, or a power cut could lose a part
    # the manifest already counts.
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:  # pragma: no cover - e.g. platforms without directory fds
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write(path: Path, write) -> None:
    """Write a file through a temporary file and an atomic rename.

    Args:
        path: Final path.
        write: Called with a binary file object to write the content.
    """
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)


def atomic_write_json(path: Path, data: Any) -> None:
    """Write JSON atomically."""
    text = json.dumps(data, indent=2, sort_keys=False, default=str) + "\n"
    atomic_write(path, lambda fh: fh.write(text.encode("utf-8")))


def atomic_write_parquet(path: Path, table: pa.Table) -> None:
    """Write a Parquet file atomically."""
    atomic_write(path, lambda fh: pq.write_table(table, fh))


def part_schema(outcomes: Iterable[str]) -> pa.Schema:
    """Schema of a results part: run metadata, then one float column per outcome."""
    return pa.schema(
        [
            ("run_id", pa.string()),
            ("status", pa.string()),
            ("error", pa.string()),
            ("traceback", pa.string()),
            ("seconds", pa.float64()),
            ("worker", pa.string()),
            ("code_sha256", pa.string()),
            *((name, pa.float64()) for name in outcomes),
        ]
    )


def dedupe(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per run id: the first finished row, else the last failed one."""
    if frame.empty:
        return frame
    order = frame.assign(
        _failed=(frame["status"] != OK).astype(int), _pos=range(len(frame))
    ).sort_values(["_failed", "_pos"], ascending=[True, True], kind="stable")
    # Among failed rows only, prefer the latest attempt (a retry's error).
    ok = order[order["_failed"] == 0].drop_duplicates("run_id", keep="first")
    failed = order[(order["_failed"] == 1) & ~order["run_id"].isin(ok["run_id"])]
    failed = failed.drop_duplicates("run_id", keep="last")
    out = pd.concat([ok, failed]).sort_values("_pos", kind="stable")
    return out.drop(columns=["_failed", "_pos"]).reset_index(drop=True)


class Store:
    """A results folder (see the module docstring for its layout).

    Args:
        root: The folder; use `Store.create` for a new store and `Store.open` for an
            existing one.
    """

    def __init__(self, root: str | Path):
        self.root = Path(root)
        self._provenance: dict[str, Any] | None = None
        self._manifest: list[dict[str, Any]] | None = None
        self._seq = 0
        self.session = 0
        #: Model-code hash written with each run of this session (set by the writer).
        self.code: str | None = None

    # --- creating and opening ------------------------------------------------------------
    @staticmethod
    def exists(root: str | Path) -> bool:
        """Whether `root` holds a store (its provenance is written when it is created)."""
        return (Path(root) / PROVENANCE).is_file()

    @classmethod
    def create(
        cls,
        root: str | Path,
        design: pd.DataFrame,
        provenance: Mapping[str, Any],
        experiment_text: str,
    ) -> Store:
        """Start a new store.

        The provenance file is written last: it marks a complete store, so a kill
        while creating leaves a folder that is simply started afresh.

        Args:
            root: The folder (created if needed).
            design: The plan's design table.
            provenance: Provenance (see `bpsim.experiment.runner.sweep_provenance`).
            experiment_text: Content of the experiment file.
        """
        store = cls(root)
        store.root.mkdir(parents=True, exist_ok=True)
        (store.root / PARTS).mkdir(exist_ok=True)
        atomic_write(store.root / EXPERIMENT, lambda fh: fh.write(experiment_text.encode()))
        atomic_write_parquet(
            store.root / DESIGN, pa.Table.from_pandas(design, preserve_index=False)
        )
        atomic_write_json(store.root / PROVENANCE, dict(provenance))
        store._provenance = dict(provenance)
        store.code = store._provenance.get("code_sha256")
        store._manifest = []
        store.write_manifest()
        return store

    @classmethod
    def open(cls, root: str | Path) -> Store:
        """Open an existing store.

        Raises:
            StoreError: If `root` is not a store or its provenance cannot be read.
        """
        store = cls(root)
        if not cls.exists(root):
            raise StoreError(f"'{root}' holds no sweep results (no {PROVENANCE})")
        try:
            store._provenance = json.loads((store.root / PROVENANCE).read_text("utf-8"))
        except (OSError, ValueError, RecursionError) as err:
            raise StoreError(
                f"'{root}/{PROVENANCE}' cannot be read: {type(err).__name__}"
            ) from None
        prov = store._provenance
        if not (
            isinstance(prov, dict)
            and prov.get("kind", "sweep") == "sweep"
            and isinstance(prov.get("experiment"), dict)
            and "plan_sha256" in prov
            and (store.root / DESIGN).is_file()
        ):
            kind = prov.get("kind") if isinstance(prov, dict) else None
            if not kind and isinstance(prov, dict) and "replication_seeds" in prov:
                kind = "compare"  # written before records said their kind
            what = f"the results of bpsim {kind}" if isinstance(kind, str) else "something else"
            raise StoreError(
                f"'{root}' is not a sweep results folder (it holds {what}); give a folder "
                "written by bpsim sweep or bpsim merge"
            )
        with contextlib.suppress(OSError):  # a read-only store can still be read
            (store.root / PARTS).mkdir(exist_ok=True)
        return store

    # --- metadata -------------------------------------------------------------------------
    @property
    def provenance(self) -> dict[str, Any]:
        """The provenance record."""
        assert self._provenance is not None
        return self._provenance

    @property
    def experiment(self) -> dict[str, Any]:
        """The validated experiment, as stored (see `Experiment.summary`)."""
        return self.provenance["experiment"]

    @property
    def outcomes(self) -> list[str]:
        """Outcomes kept in this store."""
        return list(self.experiment["outcomes"])

    def code_hashes(self) -> set[str]:
        """Every model-code hash that made runs in this store (usually one).

        From the store's own record, each session's, each merged source's and each
        stored run's, so a mixed store stays known as mixed.
        """
        prov = self.provenance
        found = {prov.get("code_sha256")}
        found.update(prov.get("code_sha256_mixed") or [])
        found.update(s.get("code_sha256") for s in prov.get("sessions", []))
        for src in prov.get("merged_from", []):
            found.update(s.get("code_sha256") for s in src.get("sessions", []))
        if self.part_files():
            frame = self._read_parts(["code_sha256"], missing_ok=True)
            if "code_sha256" in frame:
                found.update(frame["code_sha256"].dropna())
        return {c for c in found if isinstance(c, str) and c and c != MIXED}

    def save_provenance(self) -> None:
        """Rewrite the provenance file (after a session starts or ends)."""
        atomic_write_json(self.root / PROVENANCE, self.provenance)

    def design(self) -> pd.DataFrame:
        """The design table."""
        try:
            return pq.read_table(self.root / DESIGN).to_pandas()
        except (OSError, pa.ArrowException) as err:
            raise StoreError(f"'{self.root}/{DESIGN}' cannot be read: {err}") from None

    # --- parts ----------------------------------------------------------------------------
    def part_files(self) -> list[Path]:
        """Committed parts, in name order (temporary files start with a dot and are skipped)."""
        return sorted(
            p for p in (self.root / PARTS).glob("*.parquet") if not p.name.startswith(".")
        )

    def clean_partial(self) -> int:
        """Remove temporary files a killed writer left behind; returns how many."""
        stale = [p for p in self.root.rglob(".*.tmp") if p.is_file()]
        for p in stale:
            p.unlink(missing_ok=True)
        return len(stale)

    def _read_parts(
        self, columns: list[str] | None = None, missing_ok: bool = False
    ) -> pd.DataFrame:
        frames = []
        for path in self.part_files():
            try:
                cols = columns
                if missing_ok and columns is not None:
                    # Parts written before a column existed (code_sha256) lack it.
                    names = pq.read_schema(path).names
                    cols = [c for c in columns if c in names]
                frames.append(pq.read_table(path, columns=cols).to_pandas())
            except (OSError, pa.ArrowException) as err:
                raise StoreError(f"results part '{path}' cannot be read: {err}") from None
        if not frames:
            cols = columns or list(part_schema(self.outcomes).names)
            return pd.DataFrame({c: pd.Series(dtype=object) for c in cols})
        return pd.concat(frames, ignore_index=True)

    def status(self) -> dict[str, str]:
        """Status of every stored run, by run id (``ok`` or ``failed``), from the parts."""
        frame = dedupe(self._read_parts(["run_id", "status"]))
        return dict(zip(frame["run_id"], frame["status"], strict=True))

    def results(self) -> pd.DataFrame:
        """All stored results, one row per run id."""
        return dedupe(self._read_parts())

    def begin_session(self) -> int:
        """Number this writing session after every earlier one (so part names never clash)."""
        used = [0]
        for p in self.part_files():
            bits = p.stem.split("-")
            if len(bits) == 3 and bits[1].isdigit():
                used.append(int(bits[1]))
        used += [s.get("session", 0) for s in self.provenance.get("sessions", [])]
        self.session = max(used) + 1
        self._seq = 0
        self._manifest = None
        return self.session

    def write_part(self, rows: list[Mapping[str, Any]]) -> Path:
        """Write finished runs as one new part, atomically, and update the manifest."""
        if not self.session:
            self.begin_session()
        self._seq += 1
        entries = self._manifest_entries()  # read the existing parts before adding this one
        schema = part_schema(self.outcomes)
        rows = [{"code_sha256": self.code, **row} for row in rows]
        table = pa.Table.from_pylist(
            [{name: row.get(name) for name in schema.names} for row in rows], schema=schema
        )
        path = self.root / PARTS / f"part-{self.session:04d}-{self._seq:06d}.parquet"
        atomic_write_parquet(path, table)
        ok = sum(1 for r in rows if r.get("status") == OK)
        entries.append(
            {"file": f"{PARTS}/{path.name}", "runs": len(rows), "ok": ok, "failed": len(rows) - ok}
        )
        self.write_manifest()
        return path

    def _manifest_entries(self) -> list[dict[str, Any]]:
        if self._manifest is None:
            self._manifest = []
            for path in self.part_files():
                st = pq.read_table(path, columns=["status"]).column("status").to_pylist()
                ok = sum(1 for s in st if s == OK)
                self._manifest.append(
                    {
                        "file": f"{PARTS}/{path.name}",
                        "runs": len(st),
                        "ok": ok,
                        "failed": len(st) - ok,
                    }
                )
        return self._manifest

    def write_manifest(self) -> None:
        """Rewrite the manifest from the parts known (atomically)."""
        entries = self._manifest_entries()
        atomic_write_json(
            self.root / MANIFEST,
            {
                "note": "index of parts/; the parts themselves are the record",
                "updated": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
                "parts": entries,
                "rows": sum(e["runs"] for e in entries),
            },
        )

    # --- reading for analysis -------------------------------------------------------------
    def table(self) -> pd.DataFrame:
        """The design joined with the results: one row per design row.

        Rows whose run has no stored result have status ``missing``.
        """
        design = self.design()
        results = self.results()
        frame = design.merge(results, on="run_id", how="left")
        frame["status"] = frame["status"].fillna(MISSING)
        return frame

    def write_results_file(self) -> Path:
        """Write ``results.parquet``, the design joined with the results (finished rows)."""
        frame = self.table()
        frame = frame[frame["status"] != MISSING].reset_index(drop=True)
        path = self.root / RESULTS
        atomic_write_parquet(path, pa.Table.from_pandas(frame, preserve_index=False))
        return path


def merge(
    sources: list[str | Path],
    out: str | Path,
    *,
    partial: bool = False,
    allow_code_change: bool = False,
) -> Store:
    """Join the stores of shards (or of the same sweep run elsewhere) into one store.

    The merged store is an ordinary, unsharded store of the same plan, so
    ``bpsim sweep EXPERIMENT --out MERGED --resume`` can fill in any runs still missing.

    Args:
        sources: Store folders, e.g. one per shard.
        out: New store folder.
        partial: Allow merging when some shards of the split are absent.
        allow_code_change: Merge runs made by different model code; each run keeps
            the hash of its code, and the merged store's code hash says ``mixed``.

    Raises:
        StoreError: If a source is not a store, the sources hold different plans or
            splits or (without `allow_code_change`) runs of different model code, a
            shard is absent (without `partial`), or `out` already holds a sweep.
    """
    if not sources:
        raise StoreError("merge needs at least one results folder")
    out = Path(out)
    with writer_lock(out):
        return _merge_locked(sources, out, partial, allow_code_change)


def _merge_locked(
    sources: list[str | Path], out: Path, partial: bool, allow_code_change: bool
) -> Store:
    if Store.exists(out):
        raise StoreError(f"--out '{out}' already holds a sweep; choose a new folder")
    stores = [Store.open(s) for s in sources]
    first = stores[0]
    for s in stores[1:]:
        if s.provenance.get("plan_sha256") != first.provenance.get("plan_sha256"):
            raise StoreError(
                f"'{s.root}' holds a different sweep than '{first.root}' (other experiment, "
                "scenarios or seeds); only shards of one sweep can be merged"
            )
    shards = [tuple(s.provenance["shard"]) if s.provenance.get("shard") else None for s in stores]
    counts = {sh[1] for sh in shards if sh}
    if len(counts) > 1:
        raise StoreError(f"the folders split the sweep differently (N = {sorted(counts)})")
    if counts and not partial:
        n = counts.pop()
        absent = sorted(set(range(1, n + 1)) - {sh[0] for sh in shards if sh})
        if absent and not any(sh is None for sh in shards):
            raise StoreError(
                f"shard(s) {', '.join(map(str, absent))} of {n} are not among the folders; "
                "pass --partial to merge what there is"
            )
    codes = [s.code_hashes() for s in stores]
    every = set().union(*codes)
    if len(every) > 1 and not allow_code_change:
        where = next(s.root for s, c in zip(stores, codes, strict=True) if c != codes[0])
        if len(codes[0]) > 1:
            where = first.root
        raise StoreError(
            f"the folders hold runs of {len(every)} versions of the model code (e.g. "
            f"'{where}' differs); merging would mix model versions; rerun the odd shard "
            "with the same code, or pass --allow-code-change to mix knowingly (each run "
            "keeps the hash of its code)"
        )
    prov = dict(first.provenance)
    if len(every) > 1:
        prov["code_sha256"] = MIXED
        prov["code_sha256_mixed"] = sorted(every)
    prov["shard"] = None
    prov["merged_from"] = [
        {
            "folder": str(s.root),
            "shard": s.provenance.get("shard"),
            "sessions": s.provenance.get("sessions", []),
        }
        for s in stores
    ]
    prov["sessions"] = []
    text = (first.root / EXPERIMENT).read_text(encoding="utf-8")
    merged = Store.create(out, first.design(), prov, text)
    merged._manifest = []
    for k, (s, code) in enumerate(zip(stores, codes, strict=True), start=1):
        for seq, part in enumerate(s.part_files(), start=1):
            table = pq.read_table(part)
            if "code_sha256" not in table.column_names:
                # A part written before runs recorded their code: its store's code.
                only = next(iter(code)) if len(code) == 1 else None
                table = table.append_column(
                    pa.field("code_sha256", pa.string()),
                    pa.array([only] * table.num_rows, pa.string()),
                )
            target = merged.root / PARTS / f"part-{k:04d}-{seq:06d}.parquet"
            atomic_write_parquet(target, table)
            st = table.column("status").to_pylist()
            ok = sum(1 for x in st if x == OK)
            merged._manifest.append(
                {
                    "file": f"{PARTS}/{target.name}",
                    "runs": len(st),
                    "ok": ok,
                    "failed": len(st) - ok,
                }
            )
    merged.write_manifest()
    merged.write_results_file()
    return merged
