#!/usr/bin/env python3
"""Copy the web map's front-end assets from node_modules into src/marsad/web/static/vendor/.

Why a copy step and not a CDN: the page must work offline (no CDN, no tile server), so the few files
it needs (Leaflet, topojson-client, a world-atlas country outline) are pinned in package-lock.json,
installed by ``npm ci`` at build time and copied next to the page, where FastAPI serves them under
/static/vendor/. The vendor folder is gitignored; this script rebuilds it from scratch every time.

Usage (from the project root, after ``npm ci --no-audit --no-fund``):

    python tools/build_web_assets.py [--root DIR]

Standard library only, so it runs before or without the project's virtualenv.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

# (package, path inside the package, destination inside vendor/). Directories are copied whole.
ASSETS: tuple[tuple[str, str, str], ...] = (
    ("leaflet", "dist/leaflet.js", "leaflet/leaflet.js"),
    ("leaflet", "dist/leaflet.css", "leaflet/leaflet.css"),
    ("leaflet", "dist/images", "leaflet/images"),
    ("leaflet", "LICENSE", "leaflet/LICENSE"),
    ("topojson-client", "dist/topojson-client.min.js", "topojson-client/topojson-client.min.js"),
    ("topojson-client", "LICENSE", "topojson-client/LICENSE"),
    ("world-atlas", "countries-50m.json", "world-atlas/countries-50m.json"),
    ("world-atlas", "LICENSE", "world-atlas/LICENSE"),
)


def build(root: Path) -> list[Path]:
    """Rebuild ``vendor/`` under ``root``; return the files written. Raises SystemExit with one line on error."""
    modules = root / "node_modules"
    vendor = root / "src" / "marsad" / "web" / "static" / "vendor"
    missing = [f"{pkg}/{rel}" for pkg, rel, _ in ASSETS if not (modules / pkg / rel).exists()]
    if missing:
        raise SystemExit(
            f"error: missing in {modules}: {', '.join(missing)} (run `npm ci --no-audit --no-fund` first)"
        )
    if vendor.exists():
        shutil.rmtree(vendor)
    written: list[Path] = []
    versions: dict[str, str] = {}
    for pkg, rel, dest in ASSETS:
        src = modules / pkg / rel
        out = vendor / dest
        out.parent.mkdir(parents=True, exist_ok=True)
        if src.is_dir():
            shutil.copytree(src, out)
            written.extend(p for p in out.rglob("*") if p.is_file())
        else:
            shutil.copyfile(src, out)
            written.append(out)
        if pkg not in versions:
            versions[pkg] = json.loads((modules / pkg / "package.json").read_text("utf-8"))["version"]
    manifest = vendor / "versions.json"
    manifest.write_text(json.dumps(versions, indent=2, sort_keys=True) + "\n", "utf-8")
    written.append(manifest)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parent.parent)
    args = parser.parse_args(argv)
    written = build(args.root.resolve())
    print(f"copied {len(written)} web asset files into src/marsad/web/static/vendor/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
