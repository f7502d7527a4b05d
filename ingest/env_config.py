"""Read a frozen config dataclass from the environment, at the program's edges only.

Each field `name` may be set as `KLS_NAME`; the value is converted to the type of the field's
default, so a config class stays plain data with its defaults in one place.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")
PREFIX = "KLS_"


def env_name(field_name: str) -> str:
    return PREFIX + field_name.upper()


def from_env(cls: type[T], environ: Mapping[str, str], **overrides: Any) -> T:
    """An instance of `cls` with defaults, then `KLS_*` variables, then explicit overrides."""
    values: dict[str, Any] = {}
    for field in dataclasses.fields(cls):  # type: ignore[arg-type]
        raw = environ.get(env_name(field.name))
        if raw is not None and raw != "":
            values[field.name] = _convert(raw, field.default, field.name)
    values.update({k: v for k, v in overrides.items() if v is not None})
    return cls(**values)


def _convert(raw: str, default: Any, name: str) -> Any:
    try:
        if isinstance(default, bool):
            return raw.strip().lower() in ("1", "true", "yes", "on")
        if isinstance(default, (int, float, Path)):
            return type(default)(raw)
        return raw
    except ValueError as error:
        raise ValueError(f"{env_name(name)}={raw!r}: expected {type(default).__name__}") from error
