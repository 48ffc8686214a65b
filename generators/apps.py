from django.apps import AppConfig


class GeneratorsConfig(AppConfig):
    """Development tool: the demo and scale data generators (`make_demo`, `make_scale`). No runtime app imports it."""

    name = "generators"
    verbose_name = "Générateurs de jeux de données (développement)"
