"""The public directory of members, its map and the city profile (URL namespace `cities`).

They stand in the site layer because they combine apps: the directory filters by award, the
profile shows a city's awards and the conferences it hosted, and the map's data is the open
data's GeoJSON. The pages of the cities app alone (clusters, joining, applications, the
National Commission's link) stay in cities/views/.
"""
