"""Settings split the cookiecutter-django way: base, local, production, test."""
