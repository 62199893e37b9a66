/*
 * City maps for the GNLC portal (plain ES2017, no build step).
 *
 * Loaded with `defer` after static/vendor/leaflet/leaflet.js and
 * static/vendor/topojson-client/topojson-client.min.js. Handles every element
 * with class "city-map":
 *
 *   Directory map    data-points-url="/en/cities/map/data/?v=…"  (plus the common attributes)
 *                    The URL answers the compact document of the directory's map (format
 *                    "gnlc-map-points/2": a column per field, countries, country_regions, regions,
 *                    profile_url; gnlc/site/directory/map_data.py), a GeoJSON
 *                    FeatureCollection of points (the shape of /api/v1/cities.geojson) or
 *                    {"cities": [{name, slug, url, lat, lon, country, region}]} (the
 *                    award's map).
 *   Single-city map  data-lat="51.9" data-lon="-8.47" data-name="Cork"
 *   Common           data-countries-url="/static/vendor/world-atlas/countries-110m.json"
 *                    data-attribution="Natural Earth · GeoNames"
 *                    data-error-message="The map could not be loaded."
 *
 * Clusters: with more than CLUSTER_FROM points (and Leaflet.markercluster loaded), nearby
 * markers are drawn as one numbered circle; choosing it zooms in. Each cluster gets
 * role="button" and an aria-label: its count, then data-cluster-label ("42 member cities
 * here: zoom in").
 * A marker's own attributes (aria-label, data-slug, keys) are set whenever it is drawn.
 *
 * Sets on the element when done: data-ready="true" (both layers drawn) and, for
 * the directory map, data-points-drawn="N". On failure: data-error="true" and a
 * short message inside the element.
 *
 * Content-Security-Policy friendly: no tile layer, no outside request, no inline
 * style attributes in markup, popups built with DOM methods (no user data in
 * innerHTML).
 */
