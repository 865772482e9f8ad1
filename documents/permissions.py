"""Who may see a registry document: Wagtail collection view restrictions decide (private
collections), on the public side and in the admin; an unpublished document (waiting for
approval, rejected, scheduled for later) is public nowhere; who may publish one."""

from django.db.models import Q

from wagtail.documents import get_document_model, get_document_model_string
from wagtail.models import CollectionViewRestriction
from wagtail.permission_policies.collections import CollectionOwnershipPermissionPolicy
from wagtail.permissions import policy_registry

from core.roles import MODERATORS, OPERATORS, has_role

# The actions moderation takes away from those who may not publish, on a public document.
EDITING = frozenset({"change", "delete"})


def _restrictions(request):
    cached = getattr(request, "_registry_restrictions", None)
    if cached is None:
        cached = list(
            CollectionViewRestriction.objects.select_related("collection").prefetch_related(
                "groups"
            )
        )
        request._registry_restrictions = cached
    return cached


def hidden_collections_q(request):
    """A Q matching documents in collections (or their descendants) the request may not view,
    and the other formats of such documents (a format is as private as its document)."""
    q = Q(pk__in=[])
    for restriction in _restrictions(request):
        if not restriction.accept_request(request):
            q |= Q(collection__path__startswith=restriction.collection.path)
            q |= Q(format_of__collection__path__startswith=restriction.collection.path)
    return q


def visible_documents(request, queryset):
    """Published documents outside the collections the request may not view."""
    return queryset.public().exclude(hidden_collections_q(request))


def can_view_document(request, document):
    """False if the document is not published (README, "Moderation") or any restriction on its
    collection or its ancestors refuses the request."""
    if not document.is_public():
        return False
    return passes_restrictions(request, document)


def can_preview_document(request, document):
    """An unpublished document's page and file, for those who work with it in the admin (the
    moderator who decides, the editor who uploaded it); never for the public."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or document.is_public():
        return False
    return (
        passes_restrictions(request, document)
        and admin_documents(user).filter(pk=document.pk).exists()
    )


def passes_restrictions(request, document):
    """No view restriction on the document's collection (or its main document's) refuses."""
    paths = [document.collection.path]
    if document.format_of_id:  # a format is as private as its document
        paths.append(document.format_of.collection.path)
    return all(
        restriction.accept_request(request)
        for restriction in _restrictions(request)
        if any(path.startswith(restriction.collection.path) for path in paths)
    )


# --- moderation -----------------------------------------------------------------------------


def can_publish_documents(user):
    """Moderators and operators (and superusers) publish directly and approve or reject the
    uploads of editors (DOMAIN.md, "Who uses it"; README, "Moderation")."""
    return has_role(user, MODERATORS) or has_role(user, OPERATORS)


def locked_for(user, document):
    """A published or scheduled document is past moderation: someone who may not publish (an
    editor) neither edits nor deletes it; a new version (moderated again) or a moderator changes
    it (README, "Moderation"). Their own waiting or rejected uploads stay theirs to correct."""
    from .models import ModerationState

    return document.moderation_state in (
        ModerationState.PUBLISHED,
        ModerationState.SCHEDULED,
    ) and not can_publish_documents(user)


# --- the admin: a private collection is managed only by those it is open to -----------------


def restricted_collections_for(user):
    """Collections (with their descendants: filter by path prefix) whose group restriction the
    user does not pass. Collection permissions granted higher up (an editor's on the root) do not
    reach into them, so a private document is neither listed, chosen, edited nor moved by them.
    Login and password restrictions guard the public side only: staff are logged in."""
    if not (user.is_active and user.is_authenticated) or user.is_superuser:
        return []
    cached = getattr(user, "_restricted_collections", None)
    if cached is None:
        group_ids = set(user.groups.values_list("pk", flat=True))
        cached = [
            restriction.collection
            for restriction in CollectionViewRestriction.objects.filter(
                restriction_type=CollectionViewRestriction.GROUPS
            )
            .select_related("collection")
            .prefetch_related("groups")
            if not group_ids & {group.pk for group in restriction.groups.all()}
        ]
        user._restricted_collections = cached
    return cached


def _hidden(path, restricted):
    return any(path.startswith(collection.path) for collection in restricted)


class RestrictedCollectionPermissionPolicy(CollectionOwnershipPermissionPolicy):
    """Wagtail's collection ownership policy, with group-restricted collections cut out of the
    tree for everyone outside their groups."""

    def _collections_with_perm(self, user, actions):
        collections = super()._collections_with_perm(user, actions)
        for collection in restricted_collections_for(user):
            collections = collections.exclude(path__startswith=collection.path)
        return collections

    def _check_perm(self, user, actions, collection=None):
        if collection is not None and _hidden(collection.path, restricted_collections_for(user)):
            return False
        return super()._check_perm(user, actions, collection=collection)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        actions = set(actions)
        if actions & EDITING and locked_for(user, instance):
            actions -= EDITING
            if not actions:
                return False
        return super().user_has_any_permission_for_instance(user, actions, instance)

    def instances_user_has_any_permission_for(self, user, actions):
        actions = set(actions)
        editing = actions & EDITING
        if not editing or not user.is_authenticated or can_publish_documents(user):
            return super().instances_user_has_any_permission_for(user, actions)
        from .models import ModerationState

        # By id: the admin's search filters on indexed fields only, and `id` is one.
        locked = self.model._default_manager.filter(
            moderation_state__in=[ModerationState.PUBLISHED, ModerationState.SCHEDULED]
        )
        editable = (
            super()
            .instances_user_has_any_permission_for(user, editing)
            .exclude(pk__in=locked.values("pk"))
        )
        rest = actions - EDITING
        if not rest:
            return editable
        others = super().instances_user_has_any_permission_for(user, rest)
        return self.model._default_manager.filter(
            Q(pk__in=editable.values("pk")) | Q(pk__in=others.values("pk"))
        )


def document_permission_policy():
    return RestrictedCollectionPermissionPolicy(
        get_document_model_string(),
        auth_model="wagtaildocs.Document",
        owner_field_name="uploaded_by_user",
    )


def admin_documents(user):
    """Documents the user may work with in the admin: change or choose, private ones only if the
    collection's restriction lets them in."""
    return policy_registry.get_by_type(get_document_model()).instances_user_has_any_permission_for(
        user, ["change", "choose"]
    )
