"""scripts/test-deps, which `make test` runs first: silent when every tool is there; when one
is missing, installs the right Debian packages (root) or prints the command (not root).

Nothing here installs or removes anything: the script runs with a PATH of stub tools, a stub
`apt-get` that only records its arguments, a stub `id`, and its test-only overrides for the
Chromium path and /etc/os-release.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from .conftest import REPO

SCRIPT = REPO / "scripts" / "test-deps"
POPPLER = ["pdffonts", "pdftotext", "pdfinfo", "pdftohtml", "pdftoppm", "pdfimages"]
ALL_TOOLS = [*POPPLER, "java", "npm"]
DEBIAN = 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\n'


def write_new(path: Path, text: str, mode: int = 0o755) -> None:
    """Create a new file; never write through an existing file or symlink (one could be a
    link to a real system binary)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, mode)
    with os.fdopen(fd, "w") as f:
        f.write(text)


class Sandbox:
    """A PATH of `stubs/` (files written here) then `system/` (read-only symlinks to the few
    real commands the script itself uses)."""

    def __init__(self, tmp: Path, uid: int = 0, os_release: str = DEBIAN) -> None:
        self.tmp = tmp
        self.stubs = tmp / "stubs"
        self.system = tmp / "system"
        self.stubs.mkdir()
        self.system.mkdir()
        for name in ("bash", "mktemp", "tail", "rm"):
            real = shutil.which(name)
            assert real, name
            (self.system / name).symlink_to(real)
        self.chromium = tmp / "usr-bin-chromium"
        self.apt_log = tmp / "apt-get.log"
        write_new(self.stubs / "id", f"#!/bin/sh\necho {uid}\n")
        # records its calls; `install` "installs" by creating the stub tools
        chmod = shutil.which("chmod")
        targets = " ".join(f"'{self.stubs / t}'" for t in ALL_TOOLS) + f" '{self.chromium}'"
        write_new(self.stubs / "apt-get", f"""#!/bin/sh
echo "DEBIAN_FRONTEND=$DEBIAN_FRONTEND $*" >>'{self.apt_log}'
case "$1" in install)
  for t in {targets}; do
    [ -e "$t" ] || {{ printf '#!/bin/sh\\n' >"$t"; '{chmod}' +x "$t"; }}
  done
esac
""")
        write_new(tmp / "os-release", os_release, 0o644)

    def add(self, *tools: str) -> None:
        for tool in tools:
            if tool == "chromium":
                write_new(self.chromium, "#!/bin/sh\n")
            else:
                write_new(self.stubs / tool, "#!/bin/sh\n")

    def run(self, **env: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(self.system / "bash"), str(SCRIPT)], capture_output=True, text=True,
            timeout=60, env={"PATH": f"{self.stubs}:{self.system}",
                             "TEST_DEPS_CHROMIUM": str(self.chromium),
                             "TEST_DEPS_OS_RELEASE": str(self.tmp / "os-release"), **env})

    def apt_calls(self) -> list[str]:
        return self.apt_log.read_text().splitlines() if self.apt_log.exists() else []


def test_script_is_valid_bash() -> None:
    assert os.access(SCRIPT, os.X_OK)
    subprocess.run(["bash", "-n", str(SCRIPT)], check=True)


def test_everything_present_is_silent_and_installs_nothing(tmp_path: Path) -> None:
    box = Sandbox(tmp_path)
    box.add(*ALL_TOOLS, "chromium")
    result = box.run()
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    assert box.apt_calls() == []  # not even apt-get update


def test_dry_run_names_the_missing_packages_and_the_command(tmp_path: Path) -> None:
    box = Sandbox(tmp_path)
    box.add("java", "npm")
    result = box.run(TEST_DEPS_DRY_RUN="1")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "test-deps: would install poppler-utils chromium (needed by the PDF and browser tests);"
        f" missing pdffonts, pdftotext, pdfinfo, pdftohtml, pdftoppm, pdfimages and "
        f"{box.chromium}",
        "  apt-get update && apt-get install -y --no-install-recommends poppler-utils chromium",
    ]
    assert box.apt_calls() == []


