"""GD:B Facilitator: run a participatory conference from one laptop, offline."""

APP_NAME = "GD:B Facilitator"
ORG_NAME = "Gemeinsam Digital Berlin"
ORG_DOMAIN = "gemeinsamdigital.berlin.de"
APP_ID = "gdb-facilitator"
__version__ = "0.1.0"
