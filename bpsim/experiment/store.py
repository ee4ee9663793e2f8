"""The results store: a folder of Parquet parts that survives being killed at any moment.

Layout of a store folder::

    provenance.json    what made these results (code, lock file, experiment, seeds, sessions)
    experiment.toml    the experiment file as it was run
    design.parquet     every planned run: run id, replication, scenario, point, seed, factors
    parts/part-SSSS-NNNNNN.parquet   results, a few runs each, one row per run
    manifest.json      an index of the parts (a convenience; rebuilt from the parts)
    results.parquet    design joined with results (a convenience, rewritten after a sweep)

The part file is the unit of atomicity. A part is written to a hidden temporary file,
flushed to disk, then renamed into place (`os.replace` is atomic on POSIX), so a
reader sees a whole part or none. Which runs are finished is read from the parts
themselves, never from the manifest, so a part written just before a kill, with
the manifest not yet updated, still counts; a half-written temporary file is never
read and is removed on resume. Reads keep one row per run id (a finished row over a
failed one), so even a part copied twice cannot duplicate a run.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from bpsim.errors import UsageError

PROVENANCE = "provenance.json"
DESIGN = "design.parquet"
MANIFEST = "manifest.json"
EXPERIMENT = "experiment.toml"
RESULTS = "results.parquet"
PARTS = "parts"

#: Columns of a part besides the outcomes.
META_COLUMNS = ("run_id", "status", "error", "traceback", "seconds", "worker")
#: Columns whose values depend on where and when a run ran, not on what it computed.
VOLATILE_COLUMNS = ("seconds", "worker", "traceback")
OK = "ok"
FAILED = "failed"
MISSING = "missing"


class StoreError(UsageError):
    """A results folder that cannot be used as asked; the message says why."""


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
            provenance: Provenance (see `bpsim.experiment.provenance`).
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
        except (OSError, ValueError) as err:
            raise StoreError(f"'{root}/{PROVENANCE}' cannot be read: {err}") from None
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

    def _read_parts(self, columns: list[str] | None = None) -> pd.DataFrame:
        frames = []
        for path in self.part_files():
            try:
                frames.append(pq.read_table(path, columns=columns).to_pandas())
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


def merge(sources: list[str | Path], out: str | Path, *, partial: bool = False) -> Store:
    """Join the stores of shards (or of the same sweep run elsewhere) into one store.

    The merged store is an ordinary, unsharded store of the same plan, so
    ``bpsim sweep EXPERIMENT --out MERGED --resume`` can fill in any runs still missing.

    Args:
        sources: Store folders, e.g. one per shard.
        out: New store folder.
        partial: Allow merging when some shards of the split are absent.

    Raises:
        StoreError: If a source is not a store, the sources hold different plans or
            splits, a shard is absent (without `partial`), or `out` already holds a sweep.
    """
    if not sources:
        raise StoreError("merge needs at least one results folder")
    out = Path(out)
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
    prov = dict(first.provenance)
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
    for k, s in enumerate(stores, start=1):
        for seq, part in enumerate(s.part_files(), start=1):
            data = part.read_bytes()
            target = merged.root / PARTS / f"part-{k:04d}-{seq:06d}.parquet"
            atomic_write(target, lambda fh, data=data: fh.write(data))
            st = pq.read_table(target, columns=["status"]).column("status").to_pylist()
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
