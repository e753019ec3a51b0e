"""The demo generator: deterministic, realistic synthetic registers (businesses, commitment signings,
inspections, commune activities) from a seed and a day; no I/O but its word lists (resources/demo/).

`desktop_app.services.demo.DemoService` writes what it generates.
"""

from desktop_app.demo.activities import generate_activities
from desktop_app.demo.businesses import DemoBusiness, generate_businesses
from desktop_app.demo.inspections import DemoVisit, InspectedBusiness, InspectionGenerator
from desktop_app.demo.signings import SigningGenerator, commune_unit_word

__all__ = [
    "DemoBusiness",
    "DemoVisit",
    "InspectedBusiness",
    "InspectionGenerator",
    "SigningGenerator",
    "commune_unit_word",
    "generate_activities",
    "generate_businesses",
]
