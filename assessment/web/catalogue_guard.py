"""A catalogue edited without a version bump is refused at start-up, never silently re-scored.

Scores, cached PDFs and exchange files name a catalogue by id and version, so a version must mean
one content. The database remembers the SHA-256 of the file first served under each
(id, version); a later start with the same id and version but other content stops with a
message saying to bump the version. Stored assessments record the hash they were answered on.
"""

import hashlib
from pathlib import Path

from flask import Flask
from sqlalchemy import String, inspect, select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Mapped, mapped_column

from assessment.web.db import db
from assessment.web.library import HASH_KEY, get_catalogue


class CatalogueFingerprint(db.Model):  # type: ignore[name-defined]
    __tablename__ = "catalogue_fingerprint"

    catalogue_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    version: Mapped[str] = mapped_column(String(32), primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64))


class CatalogueChanged(RuntimeError):
    """The catalogue file differs from the one first served under this id and version."""


def content_hash(path: str | Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _recorded(catalogue_id: str, version: str) -> str | None:
    return db.session.scalar(
        select(CatalogueFingerprint.content_hash).where(
            CatalogueFingerprint.catalogue_id == catalogue_id,
            CatalogueFingerprint.version == version,
        )
    )


def check_catalogue_unchanged(app: Flask) -> None:
    """Record this catalogue's hash, or refuse to start if its version already has another."""
    digest = content_hash(app.config["CRITERIA_PATH"])
    app.extensions[HASH_KEY] = digest
    with app.app_context():
        catalogue = get_catalogue()
        try:
            if not inspect(db.engine).has_table(CatalogueFingerprint.__tablename__):
                return  # before `flask db upgrade`: nothing recorded yet
            known = _recorded(catalogue.id, catalogue.version)
            if known is None:
                db.session.add(
                    CatalogueFingerprint(
                        catalogue_id=catalogue.id, version=catalogue.version, content_hash=digest
                    )
                )
                try:
                    db.session.commit()
                except IntegrityError:  # another worker recorded it a moment ago
                    db.session.rollback()
                    known = _recorded(catalogue.id, catalogue.version)
        except SQLAlchemyError as exc:  # an unreadable database is /healthz's to report
            db.session.rollback()
            app.logger.warning("catalogue fingerprint not checked: %s", exc)
            return
        finally:
            db.session.remove()
    if known is not None and known != digest:
        with app.app_context():
            db.engine.dispose()  # this app never serves: close its pooled connection now
        raise CatalogueChanged(
            f"Refusing to start: {app.config['CRITERIA_PATH']} is catalogue {catalogue.id} "
            f"version {catalogue.version}, but its content differs from the file first served "
            "under that version (stored scores and reports would silently change). Give the "
            "edited catalogue a new version number."
        )
