from django.db import models


class AuditAction(models.TextChoices):
    CREATE = "create", "Création"
    UPDATE = "update", "Modification"
    VIEW = "view", "Consultation"
    IMPORT = "import", "Import"
    EXPORT = "export", "Export"
    DOWNLOAD = "download", "Téléchargement"
