from .applications import (
    ApplicationEvent,
    ChallengeRating,
    CommissionInvitation,
    MembershipApplication,
    MembershipCall,
    NationalCommission,
)
from .members import (
    City,
    CityCluster,
    Cluster,
    FormerCitySlug,
    MembershipStatusChange,
    city_image_path,
)
from .network import NetworkFigure

__all__ = [
    "ApplicationEvent",
    "ChallengeRating",
    "City",
    "CityCluster",
    "Cluster",
    "CommissionInvitation",
    "FormerCitySlug",
    "MembershipApplication",
    "MembershipCall",
    "MembershipStatusChange",
    "NationalCommission",
    "NetworkFigure",
    "city_image_path",
]
