"""Models of the site shell, re-exported from their modules."""

from portal.models.accessibility import AccessibilityStatementPage, AccessibilityStatus
from portal.models.media import CustomImage, CustomRendition
from portal.models.news import NewsIndexPage, NewsPage
from portal.models.pages import HomePage, ProjectPage, StandardPage
from portal.models.partners import PartnerIndexPage, PartnerPage
from portal.models.privacy import ClauseForm, ClauseText, PrivacyNoticePage
from portal.models.settings import PortalSettings
from portal.models.users import User

__all__ = [
    "AccessibilityStatementPage",
    "AccessibilityStatus",
    "ClauseForm",
    "ClauseText",
    "CustomImage",
    "CustomRendition",
    "HomePage",
    "NewsIndexPage",
    "NewsPage",
    "PartnerIndexPage",
    "PartnerPage",
    "PortalSettings",
    "PrivacyNoticePage",
    "ProjectPage",
    "StandardPage",
    "User",
]
