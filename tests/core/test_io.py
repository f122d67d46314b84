"""One atomic write and one YAML library, with today's guarantees."""
from __future__ import annotations

import os

import pytest

from workbook.core.config import load_config
from workbook.core.io import dump_yaml, read_yaml, round_trip_yaml, write_atomic
from workbook.exceptions import ConfigError, YamlError


def test_write_atomic_replaces_the_file_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "sub" / "report.html"
    write_atomic(target, "旧")
    write_atomic(target, "新版")
    assert target.read_text(encoding="utf-8") == "新版"
    assert sorted(p.name for p in target.parent.iterdir()) == ["report.html"]
    assert oct(target.stat().st_mode & 0o777) == "0o644"


def test_write_atomic_keeps_the_old_file_when_writing_fails(tmp_path):
    target = tmp_path / "a.txt"
    write_atomic(target, "good")

    with pytest.raises(TypeError):
        write_atomic(target, 12345)  # not str or bytes: fails while writing
    assert target.read_text() == "good"
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]


def test_write_atomic_can_keep_the_mode_of_the_file_it_replaces(tmp_path):
    target = tmp_path / "client.yaml"
    target.write_text("x: 1\n")
    os.chmod(target, 0o600)
    write_atomic(target, "x: 2\n", mode=None)
    assert oct(target.stat().st_mode & 0o777) == "0o600"


def test_yaml_12_booleans_keep_on_y_n_as_text():
    data = read_yaml("on: 1\nY: 是\nN: 否\nyes: no\nflag: true\noff: False\n")
    assert data == {"on": 1, "Y": "是", "N": "否", "yes": "no", "flag": True, "off": False}


def test_python_tags_are_refused_with_a_clear_error():
    with pytest.raises(YamlError, match="not valid YAML"):
        read_yaml("x: !!python/object/apply:os.system ['echo hacked']\n")


def test_a_client_yaml_with_a_python_tag_names_the_file(tmp_path):
    (tmp_path / "client.yaml").write_text("client_name: !!python/name:os.system\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"client\.yaml: not valid YAML"):
        load_config(tmp_path)


def test_dates_and_unicode_round_trip():
    text = dump_yaml({"client_name": "示例客户", "period": {"start": "2024-01-01"}, "n": 3})
    assert "示例客户" in text and "\\u" not in text
    assert read_yaml(text) == {"client_name": "示例客户", "period": {"start": "2024-01-01"}, "n": 3}
    assert str(read_yaml("d: 2024-01-01\n")["d"]) == "2024-01-01"


def test_round_trip_keeps_comments():
    import io

    yaml = round_trip_yaml()
    doc = yaml.load("# 客户\nclient_name: A  # name\nfollowup_days: 3\n")
    doc["followup_days"] = 5
    out = io.StringIO()
    yaml.dump(doc, out)
    assert out.getvalue() == "# 客户\nclient_name: A  # name\nfollowup_days: 5\n"
