"""Read a frozen settings dataclass from the environment, at the program's edges only.

Each field `name` may be set as `KLS_NAME`; the value is converted to the type of the field's
default, so a settings class stays plain data with its defaults in one place. A value that
cannot be used (not a number, NaN, infinite, negative where a count is meant) is a
`ConfigError` naming the variable, which both CLIs and the pages show as one line.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any, TypeVar

from core.errors import ConfigError

T = TypeVar("T")
PREFIX = "KLS_"
_TRUE = ("1", "true", "yes", "on")
_FALSE = ("0", "false", "no", "off")


def env_name(field_name: str) -> str:
    return PREFIX + field_name.upper()


def from_env(cls: type[T], environ: Mapping[str, str], **overrides: Any) -> T:
    """An instance of `cls` with defaults, then `KLS_*` variables, then explicit overrides."""
    values: dict[str, Any] = {}
    for field in dataclasses.fields(cls):  # type: ignore[arg-type]
        raw = environ.get(env_name(field.name))
        if raw is not None and raw != "":
            values[field.name] = convert(raw, field.default, env_name(field.name))
    values.update({k: v for k, v in overrides.items() if v is not None})
    try:
        return cls(**values)
    except (TypeError, ValueError) as error:
        raise ConfigError(f"{cls.__name__}: {error}") from None


def convert(raw: str, default: Any, name: str) -> Any:
    """`raw` as the type of `default`; numbers must be finite and not negative."""
    text = raw.strip()
    if isinstance(default, bool):
        if text.lower() not in _TRUE + _FALSE:
            raise ConfigError(f"{name}={raw!r}: expected one of {', '.join(_TRUE + _FALSE)}")
        return text.lower() in _TRUE
    if isinstance(default, (int, float)):
        return _number(text, type(default), name)
    if isinstance(default, Path):
        if "\x00" in text:
            raise ConfigError(f"{name}: a path cannot hold a NUL character")
        return Path(text)
    return raw


def _number(text: str, kind: type, name: str) -> int | float:
    try:
        value = kind(text)
    except ValueError:
        raise ConfigError(f"{name}={text!r}: expected {_described(kind)}") from None
    if not math.isfinite(value) or value < 0:
        raise ConfigError(f"{name}={text!r}: expected a finite {_described(kind)} of 0 or more")
    return value


def _described(kind: type) -> str:
    return "a whole number" if kind is int else "a number"
