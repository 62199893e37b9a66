// Admin export form: the "Select all" box ticks or clears every field to export.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var toggle = document.querySelector(".export-select-all");
    if (!toggle) {
      return;
    }
    var boxes = document.querySelectorAll('.export-field-list input[type="checkbox"]');
    toggle.addEventListener("change", function () {
      boxes.forEach(function (box) {
        box.checked = toggle.checked;
      });
    });
  });
})();
