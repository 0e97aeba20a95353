"""A web worker serving ordinary pages and searches never loads pypinyin (~57 MB) or jieba's
dictionary (~65 MB): they load only where a record is indexed (issue 16). Checked in a fresh process, so that other
tests' imports do not count."""
import json
import subprocess
import sys
from pathlib import Path

from app.testing.fixtures import USERS

ROOT = Path(__file__).resolve().parents[2]

WORKER = r"""
import json, sys
from app import create_app
from app.extensions import db
from app.accounts.models import APPROVED, Organisation

url, password = sys.argv[1], sys.argv[2]
app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "lazy-tokenizers", "WTF_CSRF_ENABLED": False,
                  "TESTING": True, "FAB_UPDATE_PERMS": False, "QI_FOOTER_WINDOWS": 0})


def loaded():
    jieba = sys.modules.get("jieba")
    return {"pypinyin": "pypinyin" in sys.modules,
            "jieba_dictionary": bool(jieba is not None and jieba.dt.initialized)}


def organisation(kind, number):
    return Organisation(kind=kind, institution_types="testing" if kind == "institution" else "",
                        uscc=f"9164{number:014d}", name=f"宁夏懒加载检测{kind}{number}", legal_representative="张三",
                        address="银川市", region_code="640106", contact_person="李四",
                        contact_phone="13800000000", status=APPROVED)


states = {"create_app": loaded()}
client = app.test_client()
statuses = [client.get(p).status_code for p in ("/", "/search/?q=计量", "/search/?q=GB/T")]
client.post("/login/", data={"username": "t_admin", "password": password})
statuses += [client.get(p).status_code for p in ("/needs/list/", "/organisationview/list/")]
statuses.append(client.get("/search/?q=压力表校准服务").status_code)  # found by nothing whole: cut into words
with app.app_context():
    db.session.add(organisation("enterprise", 1))  # an enterprise is not in the search: nothing to index
    db.session.commit()
states["pages_and_save"] = loaded()
with app.app_context():
    db.session.add(organisation("institution", 2))  # an institution is: its title gets pinyin
    db.session.commit()
states["indexed_save"] = loaded()
print(json.dumps({"statuses": statuses, "states": states}))
"""


def test_pages_searches_and_unindexed_saves_leave_the_tokenizers_unloaded(app):
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    result = subprocess.run([sys.executable, "-c", WORKER, url, USERS["t_admin"][1]], cwd=ROOT,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["statuses"] == [200] * 6
    nothing = {"pypinyin": False, "jieba_dictionary": False}
    assert report["states"]["create_app"] == nothing
    # a query never spells pinyin, and a long Chinese query that nothing matches whole is cut with
    # the word file (app.search.wordcut), not jieba's dictionary in memory
    assert report["states"]["pages_and_save"] == nothing
    # the check sees them when they do load: a record that is indexed needs both
    assert report["states"]["indexed_save"] == {"pypinyin": True, "jieba_dictionary": True}