def test_dry_run_with_nothing_installed_maps_every_tool(tmp_path: Path) -> None:
    box = Sandbox(tmp_path)
    result = box.run(TEST_DEPS_DRY_RUN="1")
    assert result.returncode == 1
    assert ("install -y --no-install-recommends poppler-utils chromium default-jre-headless"
            " nodejs npm") in result.stdout
    assert "needed by the PDF, browser, HTML validation and accessibility tests" in result.stdout
    assert box.apt_calls() == []


def test_as_root_on_debian_installs_only_what_is_missing(tmp_path: Path) -> None:
    box = Sandbox(tmp_path)
    box.add(*POPPLER, "chromium", "java")
    result = box.run()
    assert result.returncode == 0, result.stderr
    assert result.stdout == ("test-deps: installing nodejs npm"
                             " (needed by the accessibility tests)\n")
    assert box.apt_calls() == [
        "DEBIAN_FRONTEND=noninteractive update -qq",
        "DEBIAN_FRONTEND=noninteractive install -y -qq --no-install-recommends nodejs npm",
    ]
    assert box.run().stdout == ""  # idempotent: the second run finds everything


def test_as_root_on_ubuntu_installs_too(tmp_path: Path) -> None:
    box = Sandbox(tmp_path, os_release="ID=ubuntu\nID_LIKE=debian\n")
    box.add("java", "npm")
    result = box.run()
    assert result.returncode == 0, result.stderr
    assert result.stdout == ("test-deps: installing poppler-utils chromium"
                             " (needed by the PDF and browser tests)\n")


def test_fails_loudly_when_the_install_does_not_provide_the_tool(tmp_path: Path) -> None:
    box = Sandbox(tmp_path)
    box.add(*POPPLER, "java", "npm")
    (box.stubs / "apt-get").unlink()
    write_new(box.stubs / "apt-get", "#!/bin/sh\n")  # succeeds, installs nothing
    result = box.run()
    assert result.returncode == 1
    assert f"installed chromium, but still missing {box.chromium}" in result.stderr


def test_not_root_prints_the_one_command_and_fails(tmp_path: Path) -> None:
    box = Sandbox(tmp_path, uid=1000)
    box.add("chromium", "java", "npm")
    result = box.run()
    assert result.returncode == 1
    assert result.stdout == ""
    assert ("  sudo apt-get update && sudo apt-get install -y --no-install-recommends"
            " poppler-utils\n") in result.stderr
    assert ("missing pdffonts, pdftotext, pdfinfo, pdftohtml, pdftoppm and pdfimages"
            in result.stderr)
    assert box.apt_calls() == []


def test_not_debian_says_what_to_install_and_fails(tmp_path: Path) -> None:
    box = Sandbox(tmp_path, os_release='ID=fedora\nID_LIKE="rhel centos"\n')
    box.add(*POPPLER, "java", "npm")
    result = box.run()
    assert result.returncode == 1
    assert "not Debian/Ubuntu" in result.stderr
    assert f"Chromium must be at {box.chromium}" in result.stderr
    assert box.apt_calls() == []


@pytest.mark.parametrize("pattern", [r'require_tool\("([^"]+)"\)', r'CHROMIUM = "([^"]+)"'])
def test_script_checks_every_tool_the_tests_use(pattern: str) -> None:
    """Tools are asked for with require_tool("name") (conftest.py), anywhere under tests/."""
    script = SCRIPT.read_text()
    used = {name for path in (REPO / "tests").rglob("*.py") if path.name != Path(__file__).name
            for name in re.findall(pattern, path.read_text())}
    assert used, pattern
    for name in used:
        entry = "$CHROMIUM|" if name == "/usr/bin/chromium" else f'"{name}|'
        assert entry in script, f"scripts/test-deps does not check for {name}"
    assert "CHROMIUM=${TEST_DEPS_CHROMIUM:-/usr/bin/chromium}" in script
