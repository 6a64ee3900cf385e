"""The prepared title matcher is cached on disk: loaded when sound and current, rebuilt otherwise."""

from __future__ import annotations

import hashlib
import pickle
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from srmatch.cli import main
from srmatch.matching.vocabulary import Concept, Vocabulary
from srmatch.services.matcher_cache import matcher_cache_dir, prepared_matcher


def occupation(slug: str, isco: str, *alt: str) -> Concept:
    return Concept(uri=f"srm:{slug}", preferred_label=slug.replace("_", " "), kind="occupation", isco_code=isco, alt_labels=alt)


VOCABULARY = Vocabulary(
    concepts=(
        occupation("heftruckchauffeur", "8344", "heftruckbestuurder"),
        occupation("schoonmaker", "9112", "medewerker schoonmaak"),
        occupation("kapper", "5141", "kapster"),
    ),
    source="srmatch",
)
TITLES = ["heftruckbestuurder", "Medewerker schoonmaak (m/v/x)", "afrokapper", "kok"]


def cache_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("title-matcher-*.pickle"))


def test_second_preparation_loads_the_same_matcher_from_disk(tmp_path: Path) -> None:
    first = prepared_matcher(VOCABULARY, tmp_path)
    second = prepared_matcher(VOCABULARY, tmp_path)
    assert (first.source, second.source) == ("built", "cache")
    assert second.matcher.suggest_many(TITLES) == first.matcher.suggest_many(TITLES)
    [file] = cache_files(tmp_path)
    assert stat.S_IMODE(file.stat().st_mode) == 0o600


def test_another_vocabulary_is_prepared_anew(tmp_path: Path) -> None:
    prepared_matcher(VOCABULARY, tmp_path)
    extended = Vocabulary(VOCABULARY.concepts + (occupation("kok", "5120", "hulpkok"),), "srmatch")
    again = prepared_matcher(extended, tmp_path)
    assert again.source == "built"
    assert again.matcher.suggest("kok")[0].uri == "srm:kok"
    assert prepared_matcher(VOCABULARY, tmp_path).source == "cache"
    assert len(cache_files(tmp_path)) == 2


def _truncate(raw: bytes) -> bytes:
    return raw[: len(raw) // 2]


def _flip_payload_byte(raw: bytes) -> bytes:
    middle = len(raw) // 2
    return raw[:middle] + bytes([raw[middle] ^ 0xFF]) + raw[middle + 1 :]


def _garbage(raw: bytes) -> bytes:
    return b"not a cache file at all"


def _sound_digest_wrong_object(raw: bytes) -> bytes:
    header = raw.split(b"\n", 1)[0] + b"\n"
    payload = pickle.dumps({"not": "a matcher"})
    return header + hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload


def _sound_digest_unreadable_payload(raw: bytes) -> bytes:
    header = raw.split(b"\n", 1)[0] + b"\n"
    payload = b"\x80\x05garbage that is no pickle"
    return header + hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload


@pytest.mark.parametrize(
    "damage", [_truncate, _flip_payload_byte, _garbage, _sound_digest_wrong_object, _sound_digest_unreadable_payload]
)
def test_a_damaged_cache_is_never_trusted_but_rebuilt(tmp_path: Path, damage: Callable[[bytes], bytes]) -> None:
    expected = prepared_matcher(VOCABULARY, tmp_path).matcher.suggest_many(TITLES)
    [file] = cache_files(tmp_path)
    file.write_bytes(damage(file.read_bytes()))
    rebuilt = prepared_matcher(VOCABULARY, tmp_path)
    assert rebuilt.source == "built"
    assert rebuilt.matcher.suggest_many(TITLES) == expected
    assert prepared_matcher(VOCABULARY, tmp_path).source == "cache"


def test_an_unwritable_cache_folder_only_costs_speed(tmp_path: Path) -> None:
    blocked = tmp_path / "cache"
    blocked.write_text("a file where the folder should be", encoding="utf-8")
    first = prepared_matcher(VOCABULARY, blocked)
    assert first.source == "built"
    assert prepared_matcher(VOCABULARY, blocked).source == "built"
    assert first.matcher.suggest("kapster")[0].uri == "srm:kapper"


ESCO_HEADER = "conceptType,conceptUri,iscoGroup,preferredLabel,altLabels,hiddenLabels,status,modifiedDate,regulatedProfessionNote,scopeNote,definition,inScheme,description,code"


def _esco_file(path: Path, *rows: str) -> Path:
    path.write_text("\n".join([ESCO_HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def test_one_off_suggest_commands_share_the_cached_matcher_and_follow_imports(
    capsys: pytest.CaptureFixture[str], database_url: str, tmp_path: Path
) -> None:
    first = _esco_file(
        tmp_path / "first.csv",
        "Occupation,http://data.europa.eu/esco/occupation/kok,5120,kok,hulpkok,,released,,,,,,Kookt.,5120.1",
    )
    second = _esco_file(
        tmp_path / "second.csv",
        "Occupation,http://data.europa.eu/esco/occupation/chef,3434,chef-kok,kok,,released,,,,,,Leidt de keuken.,3434.1",
    )
    assert main(["--db", database_url, "vocabulary", "import-esco", str(first)]) == 0
    assert main(["--db", database_url, "vocabulary", "suggest", "kok", "--json"]) == 0
    assert main(["--db", database_url, "vocabulary", "suggest", "kok", "--json"]) == 0
    output = capsys.readouterr().out.splitlines()
    assert output[-1] == output[-2] and "occupation/kok" in output[-1]
    assert len(cache_files(matcher_cache_dir())) == 1
    assert main(["--db", database_url, "vocabulary", "import-esco", str(second)]) == 0
    assert main(["--db", database_url, "vocabulary", "suggest", "kok", "--json"]) == 0
    assert "occupation/chef" in capsys.readouterr().out.splitlines()[-1]
    assert len(cache_files(matcher_cache_dir())) == 2