(function () {
  'use strict';

  var DEFAULT_ERROR = 'The map could not be loaded.';
  // The whole world without Antarctica; east edge past 180° because the
  // antimeridian fix moves eastern Russia and Fiji to longitudes > 180.
  var WORLD_BOUNDS = [[-56, -170], [78, 192]];
  var COUNTRY_STYLE = {
    color: '#ffffff',       // border
    weight: 0.8,
    opacity: 1,
    fillColor: '#c3cfdb',   // light grey-blue land
    fillOpacity: 1,
    interactive: false
  };
  var FETCH_TIMEOUT_MS = 20000;
  // Below this many points every city keeps its own marker: nothing to untangle.
  var CLUSTER_FROM = 40;
  var REGION_CLASSES = { AF: 'region-af', AS: 'region-as', AP: 'region-ap', ENA: 'region-ena', LAC: 'region-lac' };

  // One download (and one conversion) of the countries file per URL, shared by
  // every map on the page.
  var countriesCache = Object.create(null);

  function escapeHtml(text) {
    return String(text)
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&#39;');
  }

  function fetchJson(url) {
    var controller = typeof AbortController === 'function' ? new AbortController() : null;
    var timer = controller ? setTimeout(function () { controller.abort(); }, FETCH_TIMEOUT_MS) : null;
    return fetch(url, {
      credentials: 'same-origin',
      headers: { Accept: 'application/json' },
      signal: controller ? controller.signal : undefined
    }).then(function (response) {
      if (timer) { clearTimeout(timer); }
      if (!response.ok) {
        throw new Error('HTTP ' + response.status + ' for ' + url);
      }
      return response.json();
    }, function (err) {
      if (timer) { clearTimeout(timer); }
      throw err;
    });
  }

  // --- countries ---------------------------------------------------------

  function ringSpan(ring) {
    var min = Infinity;
    var max = -Infinity;
    for (var i = 0; i < ring.length; i++) {
      var lon = ring[i][0];
      if (lon < min) { min = lon; }
      if (lon > max) { max = lon; }
    }
    return max - min;
  }

  // A ring whose longitudes span more than 180° crosses the antimeridian:
  // move its western half east by 360° so it is drawn in one piece.
  function fixRing(ring) {
    if (ring.length === 0 || ringSpan(ring) <= 180) {
      return ring;
    }
    return ring.map(function (p) {
      return p[0] < 0 ? [p[0] + 360].concat(p.slice(1)) : p;
    });
  }

  function fixGeometry(geometry) {
    if (!geometry) { return geometry; }
    if (geometry.type === 'Polygon') {
      return { type: 'Polygon', coordinates: geometry.coordinates.map(fixRing) };
    }
    if (geometry.type === 'MultiPolygon') {
      return {
        type: 'MultiPolygon',
        coordinates: geometry.coordinates.map(function (polygon) { return polygon.map(fixRing); })
      };
    }
    return geometry;
  }

  function isAntarctica(feature) {
    var name = feature.properties && feature.properties.name;
    return String(feature.id) === '010' || name === 'Antarctica';
  }

  function loadCountries(url) {
    if (!countriesCache[url]) {
      countriesCache[url] = fetchJson(url).then(function (topology) {
        if (!topology || !topology.objects || !topology.objects.countries) {
          throw new Error('No objects.countries in ' + url);
        }
        var collection = window.topojson.feature(topology, topology.objects.countries);
        var features = (collection.features || [])
          .filter(function (f) { return f.geometry && !isAntarctica(f); })
          .map(function (f) {
            return {
              type: 'Feature',
              id: f.id,
              properties: f.properties || {},
              geometry: fixGeometry(f.geometry)
            };
          });
        return { type: 'FeatureCollection', features: features };
      });
    }
    return countriesCache[url];
  }

  function drawCountries(map, geojson) {
    return window.L.geoJSON(geojson, {
      style: function () { return COUNTRY_STYLE; },
      interactive: false
    }).addTo(map);
  }

  // --- helpers -----------------------------------------------------------

  function toNumber(value) {
    if (value === null || value === undefined || value === '') { return NaN; }
    return Number(String(value).replace(',', '.'));
  }

  function validLatLon(lat, lon) {
    return Number.isFinite(lat) && Number.isFinite(lon) &&
      lat >= -90 && lat <= 90 && lon >= -180 && lon <= 360;
  }

  // Only same-site paths or http(s) URLs go into an href; an absolute URL of this site
  // becomes its path (the API's GeoJSON gives absolute profile URLs).
  function safeUrl(url) {
    if (typeof url !== 'string' || url === '') { return null; }
    if (url.charAt(0) === '/' && url.charAt(1) !== '/' && url.charAt(1) !== '\\') { return url; }
    try {
      var parsed = new URL(url, window.location.href);
      if (parsed.origin === window.location.origin) {
        return parsed.pathname + parsed.search + parsed.hash;
      }
      if (parsed.protocol === 'http:' || parsed.protocol === 'https:') { return parsed.href; }
    } catch (e) {
      return null;
    }
    return null;
  }

  function markerIcon(region) {
    var regionClass = REGION_CLASSES[region] || '';
    return window.L.divIcon({
      className: 'city-marker' + (regionClass ? ' ' + regionClass : ''),
      html: '',
      iconSize: [16, 16],
      iconAnchor: [8, 8],
      popupAnchor: [0, -8]
    });
  }

  function focusWithoutScroll(el) {
    if (!el) { return; }
    try {
      // preventScroll: focusing inside Leaflet's panes must not scroll the
      // (overflow: hidden) map container or the page.
      el.focus({ preventScroll: true });
    } catch (e) {
      el.focus();
    }
  }

  function createMap(el, options) {
    var L = window.L;
    var map = L.map(el, Object.assign({
      worldCopyJump: false,
      minZoom: 0,
      maxZoom: 10,
      zoomSnap: 0.25,
      zoomDelta: 1,
      attributionControl: false,
      zoomControl: false
    }, options || {}));
    // The controls start where the page's lines start: on the right in Arabic. Their
    // labels are the page's (data-zoom-in-label, data-zoom-out-label).
    var rtl = document.documentElement.getAttribute('dir') === 'rtl';
    L.control.zoom({
      position: rtl ? 'topright' : 'topleft',
      zoomInTitle: el.getAttribute('data-zoom-in-label') || 'Zoom in',
      zoomOutTitle: el.getAttribute('data-zoom-out-label') || 'Zoom out'
    }).addTo(map);
    var attribution = L.control.attribution({
      position: rtl ? 'bottomleft' : 'bottomright',
      prefix: '<a href="https://leafletjs.com">Leaflet</a>'
    }).addTo(map);
    var text = el.getAttribute('data-attribution');
    if (text) {
      // Leaflet inserts attributions as HTML: escape the attribute's text.
      attribution.addAttribution(escapeHtml(text));
    }
    map.fitBounds(WORLD_BOUNDS, { animate: false });
    return map;
  }

  function showError(el, map, err) {
    if (window.console && console.error) {
      console.error('city-map:', err);
    }
    if (map) {
      try { map.remove(); } catch (e) { /* already gone */ }
    }
    while (el.firstChild) { el.removeChild(el.firstChild); }
    // Undo what Leaflet left on the container (classes, tabindex).
    Array.prototype.slice.call(el.classList).forEach(function (cls) {
      if (cls.indexOf('leaflet-') === 0) { el.classList.remove(cls); }
    });
    var tabindex = el.getAttribute('data-city-map-tabindex');
    if (tabindex === null || tabindex === '') {
      el.removeAttribute('tabindex');
    } else {
      el.setAttribute('tabindex', tabindex);
    }
    el.classList.add('city-map--error');
    el.removeAttribute('aria-busy');
    el.setAttribute('data-error', 'true');
    el.setAttribute('data-ready', 'false');
    var p = document.createElement('p');
    p.className = 'city-map__error';
    p.setAttribute('role', 'status');
    p.textContent = el.getAttribute('data-error-message') || DEFAULT_ERROR;
    el.appendChild(p);
  }

  // --- directory map -----------------------------------------------------

  function buildPopupContent(city) {
    var wrap = document.createElement('div');
    wrap.className = 'city-map__popup';

    var title = document.createElement('p');
    title.className = 'city-map__popup-title';
    var href = safeUrl(city.url);
    var link;
    if (href) {
      link = document.createElement('a');
      link.href = href;
      link.className = 'city-map__popup-link';
      link.textContent = city.name;
      title.appendChild(link);
    } else {
      title.textContent = city.name;
    }
    // A name shown in another language than the page's (English where the city has no
    // name in the page's language) says so, and is isolated from the text around it.
    if (typeof city.nameLang === 'string' && city.nameLang !== '' &&
        city.nameLang !== document.documentElement.lang) {
      (link || title).lang = city.nameLang;
    }
    wrap.appendChild(title);

    var meta = [city.country, city.region].filter(function (s) {
      return typeof s === 'string' && s.trim() !== '';
    });
    if (meta.length) {
      var p = document.createElement('p');
      p.className = 'city-map__popup-meta';
      p.textContent = meta.join(' · ');
      wrap.appendChild(p);
    }
    return { element: wrap, link: link || null };
  }

  function focusableIn(container) {
    return Array.prototype.filter.call(
      container.querySelectorAll('a[href], button, [tabindex]:not([tabindex="-1"])'),
      function (node) { return !node.hasAttribute('disabled'); }
    );
  }

  function setUpPopup(map, el) {
    var L = window.L;
    var popup = L.popup({
      maxWidth: 280,
      minWidth: 120,
      autoPanPadding: L.point(24, 24),
      closeButton: true,
      // The tip sits just above the 16px dot.
      offset: L.point(0, -2),
      className: 'city-map__popup-wrapper'
    });
    var state = { marker: null, focusInside: false, popupEl: null };

    function markerElements() {
      return Array.prototype.slice.call(el.querySelectorAll('.leaflet-marker-pane .city-marker'));
    }

    function onPopupKeydown(ev) {
      if (ev.key === 'Escape' || ev.key === 'Esc') {
        ev.preventDefault();
        ev.stopPropagation();
        var marker = state.marker;
        map.closePopup(popup);
        if (marker) { focusWithoutScroll(marker.getElement()); }
        return;
      }
      if (ev.key !== 'Tab' || !state.marker) { return; }
      // Keep the Tab order along the markers: Shift+Tab from the first item
      // goes back to the marker, Tab from the last goes to the next marker.
      var items = focusableIn(state.popupEl);
      if (!items.length) { return; }
      var current = state.marker.getElement();
      if (ev.shiftKey && document.activeElement === items[0]) {
        ev.preventDefault();
        focusWithoutScroll(current);
      } else if (!ev.shiftKey && document.activeElement === items[items.length - 1]) {
        var all = markerElements();
        var next = all[all.indexOf(current) + 1];
        if (next) {
          ev.preventDefault();
          focusWithoutScroll(next);
        }
      }
    }

    map.on('popupopen', function (e) {
      if (e.popup !== popup) { return; }
      var popupEl = popup.getElement();
      state.popupEl = popupEl;
      if (popupEl && !popupEl.hasAttribute('data-city-map-keys')) {
        popupEl.setAttribute('data-city-map-keys', '1');
        popupEl.addEventListener('keydown', onPopupKeydown);
        popupEl.addEventListener('focusin', function () { state.focusInside = true; });
        popupEl.addEventListener('focusout', function (ev) {
          if (ev.relatedTarget && !popupEl.contains(ev.relatedTarget)) {
            state.focusInside = false;
          }
        });
      }
    });

    map.on('popupclose', function (e) {
      if (e.popup !== popup) { return; }
      var marker = state.marker;
      var active = document.activeElement;
      var popupEl = state.popupEl;
      var lost = !active || active === document.body || (popupEl && popupEl.contains(active));
      if (state.focusInside && lost && marker && marker.getElement()) {
        // Closed with the keyboard (close button or Escape): give focus back.
        focusWithoutScroll(marker.getElement());
      }
      state.focusInside = false;
      state.marker = null;
    });

    function open(marker, city, viaKeyboard) {
      var isOpen = map.hasLayer(popup) && state.marker === marker;
      var content = isOpen ? null : buildPopupContent(city);
      if (!isOpen) {
        state.marker = marker;
        popup.setLatLng(marker.getLatLng()).setContent(content.element);
        map.openPopup(popup);
      }
      if (viaKeyboard) {
        var link = state.popupEl && state.popupEl.querySelector('.city-map__popup-link');
        var target = link || (state.popupEl && focusableIn(state.popupEl)[0]);
        focusWithoutScroll(target);
      }
    }

    return { open: open, popup: popup, state: state };
  }

  // A GeoJSON Point feature as the map's city: {slug, name, url, lat, lon, country, region}.
  function cityFromFeature(feature) {
    if (!feature || feature.type !== 'Feature' || !feature.geometry ||
        feature.geometry.type !== 'Point' || !Array.isArray(feature.geometry.coordinates)) {
      return null;
    }
    var p = feature.properties || {};
    return {
      slug: p.slug,
      name: p.name,
      nameLang: p.name_language,
      url: p.profile_url,
      lon: feature.geometry.coordinates[0],
      lat: feature.geometry.coordinates[1],
      country: p.country_name,
      region: p.region_name,
      region_code: p.region
    };
  }

  // The compact document of the directory's map (format "gnlc-map-points/2"): a column per
  // field (data.cities.slug[i], .longitude[i] ... are city i's), coordinates as whole
  // units of 1/coordinate_scale degree, each country's name and region and each region's
  // name given once, the positions of the names shown in English (on a page in another
  // language) listed apart.
  function citiesOfDocument(data) {
    var columns = data.cities;
    var slugs = columns.slug;
    var scale = data.coordinate_scale > 0 ? data.coordinate_scale : 1;
    var countries = data.countries || {};
    var countryRegions = data.country_regions || {};
    var regions = data.regions || {};
    var profile = typeof data.profile_url === 'string' ? data.profile_url : '';
    var inEnglish = Object.create(null);
    (Array.isArray(data.names_in_english) ? data.names_in_english : []).forEach(function (i) {
      inEnglish[i] = true;
    });
    var cities = [];
    for (var i = 0; i < slugs.length; i++) {
      var slug = slugs[i];
      var country = columns.country[i];
      var region = countryRegions[country] || '';
      var lon = columns.longitude[i];
      var lat = columns.latitude[i];
      cities.push({
        slug: slug,
        name: columns.name[i],
        nameLang: inEnglish[i] ? 'en' : '',  // empty: the page's language
        url: profile && typeof slug === 'string' ? profile.replace('{slug}', encodeURIComponent(slug)) : null,
        lon: typeof lon === 'number' ? lon / scale : null,
        lat: typeof lat === 'number' ? lat / scale : null,
        country: countries[country] || '',
        region: regions[region] || '',
        region_code: region
      });
    }
    return cities;
  }

  function isDocument(data) {
    var columns = data && data.cities;
    return data && data.format === 'gnlc-map-points/2' && columns && !Array.isArray(columns) &&
      ['slug', 'longitude', 'latitude', 'name', 'country'].every(function (field) {
        return Array.isArray(columns[field]) && columns[field].length === columns.slug.length;
      });
  }

  function citiesOf(data) {
    if (isDocument(data)) {
      return citiesOfDocument(data);
    }
    if (data && data.type === 'FeatureCollection' && Array.isArray(data.features)) {
      return data.features.map(cityFromFeature);
    }
    if (Array.isArray(data)) { return data; }
    return data && Array.isArray(data.cities) ? data.cities : [];
  }

  function clusterLabel(el, count) {
    var text = el.getAttribute('data-cluster-label');
    return text ? String(count) + ' ' + text : String(count);
  }

  // Clusters are markers too: give each drawn one a name and a role, once.
  function labelClusters(el) {
    Array.prototype.forEach.call(
      el.querySelectorAll('.leaflet-marker-pane .marker-cluster:not([aria-label])'),
      function (icon) {
        var count = icon.textContent.trim();
        icon.setAttribute('role', 'button');
        icon.setAttribute('aria-label', clusterLabel(el, count));
        icon.removeAttribute('title');
      }
    );
  }

  function makeLayer(map, el, count) {
    var L = window.L;
    if (count <= CLUSTER_FROM || typeof L.markerClusterGroup !== 'function') {
      return L.layerGroup().addTo(map);
    }
    var layer = L.markerClusterGroup({
      showCoverageOnHover: false,
      spiderfyOnMaxZoom: true,
      maxClusterRadius: 44,
      iconCreateFunction: function (cluster) {
        var n = cluster.getChildCount();
        var size = n < 10 ? 'small' : (n < 100 ? 'medium' : 'large');
        return L.divIcon({
          html: '<span>' + n + '</span>',
          className: 'marker-cluster marker-cluster-' + size,
          iconSize: L.point(40, 40)
        });
      }
    });
    layer.on('animationend spiderfied', function () { labelClusters(el); });
    map.on('zoomend moveend', function () { labelClusters(el); });
    // Enter or Space on a focused cluster zooms in, like a click.
    el.addEventListener('keydown', function (ev) {
      var target = ev.target;
      if (!target.classList || !target.classList.contains('marker-cluster')) { return; }
      if (ev.key === 'Enter' || ev.key === ' ' || ev.key === 'Spacebar') {
        ev.preventDefault();
        target.click();
      }
    });
    layer.addTo(map);
    return layer;
  }

  function decorateMarker(marker, city, map, popupControl) {
    var icon = marker.getElement();
    if (!icon || icon.hasAttribute('data-slug')) { return; }
    icon.setAttribute('aria-label', city.name);
    icon.setAttribute('data-slug', String(city.slug || ''));
    icon.addEventListener('keydown', function (ev) {
      if (ev.key === 'Enter' || ev.key === ' ' || ev.key === 'Spacebar') {
        // preventDefault also stops the keypress that Leaflet listens to.
        ev.preventDefault();
        ev.stopPropagation();
        popupControl.open(marker, city, true);
      } else if ((ev.key === 'Escape' || ev.key === 'Esc') && popupControl.state.marker === marker) {
        ev.preventDefault();
        map.closePopup(popupControl.popup);
      }
    });
  }

  function drawPoints(map, el, data) {
    var L = window.L;
    var cities = citiesOf(data).filter(function (city) {
      return city && validLatLon(toNumber(city.lat), toNumber(city.lon)) &&
        typeof city.name === 'string' && city.name !== '';
    });
    var popupControl = setUpPopup(map, el);
    var latlngs = [];
    var layer = makeLayer(map, el, cities.length);
    var markers = [];

    cities.forEach(function (city) {
      var lat = toNumber(city.lat);
      var lon = toNumber(city.lon);
      var marker = L.marker([lat, lon], {
        icon: markerIcon(city.region_code),
        keyboard: true,
        title: city.name,
        alt: city.name,
        riseOnHover: true
      });
      marker.on('click', function () { popupControl.open(marker, city, false); });
      // A clustered marker has no element until it is drawn: name it each time it is.
      marker.on('add', function () { decorateMarker(marker, city, map, popupControl); });
      markers.push(marker);
      latlngs.push([lat, lon]);
    });
    if (latlngs.length === 1) {
      map.setView(latlngs[0], 5, { animate: false });
    } else if (latlngs.length > 1) {
      map.fitBounds(L.latLngBounds(latlngs), { paddingTopLeft: [32, 32], paddingBottomRight: [32, 44], maxZoom: 6, animate: false });
    } else {
      map.fitBounds(WORLD_BOUNDS, { animate: false });
    }
    // Added once the view is set, so the clusters are made for the final zoom (no animation
    // from a first clustering at another zoom).
    if (typeof layer.addLayers === 'function') {
      layer.addLayers(markers);
    } else {
      markers.forEach(function (marker) { marker.addTo(layer); });
    }
    labelClusters(el);
    el.setAttribute('data-points-drawn', String(latlngs.length));
    return latlngs.length;
  }

  function initDirectoryMap(el) {
    var map = createMap(el, {});
    var countriesUrl = el.getAttribute('data-countries-url');
    var pointsUrl = el.getAttribute('data-points-url');
    var countries = countriesUrl ? loadCountries(countriesUrl) : Promise.resolve(null);
    var points = fetchJson(pointsUrl);

    return Promise.all([countries, points]).then(function (results) {
      if (results[0]) { drawCountries(map, results[0]); }
      drawPoints(map, el, results[1]);
      el.removeAttribute('aria-busy');
      el.setAttribute('data-ready', 'true');
    }).catch(function (err) {
      showError(el, map, err);
    });
  }

  // --- single-city mini map ----------------------------------------------

  function initMiniMap(el) {
    var L = window.L;
    var lat = toNumber(el.getAttribute('data-lat'));
    var lon = toNumber(el.getAttribute('data-lon'));
    if (!validLatLon(lat, lon)) {
      showError(el, null, new Error('Invalid data-lat / data-lon'));
      return Promise.resolve();
    }
    var name = el.getAttribute('data-name') || '';
    var map = createMap(el, { scrollWheelZoom: false });
    map.setView([lat, lon], 5, { animate: false });
    var countriesUrl = el.getAttribute('data-countries-url');
    var countries = countriesUrl ? loadCountries(countriesUrl) : Promise.resolve(null);

    return countries.then(function (geojson) {
      if (geojson) { drawCountries(map, geojson); }
      // Nothing to do on the marker: it is neither focusable nor clickable.
      var marker = L.marker([lat, lon], {
        icon: markerIcon(),
        keyboard: false,
        interactive: false,
        title: name,
        alt: name
      }).addTo(map);
      var icon = marker.getElement();
      if (icon && name) {
        icon.setAttribute('role', 'img');
        icon.setAttribute('aria-label', name);
      }
      el.removeAttribute('aria-busy');
      el.setAttribute('data-ready', 'true');
    }).catch(function (err) {
      showError(el, map, err);
    });
  }

  // --- start -------------------------------------------------------------

  function initElement(el) {
    if (el.hasAttribute('data-city-map-init')) { return; }
    el.setAttribute('data-city-map-init', '1');
    el.setAttribute('data-city-map-tabindex', el.getAttribute('tabindex') || '');
    if (!window.L || !window.topojson) {
      showError(el, null, new Error('Leaflet or topojson-client is not loaded'));
      return;
    }
    el.setAttribute('aria-busy', 'true');
    try {
      if (el.hasAttribute('data-points-url')) {
        initDirectoryMap(el);
      } else if (el.hasAttribute('data-lat') && el.hasAttribute('data-lon')) {
        initMiniMap(el);
      } else {
        showError(el, null, new Error('city-map needs data-points-url or data-lat/data-lon'));
      }
    } catch (err) {
      showError(el, null, err);
    }
  }

  // The text list under the map is folded in a <details>: open where the screen is wide
  // enough (data-open-from, in px), and whenever a link leads into it ("Skip the map").
  function setUpFoldedLists() {
    Array.prototype.forEach.call(document.querySelectorAll('details[data-open-from]'), function (details) {
      var width = Number(details.getAttribute('data-open-from'));
      if (window.matchMedia && window.matchMedia('(min-width: ' + width + 'px)').matches) {
        details.open = true;
      }
    });
    function openTarget() {
      var id = window.location.hash.slice(1);
      var target = id && document.getElementById(id);
      var details = target && target.closest && target.closest('details');
      if (details && !details.open) {
        details.open = true;
        target.focus();
      }
    }
    window.addEventListener('hashchange', openTarget);
    document.addEventListener('click', function (ev) {
      var link = ev.target.closest && ev.target.closest('a[href^="#"]');
      if (link) { setTimeout(openTarget, 0); }
    });
    openTarget();
  }

  function initAll() {
    setUpFoldedLists();
    Array.prototype.forEach.call(document.querySelectorAll('.city-map'), initElement);
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', initAll);
  } else {
    initAll();
  }
})();
