"""Atom feeds in each language: new member cities, and the winners of the award.

/<lang>/feeds/members.atom and /<lang>/feeds/awards.atom. Links are absolute on
settings.SITE_URL, titles and texts in the language of the URL.
"""

import datetime

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import feedgenerator
from django.utils.translation import gettext as _

from awards import selectors as award_selectors
from cities import selectors as city_selectors
from gnlc.core.mail import absolute_url as absolute

FEED_LENGTH = 50
AUTHOR = "UNESCO Institute for Lifelong Learning"


def _published(day):
    """A day without a time as the instant Atom needs: noon UTC, which is still that day from
    UTC−12 to UTC+11. Midnight UTC was the day before in the whole of the Americas, so a
    reader in Bogotá saw a city admitted on 1 January listed under the year before."""
    return datetime.datetime.combine(day, datetime.time(12), tzinfo=datetime.UTC)


class AtomWithRelatedLink(feedgenerator.Atom1Feed):
    """Atom with an optional second link per entry (rel="related"), e.g. the city of an award."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("related_link"):
            handler.addQuickElement("link", "", {"rel": "related", "href": item["related_link"]})


class NetworkFeed(Feed):
    feed_type = AtomWithRelatedLink
    author_name = AUTHOR

    def feed_url(self):
        return absolute(reverse(self.url_name))

    def feed_guid(self):
        return self.feed_url()

    def item_guid(self, item):
        return self.item_link(item)

    def item_author_name(self, item):
        return AUTHOR


class MembersFeed(NetworkFeed):
    """Public members, newest first by the date their membership started."""

    url_name = "gnlc:feed-members"

    def title(self):
        return _("New member cities · UNESCO GNLC")

    def subtitle(self):
        return _("Cities that joined the UNESCO Global Network of Learning Cities, newest first.")

    def link(self):
        return absolute(reverse("cities:directory") + "?sort=newest")

    def items(self):
        return city_selectors.latest_admissions(FEED_LENGTH)

    def item_title(self, city):
        return city.display_name

    def item_description(self, city):
        return _("%(name)s (%(country)s) joined the network in %(year)s.") % {
            "name": city.display_name,
            "country": city.country.name,
            "year": city.member_since,
        }

    def item_link(self, city):
        return absolute(city.get_absolute_url())

    def item_pubdate(self, city):
        return _published(city.joined_on or datetime.date(city.member_since, 1, 1))

    def item_categories(self, city):
        return [str(city.get_region_display())]


class AwardsFeed(NetworkFeed):
    """Winners of the published cycles, newest cycle first; each entry links the cycle's page
    and, for a city still a member, its profile."""

    url_name = "gnlc:feed-awards"

    def title(self):
        return _("UNESCO Learning City Award winners · UNESCO GNLC")

    def subtitle(self):
        return _("The cities that received the UNESCO Learning City Award, newest cycle first.")

    def link(self):
        return absolute(reverse("awards:cycle-list"))

    def items(self):
        return award_selectors.latest_awards(FEED_LENGTH)

    def item_title(self, award):
        return _("%(city)s: %(award)s") % {"city": award.city.name, "award": award.cycle.title}

    def item_description(self, award):
        return award.citation or award.cycle.title

    def item_link(self, award):
        return absolute(award.cycle.get_absolute_url())

    def item_guid(self, award):
        return f"{self.item_link(award)}#award-{award.pk}"

    def item_pubdate(self, award):
        day = award.cycle.conferred_on or datetime.date(award.cycle.year, 1, 1)
        return _published(day)

    def item_categories(self, award):
        return [str(award.city.get_region_display())]

    def item_extra_kwargs(self, award):
        if award.city.is_public:
            return {"related_link": absolute(award.city.get_absolute_url())}
        return {}
