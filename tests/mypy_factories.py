"""A mypy plugin: calling a factory-boy factory (`PersonFactory(...)`) gives the model it builds (`Person`).

factory-boy types `Factory.create()` and `build()` by the factory's generic parameter (`DjangoModelFactory[Person]`),
but calling the class goes through its metaclass, which mypy cannot follow: it would type the result as the factory
itself. This hook gives the call the type `create()` has. Only for the type checker (pyproject.toml, [tool.mypy])."""

from __future__ import annotations

from collections.abc import Callable

from mypy.maptype import map_instance_to_supertype
from mypy.nodes import TypeInfo
from mypy.plugin import FunctionContext, Plugin
from mypy.types import Instance, Type, get_proper_type

BASE_FACTORY = "factory.base.BaseFactory"


def _built_model(ctx: FunctionContext) -> Type:
    factory = get_proper_type(ctx.default_return_type)
    if not isinstance(factory, Instance):
        return ctx.default_return_type
    base = next((info for info in factory.type.mro if info.fullname == BASE_FACTORY), None)
    if base is None:
        return ctx.default_return_type
    (model,) = map_instance_to_supertype(factory, base).args
    return model


class FactoryPlugin(Plugin):
    def get_function_hook(self, fullname: str) -> Callable[[FunctionContext], Type] | None:
        symbol = self.lookup_fully_qualified(fullname)
        if symbol is not None and isinstance(symbol.node, TypeInfo) and symbol.node.has_base(BASE_FACTORY):
            return _built_model
        return None


def plugin(version: str) -> type[Plugin]:
    return FactoryPlugin
