"""Every setting a user can set is documented in the README (datasette's tests/test_docs.py habit)."""

from __future__ import annotations

import importlib
import pkgutil
import re
from pathlib import Path

import pytest
from pydantic_settings import BaseSettings

REPO_ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("vectorstore", "ingest", "service", "evaluation")


def settings_classes() -> list[type[BaseSettings]]:
    found: dict[str, type[BaseSettings]] = {}
    for package_name in PACKAGES:
        package = importlib.import_module(package_name)
        for module_info in pkgutil.walk_packages(package.__path__, f"{package_name}."):
            if not module_info.name.rsplit(".", 1)[-1].endswith("settings"):
                continue
            module = importlib.import_module(module_info.name)
            for value in vars(module).values():
                if isinstance(value, type) and issubclass(value, BaseSettings) and value is not BaseSettings:
                    found[f"{value.__module__}.{value.__qualname__}"] = value
    return list(found.values())


def environment_names(settings_class: type[BaseSettings]) -> list[str]:
    prefix = settings_class.model_config.get("env_prefix", "")
    names = []
    for field_name, field in settings_class.model_fields.items():
        alias = field.validation_alias if isinstance(field.validation_alias, str) else None
        names.append((alias or f"{prefix}{field_name}").upper())
    return names


def test_settings_classes_are_found():
    assert len(settings_classes()) >= 3


@pytest.mark.parametrize("settings_class", settings_classes(), ids=lambda cls: cls.__qualname__)
def test_every_setting_is_described_and_in_the_readme(settings_class):
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"`([A-Z][A-Z0-9_]+)`", readme))
    for field_name, field in settings_class.model_fields.items():
        assert field.description, f"{settings_class.__qualname__}.{field_name} has no description"
    missing = [name for name in environment_names(settings_class) if name not in documented]
    assert not missing, f"settings not documented in README.md: {missing}"
