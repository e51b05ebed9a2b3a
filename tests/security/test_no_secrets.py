"""No secret is committed: no private key, token or password assignment in tracked files,
and the files that hold local secrets are ignored by git."""

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PATTERNS = {
    "private key": re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----"),
    "AWS access key": re.compile(r"AKIA[0-9A-Z]{16}"),
    "GitHub token": re.compile(r"gh[pousr]_[A-Za-z0-9]{36}"),
    "Slack token": re.compile(r"xox[abpr]-[A-Za-z0-9-]{10,}"),
    "URL with a password": re.compile(r"\w+://[^\s:/@'\"]+:[^\s@'\"/]{6,}@(?!host\b)"),
    "secret key assigned": re.compile(r"SECRET_KEY\s*=\s*['\"][^'\"]{20,}['\"]"),
}
# Test and benchmark settings carry throw-away keys, named as such.
ALLOWED = (
    "test-only-secret-key",
    "bench-only-secret-key",
    "user:pass@host",  # placeholders in the docs
    "user:password@",
    ":${",  # docker-compose takes the password from the environment
)


def _tracked() -> list[Path]:
    out = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    return [ROOT / name for name in out.splitlines() if not name.startswith("tests/e2e/vendor/")]


def test_no_secret_in_tracked_files():
    found = []
    for path in _tracked():
        if not path.is_file() or path.stat().st_size > 2_000_000:
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        for line in text.splitlines():
            for name, pattern in PATTERNS.items():
                if pattern.search(line) and not any(a in line for a in ALLOWED):
                    found.append(f"{path.relative_to(ROOT)}: {name}")
    assert found == []


def test_local_secret_files_are_ignored():
    for name in (".env", ".dev-secret-key", "db.sqlite3", "private-media/x.pdf"):
        result = subprocess.run(
            ["git", "check-ignore", "-q", name], cwd=ROOT, capture_output=True, check=False
        )
        assert result.returncode == 0, f"{name} is not ignored by git"
