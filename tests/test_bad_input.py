"""Bad files: a one-line error naming the file and the reason, logged; the batch goes on."""
from __future__ import annotations

import pytest

from disclosure.model import DisclosureError
from disclosure.parse import parse_file
from disclosure.store import connect
from disclosure.store.ingest import ingest

from .conftest import REAL

SEED = REAL / "shenchi-education-2023.txt"

BAD = {
    "empty.txt": (b"", "空文件"),
    "blank.txt": (b" \n\n\t \n", "空文件"),
    "junk.txt": (bytes(range(256)) * 40, "二进制文件"),
    "not-a-report.txt": ("关于召开2024年春季运动会的通知\n\n各单位：请于三月一日前报名。\n".encode("utf-8"), "不是政府信息公开工作年度报告"),
    "undecodable.txt": (b"\x81\x30\xff\xfe\x80\x80\xff" * 200, "无法识别文本编码"),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_file_gives_one_line_error_naming_file_and_reason(name, tmp_path):
    data, reason = BAD[name]
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(DisclosureError) as info:
        parse_file(str(path))
    message = str(info.value)
    assert "\n" not in message
    assert str(path) in message and reason in message


def test_encodings_other_than_utf8_are_read(tmp_path):
    text = SEED.read_text(encoding="utf-8")
    for enc in ("gb18030", "gbk", "utf-16", "utf-8-sig"):
        path = tmp_path / f"seed-{enc}.txt"
        path.write_bytes(text.replace("“", '"').replace("”", '"').encode(enc))
        report = parse_file(str(path))
        assert report.agency == "神池县教育科技局" and report.value("requests", "unable.not_held", "total") == 1


def test_a_bad_batch_keeps_what_was_stored_and_goes_on(tmp_db, tmp_path):
    [first] = ingest([str(SEED)], tmp_db)
    assert first.status == "stored"
    for name, (data, _) in BAD.items():
        (tmp_path / name).write_bytes(data)
    good = tmp_path / "zz-good.txt"
    good.write_text(SEED.read_text(encoding="utf-8").replace("神池县教育科技局", "神池县卫生健康和体育局"), encoding="utf-8")
    outcomes = ingest([str(tmp_path)], tmp_db)
    statuses = {o.path.rsplit("/", 1)[-1]: o.status for o in outcomes}
    assert statuses.pop("zz-good.txt") == "stored"
    assert set(statuses.values()) == {"failed"}
    con = connect(tmp_db, read_only=True)
    assert con.execute("SELECT count(*) FROM reports").fetchone()[0] == 2
    assert con.execute("SELECT count(*) FROM cells").fetchone()[0] == 400
    errors = con.execute("SELECT path, reason FROM ingest_errors").fetchall()
    assert sorted(p.rsplit("/", 1)[-1] for p, _ in errors) == sorted(BAD)
    assert all(r for _, r in errors)
