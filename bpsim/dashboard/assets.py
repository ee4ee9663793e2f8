"""The dashboard's front-end files and Solara's asset cache.

Solara's page loads its JavaScript, CSS and fonts through ``/_solara/cdn/...``, a
proxy that serves them from a cache folder and fetches missing ones from a public
CDN. Offline, a missing file leaves the page blank. The ``solara-assets`` package
fills the cache when it is installed; this module checks that every file the
dashboard's page asks for is there, and fetches any that are not.

What it checks, honestly: the list in ``cdn_files.txt``, recorded from a real
browser visiting every tab. The browser tests fail if the page asks for a file
that is not on the list, so the list cannot silently fall behind the page; but
the check here is only as complete as that list.
"""

from __future__ import annotations

from pathlib import Path

#: The recorded list of front-end files, one path (relative to the cache) a line.
MANIFEST = Path(__file__).with_name("cdn_files.txt")
#: Seconds to wait for one file from the CDN.
DOWNLOAD_TIMEOUT = 30


def required_files() -> list[str]:
    """The front-end files the page loads, as paths under the CDN proxy."""
    lines = MANIFEST.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def cache_dir() -> Path:
    """Solara's asset cache folder (``SOLARA_ASSETS_PROXY_CACHE_DIR`` or its default)."""
    import solara.server.settings

    return Path(solara.server.settings.assets.proxy_cache_dir)


def cached_path(cache: Path, path: str) -> Path:
    """Where Solara's proxy keeps `path` (a bare ``name@version`` is its main script)."""
    return cache / path if "/" in path else cache / path / "__main.js"


def missing_files(cache: Path | None = None) -> list[str]:
    """Required files that are not in the cache (or are empty)."""
    cache = cache or cache_dir()
    missing = []
    for path in required_files():
        file = cached_path(cache, path)
        if not file.is_file() or file.stat().st_size == 0:
            missing.append(path)
    return missing


def fetch(cache: Path, path: str) -> str | None:
    """Download one file from Solara's CDN into the cache; the reason if that failed."""
    import requests
    from solara.server import cdn_helper

    url = cdn_helper.get_cdn_url(path)
    try:
        response = requests.get(url, timeout=DOWNLOAD_TIMEOUT)
    except requests.RequestException as err:
        return f"{url}: {type(err).__name__}"
    if not response.ok:
        return f"{url}: HTTP {response.status_code}"
    target = cached_path(cache, path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(response.content)
    return None


def prepare(verbose: bool = True, download: bool = True) -> int:
    """Check the cache holds every required file; download missing ones if allowed.

    Args:
        verbose: Print what was found and done.
        download: Try to fetch missing files from the CDN (needs internet).

    Returns:
        0 if every file is in the cache afterwards, else 1.
    """
    cache = cache_dir()
    required = required_files()
    missing = missing_files(cache)
    say = print if verbose else (lambda *a, **k: None)
    say(f"Solara asset cache: {cache}")
    say(f"  {len(required) - len(missing)} of {len(required)} front-end files present")
    failures = []
    if missing and download:
        say(f"  fetching {len(missing)} missing file(s) from {cdn_url()} ...")
        for path in missing:
            problem = fetch(cache, path)
            if problem:
                failures.append(problem)
                if "ConnectionError" in problem:
                    break  # offline: the other files will not come either
        missing = missing_files(cache)
    if not missing:
        say("  complete: the dashboard's page loads without internet")
        return 0
    say(f"  MISSING ({len(missing)}), the page will not load offline:")
    for path in missing:
        say(f"    {path}")
    for problem in failures:
        say(f"  could not fetch {problem}")
    say("  Install solara-assets of the same version as solara, or run this again online.")
    return 1


def cdn_url() -> str:
    """The public CDN Solara's proxy fetches from."""
    import solara.settings

    return str(solara.settings.assets.cdn)
