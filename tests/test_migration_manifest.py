"""Released migrations are immutable: every revision file must match its hash in the manifest."""

from core.storage.migrate_manifest import ADD_COMMAND, add_new, check


def test_released_migrations_are_unchanged_and_every_revision_is_listed():
    report = check()
    assert report.ok, "\n".join(report.messages())


def _tree(tmp_path):
    versions = tmp_path / "plugins" / "x" / "migrations" / "versions"
    versions.mkdir(parents=True)
    (versions / "x_0001.py").write_text('revision = "x_0001"\n', encoding="utf-8")
    (versions / "x_0002.py").write_text('revision = "x_0002"\n', encoding="utf-8")
    manifest = tmp_path / "manifest.sha256"
    assert add_new(tmp_path, manifest) == ["plugins/x/migrations/versions/x_0001.py",
                                           "plugins/x/migrations/versions/x_0002.py"]
    return versions, manifest


def test_an_edited_a_deleted_and_an_unlisted_revision_are_each_named(tmp_path):
    versions, manifest = _tree(tmp_path)
    assert check(tmp_path, manifest).ok
    (versions / "x_0001.py").write_text('revision = "x_0001"\nprint("edited")\n', encoding="utf-8")
    (versions / "x_0002.py").unlink()
    (versions / "x_0003.py").write_text('revision = "x_0003"\n', encoding="utf-8")
    report = check(tmp_path, manifest)
    assert report.changed == ["plugins/x/migrations/versions/x_0001.py"]
    assert report.deleted == ["plugins/x/migrations/versions/x_0002.py"]
    assert report.unlisted == ["plugins/x/migrations/versions/x_0003.py"]
    text = "\n".join(report.messages())
    assert "add new revisions only" in text and ADD_COMMAND in text


def test_add_appends_new_files_and_never_rewrites_a_listed_hash(tmp_path):
    versions, manifest = _tree(tmp_path)
    (versions / "x_0001.py").write_text("edited\n", encoding="utf-8")
    (versions / "x_0003.py").write_text('revision = "x_0003"\n', encoding="utf-8")
    before = manifest.read_text(encoding="utf-8")
    assert add_new(tmp_path, manifest) == ["plugins/x/migrations/versions/x_0003.py"]
    assert manifest.read_text(encoding="utf-8").startswith(before)
    assert check(tmp_path, manifest).changed == ["plugins/x/migrations/versions/x_0001.py"]


def test_line_endings_do_not_count_as_a_change(tmp_path):
    versions, manifest = _tree(tmp_path)
    (versions / "x_0001.py").write_bytes(b'revision = "x_0001"\r\n')
    assert check(tmp_path, manifest).ok
