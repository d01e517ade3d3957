from importlib import import_module

from django.apps import AppConfig
from django.conf import settings


class JobsConfig(AppConfig):
    name = "factcheck.jobs"
    label = "jobs"
    verbose_name = "Background jobs"

    def ready(self) -> None:
        # Every app's jobs module registers its job kinds; importing them here
        # means web processes (which enqueue) and workers (which run) agree.
        from django.apps import apps

        for config in apps.get_app_configs():
            try:
                import_module(f"{config.name}.jobs")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.jobs":
                    raise
        for module in settings.JOBS_EXTRA_MODULES:
            import_module(module)
