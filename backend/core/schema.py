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


# Every API error is rendered by backend.core.exceptions.exception_handler as {"message", "extra"}.
ERROR_COMPONENT = {
    "type": "object",
    "description": "Une erreur : un message en français, et le détail (champs, lignes, délai).",
    "properties": {
        "message": {"type": "string"},
        "extra": {"type": "object", "additionalProperties": {}},
    },
    "required": ["message"],
}
ERROR_STATUSES = {
    "400": "Données ou paramètres invalides.",
    "401": "Non authentifié·e (jeton absent, invalide ou expiré).",
    "403": "Action réservée à un autre rôle.",
    "404": "Introuvable, ou pas à vous.",
    "429": "Trop de requêtes : réessayez plus tard.",
}


def error_responses(result, generator, request, public):
    """Document the error answers every operation may give, with their one shape."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_COMPONENT
    content = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.get("responses")
            if responses is None:
                continue
            for code, description in ERROR_STATUSES.items():
                responses.setdefault(code, {"description": description})
            for code, response in responses.items():
                if code.startswith("4") and "content" not in response:
                    response["content"] = content
    return result
