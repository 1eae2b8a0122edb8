"""drf-spectacular post-processing: what its serializer introspection cannot say by itself."""

import re

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


IDEMPOTENCY_HEADER = {
    "in": "header",
    "name": "Idempotency-Key",
    "required": False,
    "schema": {"type": "string", "maxLength": 64},
    "description": (
        "Clé choisie par le client (un UUID par exemple, 64 caractères au plus) : un nouvel envoi avec "
        "la même clé ne crée rien et renvoie la première réponse (en-tête Idempotent-Replayed: true)."
    ),
}
IDEMPOTENCY_REUSED = "Clé d'idempotence déjà employée pour une autre requête."


def _idempotent_operations(result, generator):
    """Operations whose handler is decorated with ``backend.accounts.idempotency.idempotent``."""
    for path, _regex, method, callback in generator.endpoints or []:
        actions = getattr(callback, "actions", None)
        name = actions.get(method.lower()) if actions else method.lower()
        handler = getattr(getattr(callback, "cls", None), name or "", None)
        if not getattr(handler, "idempotency_scope", None):
            continue
        # {pk} in the URL pattern is written {id} in the schema, as drf-spectacular does it.
        path = generator.coerce_path(path, method, generator.create_view(callback, method))
        operation = result.get("paths", {}).get(path, {}).get(method.lower())
        if operation is not None:
            yield operation


def error_responses(result, generator, request, public):
    """Document the error answers every operation may give, with their one shape (and the
    Idempotency-Key header of the creations that take it, with its 422)."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_COMPONENT
    content = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for operation in _idempotent_operations(result, generator):
        operation.setdefault("parameters", []).append(dict(IDEMPOTENCY_HEADER))
        operation.setdefault("responses", {}).setdefault("422", {"description": IDEMPOTENCY_REUSED})
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


HTTP_METHODS = {"get", "put", "patch", "delete", "post"}


def _answers_an_id(response: dict, schemas: dict) -> bool:
    schema = response.get("content", {}).get("application/json", {}).get("schema", {})
    if "$ref" in schema:
        schema = schemas.get(schema["$ref"].rsplit("/", 1)[-1], {})
    return "id" in schema.get("properties", {})


def creation_links(result, generator, request, public):
    """OpenAPI links from each creation to what can then be done with the row it made.

    ``POST /x/`` answering 201 with an ``id`` links to every operation on ``/x/{param}/`` and
    ``/x/{param}/<action>/``: the new id goes in ``{param}``, the creation's own path parameters carry
    over. Clients read them as "what next"; schemathesis' stateful tests follow them (create, then
    read, change, act on, delete that row), which free fuzzing cannot do with ids it makes up.
    """
    paths = result.get("paths", {})
    schemas = result.get("components", {}).get("schemas", {})
    for path, operations in paths.items():
        created = operations.get("post", {}).get("responses", {}).get("201")
        if not created or not _answers_an_id(created, schemas):
            continue
        collection = path
        # An action that makes a sibling (``/x/{id}/duplicate/`` answering what ``POST /x/`` answers)
        # links where the collection's creation does.
        action = re.fullmatch(r"(.*/)\{\w+\}/[\w-]+/", path)
        siblings = paths.get(action.group(1), {}) if action else {}
        if siblings.get("post", {}).get("responses", {}).get("201", {}).get("content") == created.get(
            "content"
        ):
            collection = action.group(1)
        carried = {f"path.{name}": f"$request.path.{name}" for name in re.findall(r"{(\w+)}", collection)}
        detail = re.compile(re.escape(collection) + r"\{(\w+)\}/(?:[\w-]+/)?")
        for target, target_operations in sorted(paths.items()):
            match = detail.fullmatch(target)
            if not match:
                continue
            for method, operation in sorted(target_operations.items()):
                if method not in HTTP_METHODS or "operationId" not in operation:
                    continue
                created.setdefault("links", {})[operation["operationId"]] = {
                    "operationId": operation["operationId"],
                    "parameters": {**carried, f"path.{match.group(1)}": "$response.body#/id"},
                    "description": f"{method.upper()} {target} sur l'objet créé.",
                }
    return result
