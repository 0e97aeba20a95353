"""``flask qi backup`` / ``flask qi restore``: a fresh database gets back every row and every file,
and a damaged archive or a database in use is refused without a change (issue 17)."""
from __future__ import annotations

import hashlib
import io
import json
import tarfile
from pathlib import Path

import pytest

from app.extensions import db
from app.ops.backups import table_counts
from app.testing.fixtures import add_users

FILES = {"org/1/licence.pdf": b"%PDF-1.4 licence " * 1000, "need/7/photo.jpg": bytes(range(256)) * 40,
         "notes/说明.txt": "中文文件名".encode()}


def _cli(app, *args):
    result = app.test_cli_runner().invoke(args=["qi", *args])
    return result.exit_code, result.output


def _hashes(folder: Path) -> dict:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in folder.rglob("*") if p.is_file()}


def _counts(app) -> dict:
    with app.app_context():
        return table_counts(db.engine)


@pytest.fixture(scope="module")
def archive(make_app, tmp_path_factory):
    """A platform with users, categories and uploaded files, and its backup."""
    folder = tmp_path_factory.mktemp("backup")
    source = make_app(QI_UPLOAD_DIR=str(folder / "uploads"))
    add_users(source)
    for name, data in FILES.items():
        path = folder / "uploads" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    code, output = _cli(source, "backup", "--to", str(folder / "archives"))
    assert code == 0, output
    return Path(output.strip().splitlines()[-1]), _counts(source), _hashes(folder / "uploads")


@pytest.mark.clause("4.1-5")
def test_a_backup_restores_every_row_and_file_into_a_fresh_database(make_app, archive, tmp_path):
    path, counts, hashes = archive
    assert counts["ab_user"] >= 5 and counts["qi_service_category"] >= 5
    target = make_app(init=False, QI_UPLOAD_DIR=str(tmp_path / "uploads"))
    code, output = _cli(target, "restore", str(path))
    assert code == 0, output
    assert _counts(target) == counts
    assert _hashes(tmp_path / "uploads") == hashes
    client = target.test_client()
    assert client.get("/ready").status_code == 200  # migrations current, storage writable
    assert client.post("/login/", data={"username": "t_admin", "password": "pw-admin-1"}).status_code == 302


def _damaged(path: Path, into: Path) -> Path:
    """The archive with one byte of one uploaded file changed (its manifest left as it was)."""
    copy = into / "damaged.tar"
    with tarfile.open(path) as source, tarfile.open(copy, "w") as out:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name == "uploads/org/1/licence.pdf":
                data = data[:-1] + b"X"
            out.addfile(member, io.BytesIO(data))
    return copy


@pytest.mark.clause("4.1-5")
def test_a_damaged_archive_is_refused_and_changes_nothing(make_app, archive, tmp_path):
    path, _counts_before, _ = archive
    target = make_app(init=False, QI_UPLOAD_DIR=str(tmp_path / "uploads"))
    code, output = _cli(target, "restore", str(_damaged(path, tmp_path)))
    assert code == 1 and "does not match its checksum" in output
    assert _counts(target) == {} and not list(tmp_path.glob("uploads/**/*.*"))
    with tarfile.open(path) as source:
        manifest = json.load(source.extractfile("manifest.json"))
    assert manifest["database"] in ("sqlite", "postgresql") and manifest["revisions"]


def test_a_database_in_use_is_replaced_only_when_asked(make_app, archive, tmp_path):
    path, counts, hashes = archive
    target = make_app(QI_UPLOAD_DIR=str(tmp_path / "uploads"))  # migrated: it has tables
    code, output = _cli(target, "restore", str(path))
    assert code == 1 and "--replace" in output
    code, output = _cli(target, "restore", str(path), "--replace")
    assert code == 0, output
    assert _counts(target) == counts and _hashes(tmp_path / "uploads") == hashes
