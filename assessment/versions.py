"""The catalogue versions Due Regard knows, and the mappings between them."""

from dataclasses import dataclass, field
from pathlib import Path

from assessment.catalogue_loader import load_catalogue
from assessment.catalogue_model import Catalogue
from assessment.migration import VersionMapping, load_mapping

# version -> file, relative to the project root; the newest is the current catalogue.
KNOWN_VERSIONS = {"1.0.0": "catalogues/1.0.0.yaml", "2.0.0": "criteria.yaml"}
MAPPINGS = {("1.0.0", "2.0.0"): "catalogues/1.0.0-to-2.0.0.yaml"}
CURRENT = "2.0.0"


@dataclass(frozen=True)
class CatalogueLibrary:
    """Every known catalogue version, loaded and validated, with the mappings between them."""

    catalogues: dict[str, Catalogue]
    mappings: dict[tuple[str, str], VersionMapping] = field(default_factory=dict)

    @property
    def current(self) -> Catalogue:
        return self.catalogues[CURRENT]

    def get(self, version: str) -> Catalogue | None:
        return self.catalogues.get(version)

    def mapping(self, old: str, new: str) -> VersionMapping | None:
        return self.mappings.get((old, new))


def load_library(root: str | Path) -> CatalogueLibrary:
    """Load every known version and mapping under ``root``; raise on the first broken file."""
    root = Path(root)
    catalogues = {v: load_catalogue(root / path) for v, path in KNOWN_VERSIONS.items()}
    mappings = {
        (old, new): load_mapping(root / path, catalogues[old], catalogues[new])
        for (old, new), path in MAPPINGS.items()
    }
    return CatalogueLibrary(catalogues, mappings)
