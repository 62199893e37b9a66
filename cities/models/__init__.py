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
    "city_image_path",
]
