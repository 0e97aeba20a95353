"""``flask qi backup`` and ``flask qi restore``: the database and the uploaded files in one archive,
with a manifest of checksums and row counts, restored only when every checksum holds.

An archive is a plain tar (the database dump and most uploads are compressed already):

- ``database.sqlite``: SQLite's online backup (``sqlite3.Connection.backup``), a consistent copy
  taken while the platform serves; or ``database.dump``: ``pg_dump --format=custom``, a consistent
  snapshot of PostgreSQL;
- ``uploads/…``: every file of ``QI_UPLOAD_DIR``;
- ``manifest.json``, last: when and from what it was made (engine, migration revisions, version),
  each member's size and SHA-256, and each table's row count.

A restore reads the whole archive first and refuses it, changing nothing, when a member is missing,
unlisted, outside the archive's folders, or its checksum differs; it refuses a database or upload
folder that already holds data unless told to replace it. PostgreSQL restores in one transaction
(``pg_restore --single-transaction``), SQLite by replacing the database file at once, so a failed
restore leaves the database as it was. It ends by comparing every table's rows with the manifest.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import sqlalchemy as sa
from flask import current_app

FORMAT = 1
MANIFEST = "manifest.json"
DATABASE_MEMBER = {"sqlite": "database.sqlite", "postgresql": "database.dump"}
UPLOADS = "uploads"
CHUNK = 1 << 20


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why."""


@dataclass
class Restored:
    tables: int
    rows: int
    files: int
    mismatched: dict  # table -> (rows in the manifest, rows now)


def _engine():
    from ..extensions import db

    return db.engine


def table_counts(engine) -> dict[str, int]:
    """Rows of every table of the database (the platform's, FAB's, every plugin's)."""
    with engine.connect() as conn:
        names = sorted(sa.inspect(conn).get_table_names())
        return {name: conn.execute(sa.select(sa.func.count()).select_from(sa.table(name))).scalar_one()
                for name in names}


def _pg_tool(name: str) -> str:
    """``pg_dump`` / ``pg_restore`` from ``QI_PG_BIN``, else the PATH, else Debian's newest."""
    folder = current_app.config.get("QI_PG_BIN")
    candidates = [Path(folder) / name] if folder else []
    found = shutil.which(name)
    candidates += [Path(found)] if found else []
    candidates += sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), key=lambda p: int(p.parts[-3]),
                         reverse=True)
    for path in candidates:
        if path.exists():
            return str(path)
    raise BackupError(f"{name} was not found: install the PostgreSQL client or set QI_PG_BIN")


def _pg_connection(engine) -> tuple[list[str], dict]:
    """libpq arguments and environment for the engine's database (the password in PGPASSWORD, not
    on a command line every user of the machine can read)."""
    url = engine.url
    args = ["--host", url.host or "localhost", "--port", str(url.port or 5432), "--username", url.username or "",
            "--dbname", url.database or ""]
    env = {**os.environ, **({"PGPASSWORD": url.password} if url.password else {})}
    return args, env


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _dump_database(engine, into: Path) -> Path:
    kind = engine.dialect.name
    target = into / DATABASE_MEMBER.get(kind, "")
    if kind == "sqlite":
        source = sqlite3.connect(engine.url.database)
        copy = sqlite3.connect(target)
        try:
            source.backup(copy)  # pages copied while others write: a consistent copy
        finally:
            copy.close()
            source.close()
    elif kind == "postgresql":
        args, env = _pg_connection(engine)
        done = subprocess.run([_pg_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges",
                               "--file", str(target), *args], env=env, capture_output=True, text=True)
        if done.returncode:
            raise BackupError(f"pg_dump failed: {done.stderr.strip()[-2000:]}")
    else:
        raise BackupError(f"cannot back up a {kind} database")
    return target


def create_backup(folder: Path) -> Path:
    """Write an archive of the database and the uploads into ``folder``; returns its path."""
    from ..accounts.uploads import upload_dir
    from ..dashboard.system import migration_state
    from ..plugins.manager import platform_version

    engine = _engine()
    folder.mkdir(parents=True, exist_ok=True)
    now = dt.datetime.now(dt.timezone.utc)
    archive = folder / f"qi-backup-{now:%Y%m%d-%H%M%S}.tar"
    partial = archive.with_suffix(".tar.partial")
    members: dict[str, dict] = {}
    with tempfile.TemporaryDirectory(prefix="qi-backup-") as scratch:
        dump = _dump_database(engine, Path(scratch))
        counts = table_counts(engine)
        with tarfile.open(partial, "w") as tar:
            tar.add(dump, arcname=dump.name)
            members[dump.name] = {"size": dump.stat().st_size, "sha256": _sha256(dump)}
            uploads = upload_dir()
            for path in sorted(p for p in uploads.rglob("*") if p.is_file()):
                name = str(PurePosixPath(UPLOADS, *path.relative_to(uploads).parts))
                tar.add(path, arcname=name)
                members[name] = {"size": path.stat().st_size, "sha256": _sha256(path)}
            manifest = {"format": FORMAT, "created_at": now.isoformat(timespec="seconds"),
                        "version": platform_version(), "database": engine.dialect.name,
                        "revisions": migration_state()["at"], "tables": counts, "members": members}
            data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime = len(data), int(now.timestamp())
            tar.addfile(info, io.BytesIO(data))
    os.replace(partial, archive)  # an archive with this name is whole
    return archive


