"""Entity extraction: countries and organisations in a story, as pure functions.

No Django here: callers pass a Gazetteer (archive.gazetteers builds one from the
database) and get an Extraction back.
"""

from archive.extraction.countries import country_name_forms, country_named
from archive.extraction.country_names import default_country_rows
from archive.extraction.extract import (
    Salience,
    dateline_country,
    extract,
    extract_countries,
    extract_organisations,
    propose_organisations,
)
from archive.extraction.fixtures import build_gazetteer, load_organisation_fixture
from archive.extraction.types import (
    CountryEntry,
    Extraction,
    Gazetteer,
    OrganisationEntry,
    ProposedOrganisation,
    Tag,
)

__all__ = [
    "CountryEntry",
    "Extraction",
    "Gazetteer",
    "OrganisationEntry",
    "ProposedOrganisation",
    "Salience",
    "Tag",
    "build_gazetteer",
    "country_name_forms",
    "country_named",
    "dateline_country",
    "default_country_rows",
    "extract",
    "extract_countries",
    "extract_organisations",
    "load_organisation_fixture",
    "propose_organisations",
]
