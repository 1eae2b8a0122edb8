"""drf-spectacular post-processing: what its serializer introspection cannot say by itself."""

# Components listing the shapes one answer takes depending on who asks (a PolymorphicProxySerializer
# without a type field). The shapes overlap (the school's is the graduate's own plus a field), so an
# answer matches one OR MORE of them: "anyOf", where drf-spectacular writes "oneOf".
ROLE_SHAPED_COMPONENTS = {"GraduateProfileByRole"}


def role_shapes_any_of(result, generator, request, public):
    schemas = result.get("components", {}).get("schemas", {})
    for name in ROLE_SHAPED_COMPONENTS:
        component = schemas.get(name)
        if component and "oneOf" in component:
            component["anyOf"] = component.pop("oneOf")
    return result
