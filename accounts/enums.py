from django.db import models


class Role(models.TextChoices):
    ADMIN = "admin", "Administrateur de l'association"
    HEAD_OFFICE = "siege", "Siège (lecture seule)"
    ESTABLISHMENT_HEAD = "chef_etablissement", "Chef d'établissement"
    SOCIAL_WORKER = "travailleur_social", "Travailleur social / conseiller"
    RECEPTION = "accueil", "Agent d'accueil ou de nuit"


# Roles that see every establishment.
ASSOCIATION_WIDE_ROLES = frozenset({Role.ADMIN, Role.HEAD_OFFICE})
# Roles that may write the accompaniment record (stays, measures, persons) in their scope; the referents.
RECORD_WRITER_ROLES = frozenset({Role.ADMIN, Role.ESTABLISHMENT_HEAD, Role.SOCIAL_WORKER})
# Roles that take the establishment's decisions (overrides with a written reason).
HEAD_ROLES = frozenset({Role.ADMIN, Role.ESTABLISHMENT_HEAD})