def _safe_name(name: str) -> bool:
    path = PurePosixPath(name)
    return not path.is_absolute() and ".." not in path.parts and (
        name in DATABASE_MEMBER.values() or (path.parts[0] == UPLOADS and len(path.parts) > 1))


def verify(archive: Path) -> dict:
    """The archive's manifest, once every member is listed, safe and holds its checksum."""
    try:
        tar = tarfile.open(archive, "r")
    except (OSError, tarfile.TarError) as error:
        raise BackupError(f"{archive} is not a backup archive: {error}") from error
    with tar:
        try:
            manifest = json.load(tar.extractfile(MANIFEST))
        except (KeyError, ValueError) as error:
            raise BackupError(f"{archive} has no readable {MANIFEST}") from error
        if manifest.get("format") != FORMAT:
            raise BackupError(f"{archive} is of format {manifest.get('format')}, not {FORMAT}")
        listed = manifest.get("members", {})
        seen = set()
        for member in tar.getmembers():
            if member.name == MANIFEST:
                continue
            if member.name not in listed or not member.isfile() or not _safe_name(member.name):
                raise BackupError(f"{archive} holds {member.name!r}, which its manifest does not list as a file")
            digest = hashlib.sha256()
            stream = tar.extractfile(member)
            for chunk in iter(lambda: stream.read(CHUNK), b""):
                digest.update(chunk)
            if digest.hexdigest() != listed[member.name]["sha256"]:
                raise BackupError(f"{member.name} does not match its checksum: the archive is damaged")
            seen.add(member.name)
        missing = set(listed) - seen
        if missing:
            raise BackupError(f"{archive} lacks {', '.join(sorted(missing))}")
    return manifest


def _restore_database(engine, tar: tarfile.TarFile, replace: bool, scratch: Path) -> None:
    kind = engine.dialect.name
    member = DATABASE_MEMBER[kind]
    tar.extract(member, scratch, filter="data")
    dump = scratch / member
    if kind == "sqlite":
        target = Path(engine.url.database)
        engine.dispose()  # no connection of ours keeps the old file open
        staged = target.with_name(f".{target.name}.restoring")
        shutil.copyfile(dump, staged)
        os.replace(staged, target)  # at once: the old database or the restored one, never half
        return
    args, env = _pg_connection(engine)
    engine.dispose()
    done = subprocess.run([_pg_tool("pg_restore"), "--no-owner", "--no-privileges", "--single-transaction",
                           "--exit-on-error", *(["--clean", "--if-exists"] if replace else []), *args, str(dump)],
                          env=env, capture_output=True, text=True)
    if done.returncode:
        raise BackupError(f"pg_restore failed, the database is unchanged: {done.stderr.strip()[-2000:]}")


def restore_backup(archive: Path, replace: bool = False) -> Restored:
    """Restore ``archive`` into the configured database and upload folder (see the module)."""
    from ..accounts.uploads import upload_dir

    manifest = verify(archive)
    engine = _engine()
    if manifest["database"] != engine.dialect.name:
        raise BackupError(f"the archive holds a {manifest['database']} database; this platform runs on "
                          f"{engine.dialect.name}")
    uploads = upload_dir()
    if not replace:
        with engine.connect() as conn:
            if sa.inspect(conn).get_table_names():
                raise BackupError("the database already holds tables: restore into an empty one, or pass --replace")
        if any(uploads.iterdir()):
            raise BackupError(f"{uploads} already holds files: restore into an empty folder, or pass --replace")
    files = [name for name in manifest["members"] if name.startswith(UPLOADS + "/")]
    with tarfile.open(archive, "r") as tar, tempfile.TemporaryDirectory(prefix="qi-restore-") as scratch:
        _restore_database(engine, tar, replace, Path(scratch))
        for name in files:
            tar.extract(name, scratch, filter="data")
            target = uploads.joinpath(*PurePosixPath(name).parts[1:])
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(os.path.join(scratch, name), target)
    now = table_counts(_engine())
    expected = manifest["tables"]
    mismatched = {t: (expected.get(t), now.get(t)) for t in sorted(set(expected) | set(now))
                  if expected.get(t) != now.get(t)}
    return Restored(len(now), sum(now.values()), len(files), mismatched)
