"""Which model validates which content file (by file name without .yaml).

A name ending in "/*" validates every YAML file of that folder with the same model.
A feature that adds a content file adds one line here; files under ui/ are UI strings.
"""

from coaching.content.checklists import ChecklistFile, LeadCheckFile
from coaching.content.models import (
    CadenceFile,
    PulseFile,
    ReasonsFile,
    ReviewFile,
    SignalsFile,
    TemplatesFile,
    WorkshopFile,
)
from coaching.content.radar_model import RadarFile
from coaching.content.talks import RoleplayFile, ScriptFile

SCHEMAS = {
    "reasons": ReasonsFile,
    "signals": SignalsFile,
    "workshop": WorkshopFile,
    "checklists/*": ChecklistFile,
    "lead_check": LeadCheckFile,
    "scripts/*": ScriptFile,
    "roleplay": RoleplayFile,
    "review": ReviewFile,
    "radar": RadarFile,
    "pulse": PulseFile,
    "cadence": CadenceFile,
    "templates": TemplatesFile,
}
