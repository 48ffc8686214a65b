from django.db import models


class AuditAction(models.TextChoices):
    CREATE = "create", "Création"
    UPDATE = "update", "Modification"
    DELETE = "delete", "Suppression"
    VIEW = "view", "Consultation"
    IMPORT = "import", "Import"
    EXPORT = "export", "Export"
    DOWNLOAD = "download", "Téléchargement"
