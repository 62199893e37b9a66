// Admin, city form: a button beside the coordinates that asks the offline gazetteer
// (GeoNames) for places matching the name and country, and fills in the chosen one.
(function () {
  "use strict";

  // Django's admin loads its JavaScript catalog (jsi18n) on change forms.
  var gettext = window.gettext || function (text) { return text; };
  var interpolate = window.interpolate || function (format, args) {
    return format.replace(/%\(\w+\)s/g, function (match) {
      return args[match.slice(2, -2)];
    });
  };

  function $(id) {
    return document.getElementById(id);
  }

  function init() {
    var lat = $("id_latitude");
    var lon = $("id_longitude");
    var name = $("id_name_en");
    var country = $("id_country");
    if (!lat || !lon || !name || !country) {
      return;
    }
    var url = window.location.pathname.replace(/(add|\d+\/change)\/?$/, "") + "suggest-coordinates/";
    var box = document.createElement("div");
    box.className = "coordinate-suggestions";
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button";
    button.textContent = gettext("Suggest coordinates from the name and country");
    var status = document.createElement("p");
    status.setAttribute("role", "status");
    var list = document.createElement("ul");
    box.appendChild(button);
    box.appendChild(status);
    box.appendChild(list);
    lon.closest(".form-row").after(box);

    button.addEventListener("click", function () {
      list.textContent = "";
      status.textContent = "…";
      var query = new URLSearchParams({ name: name.value, country: country.value });
      fetch(url + "?" + query.toString(), { credentials: "same-origin" })
        .then(function (response) {
          return response.json();
        })
        .then(function (data) {
          if (data.error) {
            status.textContent = data.error;
            return;
          }
          status.textContent = interpolate(
            data.places.length
              ? gettext("Places found (%(source)s):")
              : gettext("No place found (%(source)s)."),
            { source: data.attribution },
            true
          );
          data.places.forEach(function (place) {
            var item = document.createElement("li");
            var choose = document.createElement("button");
            choose.type = "button";
            choose.className = "button";
            choose.textContent = interpolate(
              gettext("%(name)s — %(lat)s, %(lon)s (population %(population)s)"),
              {
                name: place.name,
                lat: place.latitude,
                lon: place.longitude,
                population: place.population,
              },
              true
            );
            choose.addEventListener("click", function () {
              lat.value = place.latitude;
              lon.value = place.longitude;
              status.textContent = interpolate(gettext("Filled in: %(name)s"), { name: place.name }, true);
            });
            item.appendChild(choose);
            list.appendChild(item);
          });
        })
        .catch(function () {
          status.textContent = gettext("The suggestion service did not answer.");
        });
    });
  }

  document.addEventListener("DOMContentLoaded", init);
})();
