"""Which packages the wheel holds; everything else is in pyproject.toml.

`resources/` (the sample library, the icons) stays at the top of the checkout, where the
window and the bundle read it, and is shipped inside the package as `papershelf.resources`
so that `pipx install .` / `uv tool install .` have it too (`library/sample.py` finds it).
pyproject.toml alone cannot map a folder outside `desktop/` into the package.
"""

from pathlib import Path

from setuptools import find_packages, setup

RESOURCES = Path(__file__).parent / "resources"
# Every folder of resources/ is listed: setuptools ships data only from listed packages.
resource_packages = [
    "papershelf.resources",
    *sorted(
        "papershelf.resources." + ".".join(d.relative_to(RESOURCES).parts)
        for d in RESOURCES.rglob("*")
        if d.is_dir()
    ),
]

setup(
    packages=[*find_packages("desktop"), *resource_packages],
    package_dir={"": "desktop", "papershelf.resources": "resources"},
)
